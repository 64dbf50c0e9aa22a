//! `lpm chaos`: N consumers write M messages each to an echo bot while faults hit the bot's
//! connection, then the run counts what the bot saw: lost, duplicated, out of order.
//!
//! Layout: a local platform in this process on a free loopback port; a TCP [`proxy`] in front
//! of it that only the bot goes through (its CSDS, [`csds`], names the proxy instead of the
//! platform); the consumers (Rust SDK) talk to the platform directly. The [`faults`] schedule
//! mixes proxy faults with the platform's test controls. The [`bot`] is the seed's quick-start
//! bot with the Rust SDK in this process, or a JavaScript bot file run by `node` (by default
//! the seed's `examples/js/02-agent-bot-quick-start.js`, as written). The [`report`] is printed;
//! the exit status is non-zero on any loss, duplicate, reordering, unanswered message, state
//! not restored, dead bot or hang.

pub mod bot;
pub mod csds;
pub mod faults;
pub mod proxy;
pub mod report;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::{Args, ValueEnum};
use lp_messaging_sdk::{Connection, Conversation, ParticipantRole, UserType};
use lpm_platform::{Platform, PlatformOptions};
use serde_json::Value;
use tokio::sync::mpsc;

use bot::{ACCOUNT, Bot};
use faults::Injector;
use report::{Report, message_text};

/// Which SDK the bot uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Sdk {
    /// The Rust SDK, in this process.
    Rust,
    /// The JavaScript SDK: `node` runs `--bot-script`.
    Js,
}

/// `lpm chaos` options.
#[derive(Debug, Clone, Args)]
pub struct ChaosArgs {
    /// The SDK the bot uses.
    #[arg(long, value_enum, default_value_t = Sdk::Rust)]
    pub sdk: Sdk,
    /// Consumers, each in its own conversation.
    #[arg(long, default_value_t = 20)]
    pub consumers: usize,
    /// Messages each consumer sends.
    #[arg(long, default_value_t = 20)]
    pub messages: usize,
    /// Faults injected, one every --fault-interval-ms, while the consumers write.
    #[arg(long, default_value_t = 10)]
    pub faults: usize,
    /// Time between two faults.
    #[arg(long, default_value_t = 2000)]
    pub fault_interval_ms: u64,
    /// Only these kinds of fault (comma-separated; all kinds by default).
    #[arg(long, value_enum, value_delimiter = ',')]
    pub kinds: Vec<faults::FaultKind>,
    /// Seed of the fault order.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// The JavaScript bot (with --sdk js): it must print a line with "ready" once connected and
    /// each consumer message's text on a line of its own, as the seed's quick-start bot does.
    #[arg(long, default_value = "examples/js/02-agent-bot-quick-start.js")]
    pub bot_script: PathBuf,
    /// The node binary.
    #[arg(long, default_value = "node")]
    pub node: String,
    /// The whole run fails as a hang after this many seconds.
    #[arg(long, default_value_t = 300)]
    pub timeout_secs: u64,
}

/// Runs the chaos test and prints its report.
pub async fn run(args: ChaosArgs) -> ExitCode {
    let started = Instant::now();
    match tokio::time::timeout(Duration::from_secs(args.timeout_secs), run_inner(&args)).await {
        Ok(Ok(mut report)) => {
            report.seconds = started.elapsed().as_secs_f64();
            println!("{report}");
            if report.passed() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Ok(Err(e)) => {
            eprintln!("lpm chaos: {e}");
            ExitCode::FAILURE
        }
        Err(_) => {
            println!(
                "chaos run: hang: not finished after {} s\n  result:                 FAIL",
                args.timeout_secs
            );
            ExitCode::FAILURE
        }
    }
}

/// Why a run could not be carried out (as opposed to a run that found faults).
#[derive(Debug, thiserror::Error)]
pub enum ChaosError {
    /// The in-process platform did not start.
    #[error("platform: {0}")]
    Platform(#[from] lpm_platform::StartError),
    /// The proxy or the bot's CSDS could not listen.
    #[error("proxy or CSDS: {0}")]
    Io(#[from] std::io::Error),
    /// The bot did not start.
    #[error("{0}")]
    Bot(#[from] bot::BotError),
    /// A consumer could not open or create its conversation.
    #[error("consumer {index}: {error}")]
    Consumer {
        /// Which consumer.
        index: usize,
        /// The SDK's error.
        error: lp_messaging_sdk::Error,
    },
    /// The HTTP client for the controls could not be built.
    #[error("HTTP client: {0}")]
    Http(String),
    /// A consumer or writer task panicked.
    #[error("task: {0}")]
    Task(String),
}

/// How long the settling phase waits for the last messages and answers after the last fault.
const SETTLE: Duration = Duration::from_secs(60);

async fn run_inner(args: &ChaosArgs) -> Result<Report, ChaosError> {
    let platform = Platform::start(PlatformOptions::default()).await?;
    let proxy = proxy::FaultProxy::start(platform.addr()).await?;
    let bot_csds = csds::CsdsRewriter::start(platform.addr(), proxy.addr()).await?;
    let http = reqwest::Client::builder()
        .no_proxy()
        .build()
        .map_err(|e| ChaosError::Http(e.to_string()))?;

    let (seen_tx, mut seen_rx) = mpsc::unbounded_channel();
    let mut bot = match args.sdk {
        Sdk::Rust => Bot::rust(&bot_csds.url(), seen_tx).await?,
        Sdk::Js => Bot::js(&args.node, &args.bot_script, &bot_csds.url(), seen_tx).await?,
    };

    // Consumers: open, create a conversation, wait for the bot to join.
    let mut consumers = Vec::with_capacity(args.consumers);
    for index in 0..args.consumers {
        consumers.push(tokio::spawn(consumer(platform.csds_url(), index)));
    }
    let mut conversations = Vec::with_capacity(args.consumers);
    for (index, c) in consumers.into_iter().enumerate() {
        let joined = c
            .await
            .map_err(|e| ChaosError::Task(format!("consumer: {e}")))?
            .map_err(|error| ChaosError::Consumer { index, error })?;
        conversations.push(joined);
    }

    let mut report = Report {
        sdk: match args.sdk {
            Sdk::Rust => "Rust",
            Sdk::Js => "JavaScript",
        }
        .into(),
        consumers: args.consumers,
        messages: args.messages,
        ..Report::default()
    };

    // Writers spread their messages over the fault window; faults run alongside.
    let window = Duration::from_millis(args.fault_interval_ms * args.faults.max(1) as u64);
    let gap = window / args.messages.max(1) as u32;
    let writers: Vec<_> = conversations
        .iter()
        .enumerate()
        .map(|(c, conv)| tokio::spawn(write(conv.1.clone(), c, args.messages, gap)))
        .collect();
    let injector = Injector {
        platform_url: platform.csds_url(),
        account: ACCOUNT.into(),
        proxy: &proxy,
        http: http.clone(),
    };
    let mut counts: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut fault_errors = Vec::new();
    let mut seen = Vec::new();
    for kind in faults::schedule(args.faults, args.seed, &args.kinds) {
        tokio::time::sleep(Duration::from_millis(args.fault_interval_ms)).await;
        match injector.inject(kind).await {
            Ok(()) => *counts.entry(kind.name()).or_default() += 1,
            Err(e) => fault_errors.push(format!("{}: {e}", kind.name())),
        }
        while let Ok(k) = seen_rx.try_recv() {
            seen.push(k);
        }
    }
    for w in writers {
        let (sent, errors) = w
            .await
            .map_err(|e| ChaosError::Task(format!("writer: {e}")))?;
        report.sent += sent;
        report.send_errors += errors;
    }
    let _ = injector.clear().await;

    // Settle: wait for every message to reach the bot and every answer to come back.
    let want = args.consumers * args.messages;
    let end = Instant::now() + SETTLE;
    loop {
        while let Ok(k) = seen_rx.try_recv() {
            seen.push(k);
        }
        report.echoes = conversations.iter().map(|(_, c)| echoes(c)).sum();
        let distinct: std::collections::BTreeSet<_> = seen.iter().collect();
        if distinct.len() >= want && report.echoes >= want {
            break;
        }
        if Instant::now() > end {
            // Delivery stalled: counted as a hang besides what is missing.
            report.hung = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Late duplicates would arrive now: give them a moment.
    tokio::time::sleep(Duration::from_millis(500)).await;
    while let Ok(k) = seen_rx.try_recv() {
        seen.push(k);
    }
    report.tally(&seen);
    report.faults = counts;
    report.fault_errors = fault_errors;
    report.bot_alive = bot.alive();
    let (subs, agent) = restored(&http, &platform.csds_url(), bot.sets_agent_state()).await;
    report.subscriptions_restored = subs;
    report.agent_state_restored = bot.sets_agent_state().then_some(agent);
    if !report.passed() {
        for line in bot.stderr_tail(50) {
            eprintln!("bot stderr: {line}");
        }
    }
    bot.stop().await;
    for (connection, _) in conversations {
        let _ = connection.close().await;
    }
    drop(bot_csds);
    drop(proxy);
    platform.shutdown().await;
    Ok(report)
}

/// One consumer: opened, with a conversation the bot has joined.
async fn consumer(
    csds_url: String,
    index: usize,
) -> Result<(Connection, Conversation), lp_messaging_sdk::Error> {
    let connection = Connection::builder(ACCOUNT, UserType::Consumer)
        .app_id("lpm_chaos")
        .csds_url(csds_url)
        .no_proxy()
        .build()?;
    connection.open().await?;
    let conversation = connection.create_conversation().await?;
    // The bot joins when it hears of the conversation; the consumer writes once it has.
    let end = Instant::now() + Duration::from_secs(30);
    while !has_agent(&conversation) && Instant::now() < end {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    if !has_agent(&conversation) {
        eprintln!("consumer {index}: the bot did not join in 30 s; writing anyway");
    }
    Ok((connection, conversation))
}

fn has_agent(c: &Conversation) -> bool {
    c.open_dialog()
        .map(|d| d.participants())
        .unwrap_or_default()
        .iter()
        .any(|p| *p.role() != ParticipantRole::Consumer)
}

/// The bot's answers in a conversation.
fn echoes(c: &Conversation) -> usize {
    c.messages()
        .iter()
        .filter(|m| m.sender_role() != Some(ParticipantRole::Consumer))
        .filter(|m| m.text().as_deref() == Some("hello"))
        .count()
}

/// Sends `count` messages, `gap` apart; a failed send is retried until it completes (the
/// consumers' sockets are not under fault, so a failure is rare: a delayed answer).
async fn write(c: Conversation, index: usize, count: usize, gap: Duration) -> (usize, usize) {
    let (mut sent, mut errors) = (0, 0);
    for m in 0..count {
        tokio::time::sleep(gap).await;
        loop {
            match c.send_message(message_text(index, m)).await {
                Ok(_) => {
                    sent += 1;
                    break;
                }
                Err(e) => {
                    errors += 1;
                    eprintln!("consumer {index}: send {m}: {e}");
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
            }
        }
    }
    (sent, errors)
}

/// After the faults: the bot's socket holds its conversation subscription again, and (with
/// `want_agent`, a bot that set one) its agent state is ONLINE again. Polled for up to 15 s: the bot may be between two
/// sockets when the last fault hit.
async fn restored(http: &reqwest::Client, platform: &str, want_agent: bool) -> (bool, bool) {
    let get = |path: &'static str| {
        let url = format!("{platform}/_lpm{path}");
        async move {
            match http.get(url).send().await {
                Ok(a) => a.json::<Value>().await.unwrap_or(Value::Null),
                Err(_) => Value::Null,
            }
        }
    };
    let end = Instant::now() + Duration::from_secs(15);
    let (mut subs, mut agent) = (false, false);
    while Instant::now() < end {
        let sockets = get("/ums/sockets").await;
        let brand: Vec<&Value> = sockets
            .as_array()
            .into_iter()
            .flatten()
            .filter(|s| s.get("account").and_then(Value::as_str) == Some(ACCOUNT))
            .filter(|s| s.get("side").and_then(Value::as_str) == Some("brand"))
            .collect();
        subs = brand.len() == 1
            && brand[0]
                .get("conversationSubscriptions")
                .and_then(Value::as_array)
                .is_some_and(|a| !a.is_empty());
        let agents = get("/ums/agents").await;
        agent = agents.as_array().into_iter().flatten().any(|a| {
            a.get("account").and_then(Value::as_str) == Some(ACCOUNT)
                && a.get("availability").and_then(Value::as_str) == Some("ONLINE")
        });
        if subs && (agent || !want_agent) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    (subs, agent)
}
