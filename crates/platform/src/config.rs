//! The strict-mode configuration file (`lpm platform --config FILE`, TOML).
//!
//! ```toml
//! [[accounts]]
//! id = "12345678"
//!
//! [[accounts.users]]
//! login_name = "bot1"
//! password = "s3cret"
//! role = "bot"
//! skills = ["1001"]
//!
//! [[accounts.skills]]
//! id = "1001"
//! name = "sales"
//!
//! [[accounts.connectors]]
//! id = "2210"
//! type = 1
//! ```
//!
//! Without a file the platform runs in dev mode: any account id works and brand credentials are
//! accepted and remembered on first use (see [`crate::directory`]).

use serde::{Deserialize, Serialize};
use std::path::Path;

/// Everything a strict-mode platform knows before it starts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlatformConfig {
    /// The accounts that exist; requests naming any other account fail as on the real platform.
    #[serde(default)]
    pub accounts: Vec<AccountConfig>,
}

/// One LivePerson account (brand, site).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountConfig {
    /// The account number, e.g. `"12345678"`.
    pub id: String,
    /// Account features (AC features) that change the platform's answers.
    #[serde(default)]
    pub features: Features,
    /// Brand users: agents, managers and bots.
    #[serde(default)]
    pub users: Vec<UserConfig>,
    /// Routing skills.
    #[serde(default)]
    pub skills: Vec<SkillConfig>,
    /// IDP connectors for unauthenticated (type 1) and authenticated (type 2) consumers.
    #[serde(default)]
    pub connectors: Vec<ConnectorConfig>,
    /// Connector API app installations (Sentinel client credentials).
    #[serde(default)]
    pub apps: Vec<AppConfig>,
}

/// A Connector API app installation: the OAuth2 client credentials Sentinel exchanges for an
/// AppJWT (`auth.md` §3).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AppConfig {
    /// `client_id`.
    pub client_id: String,
    /// `client_secret`.
    pub client_secret: String,
}

/// Account features; the defaults are what the seed's samples need.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Features {
    /// `Messaging.Un_Auth_Messaging`: without it `anonymous/authorize` answers 428.
    pub unauth_messaging: bool,
    /// File sharing; without it the file URL requests fail.
    pub file_sharing: bool,
    /// Mock authentication (`app/default/authenticate?v=2`, `auth.md` §2.3.1), a convenience of
    /// LivePerson's test environments.
    pub mock_auth: bool,
}

impl Default for Features {
    fn default() -> Self {
        Self {
            unauth_messaging: true,
            file_sharing: true,
            mock_auth: true,
        }
    }
}

/// A brand user's permission profile.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum UserRole {
    /// A human agent.
    #[default]
    Agent,
    /// An agent manager: may also join conversations as `MANAGER`.
    Manager,
    /// A bot user (API-key login).
    Bot,
}

/// The four OAuth1 fields of an API-key ("application") login.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ApiKey {
    /// `appKey` (in the config file also `app_key`).
    #[serde(alias = "app_key")]
    pub app_key: String,
    /// `secret`.
    pub secret: String,
    /// `accessToken` (in the config file also `access_token`).
    #[serde(alias = "access_token")]
    pub access_token: String,
    /// `accessTokenSecret` (in the config file also `access_token_secret`).
    #[serde(alias = "access_token_secret")]
    pub access_token_secret: String,
}

/// One brand user.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserConfig {
    /// The login name (`username` in the login body).
    pub login_name: String,
    /// Password for user/password login.
    #[serde(default)]
    pub password: Option<String>,
    /// API key for application login.
    #[serde(default)]
    pub api_key: Option<ApiKey>,
    /// Numeric user id; generated when absent.
    #[serde(default)]
    pub user_id: Option<String>,
    /// Participant id (UUID); generated when absent.
    #[serde(default)]
    pub pid: Option<String>,
    /// Display name; the login name when absent.
    #[serde(default)]
    pub nickname: Option<String>,
    /// Permission profile.
    #[serde(default)]
    pub role: UserRole,
    /// Skill ids this user is routed conversations of. Empty: every skill.
    #[serde(default)]
    pub skills: Vec<String>,
}

/// One routing skill.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SkillConfig {
    /// Skill id, digits as a string.
    pub id: String,
    /// Skill name.
    #[serde(default)]
    pub name: String,
    /// Login name of the post-conversation-survey bot assigned to this skill.
    #[serde(default)]
    pub survey_bot: Option<String>,
    /// Working hours; none means always on shift.
    #[serde(default)]
    pub working_hours: Vec<WorkingHours>,
}

/// A weekly on-shift window, in UTC.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkingHours {
    /// Days of the week, `"mon"` … `"sun"`.
    pub days: Vec<String>,
    /// Start, `"HH:MM"` (UTC).
    pub from: String,
    /// End, `"HH:MM"` (UTC), exclusive; `"24:00"` is the end of the day. An end not after the
    /// start means the window runs past midnight into the next day.
    pub to: String,
}

/// A [`WorkingHours`] entry in numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShiftWindow {
    /// Days, Monday = 0 … Sunday = 6.
    pub days: Vec<u32>,
    /// Start, minutes after midnight.
    pub from_min: u32,
    /// End, minutes after midnight (may be ≤ `from_min`: ends the next day).
    pub to_min: u32,
}

impl WorkingHours {
    /// Parses the window; the error names the bad value.
    pub fn window(&self) -> Result<ShiftWindow, String> {
        const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
        let days = self
            .days
            .iter()
            .map(|d| {
                DAYS.iter()
                    .position(|name| name.eq_ignore_ascii_case(d))
                    .map(|i| i as u32)
                    .ok_or_else(|| format!("unknown day {d:?} (use mon … sun)"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let minutes = |t: &str| -> Result<u32, String> {
            let bad = || format!("bad time {t:?} (use HH:MM)");
            let (h, m) = t.split_once(':').ok_or_else(bad)?;
            let (h, m): (u32, u32) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
            if m >= 60 || h > 24 || (h == 24 && m != 0) {
                return Err(bad());
            }
            Ok(h * 60 + m)
        };
        Ok(ShiftWindow {
            days,
            from_min: minutes(&self.from)?,
            to_min: minutes(&self.to)?,
        })
    }
}

/// An IDP connector.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConnectorConfig {
    /// Connector id.
    pub id: String,
    /// `1` unauthenticated (ACR0), `2` authenticated.
    #[serde(rename = "type")]
    pub kind: u8,
    /// Connector name.
    #[serde(default)]
    pub name: String,
    /// `configuration.jsMethodName` in the connector list; a default per type when absent.
    #[serde(default)]
    pub js_method_name: Option<String>,
    /// For type 2: the HS256 secret or RSA public key (PEM) that signs the brand's `id_token`s.
    /// None: the token's signature is not checked (its claims still are).
    #[serde(default)]
    pub id_token_key: Option<String>,
}

/// Why a configuration file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file is not valid configuration TOML.
    #[error("invalid configuration in {path}: {message}")]
    Parse {
        /// The file.
        path: String,
        /// What is wrong, with line and column.
        message: String,
    },
}

impl PlatformConfig {
    /// Reads a TOML configuration file.
    pub fn from_file(path: &Path) -> Result<Self, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.display().to_string(),
            source,
        })?;
        Self::from_toml(&text).map_err(|message| ConfigError::Parse {
            path: path.display().to_string(),
            message,
        })
    }

    /// Parses configuration TOML; the error message says where and what is wrong.
    pub fn from_toml(text: &str) -> Result<Self, String> {
        let config: Self = toml::from_str(text).map_err(|e| e.to_string())?;
        config.validate()?;
        Ok(config)
    }

    /// Checks what TOML types cannot: connector types, working hours, duplicate ids.
    pub fn validate(&self) -> Result<(), String> {
        let mut accounts = std::collections::HashSet::new();
        for account in &self.accounts {
            if !accounts.insert(&account.id) {
                return Err(format!("account {} is listed twice", account.id));
            }
            for connector in &account.connectors {
                if !matches!(connector.kind, 1 | 2) {
                    return Err(format!(
                        "account {}: connector {} has type {} (use 1 or 2)",
                        account.id, connector.id, connector.kind
                    ));
                }
            }
            let mut names = std::collections::HashSet::new();
            for user in &account.users {
                if !names.insert(&user.login_name) {
                    return Err(format!(
                        "account {}: user {} is listed twice",
                        account.id, user.login_name
                    ));
                }
            }
            for skill in &account.skills {
                for hours in &skill.working_hours {
                    hours
                        .window()
                        .map_err(|e| format!("account {}: skill {}: {e}", account.id, skill.id))?;
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_documented_example() {
        let config = PlatformConfig::from_toml(
            r#"
            [[accounts]]
            id = "12345678"
            [[accounts.users]]
            login_name = "bot1"
            password = "s3cret"
            role = "bot"
            skills = ["1001"]
            [[accounts.skills]]
            id = "1001"
            name = "sales"
            [[accounts.connectors]]
            id = "2210"
            type = 1
            "#,
        )
        .expect("valid");
        let account = &config.accounts[0];
        assert_eq!(account.users[0].role, UserRole::Bot);
        assert_eq!(account.skills[0].name, "sales");
        assert_eq!(account.connectors[0].kind, 1);
        assert!(account.features.unauth_messaging);
    }

    #[test]
    fn working_hours_are_checked() {
        let err = PlatformConfig::from_toml(
            "[[accounts]]\nid = \"1\"\n[[accounts.skills]]\nid = \"5\"\n[[accounts.skills.working_hours]]\ndays = [\"mon\", \"funday\"]\nfrom = \"09:00\"\nto = \"17:00\"\n",
        )
        .expect_err("bad day");
        assert!(err.contains("funday"), "{err}");
        let hours = WorkingHours {
            days: vec!["MON".into(), "sun".into()],
            from: "22:30".into(),
            to: "24:00".into(),
        };
        assert_eq!(
            hours.window(),
            Ok(ShiftWindow {
                days: vec![0, 6],
                from_min: 22 * 60 + 30,
                to_min: 24 * 60
            })
        );
    }

    #[test]
    fn unknown_keys_are_reported() {
        let err = PlatformConfig::from_toml("[[accounts]]\nid = \"1\"\npasword = \"x\"\n")
            .expect_err("typo rejected");
        assert!(err.contains("pasword"), "{err}");
    }
}
