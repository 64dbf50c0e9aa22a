//! The raw built-in bot (`--raw-bot`): the same work as [`super::bot`] (receive every load
//! message, count it, optionally echo it) with a bare websocket and no SDK, so that a run can
//! tell the platform's limits from the SDK bot's. It logs in through agentVep, opens a brand
//! socket and joins the run's conversations as MANAGER by id (no rings: it is not ONLINE).

use super::LoadError;
use super::bot::{BotFigures, BotOptions};
use super::consumer::{ANSWER_TIMEOUT, ECHO_PREFIX, LOAD_PREFIX};
use super::report::Latency;
use super::target::Target;
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use tokio::net::TcpStream;
use tokio::sync::Notify;
use tokio::task::JoinHandle;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

type Ws = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// A running raw bot.
pub struct RawBot {
    /// Load messages delivered so far (for the progress bar).
    pub delivered: Arc<AtomicU64>,
    stop: Arc<Notify>,
    task: JoinHandle<BotFigures>,
}

impl RawBot {
    /// Logs in, joins every conversation of `conversations` as MANAGER and starts receiving.
    ///
    /// ```no_run
    /// # async fn f(t: &lpm::load::target::Target, ids: Vec<String>) -> Result<(), lpm::load::LoadError> {
    /// use lpm::load::{bot::BotOptions, raw_bot::RawBot};
    /// let options = BotOptions { user: "lpm-load-bot".into(), password: "pw".into(), echo: false };
    /// let bot = RawBot::start(t, &options, std::time::Instant::now(), &ids).await?;
    /// let figures = bot.stop().await;
    /// # Ok(()) }
    /// ```
    pub async fn start(
        target: &Target,
        options: &BotOptions,
        epoch: Instant,
        conversations: &[String],
    ) -> Result<RawBot, LoadError> {
        let login: Value = reqwest::Client::new()
            .post(format!(
                "{}/api/account/{}/login?v=1.3",
                target.agent_vep, target.account
            ))
            .json(&json!({"username": options.user, "password": options.password}))
            .send()
            .await
            .and_then(|r| r.error_for_status())
            .map_err(|e| LoadError::Bot(format!("login: {}", e.without_url())))?
            .json()
            .await
            .map_err(|e| LoadError::Bot(format!("login: {}", e.without_url())))?;
        let bearer = login["bearer"]
            .as_str()
            .ok_or_else(|| LoadError::Bot("login: no bearer".into()))?;
        let user_id = login["config"]["userId"]
            .as_str()
            .ok_or_else(|| LoadError::Bot("login: no user id".into()))?;
        let old_id = format!("{}.{user_id}", target.account);
        let url = format!(
            "{}/ws_api/account/{}/messaging/brand/{bearer}?v=2.1",
            target.ums, target.account
        );
        let (mut ws, _) = tokio_tungstenite::connect_async_with_config(url, None, true)
            .await
            .map_err(|e| LoadError::Bot(format!("brand socket: {e}")))?;
        join_all(&mut ws, conversations, &old_id).await?;
        let delivered = Arc::new(AtomicU64::new(0));
        let stop = Arc::new(Notify::new());
        let task = tokio::spawn(serve(
            ws,
            options.echo,
            epoch,
            delivered.clone(),
            stop.clone(),
        ));
        Ok(RawBot {
            delivered,
            stop,
            task,
        })
    }

    /// Closes the socket and returns what the bot saw.
    pub async fn stop(self) -> BotFigures {
        self.stop.notify_one();
        match self.task.await {
            Ok(f) => f,
            Err(_) => BotFigures {
                delivered: self.delivered.load(Ordering::Relaxed),
                latency: Latency::new(),
                last: None,
            },
        }
    }
}

/// Adds the bot as MANAGER to every conversation; waits for every answer.
async fn join_all(ws: &mut Ws, conversations: &[String], old_id: &str) -> Result<(), LoadError> {
    let mut pending = HashSet::new();
    for (i, id) in conversations.iter().enumerate() {
        let body = json!({"conversationId": id, "conversationField": [
            {"field": "ParticipantsChange", "type": "ADD", "role": "MANAGER", "userId": old_id}]});
        let frame = json!({"kind": "req", "id": format!("j{i}"),
            "type": ".ams.cm.UpdateConversationField", "body": body});
        ws.feed(Message::Text(frame.to_string().into()))
            .await
            .map_err(|e| LoadError::Bot(e.to_string()))?;
        pending.insert(format!("j{i}"));
    }
    ws.flush()
        .await
        .map_err(|e| LoadError::Bot(e.to_string()))?;
    while !pending.is_empty() {
        let msg = tokio::time::timeout(ANSWER_TIMEOUT, ws.next())
            .await
            .map_err(|_| LoadError::Timeout("the raw bot's joins"))?
            .ok_or_else(|| LoadError::Bot("the platform closed the brand socket".into()))?
            .map_err(|e| LoadError::Bot(e.to_string()))?;
        let Message::Text(text) = msg else { continue };
        let v: Value = serde_json::from_str(text.as_str())
            .map_err(|e| LoadError::Bot(format!("unreadable frame: {e}")))?;
        if v["kind"] == "resp"
            && let Some(id) = v["reqId"].as_str()
            && pending.remove(id)
            && v["code"] != 200
        {
            return Err(LoadError::Refused {
                request: "UpdateConversationField (join)".into(),
                code: v["code"].as_u64().unwrap_or(0) as u16,
            });
        }
    }
    Ok(())
}

/// `lpm-load {id} {sent_us}` out of a frame's text, without parsing the whole frame.
fn load_message(frame: &str) -> Option<(&str, u64)> {
    let start = frame.find(LOAD_PREFIX)? + LOAD_PREFIX.len();
    let rest = &frame[start..];
    let end = rest.find('"')?;
    let (id, sent) = rest[..end].split_once(' ')?;
    Some((id, sent.parse().ok()?))
}

async fn serve(
    mut ws: Ws,
    echo: bool,
    epoch: Instant,
    delivered: Arc<AtomicU64>,
    stop: Arc<Notify>,
) -> BotFigures {
    let mut figures = BotFigures {
        delivered: 0,
        latency: Latency::new(),
        last: None,
    };
    let mut next = 0u64;
    loop {
        let msg = tokio::select! {
            m = ws.next() => m,
            _ = stop.notified() => break,
        };
        let Some(Ok(msg)) = msg else { break };
        let Message::Text(text) = msg else { continue };
        let text = text.as_str();
        if !text.contains(".ams.ms.OnlineEventDistribution") {
            continue;
        }
        let Some((id, sent_us)) = load_message(text) else {
            continue;
        };
        let now = Instant::now();
        let sent = epoch + Duration::from_micros(sent_us);
        figures.latency.record(now.saturating_duration_since(sent));
        figures.delivered += 1;
        figures.last = Some(now);
        delivered.fetch_add(1, Ordering::Relaxed);
        if echo {
            let dialog = serde_json::from_str::<Value>(text)
                .ok()
                .and_then(|v| v["body"]["dialogId"].as_str().map(str::to_owned));
            if let Some(dialog) = dialog {
                next += 1;
                let frame = json!({"kind": "req", "id": format!("e{next}"),
                    "type": ".ams.ms.PublishEvent", "body": {"dialogId": dialog, "event":
                    {"type": "ContentEvent", "contentType": "text/plain",
                     "message": format!("{ECHO_PREFIX}{id}")}}});
                if ws
                    .send(Message::Text(frame.to_string().into()))
                    .await
                    .is_err()
                {
                    break;
                }
            }
        }
    }
    let _ = ws.close(None).await;
    figures
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_load_message_is_found_in_a_frame() {
        let frame = r#"{"body":{"event":{"message":"lpm-load 3:14 1500"},"dialogId":"d"}}"#;
        assert_eq!(load_message(frame), Some(("3:14", 1500)));
        assert_eq!(load_message(r#"{"message":"hello"}"#), None);
        assert_eq!(load_message(r#"{"message":"lpm-load 3:14 x"}"#), None);
    }
}
