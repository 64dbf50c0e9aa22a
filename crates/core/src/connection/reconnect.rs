//! The reconnect back-off schedule.

/// Waits between connection attempts after the first one: LivePerson's schedule (5 s, 10 s,
/// 30 s, 1, 2, 3, 4, 5, 10, 30 min, 1 h, 2 h, then every 4 h).
pub const SCHEDULE_MS: [u64; 13] = [
    5_000, 10_000, 30_000, 60_000, 120_000, 180_000, 240_000, 300_000, 600_000, 1_800_000,
    3_600_000, 7_200_000, 14_400_000,
];

/// Counts attempts in one series (one `open()`, or one reconnect after a drop).
#[derive(Debug, Clone, Default)]
pub(crate) struct Backoff {
    /// Failed attempts so far in this series.
    failures: usize,
}

impl Backoff {
    /// Starts a new series.
    pub(crate) fn reset(&mut self) {
        self.failures = 0;
    }

    /// The wait before the next attempt after one more failure.
    pub(crate) fn next_wait(&mut self) -> u64 {
        let i = self.failures.min(SCHEDULE_MS.len() - 1);
        self.failures += 1;
        SCHEDULE_MS[i]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedule_ends_at_four_hours() {
        let mut b = Backoff::default();
        let waits: Vec<u64> = (0..15).map(|_| b.next_wait()).collect();
        assert_eq!(waits[0], 5_000);
        assert_eq!(waits[12], 14_400_000);
        assert_eq!(waits[14], 14_400_000);
        b.reset();
        assert_eq!(b.next_wait(), 5_000);
    }
}
