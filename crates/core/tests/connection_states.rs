//! (connection state, input) pairs: what each command and driver input does in each state.

mod connection_support;

use connection_support::*;
use lpm_core::connection::{Command, ConnectionState, Event};
use lpm_core::io::{HttpFailure, HttpId, HttpResponse, SocketId, Transmit};
use serde_json::json;

fn get_clock() -> Command {
    Command::GetClock
}

/// A consumer in each state, built through real inputs.
fn in_state(state: ConnectionState) -> H {
    let mut h = H::consumer(json!({"keepAliveInterval": 600_000, "connectTimeout": 1_000}));
    match state {
        ConnectionState::Initial => {}
        ConnectionState::Connecting => {
            h.cmd(Command::Open);
        }
        ConnectionState::Connected => {
            let o = h.open_consumer(json!([]));
            h.ok(o);
        }
        ConnectionState::Disconnected => {
            let o = h.open_consumer(json!([]));
            h.ok(o);
            h.socket_closed(1006, "");
        }
        ConnectionState::FailedToConnect => {
            h.cmd(Command::Open);
            let r = h.next_http();
            h.reply(&r, 400, json!({}));
        }
        ConnectionState::Closed => {
            let o = h.open_consumer(json!([]));
            h.ok(o);
            h.cmd(Command::Close);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(h.c.state(), state);
    h.transmits.clear();
    h.events.clear();
    h
}

#[test]
fn open_in_each_state() {
    use ConnectionState::*;
    for (state, ok) in [
        (Initial, true),
        (Connecting, false),
        (Connected, false),
        (Disconnected, false),
        (FailedToConnect, true),
        (Closed, false),
    ] {
        let mut h = in_state(state);
        let id = h.cmd(Command::Open);
        match h.result(id) {
            Some(Err(e)) => assert!(!ok && e.kind() == "invalidState", "{state:?}: {e}"),
            None => assert!(ok, "{state:?}: open accepted"),
            Some(Ok(o)) => panic!("{state:?}: {o:?}"),
        }
    }
}

#[test]
fn close_in_each_state() {
    use ConnectionState::*;
    for (state, ok) in [
        (Initial, false),
        (Connecting, true),
        (Connected, true),
        (Disconnected, true),
        (FailedToConnect, true),
        (Closed, false),
    ] {
        let mut h = in_state(state);
        let id = h.cmd(Command::Close);
        match h.result(id) {
            Some(Ok(_)) => {
                assert!(ok, "{state:?}");
                assert_eq!(h.c.state(), Closed);
                assert!(h.has_event(|e| matches!(e, Event::Close { .. })));
                // everything stops except the model's cache clock
                assert_eq!(h.c.poll_timeout(), h.c.model().next_expiry(), "{state:?}");
            }
            Some(Err(e)) => assert!(!ok && e.kind() == "invalidState", "{state:?}: {e}"),
            None => panic!("{state:?}: close pending"),
        }
    }
}

#[test]
fn requests_in_each_state() {
    use ConnectionState::*;
    for state in [
        Initial,
        Connecting,
        Connected,
        Disconnected,
        FailedToConnect,
        Closed,
    ] {
        let mut h = in_state(state);
        let id = h.cmd(get_clock());
        let sent = h
            .transmits
            .iter()
            .any(|t| matches!(t, Transmit::SendText { .. }));
        match state {
            Connected => assert!(sent && h.result(id).is_none(), "sent"),
            Connecting | Disconnected => {
                assert!(!sent && h.result(id).is_none(), "{state:?}: queued");
                assert_eq!(h.c.pending_requests().1, 1);
            }
            _ => assert_eq!(h.err(id).kind(), "notConnected", "{state:?}"),
        }
    }
}

#[test]
fn stray_driver_inputs_are_ignored_in_every_state() {
    use ConnectionState::*;
    for state in [
        Initial,
        Connecting,
        Connected,
        Disconnected,
        FailedToConnect,
        Closed,
    ] {
        let mut h = in_state(state);
        let now = h.now;
        h.c.handle_http_response(
            now,
            HttpId(9_999),
            Ok(HttpResponse {
                status: 200,
                headers: vec![],
                body: vec![],
            }),
        );
        h.c.handle_http_response(now, HttpId(9_998), Err(HttpFailure::new("x")));
        h.c.handle_socket_opened(now, SocketId(9_999));
        h.c.handle_socket_text(now, SocketId(9_999), "{}");
        h.c.handle_socket_closed(now, SocketId(9_999), 1006, "");
        h.c.handle_socket_failed(now, SocketId(9_999), upgrade_refused(401));
        h.c.handle_timeout(now);
        h.pump();
        assert_eq!(h.c.state(), state, "{state:?}");
        assert!(h.transmits.is_empty(), "{state:?}: {:?}", h.transmits);
        assert!(
            !h.events.iter().any(|e| matches!(e, Event::Error { .. })),
            "{state:?}"
        );
    }
}

#[test]
fn state_changes_are_reported_as_events() {
    let mut h = H::consumer(json!({}));
    let o = h.open_consumer(json!([]));
    h.ok(o);
    h.socket_closed(1006, "");
    let states: Vec<ConnectionState> = h
        .take_events()
        .into_iter()
        .filter_map(|e| match e {
            Event::StateChange { state } => Some(state),
            _ => None,
        })
        .collect();
    assert_eq!(
        states,
        vec![
            ConnectionState::Connecting,
            ConnectionState::Connected,
            ConnectionState::Disconnected
        ]
    );
    let json = serde_json::to_value(Event::StateChange {
        state: ConnectionState::FailedToConnect,
    })
    .unwrap();
    assert_eq!(
        json,
        json!({"event":"state-change","state":"failed_to_connect"})
    );
}
