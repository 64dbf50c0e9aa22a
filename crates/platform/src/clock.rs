//! The platform's clock: wall time plus an offset that test controls can advance.
//!
//! Everything time-dependent in the platform (token expiry, ring expiry, TTR, timestamps in
//! notifications) reads this clock, never `SystemTime` directly, so that a test can jump an
//! hour ahead with `POST /_lpm/clock/advance` instead of waiting.

use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tokio::sync::watch;

/// Wall-clock time shifted by a controllable offset, in epoch milliseconds.
#[derive(Debug)]
pub struct Clock {
    offset_ms: watch::Sender<i64>,
}

impl Default for Clock {
    fn default() -> Self {
        Self::new()
    }
}

impl Clock {
    /// A clock showing the current wall time.
    pub fn new() -> Self {
        Self {
            offset_ms: watch::Sender::new(0),
        }
    }

    /// A clock already `offset_ms` ahead of wall time (a restart with `--data` keeps the
    /// offset tests advanced it by, so platform time never runs backwards).
    ///
    /// ```
    /// let clock = lpm_platform::clock::Clock::with_offset(5_000);
    /// assert_eq!(clock.offset_ms(), 5_000);
    /// ```
    pub fn with_offset(offset_ms: i64) -> Self {
        Self {
            offset_ms: watch::Sender::new(offset_ms),
        }
    }

    /// How far ahead of wall time the clock runs, in ms.
    pub fn offset_ms(&self) -> i64 {
        *self.offset_ms.borrow()
    }

    /// Now, in epoch milliseconds (the unit UMS uses for every timestamp).
    pub fn now_ms(&self) -> i64 {
        let wall = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_millis() as i64)
            .unwrap_or(0);
        wall + *self.offset_ms.borrow()
    }

    /// Now, in epoch seconds (the unit of JWT claims and Swift `temp_url_expires`).
    pub fn now_secs(&self) -> i64 {
        self.now_ms().div_euclid(1000)
    }

    /// Moves the clock forward; tasks waiting in [`Clock::sleep_until`] wake up and re-check.
    pub fn advance(&self, by: Duration) {
        let by = i64::try_from(by.as_millis()).unwrap_or(i64::MAX);
        self.offset_ms.send_modify(|o| *o = o.saturating_add(by));
    }

    /// Sleeps until the platform time reaches `at_ms`, whether by waiting or by [`Clock::advance`].
    pub async fn sleep_until(&self, at_ms: i64) {
        let mut changes = self.offset_ms.subscribe();
        loop {
            // Saturating: callers pass `i64::MIN` for "already due" (a brand session that is
            // no longer live), which overflowed a plain subtraction (found by `lpm chaos`).
            let left = at_ms.saturating_sub(self.now_ms());
            if left <= 0 {
                return;
            }
            tokio::select! {
                _ = tokio::time::sleep(Duration::from_millis(left as u64)) => {}
                changed = changes.changed() => {
                    if changed.is_err() {
                        return;
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advance_moves_now_forward() {
        let clock = Clock::new();
        let before = clock.now_ms();
        clock.advance(Duration::from_secs(3600));
        let after = clock.now_ms();
        assert!(after - before >= 3_600_000, "{before} -> {after}");
        assert!(after - before < 3_700_000, "{before} -> {after}");
    }

    #[tokio::test]
    async fn sleep_until_a_long_past_instant_returns_at_once() {
        let clock = Clock::new();
        tokio::time::timeout(Duration::from_secs(1), clock.sleep_until(i64::MIN))
            .await
            .expect("returns at once, no overflow");
    }

    #[tokio::test]
    async fn sleep_until_wakes_on_advance() {
        let clock = std::sync::Arc::new(Clock::new());
        let target = clock.now_ms() + 3_600_000;
        let sleeper = tokio::spawn({
            let clock = clock.clone();
            async move { clock.sleep_until(target).await }
        });
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert!(!sleeper.is_finished());
        clock.advance(Duration::from_secs(3601));
        tokio::time::timeout(Duration::from_secs(5), sleeper)
            .await
            .expect("sleeper woke")
            .expect("no panic");
        assert!(clock.now_ms() >= target);
    }
}
