//! Consumer step-up: authenticated token, new socket, takeover.

use super::*;

impl Client {
    /// `stepUp` / `mockStepUp` (`operation`): `code` is what the connector gets as `code`.
    pub(super) fn step_up(
        &mut self,
        now: Time,
        id: CommandId,
        operation: &str,
        connector: String,
        code: Secret,
    ) -> Result<(), Error> {
        if !matches!(self.phase, Phase::Live { .. }) {
            return Err(Error::InvalidState {
                operation: operation.into(),
                state: self.current_state().to_string(),
            });
        }
        if self.jwt.is_none() {
            return Err(Error::Invalid {
                command: operation.into(),
                message: "no current consumer token to step up".into(),
            });
        }
        // Drop the socket ourselves and reconnect with the authenticated identity.
        self.keepalive.stop();
        for p in self.tracker.drain() {
            let request_type = p.type_name.clone();
            self.fail_purpose(p.purpose, Error::ConnectionLost { request_type });
        }
        self.close_socket(1000, "step-up");
        self.subs.disconnected();
        let goal = Goal::StepUp {
            cmd: id,
            code: Some((connector, code)),
            previous_user: self.user_id.clone(),
            dropped_at: now,
        };
        let attempt = self.new_attempt(now, goal);
        self.enter(Phase::Connecting(attempt));
        self.advance(now);
        Ok(())
    }

    /// Moves the conversations of the identity before the step-up to the new one.
    pub(super) fn take_over(&mut self, now: Time, previous_user: Option<String>) {
        let (Some(old), Some(new)) = (previous_user, self.user_id.clone()) else {
            return;
        };
        if old == new {
            return;
        }
        let mut convs: Vec<String> = self.subs.messaging.keys().map(|(c, _)| c.clone()).collect();
        convs.dedup();
        for c in convs {
            self.send_own(
                now,
                MessageType::UpdateConversationField,
                json!({"conversationId": c, "conversationField": [
                    {"field":"ParticipantsChange","userId": old,"role":"CONSUMER","type":"REMOVE"},
                    {"field":"ParticipantsChange","userId": new,"role":"CONSUMER","type":"ADD"}]}),
                Purpose::Takeover,
            );
        }
    }
}
