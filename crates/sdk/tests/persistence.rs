//! Stateless bots: serialize a conversation, load it into another connection; shift status
//! data applied by hand.

mod common;

use common::{Env, wait_conversation, wait_text};
use lp_messaging_sdk::{Event, ParticipantRole};
use serde_json::json;

#[tokio::test]
async fn serialize_and_load_a_conversation() {
    let env = Env::start().await;
    let (_bot, mut bot_events) = env.brand("bot").await;
    let consumer = env.consumer().await;
    let conversation = consumer.create_conversation().await.expect("created");
    let c = wait_conversation(&mut bot_events).await;
    c.join(ParticipantRole::Agent).await.expect("join");
    conversation
        .send_message("secret order details")
        .await
        .expect("sent");
    wait_text(&mut bot_events, "secret order details").await;

    let saved = c.serialize().expect("serialized");
    assert!(!saved.contains("secret order details"), "bodies are hashed");

    let other = env
        .brand_builder("other")
        .create_default_subscription(false)
        .build()
        .expect("options");
    other.open().await.expect("open");
    assert!(other.conversation(c.id()).is_none());
    let loaded = other.load_conversation(saved).await.expect("loaded");
    assert_eq!(loaded.id(), c.id());
    assert!(loaded.is_open());
    assert!(loaded.consumer().is_some());
    assert_eq!(loaded.messages().len(), 1);
    assert!(other.unload_conversation(c.id()).await.expect("unload"));
    assert!(other.conversation(c.id()).is_none());
    assert!(other.load_conversation("not json").await.is_err());
}

#[tokio::test]
async fn shift_status_applied_by_hand_emits_skill_events() {
    let env = Env::start().await;
    let (bot, mut events) = env.brand("bot").await;
    bot.process_shift_status_response(json!([
        {"skillId": "77", "onShift": true, "nextOn": null, "nextOff": 1_800_000_000_000u64}
    ]))
    .await
    .expect("applied");
    assert!(!bot.skill("77").is_in_off_hours());
    // the transition is what emits the event
    bot.process_shift_status_response(json!([
        {"skillId": "77", "onShift": false, "nextOn": 1_900_000_000_000u64, "nextOff": null}
    ]))
    .await
    .expect("applied");
    assert!(bot.skill("77").is_in_off_hours());
    common::wait_for(&mut events, "skill-entered-off-hours", |e| match e {
        Event::SkillEnteredOffHours(s) if s.id() == "77" => Some(()),
        _ => None,
    })
    .await;
}
