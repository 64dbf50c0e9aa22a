//! Giving memory back to the operating system after sockets close.
//!
//! glibc's allocator keeps freed memory in its arenas (one per worker thread): after 10,000
//! sockets closed, the platform's resident memory stayed at its peak. A second after sockets
//! close, [`after_close`] asks glibc to return the free pages (`malloc_trim`), once however
//! many closed meanwhile. Elsewhere (musl, other systems) it does nothing.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// How long after a close the trim runs; closes meanwhile share it.
pub const TRIM_DELAY: Duration = Duration::from_secs(1);

/// Whether a trim is already scheduled.
static SCHEDULED: AtomicBool = AtomicBool::new(false);

/// Schedules one trim [`TRIM_DELAY`] from now unless one is already scheduled. Call it after a
/// socket closed, inside the Tokio runtime.
///
/// ```
/// # #[tokio::main] async fn main() {
/// lpm_platform::ums::trim::after_close();
/// # }
/// ```
pub fn after_close() {
    if SCHEDULED.swap(true, Ordering::AcqRel) {
        return;
    }
    tokio::spawn(async {
        tokio::time::sleep(TRIM_DELAY).await;
        SCHEDULED.store(false, Ordering::Release);
        // Walking the arenas takes a few milliseconds with a large heap: off the workers.
        let _ = tokio::task::spawn_blocking(trim_now).await;
    });
}

/// Returns the allocator's free memory to the operating system now.
///
/// ```
/// lpm_platform::ums::trim::trim_now();
/// ```
pub fn trim_now() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `malloc_trim` only releases free memory of glibc's own arenas; it takes no
    // pointer and is safe to call from any thread at any time.
    unsafe {
        libc::malloc_trim(0);
    }
}
