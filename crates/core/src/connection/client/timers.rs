//! Timers: request and queue timeouts, retries, keep-alive, refresh, shift status.

use super::*;

impl Client {
    /// Call when [`poll_timeout`](Client::poll_timeout)'s time has come (calling early or
    /// late is harmless).
    pub fn handle_timeout(&mut self, now: Time) {
        if self.model.next_expiry().is_some_and(|t| t <= now) {
            // Reported, so drivers release what they hold for these ids (JS facades).
            let evicted = self.model.evict(now);
            self.gaps.forget(&evicted.dialog_ids);
            if !evicted.is_empty() {
                self.emit(Event::Evicted { evicted });
            }
        }
        for (_, p) in self.tracker.expire(now) {
            let err = Error::Timeout {
                request_type: p.type_name.clone(),
                timeout_ms: match p.purpose {
                    Purpose::KeepAlive => self.cfg.keep_alive_timeout,
                    _ => self.cfg.response_timeout,
                },
            };
            self.emit(Event::Timeout { error: err.clone() });
            match p.purpose {
                Purpose::Verify => self.attempt_failed(now, err),
                Purpose::KeepAlive => {
                    // No answer to the keep-alive: the socket is dead even if the OS has not
                    // noticed. Close it and reconnect.
                    if let Some(s) = self.socket.take() {
                        self.transmits.push_back(Transmit::CloseSocket {
                            id: s.id,
                            code: 4000,
                            reason: "keep-alive timeout".into(),
                        });
                        if self.state == ConnectionState::Connected {
                            self.on_drop(now, 1006, "keep-alive timeout".into(), false);
                        }
                    }
                }
                Purpose::Subscribe(h, cmd) if self.setup == Some(Setup::Subscription(h)) => {
                    if let Some(c) = cmd {
                        self.complete(c, Err(err.clone()));
                    }
                    self.attempt_failed(now, err);
                }
                Purpose::OwnProfile if self.setup == Some(Setup::Profile) => {
                    self.attempt_failed(now, err)
                }
                Purpose::User(..)
                | Purpose::Subscribe(_, Some(_))
                | Purpose::Unsubscribe(_, Some(_))
                | Purpose::History(_, Some(_))
                | Purpose::Recover(_) => self.fail_purpose(p.purpose, err),
                _ => self.emit(Event::Error { error: err }),
            }
            self.send_ready(now);
        }
        for o in self.queue.expire(now) {
            let err = Error::QueueTimeout {
                request_type: o.type_name.clone(),
                timeout_ms: self.cfg.request_queue_timeout,
            };
            self.fail_purpose(o.purpose, err);
        }
        if self.retry_at.is_some_and(|t| t <= now) {
            self.retry_at = None;
            if self.series.is_some() {
                if self.state == ConnectionState::Disconnected {
                    self.set_state(ConnectionState::Connecting);
                }
                self.advance(now);
            }
        }
        if self.state == ConnectionState::Connected
            && self.keepalive.due(now, self.cfg.keep_alive_interval)
        {
            let name = self.name_of(MessageType::GetClock);
            self.send_now(
                now,
                Outgoing {
                    type_name: name,
                    body: json!({}),
                    headers: None,
                    metadata: None,
                    purpose: Purpose::KeepAlive,
                },
            );
        }
        if self.refresh_at.is_some_and(|t| t <= now) {
            self.refresh_at = None;
            if self.session.is_some() {
                self.call(now, Call::Refresh { validate: false });
            } else if self.can_login() {
                self.call(now, Call::Login { regenerate: true });
            }
        }
        self.check_ring_waits(now);
        self.check_arrivals(now);
        if self.shift_at.is_some_and(|t| t <= now) {
            self.shift_at = Some(now.plus_ms(shift_status::next_wait(&mut self.rng)));
            if self.session.is_some() {
                self.call(now, Call::ShiftStatus(None));
            }
        }
    }
}
