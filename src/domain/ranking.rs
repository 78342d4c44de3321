//! The feed's hot score: Reddit's time-invariant rank (`reddit-archive/reddit`
//! `r2/lib/db/_sorts.pyx`) over weighted engagement, so a stored score changes only when
//! engagement does and one `(score desc, _id desc)` index serves every ranked list on both
//! adapters, with no periodic re-scoring.

use crate::domain::post::Engagement;
use crate::domain::time::Timestamp;

/// The zero of the time term: 2026-01-01T00:00:00Z. Any fixed instant works (scores compare,
/// never mean anything alone); a recent one keeps the numbers small.
pub const EPOCH_SECONDS: i64 = 1_767_225_600;

/// Weights of each interaction and the decay constant (settings `FEED_WEIGHTS`,
/// `FEED_DECAY_SECONDS`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ranking {
    pub like: f64,
    pub comment: f64,
    pub share: f64,
    pub save: f64,
    pub view: f64,
    /// Seconds of age worth one factor of ten in weighted engagement (Reddit: 45 000).
    pub decay_seconds: f64,
}

impl Default for Ranking {
    fn default() -> Self {
        Ranking {
            like: 1.0,
            comment: 2.0,
            share: 3.0,
            save: 2.0,
            view: 0.1,
            decay_seconds: 45_000.0,
        }
    }
}

impl Ranking {
    /// Reads `like,comment,share,save,view` weights (each a number ≥ 0, at least one > 0).
    pub fn parse_weights(text: &str, decay_seconds: f64) -> Result<Ranking, String> {
        let parts: Vec<&str> = text.split(',').map(str::trim).collect();
        let bad = || "must be five numbers ≥ 0: like,comment,share,save,view".to_string();
        let [like, comment, share, save, view] = parts.as_slice() else {
            return Err(bad());
        };
        let n = |s: &str| {
            s.parse::<f64>()
                .ok()
                .filter(|v| v.is_finite() && *v >= 0.0)
                .ok_or_else(bad)
        };
        let r = Ranking {
            like: n(like)?,
            comment: n(comment)?,
            share: n(share)?,
            save: n(save)?,
            view: n(view)?,
            decay_seconds,
        };
        if r.like + r.comment + r.share + r.save + r.view <= 0.0 {
            return Err("needs at least one weight above 0".into());
        }
        Ok(r)
    }

    /// The weighted engagement; negative counters count as zero.
    pub fn weighted(&self, e: &Engagement) -> f64 {
        let n = |v: i64| v.max(0) as f64;
        n(e.likes) * self.like
            + n(e.comments) * self.comment
            + n(e.shares) * self.share
            + n(e.saves) * self.save
            + n(e.views) * self.view
    }
}

/// `log10(1 + weighted engagement) + (created − epoch) / decay`.
///
/// `1 +` (where Reddit takes `max(|s|, 1)`) keeps the score strictly increasing in every
/// weighted interaction, the first one included. The time term grows with creation time, so
/// at equal engagement a newer post always ranks higher, and an older post needs ten times the
/// engagement per `decay` seconds of age to keep up.
pub fn hot_score(e: &Engagement, created_at: Timestamp, r: &Ranking) -> f64 {
    let order = (1.0 + r.weighted(e)).log10();
    let seconds = created_at.millis() as f64 / 1000.0 - EPOCH_SECONDS as f64;
    order + seconds / r.decay_seconds.max(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn at(s: i64) -> Timestamp {
        Timestamp::from_millis((EPOCH_SECONDS + s) * 1000)
    }

    fn engagement() -> impl Strategy<Value = Engagement> {
        (
            0..10_000i64,
            0..1_000i64,
            0..1_000i64,
            0..1_000i64,
            0..100_000i64,
        )
            .prop_map(|(likes, comments, shares, saves, views)| Engagement {
                likes,
                comments,
                shares,
                saves,
                views,
            })
    }

    proptest! {
        #[test]
        fn more_of_any_interaction_never_lowers_the_score(
            e in engagement(), which in 0..5usize, more in 1..1_000i64, t in -10_000_000..10_000_000i64,
        ) {
            let r = Ranking::default();
            let mut up = e;
            match which {
                0 => up.likes += more,
                1 => up.comments += more,
                2 => up.shares += more,
                3 => up.saves += more,
                _ => up.views += more,
            }
            prop_assert!(hot_score(&up, at(t), &r) > hot_score(&e, at(t), &r));
        }

        #[test]
        fn newer_beats_older_at_equal_engagement(
            e in engagement(), t in -10_000_000..10_000_000i64, later in 1..10_000_000i64,
        ) {
            let r = Ranking::default();
            prop_assert!(hot_score(&e, at(t + later), &r) > hot_score(&e, at(t), &r));
        }
    }

    #[test]
    fn ten_times_the_engagement_is_worth_one_decay_of_age() {
        let r = Ranking {
            like: 1.0,
            decay_seconds: 45_000.0,
            ..Ranking::default()
        };
        let e = |likes| Engagement {
            likes,
            ..Engagement::default()
        };
        let old = hot_score(&e(999), at(0), &r);
        let new = hot_score(&e(99), at(45_000), &r);
        assert!((old - new).abs() < 1e-9, "{old} vs {new}");
        assert_eq!(hot_score(&Engagement::default(), at(0), &r), 0.0);
        assert_eq!(hot_score(&e(-5), at(0), &r), 0.0, "negative counts as none");
    }

    #[test]
    fn weights_parse_and_bad_ones_are_refused() {
        let r = Ranking::parse_weights("1, 2,3,2,0.1", 45_000.0).unwrap();
        assert_eq!(r, Ranking::default());
        for bad in ["1,2,3", "1,2,3,4,x", "0,0,0,0,0", "1,-2,3,4,5"] {
            assert!(Ranking::parse_weights(bad, 1.0).is_err(), "{bad}");
        }
    }
}
