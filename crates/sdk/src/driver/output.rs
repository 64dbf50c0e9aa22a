//! What every core machine's driver shares (the connection's task, the helpers' tasks and the
//! CSDS cache): the one drain loop over [`Machine::poll_output`], the I/O of the transmits
//! every machine may make (HTTP and token-source calls), and feeding their outcomes back.
//! Only the connection adds its own transmits (websockets) and event delivery.

use std::sync::Mutex;

use lpm_core::connection::{AgentSessionData, Machine, Output};
use lpm_core::io::{HttpFailure, HttpId, HttpResponse, TokenRequestId, Transmit};
use lpm_core::time::Time;

use super::{http, lock, tls};
use crate::proxy::ProxySetting;
use crate::token::SourceRef;

/// Drains `machine`: every output, transmits before events (the core's order), goes to
/// `handle` until there is none.
///
/// The lock is held only while polling: handling an output may need the machine again (the
/// connection's events are translated with its model, a settled future's owner may call in).
pub(crate) fn drain<M: Machine>(machine: &Mutex<M>, mut handle: impl FnMut(Output<M::Event>)) {
    loop {
        let next = lock(machine).poll_output();
        let Some(out) = next else { return };
        handle(out);
    }
}

/// The outcome of a transmit [`Performer`] started, for the machine that asked.
pub(crate) enum Done {
    /// An HTTP exchange finished (or produced no answer).
    Http(HttpId, Result<HttpResponse, HttpFailure>),
    /// The token source answered.
    Token(TokenRequestId, Result<AgentSessionData, String>),
}

impl Done {
    /// Hands the outcome to `machine`.
    pub(crate) fn feed<M: Machine>(self, machine: &mut M, now: Time) {
        match self {
            Done::Http(id, r) => machine.handle_http_response(now, id, r),
            Done::Token(id, r) => machine.handle_token(now, id, r),
        }
    }
}

/// Does the transmits every machine may make: HTTP requests and token-source calls.
pub(crate) struct Performer {
    http: http::HttpClients,
    /// Which proxy HTTP (and the connection's websockets) go through.
    pub(crate) proxy: ProxySetting,
    /// Whether `http://` was allowed (a plain CSDS location).
    pub(crate) plain: bool,
    source: Option<SourceRef>,
}

impl Performer {
    /// A performer trusting `roots` besides the Mozilla store, asking `source` for tokens.
    pub(crate) fn new(
        roots: tls::Roots,
        proxy: ProxySetting,
        plain: bool,
        source: Option<SourceRef>,
    ) -> Performer {
        Performer {
            http: http::HttpClients::new(roots),
            proxy,
            plain,
            source,
        }
    }

    /// Starts the I/O of `t` if it is HTTP or a token-source call; `report` gets its outcome,
    /// always from a task of its own (never before this returns, so it may take locks the
    /// caller holds). Hands back what it does not do: websocket transmits, the connection's.
    pub(crate) fn perform(
        &mut self,
        t: Transmit,
        report: impl FnOnce(Done) + Send + 'static,
    ) -> Option<Transmit> {
        match t {
            Transmit::Http(req) => {
                let id = req.id;
                let client = self.http.get(self.proxy.resolve());
                let plain = self.plain;
                tokio::spawn(async move {
                    let r = match client {
                        Ok(client) => http::perform(client, req, plain).await,
                        Err(e) => Err(HttpFailure::new(e)),
                    };
                    report(Done::Http(id, r));
                });
            }
            Transmit::TokenRequest { id } => {
                let source = self.source.as_ref().map(|s| s.0.clone());
                tokio::spawn(async move {
                    let r = match source {
                        Some(s) => s.session().await,
                        None => Err("no token source".into()),
                    };
                    report(Done::Token(id, r));
                });
            }
            Transmit::TokenInvalid { source } => {
                if let Some(s) = &self.source {
                    s.0.token_invalid(source);
                }
            }
            socket => return Some(socket),
        }
        None
    }
}
