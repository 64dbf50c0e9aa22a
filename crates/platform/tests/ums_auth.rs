//! Socket authentication: JWT header or InitConnection, early requests, grace period, token
//! expiry and revocation while connected, brand bearer checks, close codes.

mod support_ums;

use lpm_platform::state::lock;
use lpm_platform::tokens::TokenError;
use serde_json::json;
use support_ums::{Client, Env};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

async fn upgrade_status(req: tokio_tungstenite::tungstenite::handshake::client::Request) -> u16 {
    match tokio_tungstenite::connect_async(req).await {
        Ok(_) => 101,
        Err(tokio_tungstenite::tungstenite::Error::Http(resp)) => resp.status().as_u16(),
        Err(e) => panic!("unexpected error {e}"),
    }
}

#[tokio::test]
async fn consumer_authenticates_with_the_authorization_header() {
    let env = Env::start().await;
    let (jwt, id) = env.consumer_jwt();
    let mut req = env.consumer_url().into_client_request().expect("req");
    req.headers_mut().insert(
        "Authorization",
        format!("jwt {jwt}").parse().expect("header"),
    );
    req.headers_mut().insert(
        "Client-Properties",
        r#"{"type":".ClientProperties","deviceFamily":"MOBILE","os":"ANDROID","features":["MULTI_DIALOG"]}"#
            .parse()
            .expect("header"),
    );
    let mut c = Client::connect_request(req).await;
    let resp = c.request("userprofile.GetUserProfile", json!({})).await;
    assert_eq!(resp["body"]["userId"], id.as_str());
    let sockets = env.control("/ums/sockets").await;
    let s = &sockets[0];
    assert_eq!(s["side"], "consumer");
    assert_eq!(s["version"], "3");
    assert_eq!(s["identity"]["consumerId"], id.as_str());
    assert_eq!(s["tracking"]["intid"], "lpm-sdk");
    assert_eq!(s["tracking"]["appid"], "quick_start");
    assert_eq!(s["clientProperties"]["os"], "ANDROID");
    assert_eq!(s["clientProperties"]["ipAddress"], "127.0.0.1");
    assert!(!sockets.to_string().contains(&jwt), "tokens never shown");
}

#[tokio::test]
async fn bad_or_expired_tokens_are_refused_on_upgrade() {
    let env = Env::start().await;
    let mut req = env.consumer_url().into_client_request().expect("req");
    req.headers_mut()
        .insert("Authorization", "jwt not.a.token".parse().expect("header"));
    assert_eq!(upgrade_status(req).await, 401);

    let expired = env.consumer_jwt_for("c-1", 10);
    env.advance_ms(11_000);
    let mut req = env.consumer_url().into_client_request().expect("req");
    req.headers_mut().insert(
        "Authorization",
        format!("jwt {expired}").parse().expect("header"),
    );
    assert_eq!(upgrade_status(req).await, 401);

    let req = env.brand_url("0000").into_client_request().expect("req");
    assert_eq!(upgrade_status(req).await, 401);

    let bad_version = format!(
        "ws://{}/ws_api/account/{}/messaging/consumer?v=9",
        env.platform.host(),
        env.account
    );
    assert_eq!(
        upgrade_status(bad_version.into_client_request().expect("req")).await,
        400
    );
}

#[tokio::test]
async fn requests_before_init_connection_get_401_and_the_socket_stays() {
    let env = Env::start().await;
    let mut c = Client::connect(&env.consumer_url()).await;
    let resp = c.request("GetClock", json!({})).await;
    assert_eq!(resp["code"], 401);
    assert_eq!(resp["type"], "StringResponse");
    assert_eq!(resp["body"], "Not authenticated");
    let resp = c.request("cm.ConsumerRequestConversation", json!({})).await;
    assert_eq!(resp["code"], 401);
    let (jwt, _) = env.consumer_jwt();
    let id = c.next_id();
    c.send_raw(json!({"kind":"req","id":id,"type":"InitConnection","body":{},"headers":[
        {"type":".ams.headers.ConsumerAuthentication","jwt":jwt},{"type":".ams.headers.ClientProperties"}]}))
        .await;
    let resp = c.response(&id).await;
    assert_eq!(resp["code"], 200);
    assert_eq!(resp["type"], "StringResponse");
    assert_eq!(c.request("GetClock", json!({})).await["code"], 200);
}

#[tokio::test]
async fn no_authentication_within_the_grace_period_closes_4401() {
    let env = Env::start().await;
    let mut c = Client::connect(&env.consumer_url()).await;
    // Make sure the socket is registered before moving time.
    assert_eq!(c.request("GetClock", json!({})).await["code"], 401);
    env.advance_ms(10_001);
    assert_eq!(c.closed_with().await, 4401);
}

#[tokio::test]
async fn invalid_jwt_in_init_connection_gets_401_then_close_4401() {
    let env = Env::start().await;
    let mut c = Client::connect(&env.consumer_url()).await;
    let id = c.next_id();
    c.send_raw(
        json!({"kind":"req","id":id,"type":"InitConnection","headers":[
        {"type":".ams.headers.ConsumerAuthentication","jwt":"garbage"}]}),
    )
    .await;
    let resp = c.response(&id).await;
    assert_eq!(resp["code"], 401);
    assert_eq!(c.closed_with().await, 4401);
    assert_eq!(
        c.closed.as_ref().expect("closed").1,
        "identity token is invalid"
    );
}

#[tokio::test]
async fn consumer_token_expiring_while_connected_closes_4407() {
    let env = Env::start().await;
    let jwt = env.consumer_jwt_for("c-exp", 60);
    let mut c = env.consumer_with_jwt(&jwt).await;
    assert_eq!(c.request("GetClock", json!({})).await["code"], 200);
    env.advance_ms(61_000);
    assert_eq!(c.closed_with().await, 4407);
    // The socket is gone from the hub.
    for _ in 0..50 {
        if env.control("/ums/sockets").await == json!([]) {
            return;
        }
        tokio::task::yield_now().await;
    }
    panic!("socket still registered");
}

#[tokio::test]
async fn revoked_consumer_and_brand_tokens_close_4401() {
    let env = Env::start().await;
    let (jwt, id) = env.consumer_jwt();
    let mut c = env.consumer_with_jwt(&jwt).await;
    lock(&env.platform.state().tokens).revoke_consumer(&id);
    assert_eq!(c.closed_with().await, 4401);

    let (mut b, user) = env.brand("agent").await;
    assert_eq!(b.request(".GetClock", json!({})).await["code"], 200);
    lock(&env.platform.state().tokens).end_session(&user.bearer, TokenError::Revoked);
    assert_eq!(b.closed_with().await, 4401);
}

#[tokio::test]
async fn brand_socket_with_expired_bearer_closes_4407() {
    let env = Env::start().await;
    let (mut b, _) = env.brand("agent").await;
    assert_eq!(b.request(".GetClock", json!({})).await["code"], 200);
    env.advance_ms(lpm_platform::tokens::BEARER_IDLE_MS as u64 + 1000);
    assert_eq!(b.closed_with().await, 4407);
}

#[tokio::test]
async fn keep_alive_answers() {
    let env = Env::start().await;
    let (mut c, _) = env.consumer().await;
    let r = c.request("KeepAlive", json!({})).await;
    assert_eq!(
        (r["code"].clone(), r["body"].clone(), r["type"].clone()),
        (json!(200), json!("OK"), json!("StringResponse"))
    );
    let now = env.now_ms();
    let r = c.request("GetClock", json!({})).await;
    let t = r["body"]["currentTime"].as_i64().expect("time");
    assert!((t - now).abs() < 5_000);
    env.advance_ms(600_000);
    let r = c.request("GetClock", json!({})).await;
    assert!(
        r["body"]["currentTime"].as_i64().expect("time") >= t + 600_000,
        "GetClock reads the platform clock"
    );
    let (mut b, _) = env.brand("a").await;
    let r = b.request("KeepAlive", json!({})).await;
    assert_eq!(r["type"], ".ReqBody$StringResp");
}

#[tokio::test]
async fn revoking_one_token_closes_only_the_sockets_using_it() {
    let env = Env::start().await;
    let (jwt, _) = env.consumer_jwt();
    let mut victim = env.consumer_with_jwt(&jwt).await;
    let (mut bystander, _) = env.consumer().await;
    let status = reqwest::Client::new()
        .post(env.http("/_lpm/tokens/consumer/revoke"))
        .json(&json!({"token": jwt}))
        .send()
        .await
        .expect("control")
        .status();
    assert_eq!(status, 200);
    assert_eq!(victim.closed_with().await, 4401);
    assert_eq!(
        bystander.request("GetClock", json!({})).await["code"],
        200,
        "other sockets are not touched"
    );
}

#[tokio::test]
async fn a_refreshed_bearer_keeps_its_socket_past_the_first_deadline() {
    let env = Env::start().await;
    let (mut b, user) = env.brand("agent").await;
    assert_eq!(b.request(".GetClock", json!({})).await["code"], 200);
    let idle = lpm_platform::tokens::BEARER_IDLE_MS as u64;
    env.advance_ms(idle * 2 / 3);
    let st = env.platform.state();
    lock(&st.tokens).refresh(&user.bearer, st.clock.now_ms());
    // Past the bearer's first expiry: the socket wakes, finds the session refreshed, sleeps on.
    env.advance_ms(idle * 2 / 3);
    assert_eq!(b.request(".GetClock", json!({})).await["code"], 200);
    // Past the refreshed expiry.
    env.advance_ms(idle / 2);
    assert_eq!(b.closed_with().await, 4407);
}

#[tokio::test]
async fn a_newer_login_of_the_same_user_closes_the_older_socket() {
    let env = Env::start().await;
    let (mut first, _) = env.brand("agent").await;
    assert_eq!(first.request(".GetClock", json!({})).await["code"], 200);
    let (mut second, _) = env.brand("agent").await;
    assert_eq!(first.closed_with().await, 4401);
    assert_eq!(second.request(".GetClock", json!({})).await["code"], 200);
}
