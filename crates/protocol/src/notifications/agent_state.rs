//! Agent state notifications (`notifications.md` §4).

use serde::{Deserialize, Serialize};

use crate::common::Extra;
use crate::enums::{Availability, ChangeType, ChannelType};

/// `result` of an agent state change.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AgentState {
    /// Channels (`MESSAGING`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channels: Option<Vec<ChannelType>>,
    /// Availability.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability: Option<Availability>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Old id `acct.userId`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent_user_id: Option<String>,
    /// Unmodelled members.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One element of `changes`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgentStateChange {
    /// `UPSERT` or `DELETE`.
    #[serde(rename = "type")]
    pub change_type: ChangeType,
    /// The state.
    #[serde(default, deserialize_with = "crate::common::null_as_default")]
    pub result: AgentState,
    /// Unmodelled members.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Body of `.ams.routing.AgentStateNotification`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AgentStateNotification {
    /// The subscription.
    #[serde(default, deserialize_with = "crate::common::null_as_default")]
    pub subscription_id: String,
    /// The changes.
    #[serde(default, deserialize_with = "crate::common::null_as_default")]
    pub changes: Vec<AgentStateChange>,
    /// Unmodelled members.
    #[serde(flatten)]
    pub extra: Extra,
}
