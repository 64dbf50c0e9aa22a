//! Timing ("metrics") events: exact names, times and payloads, and no secret in any of them.

mod connection_support;

use connection_support::*;
use lpm_core::connection::{Command, Event, Timing};
use lpm_core::io::SocketFailure;
use serde_json::{Value, json};

fn timings(h: &mut H) -> Vec<Timing> {
    h.take_events()
        .into_iter()
        .filter_map(|e| match e {
            Event::Timing(t) => Some(t),
            _ => None,
        })
        .collect()
}

fn names(ts: &[Timing]) -> Vec<&str> {
    ts.iter().map(|t| t.name.as_str()).collect()
}

#[test]
fn consumer_open_times_the_idp_call_the_socket_and_every_request() {
    let mut h = H::consumer(json!({}));
    let start = h.now;
    h.cmd(Command::Open);
    h.csds("idp", "idp.example");
    let signup = h.next_http();
    h.now = h.now.plus_ms(30);
    h.reply(&signup, 200, json!({"jwt": jwt("consumer-1")}));
    h.csds("asyncMessagingEnt", "msg.example");
    h.expect_open_socket();
    h.now = h.now.plus_ms(5);
    h.opened();
    let init = h.frame_of("InitConnection");
    h.now = h.now.plus_ms(7);
    h.respond(&init, 200, json!("OK"));
    let ts = timings(&mut h);
    assert_eq!(
        names(&ts),
        [
            "getConsumerToken#request",
            "getConsumerToken#response",
            "connect#request",
            "connect#response",
            "InitConnection#request",
            "InitConnection#response",
            "cqm.SubscribeExConversations#request",
        ]
    );
    let url = format!("https://idp.example/api/account/{ACCT}/signup");
    assert_eq!(ts[0].start, start);
    assert_eq!(ts[0].end, None);
    assert_eq!(ts[0].request, json!({"method": "POST", "url": url}));
    assert_eq!(ts[0].response, None);
    assert_eq!(ts[1].start, start);
    assert_eq!(ts[1].end, Some(start.plus_ms(30)));
    assert_eq!(ts[1].response, Some(json!({"status": 200})));
    assert_eq!(ts[1].duration_ms(), Some(30));

    assert_eq!(
        ts[2].request["url"]
            .as_str()
            .map(|u| u.starts_with("wss://msg.example/ws_api/account/")),
        Some(true)
    );
    assert_eq!(ts[3].end.map(|e| e.since(ts[3].start)), Some(5));
    assert_eq!(ts[3].response, Some(json!({"opened": true})));

    // The InitConnection frame, its JWT header redacted.
    let req = &ts[4].request;
    assert_eq!(req["kind"], "req");
    assert_eq!(req["id"], init["id"]);
    assert_eq!(req["type"], "InitConnection");
    assert_eq!(
        req["headers"][0]["type"],
        ".ams.headers.ConsumerAuthentication"
    );
    assert_eq!(req["headers"][0]["jwt"], "<redacted>");
    assert_eq!(ts[5].request, *req);
    assert_eq!(ts[5].duration_ms(), Some(7));
    assert_eq!(
        ts[5].response,
        Some(json!({"kind":"resp","reqId": init["id"],"code":200,"type":"X","body":"OK"}))
    );
    let all = serde_json::to_string(&ts).unwrap();
    assert!(!all.contains(&jwt("consumer-1")), "{all}");
}

#[test]
fn serialised_under_the_js_name_and_timeouts_emit_timeout() {
    let mut h = H::consumer(json!({"responseTimeout": 1000}));
    let open = h.open_consumer(json!([]));
    h.ok(open);
    h.take_events();
    let send = h.cmd(Command::Send {
        request: serde_json::from_value(
            json!({"type": "ms.PublishEvent", "body": {"dialogId": "D"}}),
        )
        .unwrap(),
    });
    let f = h.frame_of("ms.PublishEvent");
    let ts = timings(&mut h);
    assert_eq!(names(&ts), ["ms.PublishEvent#request"]);
    let v = serde_json::to_value(Event::Timing(ts[0].clone())).unwrap();
    assert_eq!(v["event"], "timing");
    assert_eq!(v["name"], "ms.PublishEvent#request");
    assert_eq!(v["start"], json!(h.now.0));
    assert!(v.get("end").is_none() && v.get("response").is_none());
    assert_eq!(
        v["request"],
        json!({"kind":"req","id": f["id"],"type":"ms.PublishEvent","body":{"dialogId":"D"}})
    );

    h.advance(1000);
    let evs = h.take_events();
    let timeout = evs
        .iter()
        .find_map(|e| match e {
            Event::Timeout { error } => Some(error.clone()),
            _ => None,
        })
        .expect("a timeout event");
    assert_eq!(timeout.kind(), "timeout");
    assert!(timeout.to_string().contains("ms.PublishEvent"), "{timeout}");
    let v = serde_json::to_value(Event::Timeout { error: timeout }).unwrap();
    assert_eq!(v["event"], "timeout");
    assert_eq!(v["error"]["requestType"], "ms.PublishEvent");
    assert!(
        !evs.iter()
            .any(|e| matches!(e, Event::Timing(t) if t.name == "ms.PublishEvent#response"))
    );
    assert!(
        evs.iter()
            .any(|e| matches!(e, Event::CommandCompleted { id, result: Err(_) } if *id == send))
    );
}

#[test]
fn brand_times_the_login_without_its_body_and_redacts_the_bearer() {
    let mut h = H::brand(json!({}));
    h.cmd(Command::Open);
    h.csds("agentVep", "vep.example");
    let login = h.next_http();
    h.reply(&login, 200, login_answer("BEARER-SECRET-1"));
    h.csds("facadeMsg", "facade.example");
    h.expect_open_socket();
    h.opened();
    let v = h.frame_of(".ams.userprofile.GetUserProfile");
    h.respond(&v, 200, json!({"userId": format!("{ACCT}.777")}));
    let ts = timings(&mut h);
    assert_eq!(
        &names(&ts)[..6],
        [
            "getAgentToken#request",
            "getAgentToken#response",
            "connect#request",
            "connect#response",
            ".ams.userprofile.GetUserProfile#request",
            ".ams.userprofile.GetUserProfile#response",
        ]
    );
    assert_eq!(ts[0].request, json!({"method": "POST", "url": login.url}));
    assert_eq!(ts[1].response, Some(json!({"status": 200})));
    let url = ts[2].request["url"].as_str().unwrap();
    assert!(url.contains("/messaging/brand/<redacted>?v=2.1"), "{url}");
    let all = serde_json::to_string(&ts).unwrap();
    for secret in [
        "BEARER-SECRET-1",
        "SECRETVAL",
        "ATOKEN",
        "ATSECRET",
        "CSRF1",
        "SESS1",
    ] {
        assert!(!all.contains(secret), "{secret} in {all}");
    }
}

#[test]
fn failed_connects_and_shift_status_errors() {
    let mut h = H::brand(json!({}));
    let open = h.open_brand();
    h.ok(open);
    h.take_events();
    let st = h.cmd(Command::GetShiftStatus);
    h.csds("asyncMessagingEnt", "msg.example");
    let r = h.next_http();
    h.now = h.now.plus_ms(12);
    h.reply(&r, 500, json!({"message": "down"}));
    h.err(st);
    let ts = timings(&mut h);
    assert_eq!(
        names(&ts),
        ["getShiftStatus#request", "getShiftStatus#error"]
    );
    assert_eq!(ts[1].duration_ms(), Some(12));
    assert_eq!(ts[1].response, Some(json!({"status": 500})));
    let e = ts[1].error.clone().expect("the error");
    assert_eq!(e.code(), Some(500));
    assert!(e.to_string().contains("down"), "{e}");

    let st = h.cmd(Command::GetShiftStatus);
    let r = h.next_http();
    h.reply(&r, 200, json!([]));
    h.ok(st);
    assert_eq!(
        names(&timings(&mut h)),
        ["getShiftStatus#request", "getShiftStatus#response"]
    );

    // A drop, then a socket that cannot be opened.
    h.socket_closed(1006, "gone");
    h.fire_next_timer();
    h.expect_open_socket();
    h.socket_failed(SocketFailure::Network {
        message: "ECONNREFUSED".into(),
        certificate: false,
    });
    let ts = timings(&mut h);
    let connect: Vec<&Timing> = ts.iter().filter(|t| t.what() == "connect").collect();
    assert_eq!(connect.len(), 2, "{:?}", names(&ts));
    assert_eq!(connect[1].name, "connect#response");
    assert_eq!(connect[1].response, Some(json!({"error": "ECONNREFUSED"})));
}

#[test]
fn every_idp_call_is_a_get_consumer_token() {
    let mut h = H::consumer(json!({"unauthConnectorId": "UC1"}));
    h.cmd(Command::Open);
    h.csds("idp", "idp.example");
    let r = h.next_http();
    h.reply(&r, 200, json!({"token": "EXTERNAL-TOKEN-0"}));
    let r = h.next_http();
    h.fail_http(&r, "reset by peer");
    let ts = timings(&mut h);
    assert_eq!(
        names(&ts),
        [
            "getConsumerToken#request",
            "getConsumerToken#response",
            "getConsumerToken#request",
            "getConsumerToken#response",
        ]
    );
    assert_eq!(ts[3].response, Some(json!({"error": "reset by peer"})));
    let all: Value = serde_json::to_value(&ts).unwrap();
    assert!(!all.to_string().contains("EXTERNAL-TOKEN-0"));
}

#[test]
fn frame_timings_off_time_no_ums_frame_and_on_again_time_the_next() {
    let mut h = H::consumer(json!({}));
    h.c.set_frame_timings(false);
    let open = h.open_consumer(json!([]));
    h.ok(open);
    let ts = timings(&mut h);
    // The IDP call and the socket are still timed; no UMS frame is.
    assert_eq!(
        names(&ts),
        [
            "getConsumerToken#request",
            "getConsumerToken#response",
            "connect#request",
            "connect#response",
        ]
    );

    h.c.set_frame_timings(true);
    h.cmd(Command::Send {
        request: serde_json::from_value(
            json!({"type": "ms.PublishEvent", "body": {"dialogId": "D"}}),
        )
        .unwrap(),
    });
    let f = h.frame_of("ms.PublishEvent");
    h.respond(&f, 200, json!({"sequence": 1}));
    let ts = timings(&mut h);
    assert_eq!(
        names(&ts),
        ["ms.PublishEvent#request", "ms.PublishEvent#response"]
    );
    assert_eq!(ts[1].request["type"], "ms.PublishEvent");
}
