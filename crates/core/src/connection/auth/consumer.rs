//! Consumer identity: IDP signup, unauthenticated connector, authenticated connector, mock
//! connector and step-up (auth.md §2).

use serde_json::{Value, json};

use super::json_headers;
use crate::connection::secret::Secret;
use crate::io::{HttpMethod, HttpRequest, HttpResponse};

/// Which IDP call.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum IdpCall {
    /// `POST signup` (no body) → `{"jwt"}`.
    Signup,
    /// `POST anonymous/authorize` `{}` → `{"token"}` (external token).
    AnonymousAuthorize,
    /// `POST anonymous/authorize` `{"id_token": previous}` → `{"token"}`: refresh of an
    /// external token, same identity (auth.md §2.2).
    AnonymousRefresh { id_token: Secret },
    /// `POST app/{connector}/authenticate?v=3.0` `{"id_token"}` → `{"token"}`.
    ConnectorIdToken {
        connector_id: String,
        id_token: Secret,
    },
    /// `POST app/{connector}/authenticate?v=3.0` `{"code"[, "lp_jwt"]}` → `{"token"}`.
    ConnectorCode {
        connector_id: String,
        code: Secret,
        lp_jwt: Option<Secret>,
    },
    /// `POST app/default/authenticate?v=2` `{"code","redirect_uri"}` → `{"token"}`.
    Mock { customer_name: String },
}

/// The HTTP request of an IDP call.
pub(crate) fn request(
    call: &IdpCall,
    idp_origin: &str,
    account: &str,
) -> (String, Vec<(String, String)>, Vec<u8>) {
    let base = format!("{idp_origin}/api/account/{account}");
    match call {
        IdpCall::Signup => (format!("{base}/signup"), vec![], vec![]),
        IdpCall::AnonymousAuthorize => (
            format!("{base}/anonymous/authorize"),
            json_headers(),
            b"{}".to_vec(),
        ),
        IdpCall::AnonymousRefresh { id_token } => (
            format!("{base}/anonymous/authorize"),
            json_headers(),
            json!({"id_token": id_token.expose()})
                .to_string()
                .into_bytes(),
        ),
        IdpCall::ConnectorIdToken {
            connector_id,
            id_token,
        } => (
            format!("{base}/app/{connector_id}/authenticate?v=3.0"),
            json_headers(),
            json!({"id_token": id_token.expose()})
                .to_string()
                .into_bytes(),
        ),
        IdpCall::ConnectorCode {
            connector_id,
            code,
            lp_jwt,
        } => {
            let body = match lp_jwt {
                Some(j) => json!({"lp_jwt": j.expose(), "code": code.expose()}),
                None => json!({"code": code.expose()}),
            };
            (
                format!("{base}/app/{connector_id}/authenticate?v=3.0"),
                json_headers(),
                body.to_string().into_bytes(),
            )
        }
        IdpCall::Mock { customer_name } => (
            format!("{base}/app/default/authenticate?v=2"),
            json_headers(),
            json!({"code": customer_name, "redirect_uri": "https://liveperson.net"})
                .to_string()
                .into_bytes(),
        ),
    }
}

/// Builds the [`HttpRequest`].
pub(crate) fn http_request(
    id: crate::io::HttpId,
    call: &IdpCall,
    idp_origin: &str,
    account: &str,
) -> HttpRequest {
    let (url, headers, body) = request(call, idp_origin, account);
    HttpRequest {
        id,
        method: HttpMethod::Post,
        url,
        headers,
        body,
    }
}

/// The token of a successful answer (`jwt` for signup and the legacy route, `token` for
/// connector routes; either is accepted).
pub(crate) fn token_of(resp: &HttpResponse) -> Option<Secret> {
    let v: Value = serde_json::from_slice(&resp.body).ok()?;
    v.get("token")
        .or_else(|| v.get("jwt"))
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(Secret::new)
}

/// The `sub` claim of an LP JWT (the consumer id), read without verifying the signature.
pub fn jwt_subject(jwt: &str) -> Option<String> {
    let payload = jwt.split('.').nth(1)?;
    let bytes = base64url_decode(payload)?;
    let v: Value = serde_json::from_slice(&bytes).ok()?;
    v.get("sub").and_then(Value::as_str).map(str::to_owned)
}

fn base64url_decode(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let mut buf = 0u32;
    let mut bits = 0;
    for c in s.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' | b'+' => 62,
            b'_' | b'/' => 63,
            b'=' => break,
            _ => return None,
        };
        buf = (buf << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buf >> bits) as u8);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subject_of_unsigned_jwt() {
        // {"sub":"abc"} base64url
        assert_eq!(
            jwt_subject("e30.eyJzdWIiOiJhYmMifQ.x").as_deref(),
            Some("abc")
        );
        assert_eq!(jwt_subject("garbage"), None);
    }
}
