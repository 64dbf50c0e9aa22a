//! The tokio driver: one task per connection owns the core [`Client`]'s progress.
//!
//! The task waits on user commands, I/O results (HTTP exchanges and websocket frames, each
//! run on its own small task) and the core's next timer; after every input it drains the
//! core's outputs with the loop every machine's driver shares ([`output::drain`]): doing the
//! I/O of transmits, delivering events to the user. It makes no protocol decision itself:
//! everything it does is what the core asked for.

pub(crate) mod clock;
pub(crate) mod http;
pub(crate) mod output;
mod socket;
mod tls;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, Weak};

use lpm_core::connection::{
    Client, Command, CommandId, CommandOutput, ConnectionState, Error as CoreError,
    Event as CoreEvent, Output,
};
use lpm_core::io::{SocketFailure, SocketId, Transmit};
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
    /// An HTTP exchange or token-source call finished.
    Done(output::Done),
    SocketOpened(SocketId),
    SocketFailed(SocketId, SocketFailure),
    SocketText(SocketId, String),
    SocketClosed(SocketId, u16, String),
}

/// Locks a core machine, shrugging off poisoning (the machine stays usable: the core never
/// panics half-way through an update on its own inputs).
pub(crate) fn lock<M>(machine: &Mutex<M>) -> MutexGuard<'_, M> {
    machine.lock().unwrap_or_else(|e| e.into_inner())
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
    /// HTTP and token-source transmits (and the proxy and plain-text choice sockets share).
    io: output::Performer,
    tls: Result<Arc<rustls::ClientConfig>, String>,
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
            tls: tls::config(&roots),
            io: output::Performer::new(roots, proxy, plain, token_source),
        }
    }

    fn client(&self) -> MutexGuard<'_, Client> {
        lock(&self.client)
    }

    /// Runs until every handle of the connection is gone.
    pub(crate) async fn run(mut self) {
        loop {
            self.drain();
            let sleep = clock::sleep_until(self.client().poll_timeout());
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
            Io::Done(d) => d.feed(&mut *c, now),
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
        }
    }

    /// Does everything the core asked for and delivers its events.
    fn drain(&mut self) {
        let client = self.client.clone();
        output::drain(&client, |out| match out {
            Output::Transmit(t) => self.transmit(t),
            Output::Event(e) => self.deliver(e),
        });
    }

    fn transmit(&mut self, t: Transmit) {
        let io = self.io_tx.clone();
        let report = move |d| {
            let _ = io.send(Io::Done(d));
        };
        let Some(t) = self.io.perform(t, report) else {
            return;
        };
        match t {
            Transmit::OpenSocket { id, url, headers } => {
                let (tx, rx) = mpsc::unbounded_channel();
                self.sockets.insert(id, tx);
                let spec = socket::SocketSpec {
                    id,
                    url,
                    headers,
                    proxy: self.io.proxy.resolve(),
                    plain_allowed: self.io.plain,
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
            // done by the performer
            Transmit::Http(_) | Transmit::TokenRequest { .. } | Transmit::TokenInvalid { .. } => {}
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
