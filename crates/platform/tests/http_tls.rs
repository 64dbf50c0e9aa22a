//! The platform over HTTPS with its self-signed certificate, trusted by a real client.

mod support_http;

use lpm_platform::{Platform, PlatformOptions};
use reqwest::StatusCode;

#[tokio::test]
async fn tls_serves_csds_and_login_to_a_client_trusting_the_written_pem() {
    let cert_path = std::env::temp_dir().join(format!("lpm-http-tls-{}.pem", std::process::id()));
    let platform = Platform::start(PlatformOptions {
        tls: true,
        cert_path: Some(cert_path.clone()),
        ..PlatformOptions::default()
    })
    .await
    .expect("starts with TLS");
    assert_eq!(platform.cert_path(), Some(cert_path.as_path()));
    let base = platform.csds_url();
    assert!(base.starts_with("https://"), "{base}");
    let pem = std::fs::read(&cert_path).expect("certificate written");
    let client = reqwest::Client::builder()
        .add_root_certificate(reqwest::Certificate::from_pem(&pem).expect("pem"))
        .build()
        .expect("client");
    // The certificate names localhost and 127.0.0.1; use the address CSDS hands out.
    let response = client
        .get(format!(
            "{base}/api/account/1/service/asyncMessagingEnt/baseURI.json?version=1.0"
        ))
        .send()
        .await
        .expect("TLS request");
    assert_eq!(response.status(), StatusCode::OK);
    let body: serde_json::Value = response.json().await.expect("json");
    assert_eq!(body["baseURI"], platform.host());
    let response = client
        .post(format!("{base}/api/account/1/login?v=1.3"))
        .json(&serde_json::json!({"username": "a", "password": "p"}))
        .send()
        .await
        .expect("TLS login");
    assert_eq!(response.status(), StatusCode::OK);
    // A client that does not trust the certificate is refused.
    let untrusting = reqwest::Client::new();
    assert!(
        untrusting
            .get(format!("{base}/api/account/1/service/baseURI.json"))
            .send()
            .await
            .is_err()
    );
    platform.shutdown().await;
    let _ = std::fs::remove_file(cert_path);
}
