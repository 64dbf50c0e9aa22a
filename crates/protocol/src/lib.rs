//! Wire types of LivePerson's Messaging Platform.
//!
//! Shared by the SDK core and the local platform; no I/O, no clock, no
//! randomness (compiles to `wasm32-unknown-unknown`). The protocol reference
//! is `shared/protocol/` of the project; module docs cite its sections.
//!
//! # Map
//!
//! * [`frame`]: the three websocket frame kinds — [`Frame`] =
//!   [`Request`] | [`Response`] | [`Notification`] — with raw JSON bodies.
//!   [`Frame::parse`] never panics; errors are [`FrameError`].
//! * [`message_type`]: the UMS message-type table. [`MessageType`] is a type's
//!   identity; [`MessageType::from_name`] resolves v2, v3 and alias names,
//!   [`MessageType::name`] gives the name for an [`ApiVersion`],
//!   [`MessageType::may_send`] the allowed [`Side`],
//!   [`MessageType::response_type`] the success response type name
//!   ([`message_type::string_response_type`] for errors).
//! * [`requests`]: a typed body per request ([`requests::RequestBody`] ties
//!   them to message types) and the success response bodies;
//!   [`responses::ResponseBody`] decodes a response given its request type.
//! * [`notifications`]: messaging events (consumer `changes[]` and brand
//!   single-record forms), conversation changes, rings, agent state;
//!   [`notifications::NotificationBody`] decodes by type.
//! * [`conversation`]: `conversationDetails` and its parts (dialogs,
//!   participants in both forms, context, campaign, TTR, CSAT, …).
//! * [`events`], [`quick_replies`], [`metadata`]: what is published.
//! * [`headers`], [`client_properties`]: `InitConnection` headers;
//!   [`sde`]: engagement attributes in profiles.
//! * [`enums`]: every enumerated wire value; [`texts`]: fixed response texts.
//!
//! # Tolerance and normalisation
//!
//! Reading is tolerant: string enums keep unknown values (`Unknown(String)`),
//! tagged objects with an unknown tag are kept as JSON (`Unknown(Value)`),
//! objects keep unknown members (`extra`), and `null` reads like an absent
//! member. Writing omits absent members, so `null`s are not reproduced.
//!
//! ```
//! use lpm_protocol::notifications::NotificationBody;
//! use lpm_protocol::requests::{PublishEvent, RequestBody};
//! use lpm_protocol::events::ContentEvent;
//! use lpm_protocol::{ApiVersion, Frame};
//!
//! // Client side: build a request for a consumer (v3) socket.
//! let body = RequestBody::from(PublishEvent::new("c1", "c1", ContentEvent::text("hi")));
//! let text = Frame::from(body.to_request("1", ApiVersion::V3).unwrap()).to_json();
//! assert!(text.starts_with(r#"{"kind":"req","id":"1","type":"ms.PublishEvent""#));
//!
//! // Server side: read it back, whatever version's name it used.
//! let Frame::Request(req) = Frame::parse(&text).unwrap() else { unreachable!() };
//! assert_eq!(req.decode_body().unwrap(), body);
//!
//! // Client side: a notification.
//! let Frame::Notification(n) = Frame::parse(
//!     r#"{"kind":"notification","type":"ms.MessagingEventNotification","body":{"changes":[]}}"#,
//! ).unwrap() else { unreachable!() };
//! assert!(n.decode_body().unwrap().messaging_events().is_empty());
//! ```

#![warn(missing_docs)]

#[macro_use]
mod macros;
mod extra;
mod tagged;

pub mod client_properties;
pub mod common;
pub mod conversation;
pub mod enums;
pub mod error;
pub mod events;
pub mod frame;
pub mod headers;
pub mod message_type;
pub mod metadata;
pub mod notifications;
pub mod quick_replies;
pub mod requests;
pub mod responses;
pub mod rest;
pub mod sde;
pub mod texts;
pub mod version;

pub use common::{Extra, StringOrNumber, SubscriptionId};
pub use error::{BodyError, FrameError};
pub use frame::{Frame, Notification, Request, Response};
pub use message_type::{MessageKind, MessageType};
pub use version::{ApiVersion, Side};
