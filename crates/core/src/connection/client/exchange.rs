//! UMS requests and responses: sending, queueing, matching, subscriptions.

use super::*;

impl Client {
    pub(super) fn name_of(&self, mt: MessageType) -> String {
        mt.name(self.version).unwrap_or_default().to_owned()
    }

    pub(super) fn typed(
        &mut self,
        now: Time,
        mt: MessageType,
        body: Value,
        purpose: Purpose,
    ) -> Result<(), Error> {
        let Some(name) = mt.name(self.version) else {
            return Err(Error::Unsupported(format!(
                "{mt:?} is not available on API version {}",
                self.version
            )));
        };
        self.request(now, name.to_owned(), body, None, None, purpose)
    }

    /// Sends a user-level request now, queues it while disconnected, or refuses it.
    pub(super) fn request(
        &mut self,
        now: Time,
        type_name: String,
        body: Value,
        metadata: Option<Value>,
        headers: Option<Value>,
        purpose: Purpose,
    ) -> Result<(), Error> {
        let out = Outgoing {
            type_name,
            body,
            headers,
            metadata,
            purpose,
        };
        match &self.phase {
            Phase::Live { .. } => {
                // Behind a publish of the same dialog that waits for its gap answer.
                match publish_dialog(&out.purpose).filter(|d| self.queue.holds(d)) {
                    Some(d) => {
                        let (d, deadline) =
                            (d.to_owned(), now.plus_ms(self.cfg.request_queue_timeout));
                        self.queue.push_held(out, deadline, &d);
                    }
                    None => self.send_now(now, out),
                }
                Ok(())
            }
            Phase::Connecting(a) => {
                // Requests queue while connecting, and after a drop (or a step-up) for
                // `maxRequestQueueTime`.
                let dropped_at = match a.goal {
                    Goal::Open { .. } => None,
                    Goal::Reconnect { dropped_at } | Goal::StepUp { dropped_at, .. } => {
                        Some(dropped_at)
                    }
                };
                let within =
                    dropped_at.is_none_or(|d| now.since(d) <= self.cfg.max_request_queue_time);
                if !within {
                    return Err(Error::NotConnected {
                        request_type: out.type_name,
                        state: self.current_state().to_string(),
                    });
                }
                self.queue
                    .push(out, now.plus_ms(self.cfg.request_queue_timeout));
                Ok(())
            }
            Phase::Null | Phase::Idle | Phase::Closing | Phase::Ended { .. } => {
                Err(Error::NotConnected {
                    request_type: out.type_name,
                    state: self.current_state().to_string(),
                })
            }
        }
    }

    /// Sends one of the core's own requests (no headers, no metadata) of type `mt`.
    pub(super) fn send_own(&mut self, now: Time, mt: MessageType, body: Value, purpose: Purpose) {
        let type_name = self.name_of(mt);
        self.send_now(
            now,
            Outgoing {
                type_name,
                body,
                headers: None,
                metadata: None,
                purpose,
            },
        );
    }

    /// Puts a request on the socket and tracks its response.
    pub(super) fn send_now(&mut self, now: Time, out: Outgoing<Purpose>) {
        let Some(socket) = self.phase.socket() else {
            let request_type = out.type_name.clone();
            self.fail_purpose(out.purpose, Error::ConnectionLost { request_type });
            return;
        };
        let id = self.rng.uuid_v4();
        let text = out.to_frame(&id);
        let request = self.time_ums_request(now, &out.type_name, &text);
        self.transmits
            .push_back(Transmit::SendText { id: socket, text });
        // A keep-alive has its own, shorter deadline: a stalled peer is noticed within two
        // keep-alive periods instead of after a full response timeout.
        let timeout = match out.purpose {
            Purpose::KeepAlive => self.cfg.keep_alive_timeout,
            _ => self.cfg.response_timeout,
        };
        let resend = matches!(out.purpose, Purpose::User(..)).then(|| Outgoing {
            type_name: out.type_name.clone(),
            body: out.body,
            headers: out.headers,
            metadata: out.metadata,
            purpose: (),
        });
        let pending = Pending {
            resend,
            purpose: out.purpose,
            type_name: out.type_name,
            deadline: now.plus_ms(timeout),
            started: now,
            request,
            seq: 0,
        };
        if let Some((p, r)) = self.tracker.register(id, pending) {
            self.on_response(now, p, r);
        }
    }

    pub(super) fn subscribe(
        &mut self,
        now: Time,
        h: SubscriptionHandle,
        cmd: Option<CommandId>,
    ) -> Result<(), Error> {
        let Some(sub) = self.subs.get_mut(h) else {
            return Err(Error::Invalid {
                command: "subscribe".into(),
                message: format!("unknown subscription {}", h.0),
            });
        };
        let body = sub.info.query.clone();
        let kind = sub.info.kind;
        if sub.info.state == SubscriptionState::Disconnected {
            sub.info.state = SubscriptionState::Resubscribing;
        }
        let mt = match kind {
            SubscriptionKind::Conversation => MessageType::SubscribeExConversations,
            SubscriptionKind::RoutingTask => MessageType::SubscribeRoutingTasks,
            SubscriptionKind::AgentState => MessageType::SubscribeAgentsState,
        };
        let r = self.typed(now, mt, body, Purpose::Subscribe(h, cmd));
        if r.is_err() {
            self.subs.subs.remove(&h);
        }
        r
    }

    pub(super) fn unsubscribe(
        &mut self,
        now: Time,
        h: SubscriptionHandle,
        cmd: Option<CommandId>,
    ) -> Result<(), Error> {
        let Some(sub) = self.subs.get_mut(h) else {
            return Err(Error::Invalid {
                command: "unsubscribe".into(),
                message: format!("unknown subscription {}", h.0),
            });
        };
        let kind = sub.info.kind;
        let wire = sub.info.subscription_id.clone();
        match (kind, wire) {
            (SubscriptionKind::Conversation, Some(w)) => {
                sub.info.state = SubscriptionState::Unsubscribing;
                self.typed(
                    now,
                    MessageType::UnsubscribeExConversations,
                    json!({"subscriptionId": w}),
                    Purpose::Unsubscribe(h, cmd),
                )
            }
            _ => {
                // Routing and agent-state subscriptions have no unsubscribe request on the
                // wire; a subscription not currently on the socket needs none either. Forget
                // it so it is not re-created.
                self.subs.subs.remove(&h);
                if let Some(c) = cmd {
                    self.complete(c, Ok(CommandOutput::Done));
                }
                Ok(())
            }
        }
    }

    pub(super) fn on_response(&mut self, now: Time, p: Pending<Purpose>, r: Response) {
        self.time_ums_response(now, &p, &r);
        let error = r.is_error().then(|| Error::Ums {
            request_type: p.type_name.clone(),
            code: r.code,
            message: self.scrubbed(&r.error_message().unwrap_or_default()),
        });
        match p.purpose {
            Purpose::Verify => match error {
                None => {
                    // The brand check is a read of the agent's own profile: keep it.
                    if self.cfg.user_type == UserType::Brand
                        && let Some(b) = r.body.clone().filter(Value::is_object)
                    {
                        self.user_profile = Some(b);
                    }
                    self.on_verified(now)
                }
                Some(e) if r.code == 401 || r.code == 403 => {
                    self.declare_token_invalid(TokenSource::WebsocketOpen);
                    if self.token_was_fresh() {
                        let e = Error::Auth {
                            step: AuthStep::Socket,
                            status: Some(r.code),
                            code: None,
                            message: e.to_string(),
                        };
                        self.fresh_token_refused(now, e);
                    } else if let Some(e) = self.given_token_refused(r.code) {
                        self.attempt_failed(now, e);
                    } else {
                        // A reused token was refused: get a new one and try again at once.
                        self.close_socket(1000, "token refused");
                        self.set_setup(None);
                        self.drop_token();
                        self.advance(now);
                    }
                }
                Some(e) => self.attempt_failed(now, e),
            },
            Purpose::KeepAlive => {
                if let Some(t) = r
                    .body
                    .as_ref()
                    .and_then(|b| b.get("currentTime"))
                    .and_then(Value::as_i64)
                {
                    self.keepalive.on_clock(now, t);
                }
            }
            Purpose::Subscribe(h, cmd) => self.on_subscribed(now, h, cmd, &r, error),
            Purpose::Unsubscribe(h, cmd) => {
                self.subs.subs.remove(&h);
                self.model
                    .subscription_removed(&sub_key(h).as_str().into(), now);
                if let Some(c) = cmd {
                    self.complete(c, error.map_or(Ok(CommandOutput::Done), Err));
                }
            }
            Purpose::Messaging(conv, dialog) => {
                if let Some(e) = error {
                    self.subs.messaging.remove(&(conv, dialog));
                    self.emit(Event::Error { error: e });
                }
            }
            Purpose::History(dialog, held) => {
                if let Some(event) = held {
                    self.emit(Event::Model { model: *event });
                }
                match error {
                    Some(e) => self.emit(Event::Error { error: e }),
                    None => {
                        // Read in place: a history page can hold a dialog's whole history.
                        let body = r.body.as_ref().unwrap_or(&Value::Null);
                        let events = self.model.ingest_query_messages(&dialog, body, now);
                        self.model_events(now, events);
                    }
                }
            }
            Purpose::Recover(dialog) => match error {
                None => self.on_missed(now, dialog, r.body),
                Some(e) => {
                    self.on_missed_failed(dialog, e);
                    self.send_ready(now);
                }
            },
            Purpose::RestoreAgentState | Purpose::Takeover => {
                if let Some(e) = error {
                    self.emit(Event::Error { error: e });
                }
            }
            Purpose::OwnProfile => {
                if let Some(e) = error {
                    self.emit(Event::Error { error: e });
                } else if let Some(b) = r.body.clone() {
                    if let Some(u) = b.get("userId").and_then(Value::as_str) {
                        self.user_id = Some(u.to_owned());
                        self.refresh_viewer();
                    }
                    self.user_profile = Some(b);
                }
                if self.phase.setup() == Some(Setup::Profile) {
                    self.set_setup(None);
                    self.finish_connect(now);
                }
            }
            Purpose::User(id, Expect::Model(mcmd)) => {
                let checked = mcmd.check(&r);
                if checked.is_err() {
                    self.model.abort_command(&mcmd);
                }
                if checked.is_ok() {
                    let events = self.model.command_succeeded(&mcmd);
                    self.model_events(now, events);
                    self.watch_accepted_ring(now, &mcmd);
                    self.recover_after_join(now, &mcmd);
                }
                let result = match checked {
                    Ok(mc::CommandOutput::Done) => Ok(CommandOutput::Done),
                    Ok(mc::CommandOutput::Sequence(sequence)) => {
                        self.note_published(&mcmd, sequence);
                        Ok(CommandOutput::Sequence { sequence })
                    }
                    Ok(mc::CommandOutput::Records(records)) => {
                        if let Some(d) = &mcmd.dialog_id {
                            let events = self.model.ingest_query_messages(d, &records, now);
                            self.model_events(now, events);
                        }
                        Ok(CommandOutput::Records { records })
                    }
                    Err(ModelError::ErrorResponse { code, message }) => Err(Error::Ums {
                        request_type: p.type_name.clone(),
                        code,
                        message: self.scrubbed(&message),
                    }),
                    Err(e) => Err(domain_error(e, Some(&mcmd))),
                };
                self.complete(id, result);
            }
            Purpose::User(id, expect) => {
                let result = match error {
                    Some(e) => Err(e),
                    None => self.output(now, id, expect, &p.type_name, r),
                };
                if let Some(result) = result.transpose() {
                    self.complete(id, result);
                }
            }
        }
    }

    /// Turns a success response into a command output; `Ok(None)` when the command goes on
    /// (file transfers continue over HTTP; a conversation not yet held waits, `arrival.rs`).
    pub(super) fn output(
        &mut self,
        now: Time,
        id: CommandId,
        expect: Expect,
        type_name: &str,
        r: Response,
    ) -> Result<Option<CommandOutput>, Error> {
        let body = r.body.clone().unwrap_or(Value::Null);
        let unexpected = |message: String| Error::Ums {
            request_type: type_name.to_owned(),
            code: r.code,
            message,
        };
        Ok(Some(match expect {
            Expect::Body => CommandOutput::Body { body },
            Expect::Clock => CommandOutput::Clock {
                current_time: body
                    .get("currentTime")
                    .and_then(Value::as_i64)
                    .unwrap_or_default(),
            },
            Expect::Text(t) => {
                if body.as_str() == Some(t) {
                    CommandOutput::Done
                } else {
                    return Err(unexpected(
                        body.as_str()
                            .map_or_else(|| body.to_string(), str::to_owned),
                    ));
                }
            }
            Expect::AgentState(s) => {
                self.model.set_own_agent_state(AgentState::from(s.as_str()));
                self.agent_state = Some(s);
                CommandOutput::Done
            }
            Expect::UserProfile { own } => {
                if own {
                    self.user_profile = Some(body.clone());
                }
                CommandOutput::UserProfile { profile: body }
            }
            Expect::Conversation {
                created_by_consumer,
                skill_id,
            } => {
                // A string body with a success code is a refusal (LivePerson's client
                // treats it so).
                let Some(conv) = body
                    .get("conversationId")
                    .and_then(Value::as_str)
                    .map(str::to_owned)
                else {
                    return Err(unexpected(
                        body.as_str()
                            .map_or_else(|| body.to_string(), str::to_owned),
                    ));
                };
                if created_by_consumer {
                    self.model
                        .insert_created_conversation(&conv, skill_id.as_deref(), now);
                    self.subscribe_messaging(now, &conv, &conv);
                }
                match self.await_arrival(now, id, conv) {
                    Some(output) => output,
                    None => return Ok(None),
                }
            }
            Expect::FileUrl => {
                let (relative_path, query_params) =
                    file_url(&body).ok_or_else(|| unexpected(body.to_string()))?;
                CommandOutput::FileUrl {
                    relative_path,
                    query_params,
                }
            }
            Expect::Upload(upload) => {
                let (path, q) = file_url(&body).ok_or_else(|| unexpected(body.to_string()))?;
                self.call(now, Call::SwiftPut(id, path, q, upload));
                return Ok(None);
            }
            Expect::Model(_) => CommandOutput::Done,
            Expect::Download => {
                let (path, q) = file_url(&body).ok_or_else(|| unexpected(body.to_string()))?;
                self.call(now, Call::SwiftGet(id, path, q));
                return Ok(None);
            }
        }))
    }

    pub(super) fn on_subscribed(
        &mut self,
        now: Time,
        h: SubscriptionHandle,
        cmd: Option<CommandId>,
        r: &Response,
        error: Option<Error>,
    ) {
        let Some(sub) = self.subs.get_mut(h) else {
            return;
        };
        if let Some(e) = error {
            sub.info.state = SubscriptionState::FailedToSubscribe;
            let waiting = sub.waiting.take();
            let is_default = sub.info.is_default;
            if let Some(c) = cmd.or(waiting) {
                self.complete(c, Err(e.clone()));
            } else {
                self.emit(Event::Error { error: e.clone() });
            }
            if is_default && self.phase.setup() == Some(Setup::Subscription(h)) {
                self.attempt_failed(now, e);
            }
            return;
        }
        let wire = r
            .body
            .as_ref()
            .and_then(|b| b.get("subscriptionId"))
            .and_then(Value::as_str)
            .map(str::to_owned);
        sub.info.subscription_id = wire.clone();
        sub.info.state = SubscriptionState::Subscribed;
        // Its first notification may have come before this response.
        if let Some(n) = wire
            .as_ref()
            .and_then(|w| self.early_notifications.remove(w))
        {
            let changes = n
                .body
                .as_ref()
                .and_then(|b| b.get("changes"))
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            self.subscription_notification(now, h, &n, &changes);
        }
        let Some(sub) = self.subs.get_mut(h) else {
            return;
        };
        let wait = sub.waiting.is_some() && !sub.info.ready;
        if let Some(c) = cmd
            && !wait
        {
            self.complete(
                c,
                Ok(CommandOutput::Subscription {
                    handle: h,
                    subscription_id: wire,
                }),
            );
        }
        if self.phase.setup() == Some(Setup::Subscription(h))
            && (!self.cfg.wait_for_ready || self.is_ready(h))
        {
            self.after_subscription_setup(now);
        }
    }

    pub(super) fn is_ready(&self, h: SubscriptionHandle) -> bool {
        self.subs.subs.get(&h).is_some_and(|s| s.info.ready)
    }

    pub(super) fn subscribe_messaging(&mut self, now: Time, conv: &str, dialog: &str) {
        let key = (conv.to_owned(), dialog.to_owned());
        let from = match self.subs.messaging.get(&key) {
            Some(m) if m.active => return,
            Some(m) => m.last_sequence.map_or(0, |s| s + 1),
            None => 0,
        };
        self.subs.messaging.insert(
            key,
            MessagingSub {
                last_sequence: self
                    .subs
                    .messaging
                    .get(&(conv.to_owned(), dialog.to_owned()))
                    .and_then(|m| m.last_sequence),
                active: true,
            },
        );
        let body = json!({"conversationId": conv, "dialogId": dialog, "fromSeq": from});
        if let Err(e) = self.typed(
            now,
            MessageType::SubscribeMessagingEvents,
            body,
            Purpose::Messaging(conv.to_owned(), dialog.to_owned()),
        ) {
            self.emit(Event::Error { error: e });
        }
    }
}
