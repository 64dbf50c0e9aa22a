//! The bots file: the identities a fleet runs (TOML `[[bot]]` tables or a JSON list).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::Path;

use serde::Deserialize;

use crate::error::{FleetError, Result};

/// A credential given in the file or, better, by the name of an environment variable of the node
/// that holds it (`password_env = "BOT1_PASSWORD"`), so the file itself holds no secret.
///
/// `Debug` never shows a value.
///
/// ```
/// use lpm_fleet::Secret;
/// assert_eq!(format!("{:?}", Secret::Value("hunter2".into())), "<redacted>");
/// assert_eq!(format!("{:?}", Secret::Env("BOT1_PW".into())), "env:BOT1_PW");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub enum Secret {
    /// The value itself.
    Value(String),
    /// The name of the environment variable holding it.
    Env(String),
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Secret::Value(_) => f.write_str("<redacted>"),
            Secret::Env(var) => write!(f, "env:{var}"),
        }
    }
}

impl Secret {
    /// The value, reading the environment through `lookup` for [`Secret::Env`].
    ///
    /// ```
    /// use lpm_fleet::Secret;
    /// let s = Secret::Env("PW".into());
    /// assert_eq!(s.resolve(|_| Some("x".into())), Some("x".to_string()));
    /// assert_eq!(s.resolve(|_| None), None);
    /// ```
    pub fn resolve(&self, lookup: impl Fn(&str) -> Option<String>) -> Option<String> {
        match self {
            Secret::Value(v) => Some(v.clone()),
            Secret::Env(var) => lookup(var),
        }
    }
}

/// How a bot logs in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credentials {
    /// Nothing in the file: the bot finds its credentials itself (from its `env`, a vault...).
    None,
    /// Username and password.
    Password(Secret),
    /// LivePerson API key (OAuth 1): app key, secret, access token, access token secret.
    ApiKey {
        /// `appKey`.
        app_key: Secret,
        /// `secret`.
        secret: Secret,
        /// `accessToken`.
        access_token: Secret,
        /// `accessTokenSecret`.
        access_token_secret: Secret,
    },
}

/// One bot identity: a LivePerson agent user that must run in exactly one place.
///
/// ```
/// let bots = lpm_fleet::parse_bots(r#"
/// [[bot]]
/// account = "12345678"
/// user = "bot1"
/// password_env = "BOT1_PASSWORD"
/// skill = "sales"
/// env = { GREETING = "hi" }
/// "#, "bots.toml").unwrap();
/// assert_eq!(bots[0].id, "12345678/bot1");
/// assert_eq!(bots[0].env["GREETING"], "hi");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BotSpec {
    /// Unique within the fleet; defaults to `account/user`. Keys in etcd are derived from it.
    pub id: String,
    /// LivePerson account id (site id).
    pub account: String,
    /// The agent user's login name.
    pub user: String,
    /// How it logs in.
    pub credentials: Credentials,
    /// A skill the bot serves, passed on as `LPM_SKILL`.
    pub skill: Option<String>,
    /// Anything else the bot needs, passed to its process as environment variables.
    pub env: BTreeMap<String, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    id: Option<String>,
    account: String,
    user: String,
    password: Option<String>,
    password_env: Option<String>,
    app_key: Option<String>,
    app_key_env: Option<String>,
    secret: Option<String>,
    secret_env: Option<String>,
    access_token: Option<String>,
    access_token_env: Option<String>,
    access_token_secret: Option<String>,
    access_token_secret_env: Option<String>,
    skill: Option<String>,
    #[serde(default)]
    env: BTreeMap<String, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TomlFile {
    #[serde(default)]
    bot: Vec<Entry>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum JsonFile {
    List(Vec<Entry>),
    Table { bot: Vec<Entry> },
}

/// Reads a bots file: JSON when it ends in `.json` (a list, or `{"bot": [...]}`), TOML otherwise
/// (`[[bot]]` tables).
///
/// ```no_run
/// let bots = lpm_fleet::load_bots(std::path::Path::new("bots.toml"))?;
/// # Ok::<(), lpm_fleet::FleetError>(())
/// ```
pub fn load_bots(path: &Path) -> Result<Vec<BotSpec>> {
    let text = std::fs::read_to_string(path).map_err(|source| FleetError::ReadBots {
        path: path.to_owned(),
        source,
    })?;
    parse_bots(&text, path)
}

/// Parses the text of a bots file; `path` picks the format (see [`load_bots`]) and names errors.
///
/// ```
/// let bots = lpm_fleet::parse_bots(r#"[{"id": "b1", "account": "1", "user": "u1", "password": "pw"}]"#, "bots.json").unwrap();
/// assert_eq!(bots[0].id, "b1");
/// ```
pub fn parse_bots(text: &str, path: impl AsRef<Path>) -> Result<Vec<BotSpec>> {
    let path = path.as_ref();
    let is_json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let entries = if is_json {
        match serde_json::from_str::<JsonFile>(text) {
            Ok(JsonFile::List(list)) | Ok(JsonFile::Table { bot: list }) => list,
            Err(e) => {
                return Err(FleetError::ParseBots {
                    path: path.to_owned(),
                    reason: e.to_string(),
                });
            }
        }
    } else {
        toml::from_str::<TomlFile>(text)
            .map_err(|e| FleetError::ParseBots {
                path: path.to_owned(),
                reason: e.to_string(),
            })?
            .bot
    };
    let mut seen = BTreeSet::new();
    let mut bots = Vec::with_capacity(entries.len());
    for (i, entry) in entries.into_iter().enumerate() {
        let bot = entry.into_spec(i)?;
        if !seen.insert(bot.id.clone()) {
            return Err(FleetError::InvalidBot {
                bot: bot.id,
                reason: "the id is used twice (ids default to account/user)".into(),
            });
        }
        bots.push(bot);
    }
    Ok(bots)
}

fn secret(
    bot: &str,
    field: &str,
    value: Option<String>,
    var: Option<String>,
) -> Result<Option<Secret>> {
    match (value, var) {
        (Some(_), Some(_)) => Err(FleetError::InvalidBot {
            bot: bot.into(),
            reason: format!("give either {field} or {field}_env, not both"),
        }),
        (Some(v), None) => Ok(Some(Secret::Value(v))),
        (None, Some(var)) => Ok(Some(Secret::Env(var))),
        (None, None) => Ok(None),
    }
}

impl Entry {
    fn into_spec(self, index: usize) -> Result<BotSpec> {
        let id = self
            .id
            .clone()
            .unwrap_or_else(|| format!("{}/{}", self.account, self.user));
        let invalid = |reason: &str| FleetError::InvalidBot {
            bot: if id.is_empty() {
                format!("#{}", index + 1)
            } else {
                id.clone()
            },
            reason: reason.into(),
        };
        if self.account.trim().is_empty() || self.user.trim().is_empty() {
            return Err(invalid("account and user must not be empty"));
        }
        // Ids become etcd key segments and process names: keep them printable and unambiguous.
        if id.is_empty() || id.chars().any(|c| c.is_control() || c.is_whitespace()) {
            return Err(invalid("the id must be non-empty without spaces"));
        }
        let password = secret(&id, "password", self.password, self.password_env)?;
        let app_key = secret(&id, "app_key", self.app_key, self.app_key_env)?;
        let key_secret = secret(&id, "secret", self.secret, self.secret_env)?;
        let token = secret(
            &id,
            "access_token",
            self.access_token,
            self.access_token_env,
        )?;
        let token_secret = secret(
            &id,
            "access_token_secret",
            self.access_token_secret,
            self.access_token_secret_env,
        )?;
        let credentials = match (password, app_key, key_secret, token, token_secret) {
            (None, None, None, None, None) => Credentials::None,
            (Some(p), None, None, None, None) => Credentials::Password(p),
            (None, Some(app_key), Some(secret), Some(access_token), Some(access_token_secret)) => {
                Credentials::ApiKey {
                    app_key,
                    secret,
                    access_token,
                    access_token_secret,
                }
            }
            (Some(_), ..) => {
                return Err(invalid("give a password or an API key, not both"));
            }
            _ => {
                return Err(invalid(
                    "an API key needs app_key, secret, access_token and access_token_secret",
                ));
            }
        };
        Ok(BotSpec {
            id,
            account: self.account,
            user: self.user,
            credentials,
            skill: self.skill,
            env: self.env,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_with_every_credential_kind() {
        let bots = parse_bots(
            r#"
            [[bot]]
            account = "1"
            user = "a"
            password = "pw"
            [[bot]]
            id = "b"
            account = "1"
            user = "b"
            app_key_env = "K"
            secret = "s"
            access_token = "t"
            access_token_secret_env = "TS"
            [[bot]]
            account = "1"
            user = "c"
            "#,
            "f.toml",
        )
        .unwrap();
        assert_eq!(bots.len(), 3);
        assert_eq!(
            bots[0].credentials,
            Credentials::Password(Secret::Value("pw".into()))
        );
        assert!(
            matches!(&bots[1].credentials, Credentials::ApiKey { app_key: Secret::Env(k), .. } if k == "K")
        );
        assert_eq!(bots[2].credentials, Credentials::None);
    }

    #[test]
    fn json_list_and_table() {
        let list = parse_bots(r#"[{"account":"1","user":"a"}]"#, "x.json").unwrap();
        let table = parse_bots(r#"{"bot":[{"account":"1","user":"a"}]}"#, "x.JSON").unwrap();
        assert_eq!(list, table);
    }

    #[test]
    fn rejects_duplicates_mixed_and_partial_credentials_and_unknown_fields() {
        let dup = "[[bot]]\naccount='1'\nuser='a'\n[[bot]]\naccount='1'\nuser='a'\n";
        assert!(matches!(
            parse_bots(dup, "f.toml"),
            Err(FleetError::InvalidBot { .. })
        ));
        let both = "[[bot]]\naccount='1'\nuser='a'\npassword='x'\npassword_env='Y'\n";
        assert!(matches!(
            parse_bots(both, "f.toml"),
            Err(FleetError::InvalidBot { .. })
        ));
        let partial = "[[bot]]\naccount='1'\nuser='a'\napp_key='k'\n";
        assert!(matches!(
            parse_bots(partial, "f.toml"),
            Err(FleetError::InvalidBot { .. })
        ));
        let typo = "[[bot]]\naccount='1'\nuser='a'\npasword='x'\n";
        assert!(matches!(
            parse_bots(typo, "f.toml"),
            Err(FleetError::ParseBots { .. })
        ));
    }

    #[test]
    fn errors_never_show_a_password() {
        let both = "[[bot]]\naccount='1'\nuser='a'\npassword='hunter2'\napp_key='k'\nsecret='s'\naccess_token='t'\naccess_token_secret='u'\n";
        let e = parse_bots(both, "f.toml").unwrap_err();
        assert!(!e.to_string().contains("hunter2"), "{e}");
        let bots = parse_bots(
            "[[bot]]\naccount='1'\nuser='a'\npassword='hunter2'\n",
            "f.toml",
        )
        .unwrap();
        assert!(!format!("{bots:?}").contains("hunter2"));
    }
}
