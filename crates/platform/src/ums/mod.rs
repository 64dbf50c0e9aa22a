//! UMS: the consumer (v3) and brand (v2/v2.1) messaging websockets and everything behind them.

use crate::state::AppState;
use axum::Router;

/// Sockets, subscriptions, conversations and routing.
#[derive(Debug, Default)]
pub struct Hub {}

/// The websocket routes.
pub fn routes() -> Router<AppState> {
    Router::new()
}
