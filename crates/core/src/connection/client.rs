//! The connection state machine ([`Client`]).

use std::collections::{BTreeMap, VecDeque};

use lpm_protocol::{ApiVersion, Frame, MessageType, Notification, Response};
use serde_json::{Value, json};

use super::auth::brand::{self, BrandSession, REFRESH_INTERVAL_MS};
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
use super::requests::{Outgoing, Pending, Queue, Tracker};
use super::rng::Rng;
use super::secret::{Secret, scrub};
use super::state::ConnectionState;
use super::subscriptions::{
    MessagingSub, SubscriptionHandle, SubscriptionInfo, SubscriptionKind, SubscriptionState,
    Subscriptions,
};
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
    /// A user command.
    User(CommandId, Expect),
}

/// How to turn a command's response into its output.
#[derive(Debug, Clone)]
enum Expect {
    Body,
    Done,
    Clock,
    Conversation {
        subscribe_messaging: bool,
    },
    UserProfile {
        own: bool,
    },
    /// Success only with exactly this text.
    Text(&'static str),
    AgentState(String),
    FileUrl,
    Upload(Vec<u8>),
    Download,
    /// A domain command built by the model; its own check judges the response.
    Model(Box<mc::Command>),
}

/// An HTTP exchange in flight (or waiting for its service's host).
#[derive(Debug, Clone)]
enum Call {
    Idp(IdpCall),
    Login { regenerate: bool },
    Refresh { validate: bool },
    OpenSocket,
    ShiftStatus(Option<CommandId>),
    MsgStats(CommandId, bool),
    SwiftPut(CommandId, String, Value, Vec<u8>),
    SwiftGet(CommandId, String, Value),
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
            Call::ShiftStatus(_) | Call::MsgStats(..) => service::ASYNC_MESSAGING_ENT,
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
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
enum HttpPurpose {
    Csds(&'static str),
    Call(Call),
}

/// The socket of the current attempt or connection.
#[derive(Debug, Clone)]
struct Socket {
    id: SocketId,
    opened: bool,
}

/// Why connection attempts are being made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Series {
    Open,
    Reconnect,
    StepUp,
}

/// Where set-up after verification stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Setup {
    /// Waiting for the default subscription (response, or first notification).
    Subscription(SubscriptionHandle),
    /// Waiting for the consumer's own profile.
    Profile,
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
    state: ConnectionState,
    version: ApiVersion,
    next_http: u64,
    next_socket: u64,
    next_command: u64,
    transmits: VecDeque<Transmit>,
    events: VecDeque<Event>,
    csds: Csds,
    http: BTreeMap<HttpId, HttpPurpose>,
    waiting_host: Vec<Call>,
    socket: Option<Socket>,
    tracker: Tracker<Purpose>,
    queue: Queue<Purpose>,
    keepalive: KeepAlive,
    backoff: Backoff,
    series: Option<Series>,
    series_deadline: Option<Time>,
    retry_at: Option<Time>,
    setup: Option<Setup>,
    ever_connected: bool,
    dropped_at: Option<Time>,
    open_cmd: Option<CommandId>,
    step_up_cmd: Option<CommandId>,
    close_pending: bool,
    token_waiters: Vec<CommandId>,
    // consumer identity
    jwt: Option<Secret>,
    jwt_fresh: bool,
    external_token: Option<Secret>,
    step_up_code: Option<(String, Secret)>,
    previous_user_id: Option<String>,
    // brand session
    session: Option<BrandSession>,
    session_validated: bool,
    session_option_used: bool,
    refresh_at: Option<Time>,
    shift_at: Option<Time>,
    // identity and state reads
    user_id: Option<String>,
    agent_id: Option<String>,
    user_profile: Option<Value>,
    agent_state: Option<String>,
    subs: Subscriptions,
    /// First notifications whose subscription response has not arrived yet, by wire id.
    early_notifications: BTreeMap<String, Notification>,
    model: Model,
    last_error: Option<Error>,
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
        let mut client = Client {
            rng: Rng::new(seed),
            state: ConnectionState::Initial,
            version,
            next_http: 0,
            next_socket: 0,
            next_command: 0,
            transmits: VecDeque::new(),
            events: VecDeque::new(),
            csds: Csds::default(),
            http: BTreeMap::new(),
            waiting_host: Vec::new(),
            socket: None,
            tracker: Tracker::default(),
            queue: Queue::default(),
            keepalive: KeepAlive::default(),
            backoff: Backoff::default(),
            series: None,
            series_deadline: None,
            retry_at: None,
            setup: None,
            ever_connected: false,
            dropped_at: None,
            open_cmd: None,
            step_up_cmd: None,
            close_pending: false,
            token_waiters: Vec::new(),
            jwt,
            jwt_fresh: false,
            external_token: None,
            step_up_code: None,
            previous_user_id: None,
            session: None,
            session_validated: false,
            session_option_used: false,
            refresh_at: None,
            shift_at: None,
            user_id,
            agent_id,
            user_profile: None,
            agent_state: None,
            subs: Subscriptions::default(),
            early_notifications: BTreeMap::new(),
            model: Model::with_config(
                Viewer::consumer(cfg.account_id.clone(), ""),
                CacheConfig {
                    cache_duration_ms: cfg.conversations_cache_duration,
                    ..CacheConfig::default()
                },
            ),
            last_error: None,
            cfg,
        };
        client.refresh_viewer();
        Ok(client)
    }

    /// Tells the model who "me" is (after login, profile read or step-up).
    fn refresh_viewer(&mut self) {
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

    // ------------------------------------------------------------------ state reads

    /// Connection state.
    pub fn state(&self) -> ConnectionState {
        self.state
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
        self.session.as_ref().and_then(|s| s.user_pid.as_deref())
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
            UserType::Brand => self.session.as_ref().map(|s| &s.bearer),
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

    /// Next event for the user.
    pub fn poll_event(&mut self) -> Option<Event> {
        self.events.pop_front()
    }

    /// When to call [`handle_timeout`](Client::handle_timeout) next.
    pub fn poll_timeout(&self) -> Option<Time> {
        [
            self.tracker.next_deadline(),
            self.queue.next_deadline(),
            self.keepalive.next(),
            self.retry_at,
            self.refresh_at,
            self.shift_at,
            self.model.next_expiry(),
        ]
        .into_iter()
        .flatten()
        .min()
    }

    // ------------------------------------------------------------------ commands

    /// Starts a command; its result arrives as [`Event::CommandCompleted`] with the returned id.
    pub fn command(&mut self, now: Time, command: Command) -> CommandId {
        self.next_command += 1;
        let id = CommandId(self.next_command);
        if let Err(e) = self.start_command(now, id, command) {
            self.complete(id, Err(e));
        }
        id
    }

    fn start_command(&mut self, now: Time, id: CommandId, command: Command) -> Result<(), Error> {
        let name = command.name();
        let brand = self.cfg.user_type == UserType::Brand;
        let only = |ok: bool, who: &str| {
            if ok {
                Ok(())
            } else {
                Err(Error::Unsupported(format!(
                    "{name} is only supported on {who} connections"
                )))
            }
        };
        if let Some(built) = domain::build(&self.model, &command) {
            let mcmd = built.map_err(|e| domain_error(e, None))?;
            return self.domain(now, id, mcmd);
        }
        match command {
            Command::Open => self.open(now, id),
            Command::Close => self.close(now, id),
            Command::GetToken => {
                match self.token() {
                    Some(t) => {
                        let token = t.clone();
                        self.complete(id, Ok(CommandOutput::Token { token }));
                    }
                    None if matches!(
                        self.state,
                        ConnectionState::Connecting | ConnectionState::Disconnected | ConnectionState::Connected
                    ) => self.token_waiters.push(id),
                    None => {
                        return Err(Error::InvalidState {
                            operation: name.into(),
                            state: self.state.to_string(),
                        });
                    }
                }
                Ok(())
            }
            Command::Send { request } => self.request(
                now,
                request.type_name,
                request.body.unwrap_or_else(|| json!({})),
                request.metadata,
                request.headers,
                Purpose::User(id, Expect::Body),
            ),
            Command::GetClock => self.typed(now, MessageType::GetClock, json!({}), Purpose::User(id, Expect::Clock)),
            Command::CreateConversation {
                skill_id,
                context,
                campaign_info,
            } => {
                only(!brand, "consumer")?;
                let props = self.cfg.client_properties.clone().unwrap_or_else(|| json!({}));
                let mut ctx = context.unwrap_or_else(|| {
                    json!({"type":"CustomContext","name":"lp-messaging-sdk","description":"a default context for lp-messaging-sdk"})
                });
                if let Some(obj) = ctx.as_object_mut() {
                    obj.entry("type").or_insert_with(|| json!("CustomContext"));
                    let mut with_props = serde_json::Map::new();
                    with_props.insert("clientProperties".into(), props);
                    with_props.extend(obj.clone());
                    *obj = with_props;
                }
                let body = json!({
                    "ttrDefName": "NORMAL",
                    "channelType": "MESSAGING",
                    "skillId": skill_id,
                    "conversationContext": ctx,
                    "campaignInfo": campaign_info,
                });
                self.typed(
                    now,
                    MessageType::ConsumerRequestConversation,
                    body,
                    Purpose::User(id, Expect::Conversation { subscribe_messaging: true }),
                )
            }
            Command::CloseConversation { conversation_id } => self.typed(
                now,
                MessageType::UpdateConversationField,
                json!({"conversationId": conversation_id, "conversationField": [{"field":"ConversationStateField","conversationState":"CLOSE"}]}),
                Purpose::User(id, Expect::Done),
            ),
            Command::CreateConversationSubscription { query, wait_for_ready } => {
                let q = query.unwrap_or_else(|| self.cfg.default_subscription_query.clone());
                let h = self.subs.add(SubscriptionKind::Conversation, q.to_wire(), false, None);
                if wait_for_ready.unwrap_or(false)
                    && let Some(s) = self.subs.get_mut(h)
                {
                    s.waiting = Some(id);
                }
                self.subscribe(now, h, Some(id))
            }
            Command::Unsubscribe { handle } => self.unsubscribe(now, handle, Some(id)),
            Command::CreateRoutingTaskSubscription { query } => {
                only(brand, "brand")?;
                let q = query.unwrap_or_default();
                let agent = self.require_agent(q.agent_id.as_ref(), name)?;
                let body = json!({
                    "channelType": "MESSAGING",
                    "brandId": q.account_id.clone().unwrap_or_else(|| self.cfg.account_id.clone()),
                    "agentId": agent,
                });
                let h = self.subs.add(SubscriptionKind::RoutingTask, body, false, None);
                self.subscribe(now, h, Some(id))
            }
            Command::SubscribeAgentsState { agent_id } => {
                only(brand, "brand")?;
                let agent = self.require_agent(agent_id.as_ref(), name)?;
                let body = json!({"brandId": self.cfg.account_id, "agentId": agent});
                let h = self.subs.add(SubscriptionKind::AgentState, body, false, None);
                self.subscribe(now, h, Some(id))
            }
            Command::SetAgentState { agent_state, agent_id } => {
                only(brand, "brand")?;
                let agent = self.require_agent(agent_id.as_ref(), name)?;
                let body = json!({"availability": agent_state, "channels": ["MESSAGING"], "agentUserId": agent});
                self.typed(now, MessageType::SetAgentState, body, Purpose::User(id, Expect::AgentState(agent_state)))
            }
            Command::SetUserProfile { profile } => {
                only(!brand, "consumer")?;
                if let Some(p) = profile.as_object() {
                    let merged = match self.user_profile.take() {
                        Some(Value::Object(mut old)) => {
                            old.extend(p.clone());
                            Value::Object(old)
                        }
                        _ => profile.clone(),
                    };
                    self.user_profile = Some(merged);
                }
                self.typed(
                    now,
                    MessageType::SetUserProfile,
                    profile,
                    Purpose::User(id, Expect::Text("OK User Profile set successfully")),
                )
            }
            Command::GetUserProfile { user_id } => {
                let own = user_id.is_none();
                let body = match (brand, user_id) {
                    (_, Some(u)) => json!({"userId": u}),
                    (true, None) => json!({"userId": self.require_agent(None, name)?}),
                    (false, None) => json!({}),
                };
                self.typed(now, MessageType::GetUserProfile, body, Purpose::User(id, Expect::UserProfile { own }))
            }
            Command::StepUp {
                auth_connector_id,
                jwt_claims_set,
            } => {
                only(!brand, "consumer")?;
                self.step_up(now, id, auth_connector_id, jwt_claims_set)
            }
            Command::AgentRequestConversation {
                consumer_id,
                skill_id,
                context,
                ttr_def_name,
            } => {
                only(brand, "brand")?;
                let mut body = json!({"channelType": "MESSAGING", "consumerId": consumer_id});
                if let Some(s) = skill_id {
                    body["skillId"] = json!(s);
                }
                if let Some(t) = ttr_def_name {
                    body["ttrDefName"] = json!(t);
                }
                if let Some(c) = context {
                    body["conversationContext"] = c;
                }
                self.typed(
                    now,
                    MessageType::AgentRequestConversation,
                    body,
                    Purpose::User(id, Expect::Conversation { subscribe_messaging: false }),
                )
            }
            Command::GetMessageStatisticsForUser | Command::GetMessageStatisticsForBrand => {
                only(brand, "brand")?;
                self.require_session(name)?;
                let agent = matches!(command, Command::GetMessageStatisticsForUser);
                if agent && self.session.as_ref().and_then(|s| s.user_id.as_ref()).is_none() {
                    return Err(Error::Invalid {
                        command: name.into(),
                        message: "the agent's user id is not known yet".into(),
                    });
                }
                self.call(now, Call::MsgStats(id, agent));
                Ok(())
            }
            Command::GetShiftStatus => {
                only(brand, "brand")?;
                self.require_session(name)?;
                self.call(now, Call::ShiftStatus(Some(id)));
                Ok(())
            }
            Command::GetUploadUrl { file_size, file_type } => self.typed(
                now,
                MessageType::GenerateUrlForUploadFile,
                json!({"fileSize": file_size, "fileType": file_type}),
                Purpose::User(id, Expect::FileUrl),
            ),
            Command::GetDownloadUrl { relative_path } => self.typed(
                now,
                MessageType::GenerateUrlForDownloadFile,
                json!({"relativePath": relative_path}),
                Purpose::User(id, Expect::FileUrl),
            ),
            Command::UploadFile { file_type, data } => self.typed(
                now,
                MessageType::GenerateUrlForUploadFile,
                json!({"fileSize": data.len(), "fileType": file_type}),
                Purpose::User(id, Expect::Upload(data)),
            ),
            Command::DownloadFile { relative_path } => self.typed(
                now,
                MessageType::GenerateUrlForDownloadFile,
                json!({"relativePath": relative_path}),
                Purpose::User(id, Expect::Download),
            ),
            // Domain commands were dispatched above.
            other => Err(Error::Unsupported(format!("{} is not a connection command", other.name()))),
        }
    }

    fn domain(&mut self, now: Time, id: CommandId, mcmd: mc::Command) -> Result<(), Error> {
        let Some(name) = mcmd.message_type.name(self.version) else {
            return Err(Error::Unsupported(format!(
                "{:?} is not available on API version {}",
                mcmd.message_type, self.version
            )));
        };
        let metadata = mcmd.metadata.clone().map(Value::from);
        self.request(
            now,
            name.to_owned(),
            mcmd.body.clone(),
            metadata,
            None,
            Purpose::User(id, Expect::Model(Box::new(mcmd))),
        )
    }

    fn require_agent(&self, given: Option<&String>, command: &str) -> Result<String, Error> {
        given
            .cloned()
            .or_else(|| self.agent_id.clone())
            .ok_or_else(|| Error::Invalid {
                command: command.into(),
                message: "the agent id is not known yet (open the connection first)".into(),
            })
    }

    fn require_session(&self, command: &str) -> Result<(), Error> {
        if self.session.is_some() {
            Ok(())
        } else {
            Err(Error::InvalidState {
                operation: command.into(),
                state: self.state.to_string(),
            })
        }
    }

    fn complete(&mut self, id: CommandId, result: Result<CommandOutput, Error>) {
        self.events
            .push_back(Event::CommandCompleted { id, result });
    }

    fn emit(&mut self, e: Event) {
        self.events.push_back(e);
    }

    fn set_state(&mut self, s: ConnectionState) {
        if self.state != s {
            self.state = s;
            self.emit(Event::StateChange { state: s });
        }
    }

    fn secrets(&self) -> Vec<String> {
        let mut v: Vec<String> = Vec::new();
        let mut push = |s: &Secret| v.push(s.expose().to_owned());
        if let Some(j) = &self.jwt {
            push(j);
        }
        if let Some(t) = &self.external_token {
            push(t);
        }
        if let Some(s) = &self.session {
            push(&s.bearer);
            push(&s.csrf);
            push(&s.session_id);
        }
        match &self.cfg.credentials {
            Credentials::BrandPassword { password, .. } => push(password),
            Credentials::BrandApiKey {
                app_key,
                secret,
                access_token,
                access_token_secret,
                ..
            } => {
                push(app_key);
                push(secret);
                push(access_token);
                push(access_token_secret);
            }
            Credentials::ConsumerAuthenticated { code, .. } => push(code),
            _ => {}
        }
        v
    }

    fn scrubbed(&self, text: &str) -> String {
        let secrets = self.secrets();
        let refs: Vec<&str> = secrets.iter().map(String::as_str).collect();
        scrub(text, &refs)
    }

    // ------------------------------------------------------------------ open / close

    fn open(&mut self, now: Time, id: CommandId) -> Result<(), Error> {
        let reopen = self.state == ConnectionState::FailedToConnect
            || (self.state == ConnectionState::Closed && !self.ever_connected);
        if self.state != ConnectionState::Initial && !reopen {
            return Err(Error::InvalidState {
                operation: "open".into(),
                state: self.state.to_string(),
            });
        }
        self.open_cmd = Some(id);
        self.start_series(now, Series::Open);
        Ok(())
    }

    fn start_series(&mut self, now: Time, series: Series) {
        self.series = Some(series);
        self.backoff.reset();
        // `connectTimeout` bounds `open()` (and a step-up); after a drop a connection that
        // worked keeps trying on the schedule, as LivePerson's SDK does, until `close()`.
        self.series_deadline = (self.cfg.connect_timeout > 0 && series != Series::Reconnect)
            .then(|| now.plus_ms(self.cfg.connect_timeout));
        if series != Series::Reconnect {
            self.set_state(ConnectionState::Connecting);
        }
        if series == Series::Reconnect {
            let wait = self.cfg.wait_to_reconnect;
            self.schedule_retry(now, wait);
        } else {
            self.advance(now);
        }
    }

    fn schedule_retry(&mut self, now: Time, wait: u64) {
        self.retry_at = Some(now.plus_ms(wait));
        self.emit(Event::ReconnectWait {
            seconds: wait as f64 / 1000.0,
        });
    }

    fn close(&mut self, _now: Time, id: CommandId) -> Result<(), Error> {
        if matches!(
            self.state,
            ConnectionState::Initial | ConnectionState::Closing | ConnectionState::Closed
        ) {
            return Err(Error::InvalidState {
                operation: "close".into(),
                state: self.state.to_string(),
            });
        }
        self.set_state(ConnectionState::Closing);
        self.close_pending = true;
        self.shutdown(Error::Closed {
            operation: "the request".into(),
        });
        if let Some(s) = self.socket.take() {
            self.transmits.push_back(Transmit::CloseSocket {
                id: s.id,
                code: 1000,
                reason: "Connection closed by client".into(),
            });
        }
        self.close_pending = false;
        self.set_state(ConnectionState::Closed);
        self.emit(Event::Close {
            code: 1000,
            reason: "Connection closed by client".into(),
        });
        self.complete(id, Ok(CommandOutput::Done));
        Ok(())
    }

    /// Stops timers and fails everything pending with `err` (close or give-up).
    fn shutdown(&mut self, err: Error) {
        self.keepalive.stop();
        self.refresh_at = None;
        self.shift_at = None;
        self.retry_at = None;
        self.series = None;
        self.setup = None;
        self.csds.cancel_all();
        // HTTP answers still on their way are ignored: forget them, failing their commands.
        let calls: Vec<HttpPurpose> = std::mem::take(&mut self.http).into_values().collect();
        let waiting = std::mem::take(&mut self.waiting_host);
        for c in calls
            .into_iter()
            .filter_map(|p| match p {
                HttpPurpose::Call(c) => Some(c),
                HttpPurpose::Csds(_) => None,
            })
            .chain(waiting)
        {
            if let Some(cmd) = c.command() {
                self.complete(cmd, Err(err.clone()));
            }
        }
        for p in self.tracker.drain() {
            self.fail_purpose(p.purpose, err.clone());
        }
        for o in self.queue.drain() {
            self.fail_purpose(o.purpose, err.clone());
        }
        for c in [self.open_cmd.take(), self.step_up_cmd.take()]
            .into_iter()
            .flatten()
        {
            self.complete(c, Err(err.clone()));
        }
        for c in std::mem::take(&mut self.token_waiters) {
            self.complete(c, Err(err.clone()));
        }
        for s in self.subs.subs.values_mut() {
            if let Some(c) = s.waiting.take() {
                self.events.push_back(Event::CommandCompleted {
                    id: c,
                    result: Err(err.clone()),
                });
            }
        }
        self.subs.disconnected();
    }

    fn fail_purpose(&mut self, purpose: Purpose, err: Error) {
        match purpose {
            Purpose::User(c, _)
            | Purpose::Subscribe(_, Some(c))
            | Purpose::Unsubscribe(_, Some(c)) => {
                self.complete(c, Err(err));
            }
            _ => {}
        }
    }

    // ------------------------------------------------------------------ connecting

    /// Takes the next step of a connection attempt, if nothing is under way.
    fn advance(&mut self, now: Time) {
        if self.series.is_none() || self.retry_at.is_some() || self.socket.is_some() {
            return;
        }
        let busy = self.http.values().any(|p| match p {
            HttpPurpose::Call(c) => c.is_connect() || matches!(c, Call::Login { .. }),
            HttpPurpose::Csds(_) => false,
        }) || self.waiting_host.iter().any(Call::is_connect);
        if busy {
            return;
        }
        match self.cfg.user_type {
            UserType::Consumer => {
                if let Some((connector_id, code)) = self.step_up_code.clone() {
                    let lp_jwt = self.jwt.clone();
                    self.call(
                        now,
                        Call::Idp(IdpCall::ConnectorCode {
                            connector_id,
                            code,
                            lp_jwt,
                        }),
                    );
                    return;
                }
                if self.jwt.is_none() {
                    let call = match &self.cfg.credentials {
                        Credentials::ConsumerUnauthenticated { connector_id } => {
                            match &self.external_token {
                                None => IdpCall::AnonymousAuthorize,
                                Some(t) => IdpCall::ConnectorIdToken {
                                    connector_id: connector_id.clone(),
                                    id_token: t.clone(),
                                },
                            }
                        }
                        Credentials::ConsumerAuthenticated { connector_id, code } => {
                            IdpCall::ConnectorCode {
                                connector_id: connector_id.clone(),
                                code: code.clone(),
                                lp_jwt: None,
                            }
                        }
                        Credentials::ConsumerMock { customer_name } => IdpCall::Mock {
                            customer_name: customer_name.clone(),
                        },
                        _ => IdpCall::Signup,
                    };
                    self.call(now, Call::Idp(call));
                    return;
                }
            }
            UserType::Brand => {
                if self.session.is_none() {
                    if let (false, Some(s)) = (self.session_option_used, &self.cfg.agent_session) {
                        self.session_option_used = true;
                        self.session = Some(BrandSession {
                            bearer: s.token.clone(),
                            csrf: s.csrf.clone(),
                            session_id: s.session_id.clone(),
                            user_id: s.user_id.clone(),
                            user_pid: s.user_pid.clone(),
                        });
                        self.session_validated = false;
                        self.set_agent_identity();
                    } else if self.can_login() {
                        self.call(now, Call::Login { regenerate: false });
                        return;
                    } else {
                        let e = Error::Auth {
                            step: AuthStep::Refresh,
                            status: None,
                            code: None,
                            message: "the given agent session is no longer valid and no authData was given to log in again".into(),
                        };
                        self.attempt_failed(now, e);
                        return;
                    }
                }
                if !self.session_validated {
                    // An existing session is refreshed first: that proves it is alive and
                    // keeps it so (LivePerson's client does the same).
                    self.call(now, Call::Refresh { validate: true });
                    return;
                }
            }
        }
        self.call(now, Call::OpenSocket);
    }

    fn can_login(&self) -> bool {
        matches!(
            self.cfg.credentials,
            Credentials::BrandPassword { .. } | Credentials::BrandApiKey { .. }
        )
    }

    fn set_agent_identity(&mut self) {
        if let Some(u) = self.session.as_ref().and_then(|s| s.user_id.clone()) {
            if self.cfg.agent_id.is_none() {
                self.agent_id = Some(format!("{}.{}", self.cfg.account_id, u));
            }
            self.user_id = Some(u);
        }
        self.refresh_viewer();
    }

    /// Makes an HTTP call (or opens the socket) once its service's host is known.
    fn call(&mut self, now: Time, call: Call) {
        let svc = call.service(self.cfg.user_type);
        match self.csds.host(svc, now).map(str::to_owned) {
            Some(host) => self.dispatch(now, call, &host),
            None => {
                self.waiting_host.push(call);
                if self.csds.begin(svc) {
                    let id = self.http_id();
                    let url = csds::lookup_url(&self.cfg.csds_url, &self.cfg.account_id, svc);
                    self.http.insert(id, HttpPurpose::Csds(svc));
                    self.transmits.push_back(Transmit::Http(HttpRequest {
                        id,
                        method: HttpMethod::Get,
                        url,
                        headers: vec![("Accept".into(), "application/json".into())],
                        body: vec![],
                    }));
                }
            }
        }
    }

    fn http_id(&mut self) -> HttpId {
        self.next_http += 1;
        HttpId(self.next_http)
    }

    fn dispatch(&mut self, now: Time, call: Call, host: &str) {
        let plain = self.cfg.plain;
        let origin = csds::origin(host, plain, false);
        let acct = self.cfg.account_id.clone();
        let id = self.http_id();
        let bearer_headers = |s: &Option<BrandSession>| -> Vec<(String, String)> {
            let mut h = vec![("Content-Type".to_owned(), "application/json".to_owned())];
            if let Some(s) = s {
                h.push((
                    "Authorization".into(),
                    format!("Bearer {}", s.bearer.expose()),
                ));
            }
            h
        };
        let req = match &call {
            Call::OpenSocket => {
                self.open_socket(host);
                return;
            }
            Call::Idp(c) => consumer::http_request(id, c, &origin, &acct),
            Call::Login { .. } => {
                match brand::login_request(id, &origin, &acct, &self.cfg.credentials) {
                    Some(r) => r,
                    None => return,
                }
            }
            Call::Refresh { .. } => match &self.session {
                Some(s) => brand::refresh_request(id, &origin, &acct, s),
                None => return,
            },
            Call::ShiftStatus(_) => HttpRequest {
                id,
                method: HttpMethod::Get,
                url: format!("{origin}/api/account/{acct}/shift-status"),
                headers: bearer_headers(&self.session),
                body: vec![],
            },
            Call::MsgStats(_, agent) => {
                let user = self
                    .session
                    .as_ref()
                    .and_then(|s| s.user_id.clone())
                    .unwrap_or_default();
                let path = if *agent {
                    format!("/agents/{user}")
                } else {
                    String::new()
                };
                HttpRequest {
                    id,
                    method: HttpMethod::Get,
                    url: format!(
                        "{origin}/api/messaging/rest/reporting/brands/{acct}{path}/msgstatistics?v=1&_={}",
                        now.0
                    ),
                    headers: bearer_headers(&self.session),
                    body: vec![],
                }
            }
            Call::SwiftPut(_, path, q, data) => HttpRequest {
                id,
                method: HttpMethod::Put,
                url: swift_url(&origin, path, q),
                headers: vec![],
                body: data.clone(),
            },
            Call::SwiftGet(_, path, q) => HttpRequest {
                id,
                method: HttpMethod::Get,
                url: swift_url(&origin, path, q),
                headers: vec![],
                body: vec![],
            },
        };
        self.http.insert(id, HttpPurpose::Call(call));
        self.transmits.push_back(Transmit::Http(req));
    }

    fn open_socket(&mut self, host: &str) {
        let origin = csds::origin(host, self.cfg.plain, true);
        let acct = &self.cfg.account_id;
        let track = format!(
            "&intid={INTEGRATION_ID}&intvn={INTEGRATION_VERSION}&appid={}&appvn={}",
            url_encode(&self.cfg.app_id),
            url_encode(&self.cfg.app_version)
        );
        let url = match self.cfg.user_type {
            UserType::Consumer => {
                format!("{origin}/ws_api/account/{acct}/messaging/consumer?v=3{track}")
            }
            UserType::Brand => {
                let bearer = self
                    .session
                    .as_ref()
                    .map(|s| s.bearer.expose().to_owned())
                    .unwrap_or_default();
                format!("{origin}/ws_api/account/{acct}/messaging/brand/{bearer}?v=2.1{track}")
            }
        };
        self.next_socket += 1;
        let id = SocketId(self.next_socket);
        self.socket = Some(Socket { id, opened: false });
        self.transmits.push_back(Transmit::OpenSocket {
            id,
            url,
            headers: vec![],
        });
    }

    /// A connection attempt failed: retry on the schedule, or give up.
    fn attempt_failed(&mut self, now: Time, err: Error) {
        let Some(series) = self.series else {
            self.emit(Event::Error { error: err });
            return;
        };
        self.last_error = Some(err.clone());
        if let Some(s) = self.socket.take() {
            self.transmits.push_back(Transmit::CloseSocket {
                id: s.id,
                code: 1000,
                reason: "connection attempt failed".into(),
            });
        }
        self.setup = None;
        for p in self
            .tracker
            .remove_where(|p| !matches!(p, Purpose::User(..)))
        {
            self.fail_purpose(p.purpose, err.clone());
        }
        self.http
            .retain(|_, p| !matches!(p, HttpPurpose::Call(c) if c.is_connect()));
        self.waiting_host.retain(|c| !c.is_connect());
        self.csds.cancel_all();
        let retry = self.cfg.maintain_connection && err.is_transient();
        let wait = self.backoff.next_wait();
        let past_deadline = self.series_deadline.is_some_and(|d| now.plus_ms(wait) > d);
        if retry && !past_deadline {
            if series == Series::Reconnect {
                // Waiting for the next attempt; requests keep queueing.
                self.set_state(ConnectionState::Disconnected);
            }
            self.emit(Event::FailedToConnect {
                error: err,
                will_retry: true,
            });
            self.schedule_retry(now, wait);
            return;
        }
        let final_err = if retry {
            Error::ConnectTimeout {
                timeout_ms: self.cfg.connect_timeout,
                last: Box::new(err),
            }
        } else {
            err
        };
        self.emit(Event::FailedToConnect {
            error: final_err.clone(),
            will_retry: false,
        });
        if series != Series::Open {
            self.emit(Event::Error {
                error: final_err.clone(),
            });
        }
        self.shutdown(final_err);
        self.set_state(ConnectionState::FailedToConnect);
    }

    // ------------------------------------------------------------------ HTTP input

    /// An HTTP exchange finished (`Ok`, any status) or failed without a response (`Err`).
    pub fn handle_http_response(
        &mut self,
        now: Time,
        id: HttpId,
        result: Result<HttpResponse, HttpFailure>,
    ) {
        let Some(purpose) = self.http.remove(&id) else {
            return; // cancelled
        };
        match purpose {
            HttpPurpose::Csds(svc) => self.on_csds(now, svc, result),
            HttpPurpose::Call(call) => self.on_call(now, call, result),
        }
    }

    fn on_csds(&mut self, now: Time, svc: &'static str, result: Result<HttpResponse, HttpFailure>) {
        let host = match &result {
            Ok(r) if is_success(r) => csds::parse_answer(&r.body, svc),
            _ => None,
        };
        match host {
            Some(h) => {
                self.csds.store(svc, h.clone(), now);
                let (ready, rest): (Vec<Call>, Vec<Call>) = std::mem::take(&mut self.waiting_host)
                    .into_iter()
                    .partition(|c| c.service(self.cfg.user_type) == svc);
                self.waiting_host = rest;
                for c in ready {
                    self.dispatch(now, c, &h);
                }
            }
            None => {
                self.csds.failed(svc);
                let err = match result {
                    Ok(r) if is_success(&r) => Error::Http {
                        service: format!("CSDS {svc}"),
                        status: Some(r.status),
                        code: None,
                        message: "the answer has no baseURI".into(),
                    },
                    Ok(r) => {
                        let (message, code) = error_details(&r, &[]);
                        Error::Http {
                            service: format!("CSDS {svc}"),
                            status: Some(r.status),
                            code,
                            message,
                        }
                    }
                    Err(f) => Error::Http {
                        service: format!("CSDS {svc}"),
                        status: None,
                        code: None,
                        message: self.scrubbed(&f.message),
                    },
                };
                let (failed, rest): (Vec<Call>, Vec<Call>) = std::mem::take(&mut self.waiting_host)
                    .into_iter()
                    .partition(|c| c.service(self.cfg.user_type) == svc);
                self.waiting_host = rest;
                let mut connect_failed = false;
                for c in failed {
                    if c.is_connect() {
                        connect_failed = true;
                    } else {
                        self.call_failed(now, c, err.clone());
                    }
                }
                if connect_failed {
                    self.attempt_failed(now, err);
                }
            }
        }
    }

    fn call_failed(&mut self, now: Time, call: Call, err: Error) {
        match call {
            c if c.is_connect() => self.attempt_failed(now, err),
            Call::Login { regenerate: true } => {
                self.emit(Event::Error { error: err });
                // Try again on the refresh cadence; a reconnect will also log in.
                self.refresh_at = Some(now.plus_ms(REFRESH_INTERVAL_MS));
            }
            Call::Refresh { .. } => {
                self.emit(Event::Error { error: err });
                self.refresh_at = Some(now.plus_ms(REFRESH_INTERVAL_MS));
            }
            Call::ShiftStatus(None) => self.emit(Event::Error { error: err }),
            c => {
                if let Some(cmd) = c.command() {
                    self.complete(cmd, Err(err));
                }
            }
        }
    }

    fn on_call(&mut self, now: Time, call: Call, result: Result<HttpResponse, HttpFailure>) {
        let resp = match result {
            Ok(r) => r,
            Err(f) => {
                let err = Error::Http {
                    service: call_name(&call).into(),
                    status: None,
                    code: None,
                    message: self.scrubbed(&f.message),
                };
                self.call_failed(now, call, err);
                return;
            }
        };
        let secrets = self.secrets();
        let secret_refs: Vec<&str> = secrets.iter().map(String::as_str).collect();
        match call {
            Call::Idp(idp) => {
                let step = match &idp {
                    IdpCall::Signup => AuthStep::Signup,
                    IdpCall::AnonymousAuthorize => AuthStep::AnonymousAuthorize,
                    IdpCall::ConnectorCode {
                        lp_jwt: Some(_), ..
                    } => AuthStep::StepUp,
                    _ => AuthStep::ConnectorAuthenticate,
                };
                let token = if is_success(&resp) {
                    consumer::token_of(&resp)
                } else {
                    None
                };
                match token {
                    None => {
                        let mut err = if is_success(&resp) {
                            Error::Http {
                                service: step.to_string(),
                                status: Some(resp.status),
                                code: None,
                                message: "the answer has no token".into(),
                            }
                        } else {
                            auth_failure(step, &resp, &secret_refs)
                        };
                        if resp.status == 428 && step == AuthStep::AnonymousAuthorize {
                            err = Error::Auth {
                                step,
                                status: Some(428),
                                code: None,
                                message: format!(
                                    "unAuth messaging feature is not enabled for accountId: {}",
                                    self.cfg.account_id
                                ),
                            };
                        }
                        if step == AuthStep::StepUp {
                            self.step_up_code = None;
                        }
                        self.attempt_failed(now, err);
                    }
                    Some(t) => {
                        match idp {
                            IdpCall::AnonymousAuthorize => self.external_token = Some(t),
                            IdpCall::ConnectorCode {
                                lp_jwt: Some(_), ..
                            } => {
                                self.step_up_code = None;
                                self.set_jwt(t);
                            }
                            _ => self.set_jwt(t),
                        }
                        self.advance(now);
                    }
                }
            }
            Call::Login { regenerate } => match is_success(&resp)
                .then(|| brand::parse_login(&resp))
                .flatten()
            {
                Some(s) => {
                    let was_regen = regenerate || self.ever_connected;
                    self.session = Some(s);
                    self.session_validated = true;
                    self.set_agent_identity();
                    self.refresh_at = Some(now.plus_ms(REFRESH_INTERVAL_MS));
                    if was_regen {
                        let agent_id = self.agent_id.clone();
                        self.emit(Event::TokenRegenerated { agent_id });
                    }
                    self.wake_token_waiters();
                    self.advance(now);
                }
                None => {
                    let err = if is_success(&resp) {
                        let (message, code) = error_details(&resp, &secret_refs);
                        Error::Auth {
                            step: AuthStep::Login,
                            status: Some(resp.status),
                            code,
                            message,
                        }
                    } else {
                        auth_failure(AuthStep::Login, &resp, &secret_refs)
                    };
                    self.call_failed(now, Call::Login { regenerate }, err);
                }
            },
            Call::Refresh { validate } => {
                if is_success(&resp) {
                    self.session_validated = true;
                    self.refresh_at = Some(now.plus_ms(REFRESH_INTERVAL_MS));
                    self.emit(Event::RefreshToken);
                    if validate {
                        self.set_agent_identity();
                        self.wake_token_waiters();
                        self.advance(now);
                    }
                } else if resp.status == 401 || resp.status == 403 {
                    self.emit(Event::TokenInvalid {
                        source: TokenSource::RefreshToken,
                    });
                    self.session = None;
                    self.session_validated = false;
                    self.refresh_at = None;
                    if validate {
                        if self.can_login() {
                            self.advance(now);
                        } else {
                            let err = auth_failure(AuthStep::Refresh, &resp, &secret_refs);
                            self.attempt_failed(now, err);
                        }
                    } else if self.can_login() {
                        self.call(now, Call::Login { regenerate: true });
                    } else {
                        let err = auth_failure(AuthStep::Refresh, &resp, &secret_refs);
                        self.emit(Event::Error { error: err });
                    }
                } else {
                    let err = auth_failure(AuthStep::Refresh, &resp, &secret_refs);
                    self.call_failed(now, Call::Refresh { validate }, err);
                }
            }
            Call::OpenSocket => {}
            Call::ShiftStatus(cmd) => {
                if is_success(&resp) {
                    let skills: Value = serde_json::from_slice(&resp.body).unwrap_or(Value::Null);
                    self.emit(Event::ShiftStatus {
                        skills: skills.clone(),
                    });
                    let events = self.model.ingest_shift_status_json(&skills);
                    self.model_events(events);
                    if let Some(c) = cmd {
                        self.complete(c, Ok(CommandOutput::ShiftStatus { skills }));
                    }
                } else {
                    if resp.status == 401 {
                        self.token_invalid_http(now, TokenSource::ShiftStatus);
                    }
                    let (message, code) = error_details(&resp, &secret_refs);
                    let err = Error::Http {
                        service: "shift status".into(),
                        status: Some(resp.status),
                        code,
                        message,
                    };
                    self.call_failed(now, Call::ShiftStatus(cmd), err);
                }
            }
            Call::MsgStats(cmd, _) => {
                if is_success(&resp) {
                    let body: Value = serde_json::from_slice(&resp.body).unwrap_or(Value::Null);
                    self.complete(cmd, Ok(CommandOutput::Body { body }));
                } else {
                    let (message, code) = error_details(&resp, &secret_refs);
                    self.complete(
                        cmd,
                        Err(Error::Http {
                            service: "message statistics".into(),
                            status: Some(resp.status),
                            code,
                            message,
                        }),
                    );
                }
            }
            Call::SwiftPut(cmd, path, ..) => {
                if is_success(&resp) {
                    self.complete(
                        cmd,
                        Ok(CommandOutput::Uploaded {
                            relative_path: path,
                        }),
                    );
                } else {
                    let (message, code) = error_details(&resp, &secret_refs);
                    self.complete(
                        cmd,
                        Err(Error::Http {
                            service: "file upload".into(),
                            status: Some(resp.status),
                            code,
                            message,
                        }),
                    );
                }
            }
            Call::SwiftGet(cmd, path, ..) => {
                if is_success(&resp) {
                    let filename = path
                        .rsplit('/')
                        .next()
                        .map(str::to_owned)
                        .filter(|s| !s.is_empty());
                    self.complete(
                        cmd,
                        Ok(CommandOutput::File {
                            data: resp.body,
                            filename,
                        }),
                    );
                } else {
                    let (message, code) = error_details(&resp, &secret_refs);
                    self.complete(
                        cmd,
                        Err(Error::Http {
                            service: "file download".into(),
                            status: Some(resp.status),
                            code,
                            message,
                        }),
                    );
                }
            }
        }
    }

    /// A REST service refused the brand bearer: regenerate it.
    fn token_invalid_http(&mut self, now: Time, source: TokenSource) {
        self.emit(Event::TokenInvalid { source });
        let login_running = self
            .http
            .values()
            .any(|p| matches!(p, HttpPurpose::Call(Call::Login { .. })));
        if self.can_login() && !login_running {
            self.session_validated = false;
            self.call(now, Call::Login { regenerate: true });
        }
    }

    fn set_jwt(&mut self, t: Secret) {
        let regenerated = self.ever_connected;
        if let Some(sub) = consumer::jwt_subject(t.expose()) {
            self.user_id = Some(sub);
        }
        self.jwt = Some(t);
        self.jwt_fresh = true;
        self.refresh_viewer();
        if regenerated {
            let agent_id = self.user_id.clone();
            self.emit(Event::TokenRegenerated { agent_id });
        }
        self.wake_token_waiters();
    }

    fn wake_token_waiters(&mut self) {
        if let Some(t) = self.token().cloned() {
            for c in std::mem::take(&mut self.token_waiters) {
                self.complete(c, Ok(CommandOutput::Token { token: t.clone() }));
            }
        }
    }

    // ------------------------------------------------------------------ socket input

    /// The socket `id` is open.
    pub fn handle_socket_opened(&mut self, now: Time, id: SocketId) {
        let Some(s) = self.socket.as_mut().filter(|s| s.id == id) else {
            return;
        };
        s.opened = true;
        let (mt, body, headers) = match self.cfg.user_type {
            UserType::Consumer => {
                let mut props = json!({"type": ".ams.headers.ClientProperties"});
                if let (Some(obj), Some(Value::Object(p))) =
                    (props.as_object_mut(), &self.cfg.client_properties)
                {
                    for (k, v) in p {
                        if k != "type" {
                            obj.insert(k.clone(), v.clone());
                        }
                    }
                }
                let jwt = self
                    .jwt
                    .as_ref()
                    .map(|j| j.expose().to_owned())
                    .unwrap_or_default();
                let headers =
                    json!([{"type": ".ams.headers.ConsumerAuthentication", "jwt": jwt}, props]);
                (MessageType::InitConnection, json!({}), Some(headers))
            }
            UserType::Brand => {
                let agent = self.agent_id.clone().unwrap_or_default();
                (MessageType::GetUserProfile, json!({"userId": agent}), None)
            }
        };
        let type_name = self.name_of(mt);
        self.send_now(
            now,
            Outgoing {
                type_name,
                body,
                headers,
                metadata: None,
                purpose: Purpose::Verify,
            },
        );
    }

    /// The socket `id` could not be opened (upgrade refused, network failure).
    pub fn handle_socket_failed(&mut self, now: Time, id: SocketId, failure: SocketFailure) {
        if self.socket.as_ref().is_none_or(|s| s.id != id) {
            return;
        }
        self.socket = None;
        let err = match failure {
            SocketFailure::UpgradeRefused { status: 401 | 403 } => {
                self.emit(Event::TokenInvalid {
                    source: TokenSource::WebsocketOpen,
                });
                if self.token_was_fresh() {
                    Error::Auth {
                        step: AuthStep::Socket,
                        status: Some(401),
                        code: None,
                        message: "the messaging socket refused a token just issued".into(),
                    }
                } else {
                    // A reused token was refused: drop it and get a new one right away.
                    self.drop_token();
                    self.advance(now);
                    return;
                }
            }
            SocketFailure::UpgradeRefused { status } => Error::Socket {
                what: "upgrade refused".into(),
                code: Some(status),
                reason: None,
            },
            SocketFailure::Network { message } => Error::Socket {
                what: "could not be opened".into(),
                code: None,
                reason: Some(self.scrubbed(&message)),
            },
        };
        if self.series.is_some() {
            self.attempt_failed(now, err);
        }
    }

    fn token_was_fresh(&self) -> bool {
        match self.cfg.user_type {
            UserType::Consumer => self.jwt_fresh,
            UserType::Brand => {
                self.session_validated
                    && self.session_option_used
                    && self.cfg.agent_session.is_some()
                    && !self.can_login()
                    || self.jwt_fresh
            }
        }
    }

    fn drop_token(&mut self) {
        match self.cfg.user_type {
            UserType::Consumer => {
                self.jwt = None;
                self.external_token = None;
            }
            UserType::Brand => {
                self.session = None;
                self.session_validated = false;
                self.refresh_at = None;
            }
        }
    }

    /// The socket `id` closed (by the server or the network).
    pub fn handle_socket_closed(&mut self, now: Time, id: SocketId, code: u16, reason: &str) {
        let Some(sock) = self.socket.as_ref().filter(|s| s.id == id) else {
            return;
        };
        let opened = sock.opened;
        self.socket = None;
        let reason = self.scrubbed(reason);
        let auth_code = AUTH_CLOSE_CODES.contains(&code)
            || (code == 1005 && reason.contains("identity token is invalid"));
        if self.state == ConnectionState::Connected {
            self.on_drop(now, code, reason, auth_code);
            return;
        }
        if self.series.is_none() {
            return;
        }
        // Closed while connecting.
        if auth_code {
            self.emit(Event::TokenInvalid {
                source: TokenSource::WebsocketOpen,
            });
            if !self.token_was_fresh() {
                self.drop_token();
                self.advance(now);
                return;
            }
            let err = Error::Auth {
                step: AuthStep::Socket,
                status: Some(code),
                code: None,
                message: format!("Authentication failure - Invalid Token ({reason})"),
            };
            self.attempt_failed(now, err);
            return;
        }
        let what = if opened {
            "was established, but immediately closed"
        } else {
            "closed before opening"
        };
        self.attempt_failed(
            now,
            Error::Socket {
                what: what.into(),
                code: Some(code),
                reason: Some(reason),
            },
        );
    }

    /// An unexpected close of a connected socket.
    fn on_drop(&mut self, now: Time, code: u16, reason: String, auth_code: bool) {
        self.keepalive.stop();
        for p in self.tracker.drain() {
            let request_type = p.type_name.clone();
            self.fail_purpose(p.purpose, Error::ConnectionLost { request_type });
        }
        self.subs.disconnected();
        self.setup = None;
        self.dropped_at = Some(now);
        if auth_code {
            self.emit(Event::TokenInvalid {
                source: TokenSource::WebsocketClose,
            });
            self.drop_token();
        }
        if !self.cfg.maintain_connection {
            self.shutdown(Error::Socket {
                what: "closed".into(),
                code: Some(code),
                reason: Some(reason.clone()),
            });
            self.set_state(ConnectionState::Closed);
            self.emit(Event::Close { code, reason });
            return;
        }
        self.set_state(ConnectionState::Disconnected);
        self.emit(Event::Disconnect { code, reason });
        self.start_series(now, Series::Reconnect);
    }

    /// One text frame arrived on socket `id`.
    pub fn handle_socket_text(&mut self, now: Time, id: SocketId, text: &str) {
        if self.socket.as_ref().is_none_or(|s| s.id != id) {
            return;
        }
        match Frame::parse(text) {
            Ok(Frame::Response(r)) => {
                let keep = now.plus_ms(self.cfg.response_timeout);
                if let Some((p, r)) = self.tracker.take(r, keep) {
                    self.on_response(now, p, r);
                }
            }
            Ok(Frame::Notification(n)) => {
                let raw = serde_json::from_str(text).unwrap_or(Value::Null);
                self.on_notification(now, n, raw);
            }
            Ok(Frame::Request(r)) => self.emit(Event::Error {
                error: Error::Protocol(format!(
                    "the server sent a request frame ({})",
                    r.type_name
                )),
            }),
            Err(e) => self.emit(Event::Error {
                error: Error::Protocol(format!("malformed frame: {e}")),
            }),
        }
    }

    // ------------------------------------------------------------------ requests

    fn name_of(&self, mt: MessageType) -> String {
        mt.name(self.version).unwrap_or_default().to_owned()
    }

    fn typed(
        &mut self,
        now: Time,
        mt: MessageType,
        body: Value,
        purpose: Purpose,
    ) -> Result<(), Error> {
        let Some(name) = mt.name(self.version) else {
            return Err(Error::Unsupported(format!(
                "{mt:?} is not available on API version {}",
                self.version
            )));
        };
        self.request(now, name.to_owned(), body, None, None, purpose)
    }

    /// Sends a user-level request now, queues it while disconnected, or refuses it.
    fn request(
        &mut self,
        now: Time,
        type_name: String,
        body: Value,
        metadata: Option<Value>,
        headers: Option<Value>,
        purpose: Purpose,
    ) -> Result<(), Error> {
        let out = Outgoing {
            type_name,
            body,
            headers,
            metadata,
            purpose,
        };
        match self.state {
            ConnectionState::Connected => {
                self.send_now(now, out);
                Ok(())
            }
            ConnectionState::Connecting | ConnectionState::Disconnected
                if self.cfg.maintain_connection || self.state == ConnectionState::Connecting =>
            {
                let within = self
                    .dropped_at
                    .is_none_or(|d| now.since(d) <= self.cfg.max_request_queue_time)
                    || self.state == ConnectionState::Connecting && !self.ever_connected;
                if !within {
                    return Err(Error::NotConnected {
                        request_type: out.type_name,
                        state: self.state.to_string(),
                    });
                }
                self.queue
                    .push(out, now.plus_ms(self.cfg.request_queue_timeout));
                Ok(())
            }
            _ => Err(Error::NotConnected {
                request_type: out.type_name,
                state: self.state.to_string(),
            }),
        }
    }

    /// Puts a request on the socket and tracks its response.
    fn send_now(&mut self, now: Time, out: Outgoing<Purpose>) {
        let Some(sock) = self.socket.clone() else {
            let request_type = out.type_name.clone();
            self.fail_purpose(out.purpose, Error::ConnectionLost { request_type });
            return;
        };
        let id = self.rng.uuid_v4();
        self.transmits.push_back(Transmit::SendText {
            id: sock.id,
            text: out.to_frame(&id),
        });
        let pending = Pending {
            purpose: out.purpose,
            type_name: out.type_name,
            deadline: now.plus_ms(self.cfg.response_timeout),
        };
        if let Some((p, r)) = self.tracker.register(id, pending) {
            self.on_response(now, p, r);
        }
    }

    fn subscribe(
        &mut self,
        now: Time,
        h: SubscriptionHandle,
        cmd: Option<CommandId>,
    ) -> Result<(), Error> {
        let Some(sub) = self.subs.get_mut(h) else {
            return Err(Error::Invalid {
                command: "subscribe".into(),
                message: format!("unknown subscription {}", h.0),
            });
        };
        let body = sub.info.query.clone();
        let kind = sub.info.kind;
        if sub.info.state == SubscriptionState::Disconnected {
            sub.info.state = SubscriptionState::Resubscribing;
        }
        let mt = match kind {
            SubscriptionKind::Conversation => MessageType::SubscribeExConversations,
            SubscriptionKind::RoutingTask => MessageType::SubscribeRoutingTasks,
            SubscriptionKind::AgentState => MessageType::SubscribeAgentsState,
        };
        let r = self.typed(now, mt, body, Purpose::Subscribe(h, cmd));
        if r.is_err() {
            self.subs.subs.remove(&h);
        }
        r
    }

    fn unsubscribe(
        &mut self,
        now: Time,
        h: SubscriptionHandle,
        cmd: Option<CommandId>,
    ) -> Result<(), Error> {
        let Some(sub) = self.subs.get_mut(h) else {
            return Err(Error::Invalid {
                command: "unsubscribe".into(),
                message: format!("unknown subscription {}", h.0),
            });
        };
        let kind = sub.info.kind;
        let wire = sub.info.subscription_id.clone();
        match (kind, wire) {
            (SubscriptionKind::Conversation, Some(w)) => {
                sub.info.state = SubscriptionState::Unsubscribing;
                self.typed(
                    now,
                    MessageType::UnsubscribeExConversations,
                    json!({"subscriptionId": w}),
                    Purpose::Unsubscribe(h, cmd),
                )
            }
            _ => {
                // Routing and agent-state subscriptions have no unsubscribe request on the
                // wire; a subscription not currently on the socket needs none either. Forget
                // it so it is not re-created.
                self.subs.subs.remove(&h);
                if let Some(c) = cmd {
                    self.complete(c, Ok(CommandOutput::Done));
                }
                Ok(())
            }
        }
    }

    fn on_response(&mut self, now: Time, p: Pending<Purpose>, r: Response) {
        let error = r.is_error().then(|| Error::Ums {
            request_type: p.type_name.clone(),
            code: r.code,
            message: self.scrubbed(&r.error_message().unwrap_or_default()),
        });
        match p.purpose {
            Purpose::Verify => match error {
                None => self.on_verified(now),
                Some(e) => {
                    let e = if r.code == 401 || r.code == 403 {
                        Error::Auth {
                            step: AuthStep::Socket,
                            status: Some(r.code),
                            code: None,
                            message: e.to_string(),
                        }
                    } else {
                        e
                    };
                    self.attempt_failed(now, e)
                }
            },
            Purpose::KeepAlive => {
                if let Some(t) = r
                    .body
                    .as_ref()
                    .and_then(|b| b.get("currentTime"))
                    .and_then(Value::as_i64)
                {
                    self.keepalive.on_clock(now, t);
                }
            }
            Purpose::Subscribe(h, cmd) => self.on_subscribed(now, h, cmd, &r, error),
            Purpose::Unsubscribe(h, cmd) => {
                self.subs.subs.remove(&h);
                self.model
                    .subscription_removed(&sub_key(h).as_str().into(), now);
                if let Some(c) = cmd {
                    self.complete(c, error.map_or(Ok(CommandOutput::Done), Err));
                }
            }
            Purpose::Messaging(conv, dialog) => {
                if let Some(e) = error {
                    self.subs.messaging.remove(&(conv, dialog));
                    self.emit(Event::Error { error: e });
                }
            }
            Purpose::RestoreAgentState | Purpose::Takeover => {
                if let Some(e) = error {
                    self.emit(Event::Error { error: e });
                }
            }
            Purpose::OwnProfile => {
                if let Some(e) = error {
                    self.emit(Event::Error { error: e });
                } else if let Some(b) = r.body.clone() {
                    if let Some(u) = b.get("userId").and_then(Value::as_str) {
                        self.user_id = Some(u.to_owned());
                        self.refresh_viewer();
                    }
                    self.user_profile = Some(b);
                }
                if self.setup == Some(Setup::Profile) {
                    self.setup = None;
                    self.finish_connect(now);
                }
            }
            Purpose::User(id, Expect::Model(mcmd)) => {
                let result = match mcmd.check(&r) {
                    Ok(mc::CommandOutput::Done) => Ok(CommandOutput::Done),
                    Ok(mc::CommandOutput::Sequence(sequence)) => {
                        Ok(CommandOutput::Sequence { sequence })
                    }
                    Ok(mc::CommandOutput::Records(records)) => {
                        if let Some(d) = &mcmd.dialog_id {
                            let events = self.model.ingest_query_messages(d, &records, now);
                            self.model_events(events);
                        }
                        Ok(CommandOutput::Records { records })
                    }
                    Err(ModelError::ErrorResponse { code, message }) => Err(Error::Ums {
                        request_type: p.type_name.clone(),
                        code,
                        message: self.scrubbed(&message),
                    }),
                    Err(e) => Err(domain_error(e, Some(&mcmd))),
                };
                self.complete(id, result);
            }
            Purpose::User(id, expect) => {
                let result = match error {
                    Some(e) => Err(e),
                    None => self.output(now, id, expect, &p.type_name, r),
                };
                if let Some(result) = result.transpose() {
                    self.complete(id, result);
                }
            }
        }
    }

    /// Turns a success response into a command output; `Ok(None)` when the command goes on
    /// (file transfers continue over HTTP).
    fn output(
        &mut self,
        now: Time,
        id: CommandId,
        expect: Expect,
        type_name: &str,
        r: Response,
    ) -> Result<Option<CommandOutput>, Error> {
        let body = r.body.clone().unwrap_or(Value::Null);
        let unexpected = |message: String| Error::Ums {
            request_type: type_name.to_owned(),
            code: r.code,
            message,
        };
        Ok(Some(match expect {
            Expect::Body => CommandOutput::Body { body },
            Expect::Done => CommandOutput::Done,
            Expect::Clock => CommandOutput::Clock {
                current_time: body
                    .get("currentTime")
                    .and_then(Value::as_i64)
                    .unwrap_or_default(),
            },
            Expect::Text(t) => {
                if body.as_str() == Some(t) {
                    CommandOutput::Done
                } else {
                    return Err(unexpected(
                        body.as_str()
                            .map_or_else(|| body.to_string(), str::to_owned),
                    ));
                }
            }
            Expect::AgentState(s) => {
                self.model.set_own_agent_state(AgentState::from(s.as_str()));
                self.agent_state = Some(s);
                CommandOutput::Done
            }
            Expect::UserProfile { own } => {
                if own {
                    self.user_profile = Some(body.clone());
                }
                CommandOutput::UserProfile { profile: body }
            }
            Expect::Conversation {
                subscribe_messaging,
            } => {
                // A string body with a success code is a refusal (LivePerson's client
                // treats it so).
                let Some(conv) = body
                    .get("conversationId")
                    .and_then(Value::as_str)
                    .map(str::to_owned)
                else {
                    return Err(unexpected(
                        body.as_str()
                            .map_or_else(|| body.to_string(), str::to_owned),
                    ));
                };
                if subscribe_messaging {
                    self.subscribe_messaging(now, &conv, &conv);
                }
                CommandOutput::Conversation {
                    conversation_id: conv,
                }
            }
            Expect::FileUrl => {
                let (relative_path, query_params) =
                    file_url(&body).ok_or_else(|| unexpected(body.to_string()))?;
                CommandOutput::FileUrl {
                    relative_path,
                    query_params,
                }
            }
            Expect::Upload(data) => {
                let (path, q) = file_url(&body).ok_or_else(|| unexpected(body.to_string()))?;
                self.call(now, Call::SwiftPut(id, path, q, data));
                return Ok(None);
            }
            Expect::Model(_) => CommandOutput::Done,
            Expect::Download => {
                let (path, q) = file_url(&body).ok_or_else(|| unexpected(body.to_string()))?;
                self.call(now, Call::SwiftGet(id, path, q));
                return Ok(None);
            }
        }))
    }

    fn on_subscribed(
        &mut self,
        now: Time,
        h: SubscriptionHandle,
        cmd: Option<CommandId>,
        r: &Response,
        error: Option<Error>,
    ) {
        let Some(sub) = self.subs.get_mut(h) else {
            return;
        };
        if let Some(e) = error {
            sub.info.state = SubscriptionState::FailedToSubscribe;
            let waiting = sub.waiting.take();
            let is_default = sub.info.is_default;
            if let Some(c) = cmd.or(waiting) {
                self.complete(c, Err(e.clone()));
            } else {
                self.emit(Event::Error { error: e.clone() });
            }
            if is_default && self.setup == Some(Setup::Subscription(h)) {
                self.attempt_failed(now, e);
            }
            return;
        }
        let wire = r
            .body
            .as_ref()
            .and_then(|b| b.get("subscriptionId"))
            .and_then(Value::as_str)
            .map(str::to_owned);
        sub.info.subscription_id = wire.clone();
        sub.info.state = SubscriptionState::Subscribed;
        // Its first notification may have come before this response.
        if let Some(n) = wire
            .as_ref()
            .and_then(|w| self.early_notifications.remove(w))
        {
            let changes = n
                .body
                .as_ref()
                .and_then(|b| b.get("changes"))
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            self.subscription_notification(now, h, &n, &changes);
        }
        let Some(sub) = self.subs.get_mut(h) else {
            return;
        };
        let wait = sub.waiting.is_some() && !sub.info.ready;
        if let Some(c) = cmd
            && !wait
        {
            self.complete(
                c,
                Ok(CommandOutput::Subscription {
                    handle: h,
                    subscription_id: wire,
                }),
            );
        }
        if self.setup == Some(Setup::Subscription(h))
            && (!self.cfg.wait_for_ready || self.is_ready(h))
        {
            self.after_subscription_setup(now);
        }
    }

    fn is_ready(&self, h: SubscriptionHandle) -> bool {
        self.subs.subs.get(&h).is_some_and(|s| s.info.ready)
    }

    fn subscribe_messaging(&mut self, now: Time, conv: &str, dialog: &str) {
        let key = (conv.to_owned(), dialog.to_owned());
        let from = match self.subs.messaging.get(&key) {
            Some(m) if m.active => return,
            Some(m) => m.last_sequence.map_or(0, |s| s + 1),
            None => 0,
        };
        self.subs.messaging.insert(
            key,
            MessagingSub {
                last_sequence: self
                    .subs
                    .messaging
                    .get(&(conv.to_owned(), dialog.to_owned()))
                    .and_then(|m| m.last_sequence),
                active: true,
            },
        );
        let body = json!({"conversationId": conv, "dialogId": dialog, "fromSeq": from});
        if let Err(e) = self.typed(
            now,
            MessageType::SubscribeMessagingEvents,
            body,
            Purpose::Messaging(conv.to_owned(), dialog.to_owned()),
        ) {
            self.emit(Event::Error { error: e });
        }
    }

    // ------------------------------------------------------------------ after verification

    fn on_verified(&mut self, now: Time) {
        self.jwt_fresh = false;
        self.wake_token_waiters();
        let reconnect = self.ever_connected;
        if self.cfg.user_type == UserType::Brand
            && self.cfg.poll_shift_status
            && self.shift_at.is_none()
        {
            // First poll right away (before the default subscription, as LivePerson's
            // client does); later polls about once a minute.
            self.call(now, Call::ShiftStatus(None));
            let first = self.rng.below(60_000);
            self.shift_at = Some(now.plus_ms(first.max(1)));
        }
        if !reconnect
            && self.cfg.create_default_subscription
            && self.subs.default_handle().is_none()
        {
            let q = self.cfg.default_subscription_query.to_wire();
            let h = self.subs.add(SubscriptionKind::Conversation, q, true, None);
            self.setup = Some(Setup::Subscription(h));
            self.send_subscribe_now(now, h);
            return;
        }
        // Re-create every subscription (UMS forgets them with the socket): conversation
        // subscriptions get new ids, routing-task and agent-state subscriptions come back too
        // (1.5.4 forgot routing tasks), and the agent state is re-applied.
        let handles: Vec<SubscriptionHandle> = self
            .subs
            .subs
            .values()
            .filter(|s| {
                matches!(
                    s.info.state,
                    SubscriptionState::Disconnected
                        | SubscriptionState::Initial
                        | SubscriptionState::Resubscribing
                ) && !s.one_shot
            })
            .map(|s| s.info.handle)
            .collect();
        for h in handles {
            self.send_subscribe_now(now, h);
        }
        if let (UserType::Brand, Some(state)) = (self.cfg.user_type, self.agent_state.clone()) {
            let agent = self.agent_id.clone().unwrap_or_default();
            let name = self.name_of(MessageType::SetAgentState);
            self.send_now(
                now,
                Outgoing {
                    type_name: name,
                    body: json!({"availability": state, "channels": ["MESSAGING"], "agentUserId": agent}),
                    headers: None,
                    metadata: None,
                    purpose: Purpose::RestoreAgentState,
                },
            );
        }
        if self.series != Some(Series::StepUp) {
            self.resubscribe_messaging(now);
        }
        self.after_subscription_setup(now);
    }

    fn send_subscribe_now(&mut self, now: Time, h: SubscriptionHandle) {
        let Some(sub) = self.subs.get_mut(h) else {
            return;
        };
        sub.info.state = if sub.info.state == SubscriptionState::Initial {
            SubscriptionState::Initial
        } else {
            SubscriptionState::Resubscribing
        };
        sub.info.ready = false;
        let body = sub.info.query.clone();
        let mt = match sub.info.kind {
            SubscriptionKind::Conversation => MessageType::SubscribeExConversations,
            SubscriptionKind::RoutingTask => MessageType::SubscribeRoutingTasks,
            SubscriptionKind::AgentState => MessageType::SubscribeAgentsState,
        };
        let type_name = self.name_of(mt);
        self.send_now(
            now,
            Outgoing {
                type_name,
                body,
                headers: None,
                metadata: None,
                purpose: Purpose::Subscribe(h, None),
            },
        );
    }

    fn resubscribe_messaging(&mut self, now: Time) {
        if self.cfg.user_type != UserType::Consumer {
            return;
        }
        let keys: Vec<(String, String)> = self
            .subs
            .messaging
            .iter()
            .filter(|(_, m)| !m.active)
            .map(|(k, _)| k.clone())
            .collect();
        for (c, d) in keys {
            self.subscribe_messaging_direct(now, &c, &d);
        }
    }

    /// Like [`subscribe_messaging`](Self::subscribe_messaging) but bypasses the
    /// connected-state check (used while the connection is being set up).
    fn subscribe_messaging_direct(&mut self, now: Time, conv: &str, dialog: &str) {
        let key = (conv.to_owned(), dialog.to_owned());
        let last = self.subs.messaging.get(&key).and_then(|m| m.last_sequence);
        self.subs.messaging.insert(
            key,
            MessagingSub {
                last_sequence: last,
                active: true,
            },
        );
        let name = self.name_of(MessageType::SubscribeMessagingEvents);
        self.send_now(
            now,
            Outgoing {
                type_name: name,
                body: json!({"conversationId": conv, "dialogId": dialog, "fromSeq": last.map_or(0, |s| s + 1)}),
                headers: None,
                metadata: None,
                purpose: Purpose::Messaging(conv.to_owned(), dialog.to_owned()),
            },
        );
    }

    /// Default subscription done (or not wanted): start keep-alive; consumers read their
    /// profile before `open()` completes.
    fn after_subscription_setup(&mut self, now: Time) {
        self.keepalive.start(now, self.cfg.keep_alive_interval);
        if self.cfg.user_type == UserType::Consumer {
            self.setup = Some(Setup::Profile);
            let name = self.name_of(MessageType::GetUserProfile);
            self.send_now(
                now,
                Outgoing {
                    type_name: name,
                    body: json!({}),
                    headers: None,
                    metadata: None,
                    purpose: Purpose::OwnProfile,
                },
            );
        } else {
            self.setup = None;
            self.finish_connect(now);
        }
    }

    fn finish_connect(&mut self, now: Time) {
        let series = self.series.take();
        self.retry_at = None;
        self.series_deadline = None;
        let reconnect = self.ever_connected;
        self.ever_connected = true;
        self.dropped_at = None;
        self.set_state(ConnectionState::Connected);
        if series == Some(Series::StepUp) {
            self.take_over(now);
            self.resubscribe_messaging(now);
        }
        for out in self.queue.drain() {
            self.send_now(now, out);
        }
        self.emit(Event::Connect);
        if let Some(c) = self.open_cmd.take() {
            self.complete(c, Ok(CommandOutput::Done));
        }
        if let Some(c) = self.step_up_cmd.take() {
            self.complete(c, Ok(CommandOutput::Done));
        }
        if reconnect && series == Some(Series::Reconnect) {
            self.emit(Event::Reconnect);
        }
    }

    // ------------------------------------------------------------------ step-up

    fn step_up(
        &mut self,
        now: Time,
        id: CommandId,
        connector: String,
        claims: Value,
    ) -> Result<(), Error> {
        if self.state != ConnectionState::Connected {
            return Err(Error::InvalidState {
                operation: "stepUp".into(),
                state: self.state.to_string(),
            });
        }
        if self.jwt.is_none() {
            return Err(Error::Invalid {
                command: "stepUp".into(),
                message: "no current consumer token to step up".into(),
            });
        }
        let code = encode_claims(&claims).map_err(|e| Error::Invalid {
            command: "stepUp".into(),
            message: e.to_string(),
        })?;
        self.step_up_cmd = Some(id);
        self.step_up_code = Some((connector, code));
        self.previous_user_id = self.user_id.clone();
        // Drop the socket ourselves and reconnect with the authenticated identity.
        self.keepalive.stop();
        for p in self.tracker.drain() {
            let request_type = p.type_name.clone();
            self.fail_purpose(p.purpose, Error::ConnectionLost { request_type });
        }
        if let Some(s) = self.socket.take() {
            self.transmits.push_back(Transmit::CloseSocket {
                id: s.id,
                code: 1000,
                reason: "step-up".into(),
            });
        }
        self.subs.disconnected();
        self.dropped_at = Some(now);
        self.set_state(ConnectionState::Connecting);
        self.start_series(now, Series::StepUp);
        Ok(())
    }

    fn take_over(&mut self, now: Time) {
        let (Some(old), Some(new)) = (self.previous_user_id.take(), self.user_id.clone()) else {
            return;
        };
        if old == new {
            return;
        }
        let mut convs: Vec<String> = self.subs.messaging.keys().map(|(c, _)| c.clone()).collect();
        convs.dedup();
        let name = self.name_of(MessageType::UpdateConversationField);
        for c in convs {
            self.send_now(
                now,
                Outgoing {
                    type_name: name.clone(),
                    body: json!({"conversationId": c, "conversationField": [
                        {"field":"ParticipantsChange","userId": old,"role":"CONSUMER","type":"REMOVE"},
                        {"field":"ParticipantsChange","userId": new,"role":"CONSUMER","type":"ADD"}]}),
                    headers: None,
                    metadata: None,
                    purpose: Purpose::Takeover,
                },
            );
        }
    }

    // ------------------------------------------------------------------ notifications

    /// Every notification goes through here: raw event, subscription bookkeeping
    /// (first notification, limit-break, consumer messaging subscriptions) and the model.
    fn on_notification(&mut self, now: Time, n: Notification, raw: Value) {
        self.emit(Event::Notification { notification: raw });
        let body = n.body.clone().unwrap_or(Value::Null);
        match n.message_type() {
            Some(MessageType::ExConversationChangeNotification) => {
                self.on_conversation_change(now, &n, &body)
            }
            Some(
                MessageType::MessagingEventNotification | MessageType::OnlineEventDistribution,
            ) => {
                self.on_messaging_events(&body);
                self.ingest(&n, IngestContext::at(now));
            }
            Some(MessageType::RoutingTaskNotification | MessageType::AgentStateNotification) => {
                if let Some(h) = body
                    .get("subscriptionId")
                    .and_then(Value::as_str)
                    .and_then(|w| self.subs.by_wire_id(w))
                {
                    self.first_notification(h);
                }
                self.ingest(&n, IngestContext::at(now));
            }
            _ => self.emit(Event::Error {
                error: Error::Protocol(format!("unexpected notification {}", n.type_name)),
            }),
        }
    }

    fn ingest(&mut self, n: &Notification, ctx: IngestContext) {
        let events = self.model.ingest(n, &ctx);
        self.model_events(events);
    }

    fn model_events(&mut self, events: Vec<ModelEvent>) {
        for event in events {
            self.emit(Event::Model { model: event });
        }
    }

    /// The model's context for a conversation notification of subscription `h`: child pages
    /// count as their parent's, and only a first notification of a parent is a snapshot.
    fn conversation_context(&self, now: Time, h: SubscriptionHandle) -> IngestContext {
        let sub = self.subs.subs.get(&h);
        let parent = sub.and_then(|s| s.info.parent);
        let snapshot = parent.is_none() && sub.is_some_and(|s| !s.info.ready);
        IngestContext::subscription(now, sub_key(parent.unwrap_or(h)), snapshot)
    }

    /// Marks a subscription ready; returns `true` on its first notification.
    fn first_notification(&mut self, h: SubscriptionHandle) -> bool {
        let Some(sub) = self.subs.get_mut(h) else {
            return false;
        };
        if sub.info.ready {
            return false;
        }
        sub.info.ready = true;
        let waiting = sub.waiting.take();
        let wire = sub.info.subscription_id.clone();
        let subscribed = sub.info.state == SubscriptionState::Subscribed;
        if let Some(c) = waiting {
            if subscribed {
                self.complete(
                    c,
                    Ok(CommandOutput::Subscription {
                        handle: h,
                        subscription_id: wire,
                    }),
                );
            } else if let Some(s) = self.subs.get_mut(h) {
                s.waiting = Some(c);
            }
        }
        self.emit(Event::SubscriptionReady { subscription: h });
        true
    }

    fn on_conversation_change(&mut self, now: Time, n: &Notification, body: &Value) {
        let changes = body
            .get("changes")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let wire = body.get("subscriptionId").and_then(Value::as_str);
        match wire.and_then(|w| self.subs.by_wire_id(w)) {
            Some(h) => self.subscription_notification(now, h, n, &changes),
            None => {
                // Before its subscription's response (or from an unknown subscription):
                // kept until the response names it.
                if let Some(w) = wire
                    && self.early_notifications.len() < 32
                {
                    self.early_notifications
                        .entry(w.to_owned())
                        .or_insert_with(|| n.clone());
                } else {
                    self.ingest(n, IngestContext::at(now));
                }
            }
        }
        if self.cfg.user_type == UserType::Consumer {
            for ch in &changes {
                self.track_dialogs(now, ch);
            }
        }
    }

    fn subscription_notification(
        &mut self,
        now: Time,
        h: SubscriptionHandle,
        n: &Notification,
        changes: &[Value],
    ) {
        let ctx = self.conversation_context(now, h);
        self.ingest(n, ctx);
        if self.first_notification(h) {
            self.limit_break(now, h, changes);
            if self.setup == Some(Setup::Subscription(h))
                && self
                    .subs
                    .subs
                    .get(&h)
                    .is_some_and(|s| s.info.state == SubscriptionState::Subscribed)
            {
                self.after_subscription_setup(now);
            }
        }
    }

    /// Consumer: subscribe to messaging events of each open dialog; forget closed ones.
    fn track_dialogs(&mut self, now: Time, change: &Value) {
        let result = change.get("result").unwrap_or(&Value::Null);
        let Some(conv) = result.get("convId").and_then(Value::as_str) else {
            return;
        };
        let details = result.get("conversationDetails").unwrap_or(&Value::Null);
        let closed = details.get("stage").and_then(Value::as_str) == Some("CLOSE")
            || change.get("type").and_then(Value::as_str) == Some("DELETE");
        let dialogs = details
            .get("dialogs")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        for d in dialogs {
            let Some(did) = d.get("dialogId").and_then(Value::as_str) else {
                continue;
            };
            let open = d.get("state").and_then(Value::as_str) == Some("OPEN") && !closed;
            let channel_ok = d
                .get("channelType")
                .and_then(Value::as_str)
                .is_none_or(|c| c == "MESSAGING");
            let key = (conv.to_owned(), did.to_owned());
            if open && channel_ok {
                if self.subs.messaging.contains_key(&key) {
                    continue;
                }
                if self.state == ConnectionState::Connected {
                    self.subscribe_messaging(now, conv, did);
                } else if self.series == Some(Series::StepUp) || self.socket.is_none() {
                    // Subscribed after the step-up takeover (or at the next connect).
                    self.subs.messaging.insert(
                        key,
                        MessagingSub {
                            last_sequence: None,
                            active: false,
                        },
                    );
                } else {
                    // Set-up of a verified socket: subscribe right away, as the snapshot
                    // arrives (README §1 step 6).
                    self.subscribe_messaging_direct(now, conv, did);
                }
            } else {
                self.subs.messaging.remove(&key);
            }
        }
        if closed {
            self.subs.messaging.retain(|(c, _), _| c != conv);
        }
    }

    fn on_messaging_events(&mut self, body: &Value) {
        let records: Vec<Value> = match body.get("changes").and_then(Value::as_array) {
            Some(c) => c.clone(),
            None => vec![body.clone()],
        };
        for r in records {
            let (Some(d), Some(seq)) = (
                r.get("dialogId").and_then(Value::as_str),
                r.get("sequence").and_then(Value::as_i64),
            ) else {
                continue;
            };
            for ((_, dialog), m) in self.subs.messaging.iter_mut() {
                if dialog == d && m.last_sequence.is_none_or(|s| seq > s) {
                    m.last_sequence = Some(seq);
                }
            }
        }
    }

    /// UMS returns at most ~1000 conversations in a first notification. From 900 on (a UMS
    /// bug makes the cap unreliable), page through older ones with one-shot child
    /// subscriptions limited by `maxLastUpdatedTime`.
    fn limit_break(&mut self, now: Time, h: SubscriptionHandle, changes: &[Value]) {
        let Some(sub) = self.subs.subs.get(&h).cloned() else {
            return;
        };
        if sub.info.kind != SubscriptionKind::Conversation {
            return;
        }
        let parent = sub.info.parent.unwrap_or(h);
        let n = changes.len();
        if sub.one_shot {
            // A page is done: drop the child subscription.
            let _ = self.unsubscribe(now, h, None);
        }
        if !self.cfg.limit_break_enabled {
            if n >= 1001 {
                self.emit(Event::Error {
                    error: Error::Protocol(format!(
                        "max number of changes: the first notification of subscription {} holds {n} conversations; older ones are missing (enable limitBreakEnabled)",
                        h.0
                    )),
                });
            }
            return;
        }
        let oldest = changes
            .iter()
            .filter_map(|c| {
                let r = c.get("result")?;
                r.pointer("/conversationDetails/metaDataLastUpdateTs")
                    .or_else(|| r.get("lastUpdateTime"))
                    .and_then(Value::as_i64)
            })
            .min();
        let max_time = oldest.map(|o| o + 10_000);
        let previous_max = sub
            .info
            .query
            .get("maxLastUpdatedTime")
            .and_then(Value::as_i64);
        // Only page when the window really moves back in time (guards against loops).
        let create = n >= LIMIT_BREAK_THRESHOLD
            && max_time.is_some_and(|m| previous_max.is_none_or(|p| m < p));
        self.emit(Event::LimitBreak {
            subscription: parent,
            creating_child_sub: create,
            conversation_limit_threshold: LIMIT_BREAK_THRESHOLD,
            notification_change_count: n,
            max_last_update_time: if create { max_time } else { None },
        });
        if create && let Some(m) = max_time {
            let mut q = self
                .subs
                .subs
                .get(&parent)
                .map(|s| s.info.query.clone())
                .unwrap_or_default();
            if let Some(o) = q.as_object_mut() {
                o.insert("maxLastUpdatedTime".into(), json!(m));
                o.insert("minLastUpdatedTime".into(), json!(0));
            }
            let child = self
                .subs
                .add(SubscriptionKind::Conversation, q, false, Some(parent));
            if let Err(e) = self.subscribe(now, child, None) {
                self.emit(Event::Error { error: e });
            }
        }
    }

    // ------------------------------------------------------------------ timers

    /// Call when [`poll_timeout`](Client::poll_timeout)'s time has come (calling early or
    /// late is harmless).
    pub fn handle_timeout(&mut self, now: Time) {
        if self.model.next_expiry().is_some_and(|t| t <= now) {
            self.model.expire(now);
        }
        for (_, p) in self.tracker.expire(now) {
            let err = Error::Timeout {
                request_type: p.type_name.clone(),
                timeout_ms: self.cfg.response_timeout,
            };
            match p.purpose {
                Purpose::Verify => self.attempt_failed(now, err),
                Purpose::KeepAlive => {
                    // No answer to the keep-alive: the socket is dead even if the OS has not
                    // noticed. Close it and reconnect.
                    if let Some(s) = self.socket.take() {
                        self.transmits.push_back(Transmit::CloseSocket {
                            id: s.id,
                            code: 4000,
                            reason: "keep-alive timeout".into(),
                        });
                        if self.state == ConnectionState::Connected {
                            self.on_drop(now, 1006, "keep-alive timeout".into(), false);
                        }
                    }
                }
                Purpose::Subscribe(h, cmd) if self.setup == Some(Setup::Subscription(h)) => {
                    if let Some(c) = cmd {
                        self.complete(c, Err(err.clone()));
                    }
                    self.attempt_failed(now, err);
                }
                Purpose::OwnProfile if self.setup == Some(Setup::Profile) => {
                    self.attempt_failed(now, err)
                }
                Purpose::User(..)
                | Purpose::Subscribe(_, Some(_))
                | Purpose::Unsubscribe(_, Some(_)) => self.fail_purpose(p.purpose, err),
                _ => self.emit(Event::Error { error: err }),
            }
        }
        for o in self.queue.expire(now) {
            let err = Error::QueueTimeout {
                request_type: o.type_name.clone(),
                timeout_ms: self.cfg.request_queue_timeout,
            };
            self.fail_purpose(o.purpose, err);
        }
        if self.retry_at.is_some_and(|t| t <= now) {
            self.retry_at = None;
            if self.series.is_some() {
                if self.state == ConnectionState::Disconnected {
                    self.set_state(ConnectionState::Connecting);
                }
                self.advance(now);
            }
        }
        if self.state == ConnectionState::Connected
            && self.keepalive.due(now, self.cfg.keep_alive_interval)
        {
            let name = self.name_of(MessageType::GetClock);
            self.send_now(
                now,
                Outgoing {
                    type_name: name,
                    body: json!({}),
                    headers: None,
                    metadata: None,
                    purpose: Purpose::KeepAlive,
                },
            );
        }
        if self.refresh_at.is_some_and(|t| t <= now) {
            self.refresh_at = None;
            if self.session.is_some() {
                self.call(now, Call::Refresh { validate: false });
            } else if self.can_login() {
                self.call(now, Call::Login { regenerate: true });
            }
        }
        if self.shift_at.is_some_and(|t| t <= now) {
            self.shift_at = Some(now.plus_ms(54_000 + self.rng.below(6_000)));
            if self.session.is_some() {
                self.call(now, Call::ShiftStatus(None));
            }
        }
    }
}

fn call_name(c: &Call) -> &'static str {
    match c {
        Call::Idp(IdpCall::Signup) => "IDP signup",
        Call::Idp(IdpCall::AnonymousAuthorize) => "IDP anonymous authorize",
        Call::Idp(_) => "IDP connector authenticate",
        Call::Login { .. } => "agentVep login",
        Call::Refresh { .. } => "agentVep session refresh",
        Call::OpenSocket => "websocket",
        Call::ShiftStatus(_) => "shift status",
        Call::MsgStats(..) => "message statistics",
        Call::SwiftPut(..) => "file upload",
        Call::SwiftGet(..) => "file download",
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
