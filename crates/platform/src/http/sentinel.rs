//! Connector API identities (`auth.md` §3): Sentinel AppJWT and the IDP ConsumerJWS.
//!
//! | route | fault kind |
//! |---|---|
//! | `POST /sentinel/api/account/{acct}/app/token?v=1.0&grant_type=client_credentials` (credentials in the query or a form body) → `{"access_token","token_type":"Bearer"}` | `http:sentinel_token` |
//! | `POST /api/account/{acct}/consumer?v=1.0` `{"ext_consumer_id"}` with `Authorization: <AppJWT>` → 201 `{"token"}` | `http:consumer_jws` |
//!
//! Dev mode accepts any client credentials; strict mode only the account's `apps`.

use super::errors::IdpError;
use super::{fault, json_body};
use crate::directory::Mode;
use crate::state::{AppState, lock};
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use lpm_protocol::rest::idp::TokenResponse;
use lpm_protocol::rest::sentinel::{AppTokenResponse, ConsumerJwsRequest};
use std::collections::HashMap;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/sentinel/api/account/{account}/app/token", post(app_token))
        .route("/api/account/{account}/consumer", post(consumer_jws))
}

async fn app_token(
    State(state): State<AppState>,
    Path(account): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    body: Bytes,
) -> Response {
    if let Some(response) = fault(&state, "sentinel_token").await {
        return response;
    }
    // Credentials in the query (lp-messaging-sdk 1.5.4) or in a form body (the docs).
    let form: HashMap<String, String> = serde_urlencoded_pairs(&body);
    let field = |name: &str| query.get(name).or_else(|| form.get(name)).cloned();
    let grant = field("grant_type");
    let (Some(client_id), Some(client_secret)) = (field("client_id"), field("client_secret"))
    else {
        return IdpError::BadRequest("client_id and client_secret are required".into())
            .into_response();
    };
    if grant.as_deref().is_some_and(|g| g != "client_credentials") {
        return IdpError::BadRequest("grant_type must be client_credentials".into())
            .into_response();
    }
    let allowed = {
        let mut directory = lock(&state.directory);
        let mode = directory.mode();
        match directory.account(&account) {
            Err(_) => return IdpError::UnknownAccount.into_response(),
            Ok(acc) => {
                mode == Mode::Dev
                    || acc
                        .apps
                        .iter()
                        .any(|a| a.client_id == client_id && a.client_secret == client_secret)
            }
        }
    };
    if !allowed {
        return IdpError::InvalidClient.into_response();
    }
    let now = state.clock.now_secs();
    let access_token = lock(&state.tokens).issue_app_jwt(&account, &client_id, now);
    Json(AppTokenResponse {
        access_token,
        token_type: "Bearer".to_owned(),
    })
    .into_response()
}

/// `application/x-www-form-urlencoded` pairs; anything undecodable is skipped.
fn serde_urlencoded_pairs(body: &Bytes) -> HashMap<String, String> {
    let text = String::from_utf8_lossy(body);
    text.split('&')
        .filter_map(|pair| pair.split_once('='))
        .filter_map(|(k, v)| Some((percent_decode(k)?, percent_decode(v)?)))
        .collect()
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = s.get(i + 1..i + 3)?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).ok()
}

async fn consumer_jws(
    State(state): State<AppState>,
    Path(account): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Some(response) = fault(&state, "consumer_jws").await {
        return response;
    }
    if !lock(&state.directory).account_exists(&account) {
        return IdpError::UnknownAccount.into_response();
    }
    // The AppJWT goes raw in `Authorization` (the examples have no `Bearer`); accept both.
    let app_jwt = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            let v = v.trim();
            match v.split_once(' ') {
                Some((scheme, rest)) if scheme.eq_ignore_ascii_case("bearer") => rest.trim(),
                _ => v,
            }
        });
    let now = state.clock.now_secs();
    let valid =
        app_jwt.is_some_and(|t| lock(&state.tokens).verify_app_jwt(&account, t, now).is_ok());
    if !valid {
        return IdpError::InvalidClient.into_response();
    }
    let request: ConsumerJwsRequest = match json_body(&body) {
        Ok(r) => r,
        Err(e) => return IdpError::BadRequest(e).into_response(),
    };
    let token = lock(&state.tokens).issue_consumer_jws(&account, &request.ext_consumer_id);
    (StatusCode::CREATED, Json(TokenResponse { token })).into_response()
}
