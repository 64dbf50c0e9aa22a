//! CSDS domain discovery (`auth.md` §1).

use serde::{Deserialize, Serialize};

/// One service's host: an element of [`BaseUris`] and the whole answer of the single-service
/// form `GET /api/account/{acct}/service/{service}/baseURI.json?version=1.0`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BaseUri {
    /// The account id.
    pub account: String,
    /// The service name, e.g. `asyncMessagingEnt` (case sensitive).
    pub service: String,
    /// A bare host name, possibly with a port; no scheme, no path.
    #[serde(rename = "baseURI")]
    pub base_uri: String,
}

/// The all-services answer: `GET /api/account/{acct}/service/baseURI.json?version=1.0` (and the
/// same under `/csdr/`); also `csdsCollectionResponse` in the agentVep login answer.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct BaseUris {
    /// Every service of the account.
    #[serde(rename = "baseURIs")]
    pub base_uris: Vec<BaseUri>,
}

impl BaseUris {
    /// The host of `service`, if listed.
    pub fn get(&self, service: &str) -> Option<&str> {
        self.base_uris
            .iter()
            .find(|b| b.service == service)
            .map(|b| b.base_uri.as_str())
    }
}

/// The browser JSONP variant (`/csdr/account/{acct}/service/{service}/baseURI.lpCsds?cb=…`):
/// `{"ResultSet":{"lpData":[{"lpServer":"<host>"}]}}`, wrapped in the callback.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LpCsdsAnswer {
    /// The result set.
    #[serde(rename = "ResultSet")]
    pub result_set: LpCsdsResultSet,
}

/// `ResultSet` of [`LpCsdsAnswer`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LpCsdsResultSet {
    /// One element per host.
    #[serde(rename = "lpData")]
    pub lp_data: Vec<LpCsdsServer>,
}

/// One host of [`LpCsdsResultSet`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LpCsdsServer {
    /// The host name.
    #[serde(rename = "lpServer")]
    pub lp_server: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    #[test]
    fn all_services_example_round_trips() {
        let example = json!({
          "baseURIs": [
            { "account": "12345678", "service": "agentVep",          "baseURI": "va.agentvep.liveperson.net" },
            { "account": "12345678", "service": "asyncMessagingEnt", "baseURI": "va.msg.liveperson.net" },
            { "account": "12345678", "service": "idp",               "baseURI": "va.idp.liveperson.net" }
          ]
        });
        let parsed: BaseUris = serde_json::from_value(example.clone()).expect("parses");
        assert_eq!(parsed.get("idp"), Some("va.idp.liveperson.net"));
        assert_eq!(serde_json::to_value(&parsed).expect("json"), example);
    }

    #[test]
    fn single_service_example_round_trips() {
        let example: Value = serde_json::from_str(
            r#"{"service":"agentVep","account":"1234","baseURI":"exampleDomain.liveperson.net"}"#,
        )
        .expect("json");
        let parsed: BaseUri = serde_json::from_value(example.clone()).expect("parses");
        assert_eq!(parsed.base_uri, "exampleDomain.liveperson.net");
        assert_eq!(serde_json::to_value(&parsed).expect("json"), example);
    }

    #[test]
    fn jsonp_answer_round_trips() {
        let example = json!({"ResultSet":{"lpData":[{"lpServer":"va.msg.liveperson.net"}]}});
        let parsed: LpCsdsAnswer = serde_json::from_value(example.clone()).expect("parses");
        assert_eq!(
            parsed.result_set.lp_data[0].lp_server,
            "va.msg.liveperson.net"
        );
        assert_eq!(serde_json::to_value(&parsed).expect("json"), example);
    }
}
