//! `AgentStateNotification`: agents' availability (notifications.md §4).

use serde_json::Value;

use super::wire;
use super::{IngestContext, error};
use crate::model::Model;
use crate::model::enums::AgentState;
use crate::model::events::ModelEvent;

impl Model {
    /// Applies an agent-state body (`{subscriptionId, changes:[{type, result:{availability, agentUserId}}]}`).
    /// A result without `agentUserId` is about this user.
    pub fn ingest_agent_state(&mut self, body: &Value, _ctx: &IngestContext) -> Vec<ModelEvent> {
        let mut events = Vec::new();
        let Some(changes) = body.get("changes").and_then(Value::as_array) else {
            return vec![error(
                None,
                "agent state notification without changes".into(),
            )];
        };
        for change in changes {
            let Some(result) = change.get("result") else {
                events.push(error(None, "agent state change without result".into()));
                continue;
            };
            let Some(availability) = wire::string(result, "availability") else {
                events.push(error(
                    None,
                    "agent state change without availability".into(),
                ));
                continue;
            };
            let Some(agent_id) =
                wire::string(result, "agentUserId").or_else(|| self.viewer.agent_id.clone())
            else {
                events.push(error(None, "agent state change without agentUserId".into()));
                continue;
            };
            let state = AgentState::from(availability.as_str());
            if self.viewer.agent_id.as_deref() == Some(agent_id.as_str()) {
                self.own_agent_state = Some(state.clone());
            }
            if self.agent_states.get(&agent_id) != Some(&state) {
                self.agent_states.insert(agent_id.clone(), state.clone());
                events.push(ModelEvent::AgentStateChange {
                    agent_id,
                    agent_state: state,
                });
            }
        }
        events
    }
}
