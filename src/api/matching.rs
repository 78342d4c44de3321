//! `/api/v1/matching`: ranked technicians with the reasons for their rank, offers and the
//! technician's answer, and the customer's preferences and blocks. Handlers check the role,
//! parse the request and shape the answer; `services::matching` holds every rule.

use std::collections::{BTreeMap, HashMap};

use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use serde::{Deserialize, Serialize};

use super::envelope;
use super::extract::{Json, PathId, from_json_bytes};
use super::openapi::{Envelope, ErrorEnvelope};
use super::views::PublicUser;
use crate::app::App;
use crate::auth::{Caller, require_role};
use crate::domain::booking::matching::Factor;
use crate::domain::booking::{Booking, BookingStatus, MatchCandidate, MatchResponse};
use crate::domain::user::{Role, User};
use crate::domain::{GeoPoint, Id, Money, Timestamp};
use crate::error::{Error, FieldError, Result};
use crate::services::matching::{self, AdHocRequest, Matched, Preferences, Ranking};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

const CUSTOMER_SIDE: &[Role] = &[Role::Customer, Role::Corporate, Role::Admin];
const CUSTOMERS: &[Role] = &[Role::Customer, Role::Corporate];
const TECHNICIANS: &[Role] = &[Role::Technician, Role::Admin];

/// The matching routes, nested under `/api/v1/matching`.
pub fn routes() -> OpenApiRouter<App> {
    OpenApiRouter::new()
        .routes(routes!(find_technicians))
        .routes(routes!(set_preferences))
        .routes(routes!(block))
        .routes(routes!(assign))
        .routes(routes!(accept))
        .routes(routes!(reject))
}

/// An optional JSON body: empty means all defaults.
fn optional_body<T: for<'de> Deserialize<'de> + Default>(bytes: &Bytes) -> Result<T> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    from_json_bytes(bytes)
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct PreferencesBody {
    #[serde(default)]
    preferred_technicians: Vec<Id>,
    max_distance_km: Option<f64>,
    min_rating: Option<f64>,
    #[serde(default)]
    blocked_technicians: Vec<Id>,
}

impl From<PreferencesBody> for Preferences {
    fn from(p: PreferencesBody) -> Self {
        Preferences {
            preferred: p.preferred_technicians,
            max_distance_km: p.max_distance_km,
            min_rating: p.min_rating,
            blocked: p.blocked_technicians,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct LocationBody {
    /// `[lng, lat]`, GeoJSON order.
    coordinates: [f64; 2],
}

/// `{bookingId}` for a booking, or the job described inline; preferences apply to both.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct FindBody {
    booking_id: Option<Id>,
    service_category: Option<String>,
    service_location: Option<LocationBody>,
    scheduled_at: Option<Timestamp>,
    budget: Option<Money>,
    #[serde(default)]
    skills: Vec<String>,
    estimated_duration_minutes: Option<u32>,
    #[serde(default)]
    auto_assign: bool,
    #[serde(default)]
    preferences: PreferencesBody,
}

impl FindBody {
    /// The inline job and the preferences, every missing or invalid field reported at once.
    fn ad_hoc(self, now: Timestamp) -> Result<(AdHocRequest, Preferences)> {
        let mut errs = Vec::new();
        let category = self.service_category.unwrap_or_default().trim().to_string();
        if category.is_empty() || category.chars().count() > 60 {
            errs.push(FieldError::new(
                "serviceCategory",
                "is required (at most 60 characters) without bookingId",
            ));
        }
        let location = match self.service_location {
            None => {
                errs.push(FieldError::new(
                    "serviceLocation",
                    "is required without bookingId",
                ));
                None
            }
            Some(l) => GeoPoint::new(l.coordinates[0], l.coordinates[1])
                .map_err(|e| {
                    errs.extend(e.into_iter().map(|f| {
                        FieldError::new(format!("serviceLocation.{}", f.field), f.message)
                    }))
                })
                .ok(),
        };
        if self.skills.len() > 20
            || self
                .skills
                .iter()
                .any(|s| s.trim().is_empty() || s.len() > 60)
        {
            errs.push(FieldError::new(
                "skills",
                "at most 20 names of 1 to 60 characters",
            ));
        }
        if self.budget.is_some_and(|b| b.amount <= 0) {
            errs.push(FieldError::new("budget.amount", "must be positive"));
        }
        if self
            .estimated_duration_minutes
            .is_some_and(|m| m == 0 || m > 24 * 60 * 7)
        {
            errs.push(FieldError::new(
                "estimatedDurationMinutes",
                "must be between 1 and 10080",
            ));
        }
        match location {
            Some(location) if errs.is_empty() => Ok((
                AdHocRequest {
                    category,
                    location,
                    scheduled_at: self.scheduled_at.unwrap_or(now),
                    budget: self.budget,
                    skills: self.skills,
                    duration_minutes: self.estimated_duration_minutes,
                },
                Preferences::from(self.preferences),
            )),
            _ => Err(Error::Validation(errs)),
        }
    }
}

/// One ranked technician: the public profile, the score and its explanation.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
struct CandidateView {
    rank: usize,
    technician: Option<PublicUser>,
    technician_id: Id,
    score: f64,
    distance_km: f64,
    /// Points per factor; they add up to `score`.
    breakdown: BTreeMap<String, f64>,
    notified_at: Option<Timestamp>,
    responded_at: Option<Timestamp>,
    response: Option<MatchResponse>,
}

fn candidate_views(list: &[MatchCandidate], users: &HashMap<Id, User>) -> Vec<CandidateView> {
    list.iter()
        .enumerate()
        .map(|(i, c)| CandidateView {
            rank: i + 1,
            technician: users.get(&c.technician).map(PublicUser::from),
            technician_id: c.technician,
            score: c.score,
            distance_km: c.distance_km,
            breakdown: c.breakdown.clone(),
            notified_at: c.notified_at,
            responded_at: c.responded_at,
            response: c.response,
        })
        .collect()
}

/// Matching state of a booking as its customer sees it.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
struct MatchingView {
    booking_id: Id,
    booking_number: String,
    status: BookingStatus,
    /// Who the booking is offered to (or who accepted it).
    technician: Option<Id>,
    attempts: u32,
    started_at: Option<Timestamp>,
    expires_at: Option<Timestamp>,
    blocked_technicians: Vec<Id>,
    candidates: Vec<CandidateView>,
    weights: BTreeMap<&'static str, f64>,
}

fn weights(app: &App) -> BTreeMap<&'static str, f64> {
    let w = app.config.matching.weights;
    Factor::ALL
        .iter()
        .map(|f| (f.as_str(), w.max_points(*f)))
        .collect()
}

fn matching_view(app: &App, m: &Matched) -> MatchingView {
    let b = &m.booking;
    MatchingView {
        booking_id: b.id,
        booking_number: b.booking_number.clone(),
        status: b.status,
        technician: b.technician,
        attempts: b.matching.attempts,
        started_at: b.matching.started_at,
        expires_at: b.matching.expires_at,
        blocked_technicians: b.matching.blocked_technicians.clone(),
        candidates: candidate_views(&b.matching.candidates, &m.technicians),
        weights: weights(app),
    }
}

/// A search without a booking.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
struct RankingView {
    search_radius_km: f64,
    candidates: Vec<CandidateView>,
    weights: BTreeMap<&'static str, f64>,
}

fn ranking_view(app: &App, r: Ranking) -> RankingView {
    let list: Vec<MatchCandidate> = r.ranked.into_iter().map(|s| s.into_candidate()).collect();
    RankingView {
        search_radius_km: r.search_radius_km,
        candidates: candidate_views(&list, &r.technicians),
        weights: weights(app),
    }
}

/// What the technician sees after answering: not who is offered the job next.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
struct AnswerView {
    booking_id: Id,
    booking_number: String,
    status: BookingStatus,
    response: MatchResponse,
}

fn answer_view(b: &Booking, response: MatchResponse) -> AnswerView {
    AnswerView {
        booking_id: b.id,
        booking_number: b.booking_number.clone(),
        status: b.status,
        response,
    }
}

/// The answer of `POST /matching/find-technicians`: for a booking or for an inline job.
#[derive(Serialize, ToSchema)]
#[serde(untagged)]
#[expect(
    dead_code,
    reason = "describes the answer in the OpenAPI document; the handler writes either view"
)]
enum FindAnswer {
    Booking(MatchingView),
    AdHoc(RankingView),
}

/// `POST /matching/find-technicians`: rank technicians for a booking (stored on it, matching
/// starts; `autoAssign` offers the best at once) or for a job described inline (nothing stored).
#[utoipa::path(
    post,
    path = "/find-technicians",
    tag = "matching",
    security(("bearer" = [])),
    request_body(content = Value, description = "{bookingId} to rank for a booking (stored; matching starts; autoAssign offers the best at once), or a job described inline: {serviceCategory, serviceLocation: {coordinates: [lng, lat]}, scheduledAt?, budget?, skills?, estimatedDurationMinutes?}; either with preferences {preferredTechnicians, maxDistanceKm, minRating, blockedTechnicians}"),
    responses(
        (status = 200, description = "The ranking: the booking's matching state with `bookingId`, or the inline search's with `searchRadiusKm`", body = Envelope<FindAnswer>),
        (status = 403, description = "Customers, corporate accounts and admins only", body = ErrorEnvelope),
        (status = 404, description = "No such booking, or not the caller's", body = ErrorEnvelope),
        (status = 409, description = "The booking is past matching", body = ErrorEnvelope),
    )
)]
async fn find_technicians(
    State(app): State<App>,
    me: Caller,
    Json(body): Json<FindBody>,
) -> Result<Response> {
    require_role(&me, CUSTOMER_SIDE)?;
    let now = Timestamp::now();
    match body.booking_id {
        Some(id) => {
            let prefs = Preferences::from(body.preferences);
            let m = matching::find_for_booking(&app, me.actor(), id, &prefs, body.auto_assign, now)
                .await?;
            Ok(envelope::ok(matching_view(&app, &m)))
        }
        None => {
            let (req, prefs) = body.ad_hoc(now)?;
            let r = matching::find_ad_hoc(&app, me.actor(), req, &prefs, now).await?;
            Ok(envelope::ok(ranking_view(&app, r)))
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct PreferencesRequest {
    booking_id: Id,
    #[serde(flatten)]
    preferences: PreferencesBody,
}

/// `PUT /matching/preferences`: re-rank a booking's candidates with the customer's
/// preferences; blocked technicians stay blocked on the booking.
#[utoipa::path(
    put,
    path = "/preferences",
    tag = "matching",
    security(("bearer" = [])),
    request_body(content = Value, description = "{bookingId, preferredTechnicians?, maxDistanceKm?, minRating?, blockedTechnicians?}"),
    responses(
        (status = 200, description = "The booking's candidates re-ranked", body = Envelope<MatchingView>),
        (status = 403, description = "Customers and corporate accounts only", body = ErrorEnvelope),
        (status = 404, description = "No such booking, or not the caller's", body = ErrorEnvelope),
        (status = 409, description = "The booking is past matching", body = ErrorEnvelope),
    )
)]
async fn set_preferences(
    State(app): State<App>,
    me: Caller,
    Json(body): Json<PreferencesRequest>,
) -> Result<Response> {
    require_role(&me, CUSTOMERS)?;
    let prefs = Preferences::from(body.preferences);
    let m = matching::find_for_booking(
        &app,
        me.actor(),
        body.booking_id,
        &prefs,
        false,
        Timestamp::now(),
    )
    .await?;
    Ok(envelope::ok(matching_view(&app, &m)))
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct BlockBody {
    booking_id: Option<Id>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
struct BlockView {
    technician_id: Id,
    /// The bookings the block was recorded on.
    bookings: Vec<Id>,
}

/// `POST /matching/block/:technicianId` `{bookingId?}`: never offer this customer's booking
/// (or every open booking of theirs) to the technician; a current offer is withdrawn.
#[utoipa::path(
    post,
    path = "/block/{technician_id}",
    tag = "matching",
    security(("bearer" = [])),
    params(("technician_id" = crate::domain::Id, Path, description = "The technician to block")),
    request_body(content = Value, description = "Optional {bookingId}: one booking; without it every open booking of the caller"),
    responses(
        (status = 200, description = "The bookings the block was recorded on", body = Envelope<BlockView>),
        (status = 403, description = "Customers and corporate accounts only", body = ErrorEnvelope),
        (status = 404, description = "No such technician or booking", body = ErrorEnvelope),
    )
)]
async fn block(
    State(app): State<App>,
    me: Caller,
    PathId(id): PathId,
    body: Bytes,
) -> Result<Response> {
    require_role(&me, CUSTOMERS)?;
    let technician = id;
    let body: BlockBody = optional_body(&body)?;
    let done = matching::block(
        &app,
        me.actor(),
        technician,
        body.booking_id,
        Timestamp::now(),
    )
    .await?;
    Ok(envelope::ok(BlockView {
        technician_id: technician,
        bookings: done.iter().map(|b| b.id).collect(),
    }))
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct AssignBody {
    technician_id: Option<Id>,
}

/// `POST /matching/:bookingId/assign` `{technicianId?}`: the customer offers the booking to
/// one of its candidates, or without a technician the system offers it to the best one.
#[utoipa::path(
    post,
    path = "/{booking_id}/assign",
    tag = "matching",
    security(("bearer" = [])),
    params(("booking_id" = crate::domain::Id, Path, description = "The booking's id")),
    request_body(content = Value, description = "Optional {technicianId}: one of the candidates; without it the best one"),
    responses(
        (status = 200, description = "The matching state with the offer made", body = Envelope<MatchingView>),
        (status = 403, description = "Customers, corporate accounts and admins only", body = ErrorEnvelope),
        (status = 404, description = "No such booking, or not the caller's", body = ErrorEnvelope),
        (status = 409, description = "Not a candidate, or the booking is past matching", body = ErrorEnvelope),
    )
)]
async fn assign(
    State(app): State<App>,
    me: Caller,
    PathId(id): PathId,
    body: Bytes,
) -> Result<Response> {
    require_role(&me, CUSTOMER_SIDE)?;
    let body: AssignBody = optional_body(&body)?;
    let now = Timestamp::now();
    let m = match body.technician_id {
        Some(t) => matching::pick(&app, me.actor(), id, t, now).await?,
        None => matching::auto_assign(&app, me.actor(), id, now).await?,
    };
    Ok(envelope::ok(matching_view(&app, &m)))
}

/// `POST /matching/:bookingId/accept`: the offered technician takes the job.
#[utoipa::path(
    post,
    path = "/{booking_id}/accept",
    tag = "matching",
    security(("bearer" = [])),
    params(("booking_id" = crate::domain::Id, Path, description = "The booking's id")),
    responses(
        (status = 200, description = "The job is the technician's", body = Envelope<AnswerView>),
        (status = 403, description = "Technicians only, and only the one offered the job", body = ErrorEnvelope),
        (status = 404, description = "No such booking, or not the caller's", body = ErrorEnvelope),
        (status = 409, description = "The offer is gone (expired, withdrawn or taken)", body = ErrorEnvelope),
    )
)]
async fn accept(State(app): State<App>, me: Caller, PathId(id): PathId) -> Result<Response> {
    require_role(&me, TECHNICIANS)?;
    let b = matching::accept(&app, me.actor(), id, Timestamp::now()).await?;
    Ok(envelope::ok(answer_view(&b, MatchResponse::Accepted)))
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RejectBody {
    reason: Option<String>,
}

/// `POST /matching/:bookingId/reject` `{reason?}`: the offered technician declines; the next
/// candidate is offered the job.
#[utoipa::path(
    post,
    path = "/{booking_id}/reject",
    tag = "matching",
    security(("bearer" = [])),
    params(("booking_id" = crate::domain::Id, Path, description = "The booking's id")),
    request_body(content = Value, description = "Optional {reason} (at most 500 characters)"),
    responses(
        (status = 200, description = "Declined; the next candidate is offered the job", body = Envelope<AnswerView>),
        (status = 403, description = "Technicians only, and only the one offered the job", body = ErrorEnvelope),
        (status = 404, description = "No such booking, or not the caller's", body = ErrorEnvelope),
        (status = 409, description = "The offer is gone", body = ErrorEnvelope),
    )
)]
async fn reject(
    State(app): State<App>,
    me: Caller,
    PathId(id): PathId,
    body: Bytes,
) -> Result<Response> {
    require_role(&me, TECHNICIANS)?;
    let body: RejectBody = optional_body(&body)?;
    if body
        .reason
        .as_deref()
        .is_some_and(|r| r.chars().count() > 500)
    {
        return Err(Error::validation(
            "reason",
            "must be at most 500 characters",
        ));
    }
    let b = matching::reject(&app, me.actor(), id, body.reason, Timestamp::now()).await?;
    Ok(envelope::ok(answer_view(&b, MatchResponse::Declined)))
}
