//! The brand REST connection (`ConnectionType::Rest`) and the `rest` helpers against the
//! in-process platform's UMS REST v1: a REST bot joins a consumer's conversation, replies,
//! transfers and closes it; the consumer sees it over its websocket; the REST connection's
//! model is fed with webhook payloads relayed from the consumer's notifications.

mod common;

use common::{Env, wait_for, wait_text};
use lp_messaging_sdk::rest::RestClient;
use lp_messaging_sdk::{
    Connection, ConnectionState, ConnectionType, Event, ParticipantRole, TokenSource, TtrType,
};
use serde_json::json;

/// Forwards every notification the consumer receives to `target` as a webhook payload, as a
/// webhook service would.
fn relay_webhooks(source: &Connection, target: Connection) -> tokio::task::JoinHandle<()> {
    let mut events = source.events();
    tokio::spawn(async move {
        while let Some(e) = events.next().await {
            if let Event::Notification(n) = e {
                let payload = json!({"wsNotificationMsg": {"type": n["type"], "body": n["body"]}});
                if target.process_webhooks_notification(payload).await.is_err() {
                    return;
                }
            }
        }
    })
}

#[tokio::test]
async fn a_rest_bot_joins_replies_transfers_and_closes() {
    let env = Env::start().await;
    let consumer = env.consumer().await;
    let bot = env
        .brand_builder("restbot")
        .connection_type(ConnectionType::Rest)
        .build()
        .expect("options");
    let mut bot_events = bot.events();
    bot.open().await.expect("REST connection opens");
    assert_eq!(bot.state(), ConnectionState::Connected);
    assert!(
        bot.default_subscription().is_none(),
        "no socket, no subscription"
    );
    let relay = relay_webhooks(&consumer, bot.clone());

    let conversation = consumer.create_conversation().await.expect("created");
    let mut consumer_events = conversation.events();
    let id = conversation.id().to_owned();

    // Read over REST: the conversation is in the REST connection's model.
    let c = bot
        .get_conversation_by_id(&id)
        .await
        .expect("read over REST");
    assert!(c.is_open());
    c.join(ParticipantRole::AssignedAgent)
        .await
        .expect("joined over REST");
    wait_for(&mut consumer_events, "the bot joins", |e| match e {
        Event::ParticipantAdded { participant, .. }
            if *participant.role() == ParticipantRole::AssignedAgent =>
        {
            Some(())
        }
        _ => None,
    })
    .await;

    c.send_message("Hello from REST").await.expect("published");
    wait_text(&mut consumer_events, "Hello from REST").await;

    // The consumer answers; the REST bot learns it from the relayed webhook.
    conversation
        .send_message("thanks")
        .await
        .expect("consumer sends");
    let m = wait_text(&mut bot_events, "thanks").await;
    m.read().await.expect("read receipt over REST");

    // TTR over PATCH with If-Match.
    c.set_ttr(TtrType::Urgent, None).await.expect("TTR");

    // The bearer ends on the platform: the next call logs in again and goes through.
    let agent = bot.agent_id().expect("agent id");
    let user_id = agent.rsplit('.').next().expect("user id").to_owned();
    let expired = env
        .control(
            "POST",
            "/tokens/brand/expire",
            json!({"account": env.account, "userId": user_id}),
        )
        .await;
    assert_eq!(expired["count"], 1);
    c.send_message("still here").await.expect("after re-login");
    wait_text(&mut consumer_events, "still here").await;
    wait_for(&mut bot_events, "token-invalid (rest)", |e| match e {
        Event::TokenInvalid(TokenSource::Rest) => Some(()),
        _ => None,
    })
    .await;

    // Transfer to a skill: DELETE of the assigned agent with transferToSkillId.
    c.transfer(lp_messaging_sdk::Transfer::Skill("1002".into()))
        .await
        .expect("transferred over REST");
    wait_for(&mut consumer_events, "the skill change", |e| match e {
        Event::SkillChanged { new_skill_id, .. } if new_skill_id == "1002" => Some(()),
        _ => None,
    })
    .await;

    // No longer a participant: UMS refuses the close (403, its text verbatim, no re-login).
    let e = bot
        .close_conversation(&id)
        .await
        .expect_err("not a participant");
    assert_eq!(e.code(), Some(403), "{e}");
    // Take it again from the queue, then close: PATCH stage CLOSE; the consumer sees it.
    c.join(ParticipantRole::AssignedAgent)
        .await
        .expect("joined again");
    bot.close_conversation(&id).await.expect("closed over REST");
    wait_for(&mut consumer_events, "the close", |e| match e {
        Event::ConversationClosed(_) => Some(()),
        _ => None,
    })
    .await;
    // …and so does the REST connection, through the webhook.
    wait_for(&mut bot_events, "the close (webhook)", |e| match e {
        Event::ConversationClosed(_) => Some(()),
        _ => None,
    })
    .await;

    // Operations without a REST form fail clearly.
    let e = bot
        .set_agent_state(lp_messaging_sdk::AgentState::Online)
        .await
        .expect_err("no REST form");
    assert!(e.to_string().contains("REST"), "{e}");
    relay.abort();
    bot.close().await.expect("closes");
}

#[tokio::test]
async fn the_rest_helpers_are_single_calls_with_a_bearer() {
    let env = Env::start().await;
    let consumer = env.consumer().await;
    let conversation = consumer.create_conversation().await.expect("created");
    let mut consumer_events = conversation.events();
    let id = conversation.id().to_owned();
    let (agent, _events) = env.brand("helper").await;
    let bearer = agent.token().await.expect("bearer");
    let me = agent.agent_id().expect("agent id");

    let rest = RestClient::new(&env.account, bearer).csds_url(env.csds());
    let read = rest.get_conversation_by_id(&id).await.expect("read");
    assert_eq!(read["convId"], id.as_str());
    rest.add_participant(&id, &me, ParticipantRole::AssignedAgent)
        .await
        .expect("joined");
    let published = rest
        .publish_message(&id, None, "from a helper")
        .await
        .expect("published");
    assert_eq!(published["sequence"], 0);
    wait_text(&mut consumer_events, "from a helper").await;
    let history = rest
        .get_messages(&id, &id, Some(10), None, None)
        .await
        .expect("history");
    assert_eq!(history[0]["event"]["message"], "from a helper");
    rest.update_ttr(&id, TtrType::Prioritized, 0)
        .await
        .expect("TTR");
    rest.update_conversation_stage(&id, "CLOSE")
        .await
        .expect("closed");
    wait_for(&mut consumer_events, "the close", |e| match e {
        Event::ConversationClosed(_) => Some(()),
        _ => None,
    })
    .await;

    // A wrong bearer: 401, and the error does not carry it.
    let bad = RestClient::new(&env.account, "not-a-bearer").csds_url(env.csds());
    let e = bad.get_conversation_by_id(&id).await.expect_err("refused");
    assert_eq!(e.code(), Some(401));
    assert!(!e.to_string().contains("not-a-bearer"));
}
