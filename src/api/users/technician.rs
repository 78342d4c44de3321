//! Technicians' portfolio and availability: public to read, edited only by the technician
//! through `/users/me/...`.

use axum::extract::State;
use axum::response::Response;
use serde_json::{Value, json};

use crate::api::envelope::{created, ok};
use crate::api::extract::{Json, PathId};
use crate::api::openapi::{Envelope, ErrorEnvelope, IdPath};
use crate::app::App;
use crate::auth::Caller;
use crate::domain::user::{Availability, PortfolioItem};
use crate::error::Result;
use crate::services::users::{availability as avail, portfolio as items};

/// `GET /users/:id/portfolio` — anyone.
#[utoipa::path(
    get,
    path = "/{id}/portfolio",
    tag = "users",
    params(IdPath),
    responses(
        (status = 200, description = "The technician's portfolio", body = Envelope<Vec<PortfolioItem>>),
        (status = 404, description = "No such user", body = ErrorEnvelope),
    )
)]
pub async fn portfolio(State(app): State<App>, PathId(id): PathId) -> Result<Response> {
    Ok(ok(items::list(&app.store, id).await?))
}

/// `GET /users/me/portfolio` — technicians: their own portfolio.
#[utoipa::path(
    get,
    path = "/me/portfolio",
    tag = "users",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The caller's portfolio", body = Envelope<Vec<PortfolioItem>>),
        (status = 403, description = "Technicians only", body = ErrorEnvelope),
    )
)]
pub async fn my_portfolio(State(app): State<App>, me: Caller) -> Result<Response> {
    Ok(ok(items::own(&app.store, &me).await?))
}

/// `POST /users/me/portfolio` — technicians: adds an item (201).
#[utoipa::path(
    post,
    path = "/me/portfolio",
    tag = "users",
    security(("bearer" = [])),
    request_body(content = Value, description = "{title, description?, images?, category?, completedAt?, booking?}"),
    responses(
        (status = 201, description = "The new item", body = Envelope<PortfolioItem>),
        (status = 403, description = "Technicians only", body = ErrorEnvelope),
        (status = 409, description = "The portfolio is full", body = ErrorEnvelope),
    )
)]
pub async fn add_item(
    State(app): State<App>,
    me: Caller,
    Json(body): Json<Value>,
) -> Result<Response> {
    Ok(created(items::add(&app.store, &me, body).await?))
}

/// `PUT /users/me/portfolio/:itemId` — technicians: changes one of their items.
#[utoipa::path(
    put,
    path = "/me/portfolio/{item_id}",
    tag = "users",
    security(("bearer" = [])),
    params(("item_id" = crate::domain::Id, Path, description = "The portfolio item's id")),
    request_body(content = Value, description = "The item fields to change"),
    responses(
        (status = 200, description = "The changed item", body = Envelope<PortfolioItem>),
        (status = 403, description = "Technicians only", body = ErrorEnvelope),
        (status = 404, description = "No such item in the caller's portfolio", body = ErrorEnvelope),
    )
)]
pub async fn update_item(
    State(app): State<App>,
    me: Caller,
    PathId(item): PathId,
    Json(body): Json<Value>,
) -> Result<Response> {
    Ok(ok(items::update(&app.store, &me, item, body).await?))
}

/// `DELETE /users/me/portfolio/:itemId` — technicians: removes one of their items.
#[utoipa::path(
    delete,
    path = "/me/portfolio/{item_id}",
    tag = "users",
    security(("bearer" = [])),
    params(("item_id" = crate::domain::Id, Path, description = "The portfolio item's id")),
    responses(
        (status = 200, description = "`{_id, deleted: true}`", body = Envelope<Value>),
        (status = 403, description = "Technicians only", body = ErrorEnvelope),
        (status = 404, description = "No such item in the caller's portfolio", body = ErrorEnvelope),
    )
)]
pub async fn remove_item(
    State(app): State<App>,
    me: Caller,
    PathId(item): PathId,
) -> Result<Response> {
    items::remove(&app.store, &me, item).await?;
    Ok(ok(json!({ "_id": item, "deleted": true })))
}

/// `GET /users/:id/availability` — anyone.
#[utoipa::path(
    get,
    path = "/{id}/availability",
    tag = "users",
    params(IdPath),
    responses(
        (status = 200, description = "The technician's working hours", body = Envelope<Availability>),
        (status = 404, description = "No such user", body = ErrorEnvelope),
    )
)]
pub async fn availability(State(app): State<App>, PathId(id): PathId) -> Result<Response> {
    Ok(ok(avail::get(&app.store, id).await?))
}

/// `GET /users/me/availability` — technicians: their own.
#[utoipa::path(
    get,
    path = "/me/availability",
    tag = "users",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The caller's working hours", body = Envelope<Availability>),
        (status = 403, description = "Technicians only", body = ErrorEnvelope),
    )
)]
pub async fn my_availability(State(app): State<App>, me: Caller) -> Result<Response> {
    Ok(ok(avail::own(&app.store, &me).await?))
}

/// `PUT /users/me/availability` — technicians: replaces the parts sent.
#[utoipa::path(
    put,
    path = "/me/availability",
    tag = "users",
    security(("bearer" = [])),
    request_body(content = Value, description = "Any of {weekly: [{day, slots: [{start: HH:MM, end: HH:MM}]}], timeOff: [{from, to, reason?}], availableNow, timezone}"),
    responses(
        (status = 200, description = "The working hours after the change", body = Envelope<Availability>),
        (status = 403, description = "Technicians only", body = ErrorEnvelope),
    )
)]
pub async fn set_availability(
    State(app): State<App>,
    me: Caller,
    Json(body): Json<Value>,
) -> Result<Response> {
    Ok(ok(avail::update(&app.store, &me, body).await?))
}
