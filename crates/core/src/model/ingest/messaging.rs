//! Messaging events: content, structured content, receipts and chat states
//! (notifications.md §1, content-types.md).

use serde_json::Value;

use super::wire::{self, read_originator};
use super::{IngestContext, error};
use crate::model::Model;
use crate::model::enums::{ChatState, DeliveryStatus, MessageAudience};
use crate::model::events::ModelEvent;
use crate::model::message::{Message, MessageKind, Receipt};

impl Model {
    /// Applies a messaging body: `{changes:[record…]}` (consumer form, also history after
    /// subscribing) or one record (brand `.ams.ms.OnlineEventDistribution`).
    pub fn ingest_messaging(&mut self, body: &Value, ctx: &IngestContext) -> Vec<ModelEvent> {
        let mut events = Vec::new();
        match body.get("changes") {
            Some(Value::Array(records)) => {
                // The first notification after subscribing (the connection says so with
                // `snapshot`) carries the stored history; so does any batch of several events.
                let history = ctx.snapshot || records.len() > 1;
                for r in records {
                    self.apply_messaging_record(r, None, history, ctx.now, &mut events);
                }
            }
            Some(_) => events.push(error(
                None,
                "messaging notification changes is not an array".into(),
            )),
            None => self.apply_messaging_record(body, None, false, ctx.now, &mut events),
        }
        events
    }

    /// Applies one event record. `dialog_hint` is the dialog asked for (QueryMessages).
    pub(crate) fn apply_messaging_record(
        &mut self,
        record: &Value,
        dialog_hint: Option<&str>,
        history: bool,
        now: crate::time::Time,
        events: &mut Vec<ModelEvent>,
    ) {
        if !record.is_object() {
            events.push(error(None, "messaging record is not an object".into()));
            return;
        }
        let Some(dialog_id) = wire::string(record, "dialogId").or(dialog_hint.map(str::to_owned))
        else {
            events.push(error(None, "messaging record without dialogId".into()));
            return;
        };
        let Some(event) = record.get("event").filter(|e| e.is_object()) else {
            events.push(error(
                wire::string(record, "conversationId"),
                "messaging record without event".into(),
            ));
            return;
        };
        let Some(originator) = read_originator(record) else {
            events.push(error(
                wire::string(record, "conversationId"),
                "messaging record without originator".into(),
            ));
            return;
        };
        // Records delivered after subscribing may lack conversationId; the dialog tells.
        let conversation_id = self.conversation_id_of(&dialog_id).map(str::to_owned);
        let Some(conversation_id) = conversation_id else {
            // An agent can get a message before the conversation notification that makes it a
            // participant (right after accepting a ring); keep it until that arrives.
            self.hold_pending(dialog_id, record, history, now, events);
            return;
        };
        if let Some(mut e) = self.cache.get_mut(&conversation_id) {
            e.touch(now);
        }
        let Some(dialog) = self
            .conversations
            .get_mut(&conversation_id)
            .and_then(|c| c.dialog_mut(&dialog_id))
        else {
            events.push(error(
                Some(conversation_id),
                format!("messaging event for unknown dialog {dialog_id}"),
            ));
            return;
        };
        let sequence = wire::uint(record, "sequence");
        let time = wire::uint(record, "serverTimestamp");
        let event_type = wire::string(event, "type").unwrap_or_default();
        match event_type.as_str() {
            "ContentEvent" | "RichContentEvent" => {
                let Some(sequence) = sequence else {
                    events.push(error(
                        Some(conversation_id),
                        format!("{event_type} without sequence"),
                    ));
                    return;
                };
                if !dialog.seen.insert(sequence) && dialog.messages.contains(sequence) {
                    return; // de-duplicated: each sequence once
                }
                let rich = event_type == "RichContentEvent";
                let body = if rich {
                    event.get("content").or_else(|| event.get("message"))
                } else {
                    event.get("message")
                }
                .cloned()
                .unwrap_or(Value::Null);
                let content_type = if rich {
                    "RichContentEvent".to_owned()
                } else {
                    wire::string(event, "contentType").unwrap_or_else(|| "text/plain".into())
                };
                let audience = wire::string(record, "messageAudience")
                    .map(|a| MessageAudience::from(a.as_str()))
                    .unwrap_or(MessageAudience::Unspecified);
                dialog.messages.insert(Box::new(Message {
                    conversation_id: conversation_id.clone(),
                    dialog_id: dialog_id.clone(),
                    sequence,
                    time,
                    originator,
                    kind: if rich {
                        MessageKind::RichContent
                    } else {
                        MessageKind::Content
                    },
                    content_type,
                    body,
                    quick_replies: wire::present(event, "quickReplies").cloned(),
                    audience,
                    metadata: wire::present(record, "metadata").cloned(),
                    receipts: Vec::new(),
                    body_is_hash: false,
                }));
                events.push(ModelEvent::Message {
                    conversation_id,
                    dialog_id,
                    sequence,
                    history,
                });
            }
            "AcceptStatusEvent" => {
                if let Some(s) = sequence
                    && !dialog.seen.insert(s)
                {
                    return; // this receipt was applied already
                }
                let status = wire::string(event, "status")
                    .map(|s| DeliveryStatus::from(s.as_str()))
                    .unwrap_or(DeliveryStatus::Unknown(String::new()));
                let mut changed = Vec::new();
                for seq in event
                    .get("sequenceList")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_u64)
                {
                    if let Some(m) = dialog.messages.get_mut(seq)
                        && m.add_receipt(Receipt {
                            originator: originator.clone(),
                            status: status.clone(),
                            sequence,
                            time,
                        })
                    {
                        changed.push(seq);
                    }
                }
                if !changed.is_empty() {
                    events.push(ModelEvent::MessageDeliveryEvent {
                        conversation_id,
                        dialog_id,
                        sequences: changed,
                    });
                }
            }
            "ChatStateEvent" => {
                let Some(state) = wire::string(event, "chatState") else {
                    events.push(error(
                        Some(conversation_id),
                        "ChatStateEvent without chatState".into(),
                    ));
                    return;
                };
                let state = ChatState::from(state.as_str());
                let mut told: Vec<String> = Vec::new();
                for p in dialog.participants.iter_mut().filter(|p| {
                    originator.is(&p.user_id)
                        || p.agent_id.as_deref().is_some_and(|a| originator.is(a))
                }) {
                    if p.chat_state != state {
                        p.chat_state = state.clone();
                        // One event per person, even when they hold two roles.
                        if told.contains(&p.user_id) {
                            continue;
                        }
                        told.push(p.user_id.clone());
                        events.push(ModelEvent::ChatStateChange {
                            conversation_id: conversation_id.clone(),
                            dialog_id: dialog_id.clone(),
                            user_id: p.user_id.clone(),
                            chat_state: state.clone(),
                        });
                    }
                }
            }
            other => events.push(error(
                Some(conversation_id),
                format!("unexpected messaging event type {other:?}"),
            )),
        }
    }

    fn hold_pending(
        &mut self,
        dialog_id: String,
        record: &Value,
        history: bool,
        now: crate::time::Time,
        events: &mut Vec<ModelEvent>,
    ) {
        if self.pending_len >= self.config.pending_max {
            events.push(error(
                wire::string(record, "conversationId"),
                format!("messaging event for uncached dialog {dialog_id}"),
            ));
            return;
        }
        self.pending_len += 1;
        *self.pending_at.entry(now).or_default() += 1;
        self.pending.entry(dialog_id).or_default().push(Pending {
            record: record.clone(),
            history,
            at: now,
        });
    }

    /// Applies events that waited for these dialogs to become known.
    pub(crate) fn replay_pending(
        &mut self,
        dialog_ids: &[String],
        now: crate::time::Time,
        events: &mut Vec<ModelEvent>,
    ) {
        for d in dialog_ids {
            let Some(list) = self.pending.remove(d) else {
                continue;
            };
            self.pending_len = self.pending_len.saturating_sub(list.len());
            for p in &list {
                if let Some(n) = self.pending_at.get_mut(&p.at) {
                    *n -= 1;
                    if *n == 0 {
                        self.pending_at.remove(&p.at);
                    }
                }
            }
            for p in list {
                self.apply_messaging_record(&p.record, Some(d), p.history, now, events);
            }
        }
    }
}

/// A messaging event waiting for its dialog to become known.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Pending {
    pub record: Value,
    pub history: bool,
    pub at: crate::time::Time,
}
