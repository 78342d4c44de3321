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

use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;

pub use self::view::{BookingView, CancelledView};
use crate::api::envelope;
use crate::api::extract::{Json, PathId, Query};
use crate::api::openapi::{Envelope, ErrorEnvelope, IdPath, ListEnvelope};
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
use serde_json::Value;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The routes, to be nested at `/bookings`.
pub fn routes() -> OpenApiRouter<App> {
    OpenApiRouter::new()
        .routes(routes!(create, list))
        .routes(routes!(stats))
        .routes(routes!(show, cancel))
        .routes(routes!(set_status))
        .routes(routes!(assign_technician))
        .routes(routes!(quote))
        .routes(routes!(accept_quote))
        .routes(routes!(checkpoint))
        .routes(routes!(dispute))
        .routes(routes!(resolve))
        .routes(routes!(warranty_claim))
}

fn view(b: &crate::domain::booking::Booking) -> BookingView {
    BookingView::from(b)
}

/// Books a job: the customer (or corporate account) describes it; matching starts.
#[utoipa::path(
    post,
    path = "/",
    tag = "bookings",
    security(("bearer" = [])),
    request_body(content = Value, description = "{serviceCategory, description, serviceLocation: {coordinates: [lng, lat], address}, scheduledAt, urgency, budget?, technician?, photos?, estimatedDurationMinutes?, site?}"),
    responses(
        (status = 201, description = "The booking, `pending`, with its price estimate and status history", body = Envelope<BookingView>),
        (status = 403, description = "Only customers and corporate accounts book", body = ErrorEnvelope),
        (status = 404, description = "The technician asked for does not exist", body = ErrorEnvelope),
    )
)]
async fn create(
    State(app): State<App>,
    me: Caller,
    Json(body): Json<NewBooking>,
) -> Result<Response> {
    let b = service::create(&app, me.actor(), body).await?;
    Ok(envelope::created(view(&b)))
}

/// The bookings the caller may see, newest first (staff: every booking).
#[utoipa::path(
    get,
    path = "/",
    tag = "bookings",
    security(("bearer" = [])),
    params(ListQuery),
    responses(
        (status = 200, description = "A page of bookings", body = ListEnvelope<BookingView>),
    )
)]
async fn list(State(app): State<App>, me: Caller, Query(q): Query<ListQuery>) -> Result<Response> {
    let page = service::list(&app, me.actor(), &q).await?;
    Ok(envelope::list(page.map(|b| view(&b))))
}

/// Counts and sums of the caller's bookings (staff: all).
#[utoipa::path(
    get,
    path = "/stats",
    tag = "bookings",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "`{total, byStatus: {<status>: n}, spent|earned: Money, ...}`", body = Envelope<Value>),
    )
)]
async fn stats(State(app): State<App>, me: Caller) -> Result<Response> {
    Ok(envelope::ok(service::stats(&app, me.actor()).await?))
}

/// One booking, to its parties and staff.
#[utoipa::path(
    get,
    path = "/{id}",
    tag = "bookings",
    security(("bearer" = [])),
    params(IdPath),
    responses(
        (status = 200, description = "The booking", body = Envelope<BookingView>),
        (status = 404, description = "No such booking, or not one the caller may see", body = ErrorEnvelope),
    )
)]
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

/// Moves the booking to another status, as the transition table allows.
#[utoipa::path(
    put,
    path = "/{id}/status",
    tag = "bookings",
    security(("bearer" = [])),
    params(IdPath),
    responses(
        (status = 200, description = "The booking in its new status", body = Envelope<BookingView>),
        (status = 403, description = "The caller's role may not make this move", body = ErrorEnvelope),
        (status = 404, description = "No such booking, or not one the caller may see", body = ErrorEnvelope),
        (status = 409, description = "Not a move from the current status (INVALID_TRANSITION, `details.allowed` lists the moves there are) or the booking changed meanwhile", body = ErrorEnvelope),
    )
)]
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

#[derive(Debug, Deserialize, utoipa::IntoParams)]
struct CancelQuery {
    /// Why (kept in the status history).
    reason: Option<String>,
}

/// Cancels the booking; the fee depends on how late it is.
#[utoipa::path(
    delete,
    path = "/{id}",
    tag = "bookings",
    security(("bearer" = [])),
    params(IdPath, CancelQuery),
    responses(
        (status = 200, description = "The cancelled booking and the cancellation fee", body = Envelope<CancelledView>),
        (status = 403, description = "The caller's role may not make this move", body = ErrorEnvelope),
        (status = 404, description = "No such booking, or not one the caller may see", body = ErrorEnvelope),
        (status = 409, description = "Not a move from the current status (INVALID_TRANSITION, `details.allowed` lists the moves there are) or the booking changed meanwhile", body = ErrorEnvelope),
    )
)]
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

/// Assigns a technician: admins any, the customer one of the matched candidates.
#[utoipa::path(
    put,
    path = "/{id}/assign-technician",
    tag = "bookings",
    security(("bearer" = [])),
    params(IdPath),
    request_body(content = Value, description = "{technician}: the technician id"),
    responses(
        (status = 200, description = "The booking, `assigned`", body = Envelope<BookingView>),
        (status = 403, description = "Only admins, or the customer from the candidates", body = ErrorEnvelope),
        (status = 404, description = "No such booking, or not one the caller may see", body = ErrorEnvelope),
        (status = 409, description = "Not a move from the current status (INVALID_TRANSITION, `details.allowed` lists the moves there are) or the booking changed meanwhile", body = ErrorEnvelope),
    )
)]
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

/// The assigned technician (or an admin) quotes the price.
#[utoipa::path(
    put,
    path = "/{id}/pricing",
    tag = "bookings",
    security(("bearer" = [])),
    params(IdPath),
    responses(
        (status = 200, description = "The booking with the quote", body = Envelope<BookingView>),
        (status = 403, description = "Only the assigned technician or an admin", body = ErrorEnvelope),
        (status = 404, description = "No such booking, or not one the caller may see", body = ErrorEnvelope),
        (status = 409, description = "The booking is past quoting", body = ErrorEnvelope),
    )
)]
async fn quote(
    State(app): State<App>,
    me: Caller,
    PathId(id): PathId,
    Json(body): Json<QuoteRequest>,
) -> Result<Response> {
    let b = quotes::quote(&app, id, me.actor(), body).await?;
    Ok(envelope::ok(view(&b)))
}

/// The customer accepts the quoted price.
#[utoipa::path(
    post,
    path = "/{id}/pricing/accept",
    tag = "bookings",
    security(("bearer" = [])),
    params(IdPath),
    responses(
        (status = 200, description = "The booking with the accepted price", body = Envelope<BookingView>),
        (status = 403, description = "Only the customer side", body = ErrorEnvelope),
        (status = 404, description = "No such booking, or not one the caller may see", body = ErrorEnvelope),
        (status = 409, description = "There is no quote to accept", body = ErrorEnvelope),
    )
)]
async fn accept_quote(State(app): State<App>, me: Caller, PathId(id): PathId) -> Result<Response> {
    let b = quotes::accept(&app, id, me.actor()).await?;
    Ok(envelope::ok(view(&b)))
}

/// The assigned technician records a QA checkpoint (photos, notes).
#[utoipa::path(
    post,
    path = "/{id}/qa-checkpoint",
    tag = "bookings",
    security(("bearer" = [])),
    params(IdPath),
    responses(
        (status = 201, description = "The booking with the checkpoint", body = Envelope<BookingView>),
        (status = 403, description = "Only the assigned technician", body = ErrorEnvelope),
        (status = 404, description = "No such booking, or not one the caller may see", body = ErrorEnvelope),
        (status = 409, description = "Not while the booking is in this status", body = ErrorEnvelope),
    )
)]
async fn checkpoint(
    State(app): State<App>,
    me: Caller,
    PathId(id): PathId,
    Json(body): Json<CheckpointRequest>,
) -> Result<Response> {
    let b = service::record_checkpoint(&app, id, me.actor(), body).await?;
    Ok(envelope::created(view(&b)))
}

/// Opens a dispute on the booking.
#[utoipa::path(
    post,
    path = "/{id}/dispute",
    tag = "bookings",
    security(("bearer" = [])),
    params(IdPath),
    responses(
        (status = 201, description = "The booking, `disputed`", body = Envelope<BookingView>),
        (status = 403, description = "Only the parties and admins", body = ErrorEnvelope),
        (status = 404, description = "No such booking, or not one the caller may see", body = ErrorEnvelope),
        (status = 409, description = "Not a move from the current status (INVALID_TRANSITION, `details.allowed` lists the moves there are) or the booking changed meanwhile", body = ErrorEnvelope),
    )
)]
async fn dispute(
    State(app): State<App>,
    me: Caller,
    PathId(id): PathId,
    Json(body): Json<DisputeRequest>,
) -> Result<Response> {
    let moved = disputes::open(&app, id, me.actor(), body).await?;
    Ok(envelope::created(view(&moved.booking)))
}

/// An admin resolves the dispute (release, refund or split).
#[utoipa::path(
    post,
    path = "/{id}/dispute/resolve",
    tag = "bookings",
    security(("bearer" = [])),
    params(IdPath),
    responses(
        (status = 200, description = "The booking after the resolution", body = Envelope<BookingView>),
        (status = 403, description = "Admins only", body = ErrorEnvelope),
        (status = 404, description = "No such booking, or not one the caller may see", body = ErrorEnvelope),
        (status = 409, description = "The booking is not disputed", body = ErrorEnvelope),
    )
)]
async fn resolve(
    State(app): State<App>,
    me: Caller,
    PathId(id): PathId,
    Json(body): Json<ResolveDisputeInput>,
) -> Result<Response> {
    let r = settlement::resolve(&app, &me, id, body).await?;
    Ok(envelope::ok(view(&r.record)))
}

/// The customer claims under the warranty of finished work.
#[utoipa::path(
    post,
    path = "/{id}/warranty-claim",
    tag = "bookings",
    security(("bearer" = [])),
    params(IdPath),
    responses(
        (status = 201, description = "The booking with the claim", body = Envelope<BookingView>),
        (status = 403, description = "Only the customer side", body = ErrorEnvelope),
        (status = 404, description = "No such booking, or not one the caller may see", body = ErrorEnvelope),
        (status = 409, description = "No warranty, or it has expired", body = ErrorEnvelope),
    )
)]
async fn warranty_claim(
    State(app): State<App>,
    me: Caller,
    PathId(id): PathId,
    Json(body): Json<WarrantyClaimRequest>,
) -> Result<Response> {
    let moved = disputes::warranty_claim(&app, id, me.actor(), body).await?;
    Ok(envelope::created(view(&moved.booking)))
}
