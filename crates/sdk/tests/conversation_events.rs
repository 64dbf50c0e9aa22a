//! Conversation events: join/leave, transfer to a skill and to an agent, back to queue,
//! close and closeConversation, seen by the consumer and the brand users.

mod common;

use common::{Env, wait_conversation, wait_for};
use lp_messaging_sdk::{
    AgentState, Connection, Conversation, Event, EventStream, ParticipantRole, ParticipantState,
    Transfer,
};

/// A consumer conversation with `agent` joined as assigned agent; returns the consumer's and
/// the agent's handles and streams.
async fn assigned(
    env: &Env,
    agent: &Connection,
    agent_events: &mut EventStream,
) -> (Connection, Conversation, EventStream, Conversation) {
    let consumer = env.consumer().await;
    let conversation = consumer.create_conversation().await.expect("created");
    let consumer_events = conversation.events();
    let c = wait_conversation(agent_events).await;
    assert_eq!(c.id(), conversation.id());
    c.join(ParticipantRole::AssignedAgent)
        .await
        .expect("joined");
    // the join's answer comes before the notification that shows it; wait for the latter
    wait_for(agent_events, "own assignment", |e| match e {
        Event::ParticipantAdded { participant, .. } if participant.is_me() => Some(()),
        _ => None,
    })
    .await;
    assert!(c.assigned_agent().is_some_and(|a| a.is_me()));
    let _ = agent;
    (consumer, conversation, consumer_events, c)
}

#[tokio::test]
async fn participant_added_and_removed_on_join_and_leave() {
    let env = Env::start().await;
    let (agent, mut agent_events) = env.brand("agent").await;
    let (manager, mut manager_events) = env.brand("manager").await;
    let (_consumer, conversation, mut consumer_events, _c) =
        assigned(&env, &agent, &mut agent_events).await;

    let mc = wait_conversation(&mut manager_events).await;
    let mut conv_events = mc.events();
    mc.join(ParticipantRole::Manager)
        .await
        .expect("manager joins");
    // the agent sees the manager join, with its role
    let added = wait_for(&mut agent_events, "manager added", |e| match e {
        Event::ParticipantAdded { participant, .. }
            if participant.role() == &ParticipantRole::Manager =>
        {
            Some(participant.clone())
        }
        _ => None,
    })
    .await;
    assert_eq!(added.user_id(), manager.participant_id().expect("pid"));
    // the per-conversation stream of the manager sees itself added
    wait_for(&mut conv_events, "own join", |e| match e {
        Event::ParticipantAdded { participant, .. } if participant.is_me() => Some(()),
        _ => None,
    })
    .await;

    mc.leave().await.expect("manager leaves");
    let removed = wait_for(&mut consumer_events, "manager removed", |e| match e {
        Event::ParticipantRemoved { participant, .. }
            if participant.role() == &ParticipantRole::Manager =>
        {
            Some(participant.clone())
        }
        _ => None,
    })
    .await;
    assert_eq!(removed.state(), Some(ParticipantState::Removed));
    assert!(conversation.is_open());
}

#[tokio::test]
async fn transfer_to_skill_emits_transfer_skill() {
    let env = Env::start().await;
    let (agent, mut agent_events) = env.brand("agent").await;
    let (_consumer, conversation, mut consumer_events, c) =
        assigned(&env, &agent, &mut agent_events).await;
    wait_for(&mut consumer_events, "agent assigned", |e| match e {
        Event::ParticipantAdded { participant, .. }
            if participant.role() == &ParticipantRole::AssignedAgent =>
        {
            Some(())
        }
        _ => None,
    })
    .await;

    // With conversation-level metadata, which the platform accepts alongside the fields.
    let reason = serde_json::json!({"type": "ActionReason", "reason": "escalated_by_bot"});
    c.transfer_with_metadata(Transfer::Skill("1111111".into()), Some(reason))
        .await
        .expect("transferred");
    let skill = wait_for(&mut consumer_events, "transfer-skill", |e| match e {
        Event::TransferSkill { skill, .. } => Some(skill.clone()),
        _ => None,
    })
    .await;
    assert_eq!(skill.id(), "1111111");
    assert_eq!(conversation.skill().id(), "1111111");
    assert!(conversation.assigned_agent().is_none());
    wait_for(
        &mut agent_events,
        "skill-change for the agent",
        |e| match e {
            Event::SkillChanged {
                prev_skill_id,
                new_skill_id,
                ..
            } => Some((prev_skill_id.clone(), new_skill_id.clone())),
            _ => None,
        },
    )
    .await;
}

#[tokio::test]
async fn transfer_to_agent_suggests_and_the_agent_accepts() {
    let env = Env::start().await;
    let (agent, mut agent_events) = env.brand("agent").await;
    let (other, mut other_events) = env.brand("other").await;
    other
        .set_agent_state(AgentState::Online)
        .await
        .expect("online");
    other
        .create_routing_task_subscription()
        .await
        .expect("routing");
    let (_consumer, _conversation, _consumer_events, c) =
        assigned(&env, &agent, &mut agent_events).await;

    let target = other.agent_id().expect("agent id");
    c.transfer(Transfer::Agent(target)).await.expect("transfer");
    let suggested = wait_for(&mut agent_events, "transfer-agent", |e| match e {
        Event::TransferAgent { participant, .. } => Some(participant.clone()),
        _ => None,
    })
    .await;
    assert_eq!(suggested.role(), &ParticipantRole::AssignedAgent);
    // the suggested agent gets a ring for it and accepts
    let ring = wait_for(
        &mut other_events,
        "ring for the suggested agent",
        |e| match e {
            Event::Ring(r) if r.is_waiting() => Some(r.clone()),
            _ => None,
        },
    )
    .await;
    ring.accept().await.expect("accepts");
    wait_for(
        &mut agent_events,
        "previously suggested agent added",
        |e| match e {
            Event::ParticipantAdded {
                previously_suggested: true,
                ..
            } => Some(()),
            _ => None,
        },
    )
    .await;
    // The other agent's copy arrives on its own socket, independently of the first agent's events.
    let oc = wait_for(
        &mut other_events,
        "the conversation assigned to the other agent",
        |e| match e {
            Event::Conversation(oc)
            | Event::ParticipantAdded {
                conversation: oc, ..
            } if oc.id() == c.id() && oc.assigned_agent().is_some_and(|a| a.is_me()) => {
                Some(oc.clone())
            }
            _ => None,
        },
    )
    .await;
    assert!(oc.assigned_agent().expect("assigned").is_me());
}

#[tokio::test]
async fn back_to_queue() {
    let env = Env::start().await;
    let (agent, mut agent_events) = env.brand("agent").await;
    let (_consumer, conversation, mut consumer_events, c) =
        assigned(&env, &agent, &mut agent_events).await;
    wait_for(&mut consumer_events, "agent assigned", |e| match e {
        Event::ParticipantAdded { participant, .. }
            if participant.role() == &ParticipantRole::AssignedAgent =>
        {
            Some(())
        }
        _ => None,
    })
    .await;
    c.back_to_queue().await.expect("back to queue");
    wait_for(&mut consumer_events, "back-to-queue", |e| match e {
        Event::BackToQueue(x) if x.id() == conversation.id() => Some(()),
        _ => None,
    })
    .await;
    assert!(conversation.assigned_agent().is_none());
    assert_eq!(conversation.skill().id(), "-1");
}

#[tokio::test]
async fn close_conversation_by_id_from_the_brand() {
    let env = Env::start().await;
    let (agent, mut agent_events) = env.brand("agent").await;
    let (_consumer, conversation, mut consumer_events, c) =
        assigned(&env, &agent, &mut agent_events).await;
    agent
        .close_conversation(c.id())
        .await
        .expect("closed by id");
    wait_for(&mut consumer_events, "close", |e| match e {
        Event::ConversationClosed(_) => Some(()),
        _ => None,
    })
    .await;
    assert!(!conversation.is_open());
    // most actions are refused on a closed conversation, with a useful error
    let err = c.send_message("too late").await.expect_err("refused");
    assert!(err.to_string().contains("sendMessage"), "{err}");
}

#[tokio::test]
async fn resume_a_closed_conversation() {
    let env = Env::start().await;
    let consumer = env.consumer().await;
    let first = consumer
        .create_conversation_with(lp_messaging_sdk::NewConversation {
            skill_id: Some("4242".into()),
            ..Default::default()
        })
        .await
        .expect("created");
    first.close().await.expect("closed");
    let mut events = first.events();
    if first.is_open() {
        wait_for(&mut events, "close", |e| {
            matches!(e, Event::ConversationClosed(_)).then_some(())
        })
        .await;
    }
    let resumed = first.resume().await.expect("resumed");
    assert_ne!(resumed.id(), first.id());
    assert!(resumed.is_open());
    assert_eq!(resumed.skill().id(), "4242");
    resumed
        .send_message("one more question")
        .await
        .expect("send");
}

#[tokio::test]
async fn agent_requests_a_conversation_with_a_known_consumer() {
    let env = Env::start().await;
    let (agent, mut agent_events) = env.brand("agent").await;
    let consumer = env.consumer().await;
    let mut consumer_events = consumer.events();
    let first = consumer.create_conversation().await.expect("created");
    wait_conversation(&mut agent_events).await;
    first.close().await.expect("closed");
    let consumer_id = consumer.user_id().expect("consumer id");

    let context =
        serde_json::json!({"type": "ProactiveContext", "originConversationId": first.id()});
    let c = agent
        .agent_request_conversation(consumer_id, None, Some(context))
        .await
        .expect("requested");
    assert_ne!(c.id(), first.id());
    // The core completes the request once the conversation is held, so it reads at once.
    assert!(
        c.is_open(),
        "the new conversation is held when the request returns"
    );
    let main = c
        .dialog_by_type(&lp_messaging_sdk::DialogType::Main)
        .expect("a MAIN dialog");
    assert_eq!(Some(main.id()), c.open_dialog().as_ref().map(|d| d.id()));
    assert!(
        c.dialog_by_type(&lp_messaging_sdk::DialogType::PostSurvey)
            .is_none()
    );
    wait_for(
        &mut consumer_events,
        "the consumer sees the new conversation",
        |e| match e {
            Event::Conversation(x) if x.id() == c.id() => Some(()),
            _ => None,
        },
    )
    .await;
}

#[tokio::test]
async fn join_returns_once_the_participant_shows() {
    let env = Env::start().await;
    let (_agent, mut agent_events) = env.brand("agent").await;
    let consumer = env.consumer().await;
    let conversation = consumer.create_conversation().await.expect("created");
    let mut consumer_events = conversation.events();
    let c = wait_conversation(&mut agent_events).await;
    c.join(ParticipantRole::AssignedAgent)
        .await
        .expect("joined");
    assert!(c.assigned_agent().is_some_and(|a| a.is_me()));
    // so a transfer right away removes the agent
    c.transfer(Transfer::Skill("31337".into()))
        .await
        .expect("transfer");
    wait_for(&mut consumer_events, "transfer-skill", |e| match e {
        Event::TransferSkill { skill, .. } => Some(skill.id().to_owned()),
        _ => None,
    })
    .await;
    assert!(conversation.assigned_agent().is_none());
}
