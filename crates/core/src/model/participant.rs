//! Participants of a dialog (sdk-api §10).

use serde::{Deserialize, Serialize};

use super::enums::{ChatState, ParticipantRole, ParticipantState};

/// One participant of one dialog, in one role.
///
/// The same user may hold two roles at once (e.g. `ASSIGNED_AGENT` and `READER`), so a dialog
/// keys its participants by `(user_id, role)`.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Participant {
    /// The UMS user id: the consumer id, or an agent's PID. A suggested agent that the
    /// notification names only by its old id carries that old id here as well.
    pub user_id: String,
    /// The agent's old id `{accountId}.{userId}`; `None` for consumers and for agents the
    /// notification named only by PID.
    pub agent_id: Option<String>,
    /// Role in the dialog.
    pub role: ParticipantRole,
    /// `ACTIVE`, `SUGGESTED`, or `REMOVED` once gone.
    pub state: ParticipantState,
    /// Last chat state seen (default `ACTIVE`).
    pub chat_state: ChatState,
}

impl Participant {
    /// A new active participant with the default chat state.
    pub fn new(user_id: impl Into<String>, role: ParticipantRole) -> Participant {
        Participant {
            user_id: user_id.into(),
            agent_id: None,
            role,
            state: ParticipantState::Active,
            chat_state: ChatState::Active,
        }
    }

    /// `true` if `id` names this participant, by user id (PID / consumer id) or by old id.
    ///
    /// Brand notifications mix the two forms (notifications.md §2.5), so identity checks
    /// compare against both.
    ///
    /// ```
    /// use lpm_core::model::{Participant, ParticipantRole};
    /// let mut p = Participant::new("pid-1", ParticipantRole::AssignedAgent);
    /// p.agent_id = Some("123.456".into());
    /// assert!(p.is("pid-1") && p.is("123.456") && !p.is("other"));
    /// ```
    pub fn is(&self, id: &str) -> bool {
        self.user_id == id || self.agent_id.as_deref() == Some(id)
    }

    /// `true` for an `ACTIVE` participant.
    pub fn is_active(&self) -> bool {
        self.state == ParticipantState::Active
    }

    /// `true` for a `SUGGESTED` participant.
    pub fn is_suggested(&self) -> bool {
        self.state == ParticipantState::Suggested
    }

    /// `true` if this is the consumer.
    pub fn is_consumer(&self) -> bool {
        self.role == ParticipantRole::Consumer
    }

    /// `true` if this is the active assigned agent.
    pub fn is_assigned_agent(&self) -> bool {
        self.role == ParticipantRole::AssignedAgent && self.is_active()
    }

    /// Whether `id` looks like an agent old id `{accountId}.{digits}`.
    ///
    /// Used to tell old ids from PIDs where the notification does not say which it is (a
    /// suggested agent on a consumer socket).
    pub fn looks_like_old_id(id: &str) -> bool {
        match id.rsplit_once('.') {
            Some((acct, user)) => {
                !acct.is_empty() && !user.is_empty() && user.bytes().all(|b| b.is_ascii_digit())
            }
            None => false,
        }
    }
}
