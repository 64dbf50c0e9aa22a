//! Consumer connections: README "What a client sends, in order" §1 and every consumer auth flow.

mod connection_support;

use connection_support::*;
use lpm_core::connection::{
    Command, CommandOutput, ConnectionState, Event, INTEGRATION_VERSION, RawRequest,
};
use lpm_core::io::{HttpMethod, Transmit};
use serde_json::{Value, json};

#[test]
fn anonymous_consumer_sends_exactly_the_readme_sequence() {
    let mut h = H::consumer(json!({}));
    let open = h.cmd(Command::Open);
    assert_eq!(h.c.state(), ConnectionState::Connecting);

    // 1. CSDS idp
    let r = h.next_http();
    assert_eq!(r.method, HttpMethod::Get);
    assert_eq!(r.url, csds_url("idp"));
    assert!(r.body.is_empty());
    h.no_transmit();
    h.reply(&r, 200, json!({"baseURI": "idp.example"}));

    // 2. signup, no body
    let r = h.next_http();
    assert_eq!(r.method, HttpMethod::Post);
    assert_eq!(
        r.url,
        format!("https://idp.example/api/account/{ACCT}/signup")
    );
    assert!(r.body.is_empty());
    h.reply(&r, 200, json!({"jwt": jwt("consumer-1")}));

    // 3. CSDS asyncMessagingEnt
    let r = h.next_http();
    assert_eq!(r.url, csds_url("asyncMessagingEnt"));
    h.reply(&r, 200, json!({"baseURI": "msg.example"}));

    // 4. socket, no Authorization header
    let (_, url) = h.expect_open_socket();
    assert_eq!(
        url,
        format!(
            "wss://msg.example/ws_api/account/{ACCT}/messaging/consumer?v=3&intid=lpm-sdk&intvn={INTEGRATION_VERSION}&appid=quick_start&appvn=unknown"
        )
    );
    h.no_transmit();
    h.opened();

    // 5. InitConnection, auth header first; nothing else before its answer
    let init = h.frame_of("InitConnection");
    assert_eq!(init["body"], json!({}));
    assert_eq!(
        init["headers"],
        json!([{"type":".ams.headers.ConsumerAuthentication","jwt": jwt("consumer-1")},{"type":".ams.headers.ClientProperties"}])
    );
    assert_eq!(
        init["id"].as_str().map(str::len),
        Some(36),
        "UUID request ids"
    );
    h.no_transmit();
    h.respond(&init, 200, json!("OK"));

    // 6. default subscription
    let sub = h.frame_of("cqm.SubscribeExConversations");
    assert_eq!(sub["body"], json!({"stage":["OPEN","CLOSE"]}));
    h.no_transmit();
    h.respond(&sub, 200, json!({"subscriptionId":"S1"}));

    // 8. own profile (keep-alive armed, first GetClock one interval later)
    let p = h.frame_of("userprofile.GetUserProfile");
    assert_eq!(p["body"], json!({}));
    h.notify(
        "cqm.ExConversationChangeNotification",
        json!({"subscriptionId":"S1","changes":[]}),
    );
    assert!(h.result(open).is_none(), "open completes after the profile");
    h.respond(&p, 200, json!({"userId":"consumer-1"}));
    assert_eq!(h.ok(open), CommandOutput::Done);
    assert_eq!(h.c.state(), ConnectionState::Connected);
    assert_eq!(h.c.user_id(), Some("consumer-1"));
    assert!(h.has_event(|e| matches!(e, Event::Connect)));
    h.no_transmit();

    // 7. keep-alive every 10 s
    assert_eq!(h.fire_next_timer(), 10_000);
    let clock = h.frame_of("GetClock");
    assert_eq!(clock["body"], json!({}));
    h.respond(&clock, 200, json!({"currentTime": 5}));

    // 9. createConversation
    let cc = h.cmd(Command::CreateConversation {
        skill_id: None,
        context: None,
        campaign_info: None,
    });
    let f = h.frame_of("cm.ConsumerRequestConversation");
    assert_eq!(
        f["body"],
        json!({"ttrDefName":"NORMAL","channelType":"MESSAGING","skillId":null,
            "conversationContext":{"clientProperties":{},"type":"CustomContext","name":"lp-messaging-sdk","description":"a default context for lp-messaging-sdk"},
            "campaignInfo":null})
    );
    h.respond(&f, 200, json!({"conversationId":"C"}));
    assert_eq!(
        h.ok(cc),
        CommandOutput::Conversation {
            conversation_id: "C".into()
        }
    );
    // Usable at once, before any notification: open, default skill, main dialog open.
    let created = h.c.model().conversation("C").expect("in the model at once");
    assert_eq!(created.skill_id, "-1");
    assert_eq!(
        created.open_dialog().map(|d| d.dialog_id.as_str()),
        Some("C")
    );

    // 10. messaging subscription of the new conversation
    let m = h.frame_of("ms.SubscribeMessagingEvents");
    assert_eq!(
        m["body"],
        json!({"conversationId":"C","dialogId":"C","fromSeq":0})
    );
    h.respond(&m, 200, json!({}));
    h.notify(
        "cqm.ExConversationChangeNotification",
        json!({"subscriptionId":"S1","changes":[conv_change("C","OPEN",1)]}),
    );
    h.no_transmit(); // already subscribed: no duplicate

    // 11. a message through the raw send
    let send = h.cmd(Command::Send {
        request: RawRequest {
            type_name: "ms.PublishEvent".into(),
            body: Some(json!({"conversationId":"C","dialogId":"C","messageAudience":"ALL","event":{"type":"ContentEvent","contentType":"text/plain","message":"test"}})),
            headers: None,
            metadata: None,
        },
    });
    let f = h.frame_of("ms.PublishEvent");
    assert!(f.get("metadata").is_none() && f.get("headers").is_none());
    h.respond(&f, 200, json!({"sequence":0}));
    assert_eq!(
        h.ok(send),
        CommandOutput::Body {
            body: json!({"sequence":0})
        }
    );

    // 12. closeConversation
    let close_conv = h.cmd(Command::CloseConversation {
        conversation_id: "C".into(),
    });
    let f = h.frame_of("cm.UpdateConversationField");
    assert_eq!(
        f["body"],
        json!({"conversationId":"C","conversationField":[{"field":"ConversationStateField","conversationState":"CLOSE"}]})
    );
    h.respond(&f, 200, json!("OK Conversation resolved successfully"));
    assert_eq!(h.ok(close_conv), CommandOutput::Done);

    // 13. close: just the socket, no farewell frames, no HTTP
    let close = h.cmd(Command::Close);
    match h.next() {
        Transmit::CloseSocket { code, .. } => assert_eq!(code, 1000),
        other => panic!("{other:?}"),
    }
    h.no_transmit();
    assert_eq!(h.ok(close), CommandOutput::Done);
    assert_eq!(h.c.state(), ConnectionState::Closed);
    assert!(h.has_event(|e| matches!(e, Event::Close { code: 1000, .. })));
    assert_eq!(h.c.poll_timeout(), None, "every timer stopped");
}

#[test]
fn existing_open_conversations_get_messaging_subscriptions() {
    let mut h = H::consumer(json!({}));
    let open = h.cmd(Command::Open);
    h.csds("idp", "idp.example");
    let r = h.next_http();
    h.reply(&r, 200, json!({"jwt": jwt("consumer-1")}));
    h.csds("asyncMessagingEnt", "msg.example");
    h.expect_open_socket();
    h.opened();
    let init = h.frame_of("InitConnection");
    h.respond(&init, 200, json!("OK"));
    let sub = h.frame_of("cqm.SubscribeExConversations");
    // the snapshot may arrive before the response: handled anyway; open dialogs get their
    // messaging subscription at once, closed ones none
    h.notify(
        "cqm.ExConversationChangeNotification",
        json!({"subscriptionId":"S1","changes":[conv_change("C1","OPEN",1), conv_change("C0","CLOSE",1)]}),
    );
    let m = h.frame_of("ms.SubscribeMessagingEvents");
    assert_eq!(
        m["body"],
        json!({"conversationId":"C1","dialogId":"C1","fromSeq":0})
    );
    h.respond(&m, 200, json!({}));
    h.respond(&sub, 200, json!({"subscriptionId":"S1"}));
    let p = h.frame_of("userprofile.GetUserProfile");
    h.respond(&p, 200, json!({"userId":"consumer-1"}));
    h.ok(open);
    h.notify(
        "cqm.ExConversationChangeNotification",
        json!({"subscriptionId":"S1","changes":[conv_change("C1","OPEN",2)]}),
    );
    h.no_transmit();
    assert_eq!(
        h.c.messaging_subscriptions(),
        vec![("C1".to_string(), "C1".to_string())]
    );
}

#[test]
fn saved_token_skips_the_idp() {
    let mut h = H::consumer(json!({"token": jwt("saved-1")}));
    let open = h.cmd(Command::Open);
    assert_eq!(h.c.user_id(), Some("saved-1"));
    h.connect_consumer_socket(json!([]));
    h.ok(open);
    let t = h.cmd(Command::GetToken);
    match h.ok(t) {
        CommandOutput::Token { token } => assert_eq!(token.expose(), jwt("saved-1")),
        other => panic!("{other:?}"),
    }
}

#[test]
fn unauthenticated_connector_flow() {
    let mut h = H::consumer(json!({"unauthConnectorId": "UC1"}));
    let open = h.cmd(Command::Open);
    h.csds("idp", "idp.example");
    let r = h.next_http();
    assert_eq!(
        r.url,
        format!("https://idp.example/api/account/{ACCT}/anonymous/authorize")
    );
    assert_eq!(r.body, b"{}");
    assert!(
        r.headers
            .iter()
            .any(|(k, v)| k == "Content-Type" && v == "application/json")
    );
    h.reply(&r, 200, json!({"token": "EXT0"}));
    let r = h.next_http();
    assert_eq!(
        r.url,
        format!("https://idp.example/api/account/{ACCT}/app/UC1/authenticate?v=3.0")
    );
    assert_eq!(
        serde_json::from_slice::<Value>(&r.body).unwrap(),
        json!({"id_token":"EXT0"})
    );
    h.reply(&r, 200, json!({"token": jwt("unauth-1")}));
    h.connect_consumer_socket(json!([]));
    h.ok(open);
}

#[test]
fn unauth_feature_off_is_an_auth_error() {
    let mut h = H::consumer(json!({"unauthConnectorId": "UC1"}));
    let open = h.cmd(Command::Open);
    h.csds("idp", "idp.example");
    let r = h.next_http();
    h.reply(&r, 428, json!({}));
    let e = h.err(open);
    assert_eq!(e.kind(), "auth");
    assert_eq!(e.code(), Some(428));
    assert!(
        e.to_string()
            .contains("unAuth messaging feature is not enabled"),
        "{e}"
    );
    h.no_transmit();
    assert_eq!(h.c.state(), ConnectionState::FailedToConnect);
    assert_eq!(h.c.poll_timeout(), None, "no retry");
}

#[test]
fn authenticated_consumer_with_jwt_claims() {
    let claims = json!({"sub":"user-9","email":"a@b.c"});
    let mut h = H::consumer(json!({"authConnectorId": "AC1", "jwtClaimsSet": claims}));
    let open = h.cmd(Command::Open);
    h.csds("idp", "idp.example");
    let r = h.next_http();
    assert_eq!(
        r.url,
        format!("https://idp.example/api/account/{ACCT}/app/AC1/authenticate?v=3.0")
    );
    let body: Value = serde_json::from_slice(&r.body).unwrap();
    let code = body["code"].as_str().unwrap();
    assert_eq!(base64_decode(code), claims.to_string().into_bytes());
    assert!(body.get("lp_jwt").is_none());
    h.reply(&r, 200, json!({"token": jwt("auth-1")}));
    h.connect_consumer_socket(json!([]));
    h.ok(open);
    assert!(
        !format!("{:?}", h.c.config()).contains(code),
        "claims code redacted in Debug"
    );
}

#[test]
fn pre_encoded_claims_string_is_sent_as_is() {
    let mut h = H::consumer(json!({"authConnectorId": "AC1", "jwtClaimsSet": "ZW5jb2RlZA=="}));
    h.cmd(Command::Open);
    h.csds("idp", "idp.example");
    let r = h.next_http();
    let body: Value = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(body, json!({"code":"ZW5jb2RlZA=="}));
}

#[test]
fn mock_auth_flow() {
    let mut h = H::consumer(json!({"authData": {"useMockAuth": true, "customerName": "Jo"}}));
    h.cmd(Command::Open);
    h.csds("idp", "idp.example");
    let r = h.next_http();
    assert_eq!(
        r.url,
        format!("https://idp.example/api/account/{ACCT}/app/default/authenticate?v=2")
    );
    assert_eq!(
        serde_json::from_slice::<Value>(&r.body).unwrap(),
        json!({"code":"Jo","redirect_uri":"https://liveperson.net"})
    );
}

#[test]
fn step_up_takes_over_open_conversations() {
    let mut h = H::consumer(json!({"unauthConnectorId": "UC1"}));
    let open = h.cmd(Command::Open);
    h.csds("idp", "idp.example");
    let r = h.next_http();
    h.reply(&r, 200, json!({"token": "EXT0"}));
    let r = h.next_http();
    h.reply(&r, 200, json!({"token": jwt("consumer-1")}));
    h.connect_consumer_socket(json!([conv_change("C1", "OPEN", 1)]));
    h.ok(open);
    h.notify(
        "cqm.ExConversationChangeNotification",
        json!({"subscriptionId":"S1","changes":[conv_change("C1","OPEN",2)]}),
    );
    h.notify("ms.MessagingEventNotification", json!({"subscriptionId":"x","changes":[{"sequence":4,"dialogId":"C1","conversationId":"C1"}]}));

    let step = h.cmd(Command::StepUp {
        auth_connector_id: "AC9".into(),
        jwt_claims_set: json!({"sub":"u"}),
    });
    match h.next() {
        Transmit::CloseSocket { .. } => {}
        other => panic!("{other:?}"),
    }
    let r = h.next_http();
    assert_eq!(
        r.url,
        format!("https://idp.example/api/account/{ACCT}/app/AC9/authenticate?v=3.0")
    );
    let body: Value = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(body["lp_jwt"], jwt("consumer-1"));
    assert!(body["code"].is_string());
    h.reply(&r, 200, json!({"token": jwt("auth-1")}));
    h.expect_open_socket();
    h.opened();
    let init = h.frame_of("InitConnection");
    assert_eq!(init["headers"][0]["jwt"], jwt("auth-1"));
    h.respond(&init, 200, json!("OK"));
    let sub = h.frame_of("cqm.SubscribeExConversations");
    h.respond(&sub, 200, json!({"subscriptionId":"S2"}));
    // the new identity has no conversations yet: C1 must not look deleted
    h.events.clear();
    h.notify(
        "cqm.ExConversationChangeNotification",
        json!({"subscriptionId":"S2","changes":[]}),
    );
    assert!(!h.has_event(|e| matches!(
        e,
        Event::Model {
            model: lpm_core::model::ModelEvent::ConversationDeleted { .. }
        }
    )));
    let p = h.frame_of("userprofile.GetUserProfile");
    h.respond(&p, 200, json!({"userId":"auth-1"}));
    // takeover first, then the messaging re-subscription
    let t = h.frame_of("cm.UpdateConversationField");
    assert_eq!(
        t["body"],
        json!({"conversationId":"C1","conversationField":[
            {"field":"ParticipantsChange","userId":"consumer-1","role":"CONSUMER","type":"REMOVE"},
            {"field":"ParticipantsChange","userId":"auth-1","role":"CONSUMER","type":"ADD"}]})
    );
    let m = h.frame_of("ms.SubscribeMessagingEvents");
    assert_eq!(
        m["body"],
        json!({"conversationId":"C1","dialogId":"C1","fromSeq":5})
    );
    assert_eq!(h.ok(step), CommandOutput::Done);
    assert_eq!(h.c.user_id(), Some("auth-1"));
}

#[test]
fn set_and_get_user_profile() {
    let mut h = H::consumer(json!({}));
    let open = h.open_consumer(json!([]));
    h.ok(open);
    let set = h.cmd(Command::SetUserProfile {
        profile: json!({"firstName":"Jane","lastName":"Doe","nickName":"jd"}),
    });
    let f = h.frame_of("userprofile.SetUserProfile");
    assert_eq!(
        f["body"],
        json!({"firstName":"Jane","lastName":"Doe","nickName":"jd"})
    );
    h.respond(&f, 200, json!("OK User Profile set successfully"));
    h.ok(set);
    let set2 = h.cmd(Command::SetUserProfile {
        profile: json!({"firstName":"X"}),
    });
    let f = h.frame_of("userprofile.SetUserProfile");
    h.respond(&f, 200, json!("something else"));
    let e = h.err(set2);
    assert!(e.to_string().contains("something else"), "{e}");
    let get = h.cmd(Command::GetUserProfile { user_id: None });
    let f = h.frame_of("userprofile.GetUserProfile");
    h.respond(&f, 200, json!({"userId":"consumer-1","firstName":"Jane"}));
    assert_eq!(
        h.ok(get),
        CommandOutput::UserProfile {
            profile: json!({"userId":"consumer-1","firstName":"Jane"})
        }
    );
}

#[test]
fn brand_only_commands_are_refused_on_consumer() {
    let mut h = H::consumer(json!({}));
    let open = h.open_consumer(json!([]));
    h.ok(open);
    let id = h.cmd(Command::SetAgentState {
        agent_state: "ONLINE".into(),
        agent_id: None,
    });
    assert_eq!(h.err(id).kind(), "unsupported");
    h.no_transmit();
}

#[test]
fn client_properties_go_into_init_connection_and_context() {
    let mut h = H::consumer(
        json!({"clientProperties": {"appId":"app1","deviceFamily":"DESKTOP","features":["RICH_CONTENT"]}, "appId": null, "token": jwt("t")}),
    );
    h.cmd(Command::Open);
    h.csds("asyncMessagingEnt", "msg.example");
    let (_, url) = h.expect_open_socket();
    assert!(url.contains("&appid=app1&appvn=unknown"), "{url}");
    h.opened();
    let init = h.frame_of("InitConnection");
    assert_eq!(
        init["headers"][1],
        json!({"type":".ams.headers.ClientProperties","appId":"app1","deviceFamily":"DESKTOP","features":["RICH_CONTENT"]})
    );
}

fn base64_decode(s: &str) -> Vec<u8> {
    let mut out = vec![];
    let (mut buf, mut bits) = (0u32, 0);
    for c in s.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => break,
        };
        buf = (buf << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buf >> bits) as u8);
        }
    }
    out
}

#[test]
fn closing_shows_while_in_flight_and_is_undone_when_refused() {
    use lpm_core::model::ConversationStage;
    let mut h = H::consumer(json!({}));
    let open = h.open_consumer(json!([conv_change("C", "OPEN", 1)]));
    h.ok(open);
    let stage = |h: &H| h.c.model().conversation("C").map(|c| c.stage.clone());
    assert_eq!(stage(&h), Some(ConversationStage::Open));

    // In flight: CLOSING, and a second close is refused without a request.
    let first = h.cmd(Command::CloseConversation {
        conversation_id: "C".into(),
    });
    let f = h.frame_of("cm.UpdateConversationField");
    assert_eq!(stage(&h), Some(ConversationStage::Closing));
    let second = h.cmd(Command::CloseConversation {
        conversation_id: "C".into(),
    });
    assert!(h.err(second).to_string().contains("closing"), "refused");
    h.no_transmit();

    // Refused by the server: back to OPEN, so the user may try again.
    h.respond(&f, 400, json!("Conversation is already closed"));
    assert!(h.err(first).to_string().contains("already closed"));
    assert_eq!(stage(&h), Some(ConversationStage::Open));
    let again = h.cmd(Command::CloseConversation {
        conversation_id: "C".into(),
    });
    let f = h.frame_of("cm.UpdateConversationField");
    h.respond(&f, 200, json!("OK Conversation resolved successfully"));
    assert_eq!(h.ok(again), CommandOutput::Done);
}
