//! One tokio task per helper state machine (token maintainer, shift-status poller): it does
//! the HTTP and token-source I/O the machine asks for and arms its timer, like the
//! connection's driver. No protocol decision is made here.

use std::sync::{Arc, Mutex, MutexGuard, Weak};

use lpm_core::connection::{AgentSessionData, TokenSource};
use lpm_core::io::{HttpFailure, HttpId, HttpRequest, HttpResponse, TokenRequestId};
use lpm_core::time::Time;
use tokio::sync::mpsc;

use crate::driver::{clock, http};
use crate::proxy::ProxySetting;
use crate::token::SourceRef;

/// What a machine asks for.
pub(crate) enum Output<E> {
    Http(HttpRequest),
    TokenRequest(TokenRequestId),
    TokenInvalid(TokenSource),
    Event(E),
}

/// A helper state machine as the runner sees it.
pub(crate) trait Machine: Send + 'static {
    type Event: Send + 'static;
    fn next_output(&mut self) -> Option<Output<Self::Event>>;
    fn timeout(&self) -> Option<Time>;
    fn on_timeout(&mut self, now: Time);
    fn on_http(&mut self, now: Time, id: HttpId, r: Result<HttpResponse, HttpFailure>);
    fn on_token(&mut self, _now: Time, _id: TokenRequestId, _r: Result<AgentSessionData, String>) {}
}

/// Inputs of the task.
pub(crate) enum Input {
    /// The machine was changed by a handle: drain it.
    Kick,
    Http(HttpId, Result<HttpResponse, HttpFailure>),
    Token(TokenRequestId, Result<AgentSessionData, String>),
}

/// Locks, shrugging off poisoning.
pub(crate) fn lock<M>(m: &Mutex<M>) -> MutexGuard<'_, M> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Starts the task; it ends when every handle (holder of the machine's `Arc`) is gone.
pub(crate) fn spawn<M: Machine>(
    machine: &Arc<Mutex<M>>,
    source: Option<SourceRef>,
    plain: bool,
    deliver: impl Fn(M::Event) + Send + 'static,
) -> Result<mpsc::UnboundedSender<Input>, crate::Error> {
    let handle = tokio::runtime::Handle::try_current()
        .map_err(|_| crate::Error::Invalid("this helper needs a tokio runtime".into()))?;
    let (tx, rx) = mpsc::unbounded_channel();
    let task = Task {
        machine: Arc::downgrade(machine),
        source,
        plain,
        tx: tx.downgrade(),
        rx,
        http: http::HttpClients::new(Arc::new(Vec::new())),
    };
    handle.spawn(task.run(deliver));
    Ok(tx)
}

struct Task<M> {
    machine: Weak<Mutex<M>>,
    source: Option<SourceRef>,
    plain: bool,
    tx: mpsc::WeakUnboundedSender<Input>,
    rx: mpsc::UnboundedReceiver<Input>,
    http: http::HttpClients,
}

impl<M: Machine> Task<M> {
    async fn run(mut self, deliver: impl Fn(M::Event)) {
        loop {
            let Some(m) = self.machine.upgrade() else {
                return;
            };
            self.drain(&m, &deliver);
            let deadline = lock(&m).timeout();
            drop(m);
            let now = clock::now();
            let sleep = async move {
                match deadline {
                    Some(d) => tokio::time::sleep(clock::until(now, d)).await,
                    None => std::future::pending::<()>().await,
                }
            };
            let input = tokio::select! {
                i = self.rx.recv() => match i {
                    Some(i) => Some(i),
                    None => return,
                },
                () = sleep => None,
            };
            let Some(m) = self.machine.upgrade() else {
                return;
            };
            let now = clock::now();
            let mut g = lock(&m);
            match input {
                None => g.on_timeout(now),
                Some(Input::Kick) => {}
                Some(Input::Http(id, r)) => g.on_http(now, id, r),
                Some(Input::Token(id, r)) => g.on_token(now, id, r),
            }
        }
    }

    fn drain(&mut self, m: &Mutex<M>, deliver: &impl Fn(M::Event)) {
        loop {
            let next = lock(m).next_output();
            let Some(out) = next else { return };
            let Some(tx) = self.tx.upgrade() else { return };
            match out {
                Output::Event(e) => deliver(e),
                Output::Http(req) => {
                    let id = req.id;
                    match self.http.get(ProxySetting::Global.resolve()) {
                        Ok(client) => {
                            let plain = self.plain;
                            tokio::spawn(async move {
                                let r = http::perform(client, req, plain).await;
                                let _ = tx.send(Input::Http(id, r));
                            });
                        }
                        Err(e) => {
                            let _ = tx.send(Input::Http(id, Err(HttpFailure::new(e))));
                        }
                    }
                }
                Output::TokenRequest(id) => match &self.source {
                    Some(s) => {
                        let s = s.0.clone();
                        tokio::spawn(async move {
                            let r = s.session().await;
                            let _ = tx.send(Input::Token(id, r));
                        });
                    }
                    None => {
                        let _ = tx.send(Input::Token(id, Err("no token source".into())));
                    }
                },
                Output::TokenInvalid(source) => {
                    if let Some(s) = &self.source {
                        s.0.token_invalid(source);
                    }
                }
            }
        }
    }
}
