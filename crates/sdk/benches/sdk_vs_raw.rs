//! The SDK against a raw client (tokio-tungstenite + serde_json, nothing else) on the same
//! work, in one run, against the real local platform (issue 9's five rows):
//!
//! - (a) brand bot open → every open conversation emitted, CPU ms of this process;
//! - (b) the same with `getAllMessages` (the raw client asks `QueryMessages` per conversation);
//! - (c) memory per conversation with its messages (live heap bytes, counting allocator);
//! - (d) fan-out: consumers × messages into one bot that is a participant of all of them;
//! - (e) round trip consumer → bot → consumer, p50/p99.
//!
//! The platform runs in a child process (this same executable, re-run with
//! `LPM_BENCH_CHILD=1`), so the CPU time and the heap measured here are the bot's alone. The
//! child also seeds the conversations through real consumer sockets and plays the consumers of
//! rows (d) and (e); the parent steers it with one-line commands on its stdin.
//!
//! `cargo bench -p lp-messaging-sdk --bench sdk_vs_raw`; sizes from `LPM_BENCH_N` (default
//! 10000), `LPM_BENCH_FANOUT` (consumers, default 1000), `LPM_BENCH_FANOUT_MSGS` (default 20),
//! `LPM_BENCH_RTT` (round trips, default 500). See docs/benchmarks.md.

use std::alloc::{GlobalAlloc, Layout, System};
use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicIsize, Ordering};
use std::time::{Duration, Instant};

use criterion::{Criterion, SamplingMode, Throughput};
use futures_util::{SinkExt, StreamExt};
use lp_messaging_sdk::{Connection, Event, UserType};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message as WsMessage;

// ----- heap accounting -------------------------------------------------------------------------

/// Live heap bytes of this process (row c).
static LIVE: AtomicIsize = AtomicIsize::new(0);

struct Counting;

// SAFETY: forwards to the system allocator; only adds bookkeeping.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(
            new_size as isize - layout.size() as isize,
            Ordering::Relaxed,
        );
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// User + system CPU time of this process.
fn cpu() -> Duration {
    // SAFETY: getrusage only writes the struct it is given.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut u) };
    let us = |t: libc::timeval| t.tv_sec as u64 * 1_000_000 + t.tv_usec as u64;
    Duration::from_micros(us(u.ru_utime) + us(u.ru_stime))
}

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

// ----- raw websocket helpers (both processes) ---------------------------------------------------

type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

async fn connect(url: &str) -> Ws {
    tokio_tungstenite::connect_async(url)
        .await
        .expect("websocket connects")
        .0
}

async fn send(ws: &mut Ws, frame: Value) {
    ws.send(WsMessage::Text(frame.to_string().into()))
        .await
        .expect("send");
}

/// The next text frame, parsed.
async fn recv(ws: &mut Ws) -> Option<Value> {
    while let Some(m) = ws.next().await {
        match m.ok()? {
            WsMessage::Text(t) => return serde_json::from_str(t.as_str()).ok(),
            WsMessage::Close(_) => return None,
            _ => {}
        }
    }
    None
}

/// Reads frames until the response to `id`.
async fn response(ws: &mut Ws, id: &str) -> Value {
    loop {
        let f = recv(ws).await.expect("a response");
        if f["kind"] == "resp" && f["reqId"] == id {
            return f;
        }
    }
}

// ----- child: the platform, the seeding and the consumers ---------------------------------------

struct Consumer {
    ws: Ws,
    conversation: String,
}

fn text_event(text: &str) -> Value {
    json!({"type": "ContentEvent", "contentType": "text/plain", "message": text})
}

async fn open_consumer(st: &lpm_platform::state::AppState, host: &str, account: &str) -> Consumer {
    let id = st.ids.uuid();
    let jwt = lpm_platform::state::lock(&st.tokens).issue_consumer_jwt(
        account,
        &id,
        None,
        st.clock.now_secs(),
        36_000,
    );
    let mut ws = connect(&format!(
        "ws://{host}/ws_api/account/{account}/messaging/consumer?v=3"
    ))
    .await;
    send(
        &mut ws,
        json!({"kind": "req", "id": "i", "type": "InitConnection", "body": {},
        "headers": [{"type": ".ams.headers.ConsumerAuthentication", "jwt": jwt},
                    {"type": ".ams.headers.ClientProperties"}]}),
    )
    .await;
    assert_eq!(response(&mut ws, "i").await["code"], 200);
    send(
        &mut ws,
        json!({"kind": "req", "id": "c", "type": "cm.ConsumerRequestConversation",
        "body": {"ttrDefName": "NORMAL", "channelType": "MESSAGING"}}),
    )
    .await;
    let r = response(&mut ws, "c").await;
    let conversation = r["body"]["conversationId"]
        .as_str()
        .expect("conversation created")
        .to_owned();
    Consumer { ws, conversation }
}

/// Publishes `n` messages pipelined and waits for their responses.
async fn publish(c: &mut Consumer, n: usize, tag: &str) {
    for i in 0..n {
        let body = json!({"conversationId": c.conversation, "dialogId": c.conversation,
            "event": text_event(&format!("{tag} {i}"))});
        send(
            &mut c.ws,
            json!({"kind": "req", "id": format!("p{i}"), "type": "ms.PublishEvent", "body": body}),
        )
        .await;
    }
    let mut left = n;
    while left > 0 {
        let f = recv(&mut c.ws).await.expect("publish response");
        if f["kind"] == "resp" {
            left -= 1;
        }
    }
}

/// Runs `f` over `items` with at most 64 at a time.
async fn in_parallel<T, F, Fut, R>(items: Vec<T>, f: F) -> Vec<R>
where
    F: Fn(T) -> Fut,
    Fut: std::future::Future<Output = R>,
{
    futures_util::stream::iter(items.into_iter().map(f))
        .buffer_unordered(64)
        .collect()
        .await
}

fn child() {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let platform = lpm_platform::Platform::start(lpm_platform::PlatformOptions::default())
            .await
            .expect("platform starts");
        let st = platform.state().clone();
        let host = platform.host();
        println!("READY {}", platform.csds_url());
        let mut kept: HashMap<String, Vec<Consumer>> = HashMap::new();
        // Tags each round-trip run, so that no frame of an earlier run can answer a ping.
        let mut rtt_run = 0;
        let mut lines = tokio::io::AsyncBufReadExt::lines(tokio::io::BufReader::new(tokio::io::stdin()));
        while let Ok(Some(line)) = lines.next_line().await {
            let words: Vec<&str> = line.split_whitespace().collect();
            match words.as_slice() {
                // seed ACCOUNT N MSGS KEEP: N consumers each open a conversation and send MSGS
                // messages. The platform clock moves 2 s after every 100 conversations so that
                // a brand's limit-break paging (1,000 per snapshot, 10 s windows) reaches them all.
                ["seed", account, n, msgs, keep] => {
                    let (n, msgs): (usize, usize) = (n.parse().unwrap(), msgs.parse().unwrap());
                    let mut all = Vec::new();
                    for start in (0..n).step_by(100) {
                        let batch = (start..n.min(start + 100)).collect::<Vec<_>>();
                        let mut got = in_parallel(batch, |_| {
                            let (st, host) = (st.clone(), host.clone());
                            async move {
                                let mut c = open_consumer(&st, &host, account).await;
                                publish(&mut c, msgs, "seed").await;
                                c
                            }
                        })
                        .await;
                        st.clock.advance(Duration::from_secs(2));
                        if *keep == "1" {
                            all.append(&mut got);
                        }
                    }
                    kept.insert(account.to_string(), all);
                    println!("OK");
                }
                // publish ACCOUNT K: every kept consumer sends K messages.
                ["publish", account, k] => {
                    let k: usize = k.parse().unwrap();
                    let consumers = kept.remove(*account).unwrap_or_default();
                    let back = in_parallel(consumers, |mut c| async move {
                        publish(&mut c, k, "fan").await;
                        c
                    })
                    .await;
                    kept.insert(account.to_string(), back);
                    println!("OK");
                }
                // rtt ACCOUNT COUNT: the first kept consumer sends "ping i" and waits for the
                // bot's "pong i"; prints the percentiles in microseconds.
                ["rtt", account, count] => {
                    let count: usize = count.parse().unwrap();
                    rtt_run += 1;
                    let c = kept.get_mut(*account).and_then(|v| v.first_mut()).expect("a consumer");
                    let conv = c.conversation.clone();
                    send(&mut c.ws, json!({"kind": "req", "id": "s", "type": "ms.SubscribeMessagingEvents",
                        "body": {"conversationId": conv, "dialogId": conv, "fromSeq": 1_000_000}}))
                    .await;
                    let mut rtts = Vec::with_capacity(count);
                    for i in 0..count {
                        let body = json!({"conversationId": conv, "dialogId": conv,
                            "event": text_event(&format!("ping {rtt_run}-{i}"))});
                        let t0 = Instant::now();
                        send(&mut c.ws, json!({"kind": "req", "id": format!("r{i}"), "type": "ms.PublishEvent", "body": body}))
                            .await;
                        let want = format!("pong {rtt_run}-{i}");
                        'wait: loop {
                            let f = recv(&mut c.ws).await.expect("frames");
                            if let Some(changes) = f["body"]["changes"].as_array() {
                                for ch in changes {
                                    if ch["event"]["message"] == want.as_str() {
                                        break 'wait;
                                    }
                                }
                            }
                        }
                        rtts.push(t0.elapsed().as_micros() as u64);
                    }
                    rtts.sort_unstable();
                    let p = |q: f64| rtts[((rtts.len() - 1) as f64 * q).round() as usize];
                    println!("RTT {} {}", p(0.5), p(0.99));
                }
                _ => println!("ERR {line}"),
            }
        }
        platform.shutdown().await;
    });
}

// ----- parent: the platform handle ----------------------------------------------------------

struct Platform {
    child: Child,
    pipes: Mutex<(ChildStdin, BufReader<ChildStdout>)>,
    csds: String,
    host: String,
}

impl Platform {
    fn start() -> Platform {
        let mut child = Command::new(std::env::current_exe().expect("exe"))
            .env("LPM_BENCH_CHILD", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("child starts");
        let stdin = child.stdin.take().expect("stdin");
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
        let mut line = String::new();
        stdout.read_line(&mut line).expect("READY");
        let csds = line
            .trim()
            .strip_prefix("READY ")
            .expect("READY")
            .to_owned();
        let host = csds.trim_start_matches("http://").to_owned();
        Platform {
            child,
            pipes: Mutex::new((stdin, stdout)),
            csds,
            host,
        }
    }

    fn cmd(&self, line: &str) -> String {
        let mut pipes = self.pipes.lock().unwrap();
        writeln!(pipes.0, "{line}").expect("child alive");
        let mut out = String::new();
        pipes.1.read_line(&mut out).expect("child answers");
        assert!(!out.starts_with("ERR"), "{out}");
        out.trim().to_owned()
    }
}

impl Drop for Platform {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

// ----- the two bots -----------------------------------------------------------------------------

/// The SDK bot: opens and waits until `n` conversations were emitted.
async fn sdk_open(p: &Platform, account: &str, user: &str, all: bool, n: usize) -> Connection {
    let c = Connection::builder(account, UserType::Brand)
        .csds_url(p.csds.clone())
        .no_proxy()
        .password(user, "pw")
        .get_all_messages(all)
        .build()
        .expect("options");
    let mut events = c.events();
    c.open().await.expect("brand opens");
    let mut seen = HashSet::new();
    while seen.len() < n {
        match events.next().await.expect("events") {
            Event::Conversation(conv) => {
                seen.insert(conv.id().to_owned());
            }
            Event::Error(e) => eprintln!("sdk bot: {e}"),
            _ => {}
        }
    }
    c
}

/// What the raw bot keeps: every conversation's result and its message records.
#[derive(Default)]
struct RawState {
    conversations: HashMap<String, Value>,
    messages: HashMap<String, Vec<Value>>,
}

struct RawBot {
    ws: Ws,
    next: u64,
    old_id: String,
    state: RawState,
}

impl RawBot {
    async fn login(p: &Platform, account: &str, user: &str) -> RawBot {
        let login: Value = reqwest::Client::new()
            .post(format!("{}/api/account/{account}/login?v=1.3", p.csds))
            .json(&json!({"username": user, "password": "pw"}))
            .send()
            .await
            .expect("login")
            .json()
            .await
            .expect("login body");
        let bearer = login["bearer"].as_str().expect("bearer");
        let old_id = format!(
            "{account}.{}",
            login["config"]["userId"].as_str().expect("user id")
        );
        let ws = connect(&format!(
            "ws://{}/ws_api/account/{account}/messaging/brand/{bearer}?v=2.1",
            p.host
        ))
        .await;
        RawBot {
            ws,
            next: 0,
            old_id,
            state: RawState::default(),
        }
    }

    async fn request(&mut self, type_name: &str, body: Value) -> String {
        self.next += 1;
        let id = format!("{}", self.next);
        send(
            &mut self.ws,
            json!({"kind": "req", "id": id, "type": type_name, "body": body}),
        )
        .await;
        id
    }

    /// Subscribes to open conversations and pages back (limit break) until `n` are known;
    /// with `all`, asks each conversation's messages and waits for them too.
    async fn open(&mut self, all: bool, n: usize) {
        self.request(
            ".ams.aam.SubscribeExConversations",
            json!({"stage": ["OPEN"]}),
        )
        .await;
        let mut pages: HashSet<String> = HashSet::new();
        let mut queries: HashMap<String, String> = HashMap::new();
        let mut min_window = i64::MAX;
        while self.state.conversations.len() < n || (all && self.state.messages.len() < n) {
            let f = recv(&mut self.ws).await.expect("frames");
            if f["type"] == ".ams.aam.ExConversationChangeNotification" {
                let sub = f["body"]["subscriptionId"]
                    .as_str()
                    .unwrap_or("")
                    .to_owned();
                let changes = f["body"]["changes"].as_array().cloned().unwrap_or_default();
                let first = pages.insert(sub);
                let mut oldest = i64::MAX;
                for ch in changes.iter() {
                    let r = &ch["result"];
                    let Some(id) = r["convId"].as_str() else {
                        continue;
                    };
                    oldest = oldest.min(
                        r["conversationDetails"]["metaDataLastUpdateTs"]
                            .as_i64()
                            .unwrap_or(i64::MAX),
                    );
                    if self
                        .state
                        .conversations
                        .insert(id.to_owned(), r.clone())
                        .is_none()
                        && all
                    {
                        let q = self
                            .request(
                                ".ams.ms.QueryMessages",
                                json!({"dialogId": id, "newerThanSequence": 0}),
                            )
                            .await;
                        queries.insert(q, id.to_owned());
                    }
                }
                if first && changes.len() >= 900 && oldest.saturating_add(10_000) < min_window {
                    min_window = oldest + 10_000;
                    self.request(".ams.aam.SubscribeExConversations",
                        json!({"stage": ["OPEN"], "minLastUpdatedTime": 0, "maxLastUpdatedTime": min_window})).await;
                }
            } else if f["kind"] == "resp"
                && let Some(conv) = queries.remove(f["reqId"].as_str().unwrap_or(""))
            {
                let records = f["body"].as_array().cloned().unwrap_or_default();
                self.state.messages.insert(conv, records);
            }
        }
    }

    /// Adds this bot as MANAGER to every known conversation.
    async fn join_all(&mut self) {
        let ids: Vec<String> = self.state.conversations.keys().cloned().collect();
        let mut pending = HashSet::new();
        for id in ids {
            let body = json!({"conversationId": id, "conversationField": [
                {"field": "ParticipantsChange", "type": "ADD", "role": "MANAGER", "userId": self.old_id}]});
            pending.insert(self.request(".ams.cm.UpdateConversationField", body).await);
        }
        while !pending.is_empty() {
            let f = recv(&mut self.ws).await.expect("frames");
            if f["kind"] == "resp" {
                assert_eq!(f["code"], 200, "join: {f}");
                pending.remove(f["reqId"].as_str().unwrap_or(""));
            }
        }
    }
}

// ----- the rows ------------------------------------------------------------------------------

/// Per-iteration figures of every measured row, for the ratio table.
static FIGURES: Mutex<Vec<(String, f64)>> = Mutex::new(Vec::new());

fn record(name: &str, v: f64) {
    FIGURES.lock().unwrap().push((name.to_owned(), v));
}

fn median(name: &str) -> f64 {
    let mut v: Vec<f64> = FIGURES
        .lock()
        .unwrap()
        .iter()
        .filter(|(n, _)| n == name)
        .map(|(_, v)| *v)
        .collect();
    v.sort_by(|a, b| a.total_cmp(b));
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}

fn main() {
    if std::env::var_os("LPM_BENCH_CHILD").is_some() {
        return child();
    }
    let n = env_usize("LPM_BENCH_N", 10_000);
    let fan = env_usize("LPM_BENCH_FANOUT", 1_000);
    let fan_msgs = env_usize("LPM_BENCH_FANOUT_MSGS", 20);
    let rtt_count = env_usize("LPM_BENCH_RTT", 500);
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let p = Platform::start();
    let t = Instant::now();
    p.cmd(&format!("seed 1000 {n} 5 0"));
    p.cmd(&format!("seed 2000 {fan} 0 1"));
    eprintln!(
        "seeded {n} + {fan} conversations in {:.1} s",
        t.elapsed().as_secs_f64()
    );

    // The fan-out bot joins every conversation of account 2000 once; both bots log in as it.
    rt.block_on(async {
        let mut bot = RawBot::login(&p, "2000", "fanbot").await;
        bot.open(false, fan).await;
        bot.join_all().await;
    });

    let mut c = Criterion::default()
        .configure_from_args()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(1))
        .measurement_time(Duration::from_secs(1));
    let mut users = 0u64;
    let mut user = move || {
        users += 1;
        format!("bot{users}")
    };

    for (all, row) in [(false, "a open"), (true, "b open+messages")] {
        let mut g = c.benchmark_group(format!("{row} N={n} (CPU)"));
        g.sampling_mode(SamplingMode::Flat);
        g.bench_function("sdk", |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let u = user();
                    let took = rt.block_on(async {
                        let t0 = cpu();
                        let conn = sdk_open(&p, "1000", &u, all, n).await;
                        let took = cpu() - t0;
                        conn.close().await.expect("close");
                        took
                    });
                    record(&format!("{row} sdk"), took.as_secs_f64() * 1e3);
                    total += took;
                }
                total
            })
        });
        g.bench_function("raw", |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let u = user();
                    let took = rt.block_on(async {
                        let t0 = cpu();
                        let mut bot = RawBot::login(&p, "1000", &u).await;
                        bot.open(all, n).await;
                        cpu() - t0
                    });
                    record(&format!("{row} raw"), took.as_secs_f64() * 1e3);
                    total += took;
                }
                total
            })
        });
        g.finish();
    }

    // (c) memory: live heap after everything is loaded, minus before; three runs each.
    for _ in 0..3 {
        rt.block_on(async {
            let before = LIVE.load(Ordering::Relaxed);
            let conn = sdk_open(&p, "1000", &user(), true, n).await;
            tokio::time::sleep(Duration::from_millis(200)).await;
            record(
                "c sdk",
                (LIVE.load(Ordering::Relaxed) - before) as f64 / n as f64 / 1024.0,
            );
            conn.close().await.expect("close");
            drop(conn);
            let before = LIVE.load(Ordering::Relaxed);
            let mut bot = RawBot::login(&p, "1000", &user()).await;
            bot.open(true, n).await;
            record(
                "c raw",
                (LIVE.load(Ordering::Relaxed) - before) as f64 / n as f64 / 1024.0,
            );
        });
    }

    // (d) fan-out: wall time from the consumers' first message to the bot's last delivery.
    let total = fan * fan_msgs;
    {
        let mut g = c.benchmark_group(format!("d fan-out {fan}x{fan_msgs}"));
        g.sampling_mode(SamplingMode::Flat);
        g.throughput(Throughput::Elements(total as u64));
        g.bench_function("sdk", |b| {
            b.iter_custom(|iters| {
                let mut sum = Duration::ZERO;
                for _ in 0..iters {
                    let took = rt.block_on(async {
                        let conn = sdk_open(&p, "2000", "fanbot", false, fan).await;
                        let mut events = conn.events();
                        let t0 = Instant::now();
                        let counter = tokio::spawn(async move {
                            let mut got = 0;
                            while got < total {
                                if let Some(Event::Message(m)) = events.next().await
                                    && !m.is_history()
                                {
                                    got += 1;
                                }
                            }
                            t0.elapsed()
                        });
                        let publish = format!("publish 2000 {fan_msgs}");
                        tokio::task::block_in_place(|| p.cmd(&publish));
                        let took = counter.await.expect("counter");
                        conn.close().await.expect("close");
                        took
                    });
                    record("d sdk", total as f64 / took.as_secs_f64());
                    sum += took;
                }
                sum
            })
        });
        g.bench_function("raw", |b| {
            b.iter_custom(|iters| {
                let mut sum = Duration::ZERO;
                for _ in 0..iters {
                    let took = rt.block_on(async {
                        let mut bot = RawBot::login(&p, "2000", "fanbot").await;
                        bot.open(false, fan).await;
                        let t0 = Instant::now();
                        let counter = tokio::spawn(async move {
                            let mut got = 0;
                            while got < total {
                                let f = recv(&mut bot.ws).await.expect("frames");
                                if f["type"] == ".ams.ms.OnlineEventDistribution" {
                                    got += 1;
                                }
                            }
                            t0.elapsed()
                        });
                        let publish = format!("publish 2000 {fan_msgs}");
                        tokio::task::block_in_place(|| p.cmd(&publish));
                        counter.await.expect("counter")
                    });
                    record("d raw", total as f64 / took.as_secs_f64());
                    sum += took;
                }
                sum
            })
        });
        g.finish();
    }

    // (e) round trip: the child's consumer pings, the bot answers "pong i".
    for _ in 0..3 {
        rt.block_on(async {
            let conn = sdk_open(&p, "2000", "fanbot", false, fan).await;
            let mut events = conn.events();
            let c2 = conn.clone();
            let echo = tokio::spawn(async move {
                while let Some(e) = events.next().await {
                    if let Event::Message(m) = e
                        && let Some(t) = m.text()
                        && let Some(i) = t.strip_prefix("ping ")
                        && let Some(conv) = c2.conversation(m.conversation_id())
                    {
                        let _ = conv.send_message(format!("pong {i}")).await;
                    }
                }
            });
            let rtt = tokio::task::block_in_place(|| p.cmd(&format!("rtt 2000 {rtt_count}")));
            let v: Vec<f64> = rtt
                .split_whitespace()
                .skip(1)
                .map(|x| x.parse::<f64>().unwrap() / 1e3)
                .collect();
            record("e50 sdk", v[0]);
            record("e99 sdk", v[1]);
            echo.abort();
            conn.close().await.expect("close");

            let mut bot = RawBot::login(&p, "2000", "fanbot").await;
            bot.open(false, fan).await;
            let echo = tokio::spawn(async move {
                while let Some(f) = recv(&mut bot.ws).await {
                    if f["type"] == ".ams.ms.OnlineEventDistribution"
                        && let Some(i) = f["body"]["event"]["message"]
                            .as_str()
                            .and_then(|t| t.strip_prefix("ping "))
                    {
                        let conv = f["body"]["dialogId"].as_str().unwrap_or("").to_owned();
                        let body = json!({"conversationId": conv, "dialogId": conv,
                            "event": text_event(&format!("pong {i}"))});
                        bot.request(".ams.ms.PublishEvent", body).await;
                    }
                }
            });
            let rtt = tokio::task::block_in_place(|| p.cmd(&format!("rtt 2000 {rtt_count}")));
            let v: Vec<f64> = rtt
                .split_whitespace()
                .skip(1)
                .map(|x| x.parse::<f64>().unwrap() / 1e3)
                .collect();
            record("e50 raw", v[0]);
            record("e99 raw", v[1]);
            echo.abort();
        });
    }

    c.final_summary();
    println!();
    println!(
        "| row (N = {n}; fan-out {fan} × {fan_msgs}; {rtt_count} round trips) | raw Rust | Rust SDK | SDK / raw |"
    );
    println!("| --- | --- | --- | --- |");
    for (row, key) in [
        (
            "(a) brand bot open → all conversations emitted, CPU ms",
            "a open",
        ),
        ("(b) same with getAllMessages, CPU ms", "b open+messages"),
        ("(c) memory per conversation with its 5 messages, KB", "c"),
        ("(d) fan-out into one bot, delivered msg/s", "d"),
        ("(e) round trip p50, ms", "e50"),
        ("(e) round trip p99, ms", "e99"),
    ] {
        let (raw, sdk) = (median(&format!("{key} raw")), median(&format!("{key} sdk")));
        println!("| {row} | {raw:.2} | {sdk:.2} | {:.2}× |", sdk / raw);
    }
}
