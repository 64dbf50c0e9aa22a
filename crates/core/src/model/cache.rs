//! The conversation cache (sdk-api §4.6): which subscriptions reference a conversation, and
//! when an unreferenced conversation is dropped.
//!
//! A conversation stays while any subscription references it. A `DELETE` notification
//! releases that subscription's reference after [`CacheConfig::delete_release_ms`] (5 s); once
//! nothing references it, it is dropped [`CacheConfig::cache_duration_ms`] later (10 min), so
//! closed conversations stay reachable for a while. Time only moves when the driver says so:
//! [`super::Model::next_expiry`] tells when to call [`super::Model::expire`].

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::time::Time;
use crate::vec_map::VecMap;

/// Identifies a subscription for reference counting: any stable key the connection chooses
/// (it should stay the same when the subscription is re-created after a reconnect, or the
/// connection calls [`super::Model::rename_subscription`]).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct SubscriptionKey(pub String);

impl From<&str> for SubscriptionKey {
    fn from(s: &str) -> Self {
        SubscriptionKey(s.to_owned())
    }
}

impl From<String> for SubscriptionKey {
    fn from(s: String) -> Self {
        SubscriptionKey(s)
    }
}

/// A numeric handle (e.g. the connection's subscription handle), as its decimal text.
impl From<u64> for SubscriptionKey {
    fn from(n: u64) -> Self {
        SubscriptionKey(n.to_string())
    }
}

/// Cache timing (sdk-api §2 `conversationsCacheDuration`, §4.6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CacheConfig {
    /// How long after a `DELETE` a subscription lets go of the conversation (5 000 ms).
    pub delete_release_ms: u64,
    /// How long an unreferenced conversation stays (`conversationsCacheDuration`, 600 000 ms).
    pub cache_duration_ms: u64,
    /// How long a ring in a final state (or deleted) stays after its expiry time (60 000 ms).
    pub ring_retention_ms: u64,
    /// How long messaging events for a dialog not known yet are kept, waiting for the
    /// conversation notification that describes it (60 000 ms).
    pub pending_ttl_ms: u64,
    /// At most this many such events are kept (10 000); beyond that they are reported as errors.
    pub pending_max: usize,
}

impl Default for CacheConfig {
    fn default() -> Self {
        CacheConfig {
            delete_release_ms: 5_000,
            cache_duration_ms: 600_000,
            ring_retention_ms: 60_000,
            pending_ttl_ms: 60_000,
            pending_max: 10_000,
        }
    }
}

/// Reference state of one conversation.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Entry {
    /// Subscriptions holding the conversation.
    pub refs: Refs,
    /// References to let go of at a time (after a `DELETE`): nearly always none or one.
    pub releases: VecMap<SubscriptionKey, Time>,
    /// When the last reference went (or the conversation arrived without a subscription).
    pub unreferenced_since: Option<Time>,
    /// Loaded by the application (`loadConversation`): kept until unloaded.
    pub pinned: bool,
}

/// The subscriptions holding one conversation, sorted: nearly always one or two, so a vector of
/// exact size (24 B a key) rather than a tree set, whose first node alone is ~300 B for every
/// cached conversation.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Refs(Vec<SubscriptionKey>);

impl Refs {
    /// Adds `key`; `false` if it was there.
    pub fn insert(&mut self, key: SubscriptionKey) -> bool {
        match self.0.binary_search(&key) {
            Ok(_) => false,
            Err(i) => {
                self.0.reserve_exact(1);
                self.0.insert(i, key);
                true
            }
        }
    }

    /// Removes `key`; `false` if it was not there.
    pub fn remove(&mut self, key: &SubscriptionKey) -> bool {
        match self.0.binary_search(key) {
            Ok(i) => {
                self.0.remove(i);
                true
            }
            Err(_) => false,
        }
    }

    /// `true` if `key` holds the conversation.
    pub fn contains(&self, key: &SubscriptionKey) -> bool {
        self.0.binary_search(key).is_ok()
    }

    /// `true` if nothing holds the conversation.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The keys, in order.
    pub fn iter(&self) -> impl Iterator<Item = &SubscriptionKey> {
        self.0.iter()
    }
}

impl Entry {
    /// Adds a reference (cancelling a pending release by the same subscription).
    pub fn hold(&mut self, key: &SubscriptionKey) {
        self.releases.remove(key);
        self.refs.insert(key.clone());
        self.unreferenced_since = None;
    }

    /// Lets go of a reference now.
    pub fn release(&mut self, key: &SubscriptionKey, now: Time) {
        self.releases.remove(key);
        if self.refs.remove(key) && self.refs.is_empty() {
            self.unreferenced_since = Some(now);
        }
    }

    /// Activity with no subscription (webhooks, a null connection): restart the idle clock
    /// unless a subscription holds the conversation.
    pub fn touch(&mut self, now: Time) {
        if self.refs.is_empty() {
            self.unreferenced_since = Some(now);
        }
    }

    /// The earliest time something happens to this entry.
    pub fn next_deadline(&self, cfg: &CacheConfig) -> Option<Time> {
        let release = self.releases.values().min().copied();
        let drop = if self.pinned {
            None
        } else {
            self.unreferenced_since
                .map(|t| t.plus_ms(cfg.cache_duration_ms))
        };
        match (release, drop) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Applies due releases; returns `true` if the conversation should now be dropped.
    pub fn expire(&mut self, now: Time, cfg: &CacheConfig) -> bool {
        let due: Vec<SubscriptionKey> = self
            .releases
            .iter()
            .filter(|(_, t)| **t <= now)
            .map(|(k, _)| k.clone())
            .collect();
        for key in due {
            let at = self.releases.get(&key).copied().unwrap_or(now);
            self.release(&key, at);
        }
        !self.pinned
            && self.refs.is_empty()
            && self
                .unreferenced_since
                .is_some_and(|t| t.plus_ms(cfg.cache_duration_ms) <= now)
    }
}

/// Every cached conversation's [`Entry`] plus an index of their deadlines, so that the next
/// deadline is found without visiting every entry: both drivers ask for it after every input,
/// and a busy brand bot holds thousands of conversations.
///
/// Entries change only through [`EntryMut`] (or the whole-cache methods), which keep the index
/// in step with [`Entry::next_deadline`].
#[derive(Debug, Clone)]
pub(crate) struct Cache {
    config: CacheConfig,
    /// Boxed: every `BTreeMap<String, Box<_>>` compiles to the same code, which the wasm
    /// build keeps once (wasm-opt folds identical functions).
    entries: BTreeMap<String, Box<Entry>>,
    /// `(deadline, conversation id)` of every entry that has a deadline.
    deadlines: BTreeSet<(Time, String)>,
}

impl Cache {
    /// An empty cache with this timing.
    pub fn new(config: CacheConfig) -> Cache {
        Cache {
            config,
            entries: BTreeMap::new(),
            deadlines: BTreeSet::new(),
        }
    }

    /// One conversation's entry.
    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.entries.get(id).map(|e| &**e)
    }

    /// Every entry, by conversation id.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Entry)> {
        self.entries.iter().map(|(id, e)| (id, &**e))
    }

    /// The entry of `id`, created empty if missing; the index follows when the guard drops.
    pub fn entry<'a>(&'a mut self, id: &'a str) -> EntryMut<'a> {
        if !self.entries.contains_key(id) {
            self.entries.insert(id.to_owned(), Box::default());
        }
        self.get_mut(id)
            .unwrap_or_else(|| unreachable!("inserted above"))
    }

    /// The entry of `id` if cached; the index follows when the guard drops.
    pub fn get_mut<'a>(&'a mut self, id: &'a str) -> Option<EntryMut<'a>> {
        let entry = self.entries.get_mut(id)?;
        let old = entry.next_deadline(&self.config);
        Some(EntryMut {
            id,
            entry,
            old,
            config: &self.config,
            deadlines: &mut self.deadlines,
        })
    }

    /// Forgets a conversation.
    pub fn remove(&mut self, id: &str) {
        if let Some(e) = self.entries.remove(id)
            && let Some(t) = e.next_deadline(&self.config)
        {
            self.deadlines.remove(&(t, id.to_owned()));
        }
    }

    /// Changes every entry (rare, whole-cache operations: a subscription removed or renamed),
    /// then rebuilds the index.
    pub fn update_all(&mut self, mut f: impl FnMut(&mut Entry)) {
        self.entries.values_mut().for_each(|e| f(e));
        self.deadlines = self
            .entries
            .iter()
            .filter_map(|(id, e)| Some((e.next_deadline(&self.config)?, id.clone())))
            .collect();
    }

    /// The earliest deadline of any entry.
    pub fn next_deadline(&self) -> Option<Time> {
        self.deadlines.first().map(|(t, _)| *t)
    }

    /// Applies the due releases of every entry whose deadline has come; returns the ids of
    /// the conversations now to be dropped (still cached: the caller removes them).
    pub fn expire(&mut self, now: Time) -> Vec<String> {
        let due: Vec<String> = self
            .deadlines
            .iter()
            .take_while(|(t, _)| *t <= now)
            .map(|(_, id)| id.clone())
            .collect();
        let config = self.config;
        due.into_iter()
            .filter(|id| self.get_mut(id).is_some_and(|mut e| e.expire(now, &config)))
            .collect()
    }

    #[cfg(test)]
    fn index_matches(&self) -> bool {
        let rebuilt: BTreeSet<(Time, String)> = self
            .entries
            .iter()
            .filter_map(|(id, e)| Some((e.next_deadline(&self.config)?, id.clone())))
            .collect();
        rebuilt == self.deadlines
    }
}

/// A cache entry borrowed for change; re-indexes its deadline when dropped.
pub(crate) struct EntryMut<'a> {
    id: &'a str,
    entry: &'a mut Entry,
    old: Option<Time>,
    config: &'a CacheConfig,
    deadlines: &'a mut BTreeSet<(Time, String)>,
}

impl std::ops::Deref for EntryMut<'_> {
    type Target = Entry;
    fn deref(&self) -> &Entry {
        self.entry
    }
}

impl std::ops::DerefMut for EntryMut<'_> {
    fn deref_mut(&mut self) -> &mut Entry {
        self.entry
    }
}

impl Drop for EntryMut<'_> {
    fn drop(&mut self) {
        let new = self.entry.next_deadline(self.config);
        if new == self.old {
            return;
        }
        if let Some(t) = self.old {
            self.deadlines.remove(&(t, self.id.to_owned()));
        }
        if let Some(t) = new {
            self.deadlines.insert((t, self.id.to_owned()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(s: &str) -> SubscriptionKey {
        SubscriptionKey::from(s)
    }

    #[test]
    fn the_index_follows_every_change_and_gives_the_earliest_deadline() {
        let cfg = CacheConfig::default();
        let mut cache = Cache::new(cfg);
        assert_eq!(cache.next_deadline(), None);
        // Three conversations: held, unreferenced since 100, unreferenced since 50.
        cache.entry("a").hold(&key("s"));
        cache.entry("b").touch(Time(100));
        cache.entry("c").touch(Time(50));
        assert!(cache.index_matches());
        assert_eq!(
            cache.next_deadline(),
            Some(Time(50 + cfg.cache_duration_ms))
        );

        // A pending release on the held one comes first.
        cache
            .entry("a")
            .releases
            .insert(key("s"), Time(10 + cfg.delete_release_ms));
        assert!(cache.index_matches());
        assert_eq!(
            cache.next_deadline(),
            Some(Time(10 + cfg.delete_release_ms))
        );

        // Held again: no deadline for "c" any more; removing "a" leaves "b".
        cache.entry("c").hold(&key("s"));
        cache.remove("a");
        assert!(cache.index_matches());
        assert_eq!(
            cache.next_deadline(),
            Some(Time(100 + cfg.cache_duration_ms))
        );

        // Whole-cache change: "c" lets go at 200.
        cache.update_all(|e| e.release(&key("s"), Time(200)));
        assert!(cache.index_matches());
        assert_eq!(
            cache.next_deadline(),
            Some(Time(100 + cfg.cache_duration_ms))
        );

        // Expiry visits the due entries only and reports the conversations to drop.
        assert_eq!(
            cache.expire(Time(99 + cfg.cache_duration_ms)),
            Vec::<String>::new()
        );
        assert_eq!(
            cache.expire(Time(100 + cfg.cache_duration_ms)),
            vec!["b".to_owned()]
        );
        cache.remove("b");
        assert!(cache.index_matches());
        assert_eq!(
            cache.next_deadline(),
            Some(Time(200 + cfg.cache_duration_ms))
        );
    }
}
