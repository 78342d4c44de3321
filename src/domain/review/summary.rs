//! The rating statistics of a reviewed user. What is stored are counters — count, sum of stars,
//! a 1–5 histogram and each category's sum — so a review moves them by `$inc`-style deltas that
//! concurrent writers can never lose; the average and the Bayesian average are derived from
//! them (and kept beside them for indexes and filters). The view ([`RatingSummary`]) is computed
//! from the counters alone: nothing scans reviews on read.

use serde::{Deserialize, Serialize};

use super::{CategoryRatings, MAX_RATING, MIN_RATING};

/// Counters of the reviews a user received, stored on the user as `rating`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RatingStats {
    #[serde(default)]
    pub count: i64,
    /// Sum of the overall stars.
    #[serde(default)]
    pub sum: i64,
    #[serde(default)]
    pub histogram: StarCounts,
    #[serde(default)]
    pub category_sums: CategorySums,
    /// `sum / count` (0 without reviews): derived, kept for the rating index and filters.
    #[serde(default)]
    pub average: f64,
    /// [`RatingPrior::bayesian`] of the counters (0 without reviews): derived, kept for
    /// ranking.
    #[serde(default)]
    pub bayesian: f64,
}

/// Reviews per star.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, utoipa::ToSchema)]
pub struct StarCounts {
    #[serde(rename = "1", default)]
    pub one: i64,
    #[serde(rename = "2", default)]
    pub two: i64,
    #[serde(rename = "3", default)]
    pub three: i64,
    #[serde(rename = "4", default)]
    pub four: i64,
    #[serde(rename = "5", default)]
    pub five: i64,
}

impl StarCounts {
    /// The counts from one star to five.
    pub fn as_array(&self) -> [i64; 5] {
        [self.one, self.two, self.three, self.four, self.five]
    }

    fn slot(&mut self, stars: u8) -> &mut i64 {
        match stars.clamp(MIN_RATING, MAX_RATING) {
            1 => &mut self.one,
            2 => &mut self.two,
            3 => &mut self.three,
            4 => &mut self.four,
            _ => &mut self.five,
        }
    }
}

/// Sum of each category's stars.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CategorySums {
    #[serde(default)]
    pub quality: i64,
    #[serde(default)]
    pub professionalism: i64,
    #[serde(default)]
    pub communication: i64,
    #[serde(default)]
    pub punctuality: i64,
    #[serde(default)]
    pub value_for_money: i64,
}

impl CategorySums {
    fn as_array(&self) -> [i64; 5] {
        [
            self.quality,
            self.professionalism,
            self.communication,
            self.punctuality,
            self.value_for_money,
        ]
    }
}

/// The prior of the Bayesian average: `weight` imaginary reviews of `mean` stars.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RatingPrior {
    pub mean: f64,
    pub weight: f64,
}

impl Default for RatingPrior {
    fn default() -> Self {
        RatingPrior {
            mean: 3.5,
            weight: 5.0,
        }
    }
}

impl RatingPrior {
    /// `(weight·mean + sum) / (weight + count)`: few reviews stay near the prior, many
    /// approach their own average (IMDb's weighted rating).
    pub fn bayesian(&self, count: i64, sum: i64) -> f64 {
        let n = count.max(0) as f64;
        let total = self.weight + n;
        if total <= 0.0 {
            return 0.0;
        }
        (self.weight * self.mean + sum as f64) / total
    }
}

/// How one write moves the counters of one user: the reviews it starts counting minus those it
/// stops counting.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RatingDelta {
    pub count: i64,
    pub sum: i64,
    pub stars: StarCounts,
    pub categories: CategorySums,
}

/// Document paths of the counters, in the order [`RatingDelta::increments`] lists them.
pub const COUNTER_PATHS: [&str; 12] = [
    "rating.count",
    "rating.sum",
    "rating.histogram.1",
    "rating.histogram.2",
    "rating.histogram.3",
    "rating.histogram.4",
    "rating.histogram.5",
    "rating.categorySums.quality",
    "rating.categorySums.professionalism",
    "rating.categorySums.communication",
    "rating.categorySums.punctuality",
    "rating.categorySums.valueForMoney",
];

impl RatingDelta {
    /// Counting one review (`sign` 1) or no longer counting it (`sign` −1).
    pub fn of(stars: u8, cats: &CategoryRatings, sign: i64) -> RatingDelta {
        let mut d = RatingDelta {
            count: sign,
            sum: sign * i64::from(stars.clamp(MIN_RATING, MAX_RATING)),
            ..RatingDelta::default()
        };
        *d.stars.slot(stars) += sign;
        let c = &mut d.categories;
        c.quality = sign * i64::from(cats.quality);
        c.professionalism = sign * i64::from(cats.professionalism);
        c.communication = sign * i64::from(cats.communication);
        c.punctuality = sign * i64::from(cats.punctuality);
        c.value_for_money = sign * i64::from(cats.value_for_money);
        d
    }

    /// `self` followed by `other`.
    pub fn plus(mut self, other: &RatingDelta) -> RatingDelta {
        self.count += other.count;
        self.sum += other.sum;
        for stars in MIN_RATING..=MAX_RATING {
            *self.stars.slot(stars) += other.stars.as_array()[usize::from(stars - 1)];
        }
        let (a, b) = (&mut self.categories, &other.categories);
        a.quality += b.quality;
        a.professionalism += b.professionalism;
        a.communication += b.communication;
        a.punctuality += b.punctuality;
        a.value_for_money += b.value_for_money;
        self
    }

    /// Whether applying it changes nothing.
    pub fn is_zero(&self) -> bool {
        *self == RatingDelta::default()
    }

    /// `(path, amount)` of every counter, zeros included, for an atomic increment.
    pub fn increments(&self) -> Vec<(&'static str, i64)> {
        let values = [self.count, self.sum]
            .into_iter()
            .chain(self.stars.as_array())
            .chain(self.categories.as_array());
        COUNTER_PATHS.iter().copied().zip(values).collect()
    }
}

impl RatingStats {
    /// Counts one more review (seeding and recomputation). Ratings outside 1..=5 are clamped.
    pub fn add(&mut self, overall: u8, cats: &CategoryRatings) {
        self.apply(&RatingDelta::of(overall, cats, 1));
        self.derive(&RatingPrior::default());
    }

    /// Moves the counters by `d` (the derived fields are left for [`derive`](Self::derive)).
    pub fn apply(&mut self, d: &RatingDelta) {
        self.count += d.count;
        self.sum += d.sum;
        let s = &mut self.histogram;
        s.one += d.stars.one;
        s.two += d.stars.two;
        s.three += d.stars.three;
        s.four += d.stars.four;
        s.five += d.stars.five;
        let (c, e) = (&mut self.category_sums, &d.categories);
        c.quality += e.quality;
        c.professionalism += e.professionalism;
        c.communication += e.communication;
        c.punctuality += e.punctuality;
        c.value_for_money += e.value_for_money;
    }

    /// Sets the average and the Bayesian average from the counters.
    pub fn derive(&mut self, prior: &RatingPrior) {
        (self.average, self.bayesian) = if self.count > 0 {
            let mean = self.sum as f64 / self.count as f64;
            (mean, prior.bayesian(self.count, self.sum))
        } else {
            (0.0, 0.0)
        };
    }

    /// Whether the counters (not the derived fields) are the same.
    pub fn same_counters(&self, other: &RatingStats) -> bool {
        self.count == other.count
            && self.sum == other.sum
            && self.histogram == other.histogram
            && self.category_sums == other.category_sums
    }

    /// The summary clients see, from the counters alone.
    pub fn summary(&self, prior: &RatingPrior) -> RatingSummary {
        let n = self.count;
        let mean = |sum: i64| if n > 0 { sum as f64 / n as f64 } else { 0.0 };
        let c = &self.category_sums;
        RatingSummary {
            count: n,
            average: mean(self.sum),
            bayesian: if n > 0 {
                prior.bayesian(n, self.sum)
            } else {
                0.0
            },
            distribution: self.histogram,
            categories: CategoryAverages {
                quality: mean(c.quality),
                professionalism: mean(c.professionalism),
                communication: mean(c.communication),
                punctuality: mean(c.punctuality),
                value_for_money: mean(c.value_for_money),
            },
        }
    }
}

/// The rating statistics clients see: count, average, Bayesian average, stars distribution
/// and each category's average.
#[derive(Debug, Clone, PartialEq, Default, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RatingSummary {
    pub count: i64,
    pub average: f64,
    /// Shrunk towards the configured prior; what search and matching rank by (0 without
    /// reviews, like the average).
    pub bayesian: f64,
    /// Reviews per star, `"1"` to `"5"`.
    pub distribution: StarCounts,
    pub categories: CategoryAverages,
}

impl From<&RatingStats> for RatingSummary {
    /// The summary with the Bayesian average as stored (computed with the prior configured
    /// when the counters last moved).
    fn from(s: &RatingStats) -> Self {
        RatingSummary {
            bayesian: s.bayesian,
            ..s.summary(&RatingPrior::default())
        }
    }
}

/// Average of each review category.
#[derive(Debug, Clone, PartialEq, Default, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CategoryAverages {
    pub quality: f64,
    pub professionalism: f64,
    pub communication: f64,
    pub punctuality: f64,
    pub value_for_money: f64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn counters_add_up_and_the_summary_divides_them() {
        let mut r = RatingStats::default();
        r.add(5, &CategoryRatings::uniform(5));
        r.add(
            3,
            &CategoryRatings {
                punctuality: 1,
                ..CategoryRatings::uniform(3)
            },
        );
        r.add(4, &CategoryRatings::uniform(4));
        assert_eq!((r.count, r.sum), (3, 12));
        assert_eq!(r.histogram.as_array(), [0, 0, 1, 1, 1]);
        let s = r.summary(&RatingPrior::default());
        assert_eq!(s.average, 4.0);
        assert_eq!(s.categories.quality, 4.0);
        assert_eq!(s.categories.punctuality, 10.0 / 3.0);
    }

    #[test]
    fn the_bayesian_average_matches_hand_computed_values() {
        let prior = RatingPrior {
            mean: 3.5,
            weight: 5.0,
        };
        // No reviews: the prior itself.
        assert_eq!(prior.bayesian(0, 0), 3.5);
        // One five-star review: (5·3.5 + 5) / 6 = 22.5 / 6 = 3.75.
        assert_eq!(prior.bayesian(1, 5), 3.75);
        // 20 reviews averaging 4.5 (sum 90): (17.5 + 90) / 25 = 4.3.
        assert!((prior.bayesian(20, 90) - 4.3).abs() < 1e-12);
        // Many good reviews beat one perfect one.
        assert!(prior.bayesian(100, 480) > prior.bayesian(1, 5));
        let none = RatingPrior {
            mean: 3.5,
            weight: 0.0,
        };
        assert_eq!(none.bayesian(2, 9), 4.5);
    }

    #[test]
    fn increments_name_every_counter_once() {
        let d = RatingDelta::of(2, &CategoryRatings::uniform(3), 1);
        let inc = d.increments();
        assert_eq!(inc.len(), COUNTER_PATHS.len());
        assert!(inc.contains(&("rating.histogram.2", 1)));
        assert!(inc.contains(&("rating.categorySums.valueForMoney", 3)));
        assert!(inc.contains(&("rating.sum", 2)));
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
                value_for_money: v,
            };
            (o, cats)
        })
    }

    proptest! {
        #[test]
        fn counting_then_uncounting_restores_the_counters_exactly(
            base in proptest::collection::vec(review(), 0..100),
            extra in proptest::collection::vec(review(), 1..20),
        ) {
            let mut r = RatingStats::default();
            for (o, c) in &base {
                r.apply(&RatingDelta::of(*o, c, 1));
            }
            let before = r.clone();
            let mut total = RatingDelta::default();
            for (o, c) in &extra {
                total = total.plus(&RatingDelta::of(*o, c, 1));
            }
            r.apply(&total);
            for (o, c) in extra.iter().rev() {
                r.apply(&RatingDelta::of(*o, c, -1));
            }
            prop_assert_eq!(&r, &before);
        }
    }
}
