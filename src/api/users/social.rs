//! The follow graph: follow, unfollow, and the follower/following lists.

use axum::extract::State;
use axum::response::Response;

use crate::api::envelope::{list, ok};
use crate::api::extract::{Paging, PathId};
use crate::api::openapi::{Envelope, ErrorEnvelope, IdPath, ListEnvelope};
use crate::api::views::PublicUser;
use crate::api::views::user::FollowStatus;
use crate::app::App;
use crate::auth::Caller;
use crate::error::Result;
use crate::services::users::social::{self, Direction, FollowOutcome};
use crate::store::PageRequest;

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
        (status = 400, description = "One cannot follow oneself", body = ErrorEnvelope),
        (status = 403, description = "A block stands between the two accounts", body = ErrorEnvelope),
        (status = 404, description = "No such user", body = ErrorEnvelope),
    )
)]
pub async fn follow(State(app): State<App>, me: Caller, PathId(id): PathId) -> Result<Response> {
    let o = social::follow(&app, &me, id).await?;
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
pub async fn unfollow(State(app): State<App>, me: Caller, PathId(id): PathId) -> Result<Response> {
    let o = social::unfollow(&app.store, &me, id).await?;
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
    _me: Caller,
    PathId(id): PathId,
    Paging(req): Paging,
) -> Result<Response> {
    edges(app, id, req, Direction::Followers).await
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
    _me: Caller,
    PathId(id): PathId,
    Paging(req): Paging,
) -> Result<Response> {
    edges(app, id, req, Direction::Following).await
}

async fn edges(
    app: App,
    id: crate::domain::Id,
    req: PageRequest,
    direction: Direction,
) -> Result<Response> {
    let found = social::list(&app.store, id, direction, &req).await?;
    Ok(list(found.map(|u| PublicUser::from(&u))))
}
