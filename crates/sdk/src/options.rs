//! Connection options: [`ConnectionBuilder`], [`ClientProperties`], [`JwtClaimsSet`].

use std::time::Duration;

use lpm_core::connection::{ClientOptions, ClientOptionsBuilder, SubscriptionQuery};
use serde::Serialize;
use serde_json::{Value, json};

use crate::connection::Connection;
use crate::error::Result;
use crate::proxy::{Proxy, ProxySetting};

pub use lpm_core::connection::UserType;

/// Environment variable overriding the CSDS location (e.g. `http://127.0.0.1:7400` for the
/// local platform). A builder's [`ConnectionBuilder::csds_url`] wins over it.
///
/// ```
/// assert_eq!(lp_messaging_sdk::CSDS_URL_ENV, "LPM_CSDS_URL");
/// ```
pub const CSDS_URL_ENV: &str = "LPM_CSDS_URL";

/// Builds a [`Connection`]; start with [`Connection::builder`].
///
/// ```no_run
/// # async fn demo() -> lp_messaging_sdk::Result<()> {
/// use lp_messaging_sdk::{Connection, UserType};
/// let connection = Connection::builder("12345678", UserType::Brand)
///     .app_id("quick_start")
///     .api_key("bot1", "appKey", "secret", "accessToken", "accessTokenSecret")
///     .build()?;
/// connection.open().await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct ConnectionBuilder {
    inner: ClientOptionsBuilder,
    csds_url: Option<String>,
    proxy: ProxySetting,
    roots: Vec<Vec<u8>>,
    token_source: Option<crate::token::SourceRef>,
}

fn ms(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

impl ConnectionBuilder {
    pub(crate) fn new(account_id: impl Into<String>, user_type: UserType) -> Self {
        ConnectionBuilder {
            inner: ClientOptions::builder(account_id, user_type),
            csds_url: None,
            proxy: ProxySetting::Global,
            roots: Vec::new(),
            token_source: None,
        }
    }

    /// Your application's id (`a-z`, `-`, `_`, `.`), sent for LivePerson's support tracking.
    ///
    /// ```
    /// # use lp_messaging_sdk::{Connection, UserType};
    /// let b = Connection::builder("123", UserType::Consumer).app_id("quick_start");
    /// ```
    pub fn app_id(mut self, app_id: impl Into<String>) -> Self {
        self.inner = self.inner.app_id(app_id.into());
        self
    }

    /// Your application's version.
    ///
    /// ```
    /// # use lp_messaging_sdk::{Connection, UserType};
    /// let b = Connection::builder("123", UserType::Consumer).app_version("1.6.2");
    /// ```
    pub fn app_version(mut self, version: impl Into<String>) -> Self {
        self.inner = self.inner.app_version(version.into());
        self
    }

    /// Brand login with username and password.
    ///
    /// ```
    /// # use lp_messaging_sdk::{Connection, UserType};
    /// let b = Connection::builder("123", UserType::Brand).password("agent1", "s3cret");
    /// ```
    pub fn password(mut self, username: impl Into<String>, password: impl Into<String>) -> Self {
        self.inner = self.inner.password(username, password.into());
        self
    }

    /// Brand (bot) login with an API key: `username`, `appKey`, `secret`, `accessToken`,
    /// `accessTokenSecret`.
    ///
    /// ```
    /// # use lp_messaging_sdk::{Connection, UserType};
    /// let b = Connection::builder("123", UserType::Brand)
    ///     .api_key("bot1", "key", "secret", "token", "token-secret");
    /// ```
    pub fn api_key(
        mut self,
        username: impl Into<String>,
        app_key: impl Into<String>,
        secret: impl Into<String>,
        access_token: impl Into<String>,
        access_token_secret: impl Into<String>,
    ) -> Self {
        self.inner = self.inner.api_key(
            username,
            app_key.into(),
            secret.into(),
            access_token.into(),
            access_token_secret.into(),
        );
        self
    }

    /// The transport (default [`ConnectionType::Websocket`](crate::ConnectionType::Websocket)).
    /// [`ConnectionType::Rest`](crate::ConnectionType::Rest) (brand only) opens no socket:
    /// conversation and dialog operations go over UMS REST v1, and the model is fed with
    /// [`Connection::process_webhooks_notification`] or
    /// [`Connection::get_conversation_by_id`].
    ///
    /// ```
    /// # use lp_messaging_sdk::{Connection, ConnectionType, UserType};
    /// let b = Connection::builder("123", UserType::Brand)
    ///     .connection_type(ConnectionType::Rest)
    ///     .password("bot", "secret");
    /// ```
    pub fn connection_type(
        mut self,
        connection_type: lpm_core::connection::ConnectionType,
    ) -> Self {
        self.inner = self.inner.connection_type(connection_type);
        self
    }

    /// Consumer: reuse a token from an earlier connection ([`Connection::token`]) to continue
    /// as the same consumer. Brand REST connection: a ready-made bearer, used as it is (set
    /// the agent id with `.core_options(|o| o.agent_id("{account}.{userId}"))` so that joins
    /// know who you are).
    ///
    /// ```
    /// # use lp_messaging_sdk::{Connection, UserType};
    /// let b = Connection::builder("123", UserType::Consumer).token("eyJ…");
    /// ```
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.inner = self.inner.token(token.into());
        self
    }

    /// Consumer: the account's unauthenticated connector (needed before [`Connection::step_up`]).
    ///
    /// ```
    /// # use lp_messaging_sdk::{Connection, UserType};
    /// let b = Connection::builder("123", UserType::Consumer).unauth_connector_id("1234567890");
    /// ```
    pub fn unauth_connector_id(mut self, id: impl Into<String>) -> Self {
        self.inner = self.inner.unauth_connector_id(id.into());
        self
    }

    /// Consumer: connect authenticated through `connector_id` with these claims.
    ///
    /// ```
    /// # use lp_messaging_sdk::{Connection, JwtClaimsSet, UserType};
    /// let claims = JwtClaimsSet::new("0000000001").email("a@example.com");
    /// let b = Connection::builder("123", UserType::Consumer).authenticated("1234567890", claims);
    /// ```
    pub fn authenticated(mut self, connector_id: impl Into<String>, claims: JwtClaimsSet) -> Self {
        self.inner = self
            .inner
            .auth_connector_id(connector_id.into())
            .jwt_claims_set(claims.to_value());
        self
    }

    /// Consumer: device, browser and feature information.
    ///
    /// ```
    /// # use lp_messaging_sdk::{ClientProperties, Connection, UserType};
    /// let props = ClientProperties { os_name: Some("macOS".into()), ..Default::default() };
    /// let b = Connection::builder("123", UserType::Consumer).client_properties(props);
    /// ```
    pub fn client_properties(mut self, props: ClientProperties) -> Self {
        self.inner = self.inner.client_properties(props.to_value());
        self
    }

    /// Reconnect after drops and retry failed connects (default `true`).
    ///
    /// ```
    /// # use lp_messaging_sdk::{Connection, UserType};
    /// let b = Connection::builder("123", UserType::Consumer).maintain_connection(false);
    /// ```
    pub fn maintain_connection(mut self, on: bool) -> Self {
        self.inner = self.inner.maintain_connection(on);
        self
    }

    /// Create the default conversation subscription on open (default `true`).
    ///
    /// ```
    /// # use lp_messaging_sdk::{Connection, UserType};
    /// let b = Connection::builder("123", UserType::Brand).create_default_subscription(false);
    /// ```
    pub fn create_default_subscription(mut self, on: bool) -> Self {
        self.inner = self.inner.create_default_subscription(on);
        self
    }

    /// The default subscription's query (brand default `{stage:["OPEN"]}`, consumer
    /// `{stage:["OPEN","CLOSE"]}`).
    ///
    /// ```
    /// # use lp_messaging_sdk::{Connection, SubscriptionQuery, UserType};
    /// let q: SubscriptionQuery = serde_json::from_value(serde_json::json!(
    ///     {"state": ["OPEN"], "dialogTypes": ["MAIN"]})).unwrap();
    /// let b = Connection::builder("123", UserType::Brand).default_subscription_query(q);
    /// ```
    pub fn default_subscription_query(mut self, query: SubscriptionQuery) -> Self {
        self.inner = self.inner.default_subscription_query(query);
        self
    }

    /// `open()` returns only once existing conversations are loaded.
    ///
    /// ```
    /// # use lp_messaging_sdk::{Connection, UserType};
    /// let b = Connection::builder("123", UserType::Consumer).wait_for_ready(true);
    /// ```
    pub fn wait_for_ready(mut self, on: bool) -> Self {
        self.inner = self.inner.wait_for_ready(on);
        self
    }

    /// Brand: load every new conversation's messages before announcing it.
    ///
    /// ```
    /// # use lp_messaging_sdk::{Connection, UserType};
    /// let b = Connection::builder("123", UserType::Brand).get_all_messages(true);
    /// ```
    pub fn get_all_messages(mut self, on: bool) -> Self {
        self.inner = self.inner.get_all_messages(on);
        self
    }

    /// Brand: poll skill working hours about once a minute (feeds
    /// [`Skill::is_in_off_hours`](crate::Skill::is_in_off_hours)).
    ///
    /// ```
    /// # use lp_messaging_sdk::{Connection, UserType};
    /// let b = Connection::builder("123", UserType::Brand).poll_shift_status(true);
    /// ```
    pub fn poll_shift_status(mut self, on: bool) -> Self {
        self.inner = self.inner.poll_shift_status(on);
        self
    }

    /// How long to wait for each server response (default 60 s).
    ///
    /// ```
    /// # use lp_messaging_sdk::{Connection, UserType};
    /// let b = Connection::builder("123", UserType::Brand)
    ///     .response_timeout(std::time::Duration::from_secs(10));
    /// ```
    pub fn response_timeout(mut self, d: Duration) -> Self {
        self.inner = self.inner.response_timeout(ms(d));
        self
    }

    /// Keep-alive interval (default 10 s).
    ///
    /// ```
    /// # use lp_messaging_sdk::{Connection, UserType};
    /// let b = Connection::builder("123", UserType::Brand)
    ///     .keep_alive_interval(std::time::Duration::from_secs(30));
    /// ```
    pub fn keep_alive_interval(mut self, d: Duration) -> Self {
        self.inner = self.inner.keep_alive_interval(ms(d));
        self
    }

    /// How long a keep-alive may go unanswered before the socket is taken for dead, closed and
    /// reconnected (default: the keep-alive interval, so a stalled peer is noticed within two
    /// keep-alive periods, about 20 s; never more than the response timeout; zero is refused).
    ///
    /// ```
    /// # use lp_messaging_sdk::{Connection, UserType};
    /// let b = Connection::builder("123", UserType::Brand)
    ///     .keep_alive_timeout(std::time::Duration::from_secs(5));
    /// ```
    pub fn keep_alive_timeout(mut self, d: Duration) -> Self {
        self.inner = self.inner.keep_alive_timeout(ms(d));
        self
    }

    /// Delay before reconnecting after a drop (default 2 s).
    ///
    /// ```
    /// # use lp_messaging_sdk::{Connection, UserType};
    /// let b = Connection::builder("123", UserType::Brand)
    ///     .wait_to_reconnect(std::time::Duration::from_millis(100));
    /// ```
    pub fn wait_to_reconnect(mut self, d: Duration) -> Self {
        self.inner = self.inner.wait_to_reconnect(ms(d));
        self
    }

    /// Give up connecting after this long (default 5 minutes; zero retries forever).
    ///
    /// ```
    /// # use lp_messaging_sdk::{Connection, UserType};
    /// let b = Connection::builder("123", UserType::Brand)
    ///     .connect_timeout(std::time::Duration::from_secs(30));
    /// ```
    pub fn connect_timeout(mut self, d: Duration) -> Self {
        self.inner = self.inner.connect_timeout(ms(d));
        self
    }

    /// The CSDS location (default LivePerson production, or `$LPM_CSDS_URL`). Plain
    /// `http://` here is the only way to allow unencrypted HTTP and websockets.
    ///
    /// ```
    /// # use lp_messaging_sdk::{Connection, UserType};
    /// let b = Connection::builder("123", UserType::Consumer).csds_url("http://127.0.0.1:7400");
    /// ```
    pub fn csds_url(mut self, url: impl Into<String>) -> Self {
        self.csds_url = Some(url.into());
        self
    }

    /// Send this connection's traffic through `proxy` (whatever [`crate::configure_proxy`]
    /// says).
    ///
    /// ```
    /// # use lp_messaging_sdk::{Connection, Proxy, UserType};
    /// let b = Connection::builder("123", UserType::Consumer).proxy(Proxy::new("127.0.0.1", 3128));
    /// ```
    pub fn proxy(mut self, proxy: Proxy) -> Self {
        self.proxy = ProxySetting::Use(proxy);
        self
    }

    /// Never use a proxy for this connection.
    ///
    /// ```
    /// # use lp_messaging_sdk::{Connection, UserType};
    /// let b = Connection::builder("123", UserType::Consumer).no_proxy();
    /// ```
    pub fn no_proxy(mut self) -> Self {
        self.proxy = ProxySetting::Direct;
        self
    }

    /// Trusts the certificates of this PEM text as roots, besides the usual ones (e.g. the
    /// self-signed certificate of `lpm platform --tls`). Verification stays on.
    ///
    /// ```no_run
    /// # use lp_messaging_sdk::{Connection, UserType};
    /// let pem = std::fs::read("/tmp/lpm-platform-7400.pem").unwrap();
    /// let b = Connection::builder("123", UserType::Consumer)
    ///     .csds_url("https://127.0.0.1:7400")
    ///     .add_root_certificate_pem(pem);
    /// ```
    pub fn add_root_certificate_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.roots.push(pem.into());
        self
    }

    /// Brand: take tokens from `source` (the JavaScript `tokenMaintainer` option) instead of
    /// logging in: the connection asks it for a session when it opens, after an
    /// authentication close and after a 401 on a REST call, and calls its
    /// [`token_invalid`](crate::TokenProvider::token_invalid) first when it found the token
    /// refused. Not combinable with credentials. A [`TokenMaintainer`](crate::TokenMaintainer)
    /// given here is started by the connection if it was not; it is never stopped by it (it
    /// may be shared).
    ///
    /// ```no_run
    /// # async fn demo() -> lp_messaging_sdk::Result<()> {
    /// use lp_messaging_sdk::{Connection, TokenMaintainer, UserType};
    /// let m = TokenMaintainer::password("123", "agent1", "secret")?;
    /// let c = Connection::builder("123", UserType::Brand).token_source(m).build()?;
    /// # Ok(()) }
    /// ```
    pub fn token_source(mut self, source: impl crate::TokenProvider) -> Self {
        self.token_source = Some(crate::token::SourceRef(std::sync::Arc::new(source)));
        self.inner = self.inner.token_maintainer(true);
        self
    }

    /// Escape hatch: adjust the core's options directly (tuning knobs without a method here).
    ///
    /// ```
    /// # use lp_messaging_sdk::{Connection, UserType};
    /// let b = Connection::builder("123", UserType::Brand).core_options(|o| o.request_queue_timeout(5_000));
    /// ```
    pub fn core_options(
        mut self,
        f: impl FnOnce(ClientOptionsBuilder) -> ClientOptionsBuilder,
    ) -> Self {
        self.inner = f(self.inner);
        self
    }

    /// Validates the options and starts the connection's task (needs a tokio runtime). Nothing
    /// is sent until [`Connection::open`].
    ///
    /// ```no_run
    /// # async fn demo() -> lp_messaging_sdk::Result<()> {
    /// use lp_messaging_sdk::{Connection, UserType};
    /// let c = Connection::builder("123", UserType::Consumer).build()?;
    /// # Ok(()) }
    /// ```
    pub fn build(self) -> Result<Connection> {
        let csds = self.csds_url.or_else(|| {
            std::env::var(CSDS_URL_ENV)
                .ok()
                .filter(|v| !v.trim().is_empty())
        });
        let mut inner = self.inner;
        if let Some(url) = csds {
            inner = inner.csds_url(url);
        }
        self.proxy
            .validate()
            .map_err(|e| crate::Error::Options(e.to_string()))?;
        let mut roots = Vec::new();
        for pem in &self.roots {
            roots.extend(crate::driver::parse_pem(pem).map_err(crate::Error::Options)?);
        }
        Connection::start(
            inner.build(),
            self.proxy,
            std::sync::Arc::new(roots),
            self.token_source,
        )
    }
}

/// Consumer device, browser and feature information (`createClientProperties`).
///
/// ```
/// use lp_messaging_sdk::{ClientProperties, DeviceFamily, Feature, Os};
/// let p = ClientProperties {
///     device_family: Some(DeviceFamily::Desktop),
///     os: Some(Os::Osx),
///     browser: Some("CHROME".into()),
///     features: vec![Feature::AutoMessages, Feature::PhotoSharing],
///     ..Default::default()
/// };
/// assert_eq!(p.to_value()["deviceFamily"], "DESKTOP");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ClientProperties {
    /// Application id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub app_id: Option<String>,
    /// Application version.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub app_version: Option<String>,
    /// Device family.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_family: Option<DeviceFamily>,
    /// Device manufacturer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_manufacturer: Option<String>,
    /// Device model.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_model: Option<String>,
    /// Operating system.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub os: Option<Os>,
    /// OS name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub os_name: Option<String>,
    /// OS version.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub os_version: Option<String>,
    /// IP address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ip_address: Option<String>,
    /// Browser.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub browser: Option<String>,
    /// Browser version.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub browser_version: Option<String>,
    /// Integration (`WEB_SDK`, `MOBILE_SDK`, `BRAND_SDK`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub integration: Option<String>,
    /// Integration version.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub integration_version: Option<String>,
    /// Time zone name or `GMT±h:mm`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
    /// Messaging features the client supports.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub features: Vec<Feature>,
}

impl ClientProperties {
    /// The JSON object sent to the platform.
    ///
    /// ```
    /// let v = lp_messaging_sdk::ClientProperties::default().to_value();
    /// assert!(v.is_object());
    /// ```
    pub fn to_value(&self) -> Value {
        serde_json::to_value(self).unwrap_or_else(|_| json!({}))
    }
}

/// Device family (`DeviceFamily`).
///
/// ```
/// assert_eq!(serde_json::to_value(lp_messaging_sdk::DeviceFamily::Mobile).unwrap(), "MOBILE");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum DeviceFamily {
    /// Desktop.
    Desktop,
    /// Tablet.
    Tablet,
    /// Mobile.
    Mobile,
    /// PDA.
    Pda,
    /// Other.
    Other,
    /// Unknown.
    Unknown,
}

/// Operating system (`OS`).
///
/// ```
/// assert_eq!(serde_json::to_value(lp_messaging_sdk::Os::Osx).unwrap(), "OSX");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Os {
    /// Windows.
    Windows,
    /// Linux.
    Linux,
    /// macOS.
    Osx,
    /// Android.
    Android,
    /// iOS.
    Ios,
    /// Other.
    Other,
}

/// Client messaging features (`Features`).
///
/// ```
/// assert_eq!(serde_json::to_value(lp_messaging_sdk::Feature::CoBrowse).unwrap(), "CO_BROWSE");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Feature {
    /// Co-browse.
    CoBrowse,
    /// Co-app.
    CoApp,
    /// Photo sharing.
    PhotoSharing,
    /// File sharing.
    FileSharing,
    /// Secure forms.
    SecureForms,
    /// Automatic messages.
    AutoMessages,
    /// Rich content.
    RichContent,
    /// Quick replies.
    QuickReplies,
    /// Several dialogs.
    MultiDialog,
    /// Markdown hyperlinks.
    MarkdownHyperlinks,
}

/// Claims of an authenticated consumer (`createJwtClaimsSet`).
///
/// ```
/// use lp_messaging_sdk::JwtClaimsSet;
/// let c = JwtClaimsSet::new("0000000001")
///     .phone_number("5550005555")
///     .sde(JwtClaimsSet::customer_info(serde_json::json!({"customerId": "12345"})));
/// assert_eq!(c.to_value()["lp_sdes"][0]["type"], "ctmrinfo");
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct JwtClaimsSet {
    sub: String,
    phone_number: Option<String>,
    preferred_username: Option<String>,
    email: Option<String>,
    sdes: Vec<Value>,
}

impl JwtClaimsSet {
    /// Claims for the subject (the customer's id in your system).
    ///
    /// ```
    /// let c = lp_messaging_sdk::JwtClaimsSet::new("42");
    /// assert_eq!(c.to_value()["sub"], "42");
    /// ```
    pub fn new(sub: impl Into<String>) -> Self {
        JwtClaimsSet {
            sub: sub.into(),
            ..Default::default()
        }
    }

    /// Phone number.
    ///
    /// ```
    /// let c = lp_messaging_sdk::JwtClaimsSet::new("42").phone_number("555");
    /// ```
    pub fn phone_number(mut self, v: impl Into<String>) -> Self {
        self.phone_number = Some(v.into());
        self
    }

    /// Preferred user name.
    ///
    /// ```
    /// let c = lp_messaging_sdk::JwtClaimsSet::new("42").preferred_username("ADMIN1");
    /// ```
    pub fn preferred_username(mut self, v: impl Into<String>) -> Self {
        self.preferred_username = Some(v.into());
        self
    }

    /// E-mail.
    ///
    /// ```
    /// let c = lp_messaging_sdk::JwtClaimsSet::new("42").email("a@example.com");
    /// ```
    pub fn email(mut self, v: impl Into<String>) -> Self {
        self.email = Some(v.into());
        self
    }

    /// Adds a structured data entity (see [`JwtClaimsSet::customer_info`],
    /// [`JwtClaimsSet::personal_info`]).
    ///
    /// ```
    /// use lp_messaging_sdk::JwtClaimsSet;
    /// let c = JwtClaimsSet::new("42").sde(JwtClaimsSet::personal_info(serde_json::json!({"firstname": "Ada"})));
    /// ```
    pub fn sde(mut self, sde: Value) -> Self {
        self.sdes.push(sde);
        self
    }

    /// A customer-info SDE (`createCustomerInfoSde`): fields such as `customerId`,
    /// `userName`, `accountName`, `role`.
    ///
    /// ```
    /// let s = lp_messaging_sdk::JwtClaimsSet::customer_info(serde_json::json!({"customerId": "1"}));
    /// assert_eq!(s["info"]["customerId"], "1");
    /// ```
    pub fn customer_info(info: Value) -> Value {
        json!({"type": "ctmrinfo", "info": info})
    }

    /// A personal-info SDE (`createPersonalInfoSde`): `firstname`, `lastname`, `gender`,
    /// `language`, `company`, `age`, `contacts`.
    ///
    /// ```
    /// let s = lp_messaging_sdk::JwtClaimsSet::personal_info(serde_json::json!({"firstname": "Ada"}));
    /// assert_eq!(s["type"], "personal");
    /// ```
    pub fn personal_info(personal: Value) -> Value {
        json!({"type": "personal", "personal": personal})
    }

    /// The claims as JSON (`sub`, `phone_number`, `preferred_username`, `email`, `lp_sdes`).
    ///
    /// ```
    /// let v = lp_messaging_sdk::JwtClaimsSet::new("42").to_value();
    /// assert_eq!(v["sub"], "42");
    /// ```
    pub fn to_value(&self) -> Value {
        let mut v = json!({"sub": self.sub});
        if let Some(p) = &self.phone_number {
            v["phone_number"] = json!(p);
        }
        if let Some(p) = &self.preferred_username {
            v["preferred_username"] = json!(p);
        }
        if let Some(e) = &self.email {
            v["email"] = json!(e);
        }
        if !self.sdes.is_empty() {
            v["lp_sdes"] = json!(self.sdes);
        }
        v
    }
}
