//! Money events to drafts: the customer hears of what arrived, failed or came back; the
//! technician of money held for their job, released to them and paid out. Every money type is
//! read-only (see `notification_preferences::is_read_only`): a switch cannot silence it.

use serde_json::json;

use crate::domain::Id;
use crate::domain::deep_link::DeepLink;
use crate::domain::money::Money;
use crate::domain::notification::{NotificationType as T, Priority};
use crate::domain::time::Timestamp;
use crate::realtime::{Event, PaymentChange as C};

use super::Draft;

/// The drafts of a [`Event::Payment`]; nothing for any other event.
pub fn drafts(event: &Event) -> Vec<Draft> {
    let Event::Payment {
        transaction,
        change,
        booking,
        payer,
        technician,
        amount,
        receipt_number: receipt,
        reason,
        at,
    } = event
    else {
        return Vec::new();
    };
    let tell = Tell {
        transaction: *transaction,
        change: *change,
        booking: *booking,
        at: *at,
    };
    match change {
        C::Received => {
            let body = match booking {
                Some(_) => format!(
                    "We received your payment of {amount} (receipt {receipt}). It is held safely until the job's dispute window ends."
                ),
                None => format!("{amount} reached your wallet (receipt {receipt})."),
            };
            let mut out = vec![tell.draft(*payer, T::PaymentReceived, "Payment received", body)];
            out.extend(
                technician
                    .filter(|t| t != payer)
                    .map(|t| held(&tell, t, amount)),
            );
            out
        }
        C::Held => technician
            .map(|t| held(&tell, t, amount))
            .into_iter()
            .collect(),
        C::Released => technician
            .map(|t| {
                tell.draft(
                    t,
                    T::EscrowReleased,
                    "Payment released",
                    format!(
                        "{amount} for your job is now yours; it goes out with the next payout."
                    ),
                )
            })
            .into_iter()
            .collect(),
        C::Refunded => vec![tell.draft(
            *payer,
            T::PaymentRefunded,
            "Refund issued",
            match reason {
                Some(r) => format!("{amount} was refunded to you: {r}"),
                None => format!("{amount} was refunded to you."),
            },
        )],
        C::Failed => vec![tell.draft(
            *payer,
            T::PaymentFailed,
            "Payment failed",
            match reason {
                Some(r) => {
                    format!("Your payment of {amount} did not go through ({r}). You can try again.")
                }
                None => format!("Your payment of {amount} did not go through. You can try again."),
            },
        )],
        C::PayoutSent => vec![tell.draft(
            technician.unwrap_or(*payer),
            T::PayoutSent,
            "Payout sent",
            format!("{amount} was sent to your M-Pesa (reference {receipt})."),
        )],
    }
}

/// What every draft of one money event shares.
struct Tell {
    transaction: Id,
    change: C,
    booking: Option<Id>,
    at: Timestamp,
}

impl Tell {
    fn draft(&self, who: Id, kind: T, title: &str, body: String) -> Draft {
        // A booking's money opens the booking; a top-up, refund or payout its transaction.
        let link = match (self.change, self.booking) {
            (C::Received | C::Held | C::Failed, Some(b)) => DeepLink::booking(b),
            (C::Received | C::Failed, None) => DeepLink::wallet(),
            _ => DeepLink::transaction(self.transaction),
        };
        Draft::new(
            who,
            kind,
            title,
            body,
            link,
            format!(
                "payment:{}:{}:{}",
                self.transaction,
                self.change.as_str(),
                self.at.millis()
            ),
            self.at,
        )
        .priority(Priority::High)
        .action(json!({
            "action": "view_transaction",
            "transactionId": self.transaction,
            "bookingId": self.booking,
        }))
    }
}

/// The technician's notice that the customer's money is held for their job.
fn held(tell: &Tell, technician: Id, amount: &Money) -> Draft {
    tell.draft(
        technician,
        T::PaymentReceived,
        "Payment received",
        format!("The customer paid {amount} for your job. It is held until the dispute window ends, then released to you."),
    )
}
