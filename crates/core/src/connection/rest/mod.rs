//! UMS REST v1: brand messaging over HTTP, without a socket (`rest-services.md` §5).
//!
//! Three layers, all sans-I/O:
//!
//! * [`Operation`]: one REST v1 call as data, and the exact HTTP request it is (URL, the
//!   `Authorization`, `Brand-ID`, `Content-Type` and `If-Match` headers, JSON body). These are
//!   the `lpm.rest` helpers of LivePerson's SDK.
//! * [`Exchange`]: one operation carried out: the CSDS lookup of `asyncMessagingEnt` when the
//!   host is not known, the GET that gives the `ETag` a PATCH or DELETE must send as
//!   `If-Match`, the call itself, and one fresh read and retry when the server answers 412.
//! * the REST connection (`connectionType: REST`, brand only): a [`Client`](super::Client)
//!   whose `open()` obtains and keeps refreshing the brand bearer and opens no socket, and
//!   whose conversation and dialog commands are the operations above. Domain commands are
//!   built by the model's command builders first, so the checks and values are the same as on
//!   the socket. Notifications do not come over REST: feed the model with
//!   [`Command::ProcessWebhooksNotification`](super::Command::ProcessWebhooksNotification), or
//!   read a conversation with [`Command::GetConversationById`](super::Command::GetConversationById).
//!
//! Decisions where the reference is silent:
//!
//! * a 412 is answered by reading the `ETag` again and retrying once
//!   ([`PRECONDITION_RETRIES`]); a second 412 fails the command;
//! * a 401 on a REST connection that can log in makes it log in again (event
//!   `token-invalid` with source `rest`, then `token-regenerated`) and retries the call once
//!   with the new bearer;
//! * history uses the real conversation id in the path (LivePerson's SDK repeats the dialog
//!   id, which only works for MAIN dialogs);
//! * commands without a REST form (notes, rings, agent state, subscriptions, raw `send`,
//!   quick replies, …) fail with [`Error::Unsupported`](super::Error::Unsupported).
//!
//! ```
//! use lpm_core::connection::rest::{Operation, Target};
//! use lpm_core::io::HttpMethod;
//!
//! let target = Target::new("123", "https://msg.example", "BEARER");
//! let op = Operation::PublishMessage {
//!     conversation_id: "c1".into(), dialog_id: None, text: "hi".into(),
//!     metadata: None, message_audience: None,
//! };
//! let req = op.request(&target, None);
//! assert_eq!((req.method, req.url.as_str()), (HttpMethod::Post, "https://msg.example/v1/conversations/c1/dialogs/c1/messages"));
//! assert_eq!(req.headers[0], ("Authorization".into(), "Bearer BEARER".into()));
//! assert_eq!(req.headers[1], ("Brand-ID".into(), "123".into()));
//! ```

mod exchange;
mod operation;
pub(crate) mod plan;

pub use exchange::{Exchange, Next, PRECONDITION_RETRIES, RestError, RestResponse};
pub use operation::{Operation, Target};
