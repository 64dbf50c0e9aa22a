//! Tokens the platform issues and checks: consumer JWTs (IDP) and brand sessions (agentVep).
//!
//! Consumer JWTs are HS256-signed with the platform's key and carry the claims of `auth.md` §2
//! (`sub`, `aud: acc:{account}`, `iss`, `iat`, `exp`, and `lp.ext` for authenticated consumers).
//! LivePerson clients only decode them, so the algorithm does not matter to them; the key is a
//! fixed default so that tokens survive a platform restart, as on the real platform.
//!
//! Brand bearers are opaque 64-hex strings. A bearer not refreshed within its idle lifetime
//! expires; a second login of the same user invalidates the first bearer (`auth.md` §4.1).

use crate::ids::Ids;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};

/// The issuer of every consumer JWT (`iss`), as on LivePerson's IDP.
pub const CONSUMER_ISSUER: &str = "https://idp.liveperson.net";

/// Default signing key for consumer JWTs. Not a secret: this is a local test platform.
const DEFAULT_SIGNING_KEY: &[u8] = b"lpm-local-platform-consumer-jwt-key";

/// Idle lifetime of a brand bearer that is not refreshed (emulator-notes §2: 30 minutes).
pub const BEARER_IDLE_MS: i64 = 30 * 60 * 1000;

/// The `lp.ext` claim of an authenticated consumer: who the brand says the consumer is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExternalIdentity {
    /// The brand's `sub`.
    pub sub: String,
    /// The brand's `iss`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iss: Option<String>,
}

/// The claims of an LP consumer JWT.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsumerClaims {
    /// The consumer id.
    pub sub: String,
    /// `acc:{account}`.
    pub aud: String,
    /// [`CONSUMER_ISSUER`].
    pub iss: String,
    /// Expiry, epoch seconds.
    pub exp: i64,
    /// Issued at, epoch seconds.
    pub iat: i64,
    /// Present for authenticated consumers.
    #[serde(rename = "lp.ext", default, skip_serializing_if = "Option::is_none")]
    pub lp_ext: Option<ExternalIdentity>,
}

impl ConsumerClaims {
    /// The account this token belongs to (from `aud`).
    pub fn account(&self) -> &str {
        self.aud.strip_prefix("acc:").unwrap_or(&self.aud)
    }
}

/// Why a token was refused. The messages never contain the token itself.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    /// Not a token this platform issued (bad signature, bad shape, wrong account).
    #[error("token is invalid")]
    Invalid,
    /// Past its expiry, or expired by a test control.
    #[error("token has expired")]
    Expired,
    /// Revoked by a test control, by logout, or by a newer login of the same user.
    #[error("token was revoked")]
    Revoked,
}

/// A logged-in brand user's session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrandSession {
    /// Account id.
    pub account: String,
    /// Numeric user id.
    pub user_id: String,
    /// The bearer token.
    pub bearer: String,
    /// The csrf token refresh and logout need.
    pub csrf: String,
    /// The session id (login body `sessionId` and the session cookie).
    pub session_id: String,
    /// When the bearer expires unless refreshed, epoch ms.
    pub expires_at_ms: i64,
}

/// Every token the platform issued and their fate.
#[derive(Debug, Default)]
pub struct Tokens {
    signing_key: Vec<u8>,
    /// Consumer tokens revoked or expired early, by SHA-256 of the token.
    consumer_overrides: HashMap<[u8; 32], TokenError>,
    /// Consumer ids whose every token is revoked.
    revoked_consumers: HashSet<String>,
    /// Live brand sessions by bearer.
    sessions: HashMap<String, BrandSession>,
    /// Bearers that were valid once and are no longer, with why.
    dead_bearers: HashMap<String, TokenError>,
}

fn digest(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

impl Tokens {
    /// A token store signing with the default key.
    pub fn new() -> Self {
        Self {
            signing_key: DEFAULT_SIGNING_KEY.to_vec(),
            ..Self::default()
        }
    }

    /// Issues a consumer JWT valid for `ttl_secs` from `now_secs`.
    pub fn issue_consumer_jwt(
        &self,
        account: &str,
        consumer_id: &str,
        lp_ext: Option<ExternalIdentity>,
        now_secs: i64,
        ttl_secs: i64,
    ) -> String {
        let claims = ConsumerClaims {
            sub: consumer_id.to_owned(),
            aud: format!("acc:{account}"),
            iss: CONSUMER_ISSUER.to_owned(),
            exp: now_secs + ttl_secs,
            iat: now_secs,
            lp_ext,
        };
        let header = Header {
            kid: Some("00001".to_owned()),
            ..Header::new(Algorithm::HS256)
        };
        // Encoding our own serializable claims with an HMAC key cannot fail.
        jsonwebtoken::encode(
            &header,
            &claims,
            &EncodingKey::from_secret(&self.signing_key),
        )
        .unwrap_or_default()
    }

    /// Checks a consumer JWT for `account` at `now_secs` and returns its claims.
    pub fn verify_consumer_jwt(
        &self,
        account: &str,
        jwt: &str,
        now_secs: i64,
    ) -> Result<ConsumerClaims, TokenError> {
        let mut validation = Validation::new(Algorithm::HS256);
        // Expiry is checked against the platform clock below, not the system clock.
        validation.validate_exp = false;
        validation.validate_aud = false;
        validation.required_spec_claims = HashSet::new();
        let claims = jsonwebtoken::decode::<ConsumerClaims>(
            jwt,
            &DecodingKey::from_secret(&self.signing_key),
            &validation,
        )
        .map_err(|_| TokenError::Invalid)?
        .claims;
        if claims.account() != account {
            return Err(TokenError::Invalid);
        }
        if let Some(why) = self.consumer_overrides.get(&digest(jwt)) {
            return Err(why.clone());
        }
        if self.revoked_consumers.contains(&claims.sub) {
            return Err(TokenError::Revoked);
        }
        if claims.exp <= now_secs {
            return Err(TokenError::Expired);
        }
        Ok(claims)
    }

    /// Marks one consumer token as expired or revoked (test controls).
    pub fn kill_consumer_jwt(&mut self, jwt: &str, why: TokenError) {
        self.consumer_overrides.insert(digest(jwt), why);
    }

    /// Revokes every token of a consumer (test controls).
    pub fn revoke_consumer(&mut self, consumer_id: &str) {
        self.revoked_consumers.insert(consumer_id.to_owned());
    }

    /// Starts a brand session, ending any earlier session of the same user.
    pub fn login(&mut self, account: &str, user_id: &str, ids: &Ids, now_ms: i64) -> BrandSession {
        let earlier: Vec<String> = self
            .sessions
            .values()
            .filter(|s| s.account == account && s.user_id == user_id)
            .map(|s| s.bearer.clone())
            .collect();
        for bearer in earlier {
            self.end_session(&bearer, TokenError::Revoked);
        }
        let session = BrandSession {
            account: account.to_owned(),
            user_id: user_id.to_owned(),
            bearer: ids.hex64(),
            csrf: ids.hex64(),
            session_id: ids.hex64(),
            expires_at_ms: now_ms + BEARER_IDLE_MS,
        };
        self.sessions
            .insert(session.bearer.clone(), session.clone());
        session
    }

    /// The live session of `bearer` in `account` at `now_ms`.
    pub fn session(
        &mut self,
        account: &str,
        bearer: &str,
        now_ms: i64,
    ) -> Result<BrandSession, TokenError> {
        if let Some(why) = self.dead_bearers.get(bearer) {
            return Err(why.clone());
        }
        let session = self.sessions.get(bearer).ok_or(TokenError::Invalid)?;
        if session.account != account {
            return Err(TokenError::Invalid);
        }
        if session.expires_at_ms <= now_ms {
            self.end_session(bearer, TokenError::Expired);
            return Err(TokenError::Expired);
        }
        Ok(session.clone())
    }

    /// The live session with this session id (refresh and logout carry the session cookie).
    pub fn session_by_id(
        &mut self,
        account: &str,
        session_id: &str,
        now_ms: i64,
    ) -> Result<BrandSession, TokenError> {
        let bearer = self
            .sessions
            .values()
            .find(|s| s.session_id == session_id)
            .map(|s| s.bearer.clone())
            .ok_or(TokenError::Invalid)?;
        self.session(account, &bearer, now_ms)
    }

    /// Extends a session's life (agentVep refresh).
    pub fn refresh(&mut self, bearer: &str, now_ms: i64) {
        if let Some(session) = self.sessions.get_mut(bearer) {
            session.expires_at_ms = now_ms + BEARER_IDLE_MS;
        }
    }

    /// Ends a session: logout, a newer login, or a test control.
    pub fn end_session(&mut self, bearer: &str, why: TokenError) {
        if self.sessions.remove(bearer).is_some() {
            self.dead_bearers.insert(bearer.to_owned(), why);
        }
    }

    /// Live brand sessions (for inspection).
    pub fn sessions(&self) -> impl Iterator<Item = &BrandSession> {
        self.sessions.values()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consumer_jwt_round_trip_and_expiry() {
        let tokens = Tokens::new();
        let jwt = tokens.issue_consumer_jwt("123", "c-1", None, 1_000, 60);
        let claims = tokens
            .verify_consumer_jwt("123", &jwt, 1_010)
            .expect("valid");
        assert_eq!(claims.sub, "c-1");
        assert_eq!(claims.aud, "acc:123");
        assert_eq!(claims.iss, CONSUMER_ISSUER);
        assert_eq!(
            tokens.verify_consumer_jwt("123", &jwt, 1_060),
            Err(TokenError::Expired)
        );
        assert_eq!(
            tokens.verify_consumer_jwt("999", &jwt, 1_010),
            Err(TokenError::Invalid)
        );
        assert_eq!(
            tokens.verify_consumer_jwt("123", "not.a.jwt", 1_010),
            Err(TokenError::Invalid)
        );
    }

    #[test]
    fn authenticated_claims_carry_lp_ext() {
        let tokens = Tokens::new();
        let ext = ExternalIdentity {
            sub: "user-7".into(),
            iss: Some("https://brand.example".into()),
        };
        let jwt = tokens.issue_consumer_jwt("123", "ab12", Some(ext.clone()), 0, 60);
        let payload = jwt.split('.').nth(1).expect("payload");
        let json: serde_json::Value = serde_json::from_slice(
            &base64::Engine::decode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, payload)
                .expect("base64"),
        )
        .expect("json");
        assert_eq!(json["lp.ext"]["sub"], "user-7");
        let mut tokens = tokens;
        tokens.kill_consumer_jwt(&jwt, TokenError::Revoked);
        assert_eq!(
            tokens.verify_consumer_jwt("123", &jwt, 1),
            Err(TokenError::Revoked)
        );
    }

    #[test]
    fn second_login_invalidates_first_bearer_and_idle_bearers_expire() {
        let ids = Ids::new(Some(3));
        let mut tokens = Tokens::new();
        let first = tokens.login("123", "42", &ids, 0);
        let second = tokens.login("123", "42", &ids, 10);
        assert_eq!(
            tokens.session("123", &first.bearer, 20),
            Err(TokenError::Revoked)
        );
        assert!(tokens.session("123", &second.bearer, 20).is_ok());
        tokens.refresh(&second.bearer, BEARER_IDLE_MS);
        assert!(
            tokens
                .session("123", &second.bearer, BEARER_IDLE_MS + 5)
                .is_ok()
        );
        assert_eq!(
            tokens.session("123", &second.bearer, 3 * BEARER_IDLE_MS),
            Err(TokenError::Expired)
        );
    }
}
