//! The platform's figures of issue 12 (items 2 and 3), measured with `lpm load` against a local
//! `lpm platform` child process (a measurement, not a timed test):
//!
//! ```text
//! cargo bench -p lpm --bench platform
//! LPM_BENCH_IDLE=5000 LPM_BENCH_FANOUT=200 cargo bench -p lpm --bench platform   # quicker
//! ```
//!
//! * idle: N consumer sockets (100,000, or as many as the open-file hard limit allows: every
//!   socket is a descriptor in the platform and one in the load generator) held 10 s: platform
//!   CPU while idle, resident memory per socket, memory after they all closed;
//! * fan-out: 1,000 consumers × 50 messages into one bot that is the assigned agent of every
//!   conversation: delivered messages per second, platform CPU per message. Each consumer
//!   keeps its messages in flight (`--window`, `LPM_BENCH_FANOUT_WINDOW`, default all 50) so
//!   that the figure is the platform's capacity; the same run stop-and-wait (each publish
//!   waits for its answer, so every message costs each socket a system call of its own) is
//!   printed beside it;
//! * round trip: one consumer, 1,000 messages, each answered by the echo bot: p50/p99.
//!
//! The consumers are raw clients (websocket + serde_json). The bot rows run twice, with the
//! Rust SDK bot and with the raw bot (`--raw-bot`), and print the ratio: the raw bot's figure
//! is the platform's, the SDK bot's what a user's bot sees. The load generator's own CPU is
//! printed beside the platform's so that a saturated generator would show.

use serde_json::Value;
use std::process::Command;

/// One line of the table: figure, (with the SDK bot or no bot, with the raw bot), SDK / raw,
/// target.
type Row = (String, (String, Option<String>), String, &'static str);

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Runs `lpm load ARGS --json`; returns its JSON figures.
fn load(args: &[String]) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_lpm"))
        .arg("load")
        .args(args)
        .arg("--json")
        .env_remove("LPM_CSDS_URL")
        .output()
        .expect("lpm load runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let line = stdout.lines().last().unwrap_or_default();
    match serde_json::from_str(line) {
        Ok(v) => v,
        Err(_) => panic!(
            "lpm load {args:?} printed no figures:\n{stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        ),
    }
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap_or(f64::NAN)
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "?".into())
}

fn main() {
    // `cargo bench` passes `--bench`; any other argument is a filter this benchmark ignores.
    let hard = rlimit::getrlimit(rlimit::Resource::NOFILE)
        .map(|(_, hard)| hard)
        .unwrap_or(1024);
    // Leave room for the processes' other descriptors (runtime, listener, pipes, HTTP pool).
    let allowed = (hard as usize).saturating_sub(256);
    let idle = env_usize("LPM_BENCH_IDLE", 100_000.min(allowed));
    let fan = env_usize("LPM_BENCH_FANOUT", 1000);
    let fan_msgs = env_usize("LPM_BENCH_FANOUT_MSGS", 50);
    // Publishes each consumer keeps in flight in the fan-out row: by default all of its
    // messages, so that every socket has work queued and the figure is what the platform
    // carries. The stop-and-wait row (each publish waits for its answer) is printed beside it.
    let window = env_usize("LPM_BENCH_FANOUT_WINDOW", fan_msgs).clamp(1, 1000);
    let rtt = env_usize("LPM_BENCH_RTT", 1000);
    let hold = env_usize("LPM_BENCH_IDLE_SECS", 10);
    println!(
        "platform figures (issue 12); load average at start {}",
        load_average()
    );
    println!(
        "open-file hard limit {hard} (ulimit -Hn): idle sockets asked {idle}{}",
        if idle < 100_000 {
            " — the issue's 100,000 do not fit under it"
        } else {
            ""
        }
    );

    let i = load(&[
        "--idle".into(),
        idle.to_string(),
        "--hold".into(),
        hold.to_string(),
    ]);
    let fan_args = |raw: bool, window: usize| {
        let mut a: Vec<String> = vec![
            "--consumers".into(),
            fan.to_string(),
            "--messages".into(),
            fan_msgs.to_string(),
            "--count-bot".into(),
            "--window".into(),
            window.to_string(),
        ];
        if raw {
            a.push("--raw-bot".into());
        }
        a
    };
    let rtt_args = |raw: bool| {
        let mut a: Vec<String> = vec![
            "--consumers".into(),
            "1".into(),
            "--messages".into(),
            rtt.to_string(),
            "--echo-bot".into(),
        ];
        if raw {
            a.push("--raw-bot".into());
        }
        a
    };
    let fo = load(&fan_args(false, window));
    let fo_raw = load(&fan_args(true, window));
    let sw = load(&fan_args(false, 1));
    let sw_raw = load(&fan_args(true, 1));
    let rt = load(&rtt_args(false));
    let rt_raw = load(&rtt_args(true));

    // (figure, with the SDK bot, with the raw bot, target); idle rows have no bot.
    let both = |v: &Value, w: &Value, fmt: &dyn Fn(&Value) -> String| (fmt(v), Some(fmt(w)));
    let tput = |v: &Value| format!("{:.0}", f(&v["throughput_msg_s"]));
    let us = |v: &Value| format!("{:.1}", f(&v["platform_us_per_message"]));
    let cpu = |v: &Value| {
        format!(
            "{:.2} / {:.2}",
            f(&v["platform_cores"]),
            f(&v["load_generator_cores"])
        )
    };
    let to_bot = |v: &Value| {
        format!(
            "{:.2} / {:.2}",
            f(&v["consumer_to_bot"]["p50_ms"]),
            f(&v["consumer_to_bot"]["p99_ms"])
        )
    };
    let p50 = |v: &Value| format!("{:.3}", f(&v["round_trip"]["p50_ms"]));
    let p99 = |v: &Value| format!("{:.3}", f(&v["round_trip"]["p99_ms"]));
    let ratio = |a: f64, b: f64| format!("{:.2}", a / b);
    let rows: Vec<Row> = vec![
        (
            "idle sockets reached".into(),
            (format!("{} of {}", i["reached"], i["asked"]), None),
            String::new(),
            "100,000",
        ),
        (
            format!("platform CPU while idle ({hold} s), % of a core"),
            (format!("{:.2}", f(&i["platform_idle_cores"]) * 100.0), None),
            String::new(),
            "< 5",
        ),
        (
            "platform RSS per idle socket, KB".into(),
            (format!("{:.1}", f(&i["kb_per_socket"])), None),
            String::new(),
            "≤ 40",
        ),
        (
            "platform RSS given back after closing, %".into(),
            (format!("{:.0}", f(&i["given_back"]) * 100.0), None),
            String::new(),
            "given back",
        ),
        (
            format!(
                "fan-out {fan} × {fan_msgs} into one bot, {window} in flight per consumer, delivered msg/s"
            ),
            both(&fo, &fo_raw, &tput),
            ratio(f(&fo["throughput_msg_s"]), f(&fo_raw["throughput_msg_s"])),
            "≥ 50,000",
        ),
        (
            "  platform CPU per delivered message, µs".into(),
            both(&fo, &fo_raw, &us),
            ratio(
                f(&fo["platform_us_per_message"]),
                f(&fo_raw["platform_us_per_message"]),
            ),
            "",
        ),
        (
            "  platform / load generator CPU, cores".into(),
            both(&fo, &fo_raw, &cpu),
            String::new(),
            "",
        ),
        (
            "  consumer → bot p50 / p99, ms".into(),
            both(&fo, &fo_raw, &to_bot),
            String::new(),
            "",
        ),
        (
            format!("fan-out {fan} × {fan_msgs}, stop-and-wait (1 in flight), delivered msg/s"),
            both(&sw, &sw_raw, &tput),
            ratio(f(&sw["throughput_msg_s"]), f(&sw_raw["throughput_msg_s"])),
            "",
        ),
        (
            "  platform CPU per delivered message, µs".into(),
            both(&sw, &sw_raw, &us),
            ratio(
                f(&sw["platform_us_per_message"]),
                f(&sw_raw["platform_us_per_message"]),
            ),
            "",
        ),
        (
            "  platform / load generator CPU, cores".into(),
            both(&sw, &sw_raw, &cpu),
            String::new(),
            "",
        ),
        (
            format!("round trip consumer → echo bot → consumer ({rtt}), p50 ms"),
            both(&rt, &rt_raw, &p50),
            ratio(
                f(&rt["round_trip"]["p50_ms"]),
                f(&rt_raw["round_trip"]["p50_ms"]),
            ),
            "≤ 1",
        ),
        (
            "round trip p99 ms".into(),
            both(&rt, &rt_raw, &p99),
            ratio(
                f(&rt["round_trip"]["p99_ms"]),
                f(&rt_raw["round_trip"]["p99_ms"]),
            ),
            "≤ 5",
        ),
    ];
    println!();
    println!("| figure | SDK bot (or no bot) | raw bot | SDK / raw | target |");
    println!("| --- | --- | --- | --- | --- |");
    for (name, (sdk, raw), r, target) in rows {
        println!(
            "| {name} | {sdk} | {} | {r} | {target} |",
            raw.unwrap_or_else(|| "—".into())
        );
    }
    println!();
    println!("load average at end {}", load_average());
    for (what, v) in [
        ("idle", &i),
        ("fan-out", &fo),
        ("fan-out raw", &fo_raw),
        ("stop-and-wait", &sw),
        ("stop-and-wait raw", &sw_raw),
        ("round trip", &rt),
        ("round trip raw", &rt_raw),
    ] {
        if let Some(e) = v["first_error"].as_str() {
            println!("{what}: first error: {e}");
        }
    }
}
