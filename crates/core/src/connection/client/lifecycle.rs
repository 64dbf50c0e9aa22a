//! `open()`, `close()` and failing everything pending.

use super::*;

impl Client {
    pub(super) fn open(&mut self, now: Time, id: CommandId) -> Result<(), Error> {
        let reopen = self.state == ConnectionState::FailedToConnect
            || (self.state == ConnectionState::Closed && !self.ever_connected);
        if self.state != ConnectionState::Initial && !reopen {
            return Err(Error::InvalidState {
                operation: "open".into(),
                state: self.state.to_string(),
            });
        }
        self.open_cmd = Some(id);
        self.start_series(now, Series::Open);
        Ok(())
    }

    pub(super) fn start_series(&mut self, now: Time, series: Series) {
        self.series = Some(series);
        self.backoff.reset();
        // `connectTimeout` bounds `open()` (and a step-up); after a drop a connection that
        // worked keeps trying on the schedule, as LivePerson's SDK does, until `close()`.
        self.series_deadline = (self.cfg.connect_timeout > 0 && series != Series::Reconnect)
            .then(|| now.plus_ms(self.cfg.connect_timeout));
        if series != Series::Reconnect {
            self.set_state(ConnectionState::Connecting);
        }
        if series == Series::Reconnect {
            let wait = self.cfg.wait_to_reconnect;
            self.schedule_retry(now, wait);
        } else {
            self.advance(now);
        }
    }

    pub(super) fn schedule_retry(&mut self, now: Time, wait: u64) {
        self.retry_at = Some(now.plus_ms(wait));
        self.emit(Event::ReconnectWait {
            seconds: wait as f64 / 1000.0,
        });
    }

    pub(super) fn close(&mut self, _now: Time, id: CommandId) -> Result<(), Error> {
        if matches!(
            self.state,
            ConnectionState::Initial | ConnectionState::Closing | ConnectionState::Closed
        ) {
            return Err(Error::InvalidState {
                operation: "close".into(),
                state: self.state.to_string(),
            });
        }
        self.set_state(ConnectionState::Closing);
        self.close_pending = true;
        self.shutdown(Error::Closed {
            operation: "the request".into(),
        });
        if let Some(s) = self.socket.take() {
            self.transmits.push_back(Transmit::CloseSocket {
                id: s.id,
                code: 1000,
                reason: "Connection closed by client".into(),
            });
        }
        self.close_pending = false;
        self.set_state(ConnectionState::Closed);
        self.emit(Event::Close {
            code: 1000,
            reason: "Connection closed by client".into(),
        });
        self.complete(id, Ok(CommandOutput::Done));
        Ok(())
    }

    /// Stops timers and fails everything pending with `err` (close or give-up).
    pub(super) fn shutdown(&mut self, err: Error) {
        self.keepalive.stop();
        self.refresh_at = None;
        self.shift_at = None;
        self.retry_at = None;
        self.series = None;
        self.setup = None;
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
        for c in [self.open_cmd.take(), self.step_up_cmd.take()]
            .into_iter()
            .flatten()
        {
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
