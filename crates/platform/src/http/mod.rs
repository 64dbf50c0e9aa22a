//! The platform's REST services at the paths the real services use: CSDS, IDP, agentVep, the
//! account configuration APIs (users, skills, connectors), shift status and Sentinel.
//!
//! Every handler first applies the fault a test may have queued for its route
//! (`http:<route>`, see [`fault`]) and answers errors in the shape the real service uses
//! (`errors.md` §3). Secrets (passwords, keys, tokens) never appear in logs or error bodies.

mod agent_vep;
pub mod brand_token;
mod connectors;
pub mod cors;
mod csds;
mod errors;
mod idp;
mod sentinel;
pub mod shift_status;
pub mod time;
mod users;

pub use csds::{SERVICES, base_uris};
pub use errors::{BrandError, IdpError};

use crate::state::AppState;
use axum::Router;
use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use std::time::Duration;

/// Every REST route, at the paths the real services use, with CORS for browser clients.
pub fn routes() -> Router<AppState> {
    Router::new()
        .merge(csds::routes())
        .merge(idp::routes())
        .merge(agent_vep::routes())
        .merge(users::routes())
        .merge(connectors::routes())
        .merge(shift_status::routes())
        .merge(sentinel::routes())
        .layer(axum::middleware::from_fn(cors::cors))
}

/// Applies the fault queued for `route` (kind `http:<route>`): waits its delay, then, when it
/// carries a status, returns the response to send instead of the real one. A string body is
/// sent as text, any other body as JSON, no body as `{"error":"Injected fault"}` (the shape of
/// the agentVep 500 seen in the wild, `auth.md` §4.1).
pub async fn fault(state: &AppState, route: &str) -> Option<Response> {
    let fault = state.faults.take(&format!("http:{route}"))?;
    if fault.delay_ms > 0 {
        tokio::time::sleep(Duration::from_millis(fault.delay_ms)).await;
    }
    let status = StatusCode::from_u16(fault.status?).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    Some(match fault.body {
        Some(serde_json::Value::String(text)) => (status, text).into_response(),
        Some(body) => (status, axum::Json(body)).into_response(),
        None => (
            status,
            axum::Json(serde_json::json!({"error": "Injected fault"})),
        )
            .into_response(),
    })
}

/// Parses a JSON request body; an empty body reads as `{}` (clients post `anonymous/authorize`
/// and `signup` with no body). The error says what is wrong without echoing the body, which may
/// hold credentials.
pub(crate) fn json_body<T: DeserializeOwned>(body: &Bytes) -> Result<T, String> {
    let text: &[u8] = if body.iter().all(u8::is_ascii_whitespace) {
        b"{}"
    } else {
        body
    };
    serde_json::from_slice(text).map_err(|e| {
        // serde's messages name fields and types, never values of strings.
        format!("invalid JSON body ({})", e.classify_name())
    })
}

trait ClassifyName {
    fn classify_name(&self) -> &'static str;
}

impl ClassifyName for serde_json::Error {
    fn classify_name(&self) -> &'static str {
        match self.classify() {
            serde_json::error::Category::Io => "I/O error",
            serde_json::error::Category::Syntax => "syntax error",
            serde_json::error::Category::Data => "unexpected fields or types",
            serde_json::error::Category::Eof => "unexpected end",
        }
    }
}

/// The bearer of an `Authorization: Bearer <token>` header (scheme case-insensitive).
pub fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?.trim();
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty())
}

/// The live brand session of the `Authorization: Bearer` header for `account`, or 401.
pub fn brand_session(
    state: &AppState,
    account: &str,
    headers: &HeaderMap,
) -> Result<crate::tokens::BrandSession, BrandError> {
    let bearer = bearer(headers).ok_or(BrandError::Unauthorized)?;
    crate::state::lock(&state.tokens)
        .session(account, bearer, state.clock.now_ms())
        .map_err(|_| BrandError::Unauthorized)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn bearer_header_forms() {
        let with = |value: &'static str| {
            let mut headers = HeaderMap::new();
            headers.insert(header::AUTHORIZATION, HeaderValue::from_static(value));
            headers
        };
        assert_eq!(bearer(&with("Bearer abc")), Some("abc"));
        assert_eq!(bearer(&with("bearer  abc ")), Some("abc"));
        assert_eq!(bearer(&with("jwt abc")), None);
        assert_eq!(bearer(&with("Bearer ")), None);
        assert_eq!(bearer(&HeaderMap::new()), None);
    }

    #[test]
    fn empty_bodies_read_as_empty_objects() {
        let empty: serde_json::Value = json_body(&Bytes::new()).expect("empty is {}");
        assert_eq!(empty, serde_json::json!({}));
        let err = json_body::<serde_json::Value>(&Bytes::from_static(b"{\"password\":"))
            .expect_err("truncated");
        assert!(!err.contains("password"), "{err}");
    }
}
