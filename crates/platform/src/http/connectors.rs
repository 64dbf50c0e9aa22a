//! The public connector list on `acCdnDomain` (`auth.md` §2.2):
//! `GET /api/account/{acct}/configuration/le-connectors/all-connectors`, no auth, fault kind
//! `http:connectors`.
//!
//! Strict mode lists the configured connectors and answers 404 when there are none (or the
//! account does not exist), as emulator-notes §8 says. Dev mode lists one connector of each
//! type (ids `1` and `2`) so that clients that look connectors up find them; any other id works
//! too in dev mode (see [`super::idp`]).

use super::errors::BrandError;
use super::fault;
use crate::config::ConnectorConfig;
use crate::directory::Mode;
use crate::state::{AppState, lock};
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use lpm_protocol::rest::NumericId;
use lpm_protocol::rest::connectors::{
    AUTHENTICATED, Connector, ConnectorConfiguration, UNAUTH_JS_METHOD, UNAUTHENTICATED,
};

/// `jsMethodName` of an authenticated connector when the configuration gives none.
pub const AUTH_JS_METHOD: &str = "lpGetAuthenticationToken";

pub fn routes() -> Router<AppState> {
    Router::new().route(
        "/api/account/{account}/configuration/le-connectors/all-connectors",
        get(all_connectors),
    )
}

fn connector_body(config: &ConnectorConfig) -> Connector {
    let default_method = if config.kind == UNAUTHENTICATED {
        UNAUTH_JS_METHOD
    } else {
        AUTH_JS_METHOD
    };
    Connector {
        id: NumericId::from(config.id.as_str()),
        name: config.name.clone(),
        kind: config.kind,
        configuration: ConnectorConfiguration {
            js_method_name: Some(
                config
                    .js_method_name
                    .clone()
                    .unwrap_or_else(|| default_method.to_owned()),
            ),
        },
    }
}

/// The two connectors dev mode advertises.
fn dev_connectors() -> Vec<ConnectorConfig> {
    vec![
        ConnectorConfig {
            id: "1".into(),
            kind: UNAUTHENTICATED,
            name: "Unauthenticated (local platform)".into(),
            ..ConnectorConfig::default()
        },
        ConnectorConfig {
            id: "2".into(),
            kind: AUTHENTICATED,
            name: "Authenticated (local platform)".into(),
            ..ConnectorConfig::default()
        },
    ]
}

async fn all_connectors(State(state): State<AppState>, Path(account): Path<String>) -> Response {
    if let Some(response) = fault(&state, "connectors").await {
        return response;
    }
    let list = {
        let mut directory = lock(&state.directory);
        let mode = directory.mode();
        match directory.account(&account) {
            Err(_) => None,
            Ok(_) if mode == Mode::Dev => Some(dev_connectors()),
            Ok(account) => {
                let mut list: Vec<ConnectorConfig> = account.connectors.values().cloned().collect();
                list.sort_by(|a, b| a.id.cmp(&b.id));
                Some(list).filter(|l| !l.is_empty())
            }
        }
    };
    match list {
        Some(list) => Json(list.iter().map(connector_body).collect::<Vec<_>>()).into_response(),
        None => BrandError::NotFound("connectors").respond(state.clock.now_ms()),
    }
}
