//! Brand message statistics for the current agent and for the whole account.
//!
//! ```text
//! lpm platform &
//! LPM_CSDS_URL=http://127.0.0.1:7400 cargo run -p lp-messaging-sdk --example message_statistics
//! ```

use lp_messaging_sdk::{Connection, UserType};

#[tokio::main]
async fn main() -> lp_messaging_sdk::Result<()> {
    let connection = Connection::builder("12345678", UserType::Brand)
        .app_id("quick_start")
        .password("agent1", "agent1-password")
        .build()?;
    connection.open().await?;
    let user = connection.message_statistics_for_user().await?;
    let brand = connection.message_statistics_for_brand().await?;
    println!("user:  {user:?}");
    println!("brand: {brand:?}");
    // the bearer, for calling other LivePerson REST APIs yourself
    let _token = connection.token().await?;
    connection.close().await?;
    Ok(())
}
