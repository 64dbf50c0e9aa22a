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
        if self.state != ConnectionState::Connected {
            return Err(Error::InvalidState {
                operation: operation.into(),
                state: self.state.to_string(),
            });
        }
        if self.jwt.is_none() {
            return Err(Error::Invalid {
                command: operation.into(),
                message: "no current consumer token to step up".into(),
            });
        }
        self.step_up_cmd = Some(id);
        self.step_up_code = Some((connector, code));
        self.previous_user_id = self.user_id.clone();
        // Drop the socket ourselves and reconnect with the authenticated identity.
        self.keepalive.stop();
        for p in self.tracker.drain() {
            let request_type = p.type_name.clone();
            self.fail_purpose(p.purpose, Error::ConnectionLost { request_type });
        }
        if let Some(s) = self.socket.take() {
            self.transmits.push_back(Transmit::CloseSocket {
                id: s.id,
                code: 1000,
                reason: "step-up".into(),
            });
        }
        self.subs.disconnected();
        self.dropped_at = Some(now);
        self.set_state(ConnectionState::Connecting);
        self.start_series(now, Series::StepUp);
        Ok(())
    }

    pub(super) fn take_over(&mut self, now: Time) {
        let (Some(old), Some(new)) = (self.previous_user_id.take(), self.user_id.clone()) else {
            return;
        };
        if old == new {
            return;
        }
        let mut convs: Vec<String> = self.subs.messaging.keys().map(|(c, _)| c.clone()).collect();
        convs.dedup();
        let name = self.name_of(MessageType::UpdateConversationField);
        for c in convs {
            self.send_now(
                now,
                Outgoing {
                    type_name: name.clone(),
                    body: json!({"conversationId": c, "conversationField": [
                        {"field":"ParticipantsChange","userId": old,"role":"CONSUMER","type":"REMOVE"},
                        {"field":"ParticipantsChange","userId": new,"role":"CONSUMER","type":"ADD"}]}),
                    headers: None,
                    metadata: None,
                    purpose: Purpose::Takeover,
                },
            );
        }
    }
}
