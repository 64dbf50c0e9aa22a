//! Agent routing: agent state, routing-task subscription, rings accepted and rejected.

mod common;

use common::{Env, wait_for};
use lp_messaging_sdk::{AgentState, Event, ParticipantRole, RingState};

#[tokio::test]
async fn ring_accepted_makes_the_agent_assigned() {
    let env = Env::start().await;
    let (agent, mut events) = env.brand("agent1").await;
    agent
        .set_agent_state(AgentState::Online)
        .await
        .expect("online");
    assert_eq!(agent.agent_state(), Some(AgentState::Online));
    agent
        .create_routing_task_subscription()
        .await
        .expect("routing subscription");

    let consumer = env.consumer().await;
    let conversation = consumer.create_conversation().await.expect("created");
    let mut consumer_events = conversation.events();

    let ring = wait_for(&mut events, "a ring", |e| match e {
        Event::Ring(r) => Some(r.clone()),
        _ => None,
    })
    .await;
    assert_eq!(ring.state(), Some(RingState::Waiting));
    assert_eq!(
        ring.conversation().map(|c| c.id().to_owned()),
        Some(conversation.id().to_owned())
    );
    ring.accept().await.expect("accepted");
    wait_for(&mut events, "ring accepted", |e| match e {
        Event::RingStateChanged { ring: r, state } if r.id() == ring.id() => {
            (*state == RingState::Accepted).then_some(())
        }
        _ => None,
    })
    .await;

    // the consumer sees the agent join as assigned agent
    let added = wait_for(&mut consumer_events, "agent added", |e| match e {
        Event::ParticipantAdded { participant, .. }
            if participant.role() == &ParticipantRole::AssignedAgent =>
        {
            Some(participant.clone())
        }
        _ => None,
    })
    .await;
    assert_eq!(added.user_id(), agent.participant_id().expect("pid"));
    let c = agent
        .conversation(conversation.id())
        .expect("agent holds it");
    assert!(c.assigned_agent().expect("assigned").is_me());
}

#[tokio::test]
async fn ring_rejected() {
    let env = Env::start().await;
    let (agent, mut events) = env.brand("agent2").await;
    agent
        .set_agent_state(AgentState::Online)
        .await
        .expect("online");
    agent
        .create_routing_task_subscription()
        .await
        .expect("routing subscription");
    let consumer = env.consumer().await;
    consumer.create_conversation().await.expect("created");
    let ring = wait_for(&mut events, "a ring", |e| match e {
        Event::Ring(r) => Some(r.clone()),
        _ => None,
    })
    .await;
    ring.reject().await.expect("rejected");
    wait_for(&mut events, "ring rejected", |e| match e {
        Event::RingStateChanged { state, .. } => (*state == RingState::Rejected).then_some(()),
        _ => None,
    })
    .await;
    assert!(!ring.is_waiting());
}

#[tokio::test]
async fn no_rings_while_offline() {
    let env = Env::start().await;
    let (agent, mut events) = env.brand("agent3").await;
    agent
        .create_routing_task_subscription()
        .await
        .expect("routing subscription");
    agent.set_agent_state(AgentState::Away).await.expect("away");
    let consumer = env.consumer().await;
    let conversation = consumer.create_conversation().await.expect("created");
    // the conversation arrives through the default subscription, without a ring
    wait_for(&mut events, "conversation", |e| match e {
        Event::Conversation(c) if c.id() == conversation.id() => Some(()),
        _ => None,
    })
    .await;
    assert!(agent.rings().is_empty());
    // going online rings the waiting conversation
    agent
        .set_agent_state(AgentState::Online)
        .await
        .expect("online");
    wait_for(&mut events, "a ring once online", |e| match e {
        Event::Ring(_) => Some(()),
        _ => None,
    })
    .await;
}
