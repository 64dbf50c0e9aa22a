//! Tolerant readers for notification bodies.
//!
//! LivePerson's payloads vary by socket version and age (participants as an array or a role
//! map, numbers as strings, members missing or `null`), so the model reads the JSON by hand:
//! a field of the wrong shape is treated as absent instead of failing the whole notification,
//! and only what the model cannot do without (ids) is an error.
//!
//! The typed bodies of `lpm_protocol::notifications` decode a body all or nothing; reading the
//! JSON here keeps one bad member (say `"ttr": 1`) from costing the whole conversation update,
//! and keeps the hot ingest path free of an extra decode. [`crate::model::Model::ingest_decoded`]
//! accepts the typed form for callers that already have it.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer};
use serde_json::{Map, Value};

use crate::model::conversation::Conversation;
use crate::model::dialog::Dialog;
use crate::model::enums::{
    ChannelType, CloseReason, ConversationStage, DialogState, DialogType, ParticipantRole,
    ParticipantState, TtrType,
};
use crate::model::json_text::JsonText;
use crate::model::message::Originator;
use crate::model::participant::Participant;

/// A string member, accepting numbers (ids such as `skillId` are sometimes numbers).
pub(crate) fn string(v: &Value, key: &str) -> Option<String> {
    match v.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A non-negative integer member (also from a numeric string or a float such as `1.5E9`).
pub(crate) fn uint(v: &Value, key: &str) -> Option<u64> {
    match v.get(key)? {
        Value::Number(n) => n
            .as_u64()
            .or_else(|| n.as_f64().filter(|f| *f >= 0.0).map(|f| f as u64)),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A signed integer member.
pub(crate) fn int(v: &Value, key: &str) -> Option<i64> {
    match v.get(key)? {
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f as i64)),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A number member as `f64`.
pub(crate) fn float(v: &Value, key: &str) -> Option<f64> {
    match v.get(key)? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A boolean member.
pub(crate) fn boolean(v: &Value, key: &str) -> Option<bool> {
    v.get(key)?.as_bool()
}

/// A member that is present and not `null`.
pub(crate) fn present<'a>(v: &'a Value, key: &str) -> Option<&'a Value> {
    v.get(key).filter(|x| !x.is_null())
}

/// serde helper: a string or a number read as a string.
pub(crate) fn de_string_or_number<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    match Value::deserialize(d)? {
        Value::String(s) => Ok(s),
        Value::Number(n) => Ok(n.to_string()),
        other => Err(serde::de::Error::custom(format!(
            "expected a string or number, found {other}"
        ))),
    }
}

/// Old id → PID, from the brand v2 `participants` / `participantsPId` role maps, by position
/// (notifications.md §2.5). The consumer's id is the same in both, so its role is skipped.
pub(crate) fn pid_lookup(details: &Value) -> BTreeMap<String, String> {
    let mut table = BTreeMap::new();
    let (Some(Value::Object(old)), Some(Value::Object(pids))) =
        (details.get("participants"), details.get("participantsPId"))
    else {
        return table;
    };
    for (role, ids) in old {
        if role == "CONSUMER" {
            continue;
        }
        let (Some(ids), Some(pid_list)) =
            (ids.as_array(), pids.get(role).and_then(Value::as_array))
        else {
            continue;
        };
        for (old_id, pid) in ids.iter().zip(pid_list) {
            if let (Some(o), Some(p)) = (old_id.as_str(), pid.as_str())
                && o != p
            {
                table.insert(o.to_owned(), p.to_owned());
            }
        }
    }
    table
}

/// A participant from a wire id, resolving old ids to PIDs with `lookup`.
pub(crate) fn participant_from_id(
    id: &str,
    role: ParticipantRole,
    state: ParticipantState,
    lookup: &BTreeMap<String, String>,
) -> Participant {
    let mut p = Participant::new(id, role);
    p.state = state;
    if let Some(pid) = lookup.get(id) {
        p.user_id = pid.clone();
        p.agent_id = Some(id.to_owned());
    } else if p.role != ParticipantRole::Consumer && Participant::looks_like_old_id(id) {
        // A suggested agent is named by old id on every socket and is absent from the maps.
        p.agent_id = Some(id.to_owned());
    }
    p
}

/// Conversation-level participants (`participants` as a v3 array of `{id, role}` or a v2 role
/// map, else `participantsPId`), for payloads whose dialogs lack `participantsDetails`.
fn conversation_participants(
    details: &Value,
    lookup: &BTreeMap<String, String>,
) -> Vec<Participant> {
    let mut out = Vec::new();
    match details
        .get("participants")
        .or_else(|| details.get("participantsPId"))
    {
        Some(Value::Array(list)) => {
            for entry in list {
                if let (Some(id), Some(role)) = (string(entry, "id"), string(entry, "role")) {
                    out.push(participant_from_id(
                        &id,
                        ParticipantRole::from(role.as_str()),
                        ParticipantState::Active,
                        lookup,
                    ));
                }
            }
        }
        Some(Value::Object(map)) => {
            for (role, ids) in map {
                for id in ids
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                {
                    out.push(participant_from_id(
                        id,
                        ParticipantRole::from(role.as_str()),
                        ParticipantState::Active,
                        lookup,
                    ));
                }
            }
        }
        _ => {}
    }
    out
}

fn read_dialog(
    conversation_id: &str,
    d: &Value,
    lookup: &BTreeMap<String, String>,
    fallback: &[Participant],
) -> Option<Dialog> {
    let dialog_id = string(d, "dialogId")?;
    let dialog_type = string(d, "dialogType")
        .map(|t| DialogType::from(t.as_str()))
        .unwrap_or(if dialog_id == conversation_id {
            DialogType::Main
        } else {
            DialogType::Other
        });
    let mut dialog = Dialog::new(conversation_id, dialog_id, dialog_type);
    if let Some(c) = string(d, "channelType") {
        dialog.channel_type = ChannelType::from(c.as_str());
    }
    if let Some(s) = string(d, "state") {
        dialog.state = DialogState::from(s.as_str());
    }
    dialog.start_time = uint(d, "creationTs");
    dialog.update_time = uint(d, "metaDataLastUpdateTs");
    dialog.end_time = uint(d, "endTs").filter(|t| *t > 0);
    dialog.closed_by = string(d, "closedBy").map(|s| CloseReason::from(s.as_str()));
    dialog.closed_cause = string(d, "closedCause");
    dialog.meta_data = present(d, "metaData").cloned();
    if let Some(list) = d.get("participantsDetails").and_then(Value::as_array) {
        for entry in list {
            let (Some(id), Some(role)) = (string(entry, "id"), string(entry, "role")) else {
                continue;
            };
            let state = string(entry, "state")
                .map(|s| ParticipantState::from(s.as_str()))
                .unwrap_or(ParticipantState::Active);
            let p = participant_from_id(&id, ParticipantRole::from(role.as_str()), state, lookup);
            // The same (user, role) twice in one list means nothing more than once.
            if !dialog
                .participants
                .iter()
                .any(|q| q.user_id == p.user_id && q.role == p.role)
            {
                dialog.participants.push(p);
            }
        }
    } else if let Some(ids) = d.get("participants").and_then(Value::as_array) {
        // Older co-browse payloads list bare ids; take roles from the conversation level.
        for id in ids.iter().filter_map(Value::as_str) {
            if let Some(p) = fallback.iter().find(|p| p.is(id)) {
                dialog.participants.push(p.clone());
            }
        }
    } else if dialog.dialog_type == DialogType::Main {
        dialog.participants = fallback.to_vec();
    }
    // Exact size: a grown vector has room for four participants (~500 B); most hold one or two.
    dialog.participants.shrink_to_fit();
    Some(dialog)
}

/// Reads a change `result` (`{convId, effectiveTTR, conversationDetails, …}`) into a fresh
/// [`Conversation`] (no messages). Errors name what is missing.
pub(crate) fn read_conversation(result: &Value) -> Result<Conversation, String> {
    let details = present(result, "conversationDetails")
        .filter(|d| d.is_object())
        .ok_or_else(|| "conversation change without conversationDetails".to_owned())?;
    let conversation_id = string(result, "convId")
        .or_else(|| string(details, "convId"))
        .ok_or_else(|| "conversation change without convId".to_owned())?;
    let mut c = Conversation::new(
        conversation_id.clone(),
        string(details, "brandId").unwrap_or_default(),
    );
    if let Some(stage) = string(details, "stage") {
        c.stage = ConversationStage::from(stage.as_str());
    } else if let Some(state) = string(details, "state") {
        // Very old payloads have no stage; the main dialog's state is all there is.
        c.stage = ConversationStage::from(state.as_str());
    }
    c.state = string(details, "state").map(|s| DialogState::from(s.as_str()));
    c.start_time = uint(details, "startTs");
    c.update_time =
        uint(details, "metaDataLastUpdateTs").or_else(|| uint(result, "lastUpdateTime"));
    c.close_time = uint(details, "endTs").filter(|t| *t > 0);
    c.close_reason = string(details, "closeReason").map(|s| CloseReason::from(s.as_str()));
    c.skill_id = string(details, "skillId").unwrap_or_else(|| "-1".into());
    c.group_id = string(details, "groupId");
    if let Some(ttr) = present(details, "ttr") {
        c.ttr_type = string(ttr, "ttrType").map(|s| TtrType::from(s.as_str()));
        c.ttr_value = int(ttr, "value");
    }
    c.ttr_effective = int(result, "effectiveTTR").filter(|t| *t >= 0);
    c.ttr_effective_manual = int(details, "manualETTR").filter(|t| *t > 0);
    c.delay = present(details, "delay").cloned();
    if let Some(Value::Object(unread)) = result.get("numberOfunreadMessages") {
        c.number_of_unread_messages = unread
            .iter()
            .filter_map(|(k, v)| v.as_i64().map(|n| (k.clone(), n)))
            .collect();
    }
    c.csat = present(details, "csat").cloned();
    c.csat_rate = c
        .csat
        .as_ref()
        .and_then(|o| float(o, "csatRate"))
        .or_else(|| float(details, "csatRate"));
    c.note = string(details, "note");
    if let Some(campaign) = present(details, "campaignInfo") {
        c.campaign_id = string(campaign, "campaignId");
        c.engagement_id = string(campaign, "engagementId");
    }
    c.app_inst_id = string(details, "appInstId");
    if let Some(h) = present(details, "conversationHandlerDetails") {
        c.handler_account_id = string(h, "accountId");
        c.handler_skill_id = string(h, "skillId");
    }
    c.first_conversation = boolean(details, "firstConversation");
    if let Some(Value::Object(ctx)) = details.get("context") {
        c.client_properties = ctx
            .get("clientProperties")
            .filter(|v| !v.is_null())
            .map(JsonText::new);
        // Built without the client properties rather than cloned and then removed from: a map
        // emptied by a removal keeps its ~630 B tree node, a map built empty has none.
        let rest: Map<String, Value> = ctx
            .iter()
            .filter(|(k, _)| k.as_str() != "clientProperties")
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        c.context = Some(Value::Object(rest));
    }
    c.last_content_event = present(result, "lastContentEventNotification").map(JsonText::new);

    let lookup = pid_lookup(details);
    let fallback = conversation_participants(details, &lookup);
    match details.get("dialogs").and_then(Value::as_array) {
        Some(dialogs) => {
            for d in dialogs {
                if let Some(dialog) = read_dialog(&conversation_id, d, &lookup, &fallback)
                    && c.dialog(&dialog.dialog_id).is_none()
                {
                    c.dialogs.push(dialog);
                }
            }
        }
        None => {
            // Payloads without dialogs: synthesise the MAIN dialog from the conversation.
            let mut main = Dialog::new(&conversation_id, &conversation_id, DialogType::Main);
            main.state = c.state.clone().unwrap_or(DialogState::Open);
            main.start_time = c.start_time;
            main.update_time = c.update_time;
            main.participants = fallback;
            c.dialogs.push(main);
        }
    }
    // Exact size: a grown vector of ~350 B dialogs has room for four; most conversations
    // have one.
    c.dialogs.shrink_to_fit();
    Ok(c)
}

/// The sender of a messaging record: v2 brand records carry the PID in `originatorPId` and the
/// old id in `originatorId`; v3 records only `originatorId` (the PID / consumer id).
pub(crate) fn read_originator(record: &Value) -> Option<Originator> {
    let id = string(record, "originatorId");
    let pid = string(record, "originatorPId").or_else(|| {
        record
            .get("originatorMetadata")
            .and_then(|m| string(m, "id"))
    });
    let role = record
        .get("originatorMetadata")
        .and_then(|m| string(m, "role"))
        .map(|r| ParticipantRole::from(r.as_str()));
    let (user_id, agent_id) = match (pid, id) {
        (Some(pid), Some(id)) if pid != id => (pid, Some(id)),
        (Some(pid), _) => (pid, None),
        (None, Some(id)) => (id, None),
        (None, None) => return None,
    };
    Some(Originator {
        user_id,
        agent_id,
        role,
    })
}

/// A stable hash of a JSON value, to recognise repeated notifications.
///
/// FNV-1a over the serialised text, streamed without building the string: deterministic on
/// every platform (no random keys), and `serde_json` writes object members in a fixed order.
pub(crate) fn hash_value(v: &Value) -> u64 {
    let mut w = Fnv(0xcbf2_9ce4_8422_2325);
    // Writing to this sink cannot fail; a failure would only weaken duplicate detection.
    let _ = serde_json::to_writer(&mut w, v);
    w.0
}

struct Fnv(u64);

impl std::io::Write for Fnv {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        for b in buf {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
