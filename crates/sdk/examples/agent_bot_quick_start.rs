//! The seed's agent bot: joins every conversation it is told about as `AGENT`, answers each
//! consumer message with "hello", and notices when a conversation closes.
//!
//! ```text
//! lpm platform &
//! LPM_CSDS_URL=http://127.0.0.1:7400 cargo run -p lp-messaging-sdk --example agent_bot_quick_start
//! ```
//! (the local platform in dev mode accepts these credentials on first use.)

use lp_messaging_sdk::{Connection, Event, ParticipantRole, UserType};

#[tokio::main]
async fn main() -> lp_messaging_sdk::Result<()> {
    let connection = Connection::builder("12345678", UserType::Brand)
        .app_id("quick_start") // TODO: change to something unique to your application
        .api_key(
            "bot1",
            "1a804df636f347bgcb4974a1ea3e2a91",
            "e15d540710838b40",
            "ccf8gf5bb346f3a95245e9b4798695f2",
            "876c7425f81c5160",
        )
        .build()?;
    let mut events = connection.events();
    connection.open().await?;
    println!("bot connected, waiting for conversations (Ctrl-C to stop)");

    while let Some(event) = events.next().await {
        match event {
            // fires whenever the bot is told about a new conversation
            Event::Conversation(conversation) => {
                conversation.join(ParticipantRole::Agent).await?;
            }
            // ignore all messages not from the consumer
            Event::Message(m) if m.sender_role() == Some(ParticipantRole::Consumer) => {
                println!("{}", m.body().unwrap_or_default());
                if let Some(c) = connection.conversation(m.conversation_id()) {
                    c.send_message("hello").await?;
                }
            }
            Event::ConversationClosed(_) => println!("conversation closed"),
            Event::Error(e) => eprintln!("{e}"),
            _ => {}
        }
    }
    Ok(())
}
