//! Brand connections: README "What a client sends, in order" §2, session maintenance, brand
//! REST calls, agent state and routing.

mod connection_support;

use connection_support::*;
use lpm_core::connection::{
    Command, CommandOutput, ConnectionState, Event, INTEGRATION_VERSION, RoutingQuery, TokenSource,
};
use lpm_core::io::{HttpMethod, Transmit};
use lpm_core::model::{ModelEvent, ParticipantRole};
use serde_json::{Value, json};

fn header<'a>(r: &'a lpm_core::io::HttpRequest, name: &str) -> Option<&'a str> {
    r.headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

fn brand_conv(conv: &str) -> Value {
    json!({"type":"UPSERT","result":{"convId": conv, "conversationDetails": {
        "brandId": ACCT, "skillId": "-1", "stage": "OPEN", "state": "OPEN", "metaDataLastUpdateTs": 5,
        "participants": {"CONSUMER": ["cons-1"]},
        "dialogs": [{"dialogId": conv, "dialogType":"MAIN","channelType":"MESSAGING","state":"OPEN",
            "participantsDetails": [{"id":"cons-1","role":"CONSUMER","state":"ACTIVE"}]}]}}})
}

/// `brand_conv` after the bot (`{ACCT}.777`, PID `pid-777`) joined as AGENT.
fn brand_conv_joined(conv: &str, ts: i64) -> Value {
    json!({"type":"UPSERT","result":{"convId": conv, "conversationDetails": {
        "brandId": ACCT, "skillId": "-1", "stage": "OPEN", "state": "OPEN", "metaDataLastUpdateTs": ts,
        "participants": {"CONSUMER": ["cons-1"], "AGENT": [format!("{ACCT}.777")]},
        "participantsPId": {"CONSUMER": ["cons-1"], "AGENT": ["pid-777"]},
        "dialogs": [{"dialogId": conv, "dialogType":"MAIN","channelType":"MESSAGING","state":"OPEN",
            "participantsDetails": [{"id":"cons-1","role":"CONSUMER","state":"ACTIVE"},
                                    {"id": format!("{ACCT}.777"),"role":"AGENT","state":"ACTIVE"}]}]}}})
}

#[test]
fn api_key_bot_sends_exactly_the_readme_sequence() {
    let mut h = H::brand(json!({}));
    let open = h.cmd(Command::Open);

    // 1. CSDS agentVep
    let r = h.next_http();
    assert_eq!(r.url, csds_url("agentVep"));
    h.reply(&r, 200, json!({"baseURI":"vep.example"}));

    // 2. login with the five API-key members
    let r = h.next_http();
    assert_eq!(r.method, HttpMethod::Post);
    assert_eq!(
        r.url,
        format!("https://vep.example/api/account/{ACCT}/login?v=1.3")
    );
    assert_eq!(header(&r, "Content-Type"), Some("application/json"));
    assert_eq!(
        serde_json::from_slice::<Value>(&r.body).unwrap(),
        json!({"username":"bot","appKey":"AK","secret":"SECRETVAL","accessToken":"ATOKEN","accessTokenSecret":"ATSECRET"})
    );
    h.reply(&r, 200, login_answer("BEARER1"));
    assert_eq!(h.c.agent_id(), Some(format!("{ACCT}.777").as_str()));
    assert_eq!(h.c.user_pid(), Some("pid-777"));

    // 3. CSDS facadeMsg
    let r = h.next_http();
    assert_eq!(r.url, csds_url("facadeMsg"));
    h.reply(&r, 200, json!({"baseURI":"facade.example"}));

    // 4. socket with the bearer in the path
    let (_, url) = h.expect_open_socket();
    assert_eq!(
        url,
        format!(
            "wss://facade.example/ws_api/account/{ACCT}/messaging/brand/BEARER1?v=2.1&intid=lpm-sdk&intvn={INTEGRATION_VERSION}&appid=quick_start&appvn=unknown"
        )
    );
    h.opened();

    // 5. socket check
    let v = h.frame_of(".ams.userprofile.GetUserProfile");
    assert_eq!(v["body"], json!({"userId": format!("{ACCT}.777")}));
    h.no_transmit();
    h.respond(
        &v,
        200,
        json!({"userId": format!("{ACCT}.777"), "nickName": "bot"}),
    );
    assert_eq!(h.c.user_profile().unwrap()["nickName"], "bot");

    // 7. whole-account subscription
    let sub = h.frame_of(".ams.aam.SubscribeExConversations");
    assert_eq!(sub["body"], json!({"stage":["OPEN"]}));
    h.respond(&sub, 200, json!({"subscriptionId":"BS1"}));
    assert_eq!(h.ok(open), CommandOutput::Done);
    assert_eq!(h.c.state(), ConnectionState::Connected);

    // 9. a new conversation appears → model `conversation` event → join
    h.notify(
        ".ams.aam.ExConversationChangeNotification",
        json!({"subscriptionId":"BS1","changes":[brand_conv("C")]}),
    );
    assert!(h.has_event(|e| matches!(e, Event::Model { model: ModelEvent::Conversation { conversation_id } } if conversation_id == "C")));
    let join = h.cmd(Command::Join {
        conversation_id: "C".into(),
        role: ParticipantRole::Agent,
        metadata: None,
    });
    let f = h.frame_of(".ams.cm.UpdateConversationField");
    assert_eq!(
        f["body"],
        json!({"conversationId":"C","conversationField":[{"field":"ParticipantsChange","userId": format!("{ACCT}.777"),"role":"AGENT","type":"ADD"}]})
    );
    h.respond(&f, 200, json!("OK Agent added successfully"));
    // Done on the server's answer (as LivePerson's SDK), and recorded in the model at once so
    // that a command right after it (leave, transfer) sees the bot as a participant.
    assert_eq!(h.ok(join), CommandOutput::Done);
    // What the dialog held before the join is fetched (gap recovery): nothing here.
    let q = h.frame_of(".ams.ms.QueryMessages");
    assert_eq!(q["body"]["dialogId"], "C");
    h.respond(&q, 200, json!([]));
    let me_in_dialog =
        h.c.model()
            .conversation("C")
            .and_then(|c| c.open_dialog())
            .is_some_and(|d| {
                d.participants
                    .iter()
                    .any(|p| p.user_id == "pid-777" && p.role == ParticipantRole::Agent)
            });
    assert!(me_in_dialog);
    assert!(h.has_event(|e| matches!(e, Event::Model { model: ModelEvent::ParticipantAdded { user_id, .. } } if user_id == "pid-777")));
    h.take_events();
    // The notification that confirms it announces nothing twice.
    h.notify(
        ".ams.aam.ExConversationChangeNotification",
        json!({"subscriptionId":"BS1","changes":[brand_conv_joined("C", 6)]}),
    );
    assert!(!h.has_event(|e| matches!(
        e,
        Event::Model {
            model: ModelEvent::ParticipantAdded { .. }
        }
    )));

    // 10. reply
    let send = h.cmd(Command::SendMessage {
        conversation_id: "C".into(),
        dialog_id: None,
        text: "hello".into(),
        metadata: None,
        quick_replies: None,
    });
    let f = h.frame_of(".ams.ms.PublishEvent");
    assert_eq!(
        f["body"],
        json!({"conversationId":"C","dialogId":"C","messageAudience":"ALL","event":{"type":"ContentEvent","contentType":"text/plain","message":"hello"}})
    );
    h.respond(&f, 200, json!({"sequence": 3}));
    assert_eq!(h.ok(send), CommandOutput::Sequence { sequence: 3 });

    // 8. keep-alive `.GetClock` every 10 s
    assert_eq!(h.fire_next_timer(), 10_000);
    let c = h.frame_of(".GetClock");
    h.respond(&c, 200, json!({"currentTime": 1}));

    // 12. close: no logout, no state change, no unsubscribe
    let close = h.cmd(Command::Close);
    assert!(matches!(h.next(), Transmit::CloseSocket { .. }));
    h.no_transmit();
    h.ok(close);
    assert_eq!(
        h.c.poll_timeout(),
        None,
        "refresh and keep-alive timers stopped"
    );
}

#[test]
fn domain_command_failures_carry_the_model_message() {
    let mut h = H::brand(json!({}));
    let open = h.open_brand();
    h.ok(open);
    let id = h.cmd(Command::Join {
        conversation_id: "nope".into(),
        role: ParticipantRole::Agent,
        metadata: None,
    });
    let e = h.err(id);
    assert_eq!(e.kind(), "domain");
    assert!(e.to_string().contains("nope"), "{e}");
    assert_eq!(serde_json::to_value(&e).unwrap()["conversationId"], "nope");
    h.no_transmit();
    h.notify(
        ".ams.aam.ExConversationChangeNotification",
        json!({"subscriptionId":"BS1","changes":[brand_conv("C")]}),
    );
    let join = h.cmd(Command::Join {
        conversation_id: "C".into(),
        role: ParticipantRole::Agent,
        metadata: None,
    });
    let f = h.frame_of(".ams.cm.UpdateConversationField");
    h.respond(&f, 400, json!("Agent does not exist in conversation"));
    let e = h.err(join);
    assert_eq!(e.code(), Some(400));
    assert!(
        e.to_string().contains(".ams.cm.UpdateConversationField")
            && e.to_string().contains("Agent does not exist"),
        "{e}"
    );
}

#[test]
fn password_login_body() {
    let mut h = H::new(
        json!({"accountId": ACCT, "userType": "brand", "authData": {"username":"agent","password":"pw-123456"}}),
    );
    h.cmd(Command::Open);
    h.csds("agentVep", "vep.example");
    let r = h.next_http();
    assert_eq!(
        serde_json::from_slice::<Value>(&r.body).unwrap(),
        json!({"username":"agent","password":"pw-123456"})
    );
}

#[test]
fn session_is_refreshed_every_four_minutes_with_csrf_and_cookie() {
    let mut h = H::brand(json!({"keepAliveInterval": 600_000}));
    let open = h.open_brand();
    h.ok(open);
    let start = h.now;
    h.fire_next_timer(); // the refresh is the next timer (keep-alive set to 10 min)
    assert_eq!(h.now.since(start), 240_000);
    let r = h.next_http();
    assert_eq!(
        r.url,
        format!("https://vep.example/api/account/{ACCT}/refresh?v=1.3")
    );
    assert_eq!(header(&r, "Cookie"), Some("session_id=SESS1;"));
    assert_eq!(
        serde_json::from_slice::<Value>(&r.body).unwrap(),
        json!({"csrf":"CSRF1"})
    );
    h.reply(&r, 200, Value::Null);
    assert!(h.has_event(|e| matches!(e, Event::RefreshToken)));
    h.events.clear();
    h.fire_next_timer();
    let r = h.next_http();
    assert!(r.url.ends_with("/refresh?v=1.3"));

    // 401 → token-invalid, new login, token-regenerated; the socket stays up
    h.reply(
        &r,
        401,
        json!({"error":{"message":"CSRF token invalid!","internalCode":10}}),
    );
    assert!(h.has_event(|e| matches!(
        e,
        Event::TokenInvalid {
            source: TokenSource::RefreshToken
        }
    )));
    let login = h.next_http();
    assert!(login.url.ends_with("/login?v=1.3"));
    h.reply(&login, 200, login_answer("BEARER2"));
    assert!(h.has_event(|e| matches!(e, Event::TokenRegenerated { agent_id: Some(a) } if a == &format!("{ACCT}.777"))));
    assert_eq!(h.c.token().unwrap().expose(), "BEARER2");
    assert_eq!(h.c.state(), ConnectionState::Connected);
}

#[test]
fn existing_session_is_validated_by_a_refresh_then_used() {
    let mut h = H::new(json!({"accountId": ACCT, "userType": "brand",
        "authAgentSessionData": {"token":"GIVEN-BEARER","csrf":"C2","sessionId":"S2","userId":"9"}}));
    let open = h.cmd(Command::Open);
    h.csds("agentVep", "vep.example");
    let r = h.next_http();
    assert!(r.url.ends_with("/refresh?v=1.3"));
    assert_eq!(header(&r, "Cookie"), Some("session_id=S2;"));
    h.reply(&r, 200, Value::Null);
    h.csds("facadeMsg", "facade.example");
    let (_, url) = h.expect_open_socket();
    assert!(url.contains("/messaging/brand/GIVEN-BEARER?v=2.1"));
    h.opened();
    let v = h.frame_of(".ams.userprofile.GetUserProfile");
    assert_eq!(v["body"], json!({"userId": format!("{ACCT}.9")}));
    h.respond(&v, 200, json!({}));
    let s = h.frame_of(".ams.aam.SubscribeExConversations");
    h.respond(&s, 200, json!({"subscriptionId":"X"}));
    h.ok(open);
}

#[test]
fn dead_existing_session_without_credentials_is_an_auth_error() {
    let mut h = H::new(json!({"accountId": ACCT, "userType": "brand",
        "authAgentSessionData": {"token":"GIVEN","csrf":"C2","sessionId":"S2"}}));
    let open = h.cmd(Command::Open);
    h.csds("agentVep", "vep.example");
    let r = h.next_http();
    h.reply(
        &r,
        401,
        json!({"error":{"message":"session expired","internalCode":10}}),
    );
    let e = h.err(open);
    assert_eq!(e.kind(), "auth");
    assert_eq!(e.code(), Some(401));
    assert!(e.to_string().contains("session expired"));
    assert_eq!(h.c.state(), ConnectionState::FailedToConnect);
}

#[test]
fn agent_state_routing_and_agent_state_subscriptions() {
    let mut h = H::brand(json!({}));
    let open = h.open_brand();
    h.ok(open);
    let st = h.cmd(Command::SetAgentState {
        agent_state: "ONLINE".into(),
        agent_id: None,
    });
    let f = h.frame_of(".ams.routing.SetAgentState");
    assert_eq!(
        f["body"],
        json!({"availability":"ONLINE","channels":["MESSAGING"],"agentUserId": format!("{ACCT}.777")})
    );
    h.respond(&f, 202, json!("Agent state updated successfully"));
    h.ok(st);
    assert_eq!(h.c.agent_state(), Some("ONLINE"));

    let rt = h.cmd(Command::CreateRoutingTaskSubscription {
        query: Some(RoutingQuery::default()),
    });
    let f = h.frame_of(".ams.routing.SubscribeRoutingTasks");
    assert_eq!(
        f["body"],
        json!({"channelType":"MESSAGING","brandId": ACCT,"agentId": format!("{ACCT}.777")})
    );
    h.respond(&f, 200, json!({"subscriptionId":"R1"}));
    assert!(
        matches!(h.ok(rt), CommandOutput::Subscription { subscription_id: Some(ref s), .. } if s == "R1")
    );
    h.notify(
        ".ams.routing.RoutingTaskNotification",
        json!({"subscriptionId":"R1","changes":[]}),
    );

    let asub = h.cmd(Command::SubscribeAgentsState { agent_id: None });
    let f = h.frame_of(".ams.routing.SubscribeAgentsState");
    assert_eq!(
        f["body"],
        json!({"brandId": ACCT, "agentId": format!("{ACCT}.777")})
    );
    h.respond(&f, 200, json!({"subscriptionId":"A1"}));
    h.ok(asub);

    let arc = h.cmd(Command::AgentRequestConversation {
        consumer_id: "cons-9".into(),
        skill_id: None,
        context: Some(json!({"type":"ProactiveContext","originConversationId":"old"})),
        ttr_def_name: None,
    });
    let f = h.frame_of(".ams.cm.AgentRequestConversation");
    assert_eq!(
        f["body"],
        json!({"channelType":"MESSAGING","consumerId":"cons-9","conversationContext":{"type":"ProactiveContext","originConversationId":"old"}})
    );
    h.respond(&f, 200, json!({"conversationId":"NEW"}));
    h.no_transmit(); // brand: no messaging subscription
    // It completes once the subscription brings the conversation (arrival.rs).
    assert!(h.result(arc).is_none());
    h.notify(
        ".ams.aam.ExConversationChangeNotification",
        json!({"subscriptionId":"BS1","changes":[brand_conv("NEW")]}),
    );
    assert_eq!(
        h.ok(arc),
        CommandOutput::Conversation {
            conversation_id: "NEW".into()
        }
    );
    let events = h.take_events();
    let conversation_event = events.iter().position(|e| {
        matches!(e, Event::Model { model: ModelEvent::Conversation { conversation_id } } if conversation_id == "NEW")
    });
    let completed = events
        .iter()
        .position(|e| matches!(e, Event::CommandCompleted { id, .. } if *id == arc));
    assert!(
        conversation_event < completed,
        "the conversation event comes first: {events:?}"
    );
}

/// Sends an `AgentRequestConversation`; returns the command and its frame (not answered).
fn agent_request(h: &mut H) -> (lpm_core::connection::CommandId, Value) {
    let arc = h.cmd(Command::AgentRequestConversation {
        consumer_id: "cons-9".into(),
        skill_id: None,
        context: None,
        ttr_def_name: None,
    });
    (arc, h.frame_of(".ams.cm.AgentRequestConversation"))
}

#[test]
fn an_agent_requested_conversation_already_held_completes_with_the_answer() {
    let mut h = H::brand(json!({}));
    let open = h.open_brand();
    h.ok(open);
    // The notification raced ahead of the answer.
    let (arc, f) = agent_request(&mut h);
    h.notify(
        ".ams.aam.ExConversationChangeNotification",
        json!({"subscriptionId":"BS1","changes":[brand_conv("EARLY")]}),
    );
    assert!(h.result(arc).is_none());
    h.respond(&f, 200, json!({"conversationId": "EARLY"}));
    assert_eq!(
        h.ok(arc),
        CommandOutput::Conversation {
            conversation_id: "EARLY".into()
        }
    );
}

#[test]
fn an_agent_requested_conversation_never_seen_completes_after_the_response_timeout() {
    let mut h = H::brand(json!({"responseTimeout": 5000}));
    let open = h.open_brand();
    h.ok(open);
    let (arc, f) = agent_request(&mut h);
    h.respond(&f, 200, json!({"conversationId": "OUTSIDE"}));
    h.advance(4999);
    assert!(h.result(arc).is_none());
    h.advance(1);
    // The request succeeded: the handle names it even though no subscription shows it.
    assert_eq!(
        h.ok(arc),
        CommandOutput::Conversation {
            conversation_id: "OUTSIDE".into()
        }
    );
    assert!(h.c.model().conversation("OUTSIDE").is_none());
}

#[test]
fn close_completes_an_agent_requested_conversation_still_waiting() {
    let mut h = H::brand(json!({}));
    let open = h.open_brand();
    h.ok(open);
    let (arc, f) = agent_request(&mut h);
    h.respond(&f, 200, json!({"conversationId": "LATE"}));
    assert!(h.result(arc).is_none());
    let close = h.cmd(Command::Close);
    h.ok(close);
    assert_eq!(
        h.ok(arc),
        CommandOutput::Conversation {
            conversation_id: "LATE".into()
        }
    );
}

#[test]
fn message_statistics_and_shift_status_use_the_bearer() {
    let mut h = H::brand(json!({}));
    let open = h.open_brand();
    h.ok(open);
    let u = h.cmd(Command::GetMessageStatisticsForUser);
    h.csds("asyncMessagingEnt", "msg.example");
    let r = h.next_http();
    assert_eq!(r.method, HttpMethod::Get);
    assert_eq!(
        r.url,
        format!(
            "https://msg.example/api/messaging/rest/reporting/brands/{ACCT}/agents/777/msgstatistics?v=1&_={}",
            h.now.0
        )
    );
    assert_eq!(header(&r, "Authorization"), Some("Bearer B1"));
    h.reply(
        &r,
        200,
        json!({"active":1,"pending":0,"unassigned":2,"overdue":0,"soonToOverdue":0}),
    );
    assert!(matches!(h.ok(u), CommandOutput::Body { body } if body["unassigned"] == 2));

    let b = h.cmd(Command::GetMessageStatisticsForBrand);
    let r = h.next_http(); // host cached
    assert_eq!(
        r.url,
        format!(
            "https://msg.example/api/messaging/rest/reporting/brands/{ACCT}/msgstatistics?v=1&_={}",
            h.now.0
        )
    );
    h.reply(&r, 500, json!({"error":"boom"}));
    let e = h.err(b);
    assert_eq!(e.code(), Some(500));
    assert!(
        e.to_string().contains("message statistics") && e.to_string().contains("boom"),
        "{e}"
    );

    let s = h.cmd(Command::GetShiftStatus);
    let r = h.next_http();
    assert_eq!(
        r.url,
        format!("https://msg.example/api/account/{ACCT}/shift-status")
    );
    assert_eq!(header(&r, "Authorization"), Some("Bearer B1"));
    h.reply(
        &r,
        200,
        json!([{"skillId":"12","onShift":true,"nextOn":null,"nextOff":99}]),
    );
    assert!(matches!(h.ok(s), CommandOutput::ShiftStatus { .. }));
    assert!(h.c.model().skill("12").is_some());
}

#[test]
fn poll_shift_status_polls_at_connect_and_about_every_minute() {
    let mut h = H::brand(json!({"pollShiftStatus": true, "keepAliveInterval": 600_000}));
    let open = h.cmd(Command::Open);
    h.csds("agentVep", "vep.example");
    let login = h.next_http();
    h.reply(&login, 200, login_answer("B1"));
    h.csds("facadeMsg", "facade.example");
    h.expect_open_socket();
    h.opened();
    let v = h.frame_of(".ams.userprofile.GetUserProfile");
    h.respond(&v, 200, json!({}));
    // shift status before the default subscription
    let look = h.next_http();
    assert_eq!(look.url, csds_url("asyncMessagingEnt"));
    let sub = h.frame_of(".ams.aam.SubscribeExConversations");
    h.reply(&look, 200, json!({"baseURI":"msg.example"}));
    let poll = h.next_http();
    assert!(poll.url.ends_with("/shift-status"));
    h.reply(&poll, 200, json!([]));
    h.respond(&sub, 200, json!({"subscriptionId":"BS1"}));
    h.ok(open);
    let t0 = h.now;
    h.fire_next_timer();
    assert!(h.now.since(t0) <= 60_000);
    let poll = h.next_http();
    assert!(poll.url.ends_with("/shift-status"));
    h.reply(&poll, 401, json!({}));
    assert!(h.has_event(|e| matches!(
        e,
        Event::TokenInvalid {
            source: TokenSource::ShiftStatus
        }
    )));
    let login = h.next_http();
    assert!(login.url.ends_with("/login?v=1.3"));
    let t1 = h.now;
    h.reply(&login, 200, login_answer("B2"));
    h.fire_next_timer();
    let gap = h.now.since(t1);
    assert!((54_000..=60_000).contains(&gap), "{gap}");
    let poll = h.next_http();
    assert_eq!(header(&poll, "Authorization"), Some("Bearer B2"));
}

#[test]
fn consumer_only_commands_are_refused_on_brand() {
    let mut h = H::brand(json!({}));
    let open = h.open_brand();
    h.ok(open);
    let id = h.cmd(Command::CreateConversation {
        skill_id: None,
        context: None,
        campaign_info: None,
    });
    let e = h.err(id);
    assert_eq!(e.kind(), "unsupported");
    assert!(e.to_string().contains("createConversation"));
}

#[test]
fn get_all_messages_loads_the_history_of_new_conversations() {
    let mut h = H::brand(json!({"getAllMessages": true, "keepAliveInterval": 600_000}));
    let open = h.open_brand();
    h.ok(open);
    h.events.clear();
    h.notify(
        ".ams.aam.ExConversationChangeNotification",
        json!({"subscriptionId":"BS1","changes":[brand_conv("C")]}),
    );
    // the `conversation` event waits for the history
    assert!(!h.has_event(|e| matches!(
        e,
        Event::Model {
            model: ModelEvent::Conversation { .. }
        }
    )));
    let q = h.frame_of(".ams.ms.QueryMessages");
    assert_eq!(q["body"]["dialogId"], "C");
    h.respond(&q, 200, json!([
        {"sequence":0,"dialogId":"C","conversationId":"C","serverTimestamp":1,"originatorId":"cons-1",
         "originatorMetadata":{"id":"cons-1","role":"CONSUMER"},
         "event":{"type":"ContentEvent","contentType":"text/plain","message":"earlier"}}]));
    let order: Vec<&str> = h
        .events
        .iter()
        .filter_map(|e| match e {
            Event::Model {
                model: ModelEvent::Conversation { .. },
            } => Some("conversation"),
            Event::Model {
                model: ModelEvent::Message { history: true, .. },
            } => Some("message"),
            _ => None,
        })
        .collect();
    assert_eq!(order, vec!["conversation", "message"]);
    assert!(h.c.model().message("C", 0).is_some());
    // a conversation update is not a new conversation: no second load
    h.notify(
        ".ams.aam.ExConversationChangeNotification",
        json!({"subscriptionId":"BS1","changes":[brand_conv("C")]}),
    );
    h.no_transmit();
}

#[test]
fn conversation_commands_carry_request_level_metadata() {
    let mut h = H::brand(json!({}));
    let open = h.open_brand();
    h.ok(open);
    h.notify(
        ".ams.aam.ExConversationChangeNotification",
        json!({"subscriptionId":"BS1","changes":[brand_conv("C")]}),
    );
    let reason = json!({"type":"ActionReason","reason":"escalated_by_bot","reasonId":"3"});
    let transfer = h.cmd(Command::Transfer {
        conversation_id: "C".into(),
        skill_id: Some("42".into()),
        agent_id: None,
        metadata: Some(reason.clone()),
    });
    let f = h.frame_of(".ams.cm.UpdateConversationField");
    // One object becomes the one-element array UMS expects (requests.md §6.9).
    assert_eq!(f["metadata"], json!([reason]));
    h.respond(&f, 200, json!("Skill changed successfully"));
    assert_eq!(h.ok(transfer), CommandOutput::Done);

    let note = h.cmd(Command::SetNote {
        conversation_id: "C".into(),
        note: "vip".into(),
        metadata: None,
    });
    let f = h.frame_of(".ams.cm.UpdateConversationField");
    assert!(f.get("metadata").is_none(), "{f}");
    h.respond(&f, 200, json!("OK Note set successfully"));
    let _ = h.result(note);
}

#[test]
fn bad_conversation_metadata_and_empty_ids_are_refused_before_sending() {
    let mut h = H::brand(json!({}));
    let open = h.open_brand();
    h.ok(open);
    h.notify(
        ".ams.aam.ExConversationChangeNotification",
        json!({"subscriptionId":"BS1","changes":[brand_conv("C")]}),
    );
    let bad = h.cmd(Command::Transfer {
        conversation_id: "C".into(),
        skill_id: Some("42".into()),
        agent_id: None,
        metadata: Some(json!("escalated")),
    });
    let e = h.err(bad);
    assert!(
        e.to_string()
            .contains("metadata must be an object or an array of objects"),
        "{e}"
    );
    let bad = h.cmd(Command::SetTtr {
        conversation_id: "C".into(),
        ttr_type: lpm_core::model::TtrType::Urgent,
        value: None,
        metadata: Some(json!([{"type": "ActionReason"}, 3])),
    });
    assert!(h.err(bad).to_string().contains("metadata must be objects"));
    let empty = h.cmd(Command::AgentRequestConversation {
        consumer_id: " ".into(),
        skill_id: None,
        context: None,
        ttr_def_name: None,
    });
    assert!(h.err(empty).to_string().contains("consumerId is empty"));
    let empty = h.cmd(Command::SubscribeAgentsState {
        agent_id: Some(String::new()),
    });
    assert!(h.err(empty).to_string().contains("agentId is empty"));
    h.no_transmit();
}
