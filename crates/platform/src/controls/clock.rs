//! `GET /_lpm/clock` and `POST /_lpm/clock/advance {"ms": N}`.

use crate::state::AppState;
use axum::extract::State;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{Value, json};
use std::time::Duration;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/clock", get(now))
        .route("/clock/advance", post(advance))
}

async fn now(State(state): State<AppState>) -> Json<Value> {
    Json(json!({ "now": state.clock.now_ms() }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Advance {
    ms: u64,
}

async fn advance(State(state): State<AppState>, Json(body): Json<Advance>) -> Json<Value> {
    state.clock.advance(Duration::from_millis(body.ms));
    Json(json!({ "now": state.clock.now_ms() }))
}
