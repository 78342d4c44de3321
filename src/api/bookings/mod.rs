//! `/api/v1/bookings`: create, read, list, move through the state machine, cancel, quote and
//! accept prices, record QA checkpoints, dispute and settle, claim under warranty, statistics.
//!
//! Handlers only authenticate, decode and call `services::bookings`, which owns every rule
//! (who may see a booking, who may make which move, what a move does). Who may call what:
//!
//! | route | who |
//! |---|---|
//! | `POST /` | customers and corporate accounts |
//! | `GET /`, `GET /stats` | anyone signed in; each sees their own (staff: everything) |
//! | `GET /:id` | the customer, corporate account, assigned technician, admins and support; others get 404 |
//! | `PUT /:id/status`, `DELETE /:id` | whoever the transition table allows (403 otherwise, 409 for a move that does not exist) |
//! | `PUT /:id/assign-technician` | admins; the customer (from the matched candidates) |
//! | `PUT /:id/pricing` | the assigned technician, admins |
//! | `POST /:id/pricing/accept` | the customer or corporate account |
//! | `POST /:id/qa-checkpoint` | the assigned technician |
//! | `POST /:id/dispute` | the customer side, the assigned technician, admins |
//! | `POST /:id/dispute/resolve` | admins |
//! | `POST /:id/warranty-claim` | the customer or corporate account |

mod view;

use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::{get, post, put};
use serde::Deserialize;

pub use self::view::{BookingView, CancelledView};
use crate::api::envelope;
use crate::api::extract::{Json, PathId, Query};
use crate::app::App;
use crate::auth::Caller;
use crate::domain::Id;
use crate::domain::booking::BookingStatus;
use crate::domain::money::Money;
use crate::error::{Error, Result};
use crate::services::bookings::{
    self as service, CheckpointRequest, DisputeRequest, ListQuery, NewBooking, QuoteRequest,
    WarrantyClaimRequest, disputes, quotes,
};
use crate::services::disputes::{self as settlement, ResolveDisputeInput};
use crate::services::input::{Field, Problems};

/// The routes, to be nested at `/bookings`.
pub fn routes() -> Router<App> {
    Router::new()
        .route("/", post(create).get(list))
        .route("/stats", get(stats))
        .route("/{id}", get(show).delete(cancel))
        .route("/{id}/status", put(set_status))
        .route("/{id}/assign-technician", put(assign_technician))
        .route("/{id}/pricing", put(quote))
        .route("/{id}/pricing/accept", post(accept_quote))
        .route("/{id}/qa-checkpoint", post(checkpoint))
        .route("/{id}/dispute", post(dispute))
        .route("/{id}/dispute/resolve", post(resolve))
        .route("/{id}/warranty-claim", post(warranty_claim))
}

fn view(b: &crate::domain::booking::Booking) -> BookingView {
    BookingView::from(b)
}

async fn create(
    State(app): State<App>,
    me: Caller,
    Json(body): Json<NewBooking>,
) -> Result<Response> {
    let b = service::create(&app, me.actor(), body).await?;
    Ok(envelope::created(view(&b)))
}

async fn list(State(app): State<App>, me: Caller, Query(q): Query<ListQuery>) -> Result<Response> {
    let page = service::list(&app, me.actor(), &q).await?;
    Ok(envelope::list(page.map(|b| view(&b))))
}

async fn stats(State(app): State<App>, me: Caller) -> Result<Response> {
    Ok(envelope::ok(service::stats(&app, me.actor()).await?))
}

async fn show(State(app): State<App>, me: Caller, PathId(id): PathId) -> Result<Response> {
    let b = service::get(&app, id, me.actor()).await?;
    Ok(envelope::ok(view(&b)))
}

/// `PUT /bookings/:id/status` as sent.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct BookingStatusInput {
    /// The state to move to (`accepted`, `en_route`, `cancelled`, ...).
    #[schema(value_type = String)]
    pub status: Field<String>,
    /// Why (kept in the status history).
    #[schema(value_type = Option<String>)]
    pub reason: Field<String>,
}

async fn set_status(
    State(app): State<App>,
    me: Caller,
    PathId(id): PathId,
    Json(body): Json<BookingStatusInput>,
) -> Result<Response> {
    let mut p = Problems::new();
    let to = match body.status.read(&mut p, "status") {
        Some(s) => s.as_deref().and_then(BookingStatus::parse).or_else(|| {
            let all: Vec<_> = BookingStatus::ALL.iter().map(|s| s.as_str()).collect();
            p.push("status", format!("must be one of {}", all.join(", ")));
            None
        }),
        None => None,
    };
    let reason = body.reason.optional(&mut p, "reason");
    let to = p.finish_with(to)?;
    let b = service::transition(&app, id, to, me.actor(), reason).await?;
    Ok(envelope::ok(view(&b)))
}

#[derive(Debug, Deserialize)]
struct CancelQuery {
    reason: Option<String>,
}

async fn cancel(
    State(app): State<App>,
    me: Caller,
    PathId(id): PathId,
    Query(q): Query<CancelQuery>,
) -> Result<Response> {
    let moved = service::transition_with(
        &app,
        id,
        BookingStatus::Cancelled,
        me.actor(),
        q.reason,
        Default::default(),
    )
    .await?;
    let fee = moved
        .booking
        .cancellation
        .as_ref()
        .map_or(Money::kes(0), |c| c.fee);
    Ok(envelope::ok(CancelledView {
        booking: view(&moved.booking),
        cancellation_fee: fee,
        fee_rule: moved.fee_rule,
    }))
}

#[derive(Debug, Deserialize)]
struct AssignBody {
    technician: Option<String>,
}

async fn assign_technician(
    State(app): State<App>,
    me: Caller,
    PathId(id): PathId,
    Json(body): Json<AssignBody>,
) -> Result<Response> {
    let tech = body
        .technician
        .as_deref()
        .and_then(Id::parse)
        .ok_or_else(|| Error::validation("technician", "must be a 24-character hexadecimal id"))?;
    let moved = service::assign_technician(&app, id, me.actor(), tech).await?;
    Ok(envelope::ok(view(&moved.booking)))
}

async fn quote(
    State(app): State<App>,
    me: Caller,
    PathId(id): PathId,
    Json(body): Json<QuoteRequest>,
) -> Result<Response> {
    let b = quotes::quote(&app, id, me.actor(), body).await?;
    Ok(envelope::ok(view(&b)))
}

async fn accept_quote(State(app): State<App>, me: Caller, PathId(id): PathId) -> Result<Response> {
    let b = quotes::accept(&app, id, me.actor()).await?;
    Ok(envelope::ok(view(&b)))
}

async fn checkpoint(
    State(app): State<App>,
    me: Caller,
    PathId(id): PathId,
    Json(body): Json<CheckpointRequest>,
) -> Result<Response> {
    let b = service::record_checkpoint(&app, id, me.actor(), body).await?;
    Ok(envelope::created(view(&b)))
}

async fn dispute(
    State(app): State<App>,
    me: Caller,
    PathId(id): PathId,
    Json(body): Json<DisputeRequest>,
) -> Result<Response> {
    let moved = disputes::open(&app, id, me.actor(), body).await?;
    Ok(envelope::created(view(&moved.booking)))
}

async fn resolve(
    State(app): State<App>,
    me: Caller,
    PathId(id): PathId,
    Json(body): Json<ResolveDisputeInput>,
) -> Result<Response> {
    let r = settlement::resolve(&app, &me, id, body).await?;
    Ok(envelope::ok(view(&r.record)))
}

async fn warranty_claim(
    State(app): State<App>,
    me: Caller,
    PathId(id): PathId,
    Json(body): Json<WarrantyClaimRequest>,
) -> Result<Response> {
    let moved = disputes::warranty_claim(&app, id, me.actor(), body).await?;
    Ok(envelope::created(view(&moved.booking)))
}
