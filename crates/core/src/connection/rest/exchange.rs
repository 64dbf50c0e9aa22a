//! One REST v1 call carried out, sans-I/O: find the host through CSDS when it is not known,
//! read the resource's `ETag` before a PATCH or DELETE, send the call, and read it again once
//! when the server answers 412 (someone changed the resource in between).

use serde_json::Value;

use super::operation::{Operation, Target};
use crate::connection::Secret;
use crate::connection::csds::{self, service};
use crate::io::{HttpId, HttpMethod, HttpRequest, HttpResponse};

/// How many times a 412 answer is met with a fresh read before giving up.
pub const PRECONDITION_RETRIES: u8 = 1;

/// Why a REST call failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RestError {
    /// CSDS gave no `asyncMessagingEnt` host.
    #[error("CSDS lookup of asyncMessagingEnt failed: {message}")]
    Csds {
        /// HTTP status, when one came.
        status: Option<u16>,
        /// What went wrong.
        message: String,
    },
    /// The bearer was refused (401): get a new one and try again. (A 403 is UMS refusing the
    /// operation, e.g. to a non-participant, and stays a [`RestError::Status`].)
    #[error("{operation}: the bearer was refused (HTTP {status})")]
    Unauthorized {
        /// Operation name.
        operation: &'static str,
        /// 401.
        status: u16,
    },
    /// The resource changed between reading its `ETag` and updating it, again after a re-read.
    #[error(
        "{operation}: the resource kept changing between reading its ETag and updating it (HTTP 412 twice)"
    )]
    PreconditionFailed {
        /// Operation name.
        operation: &'static str,
    },
    /// The read that should give the `ETag` answered without one.
    #[error("{operation}: the server sent no ETag to send as If-Match")]
    MissingEtag {
        /// Operation name.
        operation: &'static str,
    },
    /// Any other failure status.
    #[error("{operation} failed with HTTP {status}: {message}")]
    Status {
        /// Operation name.
        operation: &'static str,
        /// HTTP status.
        status: u16,
        /// The server's error text (never a secret of this call).
        message: String,
    },
}

impl RestError {
    /// The HTTP status behind the error, if any.
    pub fn status(&self) -> Option<u16> {
        match self {
            RestError::Csds { status, .. } => *status,
            RestError::Unauthorized { status, .. } | RestError::Status { status, .. } => {
                Some(*status)
            }
            RestError::PreconditionFailed { .. } => Some(412),
            RestError::MissingEtag { .. } => None,
        }
    }
}

impl From<RestError> for crate::connection::Error {
    /// A failed REST call as the connection's [`Error::Http`](crate::connection::Error::Http)
    /// (service `UMS REST v1 {operation}`, the HTTP status as its code).
    fn from(e: RestError) -> Self {
        let status = e.status();
        let (service, message) = match &e {
            RestError::Status {
                operation, message, ..
            } => (format!("UMS REST v1 {operation}"), message.clone()),
            RestError::Unauthorized { operation, .. }
            | RestError::PreconditionFailed { operation }
            | RestError::MissingEtag { operation } => {
                (format!("UMS REST v1 {operation}"), e.to_string())
            }
            RestError::Csds { message, .. } => {
                ("CSDS asyncMessagingEnt".to_owned(), message.clone())
            }
        };
        crate::connection::Error::Http {
            service,
            status,
            code: None,
            message,
        }
    }
}

/// A successful answer: status, `ETag` (if sent) and the JSON body (`null` when empty, a
/// string when not JSON).
#[derive(Debug, Clone, PartialEq)]
pub struct RestResponse {
    /// HTTP status (2xx).
    pub status: u16,
    /// The `ETag` header.
    pub etag: Option<String>,
    /// The body.
    pub body: Value,
}

/// What to do after an answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Next {
    /// Make this request and report its answer.
    Request(HttpRequest),
    /// The call is over.
    Done(RestResponse),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Csds,
    ReadEtag,
    Call,
}

/// One [`Operation`] carried out: feed each answer to [`Exchange::handle_response`] until it
/// says [`Next::Done`] or fails.
///
/// ```
/// use lpm_core::connection::rest::{Exchange, Next, Operation, Target};
/// use lpm_core::io::{HttpMethod, HttpResponse};
///
/// let op = Operation::UpdateManualEttr { conversation_id: "c1".into(), time: 1_700_000_000_000 };
/// let mut x = Exchange::new(Target::new("123", "https://msg.example", "B"), op);
/// let read = x.start();
/// assert_eq!((read.method, read.url.as_str()), (HttpMethod::Get, "https://msg.example/v1/conversations/c1"));
/// let etag = HttpResponse { status: 200, headers: vec![("ETag".into(), "\"5\"".into())], body: b"{}".to_vec() };
/// let Next::Request(patch) = x.handle_response(&etag).unwrap() else { panic!() };
/// assert_eq!(patch.method, HttpMethod::Patch);
/// assert!(patch.headers.contains(&("If-Match".into(), "\"5\"".into())));
/// let ok = HttpResponse { status: 200, headers: vec![], body: b"{}".to_vec() };
/// assert!(matches!(x.handle_response(&ok).unwrap(), Next::Done(_)));
/// ```
#[derive(Debug, Clone)]
pub struct Exchange {
    account_id: String,
    bearer: Secret,
    csds_url: String,
    origin: Option<String>,
    op: Operation,
    etag: Option<String>,
    step: Step,
    retries_left: u8,
}

impl Exchange {
    /// A call to a known host.
    pub fn new(target: Target, op: Operation) -> Exchange {
        Exchange {
            account_id: target.account_id,
            bearer: target.bearer,
            csds_url: String::new(),
            origin: Some(target.origin),
            op,
            etag: None,
            step: Step::Call,
            retries_left: PRECONDITION_RETRIES,
        }
    }

    /// A call whose `asyncMessagingEnt` host is looked up at `csds_url` first (e.g.
    /// `https://adminlogin.liveperson.net`; an `http://` CSDS means plain `http` for the call).
    pub fn via_csds(
        account_id: impl Into<String>,
        bearer: impl Into<Secret>,
        csds_url: impl Into<String>,
        op: Operation,
    ) -> Exchange {
        Exchange {
            account_id: account_id.into(),
            bearer: bearer.into(),
            csds_url: csds_url.into().trim().trim_end_matches('/').to_owned(),
            origin: None,
            op,
            etag: None,
            step: Step::Csds,
            retries_left: PRECONDITION_RETRIES,
        }
    }

    /// The operation.
    pub fn operation(&self) -> &Operation {
        &self.op
    }

    /// Replaces the bearer (after the old one was refused and a new one obtained); call
    /// [`Exchange::start`] again afterwards.
    pub fn set_bearer(&mut self, bearer: Secret) {
        self.bearer = bearer;
    }

    /// The first request (again from the `ETag` read when restarted).
    pub fn start(&mut self) -> HttpRequest {
        self.step = if self.origin.is_none() {
            Step::Csds
        } else if self.op.etag_source().is_some() {
            Step::ReadEtag
        } else {
            Step::Call
        };
        self.request()
    }

    fn target(&self) -> Target {
        Target::new(
            self.account_id.clone(),
            self.origin.clone().unwrap_or_default(),
            self.bearer.clone(),
        )
    }

    fn request(&self) -> HttpRequest {
        match self.step {
            Step::Csds => HttpRequest {
                id: HttpId(0),
                method: HttpMethod::Get,
                url: csds::lookup_url(
                    &self.csds_url,
                    &self.account_id,
                    service::ASYNC_MESSAGING_ENT,
                ),
                headers: vec![("Accept".into(), "application/json".into())],
                body: vec![],
            },
            Step::ReadEtag => match self.op.etag_source() {
                Some(read) => read.request(&self.target(), None),
                None => self.op.request(&self.target(), None),
            },
            Step::Call => self.op.request(&self.target(), self.etag.as_deref()),
        }
    }

    /// The answer to the last request.
    pub fn handle_response(&mut self, resp: &HttpResponse) -> Result<Next, RestError> {
        let name = self.op.name();
        let ok = (200..300).contains(&resp.status);
        match self.step {
            Step::Csds => {
                let host = ok
                    .then(|| csds::parse_answer(&resp.body, service::ASYNC_MESSAGING_ENT))
                    .flatten()
                    .ok_or_else(|| RestError::Csds {
                        status: Some(resp.status),
                        message: if ok {
                            "the answer has no baseURI".into()
                        } else {
                            format!("HTTP {}", resp.status)
                        },
                    })?;
                let plain = self.csds_url.starts_with("http://");
                self.origin = Some(csds::origin(&host, plain, false));
                Ok(Next::Request(self.start()))
            }
            Step::ReadEtag => {
                self.fail_unless_ok(resp)?;
                let tag = resp
                    .header("etag")
                    .map(str::to_owned)
                    .ok_or(RestError::MissingEtag { operation: name })?;
                self.etag = Some(tag);
                self.step = Step::Call;
                Ok(Next::Request(self.request()))
            }
            Step::Call => {
                if resp.status == 412 && self.etag.is_some() {
                    if self.retries_left == 0 {
                        return Err(RestError::PreconditionFailed { operation: name });
                    }
                    self.retries_left -= 1;
                    self.step = Step::ReadEtag;
                    return Ok(Next::Request(self.request()));
                }
                self.fail_unless_ok(resp)?;
                Ok(Next::Done(RestResponse {
                    status: resp.status,
                    etag: resp.header("etag").map(str::to_owned),
                    body: body_value(&resp.body),
                }))
            }
        }
    }

    fn fail_unless_ok(&self, resp: &HttpResponse) -> Result<(), RestError> {
        let operation = self.op.name();
        match resp.status {
            200..=299 => Ok(()),
            401 => Err(RestError::Unauthorized {
                operation,
                status: resp.status,
            }),
            status => {
                let full = self.bearer.expose().trim();
                let bare = full.get(7..).filter(|_| {
                    full.get(..7)
                        .is_some_and(|p| p.eq_ignore_ascii_case("bearer "))
                });
                let secrets: Vec<&str> = [Some(full), bare].into_iter().flatten().collect();
                let (message, _) = crate::connection::auth::error_details(resp, &secrets);
                Err(RestError::Status {
                    operation,
                    status,
                    message,
                })
            }
        }
    }
}

/// A body as JSON: `null` when empty, the text as a string when it is not JSON.
fn body_value(body: &[u8]) -> Value {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Value::Null;
    }
    serde_json::from_slice(body)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(body).into_owned()))
}
