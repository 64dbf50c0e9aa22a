//! The load generator's consumers: a lean raw client (one websocket, serde_json, nothing else).
//!
//! Why not the Rust SDK: an SDK consumer keeps a full conversation model, a keep-alive timer and
//! a reconnect machine per connection; a thousand of them would cost this process more CPU than
//! the platform spends serving them, and the figures are the platform's. The raw client does what
//! a consumer must on the wire (`InitConnection`, `ConsumerRequestConversation`,
//! `SubscribeMessagingEvents`, `PublishEvent`) and nothing else.

use super::LoadError;
use super::target::Target;
use futures_util::{SinkExt, StreamExt};
use serde::Deserialize;
use serde_json::{Value, json};
use std::time::Duration;
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

/// How long a consumer waits for any one answer before it gives up.
pub const ANSWER_TIMEOUT: Duration = Duration::from_secs(60);

/// Prefix of the text every load message carries: `lpm-load {consumer}:{seq} {sent_us}`.
pub const LOAD_PREFIX: &str = "lpm-load ";
/// Prefix of the echo bot's answer: `lpm-echo {consumer}:{seq}`.
pub const ECHO_PREFIX: &str = "lpm-echo ";

type Ws = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// The parts of a UMS frame a consumer looks at; the rest is skipped unparsed.
#[derive(Deserialize)]
struct Head<'a> {
    #[serde(default)]
    kind: Option<&'a str>,
    #[serde(default, rename = "reqId")]
    req_id: Option<&'a str>,
    #[serde(default)]
    code: Option<u16>,
}

/// Asks the IDP for a new anonymous consumer (`POST /api/account/{acct}/signup`) and returns
/// its JWT. The account must allow unauthenticated messaging.
///
/// ```no_run
/// # async fn f(t: &lpm::load::target::Target) -> Result<(), lpm::load::LoadError> {
/// let jwt = lpm::load::consumer::signup(&reqwest::Client::new(), t).await?;
/// # Ok(()) }
/// ```
pub async fn signup(http: &reqwest::Client, target: &Target) -> Result<String, LoadError> {
    let url = format!("{}/api/account/{}/signup", target.idp, target.account);
    let body: Value = http
        .post(url)
        .json(&json!({}))
        .send()
        .await
        .and_then(|r| r.error_for_status())
        .map_err(|e| LoadError::Signup(e.without_url().to_string()))?
        .json()
        .await
        .map_err(|e| LoadError::Signup(e.without_url().to_string()))?;
    body["jwt"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| LoadError::Signup("the answer has no jwt".into()))
}

/// One consumer socket.
pub struct Consumer {
    ws: Ws,
    next_id: u64,
    /// The conversation it opened, once it did.
    pub conversation: Option<String>,
}

impl Consumer {
    /// Connects and authenticates with `InitConnection` (the JWT travels in a frame, never in
    /// the URL, so that no access log sees it).
    ///
    /// ```no_run
    /// # async fn f(t: &lpm::load::target::Target, jwt: &str) -> Result<(), lpm::load::LoadError> {
    /// let consumer = lpm::load::consumer::Consumer::connect(t, jwt).await?;
    /// # Ok(()) }
    /// ```
    pub async fn connect(target: &Target, jwt: &str) -> Result<Consumer, LoadError> {
        let url = format!(
            "{}/ws_api/account/{}/messaging/consumer?v=3",
            target.ums, target.account
        );
        // Small buffers: tens of thousands of idle sockets must fit in this process too.
        let config = WebSocketConfig::default()
            .read_buffer_size(4 * 1024)
            .write_buffer_size(0);
        let (ws, _) = tokio_tungstenite::connect_async_with_config(url, Some(config), true)
            .await
            .map_err(|e| LoadError::Socket(e.to_string()))?;
        let mut consumer = Consumer {
            ws,
            next_id: 0,
            conversation: None,
        };
        let headers = json!([{"type": ".ams.headers.ConsumerAuthentication", "jwt": jwt}]);
        consumer
            .request_with("InitConnection", json!({}), Some(headers))
            .await?;
        Ok(consumer)
    }

    /// Sends a request; returns its id.
    async fn send(
        &mut self,
        type_name: &str,
        body: Value,
        headers: Option<Value>,
    ) -> Result<String, LoadError> {
        self.next_id += 1;
        let id = self.next_id.to_string();
        let mut frame = json!({"kind": "req", "id": id, "type": type_name, "body": body});
        if let Some(h) = headers {
            frame["headers"] = h;
        }
        self.ws
            .send(Message::Text(frame.to_string().into()))
            .await
            .map_err(|e| LoadError::Socket(e.to_string()))?;
        Ok(id)
    }

    /// The next text frame.
    async fn next_text(&mut self) -> Result<String, LoadError> {
        loop {
            let msg = tokio::time::timeout(ANSWER_TIMEOUT, self.ws.next())
                .await
                .map_err(|_| LoadError::Timeout("a frame from the platform"))?
                .ok_or_else(|| LoadError::Socket("the platform closed the socket".into()))?
                .map_err(|e| LoadError::Socket(e.to_string()))?;
            match msg {
                Message::Text(t) => return Ok(t.as_str().to_owned()),
                Message::Close(f) => {
                    let why = f.map(|f| format!("{} {}", f.code, f.reason));
                    return Err(LoadError::Socket(format!(
                        "closed by the platform: {}",
                        why.unwrap_or_default()
                    )));
                }
                _ => {}
            }
        }
    }

    /// Reads until the response to `id`; frames before it go to `other`. Returns the
    /// response's text (parsed only by callers that need its body); a code outside 2xx is an
    /// error.
    async fn until_response(
        &mut self,
        id: &str,
        type_name: &str,
        mut other: impl FnMut(&str),
    ) -> Result<String, LoadError> {
        loop {
            let text = self.next_text().await?;
            let head: Head = serde_json::from_str(&text)
                .map_err(|e| LoadError::Socket(format!("unreadable frame: {e}")))?;
            if head.kind == Some("resp") && head.req_id == Some(id) {
                let code = head.code.unwrap_or(200);
                if !(200..300).contains(&code) {
                    return Err(LoadError::Refused {
                        request: type_name.to_owned(),
                        code,
                    });
                }
                return Ok(text);
            }
            other(&text);
        }
    }

    async fn request_with(
        &mut self,
        type_name: &str,
        body: Value,
        headers: Option<Value>,
    ) -> Result<Value, LoadError> {
        let id = self.send(type_name, body, headers).await?;
        let text = self.until_response(&id, type_name, |_| {}).await?;
        let mut v: Value = serde_json::from_str(&text)
            .map_err(|e| LoadError::Socket(format!("unreadable frame: {e}")))?;
        Ok(v["body"].take())
    }

    /// Opens a conversation and subscribes to its messages (to see the echo bot's answers).
    pub async fn open_conversation(&mut self) -> Result<(), LoadError> {
        let body = json!({"ttrDefName": "NORMAL", "channelType": "MESSAGING"});
        let r = self
            .request_with("cm.ConsumerRequestConversation", body, None)
            .await?;
        let conversation = r["conversationId"]
            .as_str()
            .ok_or_else(|| LoadError::Socket("no conversationId in the answer".into()))?
            .to_owned();
        self.request_with(
            "ms.SubscribeMessagingEvents",
            json!({"dialogId": conversation, "fromSeq": 0}),
            None,
        )
        .await?;
        self.conversation = Some(conversation);
        Ok(())
    }

    /// Publishes `text` in the conversation and waits for the answer; `other` sees every frame
    /// that arrives meanwhile.
    pub async fn publish(&mut self, text: &str, other: impl FnMut(&str)) -> Result<(), LoadError> {
        let id = self.send_text(text).await?;
        self.until_response(&id, "ms.PublishEvent", other).await?;
        Ok(())
    }

    /// Sends a publish without waiting for its answer; returns the request id
    /// ([`Consumer::next_answer`] reads the answers).
    pub async fn send_publish(&mut self, text: &str) -> Result<u64, LoadError> {
        self.send_text(text)
            .await?
            .parse()
            .map_err(|_| LoadError::Socket("a request id that is not a number".into()))
    }

    /// Sends `ms.PublishEvent` of `text` in the conversation; returns the request id.
    async fn send_text(&mut self, text: &str) -> Result<String, LoadError> {
        let conversation = self
            .conversation
            .clone()
            .ok_or_else(|| LoadError::Socket("no conversation".into()))?;
        let body = json!({"dialogId": conversation, "event": {"type": "ContentEvent",
            "contentType": "text/plain", "message": text}});
        self.send("ms.PublishEvent", body, None).await
    }

    /// Reads until the next answer to any request and returns its id; an answer outside 2xx
    /// is an error. Other frames are skipped.
    pub async fn next_answer(&mut self) -> Result<u64, LoadError> {
        loop {
            let text = self.next_text().await?;
            let head: Head = serde_json::from_str(&text)
                .map_err(|e| LoadError::Socket(format!("unreadable frame: {e}")))?;
            if head.kind != Some("resp") {
                continue;
            }
            let code = head.code.unwrap_or(200);
            if !(200..300).contains(&code) {
                return Err(LoadError::Refused {
                    request: "ms.PublishEvent".into(),
                    code,
                });
            }
            if let Some(id) = head.req_id.and_then(|id| id.parse().ok()) {
                return Ok(id);
            }
        }
    }

    /// Reads frames until one contains `marker` (an echo's text).
    pub async fn until_text(&mut self, marker: &str) -> Result<(), LoadError> {
        loop {
            if self.next_text().await?.contains(marker) {
                return Ok(());
            }
        }
    }

    /// Closes its conversation (so that repeated runs do not pile up open conversations).
    pub async fn close_conversation(&mut self) -> Result<(), LoadError> {
        if let Some(conversation) = self.conversation.take() {
            let body = json!({"conversationId": conversation, "conversationField": [
                {"field": "ConversationStateField", "conversationState": "CLOSE"}]});
            self.request_with("cm.UpdateConversationField", body, None)
                .await?;
        }
        Ok(())
    }

    /// Closes the socket politely.
    pub async fn close(mut self) {
        let _ = self.ws.close(None).await;
    }
}
