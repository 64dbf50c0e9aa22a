//! Test controls, all under [`PREFIX`] and never mixed with protocol routes (see `docs/controls.md`).
//!
//! They exist only on the local platform; the SDK never calls them.

mod clock;
mod faults;
mod inspect;
mod sockets;
mod tokens;

use crate::state::AppState;
use axum::Router;

/// The path prefix of every test control.
pub const PREFIX: &str = "/_lpm";

/// The test-control routes, to be nested under [`PREFIX`].
pub fn routes() -> Router<AppState> {
    Router::new()
        .merge(clock::routes())
        .merge(faults::routes())
        .merge(tokens::routes())
        .merge(inspect::routes())
        .merge(sockets::routes())
}
