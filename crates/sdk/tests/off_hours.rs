//! Skill off hours on a strict platform whose skill has working hours that exclude now: the
//! seed's holder bot reacts to `transfer-skill` when the new skill is in off hours.

mod common;

use std::time::{SystemTime, UNIX_EPOCH};

use common::{Env, wait_conversation, wait_for, wait_text};
use lp_messaging_sdk::{Connection, Event, ParticipantRole, Transfer, UserType};
use lpm_platform::{PlatformConfig, PlatformOptions};

const ACCOUNT: &str = "55500001";

fn config() -> PlatformConfig {
    // a one-hour window starting three hours from now (UTC), every day: never now
    let hour = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock")
        .as_secs()
        / 3600
        % 24;
    let from = (hour + 3) % 24;
    let to = (hour + 4) % 24;
    let key = |user: &str| {
        format!(
            "[[accounts.users]]\nlogin_name = \"{user}\"\nrole = \"bot\"\n[accounts.users.api_key]\napp_key = \"k\"\nsecret = \"s\"\naccess_token = \"t\"\naccess_token_secret = \"ts\"\n"
        )
    };
    let toml = format!(
        "[[accounts]]\nid = \"{ACCOUNT}\"\n{}{}\
         [[accounts.skills]]\nid = \"1001\"\nname = \"sales\"\n\
         [[accounts.skills]]\nid = \"1002\"\nname = \"night\"\n\
         [[accounts.skills.working_hours]]\ndays = [\"mon\",\"tue\",\"wed\",\"thu\",\"fri\",\"sat\",\"sun\"]\nfrom = \"{from:02}:00\"\nto = \"{to:02}:00\"\n",
        key("agent"),
        key("holder"),
    );
    PlatformConfig::from_toml(&toml).expect("config")
}

fn brand(env: &Env, user: &str) -> Connection {
    Connection::builder(ACCOUNT, UserType::Brand)
        .csds_url(env.csds())
        .no_proxy()
        .api_key(user, "k", "s", "t", "ts")
        .poll_shift_status(true)
        .build()
        .expect("options")
}

#[tokio::test]
async fn holder_bot_answers_transfers_into_off_hours() {
    let env = Env::with(PlatformOptions {
        config: Some(config()),
        ..PlatformOptions::default()
    })
    .await;
    let agent = brand(&env, "agent");
    let mut agent_events = agent.events();
    agent.open().await.expect("agent opens");
    let holder = brand(&env, "holder");
    let mut holder_events = holder.events();
    holder.open().await.expect("holder opens");
    holder.refresh_shift_status().await.expect("shift status");
    assert!(holder.skill("1002").is_in_off_hours());
    assert!(!holder.skill("1001").is_in_off_hours());

    let consumer = Connection::builder(ACCOUNT, UserType::Consumer)
        .csds_url(env.csds())
        .no_proxy()
        .build()
        .expect("options");
    consumer.open().await.expect("consumer opens");
    let conversation = consumer
        .create_conversation_with(lp_messaging_sdk::NewConversation {
            skill_id: Some("1001".into()),
            ..Default::default()
        })
        .await
        .expect("created");
    let mut consumer_events = conversation.events();

    let c = wait_conversation(&mut agent_events).await;
    c.join(ParticipantRole::AssignedAgent).await.expect("join");
    wait_for(&mut agent_events, "own join", |e| match e {
        Event::ParticipantAdded { participant, .. } if participant.is_me() => Some(()),
        _ => None,
    })
    .await;
    c.transfer(Transfer::Skill("1002".into()))
        .await
        .expect("transfer");

    // the holder bot: on transfer-skill into off hours, join and tell the consumer
    let moved = wait_for(&mut holder_events, "transfer-skill", |e| match e {
        Event::TransferSkill {
            conversation,
            skill,
        } => Some((conversation.clone(), skill.clone())),
        _ => None,
    })
    .await;
    let (hc, skill) = moved;
    assert_eq!(skill.id(), "1002");
    assert!(hc.skill().is_in_off_hours());
    hc.join(ParticipantRole::Agent).await.expect("holder joins");
    hc.send_message("we are in off hours, would you like to wait?")
        .await
        .expect("holder speaks");
    wait_text(
        &mut consumer_events,
        "we are in off hours, would you like to wait?",
    )
    .await;
}
