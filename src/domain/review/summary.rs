//! The rating summary of a reviewed user: average, count, per-star distribution and category
//! averages, kept up to date one review at a time (added or removed) without re-reading them.

use serde::{Deserialize, Serialize};

use super::{CategoryRatings, MAX_RATING, MIN_RATING};

/// Aggregate of the reviews a user received, kept up to date incrementally.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RatingSummary {
    #[serde(default)]
    pub average: f64,
    #[serde(default)]
    pub count: i64,
    /// Reviews per star; index 0 is one star.
    #[serde(default)]
    pub distribution: [i64; 5],
    #[serde(default)]
    pub categories: CategoryAverages,
}

/// Average of each review category.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CategoryAverages {
    #[serde(default)]
    pub quality: f64,
    #[serde(default)]
    pub professionalism: f64,
    #[serde(default)]
    pub communication: f64,
    #[serde(default)]
    pub punctuality: f64,
    #[serde(default)]
    pub value: f64,
}

impl RatingSummary {
    /// Counts one more review. Ratings outside 1..=5 are clamped.
    pub fn add(&mut self, overall: u8, cats: &CategoryRatings) {
        self.shift(overall, cats, 1);
    }

    /// Un-counts a review previously [`add`](Self::add)ed (review deleted or hidden); the exact
    /// inverse of `add`. Does nothing when the summary is empty.
    pub fn remove(&mut self, overall: u8, cats: &CategoryRatings) {
        if self.count <= 0 {
            return;
        }
        if self.count == 1 {
            *self = RatingSummary::default();
            return;
        }
        self.shift(overall, cats, -1);
    }

    fn shift(&mut self, overall: u8, cats: &CategoryRatings, sign: i64) {
        let (n, new_n) = (self.count, self.count + sign);
        let bucket = usize::from(clamp_stars(overall) - 1);
        self.distribution[bucket] = (self.distribution[bucket] + sign).max(0);
        self.average = shifted_mean(self.average, n, overall, sign, new_n);
        let c = &mut self.categories;
        c.quality = shifted_mean(c.quality, n, cats.quality, sign, new_n);
        c.professionalism = shifted_mean(c.professionalism, n, cats.professionalism, sign, new_n);
        c.communication = shifted_mean(c.communication, n, cats.communication, sign, new_n);
        c.punctuality = shifted_mean(c.punctuality, n, cats.punctuality, sign, new_n);
        c.value = shifted_mean(c.value, n, cats.value, sign, new_n);
        self.count = new_n;
    }
}

fn clamp_stars(stars: u8) -> u8 {
    stars.clamp(MIN_RATING, MAX_RATING)
}

/// The mean after adding (`sign` 1) or removing (`sign` −1) one rating. Ratings are whole
/// stars, so `mean × n` is an integer sum: rounding recovers it exactly, and the new mean is
/// the same integer division whichever way it was reached — add and remove stay exact inverses.
fn shifted_mean(mean: f64, n: i64, stars: u8, sign: i64, new_n: i64) -> f64 {
    if new_n <= 0 {
        return 0.0;
    }
    let sum = (mean * n as f64).round() as i64 + sign * i64::from(clamp_stars(stars));
    sum as f64 / new_n as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::user::tests::sample;
    use proptest::prelude::*;

    #[test]
    fn rating_summary_adds_reviews_incrementally() {
        let mut r = RatingSummary::default();
        r.add(5, &CategoryRatings::uniform(5));
        r.add(
            3,
            &CategoryRatings {
                punctuality: 1,
                ..CategoryRatings::uniform(3)
            },
        );
        r.add(4, &CategoryRatings::uniform(4));
        assert_eq!(r.count, 3);
        assert_eq!(r.average, 4.0);
        assert_eq!(r.distribution, [0, 0, 1, 1, 1]);
        assert_eq!(r.categories.quality, 4.0);
        assert_eq!(r.categories.punctuality, 10.0 / 3.0);
    }

    #[test]
    fn adding_then_removing_a_review_restores_the_summary() {
        let mut r = sample().rating;
        r.add(2, &CategoryRatings::uniform(3));
        let before = r.clone();
        let cats = CategoryRatings {
            quality: 5,
            value: 1,
            ..CategoryRatings::uniform(2)
        };
        r.add(1, &cats);
        assert_ne!(r, before);
        r.remove(1, &cats);
        assert_eq!(r, before);
    }

    #[test]
    fn removing_from_an_empty_summary_changes_nothing() {
        let mut r = RatingSummary::default();
        r.remove(5, &CategoryRatings::uniform(5));
        assert_eq!(r, RatingSummary::default());
    }

    fn stars() -> impl Strategy<Value = u8> {
        1u8..=5
    }

    fn review() -> impl Strategy<Value = (u8, CategoryRatings)> {
        (stars(), stars(), stars(), stars(), stars(), stars()).prop_map(|(o, q, p, c, t, v)| {
            let cats = CategoryRatings {
                quality: q,
                professionalism: p,
                communication: c,
                punctuality: t,
                value: v,
            };
            (o, cats)
        })
    }

    proptest! {
        #[test]
        fn add_and_remove_are_exact_inverses(
            base in proptest::collection::vec(review(), 0..200),
            extra in proptest::collection::vec(review(), 1..20),
        ) {
            let mut r = RatingSummary::default();
            for (o, c) in &base {
                r.add(*o, c);
            }
            let before = r.clone();
            for (o, c) in &extra {
                r.add(*o, c);
            }
            for (o, c) in extra.iter().rev() {
                r.remove(*o, c);
            }
            prop_assert_eq!(&r, &before);
            for (o, c) in &base {
                r.remove(*o, c);
            }
            prop_assert_eq!(r, RatingSummary::default());
        }
    }
}
