//! Exponential back-off between restarts of a crashing bot.

use std::time::Duration;

/// Restart delays: `initial`, doubled after each crash up to `max`; a child that ran for at least
/// `reset_after` is considered healthy again and its next crash restarts it after `initial`.
///
/// ```
/// use lpm_fleet::Backoff;
/// use std::time::Duration;
/// let mut b = Backoff::new(Duration::from_millis(100), Duration::from_millis(350));
/// assert_eq!(b.next_delay(Duration::ZERO), Duration::from_millis(100));
/// assert_eq!(b.next_delay(Duration::ZERO), Duration::from_millis(200));
/// assert_eq!(b.next_delay(Duration::ZERO), Duration::from_millis(350));
/// ```
#[derive(Debug, Clone)]
pub struct Backoff {
    initial: Duration,
    max: Duration,
    reset_after: Duration,
    current: Duration,
}

impl Backoff {
    /// A back-off starting at `initial`, capped at `max`, reset after 10 s of healthy running.
    ///
    /// ```
    /// let b = lpm_fleet::Backoff::new(std::time::Duration::from_secs(1), std::time::Duration::from_secs(30));
    /// ```
    pub fn new(initial: Duration, max: Duration) -> Self {
        Backoff {
            initial,
            max: max.max(initial),
            reset_after: Duration::from_secs(10),
            current: initial,
        }
    }

    /// The delay before restarting a child that crashed after running for `ran`.
    ///
    /// ```
    /// # use lpm_fleet::Backoff; use std::time::Duration;
    /// let mut b = Backoff::new(Duration::from_millis(100), Duration::from_secs(1));
    /// b.next_delay(Duration::ZERO);
    /// // a long healthy run resets the back-off
    /// assert_eq!(b.next_delay(Duration::from_secs(60)), Duration::from_millis(100));
    /// ```
    pub fn next_delay(&mut self, ran: Duration) -> Duration {
        if ran >= self.reset_after {
            self.current = self.initial;
        }
        let delay = self.current;
        self.current = (self.current * 2).min(self.max);
        delay
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_up_to_the_cap_and_resets_after_a_healthy_run() {
        let ms = Duration::from_millis;
        let mut b = Backoff::new(ms(500), ms(3000));
        let delays: Vec<_> = (0..5).map(|_| b.next_delay(ms(10))).collect();
        assert_eq!(delays, [ms(500), ms(1000), ms(2000), ms(3000), ms(3000)]);
        assert_eq!(b.next_delay(Duration::from_secs(11)), ms(500));
        assert_eq!(b.next_delay(ms(10)), ms(1000));
    }

    #[test]
    fn a_cap_below_the_start_is_the_start() {
        let mut b = Backoff::new(Duration::from_secs(2), Duration::from_secs(1));
        assert_eq!(b.next_delay(Duration::ZERO), Duration::from_secs(2));
        assert_eq!(b.next_delay(Duration::ZERO), Duration::from_secs(2));
    }
}
