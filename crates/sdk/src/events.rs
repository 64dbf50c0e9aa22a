//! Typed events, delivered as async streams ([`Connection::events`](crate::Connection::events),
//! [`Conversation::events`](crate::Conversation::events)).
//!
//! Events carry handles, not copies: reading a handle shows the connection's current state.
//! Every stream sees every event it matches (no "first listener wins" as in LivePerson's
//! JavaScript SDK).

use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use lpm_core::connection::{
    ConnectionState, Event as CoreEvent, SubscriptionHandle, Timing, TokenSource,
};
use lpm_core::model::{
    AgentState, ChatState, ModelEvent, ParticipantRole, ParticipantState, RingState,
};
use serde_json::Value;
use tokio::sync::mpsc;

use crate::connection::{Connection, Shared};
use crate::conversation::Conversation;
use crate::dialog::Dialog;
use crate::error::Error;
use crate::message::Message;
use crate::participant::Participant;
use crate::ring::Ring;
use crate::skill::Skill;
use crate::subscription::Subscription;

/// One thing that happened on a connection.
///
/// ```no_run
/// # async fn demo(connection: lp_messaging_sdk::Connection) {
/// use lp_messaging_sdk::Event;
/// let mut events = connection.events();
/// while let Some(event) = events.next().await {
///     match event {
///         Event::Conversation(c) => println!("new conversation {}", c.id()),
///         Event::Message(m) => println!("{}: {:?}", m.conversation_id(), m.text()),
///         Event::Error(e) => eprintln!("{e}"),
///         _ => {}
///     }
/// }
/// # }
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Event {
    // ----- connection -----
    /// Connected (first open and after every reconnect).
    Connected,
    /// A reconnect finished: subscriptions and agent state restored, queued requests sent.
    Reconnected,
    /// The socket dropped unexpectedly; a reconnect follows.
    Disconnected {
        /// Close code.
        code: u16,
        /// Close reason.
        reason: String,
    },
    /// The connection closed.
    Closed {
        /// Close code.
        code: u16,
        /// Close reason.
        reason: String,
    },
    /// The connection state changed.
    StateChanged(ConnectionState),
    /// A background failure (token refresh, reconnect, a malformed notification…).
    Error(Error),
    /// Waiting before the next connect attempt.
    ReconnectWait {
        /// Seconds until the attempt.
        seconds: f64,
    },
    /// A connect attempt failed.
    FailedToConnect {
        /// Why.
        error: Error,
        /// Another attempt is scheduled.
        will_retry: bool,
    },
    /// A raw UMS notification frame (`{kind, type, body}`).
    Notification(Value),
    /// The token was declared invalid.
    TokenInvalid(TokenSource),
    /// The brand session was refreshed.
    TokenRefreshed,
    /// A new token was obtained after the old one became invalid.
    TokenRegenerated {
        /// The agent id (brand) or consumer id.
        agent_id: Option<String>,
    },
    /// A subscription received its first notification since it was (re)created.
    SubscriptionReady(Subscription),
    /// A shift-status poll answered (`[{skillId, onShift, nextOn, nextOff}]`).
    ShiftStatus(Value),
    /// The first notification of a limit-break-enabled subscription held many conversations.
    LimitBreak {
        /// The subscription.
        subscription: Subscription,
        /// A child subscription pages the older conversations.
        creating_child_sub: bool,
        /// Changes in the notification.
        notification_change_count: usize,
    },
    /// A timing ("metrics") event, named as in the JavaScript SDK by [`Timing::name`]:
    /// `<requestType>#request` / `#response` around every UMS request, `connect#…`,
    /// `getAgentToken#…`, `getConsumerToken#…`, `getShiftStatus#…` (see
    /// [`lpm_core::connection::timing`]). Payloads hold no secrets.
    ///
    /// ```
    /// use lp_messaging_sdk::{Event, Timing};
    /// fn log(e: &Event) {
    ///     if let Event::Timing(t @ Timing { end: Some(_), .. }) = e {
    ///         println!("{} took {:?} ms", t.what(), t.duration_ms());
    ///     }
    /// }
    /// ```
    Timing(Timing),
    /// A UMS request got no response within the response timeout (`timeout`); the request's
    /// own caller gets the same error.
    Timeout(Error),
    // ----- conversations -----
    /// A conversation seen for the first time (`conversation`).
    Conversation(Conversation),
    /// A conversation vanished from a subscription snapshot (`conversation-deleted`).
    ConversationDeleted(Conversation),
    /// A new message (`message`).
    Message(Message),
    /// Receipts changed the delivery status of messages (`message-delivery-event`).
    MessageDelivery {
        /// The conversation.
        conversation: Conversation,
        /// The messages concerned.
        messages: Vec<Message>,
    },
    /// The conversation closed (`close`).
    ConversationClosed(Conversation),
    /// Transferred to another skill with no assigned agent left (`transfer-skill`).
    TransferSkill {
        /// The conversation.
        conversation: Conversation,
        /// The new skill.
        skill: Skill,
    },
    /// An agent was suggested as the new assigned agent (`transfer-agent`).
    TransferAgent {
        /// The conversation.
        conversation: Conversation,
        /// The suggested agent.
        participant: Participant,
    },
    /// The assigned agent left with nobody replacing them, same skill (`back-to-queue`).
    BackToQueue(Conversation),
    /// A participant joined (`participant-added`).
    ParticipantAdded {
        /// The conversation.
        conversation: Conversation,
        /// Who.
        participant: Participant,
        /// They had been suggested (an agent transfer was accepted).
        previously_suggested: bool,
    },
    /// A participant left (`participant-removed`).
    ParticipantRemoved {
        /// The conversation.
        conversation: Conversation,
        /// Who (now in state `REMOVED`).
        participant: Participant,
    },
    /// A participant was suggested (`participant-suggested`).
    ParticipantSuggested {
        /// The conversation.
        conversation: Conversation,
        /// Who.
        participant: Participant,
    },
    /// A suggestion was withdrawn (`participant-suggested-removed`).
    ParticipantSuggestedRemoved {
        /// The conversation.
        conversation: Conversation,
        /// Who.
        participant: Participant,
    },
    /// The consumer became authenticated (`consumer-step-up`).
    ConsumerStepUp {
        /// The conversation.
        conversation: Conversation,
        /// The previous consumer id.
        previous_consumer: String,
        /// The new consumer id.
        consumer: String,
    },
    /// The skill changed (`skill-change`).
    SkillChanged {
        /// The conversation.
        conversation: Conversation,
        /// Before.
        prev_skill_id: String,
        /// Now.
        new_skill_id: String,
    },
    /// The agent group changed (`group-change`).
    GroupChanged {
        /// The conversation.
        conversation: Conversation,
        /// Before.
        prev_group_id: Option<String>,
        /// Now.
        new_group_id: Option<String>,
    },
    /// Time to respond changed (`ttr-change`); read it from the conversation.
    TtrChanged(Conversation),
    /// The manual ETTR changed (`manual-ettr-change`).
    ManualEttrChanged(Conversation),
    /// A new dialog (`dialog`).
    Dialog(Dialog),
    /// A dialog closed (`dialog:close`).
    DialogClosed(Dialog),
    /// A duplicate conversation notification was ignored.
    NotificationIgnored(Conversation),
    /// An out-of-order notification was dropped.
    NotificationOutOfOrder(Conversation),
    /// A participant's chat state changed (typing, …).
    ChatStateChanged {
        /// Who.
        participant: Participant,
        /// New chat state.
        chat_state: ChatState,
    },
    /// A participant's role changed.
    RoleChanged {
        /// Who (in the new role).
        participant: Participant,
        /// The previous role.
        prev_role: ParticipantRole,
    },
    /// A participant's state changed (`SUGGESTED` → `ACTIVE`, → `REMOVED`).
    ParticipantStateChanged {
        /// Who.
        participant: Participant,
        /// New state.
        state: ParticipantState,
    },
    // ----- routing -----
    /// A new ring for this agent (`ring`).
    Ring(Ring),
    /// A ring's state changed (`accepted`, `rejected`, `cancelled`, `expired`).
    RingStateChanged {
        /// The ring.
        ring: Ring,
        /// New state.
        state: RingState,
    },
    /// An agent's availability changed (agent-state subscription).
    AgentStateChanged {
        /// Agent id (`{account}.{userId}`).
        agent_id: String,
        /// New availability.
        agent_state: AgentState,
    },
    /// A skill entered working hours.
    SkillEnteredWorkHours(Skill),
    /// A skill entered off hours.
    SkillEnteredOffHours(Skill),
}

impl Event {
    /// The conversation this event concerns, if any.
    ///
    /// ```
    /// assert_eq!(lp_messaging_sdk::Event::Connected.conversation_id(), None);
    /// ```
    pub fn conversation_id(&self) -> Option<&str> {
        use Event as E;
        match self {
            E::Conversation(c)
            | E::ConversationDeleted(c)
            | E::ConversationClosed(c)
            | E::BackToQueue(c)
            | E::TtrChanged(c)
            | E::ManualEttrChanged(c)
            | E::NotificationIgnored(c)
            | E::NotificationOutOfOrder(c)
            | E::MessageDelivery {
                conversation: c, ..
            }
            | E::TransferSkill {
                conversation: c, ..
            }
            | E::TransferAgent {
                conversation: c, ..
            }
            | E::ParticipantAdded {
                conversation: c, ..
            }
            | E::ParticipantRemoved {
                conversation: c, ..
            }
            | E::ParticipantSuggested {
                conversation: c, ..
            }
            | E::ParticipantSuggestedRemoved {
                conversation: c, ..
            }
            | E::ConsumerStepUp {
                conversation: c, ..
            }
            | E::SkillChanged {
                conversation: c, ..
            }
            | E::GroupChanged {
                conversation: c, ..
            } => Some(c.id()),
            E::Message(m) => Some(m.conversation_id()),
            E::Dialog(d) | E::DialogClosed(d) => Some(d.conversation_id()),
            E::ChatStateChanged { participant, .. }
            | E::RoleChanged { participant, .. }
            | E::ParticipantStateChanged { participant, .. } => Some(participant.conversation_id()),
            _ => None,
        }
    }
}

/// An async stream of [`Event`]s.
///
/// Use [`EventStream::next`], or it as a [`futures_util::Stream`]. Events queue up until read;
/// drop the stream when you no longer need it.
///
/// ```no_run
/// # async fn demo(connection: lp_messaging_sdk::Connection) {
/// let mut events = connection.events();
/// if let Some(event) = events.next().await {
///     println!("{event:?}");
/// }
/// # }
/// ```
#[derive(Debug)]
pub struct EventStream {
    rx: mpsc::UnboundedReceiver<Event>,
}

impl EventStream {
    /// The next event; `None` once the connection is gone.
    ///
    /// ```no_run
    /// # async fn demo(mut events: lp_messaging_sdk::EventStream) {
    /// while let Some(e) = events.next().await { println!("{e:?}"); }
    /// # }
    /// ```
    pub async fn next(&mut self) -> Option<Event> {
        self.rx.recv().await
    }

    /// The next event already queued, without waiting.
    ///
    /// ```no_run
    /// # fn demo(mut events: lp_messaging_sdk::EventStream) {
    /// while let Some(e) = events.try_next() { println!("{e:?}"); }
    /// # }
    /// ```
    pub fn try_next(&mut self) -> Option<Event> {
        self.rx.try_recv().ok()
    }
}

impl futures_util::Stream for EventStream {
    type Item = Event;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Event>> {
        self.rx.poll_recv(cx)
    }
}

struct Sub {
    conversation: Option<String>,
    tx: mpsc::UnboundedSender<Event>,
}

/// The set of open streams of one connection.
#[derive(Default)]
pub(crate) struct Hub {
    subs: Mutex<Vec<Sub>>,
}

impl Hub {
    /// A new stream, of every event or of one conversation's.
    pub(crate) fn subscribe(&self, conversation: Option<String>) -> EventStream {
        let (tx, rx) = mpsc::unbounded_channel();
        if let Ok(mut s) = self.subs.lock() {
            s.push(Sub { conversation, tx });
        }
        EventStream { rx }
    }

    /// Hands `ev` to every matching stream; forgets streams that were dropped. The last
    /// matching stream gets `ev` itself and the others a copy, so the usual single stream
    /// costs no copy (a raw notification can hold a thousand conversations).
    pub(crate) fn publish(&self, ev: Event) {
        let Ok(mut subs) = self.subs.lock() else {
            return;
        };
        subs.retain(|s| !s.tx.is_closed());
        let conv = ev.conversation_id();
        let wants = |s: &Sub| s.conversation.as_deref().is_none_or(|c| Some(c) == conv);
        let Some(last) = subs.iter().rposition(wants) else {
            return;
        };
        for s in subs[..last].iter().filter(|s| wants(s)) {
            let _ = s.tx.send(ev.clone());
        }
        let _ = subs[last].tx.send(ev);
    }
}

/// The public event for a core event (`None` for those not surfaced).
pub(crate) fn translate(shared: &Arc<Shared>, e: CoreEvent) -> Option<Event> {
    let conn = Connection::from_shared(shared.clone());
    let err = |e| Error::command("background", e);
    Some(match e {
        CoreEvent::Connect => Event::Connected,
        CoreEvent::Reconnect => Event::Reconnected,
        CoreEvent::Disconnect { code, reason } => Event::Disconnected { code, reason },
        CoreEvent::Close { code, reason } => Event::Closed { code, reason },
        CoreEvent::StateChange { state } => Event::StateChanged(state),
        CoreEvent::Error { error } => Event::Error(err(error)),
        CoreEvent::ReconnectWait { seconds } => Event::ReconnectWait { seconds },
        CoreEvent::FailedToConnect { error, will_retry } => Event::FailedToConnect {
            error: Error::command("open", error),
            will_retry,
        },
        CoreEvent::Notification { notification } => Event::Notification(notification),
        CoreEvent::TokenInvalid { source } => Event::TokenInvalid(source),
        CoreEvent::RefreshToken => Event::TokenRefreshed,
        CoreEvent::TokenRegenerated { agent_id } => Event::TokenRegenerated { agent_id },
        CoreEvent::LimitBreak {
            subscription,
            creating_child_sub,
            notification_change_count,
            ..
        } => Event::LimitBreak {
            subscription: sub(&conn, subscription),
            creating_child_sub,
            notification_change_count,
        },
        CoreEvent::ShiftStatus { skills } => Event::ShiftStatus(skills),
        CoreEvent::SubscriptionReady { subscription } => {
            Event::SubscriptionReady(sub(&conn, subscription))
        }
        CoreEvent::Timing(t) => Event::Timing(t),
        CoreEvent::Timeout { error } => Event::Timeout(Error::command("request", error)),
        CoreEvent::Model { model } => return translate_model(&conn, model),
        CoreEvent::CommandCompleted { .. } => return None,
        // Rust handles hold only ids and read the core on use (an evicted object's reads
        // answer `Unavailable`): there is nothing to release.
        CoreEvent::Evicted { .. } => return None,
    })
}

fn sub(conn: &Connection, h: SubscriptionHandle) -> Subscription {
    Subscription::new(conn.clone(), h)
}

fn translate_model(conn: &Connection, m: ModelEvent) -> Option<Event> {
    let conv = |id: &str| Conversation::new(conn.clone(), id.to_owned());
    let part = |c: &str, d: &str, u: &str, r: ParticipantRole| {
        Participant::new(conn.clone(), c.to_owned(), d.to_owned(), u.to_owned(), r)
    };
    use ModelEvent as M;
    Some(match m {
        M::Conversation { conversation_id } => Event::Conversation(conv(&conversation_id)),
        M::ConversationDeleted { conversation_id } => {
            Event::ConversationDeleted(conv(&conversation_id))
        }
        M::Message {
            conversation_id,
            dialog_id,
            sequence,
            history,
        } => Event::Message(Message::new(
            conn.clone(),
            conversation_id,
            dialog_id,
            sequence,
            history,
        )),
        M::MessageDeliveryEvent {
            conversation_id,
            dialog_id,
            sequences,
        } => Event::MessageDelivery {
            conversation: conv(&conversation_id),
            messages: sequences
                .into_iter()
                .map(|s| {
                    Message::new(
                        conn.clone(),
                        conversation_id.clone(),
                        dialog_id.clone(),
                        s,
                        false,
                    )
                })
                .collect(),
        },
        M::Close { conversation_id } => Event::ConversationClosed(conv(&conversation_id)),
        M::TransferSkill {
            conversation_id,
            skill_id,
        } => Event::TransferSkill {
            conversation: conv(&conversation_id),
            skill: Skill::new(conn.clone(), skill_id),
        },
        M::TransferAgent {
            conversation_id,
            dialog_id,
            user_id,
        } => Event::TransferAgent {
            participant: part(
                &conversation_id,
                &dialog_id,
                &user_id,
                ParticipantRole::AssignedAgent,
            ),
            conversation: conv(&conversation_id),
        },
        M::BackToQueue { conversation_id } => Event::BackToQueue(conv(&conversation_id)),
        M::ParticipantAdded {
            conversation_id,
            dialog_id,
            user_id,
            role,
            previously_suggested,
        } => Event::ParticipantAdded {
            participant: part(&conversation_id, &dialog_id, &user_id, role),
            conversation: conv(&conversation_id),
            previously_suggested,
        },
        M::ParticipantRemoved {
            conversation_id,
            dialog_id,
            user_id,
            role,
        } => Event::ParticipantRemoved {
            participant: part(&conversation_id, &dialog_id, &user_id, role),
            conversation: conv(&conversation_id),
        },
        M::ParticipantSuggested {
            conversation_id,
            dialog_id,
            user_id,
            role,
        } => Event::ParticipantSuggested {
            participant: part(&conversation_id, &dialog_id, &user_id, role),
            conversation: conv(&conversation_id),
        },
        M::ParticipantSuggestedRemoved {
            conversation_id,
            dialog_id,
            user_id,
            role,
        } => Event::ParticipantSuggestedRemoved {
            participant: part(&conversation_id, &dialog_id, &user_id, role),
            conversation: conv(&conversation_id),
        },
        M::ConsumerStepUp {
            conversation_id,
            previous_consumer,
            consumer,
            ..
        } => Event::ConsumerStepUp {
            conversation: conv(&conversation_id),
            previous_consumer,
            consumer,
        },
        M::SkillChange {
            conversation_id,
            prev_skill_id,
            new_skill_id,
        } => Event::SkillChanged {
            conversation: conv(&conversation_id),
            prev_skill_id,
            new_skill_id,
        },
        M::GroupChange {
            conversation_id,
            prev_group_id,
            new_group_id,
        } => Event::GroupChanged {
            conversation: conv(&conversation_id),
            prev_group_id,
            new_group_id,
        },
        M::TtrChange {
            conversation_id, ..
        } => Event::TtrChanged(conv(&conversation_id)),
        M::ManualEttrChange {
            conversation_id, ..
        } => Event::ManualEttrChanged(conv(&conversation_id)),
        M::Dialog {
            conversation_id,
            dialog_id,
        } => Event::Dialog(Dialog::new(conn.clone(), conversation_id, dialog_id)),
        M::DialogClose {
            conversation_id,
            dialog_id,
        } => Event::DialogClosed(Dialog::new(conn.clone(), conversation_id, dialog_id)),
        M::NotificationIgnored { conversation_id } => {
            Event::NotificationIgnored(conv(&conversation_id))
        }
        M::NotificationOutOfOrder {
            conversation_id, ..
        } => Event::NotificationOutOfOrder(conv(&conversation_id)),
        M::ChatStateChange {
            conversation_id,
            dialog_id,
            user_id,
            chat_state,
        } => {
            let role = conn.read(|c| {
                c.model()
                    .dialog(&dialog_id)
                    .and_then(|d| d.any_participant(&user_id).map(|p| p.role.clone()))
            });
            Event::ChatStateChanged {
                participant: part(
                    &conversation_id,
                    &dialog_id,
                    &user_id,
                    role.unwrap_or(ParticipantRole::Unknown(String::new())),
                ),
                chat_state,
            }
        }
        M::RoleChange {
            conversation_id,
            dialog_id,
            user_id,
            prev_role,
            role,
        } => Event::RoleChanged {
            participant: part(&conversation_id, &dialog_id, &user_id, role),
            prev_role,
        },
        M::StateChange {
            conversation_id,
            dialog_id,
            user_id,
            role,
            state,
        } => Event::ParticipantStateChanged {
            participant: part(&conversation_id, &dialog_id, &user_id, role),
            state,
        },
        M::Ring { ring_id } => Event::Ring(Ring::new(conn.clone(), ring_id)),
        M::RingStateChange {
            ring_id,
            ring_state,
        } => Event::RingStateChanged {
            ring: Ring::new(conn.clone(), ring_id),
            state: ring_state,
        },
        M::AgentStateChange {
            agent_id,
            agent_state,
        } => Event::AgentStateChanged {
            agent_id,
            agent_state,
        },
        M::SkillEnteredWorkHours { skill_id } => {
            Event::SkillEnteredWorkHours(Skill::new(conn.clone(), skill_id))
        }
        M::SkillEnteredOffHours { skill_id } => {
            Event::SkillEnteredOffHours(Skill::new(conn.clone(), skill_id))
        }
        M::Error {
            conversation_id,
            message,
        } => Event::Error(Error::command(
            "notification",
            lpm_core::connection::Error::Domain {
                message,
                conversation_id,
                dialog_id: None,
            },
        )),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[tokio::test]
    async fn every_open_stream_gets_each_event_and_closed_streams_are_forgotten() {
        let hub = Hub::default();
        let mut a = hub.subscribe(None);
        let mut b = hub.subscribe(None);
        let dropped = hub.subscribe(None);
        drop(dropped);
        hub.publish(Event::Notification(json!({"n": 1})));
        for s in [&mut a, &mut b] {
            match s.rx.recv().await {
                Some(Event::Notification(v)) => assert_eq!(v, json!({"n": 1})),
                other => panic!("expected the notification, got {other:?}"),
            }
        }
        assert_eq!(hub.subs.lock().map(|s| s.len()).unwrap_or(0), 2);
    }

    #[tokio::test]
    async fn a_conversation_stream_gets_no_event_of_another_conversation() {
        let hub = Hub::default();
        let mut all = hub.subscribe(None);
        let mut one = hub.subscribe(Some("c-1".into()));
        // A raw notification names no conversation: only the stream of every event gets it,
        // and it gets the event itself (no copy is made for nobody).
        hub.publish(Event::Notification(json!({"n": 2})));
        assert!(matches!(all.rx.recv().await, Some(Event::Notification(_))));
        assert!(one.rx.try_recv().is_err());
    }
}
