//! The value checks every input shares: bounded text without control or bidi characters,
//! people's names, https URLs, slugs.

use super::Problems;
use crate::error::Result;

/// The bidi embedding, override and isolate controls (U+202A..U+202E, U+2066..U+2069): they
/// make text display in an order other than the one it is stored in, so what a reader sees
/// is not what was written. Plain marks (LRM, RLM, ALM) stay allowed for right-to-left text.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Trimmed text of `min..=max` characters (counted as characters, not bytes), without control
/// characters (other than newline and tab) or bidi overrides.
pub fn text(p: &mut Problems, field: &str, s: &str, min: usize, max: usize) -> Option<String> {
    let t = s.trim();
    let n = t.chars().count();
    if n < min {
        p.push(
            field,
            if min == 1 {
                "may not be empty".to_string()
            } else {
                format!("must be at least {min} characters")
            },
        );
        None
    } else if n > max {
        p.push(field, format!("must be at most {max} characters"));
        None
    } else if t.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        p.push(field, "may not contain control characters");
        None
    } else if t.chars().any(is_bidi_control) {
        p.push(field, "may not contain text-direction override characters");
        None
    } else {
        Some(t.to_string())
    }
}

/// Longest first or last name, in characters.
pub const NAME_MAX: usize = 50;

/// The one rule for a person's first or last name, at registration and in `PUT /users/me`:
/// trimmed, 1..=[`NAME_MAX`] characters, letters (any script) with spaces, hyphens,
/// apostrophes and dots between them, and combining accents after a letter. That leaves out
/// markup (`<script>`), digits, control characters, and the invisible format characters that
/// make a name display as something else (bidi overrides such as U+202E, zero-width spaces and
/// joiners, byte-order marks). Returns the trimmed name or why it is refused.
pub fn check_person_name(raw: &str) -> Result<String, String> {
    let v = raw.trim();
    if v.is_empty() {
        return Err("is required".into());
    }
    if v.chars().count() > NAME_MAX {
        return Err(format!("must be at most {NAME_MAX} characters"));
    }
    let mut after_letter = false;
    for c in v.chars() {
        let ok = if c.is_alphabetic() {
            after_letter = true;
            true
        } else if ('\u{300}'..='\u{36f}').contains(&c) {
            after_letter
        } else {
            after_letter = false;
            matches!(c, ' ' | '-' | '\'' | '.' | '\u{2019}')
        };
        if !ok {
            return Err("may contain only letters, spaces, hyphens, apostrophes and dots".into());
        }
    }
    if !v.chars().any(char::is_alphabetic) {
        return Err("may contain only letters, spaces, hyphens, apostrophes and dots".into());
    }
    Ok(v.to_string())
}

/// [`check_person_name`] reporting into `p`.
pub fn person_name(p: &mut Problems, field: &str, raw: &str) -> Option<String> {
    check_person_name(raw)
        .map_err(|why| p.push(field, why))
        .ok()
}

/// An `https://` URL with a plausible host, at most 2048 characters. Images and documents are
/// only ever fetched by clients from such URLs (Cloudinary and the like), never from `http:`,
/// `data:` or `javascript:` ones.
pub fn https_url(p: &mut Problems, field: &str, s: &str) -> Option<String> {
    let s = s.trim();
    let ok = s.len() <= 2048
        && s.strip_prefix("https://").is_some_and(|rest| {
            let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
            let host = authority.rsplit_once(':').map_or(authority, |(h, port)| {
                if port.chars().all(|c| c.is_ascii_digit()) {
                    h
                } else {
                    authority
                }
            });
            !authority.contains('@')
                && host.contains('.')
                && host.split('.').all(|l| {
                    !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                })
                && !rest.chars().any(|c| c.is_whitespace() || c.is_control())
        });
    if ok {
        Some(s.to_string())
    } else {
        p.push(field, "must be an https:// URL");
        None
    }
}

/// A lower-case slug (`plumbing`, `air-conditioning`), 1..=50 characters.
pub fn slug(p: &mut Problems, field: &str, s: &str) -> Option<String> {
    let s = s.trim().to_lowercase();
    if (1..=50).contains(&s.len())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        Some(s)
    } else {
        p.push(field, "must be 1-50 characters of a-z, 0-9, - and _");
        None
    }
}

/// The longest URL accepted for a photo or piece of evidence.
pub const MAX_URL: usize = 2_048;

/// Whether `s` looks like an absolute https URL with a host and no whitespace (the looser
/// rule of booking photos and dispute evidence; profile URLs use [`https_url`]).
pub fn is_https_url(s: &str) -> bool {
    let s = s.trim();
    s.len() <= MAX_URL
        && s.strip_prefix("https://").is_some_and(|rest| {
            !rest.is_empty() && !rest.starts_with('/') && !rest.contains(char::is_whitespace)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_letters_without_invisible_or_markup_characters() {
        for good in [
            "Amina",
            " O'Neil-Kamau ",
            "Jean-Luc St. Pierre",
            "Wanjir\u{169}",
            "Wanjiru\u{303}",
            "N\u{2019}Dour",
            "\u{5d3}\u{5d5}\u{5d3}",
        ] {
            assert!(check_person_name(good).is_ok(), "{good:?}");
        }
        assert_eq!(check_person_name("  Zo\u{eb} ").unwrap(), "Zo\u{eb}");
        for bad in [
            "",
            "   ",
            "\u{202e}evil",
            "A\u{200b}B",
            "A\u{200d}B",
            "\u{feff}Amina",
            "Amina\u{2066}",
            "\u{303}Amina",
            "<script>alert(1)</script>",
            "Ami\nna",
            "R2D2",
            "--",
            &"a".repeat(NAME_MAX + 1),
        ] {
            assert!(check_person_name(bad).is_err(), "{bad:?}");
        }
        assert!(check_person_name(&"a".repeat(NAME_MAX)).is_ok());
    }

    #[test]
    fn urls_must_be_https_with_a_host() {
        let mut p = Problems::new();
        assert!(https_url(&mut p, "u", "https://res.cloudinary.com/demo/a.jpg").is_some());
        assert!(https_url(&mut p, "u", "https://localhost:8443/x").is_none());
        for bad in [
            "http://x.com/a",
            "javascript:alert(1)",
            "https://a@b.com/",
            "https:// x.com",
            "https://x..com",
        ] {
            assert!(https_url(&mut p, "u", bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn only_absolute_https_urls_pass() {
        assert!(is_https_url("https://res.cloudinary.com/demo/a.jpg"));
        assert!(!is_https_url("http://res.cloudinary.com/demo/a.jpg"));
        assert!(!is_https_url("https:///a.jpg"));
        assert!(!is_https_url("https://a b.jpg"));
        assert!(!is_https_url("javascript:alert(1)"));
    }
}
