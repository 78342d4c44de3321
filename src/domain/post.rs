//! Social feed posts (text, media, portfolio work, tips, questions), their comments,
//! per-user reactions and views, plus the pure feed helpers: hashtag and mention extraction.
//! The ranking score lives in [`crate::domain::ranking`].

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::domain::enums::string_enum;
use crate::domain::geo::Location;
use crate::domain::id::Id;
use crate::domain::time::Timestamp;

/// A post on the community feed (storage document of `posts`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Post {
    #[serde(rename = "_id")]
    pub id: Id,
    pub author: Id,
    #[serde(rename = "type")]
    pub kind: PostType,
    pub content: String,
    #[serde(default)]
    pub media: Vec<Media>,
    /// Lower-case, without `#` (see [`extract_hashtags`]).
    #[serde(default)]
    pub hashtags: Vec<String>,
    /// Users mentioned with `@handle`, resolved (see [`extract_mentions`]).
    #[serde(default)]
    pub mentions: Vec<Id>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_category: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// The completed booking a `portfolio` post shows as its work card.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booking: Option<Id>,
    #[serde(default)]
    pub engagement: Engagement,
    /// The time-invariant hot score ([`crate::domain::ranking::hot_score`]), recomputed when
    /// engagement changes; every ranked list sorts on it.
    #[serde(default)]
    pub engagement_score: f64,
    /// Earlier versions of `content`, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub edits: Vec<PostEdit>,
    #[serde(default)]
    pub moderation: Moderation,
    #[serde(default)]
    pub visibility: Visibility,
    /// Pinned to the top of the author's profile.
    #[serde(default)]
    pub pinned: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted_at: Option<Timestamp>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

string_enum! {
    /// Kinds of feed posts.
    #[derive(Default)]
    pub enum PostType {
        #[default]
        Text = "text",
        Image = "image",
        Video = "video",
        Portfolio = "portfolio",
        Tip = "tip",
        Question = "question",
    }
}

/// One earlier version of a post's or comment's text, replaced at `edited_at`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PostEdit {
    pub content: String,
    pub edited_at: Timestamp,
}

/// An image or video attached to a post (hosted on Cloudinary).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Media {
    pub url: String,
    #[serde(rename = "type")]
    pub kind: MediaKind,
    /// Cloudinary public id, to delete or transform the asset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_seconds: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thumbnail_url: Option<String>,
}

string_enum! {
    /// Kind of media attached to a post.
    pub enum MediaKind {
        Image = "image",
        Video = "video",
    }
}

/// Engagement counters of a post.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Engagement {
    #[serde(default)]
    pub likes: i64,
    #[serde(default)]
    pub comments: i64,
    #[serde(default)]
    pub shares: i64,
    #[serde(default)]
    pub views: i64,
    #[serde(default)]
    pub saves: i64,
}

/// Moderation state of a post or comment: the write-time screen's decision and scores, then an
/// admin's decision when one reviewed it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Moderation {
    #[serde(default)]
    pub status: ModerationStatus,
    #[serde(default)]
    pub reasons: Vec<String>,
    /// Probability (0.0..=1.0) that the content breaks the rules, from the AI screen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ai_score: Option<f64>,
    /// The screen's score per category (`spam`, `profanity`, `shouting`, ...), 0.0..=1.0.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub scores: BTreeMap<String, f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviewed_by: Option<Id>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviewed_at: Option<Timestamp>,
}

string_enum! {
    /// Where a post or comment stands in moderation.
    ///
    /// The write-time screen decides `approved`, `pending_review` or `rejected`; a user report
    /// moves an approved post to `pending_review`; an admin's review ends in `approved` or
    /// `removed`. Only `approved` content appears to anyone but its author (and admins).
    #[derive(Default)]
    pub enum ModerationStatus {
        /// Hidden from feeds until an admin reviews it (the screen was unsure, or users
        /// reported it). Earlier versions wrote `pending` and `flagged`; both read as this.
        #[default]
        #[serde(alias = "pending", alias = "flagged")]
        PendingReview = "pending_review",
        Approved = "approved",
        /// Refused by the screen at write time.
        Rejected = "rejected",
        /// Taken down by an admin.
        Removed = "removed",
    }
}

impl ModerationStatus {
    /// Whether content in this state is shown to people other than its author.
    pub fn is_visible(self) -> bool {
        self == ModerationStatus::Approved
    }
}

string_enum! {
    /// Who can see a post.
    #[derive(Default)]
    pub enum Visibility {
        #[default]
        Public = "public",
        Followers = "followers",
        Private = "private",
    }
}

/// A comment on a post (storage document of `comments`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Comment {
    #[serde(rename = "_id")]
    pub id: Id,
    pub post: Id,
    pub author: Id,
    pub content: String,
    /// The comment this one replies to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<Id>,
    #[serde(default)]
    pub mentions: Vec<Id>,
    #[serde(default)]
    pub likes: i64,
    #[serde(default)]
    pub moderation: Moderation,
    /// A deleted comment stays as a tombstone (content emptied) so its replies keep a parent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted_at: Option<Timestamp>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// The last time `viewer` was counted as viewing `post`, unique per pair (storage document of
/// `post_views`): a view counts again only once the window since `at` has passed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PostView {
    #[serde(rename = "_id")]
    pub id: Id,
    pub post: Id,
    pub viewer: Id,
    pub at: Timestamp,
}

/// One user's like or save of a post, unique per (post, user, kind) (storage document of
/// `post_reactions`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PostReaction {
    #[serde(rename = "_id")]
    pub id: Id,
    pub post: Id,
    pub user: Id,
    #[serde(rename = "type")]
    pub kind: PostReactionKind,
    pub created_at: Timestamp,
}

string_enum! {
    /// One user's reaction to a post (one document each).
    pub enum PostReactionKind {
        Like = "like",
        Save = "save",
    }
}

/// The hashtags of `text`, lower-cased, without `#`, each once, in order of first use.
///
/// A tag is `#` followed by letters, digits and `_`, and must not be all digits (`#1` is a
/// number, not a tag). A `#` straight after a letter or digit (`page#anchor`) starts no tag.
pub fn extract_hashtags(text: &str) -> Vec<String> {
    let is_part = |c: char| c.is_alphanumeric() || c == '_';
    collect_tagged(text, '#', is_part, |tag| {
        !tag.chars().all(|c| c.is_ascii_digit())
    })
}

/// The `@handles` mentioned in `text`, lower-cased, without `@`, each once, in order.
///
/// A handle is letters, digits, `_` and `.` (a trailing `.` ends the sentence, not the
/// handle). An `@` straight after a letter or digit (an e-mail address) is not a mention.
pub fn extract_mentions(text: &str) -> Vec<String> {
    let is_part = |c: char| c.is_alphanumeric() || c == '_' || c == '.';
    collect_tagged(text, '@', is_part, |_| true)
}

fn collect_tagged(
    text: &str,
    sigil: char,
    is_part: impl Fn(char) -> bool,
    keep: impl Fn(&str) -> bool,
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut prev: Option<char> = None;
    for (i, c) in text.char_indices() {
        let starts =
            c == sigil && prev.is_none_or(|p| !(p.is_alphanumeric() || p == '_' || p == sigil));
        prev = Some(c);
        if !starts {
            continue;
        }
        let rest = &text[i + c.len_utf8()..];
        let end = rest.find(|ch: char| !is_part(ch)).unwrap_or(rest.len());
        let token = rest[..end].trim_end_matches('.').to_lowercase();
        if !token.is_empty() && keep(&token) && !out.contains(&token) {
            out.push(token);
        }
    }
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::domain::geo::GeoPoint;
    use crate::domain::testing::{assert_enum_strings, assert_round_trips};

    fn at(h: i64) -> Timestamp {
        Timestamp::from_millis(1_700_000_000_000 + h * 3_600_000)
    }

    fn oid(n: u64) -> Id {
        Id::from_parts(1_700_000_000, n)
    }

    pub(crate) fn sample() -> Post {
        let content = "Fixed a #Solar inverter for @mama_njeri today #solar #DIY_tips";
        Post {
            id: oid(1),
            author: oid(2),
            kind: PostType::Portfolio,
            content: content.into(),
            media: vec![Media {
                url: "https://res.cloudinary.com/demo/video/upload/inverter.mp4".into(),
                kind: MediaKind::Video,
                public_id: Some("inverter".into()),
                width: Some(1280),
                height: Some(720),
                duration_seconds: Some(42.5),
                thumbnail_url: Some("https://res.cloudinary.com/demo/inverter.jpg".into()),
            }],
            hashtags: extract_hashtags(content),
            mentions: vec![oid(3)],
            service_category: Some("solar".into()),
            location: Some(Location::new(
                GeoPoint::new(36.8, -1.3).unwrap(),
                None,
                Some("Nairobi".into()),
            )),
            engagement: Engagement {
                likes: 10,
                comments: 4,
                shares: 2,
                views: 300,
                saves: 1,
            },
            booking: Some(oid(5)),
            engagement_score: 7.25,
            edits: vec![PostEdit {
                content: "Fixed an inverter".into(),
                edited_at: at(1),
            }],
            moderation: Moderation {
                status: ModerationStatus::Approved,
                reasons: vec!["ok".into()],
                ai_score: Some(0.02),
                scores: BTreeMap::from([("spam".to_string(), 0.02)]),
                reviewed_by: Some(oid(4)),
                reviewed_at: Some(at(1)),
            },
            visibility: Visibility::Followers,
            pinned: true,
            deleted_at: Some(at(9)),
            created_at: at(0),
            updated_at: at(1),
        }
    }

    #[test]
    fn a_full_post_and_its_comments_and_reactions_round_trip() {
        assert_round_trips(&sample());
        assert_round_trips(&Comment {
            id: oid(10),
            post: oid(1),
            author: oid(3),
            content: "Great work @wanjiru".into(),
            parent: Some(oid(9)),
            mentions: vec![oid(2)],
            likes: 2,
            moderation: Moderation::default(),
            deleted_at: Some(at(3)),
            created_at: at(2),
            updated_at: at(2),
        });
        assert_round_trips(&PostView {
            id: oid(12),
            post: oid(1),
            viewer: oid(3),
            at: at(2),
        });
        assert_round_trips(&PostReaction {
            id: oid(11),
            post: oid(1),
            user: oid(3),
            kind: PostReactionKind::Save,
            created_at: at(2),
        });
        assert_eq!(
            serde_json::to_value(sample()).unwrap()["media"][0]["type"],
            "video"
        );
    }

    #[test]
    fn earlier_moderation_spellings_read_as_pending_review() {
        for old in ["\"pending\"", "\"flagged\"", "\"pending_review\""] {
            let s: ModerationStatus = serde_json::from_str(old).unwrap();
            assert_eq!(s, ModerationStatus::PendingReview, "{old}");
        }
        assert!(ModerationStatus::Approved.is_visible());
        assert!(!ModerationStatus::PendingReview.is_visible());
    }

    #[test]
    fn enum_spellings_match_serde() {
        assert_enum_strings(PostType::ALL, PostType::as_str);
        assert_enum_strings(MediaKind::ALL, MediaKind::as_str);
        assert_enum_strings(ModerationStatus::ALL, ModerationStatus::as_str);
        assert_enum_strings(Visibility::ALL, Visibility::as_str);
        assert_enum_strings(PostReactionKind::ALL, PostReactionKind::as_str);
    }

    #[test]
    fn hashtags_are_lower_cased_deduplicated_and_in_order() {
        assert_eq!(sample().hashtags, ["solar", "diy_tips"]);
        assert_eq!(
            extract_hashtags("#Plumbing, #plumbing! #Nairobi2024."),
            ["plumbing", "nairobi2024"]
        );
    }

    #[test]
    fn hash_signs_that_are_not_tags_are_ignored() {
        assert!(extract_hashtags("page#anchor ## # #1 #2024 &#39;").is_empty());
        assert_eq!(
            extract_hashtags("(#fundi) #mafundi_bora's"),
            ["fundi", "mafundi_bora"]
        );
        assert_eq!(extract_hashtags("#ÜberFix"), ["überfix"]);
    }

    #[test]
    fn mentions_are_handles_not_email_addresses() {
        assert_eq!(
            extract_mentions("Thanks @Mama_Njeri and @j.kamau. Mail me at a@b.co or @mama_njeri"),
            ["mama_njeri", "j.kamau"]
        );
        assert!(extract_mentions("@ alone, user@example.com").is_empty());
    }
}
