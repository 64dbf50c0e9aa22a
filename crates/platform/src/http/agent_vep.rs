//! agentVep: brand user login, refresh and logout (`auth.md` §4, `errors.md` §3).
//!
//! | route | fault kind |
//! |---|---|
//! | `POST /api/account/{acct}/login?v=1.3` (1.1–1.3) → login body + session cookie | `http:login` |
//! | `POST /api/account/{acct}/refresh?v=1.3` `{"csrf"}` + session cookie → 200 empty | `http:refresh` |
//! | `POST /api/account/{acct}/logout` `{"csrf"}` + session cookie → 200 empty | `http:logout` |
//!
//! The session id is returned both as `sessionId` in the body and as the cookie `Session_id`;
//! refresh and logout accept the cookie under any capitalisation (`auth.md` §4.5). Every
//! refresh/logout failure (wrong csrf; session unknown, expired, revoked or logged out) is the
//! verified 401 `CSRF token invalid!` error with `internalCode` 10.

use super::errors::BrandError;
use super::{fault, json_body};
use crate::config::UserRole;
use crate::directory::{Credentials, DirectoryError, User};
use crate::state::{AppState, lock};
use crate::tokens::{BEARER_IDLE_MS, BrandSession};
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use lpm_protocol::rest::agent_vep::{
    AccountData, AgentGroup, AgentGroupsData, CsrfRequest, LoginConfig, LoginRequest, LoginResponse,
};
use serde::Deserialize;

/// Name of the session cookie the platform sets (node-agent-sdk's cookie jar sees `Session_id`;
/// lp-messaging-sdk 1.5.4 sends `session_id` built from the body's `sessionId`).
pub const SESSION_COOKIE: &str = "Session_id";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/account/{account}/login", post(login))
        .route("/api/account/{account}/refresh", post(refresh))
        .route("/api/account/{account}/logout", post(logout))
}

#[derive(Deserialize)]
struct VersionQuery {
    v: Option<String>,
}

/// `v` is validated loosely: absent or 1.1–1.3 (`auth.md` §4.5).
fn check_version(v: Option<&str>) -> Result<(), BrandError> {
    match v {
        None | Some("1.1" | "1.2" | "1.3") => Ok(()),
        Some(_) => Err(BrandError::BadRequest("unsupported version v".into())),
    }
}

async fn login(
    State(state): State<AppState>,
    Path(account): Path<String>,
    Query(query): Query<VersionQuery>,
    body: Bytes,
) -> Response {
    if let Some(response) = fault(&state, "login").await {
        return response;
    }
    match login_inner(&state, &account, query.v.as_deref(), &body) {
        Ok((session, body)) => {
            tracing::info!(account = %session.account, user_id = %session.user_id, "brand login");
            let cookie = format!("{SESSION_COOKIE}={}; Path=/; HttpOnly", session.session_id);
            let mut response = Json(body).into_response();
            if let Ok(value) = HeaderValue::from_str(&cookie) {
                response.headers_mut().insert(header::SET_COOKIE, value);
            }
            response
        }
        Err(e) => e.respond(state.clock.now_ms()),
    }
}

/// The credentials of a login body; the errors name missing fields, never values.
fn credentials(request: LoginRequest) -> Result<Credentials, BrandError> {
    if request.assertion.is_some() {
        return Err(BrandError::BadRequest(
            "SAML assertion login is not supported by the local platform".into(),
        ));
    }
    let username = request
        .username
        .filter(|u| !u.is_empty())
        .ok_or_else(|| BrandError::BadRequest("username is missing".into()))?;
    let any_key_field = request.app_key.is_some()
        || request.secret.is_some()
        || request.access_token.is_some()
        || request.access_token_secret.is_some();
    if any_key_field {
        let field = |value: Option<String>, name: &str| {
            value
                .filter(|v| !v.is_empty())
                .ok_or_else(|| BrandError::BadRequest(format!("{name} is missing")))
        };
        let key = crate::config::ApiKey {
            app_key: field(request.app_key, "appKey")?,
            secret: field(request.secret, "secret")?,
            access_token: field(request.access_token, "accessToken")?,
            access_token_secret: field(request.access_token_secret, "accessTokenSecret")?,
        };
        return Ok(Credentials::ApiKey { username, key });
    }
    let password = request
        .password
        .ok_or_else(|| BrandError::BadRequest("password or API key is missing".into()))?;
    Ok(Credentials::Password { username, password })
}

fn login_inner(
    state: &AppState,
    account: &str,
    version: Option<&str>,
    body: &Bytes,
) -> Result<(BrandSession, LoginResponse), BrandError> {
    check_version(version)?;
    if !lock(&state.directory).account_exists(account) {
        return Err(BrandError::UnknownAccount);
    }
    let request: LoginRequest = json_body(body).map_err(BrandError::BadRequest)?;
    let credentials = credentials(request)?;
    let user = lock(&state.directory)
        .login(account, &credentials, &state.ids)
        .map_err(|e| match e {
            DirectoryError::UnknownAccount(_) => BrandError::UnknownAccount,
            DirectoryError::BadCredentials => BrandError::BadCredentials,
        })?;
    let now = state.clock.now_ms();
    let session = lock(&state.tokens).login(account, &user.user_id, &state.ids, now);
    let body = login_body(state, account, &user, &session, now);
    Ok((session, body))
}

fn login_body(
    state: &AppState,
    account: &str,
    user: &User,
    session: &BrandSession,
    now_ms: i64,
) -> LoginResponse {
    // Privileges and admin flag by role: the reference example (a bot) shows
    // [100, 101, 1730] and isAdmin true; the numbers' meaning is not published.
    let (privileges, is_admin) = match user.role {
        UserRole::Agent => (vec![100, 101], false),
        UserRole::Bot => (vec![100, 101, 1730], true),
        UserRole::Manager => (vec![100, 101, 1730], true),
    };
    LoginResponse {
        csrf: session.csrf.clone(),
        wsuk: state.ids.digits() + &state.ids.digits()[..8],
        config: LoginConfig {
            login_name: user.login_name.clone(),
            user_id: user.user_id.clone(),
            user_pid: Some(user.pid.clone()),
            user_privileges: privileges,
            server_current_time: now_ms,
            time_diff: 0,
            server_time_zone_name: "UTC".to_owned(),
            server_time_gmt_diff: 0,
            is_lpa: false,
            is_admin,
            account_time_zone_id: "UTC".to_owned(),
        },
        csds_collection_response: super::base_uris(account, &state.host),
        account_data: AccountData {
            agent_groups_data: AgentGroupsData {
                items: vec![AgentGroup {
                    id: -1,
                    deleted: false,
                    name: "Main Group".to_owned(),
                }],
                revision: 1,
            },
        },
        // The platform's real idle lifetime, so a client that plans refreshes from it is right.
        session_ttl: BEARER_IDLE_MS.to_string(),
        bearer: session.bearer.clone(),
        session_id: Some(session.session_id.clone()),
    }
}

/// The session id from the `Cookie` headers: `session_id` under any capitalisation.
fn session_cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("session_id"))
        .map(|(_, value)| value.trim().trim_matches('"').to_owned())
        .filter(|v| !v.is_empty())
}

/// The session that a refresh or logout names by cookie and csrf.
fn named_session(
    state: &AppState,
    account: &str,
    headers: &HeaderMap,
    body: &Bytes,
) -> Result<BrandSession, BrandError> {
    let session_id = session_cookie(headers).ok_or(BrandError::CsrfInvalid)?;
    let request: CsrfRequest = json_body(body).map_err(|_| BrandError::CsrfInvalid)?;
    let session = lock(&state.tokens)
        .session_by_id(account, &session_id, state.clock.now_ms())
        .map_err(|_| BrandError::CsrfInvalid)?;
    if session.csrf != request.csrf {
        return Err(BrandError::CsrfInvalid);
    }
    Ok(session)
}

async fn refresh(
    State(state): State<AppState>,
    Path(account): Path<String>,
    Query(query): Query<VersionQuery>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Some(response) = fault(&state, "refresh").await {
        return response;
    }
    let result = check_version(query.v.as_deref())
        .and_then(|()| named_session(&state, &account, &headers, &body));
    match result {
        Ok(session) => {
            lock(&state.tokens).refresh(&session.bearer, state.clock.now_ms());
            StatusCode::OK.into_response()
        }
        Err(e) => e.respond(state.clock.now_ms()),
    }
}

async fn logout(
    State(state): State<AppState>,
    Path(account): Path<String>,
    Query(query): Query<VersionQuery>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Some(response) = fault(&state, "logout").await {
        return response;
    }
    let result = check_version(query.v.as_deref())
        .and_then(|()| named_session(&state, &account, &headers, &body));
    match result {
        Ok(session) => {
            lock(&state.tokens).end_session(&session.bearer, crate::tokens::TokenError::Revoked);
            tracing::info!(account = %session.account, user_id = %session.user_id, "brand logout");
            StatusCode::OK.into_response()
        }
        Err(e) => e.respond(state.clock.now_ms()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_cookie_any_case() {
        for cookie in [
            "session_id=abc",
            "Session_id=abc; other=1",
            "x=1;  SESSION_ID=abc;",
        ] {
            let mut headers = HeaderMap::new();
            headers.insert(header::COOKIE, HeaderValue::from_static(cookie));
            assert_eq!(session_cookie(&headers).as_deref(), Some("abc"), "{cookie}");
        }
        assert_eq!(session_cookie(&HeaderMap::new()), None);
    }

    #[test]
    fn api_key_login_needs_all_four_fields() {
        let request = LoginRequest {
            username: Some("bot".into()),
            app_key: Some("k".into()),
            secret: Some("s".into()),
            access_token: Some("t".into()),
            ..LoginRequest::default()
        };
        assert_eq!(
            credentials(request),
            Err(BrandError::BadRequest(
                "accessTokenSecret is missing".into()
            ))
        );
    }
}
