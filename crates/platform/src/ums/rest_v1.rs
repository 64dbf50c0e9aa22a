//! UMS REST v1: brand messaging over HTTP (`rest-services.md` §5), on the same store and rules
//! as the sockets, producing the same notifications.
//!
//! Resources are returned in the brand notification form with an `ETag` (the resource's
//! `metaDataLastUpdateTs`); PATCH and DELETE need a matching `If-Match` (412 otherwise,
//! `uncertain.md` M8). Every call needs `Authorization: Bearer {bearer}` (the prefix may be
//! missing) and `Brand-ID: {account}`.

use super::dispatch::{Caller, Ctx};
use super::errors::UmsError;
use super::model::{PState, Who};
use super::render::{Form, conversation_result};
use super::{conversations, files, messages};
use crate::state::{AppState, lock};
use axum::Json;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use lpm_protocol::{ApiVersion, Side};
use serde_json::{Value, json};
use std::collections::HashMap;

/// The REST v1 routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/v1/conversations/{conv}",
            get(get_conversation).patch(patch_conversation),
        )
        .route(
            "/v1/conversations/{conv}/dialogs/{dialog}",
            get(get_dialog).patch(patch_dialog),
        )
        .route(
            "/v1/conversations/{conv}/dialogs/{dialog}/participants",
            post(add_participant),
        )
        .route(
            "/v1/conversations/{conv}/dialogs/{dialog}/participants/{id}",
            get(get_participant).delete(delete_participant),
        )
        .route(
            "/v1/conversations/{conv}/dialogs/{dialog}/messages",
            post(publish).get(history),
        )
        .route("/v1/brands/{account}/file-upload-path", post(upload_path))
        .route(
            "/v1/brands/{account}/file-download-path",
            post(download_path),
        )
}

fn error(status: StatusCode, text: &str) -> Response {
    (status, Json(json!({"error": text}))).into_response()
}

fn ums_error(e: UmsError) -> Response {
    error(
        StatusCode::from_u16(e.code()).unwrap_or(StatusCode::BAD_REQUEST),
        &e.to_string(),
    )
}

/// Authenticates the call: the brand user as a [`Caller`].
fn caller(
    st: &AppState,
    headers: &HeaderMap,
    account_in_path: Option<&str>,
) -> Result<Caller, Box<Response>> {
    let unauthorized = || Box::new(error(StatusCode::UNAUTHORIZED, "unauthorized"));
    let auth = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(unauthorized)?;
    let bearer = match auth.split_once(' ') {
        Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") => token.trim(),
        _ => auth.trim(),
    };
    let brand_id = headers.get("brand-id").and_then(|v| v.to_str().ok());
    let account = match (account_in_path, brand_id) {
        (Some(a), Some(b)) if a != b => {
            return Err(Box::new(error(
                StatusCode::BAD_REQUEST,
                "Brand-ID does not match",
            )));
        }
        (Some(a), _) => a.to_owned(),
        (None, Some(b)) => b.to_owned(),
        (None, None) => {
            return Err(Box::new(error(
                StatusCode::BAD_REQUEST,
                "Brand-ID header missing",
            )));
        }
    };
    let session = lock(&st.tokens)
        .session(&account, bearer, st.clock.now_ms())
        .map_err(|_| unauthorized())?;
    let user = lock(&st.directory)
        .account(&account)
        .ok()
        .and_then(|a| a.user(&session.user_id).cloned())
        .ok_or_else(unauthorized)?;
    Ok(Caller {
        socket_id: 0,
        who: Who::Brand {
            old_id: user.old_id(&account),
            user_id: user.user_id,
            pid: user.pid,
        },
        account,
        side: Side::Brand,
        version: ApiVersion::V2_1,
        client_properties: None,
    })
}

fn etag(ts: i64) -> HeaderValue {
    HeaderValue::from_str(&format!("\"{ts}\""))
        .unwrap_or_else(|_| HeaderValue::from_static("\"0\""))
}

fn if_match_ok(headers: &HeaderMap, ts: i64) -> bool {
    headers
        .get(header::IF_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim().trim_matches('"') == ts.to_string() || v.trim() == "*")
}

fn with_etag(body: Value, ts: i64) -> Response {
    let mut r = Json(body).into_response();
    r.headers_mut().insert(header::ETAG, etag(ts));
    r
}

/// Runs `f` under the store lock with a request context, then sends the notifications.
fn apply<T>(st: &AppState, f: impl FnOnce(&mut Ctx) -> Result<T, UmsError>) -> Result<T, UmsError> {
    let mut store = st.ums.store();
    let mut ctx = Ctx::new(st, &mut store, st.clock.now_ms());
    let out = f(&mut ctx);
    ctx.finish();
    out
}

/// The conversation's and a dialog's `metaDataLastUpdateTs`, if visible to the caller.
fn stamps(
    st: &AppState,
    caller: &Caller,
    conv: &str,
    dialog: Option<&str>,
) -> Result<(i64, Option<i64>), UmsError> {
    let store = st.ums.store();
    let c = store
        .conversations
        .get(conv)
        .filter(|c| c.account == caller.account)
        .ok_or(UmsError::ConversationNotFound)?;
    let d = match dialog {
        Some(id) => Some(c.dialog(id).ok_or(UmsError::ConversationNotFound)?.meta_ts),
        None => None,
    };
    Ok((c.meta_ts, d))
}

async fn get_conversation(
    State(st): State<AppState>,
    Path(conv): Path<String>,
    headers: HeaderMap,
) -> Response {
    let caller = match caller(&st, &headers, None) {
        Ok(c) => c,
        Err(r) => return *r,
    };
    let store = st.ums.store();
    match store
        .conversations
        .get(&conv)
        .filter(|c| c.account == caller.account)
    {
        Some(c) => with_etag(conversation_result(c, Form::Brand), c.meta_ts),
        None => ums_error(UmsError::ConversationNotFound),
    }
}

async fn get_dialog(
    State(st): State<AppState>,
    Path((conv, dialog)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let caller = match caller(&st, &headers, None) {
        Ok(c) => c,
        Err(r) => return *r,
    };
    let store = st.ums.store();
    let Some(c) = store
        .conversations
        .get(&conv)
        .filter(|c| c.account == caller.account)
    else {
        return ums_error(UmsError::ConversationNotFound);
    };
    let details = conversation_result(c, Form::Brand);
    let found = details["conversationDetails"]["dialogs"]
        .as_array()
        .and_then(|ds| {
            ds.iter()
                .find(|d| d["dialogId"] == dialog.as_str())
                .cloned()
        });
    match (found, c.dialog(&dialog)) {
        (Some(d), Some(model)) => with_etag(d, model.meta_ts),
        _ => ums_error(UmsError::ConversationNotFound),
    }
}

async fn get_participant(
    State(st): State<AppState>,
    Path((conv, dialog, id)): Path<(String, String, String)>,
    headers: HeaderMap,
) -> Response {
    let caller = match caller(&st, &headers, None) {
        Ok(c) => c,
        Err(r) => return *r,
    };
    let store = st.ums.store();
    let Some(d) = store
        .conversations
        .get(&conv)
        .filter(|c| c.account == caller.account)
        .and_then(|c| c.dialog(&dialog))
    else {
        return ums_error(UmsError::ConversationNotFound);
    };
    match d.participants.iter().find(|p| p.who.answers_to(&id)) {
        Some(p) => with_etag(
            json!({"id": p.who.old_id(), "pid": p.who.pid(), "role": p.role.as_str(), "state": p.state.as_str()}),
            d.meta_ts,
        ),
        None => ums_error(UmsError::AgentNotInConversation),
    }
}

/// Applies conversation field changes as the socket request would, and answers with the updated
/// conversation (or the socket's error).
fn update_conversation(st: &AppState, caller: &Caller, conv: &str, fields: &[Value]) -> Response {
    match apply(st, |ctx| {
        conversations::update_fields(ctx, caller, conv, fields)
    }) {
        Ok(text) => updated_conversation(st, conv, text),
        Err(e) => ums_error(e),
    }
}

fn updated_conversation(st: &AppState, conv: &str, text: &str) -> Response {
    let store = st.ums.store();
    match store.conversations.get(conv) {
        Some(c) => {
            let mut body = conversation_result(c, Form::Brand);
            body["msg"] = text.into();
            with_etag(body, c.meta_ts)
        }
        None => ums_error(UmsError::ConversationNotFound),
    }
}

async fn patch_conversation(
    State(st): State<AppState>,
    Path(conv): Path<String>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> Response {
    let caller = match caller(&st, &headers, None) {
        Ok(c) => c,
        Err(r) => return *r,
    };
    let (ts, _) = match stamps(&st, &caller, &conv, None) {
        Ok(t) => t,
        Err(e) => return ums_error(e),
    };
    if !if_match_ok(&headers, ts) {
        return error(StatusCode::PRECONDITION_FAILED, "ETag mismatch");
    }
    let mut fields = Vec::new();
    if let Some(stage) = body.get("stage").and_then(Value::as_str) {
        fields.push(json!({"field": "Stage", "conversationState": stage}));
    }
    if let Some(t) = body.get("type").and_then(Value::as_str) {
        fields.push(json!({"field": "TTRField", "ttrType": t, "value": body.get("value").cloned().unwrap_or(json!(0))}));
    }
    if let Some(m) = body.get("manualETTR") {
        fields.push(json!({"field": "ManualETTR", "time": m}));
    }
    if fields.is_empty() {
        return ums_error(UmsError::BadRequest("body".into()));
    }
    update_conversation(&st, &caller, &conv, &fields)
}

async fn patch_dialog(
    State(st): State<AppState>,
    Path((conv, dialog)): Path<(String, String)>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> Response {
    let caller = match caller(&st, &headers, None) {
        Ok(c) => c,
        Err(r) => return *r,
    };
    let dts = match stamps(&st, &caller, &conv, Some(&dialog)) {
        Ok((_, d)) => d.unwrap_or(0),
        Err(e) => return ums_error(e),
    };
    if !if_match_ok(&headers, dts) {
        return error(StatusCode::PRECONDITION_FAILED, "ETag mismatch");
    }
    let state = body.get("state").and_then(Value::as_str).unwrap_or("");
    let fields = vec![
        json!({"field": "DialogChange", "type": "UPDATE", "dialog": {"dialogId": dialog, "state": state}}),
    ];
    update_conversation(&st, &caller, &conv, &fields)
}

async fn add_participant(
    State(st): State<AppState>,
    Path((conv, _dialog)): Path<(String, String)>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> Response {
    let caller = match caller(&st, &headers, None) {
        Ok(c) => c,
        Err(r) => return *r,
    };
    let mut field = json!({"field": "ParticipantsChange", "type": "ADD", "role": body.get("role").cloned().unwrap_or(json!("AGENT"))});
    if let Some(id) = body.get("id") {
        field["userId"] = id.clone();
    }
    update_conversation(&st, &caller, &conv, &[field])
}

async fn delete_participant(
    State(st): State<AppState>,
    Path((conv, dialog, id)): Path<(String, String, String)>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let caller = match caller(&st, &headers, None) {
        Ok(c) => c,
        Err(r) => return *r,
    };
    let dts = match stamps(&st, &caller, &conv, Some(&dialog)) {
        Ok((_, d)) => d.unwrap_or(0),
        Err(e) => return ums_error(e),
    };
    if !if_match_ok(&headers, dts) {
        return error(StatusCode::PRECONDITION_FAILED, "ETag mismatch");
    }
    let role = {
        let store = st.ums.store();
        store
            .conversations
            .get(&conv)
            .and_then(|c| c.dialog(&dialog))
            .and_then(|d| {
                d.participants
                    .iter()
                    .find(|p| p.state == PState::Active && p.who.answers_to(&id))
                    .map(|p| p.role.as_str())
            })
    };
    let Some(role) = role else {
        return ums_error(UmsError::AgentNotInConversation);
    };
    let mut fields = Vec::new();
    if let Some(skill) = q.get("transferToSkillId") {
        fields.push(json!({"field": "Skill", "type": "UPDATE", "skill": skill}));
    }
    if let Some(agent) = q.get("transferToAgentId") {
        fields.push(json!({"field": "ParticipantsChange", "type": "SUGGEST", "role": "ASSIGNED_AGENT", "userId": agent}));
    }
    fields
        .push(json!({"field": "ParticipantsChange", "type": "REMOVE", "role": role, "userId": id}));
    update_conversation(&st, &caller, &conv, &fields)
}

/// Maps a REST v1 message to a socket `PublishEvent` event (`rest-message-type.js` types).
fn event_of(body: &Value) -> Result<Value, UmsError> {
    let content = body.get("content").cloned().unwrap_or(Value::Null);
    Ok(
        match body.get("type").and_then(Value::as_str).unwrap_or("") {
            "PLAIN_TEXT" => json!({"type": "ContentEvent", "contentType": "text/plain",
            "message": content.get("text").cloned().unwrap_or(Value::Null)}),
            "RICH_CONTENT" => json!({"type": "RichContentEvent", "content": content}),
            "ACKNOWLEDGEMENT" => json!({"type": "AcceptStatusEvent",
            "status": content.get("status").cloned().unwrap_or(Value::Null),
            "sequenceList": content.get("sequenceList").cloned().unwrap_or(Value::Null)}),
            "CHAT_STATE" => json!({"type": "ChatStateEvent",
            "chatState": content.get("chatState").cloned().unwrap_or(Value::Null)}),
            "HOSTED_FILE" => {
                json!({"type": "ContentEvent", "contentType": "hosted/file", "message": content})
            }
            _ => return Err(UmsError::BadRequest("type".into())),
        },
    )
}

async fn publish(
    State(st): State<AppState>,
    Path((conv, dialog)): Path<(String, String)>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> Response {
    let caller = match caller(&st, &headers, None) {
        Ok(c) => c,
        Err(r) => return *r,
    };
    let event = match event_of(&body) {
        Ok(e) => e,
        Err(e) => return ums_error(e),
    };
    let req = json!({
        "conversationId": conv,
        "dialogId": dialog,
        "event": event,
        "messageAudience": body.get("messageAudience").cloned().unwrap_or(json!("ALL")),
    });
    let metadata = body.get("metadata").cloned().filter(|m| m.is_array());
    match apply(&st, |ctx| {
        messages::publish(ctx, &caller, &req, metadata, None)
    }) {
        Ok(seq) => Json(json!({"sequence": seq})).into_response(),
        Err(e) => ums_error(e),
    }
}

async fn history(
    State(st): State<AppState>,
    Path((_conv, dialog)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let caller = match caller(&st, &headers, None) {
        Ok(c) => c,
        Err(r) => return *r,
    };
    let mut body = json!({"dialogId": dialog});
    for (k, name) in [
        ("newerThanSequence", "newerThanSequence"),
        ("olderThanSequence", "olderThanSequence"),
    ] {
        if let Some(v) = q.get(k).and_then(|v| v.parse::<u64>().ok()) {
            body[name] = v.into();
        }
    }
    let offset = q
        .get("offset")
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(0);
    let limit = q.get("limit").and_then(|v| v.parse::<usize>().ok());
    let result = {
        let mut store = st.ums.store();
        let ctx = Ctx::new(&st, &mut store, st.clock.now_ms());
        messages::query(&ctx, &caller, &body)
    };
    match result {
        Ok(Value::Array(list)) => {
            let page: Vec<Value> = list
                .into_iter()
                .skip(offset)
                .take(limit.unwrap_or(usize::MAX))
                .collect();
            Json(Value::Array(page)).into_response()
        }
        Ok(other) => Json(other).into_response(),
        Err(e) => ums_error(e),
    }
}

async fn upload_path(
    State(st): State<AppState>,
    Path(account): Path<String>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> Response {
    file_path(&st, &account, &headers, |caller, now| {
        files::generate_upload(&st, caller, &body, now)
    })
}

async fn download_path(
    State(st): State<AppState>,
    Path(account): Path<String>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> Response {
    file_path(&st, &account, &headers, |caller, now| {
        files::generate_download(&st, &st.ums.store(), caller, &body, now)
    })
}

/// Answers a file-path request with the temp URL the socket request would give.
fn file_path(
    st: &AppState,
    account: &str,
    headers: &HeaderMap,
    generate: impl FnOnce(&Caller, i64) -> Result<Value, UmsError>,
) -> Response {
    let caller = match caller(st, headers, Some(account)) {
        Ok(c) => c,
        Err(r) => return *r,
    };
    match generate(&caller, st.clock.now_ms()) {
        Ok(v) => Json(v).into_response(),
        Err(e) => ums_error(e),
    }
}
