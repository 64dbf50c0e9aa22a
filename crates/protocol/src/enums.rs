//! Enumerated wire values (`conversation-model.md`, `requests.md`,
//! `notifications.md`).
//!
//! Every enum serializes to the exact wire string and reads unknown strings
//! as `Unknown(String)`, so a value LivePerson adds later never breaks
//! parsing.
//!
//! ```
//! use lpm_protocol::enums::{ParticipantRole, RingState};
//! let r: ParticipantRole = serde_json::from_str("\"ASSIGNED_AGENT\"").unwrap();
//! assert_eq!(r, ParticipantRole::AssignedAgent);
//! let s: RingState = serde_json::from_str("\"SNOOZED\"").unwrap();
//! assert_eq!(s, RingState::Unknown("SNOOZED".into()));
//! assert_eq!(serde_json::to_string(&s).unwrap(), "\"SNOOZED\"");
//! ```

wire_enum! {
    /// Conversation `stage`, MAIN-dialog `state`, dialog `state`, and the
    /// `stage` / `convState` subscription filters.
    ///
    /// `LOCKED` exists in the enums but is never seen in notifications
    /// (UNCERTAIN; uncertain.md L6).
    pub enum ConversationState {
        /// `OPEN`
        Open = "OPEN",
        /// `CLOSE`
        Close = "CLOSE",
        /// `LOCKED`
        Locked = "LOCKED",
    }
}

wire_enum! {
    /// `closeReason` of a conversation and `closedBy` of a dialog.
    pub enum CloseReason {
        /// `AGENT`
        Agent = "AGENT",
        /// `CONSUMER`
        Consumer = "CONSUMER",
        /// `TIMEOUT` (auto close of idle conversations)
        Timeout = "TIMEOUT",
        /// `SYSTEM`
        System = "SYSTEM",
    }
}

wire_enum! {
    /// Participant role (UMS `ParticipantRole`).
    pub enum ParticipantRole {
        /// `CONSUMER`
        Consumer = "CONSUMER",
        /// `ASSIGNED_AGENT`: the agent/bot handling the conversation.
        AssignedAgent = "ASSIGNED_AGENT",
        /// `AGENT`
        Agent = "AGENT",
        /// `MANAGER`
        Manager = "MANAGER",
        /// `READER`
        Reader = "READER",
        /// `BRAND_BOT` (no known use)
        BrandBot = "BRAND_BOT",
        /// `CONTROLLER`: system bot.
        Controller = "CONTROLLER",
    }
}

wire_enum! {
    /// Participant state in `participantsDetails` (v2.1 brand / newer consumer).
    pub enum ParticipantState {
        /// `ACTIVE`
        Active = "ACTIVE",
        /// `SUGGESTED`: target of a transfer-to-agent not yet accepted.
        Suggested = "SUGGESTED",
    }
}

wire_enum! {
    /// `dialogType`.
    pub enum DialogType {
        /// `MAIN`: the conversation itself (dialog id = conversation id).
        Main = "MAIN",
        /// `POST_SURVEY`: post-conversation survey.
        PostSurvey = "POST_SURVEY",
        /// `OTHER`: cobrowse / voice / video.
        Other = "OTHER",
        /// `AGENTS` (in the UMS enum, never seen)
        Agents = "AGENTS",
        /// `PRE_CONVERSATION_OPT_IN` (in the UMS enum, never seen)
        PreConversationOptIn = "PRE_CONVERSATION_OPT_IN",
    }
}

wire_enum! {
    /// `channelType` of a dialog or request.
    pub enum ChannelType {
        /// `MESSAGING`
        Messaging = "MESSAGING",
        /// `COBROWSE`
        Cobrowse = "COBROWSE",
        /// `LIVE_CHAT`
        LiveChat = "LIVE_CHAT",
    }
}

wire_enum! {
    /// Time-to-respond type (`ttrDefName`, `ttr.ttrType`, `TTRField.ttrType`).
    pub enum TtrType {
        /// `NORMAL`
        Normal = "NORMAL",
        /// `URGENT`
        Urgent = "URGENT",
        /// `PRIORITIZED`
        Prioritized = "PRIORITIZED",
        /// `CUSTOM`: the only type whose `value` is taken as given.
        Custom = "CUSTOM",
    }
}

wire_enum! {
    /// Off-hours delay type (`DelayField.type`, `delay.type`).
    pub enum DelayType {
        /// `NIGHT`
        Night = "NIGHT",
        /// `WEEKEND`
        Weekend = "WEEKEND",
        /// `HOLIDAY`
        Holiday = "HOLIDAY",
    }
}

wire_enum! {
    /// CSAT `status`.
    pub enum CsatStatus {
        /// `FILLED`
        Filled = "FILLED",
        /// `PARTIALLY_FILLED`
        PartiallyFilled = "PARTIALLY_FILLED",
        /// `SKIPPED`
        Skipped = "SKIPPED",
        /// `EMPTY`
        Empty = "EMPTY",
    }
}

wire_enum! {
    /// Agent `availability`.
    pub enum Availability {
        /// `ONLINE`: receives rings.
        Online = "ONLINE",
        /// `OCCUPIED`: transfers only (agent docs; not in the UMS enum copy).
        Occupied = "OCCUPIED",
        /// `AWAY`
        Away = "AWAY",
        /// `BACK_SOON`
        BackSoon = "BACK_SOON",
        /// `OFFLINE`
        Offline = "OFFLINE",
    }
}

wire_enum! {
    /// `ringState` of a ring (and of `UpdateRingState`).
    pub enum RingState {
        /// `WAITING`
        Waiting = "WAITING",
        /// `ACCEPTED`
        Accepted = "ACCEPTED",
        /// `REJECTED`
        Rejected = "REJECTED",
        /// `EXPIRED`: nobody answered in time.
        Expired = "EXPIRED",
        /// `CANCELLED`: no longer needed (e.g. conversation closed).
        Cancelled = "CANCELLED",
        /// `AUTO_ACCEPT` (older material only)
        AutoAccept = "AUTO_ACCEPT",
    }
}

wire_enum! {
    /// `chatState` of a `ChatStateEvent` (UMS `ChatState`).
    pub enum ChatState {
        /// `ACTIVE`
        Active = "ACTIVE",
        /// `INACTIVE`
        Inactive = "INACTIVE",
        /// `GONE`
        Gone = "GONE",
        /// `COMPOSING`
        Composing = "COMPOSING",
        /// `PAUSE`
        Pause = "PAUSE",
        /// `BACKGROUND` (mobile SDK)
        Background = "BACKGROUND",
    }
}

wire_enum! {
    /// `status` of an `AcceptStatusEvent` (UMS `DeliveryStatus`).
    pub enum AcceptStatus {
        /// `ACCEPT`: delivered to the device.
        Accept = "ACCEPT",
        /// `READ`: displayed.
        Read = "READ",
        /// `ACCESS`: file accessed.
        Access = "ACCESS",
        /// `NACK`: not received.
        Nack = "NACK",
        /// `ACTION`: a structured-content / quick-reply button was clicked.
        Action = "ACTION",
        /// `ENRICH` (enum only)
        Enrich = "ENRICH",
        /// `VIEWED` (enum only)
        Viewed = "VIEWED",
        /// `ABORTED` (enum only)
        Aborted = "ABORTED",
        /// `ERROR` (enum only)
        Error = "ERROR",
    }
}

wire_enum! {
    /// `messageAudience` of a published event.
    pub enum MessageAudience {
        /// `ALL` (default)
        All = "ALL",
        /// `AGENTS_AND_MANAGERS`: private, never sent to the consumer.
        AgentsAndManagers = "AGENTS_AND_MANAGERS",
    }
}

wire_enum! {
    /// `changes[].type` of subscription notifications.
    pub enum ChangeType {
        /// `UPSERT`: new or updated and matching the filter.
        Upsert = "UPSERT",
        /// `DELETE`: no longer matching the filter (still carries the result).
        Delete = "DELETE",
    }
}

wire_enum! {
    /// `ParticipantsChange.type`.
    pub enum ParticipantsChangeType {
        /// `ADD`
        Add = "ADD",
        /// `REMOVE`
        Remove = "REMOVE",
        /// `SUGGEST` (transfer to agent, v2.1)
        Suggest = "SUGGEST",
        /// `UPDATE` (older material only)
        Update = "UPDATE",
    }
}

wire_enum! {
    /// `DialogChange.type`.
    pub enum DialogChangeType {
        /// `CREATE` (UNCERTAIN who may create dialogs)
        Create = "CREATE",
        /// `UPDATE` (close)
        Update = "UPDATE",
    }
}

wire_enum! {
    /// `conversationContext.type` (UMS `ConversationContext`).
    pub enum ConversationContextType {
        /// `SharkContext` (web)
        Shark = "SharkContext",
        /// `FacebookContext`
        Facebook = "FacebookContext",
        /// `CustomContext` (with `name`, `description`)
        Custom = "CustomContext",
        /// `MobileAppContext`
        MobileApp = "MobileAppContext",
        /// `SMSContext`
        Sms = "SMSContext",
        /// `ProactiveContext` (agent-initiated)
        Proactive = "ProactiveContext",
        /// `VoiceContext`
        Voice = "VoiceContext",
    }
}
