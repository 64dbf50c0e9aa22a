//! One bot's process: started with its identity, restarted with back-off when it crashes, stopped
//! (and waited for) before its claim is given up.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use tokio::process::{Child, Command};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::backoff::Backoff;

/// How bot processes are run.
///
/// ```
/// let opts = lpm_fleet::ChildOptions::new(vec!["node".into(), "bot.js".into()]);
/// assert_eq!(opts.stop_grace, std::time::Duration::from_secs(3));
/// ```
#[derive(Debug, Clone)]
pub struct ChildOptions {
    /// Program and arguments that run one bot.
    pub command: Vec<String>,
    /// How long a bot may take to exit after SIGTERM before it gets SIGKILL.
    pub stop_grace: Duration,
    /// First restart delay after a crash.
    pub backoff_initial: Duration,
    /// Longest restart delay.
    pub backoff_max: Duration,
    /// Variables of the node's environment a bot must not inherit (other bots' secrets, identity
    /// variables of the node's own shell).
    pub remove_env: Vec<String>,
}

impl ChildOptions {
    /// Defaults: 3 s stop grace, back-off from 500 ms to 30 s.
    ///
    /// ```
    /// let opts = lpm_fleet::ChildOptions::new(vec!["./bot".into()]);
    /// ```
    pub fn new(command: Vec<String>) -> Self {
        ChildOptions {
            command,
            stop_grace: Duration::from_secs(3),
            backoff_initial: Duration::from_millis(500),
            backoff_max: Duration::from_secs(30),
            remove_env: Vec::new(),
        }
    }
}

/// A supervised bot process. Dropping it without [`BotProcess::stop`] still stops the process
/// (kill on drop), but only `stop` waits until it is gone.
///
/// ```no_run
/// # async fn demo() {
/// use lpm_fleet::{BotProcess, ChildOptions};
/// use std::sync::Arc;
/// let bot = BotProcess::start("bot1".into(), vec![("LPM_USER".into(), "bot1".into())],
///     Arc::new(ChildOptions::new(vec!["node".into(), "bot.js".into()])));
/// bot.stop().await; // returns once the process has exited
/// # }
/// ```
#[derive(Debug)]
pub struct BotProcess {
    restarts: Arc<AtomicU32>,
    stop: Option<oneshot::Sender<bool>>,
    task: JoinHandle<()>,
}

impl BotProcess {
    /// Starts the bot's process now and keeps it running until [`BotProcess::stop`].
    pub fn start(bot: String, env: Vec<(String, String)>, options: Arc<ChildOptions>) -> Self {
        let restarts = Arc::new(AtomicU32::new(0));
        let (stop, stop_rx) = oneshot::channel();
        let task = tokio::spawn(supervise(bot, env, options, restarts.clone(), stop_rx));
        BotProcess {
            restarts,
            stop: Some(stop),
            task,
        }
    }

    /// How many times the process exited and was started again.
    pub fn restarts(&self) -> u32 {
        self.restarts.load(Ordering::Relaxed)
    }

    /// Stops the process (SIGTERM, SIGKILL after the grace period) and returns once it has exited.
    pub async fn stop(self) {
        self.stop_with(false).await
    }

    /// Kills the process at once (SIGKILL) and returns once it has exited: for a bot whose claim
    /// is already lost, which another node may be starting right now.
    pub async fn stop_now(self) {
        self.stop_with(true).await
    }

    async fn stop_with(mut self, now: bool) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(now);
        }
        let _ = (&mut self.task).await;
    }
}

async fn supervise(
    bot: String,
    env: Vec<(String, String)>,
    options: Arc<ChildOptions>,
    restarts: Arc<AtomicU32>,
    mut stop: oneshot::Receiver<bool>,
) {
    let mut backoff = Backoff::new(options.backoff_initial, options.backoff_max);
    loop {
        let started = Instant::now();
        match spawn(&env, &options) {
            Ok(mut child) => {
                tracing::info!(bot = %bot, pid = child.id(), "bot started");
                tokio::select! {
                    status = child.wait() => match status {
                        Ok(status) => tracing::warn!(bot = %bot, %status, "bot exited"),
                        Err(e) => tracing::warn!(bot = %bot, error = %e, "bot lost"),
                    },
                    // A dropped sender also lands here: stop rather than orphan the process.
                    now = &mut stop => {
                        // A dropped handle (Err) stops gracefully.
                        let grace = if now.unwrap_or(false) { Duration::ZERO } else { options.stop_grace };
                        terminate(&mut child, grace).await;
                        tracing::info!(bot = %bot, "bot stopped");
                        return;
                    }
                }
            }
            Err(e) => {
                let program = options.command.first().map(String::as_str).unwrap_or("");
                tracing::warn!(bot = %bot, program, error = %e, "cannot start bot");
            }
        }
        restarts.fetch_add(1, Ordering::Relaxed);
        let delay = backoff.next_delay(started.elapsed());
        tracing::info!(bot = %bot, delay_ms = delay.as_millis() as u64, "restarting bot after back-off");
        tokio::select! {
            _ = tokio::time::sleep(delay) => {}
            _ = &mut stop => return,
        }
    }
}

fn spawn(env: &[(String, String)], options: &ChildOptions) -> std::io::Result<Child> {
    let (program, args) = options
        .command
        .split_first()
        .ok_or_else(|| std::io::Error::other("empty command"))?;
    let mut cmd = Command::new(program);
    cmd.args(args)
        .kill_on_drop(true)
        .stdin(std::process::Stdio::null());
    for var in &options.remove_env {
        cmd.env_remove(var);
    }
    for var in crate::env::IDENTITY_VARS {
        cmd.env_remove(var);
    }
    cmd.envs(env.iter().map(|(k, v)| (k, v)));
    platform::prepare(&mut cmd);
    cmd.spawn()
}

async fn terminate(child: &mut Child, grace: Duration) {
    platform::signal_group(child, platform::Signal::Term);
    if grace.is_zero() || tokio::time::timeout(grace, child.wait()).await.is_err() {
        platform::signal_group(child, platform::Signal::Kill);
        let _ = child.kill().await;
    }
    // The bot's own children (a shell wrapper's node, say) share its process group.
    platform::signal_group(child, platform::Signal::Kill);
    let _ = child.wait().await;
}

#[cfg(unix)]
mod platform {
    use tokio::process::{Child, Command};

    pub enum Signal {
        Term,
        Kill,
    }

    /// Own process group (so a stop reaches the bot's children too) and, on Linux, SIGKILL when
    /// the node dies: a `kill -9`'d node must not leave its bots running while other nodes take
    /// them over (two live sessions of one agent user).
    pub fn prepare(cmd: &mut Command) {
        cmd.process_group(0);
        #[cfg(target_os = "linux")]
        {
            // SAFETY: `getpid` is async-signal-safe; the closure runs in the forked child and only
            // calls async-signal-safe functions (`prctl`, `getppid`), allocating nothing.
            let parent = unsafe { libc::getpid() };
            unsafe {
                cmd.pre_exec(move || {
                    if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) != 0 {
                        return Err(std::io::Error::last_os_error());
                    }
                    // The node may have died between fork and prctl: then nothing would kill us.
                    if libc::getppid() != parent {
                        return Err(std::io::Error::other("the fleet node exited"));
                    }
                    Ok(())
                });
            }
        }
    }

    pub fn signal_group(child: &Child, signal: Signal) {
        let Some(pid) = child.id() else { return };
        let Ok(pid) = libc::pid_t::try_from(pid) else {
            return;
        };
        let signal = match signal {
            Signal::Term => libc::SIGTERM,
            Signal::Kill => libc::SIGKILL,
        };
        // SAFETY: plain syscall on the group we created for this child; errors (ESRCH once the
        // group is gone) are expected and ignored.
        unsafe {
            libc::kill(-pid, signal);
        }
    }
}

#[cfg(not(unix))]
mod platform {
    use tokio::process::{Child, Command};

    pub enum Signal {
        Term,
        Kill,
    }

    pub fn prepare(_cmd: &mut Command) {}

    pub fn signal_group(_child: &Child, _signal: Signal) {}
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn sh(script: &str) -> Arc<ChildOptions> {
        let mut o = ChildOptions::new(vec!["sh".into(), "-c".into(), script.into()]);
        o.backoff_initial = Duration::from_millis(20);
        o.backoff_max = Duration::from_millis(40);
        o.stop_grace = Duration::from_millis(500);
        Arc::new(o)
    }

    #[tokio::test]
    async fn a_crashing_bot_restarts_with_its_identity() {
        let dir = std::env::temp_dir().join(format!("lpm-fleet-child-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let log = dir.join("runs");
        let script = format!("echo \"$LPM_USER\" >> {}; exit 3", log.display());
        let bot = BotProcess::start(
            "b".into(),
            vec![("LPM_USER".into(), "u1".into())],
            sh(&script),
        );
        let deadline = Instant::now() + Duration::from_secs(10);
        while bot.restarts() < 3 {
            assert!(Instant::now() < deadline, "no restarts");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        bot.stop().await;
        let runs = std::fs::read_to_string(&log).unwrap();
        assert!(
            runs.lines().count() >= 3 && runs.lines().all(|l| l == "u1"),
            "{runs}"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[tokio::test]
    async fn stop_waits_for_exit_and_kills_a_bot_ignoring_sigterm() {
        let bot = BotProcess::start(
            "b".into(),
            vec![],
            sh("trap '' TERM; sleep 30 & wait; sleep 30"),
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
        let started = Instant::now();
        tokio::time::timeout(Duration::from_secs(5), bot.stop())
            .await
            .expect("stop hangs");
        assert!(
            started.elapsed() >= Duration::from_millis(400),
            "SIGKILL came before the grace"
        );
    }

    #[tokio::test]
    async fn stop_now_does_not_wait_for_the_grace() {
        let bot = BotProcess::start("b".into(), vec![], sh("trap '' TERM; sleep 30"));
        tokio::time::sleep(Duration::from_millis(200)).await;
        let started = Instant::now();
        tokio::time::timeout(Duration::from_secs(5), bot.stop_now())
            .await
            .expect("stop hangs");
        assert!(started.elapsed() < Duration::from_millis(400));
    }
}
