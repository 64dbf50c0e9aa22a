//! `lpm fleet example-bot`: the seed's quick-start agent bot with its identity from the
//! environment, so a fleet can be tried (and tested) without writing a bot.

use std::collections::HashSet;
use std::process::ExitCode;

use lp_messaging_sdk::{AgentState, ConnectionBuilder, Conversation, Event, ParticipantRole};

/// Connects as the bot `lpm fleet` hands us and serves conversations until the connection ends
/// or SIGTERM.
///
/// Without `rings` (the seed's quick start): joins every conversation it is told about and answers
/// "hello" to each consumer message. With `rings`: goes ONLINE, takes conversations through
/// routing (accepts rings), and answers each consumer message of the conversations assigned to
/// it exactly once with `re: <text>`, including messages sent while no instance of this bot ran
/// (it loads each conversation's history and answers what has no answer yet), which is what a
/// bot moved to another node must do.
pub async fn run(rings: bool) -> ExitCode {
    let bot = std::env::var("LPM_FLEET_BOT").unwrap_or_default();
    let connection = match ConnectionBuilder::from_env().and_then(|b| {
        b.app_id("lpm_fleet_example")
            .get_all_messages(rings)
            .build()
    }) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("example bot {bot}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut events = connection.events();
    if let Err(e) = connection.open().await {
        eprintln!("example bot {bot}: {e}");
        return ExitCode::FAILURE;
    }
    if rings {
        let online = connection.set_agent_state(AgentState::Online).await;
        let routing = connection.create_routing_task_subscription().await;
        if let Err(e) = online.and(routing.map(|_| ())) {
            eprintln!("example bot {bot}: routing: {e}");
            return ExitCode::FAILURE;
        }
    }
    let me = connection.agent_id().unwrap_or_default();
    println!("example bot {bot} connected as agent {me}");
    let mut answered = Answered::default();
    // Ring mode also sweeps its conversations twice a second: an assignment can reach the model
    // after the event that announced the ring or the message.
    let mut sweep = tokio::time::interval(std::time::Duration::from_millis(500));
    loop {
        let event = if rings {
            tokio::select! {
                event = events.next() => event,
                _ = sweep.tick() => {
                    for c in connection.conversations() {
                        answered.answer(&me, &c).await;
                    }
                    continue;
                }
            }
        } else {
            events.next().await
        };
        let Some(event) = event else { break };
        match event {
            // Every ONLINE bot is rung; the first to accept gets the conversation, the others'
            // accepts are refused (logged, harmless).
            Event::Ring(ring) if rings && ring.is_waiting() => match ring.accept().await {
                Ok(()) => {
                    if let Some(c) = ring.conversation() {
                        answered.answer(&me, &c).await;
                    }
                }
                Err(e) => eprintln!("example bot {bot}: accept: {e}"),
            },
            Event::Conversation(conversation) if rings => {
                answered.answer(&me, &conversation).await;
            }
            Event::Conversation(conversation) => {
                if let Err(e) = conversation.join(ParticipantRole::Agent).await {
                    eprintln!("example bot {bot}: join: {e}");
                }
            }
            Event::ParticipantAdded { conversation, .. } if rings => {
                answered.answer(&me, &conversation).await;
            }
            Event::Message(m) if m.sender_role() == Some(ParticipantRole::Consumer) => {
                let Some(c) = connection.conversation(m.conversation_id()) else {
                    continue;
                };
                if rings {
                    answered.answer(&me, &c).await;
                } else if let Err(e) = c.send_message("hello").await {
                    eprintln!("example bot {bot}: send: {e}");
                }
            }
            Event::Error(e) => eprintln!("example bot {bot}: {e}"),
            _ => {}
        }
    }
    ExitCode::SUCCESS
}

/// The answers this process sent, on top of those in the conversations' history: its own
/// messages may not be in the model yet when the next consumer message arrives.
#[derive(Default)]
struct Answered {
    sent: HashSet<(String, String)>,
    loaded: HashSet<String>,
}

impl Answered {
    async fn answer(&mut self, me: &str, conversation: &Conversation) {
        let assigned = conversation.assigned_agent().is_some_and(|p| {
            p.agent_id().as_deref() == Some(me) || me.ends_with(&format!(".{}", p.user_id()))
        });
        if !assigned || !conversation.is_open() {
            return;
        }
        // Messages published before the ring was accepted may not be in this connection's
        // model yet: load the dialog's history once per conversation.
        if self.loaded.insert(conversation.id().to_string()) {
            if let Err(e) = conversation.query_messages(None).await {
                eprintln!("example bot: history: {e}");
                self.loaded.remove(conversation.id());
            }
        }
        let messages = conversation.messages();
        let in_history: HashSet<String> = messages
            .iter()
            .filter(|m| m.sender_role() != Some(ParticipantRole::Consumer))
            .filter_map(|m| m.text())
            .collect();
        for m in messages
            .iter()
            .filter(|m| m.sender_role() == Some(ParticipantRole::Consumer))
        {
            let Some(text) = m.text() else { continue };
            let answer = format!("re: {text}");
            let key = (conversation.id().to_string(), answer.clone());
            if in_history.contains(&answer) || self.sent.contains(&key) {
                continue;
            }
            match conversation.send_message(answer).await {
                Ok(_) => {
                    self.sent.insert(key);
                }
                Err(e) => eprintln!("example bot: answer: {e}"),
            }
        }
    }
}
