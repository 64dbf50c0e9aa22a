//! The conversation store's entities (`conversation-model.md`): conversations, dialogs,
//! participants and stored messaging events. Plain data; the rules live in
//! [`super::conversations`].

use serde_json::Value;

/// A participant role (`conversation-model.md` §4.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Role {
    /// The end user.
    Consumer,
    /// The agent handling the conversation.
    AssignedAgent,
    /// An additional agent or bot.
    Agent,
    /// A manager or bot joining without taking the conversation.
    Manager,
    /// Read-only participant.
    Reader,
    /// Brand bot (no known use).
    BrandBot,
    /// System bot.
    Controller,
}

impl Role {
    /// Every role, in the order notifications list them.
    pub const ALL: [Role; 7] = [
        Role::Consumer,
        Role::AssignedAgent,
        Role::Agent,
        Role::Manager,
        Role::Reader,
        Role::BrandBot,
        Role::Controller,
    ];

    /// The wire string.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Consumer => "CONSUMER",
            Role::AssignedAgent => "ASSIGNED_AGENT",
            Role::Agent => "AGENT",
            Role::Manager => "MANAGER",
            Role::Reader => "READER",
            Role::BrandBot => "BRAND_BOT",
            Role::Controller => "CONTROLLER",
        }
    }

    /// Parses a wire string.
    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// Participant state inside a dialog (`conversation-model.md` §4.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum PState {
    /// Normal.
    Active,
    /// Transfer-to-agent target that has not accepted yet.
    Suggested,
}

impl PState {
    /// The wire string.
    pub fn as_str(self) -> &'static str {
        match self {
            PState::Active => "ACTIVE",
            PState::Suggested => "SUGGESTED",
        }
    }
}

/// Who a participant or originator is. Brand users carry both id forms so that rendering
/// never needs the directory.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Who {
    /// A consumer by consumer id.
    Consumer(String),
    /// A brand user.
    Brand {
        /// Numeric user id.
        user_id: String,
        /// `{acct}.{userId}`.
        old_id: String,
        /// PID (UUID).
        pid: String,
    },
}

impl Who {
    /// The id consumer (v3) sockets see: consumer id or PID.
    pub fn pid(&self) -> &str {
        match self {
            Who::Consumer(id) => id,
            Who::Brand { pid, .. } => pid,
        }
    }

    /// The id brand (v2) sockets see in most places: consumer id or old id.
    pub fn old_id(&self) -> &str {
        match self {
            Who::Consumer(id) => id,
            Who::Brand { old_id, .. } => old_id,
        }
    }

    /// The brand user id, if a brand user.
    pub fn user_id(&self) -> Option<&str> {
        match self {
            Who::Consumer(_) => None,
            Who::Brand { user_id, .. } => Some(user_id),
        }
    }

    /// Whether `id` names this participant in any id form.
    pub fn answers_to(&self, id: &str) -> bool {
        match self {
            Who::Consumer(c) => c == id,
            Who::Brand {
                user_id,
                old_id,
                pid,
            } => old_id == id || pid == id || user_id == id,
        }
    }
}

/// One participant entry of a dialog.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Participant {
    /// Who.
    pub who: Who,
    /// In which role.
    pub role: Role,
    /// Active or suggested.
    pub state: PState,
}

/// `MAIN`, `POST_SURVEY` or `OTHER`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum DialogType {
    /// The conversation itself.
    Main,
    /// Post-conversation survey.
    PostSurvey,
}

impl DialogType {
    /// The wire string.
    pub fn as_str(self) -> &'static str {
        match self {
            DialogType::Main => "MAIN",
            DialogType::PostSurvey => "POST_SURVEY",
        }
    }
}

/// A stored (or relayed) messaging event.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct EventRecord {
    /// Per-dialog sequence; `None` for chat-state events.
    pub sequence: Option<u64>,
    /// The publisher.
    pub who: Who,
    /// The publisher's role in the dialog at publish time.
    pub role: Role,
    /// Client properties of the publisher's connection (with `ipAddress`).
    pub client_properties: Option<Value>,
    /// Server time; `None` for chat-state events.
    pub server_ts: Option<i64>,
    /// The event object as published.
    pub event: Value,
    /// Dialog.
    pub dialog_id: String,
    /// Conversation.
    pub conversation_id: String,
    /// Request-level metadata.
    pub metadata: Option<Value>,
    /// `ALL` or `AGENTS_AND_MANAGERS`.
    pub audience: String,
    /// Request-level `encodedMetadata`.
    pub encoded_metadata: Option<String>,
}

impl EventRecord {
    /// `event.type`.
    pub fn event_type(&self) -> &str {
        self.event.get("type").and_then(Value::as_str).unwrap_or("")
    }

    /// Private messages never reach consumers.
    pub fn is_private(&self) -> bool {
        self.audience == "AGENTS_AND_MANAGERS"
    }

    /// Content or rich content (what `lastContentEventNotification` mirrors).
    pub fn is_content(&self) -> bool {
        matches!(self.event_type(), "ContentEvent" | "RichContentEvent")
    }
}

/// A dialog.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Dialog {
    /// MAIN: the conversation id; others 22-char url-safe base64.
    pub id: String,
    /// Type.
    pub dialog_type: DialogType,
    /// Whether open.
    pub open: bool,
    /// Participants in join order.
    pub participants: Vec<Participant>,
    /// Creation time.
    pub creation_ts: i64,
    /// Close time.
    pub end_ts: Option<i64>,
    /// Last change.
    pub meta_ts: i64,
    /// `CONSUMER`, `AGENT`, `SYSTEM`.
    pub closed_by: Option<String>,
    /// Free text.
    pub closed_cause: Option<String>,
    /// `metaData` (survey: `appInstallId`).
    pub meta_data: Option<Value>,
    /// Stored events in sequence order. Not part of the dialog's stored row: the durable
    /// store keeps one row per event (`crate::store`), so a message costs one small insert
    /// rather than rewriting the whole history.
    #[serde(skip)]
    pub events: Vec<EventRecord>,
}

impl Dialog {
    /// The active roles of the participant answering to `id`.
    pub fn roles_of(&self, id: &str) -> Vec<Role> {
        self.participants
            .iter()
            .filter(|p| p.state == PState::Active && p.who.answers_to(id))
            .map(|p| p.role)
            .collect()
    }

    /// The ACTIVE assigned agent, if any.
    pub fn assigned_agent(&self) -> Option<&Participant> {
        self.participants
            .iter()
            .find(|p| p.role == Role::AssignedAgent && p.state == PState::Active)
    }

    /// The next sequence number.
    pub fn next_sequence(&self) -> u64 {
        self.events.len() as u64
    }
}

/// `ttr`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Ttr {
    /// `NORMAL`, `PRIORITIZED`, `URGENT`, `CUSTOM`.
    pub ttr_type: String,
    /// Seconds.
    pub value: i64,
}

/// Default seconds for each TTR type. `NORMAL` 3600 and `PRIORITIZED` 600 are the reference's
/// examples; `URGENT` 300 is this platform's choice (no value is published).
pub fn default_ttr_seconds(ttr_type: &str) -> i64 {
    match ttr_type {
        "PRIORITIZED" => 600,
        "URGENT" => 300,
        _ => 3600,
    }
}

/// A conversation.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Conversation {
    /// UUID; also the MAIN dialog id.
    pub id: String,
    /// Account.
    pub account: String,
    /// The consumer owning it.
    pub consumer_id: String,
    /// Current skill (`"-1"` none).
    pub skill_id: String,
    /// `stage` open.
    pub stage_open: bool,
    /// `closeReason`.
    pub close_reason: Option<String>,
    /// `startTs`.
    pub start_ts: i64,
    /// `endTs`.
    pub end_ts: Option<i64>,
    /// `metaDataLastUpdateTs`, strictly increasing.
    pub meta_ts: i64,
    /// `firstConversation`.
    pub first_conversation: bool,
    /// `ttr`.
    pub ttr: Ttr,
    /// `delay`.
    pub delay: Option<Value>,
    /// `manualETTR`.
    pub manual_ettr: Option<i64>,
    /// `csat`.
    pub csat: Option<Value>,
    /// `note`.
    pub note: Option<String>,
    /// `topic` (legacy `TopicField`).
    pub topic: Option<String>,
    /// `context` incl. `clientProperties`.
    pub context: Value,
    /// `campaignInfo` as given.
    pub campaign_info: Option<Value>,
    /// The consumer's client features at creation (PCS needs `MULTI_DIALOG`).
    pub consumer_features: Vec<String>,
    /// The last brand user who was ACTIVE ASSIGNED_AGENT (READER of a survey dialog).
    pub last_assigned: Option<Who>,
    /// Waiting after a transfer (skill or agent): OCCUPIED agents may be rung too.
    pub in_transfer: bool,
    /// Dialogs, MAIN first.
    pub dialogs: Vec<Dialog>,
}

impl Conversation {
    /// The MAIN dialog.
    pub fn main(&self) -> &Dialog {
        &self.dialogs[0]
    }

    /// The MAIN dialog, mutable.
    pub fn main_mut(&mut self) -> &mut Dialog {
        &mut self.dialogs[0]
    }

    /// `state`: the MAIN dialog's state.
    pub fn state_open(&self) -> bool {
        self.main().open
    }

    /// The open messaging dialog (MAIN, then POST_SURVEY).
    pub fn open_dialog(&self) -> Option<&Dialog> {
        self.dialogs.iter().rev().find(|d| d.open)
    }

    /// A dialog by id.
    pub fn dialog(&self, id: &str) -> Option<&Dialog> {
        self.dialogs.iter().find(|d| d.id == id)
    }

    /// A dialog by id, mutable.
    pub fn dialog_mut(&mut self, id: &str) -> Option<&mut Dialog> {
        self.dialogs.iter_mut().find(|d| d.id == id)
    }

    /// The ACTIVE assigned agent of the open dialog (MAIN when none is open).
    pub fn assigned_agent(&self) -> Option<&Participant> {
        self.open_dialog()
            .unwrap_or_else(|| self.main())
            .assigned_agent()
    }

    /// Whether the participant answering to `id` is ACTIVE in any dialog.
    pub fn is_participant(&self, id: &str) -> bool {
        self.dialogs.iter().any(|d| !d.roles_of(id).is_empty())
    }

    /// Conversation-level participants: the union of every dialog's ACTIVE entries, each
    /// (who, role) once, in role order.
    pub fn participants(&self) -> Vec<(Who, Role)> {
        let mut out: Vec<(Who, Role)> = Vec::new();
        for role in Role::ALL {
            for d in &self.dialogs {
                for p in &d.participants {
                    if p.role == role
                        && p.state == PState::Active
                        && !out.iter().any(|(w, r)| *r == role && *w == p.who)
                    {
                        out.push((p.who.clone(), role));
                    }
                }
            }
        }
        out
    }

    /// Whether routing should look for an agent: open, MAIN open, no ACTIVE assigned agent.
    pub fn routable(&self) -> bool {
        self.stage_open && self.main().open && self.main().assigned_agent().is_none()
    }

    /// The last stored content event, any audience.
    pub fn last_content(&self, include_private: bool) -> Option<&EventRecord> {
        self.dialogs
            .iter()
            .flat_map(|d| d.events.iter())
            .filter(|e| e.is_content() && (include_private || !e.is_private()))
            .max_by_key(|e| e.server_ts)
    }

    /// `effectiveTTR` (`uncertain.md` M6): `manualETTR` if set; else the last consumer
    /// content time + TTR, moved to `delay.tillWhen` if later; `-1` when closed or when
    /// the last content came from the brand.
    pub fn effective_ttr(&self) -> i64 {
        if !self.stage_open {
            return -1;
        }
        if let Some(m) = self.manual_ettr {
            return m;
        }
        let Some(last) = self.last_content(false) else {
            return -1;
        };
        if !matches!(last.who, Who::Consumer(_)) {
            return -1;
        }
        let due = last.server_ts.unwrap_or(self.start_ts) + self.ttr.value * 1000;
        let till = self
            .delay
            .as_ref()
            .and_then(|d| d.get("tillWhen"))
            .and_then(Value::as_i64)
            .unwrap_or(0);
        due.max(till)
    }

    /// Marks a change at `now`, keeping `metaDataLastUpdateTs` strictly increasing.
    pub fn touch(&mut self, now: i64) -> i64 {
        self.meta_ts = now.max(self.meta_ts + 1);
        self.meta_ts
    }
}
