//! Waits for a conversation to reach the model, each until a deadline: accepted rings
//! (`ring_wait.rs`) and commands that created a conversation (`arrival.rs`).

use crate::time::Time;

/// `(key, conversation id, deadline)` entries; `K` says what waits (a ring id, a command).
#[derive(Debug)]
pub(super) struct ConversationWaits<K> {
    waits: Vec<(K, String, Time)>,
}

impl<K> Default for ConversationWaits<K> {
    fn default() -> Self {
        ConversationWaits { waits: Vec::new() }
    }
}

impl<K> ConversationWaits<K> {
    pub(super) fn push(&mut self, key: K, conversation_id: String, deadline: Time) {
        self.waits.push((key, conversation_id, deadline));
    }

    pub(super) fn next_deadline(&self) -> Option<Time> {
        self.waits.iter().map(|(_, _, d)| *d).min()
    }

    /// Removes and returns the waits for which `done(conversation id, deadline)` holds
    /// (nothing is allocated when there are none).
    pub(super) fn take_where(
        &mut self,
        mut done: impl FnMut(&str, Time) -> bool,
    ) -> Vec<(K, String)> {
        if self.waits.is_empty() {
            return Vec::new();
        }
        let (taken, rest): (Vec<_>, Vec<_>) = std::mem::take(&mut self.waits)
            .into_iter()
            .partition(|(_, c, d)| done(c, *d));
        self.waits = rest;
        taken.into_iter().map(|(k, c, _)| (k, c)).collect()
    }
}
