//! Brand login service (agentVep, `auth.md` §4): login, refresh, logout.

use super::csds::BaseUris;
use serde::{Deserialize, Serialize};

/// Body of `POST /api/account/{acct}/login?v=1.3`. Which fields are present picks the variant:
/// `username` + `password`; `username` + the four API-key fields; or a SAML `assertion`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LoginRequest {
    /// Login name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// Password (user/password login).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    /// API key (application login).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_key: Option<String>,
    /// API key secret.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
    /// API key access token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token: Option<String>,
    /// API key access token secret.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token_secret: Option<String>,
    /// SAML login placeholder (node-agent-sdk sends `"dummy"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jwt: Option<String>,
    /// SAML assertion.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assertion: Option<String>,
}

/// The login answer (`auth.md` §4.1). A session cookie comes with it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LoginResponse {
    /// Token for refresh and logout.
    pub csrf: String,
    /// Opaque digits.
    pub wsuk: String,
    /// Who logged in.
    pub config: LoginConfig,
    /// The account's CSDS map.
    pub csds_collection_response: BaseUris,
    /// Agent groups.
    pub account_data: AccountData,
    /// Session lifetime in milliseconds, as a string (note the spelling).
    #[serde(rename = "sessionTTl")]
    pub session_ttl: String,
    /// The bearer token: brand websocket path and `Authorization: Bearer` on REST.
    pub bearer: String,
    /// The session id, also sent as the session cookie (newer servers; absent in old examples).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_id: Option<String>,
}

/// `config` of [`LoginResponse`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LoginConfig {
    /// The login name.
    pub login_name: String,
    /// Numeric user id, as a string; the old agent id is `{acct}.{userId}`.
    pub user_id: String,
    /// The agent's participant id (UUID).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_pid: Option<String>,
    /// Privilege numbers.
    pub user_privileges: Vec<i64>,
    /// Server time, epoch ms.
    pub server_current_time: i64,
    /// Offset of the server's zone to the client's, ms.
    pub time_diff: i64,
    /// The server's time zone.
    pub server_time_zone_name: String,
    /// The server zone's offset from GMT, ms.
    #[serde(rename = "serverTimeGMTDiff")]
    pub server_time_gmt_diff: i64,
    /// LivePerson staff user.
    #[serde(rename = "isLPA")]
    pub is_lpa: bool,
    /// Administrator.
    pub is_admin: bool,
    /// The account's time zone.
    pub account_time_zone_id: String,
}

/// `accountData` of [`LoginResponse`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountData {
    /// Agent groups.
    pub agent_groups_data: AgentGroupsData,
}

/// `accountData.agentGroupsData`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentGroupsData {
    /// The groups.
    pub items: Vec<AgentGroup>,
    /// Revision of the list.
    pub revision: i64,
}

/// One agent group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentGroup {
    /// Group id (`-1` is the main group).
    pub id: i64,
    /// Whether deleted.
    pub deleted: bool,
    /// Group name.
    pub name: String,
}

/// Body of refresh and logout: `{"csrf": …}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CsrfRequest {
    /// The csrf token from login.
    pub csrf: String,
}

/// An agentVep error answer: `{"error": {…}}` (401, 400) or `{"error": "text"}` (a 500 seen in
/// the wild).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorResponse {
    /// The error.
    pub error: ErrorValue,
}

/// `error` of [`ErrorResponse`]: an object or, in some 500s, a bare string.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ErrorValue {
    /// The structured form.
    Detail(ErrorDetail),
    /// A bare message.
    Text(String),
}

/// The structured error (`auth.md` §4.2):
/// `{"time":"Sep 22, 2016 4:10:15 PM","message":"…","internalCode":10,"responseStatus":"UNAUTHORIZED"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorDetail {
    /// When, as `MMM d, yyyy h:mm:ss a`.
    pub time: String,
    /// What went wrong.
    pub message: String,
    /// A numeric reason (`10`: invalid csrf).
    pub internal_code: i64,
    /// The HTTP status name, e.g. `UNAUTHORIZED`.
    pub response_status: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn login_bodies_round_trip() {
        for example in [
            json!({"username":"bot1","password":"secret"}),
            json!({"username":"bot1","appKey":"k","secret":"s","accessToken":"t","accessTokenSecret":"ts"}),
            json!({"jwt":"dummy","assertion":"<SAML assertion>"}),
        ] {
            let parsed: LoginRequest = serde_json::from_value(example.clone()).expect("parses");
            assert_eq!(serde_json::to_value(parsed).expect("json"), example);
        }
    }

    #[test]
    fn login_answer_of_the_reference_round_trips() {
        let example = json!({
          "csrf": "d5d07326cfe2240b9453e19e8092c59844921dcdc6ebb105c55fea9ed45c9d77",
          "wsuk": "766900772095619056",
          "config": {
            "loginName": "bot1",
            "userId": "3705342610",
            "userPid": "393c6873-756d-54af-86e1-8795d57eba14",
            "userPrivileges": [100, 101, 1730],
            "serverCurrentTime": 1474549184722_i64,
            "timeDiff": -25200000,
            "serverTimeZoneName": "Europe/Athens",
            "serverTimeGMTDiff": 10800000,
            "isLPA": false,
            "isAdmin": true,
            "accountTimeZoneId": "Europe/Athens"
          },
          "csdsCollectionResponse": { "baseURIs": [ { "account": "123456", "baseURI": "va.agentvep.liveperson.net", "service": "agentVep" } ] },
          "accountData": { "agentGroupsData": { "items": [ { "id": -1, "deleted": false, "name": "Main Group" } ], "revision": 1 } },
          "sessionTTl": "28800000",
          "bearer": "9cf6ee24b6a1031e202f292a0ad20c8f52bfd9f01abc8b9489365995052c6603"
        });
        let parsed: LoginResponse = serde_json::from_value(example.clone()).expect("parses");
        assert_eq!(
            parsed.config.user_pid.as_deref(),
            Some("393c6873-756d-54af-86e1-8795d57eba14")
        );
        assert_eq!(parsed.session_id, None);
        assert_eq!(serde_json::to_value(&parsed).expect("json"), example);
    }

    #[test]
    fn error_shapes_round_trip() {
        let unauthorized = json!({"error":{"time":"Sep 22, 2016 4:10:15 PM","message":"CSRF token invalid! …","internalCode":10,"responseStatus":"UNAUTHORIZED"}});
        let parsed: ErrorResponse = serde_json::from_value(unauthorized.clone()).expect("parses");
        match &parsed.error {
            ErrorValue::Detail(d) => assert_eq!(d.internal_code, 10),
            ErrorValue::Text(_) => panic!("object expected"),
        }
        assert_eq!(serde_json::to_value(parsed).expect("json"), unauthorized);
        let text = json!({"error":"LeLogin1 failed - invalid url received from app server"});
        let parsed: ErrorResponse = serde_json::from_value(text.clone()).expect("parses");
        assert!(matches!(parsed.error, ErrorValue::Text(_)));
        assert_eq!(serde_json::to_value(parsed).expect("json"), text);
        let csrf: CsrfRequest = serde_json::from_value(json!({"csrf":"abc"})).expect("parses");
        assert_eq!(csrf.csrf, "abc");
    }
}
