//! The public connector list on `acCdnDomain` (`auth.md` §2.2):
//! `GET /api/account/{acct}/configuration/le-connectors/all-connectors`.

use super::NumericId;
use serde::{Deserialize, Serialize};

/// `type` of an unauthenticated (ACR0) connector.
pub const UNAUTHENTICATED: u8 = 1;
/// `type` of an authenticated connector.
pub const AUTHENTICATED: u8 = 2;

/// The `jsMethodName` of an unauthenticated connector.
pub const UNAUTH_JS_METHOD: &str = "lpTag.taglets.unAuthMessaging.lpUnauthFunction";

/// One connector of the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Connector {
    /// Connector id.
    pub id: NumericId,
    /// Name.
    pub name: String,
    /// [`UNAUTHENTICATED`] or [`AUTHENTICATED`].
    #[serde(rename = "type")]
    pub kind: u8,
    /// Configuration.
    pub configuration: ConnectorConfiguration,
}

/// `configuration` of a [`Connector`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConnectorConfiguration {
    /// The page function that provides the token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub js_method_name: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn connector_list_round_trips() {
        let example = json!([
            {"id": 2210, "name": "unauth", "type": 1,
             "configuration": {"jsMethodName": "lpTag.taglets.unAuthMessaging.lpUnauthFunction"}},
            {"id": 2211, "name": "auth", "type": 2, "configuration": {}}
        ]);
        let parsed: Vec<Connector> = serde_json::from_value(example.clone()).expect("parses");
        assert_eq!(parsed[0].kind, UNAUTHENTICATED);
        assert_eq!(
            parsed[0].configuration.js_method_name.as_deref(),
            Some(UNAUTH_JS_METHOD)
        );
        assert_eq!(parsed[1].kind, AUTHENTICATED);
        assert_eq!(serde_json::to_value(parsed).expect("json"), example);
    }
}
