//! Commands that create a conversation complete once the connection holds it.
//!
//! A brand's `AgentRequestConversation` answer names the new conversation, but the conversation
//! itself reaches the model only with the subscription's notification, which may come after
//! the answer. A conversation handle that says "unknown conversation" right after it was made
//! would surprise every caller, so the command's completion waits until the model holds the
//! conversation, or at most `responseTimeout` after the answer (the request succeeded; the
//! conversation may be outside every subscription's filter, and then its handle reads nothing).
//! `close()` or a permanent failure completes the waits too: the conversation was created.
//!
//! A consumer's own `CreateConversation` needs no wait: its conversation enters the model with
//! the answer (sdk-api §5.2). Both SDKs rely on this and decide nothing themselves.

use super::conversation_waits::ConversationWaits;
use super::*;

/// Commands whose conversation has not reached the model yet.
pub(super) type Arrivals = ConversationWaits<CommandId>;

impl Client {
    /// The answer of `id` named `conversation_id`: its output now when the model holds the
    /// conversation, else `None` and the command completes later ([`Client::check_arrivals`]).
    pub(super) fn await_arrival(
        &mut self,
        now: Time,
        id: CommandId,
        conversation_id: String,
    ) -> Option<CommandOutput> {
        if self.model.conversation(&conversation_id).is_some() {
            return Some(CommandOutput::Conversation { conversation_id });
        }
        let deadline = now.plus_ms(self.cfg.response_timeout);
        self.arrivals.push(id, conversation_id, deadline);
        None
    }

    /// Completes the waits whose conversation is in the model or whose time is up.
    pub(super) fn check_arrivals(&mut self, now: Time) {
        let model = &self.model;
        let done = self
            .arrivals
            .take_where(|c, deadline| deadline <= now || model.conversation(c).is_some());
        for (id, conversation_id) in done {
            self.complete(id, Ok(CommandOutput::Conversation { conversation_id }));
        }
    }

    /// `close()` or a permanent failure: the conversations were created, so the commands
    /// succeed with what they have.
    pub(super) fn finish_arrivals(&mut self) {
        for (id, conversation_id) in self.arrivals.take_where(|_, _| true) {
            self.complete(id, Ok(CommandOutput::Conversation { conversation_id }));
        }
    }
}
