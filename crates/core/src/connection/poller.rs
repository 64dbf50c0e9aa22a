//! The stand-alone skill shift-status poller (sdk-api §1.2 `ShiftStatusPoller`,
//! rest-services.md §7): polls right away, then after a random 0–60 s, then every 54–60 s;
//! a 401 makes it ask its token source for a new token and retry once.
//!
//! Sans-I/O, driven through [`Machine`](super::Machine) like the connection:
//! [`poll_transmit`](ShiftStatusPoller::poll_transmit) yields HTTP requests and,
//! when the token comes from a token source (a `TokenMaintainer`), the same
//! [`Transmit::TokenRequest`] / [`Transmit::TokenInvalid`] a connection with the
//! `tokenMaintainer` option makes, answered with
//! [`handle_token`](ShiftStatusPoller::handle_token). The request and the cadence are the
//! connection's ([`super::shift_status`]).

use std::collections::VecDeque;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::auth::error_details;
use super::csds::{self, Csds, service};
use super::errors::Error;
use super::events::TokenSource;
use super::options::{AgentSessionData, OptionsError, csds_location};
use super::rng::Rng;
use super::secret::{Secret, scrub};
use super::shift_status;
use crate::io::{HttpFailure, HttpId, HttpResponse, TokenRequestId, Transmit};
use crate::time::Time;

/// `new ShiftStatusPoller({accountId, token?, tokenMaintainer?, csdsUrl?})`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PollerOptions {
    /// Account id (required).
    pub account_id: String,
    /// A fixed bearer (no regeneration on 401).
    #[serde(default)]
    pub token: Option<Secret>,
    /// `true`: tokens come from a token source (the JavaScript binding replaces the
    /// `tokenMaintainer` object with it).
    #[serde(default)]
    pub token_maintainer: Option<bool>,
    /// CSDS location, as the connection option `csdsUrl`.
    #[serde(default)]
    pub csds_url: Option<String>,
}

/// Events of the poller; the serialised names are the JavaScript event names.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "event", rename_all_fields = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum PollerEvent {
    /// A poll answered: `[{skillId, onShift, nextOn, nextOff}]`.
    #[serde(rename = "shiftStatusData")]
    ShiftStatusData {
        /// The list.
        skills: Value,
    },
    /// A poll request went out at `start` (epoch ms).
    #[serde(rename = "getShiftStatus#request")]
    Request {
        /// Epoch ms.
        start: u64,
    },
    /// Its answer came at `end`.
    #[serde(rename = "getShiftStatus#response")]
    Response {
        /// Epoch ms of the request.
        start: u64,
        /// Epoch ms of the answer.
        end: u64,
    },
    /// A poll failed.
    #[serde(rename = "getShiftStatus#error")]
    Error {
        /// Why.
        error: Error,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Purpose {
    Csds,
    Poll { start: Time },
}

/// The poller state machine.
///
/// ```
/// use lpm_core::connection::poller::{PollerOptions, ShiftStatusPoller, PollerEvent};
/// use lpm_core::connection::Secret;
/// use lpm_core::io::{HttpResponse, Transmit};
/// use lpm_core::time::Time;
///
/// let opts = PollerOptions {
///     account_id: "123".into(),
///     token: Some(Secret::new("B")),
///     csds_url: Some("http://127.0.0.1:9".into()),
///     ..PollerOptions::default()
/// };
/// let mut p = ShiftStatusPoller::new(opts, 1).unwrap();
/// p.start(Time(0));
/// let ok = |body: &str| Ok(HttpResponse { status: 200, headers: vec![], body: body.as_bytes().to_vec() });
/// let Some(Transmit::Http(csds)) = p.poll_transmit() else { panic!() };
/// p.handle_http_response(Time(1), csds.id, ok(r#"{"baseURI":"127.0.0.1:9"}"#));
/// let Some(Transmit::Http(poll)) = p.poll_transmit() else { panic!() };
/// assert_eq!(poll.url, "http://127.0.0.1:9/api/account/123/shift-status");
/// p.handle_http_response(Time(2), poll.id, ok(r#"[{"skillId":"1","onShift":true}]"#));
/// assert!(matches!(p.poll_event(), Some(PollerEvent::Request { start: 1 })));
/// assert!(matches!(p.poll_event(), Some(PollerEvent::Response { start: 1, end: 2 })));
/// assert!(matches!(p.poll_event(), Some(PollerEvent::ShiftStatusData { .. })));
/// ```
#[derive(Debug)]
pub struct ShiftStatusPoller {
    account: String,
    csds_url: String,
    plain: bool,
    token: Option<Secret>,
    external: bool,
    running: bool,
    rng: Rng,
    csds: Csds,
    next_http: u64,
    next_token: u64,
    in_flight: Option<(HttpId, Purpose)>,
    /// A poll waits for a token from the source.
    token_request: Option<TokenRequestId>,
    /// The current poll already asked for a new token after a 401.
    retried: bool,
    polls: u64,
    poll_at: Option<Time>,
    transmits: VecDeque<Transmit>,
    events: VecDeque<PollerEvent>,
}

impl ShiftStatusPoller {
    /// A stopped poller. Needs `token` or `tokenMaintainer`; `seed` feeds the jitter.
    pub fn new(options: PollerOptions, seed: u64) -> Result<ShiftStatusPoller, OptionsError> {
        if options.account_id.trim().is_empty() {
            return Err(OptionsError::MissingAccountId);
        }
        let external = options.token_maintainer == Some(true);
        let token = options.token.filter(|t| !t.is_empty());
        if token.is_none() && !external {
            return Err(OptionsError::Invalid(
                "a ShiftStatusPoller needs token or tokenMaintainer".into(),
            ));
        }
        let account = options.account_id.trim().to_owned();
        let csds_url = csds_location(options.csds_url.as_deref(), &account)?;
        Ok(ShiftStatusPoller {
            plain: csds_url.starts_with("http://"),
            account,
            csds_url,
            token,
            external,
            running: false,
            rng: Rng::new(seed),
            csds: Csds::default(),
            next_http: 0,
            next_token: 0,
            in_flight: None,
            token_request: None,
            retried: false,
            polls: 0,
            poll_at: None,
            transmits: VecDeque::new(),
            events: VecDeque::new(),
        })
    }

    /// `true` between `start()` and `stop()`.
    pub fn is_running(&self) -> bool {
        self.running
    }

    /// Next thing for the driver: an HTTP request, or (token source) a token request or
    /// invalidation.
    pub fn poll_transmit(&mut self) -> Option<Transmit> {
        self.transmits.pop_front()
    }

    /// Next event.
    pub fn poll_event(&mut self) -> Option<PollerEvent> {
        self.events.pop_front()
    }

    /// When to call [`handle_timeout`](ShiftStatusPoller::handle_timeout).
    pub fn poll_timeout(&self) -> Option<Time> {
        self.poll_at
    }

    /// `start()`: poll now and then on the cadence. Harmless when running.
    pub fn start(&mut self, now: Time) {
        if self.running {
            return;
        }
        self.running = true;
        self.polls = 0;
        self.poll(now);
    }

    /// `stop()`: no more polls; answers still on their way are ignored.
    pub fn stop(&mut self) {
        self.running = false;
        self.in_flight = None;
        self.token_request = None;
        self.poll_at = None;
        self.csds.cancel_all();
    }

    /// The poll timer is due.
    pub fn handle_timeout(&mut self, now: Time) {
        if self.poll_at.is_some_and(|t| t <= now) {
            self.poll_at = None;
            self.poll(now);
        }
    }

    /// The answer to a [`Transmit::TokenRequest`] (see
    /// [`Client::handle_token`](super::Client::handle_token)).
    pub fn handle_token(
        &mut self,
        now: Time,
        id: TokenRequestId,
        result: Result<AgentSessionData, String>,
    ) {
        if self.token_request != Some(id) {
            return;
        }
        self.token_request = None;
        match result {
            Ok(info) if !info.token.is_empty() => {
                self.token = Some(info.token);
                self.send_poll(now);
            }
            other => {
                let message = match other {
                    Err(m) => self.scrubbed(&m),
                    Ok(_) => "the token source gave an empty token".into(),
                };
                self.fail(Error::Http {
                    service: "token source".into(),
                    status: None,
                    code: None,
                    message,
                });
            }
        }
    }

    /// An HTTP exchange finished.
    pub fn handle_http_response(
        &mut self,
        now: Time,
        id: HttpId,
        result: Result<HttpResponse, HttpFailure>,
    ) {
        let Some(purpose) = self.in_flight.filter(|(i, _)| *i == id).map(|(_, p)| p) else {
            return;
        };
        self.in_flight = None;
        match purpose {
            Purpose::Csds => {
                let host = match &result {
                    Ok(r) if (200..300).contains(&r.status) => {
                        csds::parse_answer(&r.body, service::ASYNC_MESSAGING_ENT)
                    }
                    _ => None,
                };
                match host {
                    Some(h) => {
                        self.csds.store(service::ASYNC_MESSAGING_ENT, h, now);
                        self.send_poll(now);
                    }
                    None => {
                        self.csds.failed(service::ASYNC_MESSAGING_ENT);
                        let (status, message) = match &result {
                            Ok(r) => (Some(r.status), format!("no baseURI (HTTP {})", r.status)),
                            Err(f) => (None, self.scrubbed(&f.message)),
                        };
                        self.fail(Error::Http {
                            service: format!("CSDS {}", service::ASYNC_MESSAGING_ENT),
                            status,
                            code: None,
                            message,
                        });
                    }
                }
            }
            Purpose::Poll { start } => {
                self.events.push_back(PollerEvent::Response {
                    start: start.0,
                    end: now.0,
                });
                self.on_poll_answer(result);
            }
        }
    }

    fn on_poll_answer(&mut self, result: Result<HttpResponse, HttpFailure>) {
        let resp = match result {
            Ok(r) => r,
            Err(f) => {
                let message = self.scrubbed(&f.message);
                return self.fail(Error::Http {
                    service: "shift status".into(),
                    status: None,
                    code: None,
                    message,
                });
            }
        };
        if (200..300).contains(&resp.status) {
            match shift_status::parse(&resp.body) {
                Some(skills) => self
                    .events
                    .push_back(PollerEvent::ShiftStatusData { skills }),
                None => self.fail(Error::Http {
                    service: "shift status".into(),
                    status: Some(resp.status),
                    code: None,
                    message: "the answer is not a JSON array".into(),
                }),
            }
            return;
        }
        if resp.status == 401 && self.external && !self.retried {
            // One regeneration and retry (rest-services.md §7).
            self.retried = true;
            self.token = None;
            self.transmits.push_back(Transmit::TokenInvalid {
                source: TokenSource::ShiftStatus,
            });
            self.request_token();
            return;
        }
        let secrets = self.secrets();
        let refs: Vec<&str> = secrets.iter().map(String::as_str).collect();
        let (message, code) = error_details(&resp, &refs);
        self.fail(Error::Http {
            service: "shift status".into(),
            status: Some(resp.status),
            code,
            message,
        });
    }

    /// A scheduled poll: the next one is scheduled at once (a slow answer does not shift
    /// the cadence).
    fn poll(&mut self, now: Time) {
        if !self.running {
            return;
        }
        let wait = if self.polls == 0 {
            shift_status::first_wait(&mut self.rng)
        } else {
            shift_status::next_wait(&mut self.rng)
        };
        self.polls += 1;
        self.poll_at = Some(now.plus_ms(wait));
        if self.in_flight.is_some() || self.token_request.is_some() {
            return; // the previous poll is still under way
        }
        self.retried = false;
        if self.token.is_none() {
            self.request_token();
            return;
        }
        self.send_poll(now);
    }

    fn request_token(&mut self) {
        self.next_token += 1;
        let id = TokenRequestId(self.next_token);
        self.token_request = Some(id);
        self.transmits.push_back(Transmit::TokenRequest { id });
    }

    fn send_poll(&mut self, now: Time) {
        if !self.running {
            return;
        }
        self.next_http += 1;
        let id = HttpId(self.next_http);
        match self.csds.host(service::ASYNC_MESSAGING_ENT, now) {
            Some(host) => {
                let origin = csds::origin(host, self.plain, false);
                let bearer = self.token.as_ref().map(Secret::expose);
                let req = shift_status::request(id, &origin, &self.account, bearer);
                self.events.push_back(PollerEvent::Request { start: now.0 });
                self.in_flight = Some((id, Purpose::Poll { start: now }));
                self.transmits.push_back(Transmit::Http(req));
            }
            None => {
                self.csds.begin(service::ASYNC_MESSAGING_ENT);
                let req = csds::lookup_request(
                    id,
                    &self.csds_url,
                    &self.account,
                    service::ASYNC_MESSAGING_ENT,
                );
                self.in_flight = Some((id, Purpose::Csds));
                self.transmits.push_back(Transmit::Http(req));
            }
        }
    }

    fn fail(&mut self, error: Error) {
        self.events.push_back(PollerEvent::Error { error });
    }

    fn secrets(&self) -> Vec<String> {
        self.token.iter().map(|t| t.expose().to_owned()).collect()
    }

    fn scrubbed(&self, text: &str) -> String {
        let secrets = self.secrets();
        let refs: Vec<&str> = secrets.iter().map(String::as_str).collect();
        scrub(text, &refs)
    }
}
