//! What a change of a dialog's participant list means (conversation-model.md §4.2).
//!
//! Participants are matched by role and identity, where identity compares PIDs and old ids
//! both ways: the same agent may be named by old id while suggested and by PID once active.

use crate::model::dialog::Dialog;
use crate::model::enums::{ChatState, ParticipantRole, ParticipantState};
use crate::model::events::ModelEvent;
use crate::model::participant::Participant;

/// What the diff found that matters at conversation level.
#[derive(Debug, Default)]
pub(crate) struct ParticipantOutcome {
    /// An active assigned agent left and no active assigned agent remains in the dialog.
    pub assigned_agent_left: bool,
    /// An assigned agent was suggested (transfer to agent).
    pub agent_suggested: bool,
}

fn same_person(a: &Participant, b: &Participant) -> bool {
    a.is(&b.user_id) || b.is(&a.user_id) || (a.agent_id.is_some() && a.agent_id == b.agent_id)
}

/// Replaces `dialog.participants` with `new`, returning the events in order.
pub(crate) fn apply(
    dialog: &mut Dialog,
    mut new: Vec<Participant>,
    events: &mut Vec<ModelEvent>,
) -> ParticipantOutcome {
    let conversation_id = dialog.conversation_id.clone();
    let dialog_id = dialog.dialog_id.clone();
    let old = std::mem::take(&mut dialog.participants);
    let had_agent = old.iter().any(Participant::is_assigned_agent);
    let mut outcome = ParticipantOutcome::default();

    // Pair every new entry with the old entry of the same person and role.
    let mut old_used = vec![false; old.len()];
    let mut pair: Vec<Option<usize>> = Vec::with_capacity(new.len());
    for n in &new {
        let found = old
            .iter()
            .enumerate()
            .find(|(i, o)| !old_used[*i] && o.role == n.role && same_person(o, n))
            .map(|(i, _)| i);
        if let Some(i) = found {
            old_used[i] = true;
        }
        pair.push(found);
    }

    let new_counts: Vec<usize> = new
        .iter()
        .map(|n| new.iter().filter(|x| same_person(x, n)).count())
        .collect();

    let ev_base = |user_id: &str| {
        (
            conversation_id.clone(),
            dialog_id.clone(),
            user_id.to_owned(),
        )
    };

    for (ni, n) in new.iter_mut().enumerate() {
        if let Some(oi) = pair[ni] {
            let o = &old[oi];
            n.chat_state = o.chat_state.clone();
            if n.agent_id.is_none() {
                n.agent_id = o.agent_id.clone();
            }
            if o.state != n.state {
                let (c, d, u) = ev_base(&n.user_id);
                events.push(ModelEvent::StateChange {
                    conversation_id: c.clone(),
                    dialog_id: d.clone(),
                    user_id: u.clone(),
                    role: n.role.clone(),
                    state: n.state.clone(),
                });
                if o.state == ParticipantState::Suggested && n.state == ParticipantState::Active {
                    events.push(ModelEvent::ParticipantAdded {
                        conversation_id: c,
                        dialog_id: d,
                        user_id: u,
                        role: n.role.clone(),
                        previously_suggested: true,
                    });
                }
            }
            continue;
        }
        // Unpaired new entry: a role change, a consumer takeover, an accepted suggestion named
        // differently, a new suggestion, or a plain addition.
        let (c, d, u) = ev_base(&n.user_id);
        let same_user_other_role = old.iter().enumerate().find(|(i, o)| {
            !old_used[*i] && same_person(o, n) && o.role != n.role && o.state == n.state
        });
        if let Some((oi, o)) = same_user_other_role {
            // Only a role *change* if the person holds a single role before and after;
            // otherwise it gained or lost one of several roles.
            let roles_before = old.iter().filter(|x| same_person(x, n)).count();
            if roles_before == 1 && new_counts[ni] == 1 {
                old_used[oi] = true;
                n.chat_state = o.chat_state.clone();
                events.push(ModelEvent::RoleChange {
                    conversation_id: c,
                    dialog_id: d,
                    user_id: u,
                    prev_role: o.role.clone(),
                    role: n.role.clone(),
                });
                continue;
            }
        }
        if n.role == ParticipantRole::Consumer && n.is_active() {
            let prev = old.iter().enumerate().find(|(i, o)| {
                !old_used[*i] && o.role == ParticipantRole::Consumer && o.is_active()
            });
            if let Some((oi, o)) = prev {
                old_used[oi] = true;
                let mut gone = o.clone();
                gone.state = ParticipantState::Removed;
                gone.chat_state = ChatState::Removed;
                dialog.removed_participants.push(gone);
                events.push(ModelEvent::ConsumerStepUp {
                    conversation_id: c,
                    dialog_id: d,
                    previous_consumer: o.user_id.clone(),
                    consumer: u,
                });
                continue;
            }
        }
        match n.state {
            ParticipantState::Suggested => {
                events.push(ModelEvent::ParticipantSuggested {
                    conversation_id: c.clone(),
                    dialog_id: d.clone(),
                    user_id: u.clone(),
                    role: n.role.clone(),
                });
                if n.role == ParticipantRole::AssignedAgent {
                    outcome.agent_suggested = true;
                    events.push(ModelEvent::TransferAgent {
                        conversation_id: c,
                        dialog_id: d,
                        user_id: u,
                    });
                }
            }
            _ => {
                // A suggested entry of the same role that vanished now is this one under its
                // other id form (old id while suggested, PID once active on v3 sockets).
                let promoted = old.iter().enumerate().find(|(i, o)| {
                    !old_used[*i]
                        && o.role == n.role
                        && o.is_suggested()
                        && (o.agent_id.is_none() || n.agent_id.is_none() || same_person(o, n))
                });
                let previously_suggested = if let Some((oi, _)) = promoted {
                    old_used[oi] = true;
                    true
                } else {
                    false
                };
                if previously_suggested {
                    events.push(ModelEvent::StateChange {
                        conversation_id: c.clone(),
                        dialog_id: d.clone(),
                        user_id: u.clone(),
                        role: n.role.clone(),
                        state: n.state.clone(),
                    });
                }
                events.push(ModelEvent::ParticipantAdded {
                    conversation_id: c,
                    dialog_id: d,
                    user_id: u,
                    role: n.role.clone(),
                    previously_suggested,
                });
            }
        }
    }

    for (oi, o) in old.iter().enumerate() {
        if old_used[oi] {
            continue;
        }
        let (c, d, u) = ev_base(&o.user_id);
        if o.is_suggested() {
            events.push(ModelEvent::ParticipantSuggestedRemoved {
                conversation_id: c,
                dialog_id: d,
                user_id: u,
                role: o.role.clone(),
            });
            continue;
        }
        let mut gone = o.clone();
        gone.state = ParticipantState::Removed;
        gone.chat_state = ChatState::Removed;
        dialog.removed_participants.push(gone);
        events.push(ModelEvent::ParticipantRemoved {
            conversation_id: c.clone(),
            dialog_id: d.clone(),
            user_id: u.clone(),
            role: o.role.clone(),
        });
        events.push(ModelEvent::StateChange {
            conversation_id: c,
            dialog_id: d,
            user_id: u,
            role: o.role.clone(),
            state: ParticipantState::Removed,
        });
    }

    let has_agent = new.iter().any(Participant::is_assigned_agent);
    outcome.assigned_agent_left = had_agent && !has_agent;
    // Someone who comes back is no longer "removed".
    dialog
        .removed_participants
        .retain(|r| !new.iter().any(|n| n.role == r.role && same_person(n, r)));
    // Exact sizes: a grown vector of participants has room for four (~500 B), most dialogs
    // hold one or two for their whole life.
    dialog.removed_participants.shrink_to_fit();
    new.shrink_to_fit();
    dialog.participants = new;
    outcome
}
