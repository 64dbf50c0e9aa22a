//! Who is looking: the identity of this connection's user.

use serde::{Deserialize, Serialize};

use super::enums::UserType;

/// This connection's user, as the model needs it to tell "me" from others.
///
/// The connection sets it after authentication (brand login gives both ids; a consumer learns
/// its id from its JWT / user profile) and again after a consumer step-up.
///
/// ```
/// use lpm_core::model::Viewer;
/// let me = Viewer::brand("123", "pid-me", "123.456");
/// assert!(me.is("pid-me") && me.is("123.456"));
/// let c = Viewer::consumer("123", "consumer-1");
/// assert!(c.is("consumer-1") && !c.is_brand());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Viewer {
    /// The account (brand) id.
    pub account_id: String,
    /// Consumer or brand.
    pub user_type: UserType,
    /// Consumer id, or the brand user's PID (`config.userPid` of the login). Empty if unknown.
    pub user_id: String,
    /// The brand user's old id `{accountId}.{userId}`; `None` for consumers.
    pub agent_id: Option<String>,
}

impl Viewer {
    /// A brand user (agent or bot).
    pub fn brand(
        account_id: impl Into<String>,
        pid: impl Into<String>,
        agent_id: impl Into<String>,
    ) -> Viewer {
        Viewer {
            account_id: account_id.into(),
            user_type: UserType::Brand,
            user_id: pid.into(),
            agent_id: Some(agent_id.into()),
        }
    }

    /// A consumer.
    pub fn consumer(account_id: impl Into<String>, consumer_id: impl Into<String>) -> Viewer {
        Viewer {
            account_id: account_id.into(),
            user_type: UserType::Consumer,
            user_id: consumer_id.into(),
            agent_id: None,
        }
    }

    /// `true` for a brand user.
    pub fn is_brand(&self) -> bool {
        self.user_type == UserType::Brand
    }

    /// `true` if `id` is this user's user id or old id.
    pub fn is(&self, id: &str) -> bool {
        (!self.user_id.is_empty() && self.user_id == id) || self.agent_id.as_deref() == Some(id)
    }
}
