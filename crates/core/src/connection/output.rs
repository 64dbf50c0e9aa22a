//! One output type for every state machine the core exposes, in the style of str0m's
//! `poll_output`: the connection ([`Client`]), the token maintainer ([`TokenMaintainer`]), the
//! shift-status poller ([`ShiftStatusPoller`]) and the CSDS resolver ([`CsdsResolver`]) all
//! implement [`Machine`], so a driver needs one loop, written once per language, to run any
//! of them:
//!
//! 1. feed an input (`handle_*`, or a machine's own command) with the current time;
//! 2. drain [`Machine::poll_output`] until `None`: perform each [`Output::Transmit`], hand
//!    each [`Output::Event`] to the user;
//! 3. arm one timer for [`Machine::poll_timeout`] and call [`Machine::handle_timeout`] when it
//!    fires.
//!
//! Transmits come before events, the order the drivers always used: a request goes out before
//! the user hears about it (`getAgentToken#request`, a command completing with a socket
//! close), and an event handler that feeds a new input finds the transmits of the earlier one
//! already under way.
//!
//! The machines keep their finer-grained `poll_transmit` / `poll_event` methods (tests read
//! one stream at a time); drivers use [`Machine::poll_output`] only.

use super::Client;
use super::csds_lookup::{CsdsResolver, Resolved};
use super::events::Event;
use super::maintainer::{MaintainerEvent, TokenMaintainer};
use super::options::AgentSessionData;
use super::poller::{PollerEvent, ShiftStatusPoller};
use crate::io::{HttpFailure, HttpId, HttpResponse, TokenRequestId, Transmit};
use crate::time::Time;

/// What a [`Machine`] asks of its driver next.
///
/// ```
/// use lpm_core::connection::csds_lookup::CsdsResolver;
/// use lpm_core::connection::output::{Machine, Output};
/// use lpm_core::io::Transmit;
/// use lpm_core::time::Time;
///
/// let mut r = CsdsResolver::new(Some("http://127.0.0.1:9")).unwrap();
/// r.lookup(Time(0), "123", "agentVep");
/// assert!(matches!(r.poll_output(), Some(Output::Transmit(Transmit::Http(_)))));
/// assert!(r.poll_output().is_none());
/// ```
///
/// Bindings that cross it as JSON write `{"transmit": …}` or `{"event": …}` (the TypeScript
/// declaration describes that form).
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename_all = "lowercase"))]
pub enum Output<E> {
    /// I/O to perform: an HTTP request (every machine), a websocket to open, a frame to send
    /// or a socket to close (the connection), or a call of the token source (the connection
    /// and the poller). Report its outcome with the matching `handle_*` input.
    Transmit(Transmit),
    /// Something for the user (or, for answers such as `getToken()` and `CSDS.lookup`, for
    /// the promise or future waiting for it).
    Event(E),
}

/// A sans-I/O state machine as its driver sees it: inputs with the current time in, outputs
/// out, one timer.
///
/// Inputs about unknown or old ids (an HTTP answer after `stop()`, a second answer to one
/// request) are ignored by every machine, so races between a driver and its machine are
/// harmless.
///
/// A complete driver, here over canned answers instead of a network:
///
/// ```
/// use lpm_core::connection::maintainer::{MaintainerEvent, MaintainerOptions, TokenMaintainer};
/// use lpm_core::connection::output::{Machine, Output};
/// use lpm_core::io::{HttpResponse, Transmit};
/// use lpm_core::time::Time;
///
/// /// Drains `m`, answering each HTTP request from `answer`; returns the events.
/// fn drive<M: Machine>(m: &mut M, now: Time, answer: impl Fn(&str) -> &'static str) -> Vec<M::Event> {
///     let mut events = Vec::new();
///     while let Some(out) = m.poll_output() {
///         match out {
///             Output::Transmit(Transmit::Http(req)) => {
///                 let body = answer(&req.url).as_bytes().to_vec();
///                 m.handle_http_response(now, req.id, Ok(HttpResponse { status: 200, headers: vec![], body }));
///             }
///             Output::Transmit(other) => panic!("not made by this machine: {other:?}"),
///             Output::Event(e) => events.push(e),
///         }
///     }
///     events
/// }
///
/// let opts: MaintainerOptions = serde_json::from_str(
///     r#"{"accountId":"123","authData":{"username":"bot","password":"pw"},"csdsUrl":"http://127.0.0.1:9"}"#,
/// ).unwrap();
/// let mut m = TokenMaintainer::new(opts).unwrap();
/// m.start(Time(0));
/// let events = drive(&mut m, Time(1), |url| {
///     if url.contains("baseURI") {
///         r#"{"baseURI":"127.0.0.1:9"}"#
///     } else {
///         r#"{"bearer":"B","csrf":"C","sessionId":"S","config":{"userId":"7"}}"#
///     }
/// });
/// assert!(matches!(events[0], MaintainerEvent::GetAgentTokenRequest { .. }));
/// assert_eq!(m.token().map(|t| t.expose()), Some("B"));
/// // the session is refreshed every 4 minutes
/// assert_eq!(Machine::poll_timeout(&m), Some(Time(1 + 240_000)));
/// ```
pub trait Machine {
    /// The machine's events ([`Event`], [`MaintainerEvent`], [`PollerEvent`], [`Resolved`]).
    type Event;

    /// The next output, transmits before events; `None` when there is nothing to do until
    /// the next input.
    fn poll_output(&mut self) -> Option<Output<Self::Event>>;

    /// When to call [`handle_timeout`](Machine::handle_timeout) next (epoch ms), or `None`.
    /// Re-read it after every input.
    fn poll_timeout(&self) -> Option<Time>;

    /// The time from [`poll_timeout`](Machine::poll_timeout) has come (calling it early or
    /// late is harmless: only what is due runs).
    fn handle_timeout(&mut self, now: Time);

    /// The outcome of a [`Transmit::Http`]: `Ok` with any status, `Err` when no answer came
    /// (the driver's own timeout, DNS, TLS, refused connection).
    fn handle_http_response(
        &mut self,
        now: Time,
        id: HttpId,
        result: Result<HttpResponse, HttpFailure>,
    );

    /// The token source's answer to a [`Transmit::TokenRequest`]: the session, or why there
    /// is none. Machines that never ask for a token (the maintainer, the CSDS resolver)
    /// ignore it, as any input about an unknown id.
    fn handle_token(
        &mut self,
        now: Time,
        id: TokenRequestId,
        result: Result<AgentSessionData, String>,
    ) {
        let _ = (now, id, result);
    }
}

/// The connection. Its own methods of the same names are what this delegates to.
impl Machine for Client {
    type Event = Event;

    fn poll_output(&mut self) -> Option<Output<Event>> {
        match self.poll_transmit() {
            Some(t) => Some(Output::Transmit(t)),
            None => self.poll_event().map(Output::Event),
        }
    }

    fn poll_timeout(&self) -> Option<Time> {
        Client::poll_timeout(self)
    }

    fn handle_timeout(&mut self, now: Time) {
        Client::handle_timeout(self, now);
    }

    fn handle_http_response(
        &mut self,
        now: Time,
        id: HttpId,
        result: Result<HttpResponse, HttpFailure>,
    ) {
        Client::handle_http_response(self, now, id, result);
    }

    fn handle_token(
        &mut self,
        now: Time,
        id: TokenRequestId,
        result: Result<AgentSessionData, String>,
    ) {
        Client::handle_token(self, now, id, result);
    }
}

/// The token maintainer: HTTP requests only (login, refresh, CSDS).
impl Machine for TokenMaintainer {
    type Event = MaintainerEvent;

    fn poll_output(&mut self) -> Option<Output<MaintainerEvent>> {
        match self.poll_transmit() {
            Some(r) => Some(Output::Transmit(Transmit::Http(r))),
            None => self.poll_event().map(Output::Event),
        }
    }

    fn poll_timeout(&self) -> Option<Time> {
        TokenMaintainer::poll_timeout(self)
    }

    fn handle_timeout(&mut self, now: Time) {
        TokenMaintainer::handle_timeout(self, now);
    }

    fn handle_http_response(
        &mut self,
        now: Time,
        id: HttpId,
        result: Result<HttpResponse, HttpFailure>,
    ) {
        TokenMaintainer::handle_http_response(self, now, id, result);
    }
}

/// The shift-status poller: HTTP requests, and token-source calls when its token comes from
/// one.
impl Machine for ShiftStatusPoller {
    type Event = PollerEvent;

    fn poll_output(&mut self) -> Option<Output<PollerEvent>> {
        match self.poll_transmit() {
            Some(t) => Some(Output::Transmit(t)),
            None => self.poll_event().map(Output::Event),
        }
    }

    fn poll_timeout(&self) -> Option<Time> {
        ShiftStatusPoller::poll_timeout(self)
    }

    fn handle_timeout(&mut self, now: Time) {
        ShiftStatusPoller::handle_timeout(self, now);
    }

    fn handle_http_response(
        &mut self,
        now: Time,
        id: HttpId,
        result: Result<HttpResponse, HttpFailure>,
    ) {
        ShiftStatusPoller::handle_http_response(self, now, id, result);
    }

    fn handle_token(
        &mut self,
        now: Time,
        id: TokenRequestId,
        result: Result<AgentSessionData, String>,
    ) {
        ShiftStatusPoller::handle_token(self, now, id, result);
    }
}

/// The CSDS resolver: HTTP requests only, and no timer (cached hosts expire when read).
impl Machine for CsdsResolver {
    type Event = Resolved;

    fn poll_output(&mut self) -> Option<Output<Resolved>> {
        match self.poll_transmit() {
            Some(r) => Some(Output::Transmit(Transmit::Http(r))),
            None => self.poll_event().map(Output::Event),
        }
    }

    fn poll_timeout(&self) -> Option<Time> {
        None
    }

    fn handle_timeout(&mut self, _now: Time) {}

    fn handle_http_response(
        &mut self,
        now: Time,
        id: HttpId,
        result: Result<HttpResponse, HttpFailure>,
    ) {
        CsdsResolver::handle_http_response(self, now, id, result);
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::connection::maintainer::MaintainerOptions;
    use crate::connection::poller::PollerOptions;
    use crate::connection::{ClientOptions, Command, ConnectionState, Secret, TokenSource};

    fn ok(body: serde_json::Value) -> Result<HttpResponse, HttpFailure> {
        Ok(HttpResponse {
            status: 200,
            headers: vec![],
            body: body.to_string().into_bytes(),
        })
    }

    fn status(status: u16) -> Result<HttpResponse, HttpFailure> {
        Ok(HttpResponse {
            status,
            headers: vec![],
            body: b"{}".to_vec(),
        })
    }

    /// Every output until `None`.
    fn drain<M: Machine>(m: &mut M) -> Vec<Output<M::Event>> {
        std::iter::from_fn(|| m.poll_output()).collect()
    }

    fn http(out: &Output<impl std::fmt::Debug>) -> &crate::io::HttpRequest {
        match out {
            Output::Transmit(Transmit::Http(r)) => r,
            other => panic!("expected an HTTP transmit, got {other:?}"),
        }
    }

    #[test]
    fn client_transmits_come_before_events_and_inputs_go_through_the_trait() {
        let opts = ClientOptions::from_json(
            r#"{"accountId":"123","userType":"consumer","csdsUrl":"http://127.0.0.1:9"}"#,
        )
        .unwrap();
        let mut c = Client::new(opts, 1).unwrap();
        c.command(Time(0), Command::Open);
        let out = drain(&mut c);
        // The IDP look-up goes out, then the user hears the connection is connecting.
        assert!(http(&out[0]).url.contains("/service/idp/baseURI.json"));
        assert!(matches!(
            out[1],
            Output::Event(Event::StateChange {
                state: ConnectionState::Connecting
            })
        ));
        assert!(out[2..].iter().all(|o| matches!(o, Output::Event(_))));
        let id = http(&out[0]).id;
        Machine::handle_http_response(&mut c, Time(1), id, ok(json!({"baseURI": "127.0.0.1:9"})));
        let out = drain(&mut c);
        assert_eq!(
            http(&out[0]).url,
            "http://127.0.0.1:9/api/account/123/signup"
        );
        // A failed request (no answer) is retried on the back-off: a timer is armed.
        let id = http(&out[0]).id;
        Machine::handle_http_response(&mut c, Time(2), id, Err(HttpFailure::new("refused")));
        let retry = Machine::poll_timeout(&c).expect("a retry timer");
        assert!(drain(&mut c).iter().all(|o| matches!(o, Output::Event(_))));
        Machine::handle_timeout(&mut c, retry);
        let out = drain(&mut c);
        assert!(http(&out[0]).url.ends_with("/signup"), "{out:?}");
    }

    #[test]
    fn client_token_requests_are_outputs_and_answers_go_through_the_trait() {
        let opts = ClientOptions::from_json(
            r#"{"accountId":"123","userType":"brand","csdsUrl":"http://127.0.0.1:9","tokenMaintainer":true}"#,
        )
        .unwrap();
        let mut c = Client::new(opts, 1).unwrap();
        c.command(Time(0), Command::Open);
        let out = drain(&mut c);
        let Some(Output::Transmit(Transmit::TokenRequest { id })) = out.first() else {
            panic!("expected a token request first, got {out:?}");
        };
        let info = AgentSessionData {
            token: Secret::new("B"),
            ..AgentSessionData::default()
        };
        Machine::handle_token(&mut c, Time(1), *id, Ok(info));
        let out = drain(&mut c);
        assert!(
            out.iter()
                .any(|o| matches!(o, Output::Transmit(Transmit::Http(_)))),
            "the connection goes on with the token: {out:?}"
        );
    }

    fn maintainer() -> TokenMaintainer {
        let opts: MaintainerOptions = serde_json::from_value(json!({
            "accountId": "123",
            "authData": {"username": "bot", "password": "pw"},
            "csdsUrl": "http://127.0.0.1:9"
        }))
        .unwrap();
        TokenMaintainer::new(opts).unwrap()
    }

    #[test]
    fn maintainer_requests_precede_their_events_and_failures_retry_on_the_timer() {
        let mut m = maintainer();
        m.start(Time(0));
        let out = drain(&mut m);
        assert_eq!(out.len(), 1, "only the CSDS look-up: {out:?}");
        let csds = http(&out[0]).id;
        Machine::handle_http_response(&mut m, Time(1), csds, ok(json!({"baseURI": "127.0.0.1:9"})));
        let out = drain(&mut m);
        // The login request is queued after its `getAgentToken#request` event, and still
        // comes out first.
        assert!(http(&out[0]).url.ends_with("/login?v=1.3"));
        assert_eq!(
            out[1],
            Output::Event(MaintainerEvent::GetAgentTokenRequest { start: 1 })
        );
        assert_eq!(out.len(), 2);
        let login = http(&out[0]).id;
        Machine::handle_http_response(&mut m, Time(2), login, status(503));
        let out = drain(&mut m);
        assert!(matches!(
            out[..],
            [
                Output::Event(MaintainerEvent::GetAgentTokenResponse { start: 1, end: 2 }),
                Output::Event(MaintainerEvent::Error { .. }),
                Output::Event(MaintainerEvent::GenerateTokenWait { .. }),
            ]
        ));
        let retry = Machine::poll_timeout(&m).expect("a retry");
        Machine::handle_timeout(&mut m, retry);
        let out = drain(&mut m);
        assert!(http(&out[0]).url.ends_with("/login?v=1.3"), "{out:?}");
        // The maintainer never asks a token source; an answer is ignored.
        Machine::handle_token(&mut m, retry, TokenRequestId(1), Err("x".into()));
        assert!(drain(&mut m).is_empty());
    }

    fn poller(source: bool) -> ShiftStatusPoller {
        let opts = PollerOptions {
            account_id: "123".into(),
            token: (!source).then(|| Secret::new("B")),
            token_maintainer: Some(source),
            csds_url: Some("http://127.0.0.1:9".into()),
        };
        ShiftStatusPoller::new(opts, 7).unwrap()
    }

    #[test]
    fn poller_polls_through_the_trait_and_keeps_its_cadence() {
        let mut p = poller(false);
        p.start(Time(0));
        let out = drain(&mut p);
        let csds = http(&out[0]).id;
        Machine::handle_http_response(&mut p, Time(1), csds, ok(json!({"baseURI": "127.0.0.1:9"})));
        let out = drain(&mut p);
        let poll = http(&out[0]);
        assert_eq!(poll.url, "http://127.0.0.1:9/api/account/123/shift-status");
        assert_eq!(out[1], Output::Event(PollerEvent::Request { start: 1 }));
        let id = poll.id;
        Machine::handle_http_response(&mut p, Time(2), id, ok(json!([{"skillId": "1"}])));
        let out = drain(&mut p);
        assert!(matches!(
            out[..],
            [
                Output::Event(PollerEvent::Response { start: 1, end: 2 }),
                Output::Event(PollerEvent::ShiftStatusData { .. }),
            ]
        ));
        // The first wait is random within 60 s; then the next poll goes out.
        let next = Machine::poll_timeout(&p).expect("the next poll");
        assert!(next <= Time(60_000));
        Machine::handle_timeout(&mut p, next);
        let out = drain(&mut p);
        assert!(http(&out[0]).url.ends_with("/shift-status"));
    }

    #[test]
    fn poller_with_a_token_source_asks_for_a_token_and_reports_a_refusal_first() {
        let mut p = poller(true);
        p.start(Time(0));
        let out = drain(&mut p);
        let [Output::Transmit(Transmit::TokenRequest { id })] = out[..] else {
            panic!("expected a token request, got {out:?}");
        };
        let info = AgentSessionData {
            token: Secret::new("B"),
            ..AgentSessionData::default()
        };
        Machine::handle_token(&mut p, Time(1), id, Ok(info));
        let csds = http(&drain(&mut p)[0]).id;
        Machine::handle_http_response(&mut p, Time(2), csds, ok(json!({"baseURI": "127.0.0.1:9"})));
        let poll = http(&drain(&mut p)[0]).id;
        Machine::handle_http_response(&mut p, Time(3), poll, status(401));
        let out = drain(&mut p);
        // Both token-source calls come before the poll's response event.
        assert!(matches!(
            out[..],
            [
                Output::Transmit(Transmit::TokenInvalid {
                    source: TokenSource::ShiftStatus
                }),
                Output::Transmit(Transmit::TokenRequest { .. }),
                Output::Event(PollerEvent::Response { start: 2, end: 3 }),
            ]
        ));
    }

    #[test]
    fn csds_answers_every_waiter_after_its_one_request_and_has_no_timer() {
        let mut r = CsdsResolver::new(Some("http://127.0.0.1:9")).unwrap();
        let a = r.lookup(Time(0), "123", "agentVep");
        let b = r.lookup(Time(0), "123", "agentVep");
        let bad = r.lookup(Time(0), "", "agentVep");
        let out = drain(&mut r);
        // The request first, though the invalid look-up's answer was queued before it.
        assert!(
            http(&out[0])
                .url
                .contains("/api/account/123/service/agentVep/")
        );
        assert!(matches!(&out[1], Output::Event(Resolved { id, result: Err(_) }) if *id == bad));
        assert_eq!(out.len(), 2);
        assert_eq!(Machine::poll_timeout(&r), None);
        let id = http(&out[0]).id;
        Machine::handle_http_response(&mut r, Time(1), id, ok(json!({"baseURI": "vep.example"})));
        let out = drain(&mut r);
        let ids: Vec<_> = out
            .iter()
            .map(|o| match o {
                Output::Event(Resolved {
                    id,
                    result: Ok(host),
                }) if host == "vep.example" => *id,
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(ids, [a, b]);
        // An answer to nothing asked is ignored.
        Machine::handle_http_response(&mut r, Time(2), id, ok(json!({"baseURI": "x"})));
        Machine::handle_timeout(&mut r, Time(3));
        assert!(drain(&mut r).is_empty());
    }
}
