//! Stripe's webhook signature scheme: `Stripe-Signature: t=<unix>,v1=<hex>[,v1=<hex>...]`,
//! where each `v1` is hex(HMAC-SHA256(secret, "{t}.{payload}")). Several `v1` values appear
//! while a secret is being rolled; `v0` (test-mode legacy) is ignored.

use hmac::{Hmac, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// How old (or how far in the future) a signature's timestamp may be.
pub const SIGNATURE_TOLERANCE_SECS: i64 = 300;

/// Why a `Stripe-Signature` header was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error("malformed Stripe-Signature header (expected t=<unix>,v1=<hex>)")]
    Malformed,
    #[error("no v1 signature matches the payload")]
    NoMatch,
    #[error("the signature timestamp is {age_secs} s away from now, outside the tolerance")]
    Stale { age_secs: i64 },
}

/// Checks `header` against `payload`: accepted when any `v1` matches (compared in constant
/// time) and the timestamp is within `tolerance_secs` of `now_unix`. Returns the timestamp.
pub fn verify_signature(
    secret: &str,
    payload: &[u8],
    header: &str,
    now_unix: i64,
    tolerance_secs: i64,
) -> Result<i64, SignatureError> {
    let (t, candidates) = parse_header(header)?;
    let mac = mac_of(secret, payload, t);
    let matches = candidates.iter().any(|candidate| {
        hex::decode(candidate).is_ok_and(|bytes| mac.clone().verify_slice(&bytes).is_ok())
    });
    if !matches {
        return Err(SignatureError::NoMatch);
    }
    let age_secs = now_unix.saturating_sub(t);
    if age_secs.saturating_abs() > tolerance_secs {
        return Err(SignatureError::Stale { age_secs });
    }
    Ok(t)
}

/// Signs `payload` as Stripe would at unix time `t`: the `Stripe-Signature` header value.
pub fn sign_payload(secret: &str, payload: &[u8], t: i64) -> String {
    let signature = hex::encode(mac_of(secret, payload, t).finalize().into_bytes());
    format!("t={t},v1={signature}")
}

fn mac_of(secret: &str, payload: &[u8], t: i64) -> HmacSha256 {
    let mut mac =
        HmacSha256::new_from_slice(secret.as_bytes()).expect("HMAC accepts keys of any length");
    mac.update(t.to_string().as_bytes());
    mac.update(b".");
    mac.update(payload);
    mac
}

/// The timestamp and the `v1` values.
fn parse_header(header: &str) -> Result<(i64, Vec<&str>), SignatureError> {
    let mut t = None;
    let mut v1 = Vec::new();
    for part in header.split(',') {
        let (key, value) = part
            .trim()
            .split_once('=')
            .ok_or(SignatureError::Malformed)?;
        match key {
            "t" => {
                t = Some(
                    value
                        .parse::<i64>()
                        .map_err(|_| SignatureError::Malformed)?,
                )
            }
            "v1" => v1.push(value),
            _ => {}
        }
    }
    match t {
        Some(t) if !v1.is_empty() => Ok((t, v1)),
        _ => Err(SignatureError::Malformed),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "whsec_test_secret";
    const PAYLOAD: &[u8] = br#"{"id":"evt_1","type":"payment_intent.succeeded"}"#;
    const T: i64 = 1_700_000_000;

    fn verify(header: &str, now: i64) -> Result<i64, SignatureError> {
        verify_signature(SECRET, PAYLOAD, header, now, SIGNATURE_TOLERANCE_SECS)
    }

    #[test]
    fn a_signature_made_by_sign_payload_verifies() {
        let header = sign_payload(SECRET, PAYLOAD, T);
        assert!(header.starts_with("t=1700000000,v1="));
        assert_eq!(verify(&header, T + 10), Ok(T));
    }

    #[test]
    fn the_signature_is_hmac_sha256_of_timestamp_dot_payload() {
        // Computed outside Rust: hmac.new(SECRET, b"1700000000." + PAYLOAD, sha256).hexdigest()
        let expected = "22d8dc182f5c588077683bd378368e29765bfe5df2560112b4f28fef120f0e31";
        assert_eq!(
            sign_payload(SECRET, PAYLOAD, T),
            format!("t={T},v1={expected}")
        );
    }

    #[test]
    fn another_secret_does_not_match() {
        let header = sign_payload("whsec_other", PAYLOAD, T);
        assert_eq!(verify(&header, T), Err(SignatureError::NoMatch));
    }

    #[test]
    fn a_tampered_payload_does_not_match() {
        let header = sign_payload(SECRET, PAYLOAD, T);
        let tampered = br#"{"id":"evt_1","type":"payment_intent.succeedeD"}"#;
        assert_eq!(
            verify_signature(SECRET, tampered, &header, T, SIGNATURE_TOLERANCE_SECS),
            Err(SignatureError::NoMatch)
        );
    }

    #[test]
    fn a_changed_timestamp_does_not_match() {
        let header = sign_payload(SECRET, PAYLOAD, T).replace("t=1700000000", "t=1700000001");
        assert_eq!(verify(&header, T), Err(SignatureError::NoMatch));
    }

    #[test]
    fn signatures_older_or_newer_than_the_tolerance_are_stale() {
        let header = sign_payload(SECRET, PAYLOAD, T);
        assert_eq!(verify(&header, T + 300), Ok(T));
        assert_eq!(
            verify(&header, T + 301),
            Err(SignatureError::Stale { age_secs: 301 })
        );
        assert_eq!(
            verify(&header, T - 301),
            Err(SignatureError::Stale { age_secs: -301 })
        );
    }

    #[test]
    fn any_of_several_v1_values_may_match() {
        let good = sign_payload(SECRET, PAYLOAD, T);
        let good_sig = good.split_once("v1=").unwrap().1;
        let header = format!("t={T},v1={},v1={good_sig},v0=abc", "0".repeat(64));
        assert_eq!(verify(&header, T), Ok(T));
        let none = format!("t={T},v1={},v1=nothex", "0".repeat(64));
        assert_eq!(verify(&none, T), Err(SignatureError::NoMatch));
    }

    #[test]
    fn malformed_headers_are_refused_as_such() {
        let sig = sign_payload(SECRET, PAYLOAD, T);
        let v1 = sig.split_once(',').unwrap().1;
        for header in [
            "",
            "garbage",
            v1,
            "t=1700000000",
            "t=yesterday,v1=00",
            &format!("t={T},v0=abc"),
        ] {
            assert_eq!(
                verify(header, T),
                Err(SignatureError::Malformed),
                "{header}"
            );
        }
    }

    #[test]
    fn errors_say_which_check_failed() {
        assert!(SignatureError::Malformed.to_string().contains("malformed"));
        assert!(SignatureError::NoMatch.to_string().contains("no v1"));
        assert!(
            SignatureError::Stale { age_secs: 301 }
                .to_string()
                .contains("301 s")
        );
    }
}
