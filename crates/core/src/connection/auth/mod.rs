//! Authentication: consumer identities from the IDP ([`consumer`]) and brand sessions from
//! agentVep ([`brand`]). Each module builds the HTTP requests and reads the answers; the
//! client decides when to call them.

pub mod brand;
pub(crate) mod brand_state;
pub mod consumer;

use serde_json::Value;

use super::errors::{AuthStep, Error};
use super::secret::scrub;
use crate::io::HttpResponse;

/// Reads a server error body: its text and error code, scrubbed of `secrets`.
pub(crate) fn error_details(resp: &HttpResponse, secrets: &[&str]) -> (String, Option<String>) {
    let text = String::from_utf8_lossy(&resp.body).into_owned();
    let v: Option<Value> = serde_json::from_slice(&resp.body).ok();
    let code = v.as_ref().and_then(|v| {
        let c = v
            .pointer("/error/internalCode")
            .or_else(|| v.get("internalErrorCode"))
            .or_else(|| v.get("errorCode"))
            .or_else(|| v.get("code"))?;
        Some(match c {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
    });
    let message = v
        .as_ref()
        .and_then(|v| {
            v.pointer("/error/message")
                .or_else(|| v.get("error").filter(|e| e.is_string()))
                .or_else(|| v.get("message"))
                .or_else(|| v.get("details"))
                .and_then(Value::as_str)
                .map(str::to_owned)
        })
        .unwrap_or_else(|| {
            let t = text.trim();
            if t.is_empty() {
                format!("HTTP {}", resp.status)
            } else {
                t.chars().take(300).collect()
            }
        });
    (scrub(&message, secrets), code)
}

/// Classifies a failed auth HTTP answer: refused credentials (4xx other than 408/429) are
/// [`Error::Auth`] and end `open()`; server trouble is a transient [`Error::Http`].
pub(crate) fn auth_failure(step: AuthStep, resp: &HttpResponse, secrets: &[&str]) -> Error {
    let (message, code) = error_details(resp, secrets);
    let s = resp.status;
    if (400..500).contains(&s) && s != 408 && s != 429 {
        Error::Auth {
            step,
            status: Some(s),
            code,
            message,
        }
    } else {
        Error::Http {
            service: step.to_string(),
            status: Some(s),
            code,
            message,
        }
    }
}

/// `true` for 2xx.
pub(crate) fn is_success(resp: &HttpResponse) -> bool {
    (200..300).contains(&resp.status)
}

/// JSON headers for a POST with a JSON body.
pub(crate) fn json_headers() -> Vec<(String, String)> {
    vec![
        ("Content-Type".into(), "application/json".into()),
        ("Accept".into(), "application/json".into()),
    ]
}
