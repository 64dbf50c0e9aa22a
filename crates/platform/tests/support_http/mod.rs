//! Shared helpers of the `http_*` protocol tests: start a platform in-process on a free port,
//! talk to it with a real HTTP client, read JWT payloads.
#![allow(dead_code)]

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use lpm_platform::{Platform, PlatformConfig, PlatformOptions};
use reqwest::{Client, Method, StatusCode};
use serde_json::{Value, json};

/// An RSA key pair a test "brand" signs `id_token`s with. Generated for these tests only and
/// published on purpose: it protects nothing. (Stored as `.txt`: the repository ignores `*.pem`.)
pub const BRAND_PRIVATE_PEM: &str = include_str!("brand_private.test-key.txt");
/// The public half, as a strict config's `id_token_key`.
pub const BRAND_PUBLIC_PEM: &str = include_str!("brand_public.test-key.txt");
/// Another private key, whose signatures must not verify.
pub const OTHER_PRIVATE_PEM: &str = include_str!("other_private.test-key.txt");

/// A running platform and a client for it.
pub struct Lpm {
    pub platform: Platform,
    pub client: Client,
    pub base: String,
}

impl Lpm {
    /// Dev mode, plain HTTP.
    pub async fn dev() -> Self {
        Self::start(PlatformOptions::default()).await
    }

    /// Strict mode with this configuration TOML.
    pub async fn strict(toml: &str) -> Self {
        let config = PlatformConfig::from_toml(toml).expect("valid test config");
        Self::start(PlatformOptions {
            config: Some(config),
            ..PlatformOptions::default()
        })
        .await
    }

    pub async fn start(options: PlatformOptions) -> Self {
        let platform = Platform::start(options).await.expect("platform starts");
        let base = platform.csds_url();
        Self {
            platform,
            client: Client::new(),
            base,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Sends a request; returns status, headers and the body as JSON (`Null` when empty,
    /// a JSON string when not JSON).
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<Value>,
    ) -> (StatusCode, reqwest::header::HeaderMap, Value) {
        let mut request = self.client.request(method, self.url(path));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("request sent");
        let status = response.status();
        let headers = response.headers().clone();
        let text = response.text().await.expect("body read");
        let body = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or(Value::String(text))
        };
        (status, headers, body)
    }

    pub async fn get(&self, path: &str) -> (StatusCode, Value) {
        let (status, _, body) = self.call(Method::GET, path, &[], None).await;
        (status, body)
    }

    pub async fn get_with_bearer(&self, path: &str, bearer: &str) -> (StatusCode, Value) {
        let auth = format!("Bearer {bearer}");
        let (status, _, body) = self
            .call(Method::GET, path, &[("Authorization", &auth)], None)
            .await;
        (status, body)
    }

    pub async fn post(&self, path: &str, body: Value) -> (StatusCode, Value) {
        let (status, _, body) = self.call(Method::POST, path, &[], Some(body)).await;
        (status, body)
    }

    /// Advances the platform clock through the test control.
    pub async fn advance_ms(&self, ms: u64) {
        let (status, _) = self.post("/_lpm/clock/advance", json!({ "ms": ms })).await;
        assert!(status.is_success(), "clock advanced");
    }

    /// Platform time (epoch ms) through the test control.
    pub async fn now_ms(&self) -> i64 {
        let (_, body) = self.get("/_lpm/clock").await;
        body["now"].as_i64().expect("now")
    }

    /// Logs a brand user in with a password; returns the login body.
    pub async fn login(&self, account: &str, user: &str, password: &str) -> Value {
        let (status, body) = self
            .post(
                &format!("/api/account/{account}/login?v=1.3"),
                json!({"username": user, "password": password}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "login of {user}: {body}");
        body
    }

    /// `POST signup` → the LP JWT.
    pub async fn signup(&self, account: &str) -> String {
        let (status, _, body) = self
            .call(
                Method::POST,
                &format!("/api/account/{account}/signup"),
                &[],
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body["jwt"].as_str().expect("jwt").to_owned()
    }

    pub async fn shutdown(self) {
        self.platform.shutdown().await;
    }
}

/// The decoded payload of a JWT (no signature check).
pub fn claims(jwt: &str) -> Value {
    let payload = jwt.split('.').nth(1).expect("three parts");
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).expect("base64url")).expect("json")
}

/// The decoded header of a JWT.
pub fn jwt_header(jwt: &str) -> Value {
    let header = jwt.split('.').next().expect("header");
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(header).expect("base64url")).expect("json")
}

/// Signs brand claims with HS256.
pub fn brand_hs256(claims: &Value, secret: &str) -> String {
    jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
        claims,
        &jsonwebtoken::EncodingKey::from_secret(secret.as_bytes()),
    )
    .expect("signs")
}

/// Signs brand claims with RS256 and a PEM private key.
pub fn brand_rs256(claims: &Value, private_pem: &str) -> String {
    jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::RS256),
        claims,
        &jsonwebtoken::EncodingKey::from_rsa_pem(private_pem.as_bytes()).expect("rsa key"),
    )
    .expect("signs")
}

/// Asserts the agentVep-style error shape and returns its `error` object.
pub fn assert_lp_error(body: &Value, status_name: &str) -> Value {
    let error = &body["error"];
    assert!(error["time"].is_string(), "time in {body}");
    assert!(error["message"].is_string(), "message in {body}");
    assert!(error["internalCode"].is_i64(), "internalCode in {body}");
    assert_eq!(error["responseStatus"], status_name, "{body}");
    error.clone()
}

/// Asserts the IDP error shape and returns `internalErrorCode`.
pub fn assert_idp_error(body: &Value) -> i64 {
    assert!(body["message"].is_string(), "message in {body}");
    body["internalErrorCode"]
        .as_i64()
        .unwrap_or_else(|| panic!("internalErrorCode in {body}"))
}

pub fn is_hex64(s: &str) -> bool {
    s.len() == 64 && s.chars().all(|c| matches!(c, '0'..='9' | 'a'..='f'))
}

pub fn is_uuid(s: &str) -> bool {
    s.len() == 36 && s.chars().filter(|&c| c == '-').count() == 4
}
