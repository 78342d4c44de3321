//! `/api/v1/posts`, `/hashtags/trending` and `/users/{id}/posts`: the social feed. Handlers
//! authenticate, decode and call `services::feed`; the shapes are in [`views`].
//!
//! | route | who |
//! |---|---|
//! | `POST /posts`, `PUT/DELETE /posts/{id}` | signed in (edit: the author; delete: the author or an admin) |
//! | `GET /posts/feed`, `GET /posts/saved` | signed in |
//! | `GET /posts/explore`, `/search`, `/hashtags/{tag}`, `/{id}`, `/{id}/comments` | anyone (more when signed in) |
//! | likes, saves, shares, views, comments, reports | signed in, on posts they may see |

mod engagement;
mod lists;
pub mod views;

use axum::extract::State;
use axum::response::Response;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use self::views::PostView;
use crate::api::envelope::{created, ok};
use crate::api::extract::{Json, PathId};
use crate::api::openapi::{Envelope, ErrorEnvelope, IdPath};
use crate::app::App;
use crate::auth::Caller;
use crate::error::Result;
use crate::services::feed::posts::{self, PostInput};
use crate::services::feed::ranked::FeedItem;

/// The routes, to be nested at `/posts`.
pub fn routes() -> OpenApiRouter<App> {
    OpenApiRouter::new()
        .routes(routes!(create))
        .routes(routes!(lists::feed))
        .routes(routes!(lists::explore))
        .routes(routes!(lists::saved))
        .routes(routes!(lists::search))
        .routes(routes!(lists::hashtag))
        .routes(routes!(show, edit, remove))
        .routes(routes!(engagement::like, engagement::unlike))
        .routes(routes!(engagement::save, engagement::unsave))
        .routes(routes!(engagement::share))
        .routes(routes!(engagement::view))
        .routes(routes!(engagement::report))
        .routes(routes!(engagement::comment))
        .routes(routes!(engagement::comments))
        .routes(routes!(engagement::delete_comment))
}

/// The feed's routes outside `/posts`: trending hashtags and a user's posts.
pub fn other_routes() -> OpenApiRouter<App> {
    OpenApiRouter::new()
        .routes(routes!(lists::trending))
        .routes(routes!(lists::by_user))
}

/// A post just written, as its author sees it.
async fn written(app: &App, post: crate::domain::post::Post, me: &Caller) -> Result<PostView> {
    let author = app.store.users.get(me.id).await?;
    let items = crate::services::feed::ranked::hydrate(app, Some(me), vec![post.clone()]).await?;
    let item = items
        .into_iter()
        .next()
        .unwrap_or(FeedItem::bare(post, author));
    Ok(PostView::of(&item, Some(me)))
}

/// `POST /posts` — signed in. The post is screened as it is written: the answer's
/// `moderation.status` says whether it is published (`approved`), held (`pending_review`) or
/// refused (`rejected`).
#[utoipa::path(
    post,
    path = "/",
    tag = "posts",
    security(("bearer" = [])),
    request_body = PostInput,
    responses(
        (status = 201, description = "Stored, with the screen's decision", body = Envelope<PostView>),
        (status = 400, description = "Every invalid field", body = ErrorEnvelope),
        (status = 403, description = "A suspended or banned account", body = ErrorEnvelope),
    )
)]
async fn create(
    State(app): State<App>,
    me: Caller,
    Json(body): Json<PostInput>,
) -> Result<Response> {
    let post = posts::create(&app, &me, body).await?;
    Ok(created(written(&app, post, &me).await?))
}

/// `GET /posts/{id}` — anyone who may see the post; a signed-in reader counts as a view.
#[utoipa::path(
    get,
    path = "/{id}",
    tag = "posts",
    security((), ("bearer" = [])),
    params(IdPath),
    responses(
        (status = 200, description = "The post", body = Envelope<PostView>),
        (status = 404, description = "No such post, or not one the caller may see", body = ErrorEnvelope),
    )
)]
async fn show(State(app): State<App>, me: Option<Caller>, PathId(id): PathId) -> Result<Response> {
    let (post, author) = posts::get(&app, me.as_ref(), id).await?;
    let mut items =
        crate::services::feed::ranked::hydrate(&app, me.as_ref(), vec![post.clone()]).await?;
    let item = items.pop().unwrap_or(FeedItem::bare(post, author));
    Ok(ok(PostView::of(&item, me.as_ref())))
}

/// `PUT /posts/{id}` — the author: the whole post as `POST /posts` takes it; the earlier
/// text is kept and the new one screened again.
#[utoipa::path(
    put,
    path = "/{id}",
    tag = "posts",
    security(("bearer" = [])),
    params(IdPath),
    request_body = PostInput,
    responses(
        (status = 200, description = "The edited post", body = Envelope<PostView>),
        (status = 403, description = "Not the author", body = ErrorEnvelope),
        (status = 404, description = "No such post", body = ErrorEnvelope),
        (status = 409, description = "Removed by an admin", body = ErrorEnvelope),
    )
)]
async fn edit(
    State(app): State<App>,
    me: Caller,
    PathId(id): PathId,
    Json(body): Json<PostInput>,
) -> Result<Response> {
    let post = posts::edit(&app, &me, id, body).await?;
    Ok(ok(written(&app, post, &me).await?))
}

/// `DELETE /posts/{id}` — the author or an admin.
#[utoipa::path(
    delete,
    path = "/{id}",
    tag = "posts",
    security(("bearer" = [])),
    params(IdPath),
    responses(
        (status = 200, description = "Deleted", body = Envelope<serde_json::Value>),
        (status = 403, description = "Neither the author nor an admin", body = ErrorEnvelope),
        (status = 404, description = "No such post", body = ErrorEnvelope),
    )
)]
async fn remove(State(app): State<App>, me: Caller, PathId(id): PathId) -> Result<Response> {
    posts::delete(&app, &me, id).await?;
    Ok(ok(serde_json::json!({ "deleted": true })))
}
