//! `createConnection` options ([`ClientOptions`]) and their validated, defaulted form
//! ([`Config`]).
//!
//! The JSON names are the JavaScript SDK's camelCase option names, so the wasm binding hands
//! the user's option object over as JSON unchanged. Unknown keys are rejected (a misspelt
//! `responseTimout` silently doing nothing is worse than an error).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::secret::Secret;
use super::subscriptions::SubscriptionQuery;

/// Production CSDS location.
pub const DEFAULT_CSDS_URL: &str = "https://adminlogin.liveperson.net";
/// CSDS location LivePerson uses for its internal QA accounts (ids starting with `le`).
pub const QA_CSDS_URL: &str = "https://hc1n.dev.lprnd.net";

/// `userType`: who connects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum UserType {
    /// An end user (`consumer` socket, v3 names).
    #[serde(rename = "consumer", alias = "CONSUMER")]
    Consumer,
    /// An agent, bot or manager (`brand` socket, v2 names).
    #[serde(rename = "brand", alias = "BRAND")]
    Brand,
}

/// `connectionType`: the transport. `ws` (both user types), `rest` (brand only: UMS REST v1,
/// see [`crate::connection::rest`]) and `null` are implemented; `sendapi` is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ConnectionType {
    /// Websocket (default).
    #[serde(rename = "ws", alias = "WEBSOCKET")]
    Websocket,
    /// Brand REST connection (no socket).
    #[serde(rename = "rest", alias = "REST")]
    Rest,
    /// Send API (declared by LivePerson's SDK, never implemented).
    #[serde(rename = "sendapi", alias = "SEND_API")]
    SendApi,
    /// No I/O at all.
    #[serde(rename = "null", alias = "NULL")]
    Null,
}

/// `authData`: brand credentials, or the consumer test-only mock flow.
///
/// One object with optional members, like the JavaScript option; [`ClientOptions::validate`]
/// turns it into a [`Credentials`] variant and explains what is missing.
#[derive(Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AuthData {
    /// Login name (brand).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// Password (brand human login).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<Secret>,
    /// API key (brand bot login).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_key: Option<Secret>,
    /// API key secret.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<Secret>,
    /// API access token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token: Option<Secret>,
    /// API access token secret.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token_secret: Option<Secret>,
    /// Consumer test environments: obtain an authenticated identity from the mock connector.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub use_mock_auth: Option<bool>,
    /// Customer name for the mock flow.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_name: Option<String>,
}

impl core::fmt::Debug for AuthData {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("AuthData")
            .field("username", &self.username)
            .field("password", &self.password)
            .field("app_key", &self.app_key)
            .field("secret", &self.secret)
            .field("access_token", &self.access_token)
            .field("access_token_secret", &self.access_token_secret)
            .field("use_mock_auth", &self.use_mock_auth)
            .field("customer_name", &self.customer_name)
            .finish()
    }
}

/// `authAgentSessionData`: an agentVep session created elsewhere (SSO, another process).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AgentSessionData {
    /// The bearer.
    pub token: Secret,
    /// The csrf token of the session (needed to refresh it).
    #[serde(default)]
    pub csrf: Secret,
    /// The session id, sent back as the `session_id` cookie on refresh.
    #[serde(default)]
    pub session_id: Secret,
    /// Numeric user id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// Participant id (UUID).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_pid: Option<String>,
    /// Ignored: the account is the connection's (accepted because the JS session record has it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
}

/// Every `createConnection` option (sdk-api §2), plus `csdsUrl` and `connectTimeout`.
///
/// Deserialises from the JavaScript option object; unknown keys are an error. Use
/// [`ClientOptions::builder`] from Rust.
///
/// ```
/// use lpm_core::connection::{ClientOptions, UserType};
/// let o: ClientOptions = serde_json::from_str(
///     r#"{"accountId":"123","userType":"brand","authData":{"username":"bot","password":"pw"}}"#,
/// ).unwrap();
/// assert_eq!(o.user_type, UserType::Brand);
/// assert!(format!("{o:?}").find("pw\"").is_none());
///
/// let bad = serde_json::from_str::<ClientOptions>(r#"{"accountId":"1","userType":"brand","responseTimout":1}"#);
/// assert!(bad.unwrap_err().to_string().contains("responseTimout"));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ClientOptions {
    /// Account (site) id. Required, non-empty.
    pub account_id: String,
    /// `consumer` or `brand`. Required.
    pub user_type: UserType,
    /// Application id, sent as `appid` on the socket URL (`unknown` when absent).
    #[serde(default)]
    pub app_id: Option<String>,
    /// Application version, sent as `appvn`.
    #[serde(default)]
    pub app_version: Option<String>,
    /// Transport; only `ws` (the default) is supported by this core.
    #[serde(default)]
    pub connection_type: Option<ConnectionType>,
    /// Brand credentials (or consumer mock auth).
    #[serde(default)]
    pub auth_data: Option<AuthData>,
    /// Brand: an existing agentVep session instead of a login.
    #[serde(default)]
    pub auth_agent_session_data: Option<AgentSessionData>,
    /// Brand: the token comes from a caller-supplied token source (the JavaScript
    /// `tokenMaintainer` object, the Rust SDK's `TokenProvider`): the core neither logs in
    /// nor refreshes, it asks the driver ([`Transmit::TokenRequest`](crate::io::Transmit)).
    /// In JSON `true`; the JavaScript binding replaces the object with it.
    #[serde(default)]
    pub token_maintainer: Option<bool>,
    /// Brand: override of the agent id (`{accountId}.{userId}`).
    #[serde(default)]
    pub agent_id: Option<String>,
    /// Consumer: a saved LP JWT to resume an identity. Brand REST connection: a ready-made
    /// bearer, used as it is (never refreshed; pass `agentId` too so that `join` and `leave`
    /// know who this user is).
    #[serde(default)]
    pub token: Option<Secret>,
    /// Consumer: id of the unauthenticated connector (anonymous-authorize flow).
    #[serde(default)]
    pub unauth_connector_id: Option<String>,
    /// Consumer: id of the authenticated connector (with `jwtClaimsSet`).
    #[serde(default)]
    pub auth_connector_id: Option<String>,
    /// Consumer: claims (object) or a pre-encoded base64 string.
    #[serde(default)]
    pub jwt_claims_set: Option<Value>,
    /// Consumer: client properties object (sent in `InitConnection` and conversation contexts).
    #[serde(default)]
    pub client_properties: Option<Value>,
    /// Reconnect on unexpected closes, retry failed connects, queue while down (default true).
    #[serde(default)]
    pub maintain_connection: Option<bool>,
    /// Create the default conversation subscription on open (default true).
    #[serde(default)]
    pub create_default_subscription: Option<bool>,
    /// Query of the default subscription (brand `{stage:['OPEN']}`, consumer `{stage:['OPEN','CLOSE']}`).
    #[serde(default)]
    pub default_subscription_query: Option<SubscriptionQuery>,
    /// `open()` completes only after the default subscription's first notification.
    #[serde(default)]
    pub wait_for_ready: Option<bool>,
    /// 1.5.4 name of `waitForReady`.
    #[serde(default)]
    pub wait_for_first_notification: Option<bool>,
    /// Brand: load all messages of each new conversation (handled by the model layer).
    #[serde(default)]
    pub get_all_messages: Option<bool>,
    /// Brand: poll skill shift status about once a minute.
    #[serde(default)]
    pub poll_shift_status: Option<bool>,
    /// Page past UMS's ~1000-conversation cap (brand default true, consumer false; can be
    /// disabled, unlike 1.5.4).
    #[serde(default)]
    pub limit_break_enabled: Option<bool>,
    /// Milliseconds to wait for each UMS response (default 60000).
    #[serde(default)]
    pub response_timeout: Option<u64>,
    /// Brand: ms to wait, after `ring.accept()` succeeded, for the ring's conversation to
    /// arrive through the conversation subscription; past it an `error` event
    /// ([`Error::RingConversationTimeout`](super::Error::RingConversationTimeout)) says it did
    /// not (default 60000; 0 = no check).
    #[serde(default)]
    pub ring_conversation_timeout: Option<u64>,
    /// Milliseconds between `GetClock` keep-alives (default 10000).
    #[serde(default)]
    pub keep_alive_interval: Option<u64>,
    /// How long a keep-alive may go unanswered before the socket is taken for dead, closed and
    /// reconnected (ms, default `keepAliveInterval`, so a stalled peer is noticed within two
    /// keep-alive periods; never more than `responseTimeout`).
    #[serde(default)]
    pub keep_alive_timeout: Option<u64>,
    /// How long after a drop new requests are still queued (default 60000 ms).
    #[serde(default)]
    pub max_request_queue_time: Option<u64>,
    /// How long a queued request waits for the reconnect (default 60000 ms).
    #[serde(default)]
    pub request_queue_timeout: Option<u64>,
    /// Milliseconds between an unexpected close and the first reconnect attempt (default 2000).
    #[serde(default)]
    pub wait_to_reconnect: Option<u64>,
    /// How long an unreferenced conversation stays cached (default 600000 ms; model layer).
    #[serde(default)]
    pub conversations_cache_duration: Option<u64>,
    /// CSDS location (default `https://adminlogin.liveperson.net`). When it starts with
    /// `http://`, every service is then reached with plain `http://` and `ws://`.
    #[serde(default)]
    pub csds_url: Option<String>,
    /// How long `open()` (or a consumer `stepUp`) may keep retrying transient failures
    /// (network, 5xx, socket trouble) before it fails with a `connectTimeout` error, in ms
    /// (default 300000; `0` = retry forever, LivePerson's behaviour). A step still under way at
    /// that time (a look-up, login or socket open that hangs) is given up then, and the error
    /// names it. Refused credentials never retry. After a drop of a working connection,
    /// reconnecting goes on until `close()`.
    #[serde(default)]
    pub connect_timeout: Option<u64>,
}

/// Validated credentials of a connection.
#[derive(Debug, Clone, PartialEq)]
pub enum Credentials {
    /// Consumer, IDP `signup` (or the saved `token`).
    ConsumerAnonymous,
    /// Consumer, anonymous authorize + unauthenticated connector.
    ConsumerUnauthenticated {
        /// `unauthConnectorId`.
        connector_id: String,
    },
    /// Consumer, claims exchanged at the authenticated connector.
    ConsumerAuthenticated {
        /// `authConnectorId`.
        connector_id: String,
        /// The claims as the `code` sent to the IDP.
        code: Secret,
    },
    /// Consumer, LivePerson test-environment mock connector.
    ConsumerMock {
        /// `customerName`.
        customer_name: String,
    },
    /// Brand user name and password.
    BrandPassword {
        /// Login name.
        username: String,
        /// Password.
        password: Secret,
    },
    /// Brand API keys.
    BrandApiKey {
        /// Login name.
        username: String,
        /// appKey.
        app_key: Secret,
        /// secret.
        secret: Secret,
        /// accessToken.
        access_token: Secret,
        /// accessTokenSecret.
        access_token_secret: Secret,
    },
    /// Brand session given by the caller, no credentials to log in again.
    BrandSessionOnly,
    /// Brand token from a caller-supplied token source (`tokenMaintainer`): asked for with
    /// [`Transmit::TokenRequest`](crate::io::Transmit::TokenRequest), never logged in or
    /// refreshed by the core.
    External,
}

impl Credentials {
    /// The secrets these credentials hold (for scrubbing texts).
    pub(crate) fn secrets(&self) -> Vec<&Secret> {
        match self {
            Credentials::BrandPassword { password, .. } => vec![password],
            Credentials::BrandApiKey {
                app_key,
                secret,
                access_token,
                access_token_secret,
                ..
            } => vec![app_key, secret, access_token, access_token_secret],
            Credentials::ConsumerAuthenticated { code, .. } => vec![code],
            _ => vec![],
        }
    }
}

/// The options are unusable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OptionsError {
    /// The JSON could not be read (unknown key, wrong type).
    #[error("invalid connection options: {0}")]
    Json(String),
    /// `accountId` is empty.
    #[error("accountId is required")]
    MissingAccountId,
    /// A required option or combination is missing or contradictory.
    #[error("invalid connection options: {0}")]
    Invalid(String),
    /// The option combination asks for something this core does not do.
    #[error("unsupported connection options: {0}")]
    Unsupported(String),
}

/// Everything the state machine needs, defaults applied.
#[derive(Debug, Clone)]
pub struct Config {
    /// Account id.
    pub account_id: String,
    /// Consumer or brand.
    pub user_type: UserType,
    /// `appid` URL value.
    pub app_id: String,
    /// `appvn` URL value.
    pub app_version: String,
    /// Validated credentials.
    pub credentials: Credentials,
    /// Existing brand session.
    pub agent_session: Option<AgentSessionData>,
    /// Agent id override.
    pub agent_id: Option<String>,
    /// Saved consumer JWT.
    pub token: Option<Secret>,
    /// Client properties (consumer).
    pub client_properties: Option<Value>,
    /// maintainConnection.
    pub maintain_connection: bool,
    /// createDefaultSubscription.
    pub create_default_subscription: bool,
    /// Default subscription query.
    pub default_subscription_query: SubscriptionQuery,
    /// waitForReady.
    pub wait_for_ready: bool,
    /// getAllMessages.
    pub get_all_messages: bool,
    /// pollShiftStatus.
    pub poll_shift_status: bool,
    /// limitBreakEnabled.
    pub limit_break_enabled: bool,
    /// ms.
    pub response_timeout: u64,
    /// ms.
    pub ring_conversation_timeout: u64,
    /// ms.
    pub keep_alive_interval: u64,
    /// ms (at most `response_timeout`).
    pub keep_alive_timeout: u64,
    /// ms.
    pub max_request_queue_time: u64,
    /// ms.
    pub request_queue_timeout: u64,
    /// ms.
    pub wait_to_reconnect: u64,
    /// ms.
    pub conversations_cache_duration: u64,
    /// CSDS base URL without trailing slash.
    pub csds_url: String,
    /// `true` when every other service is reached over plain `http`/`ws`.
    pub plain: bool,
    /// ms; 0 = no deadline.
    pub connect_timeout: u64,
    /// `connectionType: null`: no I/O; notifications are injected
    /// ([`Command::ProcessWebhooksNotification`](super::Command::ProcessWebhooksNotification)).
    pub null_connection: bool,
    /// `connectionType: rest` (brand): UMS REST v1 calls, no socket
    /// ([`crate::connection::rest`]).
    pub rest: bool,
}

impl ClientOptions {
    /// Reads the JavaScript option object (JSON text).
    pub fn from_json(json: &str) -> Result<ClientOptions, OptionsError> {
        serde_json::from_str(json).map_err(|e| OptionsError::Json(e.to_string()))
    }

    /// Reads the JavaScript option object (parsed JSON).
    pub fn from_value(value: Value) -> Result<ClientOptions, OptionsError> {
        serde_json::from_value(value).map_err(|e| OptionsError::Json(e.to_string()))
    }

    /// A builder for Rust callers.
    ///
    /// ```
    /// use lpm_core::connection::{ClientOptions, UserType};
    /// let o = ClientOptions::builder("123", UserType::Brand)
    ///     .app_id("my_bot")
    ///     .password("bot", "secret")
    ///     .keep_alive_interval(30_000)
    ///     .build();
    /// assert!(o.validate().is_ok());
    /// ```
    pub fn builder(account_id: impl Into<String>, user_type: UserType) -> ClientOptionsBuilder {
        ClientOptionsBuilder(ClientOptions::new(account_id, user_type))
    }

    /// Options with only `accountId` and `userType` set.
    pub fn new(account_id: impl Into<String>, user_type: UserType) -> ClientOptions {
        ClientOptions {
            account_id: account_id.into(),
            user_type,
            app_id: None,
            app_version: None,
            connection_type: None,
            auth_data: None,
            auth_agent_session_data: None,
            token_maintainer: None,
            agent_id: None,
            token: None,
            unauth_connector_id: None,
            auth_connector_id: None,
            jwt_claims_set: None,
            client_properties: None,
            maintain_connection: None,
            create_default_subscription: None,
            default_subscription_query: None,
            wait_for_ready: None,
            wait_for_first_notification: None,
            get_all_messages: None,
            poll_shift_status: None,
            limit_break_enabled: None,
            response_timeout: None,
            ring_conversation_timeout: None,
            keep_alive_interval: None,
            keep_alive_timeout: None,
            max_request_queue_time: None,
            request_queue_timeout: None,
            wait_to_reconnect: None,
            conversations_cache_duration: None,
            csds_url: None,
            connect_timeout: None,
        }
    }

    /// Checks the options and applies defaults.
    pub fn validate(&self) -> Result<Config, OptionsError> {
        if self.account_id.trim().is_empty() {
            return Err(OptionsError::MissingAccountId);
        }
        // The account id goes into URL paths (CSDS, IDP, agentVep, the sockets): anything but
        // an id's characters could change the request (`../../x?y=1`). LivePerson's are digits
        // (some test accounts have letters).
        if !self
            .account_id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(OptionsError::Invalid(
                "accountId may hold only letters, digits, - and _".into(),
            ));
        }
        // A zero wait would time every request out at once: `open()` would never complete.
        for (name, v) in [
            ("responseTimeout", self.response_timeout),
            ("keepAliveTimeout", self.keep_alive_timeout),
        ] {
            if v == Some(0) {
                return Err(OptionsError::Invalid(format!(
                    "{name} must be more than 0 ms"
                )));
            }
        }
        let response_timeout = self.response_timeout.unwrap_or(60_000);
        let keep_alive_interval = self.keep_alive_interval.unwrap_or(10_000).max(100);
        let brand = self.user_type == UserType::Brand;
        let connection_type = self.connection_type.unwrap_or(ConnectionType::Websocket);
        let null_connection = match connection_type {
            ConnectionType::Websocket | ConnectionType::Rest => false,
            ConnectionType::Null => true,
            ConnectionType::SendApi => {
                return Err(OptionsError::Unsupported(
                    "connectionType sendapi is not supported (LivePerson's SDK declares it but never implemented it); use ws, rest or null".into(),
                ));
            }
        };
        let rest = connection_type == ConnectionType::Rest;
        if rest && !brand {
            return Err(OptionsError::Unsupported(
                "connectionType rest is for brand connections only (UMS REST v1 is a brand API)"
                    .into(),
            ));
        }
        let credentials = match (brand, null_connection) {
            // A null connection never authenticates.
            (true, true) => Credentials::BrandSessionOnly,
            (false, true) => Credentials::ConsumerAnonymous,
            // A REST connection may use `token` as a ready-made bearer instead of credentials.
            (true, false)
                if rest && self.auth_data.is_none() && self.auth_agent_session_data.is_none() =>
            {
                if self.token.as_ref().is_none_or(Secret::is_empty) {
                    return Err(OptionsError::Invalid(
                        "a brand REST connection needs authData, authAgentSessionData or token (a bearer)".into(),
                    ));
                }
                Credentials::BrandSessionOnly
            }
            (true, false) => self.brand_credentials()?,
            (false, false) => self.consumer_credentials()?,
        };
        let csds_url = csds_location(self.csds_url.as_deref(), &self.account_id)?;
        let plain = csds_url.starts_with("http://");
        let props = self.client_properties.clone();
        let prop = |k: &str| {
            props
                .as_ref()
                .and_then(|p| p.get(k))
                .and_then(Value::as_str)
                .map(str::to_owned)
        };
        let app_id = self
            .app_id
            .clone()
            .or_else(|| if brand { None } else { prop("appId") })
            .unwrap_or_else(|| "unknown".to_owned());
        let app_version = self
            .app_version
            .clone()
            .or_else(|| if brand { None } else { prop("appVersion") })
            .unwrap_or_else(|| "unknown".to_owned());
        let default_query = self.default_subscription_query.clone().unwrap_or_else(|| {
            if brand {
                SubscriptionQuery::stages(&["OPEN"])
            } else {
                SubscriptionQuery::stages(&["OPEN", "CLOSE"])
            }
        });
        Ok(Config {
            account_id: self.account_id.trim().to_owned(),
            user_type: self.user_type,
            app_id,
            app_version,
            credentials,
            agent_session: self.auth_agent_session_data.clone(),
            agent_id: self.agent_id.clone(),
            token: self.token.clone().filter(|t| !t.is_empty()),
            client_properties: props,
            maintain_connection: self.maintain_connection.unwrap_or(true),
            create_default_subscription: self.create_default_subscription.unwrap_or(true),
            default_subscription_query: default_query,
            wait_for_ready: self
                .wait_for_ready
                .or(self.wait_for_first_notification)
                .unwrap_or(false),
            get_all_messages: self.get_all_messages.unwrap_or(false),
            poll_shift_status: self.poll_shift_status.unwrap_or(false),
            limit_break_enabled: self.limit_break_enabled.unwrap_or(brand),
            response_timeout,
            ring_conversation_timeout: self.ring_conversation_timeout.unwrap_or(60_000),
            keep_alive_interval,
            keep_alive_timeout: self
                .keep_alive_timeout
                .unwrap_or(keep_alive_interval)
                .min(response_timeout),
            max_request_queue_time: self.max_request_queue_time.unwrap_or(60_000),
            request_queue_timeout: self.request_queue_timeout.unwrap_or(60_000),
            wait_to_reconnect: self.wait_to_reconnect.unwrap_or(2_000),
            conversations_cache_duration: self.conversations_cache_duration.unwrap_or(600_000),
            csds_url,
            plain,
            connect_timeout: self.connect_timeout.unwrap_or(300_000),
            null_connection,
            rest,
        })
    }

    fn brand_credentials(&self) -> Result<Credentials, OptionsError> {
        if self.token_maintainer == Some(true) {
            if self.auth_data.is_some() || self.auth_agent_session_data.is_some() {
                return Err(OptionsError::Invalid(
                    "tokenMaintainer must not be combined with authData or authAgentSessionData"
                        .into(),
                ));
            }
            return Ok(Credentials::External);
        }
        let session = self.auth_agent_session_data.as_ref();
        if let Some(s) = session
            && s.token.is_empty()
        {
            return Err(OptionsError::Invalid(
                "authAgentSessionData.token is required".into(),
            ));
        }
        let Some(a) = &self.auth_data else {
            return match session {
                Some(_) => Ok(Credentials::BrandSessionOnly),
                None => Err(OptionsError::Invalid(
                    "a brand connection needs authData or authAgentSessionData".into(),
                )),
            };
        };
        if session.is_some() {
            return Err(OptionsError::Invalid(
                "authData and authAgentSessionData must not be combined".into(),
            ));
        }
        let username = a
            .username
            .clone()
            .filter(|u| !u.is_empty())
            .ok_or_else(|| OptionsError::Invalid("authData.username is required".into()))?;
        if let Some(app_key) = &a.app_key {
            let need = |v: &Option<Secret>, name: &str| {
                v.clone().filter(|s| !s.is_empty()).ok_or_else(|| {
                    OptionsError::Invalid(format!("appKey provided, but missing {name}"))
                })
            };
            return Ok(Credentials::BrandApiKey {
                username,
                app_key: app_key.clone(),
                secret: need(&a.secret, "secret")?,
                access_token: need(&a.access_token, "accessToken")?,
                access_token_secret: need(&a.access_token_secret, "accessTokenSecret")?,
            });
        }
        match &a.password {
            Some(p) => Ok(Credentials::BrandPassword {
                username,
                password: p.clone(),
            }),
            None => Err(OptionsError::Invalid(
                "authData needs a password or appKey, secret, accessToken and accessTokenSecret"
                    .into(),
            )),
        }
    }

    fn consumer_credentials(&self) -> Result<Credentials, OptionsError> {
        if self.token_maintainer == Some(true) {
            return Err(OptionsError::Invalid(
                "tokenMaintainer is for brand connections".into(),
            ));
        }
        // A saved consumer token is an LP JWT naming its consumer: anything else would be
        // refused by the platform, and the connection would not know whose identity it is.
        if let Some(t) = self.token.as_ref().filter(|t| !t.is_empty())
            && crate::connection::auth::consumer::jwt_subject(t.expose()).is_none()
        {
            return Err(OptionsError::Invalid(
                "token is not a consumer JWT (three base64url parts with a `sub` claim); pass the value getToken() gave, or leave token out to start as a new consumer".into(),
            ));
        }
        if self.auth_agent_session_data.is_some() {
            return Err(OptionsError::Invalid(
                "authAgentSessionData is for brand connections".into(),
            ));
        }
        if let Some(a) = &self.auth_data {
            if a.use_mock_auth == Some(true) {
                let customer_name = a.customer_name.clone().ok_or_else(|| {
                    OptionsError::Invalid("authData.useMockAuth needs customerName".into())
                })?;
                return Ok(Credentials::ConsumerMock { customer_name });
            }
            return Err(OptionsError::Invalid(
                "consumer authData supports only {useMockAuth: true, customerName}".into(),
            ));
        }
        match (&self.auth_connector_id, &self.jwt_claims_set) {
            (Some(id), Some(claims)) => Ok(Credentials::ConsumerAuthenticated {
                connector_id: id.clone(),
                code: encode_claims(claims)?,
            }),
            (Some(_), None) => Err(OptionsError::Invalid(
                "authConnectorId needs jwtClaimsSet".into(),
            )),
            (None, Some(_)) => Err(OptionsError::Invalid(
                "jwtClaimsSet needs authConnectorId".into(),
            )),
            (None, None) => Ok(match &self.unauth_connector_id {
                Some(id) => Credentials::ConsumerUnauthenticated {
                    connector_id: id.clone(),
                },
                None => Credentials::ConsumerAnonymous,
            }),
        }
    }
}

/// The CSDS base URL for `account`: `csds_url` without a trailing slash when given (it must
/// start with `https://` or `http://`), else LivePerson's QA host for ids starting with `le`
/// and its production host for the rest.
///
/// ```
/// use lpm_core::connection::options::{DEFAULT_CSDS_URL, csds_location};
/// assert_eq!(csds_location(None, "123").unwrap(), DEFAULT_CSDS_URL);
/// assert_eq!(csds_location(Some("http://127.0.0.1:7400/"), "123").unwrap(), "http://127.0.0.1:7400");
/// assert!(csds_location(Some("ftp://x"), "123").is_err());
/// ```
pub fn csds_location(csds_url: Option<&str>, account: &str) -> Result<String, OptionsError> {
    match csds_url {
        Some(u) => {
            let u = u.trim().trim_end_matches('/').to_owned();
            if !(u.starts_with("https://") || u.starts_with("http://")) {
                return Err(OptionsError::Invalid(format!(
                    "csdsUrl must start with https:// or http://, got {u:?}"
                )));
            }
            Ok(u)
        }
        None if account.starts_with("le") => Ok(QA_CSDS_URL.to_owned()),
        None => Ok(DEFAULT_CSDS_URL.to_owned()),
    }
}

/// The claims set as the authorization `code` of the IDP exchange: a string is taken as
/// already encoded; an object is serialised and base64-encoded (auth.md §2.3, INFERRED).
pub fn encode_claims(claims: &Value) -> Result<Secret, OptionsError> {
    match claims {
        Value::String(s) if !s.is_empty() => Ok(Secret::new(s.clone())),
        Value::Object(_) => Ok(Secret::new(base64(claims.to_string().as_bytes()))),
        _ => Err(OptionsError::Invalid(
            "jwtClaimsSet must be an object or a non-empty base64 string".into(),
        )),
    }
}

/// Standard base64 with padding (small enough not to pull a dependency in).
pub(crate) fn base64(input: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(T[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Builds [`ClientOptions`] from Rust.
#[derive(Debug, Clone)]
pub struct ClientOptionsBuilder(ClientOptions);

macro_rules! numbers {
    ($($(#[$m:meta])* $name:ident => $field:ident),* $(,)?) => {
        $(
            $(#[$m])*
            pub fn $name(mut self, v: u64) -> Self {
                self.0.$field = Some(v);
                self
            }
        )*
    };
}

macro_rules! setters {
    ($($(#[$m:meta])* $name:ident : $t:ty => $field:ident),* $(,)?) => {
        $(
            $(#[$m])*
            pub fn $name(mut self, v: impl Into<$t>) -> Self {
                self.0.$field = Some(v.into());
                self
            }
        )*
    };
}

impl ClientOptionsBuilder {
    setters! {
        /// `appId`.
        app_id: String => app_id,
        /// `appVersion`.
        app_version: String => app_version,
        /// `token` (consumer JWT to resume).
        token: Secret => token,
        /// `unauthConnectorId`.
        unauth_connector_id: String => unauth_connector_id,
        /// `authConnectorId`.
        auth_connector_id: String => auth_connector_id,
        /// `jwtClaimsSet`.
        jwt_claims_set: Value => jwt_claims_set,
        /// `clientProperties`.
        client_properties: Value => client_properties,
        /// `agentId`.
        agent_id: String => agent_id,
        /// `connectionType` (`ws`, `rest`, `null`).
        connection_type: ConnectionType => connection_type,
        /// `maintainConnection`.
        maintain_connection: bool => maintain_connection,
        /// `createDefaultSubscription`.
        create_default_subscription: bool => create_default_subscription,
        /// `defaultSubscriptionQuery`.
        default_subscription_query: SubscriptionQuery => default_subscription_query,
        /// `waitForReady`.
        wait_for_ready: bool => wait_for_ready,
        /// `getAllMessages`.
        get_all_messages: bool => get_all_messages,
        /// `pollShiftStatus`.
        poll_shift_status: bool => poll_shift_status,
        /// `limitBreakEnabled`.
        limit_break_enabled: bool => limit_break_enabled,
        /// `csdsUrl`.
        csds_url: String => csds_url,
        /// `authAgentSessionData`.
        agent_session: AgentSessionData => auth_agent_session_data,
        /// `tokenMaintainer` (`true`: the driver supplies brand tokens).
        token_maintainer: bool => token_maintainer,
    }

    numbers! {
        /// `responseTimeout` (ms).
        response_timeout => response_timeout,
        /// `keepAliveInterval` (ms).
        keep_alive_interval => keep_alive_interval,
        /// `keepAliveTimeout` (ms): a keep-alive unanswered this long closes and reconnects
        /// the socket (default `keepAliveInterval`).
        keep_alive_timeout => keep_alive_timeout,
        /// `maxRequestQueueTime` (ms).
        max_request_queue_time => max_request_queue_time,
        /// `requestQueueTimeout` (ms).
        request_queue_timeout => request_queue_timeout,
        /// `waitToReconnect` (ms).
        wait_to_reconnect => wait_to_reconnect,
        /// `conversationsCacheDuration` (ms).
        conversations_cache_duration => conversations_cache_duration,
        /// `connectTimeout` (ms; 0 = retry forever).
        connect_timeout => connect_timeout,
    }

    /// `authData: {username, password}`.
    pub fn password(mut self, username: impl Into<String>, password: impl Into<Secret>) -> Self {
        self.0.auth_data = Some(AuthData {
            username: Some(username.into()),
            password: Some(password.into()),
            ..AuthData::default()
        });
        self
    }

    /// `authData: {username, appKey, secret, accessToken, accessTokenSecret}`.
    pub fn api_key(
        mut self,
        username: impl Into<String>,
        app_key: impl Into<Secret>,
        secret: impl Into<Secret>,
        access_token: impl Into<Secret>,
        access_token_secret: impl Into<Secret>,
    ) -> Self {
        self.0.auth_data = Some(AuthData {
            username: Some(username.into()),
            app_key: Some(app_key.into()),
            secret: Some(secret.into()),
            access_token: Some(access_token.into()),
            access_token_secret: Some(access_token_secret.into()),
            ..AuthData::default()
        });
        self
    }

    /// The options.
    pub fn build(self) -> ClientOptions {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc4648() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }
}
