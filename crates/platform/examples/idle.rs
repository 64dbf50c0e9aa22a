//! What idle consumer sockets cost: opens N authenticated consumer sockets to an in-process
//! platform, leaves them idle, and prints the process's CPU use while idle and its resident
//! memory before, with and after them:
//! `cargo run --release -p lpm-platform --example idle [-- N [IDLE_SECS]]`.
//!
//! Client and server share the process, so the memory per socket is an upper bound (it includes
//! the client's side of each socket). Linux only (reads `/proc/self`).

use futures_util::StreamExt;
use lpm_platform::state::lock;
use lpm_platform::{Platform, PlatformOptions};
use std::time::{Duration, Instant};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;

/// CPU time used by this process so far (user + system), from `/proc/self/stat`.
fn cpu_time() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which may contain spaces) start after the last ')'.
    let after = stat.rsplit_once(')').map(|(_, rest)| rest).unwrap_or("");
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<u64>().ok())
            .unwrap_or(0)
    };
    // utime and stime are fields 14 and 15 of the line, 11 and 12 after the command name.
    let total = ticks(11) + ticks(12);
    // USER_HZ is 100 on Linux.
    Duration::from_millis(total * 10)
}

/// Resident memory in KiB, from `/proc/self/status`.
fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

async fn run(n: usize, idle: Duration) -> Result<(), String> {
    let platform = Platform::start(PlatformOptions::default())
        .await
        .map_err(|e| e.to_string())?;
    let st = platform.state();
    let account = "12345678";
    let url = format!(
        "ws://{}/ws_api/account/{account}/messaging/consumer?v=3",
        platform.host()
    );
    let rss_before = rss_kib();
    let opened = Instant::now();
    let mut sockets = Vec::with_capacity(n);
    for i in 0..n {
        let now = st.clock.now_secs();
        let jwt =
            lock(&st.tokens).issue_consumer_jwt(account, &format!("idle-{i}"), None, now, 3600);
        let mut req = url
            .as_str()
            .into_client_request()
            .map_err(|e| e.to_string())?;
        let auth = HeaderValue::from_str(&format!("JWT {jwt}")).map_err(|e| e.to_string())?;
        req.headers_mut().insert("authorization", auth);
        // A small client read buffer too, so that the figure is mostly the platform's side.
        let config = WebSocketConfig::default().read_buffer_size(4 * 1024);
        let (ws, _) = tokio_tungstenite::connect_async_with_config(req, Some(config), true)
            .await
            .map_err(|e| format!("socket {i}: {e}"))?;
        // Keep reading in the background so that a close would be noticed, as a client would.
        let (sink, mut stream) = ws.split();
        let reader = tokio::spawn(async move { while stream.next().await.is_some() {} });
        sockets.push((sink, reader));
    }
    let open_secs = opened.elapsed().as_secs_f64();
    let rss_open = rss_kib();
    let cpu_before = cpu_time();
    tokio::time::sleep(idle).await;
    let cpu_idle = cpu_time().saturating_sub(cpu_before);
    for (sink, reader) in sockets.drain(..) {
        drop(sink);
        reader.abort();
    }
    // Let the platform notice the closes.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let rss_after = rss_kib();
    platform.shutdown().await;
    let per_socket = (rss_open.saturating_sub(rss_before)) as f64 * 1024.0 / n as f64;
    println!(
        "{n} idle consumer sockets: opened in {open_secs:.1} s ({:.0}/s); CPU while idle {:.2} % of a core over {:?}; \
         RSS {rss_before} KiB before, {rss_open} KiB open ({:.1} KB per socket, client side included), {rss_after} KiB after closing",
        n as f64 / open_secs,
        cpu_idle.as_secs_f64() * 100.0 / idle.as_secs_f64(),
        idle,
        per_socket / 1000.0,
    );
    Ok(())
}

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let n = args.next().and_then(|a| a.parse().ok()).unwrap_or(2000);
    let idle = args.next().and_then(|a| a.parse().ok()).unwrap_or(10);
    if let Err(e) = run(n, Duration::from_secs(idle)).await {
        eprintln!("idle: {e}");
        std::process::exit(1);
    }
}
