//! Consumer (v3) vs brand (v2/v2.1) shapes of conversation results and event records
//! (`notifications.md` §1.2, §2.3–2.5, `emulator-notes.md` §7).
//!
//! v3 identifies everyone by PID / consumer id and lists `participants` as an array; v2 uses
//! old ids (`acct.userId`) in `participants`, `participantsDetails[].id`, `originatorId` and
//! `numberOfunreadMessages`, with PIDs only in `participantsPId` and `originatorPId`.
// TODO(protocol): switch to lpm-protocol's notification body types once they land.

use super::model::{Conversation, Dialog, EventRecord, PState, Role, Who};
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Map, Value, json};

/// Which form to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// v3: consumer sockets.
    Consumer,
    /// v2/v2.1: brand sockets.
    Brand,
}

impl Form {
    /// The form of a socket version.
    pub fn of(version: lpm_protocol::ApiVersion) -> Form {
        if version.uses_v3_names() {
            Form::Consumer
        } else {
            Form::Brand
        }
    }
}

/// One messaging event record, as a JSON value (history pages, tests).
pub fn event_record(rec: &EventRecord, form: Form) -> Value {
    serde_json::to_value(RecordView { rec, form }).unwrap_or(Value::Null)
}

/// One messaging event record, serialized straight from the stored record: the fan-out renders
/// every delivered message through it, and building a `Value` first (cloning the event and the
/// client properties) was most of its cost. Members in alphabetical order, as a `Value` map
/// would write them.
pub struct RecordView<'a> {
    /// The record.
    pub rec: &'a EventRecord,
    /// Consumer or brand form.
    pub form: Form,
}

impl Serialize for RecordView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let rec = self.rec;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("conversationId", &rec.conversation_id)?;
        m.serialize_entry("dialogId", &rec.dialog_id)?;
        if let Some(e) = &rec.encoded_metadata {
            m.serialize_entry("encodedMetadata", e)?;
        }
        m.serialize_entry("event", &rec.event)?;
        m.serialize_entry("messageAudience", &rec.audience)?;
        if let Some(md) = &rec.metadata {
            m.serialize_entry("metadata", md)?;
        }
        if let Some(cp) = &rec.client_properties {
            m.serialize_entry("originatorClientProperties", cp)?;
        }
        m.serialize_entry(
            "originatorId",
            match self.form {
                Form::Consumer => rec.who.pid(),
                Form::Brand => rec.who.old_id(),
            },
        )?;
        m.serialize_entry(
            "originatorMetadata",
            &OriginatorMetadata {
                client_properties: rec.client_properties.as_ref(),
                id: rec.who.pid(),
                role: rec.role.as_str(),
            },
        )?;
        if self.form == Form::Brand {
            m.serialize_entry("originatorPId", rec.who.pid())?;
        }
        if let Some(seq) = rec.sequence {
            m.serialize_entry("sequence", &seq)?;
        }
        if let Some(ts) = rec.server_ts {
            m.serialize_entry("serverTimestamp", &ts)?;
        }
        m.end()
    }
}

/// `originatorMetadata` of an event record.
#[derive(serde::Serialize)]
struct OriginatorMetadata<'a> {
    #[serde(rename = "clientProperties", skip_serializing_if = "Option::is_none")]
    client_properties: Option<&'a Value>,
    id: &'a str,
    role: &'a str,
}

/// How a participant entry of a dialog is identified: v3 PIDs, v2 old ids; a SUGGESTED agent
/// appears with its old id on both (`notifications.md` §2.3).
fn participant_id(who: &Who, state: PState, form: Form) -> String {
    if state == PState::Suggested || form == Form::Brand {
        who.old_id().to_owned()
    } else {
        who.pid().to_owned()
    }
}

fn dialog_json(d: &Dialog, form: Form) -> Value {
    let details: Vec<Value> = d
        .participants
        .iter()
        .map(|p| {
            json!({
                "id": participant_id(&p.who, p.state, form),
                "role": p.role.as_str(),
                "state": p.state.as_str(),
            })
        })
        .collect();
    let mut m = Map::new();
    m.insert("dialogId".into(), d.id.clone().into());
    m.insert("participantsDetails".into(), details.into());
    m.insert("dialogType".into(), d.dialog_type.as_str().into());
    m.insert("channelType".into(), "MESSAGING".into());
    if let Some(md) = &d.meta_data {
        m.insert("metaData".into(), md.clone());
    }
    m.insert("state".into(), if d.open { "OPEN" } else { "CLOSE" }.into());
    m.insert("creationTs".into(), d.creation_ts.into());
    if let Some(end) = d.end_ts {
        m.insert("endTs".into(), end.into());
    }
    m.insert("metaDataLastUpdateTs".into(), d.meta_ts.into());
    if let Some(by) = &d.closed_by {
        m.insert("closedBy".into(), by.clone().into());
    }
    if let Some(cause) = &d.closed_cause {
        m.insert("closedCause".into(), cause.clone().into());
    }
    Value::Object(m)
}

/// Unread counts per participant: content from others not covered by the participant's own
/// `READ` receipts (brand form only; v3 payloads lack it per lp-messaging-sdk 1.5.4).
fn unread(conv: &Conversation) -> Value {
    let mut m = Map::new();
    for (who, _) in conv.participants() {
        let key = who.old_id().to_owned();
        if m.contains_key(&key) {
            continue;
        }
        let mut count = 0u64;
        for d in &conv.dialogs {
            let read: Vec<u64> = d
                .events
                .iter()
                .filter(|e| e.who == who && e.event_type() == "AcceptStatusEvent")
                .filter(|e| e.event.get("status").and_then(Value::as_str) == Some("READ"))
                .flat_map(|e| {
                    e.event
                        .get("sequenceList")
                        .and_then(Value::as_array)
                        .into_iter()
                        .flatten()
                        .filter_map(Value::as_u64)
                })
                .collect();
            count += d
                .events
                .iter()
                .filter(|e| e.is_content() && e.who != who)
                .filter(|e| !(matches!(who, Who::Consumer(_)) && e.is_private()))
                .filter(|e| e.sequence.is_some_and(|s| !read.contains(&s)))
                .count() as u64;
        }
        m.insert(key, count.into());
    }
    Value::Object(m)
}

/// `conversationDetails`.
pub fn conversation_details(conv: &Conversation, form: Form) -> Value {
    let mut m = Map::new();
    if form == Form::Brand {
        m.insert("convId".into(), conv.id.clone().into());
    }
    m.insert("skillId".into(), conv.skill_id.clone().into());
    m.insert("brandId".into(), conv.account.clone().into());
    let parts = conv.participants();
    match form {
        Form::Consumer => {
            let arr: Vec<Value> = parts
                .iter()
                .map(|(w, r)| json!({"id": w.pid(), "role": r.as_str()}))
                .collect();
            m.insert("participants".into(), arr.into());
        }
        Form::Brand => {
            let mut old = Map::new();
            let mut pid = Map::new();
            for role in Role::ALL {
                let of_role: Vec<&Who> = parts
                    .iter()
                    .filter(|(_, r)| *r == role)
                    .map(|(w, _)| w)
                    .collect();
                if of_role.is_empty() {
                    continue;
                }
                old.insert(
                    role.as_str().into(),
                    of_role
                        .iter()
                        .map(|w| w.old_id())
                        .collect::<Vec<_>>()
                        .into(),
                );
                pid.insert(
                    role.as_str().into(),
                    of_role.iter().map(|w| w.pid()).collect::<Vec<_>>().into(),
                );
            }
            m.insert("participants".into(), old.into());
            m.insert("participantsPId".into(), pid.into());
        }
    }
    m.insert(
        "dialogs".into(),
        conv.dialogs
            .iter()
            .map(|d| dialog_json(d, form))
            .collect::<Vec<_>>()
            .into(),
    );
    m.insert(
        "state".into(),
        if conv.state_open() { "OPEN" } else { "CLOSE" }.into(),
    );
    m.insert(
        "stage".into(),
        if conv.stage_open { "OPEN" } else { "CLOSE" }.into(),
    );
    if let Some(r) = &conv.close_reason {
        m.insert("closeReason".into(), r.clone().into());
    }
    m.insert("startTs".into(), conv.start_ts.into());
    if let Some(end) = conv.end_ts {
        m.insert("endTs".into(), end.into());
    }
    m.insert("metaDataLastUpdateTs".into(), conv.meta_ts.into());
    if form == Form::Brand {
        m.insert("firstConversation".into(), conv.first_conversation.into());
    }
    m.insert(
        "ttr".into(),
        json!({"ttrType": conv.ttr.ttr_type, "value": conv.ttr.value}),
    );
    if let Some(d) = &conv.delay {
        m.insert("delay".into(), d.clone());
    }
    if let Some(e) = conv.manual_ettr {
        m.insert("manualETTR".into(), e.into());
    }
    if let Some(c) = &conv.csat {
        m.insert("csat".into(), c.clone());
        if form == Form::Brand
            && let Some(rate) = c.get("csatRate")
        {
            m.insert("csatRate".into(), rate.clone());
        }
    }
    if form == Form::Brand {
        if let Some(n) = &conv.note {
            m.insert("note".into(), n.clone().into());
        }
        if let Some(t) = &conv.topic {
            m.insert("topic".into(), t.clone().into());
        }
    }
    m.insert("context".into(), conv.context.clone());
    m.insert(
        "conversationHandlerDetails".into(),
        json!({"accountId": conv.account, "skillId": conv.skill_id}),
    );
    if let Some(c) = &conv.campaign_info {
        m.insert("campaignInfo".into(), c.clone());
    }
    Value::Object(m)
}

/// One `changes[].result` of a conversation notification.
pub fn conversation_result(conv: &Conversation, form: Form) -> Value {
    let mut m = Map::new();
    m.insert("convId".into(), conv.id.clone().into());
    m.insert("effectiveTTR".into(), conv.effective_ttr().into());
    m.insert(
        "conversationDetails".into(),
        conversation_details(conv, form),
    );
    m.insert("lastUpdateTime".into(), conv.meta_ts.into());
    if form == Form::Brand {
        m.insert("numberOfunreadMessages".into(), unread(conv));
    }
    if let Some(last) = conv.last_content(form == Form::Brand) {
        m.insert(
            "lastContentEventNotification".into(),
            event_record(last, form),
        );
    }
    Value::Object(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> EventRecord {
        EventRecord {
            sequence: Some(4),
            who: Who::Consumer("c-1".into()),
            role: Role::Consumer,
            client_properties: Some(json!({"type": ".ClientProperties", "ipAddress": "127.0.0.1"})),
            server_ts: Some(1700),
            event: json!({"type": "ContentEvent", "contentType": "text/plain", "message": "hi \"you\""}),
            dialog_id: "d-1".into(),
            conversation_id: "c-9".into(),
            metadata: None,
            audience: "ALL".into(),
            encoded_metadata: Some("e30=".into()),
        }
    }

    #[test]
    fn a_record_renders_as_the_value_it_stands_for_in_both_forms() {
        let rec = record();
        let cp = json!({"type": ".ClientProperties", "ipAddress": "127.0.0.1"});
        let consumer = json!({
            "conversationId": "c-9", "dialogId": "d-1", "encodedMetadata": "e30=",
            "event": {"type": "ContentEvent", "contentType": "text/plain", "message": "hi \"you\""},
            "messageAudience": "ALL", "originatorClientProperties": cp,
            "originatorId": "c-1",
            "originatorMetadata": {"clientProperties": cp, "id": "c-1", "role": "CONSUMER"},
            "sequence": 4, "serverTimestamp": 1700,
        });
        assert_eq!(event_record(&rec, Form::Consumer), consumer);
        let mut brand = consumer.clone();
        brand["originatorPId"] = json!("c-1");
        assert_eq!(event_record(&rec, Form::Brand), brand);
        // The text is what a `Value` map would write: members in alphabetical order.
        let text = serde_json::to_string(&RecordView {
            rec: &rec,
            form: Form::Brand,
        })
        .expect("json");
        assert_eq!(text, serde_json::to_string(&brand).expect("json"));
    }

    #[test]
    fn a_chat_state_record_has_no_sequence_and_no_server_time() {
        let mut rec = record();
        rec.sequence = None;
        rec.server_ts = None;
        rec.client_properties = None;
        let v = event_record(&rec, Form::Consumer);
        assert!(v.get("sequence").is_none() && v.get("serverTimestamp").is_none());
        assert_eq!(
            v["originatorMetadata"],
            json!({"id": "c-1", "role": "CONSUMER"})
        );
        assert!(v.get("originatorClientProperties").is_none());
    }
}
