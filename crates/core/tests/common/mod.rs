//! Builders for notification frames as LivePerson sends them (notifications.md).
#![allow(dead_code)]

use lpm_core::model::{IngestContext, Model, ModelEvent, Viewer};
use lpm_core::time::Time;
use lpm_protocol::{Frame, Notification};
use serde_json::{Value, json};

pub const ACCT: &str = "123";
pub const CONV: &str = "c0ffee00-0000-4000-8000-000000000001";
pub const CONSUMER: &str = "5e9ee96c-0000-4000-8000-00000000c001";
pub const AGENT_PID: &str = "29c3019d-0000-5000-8000-00000000a001";
pub const AGENT_OLD: &str = "123.1001";
pub const ME_PID: &str = "956e3f43-0000-5000-8000-00000000b001";
pub const ME_OLD: &str = "123.2002";
pub const OTHER_PID: &str = "3175f264-0000-5000-8000-00000000a002";
pub const OTHER_OLD: &str = "123.1002";

pub fn brand_model() -> Model {
    Model::new(Viewer::brand(ACCT, ME_PID, ME_OLD))
}

pub fn consumer_model() -> Model {
    Model::new(Viewer::consumer(ACCT, CONSUMER))
}

/// Parses a frame as the connection would and hands back the notification.
pub fn notification(text: &str) -> Notification {
    match Frame::parse(text).expect("frame parses") {
        Frame::Notification(n) => n,
        other => panic!("not a notification: {other:?}"),
    }
}

pub fn frame(type_name: &str, body: Value) -> Notification {
    notification(&json!({"kind":"notification","type":type_name,"body":body}).to_string())
}

/// One participant entry of a dialog: `(id, role, state)`.
pub type P<'a> = (&'a str, &'a str, &'a str);

pub fn dialog(id: &str, dtype: &str, state: &str, ts: u64, parts: &[P]) -> Value {
    json!({
        "dialogId": id, "dialogType": dtype, "channelType": "MESSAGING", "state": state,
        "creationTs": 1_000, "metaDataLastUpdateTs": ts,
        "participantsDetails": parts.iter().map(|(id, role, st)| json!({"id": id, "role": role, "state": st})).collect::<Vec<_>>(),
    })
}

/// Consumer (v3) conversation change with one MAIN dialog.
pub struct Conv {
    pub id: String,
    pub stage: String,
    pub skill: String,
    pub ts: u64,
    pub dialogs: Vec<Value>,
    pub extra: Value,
}

impl Conv {
    pub fn new(ts: u64, parts: &[P]) -> Conv {
        Conv {
            id: CONV.into(),
            stage: "OPEN".into(),
            skill: "-1".into(),
            ts,
            dialogs: vec![dialog(CONV, "MAIN", "OPEN", ts, parts)],
            extra: json!({}),
        }
    }

    pub fn details(&self) -> Value {
        let mut d = json!({
            "skillId": self.skill, "brandId": ACCT, "stage": self.stage,
            "state": self.dialogs.first().and_then(|d| d.get("state")).cloned().unwrap_or(json!("OPEN")),
            "startTs": 1_000, "metaDataLastUpdateTs": self.ts,
            "ttr": {"ttrType": "NORMAL", "value": 3600},
            "dialogs": self.dialogs,
        });
        if let (Some(d), Some(e)) = (d.as_object_mut(), self.extra.as_object()) {
            for (k, v) in e {
                d.insert(k.clone(), v.clone());
            }
        }
        d
    }

    pub fn result(&self) -> Value {
        json!({"convId": self.id, "effectiveTTR": -1, "lastUpdateTime": self.ts, "conversationDetails": self.details()})
    }

    /// The v3 frame (`cqm.ExConversationChangeNotification`).
    pub fn v3(&self, change: &str) -> Notification {
        frame(
            "cqm.ExConversationChangeNotification",
            json!({"subscriptionId": "sub-1", "changes": [{"type": change, "result": self.result()}]}),
        )
    }

    /// The brand v2 frame: `participants` by old id, `participantsPId` by PID, dialog entries
    /// by old id (notifications.md §2.5). `pids` maps old id → PID for brand users.
    pub fn v2(&self, change: &str, pids: &[(&str, &str)]) -> Notification {
        let mut details = self.details();
        let mut old_map = serde_json::Map::new();
        let mut pid_map = serde_json::Map::new();
        if let Some(dialogs) = details.get("dialogs").and_then(Value::as_array) {
            for d in dialogs {
                for p in d["participantsDetails"].as_array().into_iter().flatten() {
                    if p["state"] == "SUGGESTED" {
                        continue;
                    }
                    let id = p["id"].as_str().unwrap_or_default();
                    let role = p["role"].as_str().unwrap_or_default().to_owned();
                    let pid = pids
                        .iter()
                        .find(|(o, _)| *o == id)
                        .map(|(_, p)| *p)
                        .unwrap_or(id);
                    let olds = old_map.entry(role.clone()).or_insert(json!([]));
                    if olds.as_array().is_some_and(|a| a.contains(&json!(id))) {
                        continue;
                    }
                    if let Some(a) = olds.as_array_mut() {
                        a.push(json!(id));
                    }
                    if let Some(a) = pid_map.entry(role).or_insert(json!([])).as_array_mut() {
                        a.push(json!(pid));
                    }
                }
            }
        }
        details["participants"] = Value::Object(old_map);
        details["participantsPId"] = Value::Object(pid_map);
        details["convId"] = json!(self.id);
        let mut result = self.result();
        result["conversationDetails"] = details;
        frame(
            ".ams.aam.ExConversationChangeNotification",
            json!({"subscriptionId": "sub-1", "changes": [{"type": change, "result": result}]}),
        )
    }
}

pub fn at(ms: u64) -> IngestContext {
    IngestContext::subscription(Time(ms), "default", false)
}

pub fn names(events: &[ModelEvent]) -> Vec<&'static str> {
    events.iter().map(ModelEvent::name).collect()
}

/// A v3 messaging record.
pub fn record_v3(seq: Option<u64>, originator: &str, role: &str, event: Value) -> Value {
    let mut r = json!({
        "originatorId": originator,
        "originatorMetadata": {"id": originator, "role": role},
        "event": event, "conversationId": CONV, "dialogId": CONV,
    });
    if let Some(s) = seq {
        r["sequence"] = json!(s);
        r["serverTimestamp"] = json!(10_000 + s);
    }
    r
}

pub fn text(msg: &str) -> Value {
    json!({"type": "ContentEvent", "contentType": "text/plain", "message": msg})
}

pub fn consumer_messages(records: Vec<Value>) -> Notification {
    frame("ms.MessagingEventNotification", json!({"changes": records}))
}
