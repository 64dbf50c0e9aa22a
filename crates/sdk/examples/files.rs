//! File sharing: upload a file to a conversation, and download files others share.
//!
//! ```text
//! lpm platform &
//! LPM_CSDS_URL=http://127.0.0.1:7400 cargo run -p lp-messaging-sdk --example files -- path/to/logo.png
//! ```

use lp_messaging_sdk::{Connection, Event, ParticipantRole, UserType};

#[tokio::main]
async fn main() -> lp_messaging_sdk::Result<()> {
    let path = std::env::args().nth(1).unwrap_or_else(|| "logo.png".into());
    let bytes = std::fs::read(&path)
        .map_err(|e| lp_messaging_sdk::Error::Invalid(format!("cannot read {path}: {e}")))?;

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
    let c = loop {
        if let Some(Event::Conversation(c)) = bot_events.next().await
            && c.id() == conversation.id()
        {
            break c;
        }
    };
    c.join(ParticipantRole::Agent).await?;

    // upload: the SDK recognises the file type, stores the bytes and publishes a file
    // message with the caption (and a thumbnail for images)
    conversation.upload_file(bytes, Some("our logo")).await?;

    // download every downloadable message
    while let Some(e) = bot_events.next().await {
        if let Event::Message(m) = e {
            if !m.is_downloadable() {
                continue;
            }
            let file = m.download_file().await?;
            let name = file.filename.unwrap_or_else(|| "download".into());
            std::fs::write(&name, &file.data).map_err(|e| {
                lp_messaging_sdk::Error::Invalid(format!("cannot write {name}: {e}"))
            })?;
            println!("downloaded {} bytes to {name}", file.data.len());
            break;
        }
    }
    conversation.close().await?;
    Ok(())
}
