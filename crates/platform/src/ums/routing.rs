//! Routing: agent availability, routing tasks and rings (`conversation-model.md` §7,
//! `notifications.md` §3, `emulator-notes.md` §7).
//!
//! A conversation without an ACTIVE assigned agent gets one routing task; every eligible agent
//! (ONLINE, a live `SubscribeRoutingTasks`, the conversation's skill) gets one WAITING ring in it.
//! Rings expire on the platform clock ([`RING_EXPIRATION_MS`]); a test advances the clock.

use super::dispatch::Ctx;
use super::fanout::Note;
use super::model::{PState, Participant, Role, Who};
use super::{Identity, Store};
use crate::state::{AppState, lock};
use lpm_protocol::{MessageType, Notification};
use serde_json::{Value, json};

/// How long a ring stays WAITING (72 000 ms in every example).
pub const RING_EXPIRATION_MS: i64 = 72_000;

/// One offer of a conversation to one agent.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Ring {
    /// `{convId}_{acct}_{epochMs}`; the ms part is bumped per ring so ids stay unique.
    pub ring_id: String,
    /// The agent's numeric user id.
    pub user_id: String,
    /// `WAITING`, `ACCEPTED`, `REJECTED`, `EXPIRED`, `CANCELLED`.
    pub state: String,
    /// `ringExpirationTs`.
    pub expiration_ts: i64,
    /// `weight`.
    pub weight: i64,
}

/// The routing task of one conversation.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RoutingTask {
    /// `routingTaskId`.
    pub id: String,
    /// Account.
    pub account: String,
    /// Conversation.
    pub conversation_id: String,
    /// Consumer.
    pub consumer_id: String,
    /// Skill at task creation.
    pub skill_id: String,
    /// A transfer-to-agent target: only this agent is rung.
    pub suggested: Option<String>,
    /// Accepted.
    pub completed: bool,
    /// Old id of the accepting agent.
    pub assigned: Option<String>,
    /// Rings, one per agent.
    pub rings: Vec<Ring>,
}

impl RoutingTask {
    /// The notification `result` carrying only `ring` (lp-messaging-sdk 1.5.4 rejects others).
    pub fn result_for(&self, ring: &Ring) -> Value {
        json!({
            "routingTaskId": self.id,
            "brandId": self.account,
            "assignedAgentId": self.assigned.clone().unwrap_or_default(),
            "taskCompleted": self.completed,
            "conversationId": self.conversation_id,
            "consumerId": self.consumer_id,
            "skillId": self.skill_id,
            "ringsDetails": [{
                "ringId": ring.ring_id,
                "brandId": self.account,
                "convId": self.conversation_id,
                "consumerId": self.consumer_id,
                "skillId": self.skill_id,
                "ringState": ring.state,
                "ringExpiration": RING_EXPIRATION_MS,
                "ringExpirationTs": ring.expiration_ts,
                "weight": ring.weight,
            }]
        })
    }
}

/// Finds a ring by id.
pub fn find_ring<'a>(store: &'a Store, ring_id: &str) -> Option<(&'a RoutingTask, &'a Ring)> {
    store
        .tasks
        .values()
        .chain(store.old_tasks.iter())
        .find_map(|t| {
            t.rings
                .iter()
                .find(|r| r.ring_id == ring_id)
                .map(|r| (t, r))
        })
}

fn ring_mut<'a>(store: &'a mut Store, ring_id: &str) -> Option<&'a mut Ring> {
    store
        .tasks
        .values_mut()
        .flat_map(|t| t.rings.iter_mut())
        .find(|r| r.ring_id == ring_id)
}

/// Sends a ring's current state to its agent's routing subscriptions.
pub fn notify_ring(store: &mut Store, ring_id: &str) {
    let Some((task, ring)) = find_ring(store, ring_id) else {
        return;
    };
    let result = task.result_for(ring);
    for socket in store.sockets.values() {
        let Identity::Brand { user_id, .. } = &socket.identity else {
            continue;
        };
        if socket.account != task.account || *user_id != ring.user_id {
            continue;
        }
        for sub in &socket.routing_subs {
            if let Ok(n) = Notification::new(
                MessageType::RoutingTaskNotification,
                socket.version,
                json!({"subscriptionId": sub.id, "changes": [{"type": "UPSERT", "result": result}]}),
            ) {
                socket.send(n);
            }
        }
    }
}

/// Cancels the WAITING rings of a conversation's task and forgets the task, so that the next
/// [`route`] starts a new one (close, back to queue, transfer).
pub fn reset_task(ctx: &mut Ctx, conv_id: &str) {
    if let Some(task) = ctx.store.tasks.get_mut(conv_id) {
        for ring in task.rings.iter_mut().filter(|r| r.state == "WAITING") {
            ring.state = "CANCELLED".into();
            ctx.notes.push(Note::Ring(ring.ring_id.clone()));
        }
    }
    // Keep the finished task until its notes are flushed; a new task replaces it in `route`.
    if let Some(task) = ctx.store.tasks.get_mut(conv_id) {
        task.completed = true;
    }
}

/// Rings every eligible agent of every routable conversation of `account` (after an agent
/// became ONLINE or subscribed to routing tasks). `retry` is that agent: its EXPIRED or
/// REJECTED rings do not keep it from being rung again, so that a conversation does not wait
/// forever for an agent who missed a ring and then announced itself again.
pub fn route_account(ctx: &mut Ctx, account: &str, retry: Option<&str>) {
    let mut ids: Vec<(i64, String)> = ctx
        .store
        .conversations
        .values()
        .filter(|c| c.account == account && c.routable())
        .map(|c| (c.start_ts, c.id.clone()))
        .collect();
    ids.sort();
    for (_, id) in ids {
        route_with_retry(ctx, &id, retry);
    }
}

/// Creates the routing task of a routable conversation if needed and rings every eligible
/// agent that has no ring in it yet.
pub fn route(ctx: &mut Ctx, conv_id: &str) {
    route_with_retry(ctx, conv_id, None);
}

fn route_with_retry(ctx: &mut Ctx, conv_id: &str, retry: Option<&str>) {
    let Some(conv) = ctx.store.conversations.get(conv_id) else {
        return;
    };
    if !conv.routable() {
        return;
    }
    let account = conv.account.clone();
    let skill = conv.skill_id.clone();
    let consumer = conv.consumer_id.clone();
    let weight = conv.start_ts + conv.ttr.value * 1000;
    let in_transfer = conv.in_transfer;
    let suggested: Option<String> = conv
        .main()
        .participants
        .iter()
        .find(|p| p.role == Role::AssignedAgent && p.state == PState::Suggested)
        .and_then(|p| p.who.user_id().map(str::to_owned));

    let fresh = ctx
        .store
        .tasks
        .get(conv_id)
        .is_none_or(|t| t.completed || t.skill_id != skill || t.suggested != suggested);
    if fresh {
        let task = RoutingTask {
            id: ctx.st.ids.uuid(),
            account: account.clone(),
            conversation_id: conv_id.to_owned(),
            consumer_id: consumer,
            skill_id: skill.clone(),
            suggested: suggested.clone(),
            completed: false,
            assigned: None,
            rings: Vec::new(),
        };
        if let Some(old) = ctx.store.tasks.insert(conv_id.to_owned(), task) {
            ctx.store.old_tasks.push(old);
        }
    }

    // Candidates: brand sockets of the account with a routing subscription.
    let mut candidates: Vec<String> = Vec::new();
    for s in ctx.store.sockets.values() {
        if let Identity::Brand { user_id, .. } = &s.identity
            && s.account == account
            && !s.routing_subs.is_empty()
            && !candidates.contains(user_id)
        {
            candidates.push(user_id.clone());
        }
    }
    let directory_account = lock(&ctx.st.directory).account(&account).ok().cloned();
    let now = ctx.now;
    let Some(task) = ctx.store.tasks.get(conv_id) else {
        return;
    };
    let mut new_rings = Vec::new();
    for user_id in candidates {
        let retrying = retry == Some(user_id.as_str());
        if task.rings.iter().any(|r| {
            r.user_id == user_id
                && (!retrying || matches!(r.state.as_str(), "WAITING" | "ACCEPTED"))
        }) {
            continue;
        }
        let availability = ctx
            .store
            .agent_states
            .get(&(account.clone(), user_id.clone()))
            .map(|s| s.availability.as_str())
            .unwrap_or("OFFLINE");
        let eligible = match &suggested {
            Some(target) => *target == user_id && matches!(availability, "ONLINE" | "OCCUPIED"),
            None => {
                (availability == "ONLINE" || (in_transfer && availability == "OCCUPIED"))
                    && directory_account
                        .as_ref()
                        .and_then(|a| a.user(&user_id))
                        .is_none_or(|u| u.has_skill(&skill))
            }
        };
        if eligible {
            new_rings.push(user_id);
        }
    }
    let mut ms = now;
    let mut created = Vec::new();
    for user_id in new_rings {
        let mut ring_id = format!("{conv_id}_{account}_{ms}");
        while find_ring(ctx.store, &ring_id).is_some()
            || created.iter().any(|r: &Ring| r.ring_id == ring_id)
        {
            ms += 1;
            ring_id = format!("{conv_id}_{account}_{ms}");
        }
        ms += 1;
        created.push(Ring {
            ring_id,
            user_id,
            state: "WAITING".into(),
            expiration_ts: now + RING_EXPIRATION_MS,
            weight,
        });
    }
    if let Some(task) = ctx.store.tasks.get_mut(conv_id) {
        for ring in created {
            ctx.notes.push(Note::Ring(ring.ring_id.clone()));
            ctx.timers.push((ring.expiration_ts, ring.ring_id.clone()));
            task.rings.push(ring);
        }
    }
}

/// Cancels the other WAITING rings and completes the task after `caller` was assigned.
pub fn complete(ctx: &mut Ctx, conv_id: &str, accepted_ring: Option<&str>, assigned_old_id: &str) {
    if let Some(task) = ctx.store.tasks.get_mut(conv_id) {
        for ring in task.rings.iter_mut() {
            if Some(ring.ring_id.as_str()) == accepted_ring {
                ring.state = "ACCEPTED".into();
                ctx.notes.push(Note::Ring(ring.ring_id.clone()));
            } else if ring.state == "WAITING" {
                ring.state = "CANCELLED".into();
                ctx.notes.push(Note::Ring(ring.ring_id.clone()));
            }
        }
        task.completed = true;
        task.assigned = Some(assigned_old_id.to_owned());
    }
}

/// `UpdateRingState`: accept or reject a WAITING ring of the caller.
pub fn update_ring(
    ctx: &mut Ctx,
    caller: &Who,
    ring_id: &str,
    accept: bool,
) -> Result<(), super::errors::UmsError> {
    use super::errors::UmsError;
    let Some((task, ring)) = find_ring(ctx.store, ring_id) else {
        return Err(UmsError::RingNotWaiting);
    };
    // Another agent's ring is refused as such (403) whatever its state, before its state is
    // looked at: its state is none of the caller's business.
    if caller.user_id() != Some(ring.user_id.as_str()) {
        return Err(UmsError::Forbidden);
    }
    if ring.state != "WAITING" {
        return Err(UmsError::RingNotWaiting);
    }
    let conv_id = task.conversation_id.clone();
    if !accept {
        if let Some(r) = ring_mut(ctx.store, ring_id) {
            r.state = "REJECTED".into();
        }
        ctx.notes.push(Note::Ring(ring_id.to_owned()));
        route(ctx, &conv_id);
        return Ok(());
    }
    let now = ctx.now;
    let conv = ctx
        .store
        .conversations
        .get_mut(&conv_id)
        .ok_or(UmsError::ConversationNotFound)?;
    if !conv.routable() {
        return Err(UmsError::RingNotWaiting);
    }
    let main = conv.main_mut();
    let old = caller.old_id().to_owned();
    if let Some(p) = main.participants.iter_mut().find(|p| {
        p.role == Role::AssignedAgent && p.state == PState::Suggested && p.who.answers_to(&old)
    }) {
        p.state = PState::Active;
        p.who = caller.clone();
    } else {
        main.participants.push(Participant {
            who: caller.clone(),
            role: Role::AssignedAgent,
            state: PState::Active,
        });
    }
    // Other suggestions are void once someone owns the conversation.
    main.participants.retain(|p| p.state == PState::Active);
    main.meta_ts = now.max(main.meta_ts + 1);
    conv.last_assigned = Some(caller.clone());
    conv.in_transfer = false;
    conv.touch(now);
    complete(ctx, &conv_id, Some(ring_id), &old);
    ctx.notes.push(Note::Conversation(conv_id));
    Ok(())
}

/// A ring's expiry timer fired: EXPIRED if still WAITING, then ring the next candidates.
pub fn expire(st: &AppState, ring_id: &str) {
    let mut store = st.ums.store();
    let now = st.clock.now_ms();
    let mut ctx = Ctx::new(st, &mut store, now);
    let conv_id = match find_ring(ctx.store, ring_id) {
        Some((t, r)) if r.state == "WAITING" && r.expiration_ts <= now => t.conversation_id.clone(),
        _ => return,
    };
    if let Some(r) = ring_mut(ctx.store, ring_id) {
        r.state = "EXPIRED".into();
    }
    ctx.notes.push(Note::Ring(ring_id.to_owned()));
    route(&mut ctx, &conv_id);
    ctx.finish();
}
