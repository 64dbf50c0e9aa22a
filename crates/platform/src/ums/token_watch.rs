//! Closing sockets whose authentication ends: missing past the grace period (4401), token expired
//! (4407), token revoked (4401).
//!
//! Nothing polls. Expiry is a deadline on the platform clock that each socket task sleeps
//! until ([`deadline_of`], woken early by clock advances); revocations are pushed: the token
//! store signals every revocation ([`crate::tokens::Tokens::kill_signal`]) and one platform-wide
//! task ([`watch_revocations`]) closes the sockets holding a killed token. An idle socket costs
//! no CPU however many there are.

use super::{Identity, SocketEntry, Store};
use crate::state::{Shared, lock};
use crate::tokens::{Killed, TokenError};
use std::sync::{Arc, Weak};
use tokio::sync::{Notify, watch};

use super::socket::{AUTH_GRACE_MS, TOKEN_CLOSE_REASON};

/// When socket `id`'s authentication must next be re-checked on the platform clock: the end of
/// the grace period, the consumer token's expiry, or the brand session's idle expiry (which a
/// refresh moves later; the socket then re-checks, finds it live and sleeps again).
pub fn deadline_of(st: &Shared, id: u64) -> Option<i64> {
    let store = st.ums.store();
    let entry = store.sockets.get(&id)?;
    match &entry.identity {
        Identity::Unauthenticated => Some(entry.connected_at + AUTH_GRACE_MS),
        Identity::Consumer { exp, .. } => Some(exp.saturating_mul(1000)),
        // A session that is no longer live is checked (and closed) at once.
        Identity::Brand { bearer, .. } => {
            Some(lock(&st.tokens).session_expiry(bearer).unwrap_or(i64::MIN))
        }
    }
}

/// Re-checks socket `id` now and closes it if its authentication has ended.
pub fn check(st: &Shared, id: u64) {
    let now = st.clock.now_ms();
    let mut store = st.ums.store();
    check_locked(st, &mut store, id, now);
}

/// [`check`] with the store already locked.
fn check_locked(st: &Shared, store: &mut Store, id: u64, now: i64) {
    let Some(entry) = store.sockets.get(&id) else {
        return;
    };
    if let Err(e) = verdict(st, entry, now) {
        let code = if e == TokenError::Expired { 4407 } else { 4401 };
        store.close_socket(id, code, TOKEN_CLOSE_REASON);
    }
}

fn verdict(st: &Shared, entry: &SocketEntry, now: i64) -> Result<(), TokenError> {
    match &entry.identity {
        Identity::Unauthenticated => {
            if now >= entry.connected_at + AUTH_GRACE_MS {
                Err(TokenError::Invalid)
            } else {
                Ok(())
            }
        }
        Identity::Consumer { jwt, .. } => lock(&st.tokens)
            .verify_consumer_jwt(&entry.account, jwt, now.div_euclid(1000))
            .map(|_| ()),
        Identity::Brand { bearer, .. } => lock(&st.tokens)
            .session(&entry.account, bearer, now)
            .map(|_| ()),
    }
}

/// Whether any of `killed` may concern this socket.
fn touched(killed: &[Killed], entry: &SocketEntry) -> bool {
    match &entry.identity {
        Identity::Unauthenticated => false,
        Identity::Consumer { id, jwt, .. } => killed.iter().any(|k| k.touches_consumer(id, jwt)),
        Identity::Brand { bearer, .. } => killed.iter().any(|k| k.touches_bearer(bearer)),
    }
}

/// Applies the revocations recorded since the last sweep: the sockets they concern are
/// re-checked (and closed). Sockets they do not concern are not verified again.
pub fn sweep(st: &Shared) {
    // The token lock is released before the store lock is taken: everywhere else the store is
    // locked first, and taking them in the other order could deadlock.
    let killed = lock(&st.tokens).take_killed();
    if killed.is_empty() {
        return;
    }
    let now = st.clock.now_ms();
    let mut store = st.ums.store();
    let hit: Vec<u64> = store
        .sockets
        .values()
        .filter(|s| touched(&killed, s))
        .map(|s| s.id)
        .collect();
    for id in hit {
        check_locked(st, &mut store, id, now);
    }
}

/// The platform-wide revocation task: sweeps after every revocation until the platform stops.
/// Holds the state weakly so that it never keeps a stopped platform alive.
pub async fn watch_revocations(
    st: Weak<Shared>,
    signal: Arc<Notify>,
    mut stopped: watch::Receiver<bool>,
) {
    // A platform dropped without `shutdown` keeps serving, so it keeps being watched.
    let stop = async move {
        if stopped.wait_for(|s| *s).await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    tokio::pin!(stop);
    loop {
        tokio::select! {
            _ = signal.notified() => {}
            _ = &mut stop => return,
        }
        // Revocations made while a sweep runs are applied by the next one: `Notify` keeps the
        // signal that arrived meanwhile.
        let Some(st) = st.upgrade() else {
            return;
        };
        sweep(&st);
    }
}
