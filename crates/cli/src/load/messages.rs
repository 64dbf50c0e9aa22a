//! The messages mode of `lpm load`: N consumers × M messages, optionally into the built-in bot.

use super::bot::{Bot, BotFigures, BotOptions};
use super::consumer::{self, Consumer, ECHO_PREFIX, LOAD_PREFIX};
use super::raw_bot::RawBot;
use super::report::{Latency, cores, latency_header};
use super::target::Target;
use super::{LoadArgs, LoadError, procstat, progress};
use futures_util::{StreamExt, stream};
use serde_json::json;
use std::collections::VecDeque;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// How long the built-in bot may take to be assigned every conversation.
const JOIN_LIMIT: Duration = Duration::from_secs(300);

/// The built-in bot of a run, whichever client it uses.
enum RunningBot {
    Sdk(Bot),
    Raw(RawBot),
}

impl RunningBot {
    fn delivered(&self) -> Arc<AtomicU64> {
        match self {
            RunningBot::Sdk(b) => b.delivered.clone(),
            RunningBot::Raw(b) => b.delivered.clone(),
        }
    }

    async fn stop(self) -> BotFigures {
        match self {
            RunningBot::Sdk(b) => b.stop().await,
            RunningBot::Raw(b) => b.stop().await,
        }
    }
}

/// What one consumer measured.
struct ConsumerFigures {
    sent: u64,
    ack: Latency,
    round_trip: Latency,
    last: Option<Instant>,
    error: Option<LoadError>,
}

impl ConsumerFigures {
    /// Counts a publish sent at `t` and answered now.
    fn answered(&mut self, t: Instant, sent: &AtomicU64) {
        let acked = Instant::now();
        self.ack.record(acked - t);
        self.sent += 1;
        self.last = Some(acked);
        sent.fetch_add(1, Ordering::Relaxed);
    }
}

/// How each consumer sends.
#[derive(Clone, Copy)]
struct Plan {
    messages: usize,
    echo: bool,
    /// Publishes in flight (`--window`; 1 unless neither echo nor pace).
    window: usize,
    /// Time between two messages of one consumer, with the consumer's first offset.
    pace: Option<(Duration, Duration)>,
}

pub(super) async fn run(args: &LoadArgs, nofile: u64) -> Result<(), LoadError> {
    let mut target = match &args.csds {
        Some(csds) => Target::remote(csds, &args.account).await?,
        None => Target::local(&args.account).await?,
    };
    let result = drive(args, &target, nofile).await;
    target.stop().await;
    result
}

async fn drive(args: &LoadArgs, target: &Target, nofile: u64) -> Result<(), LoadError> {
    let n = args.consumers;
    let epoch = Instant::now();
    let bot_wanted = args.echo_bot || args.count_bot || args.raw_bot;
    let options = BotOptions {
        user: args.bot_user.clone(),
        password: args.bot_password.clone(),
        echo: args.echo_bot,
    };
    // The SDK bot takes the conversations through rings, so it is ONLINE before they open; the
    // raw bot joins them by id once they are open.
    let mut bot = if bot_wanted && !args.raw_bot {
        Some(Bot::start(target, options.clone(), epoch).await?)
    } else {
        None
    };

    // Set up: sign up, connect, open a conversation — not measured.
    let http = reqwest::Client::new();
    let bar = progress(n as u64, "connecting", args.json);
    let mut consumers = Vec::with_capacity(n);
    let mut opening = stream::iter(0..n)
        .map(|_| {
            let http = &http;
            async move {
                let jwt = consumer::signup(http, target).await?;
                let mut c = Consumer::connect(target, &jwt).await?;
                c.open_conversation().await?;
                Ok::<_, LoadError>(c)
            }
        })
        .buffer_unordered(args.concurrency.max(1));
    while let Some(c) = opening.next().await {
        consumers.push(c?);
        bar.inc(1);
    }
    drop(opening);
    bar.finish_and_clear();
    let bot = match bot.as_mut() {
        Some(sdk) => {
            sdk.wait_joined(n, JOIN_LIMIT).await?;
            bot.map(RunningBot::Sdk)
        }
        None if bot_wanted => {
            let ids: Vec<String> = consumers
                .iter()
                .filter_map(|c| c.conversation.clone())
                .collect();
            Some(RunningBot::Raw(
                RawBot::start(target, &options, epoch, &ids).await?,
            ))
        }
        None => None,
    };

    // The measured part.
    let total = (n * args.messages) as u64;
    let sent = Arc::new(AtomicU64::new(0));
    let bar = progress(total, "messages", args.json);
    let shown = match &bot {
        Some(b) => b.delivered(),
        None => sent.clone(),
    };
    let ticker = {
        let bar = bar.clone();
        tokio::spawn(async move {
            loop {
                bar.set_position(shown.load(Ordering::Relaxed));
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        })
    };
    let pid = target.local_pid();
    let platform_cpu0 = pid.and_then(procstat::cpu_time);
    let own_cpu0 = procstat::cpu_time(std::process::id());
    let start = Instant::now();
    let period = (args.rate > 0.0).then(|| Duration::from_secs_f64(n as f64 / args.rate));
    let mut tasks = Vec::with_capacity(n);
    for (i, c) in consumers.into_iter().enumerate() {
        let plan = Plan {
            messages: args.messages,
            echo: args.echo_bot,
            window: args.window as usize,
            pace: period.map(|p| (p, p.mul_f64(i as f64 / n as f64))),
        };
        tasks.push(tokio::spawn(send_all(
            i,
            c,
            plan,
            epoch,
            start,
            sent.clone(),
        )));
    }
    let mut figures = Vec::with_capacity(n);
    let mut consumers = Vec::with_capacity(n);
    for t in tasks {
        if let Ok((c, f)) = t.await {
            consumers.push(c);
            figures.push(f);
        }
    }
    // The bot may still be receiving what the consumers sent last.
    if let Some(b) = &bot {
        let deadline = Instant::now() + consumer::ANSWER_TIMEOUT;
        let published: u64 = figures.iter().map(|f| f.sent).sum();
        let delivered = b.delivered();
        while delivered.load(Ordering::Relaxed) < published && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }
    let measured_until = Instant::now();
    let platform_cpu = pid
        .and_then(procstat::cpu_time)
        .zip(platform_cpu0)
        .map(|(b, a)| b.saturating_sub(a));
    let own_cpu = procstat::cpu_time(std::process::id())
        .zip(own_cpu0)
        .map(|(b, a)| b.saturating_sub(a));
    ticker.abort();
    bar.finish_and_clear();

    // Tidy up (closing conversations keeps repeated runs from piling them up).
    stream::iter(consumers)
        .for_each_concurrent(args.concurrency.max(1), |mut c| async move {
            let _ = c.close_conversation().await;
            c.close().await;
        })
        .await;
    let bot_figures = match bot {
        Some(b) => Some(b.stop().await),
        None => None,
    };

    // Figures.
    let mut ack = Latency::new();
    let mut round_trip = Latency::new();
    let mut published = 0;
    let mut last = None;
    let mut errors = Vec::new();
    for f in &figures {
        ack.merge(&f.ack);
        round_trip.merge(&f.round_trip);
        published += f.sent;
        last = last.max(f.last);
        if let Some(e) = &f.error {
            errors.push(e.to_string());
        }
    }
    let delivered = bot_figures.as_ref().map(|b| b.delivered);
    if let Some(b) = &bot_figures {
        last = last.max(b.last);
    }
    let wall = last
        .unwrap_or(measured_until)
        .saturating_duration_since(start);
    let counted = delivered.unwrap_or(published);
    let throughput = counted as f64 / wall.as_secs_f64().max(1e-9);
    let platform_cores = platform_cpu.map(|c| cores(c, wall));
    let us_per_message = platform_cpu.map(|c| c.as_secs_f64() * 1e6 / counted.max(1) as f64);
    let own_cores = own_cpu.map(|c| cores(c, wall));
    let bot_latency = bot_figures.as_ref().map(|b| &b.latency);

    if args.json {
        let v = json!({
            "mode": "messages", "target": target.csds, "local": pid.is_some(),
            "consumers": n, "messages": args.messages, "rate": args.rate,
            "bot": if args.echo_bot { "echo" } else if bot_wanted { "count" } else { "none" },
            "bot_client": if !bot_wanted { "none" } else if args.raw_bot { "raw" } else { "sdk" },
            "sent": published, "delivered_to_bot": delivered, "seconds": wall.as_secs_f64(),
            "throughput_msg_s": throughput,
            "publish_ack": ack.to_json(),
            "consumer_to_bot": bot_latency.map(Latency::to_json),
            "round_trip": args.echo_bot.then(|| round_trip.to_json()),
            "platform_cores": platform_cores, "platform_us_per_message": us_per_message,
            "load_generator_cores": own_cores, "nofile_limit": nofile,
            "errors": errors.len(), "first_error": errors.first(),
        });
        println!("{v}");
    } else {
        let place = match pid {
            Some(pid) => format!("local platform {} (pid {pid})", target.csds),
            None => target.csds.clone(),
        };
        println!(
            "lpm load: {n} consumers × {} messages{} against {place}",
            args.messages,
            if args.rate > 0.0 {
                format!(" at {} msg/s", args.rate)
            } else {
                String::new()
            }
        );
        println!(
            "  sent {published}{} in {:.2} s: {throughput:.0} msg/s {}",
            delivered
                .map(|d| format!(", delivered to the bot {d}"))
                .unwrap_or_default(),
            wall.as_secs_f64(),
            if delivered.is_some() {
                "delivered"
            } else {
                "acknowledged"
            }
        );
        println!("{}", latency_header());
        println!("{}", ack.row("publish → answer"));
        if let Some(l) = bot_latency {
            println!("{}", l.row("consumer → bot"));
        }
        if args.echo_bot {
            println!("{}", round_trip.row("round trip (echo)"));
        }
        if let (Some(c), Some(us)) = (platform_cores, us_per_message) {
            println!(
                "  platform CPU: {:.0} % of a core ({us:.1} µs per message)",
                c * 100.0
            );
        }
        if let Some(c) = own_cores {
            println!("  load generator CPU: {:.0} % of a core", c * 100.0);
        }
        if !errors.is_empty() {
            println!(
                "  {} consumers failed; the first: {}",
                errors.len(),
                errors[0]
            );
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(LoadError::Socket(format!(
            "{} of {n} consumers failed",
            errors.len()
        )))
    }
}

/// One consumer's messages; returns the consumer (to close it later) and what it measured.
async fn send_all(
    index: usize,
    mut c: Consumer,
    plan: Plan,
    epoch: Instant,
    start: Instant,
    sent: Arc<AtomicU64>,
) -> (Consumer, ConsumerFigures) {
    let mut f = ConsumerFigures {
        sent: 0,
        ack: Latency::new(),
        round_trip: Latency::new(),
        last: None,
        error: None,
    };
    if plan.window > 1 {
        pipeline(index, &mut c, plan, epoch, &sent, &mut f).await;
        return (c, f);
    }
    let mut pace = plan.pace.map(|(period, offset)| {
        let mut i = tokio::time::interval_at((start + offset).into(), period);
        i.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        i
    });
    for seq in 0..plan.messages {
        if let Some(i) = pace.as_mut() {
            i.tick().await;
        }
        let id = format!("{index}:{seq}");
        // The closing quote of the JSON string: `1:1` must not match the echo of `1:10`.
        let echo = format!("{ECHO_PREFIX}{id}\"");
        let t = Instant::now();
        let text = format!(
            "{LOAD_PREFIX}{id} {}",
            t.saturating_duration_since(epoch).as_micros()
        );
        // An echo may overtake the publish's answer.
        let mut echoed = false;
        let result = c
            .publish(&text, |frame| echoed |= plan.echo && frame.contains(&echo))
            .await;
        if let Err(e) = result {
            f.error = Some(e);
            break;
        }
        f.answered(t, &sent);
        if plan.echo {
            if !echoed && let Err(e) = c.until_text(&echo).await {
                f.error = Some(e);
                break;
            }
            let back = Instant::now();
            f.round_trip.record(back - t);
            f.last = Some(back);
        }
    }
    (c, f)
}

/// One consumer's messages with up to `plan.window` publishes in flight. The platform answers a
/// socket's requests in order, so the oldest publish in flight is the one answered.
async fn pipeline(
    index: usize,
    c: &mut Consumer,
    plan: Plan,
    epoch: Instant,
    sent: &AtomicU64,
    f: &mut ConsumerFigures,
) {
    let mut in_flight: VecDeque<(u64, Instant)> = VecDeque::with_capacity(plan.window);
    let mut seq = 0;
    while seq < plan.messages || !in_flight.is_empty() {
        if seq < plan.messages && in_flight.len() < plan.window {
            let t = Instant::now();
            let text = format!(
                "{LOAD_PREFIX}{index}:{seq} {}",
                t.saturating_duration_since(epoch).as_micros()
            );
            match c.send_publish(&text).await {
                Ok(id) => in_flight.push_back((id, t)),
                Err(e) => {
                    f.error = Some(e);
                    return;
                }
            }
            seq += 1;
            continue;
        }
        let id = match c.next_answer().await {
            Ok(id) => id,
            Err(e) => {
                f.error = Some(e);
                return;
            }
        };
        let Some(at) = in_flight.iter().position(|(sent_id, _)| *sent_id == id) else {
            continue;
        };
        let Some((_, t)) = in_flight.remove(at) else {
            continue;
        };
        f.answered(t, sent);
    }
}
