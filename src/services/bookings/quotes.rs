//! Prices of bookings: the technician's quote, and the customer's acceptance that must come
//! before work starts. The estimate they start from is [`super::estimate`]'s.

use serde::Deserialize;

use crate::services::input::{Field, Problems};

use super::access;
use super::catalog;
use super::engine::update_with;
use super::estimate::rates;
use crate::app::App;
use crate::domain::booking::pricing::{self, PriceInput};
use crate::domain::booking::{Actor, Booking, BookingStatus};
use crate::domain::money::{Currency, Money};
use crate::domain::user::Role;
use crate::domain::{Id, Timestamp};
use crate::error::{Error, FieldError, Result};
use crate::realtime::BookingChange;

/// States in which the price may still change: a technician is assigned and work has not
/// started.
pub const QUOTABLE: &[BookingStatus] = &[
    BookingStatus::Assigned,
    BookingStatus::Accepted,
    BookingStatus::EnRoute,
    BookingStatus::Arrived,
];

/// The longest job a quote may describe: ten working days of eight hours.
pub const MAX_DURATION_MINUTES: u32 = 10 * 8 * 60;

/// A technician's price for the job. Labour is either a fixed amount or an hourly rate times
/// the duration; anything left out falls back to the estimate's basis.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default, rename_all = "camelCase")]
pub struct QuoteRequest {
    #[schema(value_type = Option<Object>)]
    pub labour: Field<Money>,
    #[schema(value_type = Option<Object>)]
    pub hourly_rate: Field<Money>,
    #[schema(value_type = Option<u32>)]
    pub estimated_duration_minutes: Field<u32>,
    #[schema(value_type = Option<Object>)]
    pub materials: Field<Money>,
    #[schema(value_type = Option<Object>)]
    pub travel: Field<Money>,
    #[schema(value_type = Option<Object>)]
    pub discount: Field<Money>,
}

/// A [`QuoteRequest`] whose every field had the right type.
struct Quote {
    labour: Option<Money>,
    hourly_rate: Option<Money>,
    estimated_duration_minutes: Option<u32>,
    materials: Option<Money>,
    travel: Option<Money>,
    discount: Option<Money>,
}

/// The assigned technician (or an admin) prices the job before work starts. The new price
/// replaces any earlier one and waits for the customer's acceptance.
pub async fn quote(app: &App, id: Id, actor: Actor, req: QuoteRequest) -> Result<Booking> {
    let mut p = Problems::default();
    let req = Quote {
        labour: req.labour.optional(&mut p, "labour"),
        hourly_rate: req.hourly_rate.optional(&mut p, "hourlyRate"),
        estimated_duration_minutes: req
            .estimated_duration_minutes
            .optional(&mut p, "estimatedDurationMinutes"),
        materials: req.materials.optional(&mut p, "materials"),
        travel: req.travel.optional(&mut p, "travel"),
        discount: req.discount.optional(&mut p, "discount"),
    };
    let mut errs = p.into_errors();
    if req.labour.is_some() && req.hourly_rate.is_some() {
        errs.push(FieldError::new(
            "hourlyRate",
            "give labour or hourlyRate, not both",
        ));
    }
    if let Some(m) = req.estimated_duration_minutes
        && !(1..=MAX_DURATION_MINUTES).contains(&m)
    {
        errs.push(FieldError::new(
            "estimatedDurationMinutes",
            format!("must be from 1 to {MAX_DURATION_MINUTES}"),
        ));
    }
    if let Some(r) = req.hourly_rate
        && (r.amount <= 0 || r.currency != Currency::Kes)
    {
        errs.push(FieldError::new(
            "hourlyRate",
            "must be a positive amount in KES",
        ));
    }
    for (field, m) in [
        ("labour", req.labour),
        ("materials", req.materials),
        ("travel", req.travel),
        ("discount", req.discount),
    ] {
        match m {
            Some(m) if m.currency != Currency::Kes => {
                errs.push(FieldError::new(field, "must be in KES"))
            }
            Some(m) if m.amount < 0 => errs.push(FieldError::new(field, "may not be negative")),
            Some(m) if m.amount > pricing::MAX_AMOUNT_MINOR => {
                errs.push(FieldError::new(field, "is too large"))
            }
            // A quote is a money input: bounded like every other (`MONEY_MAX_*`).
            Some(m) => {
                if let Some(why) = app.config.bookings.money_limits.problem(m) {
                    errs.push(FieldError::new(field, why))
                }
            }
            None => {}
        }
    }
    if !errs.is_empty() {
        return Err(Error::Validation(errs));
    }
    let rates = rates(&app.config);
    let by = actor.id();
    update_with(app, id, actor, BookingChange::PricingQuoted, |b, _now| {
        if !(access::is_assigned_technician(b, actor) || actor.role() == Some(Role::Admin)) {
            return Err(Error::Forbidden(
                "only the assigned technician may quote".into(),
            ));
        }
        if !QUOTABLE.contains(&b.status) {
            return Err(Error::Unprocessable(format!(
                "the price can change only before work starts (the booking is {})",
                b.status
            )));
        }
        let category = catalog::rules(&b.service_category);
        let minutes = req
            .estimated_duration_minutes
            .or(b.estimated_duration_minutes)
            .unwrap_or(category.duration_minutes);
        let labour = match (req.labour, req.hourly_rate) {
            (Some(l), _) => l,
            (None, Some(rate)) => pricing::hourly_labour(rate, minutes),
            (None, None) => b.pricing.labour,
        };
        let zero = Money::kes(0);
        let input = PriceInput {
            labour,
            materials: req.materials.unwrap_or(zero),
            travel: req.travel.unwrap_or(b.pricing.travel),
            urgency: b.urgency,
            discount: req.discount.unwrap_or(zero),
        };
        let quoted_by = by.unwrap_or(b.customer);
        b.pricing = pricing::quote(&input, rates, quoted_by).map_err(Error::Validation)?;
        b.estimated_duration_minutes = Some(minutes);
        Ok(())
    })
    .await
}

/// The customer (or the corporate account) accepts the technician's quote; work may start.
pub async fn accept(app: &App, id: Id, actor: Actor) -> Result<Booking> {
    update_with(
        app,
        id,
        actor,
        BookingChange::PricingAccepted,
        |b, now: Timestamp| {
            if !access::is_customer_side(b, actor) {
                return Err(Error::Forbidden(
                    "only the customer may accept a quote".into(),
                ));
            }
            if !pricing::awaiting_acceptance(&b.pricing) {
                return Err(Error::Unprocessable(
                    "there is no quote waiting for acceptance".into(),
                ));
            }
            if !QUOTABLE.contains(&b.status) {
                return Err(Error::Unprocessable(format!("the booking is {}", b.status)));
            }
            b.pricing.accepted_by_customer_at = Some(now);
            Ok(())
        },
    )
    .await
}
