//! UMS REST v1: brand messaging over HTTP on the same store, with ETags and notifications.

mod support_ums;

use serde_json::{Value, json};
use support_ums::{Env, changes};

#[tokio::test]
async fn rest_v1_join_publish_history_transfer_and_close() {
    let env = Env::start().await;
    let (mut c, consumer) = env.consumer().await;
    let conv =
        c.request("cm.ConsumerRequestConversation", json!({})).await["body"]["conversationId"]
            .as_str()
            .expect("id")
            .to_owned();
    c.request(
        "ms.SubscribeMessagingEvents",
        json!({"dialogId": conv, "fromSeq": 0}),
    )
    .await;
    c.notification("ms.MessagingEventNotification").await;
    let agent = env.brand_login("restbot");
    let http = reqwest::Client::new();
    let auth = |r: reqwest::RequestBuilder| {
        r.header("Authorization", format!("Bearer {}", agent.bearer))
            .header("Brand-ID", env.account.clone())
    };
    let base = env.http(&format!("/v1/conversations/{conv}"));

    // No bearer → 401.
    assert_eq!(http.get(&base).send().await.expect("get").status(), 401);
    let resp = auth(http.get(&base)).send().await.expect("get");
    assert_eq!(resp.status(), 200);
    assert!(resp.headers().get("etag").is_some());
    let body: Value = resp.json().await.expect("json");
    assert_eq!(body["convId"], conv.as_str());

    // Join through the participants resource.
    let resp = auth(http.post(format!("{base}/dialogs/{conv}/participants")))
        .json(&json!({"id": agent.old_id, "role": "ASSIGNED_AGENT", "state": "ACTIVE"}))
        .send()
        .await
        .expect("post");
    assert_eq!(resp.status(), 200);
    let body: Value = resp.json().await.expect("json");
    assert_eq!(
        body["conversationDetails"]["participants"]["ASSIGNED_AGENT"],
        json!([agent.old_id])
    );

    // Publish; the consumer receives it.
    let resp = auth(http.post(format!("{base}/dialogs/{conv}/messages")))
        .json(&json!({"type": "PLAIN_TEXT", "content": {"text": "over http"}, "messageAudience": "ALL"}))
        .send()
        .await
        .expect("post");
    assert_eq!(
        resp.json::<Value>().await.expect("json"),
        json!({"sequence": 0})
    );
    let rec = &changes(&c.notification("ms.MessagingEventNotification").await)[0];
    assert_eq!(
        rec["event"],
        json!({"type": "ContentEvent", "contentType": "text/plain", "message": "over http"})
    );
    let hist: Value = auth(http.get(format!(
        "{base}/dialogs/{conv}/messages?newerThanSequence=0&limit=10"
    )))
    .send()
    .await
    .expect("get")
    .json()
    .await
    .expect("json");
    assert_eq!(hist[0]["originatorId"], agent.old_id.as_str());

    // PATCH needs a fresh ETag.
    let resp = auth(http.patch(&base))
        .header("If-Match", "\"1\"")
        .json(&json!({"stage": "CLOSE"}))
        .send()
        .await
        .expect("patch");
    assert_eq!(resp.status(), 412);
    let etag = auth(http.get(&base)).send().await.expect("get").headers()["etag"]
        .to_str()
        .expect("etag")
        .to_owned();
    let resp = auth(http.patch(&base))
        .header("If-Match", etag)
        .json(&json!({"type": "CUSTOM", "value": 120}))
        .send()
        .await
        .expect("patch");
    assert_eq!(resp.status(), 200);
    let body: Value = resp.json().await.expect("json");
    assert_eq!(
        body["conversationDetails"]["ttr"],
        json!({"ttrType": "CUSTOM", "value": 120})
    );

    // Back to queue by deleting the assigned agent (dialog ETag).
    let d_etag = auth(http.get(format!("{base}/dialogs/{conv}")))
        .send()
        .await
        .expect("get")
        .headers()["etag"]
        .to_str()
        .expect("etag")
        .to_owned();
    let p: Value = auth(http.get(format!(
        "{base}/dialogs/{conv}/participants/{}",
        agent.old_id
    )))
    .send()
    .await
    .expect("get")
    .json()
    .await
    .expect("json");
    assert_eq!(p["role"], "ASSIGNED_AGENT");
    let resp = auth(http.delete(format!(
        "{base}/dialogs/{conv}/participants/{}?transferToSkillId=55",
        agent.old_id
    )))
    .header("If-Match", d_etag)
    .send()
    .await
    .expect("delete");
    assert_eq!(resp.status(), 200);
    let body: Value = resp.json().await.expect("json");
    assert_eq!(body["conversationDetails"]["skillId"], "55");
    assert_eq!(body["msg"], "OK Agent removed successfully");

    // File paths.
    let up: Value =
        auth(http.post(env.http(&format!("/v1/brands/{}/file-upload-path", env.account))))
            .json(&json!({"fileSize": 10, "fileType": "JPG"}))
            .send()
            .await
            .expect("post")
            .json()
            .await
            .expect("json");
    assert!(up["relativePath"].as_str().expect("path").ends_with(".JPG"));
    let _ = consumer;
}
