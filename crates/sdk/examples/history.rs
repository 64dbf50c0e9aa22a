//! Loading all previous messages on a brand connection: `getAllPublishEvents` per
//! conversation, or the `getAllMessages` option for every conversation.
//!
//! ```text
//! lpm platform &
//! LPM_CSDS_URL=http://127.0.0.1:7400 cargo run -p lp-messaging-sdk --example history
//! ```

use lp_messaging_sdk::{Connection, Event, UserType};

#[tokio::main]
async fn main() -> lp_messaging_sdk::Result<()> {
    let account = "12345678";
    // a consumer writes before any bot is connected
    let consumer = Connection::builder(account, UserType::Consumer)
        .app_id("quick_start")
        .build()?;
    consumer.open().await?;
    let conversation = consumer.create_conversation().await?;
    conversation.send_message("first").await?;
    conversation.send_message("second").await?;

    // 1. on demand
    let bot = Connection::builder(account, UserType::Brand)
        .app_id("quick_start")
        .api_key(
            "example-bot",
            "appKey",
            "secret",
            "accessToken",
            "accessTokenSecret",
        )
        .wait_for_ready(true)
        .build()?;
    bot.open().await?;
    if let Some(c) = bot.conversation(conversation.id()) {
        c.get_all_publish_events().await?;
        for m in c.messages() {
            println!("on demand: {}", m.body().unwrap_or_default());
        }
    }
    bot.close().await?;

    // 2. for every conversation, before it is announced
    let bot = Connection::builder(account, UserType::Brand)
        .app_id("quick_start")
        .api_key(
            "example-bot",
            "appKey",
            "secret",
            "accessToken",
            "accessTokenSecret",
        )
        .get_all_messages(true)
        .build()?;
    let mut events = bot.events();
    bot.open().await?;
    while let Some(e) = events.next().await {
        if let Event::Conversation(c) = e {
            if c.id() == conversation.id() {
                for m in c.messages() {
                    println!("getAllMessages: {}", m.body().unwrap_or_default());
                }
                break;
            }
        }
    }
    conversation.close().await?;
    Ok(())
}
