//! The follow graph: follow, unfollow, and the follower/following lists.

use axum::extract::{Path, State};
use axum::response::Response;

use super::{caller, path_id};
use crate::api::envelope::{list, ok};
use crate::api::extract::{AuthUser, Query};
use crate::api::openapi::{Envelope, ErrorEnvelope, IdPath, ListEnvelope, Paging};
use crate::api::views::PublicUser;
use crate::api::views::user::FollowStatus;
use crate::app::App;
use crate::error::Result;
use crate::services::users::input::page_params;
use crate::services::users::social::{self, Direction, FollowOutcome};

fn status(user: crate::domain::Id, o: FollowOutcome) -> FollowStatus {
    FollowStatus {
        user,
        following: o.following,
        changed: o.changed,
        followers_count: o.followers_count,
    }
}

/// `POST /users/:id/follow` — any signed-in account; idempotent.
#[utoipa::path(
    post,
    path = "/{id}/follow",
    tag = "users",
    security(("bearer" = [])),
    params(IdPath),
    responses(
        (status = 200, description = "Following (idempotent)", body = Envelope<FollowStatus>),
        (status = 404, description = "No such user", body = ErrorEnvelope),
        (status = 409, description = "One cannot follow oneself", body = ErrorEnvelope),
    )
)]
pub async fn follow(
    State(app): State<App>,
    auth: AuthUser,
    Path(id): Path<String>,
) -> Result<Response> {
    let id = path_id("id", &id)?;
    let o = social::follow(&app.store, &caller(&auth), id).await?;
    Ok(ok(status(id, o)))
}

/// `DELETE /users/:id/follow` — any signed-in account; idempotent.
#[utoipa::path(
    delete,
    path = "/{id}/follow",
    tag = "users",
    security(("bearer" = [])),
    params(IdPath),
    responses(
        (status = 200, description = "Not following (idempotent)", body = Envelope<FollowStatus>),
        (status = 404, description = "No such user", body = ErrorEnvelope),
    )
)]
pub async fn unfollow(
    State(app): State<App>,
    auth: AuthUser,
    Path(id): Path<String>,
) -> Result<Response> {
    let id = path_id("id", &id)?;
    let o = social::unfollow(&app.store, &caller(&auth), id).await?;
    Ok(ok(status(id, o)))
}

/// `GET /users/:id/followers` — any signed-in account; public views, newest first.
#[utoipa::path(
    get,
    path = "/{id}/followers",
    tag = "users",
    security(("bearer" = [])),
    params(IdPath),
    params(Paging),
    responses(
        (status = 200, description = "Public views of the followers, newest first", body = ListEnvelope<PublicUser>),
        (status = 404, description = "No such user", body = ErrorEnvelope),
    )
)]
pub async fn followers(
    State(app): State<App>,
    _auth: AuthUser,
    Path(id): Path<String>,
    Query(q): Query<Vec<(String, String)>>,
) -> Result<Response> {
    edges(app, id, q, Direction::Followers).await
}

/// `GET /users/:id/following` — any signed-in account; public views, newest first.
#[utoipa::path(
    get,
    path = "/{id}/following",
    tag = "users",
    security(("bearer" = [])),
    params(IdPath),
    params(Paging),
    responses(
        (status = 200, description = "Public views of the accounts followed, newest first", body = ListEnvelope<PublicUser>),
        (status = 404, description = "No such user", body = ErrorEnvelope),
    )
)]
pub async fn following(
    State(app): State<App>,
    _auth: AuthUser,
    Path(id): Path<String>,
    Query(q): Query<Vec<(String, String)>>,
) -> Result<Response> {
    edges(app, id, q, Direction::Following).await
}

async fn edges(
    app: App,
    id: String,
    q: Vec<(String, String)>,
    direction: Direction,
) -> Result<Response> {
    let id = path_id("id", &id)?;
    let req = page_params(q)?;
    let found = social::list(&app.store, id, direction, &req).await?;
    Ok(list(found.map(|u| PublicUser::from(&u))))
}
