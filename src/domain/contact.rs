//! Contact details valid by construction: e-mail addresses and E.164 phone numbers (Kenyan
//! local formats accepted and normalized).

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};

/// A lower-cased, syntactically valid e-mail address.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let s = raw.trim().to_lowercase();
        if s.len() > 254 {
            return Err("must be at most 254 characters");
        }
        let (local, domain) = s.split_once('@').ok_or("must be a valid email address")?;
        let ok_local = !local.is_empty()
            && local.len() <= 64
            && local
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "._%+-'".contains(c))
            && !local.starts_with('.')
            && !local.ends_with('.');
        let ok_domain = domain.contains('.')
            && domain.split('.').all(|label| {
                !label.is_empty()
                    && label.len() <= 63
                    && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                    && !label.starts_with('-')
                    && !label.ends_with('-')
            });
        if ok_local && ok_domain {
            Ok(Email(s))
        } else {
            Err("must be a valid email address")
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Email {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Email::parse(&s).map_err(serde::de::Error::custom)
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A phone number in E.164 (`+` and 8–15 digits).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Phone(String);

impl Phone {
    /// Accepts E.164 and the Kenyan forms `07XXXXXXXX`, `01XXXXXXXX`, `2547XXXXXXXX`,
    /// `7XXXXXXXX`; spaces, dashes and brackets are ignored.
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        const MSG: &str = "must be a phone number in E.164 form (e.g. +254712345678) or a Kenyan mobile number (0712345678)";
        let plus = raw.trim_start().starts_with('+');
        let digits: String = raw
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '(' | ')' | '.' | '+'))
            .collect();
        if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(MSG);
        }
        let e164 = if plus {
            digits
        } else if digits.len() == 10 && (digits.starts_with("07") || digits.starts_with("01")) {
            format!("254{}", &digits[1..])
        } else if digits.len() == 9 && (digits.starts_with('7') || digits.starts_with('1')) {
            format!("254{digits}")
        } else if digits.len() == 12 && digits.starts_with("254") {
            digits
        } else {
            return Err(MSG);
        };
        if !(8..=15).contains(&e164.len()) || e164.starts_with('0') {
            return Err(MSG);
        }
        if e164.starts_with("254") && e164.len() != 12 {
            return Err(MSG);
        }
        Ok(Phone(format!("+{e164}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Digits without the `+`, as M-Pesa wants them (`2547XXXXXXXX`).
    pub fn digits(&self) -> &str {
        &self.0[1..]
    }
}

impl<'de> Deserialize<'de> for Phone {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Phone::parse(&s).map_err(serde::de::Error::custom)
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl utoipa::PartialSchema for Email {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
        super::schema::string(
            "An e-mail address, stored lower-cased.",
            None,
            Some(utoipa::openapi::schema::KnownFormat::Email),
            "wanjiru@example.co.ke",
        )
    }
}

impl utoipa::ToSchema for Email {}

impl utoipa::PartialSchema for Phone {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
        super::schema::string(
            "A phone number in E.164 form. Input also accepts Kenyan local forms (0712345678, \
             712345678, 254712345678), normalized to E.164.",
            Some(r"^\+[1-9][0-9]{7,14}$"),
            None,
            "+254712345678",
        )
    }
}

impl utoipa::ToSchema for Phone {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kenyan_formats_normalize_to_e164() {
        for raw in [
            "0712345678",
            "+254712345678",
            "254712345678",
            "712345678",
            "0712 345-678",
        ] {
            assert_eq!(
                Phone::parse(raw).unwrap().as_str(),
                "+254712345678",
                "{raw}"
            );
        }
        assert_eq!(
            Phone::parse("0110345678").unwrap().as_str(),
            "+254110345678"
        );
        assert_eq!(
            Phone::parse("+14155550100").unwrap().digits(),
            "14155550100"
        );
    }

    #[test]
    fn bad_phones_are_refused() {
        for raw in ["", "abc", "12345", "+2547123", "07123456789", "+0712345678"] {
            assert!(Phone::parse(raw).is_err(), "{raw}");
        }
    }

    #[test]
    fn emails_are_lowercased_and_checked() {
        assert_eq!(
            Email::parse(" Wanjiru@Example.CO.KE ").unwrap().as_str(),
            "wanjiru@example.co.ke"
        );
        for bad in [
            "",
            "a",
            "a@b",
            "@x.com",
            "a@-x.com",
            "a b@x.com",
            ".a@x.com",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
    }
}
