//! Messaging events: `PublishEvent`, per-dialog sequences, history (`requests.md` §10–12,
//! `conversation-model.md` §5, `content-types.md`).

use super::dispatch::{Caller, Ctx};
use super::errors::{UmsError, bad};
use super::fanout::{Note, publisher_role};
use super::model::{EventRecord, Role, Who};
use super::render::{Form, event_record};
use lpm_protocol::Side;
use serde_json::Value;

/// Most quick replies / replies per row the platform accepts (`uncertain.md` L11).
const MAX_QUICK_REPLIES: usize = 24;
const MAX_ITEMS_PER_ROW: u64 = 8;

fn check_quick_replies(event: &Value) -> Result<(), UmsError> {
    if let Some(q) = event.get("quickReplies") {
        if q.get("replies")
            .and_then(Value::as_array)
            .is_some_and(|r| r.len() > MAX_QUICK_REPLIES)
        {
            return Err(bad("quickReplies.replies"));
        }
        if q.get("itemsPerRow")
            .and_then(Value::as_u64)
            .is_some_and(|n| n > MAX_ITEMS_PER_ROW)
        {
            return Err(bad("quickReplies.itemsPerRow"));
        }
    }
    Ok(())
}

/// `PublishEvent`: stores the event (except chat states) and returns its sequence.
pub fn publish(
    ctx: &mut Ctx,
    caller: &Caller,
    body: &Value,
    metadata: Option<Value>,
    encoded: Option<String>,
) -> Result<u64, UmsError> {
    let dialog_id = body
        .get("dialogId")
        .and_then(Value::as_str)
        .ok_or_else(|| bad("dialogId"))?;
    let event = body
        .get("event")
        .filter(|e| e.is_object())
        .ok_or_else(|| bad("event"))?
        .clone();
    let event_type = event.get("type").and_then(Value::as_str).unwrap_or("");
    let stored = match event_type {
        "ContentEvent" => {
            if event.get("message").is_none_or(Value::is_null) {
                return Err(bad("event.message"));
            }
            check_quick_replies(&event)?;
            true
        }
        "RichContentEvent" => {
            if event.get("content").is_none_or(Value::is_null) {
                return Err(bad("event.content"));
            }
            check_quick_replies(&event)?;
            true
        }
        "AcceptStatusEvent" => {
            if event.get("status").and_then(Value::as_str).is_none() {
                return Err(bad("event.status"));
            }
            if !event.get("sequenceList").is_some_and(Value::is_array) {
                return Err(bad("event.sequenceList"));
            }
            true
        }
        "ChatStateEvent" => {
            if event.get("chatState").and_then(Value::as_str).is_none() {
                return Err(bad("event.chatState"));
            }
            false
        }
        _ => return Err(bad("event.type")),
    };
    let audience = match body.get("messageAudience") {
        None | Some(Value::Null) => "ALL".to_owned(),
        Some(Value::String(s)) if s == "ALL" => s.clone(),
        Some(Value::String(s)) if s == "AGENTS_AND_MANAGERS" => {
            if caller.side == Side::Consumer {
                return Err(UmsError::Forbidden);
            }
            s.clone()
        }
        Some(_) => return Err(bad("messageAudience")),
    };
    let conv_id = ctx
        .store
        .dialog_index
        .get(dialog_id)
        .cloned()
        .ok_or(UmsError::ConversationNotFound)?;
    if let Some(given) = body.get("conversationId").and_then(Value::as_str)
        && given != conv_id
    {
        return Err(UmsError::ConversationNotFound);
    }
    let now = ctx.now;
    let conv = ctx
        .store
        .conversations
        .get_mut(&conv_id)
        .filter(|c| c.account == caller.account)
        .ok_or(UmsError::ConversationNotFound)?;
    let role = match caller.side {
        Side::Consumer => {
            if conv.consumer_id != caller.who.pid() {
                return Err(UmsError::ConversationNotFound);
            }
            Role::Consumer
        }
        Side::Brand => {
            let roles = conv
                .dialog(dialog_id)
                .map(|d| d.roles_of(caller.who.old_id()))
                .unwrap_or_default();
            if roles.is_empty() {
                return Err(UmsError::NotParticipant);
            }
            publisher_role(&roles)
        }
    };
    let dialog = conv
        .dialog_mut(dialog_id)
        .ok_or(UmsError::ConversationNotFound)?;
    // Receipts may still arrive for a closed dialog (lp-messaging-sdk 1.5.4 notes).
    if !dialog.open && event_type != "AcceptStatusEvent" {
        return Err(UmsError::Closed);
    }
    let client_properties = match &caller.who {
        Who::Consumer(_) => caller.client_properties.clone(),
        Who::Brand { .. } => None,
    };
    let mut rec = EventRecord {
        sequence: None,
        who: caller.who.clone(),
        role,
        client_properties,
        server_ts: None,
        event,
        dialog_id: dialog_id.to_owned(),
        conversation_id: conv_id.clone(),
        metadata,
        audience,
        encoded_metadata: encoded,
    };
    let sequence = if stored {
        let seq = dialog.next_sequence();
        rec.sequence = Some(seq);
        // serverTimestamp stays monotonic within a dialog.
        let last = dialog.events.last().and_then(|e| e.server_ts).unwrap_or(0);
        rec.server_ts = Some(now.max(last));
        dialog.events.push(rec.clone());
        seq
    } else {
        0
    };
    ctx.notes.push(Note::Event(Box::new(rec)));
    Ok(sequence)
}

/// `QueryMessages`: stored events of a dialog in the brand form.
pub fn query(ctx: &Ctx, caller: &Caller, body: &Value) -> Result<Value, UmsError> {
    let dialog_id = body
        .get("dialogId")
        .and_then(Value::as_str)
        .ok_or_else(|| bad("dialogId"))?;
    let conv = ctx
        .store
        .conversation_of_dialog(dialog_id)
        .filter(|c| c.account == caller.account)
        .ok_or(UmsError::ConversationNotFound)?;
    let num = |k: &str| {
        body.get(k)
            .and_then(|v| v.as_u64().or_else(|| v.as_str()?.parse().ok()))
    };
    let newer = num("newerThanSequence").unwrap_or(0);
    let older = num("olderThanSequence");
    let max = num("maxQuantity");
    let mut out: Vec<Value> = conv
        .dialog(dialog_id)
        .map(|d| {
            d.events
                .iter()
                .filter(|e| {
                    e.sequence
                        .is_some_and(|s| s >= newer && older.is_none_or(|o| s <= o))
                })
                .map(|e| event_record(e, Form::Brand))
                .collect()
        })
        .unwrap_or_default();
    if let Some(max) = max {
        out.truncate(max as usize);
    }
    Ok(Value::Array(out))
}
