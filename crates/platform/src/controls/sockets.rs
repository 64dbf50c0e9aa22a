//! Socket controls: `POST /_lpm/ums/sockets/{id}/close {"code":N,"reason":"…"}` closes one
//! socket; `POST /_lpm/ums/sockets/close {"code":N,"reason":"…","account":"…","side":"consumer"|"brand"}`
//! closes every matching socket and answers `{"closed": n}`. The code defaults to 1011.
//! `POST /_lpm/ums/settings {"alreadyOpenAnswer":"200"}` switches behaviours.

use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::post;
use axum::{Json, Router};
use lpm_protocol::Side;
use serde::Deserialize;
use serde_json::{Value, json};

/// The routes of this control group.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/ums/sockets/close", post(close_all))
        .route("/ums/sockets/{id}/close", post(close_one))
        .route("/ums/settings", post(settings))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct SettingsBody {
    /// `"400"` (default) or `"200"`: how a second open conversation is refused.
    #[serde(default)]
    already_open_answer: Option<String>,
}

/// `POST /_lpm/ums/settings {"alreadyOpenAnswer":"400"|"200"}`.
async fn settings(State(st): State<AppState>, Json(body): Json<SettingsBody>) -> StatusCode {
    if let Some(a) = body.already_open_answer {
        let as_200 = match a.as_str() {
            "200" => true,
            "400" => false,
            _ => return StatusCode::BAD_REQUEST,
        };
        st.ums
            .settings
            .already_open_as_200
            .store(as_200, std::sync::atomic::Ordering::Relaxed);
    }
    StatusCode::NO_CONTENT
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Close {
    #[serde(default)]
    code: Option<u16>,
    #[serde(default)]
    reason: Option<String>,
    #[serde(default)]
    account: Option<String>,
    #[serde(default)]
    side: Option<String>,
}

const DEFAULT_CODE: u16 = 1011;

async fn close_one(
    State(st): State<AppState>,
    Path(id): Path<u64>,
    body: Option<Json<Close>>,
) -> StatusCode {
    let c = body.map(|Json(c)| c).unwrap_or_default();
    let closed = st.ums.store().close_socket(
        id,
        c.code.unwrap_or(DEFAULT_CODE),
        c.reason.as_deref().unwrap_or(""),
    );
    if closed {
        StatusCode::NO_CONTENT
    } else {
        StatusCode::NOT_FOUND
    }
}

async fn close_all(State(st): State<AppState>, body: Option<Json<Close>>) -> Json<Value> {
    let c = body.map(|Json(c)| c).unwrap_or_default();
    let side = match c.side.as_deref() {
        Some("consumer") => Some(Side::Consumer),
        Some("brand") => Some(Side::Brand),
        _ => None,
    };
    let mut store = st.ums.store();
    let ids: Vec<u64> = store
        .sockets
        .values()
        .filter(|s| c.account.as_deref().is_none_or(|a| a == s.account))
        .filter(|s| side.is_none_or(|x| x == s.side))
        .map(|s| s.id)
        .collect();
    for id in &ids {
        store.close_socket(
            *id,
            c.code.unwrap_or(DEFAULT_CODE),
            c.reason.as_deref().unwrap_or(""),
        );
    }
    Json(json!({"closed": ids.len()}))
}
