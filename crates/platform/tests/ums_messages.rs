//! Messaging events: per-dialog sequences, private messages, chat states, receipts, history,
//! QueryMessages, rich content, metadata.

mod support_ums;

use serde_json::{Value, json};
use support_ums::{BrandUser, Client, Env, changes};

async fn setup(env: &Env) -> (Client, String, Client, BrandUser, String) {
    let (mut c, consumer) = env.consumer().await;
    let conv =
        c.request("cm.ConsumerRequestConversation", json!({})).await["body"]["conversationId"]
            .as_str()
            .expect("id")
            .to_owned();
    c.request(
        "ms.SubscribeMessagingEvents",
        json!({"conversationId": conv, "dialogId": conv, "fromSeq": 0}),
    )
    .await;
    assert_eq!(
        c.notification("ms.MessagingEventNotification").await["changes"],
        json!([])
    );
    let (mut a, agent) = env.brand("agent").await;
    let r = a
        .request(".ams.cm.UpdateConversationField", json!({"conversationId": conv, "conversationField": [{"field": "ParticipantsChange", "type": "ADD", "userId": agent.old_id, "role": "ASSIGNED_AGENT"}]}))
        .await;
    assert_eq!(r["code"], 200);
    (c, consumer, a, agent, conv)
}

fn text(conv: &str, msg: &str) -> Value {
    json!({"conversationId": conv, "dialogId": conv, "messageAudience": "ALL", "event": {"type": "ContentEvent", "contentType": "text/plain", "message": msg}})
}

#[tokio::test]
async fn private_messages_never_reach_the_consumer() {
    let env = Env::start().await;
    let (mut c, _, mut a, agent, conv) = setup(&env).await;
    let (mut m, mgr) = env.brand("manager").await;
    m.request(".ams.cm.UpdateConversationField", json!({"conversationId": conv, "conversationField": [{"field": "ParticipantsChange", "type": "ADD", "userId": mgr.old_id, "role": "MANAGER"}]})).await;
    let mut private = text(&conv, "psst");
    private["messageAudience"] = json!("AGENTS_AND_MANAGERS");
    let r = a.request(".ams.ms.PublishEvent", private).await;
    assert_eq!(r["body"], json!({"sequence": 0}));
    let rec = m.notification(".ams.ms.OnlineEventDistribution").await;
    assert_eq!(rec["messageAudience"], "AGENTS_AND_MANAGERS");
    assert_eq!(rec["originatorMetadata"]["role"], "ASSIGNED_AGENT");
    assert_eq!(rec["originatorId"], agent.old_id.as_str());
    let echo = a.notification(".ams.ms.OnlineEventDistribution").await;
    assert_eq!(echo["event"]["message"], "psst");
    a.request(".ams.ms.PublishEvent", text(&conv, "public"))
        .await;
    let rec = changes(&c.notification("ms.MessagingEventNotification").await)[0].clone();
    assert_eq!(rec["event"]["message"], "public");
    assert_eq!(rec["sequence"], 1, "the private message used sequence 0");
    // History for a consumer skips it too.
    c.request(
        "ms.SubscribeMessagingEvents",
        json!({"dialogId": conv, "fromSeq": 0}),
    )
    .await;
    let hist = changes(&c.notification("ms.MessagingEventNotification").await);
    assert_eq!(hist.len(), 1);
    // Consumers cannot send private messages.
    let mut p = text(&conv, "x");
    p["messageAudience"] = json!("AGENTS_AND_MANAGERS");
    assert_eq!(c.request("ms.PublishEvent", p).await["code"], 403);
    // The brand view of lastContentEventNotification may show the private one; the consumer's not.
    let view = env.control(&format!("/ums/conversations/{conv}")).await;
    assert_eq!(view["events"][&conv].as_array().expect("events").len(), 2);
}

#[tokio::test]
async fn chat_states_are_relayed_but_not_stored_and_receipts_take_sequences() {
    let env = Env::start().await;
    let (mut c, consumer, mut a, _, conv) = setup(&env).await;
    let r = c
        .request("ms.PublishEvent", json!({"dialogId": conv, "event": {"type": "ChatStateEvent", "chatState": "COMPOSING"}}))
        .await;
    assert_eq!(r["body"], json!({"sequence": 0}));
    let rec = a.notification(".ams.ms.OnlineEventDistribution").await;
    assert_eq!(rec["event"]["chatState"], "COMPOSING");
    assert!(rec.get("sequence").is_none());
    assert!(rec.get("serverTimestamp").is_none());
    assert_eq!(rec["originatorId"], consumer.as_str());
    c.notification("ms.MessagingEventNotification").await;
    a.request(".ams.ms.PublishEvent", text(&conv, "hello"))
        .await;
    let r = c
        .request("ms.PublishEvent", json!({"dialogId": conv, "event": {"type": "AcceptStatusEvent", "status": "READ", "sequenceList": [0]}}))
        .await;
    assert_eq!(r["body"], json!({"sequence": 1}));
    // QueryMessages returns stored events only, in the brand form.
    let r = a
        .request(
            ".ams.ms.QueryMessages",
            json!({"dialogId": conv, "newerThanSequence": 0}),
        )
        .await;
    assert_eq!(r["type"], ".ams.ms.QueryMessages$Response");
    let list = r["body"].as_array().expect("array");
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["sequence"], 0);
    assert_eq!(list[1]["event"]["type"], "AcceptStatusEvent");
    assert_eq!(list[1]["originatorPId"], consumer.as_str());
    let r = a
        .request(
            ".ams.ms.QueryMessages",
            json!({"dialogId": conv, "newerThanSequence": 1, "maxQuantity": 5}),
        )
        .await;
    assert_eq!(r["body"].as_array().expect("array").len(), 1);
    // fromSeq history.
    c.request(
        "ms.SubscribeMessagingEvents",
        json!({"dialogId": conv, "fromSeq": 1}),
    )
    .await;
    // Live: the agent's text, the receipt echo; then the history from sequence 1.
    let live1 = changes(&c.notification("ms.MessagingEventNotification").await);
    assert_eq!(live1[0]["event"]["message"], "hello");
    let live2 = changes(&c.notification("ms.MessagingEventNotification").await);
    assert_eq!(live2[0]["event"]["type"], "AcceptStatusEvent");
    let hist = changes(&c.notification("ms.MessagingEventNotification").await);
    assert_eq!(hist.len(), 1);
    assert_eq!(hist[0]["sequence"], 1);
}

#[tokio::test]
async fn rich_content_metadata_and_quick_reply_limits() {
    let env = Env::start().await;
    let (mut c, _, mut a, _, conv) = setup(&env).await;
    let rich = json!({"type": "vertical", "elements": [{"type": "text", "text": "hi"}]});
    let req = json!({"kind": "req", "id": "rc", "type": ".ams.ms.PublishEvent",
        "body": {"dialogId": conv, "event": {"type": "RichContentEvent", "content": rich}},
        "metadata": [{"type": "ExternalId", "id": "card-1"}]});
    a.send_raw(req).await;
    assert_eq!(a.response("rc").await["code"], 200);
    let rec = changes(&c.notification("ms.MessagingEventNotification").await)[0].clone();
    assert_eq!(rec["event"]["content"], rich);
    assert_eq!(
        rec["metadata"],
        json!([{"type": "ExternalId", "id": "card-1"}])
    );
    let replies: Vec<Value> = (0..25)
        .map(|i| json!({"type": "button", "title": i.to_string()}))
        .collect();
    let r = a
        .request(".ams.ms.PublishEvent", json!({"dialogId": conv, "event": {"type": "ContentEvent", "contentType": "text/plain", "message": "pick",
            "quickReplies": {"type": "quickReplies", "itemsPerRow": 8, "replies": replies}}}))
        .await;
    assert_eq!(r["code"], 400);
    let r = a
        .request(".ams.ms.PublishEvent", json!({"dialogId": conv, "event": {"type": "ContentEvent", "contentType": "text/html", "message": "<b>x</b>"}}))
        .await;
    assert_eq!(r["code"], 200, "any content type is relayed");
    let r = a.request(".ams.ms.PublishEvent", json!({"dialogId": "nope", "event": {"type": "ContentEvent", "contentType": "text/plain", "message": "x"}})).await;
    assert_eq!(r["code"], 404);
}

#[tokio::test]
async fn brand_messaging_subscriptions_get_the_changes_form() {
    let env = Env::start().await;
    let (mut c, _, _a, _, conv) = setup(&env).await;
    let (mut m, _) = env.brand("watcher").await;
    let r = m
        .request(
            "ms.SubscribeMessagingEvents",
            json!({"dialogId": conv, "fromSeq": 0}),
        )
        .await;
    assert_eq!(r["code"], 200);
    assert_eq!(
        m.notification("ms.MessagingEventNotification").await["changes"],
        json!([])
    );
    c.request("ms.PublishEvent", text(&conv, "hello")).await;
    let n = m.notification("ms.MessagingEventNotification").await;
    assert_eq!(changes(&n)[0]["event"]["message"], "hello");
    assert!(changes(&n)[0].get("originatorPId").is_some(), "brand form");
}

#[tokio::test]
async fn conversation_notifications_carry_the_last_content_and_unread_counts() {
    let env = Env::start().await;
    let (mut c, consumer, mut a, agent, conv) = setup(&env).await;
    c.request("ms.PublishEvent", text(&conv, "one")).await;
    c.request("ms.PublishEvent", text(&conv, "two")).await;
    a.request(
        ".ams.aam.SubscribeExConversations",
        json!({"stage": ["OPEN"]}),
    )
    .await;
    let snap = a
        .notification(".ams.aam.ExConversationChangeNotification")
        .await;
    let r = &changes(&snap)[0]["result"];
    assert_eq!(r["lastContentEventNotification"]["event"]["message"], "two");
    assert_eq!(r["numberOfunreadMessages"][&agent.old_id], 2);
    assert_eq!(r["numberOfunreadMessages"][&consumer], 0);
    assert!(
        r["effectiveTTR"].as_i64().expect("ettr") > env.now_ms(),
        "a consumer message is waiting"
    );
}

/// Consumer and agent publish concurrently: sequences are unique and gapless, and every socket
/// sees the events in sequence order (causal order under one lock).
#[tokio::test]
async fn concurrent_publishers_get_unique_ordered_sequences() {
    let env = Env::start().await;
    let (mut c, _, mut a, _, conv) = setup(&env).await;
    const N: usize = 40;
    let conv_c = conv.clone();
    let consumer = tokio::spawn(async move {
        let mut ids = Vec::new();
        for i in 0..N {
            ids.push(
                c.send("ms.PublishEvent", text(&conv_c, &format!("c{i}")))
                    .await,
            );
        }
        let mut seqs = Vec::new();
        for id in ids {
            seqs.push(
                c.response(&id).await["body"]["sequence"]
                    .as_u64()
                    .expect("seq"),
            );
        }
        let mut seen = Vec::new();
        while seen.len() < 2 * N {
            for rec in changes(&c.notification("ms.MessagingEventNotification").await) {
                seen.push(rec["sequence"].as_u64().expect("seq"));
            }
        }
        (seqs, seen)
    });
    let mut ids = Vec::new();
    for i in 0..N {
        ids.push(
            a.send(".ams.ms.PublishEvent", text(&conv, &format!("a{i}")))
                .await,
        );
    }
    let mut agent_seqs = Vec::new();
    for id in ids {
        agent_seqs.push(
            a.response(&id).await["body"]["sequence"]
                .as_u64()
                .expect("seq"),
        );
    }
    let mut agent_seen = Vec::new();
    while agent_seen.len() < 2 * N {
        agent_seen.push(
            a.notification(".ams.ms.OnlineEventDistribution").await["sequence"]
                .as_u64()
                .expect("seq"),
        );
    }
    let (consumer_seqs, consumer_seen) = consumer.await.expect("consumer task");
    let mut all: Vec<u64> = agent_seqs
        .iter()
        .chain(consumer_seqs.iter())
        .copied()
        .collect();
    all.sort();
    assert_eq!(all, (0..(2 * N) as u64).collect::<Vec<_>>());
    let ordered: Vec<u64> = (0..(2 * N) as u64).collect();
    assert_eq!(agent_seen, ordered);
    assert_eq!(consumer_seen, ordered);
}
