//! Error answers in the shapes of the real services (`errors.md` §3).
//!
//! * [`BrandError`]: agentVep, CSDS and the bearer-authenticated brand REST APIs answer
//!   `{"error":{"time","message","internalCode","responseStatus"}}` (the agentVep 401 shape of
//!   `auth.md` §4.2; that CSDS and the brand APIs use it too is an emulator choice, see
//!   `docs/platform.md`).
//! * [`IdpError`]: the IDP answers `{"internalErrorCode": n, "message": "…"}`.
//!
//! Messages are fixed texts: they never contain a credential or a token.

use super::time::lp_error_time;
use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use lpm_protocol::rest::{agent_vep, idp};

/// Why a brand-side request (agentVep, CSDS, users, skills, shift status) failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BrandError {
    /// Malformed request: missing field, bad JSON, unsupported version.
    #[error("bad request: {0}")]
    BadRequest(String),
    /// The account does not exist (strict mode): "invalid site".
    #[error("invalid site")]
    UnknownAccount,
    /// Wrong user name or credentials (which part is not said).
    #[error("invalid credentials")]
    BadCredentials,
    /// Refresh or logout with a wrong csrf, or a session that is unknown, expired or ended.
    #[error("CSRF token invalid")]
    CsrfInvalid,
    /// Missing, unknown, expired or revoked bearer.
    #[error("bearer token is missing or invalid")]
    Unauthorized,
    /// The thing asked for does not exist.
    #[error("{0} not found")]
    NotFound(&'static str),
}

impl BrandError {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        match self {
            BrandError::BadRequest(_) => StatusCode::BAD_REQUEST,
            BrandError::UnknownAccount
            | BrandError::BadCredentials
            | BrandError::CsrfInvalid
            | BrandError::Unauthorized => StatusCode::UNAUTHORIZED,
            BrandError::NotFound(_) => StatusCode::NOT_FOUND,
        }
    }

    /// `internalCode`: 10 for an invalid csrf is VERIFIED (`auth.md` §4.2); the others are the
    /// platform's own numbering.
    pub fn internal_code(&self) -> i64 {
        match self {
            BrandError::CsrfInvalid => 10,
            BrandError::BadCredentials => 25,
            BrandError::UnknownAccount => 26,
            BrandError::Unauthorized => 27,
            BrandError::BadRequest(_) => 1,
            BrandError::NotFound(_) => 2,
        }
    }

    fn message(&self) -> String {
        match self {
            BrandError::CsrfInvalid => {
                "CSRF token invalid! The session is unknown, expired or logged out.".to_owned()
            }
            BrandError::BadCredentials => {
                "Authentication failed: the user name or its credentials are not valid".to_owned()
            }
            BrandError::UnknownAccount => "Invalid site: the account does not exist".to_owned(),
            BrandError::Unauthorized => {
                "Unauthorized: the bearer token is missing, unknown or expired".to_owned()
            }
            BrandError::BadRequest(what) => format!("Bad request: {what}"),
            BrandError::NotFound(what) => format!("{what} not found"),
        }
    }

    /// The error body, time-stamped `now_ms` (platform clock).
    pub fn body(&self, now_ms: i64) -> agent_vep::ErrorResponse {
        let status = self.status();
        agent_vep::ErrorResponse {
            error: agent_vep::ErrorValue::Detail(agent_vep::ErrorDetail {
                time: lp_error_time(now_ms),
                message: self.message(),
                internal_code: self.internal_code(),
                response_status: status
                    .canonical_reason()
                    .unwrap_or("ERROR")
                    .to_ascii_uppercase()
                    .replace(' ', "_"),
            }),
        }
    }

    /// The whole HTTP answer.
    pub fn respond(&self, now_ms: i64) -> Response {
        (self.status(), Json(self.body(now_ms))).into_response()
    }
}

/// Why an IDP request failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdpError {
    /// Malformed request.
    #[error("bad request: {0}")]
    BadRequest(String),
    /// The account does not exist (strict mode).
    #[error("account not found")]
    UnknownAccount,
    /// The connector does not exist (strict mode).
    #[error("connector not found")]
    UnknownConnector,
    /// `anonymous/authorize` on an account without `Messaging.Un_Auth_Messaging`: HTTP 428
    /// (VERIFIED, `auth.md` §2.2).
    #[error("unauthenticated messaging is not enabled")]
    UnauthDisabled,
    /// A token that is not valid here (bad signature, bad shape, wrong account, wrong kind).
    #[error("invalid token")]
    InvalidToken,
    /// A token past its expiry.
    #[error("token expired")]
    ExpiredToken,
    /// An AppJWT or client credentials that are not valid (Sentinel, ConsumerJWS).
    #[error("invalid client")]
    InvalidClient,
}

impl IdpError {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        match self {
            IdpError::BadRequest(_) => StatusCode::BAD_REQUEST,
            IdpError::UnknownAccount | IdpError::UnknownConnector => StatusCode::NOT_FOUND,
            IdpError::UnauthDisabled => StatusCode::PRECONDITION_REQUIRED,
            IdpError::InvalidToken | IdpError::ExpiredToken | IdpError::InvalidClient => {
                StatusCode::UNAUTHORIZED
            }
        }
    }

    /// `internalErrorCode` (the real list is not published; `errors.md` §3 suggests 1001 for an
    /// invalid token).
    pub fn internal_error_code(&self) -> u32 {
        match self {
            IdpError::InvalidToken => 1001,
            IdpError::ExpiredToken => 1002,
            IdpError::InvalidClient => 1003,
            IdpError::BadRequest(_) => 1010,
            IdpError::UnknownAccount => 1020,
            IdpError::UnknownConnector => 1021,
            IdpError::UnauthDisabled => 1030,
        }
    }

    /// The error body.
    pub fn body(&self) -> idp::IdpError {
        let message = match self {
            IdpError::BadRequest(what) => format!("bad request: {what}"),
            IdpError::UnauthDisabled => {
                "unAuth messaging feature is not enabled for this account".to_owned()
            }
            other => other.to_string(),
        };
        idp::IdpError {
            internal_error_code: self.internal_error_code(),
            message,
        }
    }
}

impl IntoResponse for IdpError {
    fn into_response(self) -> Response {
        (self.status(), Json(self.body())).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csrf_error_has_the_verified_shape() {
        let body =
            serde_json::to_value(BrandError::CsrfInvalid.body(1_474_560_615_000)).expect("json");
        assert_eq!(body["error"]["internalCode"], 10);
        assert_eq!(body["error"]["responseStatus"], "UNAUTHORIZED");
        assert_eq!(body["error"]["time"], "Sep 22, 2016 4:10:15 PM");
        assert!(
            body["error"]["message"]
                .as_str()
                .expect("text")
                .starts_with("CSRF token invalid!")
        );
    }

    #[test]
    fn unauth_disabled_is_428() {
        assert_eq!(IdpError::UnauthDisabled.status().as_u16(), 428);
        assert_eq!(IdpError::InvalidToken.body().internal_error_code, 1001);
    }
}
