//! JSON snapshots of the core's state for the TypeScript facades.
//!
//! Every derived value a facade shows (open dialog, assigned agent, `isInOffHours()`,
//! `sentByCurrentUser()`, …) is computed here from the core's model, so the TypeScript side
//! only reads fields. Objects that point at other objects carry their ids: a participant
//! reference is `{dialogId, userId, role}`, a message reference `{dialogId, sequence}`.

use lpm_core::Client;
use lpm_core::model::{Conversation, Dialog, Message, Participant, Skill};
use serde_json::{Value, json};

fn participant_ref(dialog_id: &str, p: &Participant) -> Value {
    json!({"dialogId": dialog_id, "userId": p.user_id, "role": p.role})
}

/// Connection-level state: `state`, `agentId`, `userId`, `userPid`, `userProfile`,
/// `agentState`, `defaultSubscription`, `accountId`, `userType`, `apiVersion` and the
/// effective option values the facade mirrors.
pub fn connection(c: &Client) -> Value {
    let cfg = c.config();
    json!({
        "state": c.state(),
        "accountId": cfg.account_id,
        "userType": cfg.user_type,
        "appId": cfg.app_id,
        "appVersion": cfg.app_version,
        "agentId": c.agent_id(),
        "userId": c.user_id(),
        "userPid": c.user_pid(),
        "userProfile": c.user_profile(),
        "agentState": c.agent_state(),
        "defaultSubscription": c.default_subscription(),
        "defaultSubscriptionQuery": cfg.default_subscription_query,
        "maintainConnection": cfg.maintain_connection,
        "getAllMessages": cfg.get_all_messages,
        "clientProperties": cfg.client_properties,
        "apiVersion": format!("{:?}", c.api_version()),
    })
}

/// A skill with `isInOffHours`.
pub fn skill(c: &Client, skill_id: &str) -> Value {
    let fallback = Skill::new(skill_id);
    let s = c.model().skill(skill_id).unwrap_or(&fallback);
    let mut v = serde_json::to_value(s).unwrap_or(Value::Null);
    v["isInOffHours"] = json!(s.is_in_off_hours());
    v
}

/// A conversation without its dialogs' content: `dialogIds`, `openDialogId`,
/// `mainDialogId`, `consumer` / `assignedAgent` participant references, `skill`,
/// `latestConsumerMessage` reference, plus the model's scalar fields.
pub fn conversation(c: &Client, conversation_id: &str) -> Option<Value> {
    let conv = c.model().conversation(conversation_id)?;
    Some(conversation_view(c, conv))
}

fn conversation_view(c: &Client, conv: &Conversation) -> Value {
    let mut v = serde_json::to_value(conv).unwrap_or(Value::Null);
    if let Some(o) = v.as_object_mut() {
        o.remove("dialogs");
        o.remove("lastContentEvent");
    }
    let current = conv.current_dialog().map(|d| d.dialog_id.as_str());
    v["dialogIds"] = json!(
        conv.dialogs
            .iter()
            .map(|d| &d.dialog_id)
            .collect::<Vec<_>>()
    );
    v["openDialogId"] = json!(conv.open_dialog().map(|d| &d.dialog_id));
    v["mainDialogId"] = json!(conv.main_dialog().map(|d| &d.dialog_id));
    v["consumer"] = match (current, conv.consumer()) {
        (Some(d), Some(p)) => participant_ref(d, p),
        _ => Value::Null,
    };
    v["assignedAgent"] = match (current, conv.assigned_agent()) {
        (Some(d), Some(p)) => participant_ref(d, p),
        _ => Value::Null,
    };
    v["skill"] = skill(c, &conv.skill_id);
    v["latestConsumerMessage"] = conv
        .latest_consumer_message()
        .map(|m| json!({"dialogId": m.dialog_id, "sequence": m.sequence}))
        .unwrap_or(Value::Null);
    v
}

/// A dialog: participants (active and suggested) as references, `removedParticipants`,
/// `sequences` of its messages, `assignedAgent`, `consumer`, `self` references.
pub fn dialog(c: &Client, dialog_id: &str) -> Option<Value> {
    let d = c.model().dialog(dialog_id)?;
    Some(dialog_view(c, d))
}

fn dialog_view(c: &Client, d: &Dialog) -> Value {
    let mut v = serde_json::to_value(d).unwrap_or(Value::Null);
    if let Some(o) = v.as_object_mut() {
        o.remove("messages");
        o.remove("seen");
    }
    let id = d.dialog_id.as_str();
    v["participants"] = json!(
        d.participants
            .iter()
            .map(|p| participant_ref(id, p))
            .collect::<Vec<_>>()
    );
    v["removedParticipants"] = json!(
        d.removed_participants
            .iter()
            .map(|p| participant_ref(id, p))
            .collect::<Vec<_>>()
    );
    v["sequences"] = json!(d.messages().map(|m| m.sequence).collect::<Vec<_>>());
    v["assignedAgent"] = d
        .assigned_agent()
        .map(|p| participant_ref(id, p))
        .unwrap_or(Value::Null);
    v["consumer"] = d
        .consumer()
        .map(|p| participant_ref(id, p))
        .unwrap_or(Value::Null);
    v["self"] = d
        .self_participant(c.model().viewer())
        .map(|p| participant_ref(id, p))
        .unwrap_or(Value::Null);
    v["isOpen"] = json!(d.is_open());
    v
}

/// A message with its derived values (`sentByCurrentUser`, `isDownloadable`, file fields,
/// receipt queries) and its sender as a participant reference.
pub fn message(c: &Client, dialog_id: &str, sequence: u64) -> Option<Value> {
    let m = c.model().message(dialog_id, sequence)?;
    Some(message_view(c, m))
}

fn message_view(c: &Client, m: &Message) -> Value {
    let model = c.model();
    let mut v = serde_json::to_value(m).unwrap_or(Value::Null);
    v["sentByCurrentUser"] = json!(m.sent_by(model.viewer()));
    v["isDownloadable"] = json!(m.is_downloadable());
    v["relativePath"] = json!(m.relative_path());
    v["fileType"] = json!(m.file_type());
    v["caption"] = json!(m.caption());
    v["preview"] = json!(m.preview());
    v["hasConsumerRead"] = json!(m.has_consumer_read());
    v["hasAssignedAgentRead"] = json!(m.has_assigned_agent_read());
    v["deliveryStatus"] = json!(m.delivery_status());
    v["isPrivate"] = json!(m.is_private());
    v["participant"] = match model.sender_of(m) {
        (s, Some(p)) => participant_ref(s.dialog_id, p),
        (s, None) => {
            json!({"dialogId": s.dialog_id, "userId": s.user_id, "role": s.role, "agentId": m.originator.agent_id, "unknown": true})
        }
    };
    v
}

/// A participant by user id (or old agent id) and role (`""` = any role), searched among the
/// dialog's present participants first, then the removed ones.
pub fn participant(c: &Client, dialog_id: &str, user_id: &str, role: &str) -> Option<Value> {
    let d = c.model().dialog(dialog_id)?;
    let matches = |p: &&Participant| p.is(user_id) && (role.is_empty() || p.role.as_str() == role);
    let p = d
        .participants
        .iter()
        .find(matches)
        .or_else(|| d.removed_participants.iter().find(matches))?;
    let mut v = serde_json::to_value(p).unwrap_or(Value::Null);
    v["dialogId"] = json!(dialog_id);
    v["isSelf"] = json!(c.model().viewer().is(&p.user_id));
    Some(v)
}
