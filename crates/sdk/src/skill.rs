//! [`Skill`]: a skill and its working hours.

use crate::connection::Connection;

/// A skill, by id.
///
/// ```no_run
/// # fn demo(c: lp_messaging_sdk::Conversation) {
/// if c.skill().is_in_off_hours() { println!("we are in off hours"); }
/// # }
/// ```
#[derive(Clone)]
pub struct Skill {
    conn: Connection,
    id: String,
}

impl std::fmt::Debug for Skill {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Skill").field("id", &self.id).finish()
    }
}

impl Skill {
    pub(crate) fn new(conn: Connection, id: String) -> Skill {
        Skill { conn, id }
    }

    /// The skill id (`-1`: none).
    ///
    /// ```no_run
    /// # fn demo(s: lp_messaging_sdk::Skill) { println!("{}", s.id()); }
    /// ```
    pub fn id(&self) -> &str {
        &self.id
    }

    /// A copy of what is known (shift status).
    ///
    /// ```no_run
    /// # fn demo(s: lp_messaging_sdk::Skill) { println!("{:?}", s.snapshot()); }
    /// ```
    pub fn snapshot(&self) -> Option<lpm_core::model::Skill> {
        self.conn.read(|c| c.model().skill(&self.id).cloned())
    }

    /// Not on shift and a next shift start is known (needs shift status, see
    /// [`ConnectionBuilder::poll_shift_status`](crate::ConnectionBuilder::poll_shift_status)).
    ///
    /// ```no_run
    /// # fn demo(s: lp_messaging_sdk::Skill) { println!("{}", s.is_in_off_hours()); }
    /// ```
    pub fn is_in_off_hours(&self) -> bool {
        self.snapshot().is_some_and(|s| s.is_in_off_hours())
    }
}
