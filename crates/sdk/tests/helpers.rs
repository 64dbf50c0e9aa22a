//! Token sources, the TokenMaintainer, the ShiftStatusPoller and CSDS look-ups against the
//! in-process platform.

mod common;

use std::sync::{Arc, Mutex};

use common::{Env, WAIT, wait_for};
use futures_util::future::BoxFuture;
use lp_messaging_sdk::lpm_core::connection::maintainer::{
    MaintainerEvent, MaintainerOptions, MaintainerState,
};
use lp_messaging_sdk::lpm_core::connection::poller::PollerEvent;
use lp_messaging_sdk::lpm_core::connection::{
    AgentSessionData, AuthData, Error as CoreError, Secret,
};
use lp_messaging_sdk::{
    Connection, Event, EventStream, PollerToken, ShiftStatusPoller, TokenMaintainer, TokenProvider,
    TokenSource, UserType,
};
use tokio::sync::broadcast;

fn maintainer(env: &Env, user: &str) -> TokenMaintainer {
    TokenMaintainer::new(MaintainerOptions {
        account_id: env.account.clone(),
        auth_data: Some(AuthData {
            username: Some(user.into()),
            password: Some(Secret::new("pw")),
            ..AuthData::default()
        }),
        auth_session_info: None,
        csds_url: Some(env.csds()),
    })
    .expect("maintainer")
}

async fn next_event<E: Clone>(
    rx: &mut broadcast::Receiver<E>,
    what: &str,
    pick: impl Fn(&E) -> bool,
) -> E {
    tokio::time::timeout(WAIT, async {
        loop {
            match rx.recv().await {
                Ok(e) if pick(&e) => return e,
                Ok(_) | Err(broadcast::error::RecvError::Lagged(_)) => {}
                Err(broadcast::error::RecvError::Closed) => {
                    panic!("events closed waiting for {what}")
                }
            }
        }
    })
    .await
    .unwrap_or_else(|_| panic!("timed out waiting for {what}"))
}

/// A token source that wraps a maintainer and records what the connection told it.
struct Recording {
    inner: TokenMaintainer,
    invalid: Arc<Mutex<Vec<TokenSource>>>,
    asked: Arc<Mutex<u32>>,
}

impl TokenProvider for Recording {
    fn session(&self) -> BoxFuture<'_, Result<AgentSessionData, String>> {
        *self.asked.lock().unwrap() += 1;
        TokenProvider::session(&self.inner)
    }
    fn token_invalid(&self, source: TokenSource) {
        self.invalid.lock().unwrap().push(source);
        self.inner.on_token_invalid(source);
    }
}

/// Calls `call` right after a revocation. The platform closes the revoked token's socket (4401)
/// at once, so the call meets either a live socket and the REST side's 401 (and renews the
/// token itself) or a connection already reconnecting after the 4401, which refuses it as
/// `InvalidState`; then it is asked again once the connection is back.
async fn after_revocation<T, F, Fut>(events: &mut EventStream, what: &str, call: F) -> T
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = lp_messaging_sdk::Result<T>>,
{
    match call().await {
        Ok(v) => v,
        Err(e) if matches!(e.core(), Some(CoreError::InvalidState { .. })) => {
            wait_for(events, "reconnect after the 4401", |e| {
                matches!(e, Event::Reconnected).then_some(())
            })
            .await;
            call()
                .await
                .unwrap_or_else(|e| panic!("{what} after the reconnect: {e}"))
        }
        Err(e) => panic!("{what}: {e}"),
    }
}

#[tokio::test]
async fn connection_takes_tokens_from_the_source_and_reports_refusals() {
    let env = Env::start().await;
    let m = maintainer(&env, "agent1");
    let invalid = Arc::new(Mutex::new(Vec::new()));
    let asked = Arc::new(Mutex::new(0));
    let c = Connection::builder(&env.account, UserType::Brand)
        .csds_url(env.csds())
        .no_proxy()
        .token_source(Recording {
            inner: m.clone(),
            invalid: invalid.clone(),
            asked: asked.clone(),
        })
        .build()
        .expect("options");
    c.open().await.expect("opens with the source's token");
    assert_eq!(
        m.state(),
        MaintainerState::Started,
        "the connection started it"
    );
    let first = m.token_now().expect("token");
    assert_eq!(c.token().await.expect("token"), first.expose());
    assert_eq!(c.agent_id(), m.agent_id());
    assert_eq!(*asked.lock().unwrap(), 1);

    // Revoke the bearer: the source is told and a new token is used. Two orders are right: the
    // platform closes the socket (4401) at once, so either that close or the REST call's 401
    // reaches the connection first; both report to the source and renew the token once.
    let mut mevents = m.events();
    let mut cevents = c.events();
    env.control(
        "POST",
        "/tokens/brand/revoke",
        serde_json::json!({"bearer": first.expose()}),
    )
    .await;
    let stats = after_revocation(&mut cevents, "statistics after regeneration", || {
        c.message_statistics_for_brand()
    })
    .await;
    assert_eq!(stats.active, 0);
    next_event(&mut mevents, "token-regenerated", |e| {
        matches!(e, MaintainerEvent::TokenRegenerated { .. })
    })
    .await;
    {
        let told = invalid.lock().unwrap();
        assert!(!told.is_empty(), "the source was told");
        assert!(
            told.iter().all(|s| matches!(
                s,
                TokenSource::MessageStatistics | TokenSource::WebsocketClose
            )),
            "told by the REST call's 401 or the socket's 4401: {told:?}"
        );
    }
    assert!(
        *asked.lock().unwrap() >= 2,
        "a new token was asked for after the revocation"
    );
    let second = m.token_now().expect("new token");
    assert_ne!(second.expose(), first.expose());
    assert_eq!(c.token().await.expect("token"), second.expose());

    // An authentication close: the source is told and the reconnect uses its new token.
    let mut events = c.events();
    env.control(
        "POST",
        "/tokens/brand/revoke",
        serde_json::json!({"bearer": second.expose()}),
    )
    .await;
    env.control("POST", "/ums/sockets/close", serde_json::json!({"code": 4401, "reason": "revoked", "account": env.account, "side": "brand"})).await;
    wait_for(&mut events, "reconnect", |e| {
        matches!(e, Event::Reconnected).then_some(())
    })
    .await;
    assert!(
        invalid
            .lock()
            .unwrap()
            .contains(&TokenSource::WebsocketClose)
    );
    let third = m.token_now().expect("token");
    assert_ne!(third.expose(), second.expose());
    c.close().await.expect("close");
    assert_eq!(
        m.state(),
        MaintainerState::Started,
        "the connection does not stop a source"
    );
    m.stop();
}

#[tokio::test]
async fn message_statistics_log_in_again_after_a_revoked_bearer() {
    let env = Env::start().await;
    let (c, mut events) = env.brand("agent2").await;
    let bearer = c.token().await.expect("token");
    // A second stream: waiting for the reconnect may read past the regeneration on the first.
    let mut reconnects = c.events();
    env.control(
        "POST",
        "/tokens/brand/revoke",
        serde_json::json!({"bearer": bearer}),
    )
    .await;
    let stats = after_revocation(&mut reconnects, "retried with a new bearer", || {
        c.message_statistics_for_user()
    })
    .await;
    assert_eq!(stats.pending, 0);
    wait_for(&mut events, "token-regenerated", |e| {
        matches!(e, Event::TokenRegenerated { .. }).then_some(())
    })
    .await;
    assert_ne!(c.token().await.expect("token"), bearer);
}

#[tokio::test]
async fn token_maintainer_regenerates_after_an_invalid_token() {
    let env = Env::start().await;
    let m = maintainer(&env, "agent3");
    let mut events = m.events();
    assert_eq!(m.state(), MaintainerState::Initial);
    m.start();
    let info = m.session().await.expect("session");
    assert_eq!(info.account_id.as_deref(), Some(env.account.as_str()));
    assert!(info.user_id.is_some() && !info.csrf.is_empty());
    assert_eq!(
        m.agent_id(),
        Some(format!(
            "{}.{}",
            env.account,
            info.user_id.clone().unwrap_or_default()
        ))
    );
    next_event(&mut events, "getAgentToken#response", |e| {
        matches!(e, MaintainerEvent::GetAgentTokenResponse { .. })
    })
    .await;

    env.control(
        "POST",
        "/tokens/brand/revoke",
        serde_json::json!({"bearer": info.token.expose()}),
    )
    .await;
    m.on_token_invalid(TokenSource::ShiftStatus);
    next_event(&mut events, "token-regenerated", |e| {
        matches!(e, MaintainerEvent::TokenRegenerated { .. })
    })
    .await;
    let fresh = m.token().await.expect("token");
    assert_ne!(fresh.expose(), info.token.expose());
    m.stop();
    assert!(m.token().await.is_err(), "stopped: getToken fails");
}

#[tokio::test]
async fn shift_status_poller_reports_data_and_regenerates_on_401() {
    let env = Env::start().await;
    let m = maintainer(&env, "agent4");
    let p = ShiftStatusPoller::with_csds_url(
        &env.account,
        PollerToken::Source(Arc::new(m.clone())),
        Some(env.csds()),
    )
    .expect("poller");
    let mut events = p.events();
    p.start();
    let data = next_event(&mut events, "shiftStatusData", |e| {
        matches!(e, PollerEvent::ShiftStatusData { .. })
    })
    .await;
    let PollerEvent::ShiftStatusData { skills } = data else {
        unreachable!()
    };
    assert!(skills.is_array());
    p.stop();

    // A fixed, revoked bearer: the poll fails with the 401.
    let bearer = m.token().await.expect("token");
    env.control(
        "POST",
        "/tokens/brand/revoke",
        serde_json::json!({"bearer": bearer.expose()}),
    )
    .await;
    let fixed = ShiftStatusPoller::with_csds_url(
        &env.account,
        PollerToken::Fixed(bearer.expose().into()),
        Some(env.csds()),
    )
    .expect("poller");
    let mut fixed_events = fixed.events();
    fixed.start();
    let e = next_event(&mut fixed_events, "getShiftStatus#error", |e| {
        matches!(e, PollerEvent::Error { .. })
    })
    .await;
    assert!(matches!(e, PollerEvent::Error { error } if error.code() == Some(401)));
    fixed.stop();

    // With the maintainer as source, the 401 regenerates the token and the poll succeeds.
    let mut mevents = m.events();
    let mut events = p.events();
    p.start();
    next_event(&mut mevents, "token-invalid", |e| {
        matches!(
            e,
            MaintainerEvent::TokenInvalid {
                source: TokenSource::ShiftStatus
            }
        )
    })
    .await;
    next_event(&mut events, "shiftStatusData", |e| {
        matches!(e, PollerEvent::ShiftStatusData { .. })
    })
    .await;
    assert_ne!(m.token_now().expect("token").expose(), bearer.expose());
    p.stop();
    m.stop();
}

#[tokio::test]
async fn csds_lookup_finds_the_platform() {
    let env = Env::start().await;
    lp_messaging_sdk::set_csds_url(Some(&env.csds())).expect("url");
    let (a, b) = tokio::join!(
        lp_messaging_sdk::csds_lookup(&env.account, "agentVep"),
        lp_messaging_sdk::csds_lookup(&env.account, "facadeMsg"),
    );
    let host = env.csds().trim_start_matches("http://").to_owned();
    assert_eq!(a.expect("agentVep"), host);
    assert_eq!(b.expect("facadeMsg"), host);
    lp_messaging_sdk::csds_clear_cache();
    assert!(lp_messaging_sdk::csds_lookup("", "agentVep").await.is_err());
}
