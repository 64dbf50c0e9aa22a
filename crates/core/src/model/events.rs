//! The user events a model update means (sdk-api §5.4, §6.3, §7.3, §8, §10, §11).
//!
//! Events carry ids, not copies: the facades (Rust and JavaScript) look the objects up in the
//! [`super::Model`] when they deliver the event, so what a listener sees is the current state.

use serde::{Deserialize, Serialize};

use super::enums::{AgentState, ChatState, ParticipantRole, ParticipantState, RingState, TtrType};

/// Which object emits an event first (sdk-api §14: dialog events bubble to the conversation,
/// conversation events to the connection as `conversation:<name>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Emitter {
    /// The connection.
    Connection,
    /// A conversation.
    Conversation,
    /// A dialog.
    Dialog,
    /// A participant.
    Participant,
    /// A ring.
    Ring,
}

/// One user event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    tag = "event",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum ModelEvent {
    /// `conversation`: first time any subscription saw this conversation.
    Conversation {
        /// Conversation id.
        conversation_id: String,
    },
    /// `conversation-deleted`: a (re-)subscription snapshot no longer holds a cached conversation.
    ConversationDeleted {
        /// Conversation id.
        conversation_id: String,
    },
    /// `message`: a new content or structured-content message.
    Message {
        /// Conversation id.
        conversation_id: String,
        /// Dialog id.
        dialog_id: String,
        /// The message's sequence.
        sequence: u64,
        /// `true` when it came from loaded history (QueryMessages or the first messaging
        /// notification after subscribing) rather than live.
        history: bool,
    },
    /// `message-delivery-event`: receipts changed the delivery status of these messages.
    MessageDeliveryEvent {
        /// Conversation id.
        conversation_id: String,
        /// Dialog id.
        dialog_id: String,
        /// Sequences of the messages whose receipts changed.
        sequences: Vec<u64>,
    },
    /// `close`: the conversation's stage became `CLOSE`.
    Close {
        /// Conversation id.
        conversation_id: String,
    },
    /// `transfer-skill`: the skill changed and no assigned agent remains.
    TransferSkill {
        /// Conversation id.
        conversation_id: String,
        /// The new skill.
        skill_id: String,
    },
    /// `transfer-agent`: an assigned agent was suggested (agent-to-agent transfer).
    TransferAgent {
        /// Conversation id.
        conversation_id: String,
        /// Dialog id.
        dialog_id: String,
        /// The suggested agent (user id as in the dialog).
        user_id: String,
    },
    /// `back-to-queue`: the assigned agent left, nobody replaced them, same skill.
    BackToQueue {
        /// Conversation id.
        conversation_id: String,
    },
    /// `participant-added` (`{participant, context: {previouslySuggested}}`).
    ParticipantAdded {
        /// Conversation id.
        conversation_id: String,
        /// Dialog id.
        dialog_id: String,
        /// The participant.
        user_id: String,
        /// Its role.
        role: ParticipantRole,
        /// It was suggested before (a transfer-to-agent was accepted).
        previously_suggested: bool,
    },
    /// `participant-removed`: an active participant left (kept as a removed participant).
    ParticipantRemoved {
        /// Conversation id.
        conversation_id: String,
        /// Dialog id.
        dialog_id: String,
        /// The participant.
        user_id: String,
        /// The role it left.
        role: ParticipantRole,
    },
    /// `participant-suggested`.
    ParticipantSuggested {
        /// Conversation id.
        conversation_id: String,
        /// Dialog id.
        dialog_id: String,
        /// The participant.
        user_id: String,
        /// Its role.
        role: ParticipantRole,
    },
    /// `participant-suggested-removed`: a suggestion was withdrawn.
    ParticipantSuggestedRemoved {
        /// Conversation id.
        conversation_id: String,
        /// Dialog id.
        dialog_id: String,
        /// The participant.
        user_id: String,
        /// Its role.
        role: ParticipantRole,
    },
    /// `consumer-step-up` (`{previousConsumer, consumer}`): the consumer participant was
    /// replaced (authenticated takeover).
    ConsumerStepUp {
        /// Conversation id.
        conversation_id: String,
        /// Dialog id.
        dialog_id: String,
        /// The previous consumer's id (now a removed participant).
        previous_consumer: String,
        /// The new consumer's id.
        consumer: String,
    },
    /// `skill-change` (`{prevSkillId, newSkillId}`) — in this order, unlike LivePerson's 1.5.4.
    SkillChange {
        /// Conversation id.
        conversation_id: String,
        /// The skill before.
        prev_skill_id: String,
        /// The skill now.
        new_skill_id: String,
    },
    /// `group-change` (`{prevGroupId, newGroupId}`).
    GroupChange {
        /// Conversation id.
        conversation_id: String,
        /// The group before.
        prev_group_id: Option<String>,
        /// The group now.
        new_group_id: Option<String>,
    },
    /// `ttr-change` (`{ttrValue, ttrType, ttrEffective}`).
    TtrChange {
        /// Conversation id.
        conversation_id: String,
        /// TTR type.
        ttr_type: Option<TtrType>,
        /// TTR value (s).
        ttr_value: Option<i64>,
        /// Effective TTR (epoch ms).
        ttr_effective: Option<i64>,
    },
    /// `manual-ettr-change` (`{ttrEffectiveManual, ttrEffective}`).
    ManualEttrChange {
        /// Conversation id.
        conversation_id: String,
        /// Manual ETTR (epoch ms).
        ttr_effective_manual: Option<i64>,
        /// Effective TTR (epoch ms).
        ttr_effective: Option<i64>,
    },
    /// `dialog`: a new dialog appeared in a known conversation.
    Dialog {
        /// Conversation id.
        conversation_id: String,
        /// Dialog id.
        dialog_id: String,
    },
    /// `dialog:close` (bubbles as `conversation:dialog:close`).
    DialogClose {
        /// Conversation id.
        conversation_id: String,
        /// Dialog id.
        dialog_id: String,
    },
    /// `notification-ignored`: a duplicate conversation notification.
    NotificationIgnored {
        /// Conversation id.
        conversation_id: String,
    },
    /// `notification-out-of-order`: older than what the model holds; dropped.
    NotificationOutOfOrder {
        /// Conversation id.
        conversation_id: String,
        /// The dialog, when only a dialog's update was out of order.
        dialog_id: Option<String>,
    },
    /// Participant `chatStateChange`.
    ChatStateChange {
        /// Conversation id.
        conversation_id: String,
        /// Dialog id.
        dialog_id: String,
        /// The participant.
        user_id: String,
        /// New chat state.
        chat_state: ChatState,
    },
    /// Participant `roleChange`: the same user now holds a different (single) role.
    RoleChange {
        /// Conversation id.
        conversation_id: String,
        /// Dialog id.
        dialog_id: String,
        /// The participant.
        user_id: String,
        /// The role before.
        prev_role: ParticipantRole,
        /// The role now.
        role: ParticipantRole,
    },
    /// Participant `stateChange` (e.g. `SUGGESTED` → `ACTIVE`, or → `REMOVED`).
    StateChange {
        /// Conversation id.
        conversation_id: String,
        /// Dialog id.
        dialog_id: String,
        /// The participant.
        user_id: String,
        /// Its role.
        role: ParticipantRole,
        /// New state.
        state: ParticipantState,
    },
    /// `ring`: a new routing task for this agent.
    Ring {
        /// Ring id.
        ring_id: String,
    },
    /// Ring `accepted` / `rejected` / `cancelled` / `expired` (see [`ModelEvent::name`]).
    RingStateChange {
        /// Ring id.
        ring_id: String,
        /// The new state.
        ring_state: RingState,
    },
    /// Agent state notification: an agent's availability changed.
    AgentStateChange {
        /// `agentUserId` (old id).
        agent_id: String,
        /// New availability.
        agent_state: AgentState,
    },
    /// `skill-entered-work-hours`.
    SkillEnteredWorkHours {
        /// Skill id.
        skill_id: String,
    },
    /// `skill-entered-off-hours`.
    SkillEnteredOffHours {
        /// Skill id.
        skill_id: String,
    },
    /// `error`: input the model could not use (malformed or unexpected); nothing was applied
    /// for the part it names.
    Error {
        /// The conversation concerned, if known.
        conversation_id: Option<String>,
        /// What was wrong.
        message: String,
    },
}

impl ModelEvent {
    /// The event name as the JavaScript API spells it.
    ///
    /// ```
    /// use lpm_core::model::{ModelEvent, RingState};
    /// let e = ModelEvent::RingStateChange { ring_id: "r".into(), ring_state: RingState::Accepted };
    /// assert_eq!(e.name(), "accepted");
    /// ```
    pub fn name(&self) -> &'static str {
        match self {
            ModelEvent::Conversation { .. } => "conversation",
            ModelEvent::ConversationDeleted { .. } => "conversation-deleted",
            ModelEvent::Message { .. } => "message",
            ModelEvent::MessageDeliveryEvent { .. } => "message-delivery-event",
            ModelEvent::Close { .. } => "close",
            ModelEvent::TransferSkill { .. } => "transfer-skill",
            ModelEvent::TransferAgent { .. } => "transfer-agent",
            ModelEvent::BackToQueue { .. } => "back-to-queue",
            ModelEvent::ParticipantAdded { .. } => "participant-added",
            ModelEvent::ParticipantRemoved { .. } => "participant-removed",
            ModelEvent::ParticipantSuggested { .. } => "participant-suggested",
            ModelEvent::ParticipantSuggestedRemoved { .. } => "participant-suggested-removed",
            ModelEvent::ConsumerStepUp { .. } => "consumer-step-up",
            ModelEvent::SkillChange { .. } => "skill-change",
            ModelEvent::GroupChange { .. } => "group-change",
            ModelEvent::TtrChange { .. } => "ttr-change",
            ModelEvent::ManualEttrChange { .. } => "manual-ettr-change",
            ModelEvent::Dialog { .. } => "dialog",
            ModelEvent::DialogClose { .. } => "dialog:close",
            ModelEvent::NotificationIgnored { .. } => "notification-ignored",
            ModelEvent::NotificationOutOfOrder { .. } => "notification-out-of-order",
            ModelEvent::ChatStateChange { .. } => "chatStateChange",
            ModelEvent::RoleChange { .. } => "roleChange",
            ModelEvent::StateChange { .. } => "stateChange",
            ModelEvent::Ring { .. } => "ring",
            ModelEvent::RingStateChange { ring_state, .. } => match ring_state {
                RingState::Accepted => "accepted",
                RingState::Rejected => "rejected",
                RingState::Cancelled => "cancelled",
                RingState::Expired => "expired",
                RingState::Waiting => "waiting",
                RingState::Unknown(_) => "ring-state-change",
            },
            ModelEvent::AgentStateChange { .. } => "agent-state",
            ModelEvent::SkillEnteredWorkHours { .. } => "skill-entered-work-hours",
            ModelEvent::SkillEnteredOffHours { .. } => "skill-entered-off-hours",
            ModelEvent::Error { .. } => "error",
        }
    }

    /// Which object emits the event first (before bubbling, sdk-api §14).
    pub fn emitter(&self) -> Emitter {
        match self {
            ModelEvent::Conversation { .. }
            | ModelEvent::Ring { .. }
            | ModelEvent::AgentStateChange { .. }
            | ModelEvent::SkillEnteredWorkHours { .. }
            | ModelEvent::SkillEnteredOffHours { .. }
            | ModelEvent::Error { .. } => Emitter::Connection,
            ModelEvent::Message { .. }
            | ModelEvent::MessageDeliveryEvent { .. }
            | ModelEvent::ParticipantAdded { .. }
            | ModelEvent::ParticipantRemoved { .. }
            | ModelEvent::ParticipantSuggested { .. }
            | ModelEvent::ParticipantSuggestedRemoved { .. }
            | ModelEvent::TransferAgent { .. }
            | ModelEvent::DialogClose { .. } => Emitter::Dialog,
            ModelEvent::ChatStateChange { .. }
            | ModelEvent::RoleChange { .. }
            | ModelEvent::StateChange { .. } => Emitter::Participant,
            ModelEvent::RingStateChange { .. } => Emitter::Ring,
            _ => Emitter::Conversation,
        }
    }

    /// The conversation the event concerns, if any.
    pub fn conversation_id(&self) -> Option<&str> {
        use ModelEvent as E;
        match self {
            E::Conversation { conversation_id }
            | E::ConversationDeleted { conversation_id }
            | E::Message {
                conversation_id, ..
            }
            | E::MessageDeliveryEvent {
                conversation_id, ..
            }
            | E::Close { conversation_id }
            | E::TransferSkill {
                conversation_id, ..
            }
            | E::TransferAgent {
                conversation_id, ..
            }
            | E::BackToQueue { conversation_id }
            | E::ParticipantAdded {
                conversation_id, ..
            }
            | E::ParticipantRemoved {
                conversation_id, ..
            }
            | E::ParticipantSuggested {
                conversation_id, ..
            }
            | E::ParticipantSuggestedRemoved {
                conversation_id, ..
            }
            | E::ConsumerStepUp {
                conversation_id, ..
            }
            | E::SkillChange {
                conversation_id, ..
            }
            | E::GroupChange {
                conversation_id, ..
            }
            | E::TtrChange {
                conversation_id, ..
            }
            | E::ManualEttrChange {
                conversation_id, ..
            }
            | E::Dialog {
                conversation_id, ..
            }
            | E::DialogClose {
                conversation_id, ..
            }
            | E::NotificationIgnored { conversation_id }
            | E::NotificationOutOfOrder {
                conversation_id, ..
            }
            | E::ChatStateChange {
                conversation_id, ..
            }
            | E::RoleChange {
                conversation_id, ..
            }
            | E::StateChange {
                conversation_id, ..
            } => Some(conversation_id),
            E::Error {
                conversation_id, ..
            } => conversation_id.as_deref(),
            E::Ring { .. }
            | E::RingStateChange { .. }
            | E::AgentStateChange { .. }
            | E::SkillEnteredWorkHours { .. }
            | E::SkillEnteredOffHours { .. } => None,
        }
    }
}
