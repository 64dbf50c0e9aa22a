//! `ConsumerRequestConversation` and `AgentRequestConversation`
//! (`requests.md` §4–5).

use serde::{Deserialize, Serialize};

use crate::common::Extra;
use crate::conversation::{CampaignInfo, ConversationContext};
use crate::enums::{ChannelType, TtrType};

/// `ConsumerRequestConversation` body; every member optional.
///
/// lp-messaging-sdk 1.5.4 sends explicit `null`s (`"skillId":null`,
/// `"campaignInfo":null`); they read as absent and are not written back.
///
/// ```
/// use lpm_protocol::requests::ConsumerRequestConversation;
/// use lpm_protocol::enums::TtrType;
/// let b: ConsumerRequestConversation = serde_json::from_str(
///     r#"{"ttrDefName":"NORMAL","channelType":"MESSAGING","skillId":null,"campaignInfo":null}"#,
/// ).unwrap();
/// assert_eq!(b.ttr_def_name, Some(TtrType::Normal));
/// assert!(b.skill_id.is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConsumerRequestConversation {
    /// Account id (required by the Send API; optional on the socket).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub brand_id: Option<String>,
    /// `MESSAGING`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel_type: Option<ChannelType>,
    /// Target skill; `"-1"` or absent = default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skill_id: Option<String>,
    /// Initial TTR type; absent = account default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ttr_def_name: Option<TtrType>,
    /// Campaign routing (preferred over `skillId`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub campaign_info: Option<CampaignInfo>,
    /// Conversation context.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conversation_context: Option<ConversationContext>,
    /// Conversation id (resume; UNCERTAIN, requests.md §24).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conversation_id: Option<String>,
    /// Unmodelled members (e.g. the legacy `context`).
    #[serde(flatten)]
    pub extra: Extra,
}

/// `AgentRequestConversation` body: a brand user opens a conversation with a
/// known consumer (usually `ProactiveContext`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AgentRequestConversation {
    /// LP consumer id (required).
    pub consumer_id: String,
    /// `MESSAGING`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel_type: Option<ChannelType>,
    /// Conversation context (`ProactiveContext` with `originConversationId`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conversation_context: Option<ConversationContext>,
    /// Skill (UNCERTAIN).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skill_id: Option<String>,
    /// TTR type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ttr_def_name: Option<TtrType>,
    /// Unmodelled members.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Success body of both conversation requests.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestConversationResponse {
    /// The new conversation (= MAIN dialog) id.
    pub conversation_id: String,
    /// Unmodelled members.
    #[serde(flatten)]
    pub extra: Extra,
}
