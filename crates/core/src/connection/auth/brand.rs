//! Brand sessions: agentVep login and refresh (auth.md §4).

use serde_json::{Value, json};

use super::{auth_failure, error_details, is_success, json_headers};
use crate::connection::errors::{AuthStep, Error};
use crate::connection::options::Credentials;
use crate::connection::secret::Secret;
use crate::io::{HttpId, HttpMethod, HttpRequest, HttpResponse};

/// Refresh interval of the agentVep session (LivePerson's client: 4 minutes; the server
/// needs one at least every 10).
pub const REFRESH_INTERVAL_MS: u64 = 240_000;

/// A brand session: what login returns and refresh needs.
#[derive(Debug, Clone, PartialEq)]
pub struct BrandSession {
    /// The bearer (socket path, `Authorization: Bearer` on REST).
    pub bearer: Secret,
    /// csrf token (refresh body).
    pub csrf: Secret,
    /// Session id (`session_id` cookie on refresh).
    pub session_id: Secret,
    /// Numeric user id.
    pub user_id: Option<String>,
    /// Participant id (UUID).
    pub user_pid: Option<String>,
}

/// `POST {agentVep}/api/account/{acct}/login?v=1.3` with the credentials' body.
pub(crate) fn login_request(
    id: HttpId,
    origin: &str,
    account: &str,
    creds: &Credentials,
) -> Option<HttpRequest> {
    let body = match creds {
        Credentials::BrandPassword { username, password } => {
            json!({"username": username, "password": password.expose()})
        }
        Credentials::BrandApiKey {
            username,
            app_key,
            secret,
            access_token,
            access_token_secret,
        } => json!({
            "username": username,
            "appKey": app_key.expose(),
            "secret": secret.expose(),
            "accessToken": access_token.expose(),
            "accessTokenSecret": access_token_secret.expose(),
        }),
        _ => return None,
    };
    Some(HttpRequest {
        id,
        method: HttpMethod::Post,
        url: format!("{origin}/api/account/{account}/login?v=1.3"),
        headers: json_headers(),
        body: body.to_string().into_bytes(),
    })
}

/// `POST {agentVep}/api/account/{acct}/refresh?v=1.3` `{"csrf"}` with `Cookie: session_id=…;`.
pub(crate) fn refresh_request(
    id: HttpId,
    origin: &str,
    account: &str,
    s: &BrandSession,
) -> HttpRequest {
    let mut headers = json_headers();
    headers.push((
        "Cookie".into(),
        format!("session_id={};", s.session_id.expose()),
    ));
    HttpRequest {
        id,
        method: HttpMethod::Post,
        url: format!("{origin}/api/account/{account}/refresh?v=1.3"),
        headers,
        body: json!({"csrf": s.csrf.expose()}).to_string().into_bytes(),
    }
}

/// Reads a login answer. `None` when the body lacks a bearer or carries an `error` member
/// (LivePerson's client treats a 200 with `error` as a failure).
pub(crate) fn parse_login(resp: &HttpResponse) -> Option<BrandSession> {
    let v: Value = serde_json::from_slice(&resp.body).ok()?;
    if v.get("error").is_some_and(|e| !e.is_null()) {
        return None;
    }
    let s = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).map(str::to_owned);
    let bearer = s(&v, "bearer").filter(|b| !b.is_empty())?;
    let session_id = s(&v, "sessionId")
        .or_else(|| cookie(resp, "session_id"))
        .unwrap_or_default();
    let config = v.get("config").cloned().unwrap_or(Value::Null);
    let user_id = match config.get("userId") {
        Some(Value::String(u)) => Some(u.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    Some(BrandSession {
        bearer: Secret::new(bearer),
        csrf: Secret::new(s(&v, "csrf").unwrap_or_default()),
        session_id: Secret::new(session_id),
        user_id,
        user_pid: s(&config, "userPid"),
    })
}

/// A cookie value from `Set-Cookie` headers, name compared case-insensitively.
fn cookie(resp: &HttpResponse, name: &str) -> Option<String> {
    resp.headers
        .iter()
        .filter(|(k, _)| k.eq_ignore_ascii_case("set-cookie"))
        .flat_map(|(_, v)| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.to_owned())
}

/// A login answer as a session, or the error it means (a 200 with an `error` member or
/// without a bearer is a refusal too). Server texts are scrubbed of `secrets`.
pub(crate) fn login_outcome(resp: &HttpResponse, secrets: &[&str]) -> Result<BrandSession, Error> {
    if let Some(s) = is_success(resp).then(|| parse_login(resp)).flatten() {
        return Ok(s);
    }
    Err(if is_success(resp) {
        let (message, code) = error_details(resp, secrets);
        Error::Auth {
            step: AuthStep::Login,
            status: Some(resp.status),
            code,
            message,
        }
    } else {
        auth_failure(AuthStep::Login, resp, secrets)
    })
}

/// What a refresh answer means.
#[derive(Debug)]
pub(crate) enum RefreshOutcome {
    /// The session lives on.
    Alive,
    /// 401/403: the session is gone; log in again.
    Invalid(Error),
    /// Anything else: try again later.
    Failed(Error),
}

/// Reads a refresh answer.
pub(crate) fn refresh_outcome(resp: &HttpResponse, secrets: &[&str]) -> RefreshOutcome {
    if is_success(resp) {
        RefreshOutcome::Alive
    } else if resp.status == 401 || resp.status == 403 {
        RefreshOutcome::Invalid(auth_failure(AuthStep::Refresh, resp, secrets))
    } else {
        RefreshOutcome::Failed(auth_failure(AuthStep::Refresh, resp, secrets))
    }
}
