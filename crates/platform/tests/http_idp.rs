//! IDP over HTTP (`auth.md` §2): signup, unauthenticated connector, authenticated connector
//! (implicit and code flow), mock auth, step-up, legacy exchange; dev and strict mode.

mod support_http;

use base64::Engine;
use lpm_platform::tokens::{self, TokenError};
use reqwest::StatusCode;
use serde_json::{Value, json};
use support_http::{
    BRAND_PRIVATE_PEM, BRAND_PUBLIC_PEM, Lpm, OTHER_PRIVATE_PEM, assert_idp_error, brand_hs256,
    brand_rs256, claims, is_hex64, is_uuid, jwt_header,
};

const TEN_MINUTES: u64 = 10 * 60 * 1000;

async fn anonymous(lpm: &Lpm, account: &str) -> String {
    let (status, body) = lpm
        .post(
            &format!("/api/account/{account}/anonymous/authorize"),
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["token"].as_str().expect("token").to_owned()
}

async fn exchange(
    lpm: &Lpm,
    account: &str,
    connector: &str,
    v: &str,
    body: Value,
) -> (StatusCode, Value) {
    lpm.post(
        &format!("/api/account/{account}/app/{connector}/authenticate?v={v}"),
        body,
    )
    .await
}

async fn verify(lpm: &Lpm, account: &str, jwt: &str) -> Result<tokens::ConsumerClaims, TokenError> {
    let now = lpm.now_ms().await / 1000;
    lpm_platform::state::lock(&lpm.platform.state().tokens).verify_consumer_jwt(account, jwt, now)
}

#[tokio::test]
async fn signup_issues_an_anonymous_consumer_jwt() {
    let lpm = Lpm::dev().await;
    let now = lpm.now_ms().await / 1000;
    let jwt = lpm.signup("qa57221676").await;
    assert_eq!(jwt_header(&jwt)["typ"], "JWT");
    let c = claims(&jwt);
    assert!(is_uuid(c["sub"].as_str().expect("sub")), "{c}");
    assert_eq!(c["aud"], "acc:qa57221676");
    assert_eq!(c["iss"], "https://idp.liveperson.net");
    let iat = c["iat"].as_i64().expect("iat");
    assert!((iat - now).abs() <= 2);
    assert!(
        c["exp"].as_i64().expect("exp") - iat > 9 * 365 * 24 * 3600,
        "very long life"
    );
    assert!(c.get("lp.ext").is_none());
    assert!(verify(&lpm, "qa57221676", &jwt).await.is_ok());
    let other = lpm.signup("qa57221676").await;
    assert_ne!(claims(&other)["sub"], c["sub"], "a new identity each time");
    // The browser JSONP form.
    let (status, body) = lpm
        .get("/api/account/qa57221676/signup.jsonp?callback=lpCb_1")
        .await;
    assert_eq!(status, StatusCode::OK);
    let text = body.as_str().expect("javascript");
    let inner: Value = serde_json::from_str(
        text.strip_prefix("lpCb_1(")
            .and_then(|t| t.strip_suffix(");"))
            .expect("wrapped"),
    )
    .expect("json");
    assert!(
        verify(&lpm, "qa57221676", inner["jwt"].as_str().expect("jwt"))
            .await
            .is_ok()
    );
    let (status, _) = lpm
        .get("/api/account/qa57221676/signup.jsonp?callback=x;alert(1)")
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    lpm.shutdown().await;
}

#[tokio::test]
async fn unauthenticated_connector_flow_refresh_and_expiry() {
    let lpm = Lpm::dev().await;
    let ext = anonymous(&lpm, "1").await;
    // The external token is not an LP JWT.
    assert_eq!(verify(&lpm, "1", &ext).await, Err(TokenError::Invalid));
    let (status, body) = exchange(&lpm, "1", "2210", "3.0", json!({"id_token": ext})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let lp = body["token"].as_str().expect("token").to_owned();
    let c = claims(&lp);
    assert!(is_uuid(c["sub"].as_str().expect("sub")));
    assert_eq!(c["aud"], "acc:1");
    assert!(c.get("lp.ext").is_none(), "unauthenticated: no lp.ext");
    assert!(verify(&lpm, "1", &lp).await.is_ok());
    // The exchange is repeatable, with v=3 as well, giving the same LP token.
    let (status, body) = exchange(&lpm, "1", "2210", "3", json!({"id_token": ext})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["token"], lp.as_str());
    // Refresh keeps the identity.
    let (status, body) = lpm
        .post(
            "/api/account/1/anonymous/authorize",
            json!({"id_token": ext}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let refreshed = body["token"].as_str().expect("token").to_owned();
    // After 10 minutes the old external token cannot be exchanged but can still be refreshed.
    lpm.advance_ms(TEN_MINUTES + 1000).await;
    let (status, body) = exchange(&lpm, "1", "2210", "3.0", json!({"id_token": ext})).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    assert_eq!(assert_idp_error(&body), 1002);
    let (status, body) = lpm
        .post(
            "/api/account/1/anonymous/authorize",
            json!({"id_token": refreshed}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let fresh = body["token"].as_str().expect("token").to_owned();
    let (status, body) = exchange(&lpm, "1", "2210", "3.0", json!({"id_token": fresh})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        claims(body["token"].as_str().expect("token"))["sub"],
        c["sub"]
    );
    // Past the 730-hour refresh window the identity is gone.
    lpm.advance_ms(731 * 3600 * 1000).await;
    let (status, body) = lpm
        .post(
            "/api/account/1/anonymous/authorize",
            json!({"id_token": fresh}),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_idp_error(&body);
    // Another account's external token is refused.
    let ext2 = anonymous(&lpm, "2").await;
    let (status, _) = exchange(&lpm, "1", "2210", "3.0", json!({"id_token": ext2})).await;
    assert_ne!(status, StatusCode::OK);
    lpm.shutdown().await;
}

#[tokio::test]
async fn authenticated_connector_implicit_flow_maps_brand_users_to_stable_ids() {
    let lpm = Lpm::dev().await;
    let now = lpm.now_ms().await / 1000;
    let brand = json!({
        "iss": "https://brand.example", "sub": "customer-7", "iat": now, "exp": now + 3600,
        "given_name": "Jane",
        "lp_sdes": [{"type": "ctmrinfo", "info": {"customerId": "c7"}}]
    });
    // Dev mode does not check the signature.
    let id_token = brand_hs256(&brand, "whatever");
    let (status, body) = exchange(&lpm, "1", "4242", "3.0", json!({"id_token": id_token})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let lp = body["token"].as_str().expect("token").to_owned();
    let c = claims(&lp);
    let sub = c["sub"].as_str().expect("sub");
    assert!(is_hex64(sub), "{sub}");
    assert_eq!(
        sub,
        tokens::authenticated_consumer_id(Some("https://brand.example"), "customer-7")
    );
    assert_eq!(c["exp"], now + 3600, "exp follows the brand token");
    assert_eq!(c["lp.ext"]["sub"], "customer-7");
    assert_eq!(c["lp.ext"]["iss"], "https://brand.example");
    assert!(c["lp.ext"]["lp_sdes"].is_string());
    let verified = verify(&lpm, "1", &lp).await.expect("valid");
    assert_eq!(
        verified.sdes(),
        Some(json!([{"type": "ctmrinfo", "info": {"customerId": "c7"}}]))
    );
    // Same brand user, other token, other connector: same consumer.
    let again = brand_hs256(
        &json!({"iss": "https://brand.example", "sub": "customer-7"}),
        "x",
    );
    let (_, body) = exchange(&lpm, "1", "77", "3", json!({"id_token": again})).await;
    assert_eq!(claims(body["token"].as_str().expect("token"))["sub"], sub);
    // Code flow: base64 JSON claims or an opaque user name.
    let code = base64::engine::general_purpose::STANDARD
        .encode(json!({"iss": "https://brand.example", "sub": "customer-7"}).to_string());
    let (status, body) = exchange(
        &lpm,
        "1",
        "4242",
        "3.0",
        json!({"code": code, "redirect_uri": "https://brand.example/cb"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(claims(body["token"].as_str().expect("token"))["sub"], sub);
    // An expired brand token is refused.
    let expired = brand_hs256(&json!({"sub": "u", "exp": now - 10}), "k");
    let (status, body) = exchange(&lpm, "1", "4242", "3.0", json!({"id_token": expired})).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(assert_idp_error(&body), 1002);
    // Neither id_token nor code; a wrong version.
    let (status, body) = exchange(&lpm, "1", "4242", "3.0", json!({})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_idp_error(&body);
    let (status, _) = exchange(&lpm, "1", "4242", "1.0", json!({"id_token": again})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = lpm
        .post(
            "/api/account/1/app/4242/authenticate",
            json!({"id_token": again}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "v is required");
    lpm.shutdown().await;
}

#[tokio::test]
async fn mock_auth_gives_a_test_identity_with_sdes() {
    let lpm = Lpm::dev().await;
    let (status, body) = exchange(
        &lpm,
        "1",
        "default",
        "2",
        json!({"code": "Jane", "redirect_uri": "https://liveperson.net"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let lp = body["token"].as_str().expect("token").to_owned();
    let c = claims(&lp);
    assert!(is_hex64(c["sub"].as_str().expect("sub")));
    let sdes = verify(&lpm, "1", &lp)
        .await
        .expect("valid")
        .sdes()
        .expect("sdes");
    assert_eq!(sdes[0]["type"], "ctmrinfo");
    assert_eq!(sdes[0]["info"]["customerId"], "lpTestJane");
    assert_eq!(sdes[1]["personal"]["firstname"], "Jane");
    let (status, body) = exchange(&lpm, "1", "default", "2", json!({"redirect_uri": "x"})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "code is required");
    assert_idp_error(&body);
    lpm.shutdown().await;
}

#[tokio::test]
async fn step_up_links_the_new_identity_to_the_old_one() {
    let lpm = Lpm::strict(
        r#"
        [[accounts]]
        id = "1"
        [[accounts.connectors]]
        id = "10"
        type = 1
        [[accounts.connectors]]
        id = "20"
        type = 2
        "#,
    )
    .await;
    let ext = anonymous(&lpm, "1").await;
    let (_, body) = exchange(&lpm, "1", "10", "3.0", json!({"id_token": ext})).await;
    let unauth = body["token"].as_str().expect("token").to_owned();
    let old_id = claims(&unauth)["sub"].as_str().expect("sub").to_owned();
    // lp-messaging-sdk 1.5.4's mock step-up: {"lp_jwt", "code": customerName}.
    let (status, body) = exchange(
        &lpm,
        "1",
        "20",
        "3.0",
        json!({"lp_jwt": unauth, "code": "Jane"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let auth = body["token"].as_str().expect("token").to_owned();
    let taker = verify(&lpm, "1", &auth).await.expect("valid");
    assert!(is_hex64(&taker.sub));
    assert_eq!(taker.stepup_from.as_deref(), Some(old_id.as_str()));
    assert!(tokens::takeover_allowed(&taker, &old_id));
    assert!(!tokens::takeover_allowed(&taker, "someone-else"));
    // Without lp_jwt there is no link.
    let (_, body) = exchange(&lpm, "1", "20", "3.0", json!({"code": "Jane"})).await;
    let plain = verify(&lpm, "1", body["token"].as_str().expect("token"))
        .await
        .expect("valid");
    assert_eq!(plain.sub, taker.sub);
    assert!(!tokens::takeover_allowed(&plain, &old_id));
    // A bad lp_jwt fails the step-up.
    let (status, body) = exchange(
        &lpm,
        "1",
        "20",
        "3.0",
        json!({"lp_jwt": "not-a-jwt", "code": "Jane"}),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(assert_idp_error(&body), 1001);
    lpm.shutdown().await;
}

const STRICT: &str = r#"
[[accounts]]
id = "1"
[accounts.features]
unauth_messaging = false
mock_auth = false
[[accounts.connectors]]
id = "20"
type = 2
id_token_key = "brand-shared-secret"

[[accounts]]
id = "2"
[[accounts.connectors]]
id = "10"
type = 1
[[accounts.connectors]]
id = "30"
type = 2
id_token_key = """
BRAND_PUBLIC_PEM"""
"#;

fn strict_config() -> String {
    STRICT.replace("BRAND_PUBLIC_PEM", BRAND_PUBLIC_PEM.trim())
}

#[tokio::test]
async fn strict_mode_checks_accounts_features_connectors_and_signatures() {
    let lpm = Lpm::strict(&strict_config()).await;
    let now = lpm.now_ms().await / 1000;
    // Unknown account: 404 for every IDP route.
    let (status, _, body) = lpm
        .call(reqwest::Method::POST, "/api/account/999/signup", &[], None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_idp_error(&body);
    let (status, _) = lpm
        .post("/api/account/999/anonymous/authorize", json!({}))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Unauthenticated messaging off: 428.
    let (status, body) = lpm
        .post("/api/account/1/anonymous/authorize", json!({}))
        .await;
    assert_eq!(status, StatusCode::PRECONDITION_REQUIRED);
    assert_idp_error(&body);
    // Unknown connector; mock auth switched off.
    let (status, body) = exchange(&lpm, "1", "99", "3.0", json!({"code": "x"})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_idp_error(&body);
    let (status, _) = exchange(&lpm, "1", "default", "2", json!({"code": "x"})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // HS256 connector: right and wrong secret.
    let brand = json!({"iss": "https://brand.example", "sub": "u1", "exp": now + 600});
    let good = brand_hs256(&brand, "brand-shared-secret");
    let (status, body) = exchange(&lpm, "1", "20", "3.0", json!({"id_token": good})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let bad = brand_hs256(&brand, "guessed");
    let (status, body) = exchange(&lpm, "1", "20", "3.0", json!({"id_token": bad})).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(assert_idp_error(&body), 1001);
    // RS256 connector: right and wrong private key.
    let good = brand_rs256(&brand, BRAND_PRIVATE_PEM);
    let (status, body) = exchange(&lpm, "2", "30", "3.0", json!({"id_token": good})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let bad = brand_rs256(&brand, OTHER_PRIVATE_PEM);
    let (status, _) = exchange(&lpm, "2", "30", "3.0", json!({"id_token": bad})).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // Type-1 connector: only external tokens; a brand JWT is refused, and so is a type-2 route
    // for an external token signed by the platform (signature check).
    let (status, _) = exchange(&lpm, "2", "10", "3.0", json!({"id_token": good})).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let ext = anonymous(&lpm, "2").await;
    let (status, _) = exchange(&lpm, "2", "10", "3.0", json!({"id_token": ext})).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = exchange(&lpm, "2", "30", "3.0", json!({"id_token": ext})).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // Legacy exchange checks against the account's authenticated connectors.
    let (status, body) = lpm
        .post(
            "/api/account/1/authenticate",
            json!({"authCode": brand_hs256(&brand, "brand-shared-secret")}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(is_hex64(
        claims(body["jwt"].as_str().expect("jwt"))["sub"]
            .as_str()
            .expect("sub")
    ));
    let (status, _) = lpm
        .post(
            "/api/account/1/authenticate",
            json!({"authCode": brand_hs256(&brand, "nope")}),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    lpm.shutdown().await;
}

#[tokio::test]
async fn legacy_authenticate_in_dev_mode() {
    let lpm = Lpm::dev().await;
    let brand = brand_hs256(&json!({"iss": "b", "sub": "u9"}), "k");
    let (status, body) = lpm
        .post("/api/account/5/authenticate", json!({"authCode": brand}))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let c = claims(body["jwt"].as_str().expect("jwt"));
    assert_eq!(c["sub"], tokens::authenticated_consumer_id(Some("b"), "u9"));
    assert_eq!(c["lp.ext"]["sub"], "u9");
    let (status, body) = lpm.post("/api/account/5/authenticate", json!({})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_idp_error(&body);
    lpm.shutdown().await;
}

#[tokio::test]
async fn sentinel_app_jwt_and_consumer_jws() {
    let lpm = Lpm::strict(
        "[[accounts]]\nid = \"1\"\n[[accounts.apps]]\nclient_id = \"app1\"\nclient_secret = \"s3\"\n",
    )
    .await;
    let (status, _, body) = lpm
        .call(
            reqwest::Method::POST,
            "/sentinel/api/account/1/app/token?v=1.0&grant_type=client_credentials&client_id=app1&client_secret=s3",
            &[("Content-Type", "application/x-www-form-urlencoded")],
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["token_type"], "Bearer");
    let app_jwt = body["access_token"]
        .as_str()
        .expect("access_token")
        .to_owned();
    let c = claims(&app_jwt);
    assert_eq!(c["aud"], "1");
    assert_eq!(c["azp"], "app1");
    assert_eq!(c["scope"], "msg.consumer");
    assert_eq!(c["iss"], "Sentinel");
    // Credentials in a form body work too; wrong ones do not.
    let response = lpm
        .client
        .post(lpm.url("/sentinel/api/account/1/app/token?v=1.0&grant_type=client_credentials"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body("client_id=app1&client_secret=wrong")
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    // ConsumerJWS with the AppJWT.
    let (status, _, body) = lpm
        .call(
            reqwest::Method::POST,
            "/api/account/1/consumer?v=1.0",
            &[("Authorization", &app_jwt)],
            Some(json!({"ext_consumer_id": "John_Doe_facebook12345"})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let jws = claims(body["token"].as_str().expect("token"));
    assert_eq!(jws["account_id"], "1");
    assert_eq!(jws["ext_consumer_id"], "John_Doe_facebook12345");
    assert!(is_hex64(jws["lp_consumer_id"].as_str().expect("id")));
    let (status, _, _) = lpm
        .call(
            reqwest::Method::POST,
            "/api/account/1/consumer?v=1.0",
            &[("Authorization", "garbage")],
            Some(json!({"ext_consumer_id": "x"})),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // The AppJWT lives one hour.
    lpm.advance_ms(3601 * 1000).await;
    let (status, _, _) = lpm
        .call(
            reqwest::Method::POST,
            "/api/account/1/consumer?v=1.0",
            &[("Authorization", &app_jwt)],
            Some(json!({"ext_consumer_id": "x"})),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    lpm.shutdown().await;
}
