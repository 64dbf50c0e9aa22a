//! No input makes the model panic: every member of valid notifications is replaced, one at a
//! time, by values of every other JSON type, and the result is ingested.

mod common;

use common::*;
use lpm_core::model::{IngestContext, Model};
use lpm_core::time::Time;
use serde_json::{Value, json};

fn paths(v: &Value, prefix: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                prefix.push(k.clone());
                out.push(prefix.clone());
                paths(child, prefix, out);
                prefix.pop();
            }
        }
        Value::Array(list) => {
            for (i, child) in list.iter().enumerate() {
                prefix.push(i.to_string());
                out.push(prefix.clone());
                paths(child, prefix, out);
                prefix.pop();
            }
        }
        _ => {}
    }
}

fn replace(v: &mut Value, path: &[String], with: Value) {
    let mut cur = v;
    for (i, key) in path.iter().enumerate() {
        let next = match cur {
            Value::Object(map) => map.get_mut(key),
            Value::Array(list) => key.parse::<usize>().ok().and_then(|i| list.get_mut(i)),
            _ => None,
        };
        let Some(next) = next else { return };
        if i + 1 == path.len() {
            *next = with;
            return;
        }
        cur = next;
    }
}

fn mutations(body: &Value) -> Vec<Value> {
    let mut all = Vec::new();
    paths(body, &mut Vec::new(), &mut all);
    let alternatives = [
        json!(null),
        json!(-1),
        json!(1.5e300),
        json!("x"),
        json!([]),
        json!({}),
        json!([1, {"a": null}]),
    ];
    let mut out = Vec::new();
    for p in &all {
        for alt in &alternatives {
            let mut b = body.clone();
            replace(&mut b, p, alt.clone());
            out.push(b);
        }
    }
    out
}

fn seeded() -> Model {
    let mut m = brand_model();
    let conv = Conv::new(
        100,
        &[
            (CONSUMER, "CONSUMER", "ACTIVE"),
            (AGENT_OLD, "ASSIGNED_AGENT", "ACTIVE"),
        ],
    );
    m.ingest(&conv.v2("UPSERT", &[(AGENT_OLD, AGENT_PID)]), &at(1));
    m.ingest(
        &consumer_messages(vec![record_v3(Some(0), CONSUMER, "CONSUMER", text("hi"))]),
        &at(2),
    );
    m
}

#[test]
fn mutated_conversation_changes() {
    let conv = Conv::new(
        200,
        &[
            (CONSUMER, "CONSUMER", "ACTIVE"),
            (OTHER_OLD, "ASSIGNED_AGENT", "SUGGESTED"),
        ],
    );
    let n = conv.v2("UPSERT", &[]);
    let body = n.body.clone().unwrap();
    for b in mutations(&body) {
        let mut m = seeded();
        m.ingest(
            &frame(".ams.aam.ExConversationChangeNotification", b.clone()),
            &IngestContext::subscription(Time(3), "d", true),
        );
        m.ingest(&frame("cqm.ExConversationChangeNotification", b), &at(4));
        let _ = m.serialize_conversation(CONV);
        m.expire(Time(u64::MAX));
    }
}

#[test]
fn mutated_messaging_events() {
    let records = vec![
        record_v3(
            Some(1),
            AGENT_PID,
            "ASSIGNED_AGENT",
            json!({"type": "RichContentEvent", "content": {"type": "vertical"}, "quickReplies": {}}),
        ),
        record_v3(
            Some(2),
            CONSUMER,
            "CONSUMER",
            json!({"type": "AcceptStatusEvent", "status": "READ", "sequenceList": [0, 1]}),
        ),
        record_v3(
            None,
            CONSUMER,
            "CONSUMER",
            json!({"type": "ChatStateEvent", "chatState": "COMPOSING"}),
        ),
    ];
    let body = json!({"changes": records});
    for b in mutations(&body) {
        let mut m = seeded();
        m.ingest(&frame("ms.MessagingEventNotification", b.clone()), &at(3));
        if let Some(r) = b.get("changes").and_then(|c| c.get(0)) {
            m.ingest(&frame(".ams.ms.OnlineEventDistribution", r.clone()), &at(3));
        }
        m.ingest_query_messages(CONV, b.get("changes").unwrap_or(&Value::Null), Time(3));
        m.expire(Time(u64::MAX));
    }
}

#[test]
fn mutated_routing_and_agent_state() {
    let routing = json!({"subscriptionId": "r", "changes": [{"type": "UPSERT", "result": {
        "routingTaskId": "t", "brandId": ACCT, "taskCompleted": false, "conversationId": CONV, "consumerId": CONSUMER, "skillId": "1",
        "ringsDetails": [{"ringId": "r1", "convId": CONV, "ringState": "WAITING", "ringExpiration": 72000, "ringExpirationTs": 5, "weight": 1}]}}]});
    let agent = json!({"subscriptionId": "a", "changes": [{"type": "UPSERT", "result": {"channels": ["MESSAGING"], "availability": "ONLINE", "agentUserId": ME_OLD}}]});
    for b in mutations(&routing) {
        let mut m = seeded();
        m.ingest(&frame(".ams.routing.RoutingTaskNotification", b), &at(3));
        m.expire(Time(u64::MAX));
    }
    for b in mutations(&agent) {
        let mut m = seeded();
        m.ingest(&frame(".ams.routing.AgentStateNotification", b), &at(3));
    }
    let shift = json!([{"skillId": "1", "onShift": true, "nextOn": 5, "nextOff": 6}]);
    for b in mutations(&shift) {
        let mut m = seeded();
        m.ingest_shift_status_json(&b);
    }
}
