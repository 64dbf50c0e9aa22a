//! Applying notifications to the model.
//!
//! One entry point per notification family; [`Model::ingest`] dispatches on the notification
//! type. Every path is total: malformed parts become [`ModelEvent::Error`] events and the rest
//! of the notification is still applied.

mod agent_state;
mod conversation_change;
mod messaging;
pub(crate) use messaging::Pending;
mod participants;
mod routing;
pub(crate) mod wire;

use lpm_protocol::{MessageType, Notification};
use serde_json::Value;

use super::Model;
use super::cache::SubscriptionKey;
use super::events::ModelEvent;
use super::skill::ShiftStatus;
use crate::time::Time;

/// Where and when a notification arrived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IngestContext {
    /// The current time.
    pub now: Time,
    /// The conversation subscription it belongs to (conversation changes); `None` for
    /// notifications not tied to a subscription (webhooks, a null connection, messaging).
    pub subscription: Option<SubscriptionKey>,
    /// `true` for the first notification after (re-)subscribing: the snapshot of everything
    /// the subscription covers. Cached conversations the subscription held that the snapshot
    /// lacks are released and reported as `conversation-deleted`. When the snapshot spans
    /// several notifications (limit-break), use [`Model::begin_snapshot`] /
    /// [`Model::end_snapshot`] and `snapshot: false` instead.
    pub snapshot: bool,
}

impl IngestContext {
    /// A notification not tied to a subscription.
    pub fn at(now: Time) -> IngestContext {
        IngestContext {
            now,
            subscription: None,
            snapshot: false,
        }
    }

    /// A notification of subscription `key` (a string, or the connection's numeric handle).
    pub fn subscription(
        now: Time,
        key: impl Into<SubscriptionKey>,
        snapshot: bool,
    ) -> IngestContext {
        IngestContext {
            now,
            subscription: Some(key.into()),
            snapshot,
        }
    }
}

impl Model {
    /// Applies one notification and returns the user events it means, in order.
    ///
    /// Handles conversation changes (`.ams.aam.ExConversationChangeNotification`,
    /// `cqm.ExConversationChangeNotification`), messaging events
    /// (`.ams.ms.OnlineEventDistribution` single records and `ms.MessagingEventNotification`
    /// `changes[]`, either on either socket), routing tasks and agent state. Any other type gives
    /// one [`ModelEvent::Error`].
    pub fn ingest(&mut self, notification: &Notification, ctx: &IngestContext) -> Vec<ModelEvent> {
        let Some(body) = notification.body.as_ref() else {
            return vec![error(
                None,
                format!("{} without a body", notification.type_name),
            )];
        };
        match notification.message_type() {
            Some(t) => self.ingest_body(t, body, ctx),
            None => vec![error(
                None,
                format!("unexpected notification type {}", notification.type_name),
            )],
        }
    }

    /// [`Model::ingest`] for a body whose type is already known.
    pub fn ingest_body(
        &mut self,
        message_type: MessageType,
        body: &Value,
        ctx: &IngestContext,
    ) -> Vec<ModelEvent> {
        match message_type {
            MessageType::ExConversationChangeNotification => {
                self.ingest_conversation_change(body, ctx)
            }
            MessageType::OnlineEventDistribution | MessageType::MessagingEventNotification => {
                self.ingest_messaging(body, ctx)
            }
            MessageType::RoutingTaskNotification => self.ingest_routing(body, ctx),
            MessageType::AgentStateNotification => self.ingest_agent_state(body, ctx),
            other => vec![error(
                None,
                format!("notification type {other:?} does not update the model"),
            )],
        }
    }

    /// A webhook payload (`{"wsNotificationMsg":{"type":…,"body":…}}`, consumer-form types;
    /// `processWebhooksNotification`).
    pub fn ingest_webhook(&mut self, payload: &Value, now: Time) -> Vec<ModelEvent> {
        let msg = payload.get("wsNotificationMsg").unwrap_or(payload);
        let (Some(type_name), Some(body)) =
            (msg.get("type").and_then(Value::as_str), msg.get("body"))
        else {
            return vec![error(
                None,
                "webhook payload without wsNotificationMsg type and body".into(),
            )];
        };
        match MessageType::from_name(type_name) {
            Some(t) => self.ingest_body(t, body, &IngestContext::at(now)),
            None => vec![error(
                None,
                format!("unexpected webhook notification type {type_name}"),
            )],
        }
    }

    /// A `QueryMessages` response body (an array of event records) for `dialog_id`, merged as
    /// history: new messages give `message` events with `history: true`.
    pub fn ingest_query_messages(
        &mut self,
        dialog_id: &str,
        body: &Value,
        now: Time,
    ) -> Vec<ModelEvent> {
        self.merge_query_answer(dialog_id, body, true, now)
    }

    /// A `QueryMessages` response body fetched to fill a gap (events published while the
    /// connection was down): merged in sequence order as **live** events (`history: false`),
    /// since the connection would have seen each of them had it been up. Sequences already
    /// seen are skipped, so a message that also arrives live is reported once.
    ///
    /// ```
    /// use lpm_core::model::{Model, ModelEvent, Viewer};
    /// use lpm_core::time::Time;
    /// use serde_json::json;
    ///
    /// let mut model = Model::new(Viewer::brand("123", "pid", "123.1"));
    /// // an unknown dialog's records are kept until its conversation is known: no event yet
    /// let records = json!([{"sequence": 1, "originatorId": "c1", "event": {"type": "ContentEvent", "message": "b"}}]);
    /// assert!(model.ingest_missed_messages("d1", &records, Time(0)).is_empty());
    /// ```
    pub fn ingest_missed_messages(
        &mut self,
        dialog_id: &str,
        body: &Value,
        now: Time,
    ) -> Vec<ModelEvent> {
        self.merge_query_answer(dialog_id, body, false, now)
    }

    /// Merges a `QueryMessages` answer for `dialog_id`, in sequence order (the protocol does
    /// not promise one), as history or as live events.
    fn merge_query_answer(
        &mut self,
        dialog_id: &str,
        body: &Value,
        history: bool,
        now: Time,
    ) -> Vec<ModelEvent> {
        let Some(records) = body.as_array() else {
            return vec![error(
                self.conversation_id_of(dialog_id).map(str::to_owned),
                "QueryMessages response is not an array".into(),
            )];
        };
        let mut records: Vec<&Value> = records.iter().collect();
        records.sort_by_key(|r| wire::uint(r, "sequence").unwrap_or(u64::MAX));
        let mut events = Vec::new();
        for record in records {
            self.apply_messaging_record(record, Some(dialog_id), history, now, &mut events);
        }
        events
    }

    /// Shift-status data (`[{skillId, onShift, nextOn, nextOff}]`) from the poller: updates
    /// skills and reports those that entered work or off hours.
    pub fn ingest_shift_status(&mut self, records: &[ShiftStatus]) -> Vec<ModelEvent> {
        let mut events = Vec::new();
        for r in records {
            self.ensure_skill(&r.skill_id);
            let Some(skill) = self.skills.get_mut(&r.skill_id) else {
                continue;
            };
            let before = skill.on_shift;
            skill.on_shift = Some(r.on_shift);
            skill.next_on = r.next_on;
            skill.next_off = r.next_off;
            // Only a change from a known state is an event; the first poll just informs.
            match (before, r.on_shift) {
                (Some(false), true) => events.push(ModelEvent::SkillEnteredWorkHours {
                    skill_id: r.skill_id.clone(),
                }),
                (Some(true), false) => events.push(ModelEvent::SkillEnteredOffHours {
                    skill_id: r.skill_id.clone(),
                }),
                _ => {}
            }
        }
        events
    }

    /// A shift-status response body as JSON (an array of records); malformed records give an
    /// error event each.
    pub fn ingest_shift_status_json(&mut self, body: &Value) -> Vec<ModelEvent> {
        let Some(list) = body.as_array() else {
            return vec![error(None, "shift-status response is not an array".into())];
        };
        let mut records = Vec::new();
        let mut events = Vec::new();
        for item in list {
            match serde_json::from_value::<ShiftStatus>(item.clone()) {
                Ok(r) => records.push(r),
                Err(e) => events.push(error(None, format!("bad shift-status record: {e}"))),
            }
        }
        events.extend(self.ingest_shift_status(&records));
        events
    }
}

pub(crate) fn error(conversation_id: Option<String>, message: String) -> ModelEvent {
    ModelEvent::Error {
        conversation_id,
        message,
    }
}

impl Model {
    /// [`Model::ingest`] for a body the caller already decoded with `lpm_protocol`.
    pub fn ingest_decoded(
        &mut self,
        body: &lpm_protocol::notifications::NotificationBody,
        ctx: &IngestContext,
    ) -> Vec<ModelEvent> {
        self.ingest_body(body.message_type(), &body.to_value(), ctx)
    }
}
