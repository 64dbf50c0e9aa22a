//! `ringConversationTimeout`: after `ring.accept()` succeeds the conversation should arrive
//! through the conversation subscription; if it is not in the model within
//! `ringConversationTimeout` ms, an `error` event says so ([`Error::RingConversationTimeout`]).
//!
//! LivePerson documents the option nowhere (sdk-api §2 infers "how long, after a ring is
//! accepted, the SDK waits for the conversation to appear"); this is our reading of it. The
//! accept itself has already succeeded, so nothing is undone: the error is a warning that
//! the agent is assigned to a conversation this connection does not see (e.g. its
//! subscription query leaves it out). `0` disables the check.

use super::conversation_waits::ConversationWaits;
use super::*;

/// Accepted rings (by ring id) whose conversation has not been checked for yet.
pub(super) type RingWaits = ConversationWaits<String>;

impl Client {
    /// A domain command succeeded: when it accepted a ring, start waiting for its conversation.
    pub(super) fn watch_accepted_ring(&mut self, now: Time, cmd: &mc::Command) {
        let accepted = cmd.message_type == MessageType::UpdateRingState
            && cmd.body.get("ringState").and_then(Value::as_str) == Some("ACCEPTED");
        let timeout = self.cfg.ring_conversation_timeout;
        let (true, Some(conv), Some(ring)) = (
            accepted && timeout > 0,
            cmd.conversation_id.clone(),
            cmd.body.get("ringId").and_then(Value::as_str),
        ) else {
            return;
        };
        self.ring_waits
            .push(ring.to_owned(), conv, now.plus_ms(timeout));
    }

    /// Checks the waits that are due: the conversation is there, or an `error` event.
    pub(super) fn check_ring_waits(&mut self, now: Time) {
        for (ring_id, conversation_id) in self.ring_waits.take_where(|_, deadline| deadline <= now)
        {
            if self.model.conversation(&conversation_id).is_none() {
                self.emit(Event::Error {
                    error: Error::RingConversationTimeout {
                        ring_id,
                        conversation_id,
                        timeout_ms: self.cfg.ring_conversation_timeout,
                    },
                });
            }
        }
    }
}
