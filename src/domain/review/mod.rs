//! Reviews of completed bookings: the overall star rating and five category ratings, helpful
//! votes, the reviewee's response and the text's sentiment.

mod summary;

use serde::{Deserialize, Serialize};

use crate::domain::enums::string_enum;
use crate::domain::id::Id;
use crate::domain::time::Timestamp;
use crate::error::FieldError;

pub use self::summary::{CategoryAverages, RatingSummary};

/// The lowest star rating.
pub const MIN_RATING: u8 = 1;
/// The highest star rating.
pub const MAX_RATING: u8 = 5;

/// Checks that `value` is a whole star rating from 1 to 5, naming `field` if it is not.
pub fn validate_rating(field: &str, value: i64) -> Result<u8, FieldError> {
    if (i64::from(MIN_RATING)..=i64::from(MAX_RATING)).contains(&value) {
        Ok(value as u8)
    } else {
        Err(FieldError::new(field, "must be a whole number from 1 to 5"))
    }
}

/// A review of one booking by one of its parties (storage document of `reviews`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Review {
    #[serde(rename = "_id")]
    pub id: Id,
    pub booking: Id,
    pub reviewer: Id,
    pub reviewee: Id,
    /// Overall stars, 1..=5 (see [`validate_rating`]).
    pub rating: u8,
    pub categories: CategoryRatings,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default)]
    pub comment: String,
    #[serde(default)]
    pub photos: Vec<String>,
    #[serde(default)]
    pub helpful_count: i64,
    /// Users who voted the review helpful (one vote each).
    #[serde(default)]
    pub helpful_voters: Vec<Id>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<BusinessResponse>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sentiment: Option<Sentiment>,
    /// Written by the customer of a booking that was actually paid.
    #[serde(default)]
    pub verified: bool,
    #[serde(default)]
    pub featured: bool,
    #[serde(default)]
    pub status: ReviewStatus,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl Review {
    /// Whether `user` already voted this review helpful.
    pub fn has_helpful_vote_from(&self, user: Id) -> bool {
        self.helpful_voters.contains(&user)
    }

    /// Whether the public sees this review.
    pub fn is_published(&self) -> bool {
        self.status == ReviewStatus::Published
    }
}

/// The five detailed ratings of a review, each 1..=5.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CategoryRatings {
    pub quality: u8,
    pub professionalism: u8,
    pub communication: u8,
    pub punctuality: u8,
    /// Value for money.
    pub value: u8,
}

impl CategoryRatings {
    /// The same rating in every category.
    pub const fn uniform(rating: u8) -> Self {
        CategoryRatings {
            quality: rating,
            professionalism: rating,
            communication: rating,
            punctuality: rating,
            value: rating,
        }
    }

    /// Name and value of each category, in a fixed order.
    pub fn entries(&self) -> [(&'static str, u8); 5] {
        [
            ("quality", self.quality),
            ("professionalism", self.professionalism),
            ("communication", self.communication),
            ("punctuality", self.punctuality),
            ("value", self.value),
        ]
    }

    /// Every out-of-range category, as `categories.<name>` field errors.
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let errs: Vec<FieldError> = self
            .entries()
            .iter()
            .filter_map(|&(name, v)| validate_rating(&format!("categories.{name}"), v.into()).err())
            .collect();
        if errs.is_empty() { Ok(()) } else { Err(errs) }
    }

    /// Mean of the five categories.
    pub fn mean(&self) -> f64 {
        self.entries()
            .iter()
            .map(|&(_, v)| f64::from(v))
            .sum::<f64>()
            / 5.0
    }
}

/// The reviewee's public answer to a review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BusinessResponse {
    pub text: String,
    pub responded_at: Timestamp,
    pub responded_by: Id,
}

/// Result of sentiment analysis on a review's text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Sentiment {
    pub label: SentimentLabel,
    /// −1.0 (negative) to 1.0 (positive).
    pub score: f64,
}

string_enum! {
    /// Coarse sentiment of a review's text.
    pub enum SentimentLabel {
        Positive = "positive",
        Neutral = "neutral",
        Negative = "negative",
    }
}

string_enum! {
    /// Whether a review is shown.
    #[derive(Default)]
    pub enum ReviewStatus {
        #[default]
        Published = "published",
        Hidden = "hidden",
        Flagged = "flagged",
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn sample() -> Review {
        let at = Timestamp::from_millis(1_700_000_000_000);
        Review {
            id: Id::from_parts(1_700_000_000, 1),
            booking: Id::from_parts(1_700_000_000, 2),
            reviewer: Id::from_parts(1_700_000_000, 3),
            reviewee: Id::from_parts(1_700_000_000, 4),
            rating: 4,
            categories: CategoryRatings {
                quality: 5,
                professionalism: 4,
                communication: 4,
                punctuality: 3,
                value: 5,
            },
            title: Some("Fixed the leak fast".into()),
            comment: "Arrived on time and explained everything.".into(),
            photos: vec!["https://res.cloudinary.com/demo/sink.jpg".into()],
            helpful_count: 1,
            helpful_voters: vec![Id::from_parts(1_700_000_000, 5)],
            response: Some(BusinessResponse {
                text: "Asante!".into(),
                responded_at: at,
                responded_by: Id::from_parts(1_700_000_000, 4),
            }),
            sentiment: Some(Sentiment {
                label: SentimentLabel::Positive,
                score: 0.75,
            }),
            verified: true,
            featured: false,
            status: ReviewStatus::Published,
            created_at: at,
            updated_at: at,
        }
    }

    #[test]
    fn a_full_review_round_trips_through_json_and_bson() {
        crate::domain::testing::assert_round_trips(&sample());
    }

    #[test]
    fn enum_spellings_match_serde() {
        use crate::domain::testing::assert_enum_strings;
        assert_enum_strings(SentimentLabel::ALL, SentimentLabel::as_str);
        assert_enum_strings(ReviewStatus::ALL, ReviewStatus::as_str);
    }

    #[test]
    fn ratings_outside_one_to_five_are_refused_with_the_field_name() {
        assert_eq!(validate_rating("rating", 1), Ok(1));
        assert_eq!(validate_rating("rating", 5), Ok(5));
        for bad in [0, 6, -1, 255, i64::MAX] {
            let err = validate_rating("rating", bad).unwrap_err();
            assert_eq!(err.field, "rating");
        }
    }

    #[test]
    fn category_validation_names_each_bad_category() {
        assert!(sample().categories.validate().is_ok());
        let bad = CategoryRatings {
            quality: 0,
            value: 6,
            ..CategoryRatings::uniform(3)
        };
        let fields: Vec<_> = bad
            .validate()
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["categories.quality", "categories.value"]);
        assert_eq!(CategoryRatings::uniform(4).mean(), 4.0);
    }
}
