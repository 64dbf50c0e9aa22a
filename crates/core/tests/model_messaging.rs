//! Messaging-event ingest: messages, de-duplication and order, receipts, chat states, private
//! messages, history, brand single records.

mod common;

use common::*;
use lpm_core::model::{
    ChatState, DeliveryStatus, IngestContext, MessageAudience, MessageKind, ModelEvent,
};
use lpm_core::time::Time;
use serde_json::json;

const C: (&str, &str, &str) = (CONSUMER, "CONSUMER", "ACTIVE");
const A: (&str, &str, &str) = (AGENT_PID, "ASSIGNED_AGENT", "ACTIVE");

fn consumer_with_conv() -> lpm_core::model::Model {
    let mut m = consumer_model();
    m.ingest(&Conv::new(100, &[C, A]).v3("UPSERT"), &at(1));
    m
}

fn now() -> IngestContext {
    IngestContext::at(Time(5))
}

#[test]
fn live_message_event_and_lookup() {
    let mut m = consumer_with_conv();
    let n = notification(&format!(
        r#"{{"kind":"notification","type":"ms.MessagingEventNotification","body":{{"changes":[
        {{"sequence":2,"originatorId":"{AGENT_PID}","originatorMetadata":{{"id":"{AGENT_PID}","role":"ASSIGNED_AGENT"}},
         "serverTimestamp":1538492183879,"event":{{"type":"ContentEvent","message":"Hello again","contentType":"text/plain"}},
         "conversationId":"{CONV}","dialogId":"{CONV}","messageAudience":"ALL","metadata":[{{"type":"ExternalId","id":"x"}}]}}]}}}}"#
    ));
    let ev = m.ingest(&n, &now());
    assert_eq!(
        ev,
        vec![ModelEvent::Message {
            conversation_id: CONV.into(),
            dialog_id: CONV.into(),
            sequence: 2,
            history: false
        }]
    );
    let msg = m.message(CONV, 2).unwrap();
    assert_eq!(msg.text(), Some("Hello again"));
    assert_eq!(msg.time, Some(1538492183879));
    assert_eq!(msg.content_type, "text/plain");
    assert_eq!(msg.audience, MessageAudience::All);
    assert_eq!(msg.metadata.as_ref().unwrap()[0]["id"], "x");
    assert_eq!(msg.originator.user_id, AGENT_PID);
    assert!(!msg.sent_by(m.viewer()));
    let d = m.dialog(CONV).unwrap();
    assert_eq!(
        d.any_participant(&msg.originator.user_id).unwrap().user_id,
        AGENT_PID
    );
}

#[test]
fn messages_are_deduplicated_and_sorted() {
    let mut m = consumer_with_conv();
    let recs = |seqs: &[u64]| {
        consumer_messages(
            seqs.iter()
                .map(|s| record_v3(Some(*s), CONSUMER, "CONSUMER", text(&format!("m{s}"))))
                .collect(),
        )
    };
    let ev = m.ingest(&recs(&[3, 1, 0]), &now());
    assert_eq!(ev.len(), 3);
    assert!(
        ev.iter()
            .all(|e| matches!(e, ModelEvent::Message { history: true, .. }))
    );
    let ev = m.ingest(&recs(&[1]), &now());
    assert!(ev.is_empty(), "a sequence is processed once");
    m.ingest(&recs(&[2]), &now());
    let d = m.dialog(CONV).unwrap();
    let seqs: Vec<u64> = d.messages().map(|m| m.sequence).collect();
    assert_eq!(seqs, [0, 1, 2, 3]);
    assert_eq!(d.first_missing_sequence(), 4);
    assert!(m.message(CONV, 0).unwrap().sent_by(m.viewer()));
}

#[test]
fn receipts_update_delivery_and_ignore_duplicates() {
    let mut m = consumer_with_conv();
    m.ingest(
        &consumer_messages(vec![record_v3(
            Some(4),
            AGENT_PID,
            "ASSIGNED_AGENT",
            text("hi"),
        )]),
        &now(),
    );
    let receipt = |seq, status| {
        record_v3(
            Some(seq),
            CONSUMER,
            "CONSUMER",
            json!({"type":"AcceptStatusEvent","status":status,"sequenceList":[4, 99]}),
        )
    };
    let ev = m.ingest(&consumer_messages(vec![receipt(5, "ACCEPT")]), &now());
    assert_eq!(
        ev,
        vec![ModelEvent::MessageDeliveryEvent {
            conversation_id: CONV.into(),
            dialog_id: CONV.into(),
            sequences: vec![4]
        }]
    );
    assert!(!m.message(CONV, 4).unwrap().has_consumer_read());
    assert_eq!(
        m.message(CONV, 4).unwrap().delivery_status(),
        Some(DeliveryStatus::Accept)
    );
    // Same receipt again (same sequence): ignored. Same status from same originator under a new
    // sequence (UMS duplicates): also ignored.
    assert!(
        m.ingest(&consumer_messages(vec![receipt(5, "ACCEPT")]), &now())
            .is_empty()
    );
    assert!(
        m.ingest(&consumer_messages(vec![receipt(6, "ACCEPT")]), &now())
            .is_empty()
    );
    let ev = m.ingest(&consumer_messages(vec![receipt(7, "READ")]), &now());
    assert_eq!(ev.len(), 1);
    let msg = m.message(CONV, 4).unwrap();
    assert!(msg.has_consumer_read());
    assert!(!msg.has_assigned_agent_read());
    assert_eq!(msg.receipts.len(), 2);
    assert_eq!(msg.receipts[1].status, DeliveryStatus::Read);
    assert_eq!(msg.delivery_status(), Some(DeliveryStatus::Read));
    // Receipts take sequences too.
    assert_eq!(m.dialog(CONV).unwrap().first_missing_sequence(), 0);
    assert!(m.dialog(CONV).unwrap().has_seen(7));
}

#[test]
fn chat_state_changes_participant() {
    let mut m = consumer_with_conv();
    let typing = record_v3(
        None,
        AGENT_PID,
        "ASSIGNED_AGENT",
        json!({"type":"ChatStateEvent","chatState":"COMPOSING"}),
    );
    let ev = m.ingest(&consumer_messages(vec![typing.clone()]), &now());
    assert_eq!(
        ev,
        vec![ModelEvent::ChatStateChange {
            conversation_id: CONV.into(),
            dialog_id: CONV.into(),
            user_id: AGENT_PID.into(),
            chat_state: ChatState::Composing
        }]
    );
    assert!(
        m.ingest(&consumer_messages(vec![typing]), &now())
            .is_empty(),
        "no change, no event"
    );
    assert_eq!(
        m.dialog(CONV).unwrap().assigned_agent().unwrap().chat_state,
        ChatState::Composing
    );
}

#[test]
fn brand_single_record_with_old_id_and_pid() {
    let mut m = brand_model();
    let conv = Conv::new(
        100,
        &[
            C,
            (AGENT_OLD, "ASSIGNED_AGENT", "ACTIVE"),
            (ME_OLD, "MANAGER", "ACTIVE"),
        ],
    );
    m.ingest(
        &conv.v2("UPSERT", &[(AGENT_OLD, AGENT_PID), (ME_OLD, ME_PID)]),
        &at(1),
    );
    // A private message from me (brand raw form: originatorId = old id, originatorPId = PID).
    let rec = json!({"sequence":1,"originatorPId":ME_PID,"originatorId":ME_OLD,
        "originatorMetadata":{"id":ME_PID,"role":"MANAGER"},"serverTimestamp":1,
        "event":{"type":"ContentEvent","message":"psst","contentType":"text/plain"},
        "dialogId":CONV,"messageAudience":"AGENTS_AND_MANAGERS"});
    let ev = m.ingest(&frame(".ams.ms.OnlineEventDistribution", rec), &now());
    assert_eq!(ev.len(), 1);
    let msg = m.message(CONV, 1).unwrap();
    assert!(msg.is_private());
    assert!(msg.sent_by(m.viewer()));
    assert_eq!(msg.originator.user_id, ME_PID);
    assert_eq!(msg.originator.agent_id.as_deref(), Some(ME_OLD));
    // Typing by the agent, named by old id only (no PID in the record).
    let typing = json!({"originatorId":AGENT_OLD,"event":{"type":"ChatStateEvent","chatState":"COMPOSING"},"dialogId":CONV});
    let ev = m.ingest(&frame(".ams.ms.OnlineEventDistribution", typing), &now());
    assert_eq!(ev.len(), 1, "{ev:?}");
}

#[test]
fn rich_content_and_files() {
    let mut m = consumer_with_conv();
    let card = json!({"type":"vertical","elements":[{"type":"text","text":"Product"}]});
    let file = json!({"caption":"cap","relativePath":"/v1/AUTH_async-images/123/abc.jpg","fileType":"JPG","preview":"data:image/png;base64,AA"});
    m.ingest(
        &consumer_messages(vec![
            record_v3(Some(0), AGENT_PID, "ASSIGNED_AGENT", json!({"type":"RichContentEvent","content":card,"quickReplies":{"type":"quickReplies","itemsPerRow":8,"replies":[]}})),
            record_v3(Some(1), CONSUMER, "CONSUMER", json!({"type":"ContentEvent","contentType":"hosted/file","message":file})),
        ]),
        &now(),
    );
    let rich = m.message(CONV, 0).unwrap();
    assert_eq!(rich.kind, MessageKind::RichContent);
    assert_eq!(rich.content_type, "RichContentEvent");
    assert_eq!(rich.body["elements"][0]["text"], "Product");
    assert!(rich.quick_replies.is_some());
    let f = m.message(CONV, 1).unwrap();
    assert!(f.is_file() && f.is_downloadable());
    assert_eq!(f.relative_path(), Some("/v1/AUTH_async-images/123/abc.jpg"));
    assert_eq!((f.file_type(), f.caption()), (Some("JPG"), Some("cap")));
    assert!(f.preview().is_some());
    let conv = m.conversation(CONV).unwrap();
    assert_eq!(conv.latest_consumer_message().unwrap().sequence, 1);
}

#[test]
fn records_without_conversation_id_found_by_dialog() {
    let mut m = consumer_with_conv();
    let mut r = record_v3(Some(0), CONSUMER, "CONSUMER", text("x"));
    r.as_object_mut().unwrap().remove("conversationId");
    assert_eq!(m.ingest(&consumer_messages(vec![r]), &now()).len(), 1);
}

#[test]
fn query_messages_response_is_history() {
    let mut m = brand_model();
    m.ingest(
        &Conv::new(100, &[C, (ME_OLD, "MANAGER", "ACTIVE")]).v2("UPSERT", &[(ME_OLD, ME_PID)]),
        &at(1),
    );
    let body = json!([
        {"sequence":0,"originatorId":CONSUMER,"originatorPId":CONSUMER,"originatorMetadata":{"id":CONSUMER,"role":"CONSUMER"},
         "serverTimestamp":1,"event":{"type":"ContentEvent","message":"a","contentType":"text/plain"},"dialogId":CONV,"messageAudience":"ALL"},
        {"sequence":2,"originatorId":CONSUMER,"originatorPId":CONSUMER,"originatorMetadata":{"id":CONSUMER,"role":"CONSUMER"},
         "serverTimestamp":3,"event":{"type":"ContentEvent","message":"c","contentType":"text/plain"},"dialogId":CONV}
    ]);
    let ev = m.ingest_query_messages(CONV, &body, Time(2));
    assert_eq!(ev.len(), 2);
    assert!(
        ev.iter()
            .all(|e| matches!(e, ModelEvent::Message { history: true, .. }))
    );
    assert_eq!(m.dialog(CONV).unwrap().first_missing_sequence(), 1);
    assert_eq!(
        m.message(CONV, 2).unwrap().audience,
        MessageAudience::Unspecified
    );
    assert_eq!(
        names(&m.ingest_query_messages(CONV, &json!({"x":1}), Time(2))),
        ["error"]
    );
}

#[test]
fn webhook_envelope() {
    let mut m = brand_model();
    let conv = Conv::new(100, &[C]);
    let payload = json!({"wsNotificationMsg": {"type": "cqm.ExConversationChangeNotification",
        "body": {"changes": [{"type": "UPSERT", "result": conv.result()}]}}});
    assert_eq!(
        names(&m.ingest_webhook(&payload, Time(1))),
        ["conversation"]
    );
    let payload = json!({"wsNotificationMsg": {"type": "ms.MessagingEventNotification",
        "body": {"changes": [record_v3(Some(0), CONSUMER, "CONSUMER", text("hi"))]}}});
    assert_eq!(names(&m.ingest_webhook(&payload, Time(1))), ["message"]);
    assert_eq!(
        names(&m.ingest_webhook(&json!({"nope": 1}), Time(1))),
        ["error"]
    );
}

#[test]
fn malformed_messaging_is_error_not_panic() {
    let mut m = consumer_with_conv();
    let bad = [
        json!({"changes": "x"}),
        json!({"changes": [1]}),
        json!({"changes": [{"dialogId": CONV}]}),
        json!({"changes": [{"dialogId": CONV, "event": {"type": "ContentEvent", "message": "no seq"}, "originatorId": "x"}]}),
        json!({"changes": [{"dialogId": CONV, "event": {"type": "Weird"}, "originatorId": "x", "sequence": 9}]}),
        json!({"changes": [{"dialogId": CONV, "event": {"type": "ChatStateEvent"}, "originatorId": "x"}]}),
        json!({"changes": [{"dialogId": CONV, "event": {"type": "ContentEvent", "message": "x"}, "sequence": 1}]}),
        json!("string body"),
    ];
    for b in bad {
        let ev = m.ingest(&frame("ms.MessagingEventNotification", b.clone()), &now());
        assert_eq!(names(&ev), ["error"], "{b}");
    }
    // Receipt with odd sequence list entries still works for the good ones.
    m.ingest(
        &consumer_messages(vec![record_v3(
            Some(0),
            AGENT_PID,
            "ASSIGNED_AGENT",
            text("a"),
        )]),
        &now(),
    );
    let r = record_v3(
        Some(1),
        CONSUMER,
        "CONSUMER",
        json!({"type":"AcceptStatusEvent","status":"READ","sequenceList":["x", -1, 0]}),
    );
    assert_eq!(m.ingest(&consumer_messages(vec![r]), &now()).len(), 1);
}

#[test]
fn typed_bodies_from_protocol_are_accepted() {
    let mut m = consumer_with_conv();
    let n = consumer_messages(vec![record_v3(
        Some(0),
        CONSUMER,
        "CONSUMER",
        text("typed"),
    )]);
    let body = n.decode_body().unwrap();
    let ev = m.ingest_decoded(&body, &now());
    assert_eq!(names(&ev), ["message"]);
    assert_eq!(m.message(CONV, 0).unwrap().text(), Some("typed"));
}

#[test]
fn events_for_unknown_dialogs_wait_for_the_conversation() {
    let mut m = brand_model();
    // Right after accepting a ring the message can beat the conversation notification.
    let rec = json!({"sequence":0,"originatorPId":CONSUMER,"originatorId":CONSUMER,
        "originatorMetadata":{"id":CONSUMER,"role":"CONSUMER"},"serverTimestamp":1,
        "event":{"type":"ContentEvent","message":"early","contentType":"text/plain"},"dialogId":CONV});
    assert!(
        m.ingest(&frame(".ams.ms.OnlineEventDistribution", rec), &now())
            .is_empty()
    );
    assert_eq!(m.next_expiry(), Some(Time(60_005)));
    let ev = m.ingest(
        &Conv::new(100, &[C, (ME_OLD, "ASSIGNED_AGENT", "ACTIVE")])
            .v2("UPSERT", &[(ME_OLD, ME_PID)]),
        &at(6),
    );
    assert_eq!(names(&ev), ["conversation", "message"]);
    assert_eq!(m.message(CONV, 0).unwrap().text(), Some("early"));
    assert_ne!(
        m.next_expiry(),
        Some(Time(60_005)),
        "a replayed event no longer waits to expire"
    );

    // Never described: dropped after the wait.
    let mut m = brand_model();
    let rec = json!({"sequence":0,"originatorId":"x","event":{"type":"ContentEvent","message":"lost"},"dialogId":"other"});
    assert!(
        m.ingest(&frame(".ams.ms.OnlineEventDistribution", rec), &now())
            .is_empty()
    );
    m.expire(Time(60_005));
    assert_eq!(m.next_expiry(), None);
}

#[test]
fn pending_buffer_is_bounded() {
    let cfg = lpm_core::model::CacheConfig {
        pending_max: 2,
        ..Default::default()
    };
    let mut m = lpm_core::model::Model::with_config(
        lpm_core::model::Viewer::brand(ACCT, ME_PID, ME_OLD),
        cfg,
    );
    let rec = json!({"sequence":0,"originatorId":"x","event":{"type":"ContentEvent","message":"m"},"dialogId":"d"});
    for _ in 0..2 {
        assert!(
            m.ingest(
                &frame(".ams.ms.OnlineEventDistribution", rec.clone()),
                &now()
            )
            .is_empty()
        );
    }
    assert_eq!(
        names(&m.ingest(&frame(".ams.ms.OnlineEventDistribution", rec), &now())),
        ["error"]
    );
}
