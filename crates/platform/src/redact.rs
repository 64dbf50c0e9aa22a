//! Redaction of secrets before anything reaches a log: frames carry consumer JWTs
//! (`InitConnection`), and REST bodies carry tokens, passwords and session ids.
//!
//! [`redact`] replaces the value of every secret-named field of a JSON text and, anywhere in the
//! text, JWT-shaped strings and 64-hex strings (the shape of bearers, csrf tokens and session
//! ids). It errs on the side of hiding: a log line that loses a harmless hex id is fine, a log
//! line with a token is not.

use serde_json::Value;

/// What a secret is replaced with.
pub const REDACTED: &str = "<redacted>";

/// Field names whose string values are secrets, compared case-insensitively.
const SECRET_FIELDS: [&str; 13] = [
    "jwt",
    "token",
    "lp_jwt",
    "id_token",
    "access_token",
    "refresh_token",
    "bearer",
    "authorization",
    "password",
    "sessionid",
    "session_id",
    "csrf",
    "client_secret",
];

/// `text` with its secrets replaced by [`REDACTED`], for logging.
pub fn redact(text: &str) -> String {
    match serde_json::from_str::<Value>(text) {
        Ok(mut value) => {
            redact_value(&mut value);
            value.to_string()
        }
        Err(_) => redact_free_text(text),
    }
}

fn is_secret_field(name: &str) -> bool {
    SECRET_FIELDS.iter().any(|f| f.eq_ignore_ascii_case(name))
}

fn redact_value(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                if is_secret_field(k) && v.is_string() {
                    *v = Value::String(REDACTED.to_owned());
                } else {
                    redact_value(v);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(redact_value),
        Value::String(s) => {
            let clean = redact_free_text(s);
            if clean != *s {
                *s = clean;
            }
        }
        _ => {}
    }
}

/// Characters a JWT or a hex token is made of.
fn token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.'
}

/// Whether a run of token characters is secret-shaped: a JWT (`eyJ…` with three dot-separated
/// parts) or at least 64 hex digits.
fn is_secret_word(word: &str) -> bool {
    let jwt = word.starts_with("eyJ") && word.split('.').filter(|p| !p.is_empty()).count() >= 3;
    let hex = word.len() >= 64 && word.chars().all(|c| c.is_ascii_hexdigit());
    jwt || hex
}

/// Replaces secret-shaped words anywhere in `text`.
fn redact_free_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if is_secret_word(word) {
            out.push_str(REDACTED);
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    for c in text.chars() {
        if token_char(c) {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const JWT: &str = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjLTEifQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ";
    const HEX: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    #[test]
    fn secrets_in_frames_are_replaced_and_the_rest_is_kept() {
        let frame = format!(
            r#"{{"kind":"req","id":"1","type":"InitConnection","headers":[{{"type":".ams.headers.ConsumerAuthentication","jwt":"{JWT}"}}],"body":{{"password":"pw","sessionId":"s-1","message":"hi"}}}}"#
        );
        let clean = redact(&frame);
        for secret in [JWT, "\"pw\"", "s-1"] {
            assert!(!clean.contains(secret), "{secret} left in {clean}");
        }
        assert!(
            clean.contains("InitConnection") && clean.contains("\"hi\""),
            "{clean}"
        );
        assert_eq!(clean.matches(REDACTED).count(), 3, "{clean}");
    }

    #[test]
    fn secret_shaped_strings_are_replaced_anywhere() {
        let text = format!("GET /messaging/brand/{HEX}?v=2.1 Authorization: JWT {JWT}");
        let clean = redact(&text);
        assert_eq!(
            clean,
            format!("GET /messaging/brand/{REDACTED}?v=2.1 Authorization: JWT {REDACTED}")
        );
        // Inside JSON strings under harmless names too.
        let clean = redact(&format!(r#"{{"message":"my token is {JWT}"}}"#));
        assert_eq!(clean, format!(r#"{{"message":"my token is {REDACTED}"}}"#));
        // Ordinary ids and numbers are kept.
        let plain = r#"{"code":200,"conversationId":"5b0d1f4e-2a7c-4a1e-9c1e-0e1d2c3b4a59"}"#;
        assert_eq!(redact(plain), plain);
    }
}
