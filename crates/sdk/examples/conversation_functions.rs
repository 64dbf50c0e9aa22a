//! Conversation functions: create (default skill and a given skill), join and leave,
//! transfer to a skill and to an agent, close and closeConversation.
//!
//! ```text
//! lpm platform &
//! LPM_CSDS_URL=http://127.0.0.1:7400 cargo run -p lp-messaging-sdk --example conversation_functions
//! ```

use lp_messaging_sdk::{Connection, Event, NewConversation, ParticipantRole, Transfer, UserType};

#[tokio::main]
async fn main() -> lp_messaging_sdk::Result<()> {
    let account = "12345678";
    let agent = Connection::builder(account, UserType::Brand)
        .app_id("quick_start")
        .password("agent1", "agent1-password")
        .build()?;
    let other = Connection::builder(account, UserType::Brand)
        .app_id("quick_start")
        .password("agent2", "agent2-password")
        .build()?;
    let mut agent_events = agent.events();
    agent.open().await?;
    other.open().await?;

    let consumer = Connection::builder(account, UserType::Consumer)
        .app_id("quick_start")
        .build()?;
    consumer.open().await?;

    // no arguments: the default skill "-1"
    let conversation = consumer.create_conversation().await?;
    assert_eq!(conversation.skill().id(), "-1");
    conversation.close().await?;

    // a specific skill
    let conversation = consumer
        .create_conversation_with(NewConversation {
            skill_id: Some("12345678".into()),
            ..Default::default()
        })
        .await?;
    println!(
        "conversation {} in skill {}",
        conversation.id(),
        conversation.skill().id()
    );

    // the agent sees it, joins as assigned agent and waits until it shows
    let c = loop {
        if let Some(Event::Conversation(c)) = agent_events.next().await {
            if c.id() == conversation.id() {
                break c;
            }
        }
    };
    c.join(ParticipantRole::AssignedAgent).await?;
    while let Some(e) = agent_events.next().await {
        if let Event::ParticipantAdded { participant, .. } = e {
            if participant.is_me() {
                break;
            }
        }
    }

    // transfer to a specific skill (removes the assigned agent)
    c.transfer(Transfer::Skill("1111111".into())).await?;
    // join again, then transfer to a specific agent (who must accept)
    c.join(ParticipantRole::Agent).await?;
    if let Some(id) = other.agent_id() {
        c.transfer(Transfer::Agent(id)).await?;
    }
    // leave
    c.leave().await?;

    // close by id, without a conversation object
    consumer.close_conversation(conversation.id()).await?;
    println!("closed");
    consumer.close().await?;
    agent.close().await?;
    other.close().await?;
    Ok(())
}
