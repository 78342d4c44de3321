//! Reviews of completed bookings: the overall star rating and five category ratings, helpful
//! votes, the reviewee's response, edits with their history, the text's sentiment and the
//! moderation flag. Who may review and when a review is revealed are in [`rules`]; the
//! reviewed user's statistics in [`summary`]; the "most helpful" order in [`rank`].

pub mod rank;
pub mod rules;
mod summary;

use serde::{Deserialize, Deserializer, Serialize};

use crate::domain::enums::string_enum;
use crate::domain::id::Id;
use crate::domain::post::{Media, MediaKind};
use crate::domain::time::Timestamp;
use crate::error::FieldError;

pub use self::rules::ReviewSide;
pub use self::summary::{
    COUNTER_PATHS, CategoryAverages, CategorySums, RatingDelta, RatingPrior, RatingStats,
    RatingSummary, StarCounts,
};

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
    #[serde(default)]
    pub side: ReviewSide,
    /// Overall stars, 1..=5 (see [`validate_rating`]).
    pub rating: u8,
    pub categories: CategoryRatings,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default)]
    pub comment: String,
    #[serde(default, deserialize_with = "photos")]
    pub photos: Vec<Media>,
    #[serde(default)]
    pub helpful_count: i64,
    #[serde(default)]
    pub not_helpful_count: i64,
    /// Users who voted the review helpful (one vote each).
    #[serde(default)]
    pub helpful_voters: Vec<Id>,
    /// Users who voted it not helpful.
    #[serde(default)]
    pub not_helpful_voters: Vec<Id>,
    /// Wilson lower bound of the helpful share ([`rank::wilson_lower_bound`]).
    #[serde(default)]
    pub helpful_score: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<BusinessResponse>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sentiment: Option<Sentiment>,
    #[serde(default)]
    pub moderation: ReviewModeration,
    /// The booking was paid through the platform (derived by the server).
    #[serde(default)]
    pub verified: bool,
    #[serde(default)]
    pub featured: bool,
    #[serde(default)]
    pub status: ReviewStatus,
    /// From then on everyone sees it: the other party's review or the reveal window, whichever
    /// comes first. Documents from before double-blind reviews are revealed.
    #[serde(default = "long_ago")]
    pub reveal_at: Timestamp,
    /// Bumped by every edit, deletion and moderation change; stores compare-and-set on it.
    #[serde(default)]
    pub revision: i64,
    /// Earlier versions, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub edits: Vec<ReviewEdit>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted_at: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted_by: Option<Id>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

fn long_ago() -> Timestamp {
    Timestamp::from_millis(0)
}

/// Photos as media items; documents of older builds hold plain URLs.
fn photos<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Media>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Stored {
        Item(Media),
        Url(String),
    }
    let items = Vec::<Stored>::deserialize(d)?;
    Ok(items
        .into_iter()
        .map(|s| match s {
            Stored::Item(m) => m,
            Stored::Url(url) => Media {
                url,
                kind: MediaKind::Image,
                public_id: None,
                width: None,
                height: None,
                duration_seconds: None,
                thumbnail_url: None,
            },
        })
        .collect())
}

impl Review {
    /// A new published review with no votes, response or history, revealed at `reveal_at`.
    #[expect(
        clippy::too_many_arguments,
        reason = "every argument is a required field"
    )]
    pub fn new(
        booking: Id,
        reviewer: Id,
        reviewee: Id,
        side: ReviewSide,
        rating: u8,
        categories: CategoryRatings,
        comment: String,
        at: Timestamp,
    ) -> Review {
        Review {
            id: Id::new(),
            booking,
            reviewer,
            reviewee,
            side,
            rating,
            categories,
            title: None,
            comment,
            photos: Vec::new(),
            helpful_count: 0,
            not_helpful_count: 0,
            helpful_voters: Vec::new(),
            not_helpful_voters: Vec::new(),
            helpful_score: 0.0,
            response: None,
            sentiment: None,
            moderation: ReviewModeration::default(),
            verified: false,
            featured: false,
            status: ReviewStatus::Published,
            reveal_at: at,
            revision: 0,
            edits: Vec::new(),
            deleted_at: None,
            deleted_by: None,
            created_at: at,
            updated_at: at,
        }
    }

    /// Whether `user` already voted this review helpful.
    pub fn has_helpful_vote_from(&self, user: Id) -> bool {
        self.helpful_voters.contains(&user)
    }

    /// The vote `user` cast, if any.
    pub fn vote_of(&self, user: Id) -> Option<Vote> {
        if self.helpful_voters.contains(&user) {
            Some(Vote::Helpful)
        } else if self.not_helpful_voters.contains(&user) {
            Some(Vote::NotHelpful)
        } else {
            None
        }
    }

    /// Casts (`Some`) or withdraws (`None`) `voter`'s vote; `false` when nothing changed. Keeps
    /// the counts and the helpful score in step with the voter lists.
    pub fn set_vote(&mut self, voter: Id, vote: Option<Vote>) -> bool {
        if self.vote_of(voter) == vote {
            return false;
        }
        self.helpful_voters.retain(|v| *v != voter);
        self.not_helpful_voters.retain(|v| *v != voter);
        match vote {
            Some(Vote::Helpful) => self.helpful_voters.push(voter),
            Some(Vote::NotHelpful) => self.not_helpful_voters.push(voter),
            None => {}
        }
        self.helpful_count = self.helpful_voters.len() as i64;
        self.not_helpful_count = self.not_helpful_voters.len() as i64;
        self.helpful_score = rank::wilson_lower_bound(self.helpful_count, self.not_helpful_count);
        true
    }

    /// Whether the public sees this review (once revealed).
    pub fn is_published(&self) -> bool {
        self.status == ReviewStatus::Published
    }

    /// Whether it counts in the reviewee's statistics: published and not deleted. Hidden and
    /// deleted reviews stop counting; the double-blind wait does not (the counters move with
    /// the write, never later).
    pub fn counts(&self) -> bool {
        self.is_published() && self.deleted_at.is_none()
    }

    /// Whether anyone may see it at `now` (its author always may).
    pub fn is_revealed(&self, now: Timestamp) -> bool {
        self.reveal_at <= now
    }

    /// Its contribution to the reviewee's counters (nothing when it does not count).
    pub fn contribution(&self, sign: i64) -> RatingDelta {
        if self.counts() {
            RatingDelta::of(self.rating, &self.categories, sign)
        } else {
            RatingDelta::default()
        }
    }

    /// How the reviewee's counters move when `before` becomes `after` (either may be absent).
    pub fn delta(before: Option<&Review>, after: Option<&Review>) -> RatingDelta {
        let gone = before.map(|r| r.contribution(-1)).unwrap_or_default();
        let new = after.map(|r| r.contribution(1)).unwrap_or_default();
        gone.plus(&new)
    }
}

string_enum! {
    /// A helpful vote.
    pub enum Vote {
        Helpful = "helpful",
        NotHelpful = "not_helpful",
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
    /// Value for money (`value` in documents of older builds).
    #[serde(alias = "value")]
    pub value_for_money: u8,
}

impl CategoryRatings {
    /// The same rating in every category.
    pub const fn uniform(rating: u8) -> Self {
        CategoryRatings {
            quality: rating,
            professionalism: rating,
            communication: rating,
            punctuality: rating,
            value_for_money: rating,
        }
    }

    /// Wire name and value of each category, in a fixed order.
    pub fn entries(&self) -> [(&'static str, u8); 5] {
        [
            ("quality", self.quality),
            ("professionalism", self.professionalism),
            ("communication", self.communication),
            ("punctuality", self.punctuality),
            ("valueForMoney", self.value_for_money),
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

/// An earlier version of an edited review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReviewEdit {
    pub rating: u8,
    pub categories: CategoryRatings,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    pub comment: String,
    /// When this version was replaced.
    pub replaced_at: Timestamp,
}

/// The reviewee's public answer to a review; edits keep the earlier texts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BusinessResponse {
    pub text: String,
    pub responded_at: Timestamp,
    pub responded_by: Id,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edited_at: Option<Timestamp>,
    /// Earlier texts, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<ResponseEdit>,
}

/// An earlier text of a response.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ResponseEdit {
    pub text: String,
    pub replaced_at: Timestamp,
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
        /// Hidden by an admin (only admins can hide a review).
        Hidden = "hidden",
        /// Deleted by its author or an admin (kept, never shown).
        Deleted = "deleted",
    }
}

string_enum! {
    /// Where a review stands with moderation.
    #[derive(Default)]
    pub enum ModerationState {
        #[default]
        Clear = "clear",
        /// Waiting in the moderation queue.
        Flagged = "flagged",
        /// A moderator looked and left it as it is.
        Cleared = "cleared",
    }
}

/// Why a review is in the moderation queue. A flag never changes the review itself.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReviewModeration {
    #[serde(default)]
    pub status: ModerationState,
    /// Machine reasons such as `stars_contradict_text`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reasons: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flagged_at: Option<Timestamp>,
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn sample() -> Review {
        let at = Timestamp::from_millis(1_700_000_000_000);
        let mut r = Review::new(
            Id::from_parts(1_700_000_000, 2),
            Id::from_parts(1_700_000_000, 3),
            Id::from_parts(1_700_000_000, 4),
            ReviewSide::CustomerToTechnician,
            4,
            CategoryRatings {
                quality: 5,
                professionalism: 4,
                communication: 4,
                punctuality: 3,
                value_for_money: 5,
            },
            "Arrived on time and explained everything.".into(),
            at,
        );
        r.id = Id::from_parts(1_700_000_000, 1);
        r.title = Some("Fixed the leak fast".into());
        r.photos = vec![Media {
            url: "https://res.cloudinary.com/demo/sink.jpg".into(),
            kind: MediaKind::Image,
            public_id: Some("baitech/sink".into()),
            width: None,
            height: None,
            duration_seconds: None,
            thumbnail_url: None,
        }];
        r.set_vote(Id::from_parts(1_700_000_000, 5), Some(Vote::Helpful));
        r.response = Some(BusinessResponse {
            text: "Asante!".into(),
            responded_at: at,
            responded_by: Id::from_parts(1_700_000_000, 4),
            edited_at: Some(at),
            history: vec![ResponseEdit {
                text: "Thanks".into(),
                replaced_at: at,
            }],
        });
        r.sentiment = Some(Sentiment {
            label: SentimentLabel::Positive,
            score: 0.75,
        });
        r.moderation = ReviewModeration {
            status: ModerationState::Flagged,
            reasons: vec!["stars_contradict_text".into()],
            flagged_at: Some(at),
        };
        r.edits = vec![ReviewEdit {
            rating: 2,
            categories: CategoryRatings::uniform(2),
            title: None,
            comment: "First draft".into(),
            replaced_at: at,
        }];
        r.revision = 1;
        r.verified = true;
        r
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
        assert_enum_strings(ModerationState::ALL, ModerationState::as_str);
        assert_enum_strings(Vote::ALL, Vote::as_str);
        assert_enum_strings(ReviewSide::ALL, ReviewSide::as_str);
    }

    #[test]
    fn documents_of_older_builds_still_read() {
        let mut j = serde_json::to_value(sample()).unwrap();
        j["photos"] = serde_json::json!(["https://res.cloudinary.com/demo/old.jpg"]);
        let cats = j["categories"].as_object_mut().unwrap();
        let v = cats.remove("valueForMoney").unwrap();
        cats.insert("value".into(), v);
        j.as_object_mut().unwrap().remove("revealAt");
        let old: Review = serde_json::from_value(j).unwrap();
        assert_eq!(old.photos[0].url, "https://res.cloudinary.com/demo/old.jpg");
        assert_eq!(old.categories.value_for_money, 5);
        assert!(old.is_revealed(Timestamp::from_millis(1)));
    }

    #[test]
    fn votes_switch_and_withdraw_keeping_counts_and_score_in_step() {
        let mut r = sample();
        let v = Id::from_parts(1_700_000_000, 9);
        assert!(r.set_vote(v, Some(Vote::NotHelpful)));
        assert!(
            !r.set_vote(v, Some(Vote::NotHelpful)),
            "a repeat changes nothing"
        );
        assert_eq!((r.helpful_count, r.not_helpful_count), (1, 1));
        assert!(r.set_vote(v, Some(Vote::Helpful)));
        assert_eq!((r.helpful_count, r.not_helpful_count), (2, 0));
        assert_eq!(r.helpful_score, rank::wilson_lower_bound(2, 0));
        assert!(r.set_vote(v, None));
        assert!(!r.set_vote(v, None));
        assert_eq!(r.vote_of(v), None);
        assert_eq!(r.helpful_count, 1);
    }

    #[test]
    fn only_published_undeleted_reviews_count_and_the_delta_is_their_difference() {
        let before = sample();
        let mut after = before.clone();
        after.rating = 2;
        let d = Review::delta(Some(&before), Some(&after));
        assert_eq!((d.count, d.sum), (0, -2));
        assert_eq!((d.stars.four, d.stars.two), (-1, 1));
        after.status = ReviewStatus::Hidden;
        let d = Review::delta(Some(&before), Some(&after));
        assert_eq!((d.count, d.sum), (-1, -4));
        assert!(Review::delta(Some(&after), Some(&after)).is_zero());
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
            value_for_money: 6,
            ..CategoryRatings::uniform(3)
        };
        let fields: Vec<_> = bad
            .validate()
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["categories.quality", "categories.valueForMoney"]);
        assert_eq!(CategoryRatings::uniform(4).mean(), 4.0);
    }
}
