//! Round trips of the reference's JSON examples (`tests/fixtures/`).
//!
//! Each example is read into its typed form, written back, and compared with
//! the original as `serde_json::Value`, after this normalisation of the
//! original:
//!
//! * `null` members are removed (null reads like absent, and absent members
//!   are not written);
//! * a frame without `kind` gets the inferred `kind`, and numeric `id` /
//!   `reqId` become strings (what the server echoes);
//! * a request without `body` is compared with a typed body of `{}`.

use std::fs;
use std::path::{Path, PathBuf};

use lpm_protocol::client_properties::ClientProperties;
use lpm_protocol::conversation::{ConversationContext, Dialog};
use lpm_protocol::events::Event;
use lpm_protocol::headers::Header;
use lpm_protocol::notifications::{
    AgentStateNotification, ExConversationChangeNotification, MessagingEventRecord,
    NotificationBody, RoutingTaskNotification,
};
use lpm_protocol::quick_replies::QuickReplies;
use lpm_protocol::requests::ConversationField;
use lpm_protocol::responses::ResponseBody;
use lpm_protocol::{ApiVersion, Frame, MessageKind, MessageType};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

fn fixtures(dir: &str) -> Vec<(PathBuf, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(dir);
    let mut out: Vec<_> = fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| {
            let text = fs::read_to_string(&p).unwrap();
            (p, text)
        })
        .collect();
    out.sort();
    assert!(!out.is_empty(), "no fixtures in {dir}");
    out
}

fn strip_nulls(v: Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, strip_nulls(v)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.into_iter().map(strip_nulls).collect()),
        other => other,
    }
}

fn normalize_frame(v: Value) -> Value {
    let Value::Object(mut m) = strip_nulls(v) else {
        panic!("frame fixture is not an object")
    };
    if !m.contains_key("kind") {
        let kind = if m.contains_key("reqId") {
            "resp"
        } else {
            "req"
        };
        m.insert("kind".into(), kind.into());
    }
    for key in ["id", "reqId"] {
        if let Some(Value::Number(n)) = m.get(key) {
            let s = n.to_string();
            m.insert(key.into(), s.into());
        }
    }
    Value::Object(m)
}

/// Reads `text` as `T`, writes it back, compares; returns the typed value.
fn round_trip<T: DeserializeOwned + Serialize>(path: &Path, text: &str) -> T {
    let typed: T = serde_json::from_str(text)
        .unwrap_or_else(|e| panic!("{}: does not parse: {e}", path.display()));
    let original: Value = serde_json::from_str(text).unwrap();
    let written = serde_json::to_value(&typed).unwrap();
    assert_eq!(written, strip_nulls(original), "{}", path.display());
    typed
}

/// The request type a response type name belongs to (first match).
fn request_for_response(name: Option<&str>) -> MessageType {
    MessageType::all()
        .filter(|t| t.kind() == MessageKind::Request)
        .find(|t| {
            [ApiVersion::V2_1, ApiVersion::V3]
                .iter()
                .any(|v| name.is_some() && t.response_type(*v) == name)
        })
        .unwrap_or(MessageType::UpdateConversationField)
}

#[test]
fn frames_round_trip_and_decode() {
    for (path, text) in fixtures("frames") {
        let p = path.display();
        let original: Value = serde_json::from_str(&text).unwrap();
        let frame = Frame::parse(&text).unwrap_or_else(|e| panic!("{p}: {e}"));
        let expected = normalize_frame(original);
        // The envelope keeps `body` verbatim (nulls included).
        assert_eq!(strip_nulls(frame.to_value()), expected, "{p}: envelope");
        // The text form parses back to the same frame.
        assert_eq!(
            Frame::parse(&frame.to_json()).unwrap(),
            frame,
            "{p}: to_json"
        );
        let body_expected = expected
            .get("body")
            .cloned()
            .unwrap_or_else(|| Value::Object(Map::new()));
        match &frame {
            Frame::Request(r) => {
                let body = r.decode_body().unwrap_or_else(|e| panic!("{p}: {e}"));
                assert_eq!(body.to_value(), body_expected, "{p}: typed request body");
                // Re-built for the version its name belongs to, it keeps its name.
                let version = if MessageType::from_name_in(ApiVersion::V3, &r.type_name).is_some() {
                    ApiVersion::V3
                } else {
                    ApiVersion::V2_1
                };
                let rebuilt = body.to_request(r.id.clone(), version).unwrap();
                assert_eq!(rebuilt.type_name, r.type_name, "{p}: type name");
            }
            Frame::Response(r) => {
                let t = request_for_response(r.type_name.as_deref());
                let body = ResponseBody::decode(t, r).unwrap_or_else(|e| panic!("{p}: {e}"));
                if let Some(v) = expected.get("body") {
                    assert!(
                        !matches!(body, ResponseBody::Other(_)),
                        "{p}: untyped {body:?}"
                    );
                    assert_eq!(
                        body.to_value().as_ref(),
                        Some(v),
                        "{p}: typed response body"
                    );
                }
            }
            Frame::Notification(n) => {
                let body = n.decode_body().unwrap_or_else(|e| panic!("{p}: {e}"));
                assert!(!matches!(body, NotificationBody::Other(..)), "{p}");
                assert_eq!(
                    body.to_value(),
                    body_expected,
                    "{p}: typed notification body"
                );
            }
        }
    }
}

#[test]
fn non_socket_envelopes_are_rejected() {
    for (path, text) in fixtures("non_socket") {
        assert!(Frame::parse(&text).is_err(), "{}", path.display());
    }
}

#[test]
fn conversation_fields_round_trip() {
    for (path, text) in fixtures("fields") {
        let f: ConversationField = round_trip(&path, &text);
        assert!(
            !matches!(f, ConversationField::Unknown(_)),
            "{}",
            path.display()
        );
    }
}

#[test]
fn events_round_trip() {
    for (path, text) in fixtures("events") {
        let e: Event = round_trip(&path, &text);
        assert!(!matches!(e, Event::Unknown(_)), "{}", path.display());
    }
}

#[test]
fn event_records_round_trip() {
    for (path, text) in fixtures("records") {
        let r: MessagingEventRecord = round_trip(&path, &text);
        assert!(!matches!(r.event, Event::Unknown(_)), "{}", path.display());
    }
}

#[test]
fn notification_bodies_round_trip() {
    for (path, text) in fixtures("conversation_change_bodies") {
        round_trip::<ExConversationChangeNotification>(&path, &text);
    }
    for (path, text) in fixtures("routing_task_bodies") {
        round_trip::<RoutingTaskNotification>(&path, &text);
    }
    for (path, text) in fixtures("agent_state_bodies") {
        round_trip::<AgentStateNotification>(&path, &text);
    }
    for (path, text) in fixtures("dialogs") {
        round_trip::<Dialog>(&path, &text);
    }
}

#[test]
fn parts_round_trip() {
    for (path, text) in fixtures("quick_replies") {
        round_trip::<QuickReplies>(&path, &text);
    }
    for (path, text) in fixtures("client_properties") {
        round_trip::<ClientProperties>(&path, &text);
    }
    for (path, text) in fixtures("contexts") {
        round_trip::<ConversationContext>(&path, &text);
    }
    for (path, text) in fixtures("sdes") {
        let s: lpm_protocol::sde::Sde = round_trip(&path, &text);
        assert!(s.tag().is_some(), "{}", path.display());
        assert!(
            !matches!(s, lpm_protocol::sde::Sde::Unknown(_)),
            "{}",
            path.display()
        );
    }
    for (path, text) in fixtures("headers") {
        let h: Header = round_trip(&path, &text);
        assert!(!matches!(h, Header::Unknown(_)), "{}", path.display());
    }
}
