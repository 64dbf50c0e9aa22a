//! Reading the brand's side of an authenticated consumer: the `id_token` JWT of an implicit-flow
//! connector, or the `code` of a code-flow connector (`auth.md` §2.3, `uncertain.md` M1).
//!
//! Accepted forms, in this order:
//! 1. a JWS (`header.payload.signature`): with a connector key its signature must verify (HS256
//!    with a shared secret, RS256 with an RSA public key); without one it is only decoded;
//! 2. base64 (standard or url-safe) of a JSON claims object, or the bare JSON object;
//! 3. for a `code` only: any other string, taken as the user name (`sub`), as mock
//!    authentication and lp-messaging-sdk's step-up send it.
//!
//! A token past its `exp` (platform clock) is refused; so is one without `sub`.

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use lpm_protocol::rest::idp::BrandIdTokenClaims;
use std::collections::HashSet;

/// Why the brand's token was refused. Says nothing about the token's content.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BrandTokenError {
    /// Not a JWS, not JSON claims (and not allowed as an opaque code).
    #[error("the token is malformed")]
    Malformed,
    /// The signature does not verify with the connector's key, or the key is unusable.
    #[error("the token's signature is not valid")]
    BadSignature,
    /// Past its `exp`.
    #[error("the token has expired")]
    Expired,
    /// No `sub` claim.
    #[error("the token has no sub claim")]
    NoSubject,
}

/// Whether the string came as an `id_token` or as a `code` (only a code may be opaque).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// `id_token` (implicit flow) or the legacy `authCode`.
    IdToken,
    /// `code` (code flow).
    Code,
}

/// Reads and checks the brand's claims. `key`: the connector's `id_token_key` (strict mode).
pub fn read_claims(
    token: &str,
    source: Source,
    key: Option<&str>,
    now_secs: i64,
) -> Result<BrandIdTokenClaims, BrandTokenError> {
    let token = token.trim();
    let claims = if looks_like_jws(token) {
        match key {
            Some(key) => verify_jws(token, key)?,
            None => decode_jws_payload(token)?,
        }
    } else if let Some(claims) = json_claims(token) {
        claims
    } else if source == Source::Code && !token.is_empty() {
        BrandIdTokenClaims {
            sub: Some(token.to_owned()),
            ..BrandIdTokenClaims::default()
        }
    } else {
        return Err(BrandTokenError::Malformed);
    };
    if claims.exp.is_some_and(|exp| exp <= now_secs) {
        return Err(BrandTokenError::Expired);
    }
    if claims.sub.as_deref().is_none_or(str::is_empty) {
        return Err(BrandTokenError::NoSubject);
    }
    Ok(claims)
}

fn looks_like_jws(token: &str) -> bool {
    let parts: Vec<&str> = token.split('.').collect();
    parts.len() == 3
        && URL_SAFE_NO_PAD
            .decode(parts[0].trim_end_matches('='))
            .ok()
            .and_then(|h| serde_json::from_slice::<serde_json::Value>(&h).ok())
            .is_some_and(|h| h.get("alg").is_some())
}

fn decode_jws_payload(token: &str) -> Result<BrandIdTokenClaims, BrandTokenError> {
    let payload = token.split('.').nth(1).ok_or(BrandTokenError::Malformed)?;
    let bytes = URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .map_err(|_| BrandTokenError::Malformed)?;
    serde_json::from_slice(&bytes).map_err(|_| BrandTokenError::Malformed)
}

fn json_claims(token: &str) -> Option<BrandIdTokenClaims> {
    let parse = |bytes: &[u8]| -> Option<BrandIdTokenClaims> {
        match serde_json::from_slice::<serde_json::Value>(bytes).ok()? {
            value @ serde_json::Value::Object(_) => serde_json::from_value(value).ok(),
            _ => None,
        }
    };
    if let Some(claims) = parse(token.as_bytes()) {
        return Some(claims);
    }
    [&STANDARD, &STANDARD_NO_PAD, &URL_SAFE, &URL_SAFE_NO_PAD]
        .iter()
        .find_map(|engine| engine.decode(token).ok().and_then(|b| parse(&b)))
}

/// The connector key as a decoding key and the algorithms it may verify. A key that starts with
/// `-----BEGIN` is an RSA public key in PEM; a long base64 text without header is taken as the
/// base64 body of one (LivePerson's console takes the key that way, `auth.md` §2.3); anything
/// else is an HMAC secret.
fn decoding_key(key: &str) -> Result<(DecodingKey, Vec<Algorithm>), BrandTokenError> {
    let rsa = [Algorithm::RS256, Algorithm::RS384, Algorithm::RS512];
    let trimmed = key.trim();
    if trimmed.starts_with("-----BEGIN") {
        let key = DecodingKey::from_rsa_pem(trimmed.as_bytes())
            .map_err(|_| BrandTokenError::BadSignature)?;
        return Ok((key, rsa.to_vec()));
    }
    let compact: String = trimmed.split_whitespace().collect();
    if compact.len() > 200 && STANDARD.decode(&compact).is_ok() {
        let pem = format!("-----BEGIN PUBLIC KEY-----\n{compact}\n-----END PUBLIC KEY-----\n");
        if let Ok(key) = DecodingKey::from_rsa_pem(pem.as_bytes()) {
            return Ok((key, rsa.to_vec()));
        }
    }
    Ok((
        DecodingKey::from_secret(key.as_bytes()),
        vec![Algorithm::HS256, Algorithm::HS384, Algorithm::HS512],
    ))
}

fn verify_jws(token: &str, key: &str) -> Result<BrandIdTokenClaims, BrandTokenError> {
    let header = jsonwebtoken::decode_header(token).map_err(|_| BrandTokenError::Malformed)?;
    let (key, algorithms) = decoding_key(key)?;
    if !algorithms.contains(&header.alg) {
        return Err(BrandTokenError::BadSignature);
    }
    let mut validation = Validation::new(header.alg);
    // Time claims are checked against the platform clock by the caller.
    validation.validate_exp = false;
    validation.validate_aud = false;
    validation.required_spec_claims = HashSet::new();
    jsonwebtoken::decode::<BrandIdTokenClaims>(token, &key, &validation)
        .map(|data| data.claims)
        .map_err(|e| match e.kind() {
            jsonwebtoken::errors::ErrorKind::InvalidSignature
            | jsonwebtoken::errors::ErrorKind::InvalidAlgorithm
            | jsonwebtoken::errors::ErrorKind::InvalidKeyFormat
            | jsonwebtoken::errors::ErrorKind::InvalidRsaKey(_) => BrandTokenError::BadSignature,
            _ => BrandTokenError::Malformed,
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use jsonwebtoken::{EncodingKey, Header};
    use serde_json::json;

    fn hs256(claims: &serde_json::Value, secret: &str) -> String {
        jsonwebtoken::encode(
            &Header::new(Algorithm::HS256),
            claims,
            &EncodingKey::from_secret(secret.as_bytes()),
        )
        .expect("signs")
    }

    #[test]
    fn jws_with_and_without_key() {
        let jwt = hs256(&json!({"iss": "b", "sub": "u1", "exp": 100}), "k");
        let claims = read_claims(&jwt, Source::IdToken, Some("k"), 50).expect("verifies");
        assert_eq!(claims.sub.as_deref(), Some("u1"));
        assert_eq!(
            read_claims(&jwt, Source::IdToken, Some("other"), 50),
            Err(BrandTokenError::BadSignature)
        );
        assert!(read_claims(&jwt, Source::IdToken, None, 50).is_ok());
        assert_eq!(
            read_claims(&jwt, Source::IdToken, None, 100),
            Err(BrandTokenError::Expired)
        );
    }

    #[test]
    fn json_base64_and_opaque_codes() {
        let json_text = r#"{"sub":"u2","iss":"b"}"#;
        let b64 = STANDARD.encode(json_text);
        for token in [json_text, b64.as_str()] {
            let claims = read_claims(token, Source::Code, None, 0).expect("reads");
            assert_eq!(claims.sub.as_deref(), Some("u2"));
        }
        let opaque = read_claims("Jane", Source::Code, None, 0).expect("opaque code");
        assert_eq!(opaque.sub.as_deref(), Some("Jane"));
        assert_eq!(
            read_claims("Jane", Source::IdToken, None, 0),
            Err(BrandTokenError::Malformed)
        );
        assert_eq!(
            read_claims(r#"{"iss":"b"}"#, Source::IdToken, None, 0),
            Err(BrandTokenError::NoSubject)
        );
    }
}
