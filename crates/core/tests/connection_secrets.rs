//! Secrets (passwords, API secrets, bearers, JWTs, csrf, session ids) never appear in errors'
//! Display/Debug/JSON, in events, or in the Debug output of the client, options and transmits.

mod connection_support;

use connection_support::*;
use lpm_core::connection::{ClientOptions, Command, Event};
use serde_json::json;

const SECRETS: [&str; 6] = [
    "SECRETVAL",
    "ATOKEN",
    "ATSECRET",
    "BEARER-XYZ",
    "CSRF1",
    "SESS1",
];

fn assert_clean(what: &str, text: &str) {
    for s in SECRETS {
        assert!(!text.contains(s), "{what} leaks {s}: {text}");
    }
}

#[test]
fn errors_and_debug_output_never_contain_secrets() {
    let mut h = H::brand(json!({"keepAliveInterval": 600_000}));
    assert_clean("options Debug", &format!("{:?}", ClientOptions::from_value(json!({"accountId":"1","userType":"brand","authData":{"username":"u","appKey":"AK","secret":"SECRETVAL","accessToken":"ATOKEN","accessTokenSecret":"ATSECRET"}})).unwrap()));
    let open = h.cmd(Command::Open);
    h.csds("agentVep", "vep.example");
    let login = h.next_http();
    assert_clean("login request Debug", &format!("{login:?}"));
    h.reply(&login, 200, login_answer("BEARER-XYZ"));
    h.csds("facadeMsg", "facade.example");
    let open_socket = h.next();
    assert_clean("OpenSocket Debug", &format!("{open_socket:?}"));
    let lpm_core::io::Transmit::OpenSocket { id, .. } = open_socket else {
        panic!()
    };
    h.socket = Some(id);
    h.opened();
    let v = h.frame_of(".ams.userprofile.GetUserProfile");
    h.respond(&v, 200, json!({}));
    let s = h.frame_of(".ams.aam.SubscribeExConversations");
    h.respond(&s, 200, json!({"subscriptionId":"BS1"}));
    h.ok(open);
    assert_clean("client Debug", &format!("{:?}", h.c));

    // the server echoes a secret back in an error: it is scrubbed
    let id = h.cmd(Command::GetClock);
    let f = h.frame_of(".GetClock");
    h.respond(&f, 500, json!("bad bearer BEARER-XYZ for csrf CSRF1"));
    let e = h.err(id);
    assert!(e.to_string().contains("<redacted>"));
    assert_clean("UMS error", &e.to_string());
    assert_clean("UMS error Debug", &format!("{e:?}"));
    assert_clean("UMS error JSON", &serde_json::to_string(&e).unwrap());

    // refresh refused with a body quoting the csrf and session
    h.fire_next_timer();
    let r = h.next_http();
    assert_clean("refresh Debug", &format!("{r:?}"));
    h.reply(
        &r,
        500,
        json!({"error": {"message": "csrf CSRF1 session SESS1 rejected", "internalCode": 3}}),
    );
    // network failure messages are scrubbed too
    let m = h.cmd(Command::GetMessageStatisticsForUser);
    let look = h.next_http();
    h.fail_http(&look, "proxy refused Authorization: Bearer BEARER-XYZ");
    let e = h.err(m);
    assert_clean("network error", &e.to_string());

    for e in h.take_events() {
        if let Event::CommandCompleted { result: Ok(_), .. } = e {
            continue;
        }
        assert_clean("event Debug", &format!("{e:?}"));
        assert_clean("event JSON", &serde_json::to_string(&e).unwrap());
    }
}

#[test]
fn login_failure_messages_do_not_echo_credentials() {
    let mut h = H::brand(json!({}));
    let open = h.cmd(Command::Open);
    h.csds("agentVep", "vep.example");
    let r = h.next_http();
    h.reply(
        &r,
        401,
        json!({"error": {"message": "bad secret SECRETVAL for token ATOKEN", "internalCode": 25}}),
    );
    let e = h.err(open);
    assert_eq!(e.kind(), "auth");
    assert_clean("auth error", &e.to_string());
    assert_clean("auth error Debug", &format!("{e:?}"));
}

#[test]
fn consumer_jwt_stays_out_of_debug_output() {
    let token = jwt("consumer-secret-identity");
    let mut h = H::consumer(json!({"token": token}));
    h.cmd(Command::Open);
    h.csds("asyncMessagingEnt", "msg.example");
    h.expect_open_socket();
    h.opened();
    let init = h.transmits.front().cloned().expect("InitConnection");
    assert!(!format!("{init:?}").contains(&token));
    assert!(!format!("{:?}", h.c).contains(&token));
    assert!(!format!("{:?}", h.c.config()).contains(&token));
}
