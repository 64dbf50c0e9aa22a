//! [`Subscription`]: a conversation, routing-task or agent-state subscription.

use lpm_core::connection::{Command, SubscriptionHandle, SubscriptionInfo, SubscriptionState};

use crate::connection::Connection;
use crate::error::Result;

/// A subscription; its wire id changes on every re-subscribe, the handle does not.
///
/// ```no_run
/// # async fn demo(connection: lp_messaging_sdk::Connection) -> lp_messaging_sdk::Result<()> {
/// let sub = connection.create_conversation_subscription(None, true).await?;
/// println!("{:?}", sub.state());
/// sub.unsubscribe().await?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Subscription {
    conn: Connection,
    handle: SubscriptionHandle,
}

impl std::fmt::Debug for Subscription {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Subscription")
            .field("handle", &self.handle.0)
            .finish()
    }
}

impl Subscription {
    pub(crate) fn new(conn: Connection, handle: SubscriptionHandle) -> Subscription {
        Subscription { conn, handle }
    }

    /// The stable local handle.
    ///
    /// ```no_run
    /// # fn demo(s: lp_messaging_sdk::Subscription) { println!("{:?}", s.handle()); }
    /// ```
    pub fn handle(&self) -> SubscriptionHandle {
        self.handle
    }

    /// What the connection knows about it (kind, wire id, state, query).
    ///
    /// ```no_run
    /// # fn demo(s: lp_messaging_sdk::Subscription) { println!("{:?}", s.info()); }
    /// ```
    pub fn info(&self) -> Option<SubscriptionInfo> {
        self.conn.read(|c| {
            c.subscriptions()
                .into_iter()
                .find(|s| s.handle == self.handle)
        })
    }

    /// The state (`subscribed`, `disconnected`, …).
    ///
    /// ```no_run
    /// # fn demo(s: lp_messaging_sdk::Subscription) { println!("{:?}", s.state()); }
    /// ```
    pub fn state(&self) -> Option<SubscriptionState> {
        self.info().map(|i| i.state)
    }

    /// Ends the subscription.
    ///
    /// ```no_run
    /// # async fn demo(s: lp_messaging_sdk::Subscription) -> lp_messaging_sdk::Result<()> {
    /// s.unsubscribe().await?;
    /// # Ok(()) }
    /// ```
    pub async fn unsubscribe(&self) -> Result<()> {
        self.conn
            .run_done(Command::Unsubscribe {
                handle: self.handle,
            })
            .await
    }
}
