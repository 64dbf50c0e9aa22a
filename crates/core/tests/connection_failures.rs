//! Failure semantics: bad credentials end `open()`; transient failures retry on the schedule
//! until `connectTimeout`; `maintainConnection: false`; refused tokens on the socket.

mod connection_support;

use connection_support::*;
use lpm_core::connection::{Command, ConnectionState, Error, Event, reconnect::SCHEDULE_MS};
use serde_json::json;

#[test]
fn bad_brand_credentials_fail_open_with_an_auth_error_and_no_retry() {
    let mut h = H::brand(json!({}));
    let open = h.cmd(Command::Open);
    h.csds("agentVep", "vep.example");
    let r = h.next_http();
    h.reply(
        &r,
        401,
        json!({"error":{"message":"Invalid Login Information","internalCode":25}}),
    );
    let e = h.err(open);
    match &e {
        Error::Auth {
            status,
            code,
            message,
            ..
        } => {
            assert_eq!(*status, Some(401));
            assert_eq!(code.as_deref(), Some("25"));
            assert_eq!(message, "Invalid Login Information");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        e.to_string(),
        "authentication failed at agentVep login: Invalid Login Information (status 401, code 25)"
    );
    assert_eq!(h.c.state(), ConnectionState::FailedToConnect);
    assert!(h.has_event(|e| matches!(
        e,
        Event::FailedToConnect {
            will_retry: false,
            ..
        }
    )));
    h.no_transmit();
    assert_eq!(h.c.poll_timeout(), None);
    // open() may be called again after a failure
    let again = h.cmd(Command::Open);
    assert!(h.result(again).is_none());
    assert_eq!(h.c.state(), ConnectionState::Connecting);
}

#[test]
fn a_200_login_with_an_error_member_is_a_failure() {
    let mut h = H::brand(json!({}));
    let open = h.cmd(Command::Open);
    h.csds("agentVep", "vep.example");
    let r = h.next_http();
    h.reply(
        &r,
        200,
        json!({"error":"LeLogin1 failed - invalid url received from app server"}),
    );
    let e = h.err(open);
    assert_eq!(e.kind(), "auth");
    assert!(e.to_string().contains("LeLogin1 failed"));
}

#[test]
fn bad_consumer_claims_fail_open() {
    let mut h = H::consumer(json!({"authConnectorId":"AC","jwtClaimsSet":{"sub":"x"}}));
    let open = h.cmd(Command::Open);
    h.csds("idp", "idp.example");
    let r = h.next_http();
    h.reply(
        &r,
        401,
        json!({"internalErrorCode": 1001, "message": "invalid token"}),
    );
    let e = h.err(open);
    assert_eq!(e.kind(), "auth");
    assert_eq!(e.code(), Some(401));
    assert!(
        e.to_string().contains("invalid token") && e.to_string().contains("1001"),
        "{e}"
    );
}

#[test]
fn a_refused_certificate_fails_open_at_once_without_retrying() {
    // over HTTP (the first CSDS call)
    let mut h = H::brand(json!({"connectTimeout": 300_000}));
    let open = h.cmd(Command::Open);
    let r = h.next_http();
    h.c.handle_http_response(
        h.now,
        r.id,
        Err(lpm_core::io::HttpFailure::certificate(
            "invalid peer certificate: UnknownIssuer",
        )),
    );
    h.pump();
    let e = h.err(open);
    assert_eq!(e.kind(), "certificate");
    assert!(e.to_string().contains("UnknownIssuer"), "{e}");
    assert_eq!(h.c.state(), ConnectionState::FailedToConnect);
    h.no_transmit();

    // on the socket
    let mut h = H::brand(json!({"connectTimeout": 300_000}));
    let open = h.cmd(Command::Open);
    h.csds("agentVep", "vep.example");
    let login = h.next_http();
    h.reply(&login, 200, login_answer("B1"));
    h.csds("facadeMsg", "facade.example");
    h.expect_open_socket();
    h.socket_failed(lpm_core::io::SocketFailure::Network {
        message: "TLS with facade.example: invalid peer certificate: Expired".into(),
        certificate: true,
    });
    let e = h.err(open);
    assert_eq!(e.kind(), "certificate");
    assert_eq!(h.c.state(), ConnectionState::FailedToConnect);
}

#[test]
fn transient_failures_retry_on_the_schedule_until_the_deadline() {
    let mut h = H::brand(json!({"connectTimeout": 60_000}));
    let open = h.cmd(Command::Open);
    // attempt 1: CSDS unreachable
    let r = h.next_http();
    h.fail_http(&r, "connection refused");
    assert!(h.has_event(|e| matches!(
        e,
        Event::FailedToConnect {
            will_retry: true,
            ..
        }
    )));
    assert!(h.has_event(|e| matches!(e, Event::ReconnectWait { seconds } if *seconds == 5.0)));
    assert_eq!(h.c.state(), ConnectionState::Connecting);
    assert!(h.result(open).is_none());
    h.no_transmit();
    // attempt 2 after 5 s: login answers 503
    assert_eq!(h.fire_next_timer(), SCHEDULE_MS[0]);
    let r = h.next_http();
    assert_eq!(r.url, csds_url("agentVep"));
    h.reply(&r, 200, json!({"baseURI":"vep.example"}));
    let r = h.next_http();
    h.reply(&r, 503, json!({}));
    // attempt 3 after 10 s: the socket upgrade gets 502
    assert_eq!(h.fire_next_timer(), SCHEDULE_MS[1]);
    let r = h.next_http(); // CSDS is cached: straight to login
    assert!(r.url.ends_with("/login?v=1.3"));
    h.reply(&r, 200, login_answer("B1"));
    h.csds("facadeMsg", "facade.example");
    h.expect_open_socket();
    h.socket_failed(upgrade_refused(502));
    // next wait would be 30 s: 5 + 10 + 30 = 45 s < 60 s, so one more attempt
    assert_eq!(h.fire_next_timer(), SCHEDULE_MS[2]);
    h.expect_open_socket();
    h.socket_closed(1006, "");
    // the next wait (60 s) passes the deadline: give up with connectTimeout
    let e = h.err(open);
    match &e {
        Error::ConnectTimeout { timeout_ms, last } => {
            assert_eq!(*timeout_ms, 60_000);
            assert_eq!(last.code(), Some(1006));
        }
        other => panic!("{other:?}"),
    }
    assert!(e.to_string().contains("connectTimeout"), "{e}");
    assert_eq!(h.c.state(), ConnectionState::FailedToConnect);
    assert_eq!(h.c.poll_timeout(), None);
}

#[test]
fn without_maintain_connection_open_fails_on_the_first_transient_failure() {
    let mut h = H::consumer(json!({"maintainConnection": false}));
    let open = h.cmd(Command::Open);
    let r = h.next_http();
    h.reply(&r, 500, json!({}));
    let e = h.err(open);
    assert_eq!(e.kind(), "http");
    assert_eq!(e.code(), Some(500));
    assert!(e.to_string().contains("CSDS idp"), "{e}");
}

#[test]
fn drop_without_maintain_connection_closes() {
    let mut h = H::consumer(json!({"maintainConnection": false}));
    let open = h.open_consumer(json!([]));
    h.ok(open);
    h.socket_closed(1006, "gone");
    assert_eq!(h.c.state(), ConnectionState::Closed);
    assert!(h.has_event(|e| matches!(e, Event::Close { code: 1006, .. })));
    assert!(!h.has_event(|e| matches!(e, Event::Disconnect { .. })));
    let send = h.cmd(Command::GetClock);
    assert_eq!(h.err(send).kind(), "notConnected");
}

#[test]
fn a_refused_saved_token_fails_open_instead_of_becoming_a_new_consumer() {
    let mut h = H::consumer(json!({"token": jwt("old")}));
    let open = h.cmd(Command::Open);
    h.csds("asyncMessagingEnt", "msg.example");
    h.expect_open_socket();
    h.socket_failed(upgrade_refused(401));
    assert!(h.has_event(|e| matches!(e, Event::TokenInvalid { .. })));
    // no signup: the old identity's conversations would silently be gone
    let e = h.err(open);
    assert_eq!(e.kind(), "auth");
    assert!(e.to_string().contains("`token`"), "{e}");
    assert_eq!(h.c.state(), ConnectionState::FailedToConnect);
    h.no_transmit();
}

#[test]
fn close_4401_while_verifying_a_fresh_token_is_an_auth_failure() {
    let mut h = H::consumer(json!({}));
    let open = h.cmd(Command::Open);
    h.csds("idp", "idp.example");
    let r = h.next_http();
    h.reply(&r, 200, json!({"jwt": jwt("c")}));
    h.csds("asyncMessagingEnt", "msg.example");
    h.expect_open_socket();
    h.opened();
    let _init = h.frame_of("InitConnection");
    h.socket_closed(4401, "identity token is invalid");
    let e = h.err(open);
    assert_eq!(e.kind(), "auth");
    assert_eq!(e.code(), Some(4401));
    assert!(e.to_string().contains("Invalid Token"), "{e}");
}

#[test]
fn socket_closed_right_after_opening_is_retried() {
    let mut h = H::consumer(json!({"token": jwt("t")}));
    let open = h.cmd(Command::Open);
    h.csds("asyncMessagingEnt", "msg.example");
    h.expect_open_socket();
    h.opened();
    let _init = h.frame_of("InitConnection");
    h.socket_closed(1011, "server error");
    assert!(h.has_event(|e| matches!(
        e,
        Event::FailedToConnect {
            error: Error::Socket { .. },
            will_retry: true
        }
    )));
    assert_eq!(h.fire_next_timer(), 5_000);
    h.consumer_socket_setup(json!([]));
    h.ok(open);
}

#[test]
fn verification_timeout_is_retried() {
    let mut h = H::consumer(json!({"token": jwt("t"), "responseTimeout": 3_000}));
    let open = h.cmd(Command::Open);
    h.csds("asyncMessagingEnt", "msg.example");
    h.expect_open_socket();
    h.opened();
    let _init = h.frame_of("InitConnection");
    assert_eq!(h.fire_next_timer(), 3_000);
    assert!(h.has_event(|e| matches!(
        e,
        Event::FailedToConnect {
            error: Error::Timeout { .. },
            will_retry: true
        }
    )));
    assert!(matches!(
        h.next(),
        lpm_core::io::Transmit::CloseSocket { .. }
    ));
    h.fire_next_timer();
    h.consumer_socket_setup(json!([]));
    h.ok(open);
}

#[test]
fn open_twice_and_close_before_open_are_state_errors() {
    let mut h = H::consumer(json!({}));
    let close = h.cmd(Command::Close);
    assert_eq!(h.err(close).kind(), "invalidState");
    let open = h.cmd(Command::Open);
    let again = h.cmd(Command::Open);
    assert_eq!(h.err(again).kind(), "invalidState");
    // close while connecting cancels the open
    let close = h.cmd(Command::Close);
    h.ok(close);
    assert_eq!(h.err(open).kind(), "closed");
    assert_eq!(h.c.state(), ConnectionState::Closed);
    // late answers are ignored
    let r = h.transmits.pop_front();
    if let Some(lpm_core::io::Transmit::Http(r)) = r {
        h.reply(&r, 200, json!({"baseURI":"x"}));
    }
    h.no_transmit();
}

#[test]
fn brand_upgrade_refusing_a_fresh_bearer_is_an_auth_error_not_a_login_loop() {
    let mut h = H::brand(json!({}));
    let open = h.cmd(Command::Open);
    h.csds("agentVep", "vep.example");
    let login = h.next_http();
    h.reply(&login, 200, login_answer("B1"));
    h.csds("facadeMsg", "facade.example");
    h.expect_open_socket();
    h.socket_failed(upgrade_refused(401));
    let e = h.err(open);
    assert_eq!(e.kind(), "auth");
    h.no_transmit();
}

#[test]
fn brand_auth_close_while_connected_logs_in_again_and_reconnects() {
    let mut h = H::brand(json!({"keepAliveInterval": 600_000}));
    let open = h.open_brand();
    h.ok(open);
    h.socket_closed(4401, "token expired");
    assert!(h.has_event(|e| matches!(e, Event::TokenInvalid { .. })));
    assert!(h.has_event(|e| matches!(e, Event::Disconnect { code: 4401, .. })));
    h.fire_next_timer();
    let login = h.next_http();
    assert!(login.url.ends_with("/login?v=1.3"));
    h.reply(&login, 200, login_answer("B2"));
    assert!(h.has_event(|e| matches!(e, Event::TokenRegenerated { .. })));
    let (_, url) = h.expect_open_socket();
    assert!(url.contains("/brand/B2?"));
}

#[test]
fn a_fresh_token_refused_on_a_reconnect_is_retried_with_a_new_login() {
    // Chaos run: a revocation crossed the new login, so the socket refused the bearer just
    // issued. That once ended the connection for good; after the connection has been up it
    // is retried with back-off instead (on the first open it is still an error:
    // `brand_upgrade_refusing_a_fresh_bearer_is_an_auth_error_not_a_login_loop`).
    let mut h = H::brand(json!({"keepAliveInterval": 600_000}));
    let open = h.open_brand();
    h.ok(open);
    h.socket_closed(4401, "token revoked");
    h.fire_next_timer();
    let login = h.next_http();
    h.reply(&login, 200, login_answer("B2"));
    h.expect_open_socket();
    h.socket_failed(upgrade_refused(401));
    assert!(h.has_event(|e| matches!(
        e,
        Event::FailedToConnect { will_retry: true, error } if error.kind() == "auth"
    )));
    assert_ne!(h.c.state(), ConnectionState::FailedToConnect);
    assert_ne!(h.c.state(), ConnectionState::Closed);
    h.fire_next_timer();
    let login = h.next_http();
    assert!(login.url.ends_with("/login?v=1.3"), "{}", login.url);
    h.reply(&login, 200, login_answer("B3"));
    let (_, url) = h.expect_open_socket();
    assert!(url.contains("/brand/B3?"), "{url}");
}

#[test]
fn init_connection_refusing_a_saved_token_fails_open() {
    let mut h = H::consumer(json!({"token": jwt("old")}));
    let open = h.cmd(Command::Open);
    h.csds("asyncMessagingEnt", "msg.example");
    h.expect_open_socket();
    h.opened();
    let init = h.frame_of("InitConnection");
    h.respond(&init, 401, json!("Not authenticated"));
    assert!(matches!(
        h.next(),
        lpm_core::io::Transmit::CloseSocket { .. }
    ));
    let e = h.err(open);
    assert_eq!(e.kind(), "auth");
    assert!(e.to_string().contains("`token`"), "{e}");
    assert_eq!(h.c.state(), ConnectionState::FailedToConnect);
}

#[test]
fn a_saved_token_refused_after_the_connection_was_up_is_replaced() {
    // Once connected with it, a refusal (revoked mid-session) gets a new token as before.
    let mut h = H::consumer(json!({"token": jwt("old"), "keepAliveInterval": 600_000}));
    let open = h.cmd(Command::Open);
    h.connect_consumer_socket(json!([]));
    h.ok(open);
    h.socket_closed(4401, "identity token is invalid");
    assert!(h.has_event(|e| matches!(e, Event::TokenInvalid { .. })));
    h.fire_next_timer();
    h.csds("idp", "idp.example");
    let r = h.next_http();
    assert!(r.url.ends_with("/signup"));
}

#[test]
fn an_attempt_that_hangs_is_given_up_at_connect_timeout() {
    // The socket open never answers (a black-holed address): `open()` rejects when
    // `connectTimeout` is up, naming what it waited for, and the socket is closed.
    let mut h = H::consumer(json!({"connectTimeout": 2_000}));
    let open = h.cmd(Command::Open);
    h.csds("idp", "idp.example");
    let r = h.next_http();
    h.reply(&r, 200, json!({"jwt": jwt("consumer-1")}));
    h.csds("asyncMessagingEnt", "msg.example");
    let (socket, _) = h.expect_open_socket();
    assert_eq!(h.fire_next_timer(), 2_000, "the deadline is the next timer");
    let e = h.err(open);
    assert_eq!(e.kind(), "connectTimeout", "{e}");
    assert!(e.to_string().contains("websocket"), "{e}");
    assert!(matches!(
        h.next(),
        lpm_core::io::Transmit::CloseSocket { id, .. } if id == socket
    ));
    assert_eq!(h.c.state(), ConnectionState::FailedToConnect);
    assert_eq!(
        h.c.poll_timeout(),
        h.c.model().next_expiry(),
        "no retry left"
    );
}

#[test]
fn a_hung_look_up_is_named_in_the_connect_timeout() {
    let mut h = H::consumer(json!({"connectTimeout": 1_000}));
    let open = h.cmd(Command::Open);
    let _idp_lookup = h.next_http();
    h.fire_next_timer();
    let e = h.err(open);
    assert_eq!(e.kind(), "connectTimeout", "{e}");
    assert!(e.to_string().contains("IDP signup"), "{e}");
}
