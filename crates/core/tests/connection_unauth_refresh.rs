//! Unauthenticated connector: the external token is refreshed (auth.md §2.2, same identity)
//! when a new LP JWT is needed, and authorized from scratch only when the refresh is refused.

mod connection_support;

use connection_support::*;
use lpm_core::connection::{Command, Event};
use lpm_core::io::HttpRequest;
use serde_json::{Value, json};

fn body(r: &HttpRequest) -> Value {
    serde_json::from_slice(&r.body).expect("JSON body")
}

fn authorize_url() -> String {
    format!("https://idp.example/api/account/{ACCT}/anonymous/authorize")
}

fn exchange_url() -> String {
    format!("https://idp.example/api/account/{ACCT}/app/UC1/authenticate?v=3.0")
}

/// Open with the unauth connector (external token `EXT0`, LP JWT of `unauth-1`), then a
/// close 4401 that refuses that JWT.
fn connected_then_refused() -> H {
    let mut h = H::consumer(json!({"unauthConnectorId": "UC1"}));
    let open = h.cmd(Command::Open);
    h.csds("idp", "idp.example");
    let r = h.next_http();
    assert_eq!((r.url.clone(), body(&r)), (authorize_url(), json!({})));
    h.reply(&r, 200, json!({"token": "EXT0"}));
    let r = h.next_http();
    assert_eq!(
        (r.url.clone(), body(&r)),
        (exchange_url(), json!({"id_token": "EXT0"}))
    );
    h.reply(&r, 200, json!({"token": jwt("unauth-1")}));
    h.connect_consumer_socket(json!([]));
    h.ok(open);
    h.socket_closed(4401, "token expired");
    h.fire_next_timer(); // waitToReconnect
    h
}

#[test]
fn a_refused_jwt_refreshes_the_external_token_then_exchanges_it() {
    let mut h = connected_then_refused();
    let r = h.next_http();
    assert_eq!(r.url, authorize_url());
    assert_eq!(body(&r), json!({"id_token": "EXT0"}));
    h.reply(&r, 200, json!({"token": "EXT1"}));
    let r = h.next_http();
    assert_eq!(
        (r.url.clone(), body(&r)),
        (exchange_url(), json!({"id_token": "EXT1"}))
    );
    h.reply(&r, 200, json!({"token": jwt("unauth-1")}));
    h.expect_open_socket();
    h.opened();
    let init = h.frame_of("InitConnection");
    assert_eq!(init["headers"][0]["jwt"], jwt("unauth-1"));
    assert_eq!(h.c.user_id(), Some("unauth-1"));
    assert!(h.has_event(|e| matches!(e, Event::TokenRegenerated { .. })));
}

#[test]
fn a_refused_refresh_falls_back_to_a_fresh_authorize() {
    let mut h = connected_then_refused();
    let r = h.next_http();
    assert_eq!(body(&r), json!({"id_token": "EXT0"}));
    h.reply(&r, 401, json!({"error": "expired"}));
    let r = h.next_http();
    assert_eq!((r.url.clone(), body(&r)), (authorize_url(), json!({})));
    h.reply(&r, 200, json!({"token": "EXT9"}));
    let r = h.next_http();
    assert_eq!(
        (r.url.clone(), body(&r)),
        (exchange_url(), json!({"id_token": "EXT9"}))
    );
    h.reply(&r, 200, json!({"token": jwt("unauth-2")}));
    h.expect_open_socket();
    assert_eq!(h.c.user_id(), Some("unauth-2"));
}

#[test]
fn a_refresh_that_fails_transiently_is_tried_again() {
    let mut h = connected_then_refused();
    let r = h.next_http();
    h.reply(&r, 503, json!({}));
    h.no_transmit();
    h.fire_next_timer(); // retry schedule
    let r = h.next_http();
    assert_eq!(
        (r.url.clone(), body(&r)),
        (authorize_url(), json!({"id_token": "EXT0"}))
    );
}
