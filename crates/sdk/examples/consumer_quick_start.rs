//! The seed's consumer quick start: connect, set a profile, create a conversation, print the
//! messages that arrive, send one, close.
//!
//! Run it against the local platform (with an agent answering, e.g. the
//! `agent_bot_quick_start` example in another terminal):
//!
//! ```text
//! lpm platform &
//! LPM_CSDS_URL=http://127.0.0.1:7400 cargo run -p lp-messaging-sdk --example consumer_quick_start
//! ```

use std::time::Duration;

use lp_messaging_sdk::{Connection, Event, ParticipantRole, UserType};
use serde_json::json;

#[tokio::main]
async fn main() -> lp_messaging_sdk::Result<()> {
    let connection = Connection::builder("12345678", UserType::Consumer)
        .app_id("quick_start") // TODO: change to something unique to your application
        .build()?;

    // log background errors (auth errors, etc.)
    connection.on_event(|e| {
        if let Event::Error(err) = e {
            eprintln!("{err}");
        }
    });

    connection.open().await?;
    connection
        .set_user_profile(
            json!({"firstName": "firstName", "lastName": "lastName", "nickName": "nickName"}),
        )
        .await?;

    let conversation = connection.create_conversation().await?;
    let mut events = conversation.events();

    // wait (a little) for an agent or bot to join, so someone reads the message
    let joined = tokio::time::timeout(Duration::from_secs(10), async {
        while let Some(e) = events.next().await {
            if let Event::ParticipantAdded { participant, .. } = e
                && participant.role() != &ParticipantRole::Consumer
            {
                return;
            }
        }
    });
    let _ = joined.await;

    // send a message, and print the messages that arrive for a few seconds
    conversation.send_message("test").await?;
    let _ = tokio::time::timeout(Duration::from_secs(3), async {
        while let Some(e) = events.next().await {
            if let Event::Message(m) = e {
                println!("{}", m.body().unwrap_or_default());
            }
        }
    })
    .await;

    conversation.close().await?;
    connection.close().await?;
    Ok(())
}
