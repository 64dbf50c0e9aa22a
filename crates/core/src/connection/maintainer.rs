//! The brand token maintainer (sdk-api §1.2 `TokenMaintainer`, §4.3): logs in to agentVep,
//! refreshes the session every 4 minutes, and logs in again (on the reconnect back-off
//! schedule) when the token is declared invalid or a login fails.
//!
//! Sans-I/O like [`Client`](super::Client): feed it inputs with the current time, drain
//! [`Machine::poll_output`](super::Machine::poll_output) (HTTP requests only, then events) and
//! read [`poll_timeout`](TokenMaintainer::poll_timeout).
//! The login, refresh and CSDS requests and the reading of their answers are the ones the
//! connection uses ([`super::auth::brand`], [`super::csds`]).

use std::collections::VecDeque;

use serde::{Deserialize, Serialize};

use super::auth::brand::{self, BrandSession, RefreshOutcome};
use super::auth::brand_state::{BrandState, NextStep};
use super::csds::{self, Csds, service};
use super::errors::Error;
use super::events::TokenSource;
use super::options::{
    AgentSessionData, AuthData, ClientOptions, Credentials, OptionsError, UserType,
};
use super::reconnect::Backoff;
use super::secret::{Secret, scrub};
use crate::io::{HttpFailure, HttpId, HttpRequest, HttpResponse};
use crate::time::Time;
use crate::vec_map::VecMap;

/// `new TokenMaintainer({accountId, authData, authSessionInfo?, csdsUrl?})`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MaintainerOptions {
    /// Account id (required).
    pub account_id: String,
    /// Credentials to log in with (and again whenever the token is invalid).
    #[serde(default)]
    pub auth_data: Option<AuthData>,
    /// An existing session: refreshed first, replaced by a login when refused.
    #[serde(default)]
    pub auth_session_info: Option<AgentSessionData>,
    /// CSDS location, as the connection option `csdsUrl`.
    #[serde(default)]
    pub csds_url: Option<String>,
}

/// `TokenMaintainer.state`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum MaintainerState {
    /// Created, not started.
    Initial,
    /// Keeping a token.
    Started,
    /// Stopped: no requests, `getToken()` fails.
    Stopped,
}

/// Identifies one [`TokenMaintainer::get_token`] call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WaitId(pub u64);

/// Events of the maintainer; the serialised names are the JavaScript event names.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "event", rename_all_fields = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum MaintainerEvent {
    /// A login or refresh failed (a login is retried after `generate-token-wait`).
    #[serde(rename = "error")]
    Error {
        /// Why.
        error: Error,
    },
    /// The token was declared invalid.
    #[serde(rename = "token-invalid")]
    TokenInvalid {
        /// Why.
        source: TokenSource,
    },
    /// The session was refreshed.
    #[serde(rename = "refresh-token")]
    RefreshToken,
    /// A new token replaced one declared invalid.
    #[serde(rename = "token-regenerated")]
    TokenRegenerated {
        /// `{accountId}.{userId}`.
        agent_id: Option<String>,
    },
    /// A login is retried after this wait.
    #[serde(rename = "generate-token-wait")]
    GenerateTokenWait {
        /// Seconds.
        seconds: f64,
    },
    /// A login request was sent at `start` (epoch ms).
    #[serde(rename = "getAgentToken#request")]
    GetAgentTokenRequest {
        /// Epoch ms.
        start: u64,
    },
    /// A login answer came at `end`.
    #[serde(rename = "getAgentToken#response")]
    GetAgentTokenResponse {
        /// Epoch ms of the request.
        start: u64,
        /// Epoch ms of the answer.
        end: u64,
    },
    /// The answer to a [`TokenMaintainer::get_token`] call (not a JavaScript event: it
    /// settles the `getToken()` promise).
    #[serde(rename = "token-answer")]
    TokenAnswer {
        /// The call.
        id: WaitId,
        /// The session, or why there is none (the maintainer stopped, nothing to log in
        /// with).
        result: Result<AgentSessionData, Error>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Login { start: Time },
    Refresh { validate: bool },
}

#[derive(Debug, Clone, Copy)]
enum Purpose {
    Csds,
    Op(Op),
}

/// The token maintainer state machine.
///
/// ```
/// use lpm_core::connection::maintainer::{MaintainerOptions, TokenMaintainer, MaintainerState};
/// use lpm_core::io::HttpResponse;
/// use lpm_core::time::Time;
///
/// let opts: MaintainerOptions = serde_json::from_str(
///     r#"{"accountId":"123","authData":{"username":"bot","password":"pw"},"csdsUrl":"http://127.0.0.1:9"}"#,
/// ).unwrap();
/// let mut m = TokenMaintainer::new(opts).unwrap();
/// m.start(Time(0));
/// assert_eq!(m.state(), MaintainerState::Started);
/// let csds = m.poll_transmit().unwrap();
/// let body = br#"{"baseURI":"127.0.0.1:9"}"#.to_vec();
/// m.handle_http_response(Time(1), csds.id, Ok(HttpResponse { status: 200, headers: vec![], body }));
/// let login = m.poll_transmit().unwrap();
/// assert_eq!(login.url, "http://127.0.0.1:9/api/account/123/login?v=1.3");
/// let body = br#"{"bearer":"B","csrf":"C","sessionId":"S","config":{"userId":"7"}}"#.to_vec();
/// m.handle_http_response(Time(2), login.id, Ok(HttpResponse { status: 200, headers: vec![], body }));
/// assert_eq!(m.token().map(|t| t.expose()), Some("B"));
/// assert_eq!(m.agent_id().as_deref(), Some("123.7"));
/// ```
#[derive(Debug)]
pub struct TokenMaintainer {
    account: String,
    credentials: Option<Credentials>,
    csds_url: String,
    plain: bool,
    state: MaintainerState,
    /// The session and its upkeep (the same rules as the connection's).
    brand: BrandState,
    /// A token was declared invalid and no new one is in yet.
    regenerating: bool,
    csds: Csds,
    next_http: u64,
    next_wait: u64,
    http: VecMap<HttpId, Purpose>,
    waiting_host: Option<Op>,
    transmits: VecDeque<HttpRequest>,
    events: VecDeque<MaintainerEvent>,
    waiters: Vec<WaitId>,
    retry_at: Option<Time>,
    backoff: Backoff,
}

impl TokenMaintainer {
    /// A maintainer in state `INITIAL`. Needs `authData` (complete, as for a connection) or
    /// `authSessionInfo` with a token, or both.
    pub fn new(options: MaintainerOptions) -> Result<TokenMaintainer, OptionsError> {
        let mut o = ClientOptions::new(options.account_id.clone(), UserType::Brand);
        o.auth_data = options.auth_data.clone();
        o.csds_url = options.csds_url.clone();
        if options.auth_data.is_none() {
            o.auth_agent_session_data = options.auth_session_info.clone();
        }
        if options.auth_data.is_none() && options.auth_session_info.is_none() {
            return Err(OptionsError::Invalid(
                "a TokenMaintainer needs authData or authSessionInfo".into(),
            ));
        }
        let cfg = o.validate()?;
        let credentials = match cfg.credentials {
            c @ (Credentials::BrandPassword { .. } | Credentials::BrandApiKey { .. }) => Some(c),
            _ => None,
        };
        let mut brand = BrandState::default();
        match &options.auth_session_info {
            Some(s) if s.token.is_empty() => {
                return Err(OptionsError::Invalid(
                    "authSessionInfo.token is required".into(),
                ));
            }
            // Refreshed first, which proves it alive.
            Some(s) => brand.adopt(BrandSession::from(s), false),
            None => {}
        }
        Ok(TokenMaintainer {
            account: cfg.account_id,
            credentials,
            csds_url: cfg.csds_url,
            plain: cfg.plain,
            state: MaintainerState::Initial,
            brand,
            regenerating: false,
            csds: Csds::default(),
            next_http: 0,
            next_wait: 0,
            http: VecMap::new(),
            waiting_host: None,
            transmits: VecDeque::new(),
            events: VecDeque::new(),
            waiters: Vec::new(),
            retry_at: None,
            backoff: Backoff::default(),
        })
    }

    // ------------------------------------------------------------------ reads

    /// `state`.
    pub fn state(&self) -> MaintainerState {
        self.state
    }

    /// The account.
    pub fn account_id(&self) -> &str {
        &self.account
    }

    /// The current bearer (also before it was proven alive).
    pub fn token(&self) -> Option<&Secret> {
        self.brand.session().map(|s| &s.bearer)
    }

    /// Numeric user id.
    pub fn user_id(&self) -> Option<&str> {
        self.brand.session().and_then(|s| s.user_id.as_deref())
    }

    /// `{accountId}.{userId}`.
    pub fn agent_id(&self) -> Option<String> {
        self.user_id().map(|u| format!("{}.{u}", self.account))
    }

    /// `getAuthSessionInfo()` / `authSessionInfo`: `{accountId, token, sessionId, csrf,
    /// userId, userPid}`.
    pub fn auth_session_info(&self) -> Option<AgentSessionData> {
        self.brand.session().map(|s| self.info_of(s))
    }

    fn info_of(&self, s: &BrandSession) -> AgentSessionData {
        AgentSessionData {
            token: s.bearer.clone(),
            csrf: s.csrf.clone(),
            session_id: s.session_id.clone(),
            user_id: s.user_id.clone(),
            user_pid: s.user_pid.clone(),
            account_id: Some(self.account.clone()),
        }
    }

    // ------------------------------------------------------------------ outputs

    /// Next HTTP request to make; answer it with
    /// [`handle_http_response`](TokenMaintainer::handle_http_response).
    pub fn poll_transmit(&mut self) -> Option<HttpRequest> {
        self.transmits.pop_front()
    }

    /// Next event.
    pub fn poll_event(&mut self) -> Option<MaintainerEvent> {
        self.events.pop_front()
    }

    /// When to call [`handle_timeout`](TokenMaintainer::handle_timeout).
    pub fn poll_timeout(&self) -> Option<Time> {
        [self.brand.refresh_at(), self.retry_at]
            .into_iter()
            .flatten()
            .min()
    }

    // ------------------------------------------------------------------ inputs

    /// `start()`: obtain a token and keep it alive. Harmless when already started; starts
    /// again after `stop()`.
    pub fn start(&mut self, now: Time) {
        if self.state == MaintainerState::Started {
            return;
        }
        self.state = MaintainerState::Started;
        self.obtain(now);
    }

    /// `stop()`: forget requests in flight and timers; pending `getToken()` calls fail.
    pub fn stop(&mut self) {
        self.state = MaintainerState::Stopped;
        self.http.clear();
        self.waiting_host = None;
        self.csds.cancel_all();
        self.brand.stop_refreshing();
        self.retry_at = None;
        self.answer_waiters(Err(Error::Closed {
            operation: "getToken (the TokenMaintainer was stopped)".into(),
        }));
    }

    /// `getToken()`: answered with [`MaintainerEvent::TokenAnswer`] at once when a valid
    /// token is there, else once one is (or the maintainer stops). A call before `start()`
    /// waits for it.
    pub fn get_token(&mut self, now: Time) -> WaitId {
        self.next_wait += 1;
        let id = WaitId(self.next_wait);
        match (self.brand.session(), self.state) {
            (_, MaintainerState::Stopped) => self.events.push_back(MaintainerEvent::TokenAnswer {
                id,
                result: Err(Error::Closed {
                    operation: "getToken (the TokenMaintainer was stopped)".into(),
                }),
            }),
            (Some(s), _) if self.brand.is_valid() => {
                let info = self.info_of(s);
                self.events.push_back(MaintainerEvent::TokenAnswer {
                    id,
                    result: Ok(info),
                });
            }
            _ => {
                self.waiters.push(id);
                if self.state == MaintainerState::Started {
                    self.obtain(now);
                }
            }
        }
        id
    }

    /// `onTokenInvalid(source)`: the token was refused somewhere; log in again (once, also
    /// when several users of the token report it).
    pub fn on_token_invalid(&mut self, now: Time, source: TokenSource) {
        self.events
            .push_back(MaintainerEvent::TokenInvalid { source });
        if self.state != MaintainerState::Started || self.login_running() {
            return;
        }
        self.drop_session();
        self.obtain(now);
    }

    /// An HTTP exchange finished.
    pub fn handle_http_response(
        &mut self,
        now: Time,
        id: HttpId,
        result: Result<HttpResponse, HttpFailure>,
    ) {
        let Some(purpose) = self.http.remove(&id) else {
            return;
        };
        match purpose {
            Purpose::Csds => self.on_csds(now, result),
            Purpose::Op(op) => self.on_op(now, op, result),
        }
    }

    /// A timer from [`poll_timeout`](TokenMaintainer::poll_timeout) is due.
    pub fn handle_timeout(&mut self, now: Time) {
        if self.retry_at.is_some_and(|t| t <= now) {
            self.retry_at = None;
            self.obtain(now);
        }
        if self.brand.take_due_refresh(now) && self.brand.session().is_some() && !self.busy() {
            self.run(now, Op::Refresh { validate: false });
        }
    }

    // ------------------------------------------------------------------ behaviour

    fn busy(&self) -> bool {
        !self.http.is_empty() || self.waiting_host.is_some() || self.retry_at.is_some()
    }

    fn login_running(&self) -> bool {
        let is_login = |o: &Op| matches!(o, Op::Login { .. });
        self.waiting_host.as_ref().is_some_and(is_login)
            || (self.retry_at.is_some() && self.brand.session().is_none())
            || self
                .http
                .values()
                .any(|p| matches!(p, Purpose::Op(o) if is_login(o)))
    }

    fn drop_session(&mut self) {
        self.brand.drop_session();
        self.regenerating = true;
        // A refresh in flight is about the old session: forget it.
        self.http
            .retain(|_, p| !matches!(p, Purpose::Op(Op::Refresh { .. })));
        if matches!(self.waiting_host, Some(Op::Refresh { .. })) {
            self.waiting_host = None;
        }
    }

    /// Gets a valid token if there is none and nothing is under way.
    fn obtain(&mut self, now: Time) {
        if self.state != MaintainerState::Started || self.busy() {
            return;
        }
        match self.brand.next_step(self.credentials.is_some()) {
            NextStep::Ready => {}
            NextStep::Validate => self.run(now, Op::Refresh { validate: true }),
            NextStep::Login => self.run(now, Op::Login { start: now }),
            NextStep::CannotLogIn => {
                let err = Error::Auth {
                    step: super::errors::AuthStep::Refresh,
                    status: None,
                    code: None,
                    message:
                        "the session is no longer valid and no authData was given to log in again"
                            .into(),
                };
                self.events
                    .push_back(MaintainerEvent::Error { error: err.clone() });
                self.answer_waiters(Err(err));
            }
        }
    }

    fn run(&mut self, now: Time, op: Op) {
        match self.csds.host(service::AGENT_VEP, now).map(str::to_owned) {
            Some(host) => self.send(op, &host),
            None => {
                self.waiting_host = Some(op);
                if self.csds.begin(service::AGENT_VEP) {
                    let id = self.http_id();
                    let req =
                        csds::lookup_request(id, &self.csds_url, &self.account, service::AGENT_VEP);
                    self.http.insert(id, Purpose::Csds);
                    self.transmits.push_back(req);
                }
            }
        }
    }

    fn http_id(&mut self) -> HttpId {
        self.next_http += 1;
        HttpId(self.next_http)
    }

    fn send(&mut self, op: Op, host: &str) {
        let origin = csds::origin(host, self.plain, false);
        let id = self.http_id();
        let req = match op {
            Op::Login { .. } => {
                let Some(creds) = &self.credentials else {
                    return;
                };
                match brand::login_request(id, &origin, &self.account, creds) {
                    Some(r) => r,
                    None => return,
                }
            }
            Op::Refresh { .. } => match self.brand.session() {
                Some(s) => brand::refresh_request(id, &origin, &self.account, s),
                None => return,
            },
        };
        if let Op::Login { start } = op {
            self.events
                .push_back(MaintainerEvent::GetAgentTokenRequest { start: start.0 });
        }
        self.http.insert(id, Purpose::Op(op));
        self.transmits.push_back(req);
    }

    fn on_csds(&mut self, now: Time, result: Result<HttpResponse, HttpFailure>) {
        let host = match &result {
            Ok(r) if (200..300).contains(&r.status) => {
                csds::parse_answer(&r.body, service::AGENT_VEP)
            }
            _ => None,
        };
        let Some(op) = self.waiting_host.take() else {
            return;
        };
        match host {
            Some(h) => {
                self.csds.store(service::AGENT_VEP, h.clone(), now);
                let op = match op {
                    Op::Login { .. } => Op::Login { start: now },
                    other => other,
                };
                self.send(op, &h);
            }
            None => {
                self.csds.failed(service::AGENT_VEP);
                let (status, message) = match &result {
                    Ok(r) => (Some(r.status), format!("no baseURI (HTTP {})", r.status)),
                    Err(f) => (None, self.scrubbed(&f.message)),
                };
                let err = Error::Http {
                    service: format!("CSDS {}", service::AGENT_VEP),
                    status,
                    code: None,
                    message,
                };
                self.failed(now, op, err);
            }
        }
    }

    fn on_op(&mut self, now: Time, op: Op, result: Result<HttpResponse, HttpFailure>) {
        if let Op::Login { start } = op {
            self.events
                .push_back(MaintainerEvent::GetAgentTokenResponse {
                    start: start.0,
                    end: now.0,
                });
        }
        let resp = match result {
            Ok(r) => r,
            Err(f) => {
                let service = match op {
                    Op::Login { .. } => "agentVep login",
                    Op::Refresh { .. } => "agentVep session refresh",
                };
                let err = Error::Http {
                    service: service.into(),
                    status: None,
                    code: None,
                    message: self.scrubbed(&f.message),
                };
                return self.failed(now, op, err);
            }
        };
        let secrets = self.secrets();
        let refs: Vec<&str> = secrets.iter().map(String::as_str).collect();
        match op {
            Op::Login { .. } => match self.brand.on_login(now, &resp, &refs) {
                Ok(()) => {
                    self.got_valid_token();
                    if std::mem::take(&mut self.regenerating) {
                        let agent_id = self.agent_id();
                        self.events
                            .push_back(MaintainerEvent::TokenRegenerated { agent_id });
                    }
                }
                Err(err) => self.failed(now, op, err),
            },
            Op::Refresh { validate } => match self.brand.on_refresh(now, &resp, &refs) {
                RefreshOutcome::Alive => {
                    self.events.push_back(MaintainerEvent::RefreshToken);
                    if validate {
                        self.got_valid_token();
                    }
                }
                RefreshOutcome::Invalid(_) => {
                    self.events.push_back(MaintainerEvent::TokenInvalid {
                        source: TokenSource::RefreshToken,
                    });
                    self.drop_session();
                    self.obtain(now);
                }
                RefreshOutcome::Failed(err) => self.failed(now, op, err),
            },
        }
    }

    /// The session is proven alive (its refresh is set by [`BrandState`]).
    fn got_valid_token(&mut self) {
        self.backoff.reset();
        self.retry_at = None;
        if let Some(info) = self.auth_session_info() {
            self.answer_waiters(Ok(info));
        }
    }

    /// A step failed: report it; logins (and proving a given session alive) are retried
    /// on the back-off schedule, plain refreshes on the refresh cadence.
    fn failed(&mut self, now: Time, op: Op, err: Error) {
        self.events.push_back(MaintainerEvent::Error { error: err });
        match op {
            Op::Refresh { validate: false } => self.brand.retry_refresh_later(now),
            _ => {
                let wait = self.backoff.next_wait();
                self.events.push_back(MaintainerEvent::GenerateTokenWait {
                    seconds: wait as f64 / 1000.0,
                });
                self.retry_at = Some(now.plus_ms(wait));
            }
        }
    }

    fn answer_waiters(&mut self, result: Result<AgentSessionData, Error>) {
        for id in std::mem::take(&mut self.waiters) {
            self.events.push_back(MaintainerEvent::TokenAnswer {
                id,
                result: result.clone(),
            });
        }
    }

    fn secrets(&self) -> Vec<String> {
        let credentials = self.credentials.iter().flat_map(Credentials::secrets);
        self.brand
            .secrets()
            .chain(credentials)
            .map(|s| s.expose().to_owned())
            .collect()
    }

    fn scrubbed(&self, text: &str) -> String {
        let secrets = self.secrets();
        let refs: Vec<&str> = secrets.iter().map(String::as_str).collect();
        scrub(text, &refs)
    }
}
