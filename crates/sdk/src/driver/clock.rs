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

/// Sleeps until `deadline` (a machine's `poll_timeout`); never ends for `None`.
pub(crate) async fn sleep_until(deadline: Option<Time>) {
    match deadline {
        Some(d) => tokio::time::sleep(until(now(), d)).await,
        None => std::future::pending::<()>().await,
    }
}

/// A random seed for the core (request ids, jitter), from the standard library's per-process
/// random hash keys.
pub(crate) fn seed() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(now().0);
    h.finish()
}
