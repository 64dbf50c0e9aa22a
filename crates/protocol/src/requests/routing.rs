//! Agent state and routing requests (`requests.md` §16–20).

use serde::{Deserialize, Serialize};

use crate::common::Extra;
use crate::enums::{Availability, ChannelType, RingState};

/// `SetAgentState` body.
///
/// ```
/// use lpm_protocol::requests::SetAgentState;
/// use lpm_protocol::enums::Availability;
/// let b = SetAgentState::new("123.456", Availability::Online);
/// assert_eq!(serde_json::to_value(&b).unwrap(), serde_json::json!(
///     {"availability":"ONLINE","channels":["MESSAGING"],"agentUserId":"123.456"}));
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SetAgentState {
    /// New availability.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability: Option<Availability>,
    /// `["MESSAGING"]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channels: Option<Vec<ChannelType>>,
    /// Old id `acct.userId`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent_user_id: Option<String>,
    /// Unmodelled members.
    #[serde(flatten)]
    pub extra: Extra,
}

impl SetAgentState {
    /// What LivePerson's client sends.
    pub fn new(agent_old_id: impl Into<String>, availability: Availability) -> Self {
        SetAgentState {
            availability: Some(availability),
            channels: Some(vec![ChannelType::Messaging]),
            agent_user_id: Some(agent_old_id.into()),
            extra: Extra::new(),
        }
    }
}

/// `SubscribeAgentsState` body.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubscribeAgentsState {
    /// Account id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub brand_id: Option<String>,
    /// Old id `acct.userId`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent_id: Option<String>,
    /// Legacy: `""` = all states.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent_availability: Option<String>,
    /// Unmodelled members.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `SubscribeRoutingTasks` body.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubscribeRoutingTasks {
    /// `MESSAGING`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel_type: Option<ChannelType>,
    /// Account id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub brand_id: Option<String>,
    /// Old id `acct.userId`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent_id: Option<String>,
    /// Legacy filter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skill_id: Option<String>,
    /// Legacy filter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conversation_id: Option<String>,
    /// Unmodelled members.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `UpdateRoutingTaskSubscription` body (UNCERTAIN whether used).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdateRoutingTaskSubscription {
    /// The routing subscription to change.
    pub subscription_id: String,
    /// The new filters.
    #[serde(flatten)]
    pub filter: SubscribeRoutingTasks,
}

/// `UpdateRingState` body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdateRingState {
    /// `{convId}_{acct}_{epochMs}`.
    pub ring_id: String,
    /// `ACCEPTED` or `REJECTED`.
    pub ring_state: RingState,
    /// Unmodelled members.
    #[serde(flatten)]
    pub extra: Extra,
}
