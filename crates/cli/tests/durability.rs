//! `lpm platform --data DIR` end to end: a consumer and an agent bot (the Rust SDK) chat
//! through an `lpm platform` child process; the platform is killed with SIGKILL mid-conversation
//! and started again on the same port and data directory. Both connections reconnect on their
//! own, each side's sends made while the platform was down go out after the restart, and every
//! message sent before and after reaches the other side exactly once, in order; the
//! conversation's history on the restarted platform is whole.

mod common;

use std::path::Path;
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::{TempDir, lpm, wait_until};
use lp_messaging_sdk::{Connection, Event, EventStream, ParticipantRole, UserType};
use serde_json::Value;
use tokio::process::{Child, Command};

const ACCOUNT: &str = "12345678";
const LIMIT: Duration = Duration::from_secs(10);

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

/// Starts `lpm platform --port PORT --data DIR` and waits until it answers.
async fn platform(port: u16, data: &Path, log: &str) -> Child {
    let out = std::fs::File::create(data.with_file_name(log)).expect("log file");
    let err = out.try_clone().expect("log file");
    let child = Command::new(lpm())
        .args(["platform", "--port", &port.to_string(), "--data"])
        .arg(data)
        .env("RUST_LOG", "info")
        .stdout(Stdio::from(out))
        .stderr(Stdio::from(err))
        .kill_on_drop(true)
        .spawn()
        .expect("lpm platform");
    let http = reqwest::Client::new();
    let url = format!("http://127.0.0.1:{port}/_lpm/clock");
    wait_until(LIMIT, "the platform answers", || {
        let req = http.get(&url).send();
        async move { req.await.is_ok_and(|r| r.status().is_success()) }
    })
    .await;
    child
}

/// What one side saw: the other side's messages as (sequence, text), and connection changes.
#[derive(Default, Debug)]
struct Seen {
    messages: Vec<(u64, String)>,
    disconnects: usize,
    reconnects: usize,
}

/// Records `events` in the background until the stream ends.
fn record(mut events: EventStream) -> Arc<Mutex<Seen>> {
    let seen = Arc::new(Mutex::new(Seen::default()));
    let out = seen.clone();
    tokio::spawn(async move {
        while let Some(e) = events.next().await {
            let mut s = out.lock().unwrap_or_else(|p| p.into_inner());
            match e {
                Event::Message(m) if !m.sent_by_current_user() => {
                    if let Some(text) = m.text() {
                        s.messages.push((m.sequence(), text));
                    }
                }
                Event::Disconnected { .. } => s.disconnects += 1,
                Event::Reconnected => s.reconnects += 1,
                _ => {}
            }
        }
    });
    seen
}

fn texts(seen: &Arc<Mutex<Seen>>) -> Vec<String> {
    let s = seen.lock().unwrap_or_else(|p| p.into_inner());
    s.messages.iter().map(|(_, t)| t.clone()).collect()
}

fn count(seen: &Arc<Mutex<Seen>>, f: impl Fn(&Seen) -> usize) -> usize {
    f(&seen.lock().unwrap_or_else(|p| p.into_inner()))
}

async fn wait_texts(seen: &Arc<Mutex<Seen>>, what: &str, want: &[&str]) {
    wait_until(LIMIT, what, || {
        let got = texts(seen);
        async move { got.len() >= want.len() }
    })
    .await;
    assert_eq!(texts(seen), want, "{what}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_and_restart_lose_nothing_and_duplicate_nothing() {
    let dir = TempDir::new("durability");
    let data = dir.path().join("data");
    let port = free_port();
    let csds = format!("http://127.0.0.1:{port}");
    let mut first = platform(port, &data, "first.log").await;

    let bot = Connection::builder(ACCOUNT, UserType::Brand)
        .csds_url(&csds)
        .no_proxy()
        .api_key(
            "bot",
            "appKey",
            "secret",
            "accessToken",
            "accessTokenSecret",
        )
        .wait_to_reconnect(Duration::from_millis(200))
        .build()
        .expect("bot options");
    let mut bot_events = bot.events();
    let bot_seen = record(bot.events());
    bot.open().await.expect("bot opens");
    let consumer = Connection::builder(ACCOUNT, UserType::Consumer)
        .csds_url(&csds)
        .no_proxy()
        .wait_to_reconnect(Duration::from_millis(200))
        .build()
        .expect("consumer options");
    let consumer_seen = record(consumer.events());
    consumer.open().await.expect("consumer opens");
    let conversation = consumer.create_conversation().await.expect("created");
    let held = loop {
        match tokio::time::timeout(LIMIT, bot_events.next()).await {
            Ok(Some(Event::Conversation(c))) if c.id() == conversation.id() => break c,
            Ok(Some(_)) => continue,
            other => panic!("the bot never saw the conversation: {other:?}"),
        }
    };
    held.join(ParticipantRole::AssignedAgent)
        .await
        .expect("bot joins");

    for i in 1..=3 {
        conversation
            .send_message(format!("c{i}"))
            .await
            .expect("consumer sends");
        held.send_message(format!("a{i}")).await.expect("bot sends");
    }
    wait_texts(&bot_seen, "the bot got c1..c3", &["c1", "c2", "c3"]).await;
    wait_texts(
        &consumer_seen,
        "the consumer got a1..a3",
        &["a1", "a2", "a3"],
    )
    .await;

    // SIGKILL: no graceful close, no flush; whatever was answered must be on disk.
    first.kill().await.expect("kill -9 the platform");
    wait_until(LIMIT, "both sides notice", || {
        let n = count(&bot_seen, |s| s.disconnects) + count(&consumer_seen, |s| s.disconnects);
        async move { n >= 2 }
    })
    .await;
    // Sends while the platform is down are queued by the SDK and go out after the reconnect.
    let queued_c = tokio::spawn({
        let conversation = conversation.clone();
        async move { conversation.send_message("c4 (queued)").await }
    });
    let queued_a = tokio::spawn({
        let held = held.clone();
        async move { held.send_message("a4 (queued)").await }
    });
    // The pause keeps the platform down a little while the sends wait in the SDKs' queues;
    // no assertion depends on its length.
    tokio::time::sleep(Duration::from_millis(300)).await;

    let _second = platform(port, &data, "second.log").await;
    wait_until(LIMIT, "both sides reconnect", || {
        let n = count(&bot_seen, |s| s.reconnects) + count(&consumer_seen, |s| s.reconnects);
        async move { n >= 2 }
    })
    .await;
    queued_c
        .await
        .expect("task")
        .expect("the consumer's queued send completes");
    queued_a
        .await
        .expect("task")
        .expect("the bot's queued send completes");
    conversation
        .send_message("c5")
        .await
        .expect("consumer sends after");
    held.send_message("a5").await.expect("bot sends after");

    wait_texts(
        &bot_seen,
        "the bot got every consumer message once, in order",
        &["c1", "c2", "c3", "c4 (queued)", "c5"],
    )
    .await;
    wait_texts(
        &consumer_seen,
        "the consumer got every bot message once, in order",
        &["a1", "a2", "a3", "a4 (queued)", "a5"],
    )
    .await;
    for seen in [&bot_seen, &consumer_seen] {
        let s = seen.lock().unwrap_or_else(|p| p.into_inner());
        assert!(
            s.messages.windows(2).all(|w| w[0].0 < w[1].0),
            "sequence order: {:?}",
            s.messages
        );
    }

    // The restarted platform holds the whole history: sequences 0.. without gaps or repeats.
    let id = conversation.id().to_owned();
    let conv: Value = reqwest::get(format!("{csds}/_lpm/ums/conversations/{id}"))
        .await
        .expect("inspect")
        .json()
        .await
        .expect("the conversation is kept");
    // The MAIN dialog's id is the conversation's.
    let events = conv["events"][id.as_str()]
        .as_array()
        .unwrap_or_else(|| panic!("events: {conv}"));
    let history: Vec<&str> = events
        .iter()
        .filter_map(|e| e["event"]["message"].as_str())
        .collect();
    // The two queued sends raced each other; each side's own order is what is promised.
    let consumer_side: Vec<&str> = history
        .iter()
        .copied()
        .filter(|t| t.starts_with('c'))
        .collect();
    let bot_side: Vec<&str> = history
        .iter()
        .copied()
        .filter(|t| t.starts_with('a'))
        .collect();
    assert_eq!(consumer_side, ["c1", "c2", "c3", "c4 (queued)", "c5"]);
    assert_eq!(bot_side, ["a1", "a2", "a3", "a4 (queued)", "a5"]);
    let seqs: Vec<u64> = events
        .iter()
        .filter_map(|e| e["sequence"].as_u64())
        .collect();
    assert_eq!(seqs, (0..seqs.len() as u64).collect::<Vec<_>>());
    assert_eq!(
        conversation
            .messages()
            .iter()
            .filter_map(|m| m.text())
            .count(),
        10,
        "the consumer's copy of the conversation holds all ten messages once"
    );
}
