//! Profiles and the directory: the caller's own account, one profile, the user list and the
//! nearby-technician search.

use axum::extract::State;
use axum::response::Response;
use serde_json::Value;

use crate::api::envelope::{list as page, ok};
use crate::api::extract::{Json, PathId, Query};
use crate::api::views::user::UserView;
use crate::api::views::{NearbyTechnician, PrivateUser};
use crate::app::App;
use crate::auth::Caller;
use crate::error::Result;
use crate::services::users::{self, directory, profile};

/// `GET /users/me` — the signed-in account holder: their private view.
pub async fn me(State(app): State<App>, me: Caller) -> Result<Response> {
    let user = users::own_account(&app.store, &me).await?;
    Ok(ok(PrivateUser::from(&user)))
}

/// `PUT /users/me` — the signed-in account holder: changes the whitelisted profile fields.
pub async fn update_me(
    State(app): State<App>,
    me: Caller,
    Json(body): Json<Value>,
) -> Result<Response> {
    let user = profile::update_me(&app.store, &me, body).await?;
    Ok(ok(PrivateUser::from(&user)))
}

/// `GET /users/:id` — anyone: the public profile, or the private view for the owner and admins.
pub async fn show(
    State(app): State<App>,
    viewer: Option<Caller>,
    PathId(id): PathId,
) -> Result<Response> {
    let (user, audience) = directory::profile(&app.store, id, viewer.as_ref()).await?;
    Ok(ok(UserView::new(&user, audience)))
}

/// `GET /users` — any signed-in account: filtered list (`role`, `status`, `skills`,
/// `minRating`, `q`, `city`; `limit` with `cursor` or `page`).
pub async fn list(
    State(app): State<App>,
    me: Caller,
    Query(q): Query<Vec<(String, String)>>,
) -> Result<Response> {
    let (found, audience) = directory::list(&app.store, &me, q).await?;
    Ok(page(found.map(|u| UserView::new(&u, audience))))
}

/// `GET /users/technicians/nearby` — anyone: active technicians nearest first, each with
/// `distanceKm`.
pub async fn nearby(
    State(app): State<App>,
    _viewer: Option<Caller>,
    Query(q): Query<Vec<(String, String)>>,
) -> Result<Response> {
    let found = directory::nearby(&app.store, q).await?;
    Ok(page(found.map(|n| NearbyTechnician::from_nearby(&n))))
}
