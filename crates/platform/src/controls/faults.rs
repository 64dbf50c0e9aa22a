//! `POST /_lpm/faults {"kind": "...", "delayMs": N, "status": N, "body": ...}` queues a fault for
//! the next response of that kind; `DELETE /_lpm/faults` clears them. Kinds: [`crate::faults`].

use crate::faults::Fault;
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use axum::{Json, Router};
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new().route("/faults", post(push).delete(clear))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct NewFault {
    kind: String,
    #[serde(default)]
    delay_ms: u64,
    #[serde(default)]
    status: Option<u16>,
    #[serde(default)]
    body: Option<serde_json::Value>,
}

async fn push(State(state): State<AppState>, Json(f): Json<NewFault>) -> StatusCode {
    state.faults.push(
        &f.kind,
        Fault {
            delay_ms: f.delay_ms,
            status: f.status,
            body: f.body,
        },
    );
    StatusCode::NO_CONTENT
}

async fn clear(State(state): State<AppState>) -> StatusCode {
    state.faults.clear();
    StatusCode::NO_CONTENT
}
