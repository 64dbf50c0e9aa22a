//! Conversation rules: creation, `UpdateConversationField` (every field kind), closing, PCS
//! survey dialogs and consumer takeover (`requests.md` §4–6, §24, `emulator-notes.md` §6).
//!
//! A request's field changes are applied to a copy of the conversation and committed only when
//! all of them succeed (the array is atomic).

use super::dispatch::{Caller, Ctx};
use super::errors::{UmsError, bad};
use super::fanout::Note;
use super::model::{
    Conversation, Dialog, DialogType, PState, Participant, Role, Ttr, Who, default_ttr_seconds,
};
use super::routing;
use crate::state::lock;
use lpm_protocol::Side;
use lpm_protocol::requests::{FieldChange, success_text_for};
use serde_json::{Map, Value, json};

/// Reads a string that may also be sent as a number; `null` reads as absent.
pub fn str_or_num(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The fields of a new conversation.
#[derive(Debug, Default)]
pub struct NewConversation {
    /// Skill (`"-1"` none).
    pub skill_id: Option<String>,
    /// `ttrDefName`.
    pub ttr_def_name: Option<String>,
    /// `conversationContext`.
    pub context: Option<Value>,
    /// `campaignInfo`.
    pub campaign_info: Option<Value>,
}

impl NewConversation {
    /// Reads a `ConsumerRequestConversation` / `AgentRequestConversation` body; `null`s read
    /// as absent (lp-messaging-sdk 1.5.4 sends `"skillId":null`, `"campaignInfo":null`).
    pub fn from_body(body: &Value) -> Result<Self, UmsError> {
        let skill_id = match body.get("skillId") {
            None | Some(Value::Null) => None,
            Some(v @ (Value::String(_) | Value::Number(_))) => str_or_num(Some(v)),
            Some(_) => return Err(bad("skillId")),
        };
        let ttr_def_name = match body.get("ttrDefName") {
            None | Some(Value::Null) => None,
            Some(Value::String(s))
                if ["NORMAL", "URGENT", "PRIORITIZED", "CUSTOM"].contains(&s.as_str()) =>
            {
                Some(s.clone())
            }
            Some(_) => return Err(bad("ttrDefName")),
        };
        let context = match body.get("conversationContext") {
            None | Some(Value::Null) => None,
            Some(v @ Value::Object(_)) => Some(v.clone()),
            Some(_) => return Err(bad("conversationContext")),
        };
        let campaign_info = match body.get("campaignInfo") {
            None | Some(Value::Null) => None,
            Some(v @ Value::Object(_)) => Some(v.clone()),
            Some(_) => return Err(bad("campaignInfo")),
        };
        Ok(Self {
            skill_id,
            ttr_def_name,
            context,
            campaign_info,
        })
    }
}

/// Drops `null` members (clients send unset client properties as `null`).
pub fn without_nulls(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), without_nulls(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Creates a conversation for `consumer_id` (one open conversation per consumer).
pub fn create(
    ctx: &mut Ctx,
    account: &str,
    consumer_id: &str,
    consumer_props: Option<&Value>,
    new: NewConversation,
    agent: Option<&Who>,
) -> Result<String, UmsError> {
    if ctx
        .store
        .conversations
        .values()
        .any(|c| c.account == account && c.consumer_id == consumer_id && c.stage_open)
    {
        return Err(UmsError::AlreadyOpen);
    }
    let now = ctx.now;
    let id = ctx.st.ids.uuid();
    // Context: as given, with the connection's client properties (the request's own copy is
    // used only when the connection has none), plus the server-side ipAddress.
    let mut context = new
        .context
        .as_ref()
        .map(without_nulls)
        .unwrap_or_else(|| json!({}));
    let given_props = context
        .as_object_mut()
        .and_then(|m| m.remove("clientProperties"));
    let props = consumer_props
        .cloned()
        .or_else(|| given_props.map(|p| with_ip(&p)));
    if let (Some(p), Some(m)) = (&props, context.as_object_mut()) {
        m.insert("clientProperties".into(), p.clone());
    }
    let features: Vec<String> = props
        .as_ref()
        .and_then(|p| p.get("features"))
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    let ttr_type = new.ttr_def_name.unwrap_or_else(|| "NORMAL".into());
    let key = (account.to_owned(), consumer_id.to_owned());
    let first = !ctx.store.consumers_seen.contains(&key);
    ctx.store.consumers_seen.insert(key);
    let mut participants = vec![Participant {
        who: Who::Consumer(consumer_id.to_owned()),
        role: Role::Consumer,
        state: PState::Active,
    }];
    if let Some(agent) = agent {
        participants.push(Participant {
            who: agent.clone(),
            role: Role::AssignedAgent,
            state: PState::Active,
        });
    }
    let conv = Conversation {
        id: id.clone(),
        account: account.to_owned(),
        consumer_id: consumer_id.to_owned(),
        skill_id: new.skill_id.unwrap_or_else(|| "-1".into()),
        stage_open: true,
        close_reason: None,
        start_ts: now,
        end_ts: None,
        meta_ts: now,
        first_conversation: first,
        ttr: Ttr {
            value: default_ttr_seconds(&ttr_type),
            ttr_type,
        },
        delay: None,
        manual_ettr: None,
        csat: None,
        note: None,
        topic: None,
        context,
        campaign_info: new.campaign_info,
        consumer_features: features,
        last_assigned: agent.cloned(),
        in_transfer: false,
        dialogs: vec![Dialog {
            id: id.clone(),
            dialog_type: DialogType::Main,
            open: true,
            participants,
            creation_ts: now,
            end_ts: None,
            meta_ts: now,
            closed_by: None,
            closed_cause: None,
            meta_data: None,
            events: Vec::new(),
        }],
    };
    ctx.store.dialog_index.insert(id.clone(), id.clone());
    ctx.store.conversations.insert(id.clone(), conv);
    ctx.notes.push(Note::Conversation(id.clone()));
    routing::route(ctx, &id);
    Ok(id)
}

/// Client properties with the server-added `ipAddress` (`conversation-model.md` §9).
pub fn with_ip(props: &Value) -> Value {
    let mut p = without_nulls(props);
    if let Some(m) = p.as_object_mut() {
        m.insert("ipAddress".into(), "127.0.0.1".into());
    }
    p
}

/// Closes every dialog and the conversation.
fn close_all(conv: &mut Conversation, now: i64, reason: &str) {
    for d in conv.dialogs.iter_mut().filter(|d| d.open) {
        d.open = false;
        d.end_ts = Some(now);
        d.meta_ts = now.max(d.meta_ts + 1);
        d.closed_by = Some(reason.to_owned());
    }
    conv.stage_open = false;
    conv.end_ts = Some(now);
    if conv.close_reason.is_none() {
        conv.close_reason = Some(reason.to_owned());
    }
}

/// `CONSUMER` for consumers, `AGENT` for any brand user.
fn closer(caller: &Caller) -> &'static str {
    match caller.side {
        Side::Consumer => "CONSUMER",
        Side::Brand => "AGENT",
    }
}

/// Resolves a brand user named by old id, PID or numeric user id.
fn resolve_brand(ctx: &Ctx, account: &str, id: &str) -> Option<Who> {
    let mut dir = lock(&ctx.st.directory);
    let acct = dir.account(account).ok()?;
    let user = acct.user_by_any_id(id).or_else(|| acct.user(id))?;
    Some(Who::Brand {
        user_id: user.user_id.clone(),
        old_id: user.old_id(account),
        pid: user.pid.clone(),
    })
}

/// Consumer takeover (`requests.md` §24, `uncertain.md` M2): whether the caller's token was
/// issued by a step-up from `old_consumer` (the `lp_jwt` given at authentication, mock step-up
/// included). Dev mode asks the same: it is lenient about credentials, never about isolation
/// between consumers, so consumer B carrying A's ids cannot take A's conversation.
pub fn step_up_linked(ctx: &Ctx, caller: &Caller, old_consumer: &str) -> bool {
    let Some(super::Identity::Consumer { jwt, .. }) = ctx
        .store
        .sockets
        .get(&caller.socket_id)
        .map(|s| &s.identity)
    else {
        return false;
    };
    let verified =
        lock(&ctx.st.tokens).verify_consumer_jwt(&caller.account, jwt, ctx.now.div_euclid(1000));
    // The IDP records the step-up link (the `lp_jwt` given at authentication) in the claims.
    verified.is_ok_and(|claims| crate::tokens::takeover_allowed(&claims, old_consumer))
}

/// What a request changed, for the caller to act on after commit.
#[derive(Debug, Default)]
struct Effects {
    reroute: bool,
    assigned: Option<String>,
    closed: bool,
    new_dialog: Option<String>,
}

/// `UpdateConversationField`. Returns the success text.
pub fn update_fields(
    ctx: &mut Ctx,
    caller: &Caller,
    conv_id: &str,
    fields: &[Value],
) -> Result<&'static str, UmsError> {
    let original = ctx
        .store
        .conversations
        .get(conv_id)
        .filter(|c| c.account == caller.account)
        .ok_or(UmsError::ConversationNotFound)?;
    if fields.is_empty() {
        return Err(bad("conversationField"));
    }
    // Who may touch the conversation at all.
    match caller.side {
        Side::Consumer => {
            let takeover = fields.iter().all(|f| {
                f.get("field").and_then(Value::as_str) == Some("ParticipantsChange")
                    && f.get("role").and_then(Value::as_str) == Some("CONSUMER")
            });
            if !takeover && original.consumer_id != caller.who.pid() {
                return Err(UmsError::ConversationNotFound);
            }
        }
        Side::Brand => {
            let joins_only = fields.iter().all(|f| {
                f.get("field").and_then(Value::as_str) == Some("ParticipantsChange")
                    && f.get("type").and_then(Value::as_str) == Some("ADD")
            });
            if !joins_only && !original.is_participant(caller.who.old_id()) {
                return Err(UmsError::NotParticipant);
            }
        }
    }
    let mut conv = original.clone();
    let now = ctx.now;
    let mut kinds = Vec::new();
    let mut fx = Effects::default();
    // Takeover needs both halves; collect them first.
    let mut takeover_remove: Option<String> = None;
    let mut takeover_add: Option<String> = None;
    for f in fields {
        let field = f
            .get("field")
            .and_then(Value::as_str)
            .ok_or_else(|| bad("field"))?;
        let after_close_ok = matches!(field, "CSATRate" | "Note");
        if !conv.stage_open && !after_close_ok {
            return Err(UmsError::Closed);
        }
        match field {
            "ConversationStateField" | "Stage" => {
                let state = f
                    .get("conversationState")
                    .and_then(Value::as_str)
                    .ok_or_else(|| bad("conversationState"))?;
                if state != "CLOSE" {
                    return Err(bad("conversationState"));
                }
                close_all(&mut conv, now, closer(caller));
                fx.closed = true;
                kinds.push(FieldChange::Close);
            }
            "DialogChange" => {
                dialog_change(ctx, caller, &mut conv, f, &mut fx)?;
                kinds.push(FieldChange::Close);
            }
            "ParticipantsChange" => {
                let kind = f
                    .get("type")
                    .and_then(Value::as_str)
                    .ok_or_else(|| bad("type"))?;
                let role = f
                    .get("role")
                    .and_then(Value::as_str)
                    .and_then(Role::parse)
                    .ok_or_else(|| bad("role"))?;
                let user = str_or_num(f.get("userId"));
                if role == Role::Consumer {
                    if caller.side != Side::Consumer {
                        return Err(UmsError::Forbidden);
                    }
                    let id = user.ok_or_else(|| bad("userId"))?;
                    match kind {
                        "REMOVE" => takeover_remove = Some(id),
                        "ADD" => takeover_add = Some(id),
                        _ => return Err(bad("type")),
                    }
                    continue;
                }
                if caller.side == Side::Consumer {
                    return Err(UmsError::Forbidden);
                }
                let target = match &user {
                    Some(id) => resolve_brand(ctx, &caller.account, id)
                        .ok_or(UmsError::AgentNotInConversation)?,
                    None => caller.who.clone(),
                };
                match kind {
                    "ADD" | "UPDATE" => {
                        add_participant(&mut conv, &target, role, now)?;
                        if role == Role::AssignedAgent {
                            fx.assigned = Some(target.old_id().to_owned());
                        }
                        kinds.push(FieldChange::Add);
                    }
                    "REMOVE" => {
                        remove_participant(&mut conv, user.as_deref(), &target, role, now)?;
                        if role == Role::AssignedAgent {
                            fx.reroute = true;
                            kinds.push(FieldChange::RemoveAssigned);
                        } else {
                            kinds.push(FieldChange::Remove);
                        }
                    }
                    "SUGGEST" => {
                        if role != Role::AssignedAgent {
                            return Err(bad("role"));
                        }
                        suggest(&mut conv, &target, now)?;
                        conv.in_transfer = true;
                        fx.reroute = true;
                        kinds.push(FieldChange::Transfer);
                    }
                    _ => return Err(bad("type")),
                }
            }
            "Skill" => {
                let skill = str_or_num(f.get("skill")).ok_or_else(|| bad("skill"))?;
                conv.skill_id = skill;
                conv.in_transfer = true;
                fx.reroute = true;
                kinds.push(FieldChange::Transfer);
            }
            "TTRField" => {
                let t = f
                    .get("ttrType")
                    .and_then(Value::as_str)
                    .ok_or_else(|| bad("ttrType"))?;
                if !["NORMAL", "URGENT", "PRIORITIZED", "CUSTOM"].contains(&t) {
                    return Err(bad("ttrType"));
                }
                let value = if t == "CUSTOM" {
                    f.get("value")
                        .and_then(|v| v.as_i64().or_else(|| v.as_str()?.parse().ok()))
                        .filter(|v| *v >= 0)
                        .ok_or_else(|| bad("value"))?
                } else {
                    default_ttr_seconds(t)
                };
                conv.ttr = Ttr {
                    ttr_type: t.to_owned(),
                    value,
                };
                kinds.push(FieldChange::Ttr);
            }
            "CSATRate" => {
                if caller.side != Side::Consumer {
                    return Err(UmsError::Forbidden);
                }
                let rate = f
                    .get("csatRate")
                    .and_then(|v| v.as_i64().or_else(|| v.as_str()?.trim().parse().ok()))
                    .filter(|r| (0..=5).contains(r))
                    .ok_or_else(|| bad("csatRate"))?;
                let mut csat = Map::new();
                csat.insert("field".into(), "CSATRate".into());
                csat.insert("csatRate".into(), rate.into());
                if let Some(c) = f.get("csatResolutionConfirmation").filter(|v| !v.is_null()) {
                    csat.insert("csatResolutionConfirmation".into(), c.clone());
                }
                csat.insert(
                    "status".into(),
                    f.get("status")
                        .cloned()
                        .filter(|v| v.is_string())
                        .unwrap_or_else(|| "FILLED".into()),
                );
                conv.csat = Some(Value::Object(csat));
                kinds.push(FieldChange::Csat);
            }
            "Note" | "TopicField" | "DelayField" | "ManualETTR" | "ConversationHandler" => {
                if caller.side == Side::Consumer {
                    return Err(UmsError::Forbidden);
                }
                match field {
                    "Note" => {
                        let note = f
                            .get("note")
                            .and_then(Value::as_str)
                            .ok_or_else(|| bad("note"))?;
                        if note.chars().count() > 5000 {
                            return Err(bad("note"));
                        }
                        conv.note = Some(note.to_owned());
                        kinds.push(FieldChange::Note);
                    }
                    "TopicField" => {
                        conv.topic = f.get("note").and_then(Value::as_str).map(str::to_owned);
                        kinds.push(FieldChange::Other);
                    }
                    "DelayField" => {
                        let t = f
                            .get("type")
                            .and_then(Value::as_str)
                            .ok_or_else(|| bad("type"))?;
                        let till = f
                            .get("tillWhen")
                            .and_then(Value::as_i64)
                            .ok_or_else(|| bad("tillWhen"))?;
                        conv.delay = Some(json!({"type": t, "tillWhen": till}));
                        kinds.push(FieldChange::Other);
                    }
                    "ManualETTR" => {
                        let time = f
                            .get("time")
                            .and_then(Value::as_i64)
                            .ok_or_else(|| bad("time"))?;
                        conv.manual_ettr = Some(time);
                        kinds.push(FieldChange::ManualEttr);
                    }
                    _ => kinds.push(FieldChange::Other),
                }
            }
            _ => return Err(bad("field")),
        }
    }
    if takeover_remove.is_some() || takeover_add.is_some() {
        let (Some(old), Some(new)) = (takeover_remove, takeover_add) else {
            return Err(bad("ParticipantsChange"));
        };
        if new != caller.who.pid() || conv.consumer_id != old || old == new {
            return Err(UmsError::Forbidden);
        }
        if !step_up_linked(ctx, caller, &old) {
            return Err(UmsError::TakeoverDenied);
        }
        if ctx.store.conversations.values().any(|c| {
            c.account == conv.account && c.consumer_id == new && c.stage_open && c.id != conv.id
        }) && conv.stage_open
        {
            return Err(UmsError::AlreadyOpen);
        }
        conv.consumer_id = new.clone();
        for d in conv.dialogs.iter_mut() {
            for p in d
                .participants
                .iter_mut()
                .filter(|p| p.role == Role::Consumer)
            {
                p.who = Who::Consumer(new.clone());
            }
            d.meta_ts = now.max(d.meta_ts + 1);
        }
        ctx.store.consumers_seen.insert((conv.account.clone(), new));
        kinds.push(FieldChange::Takeover);
    }
    conv.touch(now);
    let text = success_text_for(&kinds).unwrap_or("OK");
    if let Some(d) = &fx.new_dialog {
        ctx.store.dialog_index.insert(d.clone(), conv.id.clone());
    }
    let conv_id = conv.id.clone();
    ctx.store.conversations.insert(conv_id.clone(), conv);
    ctx.notes.push(Note::Conversation(conv_id.clone()));
    if fx.closed
        || !ctx
            .store
            .conversations
            .get(&conv_id)
            .is_some_and(|c| c.stage_open && c.main().open)
    {
        routing::reset_task(ctx, &conv_id);
    } else if let Some(agent) = fx.assigned {
        routing::complete(ctx, &conv_id, None, &agent);
    } else if fx.reroute {
        routing::reset_task(ctx, &conv_id);
        routing::route(ctx, &conv_id);
    }
    Ok(text)
}

fn add_participant(
    conv: &mut Conversation,
    target: &Who,
    role: Role,
    now: i64,
) -> Result<(), UmsError> {
    let dialog_idx = conv
        .dialogs
        .iter()
        .rposition(|d| d.open)
        .ok_or(UmsError::Closed)?;
    let d = &mut conv.dialogs[dialog_idx];
    if role == Role::AssignedAgent {
        if let Some(a) = d.assigned_agent() {
            if a.who == *target {
                return Ok(());
            }
            return Err(UmsError::AlreadyAssigned);
        }
        // A suggested target joining as assigned agent accepts the transfer.
        if let Some(p) = d.participants.iter_mut().find(|p| {
            p.role == Role::AssignedAgent
                && p.state == PState::Suggested
                && p.who.answers_to(target.old_id())
        }) {
            p.state = PState::Active;
            p.who = target.clone();
        } else {
            d.participants.push(Participant {
                who: target.clone(),
                role,
                state: PState::Active,
            });
        }
        d.participants.retain(|p| p.state == PState::Active);
        conv.last_assigned = Some(target.clone());
        conv.in_transfer = false;
    } else if !d
        .participants
        .iter()
        .any(|p| p.role == role && p.state == PState::Active && p.who == *target)
    {
        d.participants.push(Participant {
            who: target.clone(),
            role,
            state: PState::Active,
        });
    }
    let d = &mut conv.dialogs[dialog_idx];
    d.meta_ts = now.max(d.meta_ts + 1);
    Ok(())
}

fn remove_participant(
    conv: &mut Conversation,
    named: Option<&str>,
    target: &Who,
    role: Role,
    now: i64,
) -> Result<(), UmsError> {
    let dialog_idx = conv
        .dialogs
        .iter()
        .rposition(|d| d.open)
        .ok_or(UmsError::Closed)?;
    let d = &mut conv.dialogs[dialog_idx];
    let before = d.participants.len();
    if role == Role::AssignedAgent && named.is_none() {
        // Back to queue without naming the agent: remove whoever is assigned.
        d.participants
            .retain(|p| !(p.role == Role::AssignedAgent && p.state == PState::Active));
    } else {
        let id = target.old_id().to_owned();
        d.participants
            .retain(|p| !(p.role == role && p.who.answers_to(&id)));
    }
    if d.participants.len() == before {
        return Err(UmsError::AgentNotInConversation);
    }
    d.meta_ts = now.max(d.meta_ts + 1);
    Ok(())
}

fn suggest(conv: &mut Conversation, target: &Who, now: i64) -> Result<(), UmsError> {
    let d = conv.main_mut();
    if !d.open {
        return Err(UmsError::Closed);
    }
    let id = target.old_id().to_owned();
    if d.participants
        .iter()
        .any(|p| p.state == PState::Active && p.who.answers_to(&id))
    {
        return Err(UmsError::AgentAlreadyExists);
    }
    d.participants
        .retain(|p| !(p.role == Role::AssignedAgent && p.state == PState::Suggested));
    d.participants.push(Participant {
        who: target.clone(),
        role: Role::AssignedAgent,
        state: PState::Suggested,
    });
    d.meta_ts = now.max(d.meta_ts + 1);
    Ok(())
}

fn survey_bot(ctx: &Ctx, conv: &Conversation) -> Option<Who> {
    if !conv.consumer_features.iter().any(|f| f == "MULTI_DIALOG") || conv.skill_id == "-1" {
        return None;
    }
    let mut dir = lock(&ctx.st.directory);
    let acct = dir.account(&conv.account).ok()?;
    let login = acct.skills.get(&conv.skill_id)?.config.survey_bot.clone()?;
    let user = acct.users.values().find(|u| u.login_name == login)?;
    Some(Who::Brand {
        user_id: user.user_id.clone(),
        old_id: user.old_id(&conv.account),
        pid: user.pid.clone(),
    })
}

fn dialog_change(
    ctx: &mut Ctx,
    caller: &Caller,
    conv: &mut Conversation,
    f: &Value,
    fx: &mut Effects,
) -> Result<(), UmsError> {
    let now = ctx.now;
    if f.get("type").and_then(Value::as_str) != Some("UPDATE") {
        return Err(bad("type"));
    }
    let dialog = f.get("dialog").ok_or_else(|| bad("dialog"))?;
    let dialog_id = dialog
        .get("dialogId")
        .and_then(Value::as_str)
        .or_else(|| f.get("dialogId").and_then(Value::as_str))
        .unwrap_or(&conv.id)
        .to_owned();
    if dialog.get("state").and_then(Value::as_str) != Some("CLOSE") {
        return Err(bad("dialog.state"));
    }
    let cause = dialog
        .get("closedCause")
        .and_then(Value::as_str)
        .map(str::to_owned);
    // closedBy is derived from the caller, never taken from the request (`uncertain.md` L5).
    let by = closer(caller);
    let is_main = dialog_id == conv.id;
    if !conv
        .dialog(&dialog_id)
        .ok_or(UmsError::ConversationNotFound)?
        .open
    {
        return Err(UmsError::Closed);
    }
    if is_main && let Some(bot) = survey_bot(ctx, conv) {
        let reader = conv.last_assigned.clone();
        let main = conv.main_mut();
        main.open = false;
        main.end_ts = Some(now);
        main.meta_ts = now.max(main.meta_ts + 1);
        main.closed_by = Some(by.into());
        main.closed_cause = cause;
        conv.close_reason = Some(by.into());
        let mut participants = vec![
            Participant {
                who: Who::Consumer(conv.consumer_id.clone()),
                role: Role::Consumer,
                state: PState::Active,
            },
            Participant {
                who: bot.clone(),
                role: Role::Agent,
                state: PState::Active,
            },
        ];
        if let Some(r) = reader {
            participants.push(Participant {
                who: r,
                role: Role::Reader,
                state: PState::Active,
            });
        }
        let id = ctx.st.ids.dialog_id();
        conv.dialogs.push(Dialog {
            id: id.clone(),
            dialog_type: DialogType::PostSurvey,
            open: true,
            participants,
            creation_ts: now,
            end_ts: None,
            meta_ts: now,
            closed_by: None,
            closed_cause: None,
            meta_data: Some(json!({"appInstallId": bot.pid()})),
            events: Vec::new(),
        });
        fx.new_dialog = Some(id);
        return Ok(());
    }
    if is_main {
        close_all(conv, now, by);
        if let Some(main) = conv.dialog_mut(&dialog_id) {
            main.closed_cause = cause;
        }
        fx.closed = true;
        return Ok(());
    }
    let d = conv
        .dialog_mut(&dialog_id)
        .ok_or(UmsError::ConversationNotFound)?;
    d.open = false;
    d.end_ts = Some(now);
    d.meta_ts = now.max(d.meta_ts + 1);
    d.closed_by = Some(by.into());
    d.closed_cause = cause;
    if conv.dialogs.iter().all(|d| !d.open) {
        conv.stage_open = false;
        conv.end_ts = Some(now);
        fx.closed = true;
    }
    Ok(())
}
