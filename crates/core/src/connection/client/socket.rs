//! Socket input: opened, failed, closed, text frames.

use super::*;

impl Client {
    /// The socket `id` is open.
    pub fn handle_socket_opened(&mut self, now: Time, id: SocketId) {
        // Only an attempt's socket opens; anything else is a stray input.
        let Some(s) = self
            .phase
            .attempt_mut()
            .and_then(|a| a.socket.as_mut())
            .filter(|s| s.id == id && !s.opened)
        else {
            return;
        };
        s.opened = true;
        self.time_socket_result(now, id, None);
        let (mt, body, headers) = match self.cfg.user_type {
            UserType::Consumer => {
                let mut props = json!({"type": ".ams.headers.ClientProperties"});
                if let (Some(obj), Some(Value::Object(p))) =
                    (props.as_object_mut(), &self.cfg.client_properties)
                {
                    for (k, v) in p {
                        if k != "type" {
                            obj.insert(k.clone(), v.clone());
                        }
                    }
                }
                let jwt = self
                    .jwt
                    .as_ref()
                    .map(|j| j.expose().to_owned())
                    .unwrap_or_default();
                let headers =
                    json!([{"type": ".ams.headers.ConsumerAuthentication", "jwt": jwt}, props]);
                (MessageType::InitConnection, json!({}), Some(headers))
            }
            UserType::Brand => {
                let agent = self.agent_id.clone().unwrap_or_default();
                (MessageType::GetUserProfile, json!({"userId": agent}), None)
            }
        };
        let type_name = self.name_of(mt);
        self.send_now(
            now,
            Outgoing {
                type_name,
                body,
                headers,
                metadata: None,
                purpose: Purpose::Verify,
            },
        );
    }

    /// The socket `id` could not be opened (upgrade refused, network failure).
    pub fn handle_socket_failed(&mut self, now: Time, id: SocketId, failure: SocketFailure) {
        if !self.is_current_socket(id) {
            return;
        }
        self.phase.take_socket();
        if matches!(self.phase, Phase::Live { .. }) {
            // A driver that reports an open socket as failed: it is gone all the same.
            self.on_drop(now, 1006, "the socket failed".into(), false);
            return;
        }
        let why = match &failure {
            SocketFailure::UpgradeRefused { status } => format!("upgrade refused ({status})"),
            SocketFailure::Network { message, .. } => message.clone(),
        };
        self.time_socket_result(now, id, Some(&why));
        let err = match failure {
            SocketFailure::UpgradeRefused { status: 401 | 403 } => {
                self.declare_token_invalid(TokenSource::WebsocketOpen);
                if self.token_was_fresh() {
                    let err = Error::Auth {
                        step: AuthStep::Socket,
                        status: Some(401),
                        code: None,
                        message: "the messaging socket refused a token just issued".into(),
                    };
                    self.fresh_token_refused(now, err);
                    return;
                } else if let Some(e) = self.given_token_refused(401) {
                    e
                } else {
                    // A reused token was refused: drop it and get a new one right away.
                    self.drop_token();
                    self.advance(now);
                    return;
                }
            }
            SocketFailure::UpgradeRefused { status } => Error::Socket {
                what: "upgrade refused".into(),
                code: Some(status),
                reason: None,
            },
            SocketFailure::Network {
                message,
                certificate: true,
            } => Error::Certificate {
                service: "messaging socket".into(),
                message: self.scrubbed(&message),
            },
            SocketFailure::Network { message, .. } => Error::Socket {
                what: "could not be opened".into(),
                code: None,
                reason: Some(self.scrubbed(&message)),
            },
        };
        self.attempt_failed(now, err);
    }

    /// `true` when the token the socket refused was obtained (or proven alive) during this
    /// attempt: getting another one would loop, so the refusal is an authentication error.
    pub(super) fn token_was_fresh(&self) -> bool {
        self.jwt_fresh
    }

    /// The consumer token given in the options (`token`, to resume an identity) was refused
    /// before the connection was ever established. Starting over as a new consumer would
    /// silently lose that identity's conversations, so the attempt fails with this error
    /// instead (`open()` rejects) and the caller decides. Once the connection has been up, a
    /// refused token is replaced as before (`token-invalid`, then a new token).
    pub(super) fn given_token_refused(&self, status: u16) -> Option<Error> {
        let given = self.cfg.user_type == UserType::Consumer
            && !self.phase.connected_before()
            && self.jwt.is_some()
            && self.jwt == self.cfg.token;
        given.then(|| Error::Auth {
            step: AuthStep::Socket,
            status: Some(status),
            code: None,
            message: "the consumer token given in the options (`token`) was refused: it expired, \
                      was revoked or is not this account's. Leave `token` out to start as a new \
                      consumer (the old identity's conversations stay with the old identity)"
                .into(),
        })
    }

    pub(super) fn drop_token(&mut self) {
        match self.cfg.user_type {
            UserType::Consumer => {
                self.jwt = None;
                // Kept to be refreshed when the next LP JWT is needed.
                if let Some(t) = self.external_token.take() {
                    self.spent_external_token = Some(t);
                }
            }
            UserType::Brand => {
                self.brand.drop_session();
            }
        }
    }

    /// The socket `id` closed (by the server or the network).
    pub fn handle_socket_closed(&mut self, now: Time, id: SocketId, code: u16, reason: &str) {
        let opened = match &self.phase {
            Phase::Live { socket: Some(s) } if *s == id => true,
            Phase::Connecting(Attempt {
                socket: Some(s), ..
            }) if s.id == id => s.opened,
            _ => return,
        };
        let live = matches!(self.phase, Phase::Live { .. });
        self.phase.take_socket();
        if !opened {
            self.time_socket_result(now, id, Some(&format!("closed before opening ({code})")));
        }
        let reason = self.scrubbed(reason);
        let auth_code = AUTH_CLOSE_CODES.contains(&code)
            || (code == 1005 && reason.contains("identity token is invalid"));
        if live {
            self.on_drop(now, code, reason, auth_code);
            return;
        }
        // Closed while connecting.
        if auth_code {
            self.declare_token_invalid(TokenSource::WebsocketOpen);
            if let Some(e) = self.given_token_refused(code) {
                self.attempt_failed(now, e);
                return;
            }
            if !self.token_was_fresh() {
                self.drop_token();
                self.advance(now);
                return;
            }
            let err = Error::Auth {
                step: AuthStep::Socket,
                status: Some(code),
                code: None,
                message: format!("Authentication failure - Invalid Token ({reason})"),
            };
            self.fresh_token_refused(now, err);
            return;
        }
        let what = if opened {
            "was established, but immediately closed"
        } else {
            "closed before opening"
        };
        self.attempt_failed(
            now,
            Error::Socket {
                what: what.into(),
                code: Some(code),
                reason: Some(reason),
            },
        );
    }

    /// An unexpected close of a connected socket.
    pub(super) fn on_drop(&mut self, now: Time, code: u16, reason: String, auth_code: bool) {
        self.keepalive.stop();
        // A user's request still waiting for its answer is sent again after the reconnect,
        // before anything queued since: its caller (often one that does not await, as the
        // seed's bots do) sees it complete instead of a rejection. A publish to a followed
        // dialog is held until that dialog's gap answer shows whether the platform already
        // took it (`gap.rs`); other requests are at-least-once. The core's own requests
        // (subscriptions, keep-alives, recovery) are redone by the reconnect itself.
        let mut again = Vec::new();
        for p in self.tracker.drain() {
            match p.resend {
                Some(r) if self.cfg.maintain_connection => again.push(Outgoing {
                    type_name: r.type_name,
                    body: r.body,
                    headers: r.headers,
                    metadata: r.metadata,
                    purpose: p.purpose,
                }),
                _ => {
                    let request_type = p.type_name;
                    self.fail_purpose(p.purpose, Error::ConnectionLost { request_type });
                }
            }
        }
        // After the drained gap queries have let go of their held events (`on_missed_failed`).
        self.hold_from_drop();
        // A publish to a dialog whose missed events will be fetched waits for that answer: if
        // the platform carried it out before the drop, the answer shows it and it is not sent
        // twice (`gap::confirm_publishes`).
        let again = again
            .into_iter()
            .map(|o| {
                let hold = publish_dialog(&o.purpose)
                    .filter(|d| self.gaps.recovering(d))
                    .map(|d| Hold {
                        dialog: d.to_owned(),
                        in_flight: true,
                    });
                (o, hold)
            })
            .collect();
        self.queue
            .requeue_front(again, now.plus_ms(self.cfg.request_queue_timeout));
        self.subs.disconnected();
        if auth_code {
            self.declare_token_invalid(TokenSource::WebsocketClose);
            self.drop_token();
        }
        if !self.cfg.maintain_connection {
            self.shutdown(
                Error::Socket {
                    what: "closed".into(),
                    code: Some(code),
                    reason: Some(reason.clone()),
                },
                None,
            );
            self.enter(Phase::Ended {
                failed: false,
                connected_before: true,
            });
            self.emit(Event::Close { code, reason });
            return;
        }
        let attempt = self.new_attempt(now, Goal::Reconnect { dropped_at: now });
        self.enter(Phase::Connecting(attempt));
        self.emit(Event::Disconnect { code, reason });
        self.report_retry_wait(self.cfg.wait_to_reconnect);
    }

    /// One text frame arrived on socket `id`.
    pub fn handle_socket_text(&mut self, now: Time, id: SocketId, text: &str) {
        if !self.is_current_socket(id) {
            return;
        }
        // Parsed once; the raw `notification` event gets the parsed frame back after use.
        let value: Value = match serde_json::from_str(text) {
            Ok(v) => v,
            Err(e) => {
                let e = lpm_protocol::FrameError::Json(e.to_string());
                return self.emit(Event::Error {
                    error: Error::Protocol(format!("malformed frame: {e}")),
                });
            }
        };
        // A client never reads a request frame: `from_server_value` leaves their headers and
        // metadata unread, and so out of the browser build.
        match Frame::from_server_value(value) {
            Ok(Frame::Response(r)) => {
                let keep = now.plus_ms(self.cfg.response_timeout);
                if let Some((p, r)) = self.tracker.take(r, keep) {
                    self.on_response(now, p, r);
                }
            }
            Ok(Frame::Notification(n)) => {
                self.on_notification(now, n);
            }
            // not made by `from_server_value`, which reports requests as errors
            Ok(Frame::Request(_)) => {}
            Err(e @ lpm_protocol::FrameError::UnexpectedRequest(_)) => self.emit(Event::Error {
                error: Error::Protocol(e.to_string()),
            }),
            Err(e) => self.emit(Event::Error {
                error: Error::Protocol(format!("malformed frame: {e}")),
            }),
        }
    }
}
