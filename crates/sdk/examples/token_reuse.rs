//! Continuing an anonymous consumer between two connections by reusing its token.
//!
//! ```text
//! lpm platform &
//! LPM_CSDS_URL=http://127.0.0.1:7400 cargo run -p lp-messaging-sdk --example token_reuse
//! ```

use lp_messaging_sdk::{Connection, UserType};

#[tokio::main]
async fn main() -> lp_messaging_sdk::Result<()> {
    // open the initial connection
    let connection1 = Connection::builder("123456789", UserType::Consumer)
        .app_id("quick_start")
        .build()?;
    connection1.open().await?;

    // get and store the token (a file, a cookie, local storage…)
    let token = connection1.token().await?;

    // create a conversation to resume in the second connection
    let conversation1 = connection1.create_conversation().await?;
    conversation1.send_message("hello").await?;
    connection1.close().await?;

    // a second connection with the same token; wait_for_ready: open() returns once the
    // existing conversations are loaded
    let connection2 = Connection::builder("123456789", UserType::Consumer)
        .app_id("quick_start")
        .token(token)
        .wait_for_ready(true)
        .build()?;
    connection2.open().await?;

    // retrieve the conversation and close it
    if let Some(conversation2) = connection2.conversations().into_iter().next() {
        println!("resumed conversation {}", conversation2.id());
        conversation2.close().await?;
    }
    connection2.close().await?;
    Ok(())
}
