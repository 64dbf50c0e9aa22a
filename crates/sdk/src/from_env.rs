//! [`ConnectionBuilder::from_env`]: a brand connection from the identity `lpm fleet` hands a bot.

use crate::connection::Connection;
use crate::error::{Error, Result};
use crate::options::{ConnectionBuilder, UserType};

impl ConnectionBuilder {
    /// A brand (bot) connection builder from the environment variables `lpm fleet` sets for each
    /// bot it runs (see `docs/fleet.md`):
    ///
    /// | variable | meaning |
    /// | --- | --- |
    /// | `LPM_ACCOUNT_ID` | account (required) |
    /// | `LPM_USER` | agent user's login name (required) |
    /// | `LPM_PASSWORD` | password login, or … |
    /// | `LPM_APP_KEY`, `LPM_SECRET`, `LPM_ACCESS_TOKEN`, `LPM_ACCESS_TOKEN_SECRET` | … API key login (all four) |
    /// | `LPM_CSDS_URL` | CSDS override, read by [`ConnectionBuilder::build`] as always |
    ///
    /// An API key wins over a password when both are set. Errors ([`Error::Options`]) name the
    /// missing variable, never a value.
    ///
    /// ```no_run
    /// # async fn demo() -> lp_messaging_sdk::Result<()> {
    /// use lp_messaging_sdk::ConnectionBuilder;
    /// let connection = ConnectionBuilder::from_env()?.app_id("my_bot").build()?;
    /// connection.open().await?;
    /// # Ok(()) }
    /// ```
    pub fn from_env() -> Result<ConnectionBuilder> {
        Self::from_vars(|name| std::env::var(name).ok())
    }

    /// [`ConnectionBuilder::from_env`] reading the variables through `lookup` (tests, or a
    /// configuration source of your own).
    ///
    /// ```
    /// use lp_messaging_sdk::ConnectionBuilder;
    /// let vars = [("LPM_ACCOUNT_ID", "123"), ("LPM_USER", "bot1"), ("LPM_PASSWORD", "pw")];
    /// let lookup = |k: &str| vars.iter().find(|(n, _)| *n == k).map(|(_, v)| v.to_string());
    /// assert!(ConnectionBuilder::from_vars(lookup).is_ok());
    /// assert!(ConnectionBuilder::from_vars(|_| None).is_err());
    /// ```
    pub fn from_vars(lookup: impl Fn(&str) -> Option<String>) -> Result<ConnectionBuilder> {
        let get = |name: &str| lookup(name).filter(|v| !v.is_empty());
        let required = |name: &str| {
            get(name).ok_or_else(|| {
                Error::Options(format!("the environment variable {name} is not set"))
            })
        };
        let account = required("LPM_ACCOUNT_ID")?;
        let user = required("LPM_USER")?;
        let builder = Connection::builder(account, UserType::Brand);
        if get("LPM_APP_KEY").is_some() {
            return Ok(builder.api_key(
                user,
                required("LPM_APP_KEY")?,
                required("LPM_SECRET")?,
                required("LPM_ACCESS_TOKEN")?,
                required("LPM_ACCESS_TOKEN_SECRET")?,
            ));
        }
        match get("LPM_PASSWORD") {
            Some(password) => Ok(builder.password(user, password)),
            None => Err(Error::Options(
                "neither LPM_PASSWORD nor LPM_APP_KEY (with LPM_SECRET, LPM_ACCESS_TOKEN, LPM_ACCESS_TOKEN_SECRET) is set".into(),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone())
    }

    fn message(r: Result<ConnectionBuilder>) -> String {
        match r {
            Err(e) => e.to_string(),
            Ok(_) => String::from("ok"),
        }
    }

    #[test]
    fn password_and_api_key_identities() {
        let pw = ConnectionBuilder::from_vars(vars(&[
            ("LPM_ACCOUNT_ID", "1"),
            ("LPM_USER", "u"),
            ("LPM_PASSWORD", "p"),
        ]));
        assert!(pw.is_ok());
        let key = ConnectionBuilder::from_vars(vars(&[
            ("LPM_ACCOUNT_ID", "1"),
            ("LPM_USER", "u"),
            ("LPM_APP_KEY", "k"),
            ("LPM_SECRET", "s"),
            ("LPM_ACCESS_TOKEN", "t"),
            ("LPM_ACCESS_TOKEN_SECRET", "ts"),
        ]));
        assert!(key.is_ok());
    }

    #[test]
    fn errors_name_the_missing_variable_and_no_value() {
        assert!(message(ConnectionBuilder::from_vars(vars(&[]))).contains("LPM_ACCOUNT_ID"));
        assert!(
            message(ConnectionBuilder::from_vars(vars(&[(
                "LPM_ACCOUNT_ID",
                "1"
            )])))
            .contains("LPM_USER")
        );
        let partial = message(ConnectionBuilder::from_vars(vars(&[
            ("LPM_ACCOUNT_ID", "1"),
            ("LPM_USER", "u"),
            ("LPM_APP_KEY", "topsecretkey"),
        ])));
        assert!(
            partial.contains("LPM_SECRET") && !partial.contains("topsecretkey"),
            "{partial}"
        );
        let none = message(ConnectionBuilder::from_vars(vars(&[
            ("LPM_ACCOUNT_ID", "1"),
            ("LPM_USER", "u"),
        ])));
        assert!(none.contains("LPM_PASSWORD"), "{none}");
    }
}
