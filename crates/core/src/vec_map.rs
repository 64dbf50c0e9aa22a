//! [`VecMap`]: a small ordered map kept as a sorted vector.
//!
//! The core keeps many small maps of things in flight (HTTP exchanges, look-ups, retried
//! commands, early responses, per-service caches). As `BTreeMap`s each key/value pair links
//! its own copy of the B-tree code (~6 KB of wasm apiece), which the browser build pays for
//! in download size. A sorted vector needs a few hundred bytes per pair, iterates in key order
//! like a `BTreeMap` (the core's outputs stay deterministic), and for a few entries is as fast.
//!
//! Inserting or removing in the middle moves the entries after it, so this is for maps that
//! stay small (tens, at most a few thousand entries) or whose keys grow (ids handed out in
//! increasing order are appended). Maps over every conversation stay `BTreeMap`s; those keyed
//! by `String` box their values where that is natural, since every `BTreeMap<String, Box<_>>`
//! compiles to the same code and wasm-opt keeps one copy of it.

use std::borrow::Borrow;
use std::fmt;

/// An ordered map over a vector sorted by key, with binary search; see the [module](self)
/// for when to use it instead of a `BTreeMap`.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct VecMap<K, V> {
    /// Sorted by key, no key twice.
    entries: Vec<(K, V)>,
}

impl<K, V> Default for VecMap<K, V> {
    fn default() -> Self {
        VecMap {
            entries: Vec::new(),
        }
    }
}

impl<K: fmt::Debug, V: fmt::Debug> fmt::Debug for VecMap<K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(self.entries.iter().map(|(k, v)| (k, v)))
            .finish()
    }
}

impl<K: Ord, V> VecMap<K, V> {
    /// An empty map (allocates nothing).
    pub(crate) const fn new() -> Self {
        VecMap {
            entries: Vec::new(),
        }
    }

    /// `Ok(index)` of `key`, or `Err(index)` where it would go.
    fn find<Q>(&self, key: &Q) -> Result<usize, usize>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.entries.binary_search_by(|(k, _)| k.borrow().cmp(key))
    }

    /// The value of `key`.
    pub(crate) fn get<Q>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        let i = self.find(key).ok()?;
        Some(&self.entries[i].1)
    }

    /// The value of `key`, for change.
    pub(crate) fn get_mut<Q>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        let i = self.find(key).ok()?;
        Some(&mut self.entries[i].1)
    }

    /// `true` if `key` is in the map.
    pub(crate) fn contains_key<Q>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.find(key).is_ok()
    }

    /// Sets `key` to `value`; returns the value it replaced.
    pub(crate) fn insert(&mut self, key: K, value: V) -> Option<V> {
        match self.find(&key) {
            Ok(i) => Some(std::mem::replace(&mut self.entries[i].1, value)),
            Err(i) => {
                self.entries.insert(i, (key, value));
                None
            }
        }
    }

    /// The value of `key`, first set to `default()` when missing (`BTreeMap`'s
    /// `entry(key).or_insert_with(default)`).
    pub(crate) fn get_or_insert_with(&mut self, key: K, default: impl FnOnce() -> V) -> &mut V {
        let i = match self.find(&key) {
            Ok(i) => i,
            Err(i) => {
                self.entries.insert(i, (key, default()));
                i
            }
        };
        &mut self.entries[i].1
    }

    /// Removes `key`; returns its value.
    pub(crate) fn remove<Q>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        let i = self.find(key).ok()?;
        Some(self.entries.remove(i).1)
    }
}

impl<K, V> VecMap<K, V> {
    /// Number of entries.
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    /// `true` when the map holds nothing.
    pub(crate) fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entries in key order.
    pub(crate) fn iter(&self) -> impl DoubleEndedIterator<Item = (&K, &V)> + ExactSizeIterator {
        self.entries.iter().map(|(k, v)| (k, v))
    }

    /// Removes everything.
    pub(crate) fn clear(&mut self) {
        self.entries.clear();
    }

    /// Keeps the entries for which `keep` says `true` (in key order).
    pub(crate) fn retain(&mut self, mut keep: impl FnMut(&K, &mut V) -> bool) {
        self.entries.retain_mut(|(k, v)| keep(k, v));
    }

    /// The entries in key order, values for change.
    pub(crate) fn iter_mut(
        &mut self,
    ) -> impl DoubleEndedIterator<Item = (&K, &mut V)> + ExactSizeIterator {
        self.entries.iter_mut().map(|(k, v)| (&*k, v))
    }

    /// The keys in order.
    pub(crate) fn keys(&self) -> impl DoubleEndedIterator<Item = &K> + ExactSizeIterator {
        self.entries.iter().map(|(k, _)| k)
    }

    /// The values in key order.
    pub(crate) fn values(&self) -> impl DoubleEndedIterator<Item = &V> + ExactSizeIterator {
        self.entries.iter().map(|(_, v)| v)
    }

    /// The values in key order, for change.
    pub(crate) fn values_mut(
        &mut self,
    ) -> impl DoubleEndedIterator<Item = &mut V> + ExactSizeIterator {
        self.entries.iter_mut().map(|(_, v)| v)
    }

    /// The values in key order, taking the map.
    pub(crate) fn into_values(self) -> impl DoubleEndedIterator<Item = V> + ExactSizeIterator {
        self.entries.into_iter().map(|(_, v)| v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_keys_sorted_and_unique_like_a_btree_map() {
        let mut m: VecMap<String, u32> = VecMap::new();
        assert!(m.is_empty());
        for (k, v) in [("b", 2), ("d", 4), ("a", 1), ("c", 3)] {
            assert_eq!(m.insert(k.into(), v), None);
        }
        assert_eq!(m.insert("c".into(), 30), Some(3), "replaces");
        assert_eq!(m.keys().map(String::as_str).collect::<String>(), "abcd");
        assert_eq!(m.values().copied().collect::<Vec<_>>(), [1, 2, 30, 4]);
        assert_eq!(m.len(), 4);
        // Looked up by a borrowed key.
        assert_eq!(m.get("b"), Some(&2));
        assert!(m.contains_key("d") && !m.contains_key("e"));
        *m.get_mut("d").unwrap() += 1;
        *m.get_or_insert_with("e".into(), || 0) += 5;
        *m.get_or_insert_with("a".into(), || 0) += 10;
        assert_eq!(
            m.iter().map(|(k, v)| format!("{k}{v}")).collect::<Vec<_>>(),
            ["a11", "b2", "c30", "d5", "e5"]
        );
        assert_eq!(m.remove("b"), Some(2));
        assert_eq!(m.remove("b"), None);
        m.retain(|k, v| {
            *v += 1;
            k != "c"
        });
        assert_eq!(format!("{m:?}"), r#"{"a": 12, "d": 6, "e": 6}"#);
        m.iter_mut().for_each(|(_, v)| *v += 1);
        m.values_mut().for_each(|v| *v *= 2);
        assert_eq!(m.clone().into_values().collect::<Vec<_>>(), [26, 14, 14]);
        m.clear();
        assert!(m.is_empty() && m == VecMap::default());
    }
}
