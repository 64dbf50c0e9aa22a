//! Consumer identity (IDP, `auth.md` §2): signup, unauthenticated and authenticated connectors,
//! mock authentication, step-up, and the legacy `authenticate` exchange.

use serde::{Deserialize, Serialize};

/// `POST /api/account/{acct}/signup` and the legacy `POST /api/account/{acct}/authenticate`
/// answer: `{"jwt": "<LP JWT>"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JwtResponse {
    /// The LP consumer JWT.
    pub jwt: String,
}

/// Answer of `anonymous/authorize` (external unauth token) and of
/// `app/{connectorId}/authenticate` (LP consumer JWT): `{"token": …}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenResponse {
    /// The token.
    pub token: String,
}

/// Body of `POST /api/account/{acct}/anonymous/authorize`: `{}` for a new external token, or
/// `{"id_token": <previous external token>}` to refresh it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct AnonymousAuthorizeRequest {
    /// The external token to refresh.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_token: Option<String>,
}

/// Body of `POST /api/account/{acct}/app/{connectorId}/authenticate?v=3.0` (and of mock auth
/// `app/default/authenticate?v=2`). One of `id_token` (implicit flow, or the external token of
/// an unauthenticated connector) or `code` (code flow) is present; `lp_jwt` asks for a step-up
/// from that unauthenticated LP JWT.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct AuthenticateRequest {
    /// The external token or the brand's `id_token` JWT.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_token: Option<String>,
    /// An authorization code (code flow; mock auth: the customer name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// The code flow's redirect URI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redirect_uri: Option<String>,
    /// The consumer's current (unauthenticated) LP JWT, for a step-up.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lp_jwt: Option<String>,
}

/// Body of the legacy `POST /api/account/{acct}/authenticate`: `{"authCode": …}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegacyAuthenticateRequest {
    /// The brand JWT (implicit) or authorization code (code flow).
    #[serde(rename = "authCode")]
    pub auth_code: String,
}

/// An IDP error body (`errors.md` §3): `{"internalErrorCode": 1001, "message": "…"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IdpError {
    /// A numeric reason.
    pub internal_error_code: u32,
    /// What went wrong.
    pub message: String,
}

/// The claims a brand puts in an authenticated connector's `id_token` (`auth.md` §2.3). Only the
/// ones the platform reads are named; the rest are kept in `other`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct BrandIdTokenClaims {
    /// The brand's issuer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iss: Option<String>,
    /// The brand's user id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub: Option<String>,
    /// Issued at, epoch seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iat: Option<i64>,
    /// Expiry, epoch seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exp: Option<i64>,
    /// Engagement attributes, e.g. `[{"type":"ctmrinfo","info":{…}}]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lp_sdes: Option<serde_json::Value>,
    /// Any other claim (`given_name`, `email`, `preferred_username`, …).
    #[serde(flatten)]
    pub other: serde_json::Map<String, serde_json::Value>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn token_bodies_round_trip() {
        let jwt = json!({"jwt": "a.b.c"});
        let parsed: JwtResponse = serde_json::from_value(jwt.clone()).expect("parses");
        assert_eq!(serde_json::to_value(parsed).expect("json"), jwt);
        let token = json!({"token": "a.b.c"});
        let parsed: TokenResponse = serde_json::from_value(token.clone()).expect("parses");
        assert_eq!(serde_json::to_value(parsed).expect("json"), token);
    }

    #[test]
    fn anonymous_authorize_accepts_empty_object_and_refresh() {
        let empty: AnonymousAuthorizeRequest = serde_json::from_str("{}").expect("parses");
        assert_eq!(empty.id_token, None);
        assert_eq!(serde_json::to_string(&empty).expect("json"), "{}");
        let refresh: AnonymousAuthorizeRequest =
            serde_json::from_value(json!({"id_token": "ext"})).expect("parses");
        assert_eq!(refresh.id_token.as_deref(), Some("ext"));
    }

    #[test]
    fn authenticate_bodies_of_the_reference_round_trip() {
        for example in [
            json!({"id_token": "<external unauth JWT>"}),
            json!({"code": "<authorization code>", "lp_jwt": "<current unauth LP JWT>"}),
            json!({"code": "<authorization code>", "redirect_uri": "<redirect uri>"}),
            json!({"code": "Jane", "redirect_uri": "https://liveperson.net"}),
        ] {
            let parsed: AuthenticateRequest =
                serde_json::from_value(example.clone()).expect("parses");
            assert_eq!(serde_json::to_value(parsed).expect("json"), example);
        }
        let legacy = json!({"authCode": "brand.jwt.here"});
        let parsed: LegacyAuthenticateRequest =
            serde_json::from_value(legacy.clone()).expect("parses");
        assert_eq!(parsed.auth_code, "brand.jwt.here");
        assert_eq!(serde_json::to_value(parsed).expect("json"), legacy);
    }

    #[test]
    fn idp_error_round_trips() {
        let example = json!({"internalErrorCode": 1001, "message": "invalid token"});
        let parsed: IdpError = serde_json::from_value(example.clone()).expect("parses");
        assert_eq!(parsed.internal_error_code, 1001);
        assert_eq!(serde_json::to_value(parsed).expect("json"), example);
    }

    #[test]
    fn brand_claims_keep_unknown_claims() {
        let example = json!({
            "iss": "https://brand.example", "sub": "user-7", "iat": 1, "exp": 2,
            "given_name": "Jane",
            "lp_sdes": [{"type": "ctmrinfo", "info": {"customerId": "c7"}}]
        });
        let parsed: BrandIdTokenClaims = serde_json::from_value(example.clone()).expect("parses");
        assert_eq!(parsed.sub.as_deref(), Some("user-7"));
        assert_eq!(parsed.other["given_name"], "Jane");
        assert_eq!(serde_json::to_value(parsed).expect("json"), example);
    }
}
