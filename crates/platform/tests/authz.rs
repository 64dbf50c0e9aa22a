//! The authorization table: who may read, write, take over and download what, in dev and in
//! strict mode. Dev mode is lenient about credentials, never about isolation: every row gives
//! the same answer in both modes.
//!
//! Each row runs against a fresh platform over real sockets and returns the response code the
//! acting client got; all mismatches are reported together.

mod support_ums;

use futures_util::future::BoxFuture;
use lpm_platform::{PlatformConfig, PlatformOptions};
use serde_json::{Value, json};
use support_ums::{Client, Env, changes};

#[derive(Debug, Clone, Copy, PartialEq)]
enum Mode {
    Dev,
    Strict,
}

const STRICT_CONFIG: &str = r#"
[[accounts]]
id = "12345678"
[[accounts.users]]
login_name = "alice"
password = "pw"
[[accounts.users]]
login_name = "bob"
password = "pw"
[[accounts.connectors]]
id = "20"
type = 2
"#;

async fn platform(mode: Mode) -> Env {
    match mode {
        Mode::Dev => Env::start().await,
        Mode::Strict => {
            let config = PlatformConfig::from_toml(STRICT_CONFIG).expect("config");
            Env::with_options(PlatformOptions {
                config: Some(config),
                ..Default::default()
            })
            .await
        }
    }
}

/// A consumer with an open conversation.
struct Owner {
    socket: Client,
    jwt: String,
    id: String,
    conv: String,
}

async fn owner(env: &Env) -> Owner {
    let (jwt, id) = env.consumer_jwt();
    let mut socket = env.consumer_with_jwt(&jwt).await;
    let r = socket
        .request("cm.ConsumerRequestConversation", json!({}))
        .await;
    assert_eq!(r["code"], 200, "{r}");
    let conv = r["body"]["conversationId"]
        .as_str()
        .expect("conversation id")
        .to_owned();
    Owner {
        socket,
        jwt,
        id,
        conv,
    }
}

/// Steps the consumer of `old_jwt` up as `customer`: mock authentication in dev mode, the
/// account's authenticated connector in strict mode. Returns (jwt, consumer id).
async fn step_up(env: &Env, mode: Mode, old_jwt: &str, customer: &str) -> (String, String) {
    let route = match mode {
        Mode::Dev => "default/authenticate?v=2",
        Mode::Strict => "20/authenticate?v=3.0",
    };
    env.step_up_with(route, old_jwt, customer).await
}

/// Uploads a small PNG as `c`; returns its path.
async fn upload(env: &Env, c: &mut Client) -> String {
    let r = c
        .request(
            "ms.GenerateURLForUploadFile",
            json!({"fileSize": 5, "fileType": "PNG"}),
        )
        .await;
    assert_eq!(r["code"], 200, "{r}");
    let b = &r["body"];
    let path = b["relativePath"].as_str().expect("path").to_owned();
    let url = env.http(&format!(
        "{path}?temp_url_sig={}&temp_url_expires={}",
        b["queryParams"]["temp_url_sig"].as_str().expect("sig"),
        b["queryParams"]["temp_url_expires"].as_str().expect("exp"),
    ));
    let status = reqwest::Client::new()
        .put(url)
        .body(b"hello".to_vec())
        .send()
        .await
        .expect("put")
        .status();
    assert_eq!(status, 201);
    path
}

fn code(r: &Value) -> u16 {
    r["code"]
        .as_u64()
        .and_then(|c| u16::try_from(c).ok())
        .unwrap_or(0)
}

fn takeover(conv: &str, old: &str, new: &str) -> Value {
    json!({"conversationId": conv, "conversationField": [
        {"field": "ParticipantsChange", "userId": old, "role": "CONSUMER", "type": "REMOVE"},
        {"field": "ParticipantsChange", "userId": new, "role": "CONSUMER", "type": "ADD"}]})
}

/// An agent ONLINE with a routing subscription; returns its socket and old id.
async fn ring_agent(env: &Env, name: &str) -> (Client, String) {
    let (mut b, me) = env.brand(name).await;
    let r = b
        .request(
            ".ams.routing.SetAgentState",
            json!({"availability": "ONLINE", "channels": ["MESSAGING"], "agentUserId": me.old_id}),
        )
        .await;
    assert_eq!(r["code"], 202, "{r}");
    b.request(
        ".ams.routing.SubscribeRoutingTasks",
        json!({"channelType": "MESSAGING", "brandId": env.account, "agentId": me.old_id}),
    )
    .await;
    b.notification(".ams.routing.RoutingTaskNotification").await;
    (b, me.old_id)
}

/// The id of the next WAITING ring `b` is offered.
async fn next_ring(b: &mut Client) -> String {
    loop {
        let n = b.notification(".ams.routing.RoutingTaskNotification").await;
        for change in changes(&n) {
            for ring in change["result"]["ringsDetails"]
                .as_array()
                .into_iter()
                .flatten()
            {
                if ring["ringState"] == "WAITING" {
                    return ring["ringId"].as_str().expect("ring id").to_owned();
                }
            }
        }
    }
}

type Case = fn(Env, Mode) -> BoxFuture<'static, u16>;

/// (who does what, expected code, the case).
fn table() -> Vec<(&'static str, u16, Case)> {
    vec![
        // Files.
        (
            "consumer: download URL for its own upload",
            200,
            |env, _| {
                Box::pin(async move {
                    let mut a = owner(&env).await;
                    let path = upload(&env, &mut a.socket).await;
                    let r = a
                        .socket
                        .request(
                            "ms.GenerateURLForDownloadFile",
                            json!({"relativePath": path}),
                        )
                        .await;
                    code(&r)
                })
            },
        ),
        (
            "consumer B: download URL for consumer A's upload",
            403,
            |env, _| {
                Box::pin(async move {
                    let mut a = owner(&env).await;
                    let path = upload(&env, &mut a.socket).await;
                    let (mut b, _) = env.consumer().await;
                    let r = b
                        .request(
                            "ms.GenerateURLForDownloadFile",
                            json!({"relativePath": path}),
                        )
                        .await;
                    code(&r)
                })
            },
        ),
        (
            "consumer: download URL for a path nobody uploaded",
            403,
            |env, _| {
                Box::pin(async move {
                    let (mut b, _) = env.consumer().await;
                    let path = format!("/v1/AUTH_async-images/{}/made-up.PNG", env.account);
                    let r = b
                        .request(
                            "ms.GenerateURLForDownloadFile",
                            json!({"relativePath": path}),
                        )
                        .await;
                    code(&r)
                })
            },
        ),
        (
            "agent: download URL for a consumer's upload",
            200,
            |env, _| {
                Box::pin(async move {
                    let mut a = owner(&env).await;
                    let path = upload(&env, &mut a.socket).await;
                    let (mut agent, _) = env.brand("alice").await;
                    let r = agent
                        .request(
                            ".ams.ms.GenerateURLForDownloadFile",
                            json!({"relativePath": path}),
                        )
                        .await;
                    code(&r)
                })
            },
        ),
        (
            "A's step-up: download URL for a file A shared before the takeover",
            200,
            |env, mode| {
                Box::pin(async move {
                    let mut a = owner(&env).await;
                    let path = upload(&env, &mut a.socket).await;
                    let file = json!({"type": "ContentEvent", "contentType": "hosted/file",
                    "message": {"caption": "", "relativePath": path, "fileType": "PNG"}});
                    let r = a
                        .socket
                        .request(
                            "ms.PublishEvent",
                            json!({"dialogId": a.conv, "event": file}),
                        )
                        .await;
                    assert_eq!(code(&r), 200, "{r}");
                    let (jwt, new_id) = step_up(&env, mode, &a.jwt, "Jane").await;
                    let mut c = env.consumer_with_jwt(&jwt).await;
                    let r = c
                        .request(
                            "cm.UpdateConversationField",
                            takeover(&a.conv, &a.id, &new_id),
                        )
                        .await;
                    assert_eq!(code(&r), 200, "{r}");
                    let r = c
                        .request(
                            "ms.GenerateURLForDownloadFile",
                            json!({"relativePath": path}),
                        )
                        .await;
                    code(&r)
                })
            },
        ),
        // Takeover.
        (
            "consumer B: takeover of A's conversation carrying A's ids",
            403,
            |env, _| {
                Box::pin(async move {
                    let a = owner(&env).await;
                    let (mut b, b_id) = env.consumer().await;
                    let r = b
                        .request(
                            "cm.UpdateConversationField",
                            takeover(&a.conv, &a.id, &b_id),
                        )
                        .await;
                    code(&r)
                })
            },
        ),
        (
            "A's step-up: takeover of A's conversation",
            200,
            |env, mode| {
                Box::pin(async move {
                    let a = owner(&env).await;
                    let (jwt, new_id) = step_up(&env, mode, &a.jwt, "Jane").await;
                    let mut c = env.consumer_with_jwt(&jwt).await;
                    let r = c
                        .request(
                            "cm.UpdateConversationField",
                            takeover(&a.conv, &a.id, &new_id),
                        )
                        .await;
                    code(&r)
                })
            },
        ),
        (
            "B's step-up: takeover of A's conversation",
            403,
            |env, mode| {
                Box::pin(async move {
                    let a = owner(&env).await;
                    let (b_jwt, _) = env.consumer_jwt();
                    let (jwt, new_id) = step_up(&env, mode, &b_jwt, "Mallory").await;
                    let mut c = env.consumer_with_jwt(&jwt).await;
                    let r = c
                        .request(
                            "cm.UpdateConversationField",
                            takeover(&a.conv, &a.id, &new_id),
                        )
                        .await;
                    code(&r)
                })
            },
        ),
        // Reading and writing another consumer's conversation.
        ("consumer B: subscribe to A's dialog", 404, |env, _| {
            Box::pin(async move {
                let a = owner(&env).await;
                let (mut b, _) = env.consumer().await;
                let r = b
                    .request("ms.SubscribeMessagingEvents", json!({"dialogId": a.conv}))
                    .await;
                code(&r)
            })
        }),
        ("consumer B: publish into A's dialog", 404, |env, _| {
            Box::pin(async move {
                let a = owner(&env).await;
                let (mut b, _) = env.consumer().await;
                let r = b
                    .request(
                        "ms.PublishEvent",
                        json!({"dialogId": a.conv, "event": {"type": "ContentEvent", "contentType": "text/plain", "message": "hi"}}),
                    )
                    .await;
                code(&r)
            })
        }),
        ("consumer B: close A's conversation", 404, |env, _| {
            Box::pin(async move {
                let a = owner(&env).await;
                let (mut b, _) = env.consumer().await;
                let r = b
                    .request(
                        "cm.UpdateConversationField",
                        json!({"conversationId": a.conv, "conversationField": {"field": "ConversationStateField", "conversationState": "CLOSE"}}),
                    )
                    .await;
                code(&r)
            })
        }),
        ("agent not in the conversation: close it", 403, |env, _| {
            Box::pin(async move {
                let a = owner(&env).await;
                let (mut agent, _) = env.brand("alice").await;
                let r = agent
                    .request(
                        ".ams.cm.UpdateConversationField",
                        json!({"conversationId": a.conv, "conversationField": [{"field": "ConversationStateField", "conversationState": "CLOSE"}]}),
                    )
                    .await;
                code(&r)
            })
        }),
        // Agent state and rings.
        ("agent: its own state", 202, |env, _| {
            Box::pin(async move {
                let (mut agent, me) = env.brand("alice").await;
                let r = agent
                    .request(
                        ".ams.routing.SetAgentState",
                        json!({"availability": "AWAY", "agentUserId": me.old_id}),
                    )
                    .await;
                code(&r)
            })
        }),
        ("agent: another agent's state", 403, |env, _| {
            Box::pin(async move {
                let (_, other) = env.brand("bob").await;
                let (mut agent, _) = env.brand("alice").await;
                let r = agent
                    .request(
                        ".ams.routing.SetAgentState",
                        json!({"availability": "AWAY", "agentUserId": other.old_id}),
                    )
                    .await;
                code(&r)
            })
        }),
        (
            "agent: another agent's state, invalid availability",
            403,
            |env, _| {
                Box::pin(async move {
                    let (_, other) = env.brand("bob").await;
                    let (mut agent, _) = env.brand("alice").await;
                    let r = agent
                        .request(
                            ".ams.routing.SetAgentState",
                            json!({"availability": "SLEEPING", "agentUserId": other.old_id}),
                        )
                        .await;
                    code(&r)
                })
            },
        ),
        ("agent: another agent's waiting ring", 403, |env, _| {
            Box::pin(async move {
                let (mut bob, _) = ring_agent(&env, "bob").await;
                let _a = owner(&env).await;
                let ring = next_ring(&mut bob).await;
                let (mut alice, _) = env.brand("alice").await;
                let r = alice
                    .request(
                        ".ams.routing.UpdateRingState",
                        json!({"ringId": ring, "ringState": "ACCEPTED"}),
                    )
                    .await;
                code(&r)
            })
        }),
        ("agent: another agent's accepted ring", 403, |env, _| {
            Box::pin(async move {
                let (mut bob, _) = ring_agent(&env, "bob").await;
                let _a = owner(&env).await;
                let ring = next_ring(&mut bob).await;
                let r = bob
                    .request(
                        ".ams.routing.UpdateRingState",
                        json!({"ringId": ring, "ringState": "ACCEPTED"}),
                    )
                    .await;
                assert_eq!(code(&r), 202, "{r}");
                let (mut alice, _) = env.brand("alice").await;
                let r = alice
                    .request(
                        ".ams.routing.UpdateRingState",
                        json!({"ringId": ring, "ringState": "REJECTED"}),
                    )
                    .await;
                code(&r)
            })
        }),
    ]
}

async fn run_table(mode: Mode) {
    let mut wrong = Vec::new();
    for (name, expected, case) in table() {
        let env = platform(mode).await;
        let got = case(env, mode).await;
        if got != expected {
            wrong.push(format!("{name}: expected {expected}, got {got}"));
        }
    }
    assert!(wrong.is_empty(), "{mode:?} mode:\n{}", wrong.join("\n"));
}

#[tokio::test]
async fn authz_table_dev_mode() {
    run_table(Mode::Dev).await;
}

#[tokio::test]
async fn authz_table_strict_mode() {
    run_table(Mode::Strict).await;
}
