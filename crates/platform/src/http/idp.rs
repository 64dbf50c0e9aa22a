//! IDP: consumer identities (`auth.md` §2, emulator-notes §8).
//!
//! | route | fault kind |
//! |---|---|
//! | `POST /api/account/{acct}/signup` → `{"jwt"}` | `http:signup` |
//! | `GET /api/account/{acct}/signup.jsonp?callback=f` → `f({"jwt":…});` (browser JSONP form) | `http:signup` |
//! | `POST /api/account/{acct}/anonymous/authorize` `{}` or `{"id_token"}` → `{"token"}` | `http:anonymous_authorize` |
//! | `POST /api/account/{acct}/app/{connectorId}/authenticate?v=3.0` (`v=3`; `app/default` also `v=2`) → `{"token"}` | `http:authenticate` |
//! | `POST /api/account/{acct}/authenticate` `{"authCode"}` → `{"jwt"}` | `http:legacy_authenticate` |
//!
//! How the connector's type is chosen: in strict mode from the configuration (unknown connector:
//! 404); in dev mode from the token — an `id_token` that is an external token of this
//! platform's `anonymous/authorize` means an unauthenticated connector (type 1), anything else
//! (a JWT `id_token`, a `code`) an authenticated one (type 2), without signature checks. The
//! connector id `default` is mock authentication unless the configuration defines it.

use super::brand_token::{self, BrandTokenError, Source};
use super::errors::IdpError;
use super::{fault, json_body};
use crate::config::ConnectorConfig;
use crate::directory::Mode;
use crate::state::{AppState, lock};
use crate::tokens::{
    self, AUTH_DEFAULT_TTL_SECS, CONSUMER_ISSUER, ConsumerClaims, ExternalIdentity,
    SIGNUP_TTL_SECS, TokenError, UNAUTH_REFRESH_WINDOW_SECS, UNAUTH_TOKEN_TTL_SECS, UnauthClaims,
};
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use lpm_protocol::rest::connectors::{AUTHENTICATED, UNAUTHENTICATED};
use lpm_protocol::rest::idp::{
    AnonymousAuthorizeRequest, AuthenticateRequest, BrandIdTokenClaims, JwtResponse,
    LegacyAuthenticateRequest, TokenResponse,
};
use serde::Deserialize;
use serde_json::json;

/// The connector id of mock authentication (`auth.md` §2.3.1).
pub const MOCK_CONNECTOR: &str = "default";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/account/{account}/signup", post(signup))
        .route("/api/account/{account}/signup.jsonp", get(signup_jsonp))
        .route(
            "/api/account/{account}/anonymous/authorize",
            post(anonymous_authorize),
        )
        .route(
            "/api/account/{account}/app/{connector}/authenticate",
            post(authenticate),
        )
        .route(
            "/api/account/{account}/authenticate",
            post(legacy_authenticate),
        )
}

fn answer<T: serde::Serialize>(result: Result<T, IdpError>) -> Response {
    match result {
        Ok(body) => Json(body).into_response(),
        Err(e) => e.into_response(),
    }
}

fn token_error(e: TokenError) -> IdpError {
    match e {
        TokenError::Expired => IdpError::ExpiredToken,
        TokenError::Invalid | TokenError::Revoked => IdpError::InvalidToken,
    }
}

fn brand_error(e: BrandTokenError) -> IdpError {
    match e {
        BrandTokenError::Expired => IdpError::ExpiredToken,
        BrandTokenError::Malformed | BrandTokenError::BadSignature | BrandTokenError::NoSubject => {
            IdpError::InvalidToken
        }
    }
}

/// Features and connectors of an account, or 404 when it does not exist (strict mode).
fn account_info(
    state: &AppState,
    account: &str,
) -> Result<(Mode, crate::config::Features, Vec<ConnectorConfig>), IdpError> {
    let mut directory = lock(&state.directory);
    let mode = directory.mode();
    let account = directory
        .account(account)
        .map_err(|_| IdpError::UnknownAccount)?;
    Ok((
        mode,
        account.features.clone(),
        account.connectors.values().cloned().collect(),
    ))
}

async fn signup(State(state): State<AppState>, Path(account): Path<String>) -> Response {
    if let Some(response) = fault(&state, "signup").await {
        return response;
    }
    answer(signup_inner(&state, &account))
}

#[derive(Deserialize)]
struct JsonpQuery {
    callback: Option<String>,
    cb: Option<String>,
}

/// messaging-window-sdk's JSONP signup (`auth.md` §2.1). The callback parameter's name is not
/// published: `callback` or `cb` (default `callback`).
async fn signup_jsonp(
    State(state): State<AppState>,
    Path(account): Path<String>,
    Query(query): Query<JsonpQuery>,
) -> Response {
    if let Some(response) = fault(&state, "signup").await {
        return response;
    }
    let callback = query
        .callback
        .or(query.cb)
        .unwrap_or_else(|| "callback".to_owned());
    if !super::csds::is_js_name(&callback) {
        return IdpError::BadRequest("invalid callback name".into()).into_response();
    }
    match signup_inner(&state, &account) {
        Ok(body) => (
            [(axum::http::header::CONTENT_TYPE, "application/javascript")],
            format!(
                "{callback}({});",
                serde_json::to_string(&body).unwrap_or_default()
            ),
        )
            .into_response(),
        Err(e) => e.into_response(),
    }
}

fn signup_inner(state: &AppState, account: &str) -> Result<JwtResponse, IdpError> {
    account_info(state, account)?;
    let consumer_id = state.ids.uuid();
    let now = state.clock.now_secs();
    let jwt =
        lock(&state.tokens).issue_consumer_jwt(account, &consumer_id, None, now, SIGNUP_TTL_SECS);
    Ok(JwtResponse { jwt })
}

async fn anonymous_authorize(
    State(state): State<AppState>,
    Path(account): Path<String>,
    body: Bytes,
) -> Response {
    if let Some(response) = fault(&state, "anonymous_authorize").await {
        return response;
    }
    answer(anonymous_authorize_inner(&state, &account, &body))
}

fn anonymous_authorize_inner(
    state: &AppState,
    account: &str,
    body: &Bytes,
) -> Result<TokenResponse, IdpError> {
    let (_, features, _) = account_info(state, account)?;
    if !features.unauth_messaging {
        return Err(IdpError::UnauthDisabled);
    }
    let request: AnonymousAuthorizeRequest = json_body(body).map_err(IdpError::BadRequest)?;
    let now = state.clock.now_secs();
    let tokens = lock(&state.tokens);
    let (sub, refresh_until) = match request.id_token.as_deref() {
        // Refresh: same identity, new 10-minute token, within the refresh window.
        Some(previous) => {
            let old = tokens
                .verify_unauth_token(account, previous, now, true)
                .map_err(token_error)?;
            (old.sub, old.refresh_until)
        }
        None => (state.ids.uuid(), now + UNAUTH_REFRESH_WINDOW_SECS),
    };
    let token = tokens.issue_unauth_token(&UnauthClaims {
        sub,
        aud: format!("acc:{account}"),
        iss: CONSUMER_ISSUER.to_owned(),
        iat: now,
        exp: now + UNAUTH_TOKEN_TTL_SECS,
        refresh_until,
    });
    Ok(TokenResponse { token })
}

#[derive(Deserialize)]
struct VersionQuery {
    v: Option<String>,
}

async fn authenticate(
    State(state): State<AppState>,
    Path((account, connector)): Path<(String, String)>,
    Query(query): Query<VersionQuery>,
    body: Bytes,
) -> Response {
    if let Some(response) = fault(&state, "authenticate").await {
        return response;
    }
    answer(authenticate_inner(
        &state,
        &account,
        &connector,
        query.v.as_deref(),
        &body,
    ))
}

/// What kind of exchange a connector route performs.
enum Exchange {
    Unauthenticated,
    Authenticated { key: Option<String> },
    Mock,
}

fn authenticate_inner(
    state: &AppState,
    account: &str,
    connector_id: &str,
    version: Option<&str>,
    body: &Bytes,
) -> Result<TokenResponse, IdpError> {
    let (mode, features, connectors) = account_info(state, account)?;
    let configured = connectors.iter().find(|c| c.id == connector_id);
    let mock = connector_id == MOCK_CONNECTOR && configured.is_none();
    // `v=3.0` (and `v=3`, seen in a browser capture); mock auth is called with `v=2`.
    let version_ok = match version {
        Some("3.0" | "3") => true,
        Some("2") => mock,
        _ => false,
    };
    if !version_ok {
        return Err(IdpError::BadRequest(
            "unsupported or missing version v".into(),
        ));
    }
    let request: AuthenticateRequest = json_body(body).map_err(IdpError::BadRequest)?;
    let now = state.clock.now_secs();
    let exchange = if mock {
        if !features.mock_auth {
            return Err(IdpError::UnknownConnector);
        }
        Exchange::Mock
    } else if let Some(connector) = configured {
        match connector.kind {
            UNAUTHENTICATED => Exchange::Unauthenticated,
            AUTHENTICATED => Exchange::Authenticated {
                key: connector.id_token_key.clone(),
            },
            _ => return Err(IdpError::UnknownConnector),
        }
    } else if mode == Mode::Strict {
        return Err(IdpError::UnknownConnector);
    } else {
        // Any external token of this platform (even another account's, which then fails the
        // type-1 checks) means an unauthenticated connector.
        let unauth_token = request
            .id_token
            .as_deref()
            .is_some_and(|t| lock(&state.tokens).is_unauth_token(t));
        if unauth_token {
            Exchange::Unauthenticated
        } else {
            Exchange::Authenticated { key: None }
        }
    };
    let token = match exchange {
        Exchange::Unauthenticated => unauthenticated(state, account, &request, now)?,
        Exchange::Authenticated { key } => {
            let (raw, source) = match (&request.id_token, &request.code) {
                (Some(t), _) => (t.as_str(), Source::IdToken),
                (None, Some(c)) => (c.as_str(), Source::Code),
                (None, None) => {
                    return Err(IdpError::BadRequest("id_token or code is required".into()));
                }
            };
            let claims =
                brand_token::read_claims(raw, source, key.as_deref(), now).map_err(brand_error)?;
            authenticated(state, account, &claims, request.lp_jwt.as_deref(), now)?
        }
        Exchange::Mock => {
            let name = request
                .code
                .as_deref()
                .filter(|c| !c.trim().is_empty())
                .ok_or_else(|| IdpError::BadRequest("code is required".into()))?;
            let claims = mock_claims(name);
            authenticated(state, account, &claims, request.lp_jwt.as_deref(), now)?
        }
    };
    Ok(TokenResponse { token })
}

/// Type 1: the `id_token` must be a live external token of this account. The LP JWT is derived
/// from it alone (same `sub`, `iat`), so exchanging the same external token twice gives the same
/// LP token, as the browser capture in `auth.md` §2.2 shows.
fn unauthenticated(
    state: &AppState,
    account: &str,
    request: &AuthenticateRequest,
    now: i64,
) -> Result<String, IdpError> {
    let id_token = request
        .id_token
        .as_deref()
        .ok_or_else(|| IdpError::BadRequest("id_token is required".into()))?;
    let mut tokens = lock(&state.tokens);
    let external = tokens
        .verify_unauth_token(account, id_token, now, false)
        .map_err(token_error)?;
    Ok(tokens.issue_claims(&ConsumerClaims {
        sub: external.sub,
        aud: format!("acc:{account}"),
        iss: CONSUMER_ISSUER.to_owned(),
        exp: external.iat + SIGNUP_TTL_SECS,
        iat: external.iat,
        lp_ext: None,
        stepup_from: None,
    }))
}

/// The claims mock authentication makes up for a customer name (`auth.md` §2.3.1): the name as
/// `sub`, `ctmrinfo.customerId = "lpTest" + name`, the name in `personal`.
fn mock_claims(name: &str) -> BrandIdTokenClaims {
    BrandIdTokenClaims {
        sub: Some(name.to_owned()),
        lp_sdes: Some(json!([
            {"type": "ctmrinfo", "info": {"customerId": format!("lpTest{name}")}},
            {"type": "personal", "personal": {"firstname": name}}
        ])),
        ..BrandIdTokenClaims::default()
    }
}

/// Type 2 (and mock auth, and the legacy exchange): consumer id from the brand's `iss|sub`,
/// `lp.ext` with the brand identity, `exp` following the brand token's. With `lp_jwt` the new
/// token records the unauthenticated consumer it steps up from.
fn authenticated(
    state: &AppState,
    account: &str,
    brand: &BrandIdTokenClaims,
    lp_jwt: Option<&str>,
    now: i64,
) -> Result<String, IdpError> {
    let sub = brand.sub.clone().unwrap_or_default();
    let consumer_id = tokens::authenticated_consumer_id(brand.iss.as_deref(), &sub);
    let mut tokens = lock(&state.tokens);
    let stepup_from = match lp_jwt {
        Some(lp_jwt) => {
            let old = tokens
                .verify_consumer_jwt(account, lp_jwt, now)
                .map_err(token_error)?;
            (old.sub != consumer_id).then_some(old.sub)
        }
        None => None,
    };
    let exp = brand
        .exp
        .unwrap_or(now + AUTH_DEFAULT_TTL_SECS)
        .max(now + 1);
    Ok(tokens.issue_claims(&ConsumerClaims {
        sub: consumer_id,
        aud: format!("acc:{account}"),
        iss: CONSUMER_ISSUER.to_owned(),
        exp,
        iat: now,
        lp_ext: Some(ExternalIdentity {
            sub,
            iss: brand.iss.clone(),
            lp_sdes: brand.lp_sdes.as_ref().map(tokens::encode_sdes),
        }),
        stepup_from,
    }))
}

async fn legacy_authenticate(
    State(state): State<AppState>,
    Path(account): Path<String>,
    body: Bytes,
) -> Response {
    if let Some(response) = fault(&state, "legacy_authenticate").await {
        return response;
    }
    answer(legacy_inner(&state, &account, &body))
}

/// The legacy exchange names no connector; `authCode` is a brand JWT or a code, read like a
/// connector's `code`. Strict mode checks the brand JWT against the
/// account's authenticated connectors: it passes if one of them has no key or a key that
/// verifies it; an account without authenticated connectors refuses it.
fn legacy_inner(state: &AppState, account: &str, body: &Bytes) -> Result<JwtResponse, IdpError> {
    let (mode, _, connectors) = account_info(state, account)?;
    let request: LegacyAuthenticateRequest = json_body(body).map_err(IdpError::BadRequest)?;
    let now = state.clock.now_secs();
    let claims = if mode == Mode::Dev {
        brand_token::read_claims(&request.auth_code, Source::Code, None, now)
            .map_err(brand_error)?
    } else {
        let mut last = IdpError::InvalidToken;
        let mut found = None;
        for connector in connectors.iter().filter(|c| c.kind == AUTHENTICATED) {
            match brand_token::read_claims(
                &request.auth_code,
                Source::Code,
                connector.id_token_key.as_deref(),
                now,
            ) {
                Ok(claims) => {
                    found = Some(claims);
                    break;
                }
                Err(e) => last = brand_error(e),
            }
        }
        found.ok_or(last)?
    };
    let jwt = authenticated(state, account, &claims, None, now)?;
    Ok(JwtResponse { jwt })
}
