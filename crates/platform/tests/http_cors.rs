//! Browser clients: CORS preflight and headers on the REST services.

mod support_http;

use reqwest::{Method, StatusCode};
use serde_json::json;
use support_http::Lpm;

#[tokio::test]
async fn preflight_and_cross_origin_answers() {
    let lpm = Lpm::dev().await;
    let origin = "http://localhost:5173";
    let (status, headers, _) = lpm
        .call(
            Method::OPTIONS,
            "/api/account/1/login?v=1.3",
            &[
                ("Origin", origin),
                ("Access-Control-Request-Method", "POST"),
                ("Access-Control-Request-Headers", "content-type"),
            ],
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(headers["access-control-allow-origin"], origin);
    assert_eq!(headers["access-control-allow-credentials"], "true");
    assert_eq!(headers["access-control-allow-headers"], "content-type");
    assert!(
        headers["access-control-allow-methods"]
            .to_str()
            .expect("text")
            .contains("POST")
    );
    let (status, headers, body) = lpm
        .call(
            Method::POST,
            "/api/account/1/login?v=1.3",
            &[("Origin", origin)],
            Some(json!({"username": "a", "password": "p"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(body["bearer"].is_string());
    assert_eq!(headers["access-control-allow-origin"], origin);
    // Errors carry the headers too, so the page can read them.
    let (status, headers, _) = lpm
        .call(
            Method::GET,
            "/api/account/1/shift-status",
            &[("Origin", origin)],
            None,
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(headers["access-control-allow-origin"], origin);
    // Without Origin nothing is added.
    let (_, headers, _) = lpm
        .call(
            Method::GET,
            "/api/account/1/service/idp/baseURI.json",
            &[],
            None,
        )
        .await;
    assert!(headers.get("access-control-allow-origin").is_none());
    lpm.shutdown().await;
}
