//! Wallets: a user's stored balance (the `wallet:<user>` ledger account). Topped up through
//! M-Pesa or Stripe, spent on bookings, credited by refunds. The store refuses any write that
//! would take a wallet below zero, so concurrent spends cannot overdraw it.

use serde::{Deserialize, Serialize};

use super::flow;
use super::fraud;
use super::initiate::{self, Started};
use crate::app::App;
use crate::domain::booking::Actor;
use crate::domain::ledger::Account;
use crate::domain::money::{Currency, Money};
use crate::domain::transaction::{Gateway, TransactionType};
use crate::domain::{Id, Phone, Timestamp};
use crate::error::{Error, Result};
use crate::services::input::{Field, Problems};

/// The smallest and largest top-up, in major units.
pub const TOP_UP_RANGE: (i64, i64) = (10, 300_000);

/// A wallet as its owner sees it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Wallet {
    pub user: Id,
    pub balance: Money,
}

/// The balance of `user`'s wallet (zero when it was never used).
pub async fn balance(app: &App, user: Id) -> Result<Wallet> {
    let acct = app.store.ledger.get_account(&Account::wallet(user)).await?;
    let balance = acct
        .map(|a| a.credit())
        .unwrap_or_else(|| Money::zero(Currency::Kes));
    Ok(Wallet { user, balance })
}

/// `POST /payments/wallet/top-up` as sent.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default, rename_all = "camelCase")]
pub struct TopUpRequest {
    #[schema(value_type = Object)]
    pub amount: Field<Money>,
    /// `mpesa` (default) or `stripe`.
    #[schema(value_type = Option<String>)]
    pub gateway: Field<String>,
    /// For M-Pesa.
    #[schema(value_type = Option<String>)]
    pub phone_number: Field<String>,
}

/// Starts a top-up of the caller's wallet; the wallet is credited when the gateway reports
/// the money (the same callbacks as payments).
pub async fn top_up(app: &App, actor: Actor, req: TopUpRequest) -> Result<Started> {
    let Some(user) = actor.id() else {
        return Err(Error::Forbidden("wallets belong to people".into()));
    };
    let mut p = Problems::default();
    let given = req.gateway.read(&mut p, "gateway");
    let gateway = match given.as_ref().map(|g| g.as_deref()) {
        None => None,
        Some(None | Some("mpesa")) => Some(Gateway::Mpesa),
        Some(Some("stripe")) => Some(Gateway::Stripe),
        Some(Some(_)) => {
            p.push("gateway", "must be mpesa or stripe");
            None
        }
    };
    let amount = match req.amount.read(&mut p, "amount") {
        None => None,
        Some(None) => {
            p.push("amount", "is required");
            None
        }
        Some(Some(m)) => {
            let major = m.currency.minor_per_major();
            let (lo, hi) = (TOP_UP_RANGE.0 * major, TOP_UP_RANGE.1 * major);
            if m.currency != Currency::Kes {
                p.push("amount", "wallets hold KES");
                None
            } else if let Some(why) = app.config.bookings.money_limits.problem(m) {
                p.push("amount", why);
                None
            } else if m.amount < lo || m.amount > hi {
                p.push(
                    "amount",
                    format!(
                        "must be between KES {} and KES {}",
                        TOP_UP_RANGE.0, TOP_UP_RANGE.1
                    ),
                );
                None
            } else if gateway == Some(Gateway::Mpesa) && m.amount % 100 != 0 {
                p.push("amount", "M-Pesa takes whole shillings");
                None
            } else {
                Some(m)
            }
        }
    };
    let number = req.phone_number.optional(&mut p, "phoneNumber");
    let phone = match (gateway, number.as_deref()) {
        (Some(Gateway::Mpesa), None) => {
            p.push("phoneNumber", "is required for M-Pesa");
            None
        }
        (Some(Gateway::Mpesa), Some(raw)) => match Phone::parse(raw) {
            Ok(ph) => Some(ph),
            Err(m) => {
                p.push("phoneNumber", m);
                None
            }
        },
        _ => None,
    };
    let (gateway, amount) = p.finish_with(gateway.zip(amount))?;
    let now = Timestamp::now();
    let mut tx = flow::new_transaction(TransactionType::TopUp, gateway, user, amount, now);
    tx.description = Some("Wallet top-up".into());
    tx.gateway_ref.phone_number = phone.as_ref().map(|p| p.as_str().to_string());
    if gateway == Gateway::Stripe {
        tx.gateway_ref.idempotency_key = Some(format!("topup:{}", tx.id));
    }
    let flags =
        fraud::on_initiation(app, user, phone.as_ref().map(Phone::as_str), amount, now).await?;
    fraud::apply(&mut tx.fraud, &flags);
    app.store.transactions.insert(&tx).await?;
    match (gateway, &phone) {
        (Gateway::Mpesa, Some(phone)) => {
            let transaction = initiate::push(app, tx, phone, "WALLET", "Wallet top-up").await?;
            Ok(Started {
                transaction,
                client_secret: None,
            })
        }
        _ => initiate::intent(app, tx, "Wallet top-up").await,
    }
}
