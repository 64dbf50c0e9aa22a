//! The three features LivePerson's SDK listed as "not yet supported", end to end against the
//! in-process platform over real sockets: agent-state subscriptions (restored after a
//! reconnect), AgentRequestConversation (in `conversation_events.rs`), and conversation- /
//! dialog-level request metadata on join, leave, back-to-queue, close, TTR, manual ETTR and
//! notes (transfer: `conversation_events.rs`). The metadata is checked on the wire through the
//! `#request` timing events, which carry each request frame as sent.

mod common;

use std::time::Duration;

use common::{Env, wait_conversation, wait_for};
use lp_messaging_sdk::{
    AgentState, CloseReason, Event, EventStream, ParticipantRole, SubscriptionState, TtrType,
};
use serde_json::{Value, json};

const UPDATE: &str = ".ams.cm.UpdateConversationField#request";

fn reason(r: &str) -> Value {
    json!({"type": "ActionReason", "reason": r})
}

/// The `ActionReason` reasons of every conversation-field request the stream has seen.
fn sent_reasons(timings: &mut EventStream) -> Vec<String> {
    let mut out = Vec::new();
    while let Some(e) = timings.try_next() {
        if let Event::Timing(t) = e
            && t.name == UPDATE
            && let Some(list) = t.request.get("metadata").and_then(Value::as_array)
        {
            out.extend(
                list.iter()
                    .filter_map(|m| m.get("reason").and_then(Value::as_str))
                    .map(str::to_owned),
            );
        }
    }
    out
}

#[tokio::test]
async fn agent_state_changes_arrive_and_the_subscription_survives_a_reconnect() {
    let env = Env::start().await;
    let agent = env
        .brand_builder("agent")
        .wait_to_reconnect(Duration::from_millis(100))
        .build()
        .expect("options");
    let mut events = agent.events();
    agent.open().await.expect("open");
    let me = agent.agent_id().expect("agent id");

    // a supervisor watching this agent
    let (supervisor, mut supervisor_events) = env.brand("supervisor").await;
    supervisor
        .subscribe_agent_state_of(&me)
        .await
        .expect("supervisor subscribed");

    let sub = agent.subscribe_agent_state().await.expect("subscribed");
    let first_id = sub.info().and_then(|i| i.subscription_id);
    assert!(first_id.is_some());
    assert_eq!(sub.state(), Some(SubscriptionState::Subscribed));
    agent.set_agent_state(AgentState::Away).await.expect("away");
    let (who, state) = wait_for(&mut events, "agent-state AWAY", |e| match e {
        Event::AgentStateChanged {
            agent_id,
            agent_state,
        } if *agent_state == AgentState::Away => Some((agent_id.clone(), agent_state.clone())),
        _ => None,
    })
    .await;
    assert_eq!(who, me);
    assert_eq!(state, AgentState::Away);
    wait_for(
        &mut supervisor_events,
        "the supervisor sees AWAY",
        |e| match e {
            Event::AgentStateChanged {
                agent_id,
                agent_state: AgentState::Away,
            } if *agent_id == me => Some(()),
            _ => None,
        },
    )
    .await;

    // Drop the socket: the subscription is re-created with the reconnect.
    env.control(
        "POST",
        "/ums/sockets/close",
        json!({"account": env.account, "side": "brand"}),
    )
    .await;
    wait_for(&mut events, "reconnect", |e| {
        matches!(e, Event::Reconnected).then_some(())
    })
    .await;
    agent
        .set_agent_state(AgentState::Online)
        .await
        .expect("online");
    wait_for(
        &mut events,
        "agent-state ONLINE after the reconnect",
        |e| match e {
            Event::AgentStateChanged {
                agent_id,
                agent_state: AgentState::Online,
            } if *agent_id == me => Some(()),
            _ => None,
        },
    )
    .await;
    let now_id = sub.info().and_then(|i| i.subscription_id);
    assert!(
        now_id.is_some() && now_id != first_id,
        "re-subscribed: {now_id:?}"
    );
    assert_eq!(sub.state(), Some(SubscriptionState::Subscribed));
}

#[tokio::test]
async fn conversation_and_dialog_requests_carry_their_metadata_on_the_wire() {
    let env = Env::start().await;
    let (agent, mut agent_events) = env.brand("agent").await;
    let mut timings = agent.events();
    let consumer = env.consumer().await;
    let conversation = consumer.create_conversation().await.expect("created");
    let mut consumer_events = conversation.events();
    let c = wait_conversation(&mut agent_events).await;

    c.join_with_metadata(ParticipantRole::AssignedAgent, Some(reason("join")))
        .await
        .expect("join");
    c.set_ttr_with_metadata(TtrType::Urgent, None, Some(reason("ttr")))
        .await
        .expect("ttr");
    c.set_manual_ettr_with_metadata(4_000_000_000_000, Some(json!([reason("ettr")])))
        .await
        .expect("manual ettr");
    c.set_note_with_metadata("vip", Some(reason("note")))
        .await
        .expect("note");
    c.back_to_queue_with_metadata(Some(reason("queue")))
        .await
        .expect("back to queue");
    wait_for(&mut consumer_events, "back-to-queue", |e| {
        matches!(e, Event::BackToQueue { .. }).then_some(())
    })
    .await;
    c.join(ParticipantRole::Manager).await.expect("join again");
    c.leave_with_metadata(Some(reason("leave")))
        .await
        .expect("leave");
    c.join(ParticipantRole::Manager).await.expect("join again");
    c.close_with_metadata(Some(reason("close")))
        .await
        .expect("close");
    wait_for(&mut consumer_events, "closed", |e| {
        matches!(e, Event::ConversationClosed(_)).then_some(())
    })
    .await;

    // A dialog close on a second conversation.
    let second = consumer.create_conversation().await.expect("second");
    let mut second_events = second.events();
    let c2 = wait_for(&mut agent_events, "second conversation", |e| match e {
        Event::Conversation(x) if x.id() == second.id() => Some(x.clone()),
        _ => None,
    })
    .await;
    c2.join(ParticipantRole::AssignedAgent).await.expect("join");
    let dialog = c2.open_dialog().expect("open dialog");
    dialog
        .close_with_metadata(Some(CloseReason::Agent), None, Some(reason("dialog")))
        .await
        .expect("dialog close");
    wait_for(
        &mut second_events,
        "the main dialog's close closes it",
        |e| matches!(e, Event::ConversationClosed(_)).then_some(()),
    )
    .await;

    // Anything but an object or an array of objects is refused before it is sent.
    let third = consumer.create_conversation().await.expect("third");
    let c3 = wait_for(&mut agent_events, "third conversation", |e| match e {
        Event::Conversation(x) if x.id() == third.id() => Some(x.clone()),
        _ => None,
    })
    .await;
    let err = c3
        .join_with_metadata(ParticipantRole::Agent, Some(json!("escalated")))
        .await
        .expect_err("a string is refused");
    assert!(
        err.to_string()
            .contains("metadata must be an object or an array of objects"),
        "{err}"
    );
    c3.join(ParticipantRole::AssignedAgent).await.expect("join");
    agent
        .close_conversation_with_metadata(third.id(), Some(reason("by id")))
        .await
        .expect("close by id");

    let sent = sent_reasons(&mut timings);
    for r in [
        "join", "ttr", "ettr", "note", "queue", "leave", "close", "dialog", "by id",
    ] {
        assert!(sent.iter().any(|s| s == r), "{r} not sent: {sent:?}");
    }
}
