//! `examples/platform/strict.toml` parses and drives a strict platform as documented.

mod support_http;

use reqwest::StatusCode;
use serde_json::json;
use support_http::{Lpm, assert_lp_error};

const EXAMPLE: &str = include_str!("../../../examples/platform/strict.toml");

#[tokio::test]
async fn the_sample_strict_config_works() {
    let lpm = Lpm::strict(EXAMPLE).await;
    let login = lpm.login("12345678", "agent1", "agent1-password").await;
    assert_eq!(login["config"]["userId"], "3705342610");
    let (status, body) = lpm
        .post(
            "/api/account/12345678/login?v=1.3",
            json!({"username": "bot1", "appKey": "bot1-app-key", "secret": "bot1-secret",
                   "accessToken": "bot1-access-token", "accessTokenSecret": "bot1-access-token-secret"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = lpm
        .post(
            "/api/account/12345678/login?v=1.3",
            json!({"username": "agent1", "password": "nope"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_lp_error(&body, "UNAUTHORIZED");
    let (status, body) = lpm
        .get_with_bearer(
            "/api/account/12345678/shift-status",
            login["bearer"].as_str().expect("bearer"),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body.as_array().expect("array").len(), 2);
    assert_eq!(
        body[1],
        json!({"skillId": "1002", "onShift": true, "nextOn": null, "nextOff": null})
    );
    let (status, _) = lpm
        .post("/api/account/87654321/anonymous/authorize", json!({}))
        .await;
    assert_eq!(status, StatusCode::PRECONDITION_REQUIRED);
    let (status, _) = lpm
        .get("/api/account/11111111/service/baseURI.json?version=1.0")
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, list) = lpm
        .get("/api/account/12345678/configuration/le-connectors/all-connectors")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list.as_array().expect("array").len(), 3);
    lpm.shutdown().await;
}
