//! The conversation model as notifications carry it: `conversationDetails`
//! and its parts (`notifications.md` §2.3, `conversation-model.md`).
//!
//! One set of types covers both socket forms. They differ in `participants`
//! (consumer v3: `[{"id","role"}]`; brand v2: `{"ROLE":[ids]}` with agent old
//! ids, PIDs in `participantsPId`), which [`Participants`] models as two
//! variants.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::client_properties::{ClientFeature, ClientProperties};
use crate::common::{Extra, StringOrNumber};
use crate::enums::{
    ChannelType, CloseReason, ConversationContextType, ConversationState, CsatStatus, DelayType,
    DialogType, ParticipantRole, ParticipantState, TtrType,
};

/// Participant ids per role: the brand v2 `participants` map and
/// `participantsPId`.
pub type ParticipantsByRole = BTreeMap<ParticipantRole, Vec<String>>;

/// One `{"id","role"}` entry of the consumer v3 `participants` array.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct RoleEntry {
    /// Participant id (PID or consumer id).
    #[serde(default, deserialize_with = "crate::common::null_as_default")]
    pub id: String,
    /// Role; the same id may appear under two roles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<ParticipantRole>,
    /// Unmodelled members.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `conversationDetails.participants` in either form.
///
/// ```
/// use lpm_protocol::conversation::Participants;
/// use lpm_protocol::enums::ParticipantRole;
/// let v3: Participants = serde_json::from_str(r#"[{"id":"p1","role":"CONSUMER"}]"#).unwrap();
/// let v2: Participants = serde_json::from_str(r#"{"CONSUMER":["p1"],"MANAGER":[]}"#).unwrap();
/// assert_eq!(v3.ids_with_role(&ParticipantRole::Consumer), vec!["p1"]);
/// assert_eq!(v2.ids_with_role(&ParticipantRole::Consumer), vec!["p1"]);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Participants {
    /// Consumer v3 form: `[{"id":…,"role":…}]`.
    List(Vec<RoleEntry>),
    /// Brand v2 form: `{"ROLE":[ids…]}` (agents by old id `acct.userId`).
    ByRole(ParticipantsByRole),
}

impl Participants {
    /// The ids per role (either form), keeping wire order within a role.
    pub fn by_role(&self) -> ParticipantsByRole {
        match self {
            Participants::ByRole(map) => map.clone(),
            Participants::List(list) => {
                let mut map = ParticipantsByRole::new();
                for e in list {
                    if let Some(role) = &e.role {
                        map.entry(role.clone()).or_default().push(e.id.clone());
                    }
                }
                map
            }
        }
    }

    /// The consumer v3 list form of a role map (roles in enum order).
    pub fn list_from(map: &ParticipantsByRole) -> Participants {
        Participants::List(
            map.iter()
                .flat_map(|(role, ids)| {
                    ids.iter().map(move |id| RoleEntry {
                        id: id.clone(),
                        role: Some(role.clone()),
                        extra: Extra::new(),
                    })
                })
                .collect(),
        )
    }

    /// Ids holding `role`, in wire order.
    pub fn ids_with_role(&self, role: &ParticipantRole) -> Vec<&str> {
        match self {
            Participants::List(list) => list
                .iter()
                .filter(|e| e.role.as_ref() == Some(role))
                .map(|e| e.id.as_str())
                .collect(),
            Participants::ByRole(map) => map
                .get(role)
                .map(|ids| ids.iter().map(String::as_str).collect())
                .unwrap_or_default(),
        }
    }
}

/// One entry of a dialog's `participantsDetails`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ParticipantDetails {
    /// Participant id (brand v2: old id for agents; SUGGESTED agents always old id).
    #[serde(default, deserialize_with = "crate::common::null_as_default")]
    pub id: String,
    /// Role.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<ParticipantRole>,
    /// `ACTIVE` / `SUGGESTED` (v2.1 brand and newer consumer payloads).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<ParticipantState>,
    /// Unmodelled members.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A dialog of a conversation.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Dialog {
    /// Dialog id (MAIN = conversation id).
    #[serde(default, deserialize_with = "crate::common::null_as_default")]
    pub dialog_id: String,
    /// Participants with role and state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub participants_details: Option<Vec<ParticipantDetails>>,
    /// Plain id list (older cobrowse payloads).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub participants: Option<Vec<String>>,
    /// Dialog type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dialog_type: Option<DialogType>,
    /// Channel type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel_type: Option<ChannelType>,
    /// `metaData` (survey `appInstallId`, cobrowse data), kept as JSON.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta_data: Option<Value>,
    /// `OPEN` / `CLOSE`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<ConversationState>,
    /// Creation time, epoch ms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creation_ts: Option<i64>,
    /// End time, epoch ms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_ts: Option<i64>,
    /// Last metadata update, epoch ms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta_data_last_update_ts: Option<i64>,
    /// Who closed the dialog.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_by: Option<CloseReason>,
    /// Free text, e.g. `Closed by consumer`, `Completed`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_cause: Option<String>,
    /// Unmodelled members.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `ttr`: time to respond.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Ttr {
    /// TTR type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ttr_type: Option<TtrType>,
    /// Seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<i64>,
    /// Unmodelled members.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `delay`: off-hours.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Delay {
    /// Delay type.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub delay_type: Option<DelayType>,
    /// TTR counting starts here, epoch ms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub till_when: Option<i64>,
    /// Unmodelled members.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `csat` as echoed in notifications (same object as the `CSATRate` field).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Csat {
    /// `CSATRate` when echoed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// 1–5, number or numeric string.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub csat_rate: Option<StringOrNumber>,
    /// Resolution confirmation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub csat_resolution_confirmation: Option<bool>,
    /// Status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<CsatStatus>,
    /// Unmodelled members.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `campaignInfo` (strings or numbers both seen).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CampaignInfo {
    /// Campaign id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub campaign_id: Option<StringOrNumber>,
    /// Engagement id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub engagement_id: Option<StringOrNumber>,
    /// Unmodelled members (e.g. a context id, UNCERTAIN).
    #[serde(flatten)]
    pub extra: Extra,
}

/// `conversationHandlerDetails`: account/skill currently handling the
/// conversation.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConversationHandlerDetails {
    /// Handling account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    /// Handling skill.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skill_id: Option<String>,
    /// Unmodelled members.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `conversationContext` of a request, echoed as `conversationDetails.context`
/// (with the server adding `clientProperties`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConversationContext {
    /// Context type.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub context_type: Option<ConversationContextType>,
    /// `CustomContext` name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `CustomContext` description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// IETF language tag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// Monitoring visitor id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visitor_id: Option<String>,
    /// Monitoring session id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_id: Option<String>,
    /// Monitoring engagement context id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interaction_context_id: Option<String>,
    /// Client features.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub features: Option<Vec<ClientFeature>>,
    /// `ProactiveContext`: the earlier conversation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin_conversation_id: Option<String>,
    /// `ProactiveContext`: the earlier conversation's context.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin_conversation_context: Option<Value>,
    /// Client properties of the consumer connection.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_properties: Option<ClientProperties>,
    /// Unmodelled members.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `conversationDetails`: the full conversation state (not a diff) in every
/// conversation change.
///
/// ```
/// use lpm_protocol::conversation::ConversationDetails;
/// use lpm_protocol::enums::ConversationState;
/// let d: ConversationDetails = serde_json::from_str(
///     r#"{"skillId":"-1","stage":"OPEN","state":"OPEN","dialogs":[{"dialogId":"c1","dialogType":"MAIN","state":"OPEN"}]}"#,
/// ).unwrap();
/// assert_eq!(d.stage, Some(ConversationState::Open));
/// assert_eq!(d.main_dialog().unwrap().dialog_id, "c1");
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConversationDetails {
    /// Conversation id (brand raw only; duplicate of `result.convId`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conv_id: Option<String>,
    /// Current skill (`"-1"` if none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skill_id: Option<String>,
    /// Account id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub brand_id: Option<String>,
    /// Participants (consumer list form or brand map form).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub participants: Option<Participants>,
    /// PIDs per role (brand raw; same per-role order as `participants`).
    #[serde(
        rename = "participantsPId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub participants_pid: Option<ParticipantsByRole>,
    /// Dialogs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dialogs: Option<Vec<Dialog>>,
    /// MAIN-dialog state (legacy meaning of "conversation state").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<ConversationState>,
    /// Conversation lifecycle stage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<ConversationState>,
    /// Why it closed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub close_reason: Option<CloseReason>,
    /// Start, epoch ms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_ts: Option<i64>,
    /// End, epoch ms (0 or absent while open).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_ts: Option<i64>,
    /// Last metadata update, epoch ms: drop out-of-order notifications with it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta_data_last_update_ts: Option<i64>,
    /// First conversation of this consumer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_conversation: Option<bool>,
    /// Time to respond.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ttr: Option<Ttr>,
    /// Off-hours delay.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delay: Option<Delay>,
    /// Manual expected response time, epoch ms.
    #[serde(
        rename = "manualETTR",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub manual_ettr: Option<i64>,
    /// CSAT object.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub csat: Option<Csat>,
    /// CSAT rate (brand raw).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub csat_rate: Option<StringOrNumber>,
    /// Agent note (brand raw).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Group of the assigned agent (brand raw).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_id: Option<StringOrNumber>,
    /// Conversation context.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<ConversationContext>,
    /// Account/skill currently handling the conversation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conversation_handler_details: Option<ConversationHandlerDetails>,
    /// Campaign info given at creation (echo INFERRED).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub campaign_info: Option<CampaignInfo>,
    /// Installation id of the connector that created the conversation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_inst_id: Option<String>,
    /// Last update, epoch ms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_update_time: Option<i64>,
    /// UMS-internal routing task id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub routing_task_id: Option<String>,
    /// Search results only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<i64>,
    /// Unmodelled members.
    #[serde(flatten)]
    pub extra: Extra,
}

impl ConversationDetails {
    /// The `MAIN` dialog, if listed.
    pub fn main_dialog(&self) -> Option<&Dialog> {
        self.dialogs
            .as_deref()?
            .iter()
            .find(|d| d.dialog_type == Some(DialogType::Main))
    }

    /// The open dialogs.
    pub fn open_dialogs(&self) -> impl Iterator<Item = &Dialog> {
        self.dialogs
            .iter()
            .flatten()
            .filter(|d| d.state == Some(ConversationState::Open))
    }
}
