//! Brand tokens from a caller-supplied token source (`Credentials::External`, the
//! `tokenMaintainer` option), and the regenerate-then-retry-once of REST calls whose bearer
//! was refused with 401.
//!
//! With an external source the core never logs in or refreshes: it asks the driver with
//! [`Transmit::TokenRequest`] whenever it needs a token (open, reconnect after an
//! authentication close, a 401 on a REST call) and tells it with [`Transmit::TokenInvalid`]
//! when it declares the token invalid, so the driver can call the source's
//! `onTokenInvalid(source)` before it asks for the next one.

use super::*;
use crate::connection::options::AgentSessionData;
use crate::io::TokenRequestId;
use crate::vec_map::VecMap;

/// Token requests and REST calls waiting for a new token.
#[derive(Debug, Default)]
pub(super) struct Renewal {
    next_id: u64,
    /// The outstanding token request.
    pending: Option<TokenRequestId>,
    /// The pending request replaces a token declared invalid (`token-regenerated` follows).
    regenerate: bool,
    /// HTTP calls refused with 401 (message statistics, UMS REST v1 jobs), retried once the
    /// new token is there.
    pub(super) parked: Vec<Call>,
    /// Commands already retried once (a second 401 fails them).
    retried: VecMap<CommandId, ()>,
}

impl Client {
    /// `true` when brand tokens come from the driver's token source.
    pub(super) fn is_external(&self) -> bool {
        matches!(self.cfg.credentials, Credentials::External)
    }

    /// Asks the driver for a token unless a request is already out.
    pub(super) fn request_token(&mut self, regenerate: bool) {
        self.renewal.regenerate |= regenerate;
        if self.renewal.pending.is_some() {
            return;
        }
        self.renewal.next_id += 1;
        let id = TokenRequestId(self.renewal.next_id);
        self.renewal.pending = Some(id);
        self.transmits.push_back(Transmit::TokenRequest { id });
    }

    /// The answer to a [`Transmit::TokenRequest`]: the source's session
    /// (`getAuthSessionInfo()` with the token of `getToken()`), or why it could not give one
    /// (a message without secrets). Answers to unknown or old ids are ignored.
    ///
    /// ```
    /// use lpm_core::connection::{AgentSessionData, Client, ClientOptions, Command, Secret, UserType};
    /// use lpm_core::io::Transmit;
    /// use lpm_core::time::Time;
    ///
    /// let opts = ClientOptions::builder("123", UserType::Brand).token_maintainer(true).build();
    /// let mut c = Client::new(opts, 1).unwrap();
    /// c.command(Time(0), Command::Open);
    /// let Some(Transmit::TokenRequest { id }) = c.poll_transmit() else { panic!() };
    /// let session = AgentSessionData {
    ///     token: Secret::new("bearer"),
    ///     user_id: Some("42".into()),
    ///     ..AgentSessionData::default()
    /// };
    /// c.handle_token(Time(1), id, Ok(session));
    /// assert_eq!(c.agent_id(), Some("123.42"));
    /// // next: the facadeMsg look-up for the socket
    /// assert!(matches!(c.poll_transmit(), Some(Transmit::Http(_))));
    /// ```
    pub fn handle_token(
        &mut self,
        now: Time,
        id: TokenRequestId,
        result: Result<AgentSessionData, String>,
    ) {
        if self.renewal.pending != Some(id) {
            return;
        }
        self.renewal.pending = None;
        let regenerate =
            std::mem::take(&mut self.renewal.regenerate) || self.phase.connected_before();
        let info = match result {
            Ok(info) if !info.token.is_empty() => info,
            Ok(_) => return self.token_source_failed(now, "the token source gave an empty token"),
            Err(message) => {
                let message = self.scrubbed(&message);
                return self.token_source_failed(now, &message);
            }
        };
        // The source keeps its session alive; the core does not refresh it.
        self.brand.adopt(BrandSession::from(&info), true);
        self.jwt_fresh = self.phase.attempt().is_some();
        self.set_agent_identity();
        if regenerate {
            let agent_id = self.agent_id.clone();
            self.emit(Event::TokenRegenerated { agent_id });
        }
        self.wake_token_waiters();
        self.retry_parked(now);
        self.advance(now);
    }

    /// The source could not give a token: a transient failure (the source retries on its
    /// own schedule; a connection attempt is retried on the back-off).
    fn token_source_failed(&mut self, now: Time, message: &str) {
        let err = Error::Http {
            service: "token source".into(),
            status: None,
            code: None,
            message: message.to_owned(),
        };
        self.fail_parked(&err);
        if self.phase.attempt().is_some() && self.brand.session().is_none() {
            self.attempt_failed(now, err);
        } else {
            self.emit(Event::Error { error: err });
        }
    }

    /// Emits `token-invalid` and, with a token source, tells the driver.
    pub(super) fn declare_token_invalid(&mut self, source: TokenSource) {
        self.emit(Event::TokenInvalid { source });
        if self.is_external() {
            self.transmits.push_back(Transmit::TokenInvalid { source });
        }
    }

    /// A REST call was refused with 401: regenerate the token and retry it once. `false`
    /// when it was retried already or no new token can be had (the caller fails it).
    pub(super) fn retry_after_new_token(
        &mut self,
        now: Time,
        call: Call,
        source: TokenSource,
    ) -> bool {
        let Some(cmd) = call.command() else {
            return false;
        };
        if !(self.can_login() || self.is_external())
            || self.renewal.retried.insert(cmd, ()).is_some()
        {
            self.renewal.retried.remove(&cmd);
            return false;
        }
        self.renewal.parked.push(call);
        self.token_invalid_http(now, source);
        true
    }

    /// A new token is there: retry the parked calls with it.
    pub(super) fn retry_parked(&mut self, now: Time) {
        for c in std::mem::take(&mut self.renewal.parked) {
            self.call(now, c);
        }
    }

    /// No new token: fail the parked calls.
    pub(super) fn fail_parked(&mut self, err: &Error) {
        for c in std::mem::take(&mut self.renewal.parked) {
            match c {
                // A REST job may hold a model change to undo.
                Call::Rest(job) => self.rest_fail(*job, err.clone()),
                c => {
                    if let Some(cmd) = c.command() {
                        self.renewal.retried.remove(&cmd);
                        self.complete(cmd, Err(err.clone()));
                    }
                }
            }
        }
    }

    /// A retried command finished: forget it.
    pub(super) fn forget_retry(&mut self, cmd: CommandId) {
        self.renewal.retried.remove(&cmd);
    }
}
