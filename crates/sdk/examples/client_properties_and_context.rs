//! Application tracking (`appId`, `appVersion`), client properties, and a conversation
//! created with a context and campaign info.
//!
//! ```text
//! lpm platform &
//! LPM_CSDS_URL=http://127.0.0.1:7400 cargo run -p lp-messaging-sdk --example client_properties_and_context
//! ```

use lp_messaging_sdk::{
    ClientProperties, Connection, DeviceFamily, Feature, NewConversation, Os, UserType,
};
use serde_json::json;

#[tokio::main]
async fn main() -> lp_messaging_sdk::Result<()> {
    let client_properties = ClientProperties {
        device_family: Some(DeviceFamily::Desktop),
        device_manufacturer: Some("Apple".into()),
        device_model: Some("MacBook Pro".into()),
        os: Some(Os::Osx),
        os_name: Some("macOS".into()),
        os_version: Some("11.6.8".into()),
        ip_address: Some("127.0.0.1".into()),
        browser: Some("CHROME".into()),
        browser_version: Some("47.0".into()),
        time_zone: Some("America/Los_Angeles".into()),
        features: vec![Feature::AutoMessages, Feature::PhotoSharing],
        ..Default::default()
    };
    let connection = Connection::builder("123456", UserType::Consumer)
        .app_id("quick_start")
        .app_version("1.6.2")
        .client_properties(client_properties)
        .build()?;
    connection.open().await?;

    let context = json!({
        "type": "SharkContext",
        "lang": "en-US",
        "visitorId": "",
        "sessionId": "",
        "interactionContextId": "2"
    });
    let campaign_info = json!({"campaignId": "111", "engagementId": "222"});
    let conversation = connection
        .create_conversation_with(NewConversation {
            context: Some(context),
            campaign_info: Some(campaign_info),
            ..Default::default()
        })
        .await?;
    println!("conversation {} created", conversation.id());
    conversation.close().await?;
    connection.close().await?;
    Ok(())
}
