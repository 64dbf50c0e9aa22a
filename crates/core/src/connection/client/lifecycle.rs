//! `open()`, `close()` and failing everything pending.

use super::*;

impl Client {
    pub(super) fn open(&mut self, now: Time, id: CommandId) -> Result<(), Error> {
        let may_open = match self.phase {
            // A null connection has nothing to open: the command succeeds, nothing changes.
            Phase::Null => {
                self.complete(id, Ok(CommandOutput::Done));
                return Ok(());
            }
            Phase::Idle | Phase::Ended { failed: true, .. } => true,
            // Closed before it was ever up: `open()` may be tried again.
            Phase::Ended {
                failed: false,
                connected_before,
            } => !connected_before,
            Phase::Connecting(_) | Phase::Live { .. } | Phase::Closing => false,
        };
        if !may_open {
            return Err(Error::InvalidState {
                operation: "open".into(),
                state: self.current_state().to_string(),
            });
        }
        let attempt = self.new_attempt(now, Goal::Open { cmd: id });
        self.enter(Phase::Connecting(attempt));
        self.advance(now);
        Ok(())
    }

    /// A series of attempts towards `goal`, starting now, on a fresh back-off.
    pub(super) fn new_attempt(&mut self, now: Time, goal: Goal) -> Attempt {
        self.backoff.reset();
        let reconnect = matches!(goal, Goal::Reconnect { .. });
        Attempt {
            connected_before: reconnect || self.phase.connected_before(),
            // `connectTimeout` bounds `open()` (and a step-up); after a drop a connection that
            // worked keeps trying on the schedule, as LivePerson's SDK does, until `close()`.
            deadline: (self.cfg.connect_timeout > 0 && !reconnect)
                .then(|| now.plus_ms(self.cfg.connect_timeout)),
            // A reconnect waits `waitToReconnect` before its first attempt.
            retry_at: reconnect.then(|| now.plus_ms(self.cfg.wait_to_reconnect)),
            goal,
            socket: None,
            setup: None,
        }
    }

    /// Reports the wait before the next attempt (`reconnect-wait`).
    pub(super) fn report_retry_wait(&mut self, wait: u64) {
        self.emit(Event::ReconnectWait {
            seconds: wait as f64 / 1000.0,
        });
    }

    pub(super) fn close(&mut self, _now: Time, id: CommandId) -> Result<(), Error> {
        if matches!(self.phase, Phase::Null) {
            // Nothing to close either.
            self.complete(id, Ok(CommandOutput::Done));
            return Ok(());
        }
        if matches!(
            self.phase,
            Phase::Idle | Phase::Closing | Phase::Ended { failed: false, .. }
        ) {
            return Err(Error::InvalidState {
                operation: "close".into(),
                state: self.current_state().to_string(),
            });
        }
        let goal_cmd = self.phase.goal_command();
        let socket = self.phase.take_socket();
        let connected_before = self.phase.connected_before();
        self.enter(Phase::Closing);
        self.shutdown(
            Error::Closed {
                operation: "the request".into(),
            },
            goal_cmd,
        );
        if let Some(id) = socket {
            self.transmits.push_back(Transmit::CloseSocket {
                id,
                code: 1000,
                reason: "Connection closed by client".into(),
            });
        }
        self.enter(Phase::Ended {
            failed: false,
            connected_before,
        });
        self.emit(Event::Close {
            code: 1000,
            reason: "Connection closed by client".into(),
        });
        self.complete(id, Ok(CommandOutput::Done));
        Ok(())
    }

    /// Stops timers and fails everything pending with `err` (close or give-up), with the
    /// command of the attempts' goal (`open()`, a step-up). The caller then leaves the phase.
    pub(super) fn shutdown(&mut self, err: Error, goal_cmd: Option<CommandId>) {
        self.keepalive.stop();
        self.brand.stop_refreshing();
        self.shift_at = None;
        self.csds.cancel_all();
        // HTTP answers still on their way are ignored: forget them, failing their commands.
        let calls: Vec<HttpPurpose> = std::mem::take(&mut self.http).into_values().collect();
        let waiting = std::mem::take(&mut self.waiting_host);
        for c in calls
            .into_iter()
            .filter_map(|p| match p {
                HttpPurpose::Call(c) => Some(c),
                HttpPurpose::Csds(_) => None,
            })
            .chain(waiting)
        {
            if let Some(cmd) = c.command() {
                self.complete(cmd, Err(err.clone()));
            }
        }
        for p in self.tracker.drain() {
            self.fail_purpose(p.purpose, err.clone());
        }
        for o in self.queue.drain() {
            self.fail_purpose(o.purpose, err.clone());
        }
        if let Some(c) = goal_cmd {
            self.complete(c, Err(err.clone()));
        }
        for c in std::mem::take(&mut self.token_waiters) {
            self.complete(c, Err(err.clone()));
        }
        self.fail_parked(&err);
        self.finish_arrivals();
        for s in self.subs.subs.values_mut() {
            if let Some(c) = s.waiting.take() {
                self.events.push_back(Event::CommandCompleted {
                    id: c,
                    result: Err(err.clone()),
                });
            }
        }
        self.subs.disconnected();
    }

    pub(super) fn fail_purpose(&mut self, purpose: Purpose, err: Error) {
        match purpose {
            Purpose::Subscribe(h, Some(c)) => {
                // The user was told it failed: do not re-create it later.
                self.subs.subs.remove(&h);
                self.complete(c, Err(err));
            }
            Purpose::User(c, Expect::Model(mcmd)) => {
                self.model.abort_command(&mcmd);
                self.complete(c, Err(err));
            }
            Purpose::User(c, _) | Purpose::Unsubscribe(_, Some(c)) => {
                self.complete(c, Err(err));
            }
            Purpose::Recover(dialog) => self.on_missed_failed(dialog, err),
            Purpose::History(_, Some(event)) => {
                // The history could not be loaded; the conversation is still news.
                self.emit(Event::Model { model: *event });
                self.emit(Event::Error { error: err });
            }
            _ => {}
        }
    }
}
