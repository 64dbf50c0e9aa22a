//! Messages: plain, markdown, rich content, metadata, quick replies, private messages,
//! accept/read receipts, previous messages and `sentByCurrentUser`.
//!
//! ```text
//! lpm platform &
//! LPM_CSDS_URL=http://127.0.0.1:7400 cargo run -p lp-messaging-sdk --example messages
//! ```

use lp_messaging_sdk::{Connection, Event, MessageOptions, ParticipantRole, UserType};
use serde_json::json;

#[tokio::main]
async fn main() -> lp_messaging_sdk::Result<()> {
    let account = "12345678";
    let bot = Connection::builder(account, UserType::Brand)
        .app_id("quick_start")
        .api_key(
            "example-bot",
            "appKey",
            "secret",
            "accessToken",
            "accessTokenSecret",
        )
        .build()?;
    let mut bot_events = bot.events();
    bot.open().await?;
    let consumer = Connection::builder(account, UserType::Consumer)
        .app_id("quick_start")
        .build()?;
    consumer.open().await?;
    let conversation = consumer.create_conversation().await?;
    let mut consumer_events = conversation.events();

    let c = loop {
        if let Some(Event::Conversation(c)) = bot_events.next().await
            && c.id() == conversation.id()
        {
            break c;
        }
    };
    c.join(ParticipantRole::AssignedAgent).await?;

    // the consumer writes; the agent accepts and reads it
    conversation.send_message("hi").await?;
    while let Some(e) = bot_events.next().await {
        if let Event::Message(m) = e {
            if m.sender_role() != Some(ParticipantRole::Consumer) {
                continue;
            }
            m.accept().await?; // received
            println!("consumer wrote: {}", m.body().unwrap_or_default());
            m.read().await?; // read
            break;
        }
    }

    // plain text, markdown, rich content
    c.send_message("hello").await?;
    c.send_message("view our docs #md#[here](https://developers.liveperson.com)#/md#")
        .await?;
    let card = json!({"type": "vertical", "elements": [{"type": "text", "text": "a rich card"}]});
    c.send_rich_text(card, MessageOptions::default()).await?;
    // metadata (one object or an array) and quick replies
    let metadata = json!([{"type": "ExternalId", "id": "1"}, {"type": "ExternalId", "id": "2"}]);
    c.send_message_with(
        "external action 123 was taken",
        MessageOptions::default().metadata(metadata),
    )
    .await?;
    let quick_replies = json!({"type": "quickReplies", "itemsPerRow": 3, "replies": [
        {"type": "button", "title": "Yes", "click": {"actions": [{"type": "publishText", "text": "yes"}]}}]});
    c.send_message_with(
        "here are some quick replies",
        MessageOptions::default().quick_replies(quick_replies),
    )
    .await?;
    // brand-only, hidden from the consumer
    c.send_private_message("this is private", None).await?;

    // wait for the last public message on the consumer side
    while let Some(e) = consumer_events.next().await {
        if let Event::Message(m) = e {
            if m.text().as_deref() == Some("here are some quick replies") {
                break;
            }
        }
    }

    // previous messages, in order; the private one is not among the consumer's
    for m in conversation.messages() {
        println!(
            "{:>2} {:<5} {}",
            m.sequence(),
            if m.sent_by_current_user() {
                "me"
            } else {
                "agent"
            },
            m.body().unwrap_or_default()
        );
    }
    conversation.close().await?;
    consumer.close().await?;
    bot.close().await?;
    Ok(())
}
