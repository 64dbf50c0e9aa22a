//! File upload and download; default and manual subscriptions.

mod common;

use common::{Env, wait_conversation, wait_for};
use lp_messaging_sdk::{Event, ParticipantRole, SubscriptionQuery, SubscriptionState};
use serde_json::json;

/// A tiny PNG (1×1 pixel).
const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
    0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0x63, 0x64, 0xf8, 0xcf, 0x50,
    0x0f, 0x00, 0x03, 0x86, 0x01, 0x80, 0x5a, 0x34, 0x7d, 0x6b, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

#[tokio::test]
async fn upload_and_download_a_file() {
    let env = Env::start().await;
    let (_bot, mut bot_events) = env.brand("bot").await;
    let consumer = env.consumer().await;
    let conversation = consumer.create_conversation().await.expect("created");
    let c = wait_conversation(&mut bot_events).await;
    c.join(ParticipantRole::AssignedAgent).await.expect("join");

    conversation
        .upload_file(PNG.to_vec(), Some("our logo"))
        .await
        .expect("uploaded");
    let m = wait_for(&mut bot_events, "file message", |e| match e {
        Event::Message(m) if m.is_downloadable() => Some(m.clone()),
        _ => None,
    })
    .await;
    assert_eq!(m.caption().as_deref(), Some("our logo"));
    assert_eq!(m.content_type().as_deref(), Some("hosted/file"));
    // the type was recognised from the bytes, and the image got a thumbnail
    assert_eq!(m.file_type().as_deref(), Some("PNG"));
    assert!(
        m.preview()
            .is_some_and(|p| p.starts_with("data:image/jpeg;base64,"))
    );
    let file = m.download_file().await.expect("downloaded");
    assert_eq!(file.data, PNG);
    assert!(
        file.filename
            .is_some_and(|f| f.ends_with(".PNG") || f.ends_with(".png"))
    );

    // a text message is not downloadable
    c.send_message("text").await.expect("text");
    let t = common::wait_text(&mut bot_events, "text").await;
    assert!(t.download_file().await.is_err());

    // a named type is used as is; bytes that do not decode go without a preview
    conversation
        .upload_file_as(b"not really a gif".to_vec(), "GIF", None)
        .await
        .expect("named type");
    let g = wait_for(&mut bot_events, "gif message", |e| match e {
        Event::Message(m) if m.is_downloadable() => Some(m.clone()),
        _ => None,
    })
    .await;
    assert_eq!(g.file_type().as_deref(), Some("GIF"));
    assert_eq!(g.preview(), None);
}

#[tokio::test]
async fn default_subscription_and_its_notifications() {
    let env = Env::start().await;
    let (bot, mut events) = env.brand("bot").await;
    let default = bot.default_subscription().expect("default subscription");
    assert_eq!(default.state(), Some(SubscriptionState::Subscribed));
    assert_eq!(
        default.info().expect("info").query,
        json!({"stage": ["OPEN"]})
    );

    let consumer = env.consumer().await;
    let conversation = consumer.create_conversation().await.expect("created");
    let n = wait_for(&mut events, "conversation notification", |e| match e {
        Event::Notification(n)
            if n["type"] == ".ams.aam.ExConversationChangeNotification"
                && n.to_string().contains(conversation.id()) =>
        {
            Some(n.clone())
        }
        _ => None,
    })
    .await;
    assert_eq!(n["body"]["changes"][0]["type"], "UPSERT");
}

#[tokio::test]
async fn no_default_subscription_then_a_manual_one() {
    let env = Env::start().await;
    let consumer = env.consumer().await;
    let conversation = consumer.create_conversation().await.expect("created");

    let bot = env
        .brand_builder("bot")
        .create_default_subscription(false)
        .build()
        .expect("options");
    let mut events = bot.events();
    bot.open().await.expect("open");
    assert!(bot.default_subscription().is_none());
    assert!(bot.conversations().is_empty());

    let query: SubscriptionQuery =
        serde_json::from_value(json!({"stage": ["OPEN"], "state": ["OPEN"]})).expect("query");
    let sub = bot
        .create_conversation_subscription(Some(query), true)
        .await
        .expect("manual subscription");
    // waitForReady: the snapshot is in before the call returns
    assert!(bot.conversation(conversation.id()).is_some());
    wait_for(&mut events, "conversation event", |e| match e {
        Event::Conversation(c) if c.id() == conversation.id() => Some(()),
        _ => None,
    })
    .await;
    sub.unsubscribe().await.expect("unsubscribed");
    assert_ne!(sub.state(), Some(SubscriptionState::Subscribed));
}

#[tokio::test]
async fn default_subscription_query_is_honoured() {
    let env = Env::start().await;
    let consumer = env.consumer().await;
    let conversation = consumer.create_conversation().await.expect("created");
    conversation.close().await.expect("closed");
    let query: SubscriptionQuery =
        serde_json::from_value(json!({"stage": ["CLOSE"]})).expect("query");
    let bot = env
        .brand_builder("bot")
        .default_subscription_query(query)
        .wait_for_ready(true)
        .build()
        .expect("options");
    bot.open().await.expect("open");
    let closed = bot
        .conversation(conversation.id())
        .expect("closed conversation held");
    assert!(!closed.is_open());
}
