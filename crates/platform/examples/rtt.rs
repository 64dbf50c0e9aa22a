//! Round trip consumer → bot → consumer through an in-process platform, over real sockets:
//! `cargo run --release -p lpm-platform --example rtt [-- ROUNDS]`. Prints p50/p90/p99/max.

use futures_util::{SinkExt, StreamExt};
use lpm_platform::directory::Credentials;
use lpm_platform::state::lock;
use lpm_platform::{Platform, PlatformOptions};
use serde_json::{Value, json};
use std::time::{Duration, Instant};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

type Ws = WebSocketStream<MaybeTlsStream<TcpStream>>;

async fn send(ws: &mut Ws, id: &str, type_name: &str, body: Value) -> Result<(), String> {
    let frame = json!({"kind": "req", "id": id, "type": type_name, "body": body});
    ws.send(Message::Text(frame.to_string().into()))
        .await
        .map_err(|e| e.to_string())
}

/// Reads frames until one satisfies `pred`; returns it.
async fn until(ws: &mut Ws, pred: impl Fn(&Value) -> bool) -> Result<Value, String> {
    loop {
        let msg = tokio::time::timeout(Duration::from_secs(5), ws.next())
            .await
            .map_err(|_| "timed out".to_owned())?
            .ok_or("socket ended")?
            .map_err(|e| e.to_string())?;
        if let Message::Text(t) = msg {
            let v: Value = serde_json::from_str(t.as_str()).map_err(|e| e.to_string())?;
            if pred(&v) {
                return Ok(v);
            }
        }
    }
}

fn has_text(v: &Value, text: &str) -> bool {
    v["kind"] == "notification" && v.to_string().contains(text)
}

async fn run(rounds: usize) -> Result<Vec<Duration>, String> {
    let platform = Platform::start(PlatformOptions::default())
        .await
        .map_err(|e| e.to_string())?;
    let st = platform.state();
    let account = "12345678";
    let now = st.clock.now_secs();
    let jwt = lock(&st.tokens).issue_consumer_jwt(account, "rtt-consumer", None, now, 3600);
    let creds = Credentials::Password {
        username: "bot".into(),
        password: "pw".into(),
    };
    let user = lock(&st.directory)
        .login(account, &creds, &st.ids)
        .map_err(|e| e.to_string())?;
    let session = lock(&st.tokens).login(account, &user.user_id, &st.ids, st.clock.now_ms());
    let host = platform.host();

    let (mut c, _) = tokio_tungstenite::connect_async(format!(
        "ws://{host}/ws_api/account/{account}/messaging/consumer?v=3"
    ))
    .await
    .map_err(|e| e.to_string())?;
    let init = json!({"kind": "req", "id": "i", "type": "InitConnection", "body": {},
        "headers": [{"type": ".ams.headers.ConsumerAuthentication", "jwt": jwt}]});
    c.send(Message::Text(init.to_string().into()))
        .await
        .map_err(|e| e.to_string())?;
    until(&mut c, |v| v["reqId"] == "i").await?;
    send(&mut c, "c1", "cm.ConsumerRequestConversation", json!({})).await?;
    let r = until(&mut c, |v| v["reqId"] == "c1").await?;
    let conv = r["body"]["conversationId"]
        .as_str()
        .ok_or("no conversation")?
        .to_owned();
    send(
        &mut c,
        "c2",
        "ms.SubscribeMessagingEvents",
        json!({"dialogId": conv}),
    )
    .await?;
    until(&mut c, |v| v["reqId"] == "c2").await?;

    let (mut b, _) = tokio_tungstenite::connect_async(format!(
        "ws://{host}/ws_api/account/{account}/messaging/brand/{}?v=2.1",
        session.bearer
    ))
    .await
    .map_err(|e| e.to_string())?;
    let join = json!({"conversationId": conv, "conversationField": [{"field": "ParticipantsChange",
        "userId": user.old_id(account), "role": "ASSIGNED_AGENT", "type": "ADD"}]});
    send(&mut b, "b1", ".ams.cm.UpdateConversationField", join).await?;
    let r = until(&mut b, |v| v["reqId"] == "b1").await?;
    if r["code"] != 200 {
        return Err(format!("join: {r}"));
    }
    send(
        &mut b,
        "b2",
        ".ams.ms.SubscribeMessagingEvents",
        json!({"dialogId": conv}),
    )
    .await?;
    until(&mut b, |v| v["reqId"] == "b2").await?;

    let text = |kind: &str, i: usize| {
        json!({"dialogId": conv, "event": {"type": "ContentEvent", "contentType": "text/plain",
            "message": format!("{kind}-{i}-end")}})
    };
    let mut samples = Vec::with_capacity(rounds);
    for i in 0..rounds {
        let started = Instant::now();
        send(&mut c, &format!("p{i}"), "ms.PublishEvent", text("ping", i)).await?;
        let ping = format!("ping-{i}-end");
        until(&mut b, |v| has_text(v, &ping)).await?;
        send(
            &mut b,
            &format!("q{i}"),
            ".ams.ms.PublishEvent",
            text("pong", i),
        )
        .await?;
        let pong = format!("pong-{i}-end");
        until(&mut c, |v| has_text(v, &pong)).await?;
        samples.push(started.elapsed());
    }
    platform.shutdown().await;
    Ok(samples)
}

#[tokio::main]
async fn main() {
    let rounds = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(500);
    match run(rounds).await {
        Ok(mut samples) => {
            samples.sort();
            let at = |q: f64| samples[((samples.len() - 1) as f64 * q) as usize];
            println!(
                "{rounds} round trips consumer -> bot -> consumer: p50 {:?} p90 {:?} p99 {:?} max {:?}",
                at(0.5),
                at(0.9),
                at(0.99),
                at(1.0)
            );
        }
        Err(e) => {
            eprintln!("rtt: {e}");
            std::process::exit(1);
        }
    }
}
