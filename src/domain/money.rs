//! Money: integer minor units plus an ISO currency. No floating point touches an amount.

use std::fmt;

use serde::{Deserialize, Serialize};

/// ISO 4217 currencies the platform settles in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Currency {
    #[default]
    #[serde(rename = "KES")]
    Kes,
    #[serde(rename = "USD")]
    Usd,
    #[serde(rename = "EUR")]
    Eur,
    #[serde(rename = "UGX")]
    Ugx,
    #[serde(rename = "TZS")]
    Tzs,
}

impl Currency {
    pub fn code(self) -> &'static str {
        match self {
            Currency::Kes => "KES",
            Currency::Usd => "USD",
            Currency::Eur => "EUR",
            Currency::Ugx => "UGX",
            Currency::Tzs => "TZS",
        }
    }

    /// Minor units per major unit (UGX has none).
    pub fn minor_per_major(self) -> i64 {
        match self {
            Currency::Ugx => 1,
            _ => 100,
        }
    }
}

/// An amount in minor units (cents) of one currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Money {
    pub amount: i64,
    pub currency: Currency,
}

/// Two amounts of different currencies were combined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("currency mismatch: {0:?} and {1:?}")]
pub struct CurrencyMismatch(pub Currency, pub Currency);

impl Money {
    pub const fn new(amount: i64, currency: Currency) -> Self {
        Money { amount, currency }
    }

    pub const fn kes(amount_minor: i64) -> Self {
        Money::new(amount_minor, Currency::Kes)
    }

    pub fn zero(currency: Currency) -> Self {
        Money::new(0, currency)
    }

    pub fn is_negative(&self) -> bool {
        self.amount < 0
    }

    pub fn checked_add(self, other: Money) -> Result<Money, CurrencyMismatch> {
        self.same(other)?;
        Ok(Money::new(self.amount + other.amount, self.currency))
    }

    pub fn checked_sub(self, other: Money) -> Result<Money, CurrencyMismatch> {
        self.same(other)?;
        Ok(Money::new(self.amount - other.amount, self.currency))
    }

    /// `basis_points / 10_000` of this amount, rounded half away from zero.
    pub fn percent_bp(self, basis_points: i64) -> Money {
        let num = self.amount as i128 * basis_points as i128;
        let half = if num >= 0 { 5_000 } else { -5_000 };
        Money::new(((num + half) / 10_000) as i64, self.currency)
    }

    fn same(self, other: Money) -> Result<(), CurrencyMismatch> {
        if self.currency == other.currency {
            Ok(())
        } else {
            Err(CurrencyMismatch(self.currency, other.currency))
        }
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let per = self.currency.minor_per_major();
        let sign = if self.amount < 0 { "-" } else { "" };
        let abs = self.amount.unsigned_abs() as i64;
        if per == 1 {
            write!(f, "{} {sign}{abs}", self.currency.code())
        } else {
            write!(
                f,
                "{} {sign}{}.{:02}",
                self.currency.code(),
                abs / per,
                abs % per
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn displays_major_and_minor_units() {
        assert_eq!(Money::kes(150_050).to_string(), "KES 1500.50");
        assert_eq!(Money::kes(-5).to_string(), "KES -0.05");
        assert_eq!(Money::new(2500, Currency::Ugx).to_string(), "UGX 2500");
    }

    #[test]
    fn json_shape_is_amount_and_currency() {
        let j = serde_json::to_value(Money::kes(1000)).unwrap();
        assert_eq!(j, serde_json::json!({"amount": 1000, "currency": "KES"}));
    }

    #[test]
    fn mixing_currencies_is_refused() {
        assert!(
            Money::kes(1)
                .checked_add(Money::new(1, Currency::Usd))
                .is_err()
        );
    }

    proptest! {
        #[test]
        fn percent_parts_sum_back_to_the_whole(amount in 0i64..10_000_000_000, bp in 0i64..10_000) {
            let whole = Money::kes(amount);
            let fee = whole.percent_bp(bp);
            let rest = whole.checked_sub(fee).unwrap();
            prop_assert_eq!(fee.amount + rest.amount, amount);
            prop_assert!(fee.amount <= amount && fee.amount >= 0);
        }
    }
}
