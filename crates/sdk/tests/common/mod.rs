//! Test support: an in-process platform on a free port and helpers to wait for events.
#![allow(dead_code)]

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use lp_messaging_sdk::{Connection, ConnectionBuilder, Event, EventStream, UserType};
use lpm_platform::{Platform, PlatformOptions};

/// How long any single expected event may take.
pub const WAIT: Duration = Duration::from_secs(10);

/// A running platform and a fresh account id.
pub struct Env {
    pub platform: Platform,
    pub account: String,
}

static NEXT: AtomicU32 = AtomicU32::new(1);

impl Env {
    pub async fn start() -> Env {
        Env::with(PlatformOptions::default()).await
    }

    pub async fn with(options: PlatformOptions) -> Env {
        let platform = Platform::start(options).await.expect("platform starts");
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        Env {
            platform,
            account: format!("7000{n:04}"),
        }
    }

    pub fn csds(&self) -> String {
        self.platform.csds_url()
    }

    pub fn consumer_builder(&self) -> ConnectionBuilder {
        Connection::builder(&self.account, UserType::Consumer)
            .app_id("sdk_tests")
            .csds_url(self.csds())
            .no_proxy()
    }

    pub fn brand_builder(&self, user: &str) -> ConnectionBuilder {
        Connection::builder(&self.account, UserType::Brand)
            .app_id("sdk_tests")
            .csds_url(self.csds())
            .no_proxy()
            .api_key(user, "appKey", "secret", "accessToken", "accessTokenSecret")
    }

    /// An opened consumer connection.
    pub async fn consumer(&self) -> Connection {
        let c = self.consumer_builder().build().expect("options");
        c.open().await.expect("consumer opens");
        c
    }

    /// An opened brand connection with its event stream (subscribed before open).
    pub async fn brand(&self, user: &str) -> (Connection, EventStream) {
        let c = self.brand_builder(user).build().expect("options");
        let events = c.events();
        c.open().await.expect("brand opens");
        (c, events)
    }

    pub async fn control(
        &self,
        method: &str,
        path: &str,
        body: serde_json::Value,
    ) -> serde_json::Value {
        let url = format!("{}/_lpm{path}", self.csds());
        let client = reqwest::Client::new();
        let rb = match method {
            "GET" => client.get(url),
            _ => client.post(url).json(&body),
        };
        let resp = rb.send().await.expect("control call");
        resp.json().await.unwrap_or(serde_json::Value::Null)
    }
}

/// Waits for the first event `pick` maps to `Some`, failing the test after [`WAIT`].
pub async fn wait_for<T>(
    events: &mut EventStream,
    what: &str,
    mut pick: impl FnMut(&Event) -> Option<T>,
) -> T {
    let fut = async {
        while let Some(e) = events.next().await {
            if let Some(t) = pick(&e) {
                return Some(t);
            }
        }
        None
    };
    match tokio::time::timeout(WAIT, fut).await {
        Ok(Some(t)) => t,
        Ok(None) => panic!("event stream ended while waiting for {what}"),
        Err(_) => panic!("timed out waiting for {what}"),
    }
}

/// Waits for a message with this text.
pub async fn wait_text(events: &mut EventStream, text: &str) -> lp_messaging_sdk::Message {
    wait_for(events, &format!("message {text:?}"), |e| match e {
        Event::Message(m) if m.text().as_deref() == Some(text) => Some(m.clone()),
        _ => None,
    })
    .await
}

/// Waits for a new conversation.
pub async fn wait_conversation(events: &mut EventStream) -> lp_messaging_sdk::Conversation {
    wait_for(events, "a conversation", |e| match e {
        Event::Conversation(c) => Some(c.clone()),
        _ => None,
    })
    .await
}
