//! The timer table: every timer of the connection, its deadline and what it does when due.
//!
//! Each deadline is kept by what owns it (the request tracker indexes its deadlines, the
//! cache its expiries, the attempt its retry), so reading one is O(1) or O(log n) and no
//! input ever scans every conversation or request. [`Client::poll_timeout`] is the earliest
//! of them; [`Client::handle_timeout`] runs the due ones in [`Timer::ALL`] order.

use super::*;

/// One timer of the connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Timer {
    /// The model's cache: conversations, rings and stray events to drop.
    CacheExpiry,
    /// A UMS request without its answer (`responseTimeout`, keep-alives sooner).
    Request,
    /// A request queued while disconnected (`requestQueueTimeout`).
    QueuedRequest,
    /// `connectTimeout` of `open()` or a step-up: an attempt still under way then (a look-up,
    /// login or socket that hangs) is given up at once, not when the driver's own timeout ends it.
    ConnectDeadline,
    /// The next connection attempt (back-off, `waitToReconnect`).
    Retry,
    /// The next keep-alive `GetClock`.
    KeepAlive,
    /// The brand session's refresh (or a new login).
    SessionRefresh,
    /// A ring waited for by `acceptRing`-style commands.
    RingWait,
    /// A created conversation waited for by its command.
    Arrival,
    /// The next shift-status poll.
    ShiftStatus,
}

impl Timer {
    /// Every timer, in the order due timers run.
    pub(super) const ALL: [Timer; 10] = [
        Timer::CacheExpiry,
        Timer::Request,
        Timer::QueuedRequest,
        // Before the retry: a retry due at the deadline itself would be given up at once.
        Timer::ConnectDeadline,
        Timer::Retry,
        Timer::KeepAlive,
        Timer::SessionRefresh,
        Timer::RingWait,
        Timer::Arrival,
        Timer::ShiftStatus,
    ];
}

impl Client {
    /// When `timer` is due next, if it is set.
    pub(super) fn deadline(&self, timer: Timer) -> Option<Time> {
        match timer {
            Timer::CacheExpiry => self.model.next_expiry(),
            Timer::Request => self.tracker.next_deadline(),
            Timer::QueuedRequest => self.queue.next_deadline(),
            Timer::ConnectDeadline => self.phase.attempt().and_then(|a| a.deadline),
            Timer::Retry => self.phase.attempt().and_then(|a| a.retry_at),
            Timer::KeepAlive => self.keepalive.next(),
            Timer::SessionRefresh => self.brand.refresh_at(),
            Timer::RingWait => self.ring_waits.next_deadline(),
            Timer::Arrival => self.arrivals.next_deadline(),
            Timer::ShiftStatus => self.shift_at,
        }
    }

    /// When to call [`handle_timeout`](Client::handle_timeout) next.
    pub fn poll_timeout(&self) -> Option<Time> {
        Timer::ALL
            .into_iter()
            .filter_map(|t| self.deadline(t))
            .min()
    }

    /// Call when [`poll_timeout`](Client::poll_timeout)'s time has come (calling early or
    /// late is harmless).
    pub fn handle_timeout(&mut self, now: Time) {
        for timer in Timer::ALL {
            if self.deadline(timer).is_some_and(|t| t <= now) {
                self.on_timer(now, timer);
            }
        }
    }

    fn on_timer(&mut self, now: Time, timer: Timer) {
        match timer {
            Timer::CacheExpiry => {
                // Reported, so drivers release what they hold for these ids (JS facades).
                let evicted = self.model.evict(now);
                self.gaps.forget(&evicted.dialog_ids);
                if !evicted.is_empty() {
                    self.emit(Event::Evicted { evicted });
                }
            }
            Timer::Request => self.expire_requests(now),
            Timer::QueuedRequest => {
                for o in self.queue.expire(now) {
                    let err = Error::QueueTimeout {
                        request_type: o.type_name.clone(),
                        timeout_ms: self.cfg.request_queue_timeout,
                    };
                    self.fail_purpose(o.purpose, err);
                }
            }
            Timer::ConnectDeadline => {
                let err = Error::Timeout {
                    request_type: self.step_in_flight().into(),
                    timeout_ms: self.cfg.connect_timeout,
                };
                // Retriable, so it ends as a `connectTimeout` error with this as its last failure.
                self.attempt_failed_as(now, err, true);
            }
            Timer::Retry => {
                if let Some(a) = self.phase.attempt_mut() {
                    a.retry_at = None;
                }
                // A reconnect's wait ends: `disconnected` → `connecting`.
                self.sync_state();
                self.advance(now);
            }
            Timer::KeepAlive => {
                // Re-armed even when not live, so a past deadline is never left behind.
                if self.keepalive.due(now, self.cfg.keep_alive_interval)
                    && matches!(self.phase, Phase::Live { socket: Some(_) })
                {
                    self.send_own(now, MessageType::GetClock, json!({}), Purpose::KeepAlive);
                }
            }
            Timer::SessionRefresh => {
                self.brand.take_due_refresh(now);
                if self.brand.session().is_some() {
                    self.call(now, Call::Refresh { validate: false });
                } else if self.can_login() {
                    self.call(now, Call::Login { regenerate: true });
                }
            }
            Timer::RingWait => self.check_ring_waits(now),
            Timer::Arrival => self.check_arrivals(now),
            Timer::ShiftStatus => {
                self.shift_at = Some(now.plus_ms(shift_status::next_wait(&mut self.rng)));
                if self.brand.session().is_some() {
                    self.call(now, Call::ShiftStatus(None));
                }
            }
        }
    }

    /// Requests whose answer did not come in time.
    fn expire_requests(&mut self, now: Time) {
        for (_, p) in self.tracker.expire(now) {
            let err = Error::Timeout {
                request_type: p.type_name.clone(),
                timeout_ms: match p.purpose {
                    Purpose::KeepAlive => self.cfg.keep_alive_timeout,
                    _ => self.cfg.response_timeout,
                },
            };
            self.emit(Event::Timeout { error: err.clone() });
            let setup = self.phase.setup();
            match p.purpose {
                Purpose::Verify => self.attempt_failed(now, err),
                Purpose::KeepAlive => {
                    // No answer to the keep-alive: the socket is dead even if the OS has not
                    // noticed. Close it and reconnect (or retry the attempt).
                    match self.phase {
                        Phase::Live { socket: Some(_) } => {
                            self.close_socket(4000, "keep-alive timeout");
                            self.on_drop(now, 1006, "keep-alive timeout".into(), false);
                        }
                        Phase::Connecting(_) => self.attempt_failed(now, err),
                        _ => {}
                    }
                }
                Purpose::Subscribe(h, cmd) if setup == Some(Setup::Subscription(h)) => {
                    if let Some(c) = cmd {
                        self.complete(c, Err(err.clone()));
                    }
                    self.attempt_failed(now, err);
                }
                Purpose::OwnProfile if setup == Some(Setup::Profile) => {
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
    }
}
