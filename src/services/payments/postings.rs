//! Which accounts each movement of money touches. Pure: every function returns the balanced
//! lines of one entry (see the account table in [`crate::domain::ledger`]).

use crate::domain::Timestamp;
use crate::domain::ledger::{Account, EntryBuilder, EntryKind, LedgerLine};
use crate::domain::money::Money;
use crate::domain::transaction::{Gateway, Split, Transaction};
use crate::error::{Error, Result};

fn built(b: EntryBuilder, at: Timestamp) -> Result<Vec<LedgerLine>> {
    b.build(at)
        .map_err(|e| Error::internal("ledger: building an entry", e))
}

/// Where the money of a payment or top-up comes from: the gateway's clearing account, the
/// technician who collected cash, or the payer's wallet.
pub fn source(tx: &Transaction) -> Account {
    match (tx.gateway, tx.payee) {
        (Gateway::Wallet, _) => Account::wallet(tx.payer),
        (Gateway::Cash, Some(technician)) => Account::cash(technician),
        (g, _) => Account::clearing(g),
    }
}

/// A booking payment arrives: source → escrow.
pub fn payment(tx: &Transaction, received: Money, at: Timestamp) -> Result<Vec<LedgerLine>> {
    built(
        EntryBuilder::new(EntryKind::Payment, tx.id, received.currency)
            .debit(source(tx), received)
            .credit(Account::escrow(), received),
        at,
    )
}

/// A top-up arrives: gateway clearing → the payer's wallet.
pub fn top_up(tx: &Transaction, received: Money, at: Timestamp) -> Result<Vec<LedgerLine>> {
    built(
        EntryBuilder::new(EntryKind::TopUp, tx.id, received.currency)
            .debit(Account::clearing(tx.gateway), received)
            .credit(Account::wallet(tx.payer), received),
        at,
    )
}

/// A held top-up is approved: what it put in escrow → the payer's wallet.
pub fn held_top_up(tx: &Transaction, amount: Money, at: Timestamp) -> Result<Vec<LedgerLine>> {
    built(
        EntryBuilder::new(EntryKind::TopUp, tx.id, amount.currency)
            .debit(Account::escrow(), amount)
            .credit(Account::wallet(tx.payer), amount),
        at,
    )
}

/// Escrow is released: the platform's fee and the tax to their accounts, the rest to the
/// technician's payable. For cash the technician already holds the money, so what they
/// collected is set against what they are owed in the same entry.
pub fn release(
    tx: &Transaction,
    technician: crate::domain::Id,
    split: &Split,
    at: Timestamp,
) -> Result<Vec<LedgerLine>> {
    let released = split.total();
    let mut b = EntryBuilder::new(EntryKind::Release, tx.id, released.currency)
        .debit(Account::escrow(), released)
        .credit(Account::platform_revenue(), split.platform_fee)
        .credit(Account::platform_tax(), split.tax)
        .credit(Account::payable(technician), split.technician_earnings);
    if tx.gateway == Gateway::Cash {
        b = b
            .debit(Account::payable(technician), released)
            .credit(Account::cash(technician), released);
    }
    built(b, at)
}

/// Where a refund is paid to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefundTo {
    /// Back through the gateway the customer paid with.
    Original,
    /// Into the customer's wallet (instant).
    Wallet,
}

/// A refund leaves escrow: to the gateway's clearing account (it pays the customer back) or
/// to the customer's wallet. A cash payment refunded "to the original" is handed back by the
/// technician who holds it.
pub fn refund(
    refund_tx: &Transaction,
    payment: &Transaction,
    amount: Money,
    to: RefundTo,
    at: Timestamp,
) -> Result<Vec<LedgerLine>> {
    let destination = match to {
        RefundTo::Wallet => Account::wallet(payment.payer),
        RefundTo::Original => source(payment),
    };
    built(
        EntryBuilder::new(EntryKind::Refund, refund_tx.id, amount.currency)
            .debit(Account::escrow(), amount)
            .credit(destination, amount),
        at,
    )
}

/// The exact opposite of `lines` (a failed refund or payout puts the money back).
pub fn reversal(
    of: &[LedgerLine],
    kind: EntryKind,
    transaction: crate::domain::Id,
    at: Timestamp,
) -> Result<Vec<LedgerLine>> {
    let Some(first) = of.first() else {
        return Err(Error::internal(
            "ledger: reversing an entry",
            anyhow::anyhow!("no lines to reverse"),
        ));
    };
    let mut b = EntryBuilder::new(kind, transaction, first.currency);
    for l in of {
        let m = Money::new(l.amount.abs(), l.currency);
        b = if l.amount > 0 {
            b.credit(l.account.clone(), m)
        } else {
            b.debit(l.account.clone(), m)
        };
    }
    built(b, at)
}

/// A technician is paid out: their payable → the gateway's clearing account.
pub fn payout(
    tx: &Transaction,
    technician: crate::domain::Id,
    at: Timestamp,
) -> Result<Vec<LedgerLine>> {
    built(
        EntryBuilder::new(EntryKind::Payout, tx.id, tx.amount.currency)
            .debit(Account::payable(technician), tx.amount)
            .credit(Account::clearing(tx.gateway), tx.amount),
        at,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Id;
    use crate::domain::transaction::tests::sample;

    fn sum_by(lines: &[LedgerLine], account: &Account) -> i64 {
        lines
            .iter()
            .filter(|l| &l.account == account)
            .map(|l| l.amount)
            .sum()
    }

    #[test]
    fn a_payment_then_its_release_leaves_escrow_empty() {
        let tx = sample();
        let tech = tx.payee.unwrap();
        let split = tx.split.clone().unwrap();
        let at = tx.created_at;
        let mut lines = payment(&tx, tx.amount, at).unwrap();
        lines.extend(release(&tx, tech, &split, at).unwrap());
        assert_eq!(lines.iter().map(|l| l.amount).sum::<i64>(), 0);
        assert_eq!(sum_by(&lines, &Account::escrow()), 0);
        assert_eq!(
            sum_by(&lines, &Account::clearing(Gateway::Mpesa)),
            tx.amount.amount
        );
        assert_eq!(
            sum_by(&lines, &Account::payable(tech)),
            -split.technician_earnings.amount
        );
        assert_eq!(
            sum_by(&lines, &Account::platform_revenue()),
            -split.platform_fee.amount
        );
    }

    #[test]
    fn a_released_cash_payment_leaves_the_technician_owing_fee_and_tax() {
        let mut tx = sample();
        tx.gateway = Gateway::Cash;
        let tech = tx.payee.unwrap();
        let split = tx.split.clone().unwrap();
        let mut lines = payment(&tx, tx.amount, tx.created_at).unwrap();
        assert_eq!(lines[0].account, Account::cash(tech));
        lines.extend(release(&tx, tech, &split, tx.created_at).unwrap());
        assert_eq!(sum_by(&lines, &Account::cash(tech)), 0);
        assert_eq!(
            sum_by(&lines, &Account::payable(tech)),
            split.platform_fee.amount + split.tax.amount
        );
    }

    #[test]
    fn refunds_go_to_the_source_or_the_wallet_and_reversals_undo_them() {
        let tx = sample();
        let r = Transaction {
            id: Id::new(),
            ..tx.clone()
        };
        let amount = Money::kes(1_000);
        let to_wallet = refund(&r, &tx, amount, RefundTo::Wallet, tx.created_at).unwrap();
        assert_eq!(sum_by(&to_wallet, &Account::wallet(tx.payer)), -1_000);
        let back = refund(&r, &tx, amount, RefundTo::Original, tx.created_at).unwrap();
        assert_eq!(sum_by(&back, &Account::clearing(Gateway::Mpesa)), -1_000);
        let undo = reversal(&back, EntryKind::Refund, r.id, tx.created_at).unwrap();
        let mut all = back.clone();
        all.extend(undo);
        assert_eq!(sum_by(&all, &Account::escrow()), 0);
        assert_eq!(sum_by(&all, &Account::clearing(Gateway::Mpesa)), 0);
    }
}
