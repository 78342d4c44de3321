//! Receipts: every transaction has a receipt number from creation; the receipt itself is
//! rendered as JSON, plain text or HTML from the transaction, its booking and the people.

use serde::Serialize;

use crate::app::App;
use crate::domain::Id;
use crate::domain::money::Money;
use crate::domain::transaction::{Split, Transaction};
use crate::error::{Error, Result};

/// What a receipt shows.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Receipt {
    pub receipt_number: String,
    pub transaction_id: Id,
    pub issued_at: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub status: String,
    pub gateway: String,
    /// The gateway's own reference (M-Pesa receipt, Stripe PaymentIntent), when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gateway_reference: Option<String>,
    pub payer: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payee: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub booking_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub amount: Money,
    pub refunded: Money,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub split: Option<Split>,
}

async fn name(app: &App, id: Option<Id>) -> Result<Option<String>> {
    let Some(id) = id else { return Ok(None) };
    Ok(app.store.users.get(id).await?.map(|u| u.full_name()))
}

/// The receipt of `tx`.
pub async fn build(app: &App, tx: &Transaction) -> Result<Receipt> {
    let booking = match tx.booking {
        Some(b) => app.store.bookings.get(b).await?,
        None => None,
    };
    let g = &tx.gateway_ref;
    Ok(Receipt {
        receipt_number: tx.receipt_number.clone(),
        transaction_id: tx.id,
        issued_at: tx.updated_at.to_rfc3339(),
        kind: tx.kind.to_string(),
        status: tx.status.to_string(),
        gateway: tx.gateway.to_string(),
        gateway_reference: g
            .mpesa_receipt_number
            .clone()
            .or_else(|| g.payment_intent_id.clone())
            .or_else(|| g.refund_id.clone())
            .or_else(|| g.payout_id.clone()),
        payer: name(app, Some(tx.payer))
            .await?
            .unwrap_or_else(|| tx.payer.to_string()),
        payee: name(app, tx.payee).await?,
        booking_number: booking.map(|b| b.booking_number),
        description: tx.description.clone(),
        amount: tx.amount,
        refunded: tx.refunded_amount,
        split: tx.split.clone(),
    })
}

impl Receipt {
    fn rows(&self) -> Vec<(&'static str, String)> {
        let mut rows = vec![
            ("Receipt", self.receipt_number.clone()),
            ("Date", self.issued_at.clone()),
            ("Type", self.kind.clone()),
            ("Status", self.status.clone()),
            ("Paid with", self.gateway.clone()),
        ];
        if let Some(r) = &self.gateway_reference {
            rows.push(("Reference", r.clone()));
        }
        rows.push(("Payer", self.payer.clone()));
        if let Some(p) = &self.payee {
            rows.push(("Technician", p.clone()));
        }
        if let Some(b) = &self.booking_number {
            rows.push(("Booking", b.clone()));
        }
        if let Some(d) = &self.description {
            rows.push(("Description", d.clone()));
        }
        if let Some(s) = &self.split {
            rows.push(("Technician's earnings", s.technician_earnings.to_string()));
            rows.push(("Platform fee", s.platform_fee.to_string()));
            rows.push(("VAT", s.tax.to_string()));
        }
        rows.push(("Amount", self.amount.to_string()));
        if self.refunded.amount > 0 {
            rows.push(("Refunded", self.refunded.to_string()));
        }
        rows
    }

    /// Plain text, one `label: value` line each, for e-mail and terminals.
    pub fn text(&self) -> String {
        let mut out = String::from("BaiTech receipt\n\n");
        for (k, v) in self.rows() {
            out.push_str(&format!("{k:<22} {v}\n"));
        }
        out
    }

    /// A small self-contained HTML page (every value escaped), printable as it is.
    pub fn html(&self) -> String {
        let esc = |s: &str| {
            s.replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
                .replace('"', "&quot;")
                .replace('\'', "&#39;")
        };
        let mut rows = String::new();
        for (k, v) in self.rows() {
            rows.push_str(&format!(
                "<tr><th>{}</th><td>{}</td></tr>\n",
                esc(k),
                esc(&v)
            ));
        }
        format!(
            "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>Receipt {}</title>\
             <style>body{{font-family:sans-serif;max-width:40em;margin:2em auto}}\
             th{{text-align:left;padding-right:2em}}</style></head>\n<body><h1>BaiTech receipt</h1>\n\
             <table>\n{rows}</table></body></html>\n",
            esc(&self.receipt_number)
        )
    }
}

/// The receipt of transaction `id` for someone allowed to see it.
pub async fn for_viewer(
    app: &App,
    id: Id,
    actor: crate::domain::booking::Actor,
) -> Result<Receipt> {
    let tx = super::queries::get(app, id, actor).await?;
    if tx.receipt_number.is_empty() {
        return Err(Error::NotFound("receipt"));
    }
    build(app, &tx).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_html_show_every_row_and_html_escapes() {
        let r = Receipt {
            receipt_number: "RCP-261125-AAAAAA".into(),
            transaction_id: Id::new(),
            issued_at: "2026-11-25T10:00:00.000Z".into(),
            kind: "payment".into(),
            status: "escrow".into(),
            gateway: "mpesa".into(),
            gateway_reference: Some("QKJ4ABC123".into()),
            payer: "Amina <script>".into(),
            payee: None,
            booking_number: Some("BT-261125-BBBBBB".into()),
            description: None,
            amount: Money::kes(396_300),
            refunded: Money::kes(0),
            split: None,
        };
        let t = r.text();
        assert!(
            t.contains("QKJ4ABC123") && t.contains("BT-261125-BBBBBB"),
            "{t}"
        );
        assert!(t.contains(&Money::kes(396_300).to_string()));
        let h = r.html();
        assert!(h.contains("Amina &lt;script&gt;"), "{h}");
        assert!(!h.contains("<script>"));
    }
}
