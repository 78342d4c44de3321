//! Sentiment of a review's text: a scorer trait and an offline lexicon scorer for English and
//! Swahili (no network, deterministic, so tests and air-gapped installs behave the same). A
//! review whose stars strongly contradict its text is flagged for moderation — never changed.
//! Stems shorter than five letters must match a whole word.
//!
//! The lexicon scorer sums word weights (−3..3) with three rules from VADER: a negator ("not",
//! "never", Swahili "si", "hakuna", ...) flips the next sentiment word within three words,
//! an intensifier ("very", "sana" — which follows its word in Swahili) scales its word, and the
//! sum is normalised to −1..1 by `s / sqrt(s² + 15)`. Swahili words are matched by stem, so
//! "alichelewa" (was late) and "kuchelewa" (lateness) both meet the stem "chelew".

use crate::domain::review::{Sentiment, SentimentLabel};

/// Scores the sentiment of a text.
pub trait SentimentScorer: Send + Sync {
    fn score(&self, text: &str) -> Sentiment;
}

/// Beyond this score a text counts as clearly positive or negative.
pub const LABEL_THRESHOLD: f64 = 0.05;
/// How strong the text must be, against the stars, to flag a review.
pub const CONTRADICTION: f64 = 0.5;
/// The moderation reason a contradiction is recorded under.
pub const CONTRADICTION_REASON: &str = "stars_contradict_text";

/// Whether `stars` and the text's sentiment disagree strongly: four or five stars on a clearly
/// negative text, or one or two stars on a clearly positive one.
pub fn contradicts(stars: u8, s: &Sentiment) -> bool {
    (stars >= 4 && s.score <= -CONTRADICTION) || (stars <= 2 && s.score >= CONTRADICTION)
}

/// The offline English + Swahili word-list scorer.
#[derive(Debug, Clone, Copy, Default)]
pub struct Lexicon;

const ENGLISH: &[(&str, f64)] = &[
    ("excellent", 3.0),
    ("amazing", 3.0),
    ("outstanding", 3.0),
    ("perfect", 3.0),
    ("fantastic", 3.0),
    ("wonderful", 3.0),
    ("best", 3.0),
    ("great", 2.5),
    ("awesome", 2.5),
    ("love", 2.5),
    ("recommend", 2.0),
    ("recommended", 2.0),
    ("good", 2.0),
    ("professional", 2.0),
    ("friendly", 2.0),
    ("honest", 2.0),
    ("reliable", 2.0),
    ("skilled", 2.0),
    ("helpful", 2.0),
    ("happy", 2.0),
    ("satisfied", 2.0),
    ("polite", 1.5),
    ("punctual", 1.5),
    ("thorough", 1.5),
    ("efficient", 1.5),
    ("clean", 1.5),
    ("neat", 1.5),
    ("quick", 1.5),
    ("fast", 1.5),
    ("fair", 1.0),
    ("affordable", 1.0),
    ("courteous", 1.5),
    ("knowledgeable", 1.5),
    ("thanks", 1.0),
    ("terrible", -3.0),
    ("awful", -3.0),
    ("horrible", -3.0),
    ("worst", -3.0),
    ("scam", -3.0),
    ("stole", -3.0),
    ("cheated", -3.0),
    ("useless", -2.5),
    ("rude", -2.5),
    ("dishonest", -2.5),
    ("unprofessional", -2.5),
    ("bad", -2.5),
    ("disappointed", -2.0),
    ("disappointing", -2.0),
    ("poor", -2.0),
    ("careless", -2.0),
    ("unreliable", -2.0),
    ("damaged", -2.0),
    ("broke", -2.0),
    ("overcharged", -2.0),
    ("rubbish", -2.0),
    ("waste", -2.0),
    ("avoid", -2.0),
    ("lazy", -2.0),
    ("failed", -2.0),
    ("dirty", -1.5),
    ("messy", -1.5),
    ("late", -1.5),
    ("slow", -1.5),
    ("expensive", -1.0),
];

/// Swahili (and Sheng) stems; a word containing the stem has its weight.
const SWAHILI: &[(&str, f64)] = &[
    ("hodari", 3.0),
    ("bora", 2.5),
    ("safi", 2.5),
    ("nzuri", 2.5),
    ("mzuri", 2.5),
    ("vizuri", 2.5),
    ("napendekeza", 2.5),
    ("furaha", 2.0),
    ("mwaminifu", 2.0),
    ("makini", 2.0),
    ("asante", 1.5),
    ("shukran", 1.5),
    ("haraka", 1.5),
    ("kamili", 1.5),
    ("fiti", 1.5),
    ("poa", 1.5),
    ("ridhika", 2.0),
    ("tapeli", -3.0),
    ("mwizi", -3.0),
    ("takataka", -3.0),
    ("mbaya", -2.5),
    ("vibaya", -2.5),
    ("uongo", -2.5),
    ("hovyo", -2.0),
    ("ovyo", -2.0),
    ("duni", -2.0),
    ("haribu", -2.0),
    ("hasira", -2.0),
    ("feki", -2.0),
    ("hafai", -2.0),
    ("chelew", -1.5),
    ("ghali", -1.0),
];

/// Words that flip the next sentiment word.
const NEGATORS: &[&str] = &[
    "not", "no", "never", "nothing", "hardly", "without", "cannot", "si", "sio", "siyo", "hakuna",
    "bila", "wala",
];

/// Words that scale the sentiment word after them (English) or before them (`sana`).
const INTENSIFIERS: &[(&str, f64)] = &[
    ("very", 1.3),
    ("really", 1.3),
    ("extremely", 1.5),
    ("super", 1.3),
    ("highly", 1.3),
    ("so", 1.2),
    ("kabisa", 1.3),
];

/// How far a negator reaches, in words.
const NEGATION_SCOPE: usize = 3;

fn weight(word: &str) -> Option<f64> {
    if let Some((_, w)) = ENGLISH.iter().find(|(w, _)| *w == word) {
        return Some(*w);
    }
    // Swahili negative verb forms ("sikuridhika", "hakufika") are negative whatever the stem.
    if word.starts_with("siku") && word.contains("ridhika") {
        return Some(-2.0);
    }
    if matches!(word, "hakufika" | "hakuja" | "hakumaliza" | "hakurudi") {
        return Some(-2.0);
    }
    // Short stems must be the whole word: "bora" is also inside "elaborate".
    SWAHILI
        .iter()
        .find(|(stem, _)| {
            if stem.len() < 5 {
                word == *stem
            } else {
                word.contains(stem)
            }
        })
        .map(|(_, w)| *w)
}

fn is_negator(word: &str) -> bool {
    NEGATORS.contains(&word) || word.ends_with("n't")
}

impl SentimentScorer for Lexicon {
    fn score(&self, text: &str) -> Sentiment {
        let lower = text.to_lowercase().replace('’', "'");
        let words: Vec<&str> = lower
            .split(|c: char| !(c.is_alphanumeric() || c == '\''))
            .filter(|w| !w.is_empty())
            .collect();
        let mut total = 0.0;
        let mut negated_until = 0usize;
        let mut boost = 1.0;
        let mut last: Option<f64> = None;
        for (i, w) in words.iter().enumerate() {
            if is_negator(w) {
                negated_until = i + NEGATION_SCOPE;
                last = None;
                continue;
            }
            if *w == "sana" {
                // Swahili puts the intensifier after its word: scale what was just counted.
                if let Some(prev) = last.take() {
                    total += prev * 0.3;
                }
                continue;
            }
            if let Some((_, f)) = INTENSIFIERS.iter().find(|(x, _)| x == w) {
                boost = *f;
                continue;
            }
            let Some(mut v) = weight(w) else {
                continue;
            };
            if i <= negated_until && negated_until > 0 {
                v *= -0.74;
                negated_until = 0;
            }
            v *= boost;
            boost = 1.0;
            total += v;
            last = Some(v);
        }
        let score = total / (total * total + 15.0).sqrt();
        let label = if score > LABEL_THRESHOLD {
            SentimentLabel::Positive
        } else if score < -LABEL_THRESHOLD {
            SentimentLabel::Negative
        } else {
            SentimentLabel::Neutral
        };
        Sentiment {
            label,
            score: (score * 1000.0).round() / 1000.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use SentimentLabel::{Negative, Neutral, Positive};

    /// A small labelled set in both languages (written for this test, not taken from the
    /// lexicon's words one by one).
    const LABELLED: &[(&str, SentimentLabel)] = &[
        (
            "Excellent work, very professional and punctual. Highly recommend!",
            Positive,
        ),
        (
            "He fixed the sink quickly and left the kitchen clean.",
            Positive,
        ),
        ("Great job, fair price, friendly technician.", Positive),
        ("Terrible. He was late, rude and overcharged me.", Negative),
        ("The worst plumber I have ever hired, avoid.", Negative),
        ("Not good at all, the wiring failed the next day.", Negative),
        ("Not bad, he came on the day we agreed.", Positive),
        ("He came on Tuesday and replaced the tap.", Neutral),
        ("Kazi nzuri sana, fundi hodari na mwaminifu.", Positive),
        ("Asante, alifika haraka na kazi ni safi kabisa.", Positive),
        ("Fundi mbaya, alichelewa na aliharibu bomba.", Negative),
        ("Huyu ni tapeli, kazi ya hovyo.", Negative),
        ("Sikuridhika na kazi yake.", Negative),
        ("Si mbaya, bei ni sawa.", Positive),
        ("Alikuja jumanne saa nne.", Neutral),
        ("Poa sana, napendekeza!", Positive),
    ];

    #[test]
    fn the_lexicon_labels_the_labelled_set_correctly() {
        let wrong: Vec<_> = LABELLED
            .iter()
            .map(|(text, want)| (text, *want, Lexicon.score(text)))
            .filter(|(_, want, got)| got.label != *want)
            .collect();
        assert!(wrong.is_empty(), "mislabelled: {wrong:#?}");
    }

    #[test]
    fn scores_stay_between_minus_one_and_one() {
        let gushing = "excellent ".repeat(200);
        let s = Lexicon.score(&gushing);
        assert!(s.score > 0.99 && s.score <= 1.0);
        assert!(Lexicon.score(&"terrible ".repeat(200)).score >= -1.0);
        assert_eq!(Lexicon.score("").label, Neutral);
    }

    #[test]
    fn only_strong_disagreement_between_stars_and_text_is_a_contradiction() {
        let bad = Lexicon.score("Terrible, rude and the worst job, avoid him");
        let good = Lexicon.score("Excellent, amazing work, highly recommend");
        let mild = Lexicon.score("a bit late");
        assert!(contradicts(5, &bad));
        assert!(contradicts(1, &good));
        assert!(!contradicts(1, &bad));
        assert!(!contradicts(5, &good));
        assert!(!contradicts(5, &mild), "{mild:?}");
        assert!(!contradicts(3, &bad), "three stars contradict nothing");
    }
}
