//! The built-in bot of `lpm load`, written with the Rust SDK as a user's bot would be: ONLINE,
//! subscribed to routing tasks, it accepts every ring (so it becomes the assigned agent of every
//! conversation and receives all their messages), counts each load message it receives with its
//! one-way latency and, as the echo bot, answers it with `lpm-echo {id}`.

use super::LoadError;
use super::consumer::{ECHO_PREFIX, LOAD_PREFIX};
use super::report::Latency;
use super::target::Target;
use lp_messaging_sdk::{AgentState, Connection, Event, EventStream, ParticipantRole, UserType};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// How the bot logs in and what it does with a message.
#[derive(Clone)]
pub struct BotOptions {
    /// Login name (dev mode remembers any on first use).
    pub user: String,
    /// Password.
    pub password: String,
    /// Answer every load message (`lpm-echo …`); otherwise only count it.
    pub echo: bool,
}

/// What the bot saw, at the end of a run.
pub struct BotFigures {
    /// Load messages delivered to it.
    pub delivered: u64,
    /// Consumer → bot latency of each.
    pub latency: Latency,
    /// When the last one arrived.
    pub last: Option<Instant>,
}

/// A running bot.
pub struct Bot {
    conn: Connection,
    /// How many conversations it is the assigned agent of.
    pub joined: watch::Receiver<usize>,
    /// Load messages delivered so far (for the progress bar).
    pub delivered: Arc<AtomicU64>,
    task: JoinHandle<BotFigures>,
}

impl Bot {
    /// Logs in, goes ONLINE, subscribes to routing tasks and starts answering.
    ///
    /// `epoch` is the instant the consumers' `sent_us` stamps count from (one process, one clock).
    ///
    /// ```no_run
    /// # async fn f(t: &lpm::load::target::Target) -> Result<(), lpm::load::LoadError> {
    /// use lpm::load::bot::{Bot, BotOptions};
    /// let options = BotOptions { user: "lpm-load-bot".into(), password: "pw".into(), echo: true };
    /// let bot = Bot::start(t, options, std::time::Instant::now()).await?;
    /// let figures = bot.stop().await;
    /// # Ok(()) }
    /// ```
    pub async fn start(
        target: &Target,
        options: BotOptions,
        epoch: Instant,
    ) -> Result<Bot, LoadError> {
        let bot_err = |e: lp_messaging_sdk::Error| LoadError::Bot(e.to_string());
        let conn = Connection::builder(&target.account, UserType::Brand)
            .app_id("lpm_load")
            .csds_url(&target.csds)
            .no_proxy()
            .password(&options.user, &options.password)
            .build()
            .map_err(bot_err)?;
        let events = conn.events();
        conn.open().await.map_err(bot_err)?;
        conn.set_agent_state(AgentState::Online)
            .await
            .map_err(bot_err)?;
        conn.create_routing_task_subscription()
            .await
            .map_err(bot_err)?;
        let (joined_tx, joined) = watch::channel(0);
        let delivered = Arc::new(AtomicU64::new(0));
        let task = tokio::spawn(serve(
            conn.clone(),
            events,
            options.echo,
            epoch,
            joined_tx,
            delivered.clone(),
        ));
        Ok(Bot {
            conn,
            joined,
            delivered,
            task,
        })
    }

    /// Waits until the bot is the assigned agent of `n` conversations.
    pub async fn wait_joined(&mut self, n: usize, limit: Duration) -> Result<(), LoadError> {
        tokio::time::timeout(limit, self.joined.wait_for(|j| *j >= n))
            .await
            .map_err(|_| LoadError::Timeout("the bot to join every conversation"))?
            .map_err(|_| LoadError::Bot("the bot stopped".into()))?;
        Ok(())
    }

    /// Closes the bot's connection and returns what it saw.
    pub async fn stop(self) -> BotFigures {
        let _ = self.conn.close().await;
        match self.task.await {
            Ok(figures) => figures,
            Err(_) => BotFigures {
                delivered: self.delivered.load(Ordering::Relaxed),
                latency: Latency::new(),
                last: None,
            },
        }
    }
}

/// The bot's event loop; ends when the connection closes.
async fn serve(
    conn: Connection,
    mut events: EventStream,
    echo: bool,
    epoch: Instant,
    joined: watch::Sender<usize>,
    delivered: Arc<AtomicU64>,
) -> BotFigures {
    let mut figures = BotFigures {
        delivered: 0,
        latency: Latency::new(),
        last: None,
    };
    while let Some(e) = events.next().await {
        match e {
            Event::Ring(ring) if ring.is_waiting() => {
                // Accepting waits for the platform's answer; the loop goes on meanwhile.
                tokio::spawn(async move {
                    if let Err(e) = ring.accept().await {
                        tracing::warn!("lpm load bot: accepting a ring: {e}");
                    }
                });
            }
            Event::ParticipantAdded { participant, .. }
                if participant.is_me() && participant.role() == &ParticipantRole::AssignedAgent =>
            {
                joined.send_modify(|j| *j += 1);
            }
            Event::Message(m)
                if m.sender_role() == Some(ParticipantRole::Consumer) && !m.is_history() =>
            {
                let Some(text) = m.text() else { continue };
                let Some((id, sent_us)) = text
                    .strip_prefix(LOAD_PREFIX)
                    .and_then(|rest| rest.split_once(' '))
                else {
                    continue;
                };
                let now = Instant::now();
                if let Ok(sent_us) = sent_us.parse::<u64>() {
                    let sent = epoch + Duration::from_micros(sent_us);
                    figures.latency.record(now.saturating_duration_since(sent));
                }
                figures.delivered += 1;
                figures.last = Some(now);
                delivered.fetch_add(1, Ordering::Relaxed);
                if echo && let Some(c) = conn.conversation(m.conversation_id()) {
                    let answer = format!("{ECHO_PREFIX}{id}");
                    tokio::spawn(async move {
                        if let Err(e) = c.send_message(answer).await {
                            tracing::warn!("lpm load bot: echo: {e}");
                        }
                    });
                }
            }
            Event::Closed { .. } => break,
            _ => {}
        }
    }
    figures
}
