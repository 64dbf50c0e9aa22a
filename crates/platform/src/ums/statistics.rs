//! Message statistics over REST (`rest-services.md` §6): counts computed from the store,
//! brand-wide or for one agent; a valid bearer is required.

use super::model::Who;
use crate::state::{AppState, lock};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;

/// "Soon to be overdue": within 5 minutes of the TTR deadline.
const SOON_MS: i64 = 5 * 60 * 1000;

/// The statistics routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/api/messaging/rest/reporting/brands/{account}/msgstatistics",
            get(brand),
        )
        .route(
            "/api/messaging/rest/reporting/brands/{account}/agents/{user_id}/msgstatistics",
            get(agent),
        )
}

fn authorized(st: &AppState, account: &str, headers: &HeaderMap) -> bool {
    let Some(bearer) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.get(..7)
                .filter(|p| p.eq_ignore_ascii_case("bearer "))
                .map(|_| v[7..].trim())
        })
    else {
        return false;
    };
    lock(&st.tokens)
        .session(account, bearer, st.clock.now_ms())
        .is_ok()
}

async fn brand(
    State(st): State<AppState>,
    Path(account): Path<String>,
    headers: HeaderMap,
) -> Response {
    stats(&st, &account, None, &headers)
}

async fn agent(
    State(st): State<AppState>,
    Path((account, user_id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    stats(&st, &account, Some(&user_id), &headers)
}

fn stats(st: &AppState, account: &str, user_id: Option<&str>, headers: &HeaderMap) -> Response {
    if !authorized(st, account, headers) {
        return (
            StatusCode::UNAUTHORIZED,
            Json(json!({"error": "unauthorized"})),
        )
            .into_response();
    }
    let now = st.clock.now_ms();
    let store = st.ums.store();
    let (mut active, mut pending, mut unassigned, mut overdue, mut soon) = (0, 0, 0, 0, 0);
    for conv in store.conversations.values() {
        if conv.account != account || !conv.stage_open {
            continue;
        }
        if let Some(uid) = user_id
            && !conv
                .dialogs
                .iter()
                .any(|d| d.participants.iter().any(|p| p.who.user_id() == Some(uid)))
        {
            continue;
        }
        if conv.assigned_agent().is_some() {
            active += 1;
        } else {
            unassigned += 1;
        }
        let waiting = conv
            .last_content(false)
            .is_some_and(|e| matches!(e.who, Who::Consumer(_)));
        if waiting {
            pending += 1;
            let due = conv.effective_ttr();
            if due >= 0 && now > due {
                overdue += 1;
            } else if due >= 0 && due - now <= SOON_MS {
                soon += 1;
            }
        }
    }
    Json(json!({
        "active": active,
        "pending": pending,
        "unassigned": unassigned,
        "overdue": overdue,
        "soonToOverdue": soon,
    }))
    .into_response()
}
