//! Failures the platform injects: a UMS error answer carries its code; a late answer times
//! out on the driver's timer; the connection keeps working afterwards.

mod common;

use std::time::Duration;

use common::{Env, wait_conversation, wait_text};
use lp_messaging_sdk::ParticipantRole;
use lp_messaging_sdk::lpm_core::connection::Error as CoreError;
use serde_json::json;

#[tokio::test]
async fn ums_error_answers_and_timeouts() {
    let env = Env::start().await;
    let (_bot, mut bot_events) = env.brand("bot").await;
    let consumer = env
        .consumer_builder()
        .response_timeout(Duration::from_millis(500))
        .build()
        .expect("options");
    consumer.open().await.expect("open");
    let conversation = consumer.create_conversation().await.expect("created");
    let c = wait_conversation(&mut bot_events).await;
    c.join(ParticipantRole::Agent).await.expect("join");

    // an error answer: the server's code and text reach the caller
    env.control(
        "POST",
        "/faults",
        json!({"kind": "ums:ms.PublishEvent", "status": 503, "body": "try later"}),
    )
    .await;
    let err = conversation.send_message("refused").await.expect_err("503");
    assert_eq!(err.code(), Some(503), "{err}");
    assert!(matches!(err.core(), Some(CoreError::Ums { .. })), "{err:?}");

    // a late answer: the request times out after responseTimeout
    env.control(
        "POST",
        "/faults",
        json!({"kind": "ums:ms.PublishEvent", "delayMs": 1500}),
    )
    .await;
    let err = conversation
        .send_message("late")
        .await
        .expect_err("timeout");
    assert!(
        matches!(err.core(), Some(CoreError::Timeout { .. })),
        "{err:?}"
    );
    assert!(err.is_transient());

    // the platform still publishes it once its delay is over (the answer just came too late)
    wait_text(&mut bot_events, "late").await;
    // and the connection still works
    conversation.send_message("fine again").await.expect("sent");
    wait_text(&mut bot_events, "fine again").await;
}

/// The "Bad options" table of docs/rust-sdk.md: each row is refused by `build()` with an
/// error naming the option (never a silent accept, never an `open()` that does not end).
#[tokio::test]
async fn bad_builder_options_are_refused_at_build() {
    use lp_messaging_sdk::{Connection, UserType};
    let rows: Vec<(lp_messaging_sdk::ConnectionBuilder, &str)> = vec![
        (
            Connection::builder("123", UserType::Consumer).response_timeout(Duration::ZERO),
            "responseTimeout",
        ),
        (
            Connection::builder("123", UserType::Consumer).keep_alive_timeout(Duration::ZERO),
            "keepAliveTimeout",
        ),
        (
            Connection::builder("../../x?y=1", UserType::Consumer),
            "accountId",
        ),
        (
            Connection::builder("12 34", UserType::Consumer),
            "accountId",
        ),
        (Connection::builder("", UserType::Consumer), "accountId"),
    ];
    for (builder, named) in rows {
        match builder.build() {
            Err(e) => assert!(e.to_string().contains(named), "{named}: {e}"),
            Ok(_) => panic!("{named}: accepted"),
        }
    }
}

/// An unreachable service: the error says why (reqwest's own text is only "error sending
/// request").
#[tokio::test]
async fn an_unreachable_csds_is_named_in_the_error() {
    use lp_messaging_sdk::{Connection, UserType};
    // a port nothing listens on: bind one, then free it
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let c = Connection::builder("123", UserType::Consumer)
        .csds_url(format!("http://127.0.0.1:{port}"))
        .connect_timeout(Duration::from_millis(500))
        .build()
        .expect("options");
    let e = c.open().await.expect_err("unreachable");
    let text = format!("{e}").to_lowercase();
    assert!(
        text.contains("connection refused") || text.contains("tcp connect"),
        "{e}"
    );
}
