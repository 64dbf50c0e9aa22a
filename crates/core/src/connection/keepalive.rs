//! Keep-alive: a `GetClock` request every `keepAliveInterval` while connected.
//!
//! UMS closes idle sockets; LivePerson's client sends `GetClock` every 10 s. Its response
//! also gives the server clock, kept as [`KeepAlive::server_time_diff`].

use crate::time::Time;

/// Keep-alive timer.
#[derive(Debug, Clone, Default)]
pub(crate) struct KeepAlive {
    next: Option<Time>,
    /// `server time - local time` in ms from the last `GetClock` answer.
    pub(crate) server_time_diff: Option<i64>,
}

impl KeepAlive {
    /// Starts (or restarts) the timer: the first `GetClock` goes out one interval from now.
    pub(crate) fn start(&mut self, now: Time, interval: u64) {
        self.next = Some(now.plus_ms(interval));
    }

    pub(crate) fn stop(&mut self) {
        self.next = None;
    }

    /// `true` (and re-arms) when a `GetClock` is due.
    pub(crate) fn due(&mut self, now: Time, interval: u64) -> bool {
        match self.next {
            Some(t) if t <= now => {
                self.next = Some(now.plus_ms(interval));
                true
            }
            _ => false,
        }
    }

    pub(crate) fn next(&self) -> Option<Time> {
        self.next
    }

    /// Records a `GetClock` answer.
    pub(crate) fn on_clock(&mut self, now: Time, server_ms: i64) {
        self.server_time_diff = Some(server_ms - now.0 as i64);
    }
}
