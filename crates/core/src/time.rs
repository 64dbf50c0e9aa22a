//! Time as the driver tells it.

use serde::{Deserialize, Serialize};

/// A point in time: milliseconds since the Unix epoch, read by the driver and passed in with
/// every input. The core never reads a clock itself.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Time(pub u64);

impl Time {
    /// This time plus `ms` milliseconds.
    ///
    /// ```
    /// use lpm_core::time::Time;
    /// assert_eq!(Time(1_000).plus_ms(500), Time(1_500));
    /// ```
    pub fn plus_ms(self, ms: u64) -> Time {
        Time(self.0.saturating_add(ms))
    }

    /// Milliseconds from `earlier` to `self` (0 if `earlier` is later).
    pub fn since(self, earlier: Time) -> u64 {
        self.0.saturating_sub(earlier.0)
    }
}
