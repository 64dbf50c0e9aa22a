//! Files (Swift temp URLs), message statistics REST, socket controls.

mod support_ums;

use serde_json::{Value, json};
use support_ums::{Env, changes};

fn url(env: &Env, body: &Value) -> String {
    env.http(&format!(
        "{}?temp_url_sig={}&temp_url_expires={}",
        body["relativePath"].as_str().expect("path"),
        body["queryParams"]["temp_url_sig"].as_str().expect("sig"),
        body["queryParams"]["temp_url_expires"]
            .as_str()
            .expect("exp"),
    ))
}

#[tokio::test]
async fn upload_and_download_through_signed_urls() {
    let env = Env::start().await;
    let (mut c, _) = env.consumer().await;
    let http = reqwest::Client::new();
    let r = c
        .request(
            "ms.GenerateURLForUploadFile",
            json!({"fileSize": 5, "fileType": "PNG"}),
        )
        .await;
    assert_eq!(r["code"], 200);
    assert_eq!(r["type"], "ms.GenerateURLResponse");
    let body = r["body"].clone();
    let path = body["relativePath"].as_str().expect("path").to_owned();
    assert!(path.starts_with(&format!("/v1/AUTH_async-images/{}/", env.account)));
    assert!(path.ends_with(".PNG"));
    let sig = body["queryParams"]["temp_url_sig"].as_str().expect("sig");
    assert_eq!(sig.len(), 40);
    let exp: i64 = body["queryParams"]["temp_url_expires"]
        .as_str()
        .expect("exp")
        .parse()
        .expect("secs");
    assert_eq!(exp, env.platform.state().clock.now_secs() + 60);

    // Too large for the promised size.
    let resp = http
        .put(url(&env, &body))
        .body(vec![0u8; 6])
        .send()
        .await
        .expect("put");
    assert_eq!(resp.status(), 413);
    let resp = http
        .put(url(&env, &body))
        .body(b"hello".to_vec())
        .send()
        .await
        .expect("put");
    assert_eq!(resp.status(), 201);
    // Upload URLs cannot read.
    assert_eq!(
        http.get(url(&env, &body))
            .send()
            .await
            .expect("get")
            .status(),
        401
    );
    // A bad signature.
    let bad = url(&env, &body).replace(sig, &"0".repeat(40));
    assert_eq!(
        http.put(bad)
            .body(b"x".to_vec())
            .send()
            .await
            .expect("put")
            .status(),
        401
    );

    let (mut b, _) = env.brand("agent").await;
    let r = b
        .request(
            ".ams.ms.GenerateURLForDownloadFile",
            json!({"relativePath": path}),
        )
        .await;
    assert_eq!(r["type"], ".ams.ms.BaseGenerateURL$Response");
    let dl = r["body"].clone();
    let resp = http.get(url(&env, &dl)).send().await.expect("get");
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers()["content-type"], "image/png");
    assert_eq!(resp.bytes().await.expect("bytes").as_ref(), b"hello");
    // Expired after a minute on the platform clock.
    env.advance_ms(61_000);
    assert_eq!(
        http.get(url(&env, &dl)).send().await.expect("get").status(),
        401
    );
    // Missing objects are 404.
    let r = b
        .request(
            ".ams.ms.GenerateURLForDownloadFile",
            json!({"relativePath": format!("/v1/AUTH_async-images/{}/missing.PNG", env.account)}),
        )
        .await;
    assert_eq!(
        http.get(url(&env, &r["body"]))
            .send()
            .await
            .expect("get")
            .status(),
        404
    );
    // Bad requests.
    for body in [
        json!({"fileSize": 4_000_000, "fileType": "PNG"}),
        json!({"fileSize": 5, "fileType": "EXE"}),
        json!({}),
    ] {
        let r = c.request("ms.GenerateURLForUploadFile", body).await;
        assert_eq!(r["code"], 400);
    }
    let r = c
        .request(
            "ms.GenerateURLForDownloadFile",
            json!({"relativePath": "/v1/AUTH_async-images/other/x.PNG"}),
        )
        .await;
    assert_eq!(r["code"], 400);
    let files = env.control("/ums/files").await;
    assert_eq!(files, json!([{"relativePath": path, "size": 5}]));
    let r = c
        .request(
            "ms.GenerateUploadToken",
            json!({"uploadable": {"type": "SecureForm"}}),
        )
        .await;
    assert_eq!(r["type"], "ms.UploadTokenResponse");
    assert!(r["body"]["token"].is_string());
}

#[tokio::test]
async fn message_statistics_need_a_bearer_and_count_from_the_store() {
    let env = Env::start().await;
    let http = reqwest::Client::new();
    let (mut c, _) = env.consumer().await;
    let conv =
        c.request("cm.ConsumerRequestConversation", json!({})).await["body"]["conversationId"]
            .as_str()
            .expect("id")
            .to_owned();
    c.request("ms.PublishEvent", json!({"dialogId": conv, "event": {"type": "ContentEvent", "contentType": "text/plain", "message": "help"}})).await;
    let (mut c2, _) = env.consumer().await;
    let conv2 = c2
        .request("cm.ConsumerRequestConversation", json!({}))
        .await["body"]["conversationId"]
        .as_str()
        .expect("id")
        .to_owned();
    let (mut a, agent) = env.brand("agent").await;
    a.request(".ams.cm.UpdateConversationField", json!({"conversationId": conv2, "conversationField": [{"field": "ParticipantsChange", "type": "ADD", "role": "ASSIGNED_AGENT"}]})).await;

    let path = format!(
        "/api/messaging/rest/reporting/brands/{}/msgstatistics?v=1&_=1",
        env.account
    );
    assert_eq!(
        http.get(env.http(&path))
            .send()
            .await
            .expect("get")
            .status(),
        401
    );
    let resp = http
        .get(env.http(&path))
        .bearer_auth(&agent.bearer)
        .send()
        .await
        .expect("get");
    assert_eq!(resp.status(), 200);
    let stats: Value = resp.json().await.expect("json");
    assert_eq!(
        stats,
        json!({"active": 1, "pending": 1, "unassigned": 1, "overdue": 0, "soonToOverdue": 0})
    );
    // URGENT (300 s) puts the waiting consumer within 5 minutes of its deadline.
    c.request("cm.UpdateConversationField", json!({"conversationId": conv, "conversationField": {"field": "TTRField", "ttrType": "URGENT"}})).await;
    let stats: Value = http
        .get(env.http(&path))
        .bearer_auth(&agent.bearer)
        .send()
        .await
        .expect("get")
        .json()
        .await
        .expect("json");
    assert_eq!(stats["soonToOverdue"], 1);
    env.advance_ms(301_000);
    let stats: Value = http
        .get(env.http(&path))
        .bearer_auth(&agent.bearer)
        .send()
        .await
        .expect("get")
        .json()
        .await
        .expect("json");
    assert_eq!(stats["overdue"], 1);
    let agent_path = format!(
        "/api/messaging/rest/reporting/brands/{}/agents/{}/msgstatistics?v=1",
        env.account, agent.user_id
    );
    let stats: Value = http
        .get(env.http(&agent_path))
        .bearer_auth(&agent.bearer)
        .send()
        .await
        .expect("get")
        .json()
        .await
        .expect("json");
    assert_eq!(
        stats,
        json!({"active": 1, "pending": 0, "unassigned": 0, "overdue": 0, "soonToOverdue": 0})
    );
}

#[tokio::test]
async fn socket_controls_close_one_or_all() {
    let env = Env::start().await;
    let (mut c, _) = env.consumer().await;
    let (mut b, _) = env.brand("agent").await;
    let (mut b2, _) = env.brand("agent2").await;
    assert_eq!(b.request(".GetClock", json!({})).await["code"], 200);
    assert_eq!(b2.request(".GetClock", json!({})).await["code"], 200);
    let sockets = env.control("/ums/sockets").await;
    assert_eq!(sockets.as_array().expect("arr").len(), 3);
    let consumer_socket = sockets
        .as_array()
        .expect("arr")
        .iter()
        .find(|s| s["side"] == "consumer")
        .expect("consumer")["id"]
        .as_u64()
        .expect("id");
    let http = reqwest::Client::new();
    let resp = http
        .post(env.http(&format!("/_lpm/ums/sockets/{consumer_socket}/close")))
        .json(&json!({"code": 4407, "reason": "identity token is invalid"}))
        .send()
        .await
        .expect("post");
    assert_eq!(resp.status(), 204);
    assert_eq!(c.closed_with().await, 4407);
    let resp: Value = http
        .post(env.http("/_lpm/ums/sockets/close"))
        .json(&json!({"code": 1011, "side": "brand"}))
        .send()
        .await
        .expect("post")
        .json()
        .await
        .expect("json");
    assert_eq!(resp, json!({"closed": 2}));
    assert_eq!(b.closed_with().await, 1011);
    assert_eq!(b2.closed_with().await, 1011);
    let resp = http
        .post(env.http("/_lpm/ums/sockets/999/close"))
        .send()
        .await
        .expect("post");
    assert_eq!(resp.status(), 404);
}

#[tokio::test]
async fn inspect_shows_conversations_with_dialogs_and_events() {
    let env = Env::start().await;
    let (mut c, consumer) = env.consumer().await;
    let conv =
        c.request("cm.ConsumerRequestConversation", json!({})).await["body"]["conversationId"]
            .as_str()
            .expect("id")
            .to_owned();
    c.request("ms.PublishEvent", json!({"dialogId": conv, "event": {"type": "ContentEvent", "contentType": "text/plain", "message": "x"}})).await;
    let all = env.control("/ums/conversations").await;
    assert_eq!(all[0]["consumerId"], consumer.as_str());
    assert_eq!(all[0]["result"]["convId"], conv.as_str());
    assert_eq!(all[0]["events"][&conv][0]["event"]["message"], "x");
    let resp = reqwest::get(env.http("/_lpm/ums/conversations/nope"))
        .await
        .expect("get");
    assert_eq!(resp.status(), 404);
    let _ = changes(&json!({}));
}

#[tokio::test]
async fn browsers_may_upload_and_download_files_cross_origin() {
    let env = Env::start().await;
    let (mut c, _) = env.consumer().await;
    let r = c
        .request(
            "ms.GenerateURLForUploadFile",
            json!({"fileSize": 3, "fileType": "PNG"}),
        )
        .await;
    let target = url(&env, &r["body"]);
    let origin = "http://localhost:5173";
    let http = reqwest::Client::new();
    // The preflight a browser sends before a PUT with a body.
    let pre = http
        .request(reqwest::Method::OPTIONS, &target)
        .header("Origin", origin)
        .header("Access-Control-Request-Method", "PUT")
        .header("Access-Control-Request-Headers", "content-type")
        .send()
        .await
        .expect("preflight");
    assert_eq!(pre.status(), 204);
    let allowed = |r: &reqwest::Response, h: &str| {
        r.headers()
            .get(h)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    assert_eq!(
        allowed(&pre, "access-control-allow-origin").as_deref(),
        Some(origin)
    );
    assert!(allowed(&pre, "access-control-allow-methods").is_some_and(|m| m.contains("PUT")));
    let put = http
        .put(&target)
        .header("Origin", origin)
        .body(vec![1u8, 2, 3])
        .send()
        .await
        .expect("put");
    assert_eq!(put.status(), 201);
    assert_eq!(
        allowed(&put, "access-control-allow-origin").as_deref(),
        Some(origin)
    );
}
