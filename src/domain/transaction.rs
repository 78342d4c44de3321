//! Money movements: payments, refunds, payouts, fees and wallet top-ups through M-Pesa, Stripe,
//! cash or the wallet, with escrow, the fee split, gateway references, received webhooks and
//! the fraud check.

use serde::{Deserialize, Serialize};

use crate::domain::enums::string_enum;
use crate::domain::id::Id;
use crate::domain::money::{Money, MoneyError};
use crate::domain::time::Timestamp;

/// One movement of money (storage document of `transactions`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Transaction {
    #[serde(rename = "_id")]
    pub id: Id,
    /// Unique human-readable receipt reference.
    pub receipt_number: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booking: Option<Id>,
    pub payer: Id,
    /// `None` when the platform itself receives the money.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payee: Option<Id>,
    pub gateway: Gateway,
    #[serde(rename = "type")]
    pub kind: TransactionType,
    pub status: TransactionStatus,
    pub amount: Money,
    /// Sum of the refunds made against this payment so far.
    pub refunded_amount: Money,
    /// How a booking payment divides between platform, tax and technician.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub split: Option<Split>,
    #[serde(default)]
    pub gateway_ref: GatewayRef,
    /// Gateway callbacks and webhooks received for this transaction, oldest first.
    #[serde(default)]
    pub webhooks: Vec<WebhookRecord>,
    #[serde(default)]
    pub fraud: FraudCheck,
    /// The technician payout settlement that paid this out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settlement: Option<Id>,
    /// For a refund: the payment it refunds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<Id>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure_reason: Option<String>,
    /// When money held in escrow is due to be released to the technician.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub escrow_release_at: Option<Timestamp>,
    #[serde(default)]
    pub status_history: Vec<TransactionStatusChange>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Free-form extra data (gateway-specific details, invoice numbers, ...).
    #[serde(default, skip_serializing_if = "serde_json::Map::is_empty")]
    pub metadata: serde_json::Map<String, serde_json::Value>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl Transaction {
    /// What can still be refunded: the amount minus what was already refunded.
    pub fn refundable(&self) -> Result<Money, MoneyError> {
        self.amount.checked_sub(self.refunded_amount)
    }

    /// Sets the status, recording the change in the history and `updated_at`. Which changes are
    /// allowed is the payment service's business; this only keeps the record straight.
    pub fn record_status(&mut self, to: TransactionStatus, reason: Option<String>, at: Timestamp) {
        self.status_history.push(TransactionStatusChange {
            from: Some(self.status),
            to,
            reason,
            at,
        });
        self.status = to;
        self.updated_at = at;
    }
}

string_enum! {
    /// How money moves.
    pub enum Gateway {
        Mpesa = "mpesa",
        Stripe = "stripe",
        Cash = "cash",
        Wallet = "wallet",
    }
}

string_enum! {
    /// What a transaction is for.
    pub enum TransactionType {
        Payment = "payment",
        Refund = "refund",
        Payout = "payout",
        Fee = "fee",
        TopUp = "top_up",
    }
}

string_enum! {
    /// Lifecycle of a transaction (`initiated → pending → processing → completed`, then `escrow → released`).
    #[derive(Default)]
    pub enum TransactionStatus {
        #[default]
        Initiated = "initiated",
        Pending = "pending",
        Processing = "processing",
        Completed = "completed",
        Escrow = "escrow",
        Released = "released",
        Failed = "failed",
        Cancelled = "cancelled",
        Refunded = "refunded",
        PartiallyRefunded = "partially_refunded",
    }
}

/// The parts of a booking payment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Split {
    pub platform_fee: Money,
    pub tax: Money,
    pub technician_earnings: Money,
}

impl Split {
    /// How a payment of `charged` for a booking priced `pricing` divides: the technician gets
    /// their earnings, the tax authority the tax, and the platform its fee plus whatever was
    /// charged above the total (M-Pesa charges whole shillings, so a total with cents is rounded
    /// up). `charged` below the total is refused.
    pub fn of_booking(
        pricing: &crate::domain::booking::PriceBreakdown,
        charged: Money,
    ) -> Result<Split, SplitError> {
        let extra = charged.checked_sub(pricing.total)?;
        if extra.is_negative() {
            return Err(SplitError::Short {
                charged,
                total: pricing.total,
            });
        }
        Ok(Split {
            platform_fee: pricing.platform_fee.checked_add(extra)?,
            tax: pricing.tax,
            technician_earnings: pricing.technician_earnings,
        })
    }

    /// Sum of the parts (saturating: parts of a bounded payment never come near `i64::MAX`).
    pub fn total(&self) -> Money {
        let sum = i128::from(self.platform_fee.amount)
            + i128::from(self.tax.amount)
            + i128::from(self.technician_earnings.amount);
        let sum = i64::try_from(sum).unwrap_or(if sum < 0 { i64::MIN } else { i64::MAX });
        Money::new(sum, self.platform_fee.currency)
    }

    /// The split of `part` of the whole, in the same proportions: fee and tax rounded down, the
    /// technician gets the rest, so the parts always sum to `part`.
    pub fn scaled(&self, part: i64) -> Split {
        let whole = self.total().amount;
        let currency = self.platform_fee.currency;
        if whole <= 0 || part >= whole {
            return self.clone();
        }
        let share = |m: Money| (i128::from(m.amount) * i128::from(part) / i128::from(whole)) as i64;
        let fee = share(self.platform_fee);
        let tax = share(self.tax);
        Split {
            platform_fee: Money::new(fee, currency),
            tax: Money::new(tax, currency),
            technician_earnings: Money::new(part - fee - tax, currency),
        }
    }
}

/// A split that cannot be made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SplitError {
    #[error(transparent)]
    Money(#[from] MoneyError),
    #[error("charged {charged} is less than the booking's total {total}")]
    Short { charged: Money, total: Money },
}

/// Identifiers the gateways gave this transaction.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct GatewayRef {
    /// M-Pesa STK push `CheckoutRequestID`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checkout_request_id: Option<String>,
    /// M-Pesa `MerchantRequestID`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merchant_request_id: Option<String>,
    /// M-Pesa receipt, e.g. `QKJ4ABC123`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mpesa_receipt_number: Option<String>,
    /// Stripe PaymentIntent id (`pi_...`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_intent_id: Option<String>,
    /// Stripe charge id (`ch_...`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charge_id: Option<String>,
    /// Stripe refund id (`re_...`) or M-Pesa reversal id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refund_id: Option<String>,
    /// Payout (B2C / transfer) id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payout_id: Option<String>,
    /// The paying phone number (E.164) for M-Pesa.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    /// Key sent to the gateway so a retried request is not executed twice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub idempotency_key: Option<String>,
}

/// One callback or webhook delivery, kept verbatim.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct WebhookRecord {
    pub source: Gateway,
    /// The gateway's event id, used to ignore duplicate deliveries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_id: Option<String>,
    pub received_at: Timestamp,
    pub payload: serde_json::Value,
}

/// Outcome of the fraud check.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FraudCheck {
    /// Risk from 0 (none) to 100.
    #[serde(default)]
    pub score: u32,
    #[serde(default)]
    pub flags: Vec<FraudFlag>,
    /// Held for manual review before money moves on.
    #[serde(default)]
    pub held: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviewed_by: Option<Id>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviewed_at: Option<Timestamp>,
}

string_enum! {
    /// Why the fraud check flagged a transaction.
    pub enum FraudFlag {
        Velocity = "velocity",
        AmountMismatch = "amount_mismatch",
        PhoneMismatch = "phone_mismatch",
        CurrencyMismatch = "currency_mismatch",
        DuplicateCallback = "duplicate_callback",
        /// A second payment for a booking that was already paid.
        DuplicatePayment = "duplicate_payment",
        UnmatchedCallback = "unmatched_callback",
        InvalidSignature = "invalid_signature",
        HighAmount = "high_amount",
        NewAccount = "new_account",
    }
}

/// One entry of a transaction's status history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TransactionStatusChange {
    /// `None` for the entry recording creation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<TransactionStatus>,
    pub to: TransactionStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    pub at: Timestamp,
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::domain::testing::{assert_enum_strings, assert_round_trips};

    fn at(m: i64) -> Timestamp {
        Timestamp::from_millis(1_700_000_000_000 + m * 60_000)
    }

    pub(crate) fn sample() -> Transaction {
        let oid = |n| Id::from_parts(1_700_000_000, n);
        let mut metadata = serde_json::Map::new();
        metadata.insert("invoice".into(), "INV-0001".into());
        Transaction {
            id: oid(1),
            receipt_number: "RCP-231114-0001".into(),
            booking: Some(oid(2)),
            payer: oid(3),
            payee: Some(oid(4)),
            gateway: Gateway::Mpesa,
            kind: TransactionType::Payment,
            status: TransactionStatus::Escrow,
            amount: Money::kes(396_240),
            refunded_amount: Money::kes(0),
            split: Some(Split {
                platform_fee: Money::kes(39_000),
                tax: Money::kes(6_240),
                technician_earnings: Money::kes(351_000),
            }),
            gateway_ref: GatewayRef {
                checkout_request_id: Some("ws_CO_14112023101010".into()),
                merchant_request_id: Some("29115-34620561-1".into()),
                mpesa_receipt_number: Some("QKJ4ABC123".into()),
                payment_intent_id: None,
                charge_id: None,
                refund_id: None,
                payout_id: None,
                phone_number: Some("+254712345678".into()),
                idempotency_key: Some("b7c1".into()),
            },
            webhooks: vec![WebhookRecord {
                source: Gateway::Mpesa,
                event_id: Some("ws_CO_14112023101010".into()),
                received_at: at(1),
                payload: serde_json::json!({"Body": {"stkCallback": {"ResultCode": 0, "Amount": 3962.4}}}),
            }],
            fraud: FraudCheck {
                score: 12,
                flags: vec![FraudFlag::NewAccount],
                held: false,
                reviewed_by: Some(oid(5)),
                reviewed_at: Some(at(2)),
            },
            settlement: Some(oid(6)),
            parent: None,
            failure_reason: None,
            escrow_release_at: Some(at(60 * 48)),
            status_history: vec![
                TransactionStatusChange {
                    from: None,
                    to: TransactionStatus::Initiated,
                    reason: None,
                    at: at(0),
                },
                TransactionStatusChange {
                    from: Some(TransactionStatus::Initiated),
                    to: TransactionStatus::Escrow,
                    reason: Some("stk callback".into()),
                    at: at(1),
                },
            ],
            description: Some("Booking BT-231114-0001".into()),
            metadata,
            created_at: at(0),
            updated_at: at(1),
        }
    }

    #[test]
    fn a_full_transaction_round_trips_through_json_and_bson() {
        assert_round_trips(&sample());
        let j = serde_json::to_value(sample()).unwrap();
        assert_eq!(j["type"], "payment");
        assert_eq!(j["gatewayRef"]["checkoutRequestId"], "ws_CO_14112023101010");
    }

    #[test]
    fn enum_spellings_match_serde() {
        assert_enum_strings(Gateway::ALL, Gateway::as_str);
        assert_enum_strings(TransactionType::ALL, TransactionType::as_str);
        assert_enum_strings(TransactionStatus::ALL, TransactionStatus::as_str);
        assert_enum_strings(FraudFlag::ALL, FraudFlag::as_str);
        assert_eq!(
            TransactionStatus::PartiallyRefunded.as_str(),
            "partially_refunded"
        );
        assert_eq!(TransactionType::TopUp.as_str(), "top_up");
    }

    #[test]
    fn refundable_is_what_is_left_after_refunds() {
        let mut t = sample();
        t.refunded_amount = Money::kes(100_000);
        assert_eq!(t.refundable().unwrap(), Money::kes(296_240));
    }

    #[test]
    fn a_booking_split_gives_rounding_to_the_platform_and_scales_exactly() {
        let mut pricing = crate::domain::booking::tests::sample().pricing;
        pricing.platform_fee = Money::kes(39_000);
        pricing.tax = Money::kes(6_240);
        pricing.technician_earnings = Money::kes(351_010);
        pricing.total = Money::kes(396_250);
        let split = Split::of_booking(&pricing, Money::kes(396_300)).unwrap();
        assert_eq!(split.platform_fee, Money::kes(39_050));
        assert_eq!(split.total(), Money::kes(396_300));
        assert!(matches!(
            Split::of_booking(&pricing, Money::kes(396_200)),
            Err(SplitError::Short { .. })
        ));
        for part in [0, 1, 7, 100_000, 198_150, 396_299, 396_300] {
            let s = split.scaled(part);
            assert_eq!(s.total().amount, part, "{part}");
            assert!(s.technician_earnings.amount >= 0);
        }
        let half = split.scaled(198_150);
        assert_eq!(half.platform_fee, Money::kes(19_525));
        assert_eq!(half.tax, Money::kes(3_120));
    }

    #[test]
    fn recording_a_status_keeps_the_history() {
        let mut t = sample();
        t.record_status(TransactionStatus::Released, Some("verified".into()), at(5));
        assert_eq!(t.status, TransactionStatus::Released);
        assert_eq!(t.updated_at, at(5));
        let last = t.status_history.last().unwrap();
        assert_eq!(
            (last.from, last.to),
            (Some(TransactionStatus::Escrow), TransactionStatus::Released)
        );
    }
}
