//! # lp-messaging-sdk
//!
//! An async Rust SDK for LivePerson's Messaging Platform, for consumers and brand users
//! (agents and bots). A tokio driver runs the sans-I/O core [`lpm_core`] (which makes every
//! protocol decision) and this crate wraps it in handles and typed event streams.
//!
//! * [`Connection`]: build with [`Connection::builder`], then [`Connection::open`].
//! * Handles [`Conversation`], [`Dialog`], [`Message`], [`Participant`], [`Ring`], [`Skill`],
//!   [`Subscription`] hold ids and read the connection's current state.
//! * [`Connection::events`] and [`Conversation::events`] stream [`Event`]s.
//! * [`Error`] says what failed and carries the server's code.
//!
//! The platform is found through CSDS: LivePerson's production host by default,
//! `$LPM_CSDS_URL` or [`ConnectionBuilder::csds_url`] otherwise (for example the local
//! platform from `lpm platform`: `LPM_CSDS_URL=http://127.0.0.1:7400`). TLS certificates are
//! always verified; plain HTTP/ws is used only when the CSDS URL is `http://`.
//!
//! An agent bot:
//!
//! ```no_run
//! use lp_messaging_sdk::{Connection, Event, ParticipantRole, UserType};
//!
//! # async fn demo() -> lp_messaging_sdk::Result<()> {
//! let connection = Connection::builder("12345678", UserType::Brand)
//!     .app_id("quick_start")
//!     .api_key("bot1", "appKey", "secret", "accessToken", "accessTokenSecret")
//!     .build()?;
//! let mut events = connection.events();
//! connection.open().await?;
//! while let Some(event) = events.next().await {
//!     match event {
//!         Event::Conversation(c) => c.join(ParticipantRole::Agent).await?,
//!         Event::Message(m) if m.sender_role() == Some(ParticipantRole::Consumer) => {
//!             println!("{:?}", m.body());
//!             if let Some(c) = connection.conversation(m.conversation_id()) {
//!                 c.send_message("hello").await?;
//!             }
//!         }
//!         Event::ConversationClosed(_) => println!("conversation closed"),
//!         _ => {}
//!     }
//! }
//! # Ok(()) }
//! ```

mod connection;
mod conversation;
mod dialog;
mod driver;
mod error;
mod events;
mod from_env;
mod helpers;
mod message;
mod options;
mod participant;
mod proxy;
pub mod rest;
mod ring;
mod skill;
mod subscription;
mod token;

pub use connection::{Connection, MessageStatistics, NewConversation};
pub use conversation::{Conversation, MessageOptions, Transfer};
pub use dialog::Dialog;
pub use error::{Error, Result};
pub use events::{Event, EventStream};
pub use helpers::{
    PollerToken, ShiftStatusPoller, TokenMaintainer, csds_clear_cache, csds_lookup, set_csds_url,
};
pub use message::{DownloadedFile, Message};
pub use options::{
    CSDS_URL_ENV, ClientProperties, ConnectionBuilder, DeviceFamily, Feature, JwtClaimsSet, Os,
    UserType,
};
pub use participant::Participant;
pub use proxy::{
    Proxy, ProxyError, ProxyScheme, configure_proxy, global_proxy, remove_proxy, reset_proxy,
};
pub use ring::Ring;
pub use skill::Skill;
pub use subscription::Subscription;
pub use token::TokenProvider;

pub use lpm_core;
pub use lpm_core::connection::{
    ConnectionState, ConnectionType, RawRequest, SubscriptionHandle, SubscriptionInfo,
    SubscriptionQuery, SubscriptionState, Timing, TokenSource,
};
pub use lpm_core::model::{
    AgentState, ChatState, CloseReason, ConversationStage, CsatStatus, DialogState, DialogType,
    MessageAudience, ParticipantRole, ParticipantState, RingState, TtrType,
};
