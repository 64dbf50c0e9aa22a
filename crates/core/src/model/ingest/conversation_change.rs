//! `ExConversationChangeNotification`: conversation state, in the consumer (v3) and brand (v2)
//! forms (notifications.md §2).
//!
//! Every change carries the full conversation, not a diff; the events come from comparing it
//! with what the model holds.

use std::collections::BTreeSet;

use serde_json::Value;

use super::wire::{self, hash_value};
use super::{IngestContext, error, participants};
use crate::model::Model;
use crate::model::cache::SubscriptionKey;
use crate::model::conversation::Conversation;
use crate::model::enums::ConversationStage;
use crate::model::events::ModelEvent;
use crate::time::Time;

impl Model {
    /// Applies a conversation-change body (`{subscriptionId, changes:[{type, result}]}`).
    pub fn ingest_conversation_change(
        &mut self,
        body: &Value,
        ctx: &IngestContext,
    ) -> Vec<ModelEvent> {
        let mut events = Vec::new();
        let Some(changes) = body.get("changes").and_then(Value::as_array) else {
            return vec![error(
                None,
                "conversation notification without changes".into(),
            )];
        };
        let mut seen = BTreeSet::new();
        for change in changes {
            let kind = change
                .get("type")
                .and_then(Value::as_str)
                .unwrap_or("UPSERT");
            let Some(result) = change.get("result").filter(|r| r.is_object()) else {
                events.push(error(None, "conversation change without result".into()));
                continue;
            };
            let conversation = match wire::read_conversation(result) {
                Ok(c) => c,
                Err(message) => {
                    events.push(error(wire::string(result, "convId"), message));
                    continue;
                }
            };
            let id = conversation.conversation_id.clone();
            seen.insert(id.clone());
            if kind == "DELETE" && !self.conversations.contains_key(&id) {
                // It no longer matches a subscription that never showed it: nothing to report.
                continue;
            }
            self.apply_conversation(conversation, hash_value(result), &mut events);
            if !self.pending.is_empty() {
                let dialogs: Vec<String> = self
                    .conversations
                    .get(&id)
                    .map(|c| c.dialogs.iter().map(|d| d.dialog_id.clone()).collect())
                    .unwrap_or_default();
                self.replay_pending(&dialogs, ctx.now, &mut events);
            }
            let mut entry = self.cache.entry(&id);
            match &ctx.subscription {
                Some(key) => {
                    if kind == "DELETE" {
                        // Held a little longer so late messaging events still find it.
                        entry.refs.insert(key.clone());
                        entry.unreferenced_since = None;
                        entry
                            .releases
                            .insert(key.clone(), ctx.now.plus_ms(self.config.delete_release_ms));
                    } else {
                        entry.hold(key);
                    }
                }
                None => entry.touch(ctx.now),
            }
        }
        if let Some(key) = &ctx.subscription {
            if ctx.snapshot {
                // A whole snapshot in one notification: reconcile right away.
                self.snapshots.insert(key.clone(), seen);
                events.extend(self.end_snapshot(key, ctx.now));
            } else if let Some(open) = self.snapshots.get_mut(key) {
                open.extend(seen);
            }
        }
        events
    }

    /// Inserts a new conversation or merges an update into the cached one.
    fn apply_conversation(&mut self, new: Conversation, hash: u64, events: &mut Vec<ModelEvent>) {
        let id = new.conversation_id.clone();
        self.ensure_skill(&new.skill_id);
        let Some(old) = self.conversations.get_mut(&id) else {
            let mut new = new;
            new.notification_count = 1;
            new.last_hash = hash;
            self.index_dialogs(&id, new.dialogs.iter().map(|d| d.dialog_id.as_str()));
            self.conversations.insert(id.clone(), Box::new(new));
            events.push(ModelEvent::Conversation {
                conversation_id: id,
            });
            return;
        };
        if old.last_hash == hash {
            old.notification_ignored_count += 1;
            events.push(ModelEvent::NotificationIgnored {
                conversation_id: id,
            });
            return;
        }
        if let (Some(have), Some(got)) = (old.update_time, new.update_time)
            && got < have
        {
            old.notification_out_of_order_count += 1;
            events.push(ModelEvent::NotificationOutOfOrder {
                conversation_id: id,
                dialog_id: None,
            });
            return;
        }
        // A conversation created locally (createConversation) was never described by the
        // server: its first description sets fields, it does not change them.
        let described = old.notification_count > 0;
        old.notification_count += 1;
        old.last_hash = hash;
        let new_dialog_ids = merge(old, new, described, events);
        self.index_dialogs(&id, new_dialog_ids.iter().map(String::as_str));
    }
}

/// Merges `new` into `old`, pushing the events the difference means. Returns the ids of dialogs
/// that appeared.
fn merge(
    old: &mut Conversation,
    new: Conversation,
    described: bool,
    events: &mut Vec<ModelEvent>,
) -> Vec<String> {
    let cid = old.conversation_id.clone();
    let skill_changed = described && old.skill_id != new.skill_id;
    if skill_changed {
        events.push(ModelEvent::SkillChange {
            conversation_id: cid.clone(),
            prev_skill_id: old.skill_id.clone(),
            new_skill_id: new.skill_id.clone(),
        });
    }
    if described && old.group_id != new.group_id {
        events.push(ModelEvent::GroupChange {
            conversation_id: cid.clone(),
            prev_group_id: old.group_id.clone(),
            new_group_id: new.group_id.clone(),
        });
    }
    if described && (old.ttr_type != new.ttr_type || old.ttr_value != new.ttr_value) {
        events.push(ModelEvent::TtrChange {
            conversation_id: cid.clone(),
            ttr_type: new.ttr_type.clone(),
            ttr_value: new.ttr_value,
            ttr_effective: new.ttr_effective,
        });
    }
    if described && old.ttr_effective_manual != new.ttr_effective_manual {
        events.push(ModelEvent::ManualEttrChange {
            conversation_id: cid.clone(),
            ttr_effective_manual: new.ttr_effective_manual,
            ttr_effective: new.ttr_effective,
        });
    }

    let was_closed = old.stage == ConversationStage::Close;
    let mut added = Vec::new();
    let mut assigned_agent_left = false;
    let mut agent_suggested = false;
    let mut dialog_events = Vec::new();
    for nd in new.dialogs {
        let Some(od) = old.dialog_mut(&nd.dialog_id) else {
            added.push(nd.dialog_id.clone());
            dialog_events.push(ModelEvent::Dialog {
                conversation_id: cid.clone(),
                dialog_id: nd.dialog_id.clone(),
            });
            old.dialogs.push(nd);
            // Exact size: a conversation has one to three dialogs, and a grown vector of
            // ~350 B dialogs has room for four.
            old.dialogs.shrink_to_fit();
            continue;
        };
        if let (Some(have), Some(got)) = (od.update_time, nd.update_time)
            && got < have
        {
            events.push(ModelEvent::NotificationOutOfOrder {
                conversation_id: cid.clone(),
                dialog_id: Some(nd.dialog_id.clone()),
            });
            continue;
        }
        let outcome = participants::apply(od, nd.participants, events);
        // Back to queue is about the dialog where the agent works, not one that just closed.
        if outcome.assigned_agent_left && nd.state == crate::model::DialogState::Open {
            assigned_agent_left = true;
        }
        agent_suggested |= outcome.agent_suggested;
        let closed_now = od.is_open() && nd.state == crate::model::DialogState::Close;
        od.dialog_type = nd.dialog_type;
        od.channel_type = nd.channel_type;
        od.state = nd.state;
        od.start_time = nd.start_time.or(od.start_time);
        od.update_time = nd.update_time.or(od.update_time);
        od.end_time = nd.end_time.or(od.end_time);
        od.closed_by = nd.closed_by.or(od.closed_by.take());
        od.closed_cause = nd.closed_cause.or(od.closed_cause.take());
        od.meta_data = nd.meta_data.or(od.meta_data.take());
        if closed_now {
            od.closing = false;
            dialog_events.push(ModelEvent::DialogClose {
                conversation_id: cid.clone(),
                dialog_id: od.dialog_id.clone(),
            });
        }
    }
    events.extend(dialog_events);

    // Scalar fields: the notification is the whole truth.
    old.account_id = new.account_id;
    // A local CLOSING survives an update that still says OPEN.
    if !(old.stage == ConversationStage::Closing && new.stage == ConversationStage::Open) {
        old.stage = new.stage;
    }
    old.state = new.state;
    old.start_time = new.start_time.or(old.start_time);
    old.update_time = new.update_time.or(old.update_time);
    old.close_time = new.close_time;
    old.close_reason = new.close_reason;
    old.skill_id = new.skill_id;
    old.group_id = new.group_id;
    old.ttr_type = new.ttr_type;
    old.ttr_value = new.ttr_value;
    old.ttr_effective = new.ttr_effective;
    old.ttr_effective_manual = new.ttr_effective_manual;
    old.delay = new.delay;
    old.number_of_unread_messages = new.number_of_unread_messages;
    old.csat = new.csat;
    old.csat_rate = new.csat_rate;
    old.note = new.note;
    old.campaign_id = new.campaign_id.or(old.campaign_id.take());
    old.engagement_id = new.engagement_id.or(old.engagement_id.take());
    old.app_inst_id = new.app_inst_id.or(old.app_inst_id.take());
    old.handler_account_id = new.handler_account_id;
    old.handler_skill_id = new.handler_skill_id;
    old.first_conversation = new.first_conversation.or(old.first_conversation);
    old.context = new.context.or(old.context.take());
    old.client_properties = new.client_properties.or(old.client_properties.take());
    old.last_content_event = new.last_content_event.or(old.last_content_event.take());

    let has_agent = old.assigned_agent().is_some();
    let open = old.stage != ConversationStage::Close;
    if open && skill_changed && !has_agent {
        events.push(ModelEvent::TransferSkill {
            conversation_id: cid.clone(),
            skill_id: old.skill_id.clone(),
        });
    } else if open && assigned_agent_left && !has_agent && !agent_suggested && !skill_changed {
        events.push(ModelEvent::BackToQueue {
            conversation_id: cid.clone(),
        });
    }
    if !was_closed && old.stage == ConversationStage::Close {
        events.push(ModelEvent::Close {
            conversation_id: cid,
        });
    }
    added
}

impl Model {
    /// Starts a snapshot that spans several notifications (limit-break: the parent's capped
    /// first notification plus its child subscriptions' pages, all ingested with the parent's
    /// key and `snapshot: false`). [`Model::end_snapshot`] then reconciles.
    pub fn begin_snapshot(&mut self, key: &SubscriptionKey) {
        self.snapshots.insert(key.clone(), BTreeSet::new());
    }

    /// Ends a snapshot: cached conversations `key` held that the snapshot did not contain are
    /// released and reported as `conversation-deleted`. Without an open snapshot, nothing.
    pub fn end_snapshot(&mut self, key: &SubscriptionKey, now: Time) -> Vec<ModelEvent> {
        let Some(seen) = self.snapshots.remove(key) else {
            return Vec::new();
        };
        let gone: Vec<String> = self
            .cache
            .iter()
            .filter(|(id, e)| e.refs.contains(key) && !seen.contains(*id))
            .map(|(id, _)| id.clone())
            .collect();
        let mut events = Vec::with_capacity(gone.len());
        for id in gone {
            if let Some(mut e) = self.cache.get_mut(&id) {
                e.release(key, now);
            }
            events.push(ModelEvent::ConversationDeleted {
                conversation_id: id,
            });
        }
        events
    }
}
