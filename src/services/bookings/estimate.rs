//! The estimate of a booking's price: made when it is created and again when a technician is
//! assigned, from the category's rules, the technician's rate and base, and the configured
//! platform fee and VAT. Pure: no store, no flow, so creation, the transition side effects and
//! quotes all price from here.

use super::catalog;
use crate::config::Config;
use crate::domain::booking::pricing::{self, PriceInput, Rates};
use crate::domain::booking::{Booking, PriceBreakdown};
use crate::domain::money::{Currency, Money};
use crate::domain::user::User;
use crate::error::{Error, Result};

/// The platform fee and VAT rates of the configuration.
pub fn rates(config: &Config) -> Rates {
    Rates {
        platform_fee_bp: config.bookings.platform_fee_bp,
        vat_bp: config.bookings.vat_bp,
    }
}

/// The estimate for `booking`: labour at the technician's hourly rate (else the category's) for
/// the estimated duration (else the category's), travel from the technician's base (unknown
/// until one is assigned), and the urgency surcharge.
pub fn estimate(
    booking: &Booking,
    technician: Option<&User>,
    rates: Rates,
) -> Result<PriceBreakdown> {
    let category = catalog::rules(&booking.service_category);
    let rate = technician
        .and_then(|t| t.technician.as_ref()?.hourly_rate)
        .filter(|m| m.currency == Currency::Kes && m.amount > 0)
        .unwrap_or_else(|| category.hourly_rate());
    let minutes = booking
        .estimated_duration_minutes
        .unwrap_or(category.duration_minutes);
    let travel = match (
        technician.and_then(|t| t.location.as_ref()),
        booking.service_location.point(),
    ) {
        (Some(base), Ok(site)) => match base.point() {
            Ok(base) => pricing::travel_fee(base.distance_km(&site), Currency::Kes),
            Err(_) => Money::kes(0),
        },
        _ => Money::kes(0),
    };
    let input = PriceInput {
        travel,
        ..PriceInput::labour(pricing::hourly_labour(rate, minutes), booking.urgency)
    };
    // Every input is in range by construction, so a refusal here is a bug, not bad input.
    pricing::breakdown(&input, rates)
        .map_err(|errs| Error::internal("estimating a booking", anyhow::anyhow!("{errs:?}")))
}
