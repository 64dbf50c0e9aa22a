//! Using an HTTP proxy: process-wide (`configureProxy`) or for one connection.
//!
//! ```text
//! lpm platform &
//! # any HTTP proxy that supports CONNECT, e.g. on port 3128
//! LPM_CSDS_URL=http://127.0.0.1:7400 cargo run -p lp-messaging-sdk --example proxy -- 127.0.0.1 3128
//! ```

use lp_messaging_sdk::{Connection, Proxy, UserType};

#[tokio::main]
async fn main() -> lp_messaging_sdk::Result<()> {
    let mut args = std::env::args().skip(1);
    let host = args.next().unwrap_or_else(|| "127.0.0.1".into());
    let port = args.next().and_then(|p| p.parse().ok()).unwrap_or(3128);

    // every connection without its own setting goes through this proxy
    lp_messaging_sdk::configure_proxy(Proxy::new(&host, port).basic_auth("username", "password"))?;
    let connection = Connection::builder("12345678", UserType::Consumer)
        .app_id("quick_start")
        .build()?;
    connection.open().await?;
    connection.close().await?;
    // remove it again
    lp_messaging_sdk::remove_proxy();

    // or for one connection only
    let connection = Connection::builder("12345678", UserType::Consumer)
        .app_id("quick_start")
        .proxy(Proxy::new(&host, port))
        .build()?;
    connection.open().await?;
    connection.close().await?;
    Ok(())
}
