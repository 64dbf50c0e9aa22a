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

use lp_messaging_sdk::{Connection, Event, UserType};
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
    conversation.on_event(|e| {
        if let Event::Message(m) = e {
            println!("{}", m.body().unwrap_or_default());
        }
    });

    conversation.send_message("test").await?;
    // give an agent a moment to answer
    tokio::time::sleep(Duration::from_secs(3)).await;

    conversation.close().await?;
    connection.close().await?;
    Ok(())
}
