//! The connection state machine ([`Client`]): the struct, its state reads and outputs here;
//! the behaviour in one file per concern.

mod arrival;
mod connect;
mod conversation_waits;
mod dispatch;
mod exchange;
mod gap;
use gap::publish_dialog;
mod http;
mod lifecycle;
mod notifications;
mod phase;
use phase::{Attempt, AttemptSocket, Goal, Phase, Setup};
mod rest;
mod ring_wait;
mod setup;
mod socket;
mod step_up;
mod timers;
mod timing;
mod token_source;

use std::collections::{BTreeMap, VecDeque};

use crate::vec_map::VecMap;

use lpm_protocol::{ApiVersion, Frame, MessageType, Notification, Response};
use serde_json::{Value, json};

use super::auth::brand::{self, BrandSession, RefreshOutcome};
use super::auth::brand_state::{BrandState, NextStep};
use super::auth::consumer::{self, IdpCall};
use super::auth::{auth_failure, error_details, is_success};
use super::commands::{Command, CommandId, CommandOutput};
use super::csds::{self, Csds, service};
use super::domain;
use super::errors::{AuthStep, Error};
use super::events::{Event, TokenSource};
use super::keepalive::KeepAlive;
use super::options::{ClientOptions, Config, Credentials, OptionsError, UserType, encode_claims};
use super::reconnect::Backoff;
use super::requests::{Hold, Outgoing, Pending, Queue, Tracker};
use super::rng::Rng;
use super::secret::{Secret, scrub};
use super::shift_status;
use super::state::ConnectionState;
use super::subscriptions::{
    MessagingSub, SubscriptionHandle, SubscriptionInfo, SubscriptionKind, SubscriptionState,
    Subscriptions,
};
use crate::files::Upload;
use crate::io::{
    HttpFailure, HttpId, HttpMethod, HttpRequest, HttpResponse, SocketFailure, SocketId, Transmit,
};
use crate::model::commands as mc;
use crate::model::{AgentState, CacheConfig, IngestContext, Model, ModelError, ModelEvent, Viewer};
use crate::time::Time;

/// `intid` sent on the socket URL: the integration LivePerson's servers see.
pub const INTEGRATION_ID: &str = "lpm-sdk";
/// `intvn` sent on the socket URL.
pub const INTEGRATION_VERSION: &str = env!("CARGO_PKG_VERSION");
/// Conversations in a first notification from which limit-break pages (UMS caps at ~1001).
pub const LIMIT_BREAK_THRESHOLD: usize = 900;
/// Close codes that mean "token refused".
const AUTH_CLOSE_CODES: [u16; 3] = [4401, 4407, 1008];

/// What a UMS response is for.
#[derive(Debug, Clone)]
enum Purpose {
    /// InitConnection (consumer) / GetUserProfile (brand) verifying a new socket.
    Verify,
    /// (Re)subscribe a subscription.
    Subscribe(SubscriptionHandle, Option<CommandId>),
    /// Unsubscribe.
    Unsubscribe(SubscriptionHandle, Option<CommandId>),
    /// Consumer messaging subscription of a dialog.
    Messaging(String, String),
    /// Re-apply the agent state after a reconnect.
    RestoreAgentState,
    /// Keep-alive `GetClock`.
    KeepAlive,
    /// Consumer's own profile during connect.
    OwnProfile,
    /// Step-up consumer takeover.
    Takeover,
    /// `getAllMessages` history load of a dialog, holding the `conversation` event.
    History(String, Option<Box<ModelEvent>>),
    /// `QueryMessages` for what a dialog missed while the connection was down (`gap.rs`).
    Recover(String),
    /// A user command.
    User(CommandId, Expect),
}

/// How to turn a command's response into its output.
#[derive(Debug, Clone)]
enum Expect {
    Body,
    Clock,
    Conversation {
        /// A consumer's own new conversation: enter it in the model at once (the user gets a
        /// usable conversation before its first notification, as sdk-api §5.2 says) and
        /// subscribe to its messaging events.
        created_by_consumer: bool,
        /// The skill it was requested in.
        skill_id: Option<String>,
    },
    UserProfile {
        own: bool,
    },
    /// Success only with exactly this text.
    Text(&'static str),
    AgentState(String),
    FileUrl,
    Upload(Box<Upload>),
    Download,
    /// A domain command built by the model; its own check judges the response.
    Model(Box<mc::Command>),
}

/// An HTTP exchange in flight (or waiting for its service's host).
#[derive(Debug, Clone)]
enum Call {
    Idp(IdpCall),
    Login {
        regenerate: bool,
    },
    Refresh {
        validate: bool,
    },
    OpenSocket,
    ShiftStatus(Option<CommandId>),
    MsgStats(CommandId, bool),
    SwiftPut(CommandId, String, Value, Box<Upload>),
    SwiftGet(CommandId, String, Value),
    /// A UMS REST v1 call of a REST connection.
    Rest(Box<rest::RestJob>),
}

impl Call {
    fn service(&self, user_type: UserType) -> &'static str {
        match self {
            Call::Idp(_) => service::IDP,
            Call::Login { .. } | Call::Refresh { .. } => service::AGENT_VEP,
            Call::OpenSocket => match user_type {
                UserType::Brand => service::FACADE_MSG,
                UserType::Consumer => service::ASYNC_MESSAGING_ENT,
            },
            Call::ShiftStatus(_) | Call::MsgStats(..) | Call::Rest(_) => {
                service::ASYNC_MESSAGING_ENT
            }
            Call::SwiftPut(..) | Call::SwiftGet(..) => service::SWIFT,
        }
    }

    /// Part of establishing the connection (dropped when an attempt fails).
    fn is_connect(&self) -> bool {
        matches!(
            self,
            Call::Idp(_)
                | Call::Login { regenerate: false }
                | Call::Refresh { validate: true }
                | Call::OpenSocket
        )
    }

    fn command(&self) -> Option<CommandId> {
        match self {
            Call::ShiftStatus(c) => *c,
            Call::MsgStats(c, _) | Call::SwiftPut(c, ..) | Call::SwiftGet(c, ..) => Some(*c),
            Call::Rest(job) => Some(job.command()),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
enum HttpPurpose {
    Csds(&'static str),
    Call(Call),
}

/// The sans-I/O connection: one per `createConnection`.
///
/// Feed it inputs with the current time, then drain [`poll_transmit`](Client::poll_transmit),
/// [`poll_event`](Client::poll_event) and [`poll_timeout`](Client::poll_timeout) until they
/// are empty, and call [`handle_timeout`](Client::handle_timeout) when that time comes.
///
/// ```
/// use lpm_core::connection::{Client, ClientOptions, Command, UserType};
/// use lpm_core::io::Transmit;
/// use lpm_core::time::Time;
///
/// let opts = ClientOptions::builder("123", UserType::Consumer).app_id("demo").build();
/// let mut client = Client::new(opts, 42).unwrap();
/// let open = client.command(Time(0), Command::Open);
/// // The first thing a consumer does is look up the IDP host.
/// match client.poll_transmit() {
///     Some(Transmit::Http(req)) => assert_eq!(
///         req.url,
///         "https://adminlogin.liveperson.net/api/account/123/service/idp/baseURI.json?version=1.0"
///     ),
///     other => panic!("{other:?}"),
/// }
/// # let _ = open;
/// ```
#[derive(Debug)]
pub struct Client {
    cfg: Config,
    rng: Rng,
    /// Where the connection is in its life, with that phase's data.
    phase: Phase,
    /// The state last reported in a `state-change` event.
    reported_state: ConnectionState,
    version: ApiVersion,
    next_http: u64,
    next_socket: u64,
    next_command: u64,
    transmits: VecDeque<Transmit>,
    events: VecDeque<Event>,
    csds: Csds,
    http: VecMap<HttpId, HttpPurpose>,
    waiting_host: Vec<Call>,
    tracker: Tracker<Purpose>,
    queue: Queue<Purpose>,
    keepalive: KeepAlive,
    backoff: Backoff,
    token_waiters: Vec<CommandId>,
    renewal: token_source::Renewal,
    // consumer identity
    jwt: Option<Secret>,
    /// The current token (consumer JWT or brand bearer) was issued or validated during the
    /// current attempt and not yet accepted by a socket.
    jwt_fresh: bool,
    external_token: Option<Secret>,
    /// An external token whose LP JWT was refused: refreshed for the next one.
    spent_external_token: Option<Secret>,
    // brand session
    brand: BrandState,
    session_option_used: bool,
    shift_at: Option<Time>,
    // identity and state reads
    user_id: Option<String>,
    agent_id: Option<String>,
    user_profile: Option<Value>,
    agent_state: Option<String>,
    subs: Subscriptions,
    /// First notifications whose subscription response has not arrived yet, by wire id.
    early_notifications: VecMap<String, Notification>,
    model: Model,
    last_error: Option<Error>,
    timings: timing::Timings,
    ring_waits: ring_wait::RingWaits,
    arrivals: arrival::Arrivals,
    /// Whether notifications are also reported raw (`Event::Notification`).
    raw_notifications: bool,
    /// Whether UMS requests and responses are timed (`<type>#request` / `#response`).
    frame_timings: bool,
    gaps: gap::Gaps,
}

impl Client {
    /// Creates a connection from `createConnection` options. `seed` feeds request ids and
    /// jitter (pass OS randomness in production, a constant in tests).
    pub fn new(options: ClientOptions, seed: u64) -> Result<Client, OptionsError> {
        let cfg = options.validate()?;
        let version = match cfg.user_type {
            UserType::Brand => ApiVersion::V2_1,
            UserType::Consumer => ApiVersion::V3,
        };
        let jwt = cfg.token.clone();
        let agent_id = cfg.agent_id.clone();
        let user_id = jwt.as_ref().and_then(|j| consumer::jwt_subject(j.expose()));
        let phase = if cfg.null_connection {
            Phase::Null
        } else {
            Phase::Idle
        };
        let mut client = Client {
            rng: Rng::new(seed),
            reported_state: phase.state(),
            phase,
            version,
            next_http: 0,
            next_socket: 0,
            next_command: 0,
            transmits: VecDeque::new(),
            events: VecDeque::new(),
            csds: Csds::default(),
            http: VecMap::new(),
            waiting_host: Vec::new(),
            tracker: Tracker::default(),
            queue: Queue::default(),
            keepalive: KeepAlive::default(),
            backoff: Backoff::default(),
            token_waiters: Vec::new(),
            renewal: token_source::Renewal::default(),
            jwt,
            jwt_fresh: false,
            external_token: None,
            spent_external_token: None,
            brand: BrandState::default(),
            session_option_used: false,
            shift_at: None,
            user_id,
            agent_id,
            user_profile: None,
            agent_state: None,
            subs: Subscriptions::default(),
            early_notifications: VecMap::new(),
            model: Model::with_config(
                Viewer::consumer(cfg.account_id.clone(), ""),
                CacheConfig {
                    cache_duration_ms: cfg.conversations_cache_duration,
                    ..CacheConfig::default()
                },
            ),
            last_error: None,
            timings: timing::Timings::default(),
            ring_waits: ring_wait::RingWaits::default(),
            arrivals: arrival::Arrivals::default(),
            raw_notifications: true,
            frame_timings: true,
            gaps: gap::Gaps::default(),
            cfg,
        };
        client.refresh_viewer();
        Ok(client)
    }

    /// Tells the model who "me" is (after login, profile read or step-up).
    pub(super) fn refresh_viewer(&mut self) {
        let acct = self.cfg.account_id.clone();
        let viewer = match self.cfg.user_type {
            UserType::Brand => Viewer::brand(
                acct,
                self.user_pid().unwrap_or_default().to_owned(),
                self.agent_id.clone().unwrap_or_default(),
            ),
            UserType::Consumer => Viewer::consumer(acct, self.user_id.clone().unwrap_or_default()),
        };
        if *self.model.viewer() != viewer {
            self.model.set_viewer(viewer);
        }
    }

    /// The object model: conversations, dialogs, messages, participants, rings, skills.
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// The model, mutable: for what the facades do to it directly (`loadConversation`,
    /// `unload`). Notifications, commands and timers keep going through the client.
    pub fn model_mut(&mut self) -> &mut Model {
        &mut self.model
    }

    // ------------------------------------------------------------------ state reads

    /// Connection state.
    pub fn state(&self) -> ConnectionState {
        self.current_state()
    }

    /// The validated configuration.
    pub fn config(&self) -> &Config {
        &self.cfg
    }

    /// The socket's API version (brand 2.1, consumer 3).
    pub fn api_version(&self) -> ApiVersion {
        self.version
    }

    /// Brand: `{accountId}.{userId}`.
    pub fn agent_id(&self) -> Option<&str> {
        self.agent_id.as_deref()
    }

    /// Consumer id (consumer) or numeric user id (brand).
    pub fn user_id(&self) -> Option<&str> {
        self.user_id.as_deref()
    }

    /// Brand: the agent's participant id (`userPid`).
    pub fn user_pid(&self) -> Option<&str> {
        self.brand.session().and_then(|s| s.user_pid.as_deref())
    }

    /// Own profile, once read.
    pub fn user_profile(&self) -> Option<&Value> {
        self.user_profile.as_ref()
    }

    /// Brand: the last agent state set (re-applied after reconnects).
    pub fn agent_state(&self) -> Option<&str> {
        self.agent_state.as_deref()
    }

    /// The current token: consumer JWT or brand bearer.
    pub fn token(&self) -> Option<&Secret> {
        match self.cfg.user_type {
            UserType::Consumer => self.jwt.as_ref(),
            UserType::Brand => self.brand.session().map(|s| &s.bearer),
        }
    }

    /// Every subscription.
    pub fn subscriptions(&self) -> Vec<SubscriptionInfo> {
        self.subs.infos()
    }

    /// The default conversation subscription.
    pub fn default_subscription(&self) -> Option<SubscriptionHandle> {
        self.subs.default_handle()
    }

    /// Consumer: dialogs with a messaging subscription, `(conversationId, dialogId)`.
    pub fn messaging_subscriptions(&self) -> Vec<(String, String)> {
        self.subs.messaging.keys().cloned().collect()
    }

    /// `server time - local time` from the last keep-alive, in ms.
    pub fn server_time_diff(&self) -> Option<i64> {
        self.keepalive.server_time_diff
    }

    /// Requests waiting for a response, and queued while disconnected.
    pub fn pending_requests(&self) -> (usize, usize) {
        (self.tracker.len(), self.queue.len())
    }

    // ------------------------------------------------------------------ outputs

    /// Next thing for the driver to do.
    pub fn poll_transmit(&mut self) -> Option<Transmit> {
        self.transmits.pop_front()
    }

    /// Whether each notification is also reported as it came ([`Event::Notification`]); on
    /// by default. A driver that knows nobody listens for raw notifications turns it off,
    /// which spares copying every frame out (a snapshot can hold a thousand conversations).
    ///
    /// ```
    /// use lpm_core::connection::{Client, ClientOptions, UserType};
    /// let opts = ClientOptions::builder("123", UserType::Consumer).app_id("demo").build();
    /// let mut client = Client::new(opts, 42).unwrap();
    /// client.set_raw_notifications(false);
    /// ```
    pub fn set_raw_notifications(&mut self, on: bool) {
        self.raw_notifications = on;
    }

    /// Whether each UMS request and its response make timing events (`<type>#request`,
    /// `<type>#response`, [`Event::Timing`]); on by default. A driver that knows nobody listens
    /// for them turns it off, which spares copying and redacting every frame (a
    /// `QueryMessages` answer holds a dialog's whole history). A response whose request went
    /// out while they were off carries a `null` request. Connection and HTTP timings
    /// (`connect#…`, `getAgentToken#…`) are always made: they are few.
    ///
    /// ```
    /// use lpm_core::connection::{Client, ClientOptions, UserType};
    /// let opts = ClientOptions::builder("123", UserType::Consumer).app_id("demo").build();
    /// let mut client = Client::new(opts, 42).unwrap();
    /// client.set_frame_timings(false);
    /// ```
    pub fn set_frame_timings(&mut self, on: bool) {
        self.frame_timings = on;
    }

    /// Next event for the user.
    pub fn poll_event(&mut self) -> Option<Event> {
        self.events.pop_front()
    }

    pub(super) fn complete(&mut self, id: CommandId, result: Result<CommandOutput, Error>) {
        self.events
            .push_back(Event::CommandCompleted { id, result });
    }

    pub(super) fn emit(&mut self, e: Event) {
        self.events.push_back(e);
    }

    pub(super) fn secrets(&self) -> Vec<String> {
        let mut v: Vec<String> = Vec::new();
        let mut push = |s: &Secret| v.push(s.expose().to_owned());
        if let Some(j) = &self.jwt {
            push(j);
        }
        if let Some(t) = &self.external_token {
            push(t);
        }
        if let Some(t) = &self.spent_external_token {
            push(t);
        }
        for s in self.brand.secrets().chain(self.cfg.credentials.secrets()) {
            push(s);
        }
        v
    }

    pub(super) fn scrubbed(&self, text: &str) -> String {
        let secrets = self.secrets();
        let refs: Vec<&str> = secrets.iter().map(String::as_str).collect();
        scrub(text, &refs)
    }
}

fn call_name(c: &Call) -> &'static str {
    match c {
        Call::Idp(IdpCall::Signup) => "IDP signup",
        Call::Idp(IdpCall::AnonymousAuthorize | IdpCall::AnonymousRefresh { .. }) => {
            "IDP anonymous authorize"
        }
        Call::Idp(_) => "IDP connector authenticate",
        Call::Login { .. } => "agentVep login",
        Call::Refresh { .. } => "agentVep session refresh",
        Call::OpenSocket => "websocket",
        Call::ShiftStatus(_) => "shift status",
        Call::MsgStats(..) => "message statistics",
        Call::SwiftPut(..) => "file upload",
        Call::SwiftGet(..) => "file download",
        Call::Rest(_) => "UMS REST v1",
    }
}

fn file_url(body: &Value) -> Option<(String, Value)> {
    let path = body.get("relativePath")?.as_str()?.to_owned();
    let q = body
        .get("queryParams")
        .cloned()
        .unwrap_or_else(|| json!({}));
    Some((path, q))
}

/// `{swift}{relativePath}?temp_url_sig=…&temp_url_expires=…` (no `/` between host and path).
fn swift_url(origin: &str, path: &str, q: &Value) -> String {
    let s = |k: &str| match q.get(k) {
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
        None => String::new(),
    };
    format!(
        "{origin}{path}?temp_url_sig={}&temp_url_expires={}",
        url_encode(&s("temp_url_sig")),
        url_encode(&s("temp_url_expires"))
    )
}

/// Percent-encodes a query value (unreserved characters kept).
fn url_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn domain_error(e: ModelError, cmd: Option<&mc::Command>) -> Error {
    Error::Domain {
        message: e.to_string(),
        conversation_id: cmd.and_then(|c| c.conversation_id.clone()),
        dialog_id: cmd.and_then(|c| c.dialog_id.clone()),
    }
}

/// The model's reference-counting key of a subscription (stable across re-subscribes).
fn sub_key(h: SubscriptionHandle) -> String {
    format!("sub-{}", h.0)
}
