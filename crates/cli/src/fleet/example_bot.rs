//! `lpm fleet example-bot`: the seed's quick-start agent bot with its identity from the
//! environment, so a fleet can be tried (and tested) without writing a bot.

use std::process::ExitCode;

use lp_messaging_sdk::{ConnectionBuilder, Event, ParticipantRole};

/// Connects as the bot `lpm fleet` hands us, joins every conversation and answers "hello" to each
/// consumer message, until the connection ends or SIGTERM.
pub async fn run() -> ExitCode {
    let bot = std::env::var("LPM_FLEET_BOT").unwrap_or_default();
    let connection =
        match ConnectionBuilder::from_env().and_then(|b| b.app_id("lpm_fleet_example").build()) {
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
    println!(
        "example bot {bot} connected as agent {}",
        connection.agent_id().unwrap_or_default()
    );
    while let Some(event) = events.next().await {
        match event {
            Event::Conversation(conversation) => {
                if let Err(e) = conversation.join(ParticipantRole::Agent).await {
                    eprintln!("example bot {bot}: join: {e}");
                }
            }
            Event::Message(m) if m.sender_role() == Some(ParticipantRole::Consumer) => {
                if let Some(c) = connection.conversation(m.conversation_id()) {
                    if let Err(e) = c.send_message("hello").await {
                        eprintln!("example bot {bot}: send: {e}");
                    }
                }
            }
            Event::Error(e) => eprintln!("example bot {bot}: {e}"),
            _ => {}
        }
    }
    ExitCode::SUCCESS
}
