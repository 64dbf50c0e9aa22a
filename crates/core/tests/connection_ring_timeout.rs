//! `ringConversationTimeout`: after `ring.accept()` the conversation must arrive through the
//! conversation subscription in time, or an `error` event says it did not.

mod connection_support;

use connection_support::*;
use lpm_core::connection::{Command, Error, Event, RoutingQuery};
use serde_json::json;

const CONV: &str = "conv-r";

fn ring_id() -> String {
    format!("{CONV}_{ACCT}_1475397157834")
}

/// A brand connection with a routing subscription and a waiting ring, accepted.
fn accepted(extra: serde_json::Value) -> H {
    let mut h = H::brand(extra);
    let open = h.open_brand();
    h.ok(open);
    let rt = h.cmd(Command::CreateRoutingTaskSubscription {
        query: Some(RoutingQuery::default()),
    });
    let f = h.frame_of(".ams.routing.SubscribeRoutingTasks");
    h.respond(&f, 200, json!({"subscriptionId":"R1"}));
    h.ok(rt);
    let ring = json!({"ringId": ring_id(), "brandId": ACCT, "convId": CONV, "consumerId": "cons-1",
        "skillId": "55", "ringState": "WAITING", "ringExpiration": 72000,
        "ringExpirationTs": 1475397229834u64, "weight": 1});
    h.notify(
        ".ams.routing.RoutingTaskNotification",
        json!({"subscriptionId":"R1","changes":[{"type":"UPSERT","result":{
            "routingTaskId":"task-1","brandId":ACCT,"assignedAgentId":"","taskCompleted":false,
            "conversationId":CONV,"consumerId":"cons-1","skillId":"55","ringsDetails":[ring]}}]}),
    );
    let accept = h.cmd(Command::AcceptRing { ring_id: ring_id() });
    let f = h.frame_of(".ams.routing.UpdateRingState");
    assert_eq!(
        f["body"],
        json!({"ringId": ring_id(), "ringState": "ACCEPTED"})
    );
    h.respond(&f, 200, json!({}));
    h.ok(accept);
    h.take_events();
    h
}

fn ring_errors(h: &mut H) -> Vec<Error> {
    h.take_events()
        .into_iter()
        .filter_map(|e| match e {
            Event::Error {
                error: e @ Error::RingConversationTimeout { .. },
            } => Some(e),
            _ => None,
        })
        .collect()
}

#[test]
fn missing_conversation_is_an_error_event_after_the_timeout() {
    let mut h = accepted(json!({"ringConversationTimeout": 5000}));
    h.advance(4999);
    assert!(ring_errors(&mut h).is_empty());
    h.advance(1);
    let errs = ring_errors(&mut h);
    assert_eq!(
        errs,
        [Error::RingConversationTimeout {
            ring_id: ring_id(),
            conversation_id: CONV.into(),
            timeout_ms: 5000,
        }]
    );
    let v = serde_json::to_value(&errs[0]).unwrap();
    assert_eq!(v["kind"], "ringConversationTimeout");
    assert_eq!(v["code"], "RING_CONVERSATION_TIMEOUT");
    assert_eq!(v["conversationId"], CONV);
    assert_eq!(v["ringId"], ring_id());
    // Reported once.
    h.advance(60_000);
    assert!(ring_errors(&mut h).is_empty());
}

#[test]
fn the_default_is_60_seconds() {
    let mut h = accepted(json!({}));
    h.advance(59_999);
    assert!(ring_errors(&mut h).is_empty());
    h.advance(1);
    assert_eq!(ring_errors(&mut h).len(), 1);
}

#[test]
fn a_conversation_that_arrives_in_time_is_no_error() {
    let mut h = accepted(json!({"ringConversationTimeout": 5000}));
    h.advance(1000);
    h.notify(
        ".ams.aam.ExConversationChangeNotification",
        json!({"subscriptionId":"BS1","changes":[conv_change(CONV, "OPEN", 10)]}),
    );
    assert!(h.c.model().conversation(CONV).is_some());
    h.advance(4000);
    assert!(ring_errors(&mut h).is_empty());
}

#[test]
fn zero_disables_the_check() {
    let mut h = accepted(json!({"ringConversationTimeout": 0}));
    h.advance(120_000);
    assert!(ring_errors(&mut h).is_empty());
}
