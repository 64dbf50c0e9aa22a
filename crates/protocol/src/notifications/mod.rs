//! Notification bodies in both socket forms (`notifications.md`).
//!
//! [`NotificationBody::decode`] picks the body type from the notification's
//! type name. For messaging events it also looks at the shape, as
//! LivePerson's client does: a body with `changes` is the consumer form, a
//! body with `event` a single brand record.
//!
//! ```
//! use lpm_protocol::notifications::NotificationBody;
//! use lpm_protocol::Frame;
//!
//! let f = Frame::parse(r#"{"kind":"notification","type":".ams.ms.OnlineEventDistribution","body":{
//!   "sequence":2,"originatorId":"qa1.38","originatorPId":"3b5b","dialogId":"c1",
//!   "event":{"type":"ContentEvent","message":"hi","contentType":"text/plain"}}}"#).unwrap();
//! let Frame::Notification(n) = f else { unreachable!() };
//! let body = n.decode_body().unwrap();
//! assert!(matches!(body, NotificationBody::OnlineEventDistribution(_)));
//! assert_eq!(body.messaging_events()[0].originator_pid.as_deref(), Some("3b5b"));
//! ```

mod agent_state;
mod conversation_change;
mod messaging;
mod routing;

pub use agent_state::{AgentState, AgentStateChange, AgentStateNotification};
pub use conversation_change::{
    ConversationChange, ConversationChangeResult, ExConversationChangeNotification,
};
pub use messaging::{MessagingEventNotification, MessagingEventRecord, OriginatorMetadata};
pub use routing::{Ring, RoutingTask, RoutingTaskChange, RoutingTaskNotification};

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::{BodyError, FrameError};
use crate::frame::Notification;
use crate::message_type::MessageType;
use crate::version::ApiVersion;

/// A typed notification body.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum NotificationBody {
    /// Consumer form `{"changes":[…]}` (`ms.MessagingEventNotification`).
    MessagingEventNotification(MessagingEventNotification),
    /// Brand form: one record per frame (`.ams.ms.OnlineEventDistribution`).
    OnlineEventDistribution(MessagingEventRecord),
    /// Conversation changes (both forms).
    ExConversationChange(ExConversationChangeNotification),
    /// Rings.
    RoutingTask(RoutingTaskNotification),
    /// Agent state.
    AgentState(AgentStateNotification),
    /// A notification without a typed body (legacy types), kept as JSON.
    Other(MessageType, Option<Value>),
}

impl NotificationBody {
    /// Decodes `body` as a `message_type` notification.
    pub fn decode(message_type: MessageType, body: Option<&Value>) -> Result<Self, BodyError> {
        use MessageType as T;
        let t = message_type;
        Ok(match t {
            T::MessagingEventNotification | T::OnlineEventDistribution => {
                // Tolerate either shape on either name (lp-messaging-sdk 1.5.4 does).
                if body.and_then(|b| b.get("changes")).is_some() {
                    Self::MessagingEventNotification(decode(t, body)?)
                } else {
                    Self::OnlineEventDistribution(decode(t, body)?)
                }
            }
            T::ExConversationChangeNotification => Self::ExConversationChange(decode(t, body)?),
            T::RoutingTaskNotification => Self::RoutingTask(decode(t, body)?),
            T::AgentStateNotification => Self::AgentState(decode(t, body)?),
            T::ConversationChangeNotification | T::RingUpdated => Self::Other(t, body.cloned()),
            _ => {
                return Err(BodyError::Invalid {
                    message_type: format!("{t:?}"),
                    reason: "not a notification type".into(),
                });
            }
        })
    }

    /// The messaging event records carried (empty for other families).
    pub fn messaging_events(&self) -> &[MessagingEventRecord] {
        match self {
            Self::MessagingEventNotification(n) => &n.changes,
            Self::OnlineEventDistribution(r) => core::slice::from_ref(r),
            _ => &[],
        }
    }

    /// The message type this body is sent as.
    pub fn message_type(&self) -> MessageType {
        match self {
            Self::MessagingEventNotification(_) => MessageType::MessagingEventNotification,
            Self::OnlineEventDistribution(_) => MessageType::OnlineEventDistribution,
            Self::ExConversationChange(_) => MessageType::ExConversationChangeNotification,
            Self::RoutingTask(_) => MessageType::RoutingTaskNotification,
            Self::AgentState(_) => MessageType::AgentStateNotification,
            Self::Other(t, _) => *t,
        }
    }

    /// The body as JSON.
    pub fn to_value(&self) -> Value {
        let v = match self {
            Self::MessagingEventNotification(b) => serde_json::to_value(b),
            Self::OnlineEventDistribution(b) => serde_json::to_value(b),
            Self::ExConversationChange(b) => serde_json::to_value(b),
            Self::RoutingTask(b) => serde_json::to_value(b),
            Self::AgentState(b) => serde_json::to_value(b),
            Self::Other(_, b) => Ok(b.clone().unwrap_or(Value::Null)),
        };
        v.unwrap_or(Value::Null)
    }

    /// A notification frame named for `version`.
    ///
    /// On v3 a messaging record is sent as `ms.MessagingEventNotification`
    /// with a one-element `changes` array; on v2 a `changes` body is sent as
    /// `ms.MessagingEventNotification` (the subscription form) and a single
    /// record as `.ams.ms.OnlineEventDistribution`.
    pub fn to_notification(&self, version: ApiVersion) -> Result<Notification, FrameError> {
        if let (Self::OnlineEventDistribution(r), true) = (self, version.uses_v3_names()) {
            let wrapped = MessagingEventNotification {
                changes: vec![r.clone()],
                ..Default::default()
            };
            return Self::MessagingEventNotification(wrapped).to_notification(version);
        }
        Notification::new(self.message_type(), version, self.to_value())
    }
}

fn decode<T: DeserializeOwned>(t: MessageType, body: Option<&Value>) -> Result<T, BodyError> {
    let value = body
        .cloned()
        .unwrap_or_else(|| Value::Object(Default::default()));
    serde_json::from_value(value).map_err(|e| BodyError::Invalid {
        message_type: format!("{t:?}"),
        reason: e.to_string(),
    })
}

impl Notification {
    /// Decodes the body by the notification's type (either version's name or
    /// an alias).
    pub fn decode_body(&self) -> Result<NotificationBody, BodyError> {
        let t = self
            .message_type()
            .ok_or_else(|| BodyError::UnknownType(self.type_name.clone()))?;
        NotificationBody::decode(t, self.body.as_ref())
    }
}
