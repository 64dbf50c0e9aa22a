//! The websocket endpoints (`ums-framing.md` §1, `emulator-notes.md` §5): upgrade checks and
//! one thin task per socket (reader loop + writer task). All decisions are in [`super::dispatch`].

use super::conversations::with_ip;
use super::dispatch::{self, fault_kind};
use super::{Hub, Identity, Outgoing, SocketEntry, token_watch};
use crate::state::{AppState, lock};
use axum::Router;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::StreamExt;
use lpm_protocol::{ApiVersion, Frame, MessageType, Side};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

/// How long a consumer socket may stay unauthenticated before it is closed with 4401.
pub const AUTH_GRACE_MS: i64 = 10_000;
/// Real-time idle limit: a socket with no frame and no ping for this long is closed. Real time,
/// not the platform clock, so that tests advancing the clock keep their sockets.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(5 * 60);
/// Read buffer of each socket. tungstenite's default (128 KiB) made every idle consumer socket
/// cost ~138 KB; UMS frames are small, and a larger frame is still read, in several chunks.
const READ_BUFFER: usize = 4 * 1024;
/// The reason text LivePerson uses for token closes.
pub const TOKEN_CLOSE_REASON: &str = "identity token is invalid";

/// Client-property names accepted as query parameters (`uncertain.md` M10 / `ums-framing.md`
/// §1.1).
const CLIENT_PROPERTY_PARAMS: [&str; 16] = [
    "appId",
    "appVersion",
    "deviceFamily",
    "os",
    "osName",
    "osVersion",
    "integration",
    "integrationVersion",
    "browser",
    "browserVersion",
    "timeZone",
    "deviceManufacture",
    "deviceManufacturer",
    "deviceModel",
    "features",
    "type",
];

/// The two socket routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/ws_api/account/{account}/messaging/consumer",
            get(consumer),
        )
        .route(
            "/ws_api/account/{account}/messaging/brand/{bearer}",
            get(brand),
        )
}

fn version(q: &HashMap<String, String>, default: ApiVersion) -> Option<ApiVersion> {
    match q.get("v") {
        None => Some(default),
        Some(v) => v.parse().ok(),
    }
}

fn bad_version() -> Response {
    (StatusCode::BAD_REQUEST, "unsupported API version").into_response()
}

fn tracking(q: &HashMap<String, String>) -> BTreeMap<String, String> {
    ["intid", "intvn", "appid", "appvn"]
        .iter()
        .filter_map(|k| q.get(*k).map(|v| ((*k).to_owned(), v.clone())))
        .collect()
}

fn client_properties(headers: &HeaderMap, q: &HashMap<String, String>) -> Option<Value> {
    if let Some(v) = headers
        .get("client-properties")
        .and_then(|v| v.to_str().ok())
        .and_then(|s| serde_json::from_str::<Value>(s).ok())
        .filter(Value::is_object)
    {
        return Some(with_ip(&v));
    }
    let mut m = Map::new();
    for k in CLIENT_PROPERTY_PARAMS.iter().filter(|k| **k != "type") {
        if let Some(v) = q.get(*k) {
            let value = if *k == "features" {
                Value::Array(
                    v.split(',')
                        .map(|f| Value::String(f.trim().to_owned()))
                        .collect(),
                )
            } else {
                Value::String(v.clone())
            };
            m.insert((*k).to_owned(), value);
        }
    }
    if m.is_empty() {
        return None;
    }
    m.insert("type".into(), ".ClientProperties".into());
    Some(with_ip(&Value::Object(m)))
}

fn unauthorized() -> Response {
    (StatusCode::UNAUTHORIZED, TOKEN_CLOSE_REASON).into_response()
}

async fn consumer(
    State(st): State<AppState>,
    Path(account): Path<String>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
    ws: WebSocketUpgrade,
) -> Response {
    let version = match version(&q, ApiVersion::V3) {
        Some(v) => v,
        None => return bad_version(),
    };
    if !lock(&st.directory).account_exists(&account) {
        return (StatusCode::NOT_FOUND, "unknown account").into_response();
    }
    let mut identity = Identity::Unauthenticated;
    if let Some(auth) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    {
        let jwt = auth
            .split_once(' ')
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("jwt"))
            .map(|(_, t)| t.trim().to_owned());
        let Some(jwt) = jwt else {
            return unauthorized();
        };
        // Bound first so that the token lock is released before the store is locked.
        let verified = lock(&st.tokens).verify_consumer_jwt(&account, &jwt, st.clock.now_secs());
        match verified {
            Ok(claims) => {
                st.ums.store().remember_claims(&account, &claims);
                identity = Identity::Consumer {
                    id: claims.sub,
                    jwt,
                    exp: claims.exp,
                }
            }
            Err(_) => return unauthorized(),
        }
    }
    let props = client_properties(&headers, &q);
    let tracking = tracking(&q);
    ws.read_buffer_size(READ_BUFFER).on_upgrade(move |socket| {
        run(
            st,
            socket,
            account,
            Side::Consumer,
            version,
            identity,
            props,
            tracking,
        )
    })
}

async fn brand(
    State(st): State<AppState>,
    Path((account, bearer)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
    ws: WebSocketUpgrade,
) -> Response {
    let version = match version(&q, ApiVersion::V2_1) {
        Some(v) => v,
        None => return bad_version(),
    };
    let session = lock(&st.tokens).session(&account, &bearer, st.clock.now_ms());
    let Ok(session) = session else {
        return unauthorized();
    };
    let user = lock(&st.directory)
        .account(&account)
        .ok()
        .and_then(|a| a.user(&session.user_id).cloned());
    let Some(user) = user else {
        return unauthorized();
    };
    let identity = Identity::Brand {
        old_id: user.old_id(&account),
        user_id: user.user_id,
        pid: user.pid,
        bearer,
    };
    let tracking = tracking(&q);
    ws.read_buffer_size(READ_BUFFER).on_upgrade(move |socket| {
        run(
            st,
            socket,
            account,
            Side::Brand,
            version,
            identity,
            None,
            tracking,
        )
    })
}

#[allow(clippy::too_many_arguments)]
async fn run(
    st: AppState,
    socket: WebSocket,
    account: String,
    side: Side,
    version: ApiVersion,
    identity: Identity,
    client_properties: Option<Value>,
    tracking: BTreeMap<String, String>,
) {
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel::<Outgoing>();
    let id = Hub::next_socket_id(&st.ums);
    let connected_at = st.clock.now_ms();
    st.ums.store().add_socket(SocketEntry {
        id,
        account,
        side,
        version,
        identity,
        client_properties,
        tracking,
        connected_at,
        tx,
        conv_subs: Vec::new(),
        msg_subs: Default::default(),
        routing_subs: Vec::new(),
        agent_state_subs: Vec::new(),
    });
    tracing::debug!(socket = id, ?side, %version, "UMS socket open");
    let (sink, mut stream) = socket.split();
    let mut writer = tokio::spawn(super::writer::write_frames(id, sink, rx));
    // Two timers per socket, each re-armed only when its deadline moves, not per frame (arming
    // a timer on every frame cost the fan-out ~5 % of its CPU):
    // - expiry: the socket's authentication deadline (`token_watch::deadline_of`); it moves
    //   only when `InitConnection` changes the identity or when it fires (a refreshed session
    //   is re-read then). Revocations are pushed by `token_watch::watch_revocations`, so an
    //   idle socket does no work at all.
    // - idle: when it fires early (frames came meanwhile) it is moved to the last frame's
    //   time plus `IDLE_TIMEOUT`.
    let mut deadline = token_watch::deadline_of(&st, id);
    let mut expiry = std::pin::pin!(expiry_of(&st, deadline));
    let mut last_activity = tokio::time::Instant::now();
    let mut idle = std::pin::pin!(tokio::time::sleep_until(last_activity + IDLE_TIMEOUT));
    loop {
        tokio::select! {
            msg = stream.next() => {
                last_activity = tokio::time::Instant::now();
                match msg {
                    Some(Ok(Message::Text(text))) => {
                        if on_text(&st, id, text.as_str()).await == Handled::IdentityMayHaveChanged {
                            let now = token_watch::deadline_of(&st, id);
                            if now != deadline {
                                deadline = now;
                                expiry.set(expiry_of(&st, deadline));
                            }
                        }
                    }
                    Some(Ok(Message::Binary(_))) => {
                        dispatch::send_error(&st, id, "", 400, "Bad request: binary frames are not supported");
                    }
                    Some(Ok(Message::Ping(_) | Message::Pong(_))) => {}
                    Some(Ok(Message::Close(_))) | Some(Err(_)) | None => break,
                }
            }
            _ = &mut expiry => {
                token_watch::check(&st, id);
                deadline = token_watch::deadline_of(&st, id);
                expiry.set(expiry_of(&st, deadline));
            }
            _ = &mut idle => {
                let due = last_activity + IDLE_TIMEOUT;
                if due <= tokio::time::Instant::now() {
                    st.ums.store().close_socket(id, 1000, "idle timeout");
                }
                idle.as_mut().reset(due.max(tokio::time::Instant::now() + Duration::from_secs(1)));
            }
            _ = &mut writer => break,
        }
    }
    st.ums.store().remove_socket(id);
    writer.abort();
    super::trim::after_close();
    tracing::debug!(socket = id, "UMS socket closed");
}

/// What handling a frame may have changed, for the socket's timers.
#[derive(Debug, PartialEq, Eq)]
enum Handled {
    /// Nothing the socket's expiry depends on.
    Frame,
    /// An `InitConnection`: the socket's identity, and so its expiry, may have changed.
    IdentityMayHaveChanged,
}

/// Sleeps until the socket's authentication deadline (forever without one).
async fn expiry_of(st: &AppState, deadline: Option<i64>) {
    match deadline {
        Some(at) => st.clock.sleep_until(at).await,
        None => std::future::pending().await,
    }
}

async fn on_text(st: &AppState, id: u64, text: &str) -> Handled {
    // Frames carry consumer JWTs; only their redacted form is logged (evaluated only when
    // trace is on).
    tracing::trace!(socket = id, frame = %crate::redact::redact(text), "UMS frame in");
    match Frame::parse(text) {
        Ok(Frame::Request(req)) => {
            if let Some(fault) = st.faults.take(&fault_kind(&req.type_name)) {
                if fault.delay_ms > 0 {
                    tokio::time::sleep(Duration::from_millis(fault.delay_ms)).await;
                }
                if let Some(status) = fault.status {
                    let body = match fault.body {
                        Some(Value::String(s)) => s,
                        Some(other) => other.to_string(),
                        None => "Injected fault".to_owned(),
                    };
                    dispatch::send_error(st, id, &req.id, status, &body);
                    return Handled::Frame;
                }
            }
            let init = MessageType::from_name(&req.type_name) == Some(MessageType::InitConnection);
            dispatch::handle(st, id, req);
            if init {
                return Handled::IdentityMayHaveChanged;
            }
        }
        Ok(_) => dispatch::send_error(st, id, "", 400, "Bad request: kind"),
        Err(e) => {
            // Answer with the frame's id when there is one, so the client can match the error.
            let req_id = serde_json::from_str::<Value>(text)
                .ok()
                .and_then(|v| match v.get("id") {
                    Some(Value::String(s)) => Some(s.clone()),
                    Some(Value::Number(n)) => Some(n.to_string()),
                    _ => None,
                })
                .unwrap_or_default();
            dispatch::send_error(st, id, &req_id, 400, &format!("Bad request: {e}"));
        }
    }
    Handled::Frame
}
