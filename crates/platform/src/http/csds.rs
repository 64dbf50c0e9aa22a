//! CSDS domain discovery (`auth.md` §1): every service name resolves to the platform itself.
//!
//! * `GET /api/account/{acct}/service/baseURI.json?version=1.0` and the same under `/csdr/`:
//!   `{"baseURIs":[{account, service, baseURI}, …]}` with every name of [`SERVICES`];
//! * `GET /api/account/{acct}/service/{service}/baseURI.json?version=1.0` (and under `/csdr/`):
//!   `{"service","account","baseURI"}` for *any* service name, listed or not (lp-messaging-sdk
//!   1.5.4 knows about 60);
//! * `GET /csdr/account/{acct}/service/{service}/baseURI.lpCsds?version=1.0&cb=f`: the browser
//!   JSONP form.
//!
//! No authentication. Unknown account in strict mode: 401 ("invalid site", `auth.md` §1.2).

use super::errors::BrandError;
use super::fault;
use crate::state::{AppState, lock};
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use lpm_protocol::rest::csds::{BaseUri, BaseUris, LpCsdsAnswer, LpCsdsResultSet, LpCsdsServer};
use serde::Deserialize;

/// Every service name the all-services answer lists (`auth.md` §1.3, `files.md`, and the other
/// names LivePerson clients look up). All of them point at the platform.
pub const SERVICES: &[&str] = &[
    "agentVep",
    "asyncMessaging",
    "asyncMessagingEnt",
    "facadeMsg",
    "acCdnDomain",
    "idp",
    "swift",
    "sentinel",
    "accountConfigReadOnly",
    "accountConfigReadWrite",
    "msgHist",
    "runtimeFormLogic",
    "leDataReporting",
    "agentManagerWorkspace",
    "msgEwtAPI",
    "smt",
    "pusher",
    "Msdkgw",
    "engHistDomain",
    "rtbf",
    "tokenizer",
];

/// The all-services map of `account`, every service at `host`.
pub fn base_uris(account: &str, host: &str) -> BaseUris {
    BaseUris {
        base_uris: SERVICES
            .iter()
            .map(|service| BaseUri {
                account: account.to_owned(),
                service: (*service).to_owned(),
                base_uri: host.to_owned(),
            })
            .collect(),
    }
}

pub fn routes() -> axum::Router<AppState> {
    Router::new()
        .route("/api/account/{account}/service/baseURI.json", get(all))
        .route("/csdr/account/{account}/service/baseURI.json", get(all))
        .route(
            "/api/account/{account}/service/{service}/baseURI.json",
            get(one),
        )
        .route(
            "/csdr/account/{account}/service/{service}/baseURI.json",
            get(one),
        )
        .route(
            "/csdr/account/{account}/service/{service}/baseURI.lpCsds",
            get(jsonp),
        )
}

#[derive(Deserialize)]
struct CsdsQuery {
    version: Option<String>,
    cb: Option<String>,
}

/// Checks the query and the account. `version` must be `1.0` when given (every client sends
/// it; a missing one is tolerated).
fn check(state: &AppState, account: &str, query: &CsdsQuery) -> Result<(), BrandError> {
    if query.version.as_deref().is_some_and(|v| v != "1.0") {
        return Err(BrandError::BadRequest("unsupported version".into()));
    }
    if !lock(&state.directory).account_exists(account) {
        return Err(BrandError::UnknownAccount);
    }
    Ok(())
}

/// Whether a JSONP callback name is safe to put into JavaScript: identifier characters and dots.
pub(crate) fn is_js_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 128
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$' || c == '.')
}

async fn all(
    State(state): State<AppState>,
    Path(account): Path<String>,
    Query(query): Query<CsdsQuery>,
) -> Response {
    if let Some(response) = fault(&state, "csds").await {
        return response;
    }
    match check(&state, &account, &query) {
        Ok(()) => Json(base_uris(&account, &state.host)).into_response(),
        Err(e) => e.respond(state.clock.now_ms()),
    }
}

async fn one(
    State(state): State<AppState>,
    Path((account, service)): Path<(String, String)>,
    Query(query): Query<CsdsQuery>,
) -> Response {
    if let Some(response) = fault(&state, "csds").await {
        return response;
    }
    match check(&state, &account, &query) {
        Ok(()) => Json(BaseUri {
            service,
            account,
            base_uri: state.host.clone(),
        })
        .into_response(),
        Err(e) => e.respond(state.clock.now_ms()),
    }
}

async fn jsonp(
    State(state): State<AppState>,
    Path((account, _service)): Path<(String, String)>,
    Query(query): Query<CsdsQuery>,
) -> Response {
    if let Some(response) = fault(&state, "csds").await {
        return response;
    }
    if let Err(e) = check(&state, &account, &query) {
        return e.respond(state.clock.now_ms());
    }
    let callback = query.cb.unwrap_or_else(|| "callback".to_owned());
    if !is_js_name(&callback) {
        return BrandError::BadRequest("invalid callback name".into())
            .respond(state.clock.now_ms());
    }
    let answer = LpCsdsAnswer {
        result_set: LpCsdsResultSet {
            lp_data: vec![LpCsdsServer {
                lp_server: state.host.clone(),
            }],
        },
    };
    let json = serde_json::to_string(&answer).unwrap_or_default();
    (
        [(header::CONTENT_TYPE, "application/javascript")],
        format!("{callback}({json});"),
    )
        .into_response()
}
