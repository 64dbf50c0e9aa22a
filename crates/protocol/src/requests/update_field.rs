//! `UpdateConversationField` and all its field kinds (`requests.md` §6).

use serde::{Deserialize, Serialize};

use crate::common::{Extra, StringOrNumber};
use crate::enums::{
    CloseReason, ConversationState, CsatStatus, DelayType, DialogChangeType, ParticipantRole,
    ParticipantsChangeType, TtrType,
};
use crate::texts;

/// `UpdateConversationField` body.
///
/// Success answers are string responses with fixed texts (see
/// [`success_text`]).
///
/// ```
/// use lpm_protocol::requests::{ConversationField, UpdateConversationField};
/// let close = UpdateConversationField::new("c1", vec![ConversationField::close()]);
/// assert_eq!(
///     serde_json::to_value(&close).unwrap(),
///     serde_json::json!({"conversationId":"c1","conversationField":[
///         {"field":"ConversationStateField","conversationState":"CLOSE"}]}),
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdateConversationField {
    /// The conversation.
    pub conversation_id: String,
    /// One change or several applied atomically.
    pub conversation_field: ConversationFields,
    /// Sometimes sent; ignored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dialog_id: Option<String>,
    /// Unmodelled members.
    #[serde(flatten)]
    pub extra: Extra,
}

impl UpdateConversationField {
    /// A request with the changes as an array (the common form).
    pub fn new(conversation_id: impl Into<String>, fields: Vec<ConversationField>) -> Self {
        UpdateConversationField {
            conversation_id: conversation_id.into(),
            conversation_field: ConversationFields::Many(fields),
            dialog_id: None,
            extra: Extra::new(),
        }
    }

    /// A request with one change as a single object (how LivePerson's client
    /// sends `TTRField`, `Note`, `ManualETTR`, `CSATRate`).
    pub fn single(conversation_id: impl Into<String>, field: ConversationField) -> Self {
        UpdateConversationField {
            conversation_id: conversation_id.into(),
            conversation_field: ConversationFields::One(field),
            dialog_id: None,
            extra: Extra::new(),
        }
    }

    /// The changes, whichever form was used.
    pub fn fields(&self) -> &[ConversationField] {
        match &self.conversation_field {
            ConversationFields::One(f) => core::slice::from_ref(f),
            ConversationFields::Many(v) => v,
        }
    }
}

/// `conversationField`: an object or an array of objects (both used).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ConversationFields {
    /// An array.
    Many(Vec<ConversationField>),
    /// A single object.
    One(ConversationField),
}

/// `ConversationStateField` / `Stage`: close the conversation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConversationStateChange {
    /// `CLOSE` (the only settable value).
    pub conversation_state: ConversationState,
    /// Unmodelled members.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The `dialog` object of a `DialogChange`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DialogChangeDialog {
    /// The dialog.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dialog_id: Option<String>,
    /// `CLOSE`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<ConversationState>,
    /// Optional; whether UMS honours it is UNCERTAIN (uncertain.md L5:
    /// servers derive it from the caller).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_by: Option<CloseReason>,
    /// Free text (`Closed by consumer`, `Completed`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_cause: Option<String>,
    /// Unmodelled members (e.g. dialog type for `CREATE`).
    #[serde(flatten)]
    pub extra: Extra,
}

/// `DialogChange`: close (or create) a dialog.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DialogChange {
    /// `UPDATE` (close) or `CREATE`.
    #[serde(rename = "type")]
    pub change_type: DialogChangeType,
    /// Dialog id (with `CREATE`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dialog_id: Option<String>,
    /// The dialog change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dialog: Option<DialogChangeDialog>,
    /// Unmodelled members.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `ParticipantsChange`: join, leave, back to queue, transfer to agent,
/// consumer takeover.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ParticipantsChange {
    /// `ADD`, `REMOVE`, `SUGGEST`.
    #[serde(rename = "type")]
    pub change_type: ParticipantsChangeType,
    /// Role.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<ParticipantRole>,
    /// Old id `acct.userId` for brand users, consumer id for takeover; absent
    /// = the caller (older docs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// Dialog (controller joins).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dialog_id: Option<String>,
    /// Unmodelled members.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `Skill`: transfer to skill.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SkillChange {
    /// Always `UPDATE`.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub change_type: Option<String>,
    /// Skill id.
    #[serde(default, deserialize_with = "crate::common::null_as_default")]
    pub skill: String,
    /// Unmodelled members.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `TTRField`: urgency. Only `CUSTOM` takes `value`; other types use the
/// brand's default.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TtrChange {
    /// TTR type.
    pub ttr_type: TtrType,
    /// Seconds (≥ 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<i64>,
    /// Unmodelled members.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `CSATRate`: legacy one-question survey (consumer, after close).
///
/// lp-messaging-sdk 1.5.4 sends `csatRate` as a string (`"5"`), the schema as
/// a number; both are accepted.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CsatRate {
    /// 1–5.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub csat_rate: Option<StringOrNumber>,
    /// Resolution confirmation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub csat_resolution_confirmation: Option<bool>,
    /// Status (`FILLED` by default in LivePerson's client).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<CsatStatus>,
    /// Unmodelled members.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `DelayField`: off-hours delay (legacy, UNCERTAIN beyond the 2016 form).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DelayChange {
    /// Delay type.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub delay_type: Option<DelayType>,
    /// Epoch ms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub till_when: Option<i64>,
    /// Unmodelled members.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `ManualETTR`: agent-set expected response time.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ManualEttr {
    /// Epoch ms.
    #[serde(default, deserialize_with = "crate::common::null_as_default")]
    pub time: i64,
    /// Unmodelled members.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `Note` and `TopicField` (both carry `note`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct NoteChange {
    /// Free text (≤ 5000 chars for notes).
    #[serde(default, deserialize_with = "crate::common::null_as_default")]
    pub note: String,
    /// Unmodelled members.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `ConversationHandler` (moves the conversation to another handling account;
/// body UNCERTAIN, kept as JSON).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ConversationHandlerChange {
    /// All members except `field`.
    #[serde(flatten)]
    pub fields: Extra,
}

tagged_enum! {
    /// One change of an `UpdateConversationField`, discriminated by `field`.
    pub enum ConversationField (tag = "field") {
        /// `ConversationStateField`: close the conversation.
        ConversationStateField(ConversationStateChange) = "ConversationStateField",
        /// `Stage`: close the whole conversation (no survey).
        Stage(ConversationStateChange) = "Stage",
        /// `DialogChange`: close or create a dialog.
        DialogChange(DialogChange) = "DialogChange",
        /// `ParticipantsChange`.
        ParticipantsChange(ParticipantsChange) = "ParticipantsChange",
        /// `Skill`: transfer to skill.
        Skill(SkillChange) = "Skill",
        /// `TTRField`.
        TtrField(TtrChange) = "TTRField",
        /// `CSATRate`.
        CsatRate(CsatRate) = "CSATRate",
        /// `DelayField`.
        DelayField(DelayChange) = "DelayField",
        /// `ManualETTR`.
        ManualEttr(ManualEttr) = "ManualETTR",
        /// `Note`.
        Note(NoteChange) = "Note",
        /// `TopicField`.
        TopicField(NoteChange) = "TopicField",
        /// `ConversationHandler`.
        ConversationHandler(ConversationHandlerChange) = "ConversationHandler",
    }
}

impl ConversationField {
    /// `{"field":"ConversationStateField","conversationState":"CLOSE"}`.
    pub fn close() -> Self {
        ConversationField::ConversationStateField(ConversationStateChange {
            conversation_state: ConversationState::Close,
            extra: Extra::new(),
        })
    }

    /// `{"field":"DialogChange","type":"UPDATE","dialog":{"dialogId",state:"CLOSE",…}}`.
    pub fn close_dialog(
        dialog_id: impl Into<String>,
        closed_by: Option<CloseReason>,
        closed_cause: Option<String>,
    ) -> Self {
        ConversationField::DialogChange(DialogChange {
            change_type: DialogChangeType::Update,
            dialog_id: None,
            dialog: Some(DialogChangeDialog {
                dialog_id: Some(dialog_id.into()),
                state: Some(ConversationState::Close),
                closed_by,
                closed_cause,
                extra: Extra::new(),
            }),
            extra: Extra::new(),
        })
    }

    /// A `ParticipantsChange` of `user_id` in `role`.
    pub fn participants(
        change_type: ParticipantsChangeType,
        role: ParticipantRole,
        user_id: Option<String>,
    ) -> Self {
        ConversationField::ParticipantsChange(ParticipantsChange {
            change_type,
            role: Some(role),
            user_id,
            dialog_id: None,
            extra: Extra::new(),
        })
    }

    /// `{"field":"Skill","type":"UPDATE","skill":…}`.
    pub fn skill(skill: impl Into<String>) -> Self {
        ConversationField::Skill(SkillChange {
            change_type: Some("UPDATE".into()),
            skill: skill.into(),
            extra: Extra::new(),
        })
    }

    /// `{"field":"TTRField","ttrType":…,"value":…}`.
    pub fn ttr(ttr_type: TtrType, value: i64) -> Self {
        ConversationField::TtrField(TtrChange {
            ttr_type,
            value: Some(value),
            extra: Extra::new(),
        })
    }

    /// `{"field":"Note","note":…}`.
    pub fn note(note: impl Into<String>) -> Self {
        ConversationField::Note(NoteChange {
            note: note.into(),
            extra: Extra::new(),
        })
    }

    /// `{"field":"ManualETTR","time":…}`.
    pub fn manual_ettr(time: i64) -> Self {
        ConversationField::ManualEttr(ManualEttr {
            time,
            extra: Extra::new(),
        })
    }
}

/// What one applied field change does, for choosing the success text: the
/// local platform classifies what it applied, a client what it sends
/// ([`success_text`]), so both follow the same table (`requests.md` §6).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldChange {
    /// The conversation (or its main dialog) closes.
    Close,
    /// A consumer takeover (`REMOVE` + `ADD` of the `CONSUMER`).
    Takeover,
    /// The assigned agent is removed (a transfer, or the agent leaving).
    RemoveAssigned,
    /// A skill change or a `SUGGEST` of an agent.
    Transfer,
    /// A participant is added (join).
    Add,
    /// Another participant is removed.
    Remove,
    /// `CSATRate`.
    Csat,
    /// `Note`.
    Note,
    /// `TTRField`.
    Ttr,
    /// `ManualETTR`.
    ManualEttr,
    /// Anything else (delay, topic, …): no specific text.
    Other,
}

/// The success text for a set of applied changes: the most significant one
/// decides (close, takeover, removal of the assigned agent, transfer, add,
/// other removal, CSAT, note, TTR, manual ETTR). `None` when no change has a
/// known text.
///
/// ```
/// use lpm_protocol::requests::{FieldChange, success_text_for};
/// // A transfer that removes the assigned agent answers with the removal text.
/// assert_eq!(
///     success_text_for(&[FieldChange::Transfer, FieldChange::RemoveAssigned]),
///     Some("OK Agent removed successfully"),
/// );
/// assert_eq!(success_text_for(&[FieldChange::Other]), None);
/// ```
pub fn success_text_for(changes: &[FieldChange]) -> Option<&'static str> {
    use FieldChange as C;
    const ORDER: [(FieldChange, &str); 10] = [
        (C::Close, texts::CONVERSATION_RESOLVED),
        (C::Takeover, texts::AGENT_ADDED),
        (C::RemoveAssigned, texts::AGENT_REMOVED),
        (C::Transfer, texts::SKILL_CHANGED),
        (C::Add, texts::AGENT_ADDED),
        (C::Remove, texts::AGENT_REMOVED),
        (C::Csat, texts::CSAT_PROCESSED),
        (C::Note, texts::NOTE_UPDATED),
        (C::Ttr, texts::TTR_UPDATED),
        (C::ManualEttr, texts::MANUAL_ETTR_UPDATED),
    ];
    ORDER
        .iter()
        .find(|(c, _)| changes.contains(c))
        .map(|(_, text)| *text)
}

impl ConversationField {
    /// How this field counts for the success text (see [`FieldChange`]). A
    /// client cannot tell whether a `REMOVE` names the assigned agent, so
    /// every `REMOVE` counts as [`FieldChange::RemoveAssigned`] (same text).
    pub fn change(&self) -> FieldChange {
        match self {
            ConversationField::ConversationStateField(_)
            | ConversationField::Stage(_)
            | ConversationField::DialogChange(_) => FieldChange::Close,
            ConversationField::ParticipantsChange(p)
                if p.role == Some(ParticipantRole::Consumer) =>
            {
                FieldChange::Takeover
            }
            ConversationField::ParticipantsChange(p) => match p.change_type {
                ParticipantsChangeType::Remove => FieldChange::RemoveAssigned,
                ParticipantsChangeType::Suggest => FieldChange::Transfer,
                _ => FieldChange::Add,
            },
            ConversationField::Skill(_) => FieldChange::Transfer,
            ConversationField::CsatRate(_) => FieldChange::Csat,
            ConversationField::Note(_) => FieldChange::Note,
            ConversationField::TtrField(_) => FieldChange::Ttr,
            ConversationField::ManualEttr(_) => FieldChange::ManualEttr,
            _ => FieldChange::Other,
        }
    }
}

/// The success body UMS answers (and LivePerson's client checks) for a
/// change, per `requests.md` §6; `None` where no text is known. The most
/// significant change decides ([`success_text_for`]): a transfer with a
/// `REMOVE` gives `OK Agent removed successfully`, a skill change without one
/// `Skill changed successfully`, a consumer takeover `OK Agent added
/// successfully` (suggested; the real text is unknown).
///
/// ```
/// use lpm_protocol::requests::{ConversationField, success_text};
/// assert_eq!(success_text(&[ConversationField::close()]), Some("OK Conversation resolved successfully"));
/// ```
pub fn success_text(fields: &[ConversationField]) -> Option<&'static str> {
    let changes: Vec<FieldChange> = fields.iter().map(ConversationField::change).collect();
    success_text_for(&changes)
}
