//! Agent routing ("rings"): go online, subscribe to routing tasks, accept waiting rings.
//!
//! ```text
//! lpm platform &
//! LPM_CSDS_URL=http://127.0.0.1:7400 cargo run -p lp-messaging-sdk --example rings
//! ```
//! Then start a conversation, e.g. with the `consumer_quick_start` example.

use lp_messaging_sdk::{AgentState, Connection, Event, UserType};

#[tokio::main]
async fn main() -> lp_messaging_sdk::Result<()> {
    let connection = Connection::builder("12345678", UserType::Brand)
        .app_id("quick_start")
        .password("agent1", "agent1-password")
        .build()?;
    let mut events = connection.events();
    connection.open().await?;

    // agent state must be ONLINE to receive rings
    connection.set_agent_state(AgentState::Online).await?;
    // subscribe to routing tasks (rings); re-created automatically after reconnects
    connection.create_routing_task_subscription().await?;
    println!("online, waiting for rings (Ctrl-C to stop)");

    while let Some(event) = events.next().await {
        match event {
            Event::Ring(ring) => {
                // ignore old rings
                if !ring.is_waiting() {
                    continue;
                }
                ring.accept().await?; // or: ring.reject().await?
            }
            Event::Conversation(c) => println!("agent has been added to conversation {}", c.id()),
            _ => {}
        }
    }
    Ok(())
}
