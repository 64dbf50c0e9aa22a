//! The connection state machine: authentication, CSDS, the socket, request/response
//! matching, keep-alive, reconnect, queueing, subscriptions and commands.
//!
//! The entry point is [`Client`]. It is sans-I/O: the driver passes every input with the
//! current [`Time`](crate::time::Time) and drains outputs:
//!
//! | input | output |
//! |---|---|
//! | [`Client::command`] (open, close, send, …) | [`Client::poll_transmit`]: HTTP requests, socket open/send/close |
//! | [`Client::handle_http_response`] | [`Client::poll_event`]: connection events and [`Event::CommandCompleted`] |
//! | [`Client::handle_socket_opened`], [`Client::handle_socket_text`], [`Client::handle_socket_closed`], [`Client::handle_socket_failed`] | [`Client::poll_timeout`]: when to call [`Client::handle_timeout`] |
//!
//! A driver loop:
//!
//! ```
//! use lpm_core::connection::{Client, ClientOptions, Command, Event, UserType};
//! use lpm_core::io::{HttpResponse, Transmit};
//! use lpm_core::time::Time;
//!
//! let opts = ClientOptions::from_json(r#"{"accountId":"123","userType":"consumer","csdsUrl":"http://127.0.0.1:9000"}"#).unwrap();
//! let mut c = Client::new(opts, 1).unwrap();
//! let open = c.command(Time(0), Command::Open);
//! while let Some(t) = c.poll_transmit() {
//!     if let Transmit::Http(req) = t {
//!         // the driver performs req and reports back:
//!         let body = br#"{"baseURI":"127.0.0.1:9000"}"#.to_vec();
//!         c.handle_http_response(Time(5), req.id, Ok(HttpResponse { status: 200, headers: vec![], body }));
//!         break;
//!     }
//! }
//! // next: the IDP signup on the host CSDS named, over plain http as csdsUrl asked
//! let Some(Transmit::Http(signup)) = c.poll_transmit() else { panic!() };
//! assert_eq!(signup.url, "http://127.0.0.1:9000/api/account/123/signup");
//! assert!(matches!(c.poll_event(), Some(Event::StateChange { .. })));
//! # let _ = open;
//! ```
//!
//! Behaviour worth knowing (where it differs from LivePerson's SDK it is deliberate):
//!
//! * Refused credentials end `open()` with an [`Error::Auth`]; only transient failures
//!   (network, 5xx, 429, socket trouble) are retried, on the schedule in
//!   [`reconnect::SCHEDULE_MS`]; `open()` gives up after `connectTimeout` (default 5 minutes;
//!   0 = never), a reconnect after a drop keeps going until `close()`.
//! * After a drop: `disconnect`, wait `waitToReconnect`, reconnect; every subscription
//!   (conversation, routing task, agent state, consumer messaging per open dialog) and the
//!   agent state are re-created; queued requests are then sent; `connect` and `reconnect`.
//! * Brand sessions are refreshed every 4 minutes and regenerated on 401.
//! * A keep-alive without an answer within `responseTimeout` is treated as a dead socket.

pub mod auth;
mod client;
pub mod commands;
pub mod csds;
mod domain;
pub mod errors;
pub mod events;
mod keepalive;
pub mod options;
pub mod reconnect;
mod requests;
mod rng;
pub mod secret;
pub mod state;
pub mod subscriptions;

pub use client::{Client, INTEGRATION_ID, INTEGRATION_VERSION, LIMIT_BREAK_THRESHOLD};
pub use commands::{Command, CommandId, CommandOutput, RawRequest, RoutingQuery};
pub use errors::{AuthStep, Error};
pub use events::{Event, TokenSource};
pub use options::{
    AgentSessionData, AuthData, ClientOptions, ClientOptionsBuilder, Config, ConnectionType,
    Credentials, OptionsError, UserType,
};
pub use secret::Secret;
pub use state::ConnectionState;
pub use subscriptions::{
    SubscriptionHandle, SubscriptionInfo, SubscriptionKind, SubscriptionQuery, SubscriptionState,
};
