//! Fraud rules. A flagged transaction is never dropped: the money it brings is recorded like
//! any other, but it is held — escrow is not released and the booking is not marked paid —
//! until an admin reviews it (`POST /payments/transactions/:id/review`).
//!
//! | rule | when | flag |
//! |---|---|---|
//! | velocity per payer | more than [`MAX_PER_PAYER`] payments started within [`VELOCITY_WINDOW_MINUTES`] | `velocity` |
//! | velocity per phone | more than [`MAX_PAYERS_PER_PHONE`] different payers used one phone within a day | `velocity` |
//! | amount | the amount received differs from the amount asked, or from the booking's total by more than [`AMOUNT_TOLERANCE_BP`] | `amount_mismatch` |
//! | currency | the money arrived in another currency | `currency_mismatch` |
//! | phone | M-Pesa reports a different paying phone than the one asked | `phone_mismatch` |
//! | duplicate | the booking already has a payment that arrived | `duplicate_payment` |
//! | size | one payment above [`HIGH_AMOUNT_MAJOR`] (scored, not held) | `high_amount` |

use chrono::Duration;

use super::arrival::{Completion, arrived_payments};
use crate::app::App;
use crate::domain::booking::Booking;
use crate::domain::money::Money;
use crate::domain::transaction::{FraudCheck, FraudFlag, Transaction, TransactionType};
use crate::domain::{Id, Phone, Timestamp};
use crate::error::Result;
use crate::store::TransactionFilter;

pub const VELOCITY_WINDOW_MINUTES: i64 = 10;
pub const MAX_PER_PAYER: u64 = 5;
pub const MAX_PAYERS_PER_PHONE: usize = 3;
/// 10%: what a booking payment may differ from the booking's total.
pub const AMOUNT_TOLERANCE_BP: i64 = 1_000;
/// One payment above this (in major units) is scored as large.
pub const HIGH_AMOUNT_MAJOR: i64 = 150_000;

/// Flags that hold the money for review.
pub const HOLDING: [FraudFlag; 5] = [
    FraudFlag::Velocity,
    FraudFlag::AmountMismatch,
    FraudFlag::CurrencyMismatch,
    FraudFlag::PhoneMismatch,
    FraudFlag::DuplicatePayment,
];

fn weight(f: FraudFlag) -> u32 {
    match f {
        FraudFlag::AmountMismatch | FraudFlag::CurrencyMismatch => 60,
        FraudFlag::DuplicatePayment => 50,
        FraudFlag::PhoneMismatch | FraudFlag::Velocity => 40,
        FraudFlag::HighAmount => 20,
        _ => 10,
    }
}

/// Adds `flags` to the check: the score is the sum of their weights (at most 100), and any
/// holding flag holds the transaction.
pub fn apply(check: &mut FraudCheck, flags: &[FraudFlag]) {
    for f in flags {
        if !check.flags.contains(f) {
            check.flags.push(*f);
        }
    }
    check.score = check.flags.iter().map(|f| weight(*f)).sum::<u32>().min(100);
    if check.flags.iter().any(|f| HOLDING.contains(f)) {
        check.held = true;
    }
}

/// Whether `got` is further from `want` than the tolerance (or another currency).
pub fn far_from(got: Money, want: Money) -> bool {
    if got.currency != want.currency {
        return true;
    }
    let diff = (i128::from(got.amount) - i128::from(want.amount)).abs();
    diff * 10_000 > i128::from(want.amount.abs()) * i128::from(AMOUNT_TOLERANCE_BP)
}

fn high(amount: Money) -> bool {
    amount.amount > HIGH_AMOUNT_MAJOR * amount.currency.minor_per_major()
}

/// Whether two phone numbers are the same line in any spelling (`+2547…`, `2547…`, `07…`),
/// as [`Phone::parse`] normalises them; numbers it cannot read compare as written.
fn same_phone(a: &str, b: &str) -> bool {
    match (Phone::parse(a), Phone::parse(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => a.trim() == b.trim(),
    }
}

/// Rules checked when a payment or top-up starts.
pub async fn on_initiation(
    app: &App,
    payer: Id,
    phone: Option<&str>,
    amount: Money,
    now: Timestamp,
) -> Result<Vec<FraudFlag>> {
    let mut flags = Vec::new();
    let since = now.minus(Duration::minutes(VELOCITY_WINDOW_MINUTES));
    let recent = app
        .store
        .transactions
        .count_transactions(&TransactionFilter {
            payer: Some(payer),
            created_from: Some(since),
            ..Default::default()
        })
        .await?;
    if recent >= MAX_PER_PAYER {
        flags.push(FraudFlag::Velocity);
    }
    if let Some(phone) = phone {
        let day = app
            .store
            .transactions
            .list_transactions(
                &TransactionFilter {
                    phone: Some(phone.to_string()),
                    created_from: Some(now.minus(Duration::hours(24))),
                    ..Default::default()
                },
                &crate::store::PageRequest::first(100),
            )
            .await?;
        let mut payers: Vec<Id> = day.items.iter().map(|t| t.payer).collect();
        payers.push(payer);
        payers.sort();
        payers.dedup();
        if payers.len() > MAX_PAYERS_PER_PHONE && !flags.contains(&FraudFlag::Velocity) {
            flags.push(FraudFlag::Velocity);
        }
    }
    if high(amount) {
        flags.push(FraudFlag::HighAmount);
    }
    Ok(flags)
}

/// Rules checked when the gateway reports the money arrived.
pub async fn on_completion(
    app: &App,
    tx: &Transaction,
    c: &Completion,
    booking: Option<&Booking>,
) -> Result<Vec<FraudFlag>> {
    let mut flags = Vec::new();
    if c.received.currency != tx.amount.currency {
        flags.push(FraudFlag::CurrencyMismatch);
    } else if c.received != tx.amount
        || booking.is_some_and(|b| far_from(c.received, b.pricing.total))
    {
        flags.push(FraudFlag::AmountMismatch);
    }
    if let (Some(got), Some(asked)) = (&c.phone, &tx.gateway_ref.phone_number)
        && !same_phone(got, asked)
    {
        flags.push(FraudFlag::PhoneMismatch);
    }
    if tx.kind == TransactionType::Payment
        && let Some(b) = booking
    {
        let arrived = arrived_payments(app, b.id).await?;
        if arrived > 0 {
            flags.push(FraudFlag::DuplicatePayment);
        }
    }
    if high(c.received) {
        flags.push(FraudFlag::HighAmount);
    }
    Ok(flags)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holding_flags_hold_and_the_score_is_capped() {
        let mut c = FraudCheck::default();
        apply(&mut c, &[FraudFlag::HighAmount]);
        assert!(!c.held);
        assert_eq!(c.score, 20);
        apply(
            &mut c,
            &[
                FraudFlag::AmountMismatch,
                FraudFlag::PhoneMismatch,
                FraudFlag::HighAmount,
            ],
        );
        assert!(c.held);
        assert_eq!(c.score, 100);
        assert_eq!(c.flags.len(), 3);
    }

    #[test]
    fn amounts_far_from_the_price_are_outside_ten_percent() {
        let want = Money::kes(100_000);
        assert!(!far_from(Money::kes(110_000), want));
        assert!(far_from(Money::kes(110_001), want));
        assert!(far_from(Money::kes(50_000), want));
        assert!(far_from(
            Money::new(100_000, crate::domain::Currency::Usd),
            want
        ));
    }

    #[test]
    fn phones_compare_in_any_kenyan_spelling() {
        assert!(same_phone("+254712345678", "0712345678"));
        assert!(same_phone("254712345678", "712345678"));
        assert!(!same_phone("254712345678", "254712345679"));
    }
}
