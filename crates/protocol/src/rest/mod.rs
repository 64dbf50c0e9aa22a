//! Bodies of the REST services around UMS (CSDS, IDP, agentVep, account configuration,
//! shift status, Sentinel). Field names follow `shared/protocol/auth.md` and
//! `rest-services.md` exactly; each module's tests round-trip the reference's examples.

pub mod agent_vep;
pub mod connectors;
pub mod csds;
pub mod idp;
pub mod sentinel;
pub mod shift_status;
pub mod users;

use serde::{Deserialize, Serialize};
use std::fmt;

/// An id that LivePerson sends as a JSON number (user ids, skill ids, connector ids) but that
/// clients compare as text. Numeric text serializes as a number; anything else as a string.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum NumericId {
    /// The usual form: a number.
    Number(u64),
    /// An id that is not a number.
    Text(String),
}

impl From<&str> for NumericId {
    fn from(id: &str) -> Self {
        // Leading zeros would be lost in a number, so such ids stay text.
        match id.parse::<u64>() {
            Ok(n) if n.to_string() == id => NumericId::Number(n),
            _ => NumericId::Text(id.to_owned()),
        }
    }
}

impl fmt::Display for NumericId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NumericId::Number(n) => write!(f, "{n}"),
            NumericId::Text(s) => f.write_str(s),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_ids_are_numbers_on_the_wire() {
        assert_eq!(
            serde_json::to_string(&NumericId::from("3705342610")).expect("json"),
            "3705342610"
        );
        assert_eq!(
            serde_json::to_string(&NumericId::from("007")).expect("json"),
            "\"007\""
        );
        let back: NumericId = serde_json::from_str("42").expect("json");
        assert_eq!(back.to_string(), "42");
        let back: NumericId = serde_json::from_str("\"x1\"").expect("json");
        assert_eq!(back, NumericId::Text("x1".into()));
    }
}
