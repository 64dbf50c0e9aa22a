//! TLS verification is always on, and errors never carry credentials.

mod common;

use std::time::Duration;

use common::Env;
use lp_messaging_sdk::{Connection, UserType};
use lpm_platform::PlatformOptions;

#[tokio::test]
async fn self_signed_certificates_are_refused() {
    let env = Env::with(PlatformOptions {
        tls: true,
        ..PlatformOptions::default()
    })
    .await;
    assert!(env.csds().starts_with("https://"));
    // Retrying cannot make a certificate valid: open() fails at once, long before the
    // (default, 5 minute) connect timeout, and says why.
    let consumer = env.consumer_builder().build().expect("options");
    let err = tokio::time::timeout(Duration::from_secs(20), consumer.open())
        .await
        .expect("open() fails without retrying")
        .expect_err("untrusted certificate refused");
    assert_eq!(err.core().map(|e| e.kind()), Some("certificate"), "{err}");
    assert!(!err.is_transient(), "{err}");
    assert!(err.to_string().contains("certificate"), "{err}");
}

#[tokio::test]
async fn https_and_wss_with_an_added_root_certificate() {
    let env = Env::with(PlatformOptions {
        tls: true,
        ..PlatformOptions::default()
    })
    .await;
    let pem = std::fs::read(env.platform.cert_path().expect("cert path")).expect("pem");
    let (bot, mut bot_events) = {
        let c = env
            .brand_builder("bot")
            .add_root_certificate_pem(pem.clone())
            .build()
            .expect("options");
        let events = c.events();
        c.open().await.expect("brand over https/wss");
        (c, events)
    };
    let consumer = env
        .consumer_builder()
        .add_root_certificate_pem(pem)
        .build()
        .expect("options");
    consumer.open().await.expect("consumer over https/wss");
    let conversation = consumer.create_conversation().await.expect("created");
    let c = common::wait_conversation(&mut bot_events).await;
    assert_eq!(c.id(), conversation.id());
    bot.close().await.expect("closed");
}

#[tokio::test]
async fn refused_credentials_fail_fast_without_leaking_them() {
    let env = Env::start().await;
    // dev mode remembers the first credentials of a user name
    let (first, _) = env.brand("agent").await;
    first.close().await.expect("closed");
    let secret = "a-very-secret-password-value";
    let bot = Connection::builder(&env.account, UserType::Brand)
        .csds_url(env.csds())
        .no_proxy()
        .api_key("agent", secret, secret, secret, secret)
        .build()
        .expect("options");
    let err = bot.open().await.expect_err("refused");
    assert_eq!(err.code(), Some(401), "{err}");
    let text = format!("{err} {err:?}");
    assert!(!text.contains(secret), "{text}");
    assert!(text.contains("agentVep login"), "{text}");
}

#[tokio::test]
async fn bad_options_are_reported_before_anything_is_sent() {
    let err = Connection::builder("", UserType::Consumer)
        .build()
        .expect_err("empty account");
    assert!(
        err.to_string().contains("invalid connection options"),
        "{err}"
    );
    let err = Connection::builder("123", UserType::Brand)
        .build()
        .expect_err("no credentials");
    assert!(err.to_string().contains("authData"), "{err}");
    let err = Connection::builder("123", UserType::Consumer)
        .add_root_certificate_pem("not a certificate")
        .build()
        .expect_err("bad pem");
    assert!(err.to_string().contains("certificate"), "{err}");
}
