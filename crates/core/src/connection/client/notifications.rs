//! Notifications: subscription bookkeeping, limit-break, the model.

use super::*;

/// The body of a notification that has none.
static NULL: Value = Value::Null;

impl Client {
    /// Every notification goes through here: raw event, subscription bookkeeping
    /// (first notification, limit-break, consumer messaging subscriptions) and the model.
    pub(super) fn on_notification(&mut self, now: Time, n: Notification) {
        if !self.raw_notifications {
            return self.apply_notification(now, &n);
        }
        // The raw `notification` event comes first; it receives the frame itself once the
        // notification is applied, so a notification (a snapshot can hold a thousand
        // conversations) is never copied for it.
        let raw_slot = self.events.len();
        self.emit(Event::Notification {
            notification: Value::Null,
        });
        self.apply_notification(now, &n);
        if let Some(Event::Notification { notification }) = self.events.get_mut(raw_slot) {
            *notification = n.into_value();
        }
    }

    fn apply_notification(&mut self, now: Time, n: &Notification) {
        // Borrowed, not cloned: a snapshot notification can hold a thousand conversations.
        let body = n.body.as_ref().unwrap_or(&NULL);
        match n.message_type() {
            Some(MessageType::ExConversationChangeNotification) => {
                self.on_conversation_change(now, n, body)
            }
            Some(
                MessageType::MessagingEventNotification | MessageType::OnlineEventDistribution,
            ) => {
                self.on_messaging_events(body);
                if !self.hold_live(now, n, body) {
                    self.ingest(n, IngestContext::at(now));
                }
            }
            Some(MessageType::RoutingTaskNotification | MessageType::AgentStateNotification) => {
                if let Some(h) = body
                    .get("subscriptionId")
                    .and_then(Value::as_str)
                    .and_then(|w| self.subs.by_wire_id(w))
                {
                    self.first_notification(h);
                }
                self.ingest(n, IngestContext::at(now));
            }
            _ => self.emit(Event::Error {
                error: Error::Protocol(format!("unexpected notification {}", n.type_name)),
            }),
        }
    }

    pub(super) fn ingest(&mut self, n: &Notification, ctx: IngestContext) {
        let now = ctx.now;
        let events = self.model.ingest(n, &ctx);
        self.model_events(now, events);
    }

    pub(super) fn model_events(&mut self, now: Time, events: Vec<ModelEvent>) {
        for event in events {
            if let ModelEvent::Conversation { conversation_id } = &event
                && self.cfg.get_all_messages
                && self.cfg.user_type == UserType::Brand
            {
                let id = conversation_id.clone();
                self.load_history(now, &id, event);
                continue;
            }
            self.emit(Event::Model { model: event });
        }
        self.check_arrivals(now);
    }

    /// `getAllMessages`: before a brand connection reports a conversation it sees for the
    /// first time, it loads the stored messages (which then follow as `message` events with
    /// `history: true`). `event` (the `conversation` event) is held until the load ends,
    /// whatever its outcome.
    fn load_history(&mut self, now: Time, conversation_id: &str, event: ModelEvent) {
        let cmd = self
            .model
            .conversation(conversation_id)
            .and_then(|c| c.open_dialog())
            .map(|d| d.dialog_id.clone())
            .and_then(|d| {
                mc::get_all_publish_events(&self.model, &d)
                    .ok()
                    .map(|c| (d, c))
            });
        let name = cmd
            .as_ref()
            .and_then(|(_, c)| c.message_type.name(self.version));
        match (cmd.clone(), name, self.phase.socket().is_some()) {
            // Also during set-up: the first snapshot arrives before `connected`.
            (Some((dialog, c)), Some(name), true) => {
                let out = Outgoing {
                    type_name: name.to_owned(),
                    body: c.body,
                    headers: None,
                    metadata: None,
                    purpose: Purpose::History(dialog, Some(Box::new(event))),
                };
                self.send_now(now, out);
            }
            _ => self.emit(Event::Model { model: event }),
        }
    }

    /// The model's context for a conversation notification of subscription `h`: child pages
    /// count as their parent's, and only a first notification of a parent is a snapshot.
    pub(super) fn conversation_context(&self, now: Time, h: SubscriptionHandle) -> IngestContext {
        let sub = self.subs.subs.get(&h);
        let parent = sub.and_then(|s| s.info.parent);
        // During a step-up the new identity's first snapshot lacks the conversations about
        // to be taken over: it must not make them look deleted.
        let snapshot =
            parent.is_none() && sub.is_some_and(|s| !s.info.ready) && !self.phase.stepping_up();
        IngestContext::subscription(now, sub_key(parent.unwrap_or(h)), snapshot)
    }

    /// Marks a subscription ready; returns `true` on its first notification.
    pub(super) fn first_notification(&mut self, h: SubscriptionHandle) -> bool {
        let Some(sub) = self.subs.get_mut(h) else {
            return false;
        };
        if sub.info.ready {
            return false;
        }
        sub.info.ready = true;
        let waiting = sub.waiting.take();
        let wire = sub.info.subscription_id.clone();
        let subscribed = sub.info.state == SubscriptionState::Subscribed;
        if let Some(c) = waiting {
            if subscribed {
                self.complete(
                    c,
                    Ok(CommandOutput::Subscription {
                        handle: h,
                        subscription_id: wire,
                    }),
                );
            } else if let Some(s) = self.subs.get_mut(h) {
                s.waiting = Some(c);
            }
        }
        self.emit(Event::SubscriptionReady { subscription: h });
        true
    }

    pub(super) fn on_conversation_change(&mut self, now: Time, n: &Notification, body: &Value) {
        let changes: &[Value] = body
            .get("changes")
            .and_then(Value::as_array)
            .map_or(&[], Vec::as_slice);
        let wire = body.get("subscriptionId").and_then(Value::as_str);
        match wire.and_then(|w| self.subs.by_wire_id(w)) {
            Some(h) => self.subscription_notification(now, h, n, changes),
            None => {
                // Before its subscription's response (or from an unknown subscription):
                // kept until the response names it.
                if let Some(w) = wire
                    && self.early_notifications.len() < 32
                {
                    self.early_notifications
                        .get_or_insert_with(w.to_owned(), || n.clone());
                } else {
                    self.ingest(n, IngestContext::at(now));
                }
            }
        }
        if self.cfg.user_type == UserType::Consumer {
            for ch in changes {
                self.track_dialogs(now, ch);
            }
        }
    }

    pub(super) fn subscription_notification(
        &mut self,
        now: Time,
        h: SubscriptionHandle,
        n: &Notification,
        changes: &[Value],
    ) {
        let ctx = self.conversation_context(now, h);
        self.ingest(n, ctx);
        if self.first_notification(h) {
            self.limit_break(now, h, changes);
            if self.phase.setup() == Some(Setup::Subscription(h))
                && self
                    .subs
                    .subs
                    .get(&h)
                    .is_some_and(|s| s.info.state == SubscriptionState::Subscribed)
            {
                self.after_subscription_setup(now);
            }
        }
    }

    /// Consumer: subscribe to messaging events of each open dialog; forget closed ones.
    pub(super) fn track_dialogs(&mut self, now: Time, change: &Value) {
        let result = change.get("result").unwrap_or(&Value::Null);
        let Some(conv) = result.get("convId").and_then(Value::as_str) else {
            return;
        };
        let details = result.get("conversationDetails").unwrap_or(&Value::Null);
        let closed = details.get("stage").and_then(Value::as_str) == Some("CLOSE")
            || change.get("type").and_then(Value::as_str) == Some("DELETE");
        let dialogs = details
            .get("dialogs")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        for d in dialogs {
            let Some(did) = d.get("dialogId").and_then(Value::as_str) else {
                continue;
            };
            let open = d.get("state").and_then(Value::as_str) == Some("OPEN") && !closed;
            let channel_ok = d
                .get("channelType")
                .and_then(Value::as_str)
                .is_none_or(|c| c == "MESSAGING");
            let key = (conv.to_owned(), did.to_owned());
            if open && channel_ok {
                if self.subs.messaging.contains_key(&key) {
                    continue;
                }
                if matches!(self.phase, Phase::Live { .. }) {
                    self.subscribe_messaging(now, conv, did);
                } else if self.phase.stepping_up() || self.phase.socket().is_none() {
                    // Subscribed after the step-up takeover (or at the next connect).
                    self.subs.messaging.insert(
                        key,
                        MessagingSub {
                            last_sequence: None,
                            active: false,
                        },
                    );
                } else {
                    // Set-up of a verified socket: subscribe right away, as the snapshot
                    // arrives (README §1 step 6).
                    self.subscribe_messaging_direct(now, conv, did);
                }
            } else {
                self.subs.messaging.remove(&key);
            }
        }
        if closed {
            self.subs.messaging.retain(|(c, _), _| c != conv);
        }
    }

    pub(super) fn on_messaging_events(&mut self, body: &Value) {
        // Read in place: the records can be a whole history page.
        let records = match body.get("changes").and_then(Value::as_array) {
            Some(c) => c.as_slice(),
            None => std::slice::from_ref(body),
        };
        for r in records {
            let (Some(d), Some(seq)) = (
                r.get("dialogId").and_then(Value::as_str),
                r.get("sequence").and_then(Value::as_i64),
            ) else {
                continue;
            };
            for ((_, dialog), m) in self.subs.messaging.iter_mut() {
                if dialog == d && m.last_sequence.is_none_or(|s| seq > s) {
                    m.last_sequence = Some(seq);
                }
            }
        }
    }

    /// UMS returns at most ~1000 conversations in a first notification. From 900 on (a UMS
    /// bug makes the cap unreliable), page through older ones with one-shot child
    /// subscriptions limited by `maxLastUpdatedTime`.
    pub(super) fn limit_break(&mut self, now: Time, h: SubscriptionHandle, changes: &[Value]) {
        let Some(sub) = self.subs.subs.get(&h).cloned() else {
            return;
        };
        if sub.info.kind != SubscriptionKind::Conversation {
            return;
        }
        let parent = sub.info.parent.unwrap_or(h);
        let n = changes.len();
        if sub.one_shot {
            // A page is done: drop the child subscription.
            let _ = self.unsubscribe(now, h, None);
        }
        if !self.cfg.limit_break_enabled {
            if n >= 1001 {
                self.emit(Event::Error {
                    error: Error::Protocol(format!(
                        "max number of changes: the first notification of subscription {} holds {n} conversations; older ones are missing (enable limitBreakEnabled)",
                        h.0
                    )),
                });
            }
            return;
        }
        let oldest = changes
            .iter()
            .filter_map(|c| {
                let r = c.get("result")?;
                r.pointer("/conversationDetails/metaDataLastUpdateTs")
                    .or_else(|| r.get("lastUpdateTime"))
                    .and_then(Value::as_i64)
            })
            .min();
        let max_time = oldest.map(|o| o + 10_000);
        let previous_max = sub
            .info
            .query
            .get("maxLastUpdatedTime")
            .and_then(Value::as_i64);
        // Only page when the window really moves back in time (guards against loops).
        let create = n >= LIMIT_BREAK_THRESHOLD
            && max_time.is_some_and(|m| previous_max.is_none_or(|p| m < p));
        self.emit(Event::LimitBreak {
            subscription: parent,
            creating_child_sub: create,
            conversation_limit_threshold: LIMIT_BREAK_THRESHOLD,
            notification_change_count: n,
            max_last_update_time: if create { max_time } else { None },
        });
        if create && let Some(m) = max_time {
            let mut q = self
                .subs
                .subs
                .get(&parent)
                .map(|s| s.info.query.clone())
                .unwrap_or_default();
            if let Some(o) = q.as_object_mut() {
                o.insert("maxLastUpdatedTime".into(), json!(m));
                o.insert("minLastUpdatedTime".into(), json!(0));
            }
            let child = self
                .subs
                .add(SubscriptionKind::Conversation, q, false, Some(parent));
            if let Err(e) = self.subscribe(now, child, None) {
                self.emit(Event::Error { error: e });
            }
        }
    }
}
