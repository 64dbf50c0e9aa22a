//! agentVep over HTTP (`auth.md` §4, `errors.md` §3): login variants and errors, the full login
//! body and cookie, refresh under both cookie spellings, expiry by the clock, logout, and the
//! single-session rule.

mod support_http;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use support_http::{Lpm, assert_lp_error, is_hex64, is_uuid};

const MINUTE: u64 = 60_000;

async fn refresh(lpm: &Lpm, account: &str, cookie: &str, csrf: &str) -> (StatusCode, Value) {
    let (status, _, body) = lpm
        .call(
            Method::POST,
            &format!("/api/account/{account}/refresh?v=1.3"),
            &[("Cookie", cookie)],
            Some(json!({ "csrf": csrf })),
        )
        .await;
    (status, body)
}

async fn shift_status(lpm: &Lpm, account: &str, bearer: &str) -> StatusCode {
    lpm.get_with_bearer(&format!("/api/account/{account}/shift-status"), bearer)
        .await
        .0
}

#[tokio::test]
async fn password_login_returns_the_whole_body_and_a_session_cookie() {
    let lpm = Lpm::dev().await;
    let now = lpm.now_ms().await;
    let (status, headers, body) = lpm
        .call(
            Method::POST,
            "/api/account/12345678/login?v=1.3",
            &[],
            Some(json!({"username": "agent1", "password": "pw"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(is_hex64(body["bearer"].as_str().expect("bearer")));
    assert!(is_hex64(body["csrf"].as_str().expect("csrf")));
    let session_id = body["sessionId"].as_str().expect("sessionId");
    assert!(
        body["wsuk"]
            .as_str()
            .expect("wsuk")
            .chars()
            .all(|c| c.is_ascii_digit())
    );
    let config = &body["config"];
    assert_eq!(config["loginName"], "agent1");
    let user_id = config["userId"].as_str().expect("userId string");
    assert!(user_id.chars().all(|c| c.is_ascii_digit()));
    assert!(is_uuid(config["userPid"].as_str().expect("userPid")));
    assert!(config["userPrivileges"].is_array());
    let server_time = config["serverCurrentTime"]
        .as_i64()
        .expect("serverCurrentTime");
    assert!((server_time - now).abs() < 5_000);
    for key in [
        "timeDiff",
        "serverTimeZoneName",
        "serverTimeGMTDiff",
        "isLPA",
        "isAdmin",
        "accountTimeZoneId",
    ] {
        assert!(!config[key].is_null(), "config.{key}");
    }
    let csds = body["csdsCollectionResponse"]["baseURIs"]
        .as_array()
        .expect("csds map");
    assert!(csds.iter().any(|e| e["service"] == "facadeMsg"
        && e["baseURI"] == lpm.platform.host().as_str()
        && e["account"] == "12345678"));
    assert_eq!(
        body["accountData"]["agentGroupsData"]["items"][0],
        json!({"id": -1, "deleted": false, "name": "Main Group"})
    );
    assert!(
        body["sessionTTl"]
            .as_str()
            .expect("string")
            .parse::<u64>()
            .is_ok()
    );
    let cookie = headers
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .expect("session cookie");
    assert!(
        cookie.starts_with(&format!("Session_id={session_id}")),
        "{cookie}"
    );
    // The same user again: same user id and PID (dev mode remembers the user).
    let again = lpm.login("12345678", "agent1", "pw").await;
    assert_eq!(again["config"]["userId"], config["userId"]);
    assert_eq!(again["config"]["userPid"], config["userPid"]);
    lpm.shutdown().await;
}

#[tokio::test]
async fn api_key_login_and_missing_fields() {
    let lpm = Lpm::dev().await;
    let key = json!({"username": "bot1", "appKey": "k", "secret": "s", "accessToken": "t", "accessTokenSecret": "ts"});
    let (status, body) = lpm.post("/api/account/1/login?v=1.3", key.clone()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["config"]["loginName"], "bot1");
    // Every API-key field is required.
    for missing in ["appKey", "secret", "accessToken", "accessTokenSecret"] {
        let mut partial = key.clone();
        partial.as_object_mut().expect("object").remove(missing);
        let (status, body) = lpm.post("/api/account/1/login?v=1.3", partial).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{missing}");
        let error = assert_lp_error(&body, "BAD_REQUEST");
        assert!(
            error["message"]
                .as_str()
                .expect("message")
                .contains(missing)
        );
    }
    for bad in [
        json!({"password": "pw"}),
        json!({"username": "x"}),
        json!({"jwt": "dummy", "assertion": "<saml/>"}),
    ] {
        let (status, body) = lpm.post("/api/account/1/login?v=1.3", bad).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_lp_error(&body, "BAD_REQUEST");
    }
    // Not JSON at all.
    let response = lpm
        .client
        .post(lpm.url("/api/account/1/login?v=1.3"))
        .body("username=x")
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    // Wrong key for the remembered bot: 401 with the error object.
    let mut wrong = key.clone();
    wrong["secret"] = json!("other");
    let (status, body) = lpm.post("/api/account/1/login?v=1.3", wrong).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let error = assert_lp_error(&body, "UNAUTHORIZED");
    assert!(
        !error["message"].as_str().expect("text").contains("other"),
        "no secret echoed"
    );
    lpm.shutdown().await;
}

#[tokio::test]
async fn versions_1_1_to_1_3_are_accepted() {
    let lpm = Lpm::dev().await;
    for v in ["1.1", "1.2", "1.3"] {
        let (status, _) = lpm
            .post(
                &format!("/api/account/1/login?v={v}"),
                json!({"username": "a", "password": "p"}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "v={v}");
    }
    let (status, body) = lpm
        .post(
            "/api/account/1/login?v=2.0",
            json!({"username": "a", "password": "p"}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_lp_error(&body, "BAD_REQUEST");
    lpm.shutdown().await;
}

#[tokio::test]
async fn refresh_keeps_the_session_alive_and_accepts_both_cookie_spellings() {
    let lpm = Lpm::dev().await;
    let login = lpm.login("1", "agent", "pw").await;
    let bearer = login["bearer"].as_str().expect("bearer");
    let csrf = login["csrf"].as_str().expect("csrf");
    let session_id = login["sessionId"].as_str().expect("sessionId");
    // lp-messaging-sdk 1.5.4 style, then node-agent-sdk style, each after 20 minutes.
    for cookie in [
        format!("session_id={session_id};"),
        format!("Session_id={session_id}"),
        format!("other=1; SESSION_ID={session_id}"),
    ] {
        lpm.advance_ms(20 * MINUTE).await;
        let (status, body) = refresh(&lpm, "1", &cookie, csrf).await;
        assert_eq!(status, StatusCode::OK, "{cookie}: {body}");
        assert_eq!(body, Value::Null, "empty body");
    }
    assert_eq!(
        shift_status(&lpm, "1", bearer).await,
        StatusCode::OK,
        "still alive after 60 min"
    );
    // Wrong csrf: the verified 401 shape.
    let (status, body) = refresh(&lpm, "1", &format!("session_id={session_id}"), "bad").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let error = assert_lp_error(&body, "UNAUTHORIZED");
    assert_eq!(error["internalCode"], 10);
    assert!(
        error["message"]
            .as_str()
            .expect("text")
            .starts_with("CSRF token invalid!")
    );
    // No cookie, unknown session, other account: 401 too.
    for (account, cookie) in [
        ("1", "x=1".to_owned()),
        ("1", "session_id=unknown".to_owned()),
        ("2", format!("session_id={session_id}")),
    ] {
        let (status, body) = refresh(&lpm, account, &cookie, csrf).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{account} {cookie}");
        assert_lp_error(&body, "UNAUTHORIZED");
    }
    lpm.shutdown().await;
}

#[tokio::test]
async fn an_idle_session_expires_and_refresh_then_fails() {
    let lpm = Lpm::dev().await;
    let login = lpm.login("1", "agent", "pw").await;
    let bearer = login["bearer"].as_str().expect("bearer");
    let cookie = format!("session_id={}", login["sessionId"].as_str().expect("id"));
    lpm.advance_ms(31 * MINUTE).await;
    assert_eq!(
        shift_status(&lpm, "1", bearer).await,
        StatusCode::UNAUTHORIZED
    );
    let (status, body) = refresh(&lpm, "1", &cookie, login["csrf"].as_str().expect("csrf")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(assert_lp_error(&body, "UNAUTHORIZED")["internalCode"], 10);
    lpm.shutdown().await;
}

#[tokio::test]
async fn logout_ends_the_session() {
    let lpm = Lpm::dev().await;
    let login = lpm.login("1", "agent", "pw").await;
    let bearer = login["bearer"].as_str().expect("bearer");
    let csrf = login["csrf"].as_str().expect("csrf");
    let cookie = format!("Session_id={}", login["sessionId"].as_str().expect("id"));
    let (status, _, body) = lpm
        .call(
            Method::POST,
            "/api/account/1/logout",
            &[("Cookie", &cookie)],
            Some(json!({"csrf": "wrong"})),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_lp_error(&body, "UNAUTHORIZED");
    let (status, _, body) = lpm
        .call(
            Method::POST,
            "/api/account/1/logout?v=1.2",
            &[("Cookie", &cookie)],
            Some(json!({"csrf": csrf})),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, Value::Null);
    assert_eq!(
        shift_status(&lpm, "1", bearer).await,
        StatusCode::UNAUTHORIZED
    );
    let (status, _) = refresh(&lpm, "1", &cookie, csrf).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    lpm.shutdown().await;
}

#[tokio::test]
async fn a_second_login_invalidates_the_first_bearer() {
    let lpm = Lpm::dev().await;
    let first = lpm.login("1", "agent", "pw").await;
    let second = lpm.login("1", "agent", "pw").await;
    let (b1, b2) = (
        first["bearer"].as_str().expect("bearer"),
        second["bearer"].as_str().expect("bearer"),
    );
    assert_ne!(b1, b2);
    assert_eq!(shift_status(&lpm, "1", b1).await, StatusCode::UNAUTHORIZED);
    assert_eq!(shift_status(&lpm, "1", b2).await, StatusCode::OK);
    let cookie = format!("session_id={}", first["sessionId"].as_str().expect("id"));
    let (status, _) = refresh(&lpm, "1", &cookie, first["csrf"].as_str().expect("csrf")).await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "the old session cannot be refreshed"
    );
    // Another user's session is untouched.
    let other = lpm.login("1", "agent2", "pw").await;
    let _third = lpm.login("1", "agent", "pw").await;
    assert_eq!(
        shift_status(&lpm, "1", other["bearer"].as_str().expect("bearer")).await,
        StatusCode::OK
    );
    lpm.shutdown().await;
}

#[tokio::test]
async fn strict_mode_checks_accounts_and_credentials() {
    let lpm = Lpm::strict(
        r#"
        [[accounts]]
        id = "1"
        [[accounts.users]]
        login_name = "agent"
        password = "right"
        user_id = "3705342610"
        pid = "393c6873-756d-54af-86e1-8795d57eba14"
        [[accounts.users]]
        login_name = "bot"
        role = "bot"
        api_key = { app_key = "k", secret = "s", access_token = "t", access_token_secret = "ts" }
        "#,
    )
    .await;
    let body = lpm.login("1", "agent", "right").await;
    assert_eq!(body["config"]["userId"], "3705342610");
    assert_eq!(
        body["config"]["userPid"],
        "393c6873-756d-54af-86e1-8795d57eba14"
    );
    for (account, login) in [
        ("1", json!({"username": "agent", "password": "wrong"})),
        ("1", json!({"username": "nobody", "password": "right"})),
        ("1", json!({"username": "bot", "password": "s"})),
        (
            "1",
            json!({"username": "bot", "appKey": "k", "secret": "s", "accessToken": "t", "accessTokenSecret": "x"}),
        ),
        ("2", json!({"username": "agent", "password": "right"})),
    ] {
        let (status, body) = lpm
            .post(
                &format!("/api/account/{account}/login?v=1.3"),
                login.clone(),
            )
            .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{login}");
        assert_lp_error(&body, "UNAUTHORIZED");
    }
    let (status, body) = lpm
        .post(
            "/api/account/1/login?v=1.3",
            json!({"username": "bot", "appKey": "k", "secret": "s", "accessToken": "t", "accessTokenSecret": "ts"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    lpm.shutdown().await;
}
