//! Conversation change notifications (`notifications.md` §2).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::common::Extra;
use crate::conversation::ConversationDetails;
use crate::enums::ChangeType;
use crate::notifications::MessagingEventRecord;

/// `result` of one conversation change.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConversationChangeResult {
    /// Conversation id.
    #[serde(default, deserialize_with = "crate::common::null_as_default")]
    pub conv_id: String,
    /// Deadline for the agent's answer, epoch ms; `-1` when nothing is due
    /// (formula UNCERTAIN).
    #[serde(
        rename = "effectiveTTR",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub effective_ttr: Option<i64>,
    /// Full conversation state (also on `DELETE`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conversation_details: Option<ConversationDetails>,
    /// Time of this change, epoch ms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_update_time: Option<i64>,
    /// Participant id → unread count (brand; spelled `numberOfunreadMessages`).
    #[serde(
        rename = "numberOfunreadMessages",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub number_of_unread_messages: Option<BTreeMap<String, i64>>,
    /// Last content event of the conversation (brand; may be missing).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_content_event_notification: Option<MessagingEventRecord>,
    /// Unmodelled members.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One element of `changes`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConversationChange {
    /// `UPSERT` or `DELETE`.
    #[serde(rename = "type")]
    pub change_type: ChangeType,
    /// The conversation.
    #[serde(default, deserialize_with = "crate::common::null_as_default")]
    pub result: ConversationChangeResult,
    /// Unmodelled members.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Body of `cqm.ExConversationChangeNotification` /
/// `.ams.aam.ExConversationChangeNotification`: the first after subscribing
/// is a snapshot (≤ 1001 changes), then one per update.
///
/// ```
/// use lpm_protocol::notifications::ExConversationChangeNotification;
/// let n: ExConversationChangeNotification =
///     serde_json::from_str(r#"{"subscriptionId":"s1","changes":[]}"#).unwrap();
/// assert!(n.changes.is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExConversationChangeNotification {
    /// The subscription.
    #[serde(default, deserialize_with = "crate::common::null_as_default")]
    pub subscription_id: String,
    /// Sent time (single third-party source; UNCERTAIN).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sent_ts: Option<i64>,
    /// The changes.
    #[serde(default, deserialize_with = "crate::common::null_as_default")]
    pub changes: Vec<ConversationChange>,
    /// Unmodelled members.
    #[serde(flatten)]
    pub extra: Extra,
}
