//! Typed request bodies and their success response bodies
//! (`requests.md`).
//!
//! [`RequestBody`] ties each body type to its [`MessageType`] so a request
//! can be built for either API version or decoded from a received
//! [`Request`].
//!
//! ```
//! use lpm_protocol::requests::{RequestBody, SubscribeExConversations};
//! use lpm_protocol::enums::ConversationState;
//! use lpm_protocol::{ApiVersion, Frame};
//!
//! let body = RequestBody::SubscribeExConversations(SubscribeExConversations::stages([
//!     ConversationState::Open,
//!     ConversationState::Close,
//! ]));
//! let req = body.to_request("7", ApiVersion::V3).unwrap();
//! assert_eq!(
//!     Frame::Request(req.clone()).to_json(),
//!     r#"{"kind":"req","id":"7","type":"cqm.SubscribeExConversations","body":{"stage":["OPEN","CLOSE"]}}"#,
//! );
//! assert_eq!(req.decode_body().unwrap(), body);
//! ```

mod connection;
mod conversation;
mod files;
mod messaging;
mod profile;
mod routing;
mod subscriptions;
mod update_field;

pub use connection::{EmptyBody, GetClockResponse};
pub use conversation::{
    AgentRequestConversation, ConsumerRequestConversation, RequestConversationResponse,
};
pub use files::{
    GenerateDownloadToken, GenerateUploadToken, GenerateUrlForDownloadFile,
    GenerateUrlForUploadFile, GenerateUrlResponse, TempUrlParams, TokenResponse,
};
pub use messaging::{PublishEvent, PublishEventResponse, QueryMessages, SubscribeMessagingEvents};
pub use profile::{
    GetBrandProfile, GetUserProfile, GetUserProfileObject, PrivateData, PushNotificationData,
    SdeContainer, UserProfile,
};
pub use routing::{
    SetAgentState, SubscribeAgentsState, SubscribeRoutingTasks, UpdateRingState,
    UpdateRoutingTaskSubscription,
};
pub use subscriptions::{SubscribeExConversations, Unsubscribe, UpdateExConversationSubscription};
pub use update_field::{
    ConversationField, ConversationFields, ConversationHandlerChange, ConversationStateChange,
    CsatRate, DelayChange, DialogChange, DialogChangeDialog, FieldChange, ManualEttr, NoteChange,
    ParticipantsChange, SkillChange, TtrChange, UpdateConversationField, success_text,
    success_text_for,
};

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::{BodyError, FrameError};
use crate::frame::Request;
use crate::message_type::MessageType;
use crate::version::ApiVersion;

/// The body of any request, typed by its message type.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum RequestBody {
    /// `InitConnection` (data in the frame's `headers`).
    InitConnection(EmptyBody),
    /// `GetClock`.
    GetClock(EmptyBody),
    /// `KeepAlive`.
    KeepAlive(EmptyBody),
    /// `ConsumerRequestConversation`.
    ConsumerRequestConversation(ConsumerRequestConversation),
    /// `AgentRequestConversation`.
    AgentRequestConversation(AgentRequestConversation),
    /// `UpdateConversationField`.
    UpdateConversationField(UpdateConversationField),
    /// `SubscribeExConversations`.
    SubscribeExConversations(SubscribeExConversations),
    /// `UnsubscribeExConversations`.
    UnsubscribeExConversations(Unsubscribe),
    /// `UpdateExConversationSubscription`.
    UpdateExConversationSubscription(UpdateExConversationSubscription),
    /// `PublishEvent`.
    PublishEvent(PublishEvent),
    /// `ms.SubscribeMessagingEvents`.
    SubscribeMessagingEvents(SubscribeMessagingEvents),
    /// `QueryMessages`.
    QueryMessages(QueryMessages),
    /// `GenerateURLForUploadFile`.
    GenerateUrlForUploadFile(GenerateUrlForUploadFile),
    /// `GenerateURLForDownloadFile`.
    GenerateUrlForDownloadFile(GenerateUrlForDownloadFile),
    /// `GenerateUploadToken`.
    GenerateUploadToken(GenerateUploadToken),
    /// `GenerateDownloadToken`.
    GenerateDownloadToken(GenerateDownloadToken),
    /// `SetAgentState`.
    SetAgentState(SetAgentState),
    /// `SubscribeAgentsState`.
    SubscribeAgentsState(SubscribeAgentsState),
    /// `SubscribeRoutingTasks`.
    SubscribeRoutingTasks(SubscribeRoutingTasks),
    /// `UpdateRoutingTaskSubscription`.
    UpdateRoutingTaskSubscription(UpdateRoutingTaskSubscription),
    /// `UpdateRingState`.
    UpdateRingState(UpdateRingState),
    /// `GetUserProfile`.
    GetUserProfile(GetUserProfile),
    /// `SetUserProfile`.
    SetUserProfile(UserProfile),
    /// `GetBrandProfile`.
    GetBrandProfile(GetBrandProfile),
    /// A legacy request type without a typed body (`SubscribeConversations`,
    /// `UnsubscribeConversations`, `GetBrands`, `SetBrandProfile`,
    /// `UnsubscribeBody`), kept as JSON.
    Other(MessageType, Option<Value>),
}

fn decode<T: DeserializeOwned>(t: MessageType, body: Option<&Value>) -> Result<T, BodyError> {
    // An absent body reads like `{}` (docs omit bodies of parameterless requests).
    let value = body
        .cloned()
        .unwrap_or_else(|| Value::Object(Default::default()));
    serde_json::from_value(value).map_err(|e| BodyError::Invalid {
        message_type: format!("{t:?}"),
        reason: e.to_string(),
    })
}

fn encode<T: Serialize>(v: &T) -> Value {
    // Our body types always serialize to JSON values.
    serde_json::to_value(v).unwrap_or(Value::Null)
}

impl RequestBody {
    /// Decodes `body` as the body of a `message_type` request.
    pub fn decode(message_type: MessageType, body: Option<&Value>) -> Result<Self, BodyError> {
        use MessageType as T;
        let t = message_type;
        Ok(match t {
            T::InitConnection => Self::InitConnection(decode(t, body)?),
            T::GetClock => Self::GetClock(decode(t, body)?),
            T::KeepAlive => Self::KeepAlive(decode(t, body)?),
            T::ConsumerRequestConversation => Self::ConsumerRequestConversation(decode(t, body)?),
            T::AgentRequestConversation => Self::AgentRequestConversation(decode(t, body)?),
            T::UpdateConversationField => Self::UpdateConversationField(decode(t, body)?),
            T::SubscribeExConversations => Self::SubscribeExConversations(decode(t, body)?),
            T::UnsubscribeExConversations => Self::UnsubscribeExConversations(decode(t, body)?),
            T::UpdateExConversationSubscription => {
                Self::UpdateExConversationSubscription(decode(t, body)?)
            }
            T::PublishEvent => Self::PublishEvent(decode(t, body)?),
            T::SubscribeMessagingEvents => Self::SubscribeMessagingEvents(decode(t, body)?),
            T::QueryMessages => Self::QueryMessages(decode(t, body)?),
            T::GenerateUrlForUploadFile => Self::GenerateUrlForUploadFile(decode(t, body)?),
            T::GenerateUrlForDownloadFile => Self::GenerateUrlForDownloadFile(decode(t, body)?),
            T::GenerateUploadToken => Self::GenerateUploadToken(decode(t, body)?),
            T::GenerateDownloadToken => Self::GenerateDownloadToken(decode(t, body)?),
            T::SetAgentState => Self::SetAgentState(decode(t, body)?),
            T::SubscribeAgentsState => Self::SubscribeAgentsState(decode(t, body)?),
            T::SubscribeRoutingTasks => Self::SubscribeRoutingTasks(decode(t, body)?),
            T::UpdateRoutingTaskSubscription => {
                Self::UpdateRoutingTaskSubscription(decode(t, body)?)
            }
            T::UpdateRingState => Self::UpdateRingState(decode(t, body)?),
            T::GetUserProfile => Self::GetUserProfile(decode(t, body)?),
            T::SetUserProfile => Self::SetUserProfile(decode(t, body)?),
            T::GetBrandProfile => Self::GetBrandProfile(decode(t, body)?),
            T::SubscribeConversations
            | T::UnsubscribeConversations
            | T::GetBrands
            | T::SetBrandProfile
            | T::UnsubscribeBody => Self::Other(t, body.cloned()),
            _ => {
                return Err(BodyError::Invalid {
                    message_type: format!("{t:?}"),
                    reason: "not a request type".into(),
                });
            }
        })
    }

    /// The message type of this body.
    pub fn message_type(&self) -> MessageType {
        use MessageType as T;
        match self {
            Self::InitConnection(_) => T::InitConnection,
            Self::GetClock(_) => T::GetClock,
            Self::KeepAlive(_) => T::KeepAlive,
            Self::ConsumerRequestConversation(_) => T::ConsumerRequestConversation,
            Self::AgentRequestConversation(_) => T::AgentRequestConversation,
            Self::UpdateConversationField(_) => T::UpdateConversationField,
            Self::SubscribeExConversations(_) => T::SubscribeExConversations,
            Self::UnsubscribeExConversations(_) => T::UnsubscribeExConversations,
            Self::UpdateExConversationSubscription(_) => T::UpdateExConversationSubscription,
            Self::PublishEvent(_) => T::PublishEvent,
            Self::SubscribeMessagingEvents(_) => T::SubscribeMessagingEvents,
            Self::QueryMessages(_) => T::QueryMessages,
            Self::GenerateUrlForUploadFile(_) => T::GenerateUrlForUploadFile,
            Self::GenerateUrlForDownloadFile(_) => T::GenerateUrlForDownloadFile,
            Self::GenerateUploadToken(_) => T::GenerateUploadToken,
            Self::GenerateDownloadToken(_) => T::GenerateDownloadToken,
            Self::SetAgentState(_) => T::SetAgentState,
            Self::SubscribeAgentsState(_) => T::SubscribeAgentsState,
            Self::SubscribeRoutingTasks(_) => T::SubscribeRoutingTasks,
            Self::UpdateRoutingTaskSubscription(_) => T::UpdateRoutingTaskSubscription,
            Self::UpdateRingState(_) => T::UpdateRingState,
            Self::GetUserProfile(_) => T::GetUserProfile,
            Self::SetUserProfile(_) => T::SetUserProfile,
            Self::GetBrandProfile(_) => T::GetBrandProfile,
            Self::Other(t, _) => *t,
        }
    }

    /// The body as JSON (`{}` for empty bodies, as LivePerson's client sends).
    pub fn to_value(&self) -> Value {
        match self {
            Self::InitConnection(b) | Self::GetClock(b) | Self::KeepAlive(b) => encode(b),
            Self::ConsumerRequestConversation(b) => encode(b),
            Self::AgentRequestConversation(b) => encode(b),
            Self::UpdateConversationField(b) => encode(b),
            Self::SubscribeExConversations(b) => encode(b),
            Self::UnsubscribeExConversations(b) => encode(b),
            Self::UpdateExConversationSubscription(b) => encode(b),
            Self::PublishEvent(b) => encode(b),
            Self::SubscribeMessagingEvents(b) => encode(b),
            Self::QueryMessages(b) => encode(b),
            Self::GenerateUrlForUploadFile(b) => encode(b),
            Self::GenerateUrlForDownloadFile(b) => encode(b),
            Self::GenerateUploadToken(b) => encode(b),
            Self::GenerateDownloadToken(b) => encode(b),
            Self::SetAgentState(b) => encode(b),
            Self::SubscribeAgentsState(b) => encode(b),
            Self::SubscribeRoutingTasks(b) => encode(b),
            Self::UpdateRoutingTaskSubscription(b) => encode(b),
            Self::UpdateRingState(b) => encode(b),
            Self::GetUserProfile(b) => encode(b),
            Self::SetUserProfile(b) => encode(b),
            Self::GetBrandProfile(b) => encode(b),
            Self::Other(_, b) => b
                .clone()
                .unwrap_or_else(|| Value::Object(Default::default())),
        }
    }

    /// A request frame with this body, named for `version`.
    pub fn to_request(
        &self,
        id: impl Into<String>,
        version: ApiVersion,
    ) -> Result<Request, FrameError> {
        Request::new(id, self.message_type(), version, self.to_value())
    }
}

macro_rules! from_body {
    ($($variant:ident($ty:ty)),+ $(,)?) => {
        $(impl From<$ty> for RequestBody {
            fn from(b: $ty) -> Self {
                RequestBody::$variant(b)
            }
        })+
    };
}

from_body! {
    ConsumerRequestConversation(ConsumerRequestConversation),
    AgentRequestConversation(AgentRequestConversation),
    UpdateConversationField(UpdateConversationField),
    SubscribeExConversations(SubscribeExConversations),
    UpdateExConversationSubscription(UpdateExConversationSubscription),
    PublishEvent(PublishEvent),
    SubscribeMessagingEvents(SubscribeMessagingEvents),
    QueryMessages(QueryMessages),
    GenerateUrlForUploadFile(GenerateUrlForUploadFile),
    GenerateUrlForDownloadFile(GenerateUrlForDownloadFile),
    GenerateUploadToken(GenerateUploadToken),
    GenerateDownloadToken(GenerateDownloadToken),
    SetAgentState(SetAgentState),
    SubscribeAgentsState(SubscribeAgentsState),
    SubscribeRoutingTasks(SubscribeRoutingTasks),
    UpdateRoutingTaskSubscription(UpdateRoutingTaskSubscription),
    UpdateRingState(UpdateRingState),
    GetUserProfile(GetUserProfile),
    SetUserProfile(UserProfile),
    GetBrandProfile(GetBrandProfile),
}

impl Request {
    /// Decodes the body by the request's type (either version's name or an
    /// alias).
    pub fn decode_body(&self) -> Result<RequestBody, BodyError> {
        let t = self
            .message_type()
            .ok_or_else(|| BodyError::UnknownType(self.type_name.clone()))?;
        RequestBody::decode(t, self.body.as_ref())
    }
}
