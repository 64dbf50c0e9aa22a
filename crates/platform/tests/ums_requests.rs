//! Every request type from the side that may not send it, malformed input, unknown types,
//! both name sets, faults.

mod support_ums;

use lpm_protocol::{ApiVersion, MessageKind, MessageType, Side};
use serde_json::{Value, json};
use support_ums::Env;

#[tokio::test]
async fn every_request_type_from_the_wrong_side_gets_403() {
    let env = Env::start().await;
    let (mut c, _) = env.consumer().await;
    let (mut b, _) = env.brand("agent").await;
    let mut checked = 0;
    for t in MessageType::all().filter(|t| t.kind() == MessageKind::Request) {
        if !t.may_send(Side::Consumer) {
            let name = t
                .name(ApiVersion::V3)
                .or(t.name(ApiVersion::V2_1))
                .expect("name");
            let r = c.request(name, json!({})).await;
            assert_eq!(r["code"], 403, "{name} from a consumer: {r}");
            assert_eq!(r["type"], "StringResponse");
            assert_eq!(r["body"], "Forbidden");
            checked += 1;
        }
        if !t.may_send(Side::Brand) {
            let name = t.name(ApiVersion::V2_1).expect("name");
            let r = b.request(name, json!({})).await;
            assert_eq!(r["code"], 403, "{name} from a brand user: {r}");
            assert_eq!(r["type"], ".ReqBody$StringResp");
            checked += 1;
        }
    }
    assert!(checked >= 12, "{checked}");
}

#[tokio::test]
async fn malformed_and_unknown_frames_get_errors_and_the_socket_stays_up() {
    let env = Env::start().await;
    let (mut c, _) = env.consumer().await;
    for bad in [
        "not json".to_owned(),
        "[1,2,3]".to_owned(),
        "{}".to_owned(),
        r#"{"kind":"req","type":"GetClock"}"#.to_owned(),
        r#"{"kind":"resp","reqId":"x","code":200}"#.to_owned(),
        r#"{"kind":"req","id":"m1","type":42}"#.to_owned(),
    ] {
        c.send_text(bad.clone()).await;
        let f = c.next().await;
        assert_eq!(f["kind"], "resp", "{bad}");
        assert_eq!(f["code"], 400, "{bad}: {f}");
        assert_eq!(f["type"], "StringResponse");
    }
    let r = c.request("no.SuchType", json!({})).await;
    assert_eq!(
        (r["code"].clone(), r["body"].clone()),
        (json!(400), json!("Unknown request type"))
    );
    // A notification type is not a request.
    let r = c.request("ms.MessagingEventNotification", json!({})).await;
    assert_eq!(r["code"], 400);
    // Numeric ids are echoed as strings.
    c.send_raw(json!({"id": 7, "type": "GetClock"})).await;
    let f = c.response("7").await;
    assert_eq!(f["code"], 200);
    // Bodies of the wrong shape.
    for (t, body) in [
        ("ms.PublishEvent", json!({})),
        ("ms.PublishEvent", json!({"dialogId": "x", "event": "text"})),
        (
            "ms.PublishEvent",
            json!({"dialogId": "x", "event": {"type": "Nope"}}),
        ),
        ("cm.UpdateConversationField", json!({"conversationId": 5})),
        (
            "cm.ConsumerRequestConversation",
            json!({"skillId": {"a": 1}}),
        ),
        ("ms.SubscribeMessagingEvents", json!({"fromSeq": 0})),
        ("cqm.UnsubscribeExConversations", json!({})),
        (
            "ms.GenerateURLForUploadFile",
            json!({"fileSize": "big", "fileType": "PNG"}),
        ),
    ] {
        let r = c.request(t, body.clone()).await;
        assert!(r["code"].as_u64().expect("code") >= 400, "{t} {body}: {r}");
        assert!(r["body"].is_string());
    }
    c.send_raw(json!({"kind":"req","id":"bin","type":"GetClock","body":"a string body"}))
        .await;
    assert_eq!(c.response("bin").await["code"], 200);
    assert_eq!(
        c.request("GetClock", json!({})).await["code"],
        200,
        "still up"
    );
}

#[tokio::test]
async fn other_version_names_are_tolerated_and_answered_in_the_socket_version() {
    let env = Env::start().await;
    let (mut c, _) = env.consumer().await;
    let r = c.request(".GetClock", json!({})).await;
    assert_eq!(r["type"], "GetClockResponse");
    let (mut b, _) = env.brand("a").await;
    let r = b.request("GetClock", json!({})).await;
    assert_eq!(r["type"], ".GetClock$Response");
    let r = b
        .request("routing.SetAgentState", json!({"availability": "AWAY"}))
        .await;
    assert_eq!(r["code"], 202);
}

#[tokio::test]
async fn injected_faults_answer_with_the_given_error_once() {
    let env = Env::start().await;
    let (mut c, _) = env.consumer().await;
    let client = reqwest::Client::new();
    let status = client
        .post(env.http("/_lpm/faults"))
        .json(&json!({"kind": "ums:ms.PublishEvent", "status": 429, "body": "Too many requests"}))
        .send()
        .await
        .expect("control")
        .status();
    assert_eq!(status, 204);
    let conv =
        c.request("cm.ConsumerRequestConversation", json!({})).await["body"]["conversationId"]
            .as_str()
            .expect("id")
            .to_owned();
    let publish = json!({"dialogId": conv, "event": {"type": "ContentEvent", "contentType": "text/plain", "message": "x"}});
    let r = c.request("ms.PublishEvent", publish.clone()).await;
    assert_eq!(
        (r["code"].clone(), r["body"].clone(), r["type"].clone()),
        (
            json!(429),
            json!("Too many requests"),
            json!("StringResponse")
        )
    );
    let r = c.request("ms.PublishEvent", publish).await;
    assert_eq!(r["code"], 200);
    // The fault kind uses the v3 name even on a brand socket.
    client
        .post(env.http("/_lpm/faults"))
        .json(&json!({"kind": "ums:GetClock", "status": 500}))
        .send()
        .await
        .expect("control");
    let (mut b, _) = env.brand("a").await;
    let r = b.request(".GetClock", json!({})).await;
    assert_eq!(
        (r["code"].clone(), r["type"].clone()),
        (json!(500), json!(".ReqBody$StringResp"))
    );
}

/// Every request type, from both sides, with bodies of every JSON shape: each gets exactly one
/// response and the sockets stay up (nothing panics on input).
#[tokio::test]
async fn garbage_bodies_for_every_type_are_answered_once() {
    let env = Env::start().await;
    let (mut c, _) = env.consumer().await;
    let (mut b, _) = env.brand("agent").await;
    let bodies = [
        json!(null),
        json!(1),
        json!("x"),
        json!([1, {}]),
        json!({}),
        json!({"conversationId": 1, "dialogId": [], "event": 5, "conversationField": "x", "fromSeq": -1,
               "subscriptionId": {}, "ringId": 3, "ringState": [], "availability": 9, "fileSize": -5,
               "fileType": {}, "relativePath": 7, "userId": [], "consumerId": null, "skillId": true,
               "stage": "OPEN", "agentIds": 4, "newerThanSequence": "a", "maxQuantity": -1}),
        json!({"conversationId": "nope", "dialogId": "nope", "conversationField": [{"field": "ParticipantsChange"}, {}, 3],
               "event": {"type": "ContentEvent"}}),
    ];
    let mut n = 0;
    for t in MessageType::all().filter(|t| t.kind() == MessageKind::Request) {
        if t == MessageType::InitConnection {
            continue;
        }
        for body in &bodies {
            for (client, version) in [(&mut c, ApiVersion::V3), (&mut b, ApiVersion::V2_1)] {
                let Some(name) = t.name(version).or(t.name(ApiVersion::V2_1)) else {
                    continue;
                };
                let id = client.send(name, body.clone()).await;
                let r = client.response(&id).await;
                assert!(r["code"].is_u64(), "{name} {body}: {r}");
                n += 1;
            }
        }
    }
    assert!(n > 300, "{n}");
    assert_eq!(c.request("GetClock", json!({})).await["code"], 200);
    assert_eq!(b.request(".GetClock", json!({})).await["code"], 200);
}

#[tokio::test]
async fn rarely_used_request_types() {
    let env = Env::start().await;
    let (mut c, consumer) = env.consumer().await;
    let (mut b, me) = env.brand("agent").await;
    // UpdateExConversationSubscription replaces the filter and re-sends the snapshot.
    let conv =
        c.request("cm.ConsumerRequestConversation", json!({})).await["body"]["conversationId"]
            .as_str()
            .expect("id")
            .to_owned();
    let r = b
        .request(
            ".ams.aam.SubscribeExConversations",
            json!({"stage": ["CLOSE"]}),
        )
        .await;
    let sub = r["body"]["subscriptionId"].as_str().expect("id").to_owned();
    assert_eq!(
        b.notification(".ams.aam.ExConversationChangeNotification")
            .await["changes"],
        json!([])
    );
    let r = b
        .request(
            ".ams.aam.UpdateExConversationSubscription",
            json!({"subscriptionId": sub, "stage": ["OPEN"]}),
        )
        .await;
    assert_eq!(r["code"], 200);
    assert_eq!(
        r["type"],
        ".ams.aam.UpdateExConversationSubscription$Response"
    );
    let snap = b
        .notification(".ams.aam.ExConversationChangeNotification")
        .await;
    assert_eq!(
        support_ums::changes(&snap)[0]["result"]["convId"],
        conv.as_str()
    );
    let r = b
        .request(
            ".ams.aam.UpdateExConversationSubscription",
            json!({"subscriptionId": "nope"}),
        )
        .await;
    assert_eq!(r["code"], 404);
    // Routing-task subscription updates.
    let r = b
        .request(
            ".ams.routing.SubscribeRoutingTasks",
            json!({"brandId": env.account, "agentId": me.old_id}),
        )
        .await;
    let rsub = r["body"]["subscriptionId"].as_str().expect("id").to_owned();
    b.notification(".ams.routing.RoutingTaskNotification").await;
    let r = b
        .request(
            ".ams.routing.UpdateRoutingTaskSubscription",
            json!({"subscriptionId": rsub, "brandId": env.account, "agentId": me.old_id}),
        )
        .await;
    assert_eq!(r["code"], 200);
    let r = b
        .request(
            ".ams.routing.UpdateRoutingTaskSubscription",
            json!({"subscriptionId": "x"}),
        )
        .await;
    assert_eq!(r["code"], 404);
    // Profiles: the brand user reads the consumer's profile (object or bare string body).
    c.request(
        "userprofile.SetUserProfile",
        json!({"firstName": "Ann", "lastName": null}),
    )
    .await;
    let r = b
        .request(
            ".ams.userprofile.GetUserProfile",
            json!({"userId": consumer}),
        )
        .await;
    assert_eq!(r["body"], json!({"firstName": "Ann", "userId": consumer}));
    let id = b.next_id();
    b.send_raw(json!({"kind": "req", "id": id, "type": ".ams.userprofile.GetUserProfile", "body": consumer})).await;
    assert_eq!(b.response(&id).await["body"]["firstName"], "Ann");
    let r = b
        .request(".ams.userprofile.GetUserProfile", json!({}))
        .await;
    assert_eq!(r["body"]["userId"], me.old_id.as_str());
    assert_eq!(r["body"]["pid"], me.pid.as_str());
    let r = b
        .request(
            ".ams.userprofile.GetUserProfile",
            json!({"userId": "unknown-consumer"}),
        )
        .await;
    assert_eq!(
        (r["code"].clone(), r["body"].clone()),
        (json!(404), json!("User not found"))
    );
    // Brand profile and download token.
    let r = b
        .request(
            ".ams.brandprofile.GetBrandProfile",
            json!({"brandId": env.account}),
        )
        .await;
    assert_eq!(r["body"]["brandId"], env.account.as_str());
    let r = b
        .request(
            ".ams.ms.token.GenerateDownloadToken",
            json!({"relativePath": "/x"}),
        )
        .await;
    assert_eq!(r["code"], 200);
    assert_eq!(r["body"]["token"].as_str().expect("token").len(), 64);
    // Legacy types answer OK.
    let r = b.request(".ams.cm.SubscribeConversations", json!({})).await;
    assert_eq!(r["code"], 200);
}

#[tokio::test]
async fn the_response_comes_before_the_notifications_it_causes() {
    let env = Env::start().await;
    let (mut c, _) = env.consumer().await;
    let id = c.send("cqm.SubscribeExConversations", json!({})).await;
    let first = c.next().await;
    assert_eq!(
        (first["kind"].clone(), first["reqId"].clone()),
        (json!("resp"), json!(id))
    );
    let second = c.next().await;
    assert_eq!(second["type"], "cqm.ExConversationChangeNotification");
    let id = c.send("cm.ConsumerRequestConversation", json!({})).await;
    let first = c.next().await;
    assert_eq!(first["reqId"], id.as_str());
    assert_eq!(
        c.next().await["type"],
        "cqm.ExConversationChangeNotification"
    );
    let conv = first["body"]["conversationId"]
        .as_str()
        .expect("id")
        .to_owned();
    let id = c
        .send("ms.SubscribeMessagingEvents", json!({"dialogId": conv}))
        .await;
    assert_eq!(c.next().await["reqId"], id.as_str());
    assert_eq!(c.next().await["type"], "ms.MessagingEventNotification");
    let id = c
        .send("ms.PublishEvent", json!({"dialogId": conv, "event": {"type": "ContentEvent", "contentType": "text/plain", "message": "x"}}))
        .await;
    assert_eq!(c.next().await["reqId"], id.as_str());
    assert_eq!(c.next().await["type"], "ms.MessagingEventNotification");
    c.assert_quiet(50).await;
}

#[tokio::test]
async fn websocket_pings_get_pongs() {
    use futures_util::{SinkExt, StreamExt};
    use tokio_tungstenite::tungstenite::Message;
    let env = Env::start().await;
    let user = env.brand_login("pinger");
    let (mut ws, _) = tokio_tungstenite::connect_async(env.brand_url(&user.bearer))
        .await
        .expect("connect");
    ws.send(Message::Ping(b"hi".to_vec().into()))
        .await
        .expect("ping");
    let pong = tokio::time::timeout(std::time::Duration::from_secs(5), ws.next())
        .await
        .expect("in time")
        .expect("frame")
        .expect("ok");
    assert_eq!(pong, Message::Pong(b"hi".to_vec().into()));
}

#[tokio::test]
async fn get_user_profile_of_an_authenticated_consumer_carries_its_claims() {
    let env = Env::start().await;
    let sdes = json!([
        {"type": "ctmrinfo", "info": {"customerId": "c-42", "ctype": "vip"}},
        {"type": "personal", "personal": {"firstname": "Jane", "lastname": "Doe"}}
    ]);
    // The brand's id token as bare JSON claims (accepted by a dev-mode connector).
    let id_token =
        json!({"sub": "jane", "iss": "https://brand.example", "lp_sdes": sdes}).to_string();
    let answer: Value = reqwest::Client::new()
        .post(env.http(&format!(
            "/api/account/{}/app/7/authenticate?v=3.0",
            env.account
        )))
        .json(&json!({"id_token": id_token}))
        .send()
        .await
        .expect("idp answers")
        .json()
        .await
        .expect("json");
    let jwt = answer["token"].as_str().expect("token").to_owned();
    let mut c = env.consumer_with_jwt(&jwt).await;
    let own = c.request("userprofile.GetUserProfile", json!({})).await;
    assert_eq!(own["code"], 200, "{own}");
    let id = own["body"]["userId"].as_str().expect("id").to_owned();
    let expected_claims = json!({"iss": "https://brand.example", "lp_sdes": sdes});
    assert_eq!(own["body"]["claims"], expected_claims, "{own}");
    assert_eq!(own["body"]["acr"], "loa1");
    // An agent reads the same SDEs (what node-agent-sdk's Transformer reads).
    c.request("cm.ConsumerRequestConversation", json!({})).await;
    let (mut b, _) = env.brand("agent").await;
    let r = b
        .request(".ams.userprofile.GetUserProfile", json!({"userId": id}))
        .await;
    assert_eq!(r["code"], 200, "{r}");
    assert_eq!(r["body"]["claims"], expected_claims, "{r}");
    assert_eq!(r["body"]["acr"], "loa1");
    // An unauthenticated consumer has none.
    let (mut u, _) = env.consumer().await;
    let r = u.request("userprofile.GetUserProfile", json!({})).await;
    assert!(r["body"].get("claims").is_none(), "{r}");
}
