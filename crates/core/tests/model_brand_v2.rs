//! Brand v2 specifics (notifications.md §2.5): old ids in `participants`,
//! `participantsDetails` and `numberOfunreadMessages`; PIDs in `participantsPId`, positionally;
//! suggested agents by old id only; transfer flows seen from the brand socket.

mod common;

use common::*;
use lpm_core::model::{ModelEvent, ParticipantRole};
use serde_json::json;

const C: (&str, &str, &str) = (CONSUMER, "CONSUMER", "ACTIVE");
const PIDS: &[(&str, &str)] = &[
    (AGENT_OLD, AGENT_PID),
    (ME_OLD, ME_PID),
    (OTHER_OLD, OTHER_PID),
];

#[test]
fn capture_shape_with_two_managers_keeps_order() {
    // The 2019 WhatsApp capture: two managers, controller absent from participantsPId.
    let mut m = brand_model();
    let body = json!({"subscriptionId": "s", "changes": [{"type": "UPSERT", "result": {
        "convId": CONV, "effectiveTTR": -1, "lastUpdateTime": 5,
        "numberOfunreadMessages": {CONSUMER: 1, OTHER_OLD: 0, ME_OLD: 10},
        "conversationDetails": {"convId": CONV, "skillId": "-1", "brandId": ACCT,
            "participants": {"CONSUMER": [CONSUMER], "MANAGER": [ME_OLD, OTHER_OLD], "CONTROLLER": ["123.777"], "READER": []},
            "participantsPId": {"CONSUMER": [CONSUMER], "MANAGER": [ME_PID, OTHER_PID], "READER": []},
            "dialogs": [{"dialogId": CONV, "dialogType": "MAIN", "channelType": "MESSAGING", "state": "OPEN",
                "participantsDetails": [
                    {"id": CONSUMER, "role": "CONSUMER", "state": "ACTIVE"},
                    {"id": ME_OLD, "role": "MANAGER", "state": "ACTIVE"},
                    {"id": "123.777", "role": "CONTROLLER", "state": "ACTIVE"},
                    {"id": OTHER_OLD, "role": "MANAGER", "state": "ACTIVE"}]}],
            "state": "OPEN", "stage": "OPEN", "startTs": 1, "metaDataLastUpdateTs": 5,
            "context": {"type": "CustomContext", "name": "WhatsApp Business", "clientProperties": {"appId": "whatsapp"}}}}}]});
    let ev = m.ingest(
        &frame(".ams.aam.ExConversationChangeNotification", body),
        &at(1),
    );
    assert_eq!(names(&ev), ["conversation"]);
    let c = m.conversation(CONV).unwrap();
    let d = c.main_dialog().unwrap();
    assert_eq!(d.participant_by_agent_id(ME_OLD).unwrap().user_id, ME_PID);
    assert_eq!(
        d.participant_by_agent_id(OTHER_OLD).unwrap().user_id,
        OTHER_PID
    );
    // No PID known for the controller: its old id stands in, and is recognised as an agent id.
    let ctl = d.participant("123.777").unwrap();
    assert_eq!(ctl.role, ParticipantRole::Controller);
    assert_eq!(ctl.agent_id.as_deref(), Some("123.777"));
    assert_eq!(c.number_of_unread_messages.get(ME_OLD), Some(&10));
    assert_eq!(c.context.as_ref().unwrap()["name"], "WhatsApp Business");
    assert_eq!(
        d.self_participant(m.viewer()).unwrap().role,
        ParticipantRole::Manager
    );
}

#[test]
fn transfer_to_agent_then_accept_on_brand_socket() {
    let mut m = brand_model();
    m.ingest(
        &Conv::new(100, &[C, (AGENT_OLD, "ASSIGNED_AGENT", "ACTIVE")]).v2("UPSERT", PIDS),
        &at(1),
    );
    // Suggested (old id, not in the maps); current agent removed.
    let ev = m.ingest(
        &Conv::new(200, &[C, (OTHER_OLD, "ASSIGNED_AGENT", "SUGGESTED")]).v2("UPSERT", PIDS),
        &at(2),
    );
    assert_eq!(
        names(&ev),
        [
            "participant-suggested",
            "transfer-agent",
            "participant-removed",
            "stateChange"
        ]
    );
    assert!(matches!(&ev[1], ModelEvent::TransferAgent { user_id, .. } if user_id == OTHER_OLD));
    // Accepted: active, old id in details, PID by position.
    let ev = m.ingest(
        &Conv::new(300, &[C, (OTHER_OLD, "ASSIGNED_AGENT", "ACTIVE")]).v2("UPSERT", PIDS),
        &at(3),
    );
    assert_eq!(names(&ev), ["stateChange", "participant-added"]);
    assert!(
        matches!(&ev[1], ModelEvent::ParticipantAdded { previously_suggested: true, user_id, .. } if user_id == OTHER_PID)
    );
    let agent = m
        .conversation(CONV)
        .unwrap()
        .assigned_agent()
        .unwrap()
        .clone();
    assert_eq!(
        (agent.user_id.as_str(), agent.agent_id.as_deref()),
        (OTHER_PID, Some(OTHER_OLD))
    );
}

#[test]
fn me_joining_and_leaving() {
    let mut m = brand_model();
    m.ingest(&Conv::new(100, &[C]).v2("UPSERT", PIDS), &at(1));
    let ev = m.ingest(
        &Conv::new(200, &[C, (ME_OLD, "AGENT", "ACTIVE")]).v2("UPSERT", PIDS),
        &at(2),
    );
    assert!(
        matches!(&ev[..], [ModelEvent::ParticipantAdded { user_id, role: ParticipantRole::Agent, .. }] if user_id == ME_PID)
    );
    let ev = m.ingest(&Conv::new(300, &[C]).v2("UPSERT", PIDS), &at(3));
    assert_eq!(
        names(&ev),
        ["participant-removed", "stateChange"],
        "no back-to-queue for a non-assigned agent"
    );
    let d = m.dialog(CONV).unwrap();
    assert!(d.self_participant(m.viewer()).is_none());
    assert!(d.removed_participant(ME_OLD).is_some());
}

#[test]
fn unread_keys_and_last_content_event() {
    let mut m = brand_model();
    let mut conv = Conv::new(100, &[C]);
    conv.extra = json!({});
    let mut n = conv.v2("UPSERT", PIDS);
    let body = n.body.as_mut().unwrap();
    body["changes"][0]["result"]["lastContentEventNotification"] = json!({"sequence": 1, "originatorId": CONSUMER,
        "originatorPId": CONSUMER, "serverTimestamp": 2, "event": {"type": "ContentEvent", "message": "hello", "contentType": "text/plain"}, "dialogId": CONV});
    m.ingest(&n, &at(1));
    let c = m.conversation(CONV).unwrap();
    assert_eq!(
        c.last_content_event.as_ref().unwrap().to_value()["event"]["message"],
        "hello"
    );
}
