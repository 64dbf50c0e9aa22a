//! The wall clock the core runs on: epoch milliseconds.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use lpm_core::time::Time;

/// Now, as epoch milliseconds.
pub(crate) fn now() -> Time {
    let ms = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
        .unwrap_or(0);
    Time(ms)
}

/// How long from `now` until `deadline` (zero when it has passed).
pub(crate) fn until(now: Time, deadline: Time) -> Duration {
    Duration::from_millis(deadline.since(now))
}

/// A random seed for the core (request ids, jitter), from the standard library's per-process
/// random hash keys.
pub(crate) fn seed() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(now().0);
    h.finish()
}
