//! Subscriptions: conversation (`SubscribeExConversations`), routing task, agent state and
//! the consumer's per-dialog messaging subscriptions.
//!
//! Subscriptions live per socket: UMS forgets them when the socket goes. The registry keeps
//! what is needed to re-create each one after a reconnect (the wire body) and maps the
//! changing wire `subscriptionId` to a stable local [`SubscriptionHandle`].

use std::fmt;

use serde::de::value::SeqAccessDeserializer;
use serde::de::{self, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

use super::commands::CommandId;
use crate::vec_map::VecMap;

/// One string or a list of strings (the JS query accepts both).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum OneOrMany {
    /// `"OPEN"`
    One(String),
    /// `["OPEN","CLOSE"]`
    Many(Vec<String>),
}

// By hand, not `#[serde(untagged)]`: an untagged derive buffers the input into serde's
// private `Content` and tries each variant on the buffer, compiling their deserializers once
// more for it (1.3 KB of the browser build's wasm). The error also says what is expected.
impl<'de> Deserialize<'de> for OneOrMany {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct OneOrManyVisitor;

        impl<'de> Visitor<'de> for OneOrManyVisitor {
            type Value = OneOrMany;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string or a list of strings")
            }

            fn visit_str<E: de::Error>(self, s: &str) -> Result<OneOrMany, E> {
                Ok(OneOrMany::One(s.to_owned()))
            }

            fn visit_string<E: de::Error>(self, s: String) -> Result<OneOrMany, E> {
                Ok(OneOrMany::One(s))
            }

            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<OneOrMany, A::Error> {
                Vec::deserialize(SeqAccessDeserializer::new(seq)).map(OneOrMany::Many)
            }
        }

        deserializer.deserialize_any(OneOrManyVisitor)
    }
}

impl OneOrMany {
    fn to_vec(&self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s.clone()],
            OneOrMany::Many(v) => v.clone(),
        }
    }
}

/// A conversation subscription query with the JavaScript SDK's keys (sdk-api §6.2).
///
/// ```
/// use lpm_core::connection::SubscriptionQuery;
/// let q: SubscriptionQuery = serde_json::from_str(r#"{"state":"OPEN","dialogType":["MAIN"],"skillId":"12"}"#).unwrap();
/// assert_eq!(q.to_wire(), serde_json::json!({"convState":["OPEN"],"dialogTypes":["MAIN"]}));
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SubscriptionQuery {
    /// Conversation stage filter (`stage`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<OneOrMany>,
    /// Main dialog state filter (wire `convState`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<OneOrMany>,
    /// Agent filter (wire `agentIds`).
    #[serde(default, skip_serializing_if = "Option::is_none", alias = "agentIds")]
    pub agent_id: Option<OneOrMany>,
    /// Consumer filter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consumer_id: Option<String>,
    /// One conversation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conversation_id: Option<String>,
    /// Brand id (wire `brandId`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    /// Dialog types (wire `dialogTypes`).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        alias = "dialogTypes"
    )]
    pub dialog_type: Option<OneOrMany>,
    /// Wire `minLastUpdatedTime`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_update_after: Option<i64>,
    /// Wire `maxLastUpdatedTime`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_update_before: Option<i64>,
    /// Accepted for compatibility and dropped: UMS does not filter by skill.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skill_id: Option<Value>,
}

impl SubscriptionQuery {
    /// A query on conversation stages only.
    pub fn stages(stages: &[&str]) -> Self {
        SubscriptionQuery {
            stage: Some(OneOrMany::Many(
                stages.iter().map(|s| (*s).to_owned()).collect(),
            )),
            ..Default::default()
        }
    }

    /// The `SubscribeExConversations` body.
    pub fn to_wire(&self) -> Value {
        let mut m = Map::new();
        let list = |v: &OneOrMany| Value::from(v.to_vec());
        if let Some(s) = &self.stage {
            m.insert("stage".into(), list(s));
        }
        if let Some(s) = &self.state {
            m.insert("convState".into(), list(s));
        }
        if let Some(a) = &self.agent_id {
            m.insert("agentIds".into(), list(a));
        }
        if let Some(c) = &self.consumer_id {
            m.insert("consumerId".into(), Value::from(c.clone()));
        }
        if let Some(c) = &self.conversation_id {
            m.insert("conversationId".into(), Value::from(c.clone()));
        }
        if let Some(b) = &self.account_id {
            m.insert("brandId".into(), Value::from(b.clone()));
        }
        if let Some(d) = &self.dialog_type {
            m.insert("dialogTypes".into(), list(d));
        }
        if let Some(t) = self.last_update_after {
            m.insert("minLastUpdatedTime".into(), Value::from(t));
        }
        if let Some(t) = self.last_update_before {
            m.insert("maxLastUpdatedTime".into(), Value::from(t));
        }
        Value::Object(m)
    }
}

/// Local, stable id of a subscription (the wire id changes on every re-subscribe).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SubscriptionHandle(pub u64);

/// Kind of subscription.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum SubscriptionKind {
    /// `SubscribeExConversations`.
    Conversation,
    /// `SubscribeRoutingTasks`.
    RoutingTask,
    /// `SubscribeAgentsState`.
    AgentState,
}

/// Subscription state, with the JavaScript SDK's values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SubscriptionState {
    /// Not sent yet.
    #[serde(rename = "initial")]
    Initial,
    /// Active.
    #[serde(rename = "subscribed")]
    Subscribed,
    /// Unsubscribe sent.
    #[serde(rename = "unsubscribing")]
    Unsubscribing,
    /// Gone.
    #[serde(rename = "unsubscribed")]
    Unsubscribed,
    /// The socket dropped; will be re-created.
    #[serde(rename = "disconnected")]
    Disconnected,
    /// Being re-created after a reconnect.
    #[serde(rename = "subscribing")]
    Resubscribing,
    /// The server refused it.
    #[serde(rename = "failed_to_subscribe")]
    FailedToSubscribe,
}

/// What the user can read about a subscription.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SubscriptionInfo {
    /// Local id.
    pub handle: SubscriptionHandle,
    /// Kind.
    pub kind: SubscriptionKind,
    /// Current wire id.
    pub subscription_id: Option<String>,
    /// State.
    pub state: SubscriptionState,
    /// The wire body it was created with.
    pub query: Value,
    /// The default subscription.
    pub is_default: bool,
    /// Set on limit-break child subscriptions.
    pub parent: Option<SubscriptionHandle>,
    /// The first notification since the last (re)subscribe has arrived.
    pub ready: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct Sub {
    pub info: SubscriptionInfo,
    /// A create command completing at the first notification (`waitForReady`).
    pub waiting: Option<CommandId>,
    /// Limit-break child: unsubscribe after its first notification.
    pub one_shot: bool,
}

/// A consumer messaging subscription for one dialog.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct MessagingSub {
    /// Highest sequence seen; the re-subscribe asks from the next one.
    pub last_sequence: Option<i64>,
    /// `true` while subscribed on the current socket.
    pub active: bool,
}

/// All subscriptions of a connection.
#[derive(Debug, Default)]
pub(crate) struct Subscriptions {
    next: u64,
    pub subs: VecMap<SubscriptionHandle, Sub>,
    /// (conversationId, dialogId) → messaging subscription.
    pub messaging: VecMap<(String, String), MessagingSub>,
}

impl Subscriptions {
    pub(crate) fn add(
        &mut self,
        kind: SubscriptionKind,
        query: Value,
        is_default: bool,
        parent: Option<SubscriptionHandle>,
    ) -> SubscriptionHandle {
        self.next += 1;
        let handle = SubscriptionHandle(self.next);
        self.subs.insert(
            handle,
            Sub {
                info: SubscriptionInfo {
                    handle,
                    kind,
                    subscription_id: None,
                    state: SubscriptionState::Initial,
                    query,
                    is_default,
                    parent,
                    ready: false,
                },
                waiting: None,
                one_shot: parent.is_some(),
            },
        );
        handle
    }

    pub(crate) fn get_mut(&mut self, h: SubscriptionHandle) -> Option<&mut Sub> {
        self.subs.get_mut(&h)
    }

    /// The subscription whose current wire id is `id`.
    pub(crate) fn by_wire_id(&self, id: &str) -> Option<SubscriptionHandle> {
        self.subs
            .values()
            .find(|s| s.info.subscription_id.as_deref() == Some(id))
            .map(|s| s.info.handle)
    }

    pub(crate) fn default_handle(&self) -> Option<SubscriptionHandle> {
        self.subs
            .values()
            .find(|s| s.info.is_default)
            .map(|s| s.info.handle)
    }

    /// Marks every subscription as lost with the socket.
    pub(crate) fn disconnected(&mut self) {
        for s in self.subs.values_mut() {
            // `Initial` ones were never on a socket: their subscribe is queued (or failed with
            // its command) and must not be sent twice.
            if matches!(
                s.info.state,
                SubscriptionState::Subscribed | SubscriptionState::Resubscribing
            ) {
                s.info.state = SubscriptionState::Disconnected;
                s.info.subscription_id = None;
                s.info.ready = false;
            }
        }
        for m in self.messaging.values_mut() {
            m.active = false;
        }
    }

    pub(crate) fn infos(&self) -> Vec<SubscriptionInfo> {
        self.subs.values().map(|s| s.info.clone()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::{OneOrMany, SubscriptionQuery};

    #[test]
    fn one_or_many_reads_a_string_or_a_list_and_says_what_it_expects() {
        let q: SubscriptionQuery =
            serde_json::from_str(r#"{"stage":"OPEN","state":["OPEN","CLOSE"],"agentId":null}"#)
                .unwrap();
        assert_eq!(q.stage, Some(OneOrMany::One("OPEN".into())));
        assert_eq!(
            q.state,
            Some(OneOrMany::Many(vec!["OPEN".into(), "CLOSE".into()]))
        );
        assert_eq!(q.agent_id, None);
        let from_value: SubscriptionQuery =
            serde_json::from_value(serde_json::json!({"dialogType":["MAIN"]})).unwrap();
        assert_eq!(
            from_value.dialog_type,
            Some(OneOrMany::Many(vec!["MAIN".into()]))
        );
        let e = serde_json::from_str::<SubscriptionQuery>(r#"{"stage":1}"#).unwrap_err();
        assert!(
            e.to_string()
                .contains("expected a string or a list of strings"),
            "{e}"
        );
        assert!(serde_json::from_str::<SubscriptionQuery>(r#"{"stage":[1]}"#).is_err());
    }
}
