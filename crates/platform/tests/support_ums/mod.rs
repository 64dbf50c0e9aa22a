//! Test support for the UMS tests: an in-process platform, token minting, and a small
//! websocket client that matches responses by `reqId` and buffers notifications.
//!
//! Tokens are minted through the platform's state directly; switch [`Env::consumer_jwt`] and
//! [`Env::brand_login`] to the IDP / agentVep HTTP routes once those exist.
#![allow(dead_code)]

use futures_util::{SinkExt, StreamExt};
use lpm_platform::directory::Credentials;
use lpm_platform::state::lock;
use lpm_platform::{Platform, PlatformOptions};
use serde_json::{Value, json};
use std::collections::VecDeque;
use std::time::Duration;
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

/// How long a test waits for an expected frame before failing.
pub const WAIT: Duration = Duration::from_secs(5);

/// A running platform plus helpers.
pub struct Env {
    pub platform: Platform,
    pub account: String,
}

/// A logged-in brand user.
#[derive(Debug, Clone)]
pub struct BrandUser {
    pub bearer: String,
    pub user_id: String,
    pub old_id: String,
    pub pid: String,
}

impl Env {
    pub async fn start() -> Env {
        Self::with_options(PlatformOptions::default()).await
    }

    pub async fn with_options(options: PlatformOptions) -> Env {
        let platform = Platform::start(options).await.expect("platform starts");
        Env {
            platform,
            account: "12345678".into(),
        }
    }

    pub fn now_ms(&self) -> i64 {
        self.platform.state().clock.now_ms()
    }

    /// Advances the platform clock.
    pub fn advance_ms(&self, ms: u64) {
        self.platform
            .state()
            .clock
            .advance(Duration::from_millis(ms));
    }

    /// A consumer JWT for a fresh (or given) consumer id, valid `ttl_secs`.
    pub fn consumer_jwt_for(&self, consumer_id: &str, ttl_secs: i64) -> String {
        let st = self.platform.state();
        let now = st.clock.now_secs();
        lock(&st.tokens).issue_consumer_jwt(&self.account, consumer_id, None, now, ttl_secs)
    }

    /// A consumer JWT for a new consumer: (jwt, consumer id).
    pub fn consumer_jwt(&self) -> (String, String) {
        let id = self.platform.state().ids.uuid();
        (self.consumer_jwt_for(&id, 3600), id)
    }

    /// Steps the consumer of `old_jwt` up with mock authentication (`auth.md` §2.3.1, what
    /// lp-messaging-sdk 1.5.4 does): the new token is linked to the old identity, which is what
    /// a consumer takeover requires. Returns (jwt, consumer id).
    pub async fn mock_step_up(&self, old_jwt: &str, customer: &str) -> (String, String) {
        self.step_up_with("default/authenticate?v=2", old_jwt, customer)
            .await
    }

    /// Steps the consumer of `old_jwt` up as `customer` through the IDP route
    /// `/api/account/{account}/app/{connector_route}` (e.g. `"20/authenticate?v=3.0"` for a
    /// strict-mode connector). Returns (jwt, consumer id).
    pub async fn step_up_with(
        &self,
        connector_route: &str,
        old_jwt: &str,
        customer: &str,
    ) -> (String, String) {
        let answer: Value = reqwest::Client::new()
            .post(self.http(&format!(
                "/api/account/{}/app/{connector_route}",
                self.account
            )))
            .json(&json!({"lp_jwt": old_jwt, "code": customer}))
            .send()
            .await
            .expect("idp answers")
            .json()
            .await
            .expect("json");
        let jwt = answer["token"]
            .as_str()
            .unwrap_or_else(|| panic!("no token in {answer}"))
            .to_owned();
        let st = self.platform.state();
        let claims = lock(&st.tokens)
            .verify_consumer_jwt(&self.account, &jwt, st.clock.now_secs())
            .expect("a valid token");
        (jwt, claims.sub)
    }

    /// Logs a brand user in (dev mode creates it on first use).
    pub fn brand_login(&self, username: &str) -> BrandUser {
        let st = self.platform.state();
        let creds = Credentials::Password {
            username: username.into(),
            password: "pw".into(),
        };
        let user = lock(&st.directory)
            .login(&self.account, &creds, &st.ids)
            .expect("login");
        let session =
            lock(&st.tokens).login(&self.account, &user.user_id, &st.ids, st.clock.now_ms());
        BrandUser {
            bearer: session.bearer,
            old_id: user.old_id(&self.account),
            user_id: user.user_id,
            pid: user.pid,
        }
    }

    pub fn consumer_url(&self) -> String {
        format!(
            "ws://{}/ws_api/account/{}/messaging/consumer?v=3&intid=lpm-sdk&intvn=1.5.4&appid=quick_start&appvn=unknown",
            self.platform.host(),
            self.account
        )
    }

    pub fn brand_url(&self, bearer: &str) -> String {
        format!(
            "ws://{}/ws_api/account/{}/messaging/brand/{}?v=2.1&intid=lpm-sdk&intvn=1.5.4&appid=quick_start&appvn=unknown",
            self.platform.host(),
            self.account,
            bearer
        )
    }

    pub fn http(&self, path: &str) -> String {
        format!("http://{}{}", self.platform.host(), path)
    }

    /// A consumer socket authenticated with `InitConnection` (what lp-messaging-sdk 1.5.4 does).
    pub async fn consumer(&self) -> (Client, String) {
        let (jwt, id) = self.consumer_jwt();
        let c = self.consumer_with_jwt(&jwt).await;
        (c, id)
    }

    pub async fn consumer_with_jwt(&self, jwt: &str) -> Client {
        self.consumer_with_props(jwt, json!({"type": ".ams.headers.ClientProperties"}))
            .await
    }

    pub async fn consumer_with_props(&self, jwt: &str, props: Value) -> Client {
        let mut c = Client::connect(&self.consumer_url()).await;
        let id = c.next_id();
        c.send_raw(json!({
            "kind": "req", "id": id, "type": "InitConnection", "body": {},
            "headers": [
                {"type": ".ams.headers.ConsumerAuthentication", "jwt": jwt},
                props,
            ]
        }))
        .await;
        let resp = c.response(&id).await;
        assert_eq!(resp["code"], 200, "InitConnection: {resp}");
        c
    }

    /// A brand socket for a newly logged-in user.
    pub async fn brand(&self, username: &str) -> (Client, BrandUser) {
        let user = self.brand_login(username);
        let c = Client::connect(&self.brand_url(&user.bearer)).await;
        (c, user)
    }

    /// GET a control route as JSON.
    pub async fn control(&self, path: &str) -> Value {
        reqwest::get(self.http(&format!("/_lpm{path}")))
            .await
            .expect("control reachable")
            .json()
            .await
            .expect("json")
    }
}

/// A websocket test client.
pub struct Client {
    ws: WebSocketStream<MaybeTlsStream<TcpStream>>,
    buffer: VecDeque<Value>,
    counter: u64,
    /// Type names of the requests sent, by id, to decode their responses.
    sent: std::collections::HashMap<String, String>,
    pub closed: Option<(u16, String)>,
}

impl Client {
    pub async fn connect(url: &str) -> Client {
        Self::connect_request(url.into_client_request().expect("url")).await
    }

    pub async fn connect_request(
        req: tokio_tungstenite::tungstenite::handshake::client::Request,
    ) -> Client {
        let (ws, _) = tokio_tungstenite::connect_async(req)
            .await
            .expect("websocket connects");
        Client {
            ws,
            buffer: VecDeque::new(),
            counter: 0,
            sent: Default::default(),
            closed: None,
        }
    }

    pub fn next_id(&mut self) -> String {
        self.counter += 1;
        format!("r{}", self.counter)
    }

    pub async fn send_raw(&mut self, frame: Value) {
        if let (Some(id), Some(t)) = (frame["id"].as_str(), frame["type"].as_str()) {
            self.sent.insert(id.to_owned(), t.to_owned());
        }
        self.send_text(frame.to_string()).await;
    }

    pub async fn send_text(&mut self, text: String) {
        self.ws
            .send(Message::Text(text.into()))
            .await
            .expect("send");
    }

    /// Sends a request and returns its id.
    pub async fn send(&mut self, type_name: &str, body: Value) -> String {
        let id = self.next_id();
        self.send_raw(json!({"kind": "req", "id": id, "type": type_name, "body": body}))
            .await;
        id
    }

    /// Sends a request and waits for its response.
    pub async fn request(&mut self, type_name: &str, body: Value) -> Value {
        let id = self.send(type_name, body).await;
        self.response(&id).await
    }

    async fn read(&mut self) -> Option<Value> {
        loop {
            let msg = tokio::time::timeout(WAIT, self.ws.next()).await.ok()?;
            match msg {
                Some(Ok(Message::Text(t))) => {
                    check_with_protocol_crate(t.as_str(), &self.sent);
                    return Some(serde_json::from_str(t.as_str()).expect("server sends JSON"));
                }
                Some(Ok(Message::Close(frame))) => {
                    self.closed = Some(
                        frame
                            .map(|f| (u16::from(f.code), f.reason.to_string()))
                            .unwrap_or((1005, String::new())),
                    );
                    return None;
                }
                Some(Ok(_)) => continue,
                Some(Err(_)) | None => return None,
            }
        }
    }

    /// The next frame (buffered first).
    pub async fn next(&mut self) -> Value {
        if let Some(v) = self.buffer.pop_front() {
            return v;
        }
        self.read().await.expect("a frame arrives")
    }

    /// The response to request `id`; frames before it are buffered.
    pub async fn response(&mut self, id: &str) -> Value {
        if let Some(pos) = self
            .buffer
            .iter()
            .position(|f| f["kind"] == "resp" && f["reqId"] == id)
        {
            return self.buffer.remove(pos).expect("present");
        }
        loop {
            let f = self
                .read()
                .await
                .unwrap_or_else(|| panic!("no response to {id}; closed: {:?}", self.closed));
            if f["kind"] == "resp" && f["reqId"] == id {
                return f;
            }
            self.buffer.push_back(f);
        }
    }

    /// The next notification of `type_name` (others are kept).
    pub async fn notification(&mut self, type_name: &str) -> Value {
        if let Some(pos) = self
            .buffer
            .iter()
            .position(|f| f["kind"] == "notification" && f["type"] == type_name)
        {
            return self.buffer.remove(pos).expect("present")["body"].clone();
        }
        loop {
            let f = self.read().await.unwrap_or_else(|| {
                panic!(
                    "no {type_name} notification; closed: {:?}; buffered: {:?}",
                    self.closed, self.buffer
                )
            });
            if f["kind"] == "notification" && f["type"] == type_name {
                return f["body"].clone();
            }
            self.buffer.push_back(f);
        }
    }

    /// Asserts no frame arrives within `ms` (real time; used only to prove absence).
    pub async fn assert_quiet(&mut self, ms: u64) {
        assert!(
            self.buffer.is_empty(),
            "unexpected buffered frames: {:?}",
            self.buffer
        );
        if let Ok(Some(Ok(Message::Text(t)))) =
            tokio::time::timeout(Duration::from_millis(ms), self.ws.next()).await
        {
            panic!("unexpected frame: {t}");
        }
    }

    /// Waits for the server to close the socket; returns the close code.
    pub async fn closed_with(&mut self) -> u16 {
        while self.closed.is_none() {
            if self.read().await.is_none() && self.closed.is_none() {
                panic!("socket ended without a close frame");
            }
        }
        self.closed.as_ref().map(|c| c.0).unwrap_or(0)
    }
}

/// Every frame the platform sends must parse with lpm-protocol, and every notification body
/// must decode into its typed form: the SDK reads them with that crate.
fn check_with_protocol_crate(text: &str, sent: &std::collections::HashMap<String, String>) {
    let frame = lpm_protocol::Frame::parse(text)
        .unwrap_or_else(|e| panic!("lpm-protocol cannot parse {text}: {e}"));
    match frame {
        lpm_protocol::Frame::Notification(n) => {
            n.decode_body()
                .unwrap_or_else(|e| panic!("lpm-protocol cannot decode {text}: {e}"));
        }
        lpm_protocol::Frame::Response(r) => {
            let request_type = sent
                .get(&r.req_id)
                .and_then(|t| lpm_protocol::MessageType::from_name(t));
            if let Some(t) = request_type {
                lpm_protocol::responses::ResponseBody::decode(t, &r)
                    .unwrap_or_else(|e| panic!("lpm-protocol cannot decode {text}: {e}"));
            }
        }
        lpm_protocol::Frame::Request(_) => panic!("the server sent a request: {text}"),
    }
}

/// The `changes` array of a notification body.
pub fn changes(body: &Value) -> Vec<Value> {
    body["changes"].as_array().cloned().unwrap_or_default()
}
