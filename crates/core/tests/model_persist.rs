//! serialize() / loadConversation(): JSON round trip with message bodies hashed.

mod common;

use common::*;
use lpm_core::model::{IngestContext, body_hash};
use lpm_core::time::Time;
use serde_json::{Value, json};

const C: (&str, &str, &str) = (CONSUMER, "CONSUMER", "ACTIVE");

#[test]
fn round_trip_hashes_bodies() {
    let mut m = brand_model();
    let mut conv = Conv::new(100, &[C, (ME_OLD, "ASSIGNED_AGENT", "ACTIVE")]);
    conv.extra = json!({"note": "n1"});
    m.ingest(&conv.v2("UPSERT", &[(ME_OLD, ME_PID)]), &at(1));
    m.ingest(
        &frame(
            ".ams.ms.OnlineEventDistribution",
            json!({"sequence":0,"originatorId":CONSUMER,"originatorMetadata":{"id":CONSUMER,"role":"CONSUMER"},
                "serverTimestamp":5,"event":{"type":"ContentEvent","message":"my card number is 4111","contentType":"text/plain"},"dialogId":CONV}),
        ),
        &IngestContext::at(Time(2)),
    );
    let text = m.serialize_conversation(CONV).unwrap();
    assert!(
        !text.contains("4111"),
        "no message text in the serialized form"
    );
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["formatVersion"], 1);
    assert_eq!(v["hashAlgorithm"], "SHA-256");

    let mut other = brand_model();
    let id = other.load_conversation(&text, Time(10)).unwrap();
    assert_eq!(id, CONV);
    let c = other.conversation(CONV).unwrap();
    assert_eq!(c.note.as_deref(), Some("n1"));
    assert_eq!(c.assigned_agent().unwrap().user_id, ME_PID);
    let msg = other.message(CONV, 0).unwrap();
    assert!(msg.body_is_hash);
    assert_eq!(msg.body, json!(body_hash(&json!("my card number is 4111"))));
    assert_eq!(other.dialog(CONV).unwrap().first_missing_sequence(), 1);
    // Loaded conversations do not expire, and live updates continue from there.
    assert_eq!(other.next_expiry(), None);
    let mut upd = Conv::new(
        200,
        &[
            C,
            (ME_OLD, "ASSIGNED_AGENT", "ACTIVE"),
            (OTHER_OLD, "MANAGER", "ACTIVE"),
        ],
    );
    upd.extra = json!({"note": "n1"});
    let ev = other.ingest(
        &upd.v2("UPSERT", &[(ME_OLD, ME_PID), (OTHER_OLD, OTHER_PID)]),
        &at(11),
    );
    assert_eq!(names(&ev), ["participant-added"]);
    // Serializing again keeps the hash, not a hash of the hash.
    let again: Value = serde_json::from_str(&other.serialize_conversation(CONV).unwrap()).unwrap();
    assert_eq!(
        again["conversation"]["dialogs"][0]["messages"]["0"]["body"],
        json!(body_hash(&json!("my card number is 4111")))
    );
    assert!(other.unload_conversation(CONV));
    assert!(other.conversation(CONV).is_none());
}

#[test]
fn bad_input_is_an_error() {
    let mut m = brand_model();
    assert!(m.load_conversation("nope", Time(0)).is_err());
    assert!(
        m.load_conversation(
            r#"{"formatVersion":99,"hashAlgorithm":"SHA-256","conversation":{}}"#,
            Time(0)
        )
        .is_err()
    );
    assert!(m.serialize_conversation("missing").is_err());
}
