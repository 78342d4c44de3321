//! The lists of the feed: following feed, explore, saved, search, a hashtag, trending
//! hashtags and a user's posts.

use axum::extract::{Path, State};
use axum::response::Response;
use utoipa::IntoParams;

use super::views::PostView;
use crate::api::envelope::{list, ok};
use crate::api::extract::{Paging, PathId, Query};
use crate::api::openapi::{Envelope, ErrorEnvelope, IdPath, ListEnvelope, PageParams};
use crate::app::App;
use crate::auth::Caller;
use crate::domain::{GeoPoint, Timestamp};
use crate::error::Result;
use crate::services::feed::posts;
use crate::services::feed::ranked::{self, ExploreQuery, FeedItem};
use crate::services::input::{Params, Problems, slug};
use crate::store::{HashtagCount, Page, PageRequest};

fn render(page: Page<FeedItem>, me: Option<&Caller>) -> Response {
    list(page.map(|i| PostView::of(&i, me)))
}

/// Reads `allowed` query parameters and the page they ask for, every problem at once.
fn read(
    pairs: Vec<(String, String)>,
    allowed: &[&str],
) -> Result<(Params, Problems, Option<PageRequest>)> {
    let mut p = Problems::new();
    let q = Params::new(pairs, allowed, &mut p);
    let page = p.page(q.get("limit"), q.get("cursor"), q.get("page"))?;
    Ok((q, p, page))
}

/// `GET /posts/feed` — signed in: the caller's own and followed users' posts, ranked; the
/// cursor keeps the order of the first page.
#[utoipa::path(
    get,
    path = "/feed",
    tag = "posts",
    security(("bearer" = [])),
    params(PageParams),
    responses((status = 200, description = "Ranked posts", body = ListEnvelope<PostView>))
)]
pub async fn feed(State(app): State<App>, me: Caller, Paging(req): Paging) -> Result<Response> {
    Ok(render(ranked::feed(&app, &me, &req).await?, Some(&me)))
}

/// The filters of `GET /posts/explore`.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(
    dead_code,
    reason = "read by utoipa for the OpenAPI document, never built"
)]
struct ExploreParams {
    /// Latitude of the caller, −90 to 90 (with `lng`): technicians near rank higher.
    lat: Option<f64>,
    /// Longitude of the caller, −180 to 180.
    lng: Option<f64>,
    /// A service category slug.
    category: Option<String>,
    /// A hashtag, without `#`.
    hashtag: Option<String>,
    limit: Option<u32>,
    cursor: Option<String>,
    page: Option<u32>,
}

/// `GET /posts/explore` — anyone: public, approved posts, trending first.
#[utoipa::path(
    get,
    path = "/explore",
    tag = "posts",
    security((), ("bearer" = [])),
    params(ExploreParams),
    responses(
        (status = 200, description = "Ranked posts", body = ListEnvelope<PostView>),
        (status = 400, description = "Every invalid parameter", body = ErrorEnvelope),
    )
)]
pub async fn explore(
    State(app): State<App>,
    me: Option<Caller>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response> {
    let allowed = [
        "lat", "lng", "category", "hashtag", "limit", "cursor", "page",
    ];
    let (q, mut p, req) = read(pairs, &allowed)?;
    let lat = q.number("lat", -90.0..=90.0, &mut p);
    let lng = q.number("lng", -180.0..=180.0, &mut p);
    let near = match (lat, lng) {
        (Some(lat), Some(lng)) => GeoPoint::new(lng, lat).ok(),
        (None, None) => None,
        _ => {
            p.push("lat", "lat and lng go together");
            None
        }
    };
    let category = q.get("category").and_then(|c| slug(&mut p, "category", c));
    let hashtag = q
        .get("hashtag")
        .map(|t| t.trim_start_matches('#').to_lowercase());
    let req = p.finish_with(req)?;
    let query = ExploreQuery {
        near,
        category,
        hashtag,
    };
    Ok(render(
        ranked::explore(&app, me.as_ref(), &query, &req).await?,
        me.as_ref(),
    ))
}

/// `GET /posts/saved` — signed in: the caller's saved posts, most recently saved first.
#[utoipa::path(
    get,
    path = "/saved",
    tag = "posts",
    security(("bearer" = [])),
    params(PageParams),
    responses((status = 200, description = "Saved posts", body = ListEnvelope<PostView>))
)]
pub async fn saved(State(app): State<App>, me: Caller, Paging(req): Paging) -> Result<Response> {
    Ok(render(ranked::saved(&app, &me, &req).await?, Some(&me)))
}

/// The query of `GET /posts/search`.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(
    dead_code,
    reason = "read by utoipa for the OpenAPI document, never built"
)]
struct SearchParams {
    /// Words to find (every one; prefixes too), 1-200 characters.
    q: String,
    limit: Option<u32>,
    cursor: Option<String>,
    page: Option<u32>,
}

/// `GET /posts/search?q=` — anyone: public, approved posts with every word, newest first.
#[utoipa::path(
    get,
    path = "/search",
    tag = "posts",
    security((), ("bearer" = [])),
    params(SearchParams),
    responses(
        (status = 200, description = "Matching posts", body = ListEnvelope<PostView>),
        (status = 400, description = "No or a bad query", body = ErrorEnvelope),
    )
)]
pub async fn search(
    State(app): State<App>,
    me: Option<Caller>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response> {
    let (q, mut p, req) = read(pairs, &["q", "limit", "cursor", "page"])?;
    let text = q.get("q").map(str::to_string);
    if text.is_none() {
        p.push("q", "is required");
    }
    let req = p.finish_with(req)?;
    let found = posts::search(&app, text.as_deref().unwrap_or(""), &req).await?;
    let page = ranked::hydrate_page(&app, me.as_ref(), found).await?;
    Ok(render(page, me.as_ref()))
}

/// `GET /posts/hashtags/{tag}` — anyone: public, approved posts with `#tag`, newest first.
#[utoipa::path(
    get,
    path = "/hashtags/{tag}",
    tag = "posts",
    security((), ("bearer" = [])),
    params(("tag" = String, Path, description = "The hashtag, without `#`"), PageParams),
    responses(
        (status = 200, description = "Tagged posts", body = ListEnvelope<PostView>),
        (status = 400, description = "Not a hashtag", body = ErrorEnvelope),
    )
)]
pub async fn hashtag(
    State(app): State<App>,
    me: Option<Caller>,
    Path(tag): Path<String>,
    Paging(req): Paging,
) -> Result<Response> {
    let found = posts::hashtag(&app, &tag, &req).await?;
    let page = ranked::hydrate_page(&app, me.as_ref(), found).await?;
    Ok(render(page, me.as_ref()))
}

/// The query of `GET /hashtags/trending`.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(
    dead_code,
    reason = "read by utoipa for the OpenAPI document, never built"
)]
struct TrendingParams {
    /// How far back to look, 1 to 168 hours (default 24).
    hours: Option<u32>,
    /// How many, 1 to 50 (default 10).
    limit: Option<u32>,
}

/// `GET /hashtags/trending` — anyone: hashtags of recent public posts, most distinct authors
/// first.
#[utoipa::path(
    get,
    path = "/hashtags/trending",
    tag = "posts",
    params(TrendingParams),
    responses(
        (status = 200, description = "Trending hashtags", body = Envelope<Vec<HashtagCount>>),
        (status = 400, description = "Every invalid parameter", body = ErrorEnvelope),
    )
)]
pub async fn trending(
    State(app): State<App>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response> {
    let mut p = Problems::new();
    let q = Params::new(pairs, &["hours", "limit"], &mut p);
    let hours = q.number("hours", 1.0..=168.0, &mut p).unwrap_or(24.0);
    let limit = q.number("limit", 1.0..=50.0, &mut p).unwrap_or(10.0);
    p.finish()?;
    let since = Timestamp::now().minus(chrono::Duration::minutes((hours * 60.0) as i64));
    let tags = app
        .store
        .posts
        .trending_hashtags(since, limit as u32)
        .await?;
    Ok(ok(tags))
}

/// `GET /users/{id}/posts` — anyone: the user's posts the caller may see, newest first (all
/// of them for the author and admins).
#[utoipa::path(
    get,
    path = "/users/{id}/posts",
    tag = "posts",
    security((), ("bearer" = [])),
    params(IdPath, PageParams),
    responses(
        (status = 200, description = "The user's posts", body = ListEnvelope<PostView>),
        (status = 404, description = "No such user", body = ErrorEnvelope),
    )
)]
pub async fn by_user(
    State(app): State<App>,
    me: Option<Caller>,
    PathId(id): PathId,
    Paging(req): Paging,
) -> Result<Response> {
    let found = posts::by_user(&app, me.as_ref(), id, &req).await?;
    let page = ranked::hydrate_page(&app, me.as_ref(), found).await?;
    Ok(render(page, me.as_ref()))
}
