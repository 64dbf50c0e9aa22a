//! Tokens the platform issues and checks: consumer JWTs (IDP) and brand sessions (agentVep).
//!
//! Consumer JWTs are HS256-signed with the platform's key and carry the claims of `auth.md` §2
//! (`sub`, `aud: acc:{account}`, `iss`, `iat`, `exp`, and `lp.ext` for authenticated consumers).
//! LivePerson clients only decode them, so the algorithm does not matter to them; the key is a
//! fixed default so that tokens survive a platform restart, as on the real platform.
//!
//! Unauthenticated consumers first get an *external* token from `anonymous/authorize`
//! ([`UnauthClaims`]): also a JWT, but signed with a different key so that it can never be used
//! as an LP consumer JWT, and exchangeable only at a type-1 connector (`auth.md` §2.2).
//!
//! Brand bearers are opaque 64-hex strings. A bearer not refreshed within its idle lifetime
//! expires; a second login of the same user invalidates the first bearer (`auth.md` §4.1).
//!
//! Step-up (`auth.md` §2.4): an authenticated token obtained with an `lp_jwt` records the
//! unauthenticated consumer it replaces in [`ConsumerClaims::stepup_from`]; UMS asks
//! [`takeover_allowed`] before letting the new identity take over the old one's conversations.

use crate::ids::Ids;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use tokio::sync::Notify;

/// The issuer of every consumer JWT (`iss`), as on LivePerson's IDP.
pub const CONSUMER_ISSUER: &str = "https://idp.liveperson.net";

/// Default signing key for consumer JWTs. Not a secret: this is a local test platform.
const DEFAULT_SIGNING_KEY: &[u8] = b"lpm-local-platform-consumer-jwt-key";

/// Idle lifetime of a brand bearer that is not refreshed (emulator-notes §2: 30 minutes).
pub const BEARER_IDLE_MS: i64 = 30 * 60 * 1000;

/// Lifetime of a signup (anonymous) consumer JWT: 10 years (emulator-notes §2).
pub const SIGNUP_TTL_SECS: i64 = 10 * 365 * 24 * 3600;

/// Lifetime of an external token from `anonymous/authorize`: 10 minutes (`auth.md` §2.2).
pub const UNAUTH_TOKEN_TTL_SECS: i64 = 10 * 60;

/// How long an external token can be refreshed after the identity was created: 730 hours
/// (`uncertain.md` M11).
pub const UNAUTH_REFRESH_WINDOW_SECS: i64 = 730 * 3600;

/// Lifetime of an authenticated consumer JWT when the brand's token carries no `exp` (an opaque
/// authorization code, mock auth): 24 hours. With an `exp`, the LP JWT follows it (`auth.md` §2.3).
pub const AUTH_DEFAULT_TTL_SECS: i64 = 24 * 3600;

/// The `lp.ext` claim of an authenticated consumer: who the brand says the consumer is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExternalIdentity {
    /// The brand's `sub`.
    pub sub: String,
    /// The brand's `iss`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iss: Option<String>,
    /// The consumer's engagement attributes. LivePerson sends them encrypted as hex; the platform
    /// sends the hex of their JSON (read them back with [`ConsumerClaims::sdes`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lp_sdes: Option<String>,
}

/// The consumer id of an authenticated consumer: 64 lowercase hex characters, SHA-256 of
/// `iss + "|" + sub` of the brand's token (emulator-notes §3), so that the same brand user always
/// maps to the same consumer. A missing `iss` counts as empty.
pub fn authenticated_consumer_id(iss: Option<&str>, sub: &str) -> String {
    hex::encode(Sha256::digest(
        format!("{}|{sub}", iss.unwrap_or("")).as_bytes(),
    ))
}

/// Encodes engagement attributes for [`ExternalIdentity::lp_sdes`].
pub fn encode_sdes(sdes: &serde_json::Value) -> String {
    hex::encode(sdes.to_string())
}

/// Whether the consumer holding `taker` may take over conversations of `old_consumer_id`
/// (`requests.md` §24 consumer takeover, `uncertain.md` M2): only when `taker` was issued by a
/// step-up from `old_consumer_id` (its `lp_jwt`; mock step-up included). The same in dev and
/// strict mode: dev mode is lenient about credentials, never about isolation between consumers.
pub fn takeover_allowed(taker: &ConsumerClaims, old_consumer_id: &str) -> bool {
    taker.stepup_from.as_deref() == Some(old_consumer_id)
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
    /// Platform-only claim: the unauthenticated consumer id this token stepped up from (its
    /// `lp_jwt`). LivePerson keeps this link on the server; clients ignore unknown claims.
    #[serde(
        rename = "lpm_stepup_from",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub stepup_from: Option<String>,
}

impl ConsumerClaims {
    /// The account this token belongs to (from `aud`).
    pub fn account(&self) -> &str {
        self.aud.strip_prefix("acc:").unwrap_or(&self.aud)
    }

    /// Whether this is an authenticated consumer (has `lp.ext`).
    pub fn is_authenticated(&self) -> bool {
        self.lp_ext.is_some()
    }

    /// The engagement attributes carried in `lp.ext.lp_sdes` (a JSON array such as
    /// `[{"type":"ctmrinfo","info":{…}}]`), if any.
    pub fn sdes(&self) -> Option<serde_json::Value> {
        let hex_text = self.lp_ext.as_ref()?.lp_sdes.as_deref()?;
        serde_json::from_slice(&hex::decode(hex_text).ok()?).ok()
    }
}

/// Lifetime of a Sentinel AppJWT: one hour (`auth.md` §3).
pub const APP_JWT_TTL_SECS: i64 = 3600;

/// The claims of a Sentinel AppJWT (`auth.md` §3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppJwtClaims {
    /// The account id.
    pub aud: String,
    /// The app installation (client id).
    pub azp: String,
    /// `msg.consumer`.
    pub scope: String,
    /// `Sentinel`.
    pub iss: String,
    /// Expiry, epoch seconds.
    pub exp: i64,
    /// Issued at, epoch seconds.
    pub iat: i64,
}

/// The claims of an external token from `anonymous/authorize` (its shape is not published; these
/// are the platform's).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnauthClaims {
    /// The consumer id the exchange will give (a UUID), stable across refreshes.
    pub sub: String,
    /// `acc:{account}`.
    pub aud: String,
    /// [`CONSUMER_ISSUER`].
    pub iss: String,
    /// Issued at, epoch seconds.
    pub iat: i64,
    /// Expiry, epoch seconds ([`UNAUTH_TOKEN_TTL_SECS`] after `iat`).
    pub exp: i64,
    /// Until when it can be refreshed, epoch seconds.
    #[serde(rename = "lpm_refresh_until")]
    pub refresh_until: i64,
}

/// Why a token was refused. The messages never contain the token itself.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
    /// Digests of the consumer tokens issued, by consumer id (to kill them all at once).
    issued: HashMap<String, Vec<[u8; 32]>>,
    /// Consumers whose tokens issued before a time (epoch s) were killed, with why. Catches
    /// tokens of an earlier run, which `issued` does not know.
    consumer_cutoffs: HashMap<String, (i64, TokenError)>,
    /// Live brand sessions by bearer.
    sessions: HashMap<String, BrandSession>,
    /// Bearers that were valid once and are no longer, with why.
    dead_bearers: HashMap<String, TokenError>,
    /// Revocations not yet applied to open sockets (see [`Tokens::take_killed`]).
    killed: Vec<Killed>,
    /// Woken after each revocation, so that open sockets are closed when it happens rather
    /// than by every socket polling its token.
    kill_signal: Arc<Notify>,
}

/// What of [`Tokens`] outlives a restart (`lpm platform --data`): brand sessions, the fate of
/// consumer tokens and the digests of those issued. The signing key is not stored: it is
/// the platform's fixed key, so tokens of an earlier run verify as they are.
///
/// ```
/// use lpm_platform::tokens::Tokens;
///
/// let tokens = Tokens::new();
/// let saved = tokens.saved();
/// let mut again = Tokens::new();
/// again.restore(saved.clone());
/// assert_eq!(again.saved(), saved);
/// ```
// No derived Debug: sessions hold bearers and csrf tokens, which never reach a log.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedTokens {
    /// Consumer tokens revoked or expired early: (hex SHA-256, why), sorted.
    pub consumer_overrides: Vec<(String, TokenError)>,
    /// Digests (hex) of the consumer tokens issued, by consumer id, sorted.
    pub issued: Vec<(String, Vec<String>)>,
    /// Consumer cutoffs: (consumer id, epoch s, why), sorted.
    pub consumer_cutoffs: Vec<(String, i64, TokenError)>,
    /// Live brand sessions, sorted by bearer.
    pub sessions: Vec<BrandSession>,
    /// Dead bearers with why, sorted.
    pub dead_bearers: Vec<(String, TokenError)>,
}

impl std::fmt::Debug for SavedTokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SavedTokens")
            .field("consumer_overrides", &self.consumer_overrides.len())
            .field("issued", &self.issued.len())
            .field("consumer_cutoffs", &self.consumer_cutoffs.len())
            .field("sessions", &self.sessions.len())
            .field("dead_bearers", &self.dead_bearers.len())
            .finish()
    }
}

/// A revocation that open sockets must hear about: which tokens it killed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Killed {
    /// Every token of this consumer id issued so far.
    Consumer(String),
    /// One consumer token, by SHA-256 of the token (the token itself is not kept).
    ConsumerToken([u8; 32]),
    /// One brand session, by bearer.
    Bearer(String),
}

impl Killed {
    /// Whether this revocation may concern a consumer socket holding `jwt` for `consumer_id`.
    pub fn touches_consumer(&self, consumer_id: &str, jwt: &str) -> bool {
        match self {
            Killed::Consumer(id) => id == consumer_id,
            Killed::ConsumerToken(d) => *d == digest(jwt),
            Killed::Bearer(_) => false,
        }
    }

    /// Whether this revocation may concern a brand socket holding `bearer`.
    pub fn touches_bearer(&self, bearer: &str) -> bool {
        matches!(self, Killed::Bearer(b) if b == bearer)
    }
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

    /// The part that outlives a restart, in a stable order (so that an unchanged store
    /// serializes to the same text and is not written again).
    pub fn saved(&self) -> SavedTokens {
        let mut consumer_overrides: Vec<(String, TokenError)> = self
            .consumer_overrides
            .iter()
            .map(|(d, why)| (hex::encode(d), why.clone()))
            .collect();
        consumer_overrides.sort_by(|a, b| a.0.cmp(&b.0));
        let mut issued: Vec<(String, Vec<String>)> = self
            .issued
            .iter()
            .map(|(c, ds)| (c.clone(), ds.iter().map(hex::encode).collect()))
            .collect();
        issued.sort_by(|a, b| a.0.cmp(&b.0));
        let mut consumer_cutoffs: Vec<(String, i64, TokenError)> = self
            .consumer_cutoffs
            .iter()
            .map(|(c, (at, why))| (c.clone(), *at, why.clone()))
            .collect();
        consumer_cutoffs.sort_by(|a, b| a.0.cmp(&b.0));
        let mut sessions: Vec<BrandSession> = self.sessions.values().cloned().collect();
        sessions.sort_by(|a, b| a.bearer.cmp(&b.bearer));
        let mut dead_bearers: Vec<(String, TokenError)> = self
            .dead_bearers
            .iter()
            .map(|(b, why)| (b.clone(), why.clone()))
            .collect();
        dead_bearers.sort_by(|a, b| a.0.cmp(&b.0));
        SavedTokens {
            consumer_overrides,
            issued,
            consumer_cutoffs,
            sessions,
            dead_bearers,
        }
    }

    /// Takes back what [`Tokens::saved`] returned in an earlier run. Digests that are not
    /// 32 bytes of hex (a damaged row) are skipped.
    pub fn restore(&mut self, saved: SavedTokens) {
        fn parse(d: &str) -> Option<[u8; 32]> {
            hex::decode(d)
                .ok()
                .and_then(|b| <[u8; 32]>::try_from(b).ok())
        }
        self.consumer_overrides = saved
            .consumer_overrides
            .into_iter()
            .filter_map(|(d, why)| Some((parse(&d)?, why)))
            .collect();
        self.issued = saved
            .issued
            .into_iter()
            .map(|(c, ds)| (c, ds.iter().filter_map(|d| parse(d)).collect()))
            .collect();
        self.consumer_cutoffs = saved
            .consumer_cutoffs
            .into_iter()
            .map(|(c, at, why)| (c, (at, why)))
            .collect();
        self.sessions = saved
            .sessions
            .into_iter()
            .map(|s| (s.bearer.clone(), s))
            .collect();
        self.dead_bearers = saved.dead_bearers.into_iter().collect();
    }

    /// Issues a consumer JWT valid for `ttl_secs` from `now_secs`.
    pub fn issue_consumer_jwt(
        &mut self,
        account: &str,
        consumer_id: &str,
        lp_ext: Option<ExternalIdentity>,
        now_secs: i64,
        ttl_secs: i64,
    ) -> String {
        self.issue_claims(&ConsumerClaims {
            sub: consumer_id.to_owned(),
            aud: format!("acc:{account}"),
            iss: CONSUMER_ISSUER.to_owned(),
            exp: now_secs + ttl_secs,
            iat: now_secs,
            lp_ext,
            stepup_from: None,
        })
    }

    /// Issues a consumer JWT with exactly these claims.
    pub fn issue_claims(&mut self, claims: &ConsumerClaims) -> String {
        let jwt = self.sign(claims, &self.signing_key);
        self.issued
            .entry(claims.sub.clone())
            .or_default()
            .push(digest(&jwt));
        jwt
    }

    fn sign<T: Serialize>(&self, claims: &T, key: &[u8]) -> String {
        let header = Header {
            kid: Some("00001".to_owned()),
            ..Header::new(Algorithm::HS256)
        };
        // Encoding our own serializable claims with an HMAC key cannot fail.
        jsonwebtoken::encode(&header, claims, &EncodingKey::from_secret(key)).unwrap_or_default()
    }

    fn unauth_key(&self) -> Vec<u8> {
        // A different key, so an external token never passes as an LP consumer JWT.
        let mut key = self.signing_key.clone();
        key.extend_from_slice(b":unauth-external");
        key
    }

    fn derived_key(&self, purpose: &str) -> Vec<u8> {
        let mut key = self.signing_key.clone();
        key.push(b':');
        key.extend_from_slice(purpose.as_bytes());
        key
    }

    /// Issues a Sentinel AppJWT (`auth.md` §3) for an app installation, valid one hour.
    pub fn issue_app_jwt(&self, account: &str, client_id: &str, now_secs: i64) -> String {
        let claims = AppJwtClaims {
            aud: account.to_owned(),
            azp: client_id.to_owned(),
            scope: "msg.consumer".to_owned(),
            iss: "Sentinel".to_owned(),
            exp: now_secs + APP_JWT_TTL_SECS,
            iat: now_secs,
        };
        self.sign(&claims, &self.derived_key("sentinel-app-jwt"))
    }

    /// Checks an AppJWT for `account` (Send API `Authorization`).
    pub fn verify_app_jwt(
        &self,
        account: &str,
        token: &str,
        now_secs: i64,
    ) -> Result<AppJwtClaims, TokenError> {
        let claims: AppJwtClaims = decode_hs256(token, &self.derived_key("sentinel-app-jwt"))?;
        if claims.aud != account {
            return Err(TokenError::Invalid);
        }
        if claims.exp <= now_secs {
            return Err(TokenError::Expired);
        }
        Ok(claims)
    }

    /// Issues a ConsumerJWS (`auth.md` §3): the consumer id is 64 hex derived from the account
    /// and the connector's `ext_consumer_id`, so the same external id is the same consumer.
    pub fn issue_consumer_jws(&self, account: &str, ext_consumer_id: &str) -> String {
        let claims = lpm_protocol::rest::sentinel::ConsumerJwsClaims {
            account_id: account.to_owned(),
            ext_consumer_id: ext_consumer_id.to_owned(),
            lp_consumer_id: hex::encode(Sha256::digest(
                format!("{account}|{ext_consumer_id}").as_bytes(),
            )),
        };
        self.sign(&claims, &self.derived_key("consumer-jws"))
    }

    /// Checks a ConsumerJWS (Send API `X-LP-ON-BEHALF`) for `account`.
    pub fn verify_consumer_jws(
        &self,
        account: &str,
        token: &str,
    ) -> Result<lpm_protocol::rest::sentinel::ConsumerJwsClaims, TokenError> {
        let claims: lpm_protocol::rest::sentinel::ConsumerJwsClaims =
            decode_hs256(token, &self.derived_key("consumer-jws"))?;
        if claims.account_id != account {
            return Err(TokenError::Invalid);
        }
        Ok(claims)
    }

    /// Issues an external token (`anonymous/authorize`).
    pub fn issue_unauth_token(&self, claims: &UnauthClaims) -> String {
        self.sign(claims, &self.unauth_key())
    }

    /// Whether `token` is an external token of this platform (any account, any age).
    pub fn is_unauth_token(&self, token: &str) -> bool {
        decode_hs256::<UnauthClaims>(token, &self.unauth_key()).is_ok()
    }

    /// Checks an external token for `account`. With `allow_expired` (refresh), a token past its
    /// `exp` is accepted while within its refresh window.
    pub fn verify_unauth_token(
        &self,
        account: &str,
        token: &str,
        now_secs: i64,
        allow_expired: bool,
    ) -> Result<UnauthClaims, TokenError> {
        let claims: UnauthClaims = decode_hs256(token, &self.unauth_key())?;
        if claims.aud != format!("acc:{account}") {
            return Err(TokenError::Invalid);
        }
        let deadline = if allow_expired {
            claims.refresh_until
        } else {
            claims.exp
        };
        if deadline <= now_secs {
            return Err(TokenError::Expired);
        }
        Ok(claims)
    }

    /// Checks a consumer JWT for `account` at `now_secs` and returns its claims.
    pub fn verify_consumer_jwt(
        &self,
        account: &str,
        jwt: &str,
        now_secs: i64,
    ) -> Result<ConsumerClaims, TokenError> {
        let claims: ConsumerClaims = decode_hs256(jwt, &self.signing_key)?;
        if claims.account() != account {
            return Err(TokenError::Invalid);
        }
        if let Some(why) = self.consumer_overrides.get(&digest(jwt)) {
            return Err(why.clone());
        }
        if let Some((cutoff, why)) = self.consumer_cutoffs.get(&claims.sub)
            && claims.iat < *cutoff
        {
            return Err(why.clone());
        }
        if claims.exp <= now_secs {
            return Err(TokenError::Expired);
        }
        Ok(claims)
    }

    /// Marks one consumer token as expired or revoked (test controls).
    pub fn kill_consumer_jwt(&mut self, jwt: &str, why: TokenError) {
        self.consumer_overrides.insert(digest(jwt), why);
        self.record_kill(Killed::ConsumerToken(digest(jwt)));
    }

    fn record_kill(&mut self, killed: Killed) {
        self.killed.push(killed);
        // `notify_one` keeps a permit when the watcher is busy, so no revocation is missed.
        self.kill_signal.notify_one();
    }

    /// The revocations since the last call, for the task that closes the sockets using them.
    pub fn take_killed(&mut self) -> Vec<Killed> {
        std::mem::take(&mut self.killed)
    }

    /// Notified after every revocation; see [`Tokens::take_killed`].
    pub fn kill_signal(&self) -> Arc<Notify> {
        self.kill_signal.clone()
    }

    /// When the session of `bearer` expires unless refreshed (epoch ms); `None` if it is not a
    /// live session.
    pub fn session_expiry(&self, bearer: &str) -> Option<i64> {
        self.sessions.get(bearer).map(|s| s.expires_at_ms)
    }

    /// Revokes every token of a consumer issued so far (test controls).
    pub fn revoke_consumer(&mut self, consumer_id: &str) {
        self.kill_consumer(consumer_id, TokenError::Revoked, i64::MIN);
    }

    /// Kills every token of a consumer issued so far: those this run issued, and any older
    /// than `now_secs` (test controls). Tokens issued afterwards are valid. Returns how many
    /// tokens of this run were killed.
    pub fn kill_consumer(&mut self, consumer_id: &str, why: TokenError, now_secs: i64) -> usize {
        let digests = self.issued.get(consumer_id).cloned().unwrap_or_default();
        for d in &digests {
            self.consumer_overrides.insert(*d, why.clone());
        }
        self.consumer_cutoffs
            .insert(consumer_id.to_owned(), (now_secs, why));
        self.record_kill(Killed::Consumer(consumer_id.to_owned()));
        digests.len()
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
            self.record_kill(Killed::Bearer(bearer.to_owned()));
        }
    }

    /// Ends every session of a user (test controls); returns the ended bearers.
    pub fn end_sessions_of(&mut self, account: &str, user_id: &str, why: TokenError) -> usize {
        let bearers: Vec<String> = self
            .sessions
            .values()
            .filter(|s| s.account == account && s.user_id == user_id)
            .map(|s| s.bearer.clone())
            .collect();
        for bearer in &bearers {
            self.end_session(bearer, why.clone());
        }
        bearers.len()
    }

    /// Live brand sessions (for inspection).
    pub fn sessions(&self) -> impl Iterator<Item = &BrandSession> {
        self.sessions.values()
    }
}

/// Decodes an HS256 JWT signed with `key`, without checking time claims (the platform clock is
/// checked by the callers).
fn decode_hs256<T: serde::de::DeserializeOwned>(token: &str, key: &[u8]) -> Result<T, TokenError> {
    let mut validation = Validation::new(Algorithm::HS256);
    validation.validate_exp = false;
    validation.validate_aud = false;
    validation.required_spec_claims = HashSet::new();
    jsonwebtoken::decode::<T>(token, &DecodingKey::from_secret(key), &validation)
        .map(|data| data.claims)
        .map_err(|_| TokenError::Invalid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consumer_jwt_round_trip_and_expiry() {
        let mut tokens = Tokens::new();
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
        let mut tokens = Tokens::new();
        let ext = ExternalIdentity {
            sub: "user-7".into(),
            iss: Some("https://brand.example".into()),
            lp_sdes: Some(encode_sdes(&serde_json::json!([{"type": "ctmrinfo"}]))),
        };
        let jwt = tokens.issue_consumer_jwt("123", "ab12", Some(ext.clone()), 0, 60);
        let payload = jwt.split('.').nth(1).expect("payload");
        let json: serde_json::Value = serde_json::from_slice(
            &base64::Engine::decode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, payload)
                .expect("base64"),
        )
        .expect("json");
        assert_eq!(json["lp.ext"]["sub"], "user-7");
        let claims = tokens.verify_consumer_jwt("123", &jwt, 1).expect("valid");
        assert_eq!(
            claims.sdes(),
            Some(serde_json::json!([{"type": "ctmrinfo"}]))
        );
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

    #[test]
    fn killing_a_consumer_kills_earlier_tokens_only() {
        let mut tokens = Tokens::new();
        let old = tokens.issue_consumer_jwt("1", "c", None, 100, 60);
        let other = tokens.issue_consumer_jwt("1", "d", None, 100, 60);
        assert_eq!(tokens.kill_consumer("c", TokenError::Expired, 100), 1);
        assert_eq!(
            tokens.verify_consumer_jwt("1", &old, 101),
            Err(TokenError::Expired)
        );
        assert!(tokens.verify_consumer_jwt("1", &other, 101).is_ok());
        // The same claims make the same (dead) token; a token issued later is fine.
        let again = tokens.issue_consumer_jwt("1", "c", None, 100, 60);
        assert_eq!(again, old);
        assert!(tokens.verify_consumer_jwt("1", &again, 101).is_err());
        let new = tokens.issue_consumer_jwt("1", "c", None, 101, 60);
        assert!(tokens.verify_consumer_jwt("1", &new, 101).is_ok());
    }

    #[test]
    fn unauth_tokens_are_not_consumer_jwts() {
        let tokens = Tokens::new();
        let claims = UnauthClaims {
            sub: "u".into(),
            aud: "acc:1".into(),
            iss: CONSUMER_ISSUER.into(),
            iat: 0,
            exp: UNAUTH_TOKEN_TTL_SECS,
            refresh_until: UNAUTH_REFRESH_WINDOW_SECS,
        };
        let ext = tokens.issue_unauth_token(&claims);
        assert_eq!(tokens.verify_unauth_token("1", &ext, 1, false), Ok(claims));
        assert_eq!(
            tokens.verify_unauth_token("1", &ext, UNAUTH_TOKEN_TTL_SECS, false),
            Err(TokenError::Expired)
        );
        assert!(
            tokens
                .verify_unauth_token("1", &ext, UNAUTH_TOKEN_TTL_SECS, true)
                .is_ok()
        );
        assert_eq!(
            tokens.verify_unauth_token("2", &ext, 1, false),
            Err(TokenError::Invalid)
        );
        assert_eq!(
            tokens.verify_consumer_jwt("1", &ext, 1),
            Err(TokenError::Invalid)
        );
    }

    #[test]
    fn takeover_needs_the_stepup_link() {
        let claims = ConsumerClaims {
            sub: authenticated_consumer_id(Some("iss"), "sub"),
            aud: "acc:1".into(),
            iss: CONSUMER_ISSUER.into(),
            exp: 10,
            iat: 0,
            lp_ext: None,
            stepup_from: Some("old".into()),
        };
        assert_eq!(claims.sub.len(), 64);
        assert!(takeover_allowed(&claims, "old"));
        assert!(!takeover_allowed(&claims, "other"));
    }
}
