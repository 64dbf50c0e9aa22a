//! The tokio driver: one task per connection owns the core [`Client`]'s progress.
//!
//! The task waits on user commands, I/O results (HTTP exchanges and websocket frames, each
//! run on its own small task) and the core's next timer; after every input it drains the
//! core's transmits (doing the I/O) and events (delivering them to the user). It makes no
//! protocol decision itself: everything it does is what the core asked for.

pub(crate) mod clock;
pub(crate) mod http;
mod socket;
mod tls;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, Weak};

use lpm_core::connection::AgentSessionData;
use lpm_core::connection::{
    Client, Command, CommandId, CommandOutput, ConnectionState, Error as CoreError,
    Event as CoreEvent,
};
use lpm_core::io::{
    HttpFailure, HttpId, HttpResponse, SocketFailure, SocketId, TokenRequestId, Transmit,
};
use tokio::sync::{mpsc, oneshot};

use crate::connection::Shared;
use crate::events;
use crate::proxy::ProxySetting;

pub(crate) use clock::seed;
pub(crate) use tls::{Roots, parse_pem};

/// The result of one command, as the task hands it back.
pub(crate) type Reply = Result<CommandOutput, CoreError>;

/// What a handle asks of the task.
pub(crate) enum Request {
    /// Run a core command; its result goes to `reply`.
    Command {
        /// The command.
        command: Box<Command>,
        /// Where its result goes.
        reply: oneshot::Sender<Reply>,
    },
    /// Put a serialized conversation into the model; the id (or why not) goes to `reply`.
    Load {
        /// `Conversation::serialize` output.
        json: String,
        /// Where the result goes.
        reply: oneshot::Sender<Result<String, String>>,
    },
    /// Drop a loaded conversation from the model.
    Unload {
        /// The conversation.
        conversation_id: String,
        /// Whether it was held.
        reply: oneshot::Sender<bool>,
    },
}

/// I/O results reported by the helper tasks.
pub(crate) enum Io {
    HttpDone(HttpId, Result<HttpResponse, HttpFailure>),
    SocketOpened(SocketId),
    SocketFailed(SocketId, SocketFailure),
    SocketText(SocketId, String),
    SocketClosed(SocketId, u16, String),
    Token(TokenRequestId, Result<AgentSessionData, String>),
}

/// Locks the client, shrugging off poisoning (the client stays usable: the core never panics
/// half-way through an update on its own inputs).
pub(crate) fn lock(client: &Mutex<Client>) -> MutexGuard<'_, Client> {
    client.lock().unwrap_or_else(|e| e.into_inner())
}

/// The connection task's state.
pub(crate) struct Driver {
    client: Arc<Mutex<Client>>,
    shared: Weak<Shared>,
    hub: Arc<events::Hub>,
    commands: mpsc::UnboundedReceiver<Request>,
    io_tx: mpsc::UnboundedSender<Io>,
    io_rx: mpsc::UnboundedReceiver<Io>,
    sockets: HashMap<SocketId, mpsc::UnboundedSender<socket::SocketOut>>,
    pending: HashMap<CommandId, oneshot::Sender<Reply>>,
    http: http::HttpClients,
    proxy: ProxySetting,
    plain: bool,
    tls: Result<Arc<rustls::ClientConfig>, String>,
    token_source: Option<crate::token::SourceRef>,
}

impl Driver {
    /// A driver for `client`, reporting to `hub`.
    pub(crate) fn new(
        client: Arc<Mutex<Client>>,
        shared: Weak<Shared>,
        hub: Arc<events::Hub>,
        commands: mpsc::UnboundedReceiver<Request>,
        proxy: ProxySetting,
        roots: tls::Roots,
        token_source: Option<crate::token::SourceRef>,
    ) -> Driver {
        let (io_tx, io_rx) = mpsc::unbounded_channel();
        let plain = lock(&client).config().plain;
        Driver {
            client,
            shared,
            hub,
            commands,
            io_tx,
            io_rx,
            sockets: HashMap::new(),
            pending: HashMap::new(),
            http: http::HttpClients::new(roots.clone()),
            tls: tls::config(&roots),
            proxy,
            plain,
            token_source,
        }
    }

    fn client(&self) -> MutexGuard<'_, Client> {
        lock(&self.client)
    }

    /// Runs until every handle of the connection is gone.
    pub(crate) async fn run(mut self) {
        loop {
            self.drain();
            let now = clock::now();
            let deadline = self.client().poll_timeout();
            let sleep = async move {
                match deadline {
                    Some(d) => tokio::time::sleep(clock::until(now, d)).await,
                    None => std::future::pending::<()>().await,
                }
            };
            tokio::select! {
                req = self.commands.recv() => match req {
                    Some(r) => self.handle_request(r),
                    None => {
                        self.shut_down();
                        return;
                    }
                },
                Some(io) = self.io_rx.recv() => self.handle_io(io),
                () = sleep => self.client().handle_timeout(clock::now()),
            }
        }
    }

    fn handle_request(&mut self, r: Request) {
        let now = clock::now();
        match r {
            Request::Command { command, reply } => {
                let id = self.client().command(now, *command);
                self.pending.insert(id, reply);
            }
            Request::Load { json, reply } => {
                let r = self
                    .client()
                    .model_mut()
                    .load_conversation(&json, now)
                    .map_err(|e| e.to_string());
                let _ = reply.send(r);
            }
            Request::Unload {
                conversation_id,
                reply,
            } => {
                let r = self
                    .client()
                    .model_mut()
                    .unload_conversation(&conversation_id);
                let _ = reply.send(r);
            }
        }
    }

    /// Every handle is gone: close the connection if it is still up.
    fn shut_down(&mut self) {
        let state = self.client().state();
        if !matches!(
            state,
            ConnectionState::Initial | ConnectionState::Closed | ConnectionState::FailedToConnect
        ) {
            self.client().command(clock::now(), Command::Close);
            self.drain();
        }
        for (_, s) in self.sockets.drain() {
            let _ = s.send(socket::SocketOut::Close(1000, "closed".into()));
        }
    }

    fn handle_io(&mut self, io: Io) {
        let now = clock::now();
        let mut c = lock(&self.client);
        match io {
            Io::HttpDone(id, r) => c.handle_http_response(now, id, r),
            Io::SocketOpened(id) => c.handle_socket_opened(now, id),
            Io::SocketFailed(id, f) => {
                self.sockets.remove(&id);
                c.handle_socket_failed(now, id, f);
            }
            Io::SocketText(id, text) => c.handle_socket_text(now, id, &text),
            Io::SocketClosed(id, code, reason) => {
                self.sockets.remove(&id);
                c.handle_socket_closed(now, id, code, &reason);
            }
            Io::Token(id, r) => c.handle_token(now, id, r),
        }
    }

    /// Does everything the core asked for and delivers its events.
    fn drain(&mut self) {
        loop {
            let mut progressed = false;
            loop {
                let next = self.client().poll_transmit();
                let Some(t) = next else { break };
                progressed = true;
                self.transmit(t);
            }
            loop {
                let next = self.client().poll_event();
                let Some(e) = next else { break };
                progressed = true;
                self.deliver(e);
            }
            if !progressed {
                return;
            }
        }
    }

    fn transmit(&mut self, t: Transmit) {
        match t {
            Transmit::Http(req) => {
                let id = req.id;
                match self.http.get(self.proxy.resolve()) {
                    Ok(client) => {
                        let io = self.io_tx.clone();
                        let plain = self.plain;
                        tokio::spawn(async move {
                            let r = http::perform(client, req, plain).await;
                            let _ = io.send(Io::HttpDone(id, r));
                        });
                    }
                    Err(e) => {
                        let _ = self.io_tx.send(Io::HttpDone(id, Err(HttpFailure::new(e))));
                    }
                }
            }
            Transmit::OpenSocket { id, url, headers } => {
                let (tx, rx) = mpsc::unbounded_channel();
                self.sockets.insert(id, tx);
                let spec = socket::SocketSpec {
                    id,
                    url,
                    headers,
                    proxy: self.proxy.resolve(),
                    plain_allowed: self.plain,
                    tls: self.tls.clone(),
                };
                tokio::spawn(socket::run(spec, rx, self.io_tx.clone()));
            }
            Transmit::SendText { id, text } => {
                if let Some(s) = self.sockets.get(&id) {
                    let _ = s.send(socket::SocketOut::Text(text));
                }
            }
            Transmit::CloseSocket { id, code, reason } => {
                if let Some(s) = self.sockets.remove(&id) {
                    let _ = s.send(socket::SocketOut::Close(code, reason));
                }
            }
            Transmit::TokenRequest { id } => {
                let io = self.io_tx.clone();
                match &self.token_source {
                    Some(s) => {
                        let s = s.0.clone();
                        tokio::spawn(async move {
                            let r = s.session().await;
                            let _ = io.send(Io::Token(id, r));
                        });
                    }
                    None => {
                        let _ = io.send(Io::Token(id, Err("no token source".into())));
                    }
                }
            }
            Transmit::TokenInvalid { source } => {
                if let Some(s) = &self.token_source {
                    s.0.token_invalid(source);
                }
            }
        }
    }

    fn deliver(&mut self, e: CoreEvent) {
        if let CoreEvent::CommandCompleted { id, result } = e {
            if let Some(reply) = self.pending.remove(&id) {
                let _ = reply.send(result);
            }
            return;
        }
        let Some(shared) = self.shared.upgrade() else {
            return;
        };
        if let Some(ev) = events::translate(&shared, e) {
            self.hub.publish(ev);
        }
    }
}
