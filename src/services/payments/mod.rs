//! Payments: taking money for bookings through M-Pesa, Stripe, cash or the wallet, holding it
//! in escrow, releasing it to the technician, refunds, wallet top-ups, technician payouts and
//! the reconciliation that proves the books balance.
//!
//! Every movement of money is one [`crate::store::MoneyWrite`]: the transaction's new state,
//! the balanced ledger lines ([`postings`]), the booking move it causes and the gateway event
//! that caused it are written together or not at all, so a crash between two of them cannot
//! happen and a duplicate callback (same event id) changes nothing.
//!
//! Transaction lifecycle: `initiated` (created, gateway not asked yet) → `pending` (the gateway
//! has the request) → `processing` (Stripe says the money is on its way) → `completed` → for a
//! booking payment `escrow` → `released` (split between the platform's fee, tax and the
//! technician's payable). Off the main path: `failed`, `cancelled`, `partially_refunded` and
//! `refunded`. Top-ups end at `completed`; refunds and payouts at `completed` or `failed`.
//!
//! Files: [`postings`] (which accounts each movement touches; pure), [`arrival`] (the status
//! sets, what a gateway reports when money arrives, a booking's arrived and live payments), [`flow`] (creating,
//! completing and failing transactions; the retry loop), [`initiate`] (the four ways to pay),
//! [`callbacks`] (M-Pesa STK results, Stripe webhooks, STK queries for lost callbacks),
//! [`escrow`] (release, fraud review), [`refunds`], [`wallet`], [`fraud`], [`receipts`],
//! [`queries`], [`settlements`] (payout batches) and [`reconcile`].

pub mod arrival;
pub mod callbacks;
pub mod escrow;
pub mod flow;
pub mod fraud;
pub mod initiate;
pub mod postings;
pub mod queries;
pub mod receipts;
pub mod reconcile;
pub mod refunds;
pub mod settlements;
pub mod wallet;

pub use flow::receipt_number;
