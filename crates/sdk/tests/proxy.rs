//! HTTP and websocket traffic through a real local HTTP proxy (started here), configured per
//! connection and process-wide.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use common::{Env, wait_conversation, wait_text};
use lp_messaging_sdk::{Connection, ParticipantRole, Proxy, UserType};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What the proxy saw.
#[derive(Default)]
struct Seen {
    connects: AtomicUsize,
    forwards: AtomicUsize,
    authorized: AtomicUsize,
}

/// A minimal HTTP proxy: `CONNECT` tunnels and absolute-form forwarding.
async fn start_proxy(expect_auth: Option<&'static str>) -> (u16, Arc<Seen>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let seen = Arc::new(Seen::default());
    let s = seen.clone();
    tokio::spawn(async move {
        while let Ok((client, _)) = listener.accept().await {
            let s = s.clone();
            tokio::spawn(async move {
                let _ = serve(client, s, expect_auth).await;
            });
        }
    });
    (port, seen)
}

async fn serve(
    mut client: TcpStream,
    seen: Arc<Seen>,
    expect_auth: Option<&str>,
) -> std::io::Result<()> {
    let mut head = Vec::new();
    while !head.ends_with(b"\r\n\r\n") {
        let b = client.read_u8().await?;
        head.push(b);
    }
    let text = String::from_utf8_lossy(&head).to_string();
    let mut lines = text.split("\r\n");
    let first = lines.next().unwrap_or_default().to_owned();
    let auth_ok = match expect_auth {
        None => true,
        Some(want) => lines.clone().any(|l| {
            l.to_ascii_lowercase().starts_with("proxy-authorization:") && l.contains(want)
        }),
    };
    if !auth_ok {
        client
            .write_all(b"HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n")
            .await?;
        return Ok(());
    }
    if expect_auth.is_some() {
        seen.authorized.fetch_add(1, Ordering::Relaxed);
    }
    let mut parts = first.split_whitespace();
    let method = parts.next().unwrap_or_default().to_owned();
    let target = parts.next().unwrap_or_default().to_owned();
    if method == "CONNECT" {
        seen.connects.fetch_add(1, Ordering::Relaxed);
        let mut upstream = TcpStream::connect(&target).await?;
        client
            .write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
            .await?;
        tokio::io::copy_bidirectional(&mut client, &mut upstream).await?;
        return Ok(());
    }
    // absolute-form: http://host:port/path
    seen.forwards.fetch_add(1, Ordering::Relaxed);
    let rest = target.strip_prefix("http://").unwrap_or(&target);
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let path = if path.is_empty() { "/" } else { path };
    let mut upstream = TcpStream::connect(host).await?;
    let rewritten = text.replacen(&target, path, 1);
    upstream.write_all(rewritten.as_bytes()).await?;
    tokio::io::copy_bidirectional(&mut client, &mut upstream).await?;
    Ok(())
}

#[tokio::test]
async fn per_connection_proxy_with_basic_auth() {
    let env = Env::start().await;
    let (port, seen) = start_proxy(Some("Basic dXNlcjpwYXNz")).await;
    let proxy = Proxy::new("127.0.0.1", port).basic_auth("user", "pass");
    let bot = Connection::builder(&env.account, UserType::Brand)
        .csds_url(env.csds())
        .proxy(proxy.clone())
        .api_key("bot", "k", "s", "t", "ts")
        .build()
        .expect("options");
    let mut bot_events = bot.events();
    bot.open().await.expect("brand opens through the proxy");
    let consumer = Connection::builder(&env.account, UserType::Consumer)
        .csds_url(env.csds())
        .proxy(proxy)
        .build()
        .expect("options");
    consumer
        .open()
        .await
        .expect("consumer opens through the proxy");
    let conversation = consumer.create_conversation().await.expect("created");
    let c = wait_conversation(&mut bot_events).await;
    c.join(ParticipantRole::Agent).await.expect("join");
    conversation.send_message("via proxy").await.expect("sent");
    wait_text(&mut bot_events, "via proxy").await;

    assert!(
        seen.connects.load(Ordering::Relaxed) >= 2,
        "both websockets tunnelled"
    );
    assert!(
        seen.forwards.load(Ordering::Relaxed) >= 2,
        "HTTP requests forwarded"
    );
    assert_eq!(
        seen.authorized.load(Ordering::Relaxed),
        seen.connects.load(Ordering::Relaxed) + seen.forwards.load(Ordering::Relaxed)
    );
}

#[tokio::test]
async fn process_wide_proxy_and_reset() {
    let env = Env::start().await;
    let (port, seen) = start_proxy(None).await;
    lp_messaging_sdk::configure_proxy(Proxy::new("127.0.0.1", port)).expect("valid proxy");
    let consumer = Connection::builder(&env.account, UserType::Consumer)
        .csds_url(env.csds())
        .build()
        .expect("options");
    let opened = consumer.open().await;
    lp_messaging_sdk::reset_proxy();
    opened.expect("opens through the global proxy");
    assert!(seen.connects.load(Ordering::Relaxed) >= 1);
    assert!(seen.forwards.load(Ordering::Relaxed) >= 1);
}

#[tokio::test]
async fn a_refusing_proxy_fails_the_open_with_a_clear_error() {
    let env = Env::start().await;
    let (port, _seen) = start_proxy(Some("Basic never")).await;
    let consumer = Connection::builder(&env.account, UserType::Consumer)
        .csds_url(env.csds())
        .proxy(Proxy::new("127.0.0.1", port))
        .maintain_connection(false)
        .build()
        .expect("options");
    let err = consumer.open().await.expect_err("refused");
    assert!(err.to_string().contains("407"), "{err}");
    assert!(!err.to_string().contains("Basic"), "{err}");
}

#[tokio::test]
async fn https_and_wss_tunnel_through_the_proxy() {
    let env = Env::with(lpm_platform::PlatformOptions {
        tls: true,
        ..lpm_platform::PlatformOptions::default()
    })
    .await;
    let pem = std::fs::read(env.platform.cert_path().expect("cert")).expect("pem");
    let (port, seen) = start_proxy(None).await;
    let consumer = Connection::builder(&env.account, UserType::Consumer)
        .csds_url(env.csds())
        .proxy(Proxy::new("127.0.0.1", port))
        .add_root_certificate_pem(pem)
        .build()
        .expect("options");
    consumer
        .open()
        .await
        .expect("opens over https/wss through the proxy");
    consumer.create_conversation().await.expect("created");
    // everything was tunnelled: TLS end to end, the proxy saw no plain request
    assert!(seen.connects.load(Ordering::Relaxed) >= 2);
    assert_eq!(seen.forwards.load(Ordering::Relaxed), 0);
}

#[tokio::test]
async fn a_proxy_path_is_part_of_the_proxy_url_and_traffic_still_flows() {
    let env = Env::start().await;
    let (port, seen) = start_proxy(Some("Basic dXNlcjpwYXNz")).await;
    let proxy = Proxy::new("127.0.0.1", port)
        .basic_auth("user", "pass")
        .path("corp/gateway")
        .expect("valid path");
    assert_eq!(proxy.url(), format!("http://127.0.0.1:{port}/corp/gateway"));
    let consumer = Connection::builder(&env.account, UserType::Consumer)
        .csds_url(env.csds())
        .proxy(proxy)
        .build()
        .expect("options");
    consumer.open().await.expect("opens through the proxy");
    consumer.create_conversation().await.expect("created");
    assert!(
        seen.connects.load(Ordering::Relaxed) >= 1,
        "websocket tunnelled"
    );
    assert!(seen.forwards.load(Ordering::Relaxed) >= 1, "HTTP forwarded");
}

#[tokio::test]
async fn proxy_host_or_path_ending_with_a_slash_is_refused() {
    let e = Proxy::new("127.0.0.1", 1).path("corp/").expect_err("path");
    assert_eq!(e.to_string(), "proxy path \"/corp/\" must not end with /");
    assert!(Proxy::new("127.0.0.1", 1).path("a?b").is_err());
    let bad_host = Proxy::new("127.0.0.1/", 1);
    let e = lp_messaging_sdk::configure_proxy(bad_host.clone()).expect_err("host");
    assert!(e.to_string().contains("must not end with /"), "{e}");
    assert!(lp_messaging_sdk::global_proxy().is_none_or(|p| p != bad_host));
    let e = Connection::builder("123", UserType::Consumer)
        .proxy(bad_host)
        .build()
        .expect_err("refused at build");
    assert!(e.to_string().contains("proxy host"), "{e}");
}
