//! The STK result callback Daraja posts to `MPESA_CALLBACK_URL`.

use serde_json::Value;

use crate::error::{Error, FieldError, Result};

/// The parsed `Body.stkCallback` of an STK result callback.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StkCallback {
    pub merchant_request_id: String,
    pub checkout_request_id: String,
    /// 0 paid; anything else failed (1032 cancelled, 1037 no answer, 1 insufficient funds...).
    pub result_code: i64,
    pub result_desc: String,
    /// `CallbackMetadata` Amount in cents (Daraja sends shillings: `1`, `1.00`, `3963`).
    pub amount_minor: Option<i64>,
    /// `MpesaReceiptNumber`.
    pub receipt: Option<String>,
    /// `PhoneNumber` as a digit string.
    pub phone: Option<String>,
    /// `TransactionDate` as sent (`YYYYMMDDHHmmss`, Nairobi time).
    pub transaction_date: Option<String>,
}

const PREFIX: &str = "Body.stkCallback";

/// Parses Daraja's callback body `{"Body":{"stkCallback":{...}}}` unchanged. A body without
/// the identifying fields is a validation error naming each missing one.
pub fn parse_stk_callback(body: &Value) -> Result<StkCallback> {
    let cb = body
        .get("Body")
        .and_then(|b| b.get("stkCallback"))
        .filter(|cb| cb.is_object())
        .ok_or_else(|| Error::validation(PREFIX, "is required"))?;

    let mut problems = Vec::new();
    let merchant_request_id = required_text(cb, "MerchantRequestID", &mut problems);
    let checkout_request_id = required_text(cb, "CheckoutRequestID", &mut problems);
    let result_desc = required_text(cb, "ResultDesc", &mut problems);
    let result_code = cb.get("ResultCode").and_then(integer);
    if result_code.is_none() {
        problems.push(FieldError::new(
            format!("{PREFIX}.ResultCode"),
            "is required (a number)",
        ));
    }

    let mut parsed = StkCallback {
        merchant_request_id,
        checkout_request_id,
        result_code: result_code.unwrap_or_default(),
        result_desc,
        amount_minor: None,
        receipt: None,
        phone: None,
        transaction_date: None,
    };
    read_metadata(cb, &mut parsed, &mut problems);
    if problems.is_empty() {
        Ok(parsed)
    } else {
        Err(Error::Validation(problems))
    }
}

/// `CallbackMetadata.Item` is a list of `{Name, Value}`; some items (Balance) have no value.
fn read_metadata(cb: &Value, out: &mut StkCallback, problems: &mut Vec<FieldError>) {
    let Some(items) = cb
        .get("CallbackMetadata")
        .and_then(|m| m.get("Item"))
        .and_then(Value::as_array)
    else {
        return;
    };
    for item in items {
        let (Some(name), Some(value)) =
            (item.get("Name").and_then(Value::as_str), item.get("Value"))
        else {
            continue;
        };
        match name {
            "Amount" => match shillings_to_cents(value) {
                Some(cents) => out.amount_minor = Some(cents),
                None => problems.push(FieldError::new(
                    format!("{PREFIX}.CallbackMetadata.Amount"),
                    "must be a non-negative amount in shillings",
                )),
            },
            "MpesaReceiptNumber" => out.receipt = scalar_text(value),
            "PhoneNumber" => out.phone = scalar_text(value),
            "TransactionDate" => out.transaction_date = scalar_text(value),
            _ => {}
        }
    }
}

fn required_text(cb: &Value, field: &str, problems: &mut Vec<FieldError>) -> String {
    match cb.get(field).and_then(scalar_text) {
        Some(text) if !text.is_empty() => text,
        _ => {
            problems.push(FieldError::new(format!("{PREFIX}.{field}"), "is required"));
            String::new()
        }
    }
}

/// A string, or a number written out the way JSON had it (phone numbers and dates come as
/// numbers).
fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// An integer sent as a JSON number or as a string (Daraja does both for result codes).
pub(super) fn integer(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// `1`, `1.00`, `3963`, `"10.5"` shillings to cents, half-up on the third decimal, without
/// going through binary floating point.
fn shillings_to_cents(v: &Value) -> Option<i64> {
    let text = scalar_text(v)?;
    let (whole, frac) = text.trim().split_once('.').unwrap_or((text.trim(), ""));
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let digit = |i: usize| frac.as_bytes().get(i).map_or(0, |b| i64::from(b - b'0'));
    let cents = whole
        .parse::<i64>()
        .ok()?
        .checked_mul(100)?
        .checked_add(digit(0) * 10 + digit(1))?;
    Some(cents + i64::from(digit(2) >= 5))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn shilling_amounts_become_cents_exactly() {
        for (value, cents) in [
            (json!(1), 100),
            (json!(1.0), 100),
            (json!(3963), 396_300),
            (json!(10.5), 1_050),
            (json!("12.34"), 1_234),
            (json!(0.005), 1),
            (json!(99.99), 9_999),
        ] {
            assert_eq!(shillings_to_cents(&value), Some(cents), "{value}");
        }
        for bad in [json!(-1), json!("ten"), json!(null), json!("1.2.3")] {
            assert_eq!(shillings_to_cents(&bad), None, "{bad}");
        }
    }

    #[test]
    fn result_codes_come_as_numbers_or_strings() {
        assert_eq!(integer(&json!(1032)), Some(1032));
        assert_eq!(integer(&json!("0")), Some(0));
        assert_eq!(integer(&json!("x")), None);
    }
}
