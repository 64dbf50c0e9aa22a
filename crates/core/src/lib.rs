//! The sans-I/O core of lp-messaging-sdk.
//!
//! Every decision the SDK makes lives here, as a deterministic state machine in the style of
//! `quinn-proto`: the driver (tokio in Rust, TypeScript in Node.js and browsers) feeds inputs
//! (user commands, HTTP responses, websocket events, timer expiry) together with the current time,
//! and drains outputs (HTTP requests to make, websocket frames to send, when to wake up next,
//! events for the user). Nothing here touches sockets, clocks or OS randomness, so the crate
//! compiles to `wasm32-unknown-unknown` and behaves identically under both drivers.
//!
//! - [`time`]: the time type drivers pass in.
//! - [`io`]: what the core asks the driver to do, and what the driver reports back.
//! - [`model`]: conversations, dialogs, messages, participants, rings and skills, updated from
//!   notifications, and the events they mean to the user.
//! - [`connection`]: the connection state machine: authentication, sockets, requests,
//!   keep-alive, reconnect, subscriptions and commands. Start at [`Client`].
//! - [`files`]: hosted-file types and image previews.
//!
//! The main types are re-exported at the crate root.

pub mod connection;
pub mod files;
pub mod io;
pub mod model;
pub mod time;
pub(crate) mod vec_map;

pub use connection::{
    Client, ClientOptions, Command, CommandId, CommandOutput, ConnectionState, Error, Event,
    UserType,
};
pub use io::{HttpFailure, HttpId, HttpRequest, HttpResponse, SocketFailure, SocketId, Transmit};
pub use model::{Model, ModelEvent};
pub use time::Time;
