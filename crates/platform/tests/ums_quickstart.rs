//! The quick-start programs of the protocol reference ("What a client sends, in order"), end
//! to end, with the exact frames lp-messaging-sdk 1.5.4 sends.

mod support_ums;

use serde_json::json;
use support_ums::{Env, changes};

#[tokio::test]
async fn anonymous_consumer_open_create_send_close() {
    let env = Env::start().await;
    let (mut c, consumer_id) = env.consumer().await;

    // 6. default subscription: empty snapshot for a new identity.
    let resp = c
        .request(
            "cqm.SubscribeExConversations",
            json!({"stage": ["OPEN", "CLOSE"]}),
        )
        .await;
    assert_eq!(resp["code"], 200);
    assert_eq!(resp["type"], "cqm.SubscribeExConversationsResponse");
    let sub = resp["body"]["subscriptionId"]
        .as_str()
        .expect("id")
        .to_owned();
    let snap = c.notification("cqm.ExConversationChangeNotification").await;
    assert_eq!(snap["subscriptionId"], sub.as_str());
    assert_eq!(snap["changes"], json!([]));

    // 7. keep-alive.
    let clock = c.request("GetClock", json!({})).await;
    assert_eq!(clock["type"], "GetClockResponse");
    assert!(clock["body"]["currentTime"].as_i64().expect("time") > 0);

    // 8. own profile → consumer id.
    let profile = c.request("userprofile.GetUserProfile", json!({})).await;
    assert_eq!(profile["code"], 200);
    assert_eq!(profile["type"], "userprofile.GetUserProfileResponse");
    assert_eq!(profile["body"]["userId"], consumer_id.as_str());

    let set = c
        .request(
            "userprofile.SetUserProfile",
            json!({"firstName": "Jane", "lastName": "Doe", "nickName": "jd"}),
        )
        .await;
    assert_eq!(set["body"], "OK User Profile set successfully");
    assert_eq!(set["type"], "StringResponse");

    // 9. create.
    let resp = c
        .request(
            "cm.ConsumerRequestConversation",
            json!({"ttrDefName":"NORMAL","channelType":"MESSAGING","skillId":null,
                   "conversationContext":{"clientProperties":{},"type":"CustomContext","name":"lp-messaging-sdk","description":"a default context for lp-messaging-sdk"},
                   "campaignInfo":null}),
        )
        .await;
    assert_eq!(resp["code"], 200, "{resp}");
    assert_eq!(resp["type"], "cm.RequestConversationResponse");
    let conv = resp["body"]["conversationId"]
        .as_str()
        .expect("id")
        .to_owned();
    let up = c.notification("cqm.ExConversationChangeNotification").await;
    let ch = changes(&up);
    assert_eq!(ch.len(), 1);
    assert_eq!(ch[0]["type"], "UPSERT");
    let r = &ch[0]["result"];
    assert_eq!(r["convId"], conv.as_str());
    let d = &r["conversationDetails"];
    assert_eq!(d["stage"], "OPEN");
    assert_eq!(d["state"], "OPEN");
    assert_eq!(d["skillId"], "-1");
    assert_eq!(d["brandId"], env.account.as_str());
    assert_eq!(d["ttr"], json!({"ttrType": "NORMAL", "value": 3600}));
    assert_eq!(
        d["participants"],
        json!([{"id": consumer_id, "role": "CONSUMER"}])
    );
    assert_eq!(d["dialogs"][0]["dialogId"], conv.as_str());
    assert_eq!(d["dialogs"][0]["dialogType"], "MAIN");
    assert_eq!(d["dialogs"][0]["channelType"], "MESSAGING");
    assert_eq!(
        d["dialogs"][0]["participantsDetails"],
        json!([{"id": consumer_id, "role": "CONSUMER", "state": "ACTIVE"}])
    );
    assert_eq!(d["context"]["type"], "CustomContext");
    assert_eq!(d["context"]["name"], "lp-messaging-sdk");
    assert!(
        d.get("convId").is_none(),
        "convId inside details is brand-only"
    );
    assert!(d.get("endTs").is_none());
    assert_eq!(r["effectiveTTR"], -1);

    // 10. messaging subscription: empty history.
    let resp = c
        .request(
            "ms.SubscribeMessagingEvents",
            json!({"conversationId": conv, "dialogId": conv, "fromSeq": 0}),
        )
        .await;
    assert_eq!(resp["code"], 200);
    assert_eq!(resp["type"], "GenericSubscribeResponse");
    let hist = c.notification("ms.MessagingEventNotification").await;
    assert_eq!(hist, json!({"changes": []}));

    // 11. publish → sequence 0 and the echo.
    let resp = c
        .request(
            "ms.PublishEvent",
            json!({"conversationId": conv, "dialogId": conv, "messageAudience": "ALL",
                   "event": {"type": "ContentEvent", "contentType": "text/plain", "message": "test"}}),
        )
        .await;
    assert_eq!(resp["code"], 200);
    assert_eq!(resp["type"], "ms.PublishEventResponse");
    assert_eq!(resp["body"], json!({"sequence": 0}));
    let echo = c.notification("ms.MessagingEventNotification").await;
    let rec = &changes(&echo)[0];
    assert_eq!(rec["sequence"], 0);
    assert_eq!(rec["originatorId"], consumer_id.as_str());
    assert_eq!(rec["originatorMetadata"]["id"], consumer_id.as_str());
    assert_eq!(rec["originatorMetadata"]["role"], "CONSUMER");
    assert_eq!(
        rec["event"],
        json!({"type": "ContentEvent", "contentType": "text/plain", "message": "test"})
    );
    assert_eq!(rec["dialogId"], conv.as_str());
    assert_eq!(rec["conversationId"], conv.as_str());
    assert_eq!(rec["messageAudience"], "ALL");
    assert!(rec["serverTimestamp"].as_i64().is_some());
    assert!(
        rec.get("originatorPId").is_none(),
        "v3 records carry no originatorPId"
    );

    // 12. close.
    let resp = c
        .request(
            "cm.UpdateConversationField",
            json!({"conversationId": conv, "conversationField": [{"field": "ConversationStateField", "conversationState": "CLOSE"}]}),
        )
        .await;
    assert_eq!(resp["code"], 200);
    assert_eq!(resp["type"], "StringResponse");
    assert_eq!(resp["body"], "OK Conversation resolved successfully");
    let closed = c.notification("cqm.ExConversationChangeNotification").await;
    let ch = changes(&closed);
    assert_eq!(
        ch[0]["type"], "UPSERT",
        "the subscription includes closed conversations"
    );
    let d = &ch[0]["result"]["conversationDetails"];
    assert_eq!(d["stage"], "CLOSE");
    assert_eq!(d["state"], "CLOSE");
    assert_eq!(d["closeReason"], "CONSUMER");
    assert!(d["endTs"].as_i64().is_some());
    assert_eq!(d["dialogs"][0]["state"], "CLOSE");
    assert_eq!(d["dialogs"][0]["closedBy"], "CONSUMER");
    c.assert_quiet(100).await;
}

#[tokio::test]
async fn brand_bot_subscribes_joins_replies_and_closes() {
    let env = Env::start().await;
    let (mut bot, me) = env.brand("bot").await;

    // 5. socket check with its own old id.
    let resp = bot
        .request(
            ".ams.userprofile.GetUserProfile",
            json!({"userId": me.old_id}),
        )
        .await;
    assert_eq!(resp["code"], 200);
    assert_eq!(resp["type"], ".ams.userprofile.GetUserProfile$Response");
    assert_eq!(resp["body"]["userId"], me.old_id.as_str());

    // 7. account-wide subscription.
    let resp = bot
        .request(
            ".ams.aam.SubscribeExConversations",
            json!({"stage": ["OPEN"]}),
        )
        .await;
    assert_eq!(resp["type"], ".ams.aam.SubscribeExConversations$Response");
    let sub = resp["body"]["subscriptionId"]
        .as_str()
        .expect("id")
        .to_owned();
    let snap = bot
        .notification(".ams.aam.ExConversationChangeNotification")
        .await;
    assert_eq!(snap["subscriptionId"], sub.as_str());
    assert_eq!(snap["changes"], json!([]));

    let clock = bot.request(".GetClock", json!({})).await;
    assert_eq!(clock["type"], ".GetClock$Response");

    // A consumer creates a conversation and writes.
    let (mut c, consumer_id) = env.consumer().await;
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

    // 9. the bot sees the UPSERT and joins.
    let up = bot
        .notification(".ams.aam.ExConversationChangeNotification")
        .await;
    let r = &changes(&up)[0]["result"];
    assert_eq!(r["convId"], conv.as_str());
    assert_eq!(r["conversationDetails"]["convId"], conv.as_str());
    assert_eq!(
        r["conversationDetails"]["participants"],
        json!({"CONSUMER": [consumer_id]})
    );
    assert_eq!(
        r["conversationDetails"]["participantsPId"],
        json!({"CONSUMER": [consumer_id]})
    );
    assert_eq!(r["conversationDetails"]["firstConversation"], true);
    assert_eq!(
        r["conversationDetails"]["conversationHandlerDetails"],
        json!({"accountId": env.account, "skillId": "-1"})
    );
    let resp = bot
        .request(
            ".ams.cm.UpdateConversationField",
            json!({"conversationId": conv, "conversationField": [{"field": "ParticipantsChange", "userId": me.old_id, "role": "AGENT", "type": "ADD"}]}),
        )
        .await;
    assert_eq!(resp["code"], 200);
    assert_eq!(resp["type"], ".ReqBody$StringResp");
    assert_eq!(resp["body"], "OK Agent added successfully");
    let up = bot
        .notification(".ams.aam.ExConversationChangeNotification")
        .await;
    let d = &changes(&up)[0]["result"]["conversationDetails"];
    assert_eq!(
        d["participants"],
        json!({"CONSUMER": [consumer_id], "AGENT": [me.old_id]})
    );
    assert_eq!(
        d["participantsPId"],
        json!({"CONSUMER": [consumer_id], "AGENT": [me.pid]})
    );
    assert_eq!(
        d["dialogs"][0]["participantsDetails"],
        json!([{"id": consumer_id, "role": "CONSUMER", "state": "ACTIVE"}, {"id": me.old_id, "role": "AGENT", "state": "ACTIVE"}])
    );

    // 10. consumer writes; the bot gets one record.
    c.request(
        "ms.PublishEvent",
        json!({"conversationId": conv, "dialogId": conv, "messageAudience": "ALL", "event": {"type": "ContentEvent", "contentType": "text/plain", "message": "hi"}}),
    )
    .await;
    let rec = bot.notification(".ams.ms.OnlineEventDistribution").await;
    assert_eq!(rec["sequence"], 0);
    assert_eq!(rec["originatorId"], consumer_id.as_str());
    assert_eq!(rec["originatorPId"], consumer_id.as_str());
    assert_eq!(rec["originatorMetadata"]["role"], "CONSUMER");
    assert_eq!(rec["event"]["message"], "hi");
    assert!(rec.get("changes").is_none());
    let resp = bot
        .request(
            ".ams.ms.PublishEvent",
            json!({"conversationId": conv, "dialogId": conv, "messageAudience": "ALL", "event": {"type": "ContentEvent", "contentType": "text/plain", "message": "hello"}}),
        )
        .await;
    assert_eq!(resp["type"], ".ams.ms.PublishEvent$Response");
    assert_eq!(resp["body"], json!({"sequence": 1}));
    let echo = bot.notification(".ams.ms.OnlineEventDistribution").await;
    assert_eq!(echo["originatorId"], me.old_id.as_str());
    assert_eq!(echo["originatorPId"], me.pid.as_str());
    assert_eq!(
        echo["originatorMetadata"],
        json!({"id": me.pid, "role": "AGENT"})
    );
    let seen = changes(&c.notification("ms.MessagingEventNotification").await);
    assert_eq!(seen[0]["event"]["message"], "hi");
    let seen = changes(&c.notification("ms.MessagingEventNotification").await);
    assert_eq!(seen[0]["originatorId"], me.pid.as_str());
    assert_eq!(seen[0]["originatorMetadata"]["role"], "AGENT");

    // 11. close → DELETE with final details for the OPEN-only subscription.
    let resp = bot
        .request(
            ".ams.cm.UpdateConversationField",
            json!({"conversationId": conv, "conversationField": [{"field": "ConversationStateField", "conversationState": "CLOSE"}]}),
        )
        .await;
    assert_eq!(resp["body"], "OK Conversation resolved successfully");
    let del = bot
        .notification(".ams.aam.ExConversationChangeNotification")
        .await;
    let ch = changes(&del);
    assert_eq!(ch[0]["type"], "DELETE");
    assert_eq!(ch[0]["result"]["convId"], conv.as_str());
    assert_eq!(ch[0]["result"]["conversationDetails"]["stage"], "CLOSE");
    assert_eq!(
        ch[0]["result"]["conversationDetails"]["closeReason"],
        "AGENT"
    );
}

#[tokio::test]
async fn agent_bot_takes_rings() {
    let env = Env::start().await;
    let (mut bot, me) = env.brand("ringbot").await;
    bot.request(
        ".ams.aam.SubscribeExConversations",
        json!({"stage": ["OPEN"]}),
    )
    .await;
    bot.notification(".ams.aam.ExConversationChangeNotification")
        .await;

    let resp = bot
        .request(
            ".ams.routing.SetAgentState",
            json!({"availability": "ONLINE", "channels": ["MESSAGING"], "agentUserId": me.old_id}),
        )
        .await;
    assert_eq!(resp["code"], 202);
    assert_eq!(resp["type"], ".ReqBody$StringResp");
    assert_eq!(resp["body"], "Agent state updated successfully");
    let resp = bot
        .request(
            ".ams.routing.SubscribeRoutingTasks",
            json!({"channelType": "MESSAGING", "brandId": env.account, "agentId": me.old_id}),
        )
        .await;
    assert_eq!(resp["type"], ".ams.GenericSubscribe$Response");
    let rsub = resp["body"]["subscriptionId"]
        .as_str()
        .expect("id")
        .to_owned();
    let first = bot
        .notification(".ams.routing.RoutingTaskNotification")
        .await;
    assert_eq!(first, json!({"subscriptionId": rsub, "changes": []}));

    let (mut c, consumer_id) = env.consumer().await;
    let conv =
        c.request("cm.ConsumerRequestConversation", json!({})).await["body"]["conversationId"]
            .as_str()
            .expect("id")
            .to_owned();
    let ring_note = bot
        .notification(".ams.routing.RoutingTaskNotification")
        .await;
    let ch = changes(&ring_note);
    assert_eq!(ch.len(), 1);
    assert_eq!(ch[0]["type"], "UPSERT");
    let r = &ch[0]["result"];
    assert_eq!(r["conversationId"], conv.as_str());
    assert_eq!(r["consumerId"], consumer_id.as_str());
    assert_eq!(r["taskCompleted"], false);
    let rings = r["ringsDetails"].as_array().expect("rings");
    assert_eq!(rings.len(), 1);
    assert_eq!(rings[0]["ringState"], "WAITING");
    assert_eq!(rings[0]["ringExpiration"], 72000);
    let ring_id = rings[0]["ringId"].as_str().expect("ring id").to_owned();
    assert!(ring_id.starts_with(&format!("{conv}_{}_", env.account)));
    assert_eq!(
        rings[0]["ringExpirationTs"].as_i64().expect("ts"),
        ring_id
            .rsplit('_')
            .next()
            .expect("ms")
            .parse::<i64>()
            .expect("ms")
            + 72000
    );

    let resp = bot
        .request(
            ".ams.routing.UpdateRingState",
            json!({"ringId": ring_id, "ringState": "ACCEPTED"}),
        )
        .await;
    assert_eq!(resp["code"], 202);
    assert_eq!(resp["body"], "Ring state updated successfully");
    let accepted = bot
        .notification(".ams.routing.RoutingTaskNotification")
        .await;
    let r = &changes(&accepted)[0]["result"];
    assert_eq!(r["taskCompleted"], true);
    assert_eq!(r["ringsDetails"][0]["ringState"], "ACCEPTED");
    // The conversation reaches the bot through its subscription, now assigned to it.
    let mut assigned = false;
    for _ in 0..3 {
        let up = bot
            .notification(".ams.aam.ExConversationChangeNotification")
            .await;
        let d = &changes(&up)[0]["result"]["conversationDetails"];
        if d["participants"]["ASSIGNED_AGENT"] == json!([me.old_id]) {
            assert_eq!(d["participantsPId"]["ASSIGNED_AGENT"], json!([me.pid]));
            assigned = true;
            break;
        }
    }
    assert!(assigned);
    let _ = c;
}
