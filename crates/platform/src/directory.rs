//! Accounts, brand users, skills and connectors: who exists on the platform.
//!
//! In dev mode (no config file) any account id exists, and a brand user is created the first
//! time someone logs in with a new user name; the credentials used then are remembered and
//! required from then on. In strict mode only what the config file lists exists.

use crate::config::{
    AccountConfig, ApiKey, AppConfig, ConnectorConfig, Features, PlatformConfig, UserRole,
};
use crate::ids::Ids;
use std::collections::HashMap;

/// Dev or strict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Mode {
    /// Anything goes, and is remembered on first use.
    Dev,
    /// Only configured accounts, users and connectors exist.
    Strict,
}

/// A brand user as the platform knows it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct User {
    /// Numeric user id (`config.userId` in the login answer).
    pub user_id: String,
    /// Login name.
    pub login_name: String,
    /// Password, when the user may log in with one.
    pub password: Option<String>,
    /// API key, when the user may log in with one.
    pub api_key: Option<ApiKey>,
    /// Participant id (UUID).
    pub pid: String,
    /// Display name.
    pub nickname: String,
    /// Permission profile.
    pub role: UserRole,
    /// Skill ids; empty means every skill.
    pub skills: Vec<String>,
}

impl User {
    /// The "old" agent id used in v2 requests and brand notifications: `{account}.{userId}`.
    pub fn old_id(&self, account: &str) -> String {
        format!("{account}.{}", self.user_id)
    }

    /// Whether conversations of `skill_id` may be routed to this user.
    pub fn has_skill(&self, skill_id: &str) -> bool {
        self.skills.is_empty() || skill_id == "-1" || self.skills.iter().any(|s| s == skill_id)
    }
}

/// A routing skill.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Skill {
    /// The skill's configuration.
    pub config: crate::config::SkillConfig,
}

/// One account and everything in it.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Account {
    /// Account id.
    pub id: String,
    /// Feature switches.
    pub features: Features,
    /// Brand users by numeric user id.
    pub users: HashMap<String, User>,
    /// Skills by id.
    pub skills: HashMap<String, Skill>,
    /// Connectors by id.
    pub connectors: HashMap<String, ConnectorConfig>,
    /// Connector API app installations.
    pub apps: Vec<AppConfig>,
}

/// The credentials of a login request.
#[derive(Debug, Clone, PartialEq)]
pub enum Credentials {
    /// `{"username","password"}`.
    Password {
        /// Login name.
        username: String,
        /// Password.
        password: String,
    },
    /// `{"username","appKey","secret","accessToken","accessTokenSecret"}`.
    ApiKey {
        /// Login name.
        username: String,
        /// The four OAuth1 fields.
        key: ApiKey,
    },
}

impl Credentials {
    fn username(&self) -> &str {
        match self {
            Credentials::Password { username, .. } | Credentials::ApiKey { username, .. } => {
                username
            }
        }
    }
}

/// Why a directory look-up failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DirectoryError {
    /// No such account (strict mode).
    #[error("account {0} does not exist")]
    UnknownAccount(String),
    /// Wrong user name or credentials. Deliberately says nothing about which part was wrong.
    #[error("invalid credentials")]
    BadCredentials,
}

/// All accounts.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct Directory {
    mode: Mode,
    accounts: HashMap<String, Account>,
}

impl Directory {
    /// A dev-mode directory: every account exists and fills up on first use.
    pub fn dev() -> Self {
        Self {
            mode: Mode::Dev,
            accounts: HashMap::new(),
        }
    }

    /// A strict directory holding exactly what `config` lists.
    pub fn strict(config: &PlatformConfig, ids: &Ids) -> Self {
        let accounts = config
            .accounts
            .iter()
            .map(|a| (a.id.clone(), Account::from_config(a, ids)))
            .collect();
        Self {
            mode: Mode::Strict,
            accounts,
        }
    }

    /// Dev or strict.
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// The account, created empty in dev mode when it does not exist yet.
    pub fn account(&mut self, id: &str) -> Result<&mut Account, DirectoryError> {
        match self.mode {
            Mode::Dev => Ok(self
                .accounts
                .entry(id.to_owned())
                .or_insert_with(|| Account::empty(id))),
            Mode::Strict => self
                .accounts
                .get_mut(id)
                .ok_or_else(|| DirectoryError::UnknownAccount(id.to_owned())),
        }
    }

    /// The account if it exists (or, in dev mode, would be created on use).
    pub fn account_exists(&self, id: &str) -> bool {
        self.mode == Mode::Dev || self.accounts.contains_key(id)
    }

    /// Checks a brand login and returns the user; in dev mode an unknown user name is created
    /// with these credentials.
    pub fn login(
        &mut self,
        account: &str,
        credentials: &Credentials,
        ids: &Ids,
    ) -> Result<User, DirectoryError> {
        let mode = self.mode;
        let account = self.account(account)?;
        if let Some(user) = account
            .users
            .values_mut()
            .find(|u| u.login_name == credentials.username())
        {
            let ok = match credentials {
                Credentials::Password { password, .. } => {
                    if mode == Mode::Dev && user.password.is_none() {
                        user.password = Some(password.clone());
                    }
                    user.password.as_deref() == Some(password.as_str())
                }
                Credentials::ApiKey { key, .. } => {
                    if mode == Mode::Dev && user.api_key.is_none() {
                        user.api_key = Some(key.clone());
                    }
                    user.api_key.as_ref() == Some(key)
                }
            };
            return if ok {
                Ok(user.clone())
            } else {
                Err(DirectoryError::BadCredentials)
            };
        }
        if mode == Mode::Strict {
            return Err(DirectoryError::BadCredentials);
        }
        let (password, api_key, role) = match credentials {
            Credentials::Password { password, .. } => {
                (Some(password.clone()), None, UserRole::Agent)
            }
            Credentials::ApiKey { key, .. } => (None, Some(key.clone()), UserRole::Bot),
        };
        let user = User {
            user_id: ids.digits(),
            login_name: credentials.username().to_owned(),
            password,
            api_key,
            pid: ids.uuid(),
            nickname: credentials.username().to_owned(),
            role,
            skills: Vec::new(),
        };
        account.users.insert(user.user_id.clone(), user.clone());
        Ok(user)
    }
}

impl Account {
    fn empty(id: &str) -> Self {
        Self {
            id: id.to_owned(),
            features: Features::default(),
            users: HashMap::new(),
            skills: HashMap::new(),
            connectors: HashMap::new(),
            apps: Vec::new(),
        }
    }

    fn from_config(config: &AccountConfig, ids: &Ids) -> Self {
        let users = config
            .users
            .iter()
            .map(|u| {
                let user = User {
                    user_id: u.user_id.clone().unwrap_or_else(|| ids.digits()),
                    login_name: u.login_name.clone(),
                    password: u.password.clone(),
                    api_key: u.api_key.clone(),
                    pid: u.pid.clone().unwrap_or_else(|| ids.uuid()),
                    nickname: u.nickname.clone().unwrap_or_else(|| u.login_name.clone()),
                    role: u.role,
                    skills: u.skills.clone(),
                };
                (user.user_id.clone(), user)
            })
            .collect();
        Self {
            id: config.id.clone(),
            features: config.features.clone(),
            users,
            skills: config
                .skills
                .iter()
                .map(|s| (s.id.clone(), Skill { config: s.clone() }))
                .collect(),
            connectors: config
                .connectors
                .iter()
                .map(|c| (c.id.clone(), c.clone()))
                .collect(),
            apps: config.apps.clone(),
        }
    }

    /// A brand user by numeric user id.
    pub fn user(&self, user_id: &str) -> Option<&User> {
        self.users.get(user_id)
    }

    /// A brand user by old id (`{account}.{userId}`) or by PID.
    pub fn user_by_any_id(&self, id: &str) -> Option<&User> {
        let user_id = id
            .strip_prefix(self.id.as_str())
            .and_then(|rest| rest.strip_prefix('.'));
        match user_id {
            Some(user_id) => self.users.get(user_id),
            None => self.users.values().find(|u| u.pid == id),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn password(user: &str, pw: &str) -> Credentials {
        Credentials::Password {
            username: user.into(),
            password: pw.into(),
        }
    }

    #[test]
    fn dev_mode_remembers_credentials_on_first_use() {
        let ids = Ids::new(Some(1));
        let mut dir = Directory::dev();
        let first = dir
            .login("123", &password("bot", "pw"), &ids)
            .expect("created");
        let again = dir
            .login("123", &password("bot", "pw"), &ids)
            .expect("same");
        assert_eq!(first, again);
        assert_eq!(
            dir.login("123", &password("bot", "other"), &ids),
            Err(DirectoryError::BadCredentials)
        );
        let account = dir.account("123").expect("exists");
        assert_eq!(
            account.user_by_any_id(&format!("123.{}", first.user_id)),
            Some(&first)
        );
        assert_eq!(account.user_by_any_id(&first.pid), Some(&first));
    }

    #[test]
    fn strict_mode_knows_only_configured_users() {
        let ids = Ids::new(Some(1));
        let config = PlatformConfig::from_toml(
            "[[accounts]]\nid = \"1\"\n[[accounts.users]]\nlogin_name = \"a\"\npassword = \"p\"\n",
        )
        .expect("valid");
        let mut dir = Directory::strict(&config, &ids);
        assert!(dir.login("1", &password("a", "p"), &ids).is_ok());
        assert_eq!(
            dir.login("1", &password("b", "p"), &ids),
            Err(DirectoryError::BadCredentials)
        );
        assert_eq!(
            dir.login("2", &password("a", "p"), &ids),
            Err(DirectoryError::UnknownAccount("2".into()))
        );
    }
}
