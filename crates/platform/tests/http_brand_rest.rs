//! Brand REST over HTTP: Users API and skills (`rest-services.md` §2), the connector list
//! (`auth.md` §2.2) and shift status (`rest-services.md` §7).

mod support_http;

use reqwest::StatusCode;
use serde_json::json;
use support_http::{Lpm, assert_lp_error};

const PID: &str = "393c6873-756d-54af-86e1-8795d57eba14";
const DAY: i64 = 86_400_000;
const HOUR: i64 = 3_600_000;

const CONFIG: &str = r#"
[[accounts]]
id = "1"

[[accounts.users]]
login_name = "agent"
password = "pw"
user_id = "3705342610"
pid = "393c6873-756d-54af-86e1-8795d57eba14"
nickname = "Nir L."
skills = ["1001"]

[[accounts.users]]
login_name = "boss"
password = "pw"
role = "manager"
user_id = "42"

[[accounts.skills]]
id = "1001"
name = "sales"
[[accounts.skills.working_hours]]
days = ["mon", "tue", "wed", "thu", "fri"]
from = "09:00"
to = "17:00"

[[accounts.skills]]
id = "1002"
name = "weekend"
[[accounts.skills.working_hours]]
days = ["sat"]
from = "09:00"
to = "12:00"

[[accounts.skills]]
id = "1003"
name = "always"

[[accounts.connectors]]
id = "2210"
type = 1
name = "unauth"
[[accounts.connectors]]
id = "2211"
type = 2
name = "auth"
js_method_name = "getMyToken"

[[accounts]]
id = "2"
[[accounts.users]]
login_name = "other"
password = "pw"
"#;

#[tokio::test]
async fn users_api_with_bearer_and_public_profile() {
    let lpm = Lpm::strict(CONFIG).await;
    let bearer = lpm.login("1", "agent", "pw").await["bearer"]
        .as_str()
        .expect("bearer")
        .to_owned();
    let base = "/api/account/1/configuration/le-users/users";
    // By numeric id, the way early node-agent-sdk looked the PID up.
    let (status, user) = lpm
        .get_with_bearer(&format!("{base}/3705342610?v=4.0&select=$all"), &bearer)
        .await;
    assert_eq!(status, StatusCode::OK, "{user}");
    assert_eq!(user["pid"], PID);
    assert_eq!(user["id"], 3_705_342_610_u64);
    assert_eq!(user["loginName"], "agent");
    assert_eq!(user["nickname"], "Nir L.");
    assert_eq!(user["skillIds"], json!([1001]));
    // By old id and by PID too.
    for id in ["1.3705342610", PID] {
        let (status, body) = lpm.get_with_bearer(&format!("{base}/{id}"), &bearer).await;
        assert_eq!(status, StatusCode::OK, "{id}");
        assert_eq!(body["pid"], PID);
    }
    let (status, list) = lpm.get_with_bearer(base, &bearer).await;
    assert_eq!(status, StatusCode::OK);
    let list = list.as_array().expect("array");
    assert_eq!(list.len(), 2);
    assert!(
        list.iter()
            .any(|u| u["loginName"] == "boss" && u["profileIds"] == json!([2]))
    );
    // Consumer-facing public profile: by PID, no token.
    let (status, profile) = lpm.get(&format!("{base}/{PID}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        profile,
        json!({"pictureUrl": "", "employeeId": "", "nickname": "Nir L.", "fullName": "Nir L."})
    );
    // Numeric id without a token; unknown user; bad bearer; another account's bearer.
    let (status, body) = lpm.get(&format!("{base}/3705342610")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_lp_error(&body, "UNAUTHORIZED");
    let (status, body) = lpm.get_with_bearer(&format!("{base}/777"), &bearer).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_lp_error(&body, "NOT_FOUND");
    let (status, _) = lpm.get_with_bearer(base, "0000").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let other = lpm.login("2", "other", "pw").await["bearer"]
        .as_str()
        .expect("bearer")
        .to_owned();
    let (status, _) = lpm.get_with_bearer(base, &other).await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "bearer of account 2 on account 1"
    );
    lpm.shutdown().await;
}

#[tokio::test]
async fn skills_list_and_one_skill() {
    let lpm = Lpm::strict(CONFIG).await;
    let bearer = lpm.login("1", "boss", "pw").await["bearer"]
        .as_str()
        .expect("bearer")
        .to_owned();
    let (status, skills) = lpm
        .get_with_bearer(
            "/api/account/1/configuration/le-users/skills?v=2.0",
            &bearer,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let names: Vec<&str> = skills
        .as_array()
        .expect("array")
        .iter()
        .map(|s| s["name"].as_str().expect("name"))
        .collect();
    assert_eq!(names, ["sales", "weekend", "always"]);
    assert_eq!(skills[0]["id"], 1001);
    let (status, skill) = lpm
        .get_with_bearer("/api/account/1/configuration/le-users/skills/1002", &bearer)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(skill["name"], "weekend");
    let (status, _) = lpm
        .get_with_bearer("/api/account/1/configuration/le-users/skills/9", &bearer)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, body) = lpm
        .get("/api/account/1/configuration/le-users/skills")
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_lp_error(&body, "UNAUTHORIZED");
    lpm.shutdown().await;
}

#[tokio::test]
async fn connector_list_in_strict_and_dev_mode() {
    let lpm = Lpm::strict(CONFIG).await;
    let path = "/api/account/1/configuration/le-connectors/all-connectors";
    let (status, list) = lpm.get(path).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        list,
        json!([
            {"id": 2210, "name": "unauth", "type": 1,
             "configuration": {"jsMethodName": "lpTag.taglets.unAuthMessaging.lpUnauthFunction"}},
            {"id": 2211, "name": "auth", "type": 2, "configuration": {"jsMethodName": "getMyToken"}}
        ])
    );
    for account in ["2", "999"] {
        let (status, body) = lpm
            .get(&format!(
                "/api/account/{account}/configuration/le-connectors/all-connectors"
            ))
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "account {account}");
        assert_lp_error(&body, "NOT_FOUND");
    }
    lpm.shutdown().await;

    let dev = Lpm::dev().await;
    let (status, list) = dev.get(path).await;
    assert_eq!(status, StatusCode::OK);
    let types: Vec<i64> = list
        .as_array()
        .expect("array")
        .iter()
        .map(|c| c["type"].as_i64().expect("type"))
        .collect();
    assert_eq!(types, [1, 2]);
    dev.shutdown().await;
}

/// Moves the platform clock to the next Monday (UTC) plus `offset_ms`; returns that Monday 00:00.
async fn go_to_monday(lpm: &Lpm, offset_ms: i64) -> i64 {
    let now = lpm.now_ms().await;
    let days = now.div_euclid(DAY);
    let weekday = (days + 3).rem_euclid(7); // Monday = 0
    let monday = (days - weekday + 7) * DAY;
    lpm.advance_ms((monday + offset_ms - now) as u64).await;
    monday
}

#[tokio::test]
async fn shift_status_follows_working_hours_and_the_clock() {
    let lpm = Lpm::strict(CONFIG).await;
    let bearer = lpm.login("1", "agent", "pw").await["bearer"]
        .as_str()
        .expect("bearer")
        .to_owned();
    let monday = go_to_monday(&lpm, 10 * HOUR).await;
    // The bearer must stay alive over the jump: log in again at the new time.
    let bearer_now = lpm.login("1", "agent", "pw").await["bearer"]
        .as_str()
        .expect("bearer")
        .to_owned();
    assert_ne!(bearer, bearer_now);
    let (status, body) = lpm
        .get_with_bearer("/api/account/1/shift-status", &bearer_now)
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        body,
        json!([
            {"skillId": "1001", "onShift": true, "nextOn": monday + DAY + 9 * HOUR, "nextOff": monday + 17 * HOUR},
            {"skillId": "1002", "onShift": false, "nextOn": monday + 5 * DAY + 9 * HOUR, "nextOff": monday + 5 * DAY + 12 * HOUR},
            {"skillId": "1003", "onShift": true, "nextOn": null, "nextOff": null}
        ])
    );
    // Monday 18:00: sales is off until Tuesday 09:00.
    lpm.advance_ms((8 * HOUR) as u64).await;
    let bearer_later = lpm.login("1", "agent", "pw").await["bearer"]
        .as_str()
        .expect("bearer")
        .to_owned();
    let (_, body) = lpm
        .get_with_bearer("/api/account/1/shift-status", &bearer_later)
        .await;
    assert_eq!(body[0]["onShift"], false);
    assert_eq!(body[0]["nextOn"], monday + DAY + 9 * HOUR);
    assert_eq!(body[0]["nextOff"], monday + DAY + 17 * HOUR);
    // Bearer required.
    let (status, body) = lpm.get("/api/account/1/shift-status").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_lp_error(&body, "UNAUTHORIZED");
    lpm.shutdown().await;
}

#[tokio::test]
async fn dev_accounts_have_no_skills_so_shift_status_is_empty() {
    let lpm = Lpm::dev().await;
    let bearer = lpm.login("1", "agent", "pw").await["bearer"]
        .as_str()
        .expect("bearer")
        .to_owned();
    let (status, body) = lpm
        .get_with_bearer("/api/account/1/shift-status", &bearer)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, json!([]));
    lpm.shutdown().await;
}
