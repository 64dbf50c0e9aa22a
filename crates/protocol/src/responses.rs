//! Typed success response bodies (`requests.md`, `ums-framing.md` §4).
//!
//! A response does not name its request; decode it with the type of the
//! request it answers (correlated by `reqId`).
//!
//! ```
//! use lpm_protocol::responses::ResponseBody;
//! use lpm_protocol::{Frame, MessageType};
//!
//! let Frame::Response(r) = Frame::parse(
//!     r#"{"kind":"resp","reqId":"1","code":200,"type":"cm.RequestConversationResponse","body":{"conversationId":"c1"}}"#,
//! ).unwrap() else { unreachable!() };
//! let body = ResponseBody::decode(MessageType::ConsumerRequestConversation, &r).unwrap();
//! assert!(matches!(body, ResponseBody::RequestConversation(b) if b.conversation_id == "c1"));
//! ```

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::common::SubscriptionId;
use crate::error::BodyError;
use crate::frame::Response;
use crate::message_type::MessageType;
use crate::notifications::MessagingEventRecord;
use crate::requests::{
    GenerateUrlResponse, GetClockResponse, PublishEventResponse, RequestConversationResponse,
    TokenResponse, UserProfile,
};

/// A decoded response body.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum ResponseBody {
    /// A string body: plain-text results and every error.
    ///
    /// Note: a *successful* `ConsumerRequestConversation` answer with a string
    /// body means failure (lp-messaging-sdk 1.5.4; uncertain.md H1).
    Text(String),
    /// No body (some subscription responses).
    Empty,
    /// `GetClock`.
    Clock(GetClockResponse),
    /// `ConsumerRequestConversation` / `AgentRequestConversation`.
    RequestConversation(RequestConversationResponse),
    /// `PublishEvent`.
    PublishEvent(PublishEventResponse),
    /// Every subscribe request.
    Subscribed(SubscriptionId),
    /// `GenerateURLForUploadFile` / `GenerateURLForDownloadFile`.
    FileUrl(GenerateUrlResponse),
    /// Token requests.
    Token(TokenResponse),
    /// `GetUserProfile`.
    UserProfile(UserProfile),
    /// `QueryMessages`: stored event records.
    Messages(Vec<MessagingEventRecord>),
    /// Any other body, kept as JSON (errors with object bodies, legacy types).
    Other(Value),
}

fn decode<T: DeserializeOwned>(t: MessageType, body: Value) -> Result<T, BodyError> {
    serde_json::from_value(body).map_err(|e| BodyError::Invalid {
        message_type: format!("{t:?} response"),
        reason: e.to_string(),
    })
}

impl ResponseBody {
    /// Decodes the body of `response`, which answers a `request_type`
    /// request. String bodies are [`ResponseBody::Text`] whatever the code;
    /// other error bodies are [`ResponseBody::Other`].
    pub fn decode(request_type: MessageType, response: &Response) -> Result<Self, BodyError> {
        use MessageType as T;
        let body = match &response.body {
            None | Some(Value::Null) => return Ok(Self::Empty),
            Some(Value::String(s)) => return Ok(Self::Text(s.clone())),
            Some(b) if response.is_error() => return Ok(Self::Other(b.clone())),
            Some(b) => b.clone(),
        };
        let t = request_type;
        Ok(match t {
            T::GetClock => Self::Clock(decode(t, body)?),
            T::ConsumerRequestConversation | T::AgentRequestConversation => {
                Self::RequestConversation(decode(t, body)?)
            }
            T::PublishEvent => Self::PublishEvent(decode(t, body)?),
            T::SubscribeExConversations
            | T::SubscribeMessagingEvents
            | T::SubscribeRoutingTasks
            | T::SubscribeAgentsState
            | T::SubscribeConversations => Self::Subscribed(decode(t, body)?),
            T::GenerateUrlForUploadFile | T::GenerateUrlForDownloadFile => {
                Self::FileUrl(decode(t, body)?)
            }
            T::GenerateUploadToken | T::GenerateDownloadToken => Self::Token(decode(t, body)?),
            T::GetUserProfile => Self::UserProfile(decode(t, body)?),
            T::QueryMessages => Self::Messages(decode(t, body)?),
            _ => Self::Other(body),
        })
    }

    /// The body as JSON (`None` for [`ResponseBody::Empty`]).
    pub fn to_value(&self) -> Option<Value> {
        let v = match self {
            Self::Empty => return None,
            Self::Text(s) => Ok(Value::String(s.clone())),
            Self::Clock(b) => serde_json::to_value(b),
            Self::RequestConversation(b) => serde_json::to_value(b),
            Self::PublishEvent(b) => serde_json::to_value(b),
            Self::Subscribed(b) => serde_json::to_value(b),
            Self::FileUrl(b) => serde_json::to_value(b),
            Self::Token(b) => serde_json::to_value(b),
            Self::UserProfile(b) => serde_json::to_value(b),
            Self::Messages(b) => serde_json::to_value(b),
            Self::Other(v) => Ok(v.clone()),
        };
        v.ok()
    }
}
