//! After the socket is verified: subscriptions, profile, keep-alive, queue flush.

use super::*;

impl Client {
    pub(super) fn on_verified(&mut self, now: Time) {
        self.jwt_fresh = false;
        self.wake_token_waiters();
        let reconnect = self.phase.connected_before();
        if self.cfg.user_type == UserType::Brand
            && self.cfg.poll_shift_status
            && self.shift_at.is_none()
        {
            // First poll right away (before the default subscription, as LivePerson's
            // client does); later polls about once a minute.
            self.call(now, Call::ShiftStatus(None));
            let first = shift_status::first_wait(&mut self.rng);
            self.shift_at = Some(now.plus_ms(first));
        }
        if !reconnect && self.cfg.create_default_subscription {
            // (An earlier failed attempt may have created it already.)
            let h = match self.subs.default_handle() {
                Some(h) => h,
                None => {
                    let q = self.cfg.default_subscription_query.to_wire();
                    self.subs.add(SubscriptionKind::Conversation, q, true, None)
                }
            };
            self.set_setup(Some(Setup::Subscription(h)));
            self.send_subscribe_now(now, h);
            return;
        }
        // Re-create every subscription (UMS forgets them with the socket): conversation
        // subscriptions get new ids, routing-task and agent-state subscriptions come back too
        // (1.5.4 forgot routing tasks), and the agent state is re-applied.
        let handles: Vec<SubscriptionHandle> = self
            .subs
            .subs
            .values()
            .filter(|s| {
                matches!(
                    s.info.state,
                    SubscriptionState::Disconnected | SubscriptionState::Resubscribing
                ) && !s.one_shot
            })
            .map(|s| s.info.handle)
            .collect();
        for h in handles {
            self.send_subscribe_now(now, h);
        }
        if let (UserType::Brand, Some(state)) = (self.cfg.user_type, self.agent_state.clone()) {
            let agent = self.agent_id.clone().unwrap_or_default();
            self.send_own(
                now,
                MessageType::SetAgentState,
                json!({"availability": state, "channels": ["MESSAGING"], "agentUserId": agent}),
                Purpose::RestoreAgentState,
            );
        }
        if !self.phase.stepping_up() {
            self.resubscribe_messaging(now);
            self.recover_gaps(now);
        }
        self.after_subscription_setup(now);
    }

    pub(super) fn send_subscribe_now(&mut self, now: Time, h: SubscriptionHandle) {
        let Some(sub) = self.subs.get_mut(h) else {
            return;
        };
        sub.info.state = if sub.info.state == SubscriptionState::Initial {
            SubscriptionState::Initial
        } else {
            SubscriptionState::Resubscribing
        };
        sub.info.ready = false;
        let body = sub.info.query.clone();
        let mt = match sub.info.kind {
            SubscriptionKind::Conversation => MessageType::SubscribeExConversations,
            SubscriptionKind::RoutingTask => MessageType::SubscribeRoutingTasks,
            SubscriptionKind::AgentState => MessageType::SubscribeAgentsState,
        };
        self.send_own(now, mt, body, Purpose::Subscribe(h, None));
    }

    pub(super) fn resubscribe_messaging(&mut self, now: Time) {
        if self.cfg.user_type != UserType::Consumer {
            return;
        }
        let keys: Vec<(String, String)> = self
            .subs
            .messaging
            .iter()
            .filter(|(_, m)| !m.active)
            .map(|(k, _)| k.clone())
            .collect();
        for (c, d) in keys {
            self.subscribe_messaging_direct(now, &c, &d);
        }
    }

    /// Like [`subscribe_messaging`](Self::subscribe_messaging) but bypasses the
    /// connected-state check (used while the connection is being set up).
    pub(super) fn subscribe_messaging_direct(&mut self, now: Time, conv: &str, dialog: &str) {
        let key = (conv.to_owned(), dialog.to_owned());
        let last = self.subs.messaging.get(&key).and_then(|m| m.last_sequence);
        self.subs.messaging.insert(
            key,
            MessagingSub {
                last_sequence: last,
                active: true,
            },
        );
        self.send_own(
            now,
            MessageType::SubscribeMessagingEvents,
            json!({"conversationId": conv, "dialogId": dialog, "fromSeq": last.map_or(0, |s| s + 1)}),
            Purpose::Messaging(conv.to_owned(), dialog.to_owned()),
        );
    }

    /// Default subscription done (or not wanted): start keep-alive; consumers read their
    /// profile before `open()` completes.
    pub(super) fn after_subscription_setup(&mut self, now: Time) {
        self.keepalive.start(now, self.cfg.keep_alive_interval);
        if self.cfg.user_type == UserType::Consumer {
            self.set_setup(Some(Setup::Profile));
            self.send_own(
                now,
                MessageType::GetUserProfile,
                json!({}),
                Purpose::OwnProfile,
            );
        } else {
            self.set_setup(None);
            self.finish_connect(now);
        }
    }

    /// The attempts reached their goal: the connection is live.
    pub(super) fn finish_connect(&mut self, now: Time) {
        let Some(attempt) = self.phase.attempt() else {
            return;
        };
        let socket = attempt.socket.map(|s| s.id);
        let Phase::Connecting(attempt) = std::mem::replace(&mut self.phase, Phase::Live { socket })
        else {
            return;
        };
        self.sync_state();
        if let Goal::StepUp { previous_user, .. } = &attempt.goal {
            self.take_over(now, previous_user.clone());
            self.resubscribe_messaging(now);
        }
        for out in self.queue.drain_ready(|o| publish_dialog(&o.purpose)) {
            self.send_now(now, out);
        }
        self.emit(Event::Connect);
        match attempt.goal {
            Goal::Open { cmd } | Goal::StepUp { cmd, .. } => {
                self.complete(cmd, Ok(CommandOutput::Done))
            }
            Goal::Reconnect { .. } => self.emit(Event::Reconnect),
        }
    }
}
