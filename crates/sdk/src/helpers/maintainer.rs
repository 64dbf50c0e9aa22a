//! [`TokenMaintainer`]: a brand token kept alive by the core's maintainer state machine.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use futures_util::future::BoxFuture;
use lpm_core::connection::maintainer::{
    MaintainerEvent, MaintainerOptions, MaintainerState, TokenMaintainer as Core, WaitId,
};
use lpm_core::connection::{AgentSessionData, Error as CoreError, Secret, TokenSource};
use tokio::sync::{broadcast, mpsc, oneshot};

use super::runner::{self, Input};
use crate::driver::{clock, lock};
use crate::error::{Error, Result};
use crate::options::CSDS_URL_ENV;
use crate::token::TokenProvider;

type Waiters =
    Arc<Mutex<HashMap<WaitId, oneshot::Sender<std::result::Result<AgentSessionData, CoreError>>>>>;

/// Keeps a brand bearer token alive (sdk-api §1.2 `TokenMaintainer`): logs in, refreshes the
/// session every 4 minutes, logs in again when the token is declared invalid or a login
/// fails (on the reconnect back-off). Give it to connections with
/// [`ConnectionBuilder::token_source`](crate::ConnectionBuilder::token_source) and to a
/// [`ShiftStatusPoller`](crate::ShiftStatusPoller) to share one token.
///
/// Cheap to clone; the maintainer runs until the last clone is dropped or [`stop`](Self::stop).
///
/// ```no_run
/// # async fn demo() -> lp_messaging_sdk::Result<()> {
/// use lp_messaging_sdk::{Connection, TokenMaintainer, UserType};
/// let maintainer = TokenMaintainer::password("12345678", "agent1", "secret")?;
/// maintainer.start();
/// let bearer = maintainer.token().await?; // for other LivePerson REST APIs
/// let connection = Connection::builder("12345678", UserType::Brand)
///     .token_source(maintainer.clone())
///     .build()?;
/// connection.open().await?;
/// # let _ = bearer; Ok(()) }
/// ```
#[derive(Clone)]
pub struct TokenMaintainer {
    core: Arc<Mutex<Core>>,
    input: mpsc::UnboundedSender<Input>,
    waiters: Waiters,
    events: broadcast::Sender<MaintainerEvent>,
}

impl core::fmt::Debug for TokenMaintainer {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("TokenMaintainer")
            .field("state", &self.state())
            .field("agent_id", &self.agent_id())
            .finish()
    }
}

impl TokenMaintainer {
    /// A maintainer from the JavaScript constructor's options (`accountId`, `authData`,
    /// `authSessionInfo`, `csdsUrl`; `$LPM_CSDS_URL` when `csdsUrl` is absent). Needs a
    /// tokio runtime. Nothing is sent before [`start`](Self::start).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")] async fn main() {
    /// use lp_messaging_sdk::TokenMaintainer;
    /// use lp_messaging_sdk::lpm_core::connection::maintainer::MaintainerOptions;
    /// let o: MaintainerOptions = serde_json::from_value(serde_json::json!({
    ///     "accountId": "123", "authData": {"username": "bot", "password": "pw"}})).unwrap();
    /// let m = TokenMaintainer::new(o).unwrap();
    /// assert!(m.token_now().is_none());
    /// # }
    /// ```
    pub fn new(mut options: MaintainerOptions) -> Result<TokenMaintainer> {
        if options.csds_url.is_none() {
            options.csds_url = std::env::var(CSDS_URL_ENV)
                .ok()
                .filter(|v| !v.trim().is_empty());
        }
        let plain = options
            .csds_url
            .as_deref()
            .is_some_and(|u| u.trim().starts_with("http://"));
        let core = Arc::new(Mutex::new(Core::new(options)?));
        let waiters: Waiters = Arc::default();
        let (events, _) = broadcast::channel(256);
        let (w, e) = (waiters.clone(), events.clone());
        let input = runner::spawn(&core, None, plain, move |ev| match ev {
            MaintainerEvent::TokenAnswer { id, result } => {
                if let Some(tx) = lock(&w).remove(&id) {
                    let _ = tx.send(result);
                }
            }
            other => {
                let _ = e.send(other);
            }
        })?;
        Ok(TokenMaintainer {
            core,
            input,
            waiters,
            events,
        })
    }

    /// A maintainer logging in with a user name and password (`$LPM_CSDS_URL` honoured).
    ///
    /// ```no_run
    /// # async fn demo() -> lp_messaging_sdk::Result<()> {
    /// let m = lp_messaging_sdk::TokenMaintainer::password("123", "agent1", "secret")?;
    /// # Ok(()) }
    /// ```
    pub fn password(
        account_id: impl Into<String>,
        username: impl Into<String>,
        password: impl Into<String>,
    ) -> Result<TokenMaintainer> {
        TokenMaintainer::new(MaintainerOptions {
            account_id: account_id.into(),
            auth_data: Some(lpm_core::connection::AuthData {
                username: Some(username.into()),
                password: Some(Secret::new(password.into())),
                ..Default::default()
            }),
            ..MaintainerOptions::default()
        })
    }

    fn with<R>(&self, f: impl FnOnce(&mut Core) -> R) -> R {
        let r = f(&mut lock(&self.core));
        let _ = self.input.send(Input::Kick);
        r
    }

    /// `start()`: log in (or prove the given session alive) and keep the token fresh.
    ///
    /// ```no_run
    /// # async fn demo(m: lp_messaging_sdk::TokenMaintainer) { m.start(); }
    /// ```
    pub fn start(&self) {
        self.with(|c| c.start(clock::now()));
    }

    /// `stop()`: no more requests; waiting [`token`](Self::token) calls fail.
    ///
    /// ```no_run
    /// # async fn demo(m: lp_messaging_sdk::TokenMaintainer) { m.stop(); }
    /// ```
    pub fn stop(&self) {
        self.with(Core::stop);
    }

    /// `state`: `Initial`, `Started` or `Stopped`.
    ///
    /// ```no_run
    /// # fn demo(m: lp_messaging_sdk::TokenMaintainer) {
    /// use lp_messaging_sdk::lpm_core::connection::maintainer::MaintainerState;
    /// assert_eq!(m.state(), MaintainerState::Initial);
    /// # }
    /// ```
    pub fn state(&self) -> MaintainerState {
        lock(&self.core).state()
    }

    /// `getAuthSessionInfo()`: waits for a valid session (`{accountId, token, sessionId,
    /// csrf, userId, userPid}`); fails when the maintainer stops or has nothing to log in with.
    ///
    /// ```no_run
    /// # async fn demo(m: lp_messaging_sdk::TokenMaintainer) -> lp_messaging_sdk::Result<()> {
    /// let info = m.session().await?;
    /// println!("user {:?}", info.user_id);
    /// # Ok(()) }
    /// ```
    pub async fn session(&self) -> Result<AgentSessionData> {
        let (tx, rx) = oneshot::channel();
        {
            let mut c = lock(&self.core);
            let id = c.get_token(clock::now());
            lock(&self.waiters).insert(id, tx);
        }
        let _ = self.input.send(Input::Kick);
        match rx.await {
            Ok(Ok(info)) => Ok(info),
            Ok(Err(source)) => Err(Error::Command {
                operation: "getToken",
                source,
            }),
            Err(_) => Err(Error::DriverGone),
        }
    }

    /// `getToken()`: waits for a valid bearer.
    ///
    /// ```no_run
    /// # async fn demo(m: lp_messaging_sdk::TokenMaintainer) -> lp_messaging_sdk::Result<()> {
    /// let bearer = m.token().await?;
    /// # Ok(()) }
    /// ```
    pub async fn token(&self) -> Result<Secret> {
        Ok(self.session().await?.token)
    }

    /// `token`: the current bearer, if any (without waiting).
    ///
    /// ```no_run
    /// # fn demo(m: lp_messaging_sdk::TokenMaintainer) { let _ = m.token_now(); }
    /// ```
    pub fn token_now(&self) -> Option<Secret> {
        lock(&self.core).token().cloned()
    }

    /// `authSessionInfo`: the current session, if any (without waiting).
    ///
    /// ```no_run
    /// # fn demo(m: lp_messaging_sdk::TokenMaintainer) { let _ = m.auth_session_info(); }
    /// ```
    pub fn auth_session_info(&self) -> Option<AgentSessionData> {
        lock(&self.core).auth_session_info()
    }

    /// `agentId`: `{accountId}.{userId}` once logged in.
    ///
    /// ```no_run
    /// # fn demo(m: lp_messaging_sdk::TokenMaintainer) { let _ = m.agent_id(); }
    /// ```
    pub fn agent_id(&self) -> Option<String> {
        lock(&self.core).agent_id()
    }

    /// `userId`: the numeric user id once logged in.
    ///
    /// ```no_run
    /// # fn demo(m: lp_messaging_sdk::TokenMaintainer) { let _ = m.user_id(); }
    /// ```
    pub fn user_id(&self) -> Option<String> {
        lock(&self.core).user_id().map(str::to_owned)
    }

    /// `onTokenInvalid(source)`: the token was refused somewhere; log in again.
    ///
    /// ```no_run
    /// # fn demo(m: lp_messaging_sdk::TokenMaintainer) {
    /// use lp_messaging_sdk::TokenSource;
    /// m.on_token_invalid(TokenSource::WebsocketClose);
    /// # }
    /// ```
    pub fn on_token_invalid(&self, source: TokenSource) {
        self.with(|c| c.on_token_invalid(clock::now(), source));
    }

    /// The maintainer's events (`error`, `token-invalid`, `refresh-token`,
    /// `token-regenerated`, `generate-token-wait`, `getAgentToken#request`/`#response`) from
    /// now on.
    ///
    /// ```no_run
    /// # async fn demo(m: lp_messaging_sdk::TokenMaintainer) {
    /// let mut events = m.events();
    /// while let Ok(e) = events.recv().await {
    ///     println!("{e:?}");
    /// }
    /// # }
    /// ```
    pub fn events(&self) -> broadcast::Receiver<MaintainerEvent> {
        self.events.subscribe()
    }
}

impl TokenProvider for TokenMaintainer {
    fn session(&self) -> BoxFuture<'_, std::result::Result<AgentSessionData, String>> {
        Box::pin(async move {
            // A connection using the maintainer starts it (harmless when started).
            if self.state() == MaintainerState::Initial {
                self.start();
            }
            TokenMaintainer::session(self)
                .await
                .map_err(|e| e.to_string())
        })
    }

    fn token_invalid(&self, source: TokenSource) {
        self.on_token_invalid(source);
    }
}
