//! Where a fleet lives in etcd, and the JSON values it writes there.
//!
//! ```text
//! /lpm-fleet/<fleet>/nodes/<node id>   NodeValue   under the node's lease
//! /lpm-fleet/<fleet>/claims/<bot id>   ClaimValue  under the owner's lease
//! /lpm-fleet/<fleet>/bots/<bot id>     BotInfo     no lease: what status lists (never secrets)
//! ```

use serde::{Deserialize, Serialize};

use crate::bots::BotSpec;

/// The key layout of one fleet.
///
/// ```
/// let keys = lpm_fleet::Keys::new("support");
/// assert_eq!(keys.claim("12345678/bot1"), "/lpm-fleet/support/claims/12345678/bot1");
/// ```
#[derive(Debug, Clone)]
pub struct Keys {
    root: String,
}

impl Keys {
    /// Keys of the fleet `name`.
    pub fn new(name: &str) -> Self {
        Keys {
            root: format!("/lpm-fleet/{name}/"),
        }
    }

    /// Prefix of every key of the fleet.
    pub fn root(&self) -> &str {
        &self.root
    }

    /// Prefix of the node registrations.
    pub fn nodes(&self) -> String {
        format!("{}nodes/", self.root)
    }

    /// One node's registration.
    pub fn node(&self, id: &str) -> String {
        format!("{}{id}", self.nodes())
    }

    /// Prefix of the claims.
    pub fn claims(&self) -> String {
        format!("{}claims/", self.root)
    }

    /// One bot's claim.
    pub fn claim(&self, bot: &str) -> String {
        format!("{}{bot}", self.claims())
    }

    /// Prefix of the published bot list.
    pub fn bots(&self) -> String {
        format!("{}bots/", self.root)
    }

    /// One bot's published description.
    pub fn bot(&self, bot: &str) -> String {
        format!("{}{bot}", self.bots())
    }
}

/// A node's registration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NodeValue {
    /// The node's id.
    pub id: String,
    /// Host name of its machine.
    pub host: String,
    /// Its process id.
    pub pid: u32,
    /// When it registered (Unix ms).
    pub since_ms: u64,
}

/// A bot's claim: who runs it, since when, how often its process restarted there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimValue {
    /// The owning node.
    pub node: String,
    /// Process restarts since the claim.
    pub restarts: u32,
    /// When it was claimed (Unix ms).
    pub since_ms: u64,
}

/// What status shows of a bot: no credential, only who it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BotInfo {
    /// Bot id.
    pub id: String,
    /// Account.
    pub account: String,
    /// Agent user.
    pub user: String,
    /// Skill, if any.
    pub skill: Option<String>,
}

impl From<&BotSpec> for BotInfo {
    fn from(bot: &BotSpec) -> Self {
        BotInfo {
            id: bot.id.clone(),
            account: bot.account.clone(),
            user: bot.user.clone(),
            skill: bot.skill.clone(),
        }
    }
}

/// Milliseconds since the Unix epoch (0 if the clock is before it).
pub(crate) fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
        .unwrap_or(0)
}
