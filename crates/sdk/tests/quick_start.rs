//! The seed's two quick starts, end to end against the in-process platform.

mod common;

use common::{Env, wait_conversation, wait_for, wait_text};
use lp_messaging_sdk::{Event, ParticipantRole};
use serde_json::json;

#[tokio::test]
async fn consumer_quick_start_with_agent_bot() {
    let env = Env::start().await;
    let (bot, mut bot_events) = env.brand("bot1").await;

    let consumer = env.consumer().await;
    consumer
        .set_user_profile(
            json!({"firstName": "firstName", "lastName": "lastName", "nickName": "nickName"}),
        )
        .await
        .expect("profile set");
    let conversation = consumer.create_conversation().await.expect("created");
    assert_eq!(conversation.skill().id(), "-1");
    let mut conv_events = conversation.events();

    // the bot sees the conversation and joins
    let bot_conv = wait_conversation(&mut bot_events).await;
    assert_eq!(bot_conv.id(), conversation.id());
    bot_conv.join(ParticipantRole::Agent).await.expect("join");

    conversation.send_message("test").await.expect("sent");
    let m = wait_text(&mut bot_events, "test").await;
    assert_eq!(m.sender_role(), Some(ParticipantRole::Consumer));
    assert!(!m.sent_by_current_user());
    bot_conv.send_message("hello").await.expect("bot replies");

    let reply = wait_text(&mut conv_events, "hello").await;
    assert!(!reply.sent_by_current_user());
    assert_eq!(reply.sender_role(), Some(ParticipantRole::Agent));
    // the consumer's own message is in the dialog too
    let texts: Vec<_> = conversation
        .messages()
        .iter()
        .filter_map(|m| m.text())
        .collect();
    assert_eq!(texts, vec!["test".to_owned(), "hello".to_owned()]);

    conversation.close().await.expect("closed");
    wait_for(&mut conv_events, "consumer sees close", |e| {
        matches!(e, Event::ConversationClosed(_)).then_some(())
    })
    .await;
    wait_for(&mut bot_events, "bot sees close", |e| {
        matches!(e, Event::ConversationClosed(c) if c.id() == conversation.id()).then_some(())
    })
    .await;
    assert!(!conversation.is_open());
    consumer.close().await.expect("connection closed");
    bot.close().await.expect("bot closed");
}
