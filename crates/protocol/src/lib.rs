//! Wire types of LivePerson's Messaging Platform.
//!
//! Shared by the SDK core and the local platform; no I/O, no clock, no
//! randomness (compiles to `wasm32-unknown-unknown`). The protocol reference
//! is `shared/protocol/` of the project; module docs cite its sections.
//!
//! * [`frame`]: the three websocket frame kinds ([`Frame`]).
//! * [`message_type`]: the UMS message-type table ([`MessageType`]) with v2
//!   and v3 names, senders and response type names; [`ApiVersion`] selects
//!   the naming.
//! * [`headers`], [`metadata`], [`client_properties`]: request envelope parts.
//!
//! Reading is tolerant: string enums keep unknown values, objects keep unknown
//! members, and `null` reads like an absent member. Writing omits absent
//! members (so `null`s are not reproduced).

#![warn(missing_docs)]

#[macro_use]
mod macros;
mod tagged;

pub mod client_properties;
pub mod common;
pub mod error;
pub mod frame;
pub mod headers;
pub mod message_type;
pub mod metadata;
pub mod rest;
pub mod version;

pub use common::{Extra, StringOrNumber, SubscriptionId};
pub use error::{BodyError, FrameError};
pub use frame::{Frame, Notification, Request, Response};
pub use message_type::{MessageKind, MessageType};
pub use version::{ApiVersion, Side};
