//! Rings (routing tasks), agent state and skill shift status.

mod common;

use common::*;
use lpm_core::model::{AgentState, IngestContext, ModelEvent, RingState, ShiftStatus};
use lpm_core::time::Time;
use serde_json::{Value, json};

fn ring_frame(change: &str, state: &str, rings: usize) -> lpm_protocol::Notification {
    let ring = json!({"ringId": format!("{CONV}_{ACCT}_1475397157834"), "brandId": ACCT, "convId": CONV,
        "consumerId": CONSUMER, "skillId": "55", "ringState": state, "ringExpiration": 72000,
        "ringExpirationTs": 1475397229834u64, "weight": 1475400757636u64});
    frame(
        ".ams.routing.RoutingTaskNotification",
        json!({"subscriptionId":"rs-1","changes":[{"type":change,"result":{
            "routingTaskId":"task-1","brandId":ACCT,"assignedAgentId":"","taskCompleted":state == "ACCEPTED",
            "conversationId":CONV,"consumerId":CONSUMER,"skillId":"55",
            "ringsDetails": vec![ring; rings]}}]}),
    )
}

fn ring_id() -> String {
    format!("{CONV}_{ACCT}_1475397157834")
}

#[test]
fn ring_lifecycle() {
    let mut m = brand_model();
    let ctx = IngestContext::at(Time(1));
    let empty = frame(
        ".ams.routing.RoutingTaskNotification",
        json!({"subscriptionId":"rs-1","changes":[]}),
    );
    assert!(m.ingest(&empty, &ctx).is_empty());
    let ev = m.ingest(&ring_frame("UPSERT", "WAITING", 1), &ctx);
    assert_eq!(ev, vec![ModelEvent::Ring { ring_id: ring_id() }]);
    let r = m.ring(&ring_id()).unwrap();
    assert!(r.is_waiting());
    assert_eq!(r.conversation_id, CONV);
    assert_eq!(r.consumer_id.as_deref(), Some(CONSUMER));
    assert_eq!(r.skill_id.as_deref(), Some("55"));
    assert_eq!(r.ring_expiration, Some(72000));
    assert_eq!(r.ring_expiration_ts, Some(1475397229834));
    assert!(m.skill("55").is_some());
    // Same state again: nothing.
    assert!(
        m.ingest(&ring_frame("UPSERT", "WAITING", 1), &ctx)
            .is_empty()
    );
    let ev = m.ingest(&ring_frame("UPSERT", "ACCEPTED", 1), &ctx);
    assert_eq!(
        ev,
        vec![ModelEvent::RingStateChange {
            ring_id: ring_id(),
            ring_state: RingState::Accepted
        }]
    );
    assert_eq!(ev[0].name(), "accepted");
    assert!(m.ring(&ring_id()).unwrap().task_completed);
    // DELETE marks it; expiry drops it after the retention time.
    assert!(
        m.ingest(&ring_frame("DELETE", "ACCEPTED", 1), &ctx)
            .is_empty()
    );
    let due = m.next_expiry().unwrap();
    m.expire(Time(due.0 - 1));
    assert!(m.ring(&ring_id()).is_some());
    m.expire(due);
    assert!(m.ring(&ring_id()).is_none());
}

#[test]
fn ring_state_names() {
    for (state, name) in [
        ("REJECTED", "rejected"),
        ("CANCELLED", "cancelled"),
        ("EXPIRED", "expired"),
    ] {
        let mut m = brand_model();
        let ctx = IngestContext::at(Time(1));
        m.ingest(&ring_frame("UPSERT", "WAITING", 1), &ctx);
        let ev = m.ingest(&ring_frame("UPSERT", state, 1), &ctx);
        assert_eq!(names(&ev), [name]);
    }
}

#[test]
fn ring_must_be_single() {
    let mut m = brand_model();
    let ctx = IngestContext::at(Time(1));
    assert_eq!(
        names(&m.ingest(&ring_frame("UPSERT", "WAITING", 2), &ctx)),
        ["error"]
    );
    assert_eq!(
        names(&m.ingest(&ring_frame("UPSERT", "WAITING", 0), &ctx)),
        ["error"]
    );
    let bad = frame(
        ".ams.routing.RoutingTaskNotification",
        json!({"changes":[{"type":"UPSERT","result":{"ringsDetails":[{"ringState":"WAITING"}]}}]}),
    );
    assert_eq!(names(&m.ingest(&bad, &ctx)), ["error"]);
    assert_eq!(
        names(&m.ingest(
            &frame(".ams.routing.RoutingTaskNotification", json!([])),
            &ctx
        )),
        ["error"]
    );
    assert_eq!(m.rings().len(), 0);
}

#[test]
fn agent_state_notifications() {
    let mut m = brand_model();
    let ctx = IngestContext::at(Time(1));
    let n = |avail: &str| {
        frame(
            ".ams.routing.AgentStateNotification",
            json!({"subscriptionId":"a","changes":[{"type":"UPSERT","result":{"channels":["MESSAGING"],"availability":avail,"description":"","agentUserId":ME_OLD}}]}),
        )
    };
    assert_eq!(
        m.ingest(&n("ONLINE"), &ctx),
        vec![ModelEvent::AgentStateChange {
            agent_id: ME_OLD.into(),
            agent_state: AgentState::Online
        }]
    );
    assert!(m.ingest(&n("ONLINE"), &ctx).is_empty());
    assert_eq!(m.own_agent_state(), Some(&AgentState::Online));
    assert_eq!(names(&m.ingest(&n("AWAY"), &ctx)), ["agent-state"]);
    assert_eq!(m.agent_state(ME_OLD), Some(&AgentState::Away));
    let bad = frame(
        ".ams.routing.AgentStateNotification",
        json!({"changes":[{"result":{}}]}),
    );
    assert_eq!(names(&m.ingest(&bad, &ctx)), ["error"]);
    m.set_own_agent_state(AgentState::BackSoon);
    assert_eq!(m.own_agent_state(), Some(&AgentState::BackSoon));
    // the notification of a state this connection set is still an event (the subscription
    // reports it), and its repeat is not
    assert_eq!(names(&m.ingest(&n("BACK_SOON"), &ctx)), ["agent-state"]);
    assert!(m.ingest(&n("BACK_SOON"), &ctx).is_empty());
    let mut fresh = brand_model();
    fresh.set_own_agent_state(AgentState::Online);
    assert_eq!(names(&fresh.ingest(&n("ONLINE"), &ctx)), ["agent-state"]);
    assert_eq!(fresh.own_agent_state(), Some(&AgentState::Online));
}

#[test]
fn shift_status_transitions() {
    let mut m = brand_model();
    let rec = |on: bool| ShiftStatus {
        skill_id: "55".into(),
        on_shift: on,
        next_on: (!on).then_some(9_000),
        next_off: on.then_some(8_000),
    };
    assert!(
        m.ingest_shift_status(&[rec(true)]).is_empty(),
        "first data only informs"
    );
    assert!(!m.skill("55").unwrap().is_in_off_hours());
    assert_eq!(
        m.ingest_shift_status(&[rec(false)]),
        vec![ModelEvent::SkillEnteredOffHours {
            skill_id: "55".into()
        }]
    );
    assert!(m.skill("55").unwrap().is_in_off_hours());
    assert!(m.ingest_shift_status(&[rec(false)]).is_empty());
    assert_eq!(
        names(&m.ingest_shift_status(&[rec(true)])),
        ["skill-entered-work-hours"]
    );
    // JSON form, skill ids as numbers, a bad record.
    let body: Value = json!([{"skillId": 55, "onShift": false, "nextOn": 1}, {"skillId": {"x": 1}}, {"skillId": "77", "onShift": true}]);
    assert_eq!(
        names(&m.ingest_shift_status_json(&body)),
        ["error", "skill-entered-off-hours"]
    );
    assert!(m.skill("77").unwrap().on_shift.unwrap());
    assert_eq!(names(&m.ingest_shift_status_json(&json!({}))), ["error"]);
}

#[test]
fn finished_and_stale_rings_are_dropped_in_time() {
    let mut m = brand_model();
    m.ingest(
        &ring_frame("UPSERT", "WAITING", 1),
        &IngestContext::at(Time(1)),
    );
    // Waiting rings stay until well after their expiry time, in case the final state is lost.
    assert_eq!(m.next_expiry(), Some(Time(1475397229834 + 60_000)));
    m.ingest(
        &ring_frame("UPSERT", "REJECTED", 1),
        &IngestContext::at(Time(1_000)),
    );
    assert_eq!(m.next_expiry(), Some(Time(61_000)));
    m.expire(Time(60_999));
    assert!(
        m.ring(&ring_id()).is_some(),
        "still there for listeners of the rejection"
    );
    m.expire(Time(61_000));
    assert!(m.ring(&ring_id()).is_none());
}
