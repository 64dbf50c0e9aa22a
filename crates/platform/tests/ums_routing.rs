//! Routing: agent state, rings to ONLINE agents of the skill, accept / reject / expiry on the
//! platform clock, cancellation on close and on accept by another agent.

mod support_ums;

use serde_json::{Value, json};
use support_ums::{BrandUser, Client, Env, changes};

async fn ring_agent(env: &Env, name: &str) -> (Client, BrandUser) {
    let (mut b, me) = env.brand(name).await;
    let r = b
        .request(
            ".ams.routing.SetAgentState",
            json!({"availability": "ONLINE", "channels": ["MESSAGING"], "agentUserId": me.old_id}),
        )
        .await;
    assert_eq!(r["code"], 202);
    b.request(
        ".ams.routing.SubscribeRoutingTasks",
        json!({"channelType": "MESSAGING", "brandId": env.account, "agentId": me.old_id}),
    )
    .await;
    assert_eq!(
        changes(&b.notification(".ams.routing.RoutingTaskNotification").await).len(),
        0
    );
    (b, me)
}

async fn next_ring(b: &mut Client) -> Value {
    let n = b.notification(".ams.routing.RoutingTaskNotification").await;
    let ch = changes(&n);
    assert_eq!(ch.len(), 1, "{n}");
    let rings = ch[0]["result"]["ringsDetails"]
        .as_array()
        .expect("rings")
        .clone();
    assert_eq!(rings.len(), 1, "one ring per result");
    let mut ring = rings[0].clone();
    ring["taskCompleted"] = ch[0]["result"]["taskCompleted"].clone();
    ring
}

async fn new_conversation(env: &Env, body: Value) -> (Client, String, String) {
    let (mut c, id) = env.consumer().await;
    let r = c.request("cm.ConsumerRequestConversation", body).await;
    assert_eq!(r["code"], 200, "{r}");
    let conv = r["body"]["conversationId"].as_str().expect("id").to_owned();
    (c, id, conv)
}

#[tokio::test]
async fn set_agent_state_notifies_state_subscribers() {
    let env = Env::start().await;
    let (mut mgr, _) = env.brand("manager").await;
    let (mut a, me) = env.brand("agent").await;
    let r = mgr
        .request(
            ".ams.routing.SubscribeAgentsState",
            json!({"brandId": env.account, "agentId": me.old_id}),
        )
        .await;
    assert_eq!(r["type"], ".ams.GenericSubscribe$Response");
    let sub = r["body"]["subscriptionId"].as_str().expect("id").to_owned();
    let first = mgr
        .notification(".ams.routing.AgentStateNotification")
        .await;
    assert_eq!(first, json!({"subscriptionId": sub, "changes": []}));
    a.request(
        ".ams.routing.SetAgentState",
        json!({"availability": "AWAY", "channels": ["MESSAGING"], "agentUserId": me.old_id}),
    )
    .await;
    let n = mgr
        .notification(".ams.routing.AgentStateNotification")
        .await;
    assert_eq!(
        n,
        json!({"subscriptionId": sub, "changes": [{"type": "UPSERT", "result": {
            "channels": ["MESSAGING"], "availability": "AWAY", "description": "", "agentUserId": me.old_id}}]})
    );
    // Someone else's state cannot be set.
    let r = mgr
        .request(
            ".ams.routing.SetAgentState",
            json!({"availability": "ONLINE", "agentUserId": me.old_id}),
        )
        .await;
    assert_eq!(r["code"], 403);
    let r = a
        .request(
            ".ams.routing.SetAgentState",
            json!({"availability": "SLEEPING"}),
        )
        .await;
    assert_eq!(r["code"], 400);
    let agents = env.control("/ums/agents").await;
    assert_eq!(agents[0]["availability"], "AWAY");
}

#[tokio::test]
async fn only_online_agents_with_the_skill_and_a_routing_subscription_are_rung() {
    let env = Env::start().await;
    let (mut online, _) = ring_agent(&env, "online").await;
    let (mut away, away_user) = env.brand("away").await;
    away.request(
        ".ams.routing.SetAgentState",
        json!({"availability": "AWAY"}),
    )
    .await;
    away.request(".ams.routing.SubscribeRoutingTasks", json!({}))
        .await;
    away.notification(".ams.routing.RoutingTaskNotification")
        .await;
    let (_c, _, conv) = new_conversation(&env, json!({})).await;
    let ring = next_ring(&mut online).await;
    assert_eq!(ring["convId"], conv.as_str());
    away.assert_quiet(100).await;
    // Going ONLINE rings the waiting conversation.
    away.request(
        ".ams.routing.SetAgentState",
        json!({"availability": "ONLINE", "agentUserId": away_user.old_id}),
    )
    .await;
    let ring2 = next_ring(&mut away).await;
    assert_eq!(ring2["convId"], conv.as_str());
    assert_ne!(ring2["ringId"], ring["ringId"]);
}

#[tokio::test]
async fn accept_cancels_the_other_rings_and_a_second_accept_fails() {
    let env = Env::start().await;
    let (mut a, _) = ring_agent(&env, "a").await;
    let (mut b, _) = ring_agent(&env, "b").await;
    let (mut c, consumer, conv) = new_conversation(&env, json!({})).await;
    c.request(
        "cqm.SubscribeExConversations",
        json!({"stage": ["OPEN", "CLOSE"]}),
    )
    .await;
    c.notification("cqm.ExConversationChangeNotification").await;
    let ra = next_ring(&mut a).await;
    let rb = next_ring(&mut b).await;
    let r = a
        .request(
            ".ams.routing.UpdateRingState",
            json!({"ringId": ra["ringId"], "ringState": "ACCEPTED"}),
        )
        .await;
    assert_eq!(r["code"], 202);
    let acc = next_ring(&mut a).await;
    assert_eq!(acc["ringState"], "ACCEPTED");
    assert_eq!(acc["taskCompleted"], true);
    let cancelled = next_ring(&mut b).await;
    assert_eq!(cancelled["ringState"], "CANCELLED");
    assert_eq!(cancelled["ringId"], rb["ringId"]);
    let r = b
        .request(
            ".ams.routing.UpdateRingState",
            json!({"ringId": rb["ringId"], "ringState": "ACCEPTED"}),
        )
        .await;
    assert_eq!(
        (r["code"].clone(), r["body"].clone()),
        (json!(400), json!("Ring is not in waiting state"))
    );
    // The consumer sees the agent (by PID) as ASSIGNED_AGENT.
    let up = c.notification("cqm.ExConversationChangeNotification").await;
    let parts = &changes(&up)[0]["result"]["conversationDetails"]["participants"];
    assert_eq!(parts[0], json!({"id": consumer, "role": "CONSUMER"}));
    assert_eq!(parts[1]["role"], "ASSIGNED_AGENT");
    let rings = env.control("/ums/rings").await;
    assert_eq!(rings.as_array().expect("rings").len(), 2);
    let _ = conv;
}

#[tokio::test]
async fn rings_expire_on_the_platform_clock_and_rejects_ring_the_next_agent() {
    let env = Env::start().await;
    let (mut a, _) = ring_agent(&env, "a").await;
    let (_c, _, _conv) = new_conversation(&env, json!({})).await;
    let ring = next_ring(&mut a).await;
    assert_eq!(ring["ringState"], "WAITING");
    env.advance_ms(71_000);
    a.assert_quiet(50).await;
    env.advance_ms(1_500);
    let expired = next_ring(&mut a).await;
    assert_eq!(expired["ringState"], "EXPIRED");
    assert_eq!(expired["ringId"], ring["ringId"]);
    let r = a
        .request(
            ".ams.routing.UpdateRingState",
            json!({"ringId": ring["ringId"], "ringState": "ACCEPTED"}),
        )
        .await;
    assert_eq!(r["code"], 400);

    // A second agent coming online gets the conversation; rejecting leaves it waiting.
    let (mut b, _) = ring_agent(&env, "b").await;
    let rb = next_ring(&mut b).await;
    let r = b
        .request(
            ".ams.routing.UpdateRingState",
            json!({"ringId": rb["ringId"], "ringState": "REJECTED"}),
        )
        .await;
    assert_eq!(r["code"], 202);
    assert_eq!(next_ring(&mut b).await["ringState"], "REJECTED");
    b.assert_quiet(50).await;
    // A ring of someone else cannot be answered.
    let (mut x, _) = ring_agent(&env, "x").await;
    let rx = next_ring(&mut x).await;
    let r = b
        .request(
            ".ams.routing.UpdateRingState",
            json!({"ringId": rx["ringId"], "ringState": "ACCEPTED"}),
        )
        .await;
    assert_eq!(r["code"], 403);
    let r = b
        .request(
            ".ams.routing.UpdateRingState",
            json!({"ringId": "nope", "ringState": "ACCEPTED"}),
        )
        .await;
    assert_eq!(r["code"], 400);
}

#[tokio::test]
async fn closing_cancels_waiting_rings() {
    let env = Env::start().await;
    let (mut a, _) = ring_agent(&env, "a").await;
    let (mut c, _, conv) = new_conversation(&env, json!({})).await;
    next_ring(&mut a).await;
    c.request("cm.UpdateConversationField", json!({"conversationId": conv, "conversationField": [{"field": "ConversationStateField", "conversationState": "CLOSE"}]})).await;
    assert_eq!(next_ring(&mut a).await["ringState"], "CANCELLED");
}

#[tokio::test]
async fn skills_route_to_agents_of_the_skill_and_transfers_reroute() {
    let config = lpm_platform::PlatformConfig::from_toml(
        r#"
[[accounts]]
id = "12345678"
[[accounts.users]]
login_name = "sales"
password = "pw"
skills = ["100"]
[[accounts.users]]
login_name = "support"
password = "pw"
skills = ["200"]
[[accounts.skills]]
id = "100"
name = "sales"
[[accounts.skills]]
id = "200"
name = "support"
"#,
    )
    .expect("config");
    let env = Env::with_options(lpm_platform::PlatformOptions {
        config: Some(config),
        ..Default::default()
    })
    .await;
    let (mut sales, sales_user) = ring_agent(&env, "sales").await;
    let (mut support, _) = ring_agent(&env, "support").await;
    let (_c, _, conv) = new_conversation(&env, json!({"skillId": "100"})).await;
    let ring = next_ring(&mut sales).await;
    assert_eq!(ring["skillId"], "100");
    support.assert_quiet(50).await;
    sales
        .request(
            ".ams.routing.UpdateRingState",
            json!({"ringId": ring["ringId"], "ringState": "ACCEPTED"}),
        )
        .await;
    next_ring(&mut sales).await;
    // Transfer to skill 200.
    let r = sales
        .request(
            ".ams.cm.UpdateConversationField",
            json!({"conversationId": conv, "conversationField": [
                {"field": "ParticipantsChange", "type": "REMOVE", "userId": sales_user.old_id, "role": "ASSIGNED_AGENT"},
                {"field": "Skill", "type": "UPDATE", "skill": "200"}]}),
        )
        .await;
    assert_eq!(r["body"], "OK Agent removed successfully");
    let ring = next_ring(&mut support).await;
    assert_eq!(ring["skillId"], "200");
    assert_eq!(ring["ringState"], "WAITING");
}

#[tokio::test]
async fn an_agent_that_missed_a_ring_is_rung_again_when_it_announces_itself() {
    let env = Env::start().await;
    let (mut a, me) = ring_agent(&env, "a").await;
    let (_c, _, conv) = new_conversation(&env, json!({})).await;
    let first = next_ring(&mut a).await;
    env.advance_ms(72_001);
    assert_eq!(next_ring(&mut a).await["ringState"], "EXPIRED");
    a.assert_quiet(50).await;
    a.request(
        ".ams.routing.SetAgentState",
        json!({"availability": "ONLINE", "agentUserId": me.old_id}),
    )
    .await;
    let again = next_ring(&mut a).await;
    assert_eq!(again["convId"], conv.as_str());
    assert_eq!(again["ringState"], "WAITING");
    assert_ne!(again["ringId"], first["ringId"]);
}

#[tokio::test]
async fn occupied_agents_are_rung_only_for_transfers() {
    let env = Env::start().await;
    let (mut busy, busy_user) = env.brand("busy").await;
    busy.request(
        ".ams.routing.SetAgentState",
        json!({"availability": "OCCUPIED", "agentUserId": busy_user.old_id}),
    )
    .await;
    busy.request(".ams.routing.SubscribeRoutingTasks", json!({}))
        .await;
    busy.notification(".ams.routing.RoutingTaskNotification")
        .await;
    let (_c, _, conv) = new_conversation(&env, json!({})).await;
    busy.assert_quiet(50).await;
    let (mut a, agent) = env.brand("first").await;
    a.request(".ams.cm.UpdateConversationField", json!({"conversationId": conv, "conversationField": [{"field": "ParticipantsChange", "type": "ADD", "role": "ASSIGNED_AGENT"}]})).await;
    let r = a
        .request(
            ".ams.cm.UpdateConversationField",
            json!({"conversationId": conv, "conversationField": [
                {"field": "Skill", "type": "UPDATE", "skill": "-1"},
                {"field": "ParticipantsChange", "type": "REMOVE", "userId": agent.old_id, "role": "ASSIGNED_AGENT"}]}),
        )
        .await;
    assert_eq!(r["body"], "OK Agent removed successfully");
    let ring = next_ring(&mut busy).await;
    assert_eq!(ring["convId"], conv.as_str());
}
