//! Account configuration on `accountConfigReadOnly` / `acCdnDomain` (`rest-services.md` §2).
//!
//! | route | auth | fault kind |
//! |---|---|---|
//! | `GET /api/account/{acct}/configuration/le-users/users` → `[User]` | bearer | `http:users` |
//! | `GET /api/account/{acct}/configuration/le-users/users/{id}` → `User` (id: numeric user id, old id or PID) | bearer | `http:users` |
//! | same path without `Authorization`, `{id}` a PID → public profile `{pictureUrl, employeeId, nickname, fullName}` | none | `http:users` |
//! | `GET /api/account/{acct}/configuration/le-users/skills` → `[Skill]` | bearer | `http:skills` |
//! | `GET /api/account/{acct}/configuration/le-users/skills/{id}` → `Skill` | bearer | `http:skills` |

use super::errors::BrandError;
use super::{brand_session, fault};
use crate::config::UserRole;
use crate::directory::User;
use crate::state::{AppState, lock};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use lpm_protocol::rest::NumericId;
use lpm_protocol::rest::users::{PublicProfile, Skill, User as UserBody};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/api/account/{account}/configuration/le-users/users",
            get(list_users),
        )
        .route(
            "/api/account/{account}/configuration/le-users/users/{id}",
            get(one_user),
        )
        .route(
            "/api/account/{account}/configuration/le-users/skills",
            get(list_skills),
        )
        .route(
            "/api/account/{account}/configuration/le-users/skills/{id}",
            get(one_skill),
        )
}

fn user_body(user: &User) -> UserBody {
    UserBody {
        id: NumericId::from(user.user_id.as_str()),
        pid: user.pid.clone(),
        deleted: false,
        login_name: user.login_name.clone(),
        full_name: user.nickname.clone(),
        nickname: user.nickname.clone(),
        employee_id: String::new(),
        picture_url: String::new(),
        is_enabled: true,
        user_type_id: if user.role == UserRole::Bot { 2 } else { 1 },
        is_api_user: user.api_key.is_some(),
        skill_ids: user
            .skills
            .iter()
            .map(|s| NumericId::from(s.as_str()))
            .collect(),
        profile_ids: vec![if user.role == UserRole::Manager { 2 } else { 1 }],
    }
}

fn respond<T: serde::Serialize>(state: &AppState, result: Result<T, BrandError>) -> Response {
    match result {
        Ok(body) => Json(body).into_response(),
        Err(e) => e.respond(state.clock.now_ms()),
    }
}

async fn list_users(
    State(state): State<AppState>,
    Path(account): Path<String>,
    headers: HeaderMap,
) -> Response {
    if let Some(response) = fault(&state, "users").await {
        return response;
    }
    let result = brand_session(&state, &account, &headers).and_then(|_| {
        let mut directory = lock(&state.directory);
        let account = directory
            .account(&account)
            .map_err(|_| BrandError::Unauthorized)?;
        let mut users: Vec<UserBody> = account.users.values().map(user_body).collect();
        users.sort_by_key(|u| u.id.to_string());
        Ok(users)
    });
    respond(&state, result)
}

async fn one_user(
    State(state): State<AppState>,
    Path((account, id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    if let Some(response) = fault(&state, "users").await {
        return response;
    }
    let result = if headers.contains_key(header::AUTHORIZATION) {
        brand_session(&state, &account, &headers)
            .and_then(|_| find_user(&state, &account, &id).map(|u| user_body(&u)))
            .map(|body| Json(body).into_response())
    } else {
        // The consumer-facing public profile is looked up by PID and needs no token.
        find_user(&state, &account, &id).and_then(|user| {
            if user.pid == id {
                Ok(Json(PublicProfile {
                    picture_url: String::new(),
                    employee_id: String::new(),
                    nickname: user.nickname.clone(),
                    full_name: user.nickname.clone(),
                })
                .into_response())
            } else {
                Err(BrandError::Unauthorized)
            }
        })
    };
    result.unwrap_or_else(|e| e.respond(state.clock.now_ms()))
}

fn find_user(state: &AppState, account: &str, id: &str) -> Result<User, BrandError> {
    let mut directory = lock(&state.directory);
    let account = directory
        .account(account)
        .map_err(|_| BrandError::NotFound("account"))?;
    account
        .user(id)
        .or_else(|| account.user_by_any_id(id))
        .cloned()
        .ok_or(BrandError::NotFound("user"))
}

fn skill_body(skill: &crate::directory::Skill) -> Skill {
    Skill {
        id: NumericId::from(skill.config.id.as_str()),
        name: skill.config.name.clone(),
        description: String::new(),
        deleted: false,
    }
}

async fn list_skills(
    State(state): State<AppState>,
    Path(account): Path<String>,
    headers: HeaderMap,
) -> Response {
    if let Some(response) = fault(&state, "skills").await {
        return response;
    }
    let result = brand_session(&state, &account, &headers).and_then(|_| {
        let mut directory = lock(&state.directory);
        let account = directory
            .account(&account)
            .map_err(|_| BrandError::Unauthorized)?;
        let mut skills: Vec<&crate::directory::Skill> = account.skills.values().collect();
        skills.sort_by(|a, b| a.config.id.cmp(&b.config.id));
        Ok(skills.into_iter().map(skill_body).collect::<Vec<_>>())
    });
    respond(&state, result)
}

async fn one_skill(
    State(state): State<AppState>,
    Path((account, id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    if let Some(response) = fault(&state, "skills").await {
        return response;
    }
    let result = brand_session(&state, &account, &headers).and_then(|_| {
        let mut directory = lock(&state.directory);
        let account = directory
            .account(&account)
            .map_err(|_| BrandError::Unauthorized)?;
        account
            .skills
            .get(&id)
            .map(skill_body)
            .ok_or(BrandError::NotFound("skill"))
    });
    respond(&state, result)
}
