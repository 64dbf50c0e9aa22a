//! Token controls (see `docs/controls.md`):
//!
//! * `POST /_lpm/tokens/consumer/expire` and `…/consumer/revoke` with `{"token": jwt}` or
//!   `{"consumerId": id}`: that token, or every token of that consumer issued so far, is refused
//!   from now on (401 at the IDP step-up, on the socket upgrade, …) as expired or revoked;
//! * `POST /_lpm/tokens/brand/expire` and `…/brand/revoke` with `{"bearer": b}` or
//!   `{"account": a, "userId": u}`: the session ends as if it had timed out or been replaced;
//! * `GET /_lpm/tokens/brand/sessions[?account=a]`: the live brand sessions, with the bearer and
//!   session id a test needs (never the csrf). Nothing here is logged.
//!
//! Answers `{"count": n}` (how many tokens or sessions were affected); 400 for a body naming
//! neither form, 404 when nothing matched.

use crate::state::{AppState, lock};
use crate::tokens::TokenError;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/tokens/consumer/expire",
            post(|s: State<AppState>, b: Json<ConsumerTarget>| {
                kill_consumer(s, b, TokenError::Expired)
            }),
        )
        .route(
            "/tokens/consumer/revoke",
            post(|s: State<AppState>, b: Json<ConsumerTarget>| {
                kill_consumer(s, b, TokenError::Revoked)
            }),
        )
        .route(
            "/tokens/brand/expire",
            post(|s: State<AppState>, b: Json<BrandTarget>| kill_brand(s, b, TokenError::Expired)),
        )
        .route(
            "/tokens/brand/revoke",
            post(|s: State<AppState>, b: Json<BrandTarget>| kill_brand(s, b, TokenError::Revoked)),
        )
        .route("/tokens/brand/sessions", get(sessions))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ConsumerTarget {
    token: Option<String>,
    consumer_id: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct BrandTarget {
    bearer: Option<String>,
    account: Option<String>,
    user_id: Option<String>,
}

fn count(n: usize) -> Response {
    let status = if n == 0 {
        StatusCode::NOT_FOUND
    } else {
        StatusCode::OK
    };
    (status, Json(json!({ "count": n }))).into_response()
}

fn bad(message: &str) -> Response {
    (StatusCode::BAD_REQUEST, Json(json!({ "error": message }))).into_response()
}

async fn kill_consumer(
    State(state): State<AppState>,
    Json(target): Json<ConsumerTarget>,
    why: TokenError,
) -> Response {
    let now = state.clock.now_secs();
    let mut tokens = lock(&state.tokens);
    match (target.token, target.consumer_id) {
        (Some(token), None) => {
            // Only tokens the platform can read are known; the account is taken from `aud`.
            let account = jwt_account(&token);
            let known = account.is_some_and(|a| {
                !matches!(
                    tokens.verify_consumer_jwt(&a, &token, i64::MIN),
                    Err(TokenError::Invalid)
                )
            });
            if !known {
                return count(0);
            }
            tokens.kill_consumer_jwt(&token, why);
            count(1)
        }
        (None, Some(consumer_id)) => {
            let n = tokens.kill_consumer(&consumer_id, why, now);
            // A consumer with tokens from an earlier run still counts as found.
            count(n.max(1))
        }
        _ => bad("give exactly one of token, consumerId"),
    }
}

/// The account of a consumer JWT, from its `aud` (`acc:{account}`), without verifying it.
fn jwt_account(token: &str) -> Option<String> {
    use base64::Engine;
    let payload = token.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .ok()?;
    let claims: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    claims["aud"]
        .as_str()?
        .strip_prefix("acc:")
        .map(str::to_owned)
}

async fn kill_brand(
    State(state): State<AppState>,
    Json(target): Json<BrandTarget>,
    why: TokenError,
) -> Response {
    let mut tokens = lock(&state.tokens);
    match (target.bearer, target.account, target.user_id) {
        (Some(bearer), None, None) => {
            let live = tokens.sessions().any(|s| s.bearer == bearer);
            tokens.end_session(&bearer, why);
            count(usize::from(live))
        }
        (None, Some(account), Some(user_id)) => {
            count(tokens.end_sessions_of(&account, &user_id, why))
        }
        _ => bad("give bearer, or account and userId"),
    }
}

#[derive(Deserialize)]
struct SessionsQuery {
    account: Option<String>,
}

async fn sessions(State(state): State<AppState>, Query(query): Query<SessionsQuery>) -> Response {
    let tokens = lock(&state.tokens);
    let mut list: Vec<_> = tokens
        .sessions()
        .filter(|s| query.account.as_deref().is_none_or(|a| a == s.account))
        .map(|s| {
            json!({
                "account": s.account,
                "userId": s.user_id,
                "bearer": s.bearer,
                "sessionId": s.session_id,
                "expiresAt": s.expires_at_ms,
            })
        })
        .collect();
    list.sort_by_key(|v| v["userId"].as_str().unwrap_or_default().to_owned());
    Json(list).into_response()
}
