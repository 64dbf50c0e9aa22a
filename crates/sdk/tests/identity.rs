//! Consumer identity and profile features: profiles, client properties, authenticated
//! consumers, step-up, token reuse across connections; brand message statistics.

mod common;

use common::{Env, wait_conversation, wait_for, wait_text};
use lp_messaging_sdk::{
    ClientProperties, DeviceFamily, Event, Feature, JwtClaimsSet, Os, ParticipantRole,
};
use serde_json::json;

#[tokio::test]
async fn profiles_set_by_the_consumer_and_read_by_the_brand() {
    let env = Env::start().await;
    let (_bot, mut bot_events) = env.brand("bot").await;
    let consumer = env.consumer().await;
    consumer
        .set_user_profile(json!({"firstName": "Ada", "lastName": "Lovelace", "nickName": "ada"}))
        .await
        .expect("set");
    let own = consumer.get_user_profile(None).await.expect("own profile");
    assert_eq!(own["firstName"], "Ada", "{own}");
    let conversation = consumer.create_conversation().await.expect("created");

    let c = wait_conversation(&mut bot_events).await;
    c.join(ParticipantRole::Agent).await.expect("join");
    let profile = c
        .consumer()
        .expect("consumer participant")
        .get_user_profile()
        .await
        .expect("consumer profile for the brand");
    assert_eq!(profile["firstName"], "Ada", "{profile}");
    assert_eq!(profile["lastName"], "Lovelace", "{profile}");
    // the consumer reads its own participant's profile too
    let mine = conversation
        .consumer()
        .expect("own participant")
        .get_user_profile()
        .await
        .expect("own");
    assert_eq!(mine["nickName"], "ada", "{mine}");
}

#[tokio::test]
async fn client_properties_reach_the_brand() {
    let env = Env::start().await;
    let (_bot, mut bot_events) = env.brand("bot").await;
    let props = ClientProperties {
        device_family: Some(DeviceFamily::Desktop),
        device_manufacturer: Some("Apple".into()),
        os: Some(Os::Osx),
        os_name: Some("macOS".into()),
        browser: Some("CHROME".into()),
        time_zone: Some("America/Los_Angeles".into()),
        features: vec![Feature::AutoMessages, Feature::PhotoSharing],
        ..Default::default()
    };
    let consumer = env
        .consumer_builder()
        .client_properties(props)
        .build()
        .expect("options");
    consumer.open().await.expect("open");
    consumer.create_conversation().await.expect("created");
    let c = wait_conversation(&mut bot_events).await;
    let seen = c
        .snapshot()
        .and_then(|s| s.client_properties)
        .expect("client properties")
        .to_value();
    assert_eq!(seen["deviceFamily"], "DESKTOP", "{seen}");
    assert_eq!(seen["os"], "OSX", "{seen}");
    assert_eq!(
        seen["features"],
        json!(["AUTO_MESSAGES", "PHOTO_SHARING"]),
        "{seen}"
    );
}

#[tokio::test]
async fn token_reuse_continues_the_same_consumer() {
    let env = Env::start().await;
    let first = env.consumer().await;
    let token = first.token().await.expect("token");
    let id = first.user_id();
    let conversation = first.create_conversation().await.expect("created");
    conversation.send_message("hello").await.expect("sent");
    first.close().await.expect("closed");

    let second = env
        .consumer_builder()
        .token(token)
        .wait_for_ready(true)
        .build()
        .expect("options");
    let mut events = second.events();
    second.open().await.expect("open with the saved token");
    assert_eq!(second.user_id(), id);
    let resumed = second
        .conversation(conversation.id())
        .expect("the conversation is loaded by open()");
    assert!(resumed.is_open());
    // the consumer's history follows right after (its messaging subscription's first answer)
    let old = wait_text(&mut events, "hello").await;
    assert!(old.sent_by_current_user());
    let texts: Vec<_> = resumed.messages().iter().filter_map(|m| m.text()).collect();
    assert_eq!(texts, ["hello"]);
    resumed
        .close()
        .await
        .expect("closed from the second connection");
}

#[tokio::test]
async fn a_refused_saved_token_fails_open_and_starts_no_new_consumer() {
    let env = Env::start().await;
    let first = env.consumer().await;
    let token = first.token().await.expect("token");
    first.close().await.expect("closed");
    env.control(
        "POST",
        "/tokens/consumer/revoke",
        serde_json::json!({"token": token}),
    )
    .await;

    let second = env
        .consumer_builder()
        .token(token)
        .build()
        .expect("options");
    let err = second
        .open()
        .await
        .expect_err("the revoked token is refused");
    assert_eq!(err.core().map(|e| e.kind()), Some("auth"), "{err}");
    assert!(err.to_string().contains("`token`"), "{err}");
    assert_eq!(
        second.user_id(),
        first.user_id(),
        "no new identity was made"
    );
}

#[tokio::test]
async fn authenticated_consumer_and_step_up() {
    let env = Env::start().await;
    let (_bot, mut bot_events) = env.brand("bot").await;

    // an unauthenticated consumer starts a conversation…
    let consumer = env
        .consumer_builder()
        .unauth_connector_id("1111")
        .build()
        .expect("options");
    consumer.open().await.expect("open");
    let before = consumer.user_id();
    let conversation = consumer.create_conversation().await.expect("created");
    let c = wait_conversation(&mut bot_events).await;
    c.join(ParticipantRole::Agent).await.expect("join");
    let mut conv_events = conversation.events();

    // …logs in, and takes the conversation over as the authenticated identity
    let claims = JwtClaimsSet::new("0000000001")
        .email("test@example.com")
        .sde(JwtClaimsSet::customer_info(json!({"customerId": "12345"})));
    consumer.step_up("2222", claims).await.expect("stepped up");
    assert_ne!(consumer.user_id(), before);
    wait_for(&mut conv_events, "consumer-step-up", |e| match e {
        Event::ConsumerStepUp { consumer: now, .. } => Some(now.clone()),
        _ => None,
    })
    .await;
    conversation
        .send_message("after step-up")
        .await
        .expect("send");
    let m = wait_text(&mut bot_events, "after step-up").await;
    assert_eq!(m.sender_role(), Some(ParticipantRole::Consumer));
}

#[tokio::test]
async fn message_statistics() {
    let env = Env::start().await;
    let (bot, _events) = env.brand("bot").await;
    let consumer = env.consumer().await;
    consumer.create_conversation().await.expect("created");
    let brand = bot
        .message_statistics_for_brand()
        .await
        .expect("brand stats");
    assert!(brand.unassigned >= 1, "{brand:?}");
    let user = bot.message_statistics_for_user().await.expect("user stats");
    assert_eq!(user.active, 0, "{user:?}");
}
