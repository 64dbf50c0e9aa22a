//! Conversation subscriptions (`requests.md` §7–9).

use serde::{Deserialize, Serialize};

use crate::common::Extra;
use crate::enums::{ConversationState, DialogType};

/// `SubscribeExConversations` body (filters; all optional).
///
/// Defaults of LivePerson's client: brand `{"stage":["OPEN"]}`, consumer
/// `{"stage":["OPEN","CLOSE"]}`. There is no `state` member on the wire (the
/// SDK-level `state` is `convState`), and no skill filter.
///
/// ```
/// use lpm_protocol::requests::SubscribeExConversations;
/// use lpm_protocol::enums::ConversationState;
/// let b = SubscribeExConversations::stages([ConversationState::Open]);
/// assert_eq!(serde_json::to_string(&b).unwrap(), r#"{"stage":["OPEN"]}"#);
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubscribeExConversations {
    /// Filter on the MAIN-dialog state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conv_state: Option<Vec<ConversationState>>,
    /// Filter on the conversation stage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<Vec<ConversationState>>,
    /// Brand only: agents (old ids `acct.userId`) that must participate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent_ids: Option<Vec<String>>,
    /// Brand: filter by consumer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consumer_id: Option<String>,
    /// One conversation only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conversation_id: Option<String>,
    /// Account id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub brand_id: Option<String>,
    /// Updated at or after, epoch ms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_last_updated_time: Option<i64>,
    /// Updated at or before, epoch ms (paging past 1001 results).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_last_updated_time: Option<i64>,
    /// Semantics UNCERTAIN (uncertain.md M12: keep conversations whose
    /// `effectiveTTR` is at most this).
    #[serde(rename = "maxETTR", default, skip_serializing_if = "Option::is_none")]
    pub max_ettr: Option<i64>,
    /// Semantics UNCERTAIN (uncertain.md M12: match `groupId`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_ids: Option<Vec<String>>,
    /// Semantics UNCERTAIN (uncertain.md M12: keep conversations having a
    /// dialog of a listed type).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dialog_types: Option<Vec<DialogType>>,
    /// Unmodelled members.
    #[serde(flatten)]
    pub extra: Extra,
}

impl SubscribeExConversations {
    /// A subscription filtered only by stage.
    pub fn stages(stages: impl IntoIterator<Item = ConversationState>) -> Self {
        SubscribeExConversations {
            stage: Some(stages.into_iter().collect()),
            ..Self::default()
        }
    }
}

/// `UnsubscribeExConversations` body (also used by the legacy
/// `UnsubscribeConversations` / `UnsubscribeBody`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Unsubscribe {
    /// The subscription to end.
    pub subscription_id: String,
    /// Unmodelled members.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `UpdateExConversationSubscription` body: new filters for an existing
/// subscription (no current client uses it).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdateExConversationSubscription {
    /// The subscription to change.
    pub subscription_id: String,
    /// The new filters.
    #[serde(flatten)]
    pub filter: SubscribeExConversations,
}
