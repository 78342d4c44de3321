//! Generated posts: written by technicians from their trade's templates, localized to their
//! town, with heavy-tailed engagement and the usual spread of moderation states.

use rand::Rng;

use super::catalog::{Catalog, pick};
use super::people::{Person, Pool};
use super::synth::{Gen, Tag, after};
use crate::domain::Location;
use crate::domain::post::{
    Engagement, Media, MediaKind, Moderation, ModerationStatus, Post, PostType, Visibility,
    extract_hashtags,
};
use crate::domain::ranking::{Ranking, hot_score};

/// Posts span the last year.
const WINDOW_DAYS: i64 = 365;

/// Fills `{city}` and `{area}` (hashtags get the town without spaces, e.g. `#nairobi`).
pub fn fill(template: &str, city: &str, area: &str) -> String {
    let tag = city.to_lowercase().replace(' ', "");
    template
        .replace("#{city}", &format!("#{tag}"))
        .replace("{city}", city)
        .replace("{area}", area)
}

/// Generated post `i` of `n`, by a technician of `pool`.
pub fn post(g: &Gen, c: &Catalog, pool: &Pool, i: u64, n: u64) -> Post {
    let mut rng = g.rng(Tag::Posts, i);
    let author: &Person = pick(&pool.technicians, &mut rng);
    let trade = &c.trades[usize::from(author.trade)];
    let city = &c.cities[usize::from(author.city)];
    let templates: Vec<_> = c.posts_for(&trade.slug).collect();
    let t = templates[rng.random_range(0..templates.len())];
    let created = g.spread(i, n, WINDOW_DAYS);
    let mut content = fill(&t.text, &city.name, pick(&city.areas, &mut rng).as_str());
    if rng.random_bool(0.3) {
        let extra = pick(&trade.hashtags, &mut rng);
        if !content.contains(&format!("#{extra}")) {
            content.push_str(&format!(" #{extra}"));
        }
    }
    let mut kind = PostType::parse(&t.kind).unwrap_or_default();
    let images = match kind {
        PostType::Portfolio => rng.random_range(1..=4),
        _ if rng.random_bool(0.1) => 1,
        _ => 0,
    };
    if kind == PostType::Text && images > 0 {
        kind = PostType::Image;
    }
    let media = (0..images)
        .map(|k| Media {
            url: format!(
                "https://res.cloudinary.com/baitech/image/upload/v1/posts/{}/{}-{k}.jpg",
                trade.slug,
                g.serial(i)
            ),
            kind: MediaKind::Image,
            public_id: Some(format!("posts/{}/{}-{k}", trade.slug, g.serial(i))),
            width: Some(1080),
            height: Some(1350),
            duration_seconds: None,
            thumbnail_url: None,
        })
        .collect();
    // Heavy-tailed reach: most posts get a few dozen views, a few go viral.
    let views = (rng.random::<f64>().powi(4) * 5_000.0) as i64 + rng.random_range(5..60);
    let likes = (views as f64 * rng.random_range(0.02..0.15)) as i64;
    let engagement = Engagement {
        likes,
        comments: (likes as f64 * rng.random_range(0.0..0.3)) as i64,
        shares: (likes as f64 * rng.random_range(0.0..0.2)) as i64,
        views,
        saves: (likes as f64 * rng.random_range(0.0..0.2)) as i64,
    };
    let status = match rng.random_range(0..100) {
        0..=89 => ModerationStatus::Approved,
        90..=97 => ModerationStatus::PendingReview,
        98 => ModerationStatus::Rejected,
        _ => ModerationStatus::Removed,
    };
    let reviewed = !matches!(status, ModerationStatus::PendingReview);
    Post {
        id: g.id(Tag::Posts, created, i),
        author: author.id,
        kind,
        hashtags: extract_hashtags(&content),
        content,
        media,
        mentions: Vec::new(),
        service_category: Some(trade.slug.clone()),
        location: Some(Location::new(author.point, None, Some(city.name.clone()))),
        engagement_score: hot_score(&engagement, created, &Ranking::default()),
        booking: None,
        edits: Vec::new(),
        engagement,
        moderation: Moderation {
            status,
            reasons: match status {
                ModerationStatus::PendingReview
                | ModerationStatus::Rejected
                | ModerationStatus::Removed => {
                    vec!["contact details in post".into()]
                }
                _ => Vec::new(),
            },
            ai_score: Some(rng.random_range(0.0..0.3)),
            scores: Default::default(),
            reviewed_by: None,
            reviewed_at: reviewed.then_some(after(created, 2)),
        },
        visibility: match rng.random_range(0..100) {
            0..=89 => Visibility::Public,
            90..=97 => Visibility::Followers,
            _ => Visibility::Private,
        },
        pinned: rng.random_bool(0.01),
        deleted_at: None,
        created_at: created,
        updated_at: created,
    }
}
