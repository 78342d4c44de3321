//! Blocking: block, unblock, and the caller's list of the accounts they blocked.

use axum::extract::State;
use axum::response::Response;

use crate::api::envelope::{list, ok};
use crate::api::extract::{Paging, PathId};
use crate::api::openapi::{Envelope, ErrorEnvelope, IdPath, ListEnvelope};
use crate::api::views::PublicUser;
use crate::api::views::user::BlockStatus;
use crate::app::App;
use crate::auth::Caller;
use crate::error::Result;
use crate::services::users::blocks::{self, BlockOutcome};

fn status(user: crate::domain::Id, o: BlockOutcome) -> BlockStatus {
    BlockStatus {
        user,
        blocked: o.blocked,
        changed: o.changed,
    }
}

/// `POST /users/:id/block` — any signed-in account; idempotent. Ends follows both ways; the
/// two no longer see each other's posts or follow each other.
#[utoipa::path(
    post,
    path = "/{id}/block",
    tag = "users",
    security(("bearer" = [])),
    params(IdPath),
    responses(
        (status = 200, description = "Blocked (idempotent)", body = Envelope<BlockStatus>),
        (status = 400, description = "One cannot block oneself", body = ErrorEnvelope),
        (status = 404, description = "No such user", body = ErrorEnvelope),
    )
)]
pub async fn block(State(app): State<App>, me: Caller, PathId(id): PathId) -> Result<Response> {
    let o = blocks::block(&app, &me, id).await?;
    Ok(ok(status(id, o)))
}

/// `DELETE /users/:id/block` — any signed-in account; idempotent.
#[utoipa::path(
    delete,
    path = "/{id}/block",
    tag = "users",
    security(("bearer" = [])),
    params(IdPath),
    responses(
        (status = 200, description = "Not blocked (idempotent)", body = Envelope<BlockStatus>),
        (status = 400, description = "One cannot block oneself", body = ErrorEnvelope),
        (status = 404, description = "No such user", body = ErrorEnvelope),
    )
)]
pub async fn unblock(State(app): State<App>, me: Caller, PathId(id): PathId) -> Result<Response> {
    let o = blocks::unblock(&app, &me, id).await?;
    Ok(ok(status(id, o)))
}

/// `GET /users/me/blocked` — the signed-in account's blocks as public views, most recent
/// first.
#[utoipa::path(
    get,
    path = "/me/blocked",
    tag = "users",
    security(("bearer" = [])),
    params(Paging),
    responses(
        (status = 200, description = "Public views of the accounts blocked, most recent first", body = ListEnvelope<PublicUser>),
        (status = 401, description = "Not signed in", body = ErrorEnvelope),
    )
)]
pub async fn blocked(State(app): State<App>, me: Caller, Paging(req): Paging) -> Result<Response> {
    let found = blocks::blocked(&app.store, &me, &req).await?;
    Ok(list(found.map(|u| PublicUser::from(&u))))
}
