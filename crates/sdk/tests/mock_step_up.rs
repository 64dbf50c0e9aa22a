//! `mock_step_up` (LivePerson's `mockStepUp`) against the platform's mock identity provider.

mod common;

use base64::Engine;
use common::{Env, wait_conversation, wait_for, wait_text};
use lp_messaging_sdk::{Event, ParticipantRole};
use serde_json::Value;

/// The claims of an LP JWT (not verified).
fn claims(jwt: &str) -> Value {
    let payload = jwt.split('.').nth(1).expect("payload");
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .expect("base64url");
    serde_json::from_slice(&bytes).expect("JSON claims")
}

#[tokio::test]
async fn mock_step_up_takes_the_conversation_over_as_the_named_customer() {
    let env = Env::start().await;
    let (_bot, mut bot_events) = env.brand("bot").await;
    let consumer = env
        .consumer_builder()
        .unauth_connector_id("1111")
        .build()
        .expect("options");
    consumer.open().await.expect("open");
    let before = consumer.user_id();
    let conversation = consumer.create_conversation().await.expect("created");
    let c = wait_conversation(&mut bot_events).await;
    c.join(ParticipantRole::Agent).await.expect("join");
    let mut conv_events = conversation.events();

    consumer
        .mock_step_up("2222", "Jo")
        .await
        .expect("mock step-up");
    assert_ne!(consumer.user_id(), before);
    let token = consumer.token().await.expect("token");
    let c = claims(&token);
    assert_eq!(c["lp.ext"]["sub"], "Jo", "{c}");
    assert_eq!(c["sub"].as_str(), consumer.user_id().as_deref());
    wait_for(&mut conv_events, "consumer-step-up", |e| match e {
        Event::ConsumerStepUp { consumer: now, .. } => Some(now.clone()),
        _ => None,
    })
    .await;
    conversation.send_message("as Jo").await.expect("send");
    let m = wait_text(&mut bot_events, "as Jo").await;
    assert_eq!(m.sender_role(), Some(ParticipantRole::Consumer));
}

#[tokio::test]
async fn mock_step_up_is_for_consumers_with_a_name() {
    let env = Env::start().await;
    let (bot, _) = env.brand("bot").await;
    let e = bot.mock_step_up("2222", "Jo").await.expect_err("brand");
    assert!(e.to_string().contains("consumer"), "{e}");
    let consumer = env.consumer().await;
    let e = consumer
        .mock_step_up("2222", "")
        .await
        .expect_err("no name");
    assert!(e.to_string().contains("customerName"), "{e}");
}
