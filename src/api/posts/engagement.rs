//! What people do with a post: like, save, share, view, report, and comment.

use axum::extract::{Path, State};
use axum::response::Response;

use super::views::{CommentView, LikeView, ReportView, SaveView, ShareView, ViewCount};
use crate::api::envelope::{created, list, ok};
use crate::api::extract::{Json, Paging, PathId};
use crate::api::openapi::{Envelope, ErrorEnvelope, IdPath, ListEnvelope, PageParams};
use crate::app::App;
use crate::auth::Caller;
use crate::domain::Id;
use crate::error::{Error, Result};
use crate::services::feed::comments::{self, CommentInput};
use crate::services::feed::engagement as eng;
use crate::services::feed::reports::{self, ReportInput};

/// `POST /posts/{id}/like` — signed in; idempotent.
#[utoipa::path(
    post,
    path = "/{id}/like",
    tag = "posts",
    security(("bearer" = [])),
    params(IdPath),
    responses(
        (status = 200, description = "Liked (idempotent)", body = Envelope<LikeView>),
        (status = 404, description = "No such post, or not one the caller may see", body = ErrorEnvelope),
    )
)]
pub async fn like(State(app): State<App>, me: Caller, PathId(id): PathId) -> Result<Response> {
    let s = eng::like(&app, &me, id).await?;
    Ok(ok(LikeView {
        liked: s.on,
        likes: s.count,
    }))
}

/// `DELETE /posts/{id}/like` — signed in; idempotent.
#[utoipa::path(
    delete,
    path = "/{id}/like",
    tag = "posts",
    security(("bearer" = [])),
    params(IdPath),
    responses(
        (status = 200, description = "Not liked (idempotent)", body = Envelope<LikeView>),
        (status = 404, description = "No such post", body = ErrorEnvelope),
    )
)]
pub async fn unlike(State(app): State<App>, me: Caller, PathId(id): PathId) -> Result<Response> {
    let s = eng::unlike(&app, &me, id).await?;
    Ok(ok(LikeView {
        liked: s.on,
        likes: s.count,
    }))
}

/// `POST /posts/{id}/save` — signed in; idempotent.
#[utoipa::path(
    post,
    path = "/{id}/save",
    tag = "posts",
    security(("bearer" = [])),
    params(IdPath),
    responses(
        (status = 200, description = "Saved (idempotent)", body = Envelope<SaveView>),
        (status = 404, description = "No such post", body = ErrorEnvelope),
    )
)]
pub async fn save(State(app): State<App>, me: Caller, PathId(id): PathId) -> Result<Response> {
    let s = eng::save(&app, &me, id).await?;
    Ok(ok(SaveView {
        saved: s.on,
        saves: s.count,
    }))
}

/// `DELETE /posts/{id}/save` — signed in; idempotent.
#[utoipa::path(
    delete,
    path = "/{id}/save",
    tag = "posts",
    security(("bearer" = [])),
    params(IdPath),
    responses(
        (status = 200, description = "Not saved (idempotent)", body = Envelope<SaveView>),
        (status = 404, description = "No such post", body = ErrorEnvelope),
    )
)]
pub async fn unsave(State(app): State<App>, me: Caller, PathId(id): PathId) -> Result<Response> {
    let s = eng::unsave(&app, &me, id).await?;
    Ok(ok(SaveView {
        saved: s.on,
        saves: s.count,
    }))
}

/// `POST /posts/{id}/share` — signed in; every share counts.
#[utoipa::path(
    post,
    path = "/{id}/share",
    tag = "posts",
    security(("bearer" = [])),
    params(IdPath),
    responses(
        (status = 200, description = "Counted", body = Envelope<ShareView>),
        (status = 404, description = "No such post", body = ErrorEnvelope),
    )
)]
pub async fn share(State(app): State<App>, me: Caller, PathId(id): PathId) -> Result<Response> {
    let shares = eng::share(&app, &me, id).await?;
    Ok(ok(ShareView { shares }))
}

/// `POST /posts/{id}/view` — signed in: the post was on screen; counts once per viewer per
/// 24 hours, never the author's own.
#[utoipa::path(
    post,
    path = "/{id}/view",
    tag = "posts",
    security(("bearer" = [])),
    params(IdPath),
    responses(
        (status = 200, description = "Whether it counted", body = Envelope<ViewCount>),
        (status = 404, description = "No such post", body = ErrorEnvelope),
    )
)]
pub async fn view(State(app): State<App>, me: Caller, PathId(id): PathId) -> Result<Response> {
    let (counted, views) = eng::view(&app, &me, id).await?;
    Ok(ok(ViewCount { counted, views }))
}

/// `POST /posts/{id}/report` — signed in, not the author: one report per person; the post
/// waits for an admin's review.
#[utoipa::path(
    post,
    path = "/{id}/report",
    tag = "posts",
    security(("bearer" = [])),
    params(IdPath),
    request_body = ReportInput,
    responses(
        (status = 201, description = "Reported", body = Envelope<ReportView>),
        (status = 400, description = "Every invalid field", body = ErrorEnvelope),
        (status = 404, description = "No such post", body = ErrorEnvelope),
        (status = 409, description = "Already reported by the caller", body = ErrorEnvelope),
    )
)]
pub async fn report(
    State(app): State<App>,
    me: Caller,
    PathId(id): PathId,
    Json(body): Json<ReportInput>,
) -> Result<Response> {
    let r = reports::report_post(&app, &me, id, body).await?;
    Ok(created(ReportView::from(&r)))
}

/// `POST /posts/{id}/comment` — signed in: a comment, or with `parent` a reply.
#[utoipa::path(
    post,
    path = "/{id}/comment",
    tag = "posts",
    security(("bearer" = [])),
    params(IdPath),
    request_body = CommentInput,
    responses(
        (status = 201, description = "Stored, with the screen's decision", body = Envelope<CommentView>),
        (status = 400, description = "Every invalid field", body = ErrorEnvelope),
        (status = 403, description = "A reply to a comment whose author and the caller are kept apart by a block", body = ErrorEnvelope),
        (status = 404, description = "No such post", body = ErrorEnvelope),
    )
)]
pub async fn comment(
    State(app): State<App>,
    me: Caller,
    PathId(id): PathId,
    Json(body): Json<CommentInput>,
) -> Result<Response> {
    let c = comments::add(&app, &me, id, body).await?;
    Ok(created(CommentView::of(&c, Some(&me))))
}

/// `GET /posts/{id}/comments` — anyone who may see the post: newest first; replies name
/// their `parent`.
#[utoipa::path(
    get,
    path = "/{id}/comments",
    tag = "posts",
    security((), ("bearer" = [])),
    params(IdPath, PageParams),
    responses(
        (status = 200, description = "Comments (without those of anyone a block keeps apart from the caller)", body = ListEnvelope<CommentView>),
        (status = 404, description = "No such post", body = ErrorEnvelope),
    )
)]
pub async fn comments(
    State(app): State<App>,
    me: Option<Caller>,
    PathId(id): PathId,
    Paging(req): Paging,
) -> Result<Response> {
    let page = comments::list(&app, me.as_ref(), id, &req).await?;
    Ok(list(page.map(|c| CommentView::of(&c, me.as_ref()))))
}

/// `DELETE /posts/{id}/comments/{commentId}` — the comment's author, the post's author or an
/// admin.
#[utoipa::path(
    delete,
    path = "/{id}/comments/{comment_id}",
    tag = "posts",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "The post's id"),
        ("comment_id" = String, Path, description = "The comment's id"),
    ),
    responses(
        (status = 200, description = "Deleted (a tombstone stays)", body = Envelope<serde_json::Value>),
        (status = 403, description = "Not allowed to", body = ErrorEnvelope),
        (status = 404, description = "No such comment on this post", body = ErrorEnvelope),
    )
)]
pub async fn delete_comment(
    State(app): State<App>,
    me: Caller,
    Path((post, comment)): Path<(String, String)>,
) -> Result<Response> {
    let id = |field: &str, raw: &str| {
        Id::parse(raw)
            .ok_or_else(|| Error::validation(field, "must be a 24-character hexadecimal id"))
    };
    comments::delete(&app, &me, id("id", &post)?, id("commentId", &comment)?).await?;
    Ok(ok(serde_json::json!({ "deleted": true })))
}
