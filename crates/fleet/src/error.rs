//! [`FleetError`]: everything that stops a fleet node or `lpm fleet status`.

use std::path::PathBuf;

/// Why a fleet node (or a status query) could not do its job.
///
/// Messages name files, bots and environment variables, never credential values.
///
/// ```
/// let e = lpm_fleet::FleetError::MissingEnv { bot: "bot1".into(), field: "password", var: "BOT1_PW".into() };
/// assert!(e.to_string().contains("BOT1_PW"));
/// ```
#[derive(Debug, thiserror::Error)]
pub enum FleetError {
    /// The bots file could not be read.
    #[error("cannot read the bots file {path}: {source}")]
    ReadBots {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The bots file is neither valid TOML nor valid JSON of the expected shape.
    #[error("the bots file {path} is invalid: {reason}")]
    ParseBots {
        /// The file.
        path: PathBuf,
        /// What the parser said.
        reason: String,
    },
    /// A bot entry breaks a rule (duplicate id, empty user, two credentials kinds...).
    #[error("bot {bot}: {reason}")]
    InvalidBot {
        /// The bot's id (or its position when it has none).
        bot: String,
        /// Which rule.
        reason: String,
    },
    /// A credential points at an environment variable that is not set on this node.
    #[error("bot {bot}: {field} comes from the environment variable {var}, which is not set")]
    MissingEnv {
        /// The bot's id.
        bot: String,
        /// Which credential (`password`, `app_key`, ...).
        field: &'static str,
        /// The environment variable it points at.
        var: String,
    },
    /// The bot command is empty.
    #[error(
        "no bot command: give it after `--`, e.g. `lpm fleet demo --bots bots.toml -- node bot.js`"
    )]
    NoCommand,
    /// An option is out of range.
    #[error("invalid option: {0}")]
    InvalidOption(String),
    /// etcd answered with an error or could not be reached.
    #[error("etcd: {0}")]
    Etcd(#[from] etcd_client::Error),
    /// etcd did not answer in time.
    #[error("etcd did not answer within {0:?}")]
    EtcdTimeout(std::time::Duration),
    /// A value stored in etcd is not what a fleet node writes.
    #[error("unexpected value under {key}: {reason}")]
    BadValue {
        /// The etcd key.
        key: String,
        /// What was wrong.
        reason: String,
    },
}

/// `Result` with [`FleetError`].
pub type Result<T, E = FleetError> = std::result::Result<T, E>;
