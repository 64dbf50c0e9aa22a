//! Helpers of the `lpm fleet` tests: a real etcd on free loopback ports, `lpm` child processes,
//! and a watcher of the platform's brand sockets.

#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;
use tokio::process::{Child, Command};

/// A scratch directory removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> Self {
        let dir = std::env::temp_dir().join(format!(
            "lpm-{tag}-{}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0)
        ));
        std::fs::create_dir_all(&dir).expect("temp dir");
        TempDir(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        // LPM_KEEP_TEST_DIR=1 keeps the node logs of a failed run for a look.
        if std::env::var_os("LPM_KEEP_TEST_DIR").is_some() {
            eprintln!("kept {}", self.0.display());
            return;
        }
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

/// A single-member etcd cluster on free loopback ports, killed on drop.
pub struct Etcd {
    pub url: String,
    child: Child,
    _dir: TempDir,
}

impl Etcd {
    /// Starts Debian's `etcd` (or `$LPM_ETCD_BIN`) and waits until it answers `/health`.
    pub async fn start() -> Etcd {
        let bin = std::env::var("LPM_ETCD_BIN").unwrap_or_else(|_| "etcd".into());
        let dir = TempDir::new("etcd");
        let (client, peer) = (free_port(), free_port());
        let url = format!("http://127.0.0.1:{client}");
        let peer_url = format!("http://127.0.0.1:{peer}");
        let child = Command::new(&bin)
            .args(["--name", "lpm-test", "--data-dir"])
            .arg(dir.path().join("data"))
            .args(["--listen-client-urls", &url, "--advertise-client-urls", &url])
            .args(["--listen-peer-urls", &peer_url, "--initial-advertise-peer-urls", &peer_url])
            .arg("--initial-cluster")
            .arg(format!("lpm-test={peer_url}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "cannot run `{bin}` ({e}): the fleet tests need an etcd server; install it with \
                     `apt-get install etcd-server` (scripts/setup.sh does) or set LPM_ETCD_BIN"
                )
            });
        let etcd = Etcd {
            url,
            child,
            _dir: dir,
        };
        let http = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Ok(r) = http.get(format!("{}/health", etcd.url)).send().await {
                if r.text().await.is_ok_and(|t| t.contains("true")) {
                    return etcd;
                }
            }
            assert!(
                Instant::now() < deadline,
                "etcd did not become healthy in 20 s"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

impl Etcd {
    /// SIGSTOP: etcd stops answering (as if the network to it were gone) without closing sockets.
    pub fn pause(&self) {
        self.signal("-STOP");
    }

    /// SIGCONT after [`Etcd::pause`].
    pub fn resume(&self) {
        self.signal("-CONT");
    }

    fn signal(&self, signal: &str) {
        let pid = self.child.id().expect("etcd runs");
        let status = std::process::Command::new("kill")
            .args([signal, &pid.to_string()])
            .status()
            .expect("kill");
        assert!(status.success(), "kill {signal} etcd");
    }
}

impl Drop for Etcd {
    fn drop(&mut self) {
        // A paused etcd would not die of SIGKILL until continued.
        if let Some(pid) = self.child.id() {
            let _ = std::process::Command::new("kill")
                .args(["-CONT", &pid.to_string()])
                .status();
        }
        let _ = self.child.start_kill();
    }
}

/// The `lpm` binary under test.
pub fn lpm() -> &'static str {
    env!("CARGO_BIN_EXE_lpm")
}

/// Writes `n` password bots of account 12345678 (`fleet-bot01`…) to `dir/bots.toml`.
pub fn bots_file(dir: &Path, n: usize) -> PathBuf {
    let mut text = String::new();
    for i in 1..=n {
        text.push_str(&format!(
            "[[bot]]\nid = \"bot{i:02}\"\naccount = \"12345678\"\nuser = \"fleet-bot{i:02}\"\npassword_env = \"BOT{i:02}_PASSWORD\"\nskill = \"support\"\n\n"
        ));
    }
    let path = dir.join("bots.toml");
    std::fs::write(&path, text).expect("bots file");
    path
}

/// Starts an `lpm fleet` node running `lpm fleet example-bot` per bot; its output goes to
/// `dir/<node>.log`.
pub fn fleet_node(
    dir: &Path,
    node: &str,
    etcd: Option<&str>,
    bots: &Path,
    csds: &str,
    n: usize,
) -> Child {
    fleet_node_running(
        dir,
        node,
        etcd,
        bots,
        csds,
        n,
        &[lpm(), "fleet", "example-bot"],
    )
}

/// Starts an `lpm fleet` node running `command` per bot.
pub fn fleet_node_running(
    dir: &Path,
    node: &str,
    etcd: Option<&str>,
    bots: &Path,
    csds: &str,
    n: usize,
    command: &[&str],
) -> Child {
    let log = std::fs::File::create(dir.join(format!("{node}.log"))).expect("log file");
    let err = log.try_clone().expect("log file");
    let mut cmd = Command::new(lpm());
    cmd.args(["fleet", "test-fleet", "--node-id", node, "--bots"])
        .arg(bots)
        .args(["--stop-grace-ms", "1000"]);
    if let Some(etcd) = etcd {
        cmd.args(["--etcd", etcd]);
    }
    cmd.arg("--")
        .args(command)
        .env("LPM_CSDS_URL", csds)
        .env(
            "RUST_LOG",
            "info,etcd_client=warn,h2=warn,tonic=warn,lp_messaging_sdk=warn",
        )
        .env_remove("LPM_FLEET_ETCD");
    for i in 1..=n {
        cmd.env(format!("BOT{i:02}_PASSWORD"), format!("pw-{i}"));
    }
    cmd.stdout(log).stderr(err).kill_on_drop(true);
    cmd.spawn().expect("lpm fleet")
}

/// Sends SIGTERM (a graceful leave).
pub fn terminate(child: &Child) {
    if let Some(pid) = child.id() {
        let _ = std::process::Command::new("kill")
            .args(["-TERM", &pid.to_string()])
            .status();
    }
}

/// What the socket watcher saw.
#[derive(Default, Debug)]
pub struct SocketLog {
    /// Largest number of open brand sockets of one user seen at once, per user id.
    pub max_per_user: BTreeMap<String, usize>,
    /// The brand users with an open socket at the last poll.
    pub live: BTreeSet<String>,
    pub polls: u64,
}

/// Polls `/_lpm/ums/sockets` every 50 ms until dropped, recording brand sockets per user.
pub struct SocketWatcher {
    pub log: Arc<Mutex<SocketLog>>,
    task: tokio::task::JoinHandle<()>,
}

impl SocketWatcher {
    pub fn start(base: &str) -> SocketWatcher {
        let log = Arc::new(Mutex::new(SocketLog::default()));
        let url = format!("{base}/_lpm/ums/sockets");
        let shared = log.clone();
        let task = tokio::spawn(async move {
            let http = reqwest::Client::new();
            loop {
                if let Ok(r) = http.get(&url).send().await {
                    if let Ok(Value::Array(sockets)) = r.json::<Value>().await {
                        let mut per_user: BTreeMap<String, usize> = BTreeMap::new();
                        for s in sockets.iter().filter(|s| s["side"] == "brand") {
                            if let Some(user) = s["identity"]["userId"]
                                .as_str()
                                .map(str::to_string)
                                .or_else(|| s["identity"]["userId"].as_u64().map(|u| u.to_string()))
                            {
                                *per_user.entry(user).or_default() += 1;
                            }
                        }
                        let mut log = shared.lock().unwrap_or_else(|e| e.into_inner());
                        for (user, n) in &per_user {
                            let max = log.max_per_user.entry(user.clone()).or_default();
                            *max = (*max).max(*n);
                        }
                        log.live = per_user.into_keys().collect();
                        log.polls += 1;
                    }
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        });
        SocketWatcher { log, task }
    }

    pub fn live(&self) -> usize {
        self.log
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .live
            .len()
    }

    /// Users ever seen with two open sockets at once.
    pub fn doubles(&self) -> Vec<String> {
        let log = self.log.lock().unwrap_or_else(|e| e.into_inner());
        log.max_per_user
            .iter()
            .filter(|(_, n)| **n > 1)
            .map(|(u, _)| u.clone())
            .collect()
    }
}

impl Drop for SocketWatcher {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Waits until `check` holds, polling every 50 ms; panics with `what` after `limit`.
pub async fn wait_until<F, Fut>(limit: Duration, what: &str, mut check: F) -> Duration
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let start = Instant::now();
    loop {
        if check().await {
            return start.elapsed();
        }
        assert!(
            start.elapsed() < limit,
            "timed out after {limit:?} waiting for: {what}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
