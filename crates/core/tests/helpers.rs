//! The stand-alone helpers: TokenMaintainer, ShiftStatusPoller, CSDS look-ups; exact
//! requests and answers on a virtual clock.

use lpm_core::connection::csds_lookup::CsdsResolver;
use lpm_core::connection::maintainer::{
    MaintainerEvent, MaintainerOptions, MaintainerState, TokenMaintainer,
};
use lpm_core::connection::poller::{PollerEvent, PollerOptions, ShiftStatusPoller};
use lpm_core::connection::{AgentSessionData, Secret, TokenSource};
use lpm_core::io::{HttpFailure, HttpRequest, HttpResponse, Transmit};
use lpm_core::time::Time;
use serde_json::{Value, json};

const CSDS: &str = "http://csds.test";

fn resp(status: u16, body: Value) -> Result<HttpResponse, HttpFailure> {
    Ok(HttpResponse {
        status,
        headers: vec![],
        body: if body.is_null() {
            vec![]
        } else {
            body.to_string().into_bytes()
        },
    })
}

fn maintainer() -> TokenMaintainer {
    let o: MaintainerOptions = serde_json::from_value(json!({"accountId": "123",
        "authData": {"username": "bot", "password": "PASSWORD1"}, "csdsUrl": CSDS}))
    .unwrap();
    TokenMaintainer::new(o).unwrap()
}

fn events(m: &mut TokenMaintainer) -> Vec<MaintainerEvent> {
    std::iter::from_fn(|| m.poll_event()).collect()
}

fn login(bearer: &str) -> Value {
    json!({"bearer": bearer, "csrf": "CSRF1", "sessionId": "SESS1", "config": {"userId": "7", "userPid": "pid-7"}})
}

/// Starts `m` and answers CSDS and the login.
fn started(now: Time) -> TokenMaintainer {
    let mut m = maintainer();
    m.start(now);
    let c = m.poll_transmit().unwrap();
    assert_eq!(
        c.url,
        format!("{CSDS}/api/account/123/service/agentVep/baseURI.json?version=1.0")
    );
    m.handle_http_response(now, c.id, resp(200, json!({"baseURI": "vep.test"})));
    let l = m.poll_transmit().unwrap();
    assert_eq!(l.url, "http://vep.test/api/account/123/login?v=1.3");
    assert_eq!(
        String::from_utf8_lossy(&l.body),
        r#"{"password":"PASSWORD1","username":"bot"}"#
    );
    m.handle_http_response(now.plus_ms(5), l.id, resp(200, login("B1")));
    m
}

#[test]
fn maintainer_logs_in_answers_get_token_and_refreshes_every_four_minutes() {
    let t0 = Time(1_000);
    let mut m = maintainer();
    assert_eq!(m.state(), MaintainerState::Initial);
    let w = m.get_token(t0); // before start: waits
    assert!(events(&mut m).is_empty());
    m.start(t0);
    let c = m.poll_transmit().unwrap();
    m.handle_http_response(t0, c.id, resp(200, json!({"baseURI": "vep.test"})));
    let l = m.poll_transmit().unwrap();
    m.handle_http_response(Time(1_040), l.id, resp(200, login("B1")));
    let ev = events(&mut m);
    assert_eq!(
        ev[0],
        MaintainerEvent::GetAgentTokenRequest { start: 1_000 }
    );
    assert_eq!(
        ev[1],
        MaintainerEvent::GetAgentTokenResponse {
            start: 1_000,
            end: 1_040
        }
    );
    match &ev[2] {
        MaintainerEvent::TokenAnswer {
            id,
            result: Ok(info),
        } => {
            assert_eq!(*id, w);
            assert_eq!(info.token.expose(), "B1");
            assert_eq!(info.account_id.as_deref(), Some("123"));
            assert_eq!(info.user_pid.as_deref(), Some("pid-7"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(m.agent_id().as_deref(), Some("123.7"));
    assert_eq!(m.poll_timeout(), Some(Time(1_040 + 240_000)));
    m.handle_timeout(Time(241_040));
    let r = m.poll_transmit().unwrap();
    assert_eq!(r.url, "http://vep.test/api/account/123/refresh?v=1.3");
    assert!(
        r.headers
            .contains(&("Cookie".into(), "session_id=SESS1;".into()))
    );
    assert_eq!(String::from_utf8_lossy(&r.body), r#"{"csrf":"CSRF1"}"#);
    m.handle_http_response(Time(241_050), r.id, resp(200, Value::Null));
    assert_eq!(events(&mut m), vec![MaintainerEvent::RefreshToken]);
    assert_eq!(m.poll_timeout(), Some(Time(241_050 + 240_000)));
    // a valid token answers at once
    let w2 = m.get_token(Time(241_100));
    assert!(
        matches!(&events(&mut m)[..], [MaintainerEvent::TokenAnswer { id, result: Ok(_) }] if *id == w2)
    );
}

#[test]
fn refused_refresh_and_token_invalid_regenerate_once() {
    let mut m = started(Time(0));
    events(&mut m);
    m.handle_timeout(Time(240_005));
    let r = m.poll_transmit().unwrap();
    m.handle_http_response(
        Time(240_010),
        r.id,
        resp(401, json!({"error": {"message": "CSRF token invalid"}})),
    );
    let l = m.poll_transmit().expect("a new login");
    assert!(l.url.ends_with("/login?v=1.3"));
    m.handle_http_response(Time(240_020), l.id, resp(200, login("B2")));
    let ev = events(&mut m);
    assert!(ev.contains(&MaintainerEvent::TokenInvalid {
        source: TokenSource::RefreshToken
    }));
    assert!(ev.contains(&MaintainerEvent::TokenRegenerated {
        agent_id: Some("123.7".into())
    }));
    assert_eq!(m.token().map(Secret::expose), Some("B2"));

    // Two users report the same token: one login.
    m.on_token_invalid(Time(300_000), TokenSource::WebsocketClose);
    m.on_token_invalid(Time(300_001), TokenSource::ShiftStatus);
    let l = m.poll_transmit().unwrap();
    assert!(m.poll_transmit().is_none());
    let w = m.get_token(Time(300_002));
    m.handle_http_response(Time(300_010), l.id, resp(200, login("B3")));
    let ev = events(&mut m);
    assert!(ev.iter().any(|e| matches!(e, MaintainerEvent::TokenAnswer { id, result: Ok(i) } if *id == w && i.token.expose() == "B3")));
}

#[test]
fn failed_logins_retry_on_the_back_off_without_leaking_the_password() {
    let mut m = maintainer();
    m.start(Time(0));
    let c = m.poll_transmit().unwrap();
    m.handle_http_response(Time(0), c.id, resp(200, json!({"baseURI": "vep.test"})));
    let l = m.poll_transmit().unwrap();
    m.handle_http_response(
        Time(10),
        l.id,
        resp(500, json!({"error": "LeLogin1 failed PASSWORD1"})),
    );
    let ev = events(&mut m);
    let err = ev
        .iter()
        .find_map(|e| match e {
            MaintainerEvent::Error { error } => Some(error.to_string()),
            _ => None,
        })
        .unwrap();
    assert!(!err.contains("PASSWORD1"), "{err}");
    assert!(ev.contains(&MaintainerEvent::GenerateTokenWait { seconds: 5.0 }));
    assert_eq!(m.poll_timeout(), Some(Time(5_010)));
    m.handle_timeout(Time(5_010));
    let l = m.poll_transmit().unwrap();
    m.handle_http_response(Time(5_020), l.id, Err(HttpFailure::new("refused")));
    assert!(events(&mut m).contains(&MaintainerEvent::GenerateTokenWait { seconds: 10.0 }));
    assert!(!format!("{m:?}").contains("PASSWORD1"));
}

#[test]
fn stop_fails_waiters_and_an_existing_session_is_refreshed_first() {
    let o: MaintainerOptions = serde_json::from_value(json!({"accountId": "123", "csdsUrl": CSDS,
        "authSessionInfo": {"token": "OLD", "csrf": "C0", "sessionId": "S0", "userId": "7"}}))
    .unwrap();
    let mut m = TokenMaintainer::new(o).unwrap();
    let w = m.get_token(Time(0));
    m.start(Time(0));
    let c = m.poll_transmit().unwrap();
    m.handle_http_response(Time(0), c.id, resp(200, json!({"baseURI": "vep.test"})));
    let r = m.poll_transmit().unwrap();
    assert!(r.url.ends_with("/refresh?v=1.3"));
    m.handle_http_response(Time(1), r.id, resp(401, json!({})));
    // no authData: the waiter gets an error instead of waiting for ever
    let ev = events(&mut m);
    assert!(
        ev.iter()
            .any(|e| matches!(e, MaintainerEvent::TokenAnswer { id, result: Err(_) } if *id == w))
    );
    let w2 = m.get_token(Time(2));
    m.stop();
    assert_eq!(m.state(), MaintainerState::Stopped);
    assert!(
        events(&mut m)
            .iter()
            .any(|e| matches!(e, MaintainerEvent::TokenAnswer { id, result: Err(_) } if *id == w2))
    );
    assert!(
        TokenMaintainer::new(MaintainerOptions {
            account_id: "1".into(),
            ..Default::default()
        })
        .is_err()
    );
}

// ---------------------------------------------------------------- ShiftStatusPoller

fn next_http(p: &mut ShiftStatusPoller) -> HttpRequest {
    match p.poll_transmit() {
        Some(Transmit::Http(r)) => r,
        other => panic!("expected HTTP, got {other:?}"),
    }
}

#[test]
fn poller_polls_on_the_cadence_with_the_token() {
    let o = PollerOptions {
        account_id: "123".into(),
        token: Some(Secret::new("TOK")),
        csds_url: Some(CSDS.into()),
        ..Default::default()
    };
    let mut p = ShiftStatusPoller::new(o, 3).unwrap();
    p.start(Time(0));
    let c = next_http(&mut p);
    assert!(c.url.contains("/service/asyncMessagingEnt/"));
    p.handle_http_response(Time(1), c.id, resp(200, json!({"baseURI": "msg.test"})));
    let r = next_http(&mut p);
    assert_eq!(r.url, "http://msg.test/api/account/123/shift-status");
    assert!(
        r.headers
            .contains(&("Authorization".into(), "Bearer TOK".into()))
    );
    let list = json!([{"skillId": "12", "onShift": false, "nextOn": 5, "nextOff": null}]);
    p.handle_http_response(Time(3), r.id, resp(200, list.clone()));
    let ev: Vec<_> = std::iter::from_fn(|| p.poll_event()).collect();
    assert_eq!(
        ev,
        vec![
            PollerEvent::Request { start: 1 },
            PollerEvent::Response { start: 1, end: 3 },
            PollerEvent::ShiftStatusData { skills: list },
        ]
    );
    let second = p.poll_timeout().unwrap();
    assert!(second.0 >= 1 && second.0 <= 60_000, "{second:?}");
    p.handle_timeout(second);
    let r = next_http(&mut p); // CSDS cached
    assert!(r.url.ends_with("/shift-status"));
    let third = p.poll_timeout().unwrap().since(second);
    assert!((54_000..60_000).contains(&third), "{third}");
    // a fixed token cannot be regenerated: 401 is an error
    p.handle_http_response(second, r.id, resp(401, json!({})));
    let ev: Vec<_> = std::iter::from_fn(|| p.poll_event()).collect();
    assert!(
        matches!(ev.last(), Some(PollerEvent::Error { error }) if error.to_string().contains("401"))
    );
    p.stop();
    assert_eq!(p.poll_timeout(), None);
}

#[test]
fn poller_with_a_token_source_regenerates_once_on_401() {
    let o = PollerOptions {
        account_id: "123".into(),
        token_maintainer: Some(true),
        csds_url: Some(CSDS.into()),
        ..Default::default()
    };
    let mut p = ShiftStatusPoller::new(o, 3).unwrap();
    p.start(Time(0));
    let Some(Transmit::TokenRequest { id }) = p.poll_transmit() else {
        panic!()
    };
    let info = |t: &str| AgentSessionData {
        token: Secret::new(t),
        ..Default::default()
    };
    p.handle_token(Time(0), id, Ok(info("T1")));
    let c = next_http(&mut p);
    p.handle_http_response(Time(0), c.id, resp(200, json!({"baseURI": "msg.test"})));
    let r = next_http(&mut p);
    p.handle_http_response(Time(1), r.id, resp(401, json!({})));
    assert_eq!(
        p.poll_transmit(),
        Some(Transmit::TokenInvalid {
            source: TokenSource::ShiftStatus
        })
    );
    let Some(Transmit::TokenRequest { id }) = p.poll_transmit() else {
        panic!()
    };
    p.handle_token(Time(2), id, Ok(info("T2")));
    let r = next_http(&mut p);
    assert!(
        r.headers
            .contains(&("Authorization".into(), "Bearer T2".into()))
    );
    p.handle_http_response(Time(3), r.id, resp(401, json!({})));
    assert_eq!(p.poll_transmit(), None, "only one retry");
    let ev: Vec<_> = std::iter::from_fn(|| p.poll_event()).collect();
    assert!(matches!(ev.last(), Some(PollerEvent::Error { .. })));
}

// ---------------------------------------------------------------- CSDS

#[test]
fn csds_caches_ten_minutes_per_account_and_service_and_shares_requests() {
    let mut r = CsdsResolver::new(Some(CSDS)).unwrap();
    let a = r.lookup(Time(0), "123", "idp");
    let b = r.lookup(Time(0), "123", "idp");
    let c = r.lookup(Time(0), "456", "idp");
    let q1 = r.poll_transmit().unwrap();
    let q2 = r.poll_transmit().unwrap();
    assert!(r.poll_transmit().is_none());
    assert_eq!(
        q1.url,
        format!("{CSDS}/api/account/123/service/idp/baseURI.json?version=1.0")
    );
    r.handle_http_response(Time(1), q1.id, resp(200, json!({"baseURI": "idp.test"})));
    r.handle_http_response(
        Time(1),
        q2.id,
        resp(404, json!({"message": "unknown site"})),
    );
    let ev: Vec<_> = std::iter::from_fn(|| r.poll_event()).collect();
    assert_eq!(ev.len(), 3);
    assert_eq!((ev[0].id, ev[0].result.clone()), (a, Ok("idp.test".into())));
    assert_eq!(ev[1].id, b);
    assert_eq!(ev[2].id, c);
    assert!(
        ev[2]
            .result
            .as_ref()
            .unwrap_err()
            .to_string()
            .contains("unknown site")
    );
    // cached until ten minutes have passed
    r.lookup(Time(600_000), "123", "idp");
    assert!(r.poll_transmit().is_none());
    assert!(r.poll_event().unwrap().result.is_ok());
    r.lookup(Time(600_001), "123", "idp");
    assert!(r.poll_transmit().is_some());
    // clearCache forgets
    let mut r = CsdsResolver::new(None).unwrap();
    r.lookup(Time(0), "le123", "agentVep");
    let q = r.poll_transmit().unwrap();
    assert!(
        q.url.starts_with("https://hc1n.dev.lprnd.net/"),
        "{}",
        q.url
    );
    r.handle_http_response(Time(0), q.id, resp(200, json!({"baseURI": "h"})));
    r.clear_cache();
    r.lookup(Time(1), "le123", "agentVep");
    assert!(r.poll_transmit().is_some());
    assert!(CsdsResolver::new(Some("ftp://x")).is_err());
}
