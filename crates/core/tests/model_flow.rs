//! Whole conversations as the seed's samples live them, from both sides.

mod common;

use common::*;
use lpm_core::model::commands::{self, CommandOutput};
use lpm_core::model::{DeliveryStatus, IngestContext, ModelEvent, ParticipantRole};
use lpm_core::time::Time;
use lpm_protocol::{ApiVersion, Response};
use serde_json::json;

const C: (&str, &str, &str) = (CONSUMER, "CONSUMER", "ACTIVE");
const A: (&str, &str, &str) = (AGENT_PID, "ASSIGNED_AGENT", "ACTIVE");
const SURVEY: &str = "PwT_YK91Sum3vu5H6T3YnA";

#[test]
fn consumer_side() {
    let mut m = consumer_model();
    // createConversation, then its first notification.
    m.insert_created_conversation(CONV, None, Time(1));
    assert!(
        m.ingest(
            &Conv::new(100, &[C]).v3("UPSERT"),
            &IngestContext::subscription(Time(2), "default", true)
        )
        .is_empty()
    );
    let sub = commands::subscribe_messaging_events(&m, CONV).unwrap();
    assert_eq!(
        sub.to_request("1", ApiVersion::V3).unwrap().type_name,
        "ms.SubscribeMessagingEvents"
    );
    // History is empty; the consumer writes (its echo arrives as a live event).
    let send = commands::send_message(&m, CONV, None, "test", None, None).unwrap();
    assert_eq!(
        send.check(&Response::new(
            "2",
            200,
            "ms.PublishEventResponse",
            Some(json!({"sequence": 0}))
        )),
        Ok(CommandOutput::Sequence(0))
    );
    m.ingest(
        &consumer_messages(vec![record_v3(Some(0), CONSUMER, "CONSUMER", text("test"))]),
        &IngestContext::at(Time(3)),
    );
    // An agent accepts the ring.
    let ev = m.ingest(&Conv::new(200, &[C, A]).v3("UPSERT"), &at(4));
    assert_eq!(names(&ev), ["participant-added"]);
    // The agent reads and answers; the consumer acknowledges.
    let ev = m.ingest(
        &consumer_messages(vec![
            record_v3(
                Some(1),
                AGENT_PID,
                "ASSIGNED_AGENT",
                json!({"type": "AcceptStatusEvent", "status": "READ", "sequenceList": [0]}),
            ),
            record_v3(Some(2), AGENT_PID, "ASSIGNED_AGENT", text("hello")),
        ]),
        &IngestContext::at(Time(5)),
    );
    assert_eq!(names(&ev), ["message-delivery-event", "message"]);
    assert!(m.message(CONV, 0).unwrap().has_assigned_agent_read());
    let read = commands::send_receipt(&m, CONV, DeliveryStatus::Read, &[2]).unwrap();
    assert_eq!(read.body["event"]["sequenceList"], json!([2]));
    // The agent closes MAIN; a survey starts.
    let mut conv = Conv::new(300, &[C, A]);
    conv.dialogs = vec![
        dialog(CONV, "MAIN", "CLOSE", 300, &[C, A]),
        dialog(
            SURVEY,
            "POST_SURVEY",
            "OPEN",
            300,
            &[
                C,
                ("bot", "AGENT", "ACTIVE"),
                (AGENT_PID, "READER", "ACTIVE"),
            ],
        ),
    ];
    let ev = m.ingest(&conv.v3("UPSERT"), &at(6));
    assert_eq!(names(&ev), ["dialog:close", "dialog"]);
    let sub = commands::subscribe_messaging_events(&m, SURVEY).unwrap();
    assert_eq!(sub.body["dialogId"], SURVEY);
    let mut q = record_v3(Some(0), "bot", "AGENT", text("How would you rate us?"));
    q["dialogId"] = SURVEY.into();
    assert_eq!(
        names(&m.ingest(&consumer_messages(vec![q]), &IngestContext::at(Time(7)))),
        ["message"]
    );
    let answer = commands::send_message(&m, CONV, None, "5", None, None).unwrap();
    assert_eq!(
        answer.body["dialogId"], SURVEY,
        "the open dialog is now the survey"
    );
    // Survey done: the conversation closes; CSAT still possible.
    conv.ts = 400;
    conv.stage = "CLOSE".into();
    conv.dialogs[1] = dialog(
        SURVEY,
        "POST_SURVEY",
        "CLOSE",
        400,
        &[
            C,
            ("bot", "AGENT", "ACTIVE"),
            (AGENT_PID, "READER", "ACTIVE"),
        ],
    );
    assert_eq!(
        names(&m.ingest(&conv.v3("UPSERT"), &at(8))),
        ["dialog:close", "close"]
    );
    assert!(commands::send_message(&m, CONV, None, "late", None, None).is_err());
    assert!(commands::set_csat(&m, CONV, "5", true, lpm_core::model::CsatStatus::Filled).is_ok());
}

#[test]
fn brand_bot_side() {
    let pids = [(ME_OLD, ME_PID)];
    let mut m = brand_model();
    // connection.on('conversation') → join as AGENT.
    let ev = m.ingest(
        &Conv::new(100, &[C]).v2("UPSERT", &pids),
        &IngestContext::subscription(Time(1), "default", true),
    );
    assert_eq!(
        ev,
        vec![ModelEvent::Conversation {
            conversation_id: CONV.into()
        }]
    );
    let join = commands::join(&m, CONV, ParticipantRole::Agent).unwrap();
    assert!(
        join.check(&Response::text(
            "1",
            200,
            ApiVersion::V2_1,
            "OK Agent added successfully"
        ))
        .is_ok()
    );
    let ev = m.ingest(
        &Conv::new(200, &[C, (ME_OLD, "AGENT", "ACTIVE")]).v2("UPSERT", &pids),
        &at(2),
    );
    assert!(matches!(&ev[..], [ModelEvent::ParticipantAdded { user_id, .. }] if user_id == ME_PID));
    // History, then a live consumer message the bot answers.
    let history = commands::get_all_publish_events(&m, CONV).unwrap();
    assert_eq!(
        history.body,
        json!({"dialogId": CONV, "newerThanSequence": 0})
    );
    m.ingest_query_messages(CONV, &json!([]), Time(3));
    let rec = json!({"sequence": 0, "originatorId": CONSUMER, "originatorPId": CONSUMER,
        "originatorMetadata": {"id": CONSUMER, "role": "CONSUMER"}, "serverTimestamp": 4,
        "event": {"type": "ContentEvent", "message": "hi", "contentType": "text/plain"}, "dialogId": CONV, "messageAudience": "ALL"});
    let ev = m.ingest(
        &frame(".ams.ms.OnlineEventDistribution", rec),
        &IngestContext::at(Time(4)),
    );
    let ModelEvent::Message { sequence, .. } = ev[0] else {
        panic!("{ev:?}")
    };
    let msg = m.message(CONV, sequence).unwrap();
    let conv = m.conversation(CONV).unwrap();
    assert_eq!(
        conv.participant_of(msg).unwrap().role,
        ParticipantRole::Consumer
    );
    assert!(!msg.sent_by(m.viewer()));
    let reply = commands::send_message(&m, CONV, None, "hello", None, None).unwrap();
    assert_eq!(reply.body["event"]["message"], "hello");
    // The consumer closes.
    let mut closed = Conv::new(300, &[C, (ME_OLD, "AGENT", "ACTIVE")]);
    closed.stage = "CLOSE".into();
    closed.dialogs = vec![dialog(
        CONV,
        "MAIN",
        "CLOSE",
        300,
        &[C, (ME_OLD, "AGENT", "ACTIVE")],
    )];
    let ev = m.ingest(&closed.v2("DELETE", &pids), &at(5));
    assert_eq!(names(&ev), ["dialog:close", "close"]);
    assert!(m.conversation(CONV).unwrap().open_dialog().is_none());
}
