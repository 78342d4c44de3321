//! Money: integer minor units plus an ISO currency. No floating point touches an amount.

use std::fmt;

use serde::{Deserialize, Serialize};

/// ISO 4217 currencies the platform settles in.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default, utoipa::ToSchema,
)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[schema(example = json!({"amount": 150000, "currency": "KES"}))]
pub struct Money {
    /// Whole minor units (cents; shillings for UGX), never a fraction: 150000 is KES 1,500.00.
    pub amount: i64,
    pub currency: Currency,
}

/// Two amounts of different currencies were combined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("currency mismatch: {0:?} and {1:?}")]
pub struct CurrencyMismatch(pub Currency, pub Currency);

/// Money arithmetic that cannot be done: mixed currencies, or a result outside `i64` (an
/// overflow is an error, never a wrap or a float).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error(transparent)]
    Currency(#[from] CurrencyMismatch),
    #[error("amount out of range")]
    Overflow,
}

impl From<MoneyError> for crate::error::Error {
    fn from(e: MoneyError) -> Self {
        crate::error::Error::Unprocessable(e.to_string())
    }
}

/// The largest amount, in minor units, that any one money input may carry (a cash payment, a
/// top-up, a booking budget, a refund, a payout), per currency. Settings `MONEY_MAX_<CODE>`
/// (e.g. `MONEY_MAX_KES`); the defaults are about KES 1,000,000 or its equivalent, far
/// inside `i64` so that sums of many bounded amounts never overflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MoneyLimits {
    pub kes: i64,
    pub usd: i64,
    pub eur: i64,
    pub ugx: i64,
    pub tzs: i64,
}

impl Default for MoneyLimits {
    fn default() -> Self {
        MoneyLimits {
            kes: 100_000_000,
            usd: 1_000_000,
            eur: 1_000_000,
            ugx: 30_000_000,
            tzs: 2_500_000_000,
        }
    }
}

impl MoneyLimits {
    /// The most any single ceiling may be set to: 10^15 minor units.
    pub const CEILING: i64 = 1_000_000_000_000_000;

    /// The bound for `currency`.
    pub fn max(&self, currency: Currency) -> i64 {
        match currency {
            Currency::Kes => self.kes,
            Currency::Usd => self.usd,
            Currency::Eur => self.eur,
            Currency::Ugx => self.ugx,
            Currency::Tzs => self.tzs,
        }
    }

    /// The setting of each currency's bound, with the field it sets.
    pub fn settings(&mut self) -> [(&'static str, &mut i64); 5] {
        [
            ("MONEY_MAX_KES", &mut self.kes),
            ("MONEY_MAX_USD", &mut self.usd),
            ("MONEY_MAX_EUR", &mut self.eur),
            ("MONEY_MAX_UGX", &mut self.ugx),
            ("MONEY_MAX_TZS", &mut self.tzs),
        ]
    }

    /// `None` when `m` is within its currency's bound (and not negative); otherwise what is
    /// wrong with it, for a field error.
    pub fn problem(&self, m: Money) -> Option<String> {
        let max = self.max(m.currency);
        if m.amount < 0 {
            Some("may not be negative".into())
        } else if m.amount > max {
            Some(format!(
                "must be at most {} ({max} minor units)",
                Money::new(max, m.currency)
            ))
        } else {
            None
        }
    }
}

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

    pub fn checked_add(self, other: Money) -> Result<Money, MoneyError> {
        self.same(other)?;
        let sum = self.amount.checked_add(other.amount);
        Ok(Money::new(sum.ok_or(MoneyError::Overflow)?, self.currency))
    }

    pub fn checked_sub(self, other: Money) -> Result<Money, MoneyError> {
        self.same(other)?;
        let diff = self.amount.checked_sub(other.amount);
        Ok(Money::new(diff.ok_or(MoneyError::Overflow)?, self.currency))
    }

    /// `basis_points / 10_000` of this amount, rounded half away from zero. With
    /// `|basis_points| <= 10_000` the result is never larger than the amount, so it always fits;
    /// beyond that it saturates rather than wraps.
    pub fn percent_bp(self, basis_points: i64) -> Money {
        let num = i128::from(self.amount) * i128::from(basis_points);
        let half = if num >= 0 { 5_000 } else { -5_000 };
        let v = (num + half) / 10_000;
        let v = i64::try_from(v).unwrap_or(if v < 0 { i64::MIN } else { i64::MAX });
        Money::new(v, self.currency)
    }

    /// The amount in major units without the currency, e.g. `1500.50` for KES 150050 and `1500`
    /// for UGX 1500 (what CSV columns and exports hold).
    pub fn major(&self) -> String {
        let per = self.currency.minor_per_major().unsigned_abs();
        let sign = if self.amount < 0 { "-" } else { "" };
        let abs = self.amount.unsigned_abs();
        if per == 1 {
            format!("{sign}{abs}")
        } else {
            format!("{sign}{}.{:02}", abs / per, abs % per)
        }
    }

    /// An amount as a provider writes it, `KES 0.8000` (code, space, decimal), in minor units
    /// rounded half away from zero; `None` when it cannot be read or the currency is unknown.
    pub fn parse_provider(text: &str) -> Option<Money> {
        let (code, value) = text.trim().split_once(' ')?;
        let currency = match code {
            "KES" => Currency::Kes,
            "USD" => Currency::Usd,
            "EUR" => Currency::Eur,
            "UGX" => Currency::Ugx,
            "TZS" => Currency::Tzs,
            _ => return None,
        };
        let value = value.trim();
        let (negative, value) = match value.strip_prefix('-') {
            Some(v) => (true, v),
            None => (false, value),
        };
        let (whole, frac) = value.split_once('.').unwrap_or((value, ""));
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || !digits(whole) || !digits(frac) || frac.len() > 12 {
            return None;
        }
        let per = i128::from(currency.minor_per_major());
        let scale = 10_i128.pow(frac.len() as u32);
        let whole: i128 = whole.parse().ok()?;
        let frac: i128 = if frac.is_empty() {
            0
        } else {
            frac.parse().ok()?
        };
        let exact = (whole * scale + frac) * per;
        let minor = (exact + scale / 2) / scale;
        let minor = i64::try_from(if negative { -minor } else { minor }).ok()?;
        Some(Money::new(minor, currency))
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
    fn provider_amounts_become_minor_units() {
        assert_eq!(Money::parse_provider("KES 0.8000"), Some(Money::kes(80)));
        assert_eq!(Money::parse_provider("KES 1.0050"), Some(Money::kes(101)));
        assert_eq!(Money::parse_provider("KES 12"), Some(Money::kes(1200)));
        assert_eq!(
            Money::parse_provider("UGX 35.0000"),
            Some(Money::new(35, Currency::Ugx))
        );
        assert_eq!(Money::parse_provider("KES -0.5"), Some(Money::kes(-50)));
        for bad in [
            "",
            "KES",
            "0.80",
            "XYZ 1.00",
            "KES 1.2.3",
            "KES .5",
            "KES 1e3",
        ] {
            assert_eq!(Money::parse_provider(bad), None, "{bad}");
        }
    }

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

    #[test]
    fn overflow_is_an_error_not_a_wrap() {
        let max = Money::kes(i64::MAX);
        assert_eq!(max.checked_add(Money::kes(1)), Err(MoneyError::Overflow));
        assert_eq!(
            Money::kes(i64::MIN).checked_sub(Money::kes(1)),
            Err(MoneyError::Overflow)
        );
        assert_eq!(max.percent_bp(10_000), max);
        assert_eq!(max.percent_bp(20_000).amount, i64::MAX);
    }

    #[test]
    fn limits_bound_each_currency_and_name_the_ceiling() {
        let l = MoneyLimits::default();
        assert_eq!(l.problem(Money::kes(l.kes)), None);
        assert!(
            l.problem(Money::kes(l.kes + 1))
                .unwrap()
                .contains("KES 1000000.00")
        );
        assert!(l.problem(Money::kes(-1)).is_some());
        assert!(l.problem(Money::kes(i64::MAX)).is_some());
        assert_eq!(l.max(Currency::Usd), 1_000_000);
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
