//! The bot under test: the seed's quick-start agent bot (join every conversation, answer each
//! consumer message with "hello"), either in this process with the Rust SDK or as a child
//! `node` process running a JavaScript bot file. Either way it reports each consumer message it
//! sees, in the order it sees them.

use std::path::PathBuf;
use std::process::Stdio;
use std::sync::{Arc, Mutex};

use lp_messaging_sdk::{AgentState, Connection, Event, ParticipantRole, UserType};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::sync::mpsc;

use super::report::parse_text;

/// The account the seed's samples use.
pub const ACCOUNT: &str = "12345678";

/// Why the bot could not start.
#[derive(Debug, thiserror::Error)]
pub enum BotError {
    /// The Rust bot's connection failed to build or open.
    #[error("rust bot: {0}")]
    Sdk(#[from] lp_messaging_sdk::Error),
    /// The node process could not be started.
    #[error("cannot start node {script}: {source}")]
    Spawn {
        script: String,
        source: std::io::Error,
    },
    /// The node bot ended before it said it was ready.
    #[error("the node bot exited before it was ready:\n{output}")]
    NotReady { output: String },
}

/// A running bot.
pub enum Bot {
    /// In-process, Rust SDK.
    Rust {
        connection: Connection,
        task: tokio::task::JoinHandle<()>,
    },
    /// A child `node` process.
    Js {
        child: tokio::process::Child,
        stderr: Arc<Mutex<Vec<String>>>,
    },
}

impl Bot {
    /// Starts the Rust SDK bot: connects through `csds_url`, goes ONLINE (so that the run can
    /// check the state is restored), then serves as the quick-start bot does, each reply sent
    /// without waiting for it.
    pub async fn rust(
        csds_url: &str,
        seen: mpsc::UnboundedSender<(usize, usize)>,
    ) -> Result<Bot, BotError> {
        let connection = Connection::builder(ACCOUNT, UserType::Brand)
            .app_id("lpm_chaos")
            .csds_url(csds_url)
            .no_proxy()
            .api_key(
                "bot1",
                "1a804df636f347bgcb4974a1ea3e2a91",
                "e15d540710838b40",
                "ccf8gf5bb346f3a95245e9b4798695f2",
                "876c7425f81c5160",
            )
            .build()?;
        let mut events = connection.events();
        connection.open().await?;
        connection.set_agent_state(AgentState::Online).await?;
        let model = connection.clone();
        let task = tokio::spawn(async move {
            while let Some(event) = events.next().await {
                match event {
                    Event::Conversation(c) => {
                        tokio::spawn(async move {
                            if let Err(e) = c.join(ParticipantRole::Agent).await {
                                eprintln!("rust bot: join: {e}");
                            }
                        });
                    }
                    Event::Message(m) if m.sender_role() == Some(ParticipantRole::Consumer) => {
                        if let Some(k) = m.text().as_deref().and_then(parse_text) {
                            let _ = seen.send(k);
                        }
                        let Some(c) = model.conversation(m.conversation_id()) else {
                            continue;
                        };
                        // As the seed's bot does: answer without waiting for the answer.
                        tokio::spawn(async move {
                            if let Err(e) = c.send_message("hello").await {
                                eprintln!("rust bot: send: {e}");
                            }
                        });
                    }
                    _ => {}
                }
            }
        });
        Ok(Bot::Rust { connection, task })
    }

    /// Starts `node script` in the script's folder with `LPM_CSDS_URL=csds_url` and waits until
    /// it prints a line with "ready". Each stdout line that is a consumer message's text is
    /// reported to `seen`.
    pub async fn js(
        node: &str,
        script: &PathBuf,
        csds_url: &str,
        seen: mpsc::UnboundedSender<(usize, usize)>,
    ) -> Result<Bot, BotError> {
        // Absolute, since it runs in its own folder (where its `require`s resolve).
        let script = std::fs::canonicalize(script).map_err(|source| BotError::Spawn {
            script: script.display().to_string(),
            source,
        })?;
        let dir = script.parent().map(PathBuf::from).unwrap_or_default();
        let mut child = tokio::process::Command::new(node)
            .arg(&script)
            .current_dir(dir)
            .env("LPM_CSDS_URL", csds_url)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .map_err(|source| BotError::Spawn {
                script: script.display().to_string(),
                source,
            })?;
        let stderr = Arc::new(Mutex::new(Vec::new()));
        if let Some(err) = child.stderr.take() {
            let keep = stderr.clone();
            tokio::spawn(async move {
                let mut lines = BufReader::new(err).lines();
                while let Ok(Some(line)) = lines.next_line().await {
                    if let Ok(mut k) = keep.lock() {
                        k.push(line);
                    }
                }
            });
        }
        let (ready_tx, ready_rx) = tokio::sync::oneshot::channel();
        if let Some(out) = child.stdout.take() {
            tokio::spawn(async move {
                let mut ready = Some(ready_tx);
                let mut lines = BufReader::new(out).lines();
                while let Ok(Some(line)) = lines.next_line().await {
                    if let Some(k) = parse_text(&line) {
                        let _ = seen.send(k);
                    } else if line.contains("ready") {
                        if let Some(r) = ready.take() {
                            let _ = r.send(());
                        }
                    }
                }
            });
        }
        if ready_rx.await.is_err() {
            let output = stderr.lock().map(|l| l.join("\n")).unwrap_or_default();
            return Err(BotError::NotReady { output });
        }
        Ok(Bot::Js { child, stderr })
    }

    /// Whether the bot still runs (the node process has not exited; the Rust bot's loop has
    /// not ended).
    pub fn alive(&mut self) -> bool {
        match self {
            Bot::Rust { task, .. } => !task.is_finished(),
            Bot::Js { child, .. } => matches!(child.try_wait(), Ok(None)),
        }
    }

    /// The last lines the node bot wrote to stderr (nothing for the Rust bot).
    pub fn stderr_tail(&self, n: usize) -> Vec<String> {
        match self {
            Bot::Rust { .. } => Vec::new(),
            Bot::Js { stderr, .. } => stderr
                .lock()
                .map(|l| l[l.len().saturating_sub(n)..].to_vec())
                .unwrap_or_default(),
        }
    }

    /// Whether this bot sets an agent state the run should find restored.
    pub fn sets_agent_state(&self) -> bool {
        matches!(self, Bot::Rust { .. })
    }

    /// Stops the bot.
    pub async fn stop(self) {
        match self {
            Bot::Rust { connection, task } => {
                let _ = connection.close().await;
                task.abort();
            }
            Bot::Js { mut child, .. } => {
                let _ = child.kill().await;
            }
        }
    }
}
