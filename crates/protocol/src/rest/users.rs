//! Account configuration: Users API and skills (`rest-services.md` §2).

use super::NumericId;
use serde::{Deserialize, Serialize};

/// The consumer-facing public profile of an agent:
/// `GET /api/account/{acct}/configuration/le-users/users/{agentPid}` (no auth).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PublicProfile {
    /// Picture URL (may be empty).
    pub picture_url: String,
    /// Employee id (may be empty).
    pub employee_id: String,
    /// Nickname shown to consumers.
    pub nickname: String,
    /// Full name.
    pub full_name: String,
}

/// A brand user as the Users API returns it to a brand caller:
/// `GET /api/account/{acct}/configuration/le-users/users/{userId}?v=4.0&select=$all` with
/// `Authorization: Bearer`. The reference shows only `pid`; the other fields are the usual
/// Users API names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct User {
    /// Numeric user id.
    pub id: NumericId,
    /// Participant id (UUID).
    pub pid: String,
    /// Whether deleted.
    pub deleted: bool,
    /// Login name.
    pub login_name: String,
    /// Full name.
    pub full_name: String,
    /// Nickname.
    pub nickname: String,
    /// Employee id.
    pub employee_id: String,
    /// Picture URL.
    pub picture_url: String,
    /// Whether the user may log in.
    pub is_enabled: bool,
    /// `1` human, `2` bot.
    pub user_type_id: u8,
    /// Whether the user logs in with an API key.
    pub is_api_user: bool,
    /// Skill ids.
    pub skill_ids: Vec<NumericId>,
    /// Permission profile ids (`1` agent, `2` agent manager, `3` campaign manager, `4` admin).
    pub profile_ids: Vec<u32>,
}

/// A skill: `GET /api/account/{acct}/configuration/le-users/skills?v=2.0` (array) with
/// `Authorization: Bearer`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Skill {
    /// Skill id.
    pub id: NumericId,
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Whether deleted.
    pub deleted: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn public_profile_example_round_trips() {
        let example = json!({"pictureUrl":"https://example.com/p.png","employeeId":"e1","nickname":"NirL","fullName":"Nir L."});
        let parsed: PublicProfile = serde_json::from_value(example.clone()).expect("parses");
        assert_eq!(parsed.nickname, "NirL");
        assert_eq!(serde_json::to_value(parsed).expect("json"), example);
    }

    #[test]
    fn user_and_skill_round_trip() {
        let user = json!({
            "id": 3705342610_u64, "pid": "393c6873-756d-54af-86e1-8795d57eba14", "deleted": false,
            "loginName": "bot1", "fullName": "bot1", "nickname": "bot1", "employeeId": "",
            "pictureUrl": "", "isEnabled": true, "userTypeId": 2, "isApiUser": true,
            "skillIds": [1001], "profileIds": [1]
        });
        let parsed: User = serde_json::from_value(user.clone()).expect("parses");
        assert_eq!(parsed.pid, "393c6873-756d-54af-86e1-8795d57eba14");
        assert_eq!(serde_json::to_value(parsed).expect("json"), user);
        let skill = json!({"id": 1001, "name": "sales", "description": "", "deleted": false});
        let parsed: Skill = serde_json::from_value(skill.clone()).expect("parses");
        assert_eq!(parsed.id.to_string(), "1001");
        assert_eq!(serde_json::to_value(parsed).expect("json"), skill);
    }
}
