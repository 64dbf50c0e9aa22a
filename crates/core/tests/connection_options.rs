//! `createConnection` options: JSON names, defaults, validation, CSDS location.

mod connection_support;

use connection_support::*;
use lpm_core::connection::{
    Client, ClientOptions, Command, Credentials, OptionsError, Secret, UserType,
};
use serde_json::json;

#[test]
fn every_option_deserialises_from_its_javascript_name() {
    let o = ClientOptions::from_value(json!({
        "accountId": "123", "userType": "brand", "appId": "a", "appVersion": "1.0",
        "connectionType": "ws",
        "authData": {"username": "u", "password": "p"},
        "agentId": "123.9", "maintainConnection": false, "createDefaultSubscription": true,
        "defaultSubscriptionQuery": {"stage": ["OPEN"], "agentIds": ["123.9"], "lastUpdateAfter": 5},
        "waitForReady": true, "getAllMessages": true, "pollShiftStatus": true,
        "limitBreakEnabled": false, "responseTimeout": 1, "ringConversationTimeout": 2,
        "keepAliveInterval": 3000, "maxRequestQueueTime": 4, "requestQueueTimeout": 5,
        "waitToReconnect": 6, "conversationsCacheDuration": 7, "csdsUrl": "http://localhost:8080/",
        "connectTimeout": 8, "clientProperties": null, "token": null, "unauthConnectorId": null
    }))
    .unwrap();
    let c = o.validate().unwrap();
    assert_eq!(c.app_id, "a");
    assert_eq!(c.app_version, "1.0");
    assert!(!c.maintain_connection);
    assert!(
        c.wait_for_ready && c.get_all_messages && c.poll_shift_status && !c.limit_break_enabled
    );
    assert_eq!(
        (
            c.response_timeout,
            c.ring_conversation_timeout,
            c.keep_alive_interval,
            c.max_request_queue_time
        ),
        (1, 2, 3000, 4)
    );
    assert_eq!(
        (
            c.request_queue_timeout,
            c.wait_to_reconnect,
            c.conversations_cache_duration,
            c.connect_timeout
        ),
        (5, 6, 7, 8)
    );
    assert_eq!(c.csds_url, "http://localhost:8080");
    assert!(c.plain);
    assert_eq!(
        c.default_subscription_query.to_wire(),
        json!({"stage":["OPEN"],"agentIds":["123.9"],"minLastUpdatedTime":5})
    );
    assert_eq!(c.agent_id.as_deref(), Some("123.9"));
}

#[test]
fn defaults_match_the_javascript_sdk() {
    let c = ClientOptions::new("123", UserType::Consumer)
        .validate()
        .unwrap();
    assert_eq!(c.csds_url, "https://adminlogin.liveperson.net");
    assert!(!c.plain);
    assert_eq!(c.app_id, "unknown");
    assert!(c.maintain_connection && c.create_default_subscription && !c.wait_for_ready);
    assert!(!c.limit_break_enabled, "consumer default");
    assert_eq!(
        (
            c.response_timeout,
            c.keep_alive_interval,
            c.wait_to_reconnect
        ),
        (60_000, 10_000, 2_000)
    );
    assert_eq!(
        (c.max_request_queue_time, c.request_queue_timeout),
        (60_000, 60_000)
    );
    assert_eq!(c.connect_timeout, 300_000);
    assert_eq!(
        c.default_subscription_query.to_wire(),
        json!({"stage":["OPEN","CLOSE"]})
    );
    assert_eq!(c.credentials, Credentials::ConsumerAnonymous);

    let b = ClientOptions::builder("123", UserType::Brand)
        .password("u", "p")
        .build()
        .validate()
        .unwrap();
    assert!(b.limit_break_enabled, "brand default");
    assert_eq!(
        b.default_subscription_query.to_wire(),
        json!({"stage":["OPEN"]})
    );

    let qa = ClientOptions::new("le123", UserType::Consumer)
        .validate()
        .unwrap();
    assert_eq!(qa.csds_url, "https://hc1n.dev.lprnd.net");
}

#[test]
fn unknown_keys_and_bad_combinations_are_rejected_clearly() {
    let e = ClientOptions::from_value(json!({"accountId":"1","userType":"consumer","keepAlive":1}))
        .unwrap_err();
    assert!(
        matches!(&e, OptionsError::Json(m) if m.contains("unknown field `keepAlive`")),
        "{e}"
    );
    let e = ClientOptions::from_value(json!({"accountId":"1","userType":"agent"})).unwrap_err();
    assert!(e.to_string().contains("agent"), "{e}");
    let e = ClientOptions::from_value(
        json!({"accountId":"1","userType":"brand","authData":{"username":"u","pasword":"x"}}),
    )
    .unwrap_err();
    assert!(e.to_string().contains("pasword"), "{e}");

    let check = |v: serde_json::Value| {
        ClientOptions::from_value(v)
            .unwrap()
            .validate()
            .unwrap_err()
            .to_string()
    };
    assert_eq!(
        check(json!({"accountId":"","userType":"consumer"})),
        "accountId is required"
    );
    assert!(check(json!({"accountId":"1","userType":"brand"})).contains("authData"));
    assert!(check(json!({"accountId":"1","userType":"brand","authData":{"username":"u","appKey":"k","secret":"s"}})).contains("appKey provided, but missing accessToken"));
    assert!(check(json!({"accountId":"1","userType":"brand","authData":{"username":"u","password":"p"},"authAgentSessionData":{"token":"t"}})).contains("must not be combined"));
    assert!(
        check(json!({"accountId":"1","userType":"consumer","authConnectorId":"a"}))
            .contains("jwtClaimsSet")
    );
    assert!(
        check(json!({"accountId":"1","userType":"consumer","csdsUrl":"ftp://x"}))
            .contains("csdsUrl")
    );
    assert!(
        check(json!({"accountId":"1","userType":"consumer","connectionType":"rest"}))
            .contains("connectionType")
    );
    assert!(Client::new(ClientOptions::new("", UserType::Consumer), 0).is_err());
}

#[test]
fn the_default_subscription_query_uses_wire_names() {
    let mut h = H::consumer(
        json!({"token": jwt("t"), "defaultSubscriptionQuery": {"state": "OPEN", "dialogType": "MAIN", "skillId": "9"}}),
    );
    h.cmd(Command::Open);
    h.csds("asyncMessagingEnt", "msg.example");
    h.expect_open_socket();
    h.opened();
    let init = h.frame_of("InitConnection");
    h.respond(&init, 200, json!("OK"));
    let sub = h.frame_of("cqm.SubscribeExConversations");
    assert_eq!(
        sub["body"],
        json!({"convState":["OPEN"],"dialogTypes":["MAIN"]})
    );
}

#[test]
fn an_http_csds_override_means_plain_http_and_ws_everywhere() {
    let mut h = H::brand(json!({"csdsUrl": "http://127.0.0.1:7000"}));
    h.cmd(Command::Open);
    let r = h.next_http();
    assert_eq!(
        r.url,
        format!(
            "http://127.0.0.1:7000/api/account/{ACCT}/service/agentVep/baseURI.json?version=1.0"
        )
    );
    h.reply(&r, 200, json!({"baseURI":"127.0.0.1:7000"}));
    let r = h.next_http();
    assert_eq!(
        r.url,
        format!("http://127.0.0.1:7000/api/account/{ACCT}/login?v=1.3")
    );
    h.reply(&r, 200, login_answer("B"));
    let r = h.next_http();
    h.reply(&r, 200, json!({"baseURI":"127.0.0.1:7000"}));
    let (_, url) = h.expect_open_socket();
    assert!(
        url.starts_with("ws://127.0.0.1:7000/ws_api/account/"),
        "{url}"
    );
}

#[test]
fn an_https_csds_override_keeps_tls() {
    let mut h = H::consumer(json!({"csdsUrl": "https://csds.local:8443", "token": jwt("t")}));
    h.cmd(Command::Open);
    let r = h.next_http();
    assert!(r.url.starts_with("https://csds.local:8443/api/account/"));
    h.reply(&r, 200, json!({"baseURI":"msg.local:8443"}));
    let (_, url) = h.expect_open_socket();
    assert!(url.starts_with("wss://msg.local:8443/"), "{url}");
}

#[test]
fn csds_answers_are_cached_per_service() {
    let mut h = H::brand(json!({"keepAliveInterval": 600_000}));
    let open = h.open_brand();
    h.ok(open);
    // two REST calls on the same service share one look-up
    let a = h.cmd(Command::GetMessageStatisticsForBrand);
    let b = h.cmd(Command::GetMessageStatisticsForUser);
    let look = h.next_http();
    assert_eq!(look.url, csds_url("asyncMessagingEnt"));
    h.no_transmit();
    h.reply(&look, 200, json!({"baseURI":"msg.example"}));
    let ra = h.next_http();
    let rb = h.next_http();
    h.reply(&ra, 200, json!({}));
    h.reply(&rb, 200, json!({}));
    h.ok(a);
    h.ok(b);
    // within 10 minutes: no look-up
    h.advance(60_000);
    let _ = h.take_events();
    let c = h.cmd(Command::GetMessageStatisticsForBrand);
    let r = h.next_http();
    assert!(r.url.contains("/msgstatistics"));
    h.reply(&r, 200, json!({}));
    h.ok(c);
}

#[test]
fn secret_type_never_prints() {
    let s = Secret::new("top-secret-value");
    assert!(!format!("{s:?}{s}").contains("top-secret"));
}

#[test]
fn a_null_connection_does_no_io_and_takes_webhook_notifications() {
    let mut h = H::new(json!({"accountId": ACCT, "userType": "brand", "connectionType": "null"}));
    assert_eq!(h.c.state(), lpm_core::connection::ConnectionState::Null);
    let open = h.cmd(Command::Open);
    h.ok(open);
    h.no_transmit();
    let w = h.cmd(Command::ProcessWebhooksNotification {
        notification: json!({"wsNotificationMsg": {"type": "cqm.ExConversationChangeNotification", "body": {"changes": [conv_change("W1", "OPEN", 1)]}}}),
    });
    h.ok(w);
    assert!(h.c.model().conversation("W1").is_some());
    assert!(h.has_event(|e| matches!(e, lpm_core::connection::Event::Model { .. })));
    let send = h.cmd(Command::GetClock);
    assert_eq!(h.err(send).kind(), "notConnected");
    h.no_transmit();
    // the only timer: the model dropping the unreferenced conversation from its cache
    assert_eq!(h.c.poll_timeout(), h.c.model().next_expiry());
}

#[test]
fn commands_outputs_and_events_are_plain_json_for_the_wasm_binding() {
    use lpm_core::connection::{CommandId, CommandOutput, Event};
    let c: Command =
        serde_json::from_value(json!({"command":"createConversation","skillId":"12"})).unwrap();
    assert_eq!(
        c,
        Command::CreateConversation {
            skill_id: Some("12".into()),
            context: None,
            campaign_info: None
        }
    );
    let c: Command =
        serde_json::from_value(json!({"command":"send","request":{"type":"GetClock"}})).unwrap();
    assert!(matches!(c, Command::Send { .. }));
    let c: Command =
        serde_json::from_value(json!({"command":"join","conversationId":"c","role":"MANAGER"}))
            .unwrap();
    assert_eq!(c.name(), "join");
    let c: Command = serde_json::from_value(json!({"command":"createConversationSubscription","query":{"stage":"OPEN"},"waitForFirstNotification":true})).unwrap();
    assert!(matches!(
        c,
        Command::CreateConversationSubscription {
            wait_for_ready: Some(true),
            ..
        }
    ));
    assert!(serde_json::from_value::<Command>(json!({"command":"nope"})).is_err());
    let round = serde_json::to_value(Command::SetAgentState {
        agent_state: "ONLINE".into(),
        agent_id: None,
    })
    .unwrap();
    assert_eq!(
        round,
        json!({"command":"setAgentState","agentState":"ONLINE","agentId":null})
    );

    let done = Event::CommandCompleted {
        id: CommandId(3),
        result: Ok(CommandOutput::Conversation {
            conversation_id: "C".into(),
        }),
    };
    assert_eq!(
        serde_json::to_value(&done).unwrap(),
        json!({"event":"command-completed","id":3,"result":{"Ok":{"kind":"conversation","conversationId":"C"}}})
    );
    let token = CommandOutput::Token {
        token: Secret::new("tok"),
    };
    assert_eq!(
        serde_json::to_value(&token).unwrap(),
        json!({"kind":"token","token":"tok"})
    );
    assert!(!format!("{token:?}").contains("tok\""));
    assert_eq!(
        serde_json::to_value(Event::ReconnectWait { seconds: 2.0 }).unwrap(),
        json!({"event":"reconnect-wait","seconds":2.0})
    );
    assert_eq!(
        serde_json::to_value(Event::Disconnect {
            code: 1006,
            reason: "x".into()
        })
        .unwrap(),
        json!({"event":"disconnect","code":1006,"reason":"x"})
    );
}

#[test]
fn misspelt_command_members_are_rejected() {
    let e =
        serde_json::from_value::<Command>(json!({"command":"createConversation","skilId":"12"}))
            .unwrap_err();
    assert!(e.to_string().contains("skilId"), "{e}");
    assert!(serde_json::from_value::<Command>(json!({"command":"open"})).is_ok());
}

#[test]
fn shift_status_data_can_be_injected() {
    let mut h = H::new(json!({"accountId": ACCT, "userType": "brand", "connectionType": "null"}));
    let id = h.cmd(Command::ProcessShiftStatusResponse {
        skills: json!([{"skillId":"5","onShift":false,"nextOn":10,"nextOff":null}]),
    });
    h.ok(id);
    assert!(h.c.model().skill("5").is_some());
    let id = h.cmd(Command::ProcessShiftStatusResponse {
        skills: json!([{"skillId":"5","onShift":true,"nextOn":null,"nextOff":20}]),
    });
    h.ok(id);
    assert!(h.has_event(|e| matches!(
        e,
        lpm_core::connection::Event::Model {
            model: lpm_core::model::ModelEvent::SkillEnteredWorkHours { .. }
        }
    )));
}

/// The bad-options table of docs/rust-sdk.md and bindings/js/README.md ("Bad options"): each
/// row is refused by `validate()` (so by `createConnection` and `build()`) with a message
/// naming the option.
#[test]
fn bad_options_are_refused_with_a_clear_error() {
    let rows = [
        (json!({"responseTimeout": 0}), "responseTimeout"),
        (json!({"keepAliveTimeout": 0}), "keepAliveTimeout"),
        (json!({"accountId": "../../x?y=1"}), "accountId"),
        (json!({"accountId": "12 34"}), "accountId"),
        (json!({"accountId": "123/456"}), "accountId"),
        (json!({"token": "not-a-jwt"}), "token"),
        (json!({"token": "a.%%%.c"}), "token"),
    ];
    for (extra, named) in rows {
        let mut o = json!({"accountId": "123", "userType": "consumer"});
        merge(&mut o, extra.clone());
        let e = ClientOptions::from_value(o)
            .and_then(|o| o.validate())
            .expect_err(&extra.to_string());
        assert!(e.to_string().contains(named), "{extra}: {e}");
    }
}

#[test]
fn keep_alive_timeout_defaults_to_the_interval_and_is_capped_by_the_response_timeout() {
    let c = |o: serde_json::Value| {
        let mut base = json!({"accountId": "123", "userType": "consumer"});
        merge(&mut base, o);
        ClientOptions::from_value(base).unwrap().validate().unwrap()
    };
    assert_eq!(c(json!({})).keep_alive_timeout, 10_000);
    assert_eq!(
        c(json!({"keepAliveInterval": 4000})).keep_alive_timeout,
        4_000
    );
    assert_eq!(
        c(json!({"keepAliveTimeout": 2500})).keep_alive_timeout,
        2_500
    );
    assert_eq!(
        c(json!({"keepAliveTimeout": 90000, "responseTimeout": 5000})).keep_alive_timeout,
        5_000
    );
}
