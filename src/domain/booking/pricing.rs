//! The price of a job, in integer minor units: labour, materials, travel, urgency surcharge and
//! discount make the job value; the platform takes its fee from that value and VAT is charged on
//! the fee.
//!
//! Why VAT on the fee and not on the whole job: the platform's taxable supply is its service
//! (matching, escrow, support); the technician's work is the technician's supply, and most
//! technicians are below Kenya's VAT registration threshold, so the platform must not charge VAT
//! on their behalf. The customer pays the VAT on the fee, on top of the job value.
//!
//! Invariants (checked by property tests below):
//! - `total = labour + materials + travel + urgency_surcharge − discount + tax`
//! - `technician_earnings + platform_fee + tax = total`
//! - no amount is negative.

use super::{PriceBreakdown, Urgency};
use crate::domain::id::Id;
use crate::domain::money::{Currency, Money};
use crate::error::FieldError;

/// Default platform commission: 10% of the job value (`PLATFORM_FEE_BP`).
pub const DEFAULT_PLATFORM_FEE_BP: i64 = 1_000;
/// Default VAT on the platform fee: Kenya's standard rate, 16% (`VAT_BP`).
pub const DEFAULT_VAT_BP: i64 = 1_600;

/// Surcharge on labour for a `high` urgency job: 15% (the technician reshuffles their day).
pub const HIGH_URGENCY_BP: i64 = 1_500;
/// Surcharge on labour for an `emergency` job: 30% (drop everything, nights and weekends).
pub const EMERGENCY_BP: i64 = 3_000;

/// The first kilometres of travel are free: every job needs some, and a technician's own area
/// should not cost extra.
pub const FREE_TRAVEL_KM: i64 = 5;
/// Travel beyond [`FREE_TRAVEL_KM`]: KES 50 per kilometre (fuel for a motorbike plus time),
/// charged per started 100 m so short distances do not jump in whole-kilometre steps.
pub const TRAVEL_PER_KM_MINOR: i64 = 5_000;

/// The largest amount any component may have: KES 10 billion in minor units. Keeps every sum
/// far from `i64` overflow and catches typing errors in quotes.
pub const MAX_AMOUNT_MINOR: i64 = 1_000_000_000_000;

/// Platform fee and VAT rates in basis points (1% = 100).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rates {
    pub platform_fee_bp: i64,
    pub vat_bp: i64,
}

impl Default for Rates {
    fn default() -> Self {
        Rates {
            platform_fee_bp: DEFAULT_PLATFORM_FEE_BP,
            vat_bp: DEFAULT_VAT_BP,
        }
    }
}

/// The urgency surcharge rate on labour, in basis points.
pub fn urgency_surcharge_bp(urgency: Urgency) -> i64 {
    match urgency {
        Urgency::Low | Urgency::Normal => 0,
        Urgency::High => HIGH_URGENCY_BP,
        Urgency::Emergency => EMERGENCY_BP,
    }
}

/// Labour for `minutes` of work at `hourly_rate`, rounded half up to the minor unit.
pub fn hourly_labour(hourly_rate: Money, minutes: u32) -> Money {
    let minor = (i128::from(hourly_rate.amount) * i128::from(minutes) + 30) / 60;
    Money::new(minor.min(i128::from(i64::MAX)) as i64, hourly_rate.currency)
}

/// Travel fee for `distance_km` (free for the first [`FREE_TRAVEL_KM`], then per started 100 m).
pub fn travel_fee(distance_km: f64, currency: Currency) -> Money {
    if !distance_km.is_finite() || distance_km <= 0.0 {
        return Money::zero(currency);
    }
    // Whole hundreds of metres beyond the free radius, rounded up.
    let hundreds = ((distance_km - FREE_TRAVEL_KM as f64) * 10.0)
        .ceil()
        .max(0.0);
    let hundreds = hundreds.min(1e9) as i64;
    Money::new(hundreds * TRAVEL_PER_KM_MINOR / 10, currency)
}

/// The components a price is made of, before fees and tax.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PriceInput {
    pub labour: Money,
    pub materials: Money,
    pub travel: Money,
    pub urgency: Urgency,
    pub discount: Money,
}

impl PriceInput {
    /// Labour only; no materials, travel or discount.
    pub fn labour(labour: Money, urgency: Urgency) -> Self {
        let zero = Money::zero(labour.currency);
        PriceInput {
            labour,
            materials: zero,
            travel: zero,
            urgency,
            discount: zero,
        }
    }
}

/// Computes the full breakdown, listing every bad component: negative or too large amounts,
/// amounts in another currency than labour, a discount larger than the job, rates out of range.
pub fn breakdown(input: &PriceInput, rates: Rates) -> Result<PriceBreakdown, Vec<FieldError>> {
    let currency = input.labour.currency;
    let mut errs = Vec::new();
    for (field, m) in [
        ("labour", input.labour),
        ("materials", input.materials),
        ("travel", input.travel),
        ("discount", input.discount),
    ] {
        if m.currency != currency {
            errs.push(FieldError::new(
                field,
                format!("must be in {}", currency.code()),
            ));
        } else if m.is_negative() {
            errs.push(FieldError::new(field, "may not be negative"));
        } else if m.amount > MAX_AMOUNT_MINOR {
            errs.push(FieldError::new(field, "is too large"));
        }
    }
    if !(0..=10_000).contains(&rates.platform_fee_bp) || !(0..=10_000).contains(&rates.vat_bp) {
        errs.push(FieldError::new(
            "rates",
            "must be between 0 and 10000 basis points",
        ));
    }
    if !errs.is_empty() {
        return Err(errs);
    }
    let surcharge = input.labour.percent_bp(urgency_surcharge_bp(input.urgency));
    let gross =
        input.labour.amount + input.materials.amount + input.travel.amount + surcharge.amount;
    if input.discount.amount > gross {
        return Err(vec![FieldError::new(
            "discount",
            "may not exceed labour + materials + travel + urgency surcharge",
        )]);
    }
    let m = |amount| Money::new(amount, currency);
    let job_value = m(gross - input.discount.amount);
    let platform_fee = job_value.percent_bp(rates.platform_fee_bp);
    let tax = platform_fee.percent_bp(rates.vat_bp);
    Ok(PriceBreakdown {
        labour: input.labour,
        materials: input.materials,
        travel: input.travel,
        urgency_surcharge: surcharge,
        discount: input.discount,
        platform_fee,
        tax,
        total: m(job_value.amount + tax.amount),
        technician_earnings: m(job_value.amount - platform_fee.amount),
        platform_fee_bp: rates.platform_fee_bp,
        tax_bp: rates.vat_bp,
        quoted_by: None,
        accepted_by_customer_at: None,
    })
}

/// The same breakdown, marked as quoted by `by` (awaiting the customer's acceptance).
pub fn quote(input: &PriceInput, rates: Rates, by: Id) -> Result<PriceBreakdown, Vec<FieldError>> {
    breakdown(input, rates).map(|p| PriceBreakdown {
        quoted_by: Some(by),
        ..p
    })
}

/// Whether a technician's quote is waiting for the customer (work may not start until accepted).
pub fn awaiting_acceptance(p: &PriceBreakdown) -> bool {
    p.quoted_by.is_some() && p.accepted_by_customer_at.is_none()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn kes(n: i64) -> Money {
        Money::kes(n)
    }

    fn input(
        labour: i64,
        materials: i64,
        travel: i64,
        urgency: Urgency,
        discount: i64,
    ) -> PriceInput {
        PriceInput {
            labour: kes(labour),
            materials: kes(materials),
            travel: kes(travel),
            urgency,
            discount: kes(discount),
        }
    }

    #[test]
    fn a_worked_example_with_every_component() {
        // KES 3,000 labour (emergency: +900), 500 materials, 200 travel, 100 off.
        let p = breakdown(
            &input(300_000, 50_000, 20_000, Urgency::Emergency, 10_000),
            Rates::default(),
        )
        .unwrap();
        assert_eq!(p.urgency_surcharge, kes(90_000));
        // job value 4,500 → fee 450 → VAT 72 → total 4,572, technician 4,050.
        assert_eq!(p.platform_fee, kes(45_000));
        assert_eq!(p.tax, kes(7_200));
        assert_eq!(p.total, kes(457_200));
        assert_eq!(p.technician_earnings, kes(405_000));
        assert_eq!((p.platform_fee_bp, p.tax_bp), (1_000, 1_600));
    }

    #[test]
    fn urgency_surcharges_are_zero_fifteen_and_thirty_percent_of_labour() {
        let s = |u| breakdown(&PriceInput::labour(kes(100_000), u), Rates::default()).unwrap();
        assert_eq!(s(Urgency::Low).urgency_surcharge, kes(0));
        assert_eq!(s(Urgency::Normal).urgency_surcharge, kes(0));
        assert_eq!(s(Urgency::High).urgency_surcharge, kes(15_000));
        assert_eq!(s(Urgency::Emergency).urgency_surcharge, kes(30_000));
    }

    #[test]
    fn travel_is_free_for_five_km_then_fifty_shillings_a_km() {
        assert_eq!(travel_fee(0.0, Currency::Kes), kes(0));
        assert_eq!(travel_fee(5.0, Currency::Kes), kes(0));
        assert_eq!(travel_fee(5.01, Currency::Kes), kes(500));
        assert_eq!(travel_fee(6.0, Currency::Kes), kes(5_000));
        assert_eq!(travel_fee(15.0, Currency::Kes), kes(50_000));
        assert_eq!(travel_fee(f64::NAN, Currency::Kes), kes(0));
    }

    #[test]
    fn hourly_labour_rounds_to_the_nearest_cent() {
        assert_eq!(hourly_labour(kes(80_000), 90), kes(120_000));
        assert_eq!(hourly_labour(kes(100), 1), kes(2));
        assert_eq!(hourly_labour(kes(0), 600), kes(0));
    }

    #[test]
    fn every_bad_component_is_named() {
        let bad = PriceInput {
            labour: kes(1_000),
            materials: kes(-1),
            travel: Money::new(5, Currency::Usd),
            urgency: Urgency::Normal,
            discount: kes(MAX_AMOUNT_MINOR + 1),
        };
        let errs = breakdown(
            &bad,
            Rates {
                platform_fee_bp: -1,
                vat_bp: 0,
            },
        )
        .unwrap_err();
        let fields: Vec<_> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["materials", "travel", "discount", "rates"]);
    }

    #[test]
    fn a_discount_larger_than_the_job_is_refused() {
        let errs = breakdown(
            &input(1_000, 0, 0, Urgency::Normal, 1_001),
            Rates::default(),
        )
        .unwrap_err();
        assert_eq!(errs[0].field, "discount");
        assert!(
            breakdown(
                &input(1_000, 0, 0, Urgency::Normal, 1_000),
                Rates::default()
            )
            .is_ok()
        );
    }

    #[test]
    fn a_quote_waits_for_acceptance() {
        let by = Id::from_parts(1_700_000_000, 1);
        let mut p = quote(
            &PriceInput::labour(kes(1_000), Urgency::Normal),
            Rates::default(),
            by,
        )
        .unwrap();
        assert!(awaiting_acceptance(&p));
        p.accepted_by_customer_at = Some(crate::domain::Timestamp::now());
        assert!(!awaiting_acceptance(&p));
        assert!(!awaiting_acceptance(&PriceBreakdown::default()));
    }

    fn urgency() -> impl Strategy<Value = Urgency> {
        prop::sample::select(Urgency::ALL)
    }

    proptest! {
        #[test]
        fn the_parts_always_add_up_and_nothing_is_negative(
            labour in 0i64..=MAX_AMOUNT_MINOR,
            materials in 0i64..=MAX_AMOUNT_MINOR,
            travel in 0i64..=1_000_000_000,
            discount_share in 0u32..=100,
            u in urgency(),
            fee_bp in 0i64..=10_000,
            vat_bp in 0i64..=10_000,
        ) {
            let surcharge = Money::kes(labour).percent_bp(urgency_surcharge_bp(u)).amount;
            let gross = labour + materials + travel + surcharge;
            let discount = (gross as i128 * i128::from(discount_share) / 100) as i64;
            let discount = discount.min(MAX_AMOUNT_MINOR);
            let p = breakdown(&input(labour, materials, travel, u, discount), Rates { platform_fee_bp: fee_bp, vat_bp })
                .unwrap();
            prop_assert_eq!(
                p.total.amount,
                p.labour.amount + p.materials.amount + p.travel.amount + p.urgency_surcharge.amount
                    - p.discount.amount + p.tax.amount
            );
            prop_assert_eq!(p.technician_earnings.amount + p.platform_fee.amount + p.tax.amount, p.total.amount);
            for m in [p.labour, p.materials, p.travel, p.urgency_surcharge, p.discount, p.platform_fee, p.tax, p.total, p.technician_earnings] {
                prop_assert!(m.amount >= 0, "{:?}", p);
                prop_assert_eq!(m.currency, Currency::Kes);
            }
        }

        #[test]
        fn travel_never_decreases_with_distance(a in 0.0f64..500.0, b in 0.0f64..500.0) {
            let (near, far) = if a <= b { (a, b) } else { (b, a) };
            prop_assert!(travel_fee(near, Currency::Kes).amount <= travel_fee(far, Currency::Kes).amount);
        }
    }
}
