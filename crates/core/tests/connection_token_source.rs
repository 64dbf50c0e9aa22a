//! Brand tokens from a caller-supplied token source (`tokenMaintainer`), and message
//! statistics regenerating the token on 401 and retrying once.

mod connection_support;

use connection_support::*;
use lpm_core::connection::{
    AgentSessionData, Command, CommandOutput, ConnectionState, Event, Secret, TokenSource,
};
use lpm_core::io::{TokenRequestId, Transmit};
use serde_json::json;

fn external() -> H {
    H::new(
        json!({"accountId": ACCT, "userType": "brand", "appId": "quick_start",
        "tokenMaintainer": true}),
    )
}

fn session(bearer: &str) -> AgentSessionData {
    AgentSessionData {
        token: Secret::new(bearer),
        csrf: Secret::new("CSRFX"),
        session_id: Secret::new("SESSX"),
        user_id: Some("777".into()),
        user_pid: Some("pid-777".into()),
        account_id: None,
    }
}

fn token_request(h: &mut H) -> TokenRequestId {
    match h.next() {
        Transmit::TokenRequest { id } => id,
        other => panic!("expected a token request, got {other:?}"),
    }
}

fn give(h: &mut H, id: TokenRequestId, r: Result<AgentSessionData, String>) {
    h.c.handle_token(h.now, id, r);
    h.pump();
}

fn open_external(h: &mut H, bearer: &str) {
    let open = h.cmd(Command::Open);
    let id = token_request(h);
    give(h, id, Ok(session(bearer)));
    h.csds("facadeMsg", "facade.example");
    let (_, url) = {
        h.pump();
        match h.transmits.front() {
            Some(Transmit::OpenSocket { url, .. }) => ((), url.clone()),
            other => panic!("expected the socket, got {other:?}"),
        }
    };
    assert!(
        url.contains(&format!("/messaging/brand/{bearer}?v=2.1")),
        "{url}"
    );
    h.brand_socket_setup(json!([]));
    h.ok(open);
    assert_eq!(h.c.state(), ConnectionState::Connected);
}

#[test]
fn options_refuse_token_maintainer_with_credentials_or_for_consumers() {
    use lpm_core::connection::ClientOptions;
    let with_auth = ClientOptions::from_value(json!({"accountId": "1", "userType": "brand",
        "tokenMaintainer": true, "authData": {"username": "u", "password": "p"}}))
    .unwrap();
    assert!(
        with_auth
            .validate()
            .unwrap_err()
            .to_string()
            .contains("tokenMaintainer")
    );
    let consumer = ClientOptions::from_value(
        json!({"accountId": "1", "userType": "consumer", "tokenMaintainer": true}),
    )
    .unwrap();
    assert!(
        consumer
            .validate()
            .unwrap_err()
            .to_string()
            .contains("brand")
    );
}

#[test]
fn open_asks_the_source_and_never_logs_in_or_refreshes() {
    let mut h = external();
    open_external(&mut h, "EXT1");
    assert_eq!(h.c.agent_id(), Some(&*format!("{ACCT}.777")));
    assert_eq!(h.c.user_pid(), Some("pid-777"));
    let t = h.cmd(Command::GetToken);
    assert!(matches!(h.ok(t), CommandOutput::Token { token } if token.expose() == "EXT1"));
    // Ten minutes later: keep-alives only, no agentVep call.
    for _ in 0..60 {
        h.advance(10_000);
        while let Some(tr) = h.transmits.pop_front() {
            match tr {
                Transmit::SendText { text, .. } => {
                    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
                    h.respond(&v, 200, json!({"currentTime": 1}));
                }
                other => panic!("unexpected {other:?}"),
            }
        }
    }
    assert!(!h.has_event(|e| matches!(e, Event::TokenRegenerated { .. })));
}

#[test]
fn auth_close_tells_the_source_then_asks_again() {
    let mut h = external();
    open_external(&mut h, "EXT1");
    h.take_events();
    h.socket_closed(4401, "token expired");
    assert!(matches!(
        h.next(),
        Transmit::TokenInvalid {
            source: TokenSource::WebsocketClose
        }
    ));
    assert!(h.has_event(|e| matches!(
        e,
        Event::TokenInvalid {
            source: TokenSource::WebsocketClose
        }
    )));
    h.fire_next_timer(); // waitToReconnect
    let id = token_request(&mut h);
    give(&mut h, id, Ok(session("EXT2")));
    assert!(h.has_event(|e| matches!(e, Event::TokenRegenerated { agent_id: Some(a) } if a == &format!("{ACCT}.777"))));
    let (_, url) = h.expect_open_socket();
    assert!(url.contains("/messaging/brand/EXT2?"), "{url}");
    // answers to old or unknown requests are ignored
    give(&mut h, id, Ok(session("EXT3")));
    assert_eq!(h.c.token().map(Secret::expose), Some("EXT2"));
}

#[test]
fn a_failing_source_is_retried_on_the_back_off() {
    let mut h = external();
    let open = h.cmd(Command::Open);
    let id = token_request(&mut h);
    give(&mut h, id, Err("maintainer stopped".into()));
    assert!(h.has_event(|e| matches!(e, Event::FailedToConnect { will_retry: true, error } if error.to_string().contains("token source"))));
    assert_eq!(h.fire_next_timer(), 5_000);
    let id = token_request(&mut h);
    give(&mut h, id, Ok(session("EXT1")));
    h.csds("facadeMsg", "facade.example");
    h.brand_socket_setup(json!([]));
    h.ok(open);
}

#[test]
fn shift_status_401_regenerates_through_the_source() {
    let mut h = external();
    open_external(&mut h, "EXT1");
    let s = h.cmd(Command::GetShiftStatus);
    h.csds("asyncMessagingEnt", "msg.example");
    let r = h.next_http();
    h.reply(&r, 401, json!({"error": "expired"}));
    assert!(matches!(
        h.next(),
        Transmit::TokenInvalid {
            source: TokenSource::ShiftStatus
        }
    ));
    let id = token_request(&mut h);
    assert!(h.err(s).to_string().contains("401"));
    give(&mut h, id, Ok(session("EXT2")));
    assert_eq!(h.c.token().map(Secret::expose), Some("EXT2"));
}

#[test]
fn message_statistics_401_logs_in_again_and_retries_once() {
    let mut h = H::brand(json!({}));
    let open = h.open_brand();
    h.ok(open);
    let u = h.cmd(Command::GetMessageStatisticsForUser);
    h.csds("asyncMessagingEnt", "msg.example");
    let r = h.next_http();
    assert_eq!(header(&r, "Authorization"), Some("Bearer B1"));
    h.reply(&r, 401, json!({"error": "token expired"}));
    assert!(h.result(u).is_none(), "not failed yet");
    assert!(h.has_event(|e| matches!(
        e,
        Event::TokenInvalid {
            source: TokenSource::MessageStatistics
        }
    )));
    let login = h.next_http();
    assert_eq!(
        login.url,
        format!("https://vep.example/api/account/{ACCT}/login?v=1.3")
    );
    h.reply(&login, 200, login_answer("B2"));
    let retry = h.next_http();
    assert!(
        retry.url.contains("/agents/777/msgstatistics?v=1"),
        "{}",
        retry.url
    );
    assert_eq!(header(&retry, "Authorization"), Some("Bearer B2"));
    h.reply(&retry, 200, json!({"active": 3}));
    assert!(matches!(h.ok(u), CommandOutput::Body { body } if body["active"] == 3));

    // A second 401 on the retry fails the command (one retry only).
    let b = h.cmd(Command::GetMessageStatisticsForBrand);
    let r = h.next_http();
    h.reply(&r, 401, json!({"error": "no"}));
    let login = h.next_http();
    h.reply(&login, 200, login_answer("B3"));
    let retry = h.next_http();
    assert_eq!(header(&retry, "Authorization"), Some("Bearer B3"));
    h.reply(&retry, 401, json!({"error": "still no"}));
    let e = h.err(b);
    assert!(e.to_string().contains("message statistics"), "{e}");
    assert!(!e.to_string().contains("B3"));
}

#[test]
fn message_statistics_401_fails_when_the_new_login_fails() {
    let mut h = H::brand(json!({}));
    let open = h.open_brand();
    h.ok(open);
    let b = h.cmd(Command::GetMessageStatisticsForBrand);
    h.csds("asyncMessagingEnt", "msg.example");
    let r = h.next_http();
    h.reply(&r, 401, json!({}));
    let login = h.next_http();
    h.reply(
        &login,
        401,
        json!({"error": {"message": "bad credentials", "internalCode": 10}}),
    );
    let e = h.err(b);
    assert!(e.to_string().contains("bad credentials"), "{e}");
}

fn header<'a>(r: &'a lpm_core::io::HttpRequest, name: &str) -> Option<&'a str> {
    r.headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}
