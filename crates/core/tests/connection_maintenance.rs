//! Connection maintenance: keep-alive, request timeouts, early responses, reconnect with
//! queueing and re-subscription, limit-break, malformed frames.

mod connection_support;

use connection_support::*;
use lpm_core::connection::{
    Command, CommandOutput, ConnectionState, Error, Event, RawRequest, RoutingQuery,
    SubscriptionKind, SubscriptionQuery, SubscriptionState,
};
use lpm_core::io::Transmit;
use lpm_core::model::ModelEvent;
use serde_json::{Value, json};

fn raw(type_name: &str, body: Value) -> Command {
    Command::Send {
        request: RawRequest {
            type_name: type_name.into(),
            body: Some(body),
            headers: None,
            metadata: None,
        },
    }
}

#[test]
fn keep_alive_every_interval_and_a_silent_socket_is_reconnected() {
    let mut h = H::consumer(json!({"keepAliveInterval": 30_000, "responseTimeout": 5_000}));
    let open = h.open_consumer(json!([]));
    h.ok(open);
    for _ in 0..3 {
        assert_eq!(h.fire_next_timer(), 30_000);
        let c = h.frame_of("GetClock");
        h.respond(&c, 200, json!({"currentTime": h.now.0 + 100}));
        assert_eq!(h.c.server_time_diff(), Some(100));
    }
    // no answer: after responseTimeout the socket is considered dead
    assert_eq!(h.fire_next_timer(), 30_000);
    let _c = h.frame_of("GetClock");
    assert_eq!(h.fire_next_timer(), 5_000);
    assert!(matches!(h.next(), Transmit::CloseSocket { code: 4000, .. }));
    assert_eq!(h.c.state(), ConnectionState::Disconnected);
    assert!(h.has_event(|e| matches!(e, Event::Disconnect { code: 1006, .. })));
}

#[test]
fn request_timeout_fails_the_command_only() {
    let mut h = H::consumer(json!({"responseTimeout": 2_000, "keepAliveInterval": 600_000}));
    let open = h.open_consumer(json!([]));
    h.ok(open);
    let id = h.cmd(raw("ms.PublishEvent", json!({})));
    let f = h.frame_of("ms.PublishEvent");
    assert_eq!(h.fire_next_timer(), 2_000);
    let e = h.err(id);
    assert!(
        matches!(&e, Error::Timeout { request_type, timeout_ms: 2_000 } if request_type == "ms.PublishEvent")
    );
    assert_eq!(h.c.state(), ConnectionState::Connected);
    // a late response is harmless
    h.respond(&f, 200, json!({"sequence":1}));
    assert_eq!(
        h.events
            .iter()
            .filter(|e| matches!(e, Event::CommandCompleted { id: i, .. } if *i == id))
            .count(),
        1
    );
}

#[test]
fn a_response_that_arrives_before_its_request_is_registered_is_matched() {
    // A twin client with the same seed predicts the next request id.
    let mut twin = H::consumer(json!({}));
    let o = twin.open_consumer(json!([]));
    twin.ok(o);
    twin.cmd(raw("GetClock", json!({})));
    let predicted = twin.frame_of("GetClock")["id"].clone();

    let mut h = H::consumer(json!({}));
    let open = h.open_consumer(json!([]));
    h.ok(open);
    h.text(&json!({"kind":"resp","reqId": predicted,"code":200,"type":"GetClockResponse","body":{"currentTime":42}}).to_string());
    let id = h.cmd(raw("GetClock", json!({})));
    let f = h.frame_of("GetClock");
    assert_eq!(f["id"], predicted);
    assert_eq!(
        h.ok(id),
        CommandOutput::Body {
            body: json!({"currentTime":42})
        }
    );
    assert_eq!(h.c.pending_requests(), (0, 0));
}

#[test]
fn error_responses_carry_the_code_and_text() {
    let mut h = H::consumer(json!({}));
    let open = h.open_consumer(json!([]));
    h.ok(open);
    let id = h.cmd(raw("cm.UpdateConversationField", json!({})));
    let f = h.frame_of("cm.UpdateConversationField");
    h.respond(&f, 404, json!("Conversation not found"));
    let e = h.err(id);
    assert_eq!(e.code(), Some(404));
    assert_eq!(
        e.to_string(),
        "UMS answered cm.UpdateConversationField with code 404: Conversation not found"
    );
    let j = serde_json::to_value(&e).unwrap();
    assert_eq!(
        j,
        json!({"kind":"ums","message": e.to_string(),"code":404,"requestType":"cm.UpdateConversationField"})
    );
}

#[test]
fn reconnect_queues_requests_then_sends_each_once() {
    let mut h = H::consumer(json!({"keepAliveInterval": 600_000}));
    let open = h.open_consumer(json!([]));
    h.ok(open);
    // one in flight when the socket drops: sent again after the reconnect, first (issue 13: an
    // unawaited caller must not see a rejection for a drop the connection recovers from)
    let inflight = h.cmd(raw("ms.PublishEvent", json!({"n":1})));
    let _f = h.frame_of("ms.PublishEvent");
    h.socket_closed(1006, "network");
    assert_eq!(h.c.state(), ConnectionState::Disconnected);
    assert!(h.has_event(
        |e| matches!(e, Event::Disconnect { code: 1006, reason } if reason == "network")
    ));
    assert!(h.has_event(|e| matches!(e, Event::ReconnectWait { seconds } if *seconds == 2.0)));
    assert!(
        h.result(inflight).is_none(),
        "the in-flight request waits for the reconnect"
    );
    // two requests while down: queued after it, nothing on the wire
    let q1 = h.cmd(raw("ms.PublishEvent", json!({"n":2})));
    let q2 = h.cmd(raw("ms.PublishEvent", json!({"n":3})));
    h.no_transmit();
    assert_eq!(h.c.pending_requests(), (0, 3));
    // reconnect after waitToReconnect with the same identity (no IDP call)
    assert_eq!(h.fire_next_timer(), 2_000);
    assert_eq!(h.c.state(), ConnectionState::Connecting);
    h.expect_open_socket();
    h.opened();
    let init = h.frame_of("InitConnection");
    assert_eq!(init["headers"][0]["jwt"], jwt("consumer-1"));
    h.no_transmit(); // queued requests wait for the set-up
    h.respond(&init, 200, json!("OK"));
    let sub = h.frame_of("cqm.SubscribeExConversations");
    h.respond(&sub, 200, json!({"subscriptionId":"S2"}));
    let p = h.frame_of("userprofile.GetUserProfile");
    h.respond(&p, 200, json!({"userId":"consumer-1"}));
    // now the in-flight one, then the queue, in order, each once
    let r = h.frame_of("ms.PublishEvent");
    let a = h.frame_of("ms.PublishEvent");
    let b = h.frame_of("ms.PublishEvent");
    assert_eq!(
        (
            r["body"]["n"].clone(),
            a["body"]["n"].clone(),
            b["body"]["n"].clone()
        ),
        (json!(1), json!(2), json!(3))
    );
    h.no_transmit();
    assert!(h.has_event(|e| matches!(e, Event::Connect)));
    assert!(h.has_event(|e| matches!(e, Event::Reconnect)));
    h.respond(&r, 200, json!({"sequence":0}));
    h.respond(&a, 200, json!({"sequence":1}));
    h.respond(&b, 200, json!({"sequence":2}));
    h.ok(inflight);
    h.ok(q1);
    h.ok(q2);
    assert_eq!(h.c.default_subscription().map(|d| d.0), Some(1));
    let s = &h.c.subscriptions()[0];
    assert_eq!(s.subscription_id.as_deref(), Some("S2"), "new wire id");
}

#[test]
fn queued_requests_time_out_and_late_requests_are_refused() {
    let mut h = H::consumer(
        json!({"requestQueueTimeout": 3_000, "maxRequestQueueTime": 5_000, "waitToReconnect": 60_000}),
    );
    let open = h.open_consumer(json!([]));
    h.ok(open);
    h.socket_closed(1006, "");
    let q = h.cmd(raw("GetClock", json!({})));
    h.advance(3_000);
    let e = h.err(q);
    assert!(matches!(
        &e,
        Error::QueueTimeout {
            timeout_ms: 3_000,
            ..
        }
    ));
    assert!(
        e.to_string()
            .starts_with("Timeout waiting for connection to reconnect")
    );
    h.advance(3_000); // 6 s after the drop > maxRequestQueueTime
    let late = h.cmd(raw("GetClock", json!({})));
    assert!(matches!(h.err(late), Error::NotConnected { .. }));
}

#[test]
fn reconnect_recreates_every_subscription_kind_and_the_agent_state() {
    let mut h = H::brand(json!({"keepAliveInterval": 600_000}));
    let open = h.open_brand();
    h.ok(open);
    let st = h.cmd(Command::SetAgentState {
        agent_state: "AWAY".into(),
        agent_id: None,
    });
    let f = h.frame_of(".ams.routing.SetAgentState");
    h.respond(&f, 202, json!("Agent state updated successfully"));
    h.ok(st);
    let rt = h.cmd(Command::CreateRoutingTaskSubscription {
        query: Some(RoutingQuery::default()),
    });
    let f = h.frame_of(".ams.routing.SubscribeRoutingTasks");
    h.respond(&f, 200, json!({"subscriptionId":"R1"}));
    h.ok(rt);
    let ag = h.cmd(Command::SubscribeAgentsState { agent_id: None });
    let f = h.frame_of(".ams.routing.SubscribeAgentsState");
    h.respond(&f, 200, json!({"subscriptionId":"A1"}));
    h.ok(ag);
    let extra = h.cmd(Command::CreateConversationSubscription {
        query: Some(SubscriptionQuery {
            agent_id: Some(lpm_core::connection::subscriptions::OneOrMany::One(
                format!("{ACCT}.777"),
            )),
            ..Default::default()
        }),
        wait_for_ready: None,
    });
    let f = h.frame_of(".ams.aam.SubscribeExConversations");
    assert_eq!(f["body"], json!({"agentIds":[format!("{ACCT}.777")]}));
    h.respond(&f, 200, json!({"subscriptionId":"X1"}));
    h.ok(extra);

    h.socket_closed(1006, "");
    assert!(
        h.c.subscriptions()
            .iter()
            .all(|s| s.state == SubscriptionState::Disconnected && s.subscription_id.is_none())
    );
    h.fire_next_timer();
    let (_, url) = h.expect_open_socket();
    assert!(
        url.contains("/brand/B1?"),
        "same bearer after a plain network drop"
    );
    h.opened();
    let v = h.frame_of(".ams.userprofile.GetUserProfile");
    h.respond(&v, 200, json!({}));
    let mut types = vec![];
    let mut frames = vec![];
    for _ in 0..5 {
        let f = h.frame();
        types.push(f["type"].as_str().unwrap().to_owned());
        frames.push(f);
    }
    h.no_transmit();
    types.sort();
    assert_eq!(
        types,
        vec![
            ".ams.aam.SubscribeExConversations",
            ".ams.aam.SubscribeExConversations",
            ".ams.routing.SetAgentState",
            ".ams.routing.SubscribeAgentsState",
            ".ams.routing.SubscribeRoutingTasks",
        ]
    );
    let set = frames
        .iter()
        .find(|f| f["type"] == ".ams.routing.SetAgentState")
        .unwrap();
    assert_eq!(set["body"]["availability"], "AWAY");
    for (i, f) in frames.iter().enumerate() {
        let body = if f["type"] == ".ams.routing.SetAgentState" {
            json!("Agent state updated successfully")
        } else {
            json!({"subscriptionId": format!("N{i}")})
        };
        h.respond(f, 200, body);
    }
    assert!(h.has_event(|e| matches!(e, Event::Reconnect)));
    let subs = h.c.subscriptions();
    assert_eq!(subs.len(), 4);
    assert!(subs.iter().all(|s| {
        s.state == SubscriptionState::Subscribed
            && s.subscription_id
                .as_deref()
                .is_some_and(|w| w.starts_with('N'))
    }));
    assert!(subs.iter().any(|s| s.kind == SubscriptionKind::RoutingTask));
}

#[test]
fn consumer_reconnect_resubscribes_open_dialogs_from_the_next_sequence() {
    let mut h = H::consumer(json!({"keepAliveInterval": 600_000}));
    let open = h.open_consumer(json!([conv_change("C1", "OPEN", 1)]));
    h.ok(open);
    assert_eq!(h.c.messaging_subscriptions().len(), 1);
    h.notify("ms.MessagingEventNotification", json!({"subscriptionId":"m","changes":[
        {"sequence":0,"dialogId":"C1","conversationId":"C1","serverTimestamp":1,"originatorId":"a","event":{"type":"ContentEvent","contentType":"text/plain","message":"hi"}},
        {"sequence":1,"dialogId":"C1","conversationId":"C1","serverTimestamp":2,"originatorId":"a","event":{"type":"ContentEvent","contentType":"text/plain","message":"yo"}}]}));
    h.socket_closed(1006, "");
    h.fire_next_timer();
    h.expect_open_socket();
    h.opened();
    let init = h.frame_of("InitConnection");
    h.respond(&init, 200, json!("OK"));
    let mut seen = [h.frame(), h.frame()];
    seen.sort_by_key(|f| f["type"].to_string());
    assert_eq!(seen[0]["type"], "cqm.SubscribeExConversations");
    assert_eq!(seen[1]["type"], "ms.SubscribeMessagingEvents");
    assert_eq!(
        seen[1]["body"],
        json!({"conversationId":"C1","dialogId":"C1","fromSeq":2})
    );
}

#[test]
fn wait_for_ready_completes_open_after_the_first_notification() {
    let mut h = H::brand(json!({"waitForReady": true}));
    let open = h.cmd(Command::Open);
    h.csds("agentVep", "vep.example");
    let r = h.next_http();
    h.reply(&r, 200, login_answer("B1"));
    h.csds("facadeMsg", "facade.example");
    h.expect_open_socket();
    h.opened();
    let v = h.frame_of(".ams.userprofile.GetUserProfile");
    h.respond(&v, 200, json!({}));
    let sub = h.frame_of(".ams.aam.SubscribeExConversations");
    h.respond(&sub, 200, json!({"subscriptionId":"BS1"}));
    assert!(h.result(open).is_none());
    h.notify(
        ".ams.aam.ExConversationChangeNotification",
        json!({"subscriptionId":"BS1","changes":[]}),
    );
    h.ok(open);
}

#[test]
fn wait_for_first_notification_is_an_alias_and_subscriptions_can_wait_too() {
    let mut h =
        H::brand(json!({"waitForFirstNotification": true, "createDefaultSubscription": false}));
    let open = h.cmd(Command::Open);
    h.csds("agentVep", "vep.example");
    let r = h.next_http();
    h.reply(&r, 200, login_answer("B1"));
    h.csds("facadeMsg", "facade.example");
    h.expect_open_socket();
    h.opened();
    let v = h.frame_of(".ams.userprofile.GetUserProfile");
    h.respond(&v, 200, json!({}));
    h.ok(open); // no default subscription
    assert!(h.c.config().wait_for_ready);
    assert!(h.c.default_subscription().is_none());
    let s = h.cmd(Command::CreateConversationSubscription {
        query: None,
        wait_for_ready: Some(true),
    });
    let f = h.frame_of(".ams.aam.SubscribeExConversations");
    assert_eq!(f["body"], json!({"stage":["OPEN"]}));
    h.respond(&f, 200, json!({"subscriptionId":"Q"}));
    assert!(h.result(s).is_none());
    h.notify(
        ".ams.aam.ExConversationChangeNotification",
        json!({"subscriptionId":"Q","changes":[]}),
    );
    assert!(matches!(h.ok(s), CommandOutput::Subscription { .. }));
    // unsubscribe
    let handle = h.c.subscriptions()[0].handle;
    let u = h.cmd(Command::Unsubscribe { handle });
    let f = h.frame_of(".ams.aam.UnsubscribeExConversations");
    assert_eq!(f["body"], json!({"subscriptionId":"Q"}));
    h.respond(&f, 200, json!("OK"));
    h.ok(u);
    assert!(h.c.subscriptions().is_empty());
}

#[test]
fn limit_break_pages_older_conversations_with_child_subscriptions() {
    let mut h = H::brand(json!({"keepAliveInterval": 600_000}));
    let open = h.cmd(Command::Open);
    h.csds("agentVep", "vep.example");
    let r = h.next_http();
    h.reply(&r, 200, login_answer("B1"));
    h.csds("facadeMsg", "facade.example");
    let first: Vec<Value> = (0..1000)
        .map(|i| conv_change(&format!("c{i}"), "OPEN", 1_000_000 + i))
        .collect();
    h.brand_socket_setup(json!(first));
    h.ok(open);
    assert!(h.has_event(|e| matches!(
        e,
        Event::LimitBreak {
            creating_child_sub: true,
            notification_change_count: 1000,
            conversation_limit_threshold: 900,
            max_last_update_time: Some(1_010_000),
            ..
        }
    )));
    let child = h.frame_of(".ams.aam.SubscribeExConversations");
    assert_eq!(
        child["body"],
        json!({"stage":["OPEN"],"maxLastUpdatedTime":1_010_000,"minLastUpdatedTime":0})
    );
    h.respond(&child, 200, json!({"subscriptionId":"CH1"}));
    let older: Vec<Value> = (0..5)
        .map(|i| conv_change(&format!("old{i}"), "OPEN", 500 + i))
        .collect();
    h.notify(
        ".ams.aam.ExConversationChangeNotification",
        json!({"subscriptionId":"CH1","changes": older}),
    );
    // the child's page belongs to the parent: conversations arrive, then the child goes
    let unsub = h.frame_of(".ams.aam.UnsubscribeExConversations");
    assert_eq!(unsub["body"], json!({"subscriptionId":"CH1"}));
    h.respond(&unsub, 200, json!("OK"));
    assert!(h.has_event(|e| matches!(
        e,
        Event::LimitBreak {
            creating_child_sub: false,
            notification_change_count: 5,
            ..
        }
    )));
    assert!(h.c.model().conversation("old3").is_some());
    assert!(h.c.model().conversation("c999").is_some());
    assert_eq!(h.c.subscriptions().len(), 1);
    h.no_transmit();
}

#[test]
fn limit_break_can_be_disabled_and_then_reports_the_cap() {
    let mut h = H::brand(json!({"limitBreakEnabled": false}));
    let open = h.cmd(Command::Open);
    h.csds("agentVep", "vep.example");
    let r = h.next_http();
    h.reply(&r, 200, login_answer("B1"));
    h.csds("facadeMsg", "facade.example");
    let first: Vec<Value> = (0..1001)
        .map(|i| conv_change(&format!("c{i}"), "OPEN", i))
        .collect();
    h.brand_socket_setup(json!(first));
    h.ok(open);
    assert!(!h.has_event(|e| matches!(e, Event::LimitBreak { .. })));
    assert!(h.has_event(|e| matches!(e, Event::Error { error } if error.to_string().contains("max number of changes"))));
    h.no_transmit();
}

#[test]
fn malformed_frames_are_error_events_not_panics() {
    let mut h = H::consumer(json!({}));
    let open = h.open_consumer(json!([]));
    h.ok(open);
    h.events.clear();
    for bad in [
        "",
        "not json",
        "[1,2,3]",
        "{}",
        r#"{"kind":"resp"}"#,
        r#"{"kind":"resp","reqId":"x","code":"abc"}"#,
        r#"{"kind":"weird"}"#,
        r#"{"kind":"notification"}"#,
        r#"{"kind":"notification","type":"cqm.ExConversationChangeNotification","body":{"changes":"nope"}}"#,
        r#"{"kind":"notification","type":"cqm.ExConversationChangeNotification","body":{"subscriptionId":"S1","changes":[{"type":"UPSERT"}]}}"#,
        r#"{"kind":"notification","type":"ms.MessagingEventNotification","body":{"changes":[{"sequence":"x"}]}}"#,
        r#"{"kind":"notification","type":"unknown.Type","body":{}}"#,
        r#"{"kind":"req","id":"1","type":"GetClock"}"#,
        "\u{0}\u{1}",
    ] {
        h.text(bad);
    }
    let errors = h
        .events
        .iter()
        .filter(|e| matches!(e, Event::Error { .. }))
        .count();
    assert!(errors >= 8, "{errors} error events: {:?}", h.events);
    // a request frame is named as one, by its type
    assert!(
        h.events
            .iter()
            .any(|e| matches!(e, Event::Error { error: Error::Protocol(m) }
            if m == "the server sent a request frame (GetClock)")),
        "{:?}",
        h.events
    );
    assert_eq!(h.c.state(), ConnectionState::Connected);
    // frames for another socket are ignored
    h.c.handle_socket_text(h.now, lpm_core::io::SocketId(999), "{}");
    h.c.handle_socket_closed(h.now, lpm_core::io::SocketId(999), 1000, "");
    assert_eq!(h.c.state(), ConnectionState::Connected);
}

#[test]
fn notifications_reach_the_model_and_the_raw_event() {
    let mut h = H::consumer(json!({}));
    let open = h.open_consumer(json!([conv_change("C1", "OPEN", 1)]));
    h.ok(open);
    assert!(h.has_event(|e| matches!(e, Event::Notification { notification } if notification["type"] == "cqm.ExConversationChangeNotification")));
    assert!(h.has_event(|e| matches!(e, Event::Model { model: ModelEvent::Conversation { conversation_id } } if conversation_id == "C1")));
    assert!(h.c.model().conversation("C1").is_some());
    assert_eq!(h.c.model().viewer().user_id, "consumer-1");
    // The raw event is the frame as it came, and it comes before what it caused.
    let frame = json!({"kind":"notification","type":"cqm.ExConversationChangeNotification",
        "body":{"subscriptionId":"S1","changes":[conv_change("C2", "OPEN", 2)]}});
    h.take_events();
    h.text(&frame.to_string());
    let events = h.take_events();
    assert!(
        matches!(&events[0], Event::Notification { notification } if *notification == frame),
        "{events:?}"
    );
    assert!(events[1..].iter().any(|e| matches!(e, Event::Model { model: ModelEvent::Conversation { conversation_id } } if conversation_id == "C2")));
}

#[test]
fn raw_notifications_can_be_turned_off_and_the_model_still_gets_them() {
    let mut h = H::consumer(json!({}));
    h.c.set_raw_notifications(false);
    let open = h.open_consumer(json!([conv_change("C1", "OPEN", 1)]));
    h.ok(open);
    assert!(!h.has_event(|e| matches!(e, Event::Notification { .. })));
    assert!(h.has_event(|e| matches!(e, Event::Model { model: ModelEvent::Conversation { conversation_id } } if conversation_id == "C1")));
    h.c.set_raw_notifications(true);
    h.notify(
        "cqm.ExConversationChangeNotification",
        json!({"subscriptionId":"S1","changes":[conv_change("C2", "OPEN", 2)]}),
    );
    assert!(h.has_event(|e| matches!(e, Event::Notification { .. })));
}

#[test]
fn a_reconnect_keeps_trying_past_connect_timeout() {
    let mut h = H::consumer(json!({"connectTimeout": 10_000, "keepAliveInterval": 600_000}));
    let open = h.open_consumer(json!([]));
    h.ok(open);
    h.socket_closed(1006, "");
    let mut waits = vec![];
    for _ in 0..5 {
        waits.push(h.fire_next_timer());
        h.expect_open_socket();
        h.socket_failed(lpm_core::io::SocketFailure::Network {
            message: "unreachable".into(),
            certificate: false,
        });
    }
    assert_eq!(waits, vec![2_000, 5_000, 10_000, 30_000, 60_000]);
    assert_eq!(h.c.state(), ConnectionState::Disconnected);
    assert!(h.has_event(|e| matches!(
        e,
        Event::FailedToConnect {
            will_retry: true,
            ..
        }
    )));
    // and it recovers
    h.fire_next_timer();
    h.consumer_socket_setup(json!([]));
    assert_eq!(h.c.state(), ConnectionState::Connected);
    assert!(h.has_event(|e| matches!(e, Event::Reconnect)));
}

#[test]
fn a_subscription_requested_while_disconnected_is_sent_once() {
    let mut h = H::brand(json!({"keepAliveInterval": 600_000}));
    let open = h.open_brand();
    h.ok(open);
    // one subscription in flight when the socket drops: its command fails, it is forgotten
    let lost = h.cmd(Command::CreateRoutingTaskSubscription { query: None });
    let _f = h.frame_of(".ams.routing.SubscribeRoutingTasks");
    h.socket_closed(1006, "");
    assert!(matches!(h.err(lost), Error::ConnectionLost { .. }));
    // one requested while down: queued
    let queued = h.cmd(Command::CreateConversationSubscription {
        query: None,
        wait_for_ready: None,
    });
    h.no_transmit();
    h.fire_next_timer();
    h.expect_open_socket();
    h.opened();
    let v = h.frame_of(".ams.userprofile.GetUserProfile");
    h.respond(&v, 200, json!({}));
    let mut subs = vec![];
    h.pump();
    while let Some(Transmit::SendText { .. }) = h.transmits.front() {
        subs.push(h.frame());
    }
    let types: Vec<&str> = subs.iter().map(|f| f["type"].as_str().unwrap()).collect();
    assert_eq!(
        types,
        vec![
            ".ams.aam.SubscribeExConversations",
            ".ams.aam.SubscribeExConversations"
        ],
        "default re-created + the queued one, no routing"
    );
    for (i, f) in subs.iter().enumerate() {
        h.respond(f, 200, json!({"subscriptionId": format!("Z{i}")}));
    }
    assert!(matches!(h.ok(queued), CommandOutput::Subscription { .. }));
    assert_eq!(h.c.subscriptions().len(), 2);
}

/// Dead-peer detection: with the defaults a socket whose keep-alive goes unanswered is closed
/// and reconnected within two keep-alive periods (10 s + 10 s), not after `responseTimeout`.
#[test]
fn a_stalled_peer_is_noticed_within_two_keep_alive_periods() {
    for (options, interval, timeout) in [
        (json!({}), 10_000, 10_000),
        (json!({"keepAliveTimeout": 3_000}), 10_000, 3_000),
        (json!({"keepAliveInterval": 4_000}), 4_000, 4_000),
        // never longer than responseTimeout
        (
            json!({"keepAliveTimeout": 90_000, "responseTimeout": 7_000}),
            10_000,
            7_000,
        ),
    ] {
        let mut h = H::consumer(options.clone());
        let open = h.open_consumer(json!([]));
        h.ok(open);
        assert_eq!(h.fire_next_timer(), interval, "{options}");
        let c = h.frame_of("GetClock");
        h.respond(&c, 200, json!({"currentTime": h.now.0}));
        let answered = h.now;
        // the peer stops answering (TCP still open)
        assert_eq!(h.fire_next_timer(), interval, "{options}");
        let _unanswered = h.frame_of("GetClock");
        assert_eq!(h.fire_next_timer(), timeout, "{options}");
        assert!(matches!(h.next(), Transmit::CloseSocket { code: 4000, .. }));
        assert_eq!(h.now.since(answered), interval + timeout);
        assert_eq!(h.c.state(), ConnectionState::Disconnected);
        assert!(h.has_event(|e| matches!(
            e,
            Event::Timeout { error: Error::Timeout { timeout_ms, .. } } if *timeout_ms == timeout
        )));
        // and it reconnects
        h.fire_next_timer();
        h.expect_open_socket();
    }
}

/// Eviction is an output: what the model drops (a closed conversation after its cache time)
/// is reported with its dialogs, so drivers can release their facades.
#[test]
fn evicted_conversations_are_reported_with_their_dialogs() {
    let mut h =
        H::consumer(json!({"keepAliveInterval": 600_000, "conversationsCacheDuration": 1_000}));
    let open = h.open_consumer(json!([conv_change("C1", "OPEN", 1)]));
    h.ok(open);
    assert!(h.c.model().conversation("C1").is_some());
    h.notify(
        "cqm.ExConversationChangeNotification",
        json!({"subscriptionId":"S1","changes":[
            {"type":"DELETE","result":{"convId":"C1","conversationDetails":{
                "stage":"CLOSE","state":"CLOSE","metaDataLastUpdateTs": 2,
                "dialogs":[{"dialogId":"C1","dialogType":"MAIN","channelType":"MESSAGING","state":"CLOSE"}]}}}]}),
    );
    h.take_events();
    let mut evicted = vec![];
    for _ in 0..5 {
        if h.c.model().conversation("C1").is_none() {
            break;
        }
        h.fire_next_timer();
        evicted.extend(h.take_events().into_iter().filter_map(|e| match e {
            Event::Evicted { evicted } => Some(evicted),
            _ => None,
        }));
    }
    assert!(h.c.model().conversation("C1").is_none(), "dropped");
    assert_eq!(evicted.len(), 1, "{evicted:?}");
    assert_eq!(evicted[0].conversation_ids, ["C1"]);
    assert_eq!(evicted[0].dialog_ids, ["C1"]);
    let json = serde_json::to_value(Event::Evicted {
        evicted: evicted[0].clone(),
    })
    .unwrap();
    assert_eq!(
        json,
        json!({"event":"evicted","conversationIds":["C1"],"dialogIds":["C1"],"ringIds":[]})
    );
}
