//! Conversation events: a holder bot for off hours (`transfer-skill` into a skill that is in
//! off hours), a private note when a manager joins (`participant-added`), and the other events
//! printed as they happen.
//!
//! Off hours need working hours, i.e. a strict platform configuration with skills that have
//! `working_hours` (see `docs/rust-sdk.md`):
//!
//! ```text
//! lpm platform --config my-account.toml &
//! LPM_CSDS_URL=http://127.0.0.1:7400 cargo run -p lp-messaging-sdk --example conversation_events
//! ```

use lp_messaging_sdk::{Connection, Event, ParticipantRole, UserType};

#[tokio::main]
async fn main() -> lp_messaging_sdk::Result<()> {
    let connection = Connection::builder("12345678", UserType::Brand)
        .app_id("quick_start")
        .api_key(
            "holder-bot",
            "appKey",
            "secret",
            "accessToken",
            "accessTokenSecret",
        )
        .poll_shift_status(true) // keeps skill working hours up to date
        .build()?;
    let mut events = connection.events();
    connection.open().await?;

    while let Some(event) = events.next().await {
        match event {
            // if the new skill is in off hours, join and tell the consumer
            Event::TransferSkill {
                conversation,
                skill,
            } if skill.is_in_off_hours() => {
                conversation.join(ParticipantRole::Agent).await?;
                conversation
                    .send_message("we are in off hours, would you like to wait?")
                    .await?;
            }
            // a manager joined: send a private message hidden from the consumer
            Event::ParticipantAdded {
                conversation,
                participant,
                ..
            } if participant.role() == &ParticipantRole::Manager && !participant.is_me() => {
                let joined = conversation
                    .open_dialog()
                    .is_some_and(|d| d.participants().iter().any(|p| p.is_me()));
                if joined {
                    conversation
                        .send_private_message("a manager has joined the conversation", None)
                        .await?;
                }
            }
            Event::ParticipantRemoved { participant, .. } => {
                println!(
                    "participant-removed: {} ({})",
                    participant.user_id(),
                    participant.role()
                )
            }
            Event::TransferAgent { conversation, .. } => {
                println!("transfer-agent: {}", conversation.id())
            }
            Event::BackToQueue(c) => println!("back-to-queue: {}", c.id()),
            Event::ConsumerStepUp { conversation, .. } => {
                println!("consumer-step-up: {}", conversation.id())
            }
            Event::ConversationClosed(c) => println!("close: {}", c.id()),
            _ => {}
        }
    }
    Ok(())
}
