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
    pub refs: BTreeSet<SubscriptionKey>,
    /// References to let go of at a time (after a `DELETE`).
    pub releases: BTreeMap<SubscriptionKey, Time>,
    /// When the last reference went (or the conversation arrived without a subscription).
    pub unreferenced_since: Option<Time>,
    /// Loaded by the application (`loadConversation`): kept until unloaded.
    pub pinned: bool,
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
