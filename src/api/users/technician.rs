//! Technicians' portfolio and availability: public to read, edited only by the technician
//! through `/users/me/...`.

use axum::extract::State;
use axum::response::Response;
use serde_json::{Value, json};

use crate::api::envelope::{created, ok};
use crate::api::extract::{Json, PathId};
use crate::app::App;
use crate::auth::Caller;
use crate::error::Result;
use crate::services::users::{availability as avail, portfolio as items};

/// `GET /users/:id/portfolio` — anyone.
pub async fn portfolio(State(app): State<App>, PathId(id): PathId) -> Result<Response> {
    Ok(ok(items::list(&app.store, id).await?))
}

/// `GET /users/me/portfolio` — technicians: their own portfolio.
pub async fn my_portfolio(State(app): State<App>, me: Caller) -> Result<Response> {
    Ok(ok(items::own(&app.store, &me).await?))
}

/// `POST /users/me/portfolio` — technicians: adds an item (201).
pub async fn add_item(
    State(app): State<App>,
    me: Caller,
    Json(body): Json<Value>,
) -> Result<Response> {
    Ok(created(items::add(&app.store, &me, body).await?))
}

/// `PUT /users/me/portfolio/:itemId` — technicians: changes one of their items.
pub async fn update_item(
    State(app): State<App>,
    me: Caller,
    PathId(item): PathId,
    Json(body): Json<Value>,
) -> Result<Response> {
    Ok(ok(items::update(&app.store, &me, item, body).await?))
}

/// `DELETE /users/me/portfolio/:itemId` — technicians: removes one of their items.
pub async fn remove_item(
    State(app): State<App>,
    me: Caller,
    PathId(item): PathId,
) -> Result<Response> {
    items::remove(&app.store, &me, item).await?;
    Ok(ok(json!({ "_id": item, "deleted": true })))
}

/// `GET /users/:id/availability` — anyone.
pub async fn availability(State(app): State<App>, PathId(id): PathId) -> Result<Response> {
    Ok(ok(avail::get(&app.store, id).await?))
}

/// `GET /users/me/availability` — technicians: their own.
pub async fn my_availability(State(app): State<App>, me: Caller) -> Result<Response> {
    Ok(ok(avail::own(&app.store, &me).await?))
}

/// `PUT /users/me/availability` — technicians: replaces the parts sent.
pub async fn set_availability(
    State(app): State<App>,
    me: Caller,
    Json(body): Json<Value>,
) -> Result<Response> {
    Ok(ok(avail::update(&app.store, &me, body).await?))
}
