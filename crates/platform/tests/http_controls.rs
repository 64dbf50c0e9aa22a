//! Test controls of the REST services (`docs/controls.md`): token expiry and revocation,
//! brand session listing, and injected faults on REST routes.

mod support_http;

use lpm_platform::tokens::TokenError;
use reqwest::StatusCode;
use serde_json::json;
use std::time::{Duration, Instant};
use support_http::{Lpm, assert_idp_error, assert_lp_error, claims};

async fn verify(lpm: &Lpm, account: &str, jwt: &str) -> Result<(), TokenError> {
    let now = lpm.now_ms().await / 1000;
    lpm_platform::state::lock(&lpm.platform.state().tokens)
        .verify_consumer_jwt(account, jwt, now)
        .map(|_| ())
}

/// A step-up with `lp_jwt` is the REST route that checks a consumer JWT.
async fn step_up(lpm: &Lpm, lp_jwt: &str) -> (StatusCode, serde_json::Value) {
    lpm.post(
        "/api/account/1/app/99/authenticate?v=3.0",
        json!({"lp_jwt": lp_jwt, "code": "Jane"}),
    )
    .await
}

#[tokio::test]
async fn consumer_tokens_expire_or_are_revoked_by_token_or_consumer_id() {
    let lpm = Lpm::dev().await;
    let a = lpm.signup("1").await;
    let b = lpm.signup("1").await;
    assert_eq!(step_up(&lpm, &a).await.0, StatusCode::OK);
    // Expire one token.
    let (status, body) = lpm
        .post("/_lpm/tokens/consumer/expire", json!({"token": a}))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["count"], 1);
    assert_eq!(verify(&lpm, "1", &a).await, Err(TokenError::Expired));
    let (status, body) = step_up(&lpm, &a).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(assert_idp_error(&body), 1002, "expired");
    assert!(verify(&lpm, "1", &b).await.is_ok(), "others unaffected");
    // Revoke every token of a consumer.
    let consumer = claims(&b)["sub"].as_str().expect("sub").to_owned();
    let (status, _) = lpm
        .post(
            "/_lpm/tokens/consumer/revoke",
            json!({"consumerId": consumer}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(verify(&lpm, "1", &b).await, Err(TokenError::Revoked));
    let (status, body) = step_up(&lpm, &b).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(assert_idp_error(&body), 1001, "revoked");
    // Unknown token: 404; neither field: 400.
    let (status, body) = lpm
        .post("/_lpm/tokens/consumer/expire", json!({"token": "x.y.z"}))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["count"], 0);
    let (status, _) = lpm.post("/_lpm/tokens/consumer/expire", json!({})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    lpm.shutdown().await;
}

#[tokio::test]
async fn brand_sessions_are_listed_expired_and_revoked() {
    let lpm = Lpm::dev().await;
    let agent = lpm.login("1", "agent", "pw").await;
    let bot = lpm.login("1", "bot", "pw").await;
    let elsewhere = lpm.login("2", "agent", "pw").await;
    let (status, list) = lpm.get("/_lpm/tokens/brand/sessions?account=1").await;
    assert_eq!(status, StatusCode::OK);
    let list = list.as_array().expect("array").clone();
    assert_eq!(list.len(), 2);
    for session in &list {
        assert_eq!(session["account"], "1");
        assert!(session.get("csrf").is_none(), "csrf is not listed");
        assert!(session["expiresAt"].is_i64());
    }
    assert!(list.iter().any(|s| s["bearer"] == agent["bearer"]
        && s["userId"] == agent["config"]["userId"]
        && s["sessionId"] == agent["sessionId"]));
    let (_, all) = lpm.get("/_lpm/tokens/brand/sessions").await;
    assert_eq!(all.as_array().expect("array").len(), 3);

    // Expire by bearer: REST answers 401 and refresh fails.
    let (status, body) = lpm
        .post(
            "/_lpm/tokens/brand/expire",
            json!({"bearer": agent["bearer"]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["count"], 1);
    let (status, body) = lpm
        .get_with_bearer(
            "/api/account/1/shift-status",
            agent["bearer"].as_str().expect("b"),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_lp_error(&body, "UNAUTHORIZED");
    // Revoke by account + user id.
    let (status, body) = lpm
        .post(
            "/_lpm/tokens/brand/revoke",
            json!({"account": "1", "userId": bot["config"]["userId"]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["count"], 1);
    let (status, _) = lpm
        .get_with_bearer(
            "/api/account/1/shift-status",
            bot["bearer"].as_str().expect("b"),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = lpm
        .get_with_bearer(
            "/api/account/2/shift-status",
            elsewhere["bearer"].as_str().expect("b"),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "other sessions live on");
    let (status, _) = lpm
        .post("/_lpm/tokens/brand/revoke", json!({"bearer": "nope"}))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = lpm
        .post("/_lpm/tokens/brand/revoke", json!({"account": "1"}))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    lpm.shutdown().await;
}

#[tokio::test]
async fn faults_fail_or_delay_the_next_answer_of_a_route() {
    let lpm = Lpm::dev().await;
    // A failure with a JSON body of the test's choosing, on login.
    let body = json!({"error": "LeLogin1 failed - invalid url received from app server"});
    let (status, _) = lpm
        .post(
            "/_lpm/faults",
            json!({"kind": "http:login", "status": 500, "body": body}),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, answer) = lpm
        .post(
            "/api/account/1/login?v=1.3",
            json!({"username": "a", "password": "p"}),
        )
        .await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(answer, body);
    lpm.login("1", "a", "p").await;
    // A failure with a text body, on signup; then a 428 on anonymous/authorize.
    lpm.post(
        "/_lpm/faults",
        json!({"kind": "http:signup", "status": 502, "body": "Bad Gateway"}),
    )
    .await;
    let (status, _, answer) = lpm
        .call(reqwest::Method::POST, "/api/account/1/signup", &[], None)
        .await;
    assert_eq!(status, StatusCode::BAD_GATEWAY);
    assert_eq!(answer, json!("Bad Gateway"));
    lpm.post(
        "/_lpm/faults",
        json!({"kind": "http:anonymous_authorize", "status": 428}),
    )
    .await;
    let (status, _) = lpm
        .post("/api/account/1/anonymous/authorize", json!({}))
        .await;
    assert_eq!(status, StatusCode::PRECONDITION_REQUIRED);
    // A delay without a status: the real answer, late.
    lpm.post("/_lpm/faults", json!({"kind": "http:csds", "delayMs": 300}))
        .await;
    let started = Instant::now();
    let (status, body) = lpm
        .get("/api/account/1/service/idp/baseURI.json?version=1.0")
        .await;
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["service"], "idp");
    // Faults of other routes: shift status, connectors, users; cleared ones do nothing.
    let bearer = lpm.login("1", "a", "p").await["bearer"]
        .as_str()
        .expect("bearer")
        .to_owned();
    for (kind, path) in [
        ("http:shift_status", "/api/account/1/shift-status"),
        ("http:users", "/api/account/1/configuration/le-users/users"),
        (
            "http:skills",
            "/api/account/1/configuration/le-users/skills",
        ),
        (
            "http:connectors",
            "/api/account/1/configuration/le-connectors/all-connectors",
        ),
    ] {
        lpm.post("/_lpm/faults", json!({"kind": kind, "status": 503}))
            .await;
        let (status, _) = lpm.get_with_bearer(path, &bearer).await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{kind}");
        let (status, _) = lpm.get_with_bearer(path, &bearer).await;
        assert_eq!(status, StatusCode::OK, "{kind} once");
    }
    lpm.post(
        "/_lpm/faults",
        json!({"kind": "http:refresh", "status": 500}),
    )
    .await;
    let (status, _, _) = lpm
        .call(reqwest::Method::DELETE, "/_lpm/faults", &[], None)
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let login = lpm.login("1", "a", "p").await;
    let cookie = format!("session_id={}", login["sessionId"].as_str().expect("id"));
    let (status, _, _) = lpm
        .call(
            reqwest::Method::POST,
            "/api/account/1/refresh?v=1.3",
            &[("Cookie", &cookie)],
            Some(json!({"csrf": login["csrf"]})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "cleared fault not applied");
    lpm.shutdown().await;
}
