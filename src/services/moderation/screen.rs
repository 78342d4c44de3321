//! The write-time screen: per-category scores (0.0..=1.0) for a text and its author's recent
//! activity, and the decision they lead to under the thresholds of the settings.
//!
//! The offline default needs no network: word lists in English and Swahili/Sheng (profanity,
//! a few severe words that reject outright), links, Kenyan phone numbers and scam phrases as
//! spam, repetition, shouting, and the posting velocity of new accounts.

use std::collections::BTreeMap;

use crate::domain::post::ModerationStatus;

/// When a score sends content to review or rejects it, and what counts as a new account
/// posting too fast (settings `MODERATION_*`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thresholds {
    /// A category scoring at least this holds the content for review.
    pub review_at: f64,
    /// A category scoring at least this rejects the content.
    pub reject_at: f64,
    /// Accounts younger than this many days are new.
    pub new_account_days: u32,
    /// Posts per hour a new account may write before review.
    pub new_account_posts_per_hour: u32,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            review_at: 0.5,
            reject_at: 0.9,
            new_account_days: 7,
            new_account_posts_per_hour: 5,
        }
    }
}

/// What the screen looks at.
#[derive(Debug, Clone, Copy)]
pub struct ScreenInput<'a> {
    pub text: &'a str,
    /// Whole days since the author registered.
    pub account_age_days: u32,
    /// Posts (or comments) the author wrote in the last hour, this one excluded.
    pub recent_posts: u32,
}

/// The screen's verdict: every category's score, the decision, and the categories behind it.
#[derive(Debug, Clone, PartialEq)]
pub struct Screening {
    pub scores: BTreeMap<String, f64>,
    pub decision: ModerationStatus,
    /// Categories at or above the review threshold, highest first.
    pub reasons: Vec<String>,
    /// The highest score.
    pub overall: f64,
}

/// A screen of content at write time.
pub trait Moderator: Send + Sync {
    fn screen(&self, input: &ScreenInput<'_>) -> Screening;
}

/// The offline default [`Moderator`].
#[derive(Debug, Clone, Copy, Default)]
pub struct OfflineModerator {
    pub thresholds: Thresholds,
}

/// Words no post may carry (English and Swahili/Sheng): a hit rejects.
const SEVERE: &[&str] = &[
    "fuck",
    "fucking",
    "motherfucker",
    "cunt",
    "nigger",
    "faggot",
    "kumamako",
    "kumanyoko",
    "kumamayo",
    "msenge",
    "wasenge",
    "mkundu",
];

/// Insults and vulgar words (English and Swahili/Sheng): a hit holds for review.
const PROFANE: &[&str] = &[
    "shit", "bitch", "bastard", "asshole", "dick", "whore", "slut", "idiot", "stupid", "malaya",
    "kuma", "mavi", "matako", "fala", "mjinga", "mpumbavu", "shenzi", "mshenzi", "nyoko",
    "takataka", "bwege", "zuzu",
];

/// Phrases of the usual marketplace scams (English, Swahili, Sheng).
const SCAM: &[&str] = &[
    "send money",
    "tuma pesa",
    "mpesa pin",
    "m-pesa pin",
    "your pin",
    "free money",
    "pesa ya bure",
    "loan ya haraka",
    "guaranteed profit",
    "double your money",
    "pay outside",
    "lipa nje",
    "whatsapp me",
];

impl Moderator for OfflineModerator {
    fn screen(&self, input: &ScreenInput<'_>) -> Screening {
        let words = words(input.text);
        let mut scores = BTreeMap::new();
        scores.insert("profanity".to_string(), profanity(&words));
        scores.insert("spam".to_string(), spam(input.text));
        scores.insert("repetition".to_string(), repetition(input.text, &words));
        scores.insert("shouting".to_string(), shouting(input.text));
        scores.insert("velocity".to_string(), self.velocity(input));
        decide(scores, &self.thresholds)
    }
}

impl OfflineModerator {
    pub fn new(thresholds: Thresholds) -> Self {
        OfflineModerator { thresholds }
    }

    fn velocity(&self, input: &ScreenInput<'_>) -> f64 {
        let t = &self.thresholds;
        if input.account_age_days >= t.new_account_days || t.new_account_posts_per_hour == 0 {
            return 0.0;
        }
        let limit = t.new_account_posts_per_hour;
        match input.recent_posts {
            n if n >= limit.saturating_mul(3) => 0.95,
            n if n >= limit => 0.6,
            n => 0.4 * f64::from(n) / f64::from(limit),
        }
    }
}

/// The decision the scores lead to: the worst category decides.
fn decide(scores: BTreeMap<String, f64>, t: &Thresholds) -> Screening {
    let overall = scores.values().copied().fold(0.0, f64::max);
    let mut flagged: Vec<(&String, f64)> = scores
        .iter()
        .filter(|(_, s)| **s >= t.review_at)
        .map(|(k, s)| (k, *s))
        .collect();
    flagged.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
    let decision = if overall >= t.reject_at {
        ModerationStatus::Rejected
    } else if overall >= t.review_at {
        ModerationStatus::PendingReview
    } else {
        ModerationStatus::Approved
    };
    Screening {
        reasons: flagged.into_iter().map(|(k, _)| k.clone()).collect(),
        scores,
        decision,
        overall,
    }
}

/// Lower-case words with common look-alike characters read as letters (`sh1t`, `@ss`).
fn words(text: &str) -> Vec<String> {
    let folded: String = text
        .to_lowercase()
        .chars()
        .map(|c| match c {
            '0' => 'o',
            '1' => 'i',
            '3' => 'e',
            '4' | '@' => 'a',
            '5' | '$' => 's',
            c => c,
        })
        .collect();
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

fn profanity(words: &[String]) -> f64 {
    if words.iter().any(|w| SEVERE.contains(&w.as_str())) {
        return 1.0;
    }
    let hits = words
        .iter()
        .filter(|w| PROFANE.contains(&w.as_str()))
        .count();
    match hits {
        0 => 0.0,
        1 => 0.6,
        2 => 0.75,
        _ => 0.85,
    }
}

/// Noisy-or of the spam signals: each link 0.5, a phone number 0.6, a scam phrase 0.7.
fn spam(text: &str) -> f64 {
    let lower = text.to_lowercase();
    let links = lower
        .split_whitespace()
        .filter(|w| w.starts_with("http://") || w.starts_with("https://") || w.starts_with("www."))
        .count()
        + lower
            .split_whitespace()
            .filter(|w| is_bare_domain(w))
            .count();
    let mut keep = 0.5f64.powi(i32::try_from(links.min(10)).unwrap_or(10));
    if has_phone_number(text) {
        keep *= 0.4;
    }
    if SCAM.iter().any(|p| lower.contains(p)) {
        keep *= 0.3;
    }
    1.0 - keep
}

/// `example.com`, `bit.ly/x`: a word with a dot before a common top-level domain.
fn is_bare_domain(w: &str) -> bool {
    let w = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '/' && c != '.');
    let host = w.split('/').next().unwrap_or("");
    if host.starts_with("http") || host.starts_with("www.") {
        return false;
    }
    let Some((name, tld)) = host.rsplit_once('.') else {
        return false;
    };
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '.' || c == '-')
        && [
            "com", "net", "org", "ly", "ke", "co", "io", "me", "xyz", "info", "biz",
        ]
        .contains(&tld)
}

/// A Kenyan mobile or landline number: `07xx xxx xxx`, `01xx...`, `+254 7xx...`, `2547...`,
/// spaces and dashes allowed between digits.
fn has_phone_number(text: &str) -> bool {
    let mut digits = String::new();
    let flush = |d: &mut String| {
        let found = looks_like_phone(d);
        d.clear();
        found
    };
    let mut prev_sep = false;
    for c in text.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            prev_sep = false;
        } else if (c == ' ' || c == '-' || c == '+' || c == '.') && !prev_sep && !digits.is_empty()
        {
            prev_sep = true;
        } else if c == '+' && digits.is_empty() {
            continue;
        } else if flush(&mut digits) {
            return true;
        } else {
            prev_sep = false;
        }
    }
    flush(&mut digits)
}

fn looks_like_phone(d: &str) -> bool {
    (d.len() == 10 && (d.starts_with("07") || d.starts_with("01")))
        || (d.len() == 12 && (d.starts_with("2547") || d.starts_with("2541")))
}

/// One word making most of a longer text, or a character repeated many times in a row.
fn repetition(text: &str, words: &[String]) -> f64 {
    let mut run = 1usize;
    let mut longest = 1usize;
    let mut prev = None;
    for c in text.chars().filter(|c| !c.is_whitespace()) {
        if Some(c) == prev {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 1;
        }
        prev = Some(c);
    }
    let runs = if longest >= 10 { 0.6 } else { 0.0 };
    if words.len() < 8 {
        return runs;
    }
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for w in words {
        *counts.entry(w.as_str()).or_default() += 1;
    }
    let top = counts.values().copied().max().unwrap_or(0) as f64 / words.len() as f64;
    let share = ((top - 0.3) / 0.4).clamp(0.0, 1.0) * 0.85;
    share.max(runs)
}

/// Mostly capital letters in a text with enough letters to tell.
fn shouting(text: &str) -> f64 {
    let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() < 20 {
        return 0.0;
    }
    let upper = letters.iter().filter(|c| c.is_uppercase()).count() as f64;
    let ratio = upper / letters.len() as f64;
    if ratio >= 0.8 {
        0.6
    } else if ratio >= 0.6 {
        0.3
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ModerationStatus::{Approved, PendingReview, Rejected};

    fn screen(text: &str) -> Screening {
        screen_with(text, 365, 0, Thresholds::default())
    }

    fn screen_with(text: &str, age: u32, recent: u32, t: Thresholds) -> Screening {
        OfflineModerator::new(t).screen(&ScreenInput {
            text,
            account_age_days: age,
            recent_posts: recent,
        })
    }

    #[test]
    fn ordinary_posts_in_english_and_swahili_are_approved() {
        for text in [
            "Fixed a leaking sink in Kilimani today #plumbing",
            "Nimemaliza kazi ya wiring Westlands leo, asanteni wateja! #fundi",
            "Which inverter is best for a 3 bedroom house? Budget is 2024 shillings per month.",
        ] {
            let s = screen(text);
            assert_eq!(s.decision, Approved, "{text}: {:?}", s.scores);
            assert!(s.reasons.is_empty());
        }
    }

    #[test]
    fn severe_words_reject_in_either_language() {
        for text in [
            "this is fucking useless",
            "wewe ni msenge",
            "KUMAMAKO!",
            "fvck off, cunt",
        ] {
            let s = screen(text);
            assert_eq!(s.decision, Rejected, "{text}");
            assert_eq!(s.reasons, ["profanity"]);
        }
    }

    #[test]
    fn insults_and_look_alikes_are_held_for_review() {
        for text in [
            "Huyu fundi ni fala kabisa",
            "what a sh1t job",
            "mjinga wewe",
        ] {
            let s = screen(text);
            assert_eq!(s.decision, PendingReview, "{text}: {:?}", s.scores);
            assert_eq!(s.reasons, ["profanity"]);
        }
    }

    #[test]
    fn phone_numbers_and_links_are_spam() {
        for text in [
            "Apprentices wanted, call me on 0712 000 112",
            "Call +254 712 345 678 for cheap repairs",
            "Best prices at www.cheapfundi.example",
            "See https://bit.ly/x for details",
            "order at fundideals.com today",
        ] {
            let s = screen(text);
            assert_eq!(s.decision, PendingReview, "{text}: {:?}", s.scores);
            assert_eq!(s.reasons, ["spam"], "{text}");
        }
        let s = screen("Tuma pesa to 0712000112 and get double your money at win.com http://x.co");
        assert_eq!(s.decision, Rejected, "{:?}", s.scores);
        assert!(screen("Paid 2500 for 3 metres of cable").scores["spam"] < 0.5);
    }

    #[test]
    fn shouting_and_repetition_are_held_for_review() {
        let s = screen("BEST FUNDI IN NAIROBI CALL ME NOW FOR ALL REPAIRS");
        assert_eq!(s.decision, PendingReview, "{:?}", s.scores);
        assert_eq!(s.reasons, ["shouting"]);
        let s = screen("buy buy buy buy buy buy buy buy now");
        assert_eq!(s.decision, PendingReview, "{:?}", s.scores);
        assert_eq!(s.reasons, ["repetition"]);
        assert_eq!(screen("Sawa!!!!!!!!!!!!").reasons, ["repetition"]);
    }

    #[test]
    fn new_accounts_posting_fast_are_held_then_rejected() {
        let t = Thresholds::default();
        let text = "Hello everyone";
        assert_eq!(screen_with(text, 1, 2, t).decision, Approved);
        let s = screen_with(text, 1, 5, t);
        assert_eq!(
            (s.decision, s.reasons.clone()),
            (PendingReview, vec!["velocity".into()])
        );
        assert_eq!(screen_with(text, 1, 15, t).decision, Rejected);
        assert_eq!(
            screen_with(text, 30, 50, t).decision,
            Approved,
            "old accounts may post fast"
        );
    }

    #[test]
    fn thresholds_come_from_the_settings() {
        let strict = Thresholds {
            review_at: 0.2,
            reject_at: 0.55,
            ..Thresholds::default()
        };
        let text = "Call 0712 000 112";
        assert_eq!(screen(text).decision, PendingReview);
        assert_eq!(screen_with(text, 365, 0, strict).decision, Rejected);
        let lax = Thresholds {
            review_at: 0.99,
            reject_at: 1.0,
            ..Thresholds::default()
        };
        assert_eq!(screen_with(text, 365, 0, lax).decision, Approved);
        let s = screen(text);
        assert_eq!(s.scores.len(), 5, "every category is scored");
        assert!((s.overall - s.scores["spam"]).abs() < 1e-12);
    }
}
