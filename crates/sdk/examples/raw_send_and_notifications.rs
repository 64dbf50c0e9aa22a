//! Advanced: background errors, arbitrary websocket requests (`send`) and raw notifications.
//!
//! ```text
//! lpm platform &
//! LPM_CSDS_URL=http://127.0.0.1:7400 cargo run -p lp-messaging-sdk --example raw_send_and_notifications
//! ```

use lp_messaging_sdk::{Connection, Event, ParticipantRole, UserType};
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
    // background process errors, and every raw notification
    bot.on_event(|e| match e {
        Event::Error(err) => eprintln!("error: {err}"),
        Event::Notification(n) => println!(
            "notification received of type {}\n{}",
            n["type"],
            serde_json::to_string_pretty(&n["body"]).unwrap_or_default()
        ),
        _ => {}
    });
    let mut events = bot.events();
    bot.open().await?;

    let consumer = Connection::builder(account, UserType::Consumer)
        .app_id("quick_start")
        .build()?;
    consumer.open().await?;
    let conversation = consumer.create_conversation().await?;
    let c = loop {
        if let Some(Event::Conversation(c)) = events.next().await
            && c.id() == conversation.id()
        {
            break c;
        }
    };
    c.join(ParticipantRole::Agent).await?;

    // a plain text message sent as a raw request
    let dialog_id = c
        .open_dialog()
        .map(|d| d.id().to_owned())
        .unwrap_or_default();
    let response = bot
        .send(
            ".ams.ms.PublishEvent",
            json!({"dialogId": dialog_id, "event": {"type": "ContentEvent", "contentType": "text/plain", "message": "hello world!"}}),
        )
        .await?;
    println!("response: {response}");
    conversation.close().await?;
    Ok(())
}
