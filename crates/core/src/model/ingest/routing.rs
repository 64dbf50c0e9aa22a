//! `RoutingTaskNotification`: rings offered to this agent (notifications.md §3).

use serde_json::Value;

use super::wire;
use super::{IngestContext, error};
use crate::model::Model;
use crate::model::enums::RingState;
use crate::model::events::ModelEvent;
use crate::model::ring::Ring;

impl Model {
    /// Applies a routing-task body (`{subscriptionId, changes:[{type, result:{…, ringsDetails:[one]}}]}`).
    ///
    /// A new ring gives `ring`; a known ring whose state changed gives `accepted`, `rejected`,
    /// `cancelled` or `expired`. A `DELETE` marks the task's ring for dropping. An `UPSERT`
    /// must carry exactly one ring (what LivePerson's SDK requires), else it is an error.
    pub fn ingest_routing(&mut self, body: &Value, ctx: &IngestContext) -> Vec<ModelEvent> {
        let mut events = Vec::new();
        let Some(changes) = body.get("changes").and_then(Value::as_array) else {
            return vec![error(None, "routing notification without changes".into())];
        };
        for change in changes {
            let kind = change
                .get("type")
                .and_then(Value::as_str)
                .unwrap_or("UPSERT");
            let Some(result) = change.get("result").filter(|r| r.is_object()) else {
                events.push(error(None, "routing change without result".into()));
                continue;
            };
            let rings = result
                .get("ringsDetails")
                .and_then(Value::as_array)
                .map(Vec::as_slice)
                .unwrap_or_default();
            if kind == "DELETE" {
                for r in rings.iter().filter_map(|r| wire::string(r, "ringId")) {
                    self.rings.finish(&r, ctx.now);
                }
                if let Some(task) = wire::string(result, "routingTaskId") {
                    for r in self.rings.of_task(&task) {
                        self.rings.finish(&r, ctx.now);
                    }
                }
                continue;
            }
            let [detail] = rings else {
                events.push(error(
                    wire::string(result, "conversationId"),
                    format!(
                        "routing task with {} rings (expected exactly one)",
                        rings.len()
                    ),
                ));
                continue;
            };
            let Some(ring_id) = wire::string(detail, "ringId") else {
                events.push(error(
                    wire::string(result, "conversationId"),
                    "ring without ringId".into(),
                ));
                continue;
            };
            let state = wire::string(detail, "ringState")
                .map(|s| RingState::from(s.as_str()))
                .unwrap_or(RingState::Waiting);
            let ring = Ring {
                ring_id: ring_id.clone(),
                ring_state: state.clone(),
                ring_expiration_ts: wire::uint(detail, "ringExpirationTs"),
                ring_expiration: wire::uint(detail, "ringExpiration"),
                weight: wire::float(detail, "weight"),
                brand_id: wire::string(detail, "brandId")
                    .or_else(|| wire::string(result, "brandId")),
                conversation_id: wire::string(detail, "convId")
                    .or_else(|| wire::string(result, "conversationId"))
                    .unwrap_or_default(),
                consumer_id: wire::string(detail, "consumerId")
                    .or_else(|| wire::string(result, "consumerId")),
                skill_id: wire::string(detail, "skillId")
                    .or_else(|| wire::string(result, "skillId")),
                routing_task_id: wire::string(result, "routingTaskId"),
                task_completed: wire::boolean(result, "taskCompleted").unwrap_or(false),
                finished_at: None,
            };
            if let Some(skill) = &ring.skill_id {
                let skill = skill.clone();
                self.ensure_skill(&skill);
            }
            let mut ring = ring;
            if !ring.is_waiting() {
                ring.finished_at = Some(
                    self.rings
                        .get(&ring_id)
                        .and_then(|r| r.finished_at)
                        .unwrap_or(ctx.now),
                );
            }
            match self.rings.insert(ring) {
                None => events.push(ModelEvent::Ring { ring_id }),
                Some(before) if before.ring_state != state => {
                    events.push(ModelEvent::RingStateChange {
                        ring_id,
                        ring_state: state,
                    })
                }
                Some(_) => {}
            }
        }
        events
    }
}
