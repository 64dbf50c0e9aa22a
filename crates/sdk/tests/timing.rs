//! Timing ("metrics") events over real sockets against the in-process platform: names as the
//! JavaScript SDK emits them, payloads without secrets.

mod common;

use common::{Env, wait_for};
use lp_messaging_sdk::{Event, EventStream, Timing};
use serde_json::json;

/// Every timing event until (and with) the one named `last`.
async fn timings_until(events: &mut EventStream, last: &str) -> Vec<Timing> {
    let mut seen = Vec::new();
    wait_for(events, last, |e| match e {
        Event::Timing(t) => {
            seen.push(t.clone());
            (t.name == last).then_some(())
        }
        _ => None,
    })
    .await;
    seen
}

fn names(ts: &[Timing]) -> Vec<&str> {
    ts.iter().map(|t| t.name.as_str()).collect()
}

#[tokio::test]
async fn consumer_requests_are_timed_with_v3_names_and_no_jwt() {
    let env = Env::start().await;
    let consumer = env.consumer_builder().build().expect("options");
    let mut events = consumer.events();
    consumer.open().await.expect("open");
    consumer.create_conversation().await.expect("created");
    let ts = timings_until(&mut events, "cm.ConsumerRequestConversation#response").await;
    let n = names(&ts);
    for expected in [
        "getConsumerToken#request",
        "getConsumerToken#response",
        "connect#request",
        "connect#response",
        "InitConnection#request",
        "InitConnection#response",
        "cm.ConsumerRequestConversation#request",
    ] {
        assert!(n.contains(&expected), "{expected} missing from {n:?}");
    }
    let pos = |name: &str| n.iter().position(|x| *x == name).unwrap();
    assert!(pos("connect#request") < pos("connect#response"));
    assert!(pos("connect#response") < pos("InitConnection#request"));

    let last = ts.last().expect("the response");
    assert_eq!(last.request["type"], "cm.ConsumerRequestConversation");
    let response = last.response.as_ref().expect("response frame");
    assert_eq!(response["kind"], "resp");
    assert_eq!(response["code"], 200);
    assert_eq!(response["reqId"], last.request["id"]);
    assert!(last.end.expect("end") >= last.start);

    let init = ts
        .iter()
        .find(|t| t.name == "InitConnection#request")
        .expect("init");
    assert_eq!(init.request["headers"][0]["jwt"], "<redacted>");
    let token = consumer.token().await.expect("token");
    let all = serde_json::to_string(&ts).expect("json");
    assert!(!all.contains(&token), "the JWT leaked into a timing event");
}

#[tokio::test]
async fn brand_login_and_shift_status_failures_are_timed() {
    let env = Env::start().await;
    let bot = env.brand_builder("bot").build().expect("options");
    let mut events = bot.events();
    bot.open().await.expect("open");
    let ts = timings_until(&mut events, ".ams.aam.SubscribeExConversations#response").await;
    let n = names(&ts);
    assert_eq!(&n[..2], ["getAgentToken#request", "getAgentToken#response"]);
    assert_eq!(ts[1].response, Some(json!({"status": 200})));
    assert!(
        n.contains(&".ams.userprofile.GetUserProfile#response"),
        "{n:?}"
    );
    let bearer = bot.token().await.expect("bearer");
    let all = serde_json::to_string(&ts).expect("json");
    for secret in [bearer.as_str(), "appKey", "accessTokenSecret"] {
        assert!(!all.contains(secret), "{secret} leaked");
    }

    env.control(
        "POST",
        "/faults",
        json!({"kind": "http:shift_status", "status": 503, "body": {"error": "busy"}}),
    )
    .await;
    assert!(bot.refresh_shift_status().await.is_err());
    let ts = timings_until(&mut events, "getShiftStatus#error").await;
    let e = ts.last().and_then(|t| t.error.clone()).expect("the error");
    assert_eq!(e.code(), Some(503));
    assert_eq!(
        ts.last().and_then(|t| t.response.clone()),
        Some(json!({"status": 503}))
    );
    bot.refresh_shift_status().await.expect("shift status");
    timings_until(&mut events, "getShiftStatus#response").await;
}
