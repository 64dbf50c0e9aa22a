//! The environment variables that hand a bot its identity (the contract between `lpm fleet` and
//! the SDKs' `from_env` helpers).

use crate::bots::{BotSpec, Credentials, Secret};
use crate::error::{FleetError, Result};

/// LivePerson account id of the bot.
pub const ACCOUNT_ID: &str = "LPM_ACCOUNT_ID";
/// The agent user's login name.
pub const USER: &str = "LPM_USER";
/// Password login.
pub const PASSWORD: &str = "LPM_PASSWORD";
/// API key login: app key.
pub const APP_KEY: &str = "LPM_APP_KEY";
/// API key login: secret.
pub const SECRET: &str = "LPM_SECRET";
/// API key login: access token.
pub const ACCESS_TOKEN: &str = "LPM_ACCESS_TOKEN";
/// API key login: access token secret.
pub const ACCESS_TOKEN_SECRET: &str = "LPM_ACCESS_TOKEN_SECRET";
/// The skill from the bots file, when it names one.
pub const SKILL: &str = "LPM_SKILL";
/// The fleet's name.
pub const FLEET: &str = "LPM_FLEET";
/// The bot's id in the fleet.
pub const FLEET_BOT: &str = "LPM_FLEET_BOT";
/// The node running the bot.
pub const FLEET_NODE: &str = "LPM_FLEET_NODE";
/// The etcd revision of the claim this process runs under: grows with every new claim of the bot,
/// so a bot writing to outside systems can use it as a fencing token.
pub const FLEET_FENCE: &str = "LPM_FLEET_FENCE";

/// Every identity variable a node sets; a child never inherits these from the node itself.
pub const IDENTITY_VARS: [&str; 12] = [
    ACCOUNT_ID,
    USER,
    PASSWORD,
    APP_KEY,
    SECRET,
    ACCESS_TOKEN,
    ACCESS_TOKEN_SECRET,
    SKILL,
    FLEET,
    FLEET_BOT,
    FLEET_NODE,
    FLEET_FENCE,
];

/// Where a child runs: its fleet, node and claim revision.
#[derive(Debug, Clone)]
pub struct RunContext {
    /// The fleet's name.
    pub fleet: String,
    /// The node's id.
    pub node: String,
    /// The claim's create revision (0 without etcd).
    pub fence: i64,
}

/// The environment of one bot's process, in the order it is applied: the bot's own `env` first,
/// then the identity variables (which win). Credential pointers are read through `lookup`.
///
/// ```
/// use lpm_fleet::{RunContext, bot_env, parse_bots};
/// let bots = parse_bots("[[bot]]\naccount='1'\nuser='u'\npassword_env='PW'\n", "b.toml").unwrap();
/// let ctx = RunContext { fleet: "f".into(), node: "n".into(), fence: 7 };
/// let env = bot_env(&bots[0], &ctx, |v| (v == "PW").then(|| "secret".to_string())).unwrap();
/// assert!(env.contains(&("LPM_PASSWORD".to_string(), "secret".to_string())));
/// assert!(env.contains(&("LPM_FLEET_FENCE".to_string(), "7".to_string())));
/// ```
pub fn bot_env(
    bot: &BotSpec,
    ctx: &RunContext,
    lookup: impl Fn(&str) -> Option<String>,
) -> Result<Vec<(String, String)>> {
    let mut env: Vec<(String, String)> = bot
        .env
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let mut set = |k: &str, v: String| env.push((k.to_string(), v));
    set(ACCOUNT_ID, bot.account.clone());
    set(USER, bot.user.clone());
    if let Some(skill) = &bot.skill {
        set(SKILL, skill.clone());
    }
    set(FLEET, ctx.fleet.clone());
    set(FLEET_BOT, bot.id.clone());
    set(FLEET_NODE, ctx.node.clone());
    set(FLEET_FENCE, ctx.fence.to_string());
    let resolve = |field: &'static str, s: &Secret| {
        s.resolve(&lookup).ok_or_else(|| FleetError::MissingEnv {
            bot: bot.id.clone(),
            field,
            var: match s {
                Secret::Env(var) => var.clone(),
                Secret::Value(_) => String::new(),
            },
        })
    };
    match &bot.credentials {
        Credentials::None => {}
        Credentials::Password(p) => set(PASSWORD, resolve("password", p)?),
        Credentials::ApiKey {
            app_key,
            secret,
            access_token,
            access_token_secret,
        } => {
            set(APP_KEY, resolve("app_key", app_key)?);
            set(SECRET, resolve("secret", secret)?);
            set(ACCESS_TOKEN, resolve("access_token", access_token)?);
            set(
                ACCESS_TOKEN_SECRET,
                resolve("access_token_secret", access_token_secret)?,
            );
        }
    }
    Ok(env)
}

/// The node's environment variables the bots file points credentials at: removed from every
/// child's environment, so one bot never sees another bot's secrets.
///
/// ```
/// use lpm_fleet::{parse_bots, secret_pointers};
/// let bots = parse_bots("[[bot]]\naccount='1'\nuser='u'\npassword_env='PW'\n", "b.toml").unwrap();
/// assert_eq!(secret_pointers(&bots), vec!["PW".to_string()]);
/// ```
pub fn secret_pointers(bots: &[BotSpec]) -> Vec<String> {
    let mut vars = std::collections::BTreeSet::new();
    for bot in bots {
        let secrets: Vec<&Secret> = match &bot.credentials {
            Credentials::None => vec![],
            Credentials::Password(p) => vec![p],
            Credentials::ApiKey {
                app_key,
                secret,
                access_token,
                access_token_secret,
            } => vec![app_key, secret, access_token, access_token_secret],
        };
        for s in secrets {
            if let Secret::Env(var) = s {
                vars.insert(var.clone());
            }
        }
    }
    vars.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bots::parse_bots;

    fn ctx() -> RunContext {
        RunContext {
            fleet: "f".into(),
            node: "n1".into(),
            fence: 3,
        }
    }

    #[test]
    fn api_key_bot_gets_all_four_and_identity_wins_over_its_env() {
        let bots = parse_bots(
            "[[bot]]\nid='b'\naccount='1'\nuser='u'\napp_key='k'\nsecret='s'\naccess_token='t'\naccess_token_secret='ts'\nskill='sales'\nenv={LPM_USER='spoof', X='y'}\n",
            "b.toml",
        )
        .unwrap();
        let env = bot_env(&bots[0], &ctx(), |_| None).unwrap();
        let last = |k: &str| {
            env.iter()
                .rev()
                .find(|(n, _)| n == k)
                .map(|(_, v)| v.as_str())
        };
        assert_eq!(last(USER), Some("u"));
        assert_eq!(last("X"), Some("y"));
        assert_eq!(last(APP_KEY), Some("k"));
        assert_eq!(last(ACCESS_TOKEN_SECRET), Some("ts"));
        assert_eq!(last(SKILL), Some("sales"));
        assert_eq!(last(FLEET_BOT), Some("b"));
        assert_eq!(last(PASSWORD), None);
    }

    #[test]
    fn a_missing_pointer_names_the_variable_not_a_value() {
        let bots = parse_bots(
            "[[bot]]\naccount='1'\nuser='u'\npassword_env='NOPE'\n",
            "b.toml",
        )
        .unwrap();
        let e = bot_env(&bots[0], &ctx(), |_| None).unwrap_err();
        assert!(
            matches!(&e, FleetError::MissingEnv { var, .. } if var == "NOPE"),
            "{e}"
        );
    }
}
