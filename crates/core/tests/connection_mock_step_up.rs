//! `mockStepUp(authConnectorId, customerName)`: the step-up with the customer name as the
//! code (auth.md §2.4, lpm-1.5.4's wire form).

mod connection_support;

use connection_support::*;
use lpm_core::connection::{Command, CommandOutput};
use lpm_core::io::Transmit;
use serde_json::{Value, json};

#[test]
fn mock_step_up_sends_the_name_as_code_with_the_current_jwt() {
    let mut h = H::consumer(json!({}));
    let open = h.open_consumer(json!([]));
    h.ok(open);
    let step = h.cmd(Command::MockStepUp {
        auth_connector_id: "AC9".into(),
        customer_name: "Jo".into(),
    });
    assert!(matches!(h.next(), Transmit::CloseSocket { .. }));
    let r = h.next_http();
    assert_eq!(
        r.url,
        format!("https://idp.example/api/account/{ACCT}/app/AC9/authenticate?v=3.0")
    );
    assert_eq!(
        serde_json::from_slice::<Value>(&r.body).unwrap(),
        json!({"lp_jwt": jwt("consumer-1"), "code": "Jo"})
    );
    h.reply(&r, 200, json!({"token": jwt("auth-jo")}));
    h.expect_open_socket();
    h.opened();
    let init = h.frame_of("InitConnection");
    assert_eq!(init["headers"][0]["jwt"], jwt("auth-jo"));
    h.respond(&init, 200, json!("OK"));
    let sub = h.frame_of("cqm.SubscribeExConversations");
    h.respond(&sub, 200, json!({"subscriptionId":"S2"}));
    h.notify(
        "cqm.ExConversationChangeNotification",
        json!({"subscriptionId":"S2","changes":[]}),
    );
    let p = h.frame_of("userprofile.GetUserProfile");
    h.respond(&p, 200, json!({"userId":"auth-jo"}));
    assert_eq!(h.ok(step), CommandOutput::Done);
    assert_eq!(h.c.user_id(), Some("auth-jo"));
}

#[test]
fn mock_step_up_needs_a_name_a_consumer_and_a_connection() {
    let mut h = H::consumer(json!({}));
    let early = h.cmd(Command::MockStepUp {
        auth_connector_id: "AC9".into(),
        customer_name: "Jo".into(),
    });
    assert_eq!(h.err(early).kind(), "invalidState");
    let open = h.open_consumer(json!([]));
    h.ok(open);
    let empty = h.cmd(Command::MockStepUp {
        auth_connector_id: "AC9".into(),
        customer_name: " ".into(),
    });
    assert_eq!(h.err(empty).kind(), "invalid");
    let mut b = H::brand(json!({}));
    let c = b.cmd(Command::MockStepUp {
        auth_connector_id: "AC9".into(),
        customer_name: "Jo".into(),
    });
    assert_eq!(b.err(c).kind(), "unsupported");
    let v: Command = serde_json::from_value(
        json!({"command":"mockStepUp","authConnectorId":"A","customerName":"N"}),
    )
    .unwrap();
    assert_eq!(
        v,
        Command::MockStepUp {
            auth_connector_id: "A".into(),
            customer_name: "N".into()
        }
    );
}
