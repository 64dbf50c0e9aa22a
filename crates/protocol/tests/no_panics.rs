//! Robustness: every fixture, cut short or decoded as every message type,
//! gives a value or a typed error — never a panic.

use std::fs;
use std::path::Path;

use lpm_protocol::notifications::NotificationBody;
use lpm_protocol::requests::RequestBody;
use lpm_protocol::responses::ResponseBody;
use lpm_protocol::{Frame, MessageType, Response};
use serde_json::Value;

fn all_fixture_texts() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut out = Vec::new();
    for dir in fs::read_dir(root).unwrap() {
        let dir = dir.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        for f in fs::read_dir(dir).unwrap() {
            let f = f.unwrap().path();
            if f.extension().is_some_and(|x| x == "json") {
                out.push(fs::read_to_string(f).unwrap());
            }
        }
    }
    out
}

#[test]
fn truncated_fixtures_never_panic() {
    for text in all_fixture_texts() {
        let compact = serde_json::from_str::<Value>(&text).unwrap().to_string();
        for (end, _) in compact.char_indices() {
            let _ = Frame::parse(&compact[..end]);
        }
    }
}

#[test]
fn every_body_decoded_as_every_type_never_panics() {
    let bodies: Vec<Value> = all_fixture_texts()
        .iter()
        .flat_map(|t| {
            let v: Value = serde_json::from_str(t).unwrap();
            let body = v.get("body").cloned();
            [Some(v), body]
        })
        .flatten()
        .chain([
            Value::Null,
            Value::from("x"),
            Value::from(1),
            Value::Array(vec![]),
        ])
        .collect();
    for t in MessageType::all() {
        for b in &bodies {
            let _ = RequestBody::decode(t, Some(b));
            let _ = NotificationBody::decode(t, Some(b));
            let resp = Response::new("1", 200, "x", Some(b.clone()));
            let _ = ResponseBody::decode(t, &resp);
        }
    }
}
