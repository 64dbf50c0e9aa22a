//! [`Ring`]: a routing task offered to this agent.

use lpm_core::connection::Command;
use lpm_core::model::RingState;

use crate::connection::Connection;
use crate::conversation::Conversation;
use crate::error::Result;

/// A ring, by id. Accept it to become the conversation's assigned agent.
///
/// ```no_run
/// # async fn demo(ring: lp_messaging_sdk::Ring) -> lp_messaging_sdk::Result<()> {
/// if ring.is_waiting() {
///     ring.accept().await?;
/// }
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Ring {
    conn: Connection,
    id: String,
}

impl std::fmt::Debug for Ring {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ring").field("id", &self.id).finish()
    }
}

impl Ring {
    pub(crate) fn new(conn: Connection, id: String) -> Ring {
        Ring { conn, id }
    }

    fn read<R>(&self, f: impl FnOnce(&lpm_core::model::Ring) -> R) -> Option<R> {
        self.conn.read(|c| c.model().ring(&self.id).map(f))
    }

    /// The ring id.
    ///
    /// ```no_run
    /// # fn demo(r: lp_messaging_sdk::Ring) { println!("{}", r.id()); }
    /// ```
    pub fn id(&self) -> &str {
        &self.id
    }

    /// A copy of the ring's current state.
    ///
    /// ```no_run
    /// # fn demo(r: lp_messaging_sdk::Ring) { println!("{:?}", r.snapshot().map(|s| s.ring_expiration_ts)); }
    /// ```
    pub fn snapshot(&self) -> Option<lpm_core::model::Ring> {
        self.read(Clone::clone)
    }

    /// The state (`WAITING`, `ACCEPTED`, …).
    ///
    /// ```no_run
    /// # fn demo(r: lp_messaging_sdk::Ring) { println!("{:?}", r.state()); }
    /// ```
    pub fn state(&self) -> Option<RingState> {
        self.read(|r| r.ring_state.clone())
    }

    /// `true` while the ring waits for an answer.
    ///
    /// ```no_run
    /// # fn demo(r: lp_messaging_sdk::Ring) { println!("{}", r.is_waiting()); }
    /// ```
    pub fn is_waiting(&self) -> bool {
        self.read(|r| r.is_waiting()).unwrap_or(false)
    }

    /// The conversation offered.
    ///
    /// ```no_run
    /// # fn demo(r: lp_messaging_sdk::Ring) { println!("{:?}", r.conversation().map(|c| c.id().to_owned())); }
    /// ```
    pub fn conversation(&self) -> Option<Conversation> {
        self.read(|r| r.conversation_id.clone())
            .map(|id| Conversation::new(self.conn.clone(), id))
    }

    /// The skill the conversation is routed to.
    ///
    /// ```no_run
    /// # fn demo(r: lp_messaging_sdk::Ring) { println!("{:?}", r.skill_id()); }
    /// ```
    pub fn skill_id(&self) -> Option<String> {
        self.read(|r| r.skill_id.clone()).flatten()
    }

    /// The consumer of the conversation.
    ///
    /// ```no_run
    /// # fn demo(r: lp_messaging_sdk::Ring) { println!("{:?}", r.consumer_id()); }
    /// ```
    pub fn consumer_id(&self) -> Option<String> {
        self.read(|r| r.consumer_id.clone()).flatten()
    }

    /// Accepts: this agent joins as `ASSIGNED_AGENT`; the conversation then arrives as
    /// [`Event::Conversation`](crate::Event::Conversation).
    ///
    /// ```no_run
    /// # async fn demo(r: lp_messaging_sdk::Ring) -> lp_messaging_sdk::Result<()> {
    /// r.accept().await?;
    /// # Ok(()) }
    /// ```
    pub async fn accept(&self) -> Result<()> {
        self.conn
            .run_done(Command::AcceptRing {
                ring_id: self.id.clone(),
            })
            .await
    }

    /// Rejects; routing offers the conversation elsewhere.
    ///
    /// ```no_run
    /// # async fn demo(r: lp_messaging_sdk::Ring) -> lp_messaging_sdk::Result<()> {
    /// r.reject().await?;
    /// # Ok(()) }
    /// ```
    pub async fn reject(&self) -> Result<()> {
        self.conn
            .run_done(Command::RejectRing {
                ring_id: self.id.clone(),
            })
            .await
    }
}
