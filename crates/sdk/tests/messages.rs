//! Messages: private, markdown, metadata, quick replies, rich content, receipts, previous
//! messages, getAllPublishEvents and the getAllMessages option, raw send and notifications.

mod common;

use common::{Env, wait_conversation, wait_for, wait_text};
use lp_messaging_sdk::{
    Connection, Conversation, Event, EventStream, MessageOptions, ParticipantRole,
};
use serde_json::json;

/// A consumer conversation with a bot joined as assigned agent.
async fn joined(
    env: &Env,
) -> (
    Connection,
    Conversation,
    EventStream,
    Connection,
    Conversation,
    EventStream,
) {
    let (bot, mut bot_events) = env.brand("bot").await;
    let consumer = env.consumer().await;
    let conversation = consumer.create_conversation().await.expect("created");
    let consumer_events = conversation.events();
    let c = wait_conversation(&mut bot_events).await;
    c.join(ParticipantRole::AssignedAgent)
        .await
        .expect("joined");
    wait_for(&mut bot_events, "own join", |e| match e {
        Event::ParticipantAdded { participant, .. } if participant.is_me() => Some(()),
        _ => None,
    })
    .await;
    (consumer, conversation, consumer_events, bot, c, bot_events)
}

#[tokio::test]
async fn private_messages_are_hidden_from_the_consumer() {
    let env = Env::start().await;
    let (_consumer, conversation, mut consumer_events, _bot, c, _bot_events) = joined(&env).await;
    let (_manager, mut manager_events) = env.brand("manager").await;
    let mc = wait_conversation(&mut manager_events).await;
    mc.join(ParticipantRole::Manager)
        .await
        .expect("manager joins");

    c.send_private_message("this is private", None)
        .await
        .expect("private");
    c.send_message("this is public").await.expect("public");
    let private = wait_text(&mut manager_events, "this is private").await;
    assert!(private.is_private());
    // the consumer gets the public message and never the private one
    wait_text(&mut consumer_events, "this is public").await;
    let texts: Vec<_> = conversation
        .messages()
        .iter()
        .filter_map(|m| m.text())
        .collect();
    assert_eq!(texts, vec!["this is public".to_owned()]);
}

#[tokio::test]
async fn markdown_metadata_and_quick_replies_arrive_intact() {
    let env = Env::start().await;
    let (_consumer, _conversation, mut consumer_events, _bot, c, _e) = joined(&env).await;

    let md = "view our docs #md#[here](https://developers.liveperson.com)#/md#";
    c.send_message(md).await.expect("markdown");
    assert_eq!(
        wait_text(&mut consumer_events, md).await.text().as_deref(),
        Some(md)
    );

    let meta = json!([{"type": "ExternalId", "id": "1"}, {"type": "ExternalId", "id": "2"}]);
    c.send_message_with(
        "external action 123 was taken",
        MessageOptions::default().metadata(meta.clone()),
    )
    .await
    .expect("metadata");
    let m = wait_text(&mut consumer_events, "external action 123 was taken").await;
    assert_eq!(m.metadata(), Some(meta));

    let qr = json!({"type": "quickReplies", "itemsPerRow": 3, "replies": [
        {"type": "button", "tooltip": "yes", "title": "Yes",
         "click": {"actions": [{"type": "publishText", "text": "yes"}]}}]});
    c.send_message_with(
        "here are some quick replies",
        MessageOptions::default().quick_replies(qr.clone()),
    )
    .await
    .expect("quick replies");
    let m = wait_text(&mut consumer_events, "here are some quick replies").await;
    assert_eq!(m.quick_replies(), Some(qr));

    let card = json!({"type": "vertical", "elements": [{"type": "text", "text": "a card"}]});
    c.send_rich_text(card.clone(), MessageOptions::default())
        .await
        .expect("rich");
    let rich = wait_for(&mut consumer_events, "rich content", |e| match e {
        Event::Message(m) if m.body().is_some_and(|b| b.is_object()) => Some(m.clone()),
        _ => None,
    })
    .await;
    assert_eq!(rich.body(), Some(card));
}

#[tokio::test]
async fn accept_and_read_receipts_reach_the_sender() {
    let env = Env::start().await;
    let (_consumer, conversation, mut consumer_events, _bot, _c, mut bot_events) =
        joined(&env).await;
    let seq = conversation
        .send_message("please read me")
        .await
        .expect("sent");
    let m = wait_text(&mut bot_events, "please read me").await;
    assert_eq!(m.sequence(), seq);
    m.accept().await.expect("accept");
    m.read().await.expect("read");
    let mine = wait_for(&mut consumer_events, "read receipt", |e| match e {
        Event::MessageDelivery { messages, .. } => messages
            .iter()
            .find(|x| x.sequence() == seq && x.has_assigned_agent_read())
            .cloned(),
        _ => None,
    })
    .await;
    assert!(mine.sent_by_current_user());
}

#[tokio::test]
async fn previous_messages_and_get_all_publish_events() {
    let env = Env::start().await;
    let (_consumer, conversation, mut consumer_events, bot, c, mut bot_events) = joined(&env).await;
    for t in ["one", "two", "three"] {
        conversation.send_message(t).await.expect("sent");
    }
    wait_text(&mut bot_events, "three").await;
    c.send_message("four").await.expect("bot");
    wait_text(&mut consumer_events, "four").await;
    let texts = |c: &Conversation| -> Vec<String> {
        c.messages().iter().filter_map(|m| m.text()).collect()
    };
    assert_eq!(texts(&conversation), ["one", "two", "three", "four"]);

    // a second brand connection sees the conversation without its history until it asks
    let (_reader, mut reader_events) = env.brand("reader").await;
    let _ = bot;
    let rc = wait_for(&mut reader_events, "conversation snapshot", |e| match e {
        Event::Conversation(x) if x.id() == conversation.id() => Some(x.clone()),
        _ => None,
    })
    .await;
    assert!(texts(&rc).is_empty());
    rc.get_all_publish_events().await.expect("history");
    assert_eq!(texts(&rc), ["one", "two", "three", "four"]);
}

#[tokio::test]
async fn get_all_messages_loads_history_before_the_conversation_event() {
    let env = Env::start().await;
    let consumer = env.consumer().await;
    let conversation = consumer.create_conversation().await.expect("created");
    conversation.send_message("earlier").await.expect("sent");
    conversation.send_message("messages").await.expect("sent");

    let bot = env
        .brand_builder("historian")
        .get_all_messages(true)
        .build()
        .expect("options");
    let mut events = bot.events();
    bot.open().await.expect("open");
    let c = wait_conversation(&mut events).await;
    let texts: Vec<_> = c.messages().iter().filter_map(|m| m.text()).collect();
    assert_eq!(texts, ["earlier", "messages"]);
}

#[tokio::test]
async fn raw_send_and_notifications() {
    let env = Env::start().await;
    let (_consumer, conversation, mut consumer_events, bot, c, _bot_events) = joined(&env).await;
    let mut raw = bot.events();
    let dialog = c.open_dialog().expect("open dialog");
    let body = bot
        .send(
            ".ams.ms.PublishEvent",
            json!({"dialogId": dialog.id(), "event": {"type": "ContentEvent", "contentType": "text/plain", "message": "hello world!"}}),
        )
        .await
        .expect("raw send");
    assert!(body.get("sequence").is_some(), "{body}");
    wait_text(&mut consumer_events, "hello world!").await;
    // every notification is visible raw as well
    let n = wait_for(&mut raw, "raw notification", |e| match e {
        Event::Notification(n) => Some(n.clone()),
        _ => None,
    })
    .await;
    assert_eq!(n["kind"], "notification");
    // a refused raw request carries the server's code
    let err = bot
        .send(".ams.ms.PublishEvent", json!({"dialogId": "no-such-dialog", "event": {"type": "ContentEvent", "contentType": "text/plain", "message": "x"}}))
        .await
        .expect_err("refused");
    assert!(err.code().is_some_and(|c| c >= 400), "{err}");
    let _ = conversation;
}
