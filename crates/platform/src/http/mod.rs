//! The platform's REST services: CSDS, IDP, agentVep, Swift files, and the REST APIs around UMS.

use crate::state::AppState;
use axum::Router;

/// Every REST route, at the paths the real services use.
pub fn routes() -> Router<AppState> {
    Router::new()
}
