//! Random inputs in random order never panic the client, and it stays consistent (every
//! command completes at most once; timers never lie in the past after `handle_timeout`).

use std::collections::BTreeSet;

use lpm_core::connection::{Client, ClientOptions, Command, Event, RawRequest};
use lpm_core::io::{HttpFailure, HttpResponse, SocketFailure, Transmit};
use lpm_core::time::Time;
use serde_json::json;

struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next() as usize) % items.len()]
    }
}

const FRAMES: [&str; 12] = [
    r#"{"kind":"resp","reqId":"REQ","code":200,"type":"X","body":{"subscriptionId":"S1"}}"#,
    r#"{"kind":"resp","reqId":"REQ","code":200,"type":"X","body":"OK"}"#,
    r#"{"kind":"resp","reqId":"REQ","code":500,"type":"X","body":"boom"}"#,
    r#"{"kind":"resp","reqId":"REQ","code":200,"type":"X","body":{"conversationId":"C1"}}"#,
    r#"{"kind":"notification","type":"cqm.ExConversationChangeNotification","body":{"subscriptionId":"S1","changes":[{"type":"UPSERT","result":{"convId":"C1","conversationDetails":{"stage":"OPEN","dialogs":[{"dialogId":"C1","state":"OPEN"}]}}}]}}"#,
    r#"{"kind":"notification","type":".ams.aam.ExConversationChangeNotification","body":{"subscriptionId":"S1","changes":[{"type":"DELETE","result":{"convId":"C1"}}]}}"#,
    r#"{"kind":"notification","type":"ms.MessagingEventNotification","body":{"changes":[{"sequence":1,"dialogId":"C1","event":{"type":"ContentEvent","message":"x"}}]}}"#,
    r#"{"kind":"notification","type":".ams.routing.RoutingTaskNotification","body":{"subscriptionId":"R","changes":[{"type":"UPSERT","result":{}}]}}"#,
    r#"{"kind":"notification","type":".ams.routing.AgentStateNotification","body":{"changes":[{}]}}"#,
    r#"{"kind":"resp","reqId":7,"code":"200"}"#,
    r#"{"kind":"notification","body":null}"#,
    "{\"kind\":\"resp\",\"reqId\":\"REQ\",\"code\":99999}",
];

fn commands() -> Vec<Command> {
    vec![
        Command::Open,
        Command::Close,
        Command::GetToken,
        Command::GetClock,
        Command::Send {
            request: RawRequest {
                type_name: "X".into(),
                body: None,
                headers: None,
                metadata: None,
            },
        },
        Command::CreateConversation {
            skill_id: None,
            context: None,
            campaign_info: None,
        },
        Command::CloseConversation {
            conversation_id: "C1".into(),
            metadata: None,
        },
        Command::CreateConversationSubscription {
            query: None,
            wait_for_ready: Some(true),
        },
        Command::CreateRoutingTaskSubscription { query: None },
        Command::SetAgentState {
            agent_state: "ONLINE".into(),
            agent_id: None,
        },
        Command::SubscribeAgentsState { agent_id: None },
        Command::GetShiftStatus,
        Command::GetMessageStatisticsForBrand,
        Command::UploadFile {
            file_type: Some("PNG".into()),
            data: vec![1],
            preview: None,
        },
        Command::StepUp {
            auth_connector_id: "A".into(),
            jwt_claims_set: json!({"sub":"x"}),
        },
        Command::SendMessage {
            conversation_id: "C1".into(),
            dialog_id: None,
            text: "hi".into(),
            metadata: None,
            quick_replies: None,
        },
        Command::Unsubscribe {
            handle: lpm_core::connection::SubscriptionHandle(1),
        },
    ]
}

fn run(options: serde_json::Value, seed: u64, steps: usize) {
    let mut rng = Lcg(seed);
    let mut c = Client::new(ClientOptions::from_value(options).unwrap(), seed).unwrap();
    let mut now = Time(1_000);
    let mut http = vec![];
    let mut sockets = vec![];
    let mut last_req = String::from("none");
    let mut completed = BTreeSet::new();
    let cmds = commands();
    for _ in 0..steps {
        match rng.next() % 9 {
            0 => {
                c.command(now, rng.pick(&cmds).clone());
            }
            1 | 2 if !http.is_empty() => {
                let id = http.remove((rng.next() as usize) % http.len());
                let status = *rng.pick(&[200u16, 200, 200, 401, 428, 500, 503]);
                let body = rng
                    .pick(&[
                        json!({"baseURI":"h"}),
                        json!({"jwt":"e30.eyJzdWIiOiJhIn0.x"}),
                        json!({"token":"t"}),
                        json!({"bearer":"b","csrf":"c","sessionId":"s","config":{"userId":"1"}}),
                        json!([]),
                        json!("text"),
                    ])
                    .to_string()
                    .into_bytes();
                if rng.next() % 5 == 0 {
                    c.handle_http_response(now, id, Err(HttpFailure::new("down")));
                } else {
                    c.handle_http_response(
                        now,
                        id,
                        Ok(HttpResponse {
                            status,
                            headers: vec![],
                            body,
                        }),
                    );
                }
            }
            3 if !sockets.is_empty() => {
                let id = *rng.pick(&sockets);
                match rng.next() % 4 {
                    0 => c.handle_socket_opened(now, id),
                    1 => c.handle_socket_closed(now, id, *rng.pick(&[1000, 1006, 4401, 4407]), "x"),
                    2 => c.handle_socket_failed(
                        now,
                        id,
                        SocketFailure::UpgradeRefused { status: 401 },
                    ),
                    _ => c.handle_socket_failed(
                        now,
                        id,
                        SocketFailure::Network {
                            message: "n".into(),
                            certificate: false,
                        },
                    ),
                }
            }
            4..=6 if !sockets.is_empty() => {
                let id = *rng.pick(&sockets);
                let mut text = rng.pick(&FRAMES).replace("REQ", &last_req);
                if rng.next() % 4 == 0 {
                    // chop the frame somewhere (on a char boundary)
                    let cut = (rng.next() as usize) % (text.len() + 1);
                    let cut = (0..=cut)
                        .rev()
                        .find(|i| text.is_char_boundary(*i))
                        .unwrap_or(0);
                    text.truncate(cut);
                }
                c.handle_socket_text(now, id, &text);
            }
            _ => {
                now = match c.poll_timeout() {
                    Some(t) if rng.next() % 2 == 0 => t.max(now),
                    _ => now.plus_ms(rng.next() % 20_000),
                };
                c.handle_timeout(now);
                if let Some(t) = c.poll_timeout() {
                    assert!(t > now, "handle_timeout left a due timer: {t:?} <= {now:?}");
                }
            }
        }
        while let Some(t) = c.poll_transmit() {
            match t {
                Transmit::Http(r) => http.push(r.id),
                Transmit::OpenSocket { id, .. } => sockets.push(id),
                Transmit::SendText { text, .. } => {
                    if let Ok(v) = serde_json::from_str::<serde_json::Value>(&text) {
                        last_req = v["id"].as_str().unwrap_or("none").to_owned();
                    }
                }
                Transmit::CloseSocket { id, .. } => sockets.retain(|s| *s != id),
                // Only made with a token source, which these options do not have.
                Transmit::TokenRequest { .. } | Transmit::TokenInvalid { .. } => {
                    panic!("token transmit without a token source")
                }
            }
        }
        while let Some(e) = c.poll_event() {
            if let Event::CommandCompleted { id, .. } = e {
                assert!(completed.insert(id), "command {id:?} completed twice");
            }
        }
    }
}

#[test]
fn random_consumer_inputs_never_panic() {
    for seed in 0..60 {
        run(json!({"accountId":"1","userType":"consumer"}), seed, 400);
    }
}

#[test]
fn random_brand_inputs_never_panic() {
    for seed in 0..60 {
        run(
            json!({"accountId":"1","userType":"brand","pollShiftStatus":true,"getAllMessages":true,
                "authData":{"username":"u","password":"p"}}),
            seed,
            400,
        );
    }
}
