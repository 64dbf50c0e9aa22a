//! The rings a connection holds, with an index of when each may be dropped, so that
//! [`super::Model::next_expiry`] (asked after every input by both drivers) never walks every
//! ring: a busy bot keeps each finished ring for a minute.

use std::collections::{BTreeMap, BTreeSet};

use super::ring::Ring;
use crate::time::Time;

/// Rings by id plus `(drop time, ring id)` of every ring that has one.
#[derive(Debug, Clone)]
pub(crate) struct RingTable {
    /// Boxed: every `BTreeMap<String, Box<_>>` compiles to the same code, which the wasm
    /// build keeps once (wasm-opt folds identical functions).
    rings: BTreeMap<String, Box<Ring>>,
    deadlines: BTreeSet<(Time, String)>,
    retention_ms: u64,
}

impl RingTable {
    /// An empty table; finished rings are kept `retention_ms` after they finish.
    pub fn new(retention_ms: u64) -> RingTable {
        RingTable {
            rings: BTreeMap::new(),
            deadlines: BTreeSet::new(),
            retention_ms,
        }
    }

    /// When `r` may be dropped: `retention_ms` after it finished or, for a ring still waiting,
    /// after its expiry (it lost its final notification; a long-running bot must not collect
    /// them).
    fn deadline(&self, r: &Ring) -> Option<Time> {
        let since = r.finished_at.or(r.ring_expiration_ts.map(Time))?;
        Some(since.plus_ms(self.retention_ms))
    }

    /// A ring by id.
    pub fn get(&self, ring_id: &str) -> Option<&Ring> {
        self.rings.get(ring_id).map(|r| &**r)
    }

    /// Every ring, ordered by id.
    pub fn values(&self) -> impl ExactSizeIterator<Item = &Ring> {
        self.rings.values().map(|r| &**r)
    }

    /// Adds or replaces a ring; returns the one it replaced.
    pub fn insert(&mut self, ring: Ring) -> Option<Ring> {
        let id = ring.ring_id.clone();
        if let Some(t) = self.deadline(&ring) {
            self.deadlines.insert((t, id.clone()));
        }
        let before = self.rings.insert(id.clone(), Box::new(ring))?;
        self.unindex(&before, &id);
        Some(*before)
    }

    /// Marks the ring finished at `now` unless it already was.
    pub fn finish(&mut self, ring_id: &str, now: Time) {
        let Some(ring) = self.rings.get(ring_id) else {
            return;
        };
        if ring.finished_at.is_some() {
            return;
        }
        let mut ring = Ring::clone(ring);
        ring.finished_at = Some(now);
        self.insert(ring);
    }

    /// Ids of the rings a routing task carried.
    pub fn of_task(&self, routing_task_id: &str) -> Vec<String> {
        self.rings
            .values()
            .filter(|r| r.routing_task_id.as_deref() == Some(routing_task_id))
            .map(|r| r.ring_id.clone())
            .collect()
    }

    /// The earliest drop time of any ring.
    pub fn next_deadline(&self) -> Option<Time> {
        self.deadlines.first().map(|(t, _)| *t)
    }

    /// Removes the rings whose drop time has come; returns their ids.
    pub fn take_due(&mut self, now: Time) -> Vec<String> {
        let mut due = Vec::new();
        while let Some((t, id)) = self.deadlines.first().cloned() {
            if t > now {
                break;
            }
            self.deadlines.pop_first();
            self.rings.remove(&id);
            due.push(id);
        }
        due
    }

    fn unindex(&mut self, old: &Ring, id: &str) {
        if let Some(t) = self.deadline(old) {
            // The new ring may have the same deadline: keep the entry then.
            let same = self
                .rings
                .get(id)
                .and_then(|r| self.deadline(r))
                .is_some_and(|n| n == t);
            if !same {
                self.deadlines.remove(&(t, id.to_owned()));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::RingState;

    fn ring(id: &str, task: &str, expires: u64) -> Ring {
        Ring {
            ring_id: id.into(),
            ring_state: RingState::Waiting,
            ring_expiration_ts: Some(expires),
            ring_expiration: None,
            weight: None,
            brand_id: None,
            conversation_id: "c".into(),
            consumer_id: None,
            skill_id: None,
            routing_task_id: Some(task.into()),
            task_completed: false,
            finished_at: None,
        }
    }

    #[test]
    fn the_index_follows_inserts_finishes_and_drops() {
        let mut t = RingTable::new(100);
        t.insert(ring("a", "t1", 1_000));
        t.insert(ring("b", "t2", 500));
        assert_eq!(t.next_deadline(), Some(Time(600)));
        // finishing earlier moves the deadline; finishing again changes nothing
        t.finish("a", Time(200));
        t.finish("a", Time(300));
        assert_eq!(t.next_deadline(), Some(Time(300)));
        // a replacement keeps the finish time index in step
        let mut a = t.get("a").cloned().expect("a");
        a.ring_state = RingState::Accepted;
        t.insert(a);
        assert_eq!(t.deadlines.len(), 2);
        assert_eq!(t.of_task("t1"), ["a"]);
        assert_eq!(t.take_due(Time(299)), Vec::<String>::new());
        assert_eq!(t.take_due(Time(600)), ["a", "b"]);
        assert_eq!(t.values().len(), 0);
        assert_eq!(t.next_deadline(), None);
    }
}
