//! Unauthenticated connector: when the LP JWT is refused on reconnect, the external token is
//! refreshed (same anonymous identity), so the consumer keeps its conversations.

mod common;

use std::time::Duration;

use common::{Env, wait_conversation, wait_for, wait_text};
use lp_messaging_sdk::{Event, ParticipantRole};
use serde_json::json;

#[tokio::test]
async fn a_refused_token_is_regenerated_for_the_same_consumer() {
    let env = Env::start().await;
    let (_bot, mut bot_events) = env.brand("bot").await;
    let consumer = env
        .consumer_builder()
        .unauth_connector_id("1111")
        .wait_to_reconnect(Duration::from_millis(10))
        .build()
        .expect("options");
    let mut events = consumer.events();
    consumer.open().await.expect("open");
    let me = consumer.user_id().expect("consumer id");
    let conversation = consumer.create_conversation().await.expect("created");
    let c = wait_conversation(&mut bot_events).await;
    c.join(ParticipantRole::Agent).await.expect("join");

    // The external token's 10 minutes pass, the LP JWT is revoked and the socket closed as
    // the platform does for a refused token.
    let jwt = consumer.token().await.expect("token");
    env.control("POST", "/clock/advance", json!({"ms": 11 * 60 * 1000}))
        .await;
    env.control("POST", "/tokens/consumer/revoke", json!({"token": jwt}))
        .await;
    env.control(
        "POST",
        "/ums/sockets/close",
        json!({"code": 4401, "reason": "token revoked", "account": env.account, "side": "consumer"}),
    )
    .await;
    let regenerated = wait_for(&mut events, "token-regenerated", |e| match e {
        Event::TokenRegenerated { agent_id } => Some(agent_id.clone()),
        _ => None,
    })
    .await;
    assert_eq!(regenerated.as_deref(), Some(me.as_str()));
    wait_for(&mut events, "reconnected", |e| {
        matches!(e, Event::Reconnected).then_some(())
    })
    .await;
    assert_eq!(consumer.user_id().as_deref(), Some(me.as_str()));
    assert_ne!(consumer.token().await.expect("new token"), jwt);
    conversation
        .send_message("still me")
        .await
        .expect("send after the refresh");
    let m = wait_text(&mut bot_events, "still me").await;
    assert_eq!(m.sender_role(), Some(ParticipantRole::Consumer));
}
