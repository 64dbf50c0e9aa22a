//! Authenticated consumers: a claims set with SDEs, an authenticated connection, user
//! profiles (set and get), and stepping an unauthenticated connection up.
//!
//! ```text
//! lpm platform &
//! LPM_CSDS_URL=http://127.0.0.1:7400 cargo run -p lp-messaging-sdk --example consumer_auth
//! ```
//! (in dev mode any connector id works: unauthenticated for anonymous tokens, authenticated
//! otherwise.)

use lp_messaging_sdk::{Connection, JwtClaimsSet, UserType};
use serde_json::json;

#[tokio::main]
async fn main() -> lp_messaging_sdk::Result<()> {
    let customer_info = JwtClaimsSet::customer_info(json!({
        "customerId": "12345", "imei": "phonenumber", "userName": "admin",
        "accountName": "company", "role": "Administrator"
    }));
    let personal_info =
        JwtClaimsSet::personal_info(json!({"firstname": "Ada", "lastname": "Lovelace"}));
    let claims = JwtClaimsSet::new("0000000001")
        .phone_number("5550005555")
        .preferred_username("ADMIN1")
        .email("test-example@lp.mokdd")
        .sde(customer_info.clone())
        .sde(personal_info.clone());

    // an authenticated consumer connection
    let connection = Connection::builder("123456", UserType::Consumer)
        .app_id("quick_start")
        .app_version("1.6.2")
        .authenticated("1234567890", claims.clone())
        .build()?;
    connection.open().await?;

    // set and read the profile
    connection
        .set_user_profile(json!({
            "firstName": "1", "lastName": "2", "nickName": "3",
            "claims": {"lp_sdes": [customer_info, personal_info]}
        }))
        .await?;
    let conversation = connection.create_conversation().await?;
    if let Some(consumer) = conversation.consumer() {
        println!("own profile: {}", consumer.get_user_profile().await?);
    }
    conversation.close().await?;
    connection.close().await?;

    // step-up: start unauthenticated, log in later
    let connection = Connection::builder("123456", UserType::Consumer)
        .app_id("quick_start")
        .unauth_connector_id("1234567890")
        .build()?;
    connection.open().await?;
    let conversation = connection.create_conversation().await?;
    connection.step_up("0987654321", claims).await?;
    println!(
        "stepped up; conversation {} now belongs to {:?}",
        conversation.id(),
        connection.user_id()
    );
    conversation.close().await?;
    connection.close().await?;
    Ok(())
}
