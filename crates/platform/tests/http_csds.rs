//! CSDS over HTTP: every form of `auth.md` §1, dev and strict mode, faults.

mod support_http;

use reqwest::StatusCode;
use support_http::{Lpm, assert_lp_error};

const NAMED_IN_THE_REFERENCE: &[&str] = &[
    "idp",
    "agentVep",
    "asyncMessagingEnt",
    "asyncMessaging",
    "facadeMsg",
    "swift",
    "accountConfigReadOnly",
    "accountConfigReadWrite",
    "acCdnDomain",
    "sentinel",
    "msgHist",
    "leDataReporting",
    "runtimeFormLogic",
    "agentManagerWorkspace",
    "msgEwtAPI",
    "smt",
    "pusher",
    "Msdkgw",
    "engHistDomain",
    "rtbf",
];

#[tokio::test]
async fn all_services_point_at_the_platform_under_both_prefixes() {
    let lpm = Lpm::dev().await;
    let host = lpm.platform.host();
    for prefix in ["api", "csdr"] {
        let (status, body) = lpm
            .get(&format!(
                "/{prefix}/account/12345678/service/baseURI.json?version=1.0"
            ))
            .await;
        assert_eq!(status, StatusCode::OK);
        let list = body["baseURIs"].as_array().expect("baseURIs array");
        for name in NAMED_IN_THE_REFERENCE {
            let entry = list
                .iter()
                .find(|e| e["service"] == *name)
                .unwrap_or_else(|| panic!("{name} listed under /{prefix}/"));
            assert_eq!(entry["account"], "12345678");
            assert_eq!(entry["baseURI"], host.as_str());
        }
        assert!(list.iter().all(|e| e["baseURI"] == host.as_str()));
    }
    lpm.shutdown().await;
}

#[tokio::test]
async fn single_service_form_answers_any_name() {
    let lpm = Lpm::dev().await;
    let host = lpm.platform.host();
    for prefix in ["api", "csdr"] {
        for service in ["idp", "asyncMessagingEnt", "someServiceNobodyListed"] {
            let (status, body) = lpm
                .get(&format!(
                    "/{prefix}/account/qa57221676/service/{service}/baseURI.json?version=1.0"
                ))
                .await;
            assert_eq!(status, StatusCode::OK);
            assert_eq!(
                body,
                serde_json::json!({"service": service, "account": "qa57221676", "baseURI": host})
            );
        }
    }
    // lp-messaging-sdk 1.5.4 sends version=1.0; a missing version is tolerated, another refused.
    let (status, _) = lpm.get("/api/account/1/service/idp/baseURI.json").await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = lpm
        .get("/api/account/1/service/idp/baseURI.json?version=2.0")
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_lp_error(&body, "BAD_REQUEST");
    lpm.shutdown().await;
}

#[tokio::test]
async fn jsonp_form_wraps_the_result_set() {
    let lpm = Lpm::dev().await;
    let (status, body) = lpm
        .get("/csdr/account/1/service/asyncMessagingEnt/baseURI.lpCsds?version=1.0&cb=lpCb123")
        .await;
    assert_eq!(status, StatusCode::OK);
    let text = body.as_str().expect("javascript text");
    let json = text
        .strip_prefix("lpCb123(")
        .and_then(|t| t.strip_suffix(");"))
        .expect("wrapped in the callback");
    let value: serde_json::Value = serde_json::from_str(json).expect("json inside");
    assert_eq!(
        value["ResultSet"]["lpData"][0]["lpServer"],
        lpm.platform.host()
    );
    let (status, _) = lpm
        .get("/csdr/account/1/service/idp/baseURI.lpCsds?cb=alert(1)")
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    lpm.shutdown().await;
}

#[tokio::test]
async fn strict_mode_refuses_unknown_accounts_with_401() {
    let lpm = Lpm::strict("[[accounts]]\nid = \"1001\"\n").await;
    let (status, body) = lpm
        .get("/api/account/1001/service/baseURI.json?version=1.0")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(!body["baseURIs"].as_array().expect("list").is_empty());
    for path in [
        "/api/account/9999/service/baseURI.json?version=1.0",
        "/csdr/account/9999/service/baseURI.json?version=1.0",
        "/api/account/9999/service/idp/baseURI.json?version=1.0",
    ] {
        let (status, body) = lpm.get(path).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{path}");
        assert_lp_error(&body, "UNAUTHORIZED");
    }
    lpm.shutdown().await;
}

#[tokio::test]
async fn csds_faults_fail_then_recover() {
    let lpm = Lpm::dev().await;
    let (status, _) = lpm
        .post(
            "/_lpm/faults",
            serde_json::json!({"kind": "http:csds", "status": 503}),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, body) = lpm
        .get("/api/account/1/service/idp/baseURI.json?version=1.0")
        .await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(body["error"], "Injected fault");
    let (status, body) = lpm
        .get("/api/account/1/service/idp/baseURI.json?version=1.0")
        .await;
    assert_eq!(status, StatusCode::OK, "the fault is used once");
    assert_eq!(body["service"], "idp");
    lpm.shutdown().await;
}
