//! [`Participant`]: someone in a dialog, in one role.

use lpm_core::connection::Command;
use lpm_core::model::{ChatState, ParticipantRole, ParticipantState};
use serde_json::Value;

use crate::connection::Connection;
use crate::error::Result;

/// A participant of a dialog (a user id in a role).
///
/// ```no_run
/// # async fn demo(c: lp_messaging_sdk::Conversation) -> lp_messaging_sdk::Result<()> {
/// if let Some(consumer) = c.consumer() {
///     let profile = consumer.get_user_profile().await?;
/// }
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Participant {
    conn: Connection,
    conversation_id: String,
    dialog_id: String,
    user_id: String,
    role: ParticipantRole,
}

impl std::fmt::Debug for Participant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Participant")
            .field("user_id", &self.user_id)
            .field("role", &self.role)
            .finish()
    }
}

impl Participant {
    pub(crate) fn new(
        conn: Connection,
        conversation_id: String,
        dialog_id: String,
        user_id: String,
        role: ParticipantRole,
    ) -> Participant {
        Participant {
            conn,
            conversation_id,
            dialog_id,
            user_id,
            role,
        }
    }

    fn read<R>(&self, f: impl FnOnce(&lpm_core::model::Participant) -> R) -> Option<R> {
        self.conn.read(|c| {
            let d = c.model().dialog(&self.dialog_id)?;
            let p = d
                .participants
                .iter()
                .find(|p| p.is(&self.user_id) && p.role == self.role)
                .or_else(|| d.any_participant(&self.user_id))?;
            Some(f(p))
        })
    }

    /// The user id (consumer id, or agent participant id).
    ///
    /// ```no_run
    /// # fn demo(p: lp_messaging_sdk::Participant) { println!("{}", p.user_id()); }
    /// ```
    pub fn user_id(&self) -> &str {
        &self.user_id
    }

    /// The role.
    ///
    /// ```no_run
    /// # fn demo(p: lp_messaging_sdk::Participant) { println!("{}", p.role()); }
    /// ```
    pub fn role(&self) -> &ParticipantRole {
        &self.role
    }

    /// The conversation id.
    ///
    /// ```no_run
    /// # fn demo(p: lp_messaging_sdk::Participant) { println!("{}", p.conversation_id()); }
    /// ```
    pub fn conversation_id(&self) -> &str {
        &self.conversation_id
    }

    /// The agent id `{accountId}.{userId}` (agents, when known).
    ///
    /// ```no_run
    /// # fn demo(p: lp_messaging_sdk::Participant) { println!("{:?}", p.agent_id()); }
    /// ```
    pub fn agent_id(&self) -> Option<String> {
        self.read(|p| p.agent_id.clone()).flatten()
    }

    /// `ACTIVE`, `SUGGESTED` or `REMOVED`.
    ///
    /// ```no_run
    /// # fn demo(p: lp_messaging_sdk::Participant) { println!("{:?}", p.state()); }
    /// ```
    pub fn state(&self) -> Option<ParticipantState> {
        self.read(|p| p.state.clone())
    }

    /// The last chat state seen (typing, …).
    ///
    /// ```no_run
    /// # fn demo(p: lp_messaging_sdk::Participant) { println!("{:?}", p.chat_state()); }
    /// ```
    pub fn chat_state(&self) -> Option<ChatState> {
        self.read(|p| p.chat_state.clone())
    }

    /// `true` when this participant is the connection's own user.
    ///
    /// ```no_run
    /// # fn demo(p: lp_messaging_sdk::Participant) { println!("{}", p.is_me()); }
    /// ```
    pub fn is_me(&self) -> bool {
        self.conn.read(|c| c.model().viewer().is(&self.user_id))
    }

    /// Reads the participant's profile (consumers may read only their own).
    ///
    /// ```no_run
    /// # async fn demo(p: lp_messaging_sdk::Participant) -> lp_messaging_sdk::Result<()> {
    /// let profile = p.get_user_profile().await?;
    /// # Ok(()) }
    /// ```
    pub async fn get_user_profile(&self) -> Result<Value> {
        let me = self.is_me();
        let user_id = if me && self.conn.user_type() == lpm_core::connection::UserType::Consumer {
            None
        } else {
            Some(self.agent_id().unwrap_or_else(|| self.user_id.clone()))
        };
        match self.conn.run(Command::GetUserProfile { user_id }).await? {
            lpm_core::connection::CommandOutput::UserProfile { profile } => Ok(profile),
            lpm_core::connection::CommandOutput::Body { body } => Ok(body),
            _ => Ok(Value::Null),
        }
    }
}
