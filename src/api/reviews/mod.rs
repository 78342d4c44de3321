//! `/api/v1/reviews`: writing, reading, voting on, answering and featuring reviews. Handlers
//! only authenticate, decode and call `services::reviews`.
//!
//! | route | who |
//! |---|---|
//! | `POST /` | a party of a completed booking, once per side |
//! | `GET /{id}` | anyone once revealed; its author and admins always |
//! | `PUT /{id}`, `DELETE /{id}` | its author (edit within the window); admins delete too |
//! | `PUT /{id}/response` | the user reviewed |
//! | `POST`, `DELETE /{id}/helpful` | anyone signed in but the two parties |
//! | `PUT /{id}/featured` | the user reviewed features; only admins hide |
//! | `POST /{id}/report` | anyone who can see it but its author, once |
//! | `GET /user/{id}` | anyone: revealed reviews and the statistics |
//! | `GET /booking/{bookingId}` | the booking's parties and staff |
//! | `GET /search?q=` | anyone |

pub mod view;

use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;
use serde_json::json;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use self::view::{ReviewListEnvelope, ReviewView, VoteView};
use crate::api::envelope::{created, list, ok};
use crate::api::extract::{Json, PathId, Query, from_json_bytes};
use crate::api::openapi::{Envelope, ErrorEnvelope, IdPath, ListEnvelope};
use crate::app::App;
use crate::auth::Caller;
use crate::domain::report::Report;
use crate::domain::review::{Review, Vote};
use crate::error::Result;
use crate::services::reviews::read::ReviewQuery;
use crate::services::reviews::respond::{FeatureInput, ReportInput, ResponseInput};
use crate::services::reviews::write::ReviewInput;
use crate::services::reviews::{self, read, respond, write};

/// The routes, to be nested at `/reviews`.
pub fn routes() -> OpenApiRouter<App> {
    OpenApiRouter::new()
        .routes(routes!(create))
        .routes(routes!(search))
        .routes(routes!(of_user))
        .routes(routes!(of_booking))
        .routes(routes!(show, edit, remove))
        .routes(routes!(response))
        .routes(routes!(vote, unvote))
        .routes(routes!(featured))
        .routes(routes!(report))
}

fn view(r: &Review, me: Option<&Caller>) -> ReviewView {
    ReviewView::new(r, me)
}

/// `POST /reviews` — the booking's customer reviews its technician, or the technician the
/// customer.
#[utoipa::path(
    post,
    path = "/",
    tag = "reviews",
    security(("bearer" = [])),
    request_body = ReviewInput,
    responses(
        (status = 201, description = "The review, hidden from others until revealed", body = Envelope<ReviewView>),
        (status = 403, description = "Not a party of the booking", body = ErrorEnvelope),
        (status = 404, description = "No such booking", body = ErrorEnvelope),
        (status = 409, description = "Not completed, cancelled, or already reviewed by the caller", body = ErrorEnvelope),
    )
)]
async fn create(
    State(app): State<App>,
    me: Caller,
    Json(body): Json<ReviewInput>,
) -> Result<Response> {
    let r = write::create(&app, &me, body).await?;
    Ok(created(view(&r, Some(&me))))
}

/// `GET /reviews/{id}`.
#[utoipa::path(
    get,
    path = "/{id}",
    tag = "reviews",
    security((), ("bearer" = [])),
    params(IdPath),
    responses(
        (status = 200, description = "The review", body = Envelope<ReviewView>),
        (status = 404, description = "No such review, or not revealed yet", body = ErrorEnvelope),
    )
)]
async fn show(State(app): State<App>, me: Option<Caller>, PathId(id): PathId) -> Result<Response> {
    let r = reviews::show(&app, id, me.as_ref()).await?;
    Ok(ok(view(&r, me.as_ref())))
}

/// `PUT /reviews/{id}` — its author, within the edit window; the earlier version is kept.
#[utoipa::path(
    put,
    path = "/{id}",
    tag = "reviews",
    security(("bearer" = [])),
    params(IdPath),
    request_body = ReviewInput,
    responses(
        (status = 200, description = "The edited review", body = Envelope<ReviewView>),
        (status = 403, description = "Not its author", body = ErrorEnvelope),
        (status = 404, description = "No such review", body = ErrorEnvelope),
        (status = 409, description = "The edit window passed, or the other party's review is visible", body = ErrorEnvelope),
    )
)]
async fn edit(
    State(app): State<App>,
    me: Caller,
    PathId(id): PathId,
    Json(body): Json<ReviewInput>,
) -> Result<Response> {
    let r = write::edit(&app, &me, id, body).await?;
    Ok(ok(view(&r, Some(&me))))
}

/// `DELETE /reviews/{id}` — its author or an admin; the review is kept but no longer shown
/// or counted.
#[utoipa::path(
    delete,
    path = "/{id}",
    tag = "reviews",
    security(("bearer" = [])),
    params(IdPath),
    responses(
        (status = 200, description = "The deleted review", body = Envelope<ReviewView>),
        (status = 403, description = "Neither its author nor an admin", body = ErrorEnvelope),
        (status = 404, description = "No such review", body = ErrorEnvelope),
    )
)]
async fn remove(State(app): State<App>, me: Caller, PathId(id): PathId) -> Result<Response> {
    let r = write::delete(&app, &me, id).await?;
    Ok(ok(view(&r, Some(&me))))
}

/// `PUT /reviews/{id}/response` — the user reviewed answers, or edits the answer.
#[utoipa::path(
    put,
    path = "/{id}/response",
    tag = "reviews",
    security(("bearer" = [])),
    params(IdPath),
    request_body = ResponseInput,
    responses(
        (status = 200, description = "The review with its response", body = Envelope<ReviewView>),
        (status = 403, description = "Not the user reviewed", body = ErrorEnvelope),
        (status = 404, description = "No such review, or not revealed yet", body = ErrorEnvelope),
    )
)]
async fn response(
    State(app): State<App>,
    me: Caller,
    PathId(id): PathId,
    Json(body): Json<ResponseInput>,
) -> Result<Response> {
    let r = respond::respond(&app, &me, id, body).await?;
    Ok(ok(view(&r, Some(&me))))
}

/// The optional body of `POST /reviews/{id}/helpful`.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct VoteBody {
    /// `false` votes "not helpful"; default `true`.
    helpful: Option<bool>,
}

fn vote_view(r: &Review, me: &Caller, changed: bool) -> VoteView {
    VoteView {
        review: r.id,
        my_vote: r.vote_of(me.id),
        changed,
        helpful_count: r.helpful_count,
        not_helpful_count: r.not_helpful_count,
    }
}

/// `POST /reviews/{id}/helpful` — one vote per user; idempotent; never on a review one wrote
/// or one about oneself.
#[utoipa::path(
    post,
    path = "/{id}/helpful",
    tag = "reviews",
    security(("bearer" = [])),
    params(IdPath),
    request_body(content = Option<VoteBody>, description = "Optional; `{\"helpful\": false}` votes not helpful"),
    responses(
        (status = 200, description = "The vote (idempotent)", body = Envelope<VoteView>),
        (status = 403, description = "The caller wrote the review or is its subject", body = ErrorEnvelope),
        (status = 404, description = "No such review, or not revealed yet", body = ErrorEnvelope),
    )
)]
async fn vote(
    State(app): State<App>,
    me: Caller,
    PathId(id): PathId,
    body: Bytes,
) -> Result<Response> {
    let body: VoteBody = if body.iter().all(u8::is_ascii_whitespace) {
        VoteBody::default()
    } else {
        from_json_bytes(&body)?
    };
    let v = match body.helpful {
        Some(false) => Vote::NotHelpful,
        _ => Vote::Helpful,
    };
    let (r, changed) = respond::vote(&app, &me, id, Some(v)).await?;
    Ok(ok(vote_view(&r, &me, changed)))
}

/// `DELETE /reviews/{id}/helpful` — withdraws the caller's vote; idempotent.
#[utoipa::path(
    delete,
    path = "/{id}/helpful",
    tag = "reviews",
    security(("bearer" = [])),
    params(IdPath),
    responses(
        (status = 200, description = "No vote (idempotent)", body = Envelope<VoteView>),
        (status = 404, description = "No such review, or not revealed yet", body = ErrorEnvelope),
    )
)]
async fn unvote(State(app): State<App>, me: Caller, PathId(id): PathId) -> Result<Response> {
    let (r, changed) = respond::vote(&app, &me, id, None).await?;
    Ok(ok(vote_view(&r, &me, changed)))
}

/// `PUT /reviews/{id}/featured` — the user reviewed features a review; only admins hide one.
#[utoipa::path(
    put,
    path = "/{id}/featured",
    tag = "reviews",
    security(("bearer" = [])),
    params(IdPath),
    request_body = FeatureInput,
    responses(
        (status = 200, description = "The review", body = Envelope<ReviewView>),
        (status = 403, description = "Not the user reviewed; or hiding without being an admin", body = ErrorEnvelope),
        (status = 409, description = "Too many featured reviews, or not published", body = ErrorEnvelope),
    )
)]
async fn featured(
    State(app): State<App>,
    me: Caller,
    PathId(id): PathId,
    Json(body): Json<FeatureInput>,
) -> Result<Response> {
    let r = respond::feature(&app, &me, id, body).await?;
    Ok(ok(view(&r, Some(&me))))
}

/// `POST /reviews/{id}/report` — anyone who can see the review but its author, once; it goes
/// to the moderation queue.
#[utoipa::path(
    post,
    path = "/{id}/report",
    tag = "reviews",
    security(("bearer" = [])),
    params(IdPath),
    request_body = ReportInput,
    responses(
        (status = 201, description = "The report, open in the moderation queue", body = Envelope<Report>),
        (status = 403, description = "The caller wrote the review", body = ErrorEnvelope),
        (status = 404, description = "No such review, or not revealed yet", body = ErrorEnvelope),
        (status = 409, description = "Already reported by the caller", body = ErrorEnvelope),
    )
)]
async fn report(
    State(app): State<App>,
    me: Caller,
    PathId(id): PathId,
    Json(body): Json<ReportInput>,
) -> Result<Response> {
    let filed = respond::report(&app, &me, id, body).await?;
    Ok(created(filed))
}

/// The query of `GET /reviews/user/{id}`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[expect(dead_code, reason = "documents the query string, read through Params")]
struct ListQuery {
    /// `recent` (default), `helpful` (Wilson lower bound), `rating_high`, `rating_low`.
    sort: Option<String>,
    /// Only reviews with this many stars, 1-5.
    stars: Option<u8>,
    /// Only reviews with photos.
    with_photos: Option<bool>,
    /// Only featured (or not featured) reviews.
    featured: Option<bool>,
    limit: Option<u32>,
    cursor: Option<String>,
    page: Option<u32>,
}

/// `GET /reviews/user/{id}` — anyone: the user's revealed reviews and their statistics.
#[utoipa::path(
    get,
    path = "/user/{id}",
    tag = "reviews",
    security((), ("bearer" = [])),
    params(IdPath, ListQuery),
    responses(
        (status = 200, description = "A page of reviews with the user's statistics", body = ReviewListEnvelope),
        (status = 404, description = "No such user", body = ErrorEnvelope),
    )
)]
async fn of_user(
    State(app): State<App>,
    me: Option<Caller>,
    PathId(id): PathId,
    Query(q): Query<Vec<(String, String)>>,
) -> Result<Response> {
    let found = read::of_user(&app, id, ReviewQuery::parse(q)?).await?;
    let page = found.page.map(|r| view(&r, me.as_ref()));
    Ok(ok_list_with_statistics(page, found.statistics))
}

fn ok_list_with_statistics(
    page: crate::store::Page<ReviewView>,
    statistics: Option<crate::domain::review::RatingSummary>,
) -> Response {
    use axum::response::IntoResponse;
    let mut pagination = json!({
        "limit": page.limit,
        "nextCursor": page.next_cursor,
        "hasMore": page.has_more,
    });
    if let Some(p) = page.page {
        pagination["page"] = json!(p);
    }
    if let Some(t) = page.total {
        pagination["total"] = json!(t);
    }
    axum::Json(json!({
        "success": true,
        "data": page.items,
        "statistics": statistics,
        "pagination": pagination,
    }))
    .into_response()
}

/// The `{bookingId}` of `GET /reviews/booking/{bookingId}`.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
#[expect(dead_code, reason = "documents the path, read through PathId")]
struct BookingPath {
    /// The booking's id: 24 hexadecimal digits.
    #[param(value_type = crate::domain::Id)]
    booking_id: String,
}

/// `GET /reviews/booking/{bookingId}` — the booking's parties and staff: each party's own
/// review, and the other's once revealed.
#[utoipa::path(
    get,
    path = "/booking/{booking_id}",
    tag = "reviews",
    security(("bearer" = [])),
    params(BookingPath),
    responses(
        (status = 200, description = "The booking's reviews the caller may see", body = Envelope<Vec<ReviewView>>),
        (status = 404, description = "No such booking, or not the caller's", body = ErrorEnvelope),
    )
)]
async fn of_booking(State(app): State<App>, me: Caller, PathId(id): PathId) -> Result<Response> {
    let found = read::of_booking(&app, &me, id).await?;
    let views: Vec<ReviewView> = found.iter().map(|r| view(r, Some(&me))).collect();
    Ok(ok(views))
}

/// The query of `GET /reviews/search`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[expect(dead_code, reason = "documents the query string, read through Params")]
struct SearchQuery {
    /// Words to find in titles and comments (2-100 characters).
    q: String,
    limit: Option<u32>,
    cursor: Option<String>,
    page: Option<u32>,
}

/// `GET /reviews/search?q=` — anyone: revealed reviews whose text matches, newest first.
#[utoipa::path(
    get,
    path = "/search",
    tag = "reviews",
    security((), ("bearer" = [])),
    params(SearchQuery),
    responses(
        (status = 200, description = "Matching reviews, newest first", body = ListEnvelope<ReviewView>),
    )
)]
async fn search(
    State(app): State<App>,
    me: Option<Caller>,
    Query(q): Query<Vec<(String, String)>>,
) -> Result<Response> {
    let found = read::search(&app, ReviewQuery::parse_search(q)?).await?;
    Ok(list(found.map(|r| view(&r, me.as_ref()))))
}
