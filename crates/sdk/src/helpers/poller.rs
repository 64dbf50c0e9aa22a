//! [`ShiftStatusPoller`]: skill shift status polled by the core's poller state machine.

use std::sync::{Arc, Mutex};

use lpm_core::connection::poller::{PollerEvent, PollerOptions, ShiftStatusPoller as Core};
use tokio::sync::{broadcast, mpsc};

use super::runner::{self, Input};
use crate::driver::{clock, lock};
use crate::error::Result;
use crate::options::CSDS_URL_ENV;
use crate::token::{SourceRef, TokenProvider};

/// Where a [`ShiftStatusPoller`] gets its bearer.
#[derive(Clone)]
pub enum PollerToken {
    /// A fixed bearer (a 401 is reported, not retried).
    Fixed(String),
    /// A token source (e.g. a [`TokenMaintainer`](crate::TokenMaintainer)): a 401 makes it
    /// regenerate the token, and the poll is retried once.
    Source(Arc<dyn TokenProvider>),
}

/// Polls skill shift status (sdk-api §1.2 `ShiftStatusPoller`): right away, after a random
/// 0–60 s, then every 54–60 s. Each answer is a [`PollerEvent::ShiftStatusData`] on
/// [`events`](Self::events). Runs until [`stop`](Self::stop) or the last clone is dropped.
///
/// ```no_run
/// # async fn demo() -> lp_messaging_sdk::Result<()> {
/// use std::sync::Arc;
/// use lp_messaging_sdk::{PollerToken, ShiftStatusPoller, TokenMaintainer};
/// use lp_messaging_sdk::lpm_core::connection::poller::PollerEvent;
/// let maintainer = TokenMaintainer::password("12345678", "agent1", "secret")?;
/// let poller = ShiftStatusPoller::new("12345678", PollerToken::Source(Arc::new(maintainer)))?;
/// let mut events = poller.events();
/// poller.start();
/// while let Ok(e) = events.recv().await {
///     if let PollerEvent::ShiftStatusData { skills } = e {
///         println!("{skills}");
///     }
/// }
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct ShiftStatusPoller {
    core: Arc<Mutex<Core>>,
    input: mpsc::UnboundedSender<Input>,
    events: broadcast::Sender<PollerEvent>,
}

impl core::fmt::Debug for ShiftStatusPoller {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("ShiftStatusPoller")
            .field("running", &lock(&self.core).is_running())
            .finish()
    }
}

impl ShiftStatusPoller {
    /// A stopped poller for `account_id` (`$LPM_CSDS_URL` honoured). Needs a tokio runtime.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")] async fn main() {
    /// use lp_messaging_sdk::{PollerToken, ShiftStatusPoller};
    /// let p = ShiftStatusPoller::new("123", PollerToken::Fixed("bearer".into())).unwrap();
    /// # }
    /// ```
    pub fn new(account_id: impl Into<String>, token: PollerToken) -> Result<ShiftStatusPoller> {
        let csds_url = std::env::var(CSDS_URL_ENV)
            .ok()
            .filter(|v| !v.trim().is_empty());
        ShiftStatusPoller::with_csds_url(account_id, token, csds_url)
    }

    /// Like [`new`](Self::new) with an explicit CSDS location (`None`: LivePerson's).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")] async fn main() {
    /// use lp_messaging_sdk::{PollerToken, ShiftStatusPoller};
    /// let p = ShiftStatusPoller::with_csds_url("123", PollerToken::Fixed("b".into()), Some("http://127.0.0.1:7400".into()));
    /// assert!(p.is_ok());
    /// # }
    /// ```
    pub fn with_csds_url(
        account_id: impl Into<String>,
        token: PollerToken,
        csds_url: Option<String>,
    ) -> Result<ShiftStatusPoller> {
        let plain = csds_url
            .as_deref()
            .is_some_and(|u| u.trim().starts_with("http://"));
        let (fixed, source) = match token {
            PollerToken::Fixed(t) => (Some(t.into()), None),
            PollerToken::Source(s) => (None, Some(SourceRef(s))),
        };
        let options = PollerOptions {
            account_id: account_id.into(),
            token_maintainer: Some(source.is_some()),
            token: fixed,
            csds_url,
        };
        let core = Arc::new(Mutex::new(Core::new(options, crate::driver::seed())?));
        let (events, _) = broadcast::channel(64);
        let e = events.clone();
        let input = runner::spawn(&core, source, plain, move |ev| {
            let _ = e.send(ev);
        })?;
        Ok(ShiftStatusPoller {
            core,
            input,
            events,
        })
    }

    /// `start()`.
    ///
    /// ```no_run
    /// # fn demo(p: lp_messaging_sdk::ShiftStatusPoller) { p.start(); }
    /// ```
    pub fn start(&self) {
        lock(&self.core).start(clock::now());
        let _ = self.input.send(Input::Kick);
    }

    /// `stop()`.
    ///
    /// ```no_run
    /// # fn demo(p: lp_messaging_sdk::ShiftStatusPoller) { p.stop(); }
    /// ```
    pub fn stop(&self) {
        lock(&self.core).stop();
        let _ = self.input.send(Input::Kick);
    }

    /// Events from now on: `shiftStatusData`, `getShiftStatus#request`/`#response`/`#error`.
    ///
    /// ```no_run
    /// # fn demo(p: lp_messaging_sdk::ShiftStatusPoller) { let mut e = p.events(); }
    /// ```
    pub fn events(&self) -> broadcast::Receiver<PollerEvent> {
        self.events.subscribe()
    }
}
