//! The string enums of the object model (sdk-api §15), as the JavaScript API spells them.
//!
//! Every enum keeps values it does not know in an `Unknown(String)` variant: LivePerson adds
//! values over time and an SDK that fails on a new role or state would drop whole notifications.
//!
//! These are the JavaScript API's enums, not the wire's: several carry SDK-only values
//! (`CLOSING`, participant state and chat state `REMOVED`, audience `UNKNOWN`) that
//! `lpm_protocol::enums` rightly lacks. Conversions to and from the wire enums go through the
//! shared wire strings.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Generates a tolerant string enum with exact wire strings.
macro_rules! model_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $wire:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        // Any string crosses (unknown values are kept), so TypeScript sees `string`.
        #[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(type = "string"))]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value this SDK does not know (yet), kept verbatim.
            Unknown(String),
        }

        impl $name {
            /// The exact wire / JavaScript string.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $wire, )+
                    $name::Unknown(s) => s.as_str(),
                }
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                match s {
                    $( $wire => $name::$variant, )+
                    other => $name::Unknown(other.to_owned()),
                }
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                Ok($name::from(s.as_str()))
            }
        }
    };
}

model_enum! {
    /// Whether this connection is an end user or a brand user (`UserType`).
    pub enum UserType {
        /// `consumer`
        Consumer = "consumer",
        /// `brand`
        Brand = "brand",
    }
}

model_enum! {
    /// A conversation's stage (`ConversationState` in the JavaScript API).
    pub enum ConversationStage {
        /// Open.
        Open = "OPEN",
        /// Closed.
        Close = "CLOSE",
        /// Locked (in UMS enums; never seen in traffic).
        Locked = "LOCKED",
        /// SDK-only: a close request is under way.
        Closing = "CLOSING",
    }
}

model_enum! {
    /// A dialog's state.
    pub enum DialogState {
        /// Open.
        Open = "OPEN",
        /// Closed.
        Close = "CLOSE",
    }
}

model_enum! {
    /// A dialog's type.
    pub enum DialogType {
        /// The conversation itself (dialog id = conversation id).
        Main = "MAIN",
        /// Agents-only dialog (UMS enum; not seen in traffic).
        Agents = "AGENTS",
        /// Co-browse, voice or video call.
        Other = "OTHER",
        /// Post-conversation survey.
        PostSurvey = "POST_SURVEY",
        /// Opt-in dialog (UMS enum; not seen in traffic).
        PreConversationOptIn = "PRE_CONVERSATION_OPT_IN",
    }
}

model_enum! {
    /// A dialog's channel.
    pub enum ChannelType {
        /// Messaging.
        Messaging = "MESSAGING",
        /// Live chat.
        LiveChat = "LIVE_CHAT",
        /// Co-browse / call.
        Cobrowse = "COBROWSE",
    }
}

model_enum! {
    /// Who closed a dialog or conversation.
    pub enum CloseReason {
        /// The consumer.
        Consumer = "CONSUMER",
        /// An agent or bot.
        Agent = "AGENT",
        /// The system.
        System = "SYSTEM",
        /// Idle auto-close.
        Timeout = "TIMEOUT",
    }
}

model_enum! {
    /// A participant's role.
    pub enum ParticipantRole {
        /// The end user.
        Consumer = "CONSUMER",
        /// The agent or bot handling the conversation.
        AssignedAgent = "ASSIGNED_AGENT",
        /// An additional agent.
        Agent = "AGENT",
        /// A manager (bots joining without taking the conversation).
        Manager = "MANAGER",
        /// Read-only.
        Reader = "READER",
        /// Brand bot (UMS enum).
        BrandBot = "BRAND_BOT",
        /// System bot.
        Controller = "CONTROLLER",
    }
}

model_enum! {
    /// A participant's state in a dialog.
    pub enum ParticipantState {
        /// Participating.
        Active = "ACTIVE",
        /// Suggested by a transfer-to-agent, not yet accepted.
        Suggested = "SUGGESTED",
        /// SDK-only: no longer in the dialog (kept so old messages still name their sender).
        Removed = "REMOVED",
    }
}

model_enum! {
    /// A participant's chat state (`ParticipantChatState`).
    pub enum ChatState {
        /// Active (the default).
        Active = "ACTIVE",
        /// Inactive.
        Inactive = "INACTIVE",
        /// Gone.
        Gone = "GONE",
        /// Typing.
        Composing = "COMPOSING",
        /// Paused typing.
        Pause = "PAUSE",
        /// Mobile app in the background.
        Background = "BACKGROUND",
        /// SDK-only: participant removed.
        Removed = "REMOVED",
    }
}

model_enum! {
    /// A ring's state.
    pub enum RingState {
        /// Waiting for the agent.
        Waiting = "WAITING",
        /// No longer needed (e.g. conversation closed).
        Cancelled = "CANCELLED",
        /// Nobody answered in time.
        Expired = "EXPIRED",
        /// The agent accepted.
        Accepted = "ACCEPTED",
        /// The agent rejected.
        Rejected = "REJECTED",
    }
}

model_enum! {
    /// Time-to-respond type.
    pub enum TtrType {
        /// Normal.
        Normal = "NORMAL",
        /// Urgent.
        Urgent = "URGENT",
        /// Prioritized.
        Prioritized = "PRIORITIZED",
        /// Custom value in seconds.
        Custom = "CUSTOM",
    }
}

model_enum! {
    /// The status carried by an accept-status event (`DeliveryStatus`).
    pub enum DeliveryStatus {
        /// Delivered to the device.
        Accept = "ACCEPT",
        /// Displayed.
        Read = "READ",
        /// Enriched (UMS enum).
        Enrich = "ENRICH",
        /// Structured-content button clicked.
        Action = "ACTION",
        /// File accessed.
        Access = "ACCESS",
        /// Not received.
        Nack = "NACK",
        /// Viewed (UMS enum).
        Viewed = "VIEWED",
        /// Aborted (UMS enum).
        Aborted = "ABORTED",
        /// Error (UMS enum).
        Error = "ERROR",
    }
}

model_enum! {
    /// Who may see a message.
    pub enum MessageAudience {
        /// Everyone.
        All = "ALL",
        /// Brand users only (private message).
        AgentsAndManagers = "AGENTS_AND_MANAGERS",
        /// Not said by the record (e.g. `lastContentEventNotification`); `UNKNOWN` in the
        /// JavaScript API.
        Unspecified = "UNKNOWN",
    }
}

model_enum! {
    /// CSAT status.
    pub enum CsatStatus {
        /// Filled.
        Filled = "FILLED",
        /// Partially filled.
        PartiallyFilled = "PARTIALLY_FILLED",
        /// Skipped.
        Skipped = "SKIPPED",
        /// Empty.
        Empty = "EMPTY",
    }
}

model_enum! {
    /// An agent's availability (`AgentState`).
    pub enum AgentState {
        /// Gets rings.
        Online = "ONLINE",
        /// Not routable.
        Offline = "OFFLINE",
        /// Away.
        Away = "AWAY",
        /// Back soon.
        BackSoon = "BACK_SOON",
        /// Transfers only.
        Occupied = "OCCUPIED",
    }
}

/// `From` both ways between a model enum and the `lpm_protocol` enum with the same strings.
macro_rules! wire_conversions {
    ($($model:ident <=> $wire:ident),+ $(,)?) => {$(
        impl From<&lpm_protocol::enums::$wire> for $model {
            fn from(v: &lpm_protocol::enums::$wire) -> Self {
                $model::from(v.as_str())
            }
        }

        impl From<&$model> for lpm_protocol::enums::$wire {
            fn from(v: &$model) -> Self {
                lpm_protocol::enums::$wire::from(v.as_str())
            }
        }
    )+};
}

wire_conversions! {
    ConversationStage <=> ConversationState,
    DialogState <=> ConversationState,
    CloseReason <=> CloseReason,
    ParticipantRole <=> ParticipantRole,
    ParticipantState <=> ParticipantState,
    DialogType <=> DialogType,
    ChannelType <=> ChannelType,
    TtrType <=> TtrType,
    CsatStatus <=> CsatStatus,
    AgentState <=> Availability,
    RingState <=> RingState,
    ChatState <=> ChatState,
    DeliveryStatus <=> AcceptStatus,
    MessageAudience <=> MessageAudience,
}
