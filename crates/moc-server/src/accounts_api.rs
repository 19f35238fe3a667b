//! Accounts and API tokens over HTTP: a party admin manages its party's
//! accounts; every account manages its own tokens and password.

use std::collections::BTreeSet;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use moc_domain::access::{Action, Target};
use moc_domain::{PartyId, Role, UserId};
use moc_node::{NewUser, Password, TokenScope};
use serde::Deserialize;
use serde_json::json;

use crate::AppState;
use crate::auth::Acting;
use crate::extract::{ApiJson, ApiPath};
use crate::problem::{Kind, Problem};

type Answer = Result<Response, Problem>;

/// `GET /api/v1/users`: the accounts of the caller's party (party admin).
pub(crate) async fn users(State(app): State<AppState>, Acting(actor): Acting) -> Answer {
    moc_domain::access::authorize(
        Some(&actor),
        Action::ManageUsers,
        Target::Party(&actor.party),
    )?;
    let accounts: Vec<_> = app
        .node
        .accounts()
        .iter()
        .filter(|a| a.party == actor.party)
        .cloned()
        .collect();
    Ok(Json(json!({ "party": actor.party.as_str(), "users": accounts })).into_response())
}

/// The body of `POST /api/v1/users`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct NewUserBody {
    user: UserId,
    party: PartyId,
    roles: BTreeSet<Role>,
    /// When absent, the node makes one and answers it, once.
    #[serde(default)]
    password: Option<String>,
}

/// `POST /api/v1/users`: creates an account; answers the one-time password
/// when the body gave none.
pub(crate) async fn add_user(
    State(app): State<AppState>,
    Acting(actor): Acting,
    ApiJson(body): ApiJson<NewUserBody>,
) -> Answer {
    let (password, generated) = match body.password {
        Some(p) => (Password::new(p)?, false),
        None => (Password::generate(), true),
    };
    let shown = generated.then(|| password.reveal().to_owned());
    app.node
        .add_users(
            Some(&actor),
            vec![NewUser {
                user: body.user.clone(),
                party: body.party.clone(),
                roles: body.roles.clone(),
                password: Some(password),
            }],
        )
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({
            "user": body.user.as_str(),
            "party": body.party.as_str(),
            "roles": body.roles,
            "password": shown,
        })),
    )
        .into_response())
}

/// `POST /api/v1/users/{id}/disable`.
pub(crate) async fn disable_user(
    State(app): State<AppState>,
    Acting(actor): Acting,
    ApiPath(id): ApiPath<String>,
) -> Answer {
    app.node.set_disabled(Some(&actor), &id, true).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `POST /api/v1/users/{id}/enable`.
pub(crate) async fn enable_user(
    State(app): State<AppState>,
    Acting(actor): Acting,
    ApiPath(id): ApiPath<String>,
) -> Answer {
    app.node.set_disabled(Some(&actor), &id, false).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// The body of `PUT /api/v1/users/{id}/password`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PasswordBody {
    password: String,
    /// The current password: required when the account changes its own.
    #[serde(default)]
    current: Option<String>,
}

/// `PUT /api/v1/users/{id}/password`: by the account itself or its party's
/// admin.
pub(crate) async fn set_password(
    State(app): State<AppState>,
    Acting(actor): Acting,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<PasswordBody>,
) -> Answer {
    let password = Password::new(body.password)?;
    app.node
        .set_password(Some(&actor), &id, password, body.current.as_deref())
        .await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `GET /api/v1/tokens`: the caller's tokens (never their secrets).
pub(crate) async fn tokens(State(app): State<AppState>, Acting(actor): Acting) -> Answer {
    let list = app.node.tokens(&actor).await?;
    Ok(Json(json!({ "tokens": list })).into_response())
}

/// The body of `POST /api/v1/tokens`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct NewTokenBody {
    scope: String,
    label: String,
}

/// `POST /api/v1/tokens`: issues a token; its secret is in this answer
/// only.
pub(crate) async fn issue_token(
    State(app): State<AppState>,
    Acting(actor): Acting,
    ApiJson(body): ApiJson<NewTokenBody>,
) -> Answer {
    let scope = TokenScope::from_code(&body.scope).ok_or_else(|| {
        Problem::message(Kind::Invalid, "server-detail-token-scope", Vec::new())
            .with("code", "invalid-field")
            .with("field", "scope")
    })?;
    let issued = app.node.issue_token(&actor, scope, &body.label).await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({ "id": issued.id, "token": issued.token, "scope": scope })),
    )
        .into_response())
}

/// `DELETE /api/v1/tokens/{id}`.
pub(crate) async fn revoke_token(
    State(app): State<AppState>,
    Acting(actor): Acting,
    ApiPath(id): ApiPath<String>,
) -> Answer {
    app.node.revoke_token(&actor, &id).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
