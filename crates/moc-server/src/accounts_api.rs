//! Accounts and API tokens over HTTP: a party admin manages its party's
//! accounts; every account manages its own tokens and password.

use std::collections::BTreeSet;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use moc_domain::access::{Action, Target};
use moc_domain::{PartyId, Role, UserId};
use moc_node::{Account, NewUser, Password, TokenInfo, TokenScope};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::auth::Acting;
use crate::extract::{ApiJson, ApiPath};
use crate::openapi::{ReadRefusals, WriteRefusals};
use crate::problem::{Kind, Problem};

type Answer = Result<Response, Problem>;

/// The account of the path.
#[derive(IntoParams)]
#[into_params(parameter_in = Path)]
#[allow(dead_code)] // Describes the path; handlers read it as a string.
pub(crate) struct UserPath {
    /// The account's id.
    #[param(value_type = UserId)]
    id: String,
}

/// The token of the path.
#[derive(IntoParams)]
#[into_params(parameter_in = Path)]
#[allow(dead_code)] // Describes the path; handlers read it as a string.
pub(crate) struct TokenPath {
    /// The token's public id.
    id: String,
}

/// The answer of `GET /api/v1/users`.
#[derive(Serialize, ToSchema)]
pub(crate) struct UserList {
    party: String,
    users: Vec<Account>,
}

/// `GET /api/v1/users`: the accounts of the caller's party (party admin).
#[utoipa::path(
    get,
    path = "/api/v1/users",
    tag = "accounts",
    operation_id = "list_users",
    summary = "The accounts of the caller's party (party admin)",
    security(("token" = []), ("session" = [])),
    responses((status = 200, description = "The accounts of the caller's party.", body = UserList), ReadRefusals),
)]
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
    Ok(Json(UserList {
        party: actor.party.as_str().to_owned(),
        users: accounts,
    })
    .into_response())
}

/// The body of `POST /api/v1/users`.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct NewUserBody {
    /// A call sign or code, never a person's name.
    user: UserId,
    party: PartyId,
    roles: BTreeSet<Role>,
    /// When absent, the node makes one and answers it, once.
    #[serde(default)]
    #[schema(min_length = 12, max_length = 256)]
    password: Option<String>,
}

/// The answer of `POST /api/v1/users`.
#[derive(Serialize, ToSchema)]
pub(crate) struct NewUserAnswer {
    user: UserId,
    party: PartyId,
    roles: BTreeSet<Role>,
    /// The password the node made, shown this once; null when the body
    /// gave one.
    password: Option<String>,
}

/// `POST /api/v1/users`: creates an account; answers the one-time password
/// when the body gave none.
#[utoipa::path(
    post,
    path = "/api/v1/users",
    tag = "accounts",
    operation_id = "add_user",
    summary = "Create an account (party admin)",
    request_body = NewUserBody,
    security(("token" = []), ("session" = [])),
    responses((status = 201, description = "Created.", body = NewUserAnswer), WriteRefusals),
)]
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
        Json(NewUserAnswer {
            user: body.user,
            party: body.party,
            roles: body.roles,
            password: shown,
        }),
    )
        .into_response())
}

/// `POST /api/v1/users/{id}/disable`: ends the account's sessions and
/// revokes its tokens.
#[utoipa::path(
    post,
    path = "/api/v1/users/{id}/disable",
    tag = "accounts",
    operation_id = "disable_user",
    summary = "Disable an account: its sessions end, its tokens are revoked",
    params(UserPath),
    security(("token" = []), ("session" = [])),
    responses((status = 204, description = "Disabled."), WriteRefusals),
)]
pub(crate) async fn disable_user(
    State(app): State<AppState>,
    Acting(actor): Acting,
    ApiPath(id): ApiPath<String>,
) -> Answer {
    app.node.set_disabled(Some(&actor), &id, true).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `POST /api/v1/users/{id}/enable`.
#[utoipa::path(
    post,
    path = "/api/v1/users/{id}/enable",
    tag = "accounts",
    operation_id = "enable_user",
    summary = "Enable an account again",
    params(UserPath),
    security(("token" = []), ("session" = [])),
    responses((status = 204, description = "Enabled."), WriteRefusals),
)]
pub(crate) async fn enable_user(
    State(app): State<AppState>,
    Acting(actor): Acting,
    ApiPath(id): ApiPath<String>,
) -> Answer {
    app.node.set_disabled(Some(&actor), &id, false).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// The body of `PUT /api/v1/users/{id}/password`.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct PasswordBody {
    #[schema(min_length = 12, max_length = 256)]
    password: String,
    /// The current password: required when the account changes its own.
    #[serde(default)]
    current: Option<String>,
}

/// `PUT /api/v1/users/{id}/password`: by the account itself or its party's
/// admin. Ends the account's sessions.
#[utoipa::path(
    put,
    path = "/api/v1/users/{id}/password",
    tag = "accounts",
    operation_id = "set_password",
    summary = "Set an account's password",
    params(UserPath),
    request_body = PasswordBody,
    security(("token" = []), ("session" = [])),
    responses((status = 204, description = "Changed."), WriteRefusals),
)]
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

/// The answer of `GET /api/v1/tokens`.
#[derive(Serialize, ToSchema)]
pub(crate) struct TokenList {
    tokens: Vec<TokenInfo>,
}

/// `GET /api/v1/tokens`: the caller's tokens (never their secrets).
#[utoipa::path(
    get,
    path = "/api/v1/tokens",
    tag = "accounts",
    operation_id = "list_tokens",
    summary = "The caller's API tokens (never their secrets)",
    security(("token" = []), ("session" = [])),
    responses((status = 200, description = "The caller's tokens, revoked ones included.", body = TokenList), ReadRefusals),
)]
pub(crate) async fn tokens(State(app): State<AppState>, Acting(actor): Acting) -> Answer {
    let list = app.node.tokens(&actor).await?;
    Ok(Json(TokenList { tokens: list }).into_response())
}

/// The body of `POST /api/v1/tokens`.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct NewTokenBody {
    #[schema(value_type = TokenScope)]
    scope: String,
    /// What the token is for (`witness-cma`): 1 to 80 characters, no
    /// control character.
    #[schema(
        min_length = 1,
        max_length = 80,
        pattern = "^[^\\x00-\\x1f\\x7f-\\x9f]*[^\\s\\x00-\\x1f\\x7f-\\x9f][^\\x00-\\x1f\\x7f-\\x9f]*$"
    )]
    label: String,
}

/// The answer of `POST /api/v1/tokens`.
#[derive(Serialize, ToSchema)]
pub(crate) struct IssuedTokenAnswer {
    /// The token's public id.
    id: String,
    /// The whole token, for `Authorization: Bearer`: shown this once.
    token: String,
    scope: TokenScope,
}

/// `POST /api/v1/tokens`: issues a token; its secret is in this answer
/// only.
#[utoipa::path(
    post,
    path = "/api/v1/tokens",
    tag = "accounts",
    operation_id = "issue_token",
    summary = "Issue an API token (its secret is shown once)",
    request_body = NewTokenBody,
    security(("token" = []), ("session" = [])),
    responses((status = 201, description = "Issued.", body = IssuedTokenAnswer), WriteRefusals),
)]
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
        Json(IssuedTokenAnswer {
            id: issued.id,
            token: issued.token,
            scope,
        }),
    )
        .into_response())
}

/// `DELETE /api/v1/tokens/{id}`.
#[utoipa::path(
    delete,
    path = "/api/v1/tokens/{id}",
    tag = "accounts",
    operation_id = "revoke_token",
    summary = "Revoke one of the caller's API tokens",
    params(TokenPath),
    security(("token" = []), ("session" = [])),
    responses((status = 204, description = "Revoked."), WriteRefusals),
)]
pub(crate) async fn revoke_token(
    State(app): State<AppState>,
    Acting(actor): Acting,
    ApiPath(id): ApiPath<String>,
) -> Answer {
    app.node.revoke_token(&actor, &id).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
