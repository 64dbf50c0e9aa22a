//! What the model let go of: reported so bindings release their handles and facades.

use serde::Serialize;

/// The objects one [`Model::evict`](super::Model::evict) dropped: closed or unreferenced
/// conversations past their cache time (with their dialogs, so their messages and
/// participants), and finished rings past their retention. A binding that keeps an object per
/// id (the JavaScript facades) drops these, so a long-running bot's memory stays flat.
///
/// ```
/// use lpm_core::model::Evicted;
/// let e = Evicted::default();
/// assert!(e.is_empty());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Evicted {
    /// Conversations dropped.
    pub conversation_ids: Vec<String>,
    /// Their dialogs (messages and participants are keyed by dialog).
    pub dialog_ids: Vec<String>,
    /// Rings dropped.
    pub ring_ids: Vec<String>,
}

impl Evicted {
    /// `true` when nothing was dropped.
    pub fn is_empty(&self) -> bool {
        self.conversation_ids.is_empty() && self.dialog_ids.is_empty() && self.ring_ids.is_empty()
    }
}
