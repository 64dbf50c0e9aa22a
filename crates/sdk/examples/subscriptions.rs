//! Subscriptions: the default subscription and its notifications, a custom default query,
//! no default subscription, and a manual conversation subscription.
//!
//! ```text
//! lpm platform &
//! LPM_CSDS_URL=http://127.0.0.1:7400 cargo run -p lp-messaging-sdk --example subscriptions
//! ```

use lp_messaging_sdk::{Connection, Event, SubscriptionQuery, UserType};
use serde_json::json;

#[tokio::main]
async fn main() -> lp_messaging_sdk::Result<()> {
    let account = "12345678";
    let builder = || {
        Connection::builder(account, UserType::Brand)
            .app_id("quick_start")
            .api_key(
                "example-bot",
                "appKey",
                "secret",
                "accessToken",
                "accessTokenSecret",
            )
    };

    // the default subscription ({stage:["OPEN"]} for brands); log what it receives
    let connection = builder().build()?;
    connection.on_event(|e| {
        if let Event::Notification(n) = e {
            if n["type"] == ".ams.aam.ExConversationChangeNotification" {
                println!("{n}");
            }
        }
    });
    connection.open().await?;
    println!(
        "default subscription: {:?}",
        connection.default_subscription().and_then(|s| s.info())
    );
    connection.close().await?;

    // a different default query: only conversations whose main dialog is open
    let query: SubscriptionQuery =
        serde_json::from_value(json!({"state": ["OPEN"], "dialogTypes": ["MAIN"]}))
            .map_err(|e| lp_messaging_sdk::Error::Invalid(e.to_string()))?;
    let connection = builder().default_subscription_query(query).build()?;
    connection.open().await?;
    connection.close().await?;

    // no default subscription, then a manual one
    let connection = builder().create_default_subscription(false).build()?;
    connection.open().await?;
    let query: SubscriptionQuery =
        serde_json::from_value(json!({"stage": ["OPEN"], "agentIds": [connection.agent_id()]}))
            .map_err(|e| lp_messaging_sdk::Error::Invalid(e.to_string()))?;
    let subscription = connection
        .create_conversation_subscription(Some(query), false)
        .await?;
    println!("manual subscription: {:?}", subscription.state());
    subscription.unsubscribe().await?;
    connection.close().await?;
    Ok(())
}
