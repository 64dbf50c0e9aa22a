//! Every (phase, input) pair of the connection: each phase is reached through real inputs,
//! each driver input and lifecycle command is fed to it, and the state it leaves and what it
//! reports are checked against one table (`TABLE`). `Closing` is not in it: it only exists
//! inside `close()` and no input can arrive there.

mod connection_support;

use connection_support::*;
use lpm_core::connection::{Command, ConnectionState, Event};
use lpm_core::io::Transmit;
use lpm_core::io::{HttpFailure, HttpId, HttpRequest, HttpResponse, SocketFailure, SocketId};
use serde_json::json;

/// The phases, each as a user would reach it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// `connectionType: null`.
    Null,
    /// Created, not opened.
    Idle,
    /// `open()`: the first HTTP look-up in flight.
    OpeningHttp,
    /// `open()`: the socket asked for, not open yet.
    OpeningSocket,
    /// `open()`: the socket open, `InitConnection` waiting for its answer.
    Verifying,
    /// Connected.
    Live,
    /// Dropped: waiting for the first reconnect attempt.
    ReconnectWait,
    /// Dropped: the reconnect's socket asked for.
    Reconnecting,
    /// A step-up: the IDP call in flight.
    SteppingUp,
    /// `close()`d.
    Closed,
    /// `open()` gave up.
    Failed,
}

/// The inputs: lifecycle commands, a request, and each driver input aimed at what the phase
/// has in flight (its socket, its HTTP call, its next timer).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Input {
    Open,
    Close,
    Request,
    SocketOpened,
    SocketText,
    SocketClosed,
    SocketFailed,
    HttpAnswer,
    HttpFailure,
    Timeout,
}

const INPUTS: [Input; 10] = [
    Input::Open,
    Input::Close,
    Input::Request,
    Input::SocketOpened,
    Input::SocketText,
    Input::SocketClosed,
    Input::SocketFailed,
    Input::HttpAnswer,
    Input::HttpFailure,
    Input::Timeout,
];

/// What a pair must do: the state after it, and what it reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reports {
    /// Nothing: no event beyond a state change, no transmit.
    Nothing,
    /// The command is refused with `invalidState`.
    InvalidState,
    /// The request (the `Request` input) is sent on the socket.
    Sent,
    /// The request is queued for the connection.
    Queued,
    /// The request is refused with `notConnected`.
    NotConnected,
    /// The command completes (close).
    Done,
    /// Something goes out (the attempt's next HTTP call, socket or frame; a keep-alive) and
    /// nothing fails.
    Step,
    /// `failed-to-connect` with a retry scheduled.
    WillRetry,
    /// `failed-to-connect` without retry: the attempts gave up.
    GaveUp,
    /// `disconnect`: the live connection dropped, a reconnect is scheduled.
    Disconnect,
    /// An `error` event (a malformed frame).
    Error,
}

use ConnectionState as S;
use Input as I;
use Phase as P;
use Reports as R;

#[rustfmt::skip]
const TABLE: &[(Phase, Input, ConnectionState, Reports)] = &[
    (P::Null, I::Open, S::Null, R::Done),
    (P::Null, I::Close, S::Null, R::Done),
    (P::Null, I::Request, S::Null, R::NotConnected),
    (P::Null, I::SocketOpened, S::Null, R::Nothing),
    (P::Null, I::SocketText, S::Null, R::Nothing),
    (P::Null, I::SocketClosed, S::Null, R::Nothing),
    (P::Null, I::SocketFailed, S::Null, R::Nothing),
    (P::Null, I::HttpAnswer, S::Null, R::Nothing),
    (P::Null, I::HttpFailure, S::Null, R::Nothing),
    (P::Null, I::Timeout, S::Null, R::Nothing),

    (P::Idle, I::Open, S::Connecting, R::Step),
    (P::Idle, I::Close, S::Initial, R::InvalidState),
    (P::Idle, I::Request, S::Initial, R::NotConnected),
    (P::Idle, I::SocketOpened, S::Initial, R::Nothing),
    (P::Idle, I::SocketText, S::Initial, R::Nothing),
    (P::Idle, I::SocketClosed, S::Initial, R::Nothing),
    (P::Idle, I::SocketFailed, S::Initial, R::Nothing),
    (P::Idle, I::HttpAnswer, S::Initial, R::Nothing),
    (P::Idle, I::HttpFailure, S::Initial, R::Nothing),
    (P::Idle, I::Timeout, S::Initial, R::Nothing),

    (P::OpeningHttp, I::Open, S::Connecting, R::InvalidState),
    (P::OpeningHttp, I::Close, S::Closed, R::Done),
    (P::OpeningHttp, I::Request, S::Connecting, R::Queued),
    (P::OpeningHttp, I::SocketOpened, S::Connecting, R::Nothing),
    (P::OpeningHttp, I::SocketText, S::Connecting, R::Nothing),
    (P::OpeningHttp, I::SocketClosed, S::Connecting, R::Nothing),
    (P::OpeningHttp, I::SocketFailed, S::Connecting, R::Nothing),
    (P::OpeningHttp, I::HttpAnswer, S::Connecting, R::WillRetry),
    (P::OpeningHttp, I::HttpFailure, S::Connecting, R::WillRetry),
    (P::OpeningHttp, I::Timeout, S::FailedToConnect, R::GaveUp),

    (P::OpeningSocket, I::Open, S::Connecting, R::InvalidState),
    (P::OpeningSocket, I::Close, S::Closed, R::Done),
    (P::OpeningSocket, I::Request, S::Connecting, R::Queued),
    (P::OpeningSocket, I::SocketOpened, S::Connecting, R::Step),
    (P::OpeningSocket, I::SocketText, S::Connecting, R::Error),
    (P::OpeningSocket, I::SocketClosed, S::Connecting, R::WillRetry),
    (P::OpeningSocket, I::SocketFailed, S::Connecting, R::WillRetry),
    (P::OpeningSocket, I::HttpAnswer, S::Connecting, R::Nothing),
    (P::OpeningSocket, I::HttpFailure, S::Connecting, R::Nothing),
    (P::OpeningSocket, I::Timeout, S::FailedToConnect, R::GaveUp),

    (P::Verifying, I::Open, S::Connecting, R::InvalidState),
    (P::Verifying, I::Close, S::Closed, R::Done),
    (P::Verifying, I::Request, S::Connecting, R::Queued),
    (P::Verifying, I::SocketOpened, S::Connecting, R::Nothing),
    (P::Verifying, I::SocketText, S::Connecting, R::Error),
    (P::Verifying, I::SocketClosed, S::Connecting, R::WillRetry),
    (P::Verifying, I::SocketFailed, S::Connecting, R::WillRetry),
    (P::Verifying, I::HttpAnswer, S::Connecting, R::Nothing),
    (P::Verifying, I::HttpFailure, S::Connecting, R::Nothing),
    (P::Verifying, I::Timeout, S::FailedToConnect, R::GaveUp),

    (P::Live, I::Open, S::Connected, R::InvalidState),
    (P::Live, I::Close, S::Closed, R::Done),
    (P::Live, I::Request, S::Connected, R::Sent),
    (P::Live, I::SocketOpened, S::Connected, R::Nothing),
    (P::Live, I::SocketText, S::Connected, R::Error),
    (P::Live, I::SocketClosed, S::Disconnected, R::Disconnect),
    (P::Live, I::SocketFailed, S::Disconnected, R::Disconnect),
    (P::Live, I::HttpAnswer, S::Connected, R::Nothing),
    (P::Live, I::HttpFailure, S::Connected, R::Nothing),
    (P::Live, I::Timeout, S::Connected, R::Step),

    (P::ReconnectWait, I::Open, S::Disconnected, R::InvalidState),
    (P::ReconnectWait, I::Close, S::Closed, R::Done),
    (P::ReconnectWait, I::Request, S::Disconnected, R::Queued),
    (P::ReconnectWait, I::SocketOpened, S::Disconnected, R::Nothing),
    (P::ReconnectWait, I::SocketText, S::Disconnected, R::Nothing),
    (P::ReconnectWait, I::SocketClosed, S::Disconnected, R::Nothing),
    (P::ReconnectWait, I::SocketFailed, S::Disconnected, R::Nothing),
    (P::ReconnectWait, I::HttpAnswer, S::Disconnected, R::Nothing),
    (P::ReconnectWait, I::HttpFailure, S::Disconnected, R::Nothing),
    (P::ReconnectWait, I::Timeout, S::Connecting, R::Step),

    (P::Reconnecting, I::Open, S::Connecting, R::InvalidState),
    (P::Reconnecting, I::Close, S::Closed, R::Done),
    (P::Reconnecting, I::Request, S::Connecting, R::Queued),
    (P::Reconnecting, I::SocketOpened, S::Connecting, R::Step),
    (P::Reconnecting, I::SocketText, S::Connecting, R::Error),
    (P::Reconnecting, I::SocketClosed, S::Disconnected, R::WillRetry),
    (P::Reconnecting, I::SocketFailed, S::Disconnected, R::WillRetry),
    (P::Reconnecting, I::HttpAnswer, S::Connecting, R::Nothing),
    (P::Reconnecting, I::HttpFailure, S::Connecting, R::Nothing),
    (P::Reconnecting, I::Timeout, S::Connecting, R::Nothing),

    (P::SteppingUp, I::Open, S::Connecting, R::InvalidState),
    (P::SteppingUp, I::Close, S::Closed, R::Done),
    (P::SteppingUp, I::Request, S::Connecting, R::Queued),
    (P::SteppingUp, I::SocketOpened, S::Connecting, R::Nothing),
    (P::SteppingUp, I::SocketText, S::Connecting, R::Nothing),
    (P::SteppingUp, I::SocketClosed, S::Connecting, R::Nothing),
    (P::SteppingUp, I::SocketFailed, S::Connecting, R::Nothing),
    (P::SteppingUp, I::HttpAnswer, S::Connecting, R::WillRetry),
    (P::SteppingUp, I::HttpFailure, S::Connecting, R::WillRetry),
    (P::SteppingUp, I::Timeout, S::FailedToConnect, R::GaveUp),

    (P::Closed, I::Open, S::Closed, R::InvalidState),
    (P::Closed, I::Close, S::Closed, R::InvalidState),
    (P::Closed, I::Request, S::Closed, R::NotConnected),
    (P::Closed, I::SocketOpened, S::Closed, R::Nothing),
    (P::Closed, I::SocketText, S::Closed, R::Nothing),
    (P::Closed, I::SocketClosed, S::Closed, R::Nothing),
    (P::Closed, I::SocketFailed, S::Closed, R::Nothing),
    (P::Closed, I::HttpAnswer, S::Closed, R::Nothing),
    (P::Closed, I::HttpFailure, S::Closed, R::Nothing),
    (P::Closed, I::Timeout, S::Closed, R::Nothing),

    (P::Failed, I::Open, S::Connecting, R::Step),
    (P::Failed, I::Close, S::Closed, R::Done),
    (P::Failed, I::Request, S::FailedToConnect, R::NotConnected),
    (P::Failed, I::SocketOpened, S::FailedToConnect, R::Nothing),
    (P::Failed, I::SocketText, S::FailedToConnect, R::Nothing),
    (P::Failed, I::SocketClosed, S::FailedToConnect, R::Nothing),
    (P::Failed, I::SocketFailed, S::FailedToConnect, R::Nothing),
    (P::Failed, I::HttpAnswer, S::FailedToConnect, R::Nothing),
    (P::Failed, I::HttpFailure, S::FailedToConnect, R::Nothing),
    (P::Failed, I::Timeout, S::FailedToConnect, R::Nothing),
];

const PHASES: [Phase; 11] = [
    P::Null,
    P::Idle,
    P::OpeningHttp,
    P::OpeningSocket,
    P::Verifying,
    P::Live,
    P::ReconnectWait,
    P::Reconnecting,
    P::SteppingUp,
    P::Closed,
    P::Failed,
];

/// A consumer in `phase`, and the HTTP call it has in flight.
fn reach(phase: Phase) -> (H, Option<HttpRequest>) {
    let opts = json!({"keepAliveInterval": 600_000, "connectTimeout": 5_000});
    let mut h = match phase {
        P::Null => H::consumer(json!({"connectionType": "null"})),
        _ => H::consumer(opts),
    };
    match phase {
        P::Null | P::Idle => {}
        P::OpeningHttp => {
            h.cmd(Command::Open);
        }
        P::OpeningSocket | P::Verifying => {
            h.cmd(Command::Open);
            h.csds("idp", "idp.example");
            let r = h.next_http();
            h.reply(&r, 200, json!({"jwt": jwt("consumer-1")}));
            h.csds("asyncMessagingEnt", "msg.example");
            h.expect_open_socket();
            if phase == P::Verifying {
                h.opened();
                h.frame_of("InitConnection");
            }
        }
        P::Live | P::ReconnectWait | P::Reconnecting | P::SteppingUp | P::Closed => {
            let o = h.open_consumer(json!([]));
            h.ok(o);
            match phase {
                P::ReconnectWait | P::Reconnecting => {
                    h.socket_closed(1006, "");
                    if phase == P::Reconnecting {
                        h.fire_next_timer();
                        h.expect_open_socket();
                    }
                }
                P::SteppingUp => {
                    h.cmd(Command::MockStepUp {
                        auth_connector_id: "AC9".into(),
                        customer_name: "Jo".into(),
                    });
                    assert!(matches!(h.next(), Transmit::CloseSocket { .. }));
                    h.socket = None;
                }
                P::Closed => {
                    h.cmd(Command::Close);
                }
                _ => {}
            }
        }
        P::Failed => {
            h.cmd(Command::Open);
            let r = h.next_http();
            h.reply(&r, 400, json!({}));
        }
    }
    h.pump();
    let http = h.transmits.iter().rev().find_map(|t| match t {
        Transmit::Http(r) => Some(r.clone()),
        _ => None,
    });
    h.transmits.clear();
    h.events.clear();
    (h, http)
}

/// Feeds `input` to `h`; returns the id of the command it made, if any.
fn feed(
    h: &mut H,
    http: Option<HttpRequest>,
    input: Input,
) -> Option<lpm_core::connection::CommandId> {
    let now = h.now;
    let socket = h.socket.unwrap_or(SocketId(9_999));
    let http_id = http.as_ref().map_or(HttpId(9_999), |r| r.id);
    match input {
        I::Open => return Some(h.cmd(Command::Open)),
        I::Close => return Some(h.cmd(Command::Close)),
        I::Request => return Some(h.cmd(Command::GetClock)),
        I::SocketOpened => h.c.handle_socket_opened(now, socket),
        I::SocketText => h.c.handle_socket_text(now, socket, "not a frame"),
        I::SocketClosed => h.c.handle_socket_closed(now, socket, 1006, "gone"),
        I::SocketFailed => h.c.handle_socket_failed(
            now,
            socket,
            SocketFailure::Network {
                message: "reset".into(),
                certificate: false,
            },
        ),
        I::HttpAnswer => h.c.handle_http_response(
            now,
            http_id,
            Ok(HttpResponse {
                status: 500,
                headers: vec![],
                body: vec![],
            }),
        ),
        I::HttpFailure => {
            h.c.handle_http_response(now, http_id, Err(HttpFailure::new("reset")))
        }
        I::Timeout => {
            if let Some(t) = h.c.poll_timeout() {
                h.now = t.max(now);
            }
            let now = h.now;
            h.c.handle_timeout(now);
        }
    }
    h.pump();
    None
}

/// What `h` reported after the input.
fn reports(h: &mut H, cmd: Option<lpm_core::connection::CommandId>) -> Reports {
    let result = cmd.and_then(|c| h.result(c));
    let events: Vec<&Event> = h
        .events
        .iter()
        .filter(|e| !matches!(e, Event::StateChange { .. } | Event::Timing { .. }))
        .collect();
    let failed = events.iter().find_map(|e| match e {
        Event::FailedToConnect { will_retry, .. } => Some(*will_retry),
        _ => None,
    });
    match (result, failed) {
        (Some(Err(e)), _) if e.kind() == "invalidState" => R::InvalidState,
        (Some(Err(e)), _) if e.kind() == "notConnected" => R::NotConnected,
        (Some(Ok(_)), _) => R::Done,
        (_, Some(true)) => R::WillRetry,
        (_, Some(false)) => R::GaveUp,
        _ if events.iter().any(|e| matches!(e, Event::Disconnect { .. })) => R::Disconnect,
        _ if events.iter().any(|e| matches!(e, Event::Error { .. })) => R::Error,
        _ if h
            .transmits
            .iter()
            .any(|t| matches!(t, Transmit::SendText { .. }))
            && cmd.is_some() =>
        {
            R::Sent
        }
        _ if cmd.is_some() && h.c.pending_requests().1 == 1 => R::Queued,
        _ if !h.transmits.is_empty() => R::Step,
        _ if events.is_empty() => R::Nothing,
        _ => panic!("unclassified: {events:?} {:?}", h.transmits),
    }
}

#[test]
fn the_table_covers_every_phase_and_input_once() {
    for p in PHASES {
        for i in INPUTS {
            let n = TABLE
                .iter()
                .filter(|(tp, ti, ..)| *tp == p && *ti == i)
                .count();
            assert_eq!(n, 1, "({p:?}, {i:?}) is in the table {n} times");
        }
    }
    assert_eq!(TABLE.len(), PHASES.len() * INPUTS.len());
}

#[test]
fn every_phase_and_input_does_what_the_table_says() {
    let mut wrong = Vec::new();
    for &(phase, input, state, expected) in TABLE {
        let (mut h, http) = reach(phase);
        let cmd = feed(&mut h, http, input);
        let got = (h.c.state(), reports(&mut h, cmd));
        if got != (state, expected) {
            wrong.push(format!(
                "({phase:?}, {input:?}): expected {:?}, got {got:?}",
                (state, expected)
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} pairs differ:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
