//! Rings: routing tasks offered to this agent (sdk-api §11).

use serde::{Deserialize, Serialize};

use super::enums::RingState;

/// One ring (`ringsDetails[0]` of a routing task).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Ring {
    /// `{conversationId}_{accountId}_{epochMs}`.
    pub ring_id: String,
    /// Current state; apps should ignore rings not `WAITING`.
    pub ring_state: RingState,
    /// Epoch ms when the ring expires.
    pub ring_expiration_ts: Option<u64>,
    /// How long (ms) the ring stays waiting.
    pub ring_expiration: Option<u64>,
    /// Ordering priority.
    pub weight: Option<f64>,
    /// Account id.
    pub brand_id: Option<String>,
    /// The conversation offered.
    pub conversation_id: String,
    /// The consumer of that conversation.
    pub consumer_id: Option<String>,
    /// Skill the conversation is routed to.
    pub skill_id: Option<String>,
    /// `routingTaskId` of the task that carried the ring.
    pub routing_task_id: Option<String>,
    /// `taskCompleted` of that task.
    pub task_completed: bool,
    /// When the ring stopped mattering (a final state, or its task deleted); it is dropped
    /// [`super::CacheConfig::ring_retention_ms`] later.
    pub(crate) finished_at: Option<crate::time::Time>,
}

impl Ring {
    /// `true` while the ring waits for an answer.
    pub fn is_waiting(&self) -> bool {
        self.ring_state == RingState::Waiting
    }
}
