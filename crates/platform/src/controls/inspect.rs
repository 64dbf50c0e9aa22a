//! UMS inspection controls (read-only):
//! `GET /_lpm/ums/conversations[/{id}]`, `GET /_lpm/ums/rings`, `GET /_lpm/ums/sockets`,
//! `GET /_lpm/ums/agents`, `GET /_lpm/ums/files`. Tokens never appear in the output.

use crate::state::AppState;
use crate::ums::model::Conversation;
use crate::ums::render::{Form, conversation_result, event_record};
use crate::ums::{Identity, Store};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{Map, Value, json};

/// The routes of this control group.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/ums/conversations", get(conversations))
        .route("/ums/conversations/{id}", get(conversation))
        .route("/ums/rings", get(rings))
        .route("/ums/sockets", get(sockets))
        .route("/ums/agents", get(agents))
        .route("/ums/files", get(files))
}

/// A conversation as the brand side sees it, plus every stored event per dialog.
fn view(conv: &Conversation) -> Value {
    let mut events = Map::new();
    for d in &conv.dialogs {
        events.insert(
            d.id.clone(),
            d.events
                .iter()
                .map(|e| event_record(e, Form::Brand))
                .collect::<Vec<_>>()
                .into(),
        );
    }
    json!({
        "consumerId": conv.consumer_id,
        "result": conversation_result(conv, Form::Brand),
        "events": events,
    })
}

async fn conversations(State(st): State<AppState>) -> Json<Value> {
    let store = st.ums.store();
    let mut convs: Vec<&Conversation> = store.conversations.values().collect();
    convs.sort_by(|a, b| a.start_ts.cmp(&b.start_ts).then(a.id.cmp(&b.id)));
    Json(Value::Array(convs.into_iter().map(view).collect()))
}

async fn conversation(State(st): State<AppState>, Path(id): Path<String>) -> Response {
    let store = st.ums.store();
    match store.conversations.get(&id) {
        Some(c) => Json(view(c)).into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

fn task_views(store: &Store) -> Vec<Value> {
    store
        .tasks
        .values()
        .chain(store.old_tasks.iter())
        .flat_map(|t| {
            t.rings.iter().map(move |r| {
                json!({
                    "ringId": r.ring_id,
                    "routingTaskId": t.id,
                    "conversationId": t.conversation_id,
                    "agentUserId": r.user_id,
                    "ringState": r.state,
                    "ringExpirationTs": r.expiration_ts,
                    "taskCompleted": t.completed,
                })
            })
        })
        .collect()
}

async fn rings(State(st): State<AppState>) -> Json<Value> {
    let store = st.ums.store();
    Json(Value::Array(task_views(&store)))
}

async fn sockets(State(st): State<AppState>) -> Json<Value> {
    let store = st.ums.store();
    let list: Vec<Value> = store
        .sockets
        .values()
        .map(|s| {
            let who = match &s.identity {
                Identity::Unauthenticated => json!(null),
                Identity::Consumer { id, exp, .. } => json!({"consumerId": id, "exp": exp}),
                Identity::Brand {
                    user_id,
                    old_id,
                    pid,
                    ..
                } => json!({"userId": user_id, "oldId": old_id, "pid": pid}),
            };
            json!({
                "id": s.id,
                "account": s.account,
                "side": match s.side { lpm_protocol::Side::Consumer => "consumer", lpm_protocol::Side::Brand => "brand" },
                "version": s.version.as_str(),
                "identity": who,
                "clientProperties": s.client_properties,
                "tracking": s.tracking,
                "connectedAt": s.connected_at,
                "conversationSubscriptions": s.conv_subs.iter().map(|c| c.id.clone()).collect::<Vec<_>>(),
                "messagingSubscriptions": s.msg_subs.iter().cloned().collect::<Vec<_>>(),
                "routingSubscriptions": s.routing_subs.iter().map(|c| c.id.clone()).collect::<Vec<_>>(),
                "agentStateSubscriptions": s.agent_state_subs.iter().map(|c| c.id.clone()).collect::<Vec<_>>(),
            })
        })
        .collect();
    Json(Value::Array(list))
}

async fn agents(State(st): State<AppState>) -> Json<Value> {
    let store = st.ums.store();
    let list: Vec<Value> = store
        .agent_states
        .iter()
        .map(|((account, user), s)| {
            json!({"account": account, "userId": user, "availability": s.availability, "channels": s.channels})
        })
        .collect();
    Json(Value::Array(list))
}

async fn files(State(st): State<AppState>) -> Json<Value> {
    Json(Value::Array(
        st.ums
            .files
            .list()
            .into_iter()
            .map(|(path, size)| json!({"relativePath": path, "size": size}))
            .collect(),
    ))
}
