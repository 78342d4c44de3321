//! Social feed posts (text, media, portfolio work, tips, questions), their comments and
//! per-user reactions, plus the pure feed helpers: hashtag and mention extraction and the
//! engagement score.

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
    #[serde(default)]
    pub engagement: Engagement,
    /// Last computed [`engagement_score`], for sorting the explore feed.
    #[serde(default)]
    pub engagement_score: f64,
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

/// Moderation state of a post (AI pre-screen, then an admin if flagged).
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviewed_by: Option<Id>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviewed_at: Option<Timestamp>,
}

string_enum! {
    /// Where a post stands in moderation.
    #[derive(Default)]
    pub enum ModerationStatus {
        #[default]
        Pending = "pending",
        Approved = "approved",
        Flagged = "flagged",
        Rejected = "rejected",
        Removed = "removed",
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted_at: Option<Timestamp>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
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

/// Weight of each interaction in the engagement score.
pub mod weights {
    /// A like.
    pub const LIKE: f64 = 1.0;
    /// A comment: more effort than a like.
    pub const COMMENT: f64 = 2.0;
    /// A share: carries the post to new readers.
    pub const SHARE: f64 = 3.0;
    /// A save.
    pub const SAVE: f64 = 2.0;
    /// A view: cheap, so a small weight.
    pub const VIEW: f64 = 0.1;
}

/// How fast a post's score decays with age (the "gravity" of the Hacker News ranking).
pub const GRAVITY: f64 = 1.5;

/// The feed ranking score of a post at `now`.
///
/// Gravity style: the weighted engagement (likes 1, comments 2, shares 3, saves 2, views 0.1)
/// divided by `(age_hours + 2)^1.5`. The `+ 2` keeps brand-new posts from dividing by ~0; the
/// exponent makes an old post need ever more engagement to stay on top. Negative counters count
/// as zero and a `created_at` in the future as age zero.
pub fn engagement_score(engagement: &Engagement, created_at: Timestamp, now: Timestamp) -> f64 {
    let n = |v: i64| v.max(0) as f64;
    let weighted = n(engagement.likes) * weights::LIKE
        + n(engagement.comments) * weights::COMMENT
        + n(engagement.shares) * weights::SHARE
        + n(engagement.saves) * weights::SAVE
        + n(engagement.views) * weights::VIEW;
    let age_hours = (now.millis() - created_at.millis()).max(0) as f64 / 3_600_000.0;
    weighted / (age_hours + 2.0).powf(GRAVITY)
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
            engagement_score: 7.25,
            moderation: Moderation {
                status: ModerationStatus::Approved,
                reasons: vec!["ok".into()],
                ai_score: Some(0.02),
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
            deleted_at: Some(at(3)),
            created_at: at(2),
            updated_at: at(2),
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

    #[test]
    fn a_fresh_post_scores_its_weighted_engagement_over_two_to_the_gravity() {
        let e = Engagement {
            likes: 10,
            ..Engagement::default()
        };
        let s = engagement_score(&e, at(0), at(0));
        assert!((s - 10.0 / 2f64.powf(1.5)).abs() < 1e-12, "{s}");
        let all = Engagement {
            likes: 1,
            comments: 1,
            shares: 1,
            views: 10,
            saves: 1,
        };
        let s = engagement_score(&all, at(0), at(2));
        assert!((s - 9.0 / 8.0).abs() < 1e-12, "{s}");
    }

    #[test]
    fn older_posts_need_more_engagement() {
        let e = Engagement {
            likes: 50,
            comments: 5,
            ..Engagement::default()
        };
        let fresh = engagement_score(&e, at(10), at(10));
        let day_old = engagement_score(&e, at(-14), at(10));
        assert!(fresh > day_old);
        assert_eq!(
            engagement_score(&e, at(20), at(10)),
            fresh,
            "future posts count as new"
        );
        assert_eq!(engagement_score(&Engagement::default(), at(0), at(0)), 0.0);
        let negative = Engagement {
            likes: -5,
            ..Engagement::default()
        };
        assert_eq!(engagement_score(&negative, at(0), at(0)), 0.0);
    }

    #[test]
    fn a_share_outweighs_a_comment_which_outweighs_a_like() {
        let score = |e: Engagement| engagement_score(&e, at(0), at(1));
        let like = score(Engagement {
            likes: 1,
            ..Default::default()
        });
        let comment = score(Engagement {
            comments: 1,
            ..Default::default()
        });
        let share = score(Engagement {
            shares: 1,
            ..Default::default()
        });
        let views = score(Engagement {
            views: 10,
            ..Default::default()
        });
        assert!(share > comment && comment > like);
        assert!((views - like).abs() < 1e-12);
    }
}
