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

/// The seed's agent bot: joins every conversation as AGENT, answers consumer messages with
/// "hello" and notices the close.
#[tokio::test]
async fn agent_bot_quick_start() {
    let env = Env::start().await;
    let (bot, mut events) = env.brand("bot1").await;
    let consumer = env.consumer().await;
    let conversation = consumer.create_conversation().await.expect("created");
    let mut consumer_events = conversation.events();

    let c = wait_conversation(&mut events).await;
    c.join(ParticipantRole::Agent).await.expect("joined");
    let me = wait_for(&mut events, "own participant-added", |e| match e {
        Event::ParticipantAdded { participant, .. } if participant.is_me() => {
            Some(participant.clone())
        }
        _ => None,
    })
    .await;
    assert_eq!(me.role(), &ParticipantRole::Agent);

    conversation.send_message("hi bot").await.expect("sent");
    let m = wait_text(&mut events, "hi bot").await;
    assert_eq!(m.sender_role(), Some(ParticipantRole::Consumer));
    c.send_message("hello").await.expect("reply");
    wait_text(&mut consumer_events, "hello").await;

    conversation.close().await.expect("closed");
    wait_for(&mut events, "close", |e| {
        matches!(e, Event::ConversationClosed(x) if x.id() == c.id()).then_some(())
    })
    .await;
    assert!(!c.is_open());
    assert!(c.open_dialog().is_none());
    bot.close().await.expect("bot closed");
}

/// The callback form of the streams.
#[tokio::test]
async fn callbacks_see_the_same_events() {
    let env = Env::start().await;
    let (_bot, mut bot_events) = env.brand("bot").await;
    let consumer = env.consumer().await;
    let conversation = consumer.create_conversation().await.expect("created");
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let handle = conversation.on_event(move |e| {
        if let Event::Message(m) = e {
            let _ = tx.send(m.text());
        }
    });
    let c = wait_conversation(&mut bot_events).await;
    c.join(ParticipantRole::Agent).await.expect("join");
    c.send_message("via callback").await.expect("sent");
    let got = tokio::time::timeout(common::WAIT, rx.recv())
        .await
        .expect("in time")
        .flatten();
    assert_eq!(got.as_deref(), Some("via callback"));
    handle.abort();
}

/// Dropping every handle closes the connection: the platform sees the socket go.
#[tokio::test]
async fn dropping_the_last_handle_closes_the_socket() {
    let env = Env::start().await;
    let consumer = env.consumer().await;
    let sockets = |v: serde_json::Value| v.as_array().map(Vec::len).unwrap_or(0);
    assert_eq!(
        sockets(env.control("GET", "/ums/sockets", json!({})).await),
        1
    );
    drop(consumer);
    let gone = async {
        while sockets(env.control("GET", "/ums/sockets", json!({})).await) != 0 {
            tokio::task::yield_now().await;
        }
    };
    tokio::time::timeout(common::WAIT, gone)
        .await
        .expect("the socket closes");
}
