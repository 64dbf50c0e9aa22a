#![warn(missing_docs)]
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
//! * Brand sessions are refreshed every 4 minutes and regenerated on 401; a message-statistics
//!   call refused with 401 is retried once with the new token.
//! * With `tokenMaintainer` ([`Credentials::External`]) the core neither logs in nor
//!   refreshes: it asks the driver ([`Transmit::TokenRequest`](crate::io::Transmit::TokenRequest),
//!   answered with [`Client::handle_token`]) and reports refusals
//!   ([`Transmit::TokenInvalid`](crate::io::Transmit::TokenInvalid)).
//! * The stand-alone helpers [`maintainer::TokenMaintainer`], [`poller::ShiftStatusPoller`]
//!   and [`csds_lookup::CsdsResolver`] reuse the connection's login/refresh, shift-status and
//!   CSDS code, and have the connection's output type ([`Machine`], [`Output`]): one driver
//!   loop runs all four.
//! * A keep-alive without an answer within `responseTimeout` is treated as a dead socket.
//! * A brand connection keeps its bearer across plain network drops and logs in again only
//!   after an authentication close (4401, 4407, 1008) or a refused refresh.
//! * `connectionType: rest` (brand) opens no socket: see [`rest`] for what goes over UMS
//!   REST v1 and what fails as unsupported.
//! * `limitBreakEnabled: false` is honoured; `getToken` before `open()` is an error instead
//!   of a wait that never ends.
//! * Timing events ([`Event::Timing`], [`timing`]) around every UMS request, socket connect,
//!   login, IDP call and shift-status poll, with secret-free payloads; [`Event::Timeout`] for
//!   a request without a response.
//! * `ringConversationTimeout`: an accepted ring's conversation that does not arrive in time
//!   is an [`Error::RingConversationTimeout`] event.
//! * An `unauthConnectorId` consumer whose LP JWT is refused refreshes its external token
//!   (same identity) for the next one; only a refused refresh starts a new identity.
//!
//! # Inside the client
//!
//! * Where the connection is in its life is one enum of phases, each carrying only its own
//!   data: idle, connecting towards a goal (`open()`, a reconnect after a drop, a step-up)
//!   with the attempt's socket, deadline and back-off wait, live with its socket, closing,
//!   and ended (closed or given up). The public [`ConnectionState`] is read off the phase.
//!   `tests/connection_states.rs` and `tests/connection_phases.rs` drive every (phase,
//!   input) pair.
//! * Every timer is in one table (`client/timers.rs`): each deadline is kept indexed by what
//!   owns it, so [`Client::poll_timeout`], asked after every input, never scans the
//!   conversations or the requests.
//! * The brand session's rules (log in, prove a given session alive with a refresh, refresh
//!   every 4 minutes, drop it when refused) are written once and kept by both [`Client`] and
//!   [`maintainer::TokenMaintainer`].
//!
//! # The driver's side of the contract
//!
//! * Time is epoch milliseconds, read by the driver for every call. Pass a random `seed` to
//!   [`Client::new`] (request ids and jitter come from it).
//! * After every input, drain [`Machine::poll_output`] (transmits, then events; the same
//!   loop runs the stand-alone helpers, see [`output`]), then re-read
//!   [`Client::poll_timeout`] and arm one timer for it.
//! * Answer every [`Transmit::TokenRequest`](crate::io::Transmit::TokenRequest) with
//!   [`Client::handle_token`] (only made with a token source), and call the source's
//!   `onTokenInvalid` for a [`Transmit::TokenInvalid`](crate::io::Transmit::TokenInvalid).
//! * Answer every [`Transmit::Http`](crate::io::Transmit::Http) exactly once with
//!   [`Client::handle_http_response`]: `Ok` for any status, `Err(HttpFailure)` when no answer
//!   came (use a driver-side timeout, e.g. 30 s; the core does not time HTTP out itself).
//!   Send no cookies of your own: the core sets the headers it needs.
//! * For [`Transmit::OpenSocket`](crate::io::Transmit::OpenSocket) report
//!   [`Client::handle_socket_opened`] or [`Client::handle_socket_failed`] (with the HTTP
//!   status when the upgrade was refused), then every text frame and finally
//!   [`Client::handle_socket_closed`]. After a
//!   [`Transmit::CloseSocket`](crate::io::Transmit::CloseSocket) the core has forgotten the
//!   socket: later reports about it are ignored.
//! * Inputs about unknown or old ids are ignored, so races between the driver and the core
//!   are harmless.
//!
//! # Commands and what they complete with
//!
//! | [`Command`] | [`CommandOutput`] on success |
//! |---|---|
//! | `Open`, `Close`, `CloseConversation`, `SetAgentState`, `SetUserProfile`, `StepUp`, `MockStepUp`, `Unsubscribe`, `ProcessWebhooksNotification`, `ProcessShiftStatusResponse`, domain commands without a result (`Join`, `Leave`, `Transfer`, `BackToQueue`, `CloseDialog`, `SetTtr`, `SetManualEttr`, `SetNote`, `SetCsat`, `SendReceipt`, `SetChatState`, `AcceptRing`, `RejectRing`, `ConsumerTakeover`) | `Done` |
//! | `GetToken` | `Token` |
//! | `Send` | `Body` (the response body) |
//! | `GetClock` | `Clock` |
//! | `CreateConversation`, `AgentRequestConversation`, `GetConversationById` (REST connections) | `Conversation` |
//! | `CreateConversationSubscription`, `CreateRoutingTaskSubscription`, `SubscribeAgentsState` | `Subscription` |
//! | `GetUserProfile` | `UserProfile` |
//! | `GetMessageStatisticsForUser`, `GetMessageStatisticsForBrand` | `Body` |
//! | `GetShiftStatus` | `ShiftStatus` |
//! | `GetUploadUrl`, `GetDownloadUrl` | `FileUrl` |
//! | `UploadFile` / `DownloadFile` | `Uploaded` / `File` |
//! | `SendMessage`, `SendRichText`, `SendPrivateMessage`, `SendFile` | `Sequence` |
//! | `QueryMessages`, `GetAllPublishEvents` | `Records` (also merged into the model) |
//!
//! Failures are [`Error`]s: `kind()` names the family, `code()` carries the server's status
//! or close code, `Display` says what failed; none contains a secret.

pub mod auth;
mod client;
pub mod commands;
pub mod csds;
pub mod csds_lookup;
mod domain;
pub mod errors;
pub mod events;
mod keepalive;
pub mod maintainer;
pub mod options;
pub mod output;
pub mod poller;
pub mod reconnect;
mod requests;
pub mod rest;
mod rng;
pub mod secret;
pub mod shift_status;
pub mod state;
pub mod subscriptions;
mod tagged;
pub mod timing;

pub use client::{Client, INTEGRATION_ID, INTEGRATION_VERSION, LIMIT_BREAK_THRESHOLD};
pub use commands::{Command, CommandId, CommandOutput, RawRequest, RoutingQuery};
pub use errors::{AuthStep, Error};
pub use events::{Event, TokenSource};
pub use options::{
    AgentSessionData, AuthData, ClientOptions, ClientOptionsBuilder, Config, ConnectionType,
    Credentials, OptionsError, UserType,
};
pub use output::{Machine, Output};
pub use secret::Secret;
pub use state::ConnectionState;
pub use subscriptions::{
    SubscriptionHandle, SubscriptionInfo, SubscriptionKind, SubscriptionQuery, SubscriptionState,
};
pub use timing::Timing;
