//! Profiles and the directory: the caller's own account, one profile, the user list and the
//! nearby-technician search.

use axum::extract::State;
use axum::response::Response;
use serde_json::Value;

use crate::api::envelope::{list as page, ok};
use crate::api::extract::Paging;
use crate::api::extract::{Json, PathId, Query};
use crate::api::openapi::{
    Envelope, ErrorEnvelope, IdPath, ListEnvelope, NearbySearch, UserFilters,
};
use crate::api::views::user::UserView;
use crate::api::views::{NearbyTechnician, PrivateUser};
use crate::app::App;
use crate::auth::Caller;
use crate::error::Result;
use crate::services::users::{self, directory, profile};

/// `GET /users/me` — the signed-in account holder: their private view.
#[utoipa::path(
    get,
    path = "/me",
    tag = "users",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The private view of the account", body = Envelope<PrivateUser>),
    )
)]
pub async fn me(State(app): State<App>, me: Caller) -> Result<Response> {
    let user = users::own_account(&app.store, &me).await?;
    Ok(ok(PrivateUser::from(&user)))
}

/// `PUT /users/me` — the signed-in account holder: changes the whitelisted profile fields.
#[utoipa::path(
    put,
    path = "/me",
    tag = "users",
    security(("bearer" = [])),
    request_body(content = Value, description = "The profile fields to change: firstName, lastName, username, location, profile {avatar, bio, businessName, gender, dateOfBirth, language}, technician {skills, serviceCategories, hourlyRate, serviceRadiusKm}, corporate {...}; security fields are refused"),
    responses(
        (status = 200, description = "The changed account", body = Envelope<PrivateUser>),
        (status = 403, description = "The account is suspended or banned", body = ErrorEnvelope),
        (status = 409, description = "The username is taken", body = ErrorEnvelope),
    )
)]
pub async fn update_me(
    State(app): State<App>,
    me: Caller,
    Json(body): Json<Value>,
) -> Result<Response> {
    let user = profile::update_me(&app.store, &me, body).await?;
    Ok(ok(PrivateUser::from(&user)))
}

/// `GET /users/:id` — anyone: the public profile, or the private view for the owner and admins.
#[utoipa::path(
    get,
    path = "/{id}",
    tag = "users",
    security((), ("bearer" = [])),
    params(IdPath),
    responses(
        (status = 200, description = "The public profile, or the private view for the owner and admins", body = Envelope<UserView>),
        (status = 404, description = "No such user", body = ErrorEnvelope),
    )
)]
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
#[utoipa::path(
    get,
    path = "/",
    tag = "users",
    security(("bearer" = [])),
    params(UserFilters, Paging),
    responses(
        (status = 200, description = "A page of accounts (admins: private views)", body = ListEnvelope<UserView>),
    )
)]
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
#[utoipa::path(
    get,
    path = "/technicians/nearby",
    tag = "users",
    security((), ("bearer" = [])),
    params(NearbySearch),
    responses(
        (status = 200, description = "Active technicians nearest first, each with `distanceKm`", body = ListEnvelope<NearbyTechnician>),
    )
)]
pub async fn nearby(
    State(app): State<App>,
    _viewer: Option<Caller>,
    Query(q): Query<Vec<(String, String)>>,
) -> Result<Response> {
    let found = directory::nearby(&app.store, q).await?;
    Ok(page(found.map(|n| NearbyTechnician::from_nearby(&n))))
}
