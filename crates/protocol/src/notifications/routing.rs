//! Routing task (ring) notifications (`notifications.md` §3).

use serde::{Deserialize, Serialize};

use crate::common::Extra;
use crate::enums::{ChangeType, RingState};

/// One ring: an offer of a conversation to one agent.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Ring {
    /// `{conversationId}_{accountId}_{creation epoch ms}`.
    #[serde(default, deserialize_with = "crate::common::null_as_default")]
    pub ring_id: String,
    /// Account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub brand_id: Option<String>,
    /// Conversation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conv_id: Option<String>,
    /// Consumer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consumer_id: Option<String>,
    /// Skill.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skill_id: Option<String>,
    /// State.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ring_state: Option<RingState>,
    /// How long the ring stays `WAITING`, ms (72000 in examples).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ring_expiration: Option<i64>,
    /// Creation + `ringExpiration`, epoch ms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ring_expiration_ts: Option<i64>,
    /// Ordering priority (kept as the exact JSON number).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<serde_json::Number>,
    /// Unmodelled members.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `result` of a routing task change.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RoutingTask {
    /// Task id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub routing_task_id: Option<String>,
    /// Account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub brand_id: Option<String>,
    /// Assigned agent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assigned_agent_id: Option<String>,
    /// `true` once accepted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_completed: Option<bool>,
    /// Conversation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conversation_id: Option<String>,
    /// Consumer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consumer_id: Option<String>,
    /// Skill.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skill_id: Option<String>,
    /// The rings; LivePerson's client expects exactly one per result.
    #[serde(default, deserialize_with = "crate::common::null_as_default")]
    pub rings_details: Vec<Ring>,
    /// Unmodelled members.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One element of `changes`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoutingTaskChange {
    /// `UPSERT` or `DELETE`.
    #[serde(rename = "type")]
    pub change_type: ChangeType,
    /// The task.
    #[serde(default, deserialize_with = "crate::common::null_as_default")]
    pub result: RoutingTask,
    /// Unmodelled members.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Body of `.ams.routing.RoutingTaskNotification` (first frame after
/// subscribing has `"changes":[]`).
///
/// ```
/// use lpm_protocol::notifications::RoutingTaskNotification;
/// use lpm_protocol::enums::RingState;
/// let n: RoutingTaskNotification = serde_json::from_str(r#"{"subscriptionId":"s","changes":[{"type":"UPSERT",
///   "result":{"ringsDetails":[{"ringId":"c_a_1","ringState":"WAITING"}]}}]}"#).unwrap();
/// assert_eq!(n.changes[0].result.rings_details[0].ring_state, Some(RingState::Waiting));
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RoutingTaskNotification {
    /// The subscription.
    #[serde(default, deserialize_with = "crate::common::null_as_default")]
    pub subscription_id: String,
    /// The changes.
    #[serde(default, deserialize_with = "crate::common::null_as_default")]
    pub changes: Vec<RoutingTaskChange>,
    /// Unmodelled members.
    #[serde(flatten)]
    pub extra: Extra,
}
