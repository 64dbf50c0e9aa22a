//! The state every route handler shares.

use crate::clock::Clock;
use crate::directory::Directory;
use crate::faults::Faults;
use crate::ids::Ids;
use crate::tokens::Tokens;
use std::sync::{Arc, Mutex, MutexGuard};

/// Handle to the platform's shared state, as axum state.
pub type AppState = Arc<Shared>;

/// Everything the services share. Locks are held only for short synchronous sections,
/// never across an `.await`.
#[derive(Debug)]
pub struct Shared {
    /// `host:port` that CSDS hands out for every service.
    pub host: String,
    /// Whether the platform serves HTTPS/WSS.
    pub tls: bool,
    /// The controllable clock.
    pub clock: Clock,
    /// Identifier source.
    pub ids: Ids,
    /// Injected faults (test controls).
    pub faults: Faults,
    /// Accounts, users, skills, connectors.
    pub directory: Mutex<Directory>,
    /// Issued tokens and brand sessions.
    pub tokens: Mutex<Tokens>,
    /// The UMS messaging hub: sockets, subscriptions, conversations, routing.
    pub ums: crate::ums::Hub,
    /// The durable store written through to (`--data`); `None` keeps everything in memory.
    pub durable: Option<crate::store::Durable>,
}

/// Locks a mutex, recovering the data if a previous holder panicked: the platform must keep
/// serving other clients after a bug in one handler.
pub fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|p| p.into_inner())
}
