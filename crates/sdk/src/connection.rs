//! [`Connection`]: one consumer or brand user's connection to the Messaging Platform.

use std::sync::{Arc, Mutex};

use lpm_core::connection::{
    Client, ClientOptions, Command, CommandOutput, ConnectionState, RawRequest, SubscriptionQuery,
    UserType,
};
use lpm_core::model::AgentState;
use serde::Deserialize;
use serde_json::Value;
use tokio::sync::{mpsc, oneshot};

use crate::conversation::Conversation;
use crate::driver::{self, Driver, Request};
use crate::error::{Error, Result};
use crate::events::{EventStream, Hub};
use crate::message::DownloadedFile;
use crate::options::{ConnectionBuilder, JwtClaimsSet};
use crate::proxy::ProxySetting;
use crate::ring::Ring;
use crate::skill::Skill;
use crate::subscription::Subscription;

/// State shared by a connection's handles; the driver task holds only a weak reference.
pub(crate) struct Shared {
    pub(crate) client: Arc<Mutex<Client>>,
    pub(crate) hub: Arc<Hub>,
    pub(crate) commands: mpsc::UnboundedSender<Request>,
}

/// A connection to the Messaging Platform, as a consumer or a brand user (agent or bot).
///
/// Cheap to clone; every clone and every handle made from it ([`Conversation`], [`Ring`], …)
/// talks to the same connection. When the last one is dropped the connection closes.
///
/// A consumer quick start:
///
/// ```no_run
/// # async fn demo() -> lp_messaging_sdk::Result<()> {
/// use lp_messaging_sdk::{Connection, Event, UserType};
/// let connection = Connection::builder("12345678", UserType::Consumer)
///     .app_id("quick_start")
///     .build()?;
/// connection.open().await?;
/// let conversation = connection.create_conversation().await?;
/// let mut events = conversation.events();
/// conversation.send_message("test").await?;
/// while let Some(Event::Message(m)) = events.next().await {
///     println!("{:?}", m.body());
///     break;
/// }
/// conversation.close().await?;
/// connection.close().await?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Connection {
    shared: Arc<Shared>,
}

impl std::fmt::Debug for Connection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Connection")
            .field("account_id", &self.account_id())
            .field("user_type", &self.user_type())
            .field("state", &self.state())
            .finish()
    }
}

/// What [`Connection::create_conversation_with`] accepts.
///
/// ```
/// use lp_messaging_sdk::NewConversation;
/// let n = NewConversation { skill_id: Some("12345678".into()), ..Default::default() };
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NewConversation {
    /// Skill (default: the account's default skill `-1`).
    pub skill_id: Option<String>,
    /// Conversation context (e.g. `{"type":"SharkContext","lang":"en-US",…}`).
    pub context: Option<Value>,
    /// Campaign info `{"campaignId":…, "engagementId":…}`.
    pub campaign_info: Option<Value>,
}

/// Messaging queue counters (`getMessageStatisticsForUser` / `…ForBrand`).
///
/// ```
/// let s: lp_messaging_sdk::MessageStatistics = serde_json::from_str(
///     r#"{"active":1,"pending":0,"unassigned":2,"overdue":0,"soonToOverdue":0}"#).unwrap();
/// assert_eq!(s.unassigned, 2);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MessageStatistics {
    /// Active conversations.
    #[serde(default)]
    pub active: u64,
    /// Pending.
    #[serde(default)]
    pub pending: u64,
    /// Unassigned.
    #[serde(default)]
    pub unassigned: u64,
    /// Overdue.
    #[serde(default)]
    pub overdue: u64,
    /// Soon to be overdue.
    #[serde(default)]
    pub soon_to_overdue: u64,
}

impl Connection {
    /// Starts building a connection for `account_id` as a consumer or brand user.
    ///
    /// ```
    /// use lp_messaging_sdk::{Connection, UserType};
    /// let builder = Connection::builder("12345678", UserType::Consumer).app_id("quick_start");
    /// ```
    pub fn builder(account_id: impl Into<String>, user_type: UserType) -> ConnectionBuilder {
        ConnectionBuilder::new(account_id, user_type)
    }

    pub(crate) fn start(
        options: ClientOptions,
        proxy: ProxySetting,
        roots: driver::Roots,
        token_source: Option<crate::token::SourceRef>,
    ) -> Result<Connection> {
        let client = Arc::new(Mutex::new(Client::new(options, driver::seed())?));
        let handle = tokio::runtime::Handle::try_current()
            .map_err(|_| Error::Invalid("a connection needs a tokio runtime".into()))?;
        let (tx, rx) = mpsc::unbounded_channel();
        let hub = Arc::new(Hub::default());
        let shared = Arc::new(Shared {
            client: client.clone(),
            hub: hub.clone(),
            commands: tx,
        });
        let driver = Driver::new(
            client,
            Arc::downgrade(&shared),
            hub,
            rx,
            proxy,
            roots,
            token_source,
        );
        handle.spawn(driver.run());
        Ok(Connection { shared })
    }

    pub(crate) fn from_shared(shared: Arc<Shared>) -> Connection {
        Connection { shared }
    }

    /// Reads the core's state.
    pub(crate) fn read<R>(&self, f: impl FnOnce(&Client) -> R) -> R {
        f(&driver::lock(&self.shared.client))
    }

    /// Runs a command on the connection's task and waits for its result.
    pub(crate) async fn run(&self, command: Command) -> Result<CommandOutput> {
        let name = command.name();
        let (reply, rx) = oneshot::channel();
        self.shared
            .commands
            .send(Request::Command {
                command: Box::new(command),
                reply,
            })
            .map_err(|_| Error::DriverGone)?;
        rx.await
            .map_err(|_| Error::DriverGone)?
            .map_err(|e| Error::command(name, e))
    }

    pub(crate) async fn run_done(&self, command: Command) -> Result<()> {
        self.run(command).await.map(|_| ())
    }

    /// Authenticates, connects and creates the default subscription.
    ///
    /// Refused credentials fail at once; network trouble is retried until the connect
    /// timeout (see [`ConnectionBuilder::connect_timeout`]).
    ///
    /// ```no_run
    /// # async fn demo(connection: lp_messaging_sdk::Connection) -> lp_messaging_sdk::Result<()> {
    /// connection.open().await?;
    /// # Ok(()) }
    /// ```
    pub async fn open(&self) -> Result<()> {
        self.run_done(Command::Open).await
    }

    /// Closes the connection (stops token refresh, keep-alive and reconnects).
    ///
    /// ```no_run
    /// # async fn demo(connection: lp_messaging_sdk::Connection) -> lp_messaging_sdk::Result<()> {
    /// connection.close().await?;
    /// # Ok(()) }
    /// ```
    pub async fn close(&self) -> Result<()> {
        self.run_done(Command::Close).await
    }

    /// The connection state.
    ///
    /// ```no_run
    /// # fn demo(connection: lp_messaging_sdk::Connection) {
    /// println!("{}", connection.state());
    /// # }
    /// ```
    pub fn state(&self) -> ConnectionState {
        self.read(|c| c.state())
    }

    /// The account id.
    ///
    /// ```no_run
    /// # fn demo(connection: lp_messaging_sdk::Connection) {
    /// println!("{}", connection.account_id());
    /// # }
    /// ```
    pub fn account_id(&self) -> String {
        self.read(|c| c.config().account_id.clone())
    }

    /// Consumer or brand.
    ///
    /// ```no_run
    /// # fn demo(connection: lp_messaging_sdk::Connection) {
    /// println!("{:?}", connection.user_type());
    /// # }
    /// ```
    pub fn user_type(&self) -> UserType {
        self.read(|c| c.config().user_type)
    }

    /// Brand: this agent's id `{accountId}.{userId}` (after `open`).
    ///
    /// ```no_run
    /// # fn demo(connection: lp_messaging_sdk::Connection) {
    /// println!("{:?}", connection.agent_id());
    /// # }
    /// ```
    pub fn agent_id(&self) -> Option<String> {
        self.read(|c| c.agent_id().map(str::to_owned))
    }

    /// Consumer id (consumer) or numeric user id (brand).
    ///
    /// ```no_run
    /// # fn demo(connection: lp_messaging_sdk::Connection) {
    /// println!("{:?}", connection.user_id());
    /// # }
    /// ```
    pub fn user_id(&self) -> Option<String> {
        self.read(|c| c.user_id().map(str::to_owned))
    }

    /// The id this user has as a conversation participant: the consumer id, or the brand
    /// user's participant id (what [`Participant::user_id`](crate::Participant::user_id) shows).
    ///
    /// ```no_run
    /// # fn demo(connection: lp_messaging_sdk::Connection) {
    /// println!("{:?}", connection.participant_id());
    /// # }
    /// ```
    pub fn participant_id(&self) -> Option<String> {
        self.read(|c| Some(c.model().viewer().user_id.clone()).filter(|u| !u.is_empty()))
    }

    /// Own profile, once read (consumers read it on open).
    ///
    /// ```no_run
    /// # fn demo(connection: lp_messaging_sdk::Connection) {
    /// println!("{:?}", connection.user_profile());
    /// # }
    /// ```
    pub fn user_profile(&self) -> Option<Value> {
        self.read(|c| c.user_profile().cloned())
    }

    /// Brand: the agent state last set (re-applied after reconnects).
    ///
    /// ```no_run
    /// # fn demo(connection: lp_messaging_sdk::Connection) {
    /// println!("{:?}", connection.agent_state());
    /// # }
    /// ```
    pub fn agent_state(&self) -> Option<AgentState> {
        self.read(|c| c.agent_state().map(AgentState::from))
    }

    /// The current token: the consumer's JWT (keep it to continue as the same consumer later,
    /// see [`ConnectionBuilder::token`]) or the brand bearer. Waits while one is being obtained.
    ///
    /// ```no_run
    /// # async fn demo(connection: lp_messaging_sdk::Connection) -> lp_messaging_sdk::Result<()> {
    /// let token = connection.token().await?;
    /// # Ok(()) }
    /// ```
    pub async fn token(&self) -> Result<String> {
        match self.run(Command::GetToken).await? {
            CommandOutput::Token { token } => Ok(token.expose().to_owned()),
            _ => Err(Error::Unavailable("no token".into())),
        }
    }

    /// Sends a raw UMS request and returns the response body. Type names are those of the
    /// socket's API version (brand `.ams.ms.PublishEvent`, consumer `ms.PublishEvent`).
    ///
    /// ```no_run
    /// # async fn demo(connection: lp_messaging_sdk::Connection) -> lp_messaging_sdk::Result<()> {
    /// let body = connection.send(".ams.ms.PublishEvent", serde_json::json!({
    ///     "dialogId": "MY_DIALOG_ID",
    ///     "event": {"type": "ContentEvent", "contentType": "text/plain", "message": "hello world!"}
    /// })).await?;
    /// # Ok(()) }
    /// ```
    pub async fn send(&self, type_name: impl Into<String>, body: Value) -> Result<Value> {
        self.send_request(RawRequest {
            type_name: type_name.into(),
            body: Some(body),
            headers: None,
            metadata: None,
        })
        .await
    }

    /// [`Connection::send`] with headers and request metadata.
    ///
    /// ```no_run
    /// # async fn demo(connection: lp_messaging_sdk::Connection) -> lp_messaging_sdk::Result<()> {
    /// use lp_messaging_sdk::RawRequest;
    /// let r = RawRequest { type_name: "GetClock".into(), body: None, headers: None, metadata: None };
    /// connection.send_request(r).await?;
    /// # Ok(()) }
    /// ```
    pub async fn send_request(&self, request: RawRequest) -> Result<Value> {
        match self.run(Command::Send { request }).await? {
            CommandOutput::Body { body } => Ok(body),
            _ => Ok(Value::Null),
        }
    }

    /// The server's clock (epoch ms).
    ///
    /// ```no_run
    /// # async fn demo(connection: lp_messaging_sdk::Connection) -> lp_messaging_sdk::Result<()> {
    /// let now = connection.clock().await?;
    /// # Ok(()) }
    /// ```
    pub async fn clock(&self) -> Result<i64> {
        match self.run(Command::GetClock).await? {
            CommandOutput::Clock { current_time } => Ok(current_time),
            _ => Err(Error::Unavailable("no clock in the answer".into())),
        }
    }

    /// Consumer: starts a conversation in the default skill.
    ///
    /// ```no_run
    /// # async fn demo(connection: lp_messaging_sdk::Connection) -> lp_messaging_sdk::Result<()> {
    /// let conversation = connection.create_conversation().await?;
    /// # Ok(()) }
    /// ```
    pub async fn create_conversation(&self) -> Result<Conversation> {
        self.create_conversation_with(NewConversation::default())
            .await
    }

    /// Consumer: starts a conversation with a skill, context or campaign.
    ///
    /// ```no_run
    /// # async fn demo(connection: lp_messaging_sdk::Connection) -> lp_messaging_sdk::Result<()> {
    /// use lp_messaging_sdk::NewConversation;
    /// let c = connection.create_conversation_with(NewConversation {
    ///     skill_id: Some("12345678".into()),
    ///     campaign_info: Some(serde_json::json!({"campaignId": "111", "engagementId": "222"})),
    ///     ..Default::default()
    /// }).await?;
    /// # Ok(()) }
    /// ```
    pub async fn create_conversation_with(&self, new: NewConversation) -> Result<Conversation> {
        self.created_conversation(Command::CreateConversation {
            skill_id: new.skill_id,
            context: new.context,
            campaign_info: new.campaign_info,
        })
        .await
    }

    /// Runs a command that creates a conversation and returns its handle.
    /// The core completes it once the conversation is held (or after `responseTimeout`).
    pub(crate) async fn created_conversation(&self, command: Command) -> Result<Conversation> {
        match self.run(command).await? {
            CommandOutput::Conversation { conversation_id } => {
                Ok(Conversation::new(self.clone(), conversation_id))
            }
            _ => Err(Error::Unavailable(
                "no conversation id in the answer".into(),
            )),
        }
    }

    /// Brand: opens a conversation with a known consumer (`AgentRequestConversation`), e.g. to
    /// follow up on a closed one with a `ProactiveContext`. Returns once the connection holds
    /// the new conversation (its subscription brings it), at most `responseTimeout` after the
    /// answer.
    ///
    /// ```no_run
    /// # async fn demo(connection: lp_messaging_sdk::Connection) -> lp_messaging_sdk::Result<()> {
    /// let c = connection.agent_request_conversation("consumer-id", Some("12"), None).await?;
    /// # Ok(()) }
    /// ```
    pub async fn agent_request_conversation(
        &self,
        consumer_id: impl Into<String>,
        skill_id: Option<&str>,
        context: Option<Value>,
    ) -> Result<Conversation> {
        self.created_conversation(Command::AgentRequestConversation {
            consumer_id: consumer_id.into(),
            skill_id: skill_id.map(str::to_owned),
            context,
            ttr_def_name: None,
        })
        .await
    }

    /// REST connection ([`ConnectionType::Rest`](crate::ConnectionType::Rest)): reads a
    /// conversation with UMS REST v1 (`GET /v1/conversations/{id}`), merges it into the
    /// connection's state and returns its handle (LivePerson's 1.5.4 `BrandRestConnection`).
    /// On websocket connections use [`Connection::conversation`] (the cache).
    ///
    /// ```no_run
    /// # async fn demo(connection: lp_messaging_sdk::Connection) -> lp_messaging_sdk::Result<()> {
    /// let c = connection.get_conversation_by_id("conv-1").await?;
    /// c.join(lp_messaging_sdk::ParticipantRole::AssignedAgent).await?;
    /// # Ok(()) }
    /// ```
    pub async fn get_conversation_by_id(
        &self,
        conversation_id: impl Into<String>,
    ) -> Result<Conversation> {
        self.created_conversation(Command::GetConversationById {
            conversation_id: conversation_id.into(),
        })
        .await
    }

    /// Closes a conversation by id.
    ///
    /// ```no_run
    /// # async fn demo(connection: lp_messaging_sdk::Connection) -> lp_messaging_sdk::Result<()> {
    /// connection.close_conversation("123456789").await?;
    /// # Ok(()) }
    /// ```
    pub async fn close_conversation(&self, conversation_id: impl Into<String>) -> Result<()> {
        self.close_conversation_with_metadata(conversation_id, None)
            .await
    }

    /// Closes a conversation by id with conversation-level request metadata (one object or an
    /// array of objects).
    ///
    /// ```no_run
    /// # async fn demo(connection: lp_messaging_sdk::Connection) -> lp_messaging_sdk::Result<()> {
    /// let why = serde_json::json!({"type": "ActionReason", "reason": "bulk_cleanup"});
    /// connection.close_conversation_with_metadata("123456789", Some(why)).await?;
    /// # Ok(()) }
    /// ```
    pub async fn close_conversation_with_metadata(
        &self,
        conversation_id: impl Into<String>,
        metadata: Option<Value>,
    ) -> Result<()> {
        self.run_done(Command::CloseConversation {
            conversation_id: conversation_id.into(),
            metadata,
        })
        .await
    }

    /// Creates a conversation subscription (`None`: the default query). With
    /// `wait_for_ready` it returns after the first notification (the snapshot) arrived.
    ///
    /// ```no_run
    /// # async fn demo(connection: lp_messaging_sdk::Connection) -> lp_messaging_sdk::Result<()> {
    /// let query = serde_json::from_value(serde_json::json!(
    ///     {"stage": ["OPEN"], "agentIds": ["12345.123456"]})).unwrap();
    /// let sub = connection.create_conversation_subscription(Some(query), false).await?;
    /// # Ok(()) }
    /// ```
    pub async fn create_conversation_subscription(
        &self,
        query: Option<SubscriptionQuery>,
        wait_for_ready: bool,
    ) -> Result<Subscription> {
        let out = self
            .run(Command::CreateConversationSubscription {
                query,
                wait_for_ready: Some(wait_for_ready),
            })
            .await?;
        self.subscription_from(out)
    }

    fn subscription_from(&self, out: CommandOutput) -> Result<Subscription> {
        match out {
            CommandOutput::Subscription { handle, .. } => {
                Ok(Subscription::new(self.clone(), handle))
            }
            _ => Err(Error::Unavailable("no subscription in the answer".into())),
        }
    }

    /// Brand: subscribes to rings (routing tasks) for this agent; re-created after reconnects.
    ///
    /// ```no_run
    /// # async fn demo(connection: lp_messaging_sdk::Connection) -> lp_messaging_sdk::Result<()> {
    /// use lp_messaging_sdk::AgentState;
    /// connection.set_agent_state(AgentState::Online).await?;
    /// connection.create_routing_task_subscription().await?;
    /// # Ok(()) }
    /// ```
    pub async fn create_routing_task_subscription(&self) -> Result<Subscription> {
        let out = self
            .run(Command::CreateRoutingTaskSubscription { query: None })
            .await?;
        self.subscription_from(out)
    }

    /// Brand: subscribes to this agent's availability notifications.
    ///
    /// ```no_run
    /// # async fn demo(connection: lp_messaging_sdk::Connection) -> lp_messaging_sdk::Result<()> {
    /// connection.subscribe_agent_state().await?;
    /// # Ok(()) }
    /// ```
    pub async fn subscribe_agent_state(&self) -> Result<Subscription> {
        let out = self
            .run(Command::SubscribeAgentsState { agent_id: None })
            .await?;
        self.subscription_from(out)
    }

    /// Brand: subscribes to another agent's availability notifications (`{accountId}.{userId}`),
    /// e.g. a supervisor watching an agent; changes arrive as [`Event::AgentStateChanged`](crate::Event::AgentStateChanged)
    /// (re-created after reconnects).
    ///
    /// ```no_run
    /// # async fn demo(connection: lp_messaging_sdk::Connection) -> lp_messaging_sdk::Result<()> {
    /// connection.subscribe_agent_state_of("12345678.3456").await?;
    /// # Ok(()) }
    /// ```
    pub async fn subscribe_agent_state_of(
        &self,
        agent_id: impl Into<String>,
    ) -> Result<Subscription> {
        let out = self
            .run(Command::SubscribeAgentsState {
                agent_id: Some(agent_id.into()),
            })
            .await?;
        self.subscription_from(out)
    }

    /// Brand: sets this agent's availability (re-applied after reconnects). Rings arrive only
    /// while `ONLINE`.
    ///
    /// ```no_run
    /// # async fn demo(connection: lp_messaging_sdk::Connection) -> lp_messaging_sdk::Result<()> {
    /// connection.set_agent_state(lp_messaging_sdk::AgentState::Online).await?;
    /// # Ok(()) }
    /// ```
    pub async fn set_agent_state(&self, state: AgentState) -> Result<()> {
        self.run_done(Command::SetAgentState {
            agent_state: state.as_str().to_owned(),
            agent_id: None,
        })
        .await
    }

    /// Consumer: sets the own profile (`firstName`, `lastName`, `nickName`, …).
    ///
    /// ```no_run
    /// # async fn demo(connection: lp_messaging_sdk::Connection) -> lp_messaging_sdk::Result<()> {
    /// connection.set_user_profile(serde_json::json!(
    ///     {"firstName": "firstName", "lastName": "lastName", "nickName": "nickName"})).await?;
    /// # Ok(()) }
    /// ```
    pub async fn set_user_profile(&self, profile: Value) -> Result<()> {
        self.run_done(Command::SetUserProfile { profile }).await
    }

    /// Reads a user's profile (`None`: own).
    ///
    /// ```no_run
    /// # async fn demo(connection: lp_messaging_sdk::Connection) -> lp_messaging_sdk::Result<()> {
    /// let me = connection.get_user_profile(None).await?;
    /// # Ok(()) }
    /// ```
    pub async fn get_user_profile(&self, user_id: Option<&str>) -> Result<Value> {
        match self
            .run(Command::GetUserProfile {
                user_id: user_id.map(str::to_owned),
            })
            .await?
        {
            CommandOutput::UserProfile { profile } => Ok(profile),
            CommandOutput::Body { body } => Ok(body),
            _ => Ok(Value::Null),
        }
    }

    /// Consumer: steps an unauthenticated connection up to an authenticated one, taking
    /// over its open conversations.
    ///
    /// ```no_run
    /// # async fn demo(connection: lp_messaging_sdk::Connection) -> lp_messaging_sdk::Result<()> {
    /// use lp_messaging_sdk::JwtClaimsSet;
    /// connection.step_up("0987654321", JwtClaimsSet::new("0000000001")).await?;
    /// # Ok(()) }
    /// ```
    pub async fn step_up(
        &self,
        auth_connector_id: impl Into<String>,
        claims: JwtClaimsSet,
    ) -> Result<()> {
        self.run_done(Command::StepUp {
            auth_connector_id: auth_connector_id.into(),
            jwt_claims_set: claims.to_value(),
        })
        .await
    }

    /// Consumer: LivePerson's test-only predecessor of [`step_up`](Connection::step_up)
    /// (`mockStepUp`): the same step-up, with `customer_name` itself as the connector's
    /// code, which a mock identity provider (the local platform's) turns into an identity of
    /// that name.
    ///
    /// ```no_run
    /// # async fn demo(connection: lp_messaging_sdk::Connection) -> lp_messaging_sdk::Result<()> {
    /// connection.mock_step_up("0987654321", "Jo").await?;
    /// # Ok(()) }
    /// ```
    pub async fn mock_step_up(
        &self,
        auth_connector_id: impl Into<String>,
        customer_name: impl Into<String>,
    ) -> Result<()> {
        self.run_done(Command::MockStepUp {
            auth_connector_id: auth_connector_id.into(),
            customer_name: customer_name.into(),
        })
        .await
    }

    /// Brand: this agent's messaging queue counters.
    ///
    /// ```no_run
    /// # async fn demo(connection: lp_messaging_sdk::Connection) -> lp_messaging_sdk::Result<()> {
    /// let s = connection.message_statistics_for_user().await?;
    /// println!("{} active", s.active);
    /// # Ok(()) }
    /// ```
    pub async fn message_statistics_for_user(&self) -> Result<MessageStatistics> {
        self.stats(Command::GetMessageStatisticsForUser).await
    }

    /// Brand: the whole account's messaging queue counters.
    ///
    /// ```no_run
    /// # async fn demo(connection: lp_messaging_sdk::Connection) -> lp_messaging_sdk::Result<()> {
    /// let s = connection.message_statistics_for_brand().await?;
    /// # Ok(()) }
    /// ```
    pub async fn message_statistics_for_brand(&self) -> Result<MessageStatistics> {
        self.stats(Command::GetMessageStatisticsForBrand).await
    }

    async fn stats(&self, cmd: Command) -> Result<MessageStatistics> {
        match self.run(cmd).await? {
            CommandOutput::Body { body } => serde_json::from_value(body)
                .map_err(|e| Error::Unavailable(format!("unexpected statistics answer: {e}"))),
            _ => Err(Error::Unavailable("no statistics in the answer".into())),
        }
    }

    /// Brand: polls skill working hours now; the skills are updated (see
    /// [`Skill::is_in_off_hours`]) and the raw list returned.
    ///
    /// ```no_run
    /// # async fn demo(connection: lp_messaging_sdk::Connection) -> lp_messaging_sdk::Result<()> {
    /// let list = connection.refresh_shift_status().await?;
    /// # Ok(()) }
    /// ```
    pub async fn refresh_shift_status(&self) -> Result<Value> {
        match self.run(Command::GetShiftStatus).await? {
            CommandOutput::ShiftStatus { skills } | CommandOutput::Body { body: skills } => {
                Ok(skills)
            }
            _ => Ok(Value::Null),
        }
    }

    /// Downloads a hosted file by its relative path.
    ///
    /// ```no_run
    /// # async fn demo(connection: lp_messaging_sdk::Connection) -> lp_messaging_sdk::Result<()> {
    /// let file = connection.download_file("/v1/AUTH_async-images/123/abc.PNG").await?;
    /// # Ok(()) }
    /// ```
    pub async fn download_file(&self, relative_path: impl Into<String>) -> Result<DownloadedFile> {
        match self
            .run(Command::DownloadFile {
                relative_path: relative_path.into(),
            })
            .await?
        {
            CommandOutput::File { data, filename } => Ok(DownloadedFile { data, filename }),
            _ => Err(Error::Unavailable("no file in the answer".into())),
        }
    }

    /// Puts a conversation saved with [`Conversation::serialize`] back into this connection
    /// (`loadConversation`), e.g. in another process of a stateless bot.
    ///
    /// ```no_run
    /// # async fn demo(connection: lp_messaging_sdk::Connection, saved: String) -> lp_messaging_sdk::Result<()> {
    /// let conversation = connection.load_conversation(saved).await?;
    /// # Ok(()) }
    /// ```
    pub async fn load_conversation(&self, json: impl Into<String>) -> Result<Conversation> {
        let (reply, rx) = oneshot::channel();
        self.shared
            .commands
            .send(Request::Load {
                json: json.into(),
                reply,
            })
            .map_err(|_| Error::DriverGone)?;
        let id = rx
            .await
            .map_err(|_| Error::DriverGone)?
            .map_err(Error::Invalid)?;
        Ok(Conversation::new(self.clone(), id))
    }

    /// Drops a loaded conversation (`unload`); `true` if it was held.
    ///
    /// ```no_run
    /// # async fn demo(connection: lp_messaging_sdk::Connection) -> lp_messaging_sdk::Result<()> {
    /// connection.unload_conversation("123456789").await?;
    /// # Ok(()) }
    /// ```
    pub async fn unload_conversation(&self, conversation_id: &str) -> Result<bool> {
        let (reply, rx) = oneshot::channel();
        self.shared
            .commands
            .send(Request::Unload {
                conversation_id: conversation_id.to_owned(),
                reply,
            })
            .map_err(|_| Error::DriverGone)?;
        rx.await.map_err(|_| Error::DriverGone)
    }

    /// Feeds a webhook payload (`{"wsNotificationMsg":{"type","body"}}`) into the model
    /// (`processWebhooksNotification`); the events it means follow on the streams.
    ///
    /// ```no_run
    /// # async fn demo(connection: lp_messaging_sdk::Connection, payload: serde_json::Value) -> lp_messaging_sdk::Result<()> {
    /// connection.process_webhooks_notification(payload).await?;
    /// # Ok(()) }
    /// ```
    pub async fn process_webhooks_notification(&self, notification: Value) -> Result<()> {
        self.run_done(Command::ProcessWebhooksNotification { notification })
            .await
    }

    /// Applies shift-status data (`[{skillId, onShift, nextOn, nextOff}]`) to the skills
    /// (`processShiftStatusResponse`).
    ///
    /// ```no_run
    /// # async fn demo(connection: lp_messaging_sdk::Connection) -> lp_messaging_sdk::Result<()> {
    /// connection.process_shift_status_response(serde_json::json!(
    ///     [{"skillId": "12", "onShift": false, "nextOn": 1800000000000u64}])).await?;
    /// # Ok(()) }
    /// ```
    pub async fn process_shift_status_response(&self, skills: Value) -> Result<()> {
        self.run_done(Command::ProcessShiftStatusResponse { skills })
            .await
    }

    /// Every conversation the connection holds (`getAllKnownConversations`).
    ///
    /// ```no_run
    /// # fn demo(connection: lp_messaging_sdk::Connection) {
    /// for c in connection.conversations() { println!("{}", c.id()); }
    /// # }
    /// ```
    pub fn conversations(&self) -> Vec<Conversation> {
        let ids: Vec<String> = self.read(|c| {
            c.model()
                .conversations()
                .map(|c| c.conversation_id.clone())
                .collect()
        });
        ids.into_iter()
            .map(|id| Conversation::new(self.clone(), id))
            .collect()
    }

    /// A conversation the connection holds, by id.
    ///
    /// ```no_run
    /// # fn demo(connection: lp_messaging_sdk::Connection) {
    /// let c = connection.conversation("123456789");
    /// # }
    /// ```
    pub fn conversation(&self, conversation_id: &str) -> Option<Conversation> {
        self.read(|c| c.model().conversation(conversation_id).is_some())
            .then(|| Conversation::new(self.clone(), conversation_id.to_owned()))
    }

    /// Rings currently held.
    ///
    /// ```no_run
    /// # fn demo(connection: lp_messaging_sdk::Connection) {
    /// let waiting = connection.rings().into_iter().filter(|r| r.is_waiting()).count();
    /// # }
    /// ```
    pub fn rings(&self) -> Vec<Ring> {
        let ids: Vec<String> =
            self.read(|c| c.model().rings().map(|r| r.ring_id.clone()).collect());
        ids.into_iter()
            .map(|id| Ring::new(self.clone(), id))
            .collect()
    }

    /// A skill by id (its working hours are known once shift status was polled).
    ///
    /// ```no_run
    /// # fn demo(connection: lp_messaging_sdk::Connection) {
    /// println!("{}", connection.skill("12").is_in_off_hours());
    /// # }
    /// ```
    pub fn skill(&self, skill_id: impl Into<String>) -> Skill {
        Skill::new(self.clone(), skill_id.into())
    }

    /// The default conversation subscription, once created.
    ///
    /// ```no_run
    /// # fn demo(connection: lp_messaging_sdk::Connection) {
    /// println!("{:?}", connection.default_subscription().map(|s| s.state()));
    /// # }
    /// ```
    pub fn default_subscription(&self) -> Option<Subscription> {
        self.read(|c| c.default_subscription())
            .map(|h| Subscription::new(self.clone(), h))
    }

    /// Every subscription of the connection.
    ///
    /// ```no_run
    /// # fn demo(connection: lp_messaging_sdk::Connection) {
    /// println!("{}", connection.subscriptions().len());
    /// # }
    /// ```
    pub fn subscriptions(&self) -> Vec<Subscription> {
        let hs: Vec<_> = self.read(|c| c.subscriptions().into_iter().map(|s| s.handle).collect());
        hs.into_iter()
            .map(|h| Subscription::new(self.clone(), h))
            .collect()
    }

    /// A stream of every event of this connection from now on.
    ///
    /// ```no_run
    /// # async fn demo(connection: lp_messaging_sdk::Connection) {
    /// let mut events = connection.events();
    /// while let Some(e) = events.next().await { println!("{e:?}"); }
    /// # }
    /// ```
    pub fn events(&self) -> EventStream {
        self.shared.hub.subscribe(None)
    }

    /// Calls `handler` with every event from now on, on a task of its own (a callback
    /// alternative to [`Connection::events`]); abort the returned handle to stop.
    ///
    /// ```no_run
    /// # fn demo(connection: lp_messaging_sdk::Connection) {
    /// use lp_messaging_sdk::Event;
    /// connection.on_event(|e| if let Event::Error(err) = e { eprintln!("{err}") });
    /// # }
    /// ```
    pub fn on_event<F>(&self, handler: F) -> tokio::task::JoinHandle<()>
    where
        F: FnMut(crate::Event) + Send + 'static,
    {
        spawn_handler(self.events(), handler)
    }

    pub(crate) fn conversation_events(&self, conversation_id: &str) -> EventStream {
        self.shared.hub.subscribe(Some(conversation_id.to_owned()))
    }
}

/// Runs `handler` for each event of `events` on a new task.
pub(crate) fn spawn_handler<F>(
    mut events: EventStream,
    mut handler: F,
) -> tokio::task::JoinHandle<()>
where
    F: FnMut(crate::Event) + Send + 'static,
{
    tokio::spawn(async move {
        while let Some(e) = events.next().await {
            handler(e);
        }
    })
}
