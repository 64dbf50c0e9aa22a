//! Snapshots of the core's state for the TypeScript facades, as typed structs: serialised
//! straight to JSON text (no `Value` tree), and their TypeScript declarations generated from
//! them (`ts_types`), so the facades read exactly these fields.
//!
//! Every derived value a facade shows (open dialog, assigned agent, `isInOffHours()`,
//! `sentByCurrentUser()`, …) is computed here from the core's model, so the TypeScript side
//! only reads fields. Objects that point at other objects carry their ids: a participant
//! reference is `{dialogId, userId, role}`, a message reference `{dialogId, sequence}`.

use lpm_core::Client;
use lpm_core::connection::{ConnectionState, SubscriptionHandle, SubscriptionQuery, UserType};
use lpm_core::model::{
    ChannelType, CloseReason, ConversationStage, DialogState, DialogType, JsonText, Message,
    Participant, ParticipantRole, Skill, TtrType, UnreadCounts,
};
use serde::Serialize;
use serde_json::Value;

/// A reference to a participant of a dialog (`_participant` in the facades). A message's
/// sender that no dialog lists (it left before the message was loaded) is `unknown`, with
/// what the message's record said of it.
#[derive(Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "ParticipantRef"))]
#[serde(rename_all = "camelCase")]
pub struct ParticipantRefJson<'a> {
    dialog_id: &'a str,
    user_id: &'a str,
    /// `null` only for an unknown sender whose record names no role.
    role: Option<&'a ParticipantRole>,
    /// An unknown sender's old agent id, when its record gave one.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    agent_id: Option<&'a str>,
    /// `true` for a sender no dialog lists.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    unknown: Option<bool>,
}

impl<'a> ParticipantRefJson<'a> {
    fn of(dialog_id: &'a str, p: &'a Participant) -> Self {
        ParticipantRefJson {
            dialog_id,
            user_id: &p.user_id,
            role: Some(&p.role),
            agent_id: None,
            unknown: None,
        }
    }

    /// `p` in `dialog_id`, when there are both.
    fn of_both(dialog_id: Option<&'a str>, p: Option<&'a Participant>) -> Option<Self> {
        Some(Self::of(dialog_id?, p?))
    }

    fn all(dialog_id: &'a str, ps: &'a [Participant]) -> Vec<Self> {
        ps.iter().map(|p| Self::of(dialog_id, p)).collect()
    }
}

/// A message reference: `{dialogId, sequence}`.
#[derive(Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "MessageRef"))]
#[serde(rename_all = "camelCase")]
pub struct MessageRefJson<'a> {
    dialog_id: &'a str,
    sequence: u64,
}

/// Connection-level state (`connection.state`, `agentId`, `userProfile`, …) and the
/// effective option values the facade mirrors.
#[derive(Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "ConnectionView"))]
#[serde(rename_all = "camelCase")]
pub struct ConnectionView<'a> {
    state: ConnectionState,
    account_id: &'a str,
    #[cfg_attr(test, ts(type = "string"))]
    user_type: UserType,
    app_id: &'a str,
    app_version: &'a str,
    agent_id: Option<&'a str>,
    user_id: Option<&'a str>,
    user_pid: Option<&'a str>,
    user_profile: Option<&'a Value>,
    agent_state: Option<&'a str>,
    default_subscription: Option<SubscriptionHandle>,
    /// As the connection's options gave it (`createConnection`'s `defaultSubscriptionQuery`).
    #[cfg_attr(test, ts(type = "unknown"))]
    default_subscription_query: &'a SubscriptionQuery,
    maintain_connection: bool,
    get_all_messages: bool,
    client_properties: Option<&'a Value>,
    /// `V2_1` or `V3`.
    api_version: String,
}

/// The connection's state and options.
pub fn connection(c: &Client) -> String {
    let cfg = c.config();
    to_json(&ConnectionView {
        state: c.state(),
        account_id: &cfg.account_id,
        user_type: cfg.user_type,
        app_id: &cfg.app_id,
        app_version: &cfg.app_version,
        agent_id: c.agent_id(),
        user_id: c.user_id(),
        user_pid: c.user_pid(),
        user_profile: c.user_profile(),
        agent_state: c.agent_state(),
        default_subscription: c.default_subscription(),
        default_subscription_query: &cfg.default_subscription_query,
        maintain_connection: cfg.maintain_connection,
        get_all_messages: cfg.get_all_messages,
        client_properties: cfg.client_properties.as_ref(),
        api_version: format!("{:?}", c.api_version()),
    })
}

/// A skill with `isInOffHours`.
#[derive(Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "SkillView"))]
#[serde(rename_all = "camelCase")]
pub struct SkillView<'a> {
    #[serde(flatten)]
    skill: &'a Skill,
    is_in_off_hours: bool,
}

/// The skill `skill_id` (one with no shift data when the model has none).
pub fn skill(c: &Client, skill_id: &str) -> String {
    let fallback = Skill::new(skill_id);
    let s = c.model().skill(skill_id).unwrap_or(&fallback);
    to_json(&SkillView {
        skill: s,
        is_in_off_hours: s.is_in_off_hours(),
    })
}

/// A conversation without its dialogs' content: its stored fields (but the dialogs and the
/// last content event), `dialogIds`, `openDialogId`, `mainDialogId`, `consumer` /
/// `assignedAgent` participant references, `skill`, and a `latestConsumerMessage` reference.
#[derive(Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "ConversationView"))]
#[serde(rename_all = "camelCase")]
pub struct ConversationView<'a> {
    conversation_id: &'a str,
    account_id: &'a str,
    stage: &'a ConversationStage,
    state: Option<&'a DialogState>,
    start_time: Option<u64>,
    update_time: Option<u64>,
    close_time: Option<u64>,
    close_reason: Option<&'a CloseReason>,
    skill_id: &'a str,
    group_id: Option<&'a str>,
    ttr_type: Option<&'a TtrType>,
    ttr_value: Option<i64>,
    ttr_effective: Option<i64>,
    ttr_effective_manual: Option<i64>,
    delay: Option<&'a Value>,
    number_of_unread_messages: &'a UnreadCounts,
    csat: Option<&'a Value>,
    csat_rate: Option<f64>,
    note: Option<&'a str>,
    campaign_id: Option<&'a str>,
    engagement_id: Option<&'a str>,
    app_inst_id: Option<&'a str>,
    handler_account_id: Option<&'a str>,
    handler_skill_id: Option<&'a str>,
    first_conversation: Option<bool>,
    context: Option<&'a Value>,
    client_properties: Option<&'a JsonText>,
    notification_count: u64,
    notification_ignored_count: u64,
    notification_out_of_order_count: u64,
    dialog_ids: Vec<&'a str>,
    open_dialog_id: Option<&'a str>,
    main_dialog_id: Option<&'a str>,
    consumer: Option<ParticipantRefJson<'a>>,
    assigned_agent: Option<ParticipantRefJson<'a>>,
    skill: SkillView<'a>,
    latest_consumer_message: Option<MessageRefJson<'a>>,
}

/// The conversation `conversation_id`, if the model holds it.
pub fn conversation(c: &Client, conversation_id: &str) -> Option<String> {
    let conv = c.model().conversation(conversation_id)?;
    let current = conv.current_dialog().map(|d| d.dialog_id.as_str());
    // Not `skill()`'s JSON: the view holds the skill itself, so a fallback must live here.
    let fallback = Skill::new(conv.skill_id.as_str());
    let skill = c.model().skill(&conv.skill_id).unwrap_or(&fallback);
    Some(to_json(&ConversationView {
        conversation_id: &conv.conversation_id,
        account_id: &conv.account_id,
        stage: &conv.stage,
        state: conv.state.as_ref(),
        start_time: conv.start_time,
        update_time: conv.update_time,
        close_time: conv.close_time,
        close_reason: conv.close_reason.as_ref(),
        skill_id: &conv.skill_id,
        group_id: conv.group_id.as_deref(),
        ttr_type: conv.ttr_type.as_ref(),
        ttr_value: conv.ttr_value,
        ttr_effective: conv.ttr_effective,
        ttr_effective_manual: conv.ttr_effective_manual,
        delay: conv.delay.as_ref(),
        number_of_unread_messages: &conv.number_of_unread_messages,
        csat: conv.csat.as_ref(),
        csat_rate: conv.csat_rate,
        note: conv.note.as_deref(),
        campaign_id: conv.campaign_id.as_deref(),
        engagement_id: conv.engagement_id.as_deref(),
        app_inst_id: conv.app_inst_id.as_deref(),
        handler_account_id: conv.handler_account_id.as_deref(),
        handler_skill_id: conv.handler_skill_id.as_deref(),
        first_conversation: conv.first_conversation,
        context: conv.context.as_ref(),
        client_properties: conv.client_properties.as_ref(),
        notification_count: conv.notification_count,
        notification_ignored_count: conv.notification_ignored_count,
        notification_out_of_order_count: conv.notification_out_of_order_count,
        dialog_ids: conv.dialogs.iter().map(|d| d.dialog_id.as_str()).collect(),
        open_dialog_id: conv.open_dialog().map(|d| d.dialog_id.as_str()),
        main_dialog_id: conv.main_dialog().map(|d| d.dialog_id.as_str()),
        consumer: ParticipantRefJson::of_both(current, conv.consumer()),
        assigned_agent: ParticipantRefJson::of_both(current, conv.assigned_agent()),
        skill: SkillView {
            skill,
            is_in_off_hours: skill.is_in_off_hours(),
        },
        latest_consumer_message: conv.latest_consumer_message().map(|m| MessageRefJson {
            dialog_id: &m.dialog_id,
            sequence: m.sequence,
        }),
    }))
}

/// A dialog: its stored fields, participants (active and suggested) and `removedParticipants`
/// as references, the `sequences` of its messages, `assignedAgent`, `consumer` and `self`
/// references, and `isOpen`.
#[derive(Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "DialogView"))]
#[serde(rename_all = "camelCase")]
pub struct DialogView<'a> {
    conversation_id: &'a str,
    dialog_id: &'a str,
    dialog_type: &'a DialogType,
    channel_type: &'a ChannelType,
    state: &'a DialogState,
    closing: bool,
    start_time: Option<u64>,
    update_time: Option<u64>,
    end_time: Option<u64>,
    closed_by: Option<&'a CloseReason>,
    closed_cause: Option<&'a str>,
    meta_data: Option<&'a Value>,
    participants: Vec<ParticipantRefJson<'a>>,
    removed_participants: Vec<ParticipantRefJson<'a>>,
    sequences: Vec<u64>,
    assigned_agent: Option<ParticipantRefJson<'a>>,
    consumer: Option<ParticipantRefJson<'a>>,
    #[serde(rename = "self")]
    #[cfg_attr(test, ts(rename = "self"))]
    self_participant: Option<ParticipantRefJson<'a>>,
    is_open: bool,
}

/// The dialog `dialog_id`, if the model holds it.
pub fn dialog(c: &Client, dialog_id: &str) -> Option<String> {
    let d = c.model().dialog(dialog_id)?;
    let id = d.dialog_id.as_str();
    Some(to_json(&DialogView {
        conversation_id: &d.conversation_id,
        dialog_id: id,
        dialog_type: &d.dialog_type,
        channel_type: &d.channel_type,
        state: &d.state,
        closing: d.closing,
        start_time: d.start_time,
        update_time: d.update_time,
        end_time: d.end_time,
        closed_by: d.closed_by.as_ref(),
        closed_cause: d.closed_cause.as_deref(),
        meta_data: d.meta_data.as_ref(),
        participants: ParticipantRefJson::all(id, &d.participants),
        removed_participants: ParticipantRefJson::all(id, &d.removed_participants),
        sequences: d.messages().map(|m| m.sequence).collect(),
        assigned_agent: d.assigned_agent().map(|p| ParticipantRefJson::of(id, p)),
        consumer: d.consumer().map(|p| ParticipantRefJson::of(id, p)),
        self_participant: d
            .self_participant(c.model().viewer())
            .map(|p| ParticipantRefJson::of(id, p)),
        is_open: d.is_open(),
    }))
}

/// A message: its stored fields, its derived values (`sentByCurrentUser`, `isDownloadable`,
/// file fields, receipt queries, `deliveryStatus`, `isPrivate`) and its sender as a
/// participant reference.
#[derive(Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "MessageView"))]
#[serde(rename_all = "camelCase")]
pub struct MessageView<'a> {
    #[serde(flatten)]
    message: &'a Message,
    sent_by_current_user: bool,
    is_downloadable: bool,
    relative_path: Option<&'a str>,
    file_type: Option<&'a str>,
    caption: Option<&'a str>,
    preview: Option<&'a str>,
    has_consumer_read: bool,
    has_assigned_agent_read: bool,
    delivery_status: Option<lpm_core::model::DeliveryStatus>,
    is_private: bool,
    participant: ParticipantRefJson<'a>,
}

/// The message `sequence` of `dialog_id`, if the model holds it.
pub fn message(c: &Client, dialog_id: &str, sequence: u64) -> Option<String> {
    let model = c.model();
    let m = model.message(dialog_id, sequence)?;
    let participant = match model.sender_of(m) {
        (s, Some(p)) => ParticipantRefJson::of(s.dialog_id, p),
        (s, None) => ParticipantRefJson {
            dialog_id: s.dialog_id,
            user_id: s.user_id,
            role: s.role,
            agent_id: m.originator.agent_id.as_deref(),
            unknown: Some(true),
        },
    };
    Some(to_json(&MessageView {
        message: m,
        sent_by_current_user: m.sent_by(model.viewer()),
        is_downloadable: m.is_downloadable(),
        relative_path: m.relative_path(),
        file_type: m.file_type(),
        caption: m.caption(),
        preview: m.preview(),
        has_consumer_read: m.has_consumer_read(),
        has_assigned_agent_read: m.has_assigned_agent_read(),
        delivery_status: m.delivery_status(),
        is_private: m.is_private(),
        participant,
    }))
}

/// A participant with the dialog it was asked in and whether it is the connection's user.
#[derive(Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "ParticipantView"))]
#[serde(rename_all = "camelCase")]
pub struct ParticipantView<'a> {
    #[serde(flatten)]
    participant: &'a Participant,
    dialog_id: &'a str,
    is_self: bool,
}

/// A participant by user id (or old agent id) and role (`""` = any role), searched among the
/// dialog's present participants first, then the removed ones.
pub fn participant(c: &Client, dialog_id: &str, user_id: &str, role: &str) -> Option<String> {
    let d = c.model().dialog(dialog_id)?;
    let matches = |p: &&Participant| p.is(user_id) && (role.is_empty() || p.role.as_str() == role);
    let p = d
        .participants
        .iter()
        .find(matches)
        .or_else(|| d.removed_participants.iter().find(matches))?;
    Some(to_json(&ParticipantView {
        participant: p,
        dialog_id,
        is_self: c.model().viewer().is(&p.user_id),
    }))
}

/// A view's JSON text. The views hold only strings, numbers and JSON values, which always
/// serialise; an empty object is the answer should one ever not.
fn to_json<T: Serialize>(view: &T) -> String {
    serde_json::to_string(view).unwrap_or_else(|_| "{}".to_owned())
}
