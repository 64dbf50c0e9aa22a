//! Conversation operations: create rules, join/leave in every role, back to queue, transfers,
//! TTR / CSAT / note / manual ETTR / delay, PCS survey dialog, step-up takeover,
//! AgentRequestConversation, authorization.

mod support_ums;

use serde_json::{Value, json};
use support_ums::{BrandUser, Client, Env, changes};

async fn conversation(env: &Env) -> (Client, String, String) {
    let (c, id, conv, _) = conversation_with_jwt(env).await;
    (c, id, conv)
}

/// A consumer with an open conversation: (socket, consumer id, conversation id, its JWT).
async fn conversation_with_jwt(env: &Env) -> (Client, String, String, String) {
    let (jwt, id) = env.consumer_jwt();
    let mut c = env.consumer_with_jwt(&jwt).await;
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
    (c, id, conv, jwt)
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

#[tokio::test]
async fn ttr_csat_note_manual_ettr_delay() {
    let env = Env::start().await;
    let (mut c, _, conv) = conversation(&env).await;
    let (mut a, agent) = brand_watching(&env, "agent").await;
    a.request(".ams.cm.UpdateConversationField", ucf(&conv, json!([{"field": "ParticipantsChange", "type": "ADD", "userId": agent.old_id, "role": "ASSIGNED_AGENT"}]))).await;
    let r = c
        .request(
            "cm.UpdateConversationField",
            ucf(
                &conv,
                json!({"field": "TTRField", "ttrType": "URGENT", "value": 0}),
            ),
        )
        .await;
    assert_eq!(r["body"], "Update TTR ended successfully");
    details_until(&mut c, false, |d| d["ttr"]["ttrType"] == "URGENT").await;
    let r = a
        .request(
            ".ams.cm.UpdateConversationField",
            ucf(
                &conv,
                json!({"field": "TTRField", "ttrType": "CUSTOM", "value": 1800}),
            ),
        )
        .await;
    assert_eq!(r["body"], "Update TTR ended successfully");
    let d = details_until(&mut a, true, |d| d["ttr"]["ttrType"] == "CUSTOM").await;
    assert_eq!(d["ttr"], json!({"ttrType": "CUSTOM", "value": 1800}));
    let r = a
        .request(
            ".ams.cm.UpdateConversationField",
            ucf(&conv, json!({"field": "Note", "note": "vip"})),
        )
        .await;
    assert_eq!(r["body"], "OK Update note success");
    let r = a
        .request(
            ".ams.cm.UpdateConversationField",
            ucf(
                &conv,
                json!({"field": "ManualETTR", "time": 1_900_000_000_000_i64}),
            ),
        )
        .await;
    assert_eq!(r["body"], "Update manual Ettr ended successfully");
    let r = a
        .request(
            ".ams.cm.UpdateConversationField",
            ucf(
                &conv,
                json!({"field": "DelayField", "type": "NIGHT", "tillWhen": 1_800_000_000_000_i64}),
            ),
        )
        .await;
    assert_eq!(r["code"], 200);
    let n = a
        .notification(".ams.aam.ExConversationChangeNotification")
        .await;
    let _ = n;
    let d = details_until(&mut a, true, |d| d.get("delay").is_some()).await;
    assert_eq!(d["note"], "vip");
    assert_eq!(d["manualETTR"], 1_900_000_000_000_i64);
    assert_eq!(
        d["delay"],
        json!({"type": "NIGHT", "tillWhen": 1_800_000_000_000_i64})
    );
    // Consumers may not set brand-only fields; brand users may not rate.
    let r = c
        .request(
            "cm.UpdateConversationField",
            ucf(&conv, json!({"field": "Note", "note": "x"})),
        )
        .await;
    assert_eq!(r["code"], 403);
    let r = a
        .request(
            ".ams.cm.UpdateConversationField",
            ucf(&conv, json!({"field": "CSATRate", "csatRate": 5})),
        )
        .await;
    assert_eq!(r["code"], 403);
    // Close, then CSAT (allowed after close) as lp-messaging-sdk sends it: a numeric string.
    c.request(
        "cm.UpdateConversationField",
        ucf(
            &conv,
            json!([{"field": "ConversationStateField", "conversationState": "CLOSE"}]),
        ),
    )
    .await;
    let r = c.request("cm.UpdateConversationField", ucf(&conv, json!({"field": "CSATRate", "csatRate": "4", "csatResolutionConfirmation": true, "status": "FILLED"}))).await;
    assert_eq!(r["body"], "OK CSAT processed successfully");
    let d = details_until(&mut c, false, |d| d.get("csat").is_some()).await;
    assert_eq!(
        d["csat"],
        json!({"field": "CSATRate", "csatRate": 4, "csatResolutionConfirmation": true, "status": "FILLED"})
    );
    let d = details_until(&mut a, true, |d| d.get("csat").is_some()).await;
    assert_eq!(d["csatRate"], 4);
    // Other changes after close fail.
    let r = a
        .request(
            ".ams.cm.UpdateConversationField",
            ucf(&conv, json!({"field": "TTRField", "ttrType": "NORMAL"})),
        )
        .await;
    assert_eq!(
        (r["code"].clone(), r["body"].clone()),
        (json!(400), json!("Conversation is closed"))
    );
    let r = a
        .request(
            ".ams.cm.UpdateConversationField",
            ucf(&conv, json!({"field": "Note", "note": "after close"})),
        )
        .await;
    assert_eq!(r["code"], 200, "notes stay editable after close");
}

#[tokio::test]
async fn closing_the_main_dialog_opens_a_survey_when_configured() {
    let config = lpm_platform::PlatformConfig::from_toml(
        r#"
[[accounts]]
id = "12345678"
[[accounts.users]]
login_name = "agent"
password = "pw"
[[accounts.users]]
login_name = "surveybot"
password = "pw"
role = "bot"
[[accounts.skills]]
id = "300"
name = "with survey"
survey_bot = "surveybot"
"#,
    )
    .expect("config");
    let env = Env::with_options(lpm_platform::PlatformOptions {
        config: Some(config),
        ..Default::default()
    })
    .await;
    let (jwt, consumer) = env.consumer_jwt();
    let mut c = env
        .consumer_with_props(&jwt, json!({"type": ".ams.headers.ClientProperties", "features": ["MULTI_DIALOG", "AUTO_MESSAGES"], "appId": null}))
        .await;
    c.request(
        "cqm.SubscribeExConversations",
        json!({"stage": ["OPEN", "CLOSE"]}),
    )
    .await;
    c.notification("cqm.ExConversationChangeNotification").await;
    let conv = c
        .request("cm.ConsumerRequestConversation", json!({"skillId": "300"}))
        .await["body"]["conversationId"]
        .as_str()
        .expect("id")
        .to_owned();
    let d = last_details(&mut c, false).await;
    assert_eq!(
        d["context"]["clientProperties"]["features"],
        json!(["MULTI_DIALOG", "AUTO_MESSAGES"])
    );
    assert!(
        d["context"]["clientProperties"].get("appId").is_none(),
        "nulls are dropped"
    );
    let (mut a, agent) = brand_watching(&env, "agent").await;
    let (mut bot, survey) = brand_watching(&env, "surveybot").await;
    a.request(".ams.cm.UpdateConversationField", ucf(&conv, json!([{"field": "ParticipantsChange", "type": "ADD", "userId": agent.old_id, "role": "ASSIGNED_AGENT"}]))).await;
    let r = c
        .request("cm.UpdateConversationField", ucf(&conv, json!([{"field": "DialogChange", "type": "UPDATE", "dialog": {"dialogId": conv, "state": "CLOSE", "closedCause": "Closed by consumer"}}])))
        .await;
    assert_eq!(r["body"], "OK Conversation resolved successfully");
    let d = details_until(&mut c, false, |d| {
        d["dialogs"].as_array().is_some_and(|a| a.len() == 2)
    })
    .await;
    assert_eq!(d["stage"], "OPEN");
    assert_eq!(d["state"], "CLOSE");
    assert_eq!(d["closeReason"], "CONSUMER");
    assert_eq!(d["dialogs"][0]["state"], "CLOSE");
    assert_eq!(d["dialogs"][0]["closedBy"], "CONSUMER");
    assert_eq!(d["dialogs"][0]["closedCause"], "Closed by consumer");
    let survey_dialog = d["dialogs"][1].clone();
    assert_eq!(survey_dialog["dialogType"], "POST_SURVEY");
    assert_eq!(survey_dialog["state"], "OPEN");
    assert_eq!(
        survey_dialog["metaData"]["appInstallId"],
        survey.pid.as_str()
    );
    let sid = survey_dialog["dialogId"].as_str().expect("id").to_owned();
    assert_eq!(sid.len(), 22);
    assert_eq!(
        survey_dialog["participantsDetails"],
        json!([{"id": consumer, "role": "CONSUMER", "state": "ACTIVE"},
               {"id": survey.pid, "role": "AGENT", "state": "ACTIVE"},
               {"id": agent.pid, "role": "READER", "state": "ACTIVE"}])
    );
    let parts = d["participants"].as_array().expect("arr");
    assert!(parts.contains(&json!({"id": agent.pid, "role": "ASSIGNED_AGENT"})));
    assert!(parts.contains(&json!({"id": agent.pid, "role": "READER"})));
    // The consumer subscribes to the survey dialog; the bot asks and closes it.
    c.request(
        "ms.SubscribeMessagingEvents",
        json!({"dialogId": sid, "conversationId": conv, "fromSeq": 0}),
    )
    .await;
    assert_eq!(
        c.notification("ms.MessagingEventNotification").await["changes"],
        json!([])
    );
    details_until(&mut bot, true, |d| {
        d["dialogs"].as_array().is_some_and(|a| a.len() == 2)
    })
    .await;
    let r = bot.request(".ams.ms.PublishEvent", json!({"dialogId": sid, "conversationId": conv, "event": {"type": "ContentEvent", "contentType": "text/plain", "message": "Rate us"}})).await;
    assert_eq!(r["body"]["sequence"], 0, "sequences are per dialog");
    let rec = &changes(&c.notification("ms.MessagingEventNotification").await)[0];
    assert_eq!(rec["dialogId"], sid.as_str());
    assert_eq!(rec["originatorMetadata"]["role"], "AGENT");
    let r = bot
        .request(".ams.cm.UpdateConversationField", ucf(&conv, json!([{"field": "DialogChange", "type": "UPDATE", "dialog": {"dialogId": sid, "state": "CLOSE", "closedCause": "Completed"}}])))
        .await;
    assert_eq!(r["body"], "OK Conversation resolved successfully");
    let d = details_until(&mut c, false, |d| d["stage"] == "CLOSE").await;
    assert_eq!(d["dialogs"][1]["closedBy"], "AGENT");
    assert_eq!(d["dialogs"][1]["closedCause"], "Completed");
    assert!(d["endTs"].as_i64().is_some());
}

#[tokio::test]
async fn main_dialog_close_without_survey_closes_everything() {
    let env = Env::start().await;
    let (mut c, _, conv) = conversation(&env).await;
    let r = c
        .request("cm.UpdateConversationField", ucf(&conv, json!([{"field": "DialogChange", "type": "UPDATE", "dialog": {"dialogId": conv, "state": "CLOSE"}}])))
        .await;
    assert_eq!(r["body"], "OK Conversation resolved successfully");
    let d = last_details(&mut c, false).await;
    assert_eq!(
        (d["stage"].clone(), d["state"].clone()),
        (json!("CLOSE"), json!("CLOSE"))
    );
    assert_eq!(d["dialogs"].as_array().expect("arr").len(), 1);
    let r = c.request("ms.PublishEvent", json!({"dialogId": conv, "event": {"type": "ContentEvent", "contentType": "text/plain", "message": "late"}})).await;
    assert_eq!(
        (r["code"].clone(), r["body"].clone()),
        (json!(400), json!("Conversation is closed"))
    );
    let r = c.request("ms.PublishEvent", json!({"dialogId": conv, "event": {"type": "AcceptStatusEvent", "status": "READ", "sequenceList": [0]}})).await;
    assert_eq!(r["code"], 200, "receipts may reach a closed dialog");
}

#[tokio::test]
async fn consumer_takeover_moves_the_conversation_to_the_new_identity() {
    let env = Env::start().await;
    let (_old_socket, old, conv, old_jwt) = conversation_with_jwt(&env).await;
    let (mut b, _) = brand_watching(&env, "agent").await;
    let (new_jwt, new) = env.mock_step_up(&old_jwt, "Jane").await;
    let mut c = env.consumer_with_jwt(&new_jwt).await;
    c.request(
        "cqm.SubscribeExConversations",
        json!({"stage": ["OPEN", "CLOSE"]}),
    )
    .await;
    assert_eq!(
        c.notification("cqm.ExConversationChangeNotification").await["changes"],
        json!([])
    );
    let r = c
        .request(
            "cm.UpdateConversationField",
            ucf(
                &conv,
                json!([
            {"field": "ParticipantsChange", "userId": old, "role": "CONSUMER", "type": "REMOVE"},
            {"field": "ParticipantsChange", "userId": new, "role": "CONSUMER", "type": "ADD"}]),
            ),
        )
        .await;
    assert_eq!(r["code"], 200, "{r}");
    let n = c.notification("cqm.ExConversationChangeNotification").await;
    let ch = changes(&n);
    assert_eq!(ch[0]["type"], "UPSERT");
    assert_eq!(
        ch[0]["result"]["conversationDetails"]["participants"],
        json!([{"id": new, "role": "CONSUMER"}])
    );
    let d = details_until(&mut b, true, |d| {
        d["participants"]["CONSUMER"] == json!([new])
    })
    .await;
    assert_eq!(
        d["dialogs"][0]["participantsDetails"][0]["id"],
        new.as_str()
    );
    // The new identity now owns it.
    let r = c.request("ms.PublishEvent", json!({"dialogId": conv, "event": {"type": "ContentEvent", "contentType": "text/plain", "message": "me again"}})).await;
    assert_eq!(r["code"], 200);
    // Taking over someone else's conversation with a wrong old id fails.
    let (mut other, _) = env.consumer().await;
    let r = other
        .request("cm.UpdateConversationField", ucf(&conv, json!([
            {"field": "ParticipantsChange", "userId": old, "role": "CONSUMER", "type": "REMOVE"},
            {"field": "ParticipantsChange", "userId": "someone", "role": "CONSUMER", "type": "ADD"}])))
        .await;
    assert_eq!(r["code"], 403);
}

#[tokio::test]
async fn the_old_identity_gets_a_delete_after_takeover() {
    let env = Env::start().await;
    let (mut old_socket, old, conv, old_jwt) = conversation_with_jwt(&env).await;
    let (new_jwt, new) = env.mock_step_up(&old_jwt, "Jane").await;
    let mut c = env.consumer_with_jwt(&new_jwt).await;
    c.request(
        "cm.UpdateConversationField",
        ucf(
            &conv,
            json!([
        {"field": "ParticipantsChange", "userId": old, "role": "CONSUMER", "type": "REMOVE"},
        {"field": "ParticipantsChange", "userId": new, "role": "CONSUMER", "type": "ADD"}]),
        ),
    )
    .await;
    let n = old_socket
        .notification("cqm.ExConversationChangeNotification")
        .await;
    assert_eq!(changes(&n)[0]["type"], "DELETE");
}

#[tokio::test]
async fn agent_request_conversation_creates_an_assigned_conversation_for_the_consumer() {
    let env = Env::start().await;
    let (mut c, consumer, conv) = conversation(&env).await;
    c.request(
        "cm.UpdateConversationField",
        ucf(
            &conv,
            json!([{"field": "ConversationStateField", "conversationState": "CLOSE"}]),
        ),
    )
    .await;
    last_details(&mut c, false).await;
    let (mut b, agent) = env.brand("agent").await;
    let r = b
        .request(
            ".ams.cm.AgentRequestConversation",
            json!({"channelType": "MESSAGING", "consumerId": consumer,
            "conversationContext": {"type": "ProactiveContext", "originConversationId": conv}}),
        )
        .await;
    assert_eq!(r["code"], 200, "{r}");
    assert_eq!(r["type"], ".ams.cm.RequestConversation$Response");
    let new_conv = r["body"]["conversationId"].as_str().expect("id").to_owned();
    let d = last_details(&mut c, false).await;
    assert_eq!(d["context"]["type"], "ProactiveContext");
    assert!(
        d["participants"]
            .as_array()
            .expect("arr")
            .contains(&json!({"id": agent.pid, "role": "ASSIGNED_AGENT"}))
    );
    let r = b
        .request(
            ".ams.cm.AgentRequestConversation",
            json!({"consumerId": consumer}),
        )
        .await;
    assert_eq!(r["code"], 400, "one open conversation per consumer");
    let _ = new_conv;
}

#[tokio::test]
async fn agent_ids_subscriptions_get_delete_when_the_agent_leaves() {
    let env = Env::start().await;
    let (_c, _, conv) = conversation(&env).await;
    let (mut a, agent) = env.brand("agent").await;
    let r = a
        .request(
            ".ams.aam.SubscribeExConversations",
            json!({"stage": ["OPEN"], "agentIds": [agent.old_id]}),
        )
        .await;
    assert_eq!(r["code"], 200);
    assert_eq!(
        a.notification(".ams.aam.ExConversationChangeNotification")
            .await["changes"],
        json!([])
    );
    a.request(
        ".ams.cm.UpdateConversationField",
        ucf(
            &conv,
            json!([{"field": "ParticipantsChange", "type": "ADD", "role": "AGENT"}]),
        ),
    )
    .await;
    let n = a
        .notification(".ams.aam.ExConversationChangeNotification")
        .await;
    assert_eq!(changes(&n)[0]["type"], "UPSERT");
    a.request(
        ".ams.cm.UpdateConversationField",
        ucf(
            &conv,
            json!([{"field": "ParticipantsChange", "type": "REMOVE", "role": "AGENT"}]),
        ),
    )
    .await;
    let n = a
        .notification(".ams.aam.ExConversationChangeNotification")
        .await;
    assert_eq!(changes(&n)[0]["type"], "DELETE");
    assert_eq!(changes(&n)[0]["result"]["convId"], conv.as_str());
    // Unsubscribe stops notifications; unknown ids are 404.
    let sub = n["subscriptionId"].as_str().expect("id").to_owned();
    let r = a
        .request(
            ".ams.aam.UnsubscribeExConversations",
            json!({"subscriptionId": sub}),
        )
        .await;
    assert_eq!(
        (r["code"].clone(), r["type"].clone()),
        (json!(200), json!(".ReqBody$StringResp"))
    );
    let r = a
        .request(
            ".ams.aam.UnsubscribeExConversations",
            json!({"subscriptionId": sub}),
        )
        .await;
    assert_eq!(
        (r["code"].clone(), r["body"].clone()),
        (json!(404), json!("Subscription not found"))
    );
    a.request(
        ".ams.cm.UpdateConversationField",
        ucf(
            &conv,
            json!([{"field": "ParticipantsChange", "type": "ADD", "role": "AGENT"}]),
        ),
    )
    .await;
    a.assert_quiet(100).await;
}

#[tokio::test]
async fn subscription_filters_and_snapshots() {
    let env = Env::start().await;
    let (mut c1, _, conv1) = conversation(&env).await;
    let (_c2, _, conv2) = conversation(&env).await;
    c1.request(
        "cm.UpdateConversationField",
        ucf(
            &conv1,
            json!([{"field": "ConversationStateField", "conversationState": "CLOSE"}]),
        ),
    )
    .await;
    let (mut b, _) = env.brand("manager").await;
    b.request(
        ".ams.aam.SubscribeExConversations",
        json!({"stage": ["OPEN"]}),
    )
    .await;
    let snap = b
        .notification(".ams.aam.ExConversationChangeNotification")
        .await;
    let ids: Vec<Value> = changes(&snap)
        .iter()
        .map(|c| c["result"]["convId"].clone())
        .collect();
    assert_eq!(ids, vec![json!(conv2)]);
    b.request(
        ".ams.aam.SubscribeExConversations",
        json!({"convState": ["CLOSE"]}),
    )
    .await;
    let snap = b
        .notification(".ams.aam.ExConversationChangeNotification")
        .await;
    let ids: Vec<Value> = changes(&snap)
        .iter()
        .map(|c| c["result"]["convId"].clone())
        .collect();
    assert_eq!(ids, vec![json!(conv1)]);
    b.request(
        ".ams.aam.SubscribeExConversations",
        json!({"conversationId": conv1}),
    )
    .await;
    assert_eq!(
        changes(
            &b.notification(".ams.aam.ExConversationChangeNotification")
                .await
        )
        .len(),
        1
    );
    b.request(
        ".ams.aam.SubscribeExConversations",
        json!({"minLastUpdatedTime": env.now_ms() + 60_000}),
    )
    .await;
    assert_eq!(
        b.notification(".ams.aam.ExConversationChangeNotification")
            .await["changes"],
        json!([])
    );
    b.request(
        ".ams.aam.SubscribeExConversations",
        json!({"dialogTypes": ["POST_SURVEY"]}),
    )
    .await;
    assert_eq!(
        b.notification(".ams.aam.ExConversationChangeNotification")
            .await["changes"],
        json!([])
    );
}

#[tokio::test]
async fn strict_mode_refuses_a_takeover_without_a_step_up_link() {
    let config = lpm_platform::PlatformConfig::from_toml("[[accounts]]\nid = \"12345678\"\n")
        .expect("config");
    let env = Env::with_options(lpm_platform::PlatformOptions {
        config: Some(config),
        ..Default::default()
    })
    .await;
    let (_old_socket, old, conv) = conversation(&env).await;
    let (mut c, new) = env.consumer().await;
    let r = c
        .request(
            "cm.UpdateConversationField",
            ucf(
                &conv,
                json!([
            {"field": "ParticipantsChange", "userId": old, "role": "CONSUMER", "type": "REMOVE"},
            {"field": "ParticipantsChange", "userId": new, "role": "CONSUMER", "type": "ADD"}]),
            ),
        )
        .await;
    assert_eq!(
        (r["code"].clone(), r["body"].clone()),
        (json!(403), json!("Consumer takeover not permitted"))
    );
}

#[tokio::test]
async fn second_open_conversation_can_be_answered_200_with_text() {
    let env = Env::start().await;
    let (mut c, _, _) = conversation(&env).await;
    let status = reqwest::Client::new()
        .post(env.http("/_lpm/ums/settings"))
        .json(&json!({"alreadyOpenAnswer": "200"}))
        .send()
        .await
        .expect("control")
        .status();
    assert_eq!(status, 204);
    let r = c.request("cm.ConsumerRequestConversation", json!({})).await;
    assert_eq!(
        (r["code"].clone(), r["body"].clone(), r["type"].clone()),
        (
            json!(200),
            json!("Consumer already has an open conversation"),
            json!("StringResponse")
        )
    );
}

/// POSTs to the IDP and returns the token of the answer.
async fn idp_token(env: &Env, path: &str, body: Value) -> String {
    let answer: Value = reqwest::Client::new()
        .post(env.http(&format!("/api/account/{}{path}", env.account)))
        .json(&body)
        .send()
        .await
        .expect("idp answers")
        .json()
        .await
        .expect("json");
    answer["token"]
        .as_str()
        .unwrap_or_else(|| panic!("no token in {answer}"))
        .to_owned()
}

#[tokio::test]
async fn strict_mode_lets_a_stepped_up_consumer_take_over_its_conversation() {
    let config = lpm_platform::PlatformConfig::from_toml(
        "[[accounts]]\nid = \"12345678\"\n\
         [[accounts.connectors]]\nid = \"10\"\ntype = 1\n\
         [[accounts.connectors]]\nid = \"20\"\ntype = 2\n",
    )
    .expect("config");
    let env = Env::with_options(lpm_platform::PlatformOptions {
        config: Some(config),
        ..Default::default()
    })
    .await;
    // An unauthenticated consumer (ACR0 connector) opens a conversation.
    let external = idp_token(&env, "/anonymous/authorize", json!({})).await;
    let unauth = idp_token(
        &env,
        "/app/10/authenticate?v=3.0",
        json!({"id_token": external}),
    )
    .await;
    let mut old = env.consumer_with_jwt(&unauth).await;
    let profile = old.request("userprofile.GetUserProfile", json!({})).await;
    let old_id = profile["body"]["userId"].as_str().expect("id").to_owned();
    let r = old
        .request("cm.ConsumerRequestConversation", json!({}))
        .await;
    let conv = r["body"]["conversationId"]
        .as_str()
        .expect("conv")
        .to_owned();

    // It steps up: the authenticated token is issued with the old identity's `lp_jwt`.
    let auth = idp_token(
        &env,
        "/app/20/authenticate?v=3.0",
        json!({"lp_jwt": unauth, "code": "Jane"}),
    )
    .await;
    let mut new = env.consumer_with_jwt(&auth).await;
    let profile = new.request("userprofile.GetUserProfile", json!({})).await;
    let new_id = profile["body"]["userId"].as_str().expect("id").to_owned();
    let r = new
        .request(
            "cm.UpdateConversationField",
            ucf(
                &conv,
                json!([
            {"field": "ParticipantsChange", "userId": old_id, "role": "CONSUMER", "type": "REMOVE"},
            {"field": "ParticipantsChange", "userId": new_id, "role": "CONSUMER", "type": "ADD"}]),
            ),
        )
        .await;
    assert_eq!(r["code"], json!(200), "{r}");

    // Another identity without that link may not take the conversation back.
    let (mut stranger, stranger_id) = env.consumer().await;
    let r = stranger
        .request(
            "cm.UpdateConversationField",
            ucf(
                &conv,
                json!([
            {"field": "ParticipantsChange", "userId": new_id, "role": "CONSUMER", "type": "REMOVE"},
            {"field": "ParticipantsChange", "userId": stranger_id, "role": "CONSUMER", "type": "ADD"}]),
            ),
        )
        .await;
    assert_eq!(r["code"], json!(403), "{r}");
}
