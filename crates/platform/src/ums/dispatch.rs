//! Answers one request: resolves its type for the socket's version, checks the side and the
//! authentication, runs the rule, queues the response and then the notifications it caused.
//!
//! Runs synchronously under the hub lock; see the module docs of [`super`] for the ordering
//! guarantee.
//!
//! Request bodies are read as JSON values with tolerant helpers (numbers or strings, `null` as
//! absent) rather than through `lpm_protocol::requests`: the platform must answer every shape a
//! client may send, including invalid ones, with the exact error of the reference.
// TODO(protocol): consider decoding with `Request::decode_body` once its tolerance matches.

use super::conversations::{self, NewConversation, str_or_num, with_ip};
use super::errors::{UmsError, bad};
use super::fanout::{self, Note};
use super::model::Who;
use super::{
    AgentState, ConvFilter, ConvSub, Identity, SimpleSub, Store, files, messages, routing,
};
use crate::state::{AppState, lock};
use crate::store::capture::Change;
use crate::tokens::TokenError;
use lpm_protocol::headers::Header;
use lpm_protocol::{
    ApiVersion, MessageKind, MessageType, Notification, Request, Response, Side, texts,
};
use serde_json::{Value, json};

/// A request's working context: the store (locked), the time, and what to do after answering.
pub struct Ctx<'a> {
    /// The platform.
    pub st: &'a AppState,
    /// The locked UMS store.
    pub store: &'a mut Store,
    /// Platform time of this request.
    pub now: i64,
    /// Notifications to send after the response.
    pub notes: Vec<Note>,
    /// Ring expiry timers to start: (at ms, ring id).
    pub timers: Vec<(i64, String)>,
    /// Changes to store that cause no notification (see [`Ctx::persist`]).
    pub changes: Vec<Change>,
    /// How many of `notes` are already in the durable store.
    persisted: usize,
}

impl<'a> Ctx<'a> {
    /// A context at `now`.
    pub fn new(st: &'a AppState, store: &'a mut Store, now: i64) -> Self {
        Self {
            st,
            store,
            now,
            notes: Vec::new(),
            timers: Vec::new(),
            changes: Vec::new(),
            persisted: 0,
        }
    }

    /// Commits what the notes and changes recorded so far touched to the durable store (when
    /// the platform has one), in one transaction. Called before the response is queued, so
    /// that nothing a client is told about can be lost to a crash; the notifications it
    /// caused, which name the same entities, follow.
    pub fn persist(&mut self) {
        let Some(durable) = &self.st.durable else {
            return;
        };
        let notes = &self.notes[self.persisted.min(self.notes.len())..];
        if notes.is_empty() && self.changes.is_empty() {
            return;
        }
        let rows = crate::store::capture::ums_rows(self.store, notes, &self.changes);
        durable.write(&rows);
        self.persisted = self.notes.len();
        self.changes.clear();
    }

    /// Stores what is left to store, sends the recorded notifications and starts the
    /// recorded timers.
    pub fn finish(mut self) {
        self.persist();
        fanout::flush(self.store, self.notes, self.now);
        for (at, ring_id) in self.timers {
            let st = self.st.clone();
            tokio::spawn(async move {
                st.clock.sleep_until(at).await;
                routing::expire(&st, &ring_id);
            });
        }
    }
}

/// Who sent a request.
#[derive(Debug, Clone)]
pub struct Caller {
    /// The socket.
    pub socket_id: u64,
    /// Account.
    pub account: String,
    /// Consumer or brand.
    pub side: Side,
    /// Socket version.
    pub version: ApiVersion,
    /// The participant.
    pub who: Who,
    /// The connection's client properties.
    pub client_properties: Option<Value>,
}

/// A successful answer.
enum Reply {
    /// A string response.
    Text(u16, String),
    /// A typed response with a body.
    Body(u16, Option<Value>),
}

/// Work that must follow the response (initial notifications of subscriptions).
enum After {
    ConvSnapshot(String),
    History { dialog_id: String, from_seq: u64 },
    RoutingInitial(String),
    AgentStateInitial(String),
}

/// The fault-injection kind of a request type: `ums:<v3 name>` (the v2 name for types that
/// have no v3 name).
pub fn fault_kind(type_name: &str) -> String {
    match MessageType::from_name(type_name) {
        Some(t) => format!("ums:{}", t.v3_name().or(t.v2_name()).unwrap_or(type_name)),
        None => format!("ums:{type_name}"),
    }
}

/// Queues an error response on a socket.
pub fn send_error(st: &AppState, socket_id: u64, req_id: &str, code: u16, text: &str) {
    let store = st.ums.store();
    if let Some(s) = store.sockets.get(&socket_id) {
        s.send(Response::text(req_id, code, s.version, text));
    }
}

/// Handles one request from socket `socket_id`.
pub fn handle(st: &AppState, socket_id: u64, req: Request) {
    let mut guard = st.ums.store();
    let store: &mut Store = &mut guard;
    let Some(entry) = store.sockets.get(&socket_id) else {
        return;
    };
    let version = entry.version;
    let side = entry.side;
    let reply_err = |store: &Store, e: UmsError| {
        if let Some(s) = store.sockets.get(&socket_id) {
            s.send(Response::text(&req.id, e.code(), version, e.to_string()));
        }
    };
    let mt = match MessageType::from_name(&req.type_name) {
        Some(t) if t.kind() == MessageKind::Request => t,
        _ => return reply_err(store, UmsError::UnknownType),
    };
    if !mt.may_send(side) {
        return reply_err(store, UmsError::Forbidden);
    }
    let now = st.clock.now_ms();
    if mt == MessageType::InitConnection {
        return init_connection(st, store, socket_id, &req, now);
    }
    let Some(who) = entry.who() else {
        return reply_err(store, UmsError::NotAuthenticated);
    };
    let caller = Caller {
        socket_id,
        account: entry.account.clone(),
        side,
        version,
        who,
        client_properties: entry.client_properties.clone(),
    };
    let mut ctx = Ctx::new(st, store, now);
    let mut after = Vec::new();
    let body = req.body.clone().unwrap_or_else(|| json!({}));
    let result = run(&mut ctx, &caller, mt, &req, &body, &mut after);
    if result.is_ok() {
        ctx.persist();
    }
    let Some(socket) = ctx.store.sockets.get(&socket_id) else {
        return;
    };
    match result {
        Ok(Reply::Text(code, text)) => socket.send(Response::text(&req.id, code, version, text)),
        Ok(Reply::Body(code, body)) => {
            socket.send(Response::success(&req.id, code, mt, version, body))
        }
        Err(e) => {
            socket.send(Response::text(&req.id, e.code(), version, e.to_string()));
            return;
        }
    }
    for a in after {
        run_after(&mut ctx, socket_id, a);
    }
    ctx.finish();
}

fn run_after(ctx: &mut Ctx, socket_id: u64, after: After) {
    let now = ctx.now;
    let store = &mut *ctx.store;
    match after {
        After::ConvSnapshot(sub_id) => {
            let Some(socket) = store.sockets.get(&socket_id) else {
                return;
            };
            let Some(mut sub) = socket.conv_subs.iter().find(|s| s.id == sub_id).cloned() else {
                return;
            };
            fanout::snapshot(store, socket, &mut sub, now);
            if let Some(socket) = store.sockets.get_mut(&socket_id)
                && let Some(s) = socket.conv_subs.iter_mut().find(|s| s.id == sub_id)
            {
                s.held = sub.held;
            }
        }
        After::History {
            dialog_id,
            from_seq,
        } => {
            let (Some(socket), Some(conv)) = (
                store.sockets.get(&socket_id),
                store.conversation_of_dialog(&dialog_id),
            ) else {
                return;
            };
            fanout::history(socket, conv, &dialog_id, from_seq);
        }
        After::RoutingInitial(sub_id) => {
            if let Some(s) = store.sockets.get(&socket_id)
                && let Ok(n) = Notification::new(
                    MessageType::RoutingTaskNotification,
                    s.version,
                    json!({"subscriptionId": sub_id, "changes": []}),
                )
            {
                s.send(n);
            }
        }
        After::AgentStateInitial(sub_id) => {
            let Some(s) = store.sockets.get(&socket_id) else {
                return;
            };
            let agent = s
                .agent_state_subs
                .iter()
                .find(|x| x.id == sub_id)
                .and_then(|x| x.agent.clone());
            let changes: Vec<Value> = store
                .agent_states
                .keys()
                .filter(|(acct, user)| {
                    *acct == s.account
                        && agent
                            .as_deref()
                            .is_none_or(|a| a == format!("{acct}.{user}"))
                })
                .filter_map(|(acct, user)| fanout::agent_state_result(store, acct, user))
                .map(|r| json!({"type": "UPSERT", "result": r}))
                .collect();
            if let Ok(n) = Notification::new(
                MessageType::AgentStateNotification,
                s.version,
                json!({"subscriptionId": sub_id, "changes": changes}),
            ) {
                s.send(n);
            }
        }
    }
}

fn init_connection(st: &AppState, store: &mut Store, socket_id: u64, req: &Request, now: i64) {
    let Some(entry) = store.sockets.get_mut(&socket_id) else {
        return;
    };
    let version = entry.version;
    let mut jwt = None;
    let mut props = None;
    for h in req.headers.iter().flatten() {
        match h {
            Header::ConsumerAuthentication(a) => jwt = Some(a.jwt.clone()),
            Header::ClientProperties(cp) => props = serde_json::to_value(cp).ok(),
            _ => {}
        }
    }
    if let Some(p) = props {
        let mut p = with_ip(&p);
        if let Some(m) = p.as_object_mut() {
            m.insert("type".into(), ".ClientProperties".into());
        }
        entry.client_properties = Some(p);
    }
    let jwt = match jwt {
        Some(j) => j,
        None if !matches!(entry.identity, Identity::Unauthenticated) => {
            entry.send(Response::text(&req.id, 200, version, "OK"));
            return;
        }
        None => {
            entry.send(Response::text(&req.id, 401, version, "Not authenticated"));
            return;
        }
    };
    let verified = lock(&st.tokens).verify_consumer_jwt(&entry.account, &jwt, now.div_euclid(1000));
    match verified {
        Ok(claims) => {
            let account = entry.account.clone();
            entry.identity = Identity::Consumer {
                id: claims.sub.clone(),
                jwt,
                exp: claims.exp,
            };
            entry.send(Response::text(&req.id, 200, version, "OK"));
            store.remember_claims(&account, &claims);
        }
        Err(e) => {
            entry.send(Response::text(
                &req.id,
                401,
                version,
                "identity token is invalid",
            ));
            let code = if e == TokenError::Expired { 4407 } else { 4401 };
            store.close_socket(socket_id, code, "identity token is invalid");
        }
    }
}

fn strings(v: Option<&Value>) -> Option<Vec<String>> {
    match v? {
        Value::Array(a) => Some(a.iter().filter_map(|x| str_or_num(Some(x))).collect()),
        Value::String(s) => Some(vec![s.clone()]),
        _ => None,
    }
}

fn filter_from(body: &Value, side: Side) -> ConvFilter {
    let i = |k: &str| {
        body.get(k)
            .and_then(|v| v.as_i64().or_else(|| v.as_str()?.parse().ok()))
    };
    ConvFilter {
        stage: strings(body.get("stage")),
        conv_state: strings(body.get("convState")).or_else(|| strings(body.get("state"))),
        agent_ids: if side == Side::Brand {
            strings(body.get("agentIds"))
        } else {
            None
        },
        consumer_id: str_or_num(body.get("consumerId")),
        conversation_id: str_or_num(body.get("conversationId")),
        min_last_updated: i("minLastUpdatedTime"),
        max_last_updated: i("maxLastUpdatedTime"),
        dialog_types: strings(body.get("dialogTypes")),
        max_ettr: i("maxETTR"),
    }
}

fn socket_mut<'s>(
    ctx: &'s mut Ctx,
    caller: &Caller,
) -> Result<&'s mut super::SocketEntry, UmsError> {
    ctx.store
        .sockets
        .get_mut(&caller.socket_id)
        .ok_or(UmsError::Forbidden)
}

fn run(
    ctx: &mut Ctx,
    caller: &Caller,
    mt: MessageType,
    req: &Request,
    body: &Value,
    after: &mut Vec<After>,
) -> Result<Reply, UmsError> {
    use MessageType as T;
    let ok = |text: &str| Ok(Reply::Text(200, text.to_owned()));
    match mt {
        T::GetClock => Ok(Reply::Body(200, Some(json!({"currentTime": ctx.now})))),
        T::KeepAlive => ok("OK"),
        T::ConsumerRequestConversation => {
            let new = NewConversation::from_body(body)?;
            let consumer = caller.who.pid().to_owned();
            let created = conversations::create(
                ctx,
                &caller.account,
                &consumer,
                caller.client_properties.as_ref(),
                new,
                None,
            );
            let id = match created {
                Err(UmsError::AlreadyOpen)
                    if ctx
                        .st
                        .ums
                        .settings
                        .already_open_as_200
                        .load(std::sync::atomic::Ordering::Relaxed) =>
                {
                    return Ok(Reply::Text(200, UmsError::AlreadyOpen.to_string()));
                }
                other => other?,
            };
            Ok(Reply::Body(200, Some(json!({"conversationId": id}))))
        }
        T::AgentRequestConversation => {
            let consumer = str_or_num(body.get("consumerId")).ok_or_else(|| bad("consumerId"))?;
            let new = NewConversation::from_body(body)?;
            // The calling agent becomes ASSIGNED_AGENT (`uncertain.md` M13).
            let id = conversations::create(
                ctx,
                &caller.account,
                &consumer,
                None,
                new,
                Some(&caller.who),
            )?;
            Ok(Reply::Body(200, Some(json!({"conversationId": id}))))
        }
        T::UpdateConversationField => {
            let conv_id = body
                .get("conversationId")
                .and_then(Value::as_str)
                .ok_or_else(|| bad("conversationId"))?
                .to_owned();
            let fields: Vec<Value> = match body.get("conversationField") {
                Some(Value::Array(a)) => a.clone(),
                Some(o @ Value::Object(_)) => vec![o.clone()],
                _ => return Err(bad("conversationField")),
            };
            let text = conversations::update_fields(ctx, caller, &conv_id, &fields)?;
            ok(text)
        }
        T::SubscribeExConversations => {
            let filter = filter_from(body, caller.side);
            let id = ctx.st.ids.uuid();
            socket_mut(ctx, caller)?.conv_subs.push(ConvSub {
                id: id.clone(),
                filter,
                held: Default::default(),
            });
            after.push(After::ConvSnapshot(id.clone()));
            Ok(Reply::Body(200, Some(json!({"subscriptionId": id}))))
        }
        T::UpdateExConversationSubscription => {
            let id = str_or_num(body.get("subscriptionId")).ok_or_else(|| bad("subscriptionId"))?;
            let filter = filter_from(body, caller.side);
            let socket = socket_mut(ctx, caller)?;
            let sub = socket
                .conv_subs
                .iter_mut()
                .find(|s| s.id == id)
                .ok_or(UmsError::SubscriptionNotFound)?;
            sub.filter = filter;
            after.push(After::ConvSnapshot(id.clone()));
            Ok(Reply::Body(200, Some(json!({"subscriptionId": id}))))
        }
        T::UnsubscribeExConversations => {
            let id = str_or_num(body.get("subscriptionId")).ok_or_else(|| bad("subscriptionId"))?;
            let socket = socket_mut(ctx, caller)?;
            let before = socket.conv_subs.len();
            socket.conv_subs.retain(|s| s.id != id);
            if socket.conv_subs.len() == before {
                return Err(UmsError::SubscriptionNotFound);
            }
            ok("OK")
        }
        T::PublishEvent => {
            let metadata = req
                .metadata
                .as_ref()
                .and_then(|m| serde_json::to_value(m).ok());
            let seq = messages::publish(ctx, caller, body, metadata, req.encoded_metadata.clone())?;
            Ok(Reply::Body(200, Some(json!({"sequence": seq}))))
        }
        T::SubscribeMessagingEvents => {
            let dialog_id = body
                .get("dialogId")
                .and_then(Value::as_str)
                .ok_or_else(|| bad("dialogId"))?
                .to_owned();
            let from_seq = match body.get("fromSeq") {
                None | Some(Value::Null) => 0,
                Some(v) => v
                    .as_u64()
                    .or_else(|| v.as_str()?.parse().ok())
                    .ok_or_else(|| bad("fromSeq"))?,
            };
            let conv = ctx
                .store
                .conversation_of_dialog(&dialog_id)
                .filter(|c| c.account == caller.account)
                .ok_or(UmsError::ConversationNotFound)?;
            if caller.side == Side::Consumer && conv.consumer_id != caller.who.pid() {
                return Err(UmsError::ConversationNotFound);
            }
            if !ctx.store.subscribe_messages(caller.socket_id, &dialog_id) {
                return Err(UmsError::Forbidden);
            }
            after.push(After::History {
                dialog_id,
                from_seq,
            });
            Ok(Reply::Body(200, Some(json!({}))))
        }
        T::QueryMessages => Ok(Reply::Body(200, Some(messages::query(ctx, caller, body)?))),
        T::GenerateUrlForUploadFile => {
            let v = files::generate_upload(ctx.st, caller, body, ctx.now)?;
            Ok(Reply::Body(200, Some(v)))
        }
        T::GenerateUrlForDownloadFile => {
            let v = files::generate_download(ctx.st, ctx.store, caller, body, ctx.now)?;
            Ok(Reply::Body(200, Some(v)))
        }
        T::GenerateUploadToken | T::GenerateDownloadToken => {
            Ok(Reply::Body(200, Some(json!({"token": ctx.st.ids.hex64()}))))
        }
        T::SetAgentState => {
            // Another agent's state is refused as such (403) before the body is validated.
            if let Some(target) = str_or_num(body.get("agentUserId"))
                && !caller.who.answers_to(&target)
            {
                return Err(UmsError::Forbidden);
            }
            let availability = body
                .get("availability")
                .and_then(Value::as_str)
                .filter(|a| ["ONLINE", "OCCUPIED", "AWAY", "BACK_SOON", "OFFLINE"].contains(a))
                .ok_or_else(|| bad("availability"))?
                .to_owned();
            let user_id = caller.who.user_id().unwrap_or_default().to_owned();
            let state = AgentState {
                availability,
                channels: body
                    .get("channels")
                    .cloned()
                    .filter(|c| c.is_array())
                    .unwrap_or_else(|| json!(["MESSAGING"])),
                description: body
                    .get("description")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_owned(),
            };
            ctx.store
                .agent_states
                .insert((caller.account.clone(), user_id.clone()), state);
            ctx.notes.push(Note::AgentState {
                account: caller.account.clone(),
                user_id,
            });
            let account = caller.account.clone();
            routing::route_account(ctx, &account, caller.who.user_id());
            Ok(Reply::Text(202, texts::AGENT_STATE_UPDATED.into()))
        }
        T::SubscribeAgentsState => {
            let id = ctx.st.ids.uuid();
            let agent = str_or_num(body.get("agentId")).filter(|a| !a.is_empty());
            socket_mut(ctx, caller)?.agent_state_subs.push(SimpleSub {
                id: id.clone(),
                agent,
            });
            after.push(After::AgentStateInitial(id.clone()));
            Ok(Reply::Body(200, Some(json!({"subscriptionId": id}))))
        }
        T::SubscribeRoutingTasks => {
            let id = ctx.st.ids.uuid();
            socket_mut(ctx, caller)?.routing_subs.push(SimpleSub {
                id: id.clone(),
                agent: None,
            });
            after.push(After::RoutingInitial(id.clone()));
            let account = caller.account.clone();
            routing::route_account(ctx, &account, caller.who.user_id());
            Ok(Reply::Body(200, Some(json!({"subscriptionId": id}))))
        }
        T::UpdateRoutingTaskSubscription => {
            let id = str_or_num(body.get("subscriptionId")).ok_or_else(|| bad("subscriptionId"))?;
            if !socket_mut(ctx, caller)?
                .routing_subs
                .iter()
                .any(|s| s.id == id)
            {
                return Err(UmsError::SubscriptionNotFound);
            }
            ok("OK")
        }
        T::UpdateRingState => {
            let ring_id = body
                .get("ringId")
                .and_then(Value::as_str)
                .ok_or_else(|| bad("ringId"))?
                .to_owned();
            let accept = match body.get("ringState").and_then(Value::as_str) {
                Some("ACCEPTED") => true,
                Some("REJECTED") => false,
                _ => return Err(bad("ringState")),
            };
            routing::update_ring(ctx, &caller.who, &ring_id, accept)?;
            Ok(Reply::Text(202, texts::RING_STATE_UPDATED.into()))
        }
        T::GetUserProfile => Ok(Reply::Body(200, Some(user_profile(ctx, caller, req)?))),
        T::SetUserProfile => {
            let Value::Object(fields) = body else {
                return Err(bad("body"));
            };
            let key = (caller.account.clone(), caller.who.pid().to_owned());
            ctx.changes
                .push(Change::Profile(key.0.clone(), key.1.clone()));
            let profile = ctx.store.profiles.entry(key).or_insert_with(|| json!({}));
            if let Some(p) = profile.as_object_mut() {
                for (k, v) in fields.iter().filter(|(_, v)| !v.is_null()) {
                    p.insert(k.clone(), v.clone());
                }
            }
            ok(texts::USER_PROFILE_SET)
        }
        T::GetBrandProfile => Ok(Reply::Body(
            200,
            Some(json!({"brandId": caller.account, "name": caller.account})),
        )),
        // Legacy types (`uncertain.md` L7): accepted, no effect.
        T::GetBrands
        | T::SetBrandProfile
        | T::SubscribeConversations
        | T::UnsubscribeConversations
        | T::UnsubscribeBody => ok("OK"),
        T::InitConnection => ok("OK"),
        // Notifications and response bases are filtered out before; anything new in the
        // table is unknown here.
        _ => Err(UmsError::UnknownType),
    }
}

fn user_profile(ctx: &mut Ctx, caller: &Caller, req: &Request) -> Result<Value, UmsError> {
    let asked = match &req.body {
        Some(Value::String(s)) => Some(s.clone()),
        Some(b) => str_or_num(b.get("userId")),
        None => None,
    }
    .filter(|s| !s.is_empty());
    let consumer_profile = |store: &Store, id: &str| -> Option<Value> {
        let key = (caller.account.clone(), id.to_owned());
        let known = store.consumers_seen.contains(&key) || store.profiles.contains_key(&key);
        let own = caller.side == Side::Consumer && caller.who.pid() == id;
        if !known && !own {
            return None;
        }
        let mut p = store
            .profiles
            .get(&key)
            .cloned()
            .unwrap_or_else(|| json!({}));
        if let Some(m) = p.as_object_mut() {
            m.insert("userId".into(), id.into());
            if let Some(claims) = store.auth_claims.get(&key) {
                add_claims(m, claims);
            }
        }
        Some(p)
    };
    match (caller.side, asked) {
        (Side::Consumer, _) => {
            consumer_profile(ctx.store, caller.who.pid()).ok_or(UmsError::UserNotFound)
        }
        (Side::Brand, asked) => {
            let id = asked.unwrap_or_else(|| caller.who.old_id().to_owned());
            let mut dir = lock(&ctx.st.directory);
            if let Ok(acct) = dir.account(&caller.account)
                && let Some(u) = acct.user_by_any_id(&id).or_else(|| acct.user(&id))
            {
                return Ok(json!({
                    "userId": u.old_id(&caller.account),
                    "pid": u.pid,
                    "nickName": u.nickname,
                    "firstName": u.nickname,
                    "lastName": "",
                }));
            }
            drop(dir);
            consumer_profile(ctx.store, &id).ok_or(UmsError::UserNotFound)
        }
    }
}

/// The authenticated consumer's identity in its profile (`requests.md` §21,
/// `conversation-model.md` §11): `claims.lp_sdes` and `claims.iss` from the brand's token (as
/// `lp.ext` carries them) and `acr`, the fields node-agent-sdk reads.
fn add_claims(
    profile: &mut serde_json::Map<String, Value>,
    claims: &crate::tokens::ConsumerClaims,
) {
    let Some(ext) = &claims.lp_ext else {
        return;
    };
    let mut c = serde_json::Map::new();
    if let Some(iss) = &ext.iss {
        c.insert("iss".into(), iss.clone().into());
    }
    c.insert("lp_sdes".into(), claims.sdes().unwrap_or_else(|| json!([])));
    profile.insert("claims".into(), Value::Object(c));
    // Every authenticated consumer is LoA 1 on LivePerson (the reference's only value).
    profile.insert("acr".into(), "loa1".into());
}
