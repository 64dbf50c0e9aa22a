//! The durable store's round trip (`PlatformOptions::data`): a platform with state of every
//! stored kind — a dev-mode brand user and its session, an ONLINE agent with a WAITING ring, a
//! conversation with messages, a consumer profile, an uploaded file, an advanced clock — is
//! stopped, and a new platform on the same data directory shows the same state and carries on
//! from it: the old bearer and consumer token still work, sequences continue, the file
//! downloads, and the ring's expiry timer was re-armed from its stored deadline.

mod support_ums;

use lpm_platform::state::lock;
use lpm_platform::{Platform, PlatformOptions};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use support_ums::{Client, Env, changes};

fn temp_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "lpm-durable-{tag}-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0)
    ));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

async fn start(data: &Path) -> Env {
    Env::with_options(PlatformOptions {
        data: Some(data.to_owned()),
        ..PlatformOptions::default()
    })
    .await
}

/// Logs `user` in over agentVep (what an SDK does): (bearer, old id).
async fn http_login(env: &Env, user: &str) -> (String, String) {
    let body: Value = reqwest::Client::new()
        .post(env.http(&format!("/api/account/{}/login?v=1.3", env.account)))
        .json(&json!({"username": user, "password": "pw"}))
        .send()
        .await
        .expect("login")
        .json()
        .await
        .expect("json");
    let bearer = body["bearer"].as_str().expect("bearer").to_owned();
    let user_id = body["config"]["userId"].as_str().expect("user id");
    (bearer, format!("{}.{user_id}", env.account))
}

/// Everything the inspection controls show, for before/after comparison.
async fn inspect(env: &Env) -> Value {
    json!({
        "conversations": env.control("/ums/conversations").await,
        "rings": env.control("/ums/rings").await,
        "agents": env.control("/ums/agents").await,
        "files": env.control("/ums/files").await,
    })
}

fn file_url(env: &Env, body: &Value) -> String {
    env.http(&format!(
        "{}?temp_url_sig={}&temp_url_expires={}",
        body["relativePath"].as_str().expect("path"),
        body["queryParams"]["temp_url_sig"].as_str().expect("sig"),
        body["queryParams"]["temp_url_expires"]
            .as_str()
            .expect("exp"),
    ))
}

async fn stop(env: Env) {
    // Upgraded websockets outlive a graceful shutdown; close them first.
    reqwest::Client::new()
        .post(env.http("/_lpm/ums/sockets/close"))
        .json(&json!({"code": 1001, "reason": "restarting"}))
        .send()
        .await
        .expect("close sockets");
    env.platform.shutdown().await;
}

#[tokio::test]
async fn a_restarted_platform_carries_on_from_its_data_directory() {
    let data = temp_dir("roundtrip");
    let env = start(&data).await;
    let http = reqwest::Client::new();

    let (bearer, old_id) = http_login(&env, "agent").await;
    let mut agent = Client::connect(&env.brand_url(&bearer)).await;
    let r = agent
        .request(
            ".ams.routing.SetAgentState",
            json!({"availability": "ONLINE", "channels": ["MESSAGING"], "agentUserId": old_id}),
        )
        .await;
    assert_eq!(r["code"], 202, "{r}");
    agent
        .request(
            ".ams.routing.SubscribeRoutingTasks",
            json!({"channelType": "MESSAGING", "brandId": env.account, "agentId": old_id}),
        )
        .await;
    agent
        .notification(".ams.routing.RoutingTaskNotification")
        .await;

    let (jwt, _) = env.consumer_jwt();
    let mut consumer = env.consumer_with_jwt(&jwt).await;
    let r = consumer
        .request("cm.ConsumerRequestConversation", json!({}))
        .await;
    assert_eq!(r["code"], 200, "{r}");
    let conv = r["body"]["conversationId"].as_str().expect("id").to_owned();
    let ring = agent
        .notification(".ams.routing.RoutingTaskNotification")
        .await;
    assert_eq!(
        changes(&ring)[0]["result"]["ringsDetails"][0]["ringState"],
        "WAITING"
    );
    for text in ["one", "two"] {
        let r = consumer
            .request(
                "ms.PublishEvent",
                json!({"dialogId": conv, "event": {"type": "ContentEvent", "contentType": "text/plain", "message": text}}),
            )
            .await;
        assert_eq!(r["code"], 200, "{r}");
    }
    let r = consumer
        .request("userprofile.SetUserProfile", json!({"firstName": "Ada"}))
        .await;
    assert_eq!(r["code"], 200, "{r}");
    let r = consumer
        .request(
            "ms.GenerateURLForUploadFile",
            json!({"fileSize": 5, "fileType": "PNG"}),
        )
        .await;
    assert_eq!(r["code"], 200, "{r}");
    let upload = r["body"].clone();
    let path = upload["relativePath"].as_str().expect("path").to_owned();
    let put = http
        .put(file_url(&env, &upload))
        .body(b"hello".to_vec())
        .send()
        .await
        .expect("put");
    assert_eq!(put.status(), 201);
    http.post(env.http("/_lpm/clock/advance"))
        .json(&json!({"ms": 10_000}))
        .send()
        .await
        .expect("advance");

    let before = inspect(&env).await;
    let tokens_before = lock(&env.platform.state().tokens).saved();
    let offset_before = env.platform.state().clock.offset_ms();
    drop((agent, consumer));
    stop(env).await;

    let env = start(&data).await;
    assert_eq!(
        inspect(&env).await,
        before,
        "the same state after the restart"
    );
    assert_eq!(lock(&env.platform.state().tokens).saved(), tokens_before);
    assert_eq!(env.platform.state().clock.offset_ms(), offset_before);

    // The consumer's token and the agent's bearer of the last run still work.
    let mut consumer = env.consumer_with_jwt(&jwt).await;
    let r = consumer
        .request(
            "ms.PublishEvent",
            json!({"dialogId": conv, "event": {"type": "ContentEvent", "contentType": "text/plain", "message": "three"}}),
        )
        .await;
    assert_eq!(r["code"], 200, "{r}");
    assert_eq!(r["body"]["sequence"], 2, "sequences continue: {r}");
    let r = consumer
        .request("userprofile.GetUserProfile", json!({}))
        .await;
    assert!(r.to_string().contains("Ada"), "the profile is kept: {r}");
    let mut agent = Client::connect(&env.brand_url(&bearer)).await;
    let r = agent
        .request(
            ".ams.routing.SubscribeRoutingTasks",
            json!({"channelType": "MESSAGING", "brandId": env.account, "agentId": old_id}),
        )
        .await;
    assert_eq!(r["code"], 200, "the old bearer is accepted: {r}");

    // The file uploaded before downloads after.
    let r = consumer
        .request(
            "ms.GenerateURLForDownloadFile",
            json!({"relativePath": path}),
        )
        .await;
    assert_eq!(r["code"], 200, "{r}");
    let got = http
        .get(file_url(&env, &r["body"]))
        .send()
        .await
        .expect("get");
    assert_eq!(got.status(), 200);
    assert_eq!(got.bytes().await.expect("bytes").as_ref(), b"hello");

    // The WAITING ring expires on the restored deadline: its timer was armed again.
    env.advance_ms(73_000);
    let mut expired = false;
    for _ in 0..100 {
        let rings = env.control("/ums/rings").await;
        if rings.to_string().contains("EXPIRED") {
            expired = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(expired, "the ring expired after the restart");
    drop((agent, consumer));
    stop(env).await;
    let _ = std::fs::remove_dir_all(&data);
}

#[tokio::test]
async fn a_seeded_rerun_on_the_same_data_gets_new_ids_and_no_data_means_memory_only() {
    let data = temp_dir("seeded");
    let start_seeded = || {
        Platform::start(PlatformOptions {
            data: Some(data.clone()),
            seed: Some(7),
            ..PlatformOptions::default()
        })
    };
    let first = start_seeded().await.expect("starts");
    let a = first.state().ids.uuid();
    first.shutdown().await;
    let second = start_seeded().await.expect("starts again");
    let b = second.state().ids.uuid();
    second.shutdown().await;
    assert_ne!(a, b, "a second run on the same data must not repeat ids");
    assert!(data.join(lpm_platform::store::FILE_NAME).exists());

    let plain = Platform::start(PlatformOptions::default())
        .await
        .expect("starts");
    assert!(plain.state().durable.is_none(), "in memory without --data");
    plain.shutdown().await;
    let _ = std::fs::remove_dir_all(&data);
}
