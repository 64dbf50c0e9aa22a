//! `lpm demo`: the local platform, an agent bot, a human-style agent and a consumer, all in
//! this process, talking through the Rust SDK; the conversation is printed as it happens.
//!
//! The story: a consumer opens a conversation; the greeter bot gets the ring, accepts and says
//! hello; the consumer asks about an order; the bot transfers the conversation to the orders
//! skill; agent Ava gets that ring, accepts and answers; the consumer says thanks and Ava closes
//! the conversation.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use lp_messaging_sdk::{
    AgentState, Connection, Event, EventStream, ParticipantRole, Transfer, UserType,
};
use lpm_platform::{Platform, PlatformOptions};
use tokio::task::JoinHandle;

/// The skill the bot transfers to.
const ORDERS_SKILL: &str = "1002";
/// The demo's account id (dev mode accepts any).
const ACCOUNT: &str = "12345678";
/// How long the demo may take before it gives up.
const DEADLINE: Duration = Duration::from_secs(30);

/// Options of `lpm demo`.
pub struct DemoOptions {
    /// Port for the platform (0: any free one).
    pub port: u16,
    /// No pauses between steps.
    pub fast: bool,
}

/// Prints lines with a time stamp, a coloured speaker and text.
#[derive(Clone)]
struct Printer {
    start: Instant,
    color: bool,
}

#[derive(Clone, Copy)]
enum Who {
    Platform,
    Consumer,
    Bot,
    Ava,
    Narrator,
}

impl Who {
    fn label(self) -> &'static str {
        match self {
            Who::Platform => "platform",
            Who::Consumer => "Jane (consumer)",
            Who::Bot => "greeter bot",
            Who::Ava => "Ava (orders)",
            Who::Narrator => "",
        }
    }

    fn color(self) -> &'static str {
        match self {
            Who::Platform => "\x1b[90m",
            Who::Consumer => "\x1b[36m",
            Who::Bot => "\x1b[35m",
            Who::Ava => "\x1b[33m",
            Who::Narrator => "\x1b[90m",
        }
    }
}

impl Printer {
    fn stamp(&self) -> String {
        let ms = self.start.elapsed().as_millis();
        format!("{:>3}.{:03}s", ms / 1000, ms % 1000)
    }

    fn paint(&self, code: &str, s: &str) -> String {
        if self.color {
            format!("{code}{s}\x1b[0m")
        } else {
            s.to_owned()
        }
    }

    /// A spoken message: `Jane (consumer)  ▸ text`.
    fn say(&self, who: Who, text: &str) {
        let name = self.paint(who.color(), &format!("{:<16}", who.label()));
        out(&format!(
            "{}  {name} ▸ {text}",
            self.paint("\x1b[90m", &self.stamp())
        ));
    }

    /// Something that happened: `· greeter bot accepted the ring`.
    fn note(&self, who: Who, text: &str) {
        let line = match who {
            Who::Narrator => format!("{:<16}   · {text}", ""),
            _ => format!("{:<16}   · {text}", who.label()),
        };
        out(&format!(
            "{}  {}",
            self.paint("\x1b[90m", &self.stamp()),
            self.paint(who.color(), &line)
        ));
    }
}

/// Prints a line; a closed stdout (`lpm demo | head`) is not an error worth a panic.
fn out(line: &str) {
    let _ = writeln!(std::io::stdout().lock(), "{line}");
}

/// Runs the demo; prints the conversation to stdout.
pub async fn run(options: DemoOptions) -> ExitCode {
    let printer = Printer {
        start: Instant::now(),
        color: std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let platform = match Platform::start(PlatformOptions {
        port: options.port,
        ..PlatformOptions::default()
    })
    .await
    {
        Ok(p) => p,
        Err(e) => {
            eprintln!("lpm demo: {e}");
            return ExitCode::FAILURE;
        }
    };
    out(&printer.paint(
        "\x1b[1m",
        "lpm demo: a consumer, an agent bot and an agent on a local Messaging Platform",
    ));
    out("");
    printer.note(
        Who::Platform,
        &format!(
            "listening on {} (dev mode, in this process)",
            platform.csds_url()
        ),
    );
    let result = tokio::time::timeout(DEADLINE, story(&platform, &printer, options.fast)).await;
    let code = match result {
        Ok(Ok(())) => {
            out("");
            out(&printer.paint(
                "\x1b[1m",
                "Done. Run `lpm platform` and point your own code at it with LPM_CSDS_URL.",
            ));
            ExitCode::SUCCESS
        }
        Ok(Err(e)) => {
            eprintln!("lpm demo failed: {e}");
            ExitCode::FAILURE
        }
        Err(_) => {
            eprintln!("lpm demo: gave up after {} s", DEADLINE.as_secs());
            ExitCode::FAILURE
        }
    };
    platform.shutdown().await;
    code
}

type DemoResult<T = ()> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

async fn brand(csds: &str, user: &str) -> DemoResult<(Connection, EventStream)> {
    let c = Connection::builder(ACCOUNT, UserType::Brand)
        .app_id("lpm_demo")
        .csds_url(csds)
        .no_proxy()
        .api_key(
            user,
            "demo-app-key",
            "demo-secret",
            "demo-token",
            "demo-token-secret",
        )
        .build()?;
    let events = c.events();
    c.open().await?;
    c.set_agent_state(AgentState::Online).await?;
    c.create_routing_task_subscription().await?;
    Ok((c, events))
}

async fn story(platform: &Platform, p: &Printer, fast: bool) -> DemoResult {
    let csds = platform.csds_url();
    let pause = move || async move {
        if !fast {
            tokio::time::sleep(Duration::from_millis(700)).await;
        }
    };

    let (bot, bot_events) = brand(&csds, "greeter-bot").await?;
    p.note(Who::Bot, "online, subscribed to rings");
    let (ava, ava_events) = brand(&csds, "ava").await?;
    p.note(
        Who::Ava,
        &format!("online, takes the orders skill ({ORDERS_SKILL})"),
    );

    let names = Arc::new(vec![
        (bot.participant_id().unwrap_or_default(), Who::Bot),
        (ava.participant_id().unwrap_or_default(), Who::Ava),
    ]);
    let bot_task = tokio::spawn(greeter_bot(bot.clone(), bot_events, p.clone()));
    let ava_task = tokio::spawn(orders_agent(ava.clone(), ava_events, p.clone()));

    let consumer = Connection::builder(ACCOUNT, UserType::Consumer)
        .app_id("lpm_demo")
        .csds_url(&csds)
        .no_proxy()
        .build()?;
    consumer.open().await?;
    consumer
        .set_user_profile(
            serde_json::json!({"firstName": "Jane", "lastName": "Doe", "nickName": "Jane"}),
        )
        .await?;
    p.note(Who::Consumer, "connected, opening a conversation");
    // subscribe first: the bot may join before create_conversation returns
    let mut events = consumer.events();
    let conversation = consumer.create_conversation().await?;
    p.note(
        Who::Consumer,
        &format!("conversation {} is open", short(conversation.id())),
    );

    let who = |user_id: &str| {
        names
            .iter()
            .find(|(id, _)| id == user_id)
            .map(|(_, w)| *w)
            .unwrap_or(Who::Narrator)
    };
    let mut asked = false;
    let mut thanked = false;
    while let Some(e) = events.next().await {
        if e.conversation_id() != Some(conversation.id()) {
            continue;
        }
        match e {
            Event::Message(m) => {
                let text = m.text().unwrap_or_else(|| "(rich content)".into());
                if m.sent_by_current_user() {
                    p.say(Who::Consumer, &text);
                    continue;
                }
                let speaker = m
                    .participant()
                    .map(|pt| who(pt.user_id()))
                    .unwrap_or(Who::Narrator);
                p.say(speaker, &text);
                match speaker {
                    Who::Bot if !asked => {
                        asked = true;
                        pause().await;
                        conversation
                            .send_message("Hi! Where is my order #1234?")
                            .await?;
                    }
                    Who::Ava if !thanked => {
                        thanked = true;
                        pause().await;
                        conversation.send_message("Great, thanks a lot!").await?;
                    }
                    _ => {}
                }
            }
            Event::ParticipantAdded { participant, .. }
                if participant.role() != &ParticipantRole::Consumer =>
            {
                let w = who(participant.user_id());
                p.note(
                    Who::Narrator,
                    &format!("{} joined as {}", w.label(), participant.role()),
                );
            }
            Event::ParticipantRemoved { participant, .. }
                if participant.role() != &ParticipantRole::Consumer =>
            {
                let w = who(participant.user_id());
                p.note(
                    Who::Narrator,
                    &format!("{} left the conversation", w.label()),
                );
            }
            Event::TransferSkill { skill, .. } => {
                p.note(
                    Who::Narrator,
                    &format!("conversation transferred to skill {}", skill.id()),
                );
            }
            Event::ConversationClosed(_) => {
                p.note(Who::Narrator, "Ava (orders) closed the conversation");
                break;
            }
            _ => {}
        }
    }

    // Ava's task ends once her close request is answered; then everyone disconnects.
    finish(ava_task).await;
    consumer.close().await?;
    bot.close().await?;
    ava.close().await?;
    finish(bot_task).await;
    Ok(())
}

async fn finish(task: JoinHandle<DemoResult>) {
    match task.await {
        Ok(Ok(())) => {}
        Ok(Err(e)) => eprintln!("lpm demo: {e}"),
        Err(e) => eprintln!("lpm demo: {e}"),
    }
}

fn short(id: &str) -> String {
    id.chars().take(8).collect()
}

/// Accepts rings of the default skill, greets, answers the first question with a transfer.
async fn greeter_bot(conn: Connection, mut events: EventStream, p: Printer) -> DemoResult {
    while let Some(e) = events.next().await {
        match e {
            Event::Ring(ring) if ring.is_waiting() => {
                let skill = ring.skill_id().unwrap_or_else(|| "-1".into());
                if skill != ORDERS_SKILL {
                    p.note(Who::Bot, &format!("ring for skill {skill}: accepting"));
                    ring.accept().await?;
                }
            }
            Event::ParticipantAdded {
                conversation,
                participant,
                ..
            } if participant.is_me() && participant.role() == &ParticipantRole::AssignedAgent => {
                conversation
                    .send_message("Hello Jane, I'm the greeter bot. How can I help?")
                    .await?;
            }
            Event::Message(m)
                if m.sender_role() == Some(ParticipantRole::Consumer) && !m.is_history() =>
            {
                let Some(c) = conn.conversation(m.conversation_id()) else {
                    continue;
                };
                let mine = c.assigned_agent().is_some_and(|a| a.is_me());
                if mine {
                    m.accept().await?;
                    m.read().await?;
                    c.send_message("Orders are handled by our orders team, let me transfer you.")
                        .await?;
                    c.transfer(Transfer::Skill(ORDERS_SKILL.into())).await?;
                }
            }
            Event::Closed { .. } => break,
            _ => {}
        }
    }
    Ok(())
}

/// Accepts rings of the orders skill, answers, and closes the conversation when thanked.
async fn orders_agent(conn: Connection, mut events: EventStream, p: Printer) -> DemoResult {
    while let Some(e) = events.next().await {
        match e {
            Event::Ring(ring)
                if ring.is_waiting() && ring.skill_id().as_deref() == Some(ORDERS_SKILL) =>
            {
                p.note(
                    Who::Ava,
                    &format!("ring for skill {ORDERS_SKILL}: accepting"),
                );
                ring.accept().await?;
            }
            Event::ParticipantAdded {
                conversation,
                participant,
                ..
            } if participant.is_me() && participant.role() == &ParticipantRole::AssignedAgent => {
                conversation
                    .send_message("Hi Jane, Ava from the orders team. Order #1234 ships tomorrow.")
                    .await?;
            }
            Event::Message(m)
                if m.sender_role() == Some(ParticipantRole::Consumer) && !m.is_history() =>
            {
                let Some(c) = conn.conversation(m.conversation_id()) else {
                    continue;
                };
                if c.assigned_agent().is_some_and(|a| a.is_me())
                    && m.text()
                        .is_some_and(|t| t.to_lowercase().contains("thanks"))
                {
                    m.accept().await?;
                    m.read().await?;
                    c.send_message("You're welcome. Have a nice day!").await?;
                    c.close().await?;
                    return Ok(());
                }
            }
            Event::Closed { .. } => break,
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_demo_runs_to_the_end() {
        let code = run(DemoOptions {
            port: 0,
            fast: true,
        })
        .await;
        assert_eq!(code, ExitCode::SUCCESS);
    }
}
