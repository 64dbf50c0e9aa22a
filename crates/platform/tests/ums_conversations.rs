//! Conversation operations: create rules, join/leave in every role, back to queue, transfers,
//! TTR / CSAT / note / manual ETTR / delay, PCS survey dialog, step-up takeover,
//! AgentRequestConversation, authorization.

mod support_ums;

use serde_json::{Value, json};
use support_ums::{BrandUser, Client, Env, changes};

async fn conversation(env: &Env) -> (Client, String, String) {
    let (mut c, id) = env.consumer().await;
    c.request(
        "cqm.SubscribeExConversations",
        json!({"stage": ["OPEN", "CLOSE"]}),
    )
    .await;
    c.notification("cqm.ExConversationChangeNotification").await;
    let r = c
        .request("cm.ConsumerRequestConversation", json!({"skillId": "-1"}))
        .await;
    let conv = r["body"]["conversationId"].as_str().expect("id").to_owned();
    c.notification("cqm.ExConversationChangeNotification").await;
    (c, id, conv)
}

async fn brand_watching(env: &Env, name: &str) -> (Client, BrandUser) {
    let (mut b, me) = env.brand(name).await;
    b.request(
        ".ams.aam.SubscribeExConversations",
        json!({"stage": ["OPEN", "CLOSE"]}),
    )
    .await;
    b.notification(".ams.aam.ExConversationChangeNotification")
        .await;
    (b, me)
}

fn ucf(conv: &str, fields: Value) -> Value {
    json!({"conversationId": conv, "conversationField": fields})
}

/// Reads conversation notifications until one satisfies `pred` (earlier ones may be queued).
async fn details_until(c: &mut Client, brand: bool, pred: impl Fn(&Value) -> bool) -> Value {
    for _ in 0..20 {
        let d = last_details(c, brand).await;
        if pred(&d) {
            return d;
        }
    }
    panic!("no matching conversation notification");
}

async fn last_details(c: &mut Client, brand: bool) -> Value {
    let t = if brand {
        ".ams.aam.ExConversationChangeNotification"
    } else {
        "cqm.ExConversationChangeNotification"
    };
    let n = c.notification(t).await;
    changes(&n)[0]["result"]["conversationDetails"].clone()
}

#[tokio::test]
async fn one_open_conversation_per_consumer() {
    let env = Env::start().await;
    let (mut c, _, conv) = conversation(&env).await;
    let r = c.request("cm.ConsumerRequestConversation", json!({})).await;
    assert_eq!(
        (r["code"].clone(), r["body"].clone(), r["type"].clone()),
        (
            json!(400),
            json!("Consumer already has an open conversation"),
            json!("StringResponse")
        )
    );
    c.request(
        "cm.UpdateConversationField",
        ucf(
            &conv,
            json!([{"field": "Stage", "conversationState": "CLOSE"}]),
        ),
    )
    .await;
    let r = c.request("cm.ConsumerRequestConversation", json!({"campaignInfo": {"campaignId": "1", "engagementId": "2"}, "ttrDefName": "PRIORITIZED"})).await;
    assert_eq!(r["code"], 200);
    let d = {
        let mut found = None;
        for _ in 0..3 {
            let d = last_details(&mut c, false).await;
            if d["stage"] == "OPEN" {
                found = Some(d);
                break;
            }
        }
        found.expect("new conversation")
    };
    assert_eq!(
        d["campaignInfo"],
        json!({"campaignId": "1", "engagementId": "2"})
    );
    assert_eq!(d["ttr"], json!({"ttrType": "PRIORITIZED", "value": 600}));
    assert!(
        d.get("firstConversation").is_none(),
        "v3 omits firstConversation"
    );
}

#[tokio::test]
async fn consumers_see_and_touch_only_their_own_conversations() {
    let env = Env::start().await;
    let (_c1, _, conv) = conversation(&env).await;
    let (mut c2, _) = env.consumer().await;
    let r = c2.request("cqm.SubscribeExConversations", json!({})).await;
    assert_eq!(r["code"], 200);
    assert_eq!(
        c2.notification("cqm.ExConversationChangeNotification")
            .await["changes"],
        json!([])
    );
    for (t, body) in [
        (
            "ms.PublishEvent",
            json!({"dialogId": conv, "event": {"type": "ContentEvent", "contentType": "text/plain", "message": "x"}}),
        ),
        ("ms.SubscribeMessagingEvents", json!({"dialogId": conv})),
        (
            "cm.UpdateConversationField",
            ucf(
                &conv,
                json!([{"field": "ConversationStateField", "conversationState": "CLOSE"}]),
            ),
        ),
    ] {
        let r = c2.request(t, body).await;
        assert_eq!(r["code"], 404, "{t}: {r}");
    }
    // Brand users that are not participants cannot publish or close.
    let (mut b, _) = env.brand("outsider").await;
    let r = b.request(".ams.ms.PublishEvent", json!({"dialogId": conv, "event": {"type": "ContentEvent", "contentType": "text/plain", "message": "x"}})).await;
    assert_eq!(
        (r["code"].clone(), r["body"].clone()),
        (json!(403), json!("Agent does not exist in conversation"))
    );
    let r = b
        .request(
            ".ams.cm.UpdateConversationField",
            ucf(
                &conv,
                json!([{"field": "ConversationStateField", "conversationState": "CLOSE"}]),
            ),
        )
        .await;
    assert_eq!(r["code"], 403);
    c2.assert_quiet(50).await;
}

#[tokio::test]
async fn join_leave_back_to_queue_and_transfer_to_agent() {
    let env = Env::start().await;
    let (mut c, consumer, conv) = conversation(&env).await;
    let (mut a, agent) = brand_watching(&env, "agent1").await;
    let (mut m, mgr) = brand_watching(&env, "manager").await;
    let (mut t, target) = brand_watching(&env, "agent2").await;
    // Join as assigned agent.
    let r = a.request(".ams.cm.UpdateConversationField", ucf(&conv, json!([{"field": "ParticipantsChange", "type": "ADD", "userId": agent.old_id, "role": "ASSIGNED_AGENT"}]))).await;
    assert_eq!(r["body"], "OK Agent added successfully");
    let d = last_details(&mut a, true).await;
    assert_eq!(d["participants"]["ASSIGNED_AGENT"], json!([agent.old_id]));
    // A second assigned agent is refused.
    let r = m
        .request(
            ".ams.cm.UpdateConversationField",
            ucf(
                &conv,
                json!([{"field": "ParticipantsChange", "type": "ADD", "role": "ASSIGNED_AGENT"}]),
            ),
        )
        .await;
    assert_eq!(
        (r["code"].clone(), r["body"].clone()),
        (
            json!(400),
            json!("Conversation already has an assigned agent")
        )
    );
    // Manager joins (userId omitted: the caller), then leaves.
    let r = m
        .request(
            ".ams.cm.UpdateConversationField",
            ucf(
                &conv,
                json!({"field": "ParticipantsChange", "type": "ADD", "role": "MANAGER"}),
            ),
        )
        .await;
    assert_eq!(r["body"], "OK Agent added successfully");
    let d = details_until(&mut m, true, |d| d["participants"].get("MANAGER").is_some()).await;
    assert_eq!(d["participants"]["MANAGER"], json!([mgr.old_id]));
    assert_eq!(d["participantsPId"]["MANAGER"], json!([mgr.pid]));
    details_until(&mut c, false, |cd| {
        cd["participants"]
            .as_array()
            .expect("arr")
            .contains(&json!({"id": mgr.pid, "role": "MANAGER"}))
    })
    .await;
    let r = m.request(".ams.cm.UpdateConversationField", ucf(&conv, json!([{"field": "ParticipantsChange", "type": "REMOVE", "userId": mgr.old_id, "role": "MANAGER"}]))).await;
    assert_eq!(r["body"], "OK Agent removed successfully");
    details_until(&mut m, true, |d| d["participants"].get("MANAGER").is_none()).await;
    // Readers too.
    let r = m
        .request(
            ".ams.cm.UpdateConversationField",
            ucf(
                &conv,
                json!([{"field": "ParticipantsChange", "type": "ADD", "role": "READER"}]),
            ),
        )
        .await;
    assert_eq!(r["code"], 200);
    // Transfer to agent (lp-messaging-sdk order): SUGGEST then REMOVE ASSIGNED_AGENT.
    let r = a
        .request(
            ".ams.cm.UpdateConversationField",
            ucf(&conv, json!([
                {"field": "ParticipantsChange", "type": "SUGGEST", "userId": target.old_id, "role": "ASSIGNED_AGENT"},
                {"field": "ParticipantsChange", "type": "REMOVE", "userId": agent.old_id, "role": "ASSIGNED_AGENT"}])),
        )
        .await;
    assert_eq!(r["body"], "OK Agent removed successfully");
    // The target sees itself SUGGESTED (old id form) in the dialog, not in the maps.
    let d = details_until(&mut t, true, |d| d.to_string().contains("SUGGESTED")).await;
    let details = d["dialogs"][0]["participantsDetails"]
        .as_array()
        .expect("arr")
        .clone();
    assert!(
        details.contains(
            &json!({"id": target.old_id, "role": "ASSIGNED_AGENT", "state": "SUGGESTED"})
        ),
        "{details:?}"
    );
    assert!(d["participants"].get("ASSIGNED_AGENT").is_none());
    // The consumer sees the suggested agent by old id as well.
    let cd = details_until(&mut c, false, |d| d.to_string().contains("SUGGESTED")).await;
    assert!(
        cd["dialogs"][0]["participantsDetails"]
            .as_array()
            .expect("arr")
            .contains(
                &json!({"id": target.old_id, "role": "ASSIGNED_AGENT", "state": "SUGGESTED"})
            )
    );
    // Suggesting someone already in the conversation fails.
    let r = m.request(".ams.cm.UpdateConversationField", ucf(&conv, json!([{"field": "ParticipantsChange", "type": "SUGGEST", "userId": mgr.old_id, "role": "ASSIGNED_AGENT"}]))).await;
    assert_eq!(
        (r["code"].clone(), r["body"].clone()),
        (
            json!(400),
            json!("Transfer to agent failed: Agent already exist")
        )
    );
    // A suggested agent is not a participant yet.
    let r = t.request(".ams.ms.PublishEvent", json!({"dialogId": conv, "event": {"type": "ContentEvent", "contentType": "text/plain", "message": "x"}})).await;
    assert_eq!(r["code"], 403);
    // The target accepts by joining as ASSIGNED_AGENT.
    let r = t.request(".ams.cm.UpdateConversationField", ucf(&conv, json!([{"field": "ParticipantsChange", "type": "ADD", "userId": target.old_id, "role": "ASSIGNED_AGENT"}]))).await;
    assert_eq!(r["body"], "OK Agent added successfully");
    let d = details_until(&mut t, true, |d| {
        d["participants"].get("ASSIGNED_AGENT").is_some()
    })
    .await;
    assert_eq!(d["participants"]["ASSIGNED_AGENT"], json!([target.old_id]));
    assert!(!d.to_string().contains("SUGGESTED"));
    // Back to queue: remove without naming the agent.
    let r = t.request(".ams.cm.UpdateConversationField", ucf(&conv, json!([{"field": "ParticipantsChange", "type": "REMOVE", "role": "ASSIGNED_AGENT"}]))).await;
    assert_eq!(r["body"], "OK Agent removed successfully");
    let r = m.request(".ams.cm.UpdateConversationField", ucf(&conv, json!([{"field": "ParticipantsChange", "type": "REMOVE", "role": "ASSIGNED_AGENT"}]))).await;
    assert_eq!(
        (r["code"].clone(), r["body"].clone()),
        (json!(400), json!("Agent does not exist in conversation"))
    );
    let view = env.control(&format!("/ums/conversations/{conv}")).await;
    let parts = &view["result"]["conversationDetails"]["participants"];
    assert_eq!(parts["CONSUMER"], json!([consumer]));
    assert!(parts.get("ASSIGNED_AGENT").is_none());
}
