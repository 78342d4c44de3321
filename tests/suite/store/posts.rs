//! Posts: round trip, filtered and text-searched lists, deleted posts, atomic engagement
//! counters, the explore order and moderation.

use baitech::domain::Id;
use baitech::domain::post::{
    Engagement, ModerationStatus, Post, PostType, Visibility, extract_hashtags,
};
use baitech::store::page::Cursor;
use baitech::store::{PageRequest, PostFilter};
use rstest::rstest;
use rstest_reuse::apply;

use crate::common::both_backends;

use super::builders::{at, full_post, post};
use super::pages::{ids, newest_first, sizes, walk};
use super::race;
use crate::common::{Backend, TestStore, test_store};

async fn stored(ts: &TestStore, id: Id) -> Post {
    ts.posts
        .get(id)
        .await
        .expect("get post")
        .expect("post exists")
}

async fn listed_posts(ts: &TestStore, filter: &PostFilter) -> Vec<Id> {
    let pages = walk(100, async |req| ts.posts.list_posts(filter, &req).await).await;
    pages.iter().flat_map(|p| ids(p, |p| p.id)).collect()
}

async fn explored(ts: &TestStore) -> Vec<Id> {
    let pages = walk(100, async |req| ts.posts.explore_posts(&req).await).await;
    pages.iter().flat_map(|p| ids(p, |p| p.id)).collect()
}

#[apply(both_backends)]
pub(super) async fn post_round_trip_and_update_preserve_every_field(#[case] b: Backend) {
    let ts = test_store(b).await;
    let mut full = full_post(Id::new());
    ts.posts.insert(&full).await.unwrap();
    assert_eq!(stored(&ts, full.id).await, full);

    full.content = "Rewired a whole office in Kilimani #electrical".into();
    full.hashtags = extract_hashtags(&full.content);
    full.visibility = Visibility::Public;
    full.pinned = false;
    full.media.clear();
    full.updated_at = at(10);
    ts.posts.replace(&full).await.unwrap();
    assert_eq!(stored(&ts, full.id).await, full);

    let batch = [post(Id::new(), "one"), post(Id::new(), "two")];
    assert_eq!(ts.posts.insert_many(&batch).await.unwrap(), 2);
    assert_eq!(stored(&ts, batch[1].id).await, batch[1]);
    assert_eq!(ts.posts.get(Id::new()).await.unwrap(), None);
}

/// Five posts by three authors across kinds, hashtags, moderation states and visibilities.
struct Feed {
    a1: Id,
    a2: Id,
    a3: Id,
    p: [Id; 5],
}

async fn feed(ts: &TestStore) -> Feed {
    let (a1, a2, a3) = (Id::new(), Id::new(), Id::new());
    let p1 = post(a1, "Fixing a #leak under the sink");
    let p2 = Post {
        kind: PostType::Tip,
        visibility: Visibility::Followers,
        ..post(a1, "Wiring tips for #solar panels")
    };
    let mut p3 = Post {
        kind: PostType::Question,
        ..post(a2, "Which pipe is best? #plumbing #leak")
    };
    p3.moderation.status = ModerationStatus::PendingReview;
    let mut p4 = Post {
        kind: PostType::Portfolio,
        visibility: Visibility::Private,
        ..post(a2, "Office portfolio #wiring")
    };
    p4.moderation.status = ModerationStatus::Rejected;
    let p5 = post(a3, "Sunday rest");
    let all = [p1, p2, p3, p4, p5];
    ts.posts.insert_many(&all).await.unwrap();
    Feed {
        a1,
        a2,
        a3,
        p: all.map(|p| p.id),
    }
}

#[apply(both_backends)]
pub(super) async fn list_posts_filters_by_author_hashtag_kind_moderation_and_visibility(
    #[case] b: Backend,
) {
    let ts = test_store(b).await;
    let Feed {
        a1,
        a2,
        a3,
        p: [p1, p2, p3, p4, p5],
    } = feed(&ts).await;
    let cases = [
        ("all", PostFilter::default(), vec![p1, p2, p3, p4, p5]),
        (
            "author",
            PostFilter {
                author: Some(a1),
                ..Default::default()
            },
            vec![p1, p2],
        ),
        (
            "authors",
            PostFilter {
                authors: vec![a1, a3],
                ..Default::default()
            },
            vec![p1, p2, p5],
        ),
        (
            "hashtag",
            PostFilter {
                hashtag: Some("leak".into()),
                ..Default::default()
            },
            vec![p1, p3],
        ),
        (
            "kind",
            PostFilter {
                kind: Some(PostType::Tip),
                ..Default::default()
            },
            vec![p2],
        ),
        (
            "moderation",
            PostFilter {
                moderation: Some(ModerationStatus::PendingReview),
                ..Default::default()
            },
            vec![p3],
        ),
        (
            "public",
            PostFilter {
                visibility: vec![Visibility::Public],
                ..Default::default()
            },
            vec![p1, p3, p5],
        ),
        (
            "followers or private",
            PostFilter {
                visibility: vec![Visibility::Followers, Visibility::Private],
                ..Default::default()
            },
            vec![p2, p4],
        ),
        (
            "author and hashtag",
            PostFilter {
                author: Some(a2),
                hashtag: Some("leak".into()),
                ..Default::default()
            },
            vec![p3],
        ),
        (
            "unknown author",
            PostFilter {
                authors: vec![Id::new()],
                ..Default::default()
            },
            vec![],
        ),
    ];
    for (name, filter, expected) in cases {
        assert_eq!(
            listed_posts(&ts, &filter).await,
            newest_first(expected),
            "{name}"
        );
    }
}

#[apply(both_backends)]
pub(super) async fn post_text_search_finds_words_and_prefixes_only_in_matching_posts(
    #[case] b: Backend,
) {
    let ts = test_store(b).await;
    let Feed {
        a1,
        p: [p1, p2, p3, p4, p5],
        ..
    } = feed(&ts).await;
    let text = |t: &str| PostFilter {
        text: Some(t.into()),
        ..Default::default()
    };
    let cases = [
        ("sink", text("sink"), vec![p1]),
        ("PIPE", text("PIPE"), vec![p3]),
        ("wiring", text("wiring"), vec![p2, p4]),
        ("prefix", text("sun"), vec![p5]),
        ("every word", text("office wiring"), vec![p4]),
        ("no such word", text("ceiling"), vec![]),
        (
            "with author",
            PostFilter {
                author: Some(a1),
                ..text("wiring")
            },
            vec![p2],
        ),
    ];
    for (name, filter, expected) in cases {
        let mut got = listed_posts(&ts, &filter).await;
        got.sort();
        let mut expected = expected;
        expected.sort();
        assert_eq!(got, expected, "{name}");
    }
}

#[apply(both_backends)]
pub(super) async fn deleted_posts_are_never_listed(#[case] b: Backend) {
    let ts = test_store(b).await;
    let author = Id::new();
    let live = post(author, "Clearing a blocked drain #drain");
    let mut gone = post(author, "Clearing a blocked drain again #drain");
    gone.deleted_at = Some(at(1));
    gone.engagement_score = 99.0;
    ts.posts
        .insert_many(&[live.clone(), gone.clone()])
        .await
        .unwrap();
    let filters = [
        PostFilter::default(),
        PostFilter {
            author: Some(author),
            ..Default::default()
        },
        PostFilter {
            authors: vec![author],
            ..Default::default()
        },
        PostFilter {
            hashtag: Some("drain".into()),
            ..Default::default()
        },
        PostFilter {
            text: Some("drain".into()),
            ..Default::default()
        },
        PostFilter {
            moderation: Some(ModerationStatus::Approved),
            ..Default::default()
        },
        PostFilter {
            visibility: vec![Visibility::Public],
            ..Default::default()
        },
    ];
    for f in filters {
        assert_eq!(listed_posts(&ts, &f).await, vec![live.id], "{f:?}");
    }
    assert_eq!(explored(&ts).await, vec![live.id]);
}

#[apply(both_backends)]
pub(super) async fn add_engagement_returns_the_new_counters(#[case] b: Backend) {
    let ts = test_store(b).await;
    let p = post(Id::new(), "Before and after");
    ts.posts.insert(&p).await.unwrap();
    let got = ts
        .posts
        .add_engagement(
            p.id,
            &Engagement {
                likes: 2,
                views: 5,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        got,
        Engagement {
            likes: 2,
            comments: 0,
            shares: 0,
            views: 5,
            saves: 0
        }
    );
    let got = ts
        .posts
        .add_engagement(
            p.id,
            &Engagement {
                likes: -1,
                comments: 1,
                shares: 3,
                saves: 2,
                views: 0,
            },
        )
        .await
        .unwrap();
    let expected = Engagement {
        likes: 1,
        comments: 1,
        shares: 3,
        views: 5,
        saves: 2,
    };
    assert_eq!(got, expected);
    assert_eq!(
        stored(&ts, p.id).await,
        Post {
            engagement: expected,
            ..p
        }
    );
}

#[apply(both_backends)]
pub(super) async fn add_engagement_is_atomic_under_concurrent_increments(#[case] b: Backend) {
    let ts = test_store(b).await;
    let p = post(Id::new(), "Popular tip");
    ts.posts.insert(&p).await.unwrap();
    let store = ts.store.clone();
    let mut seen: Vec<i64> = race(20, |_| {
        let store = store.clone();
        async move {
            let like = Engagement {
                likes: 1,
                ..Default::default()
            };
            store
                .posts
                .add_engagement(p.id, &like)
                .await
                .expect("add engagement")
                .likes
        }
    })
    .await;
    seen.sort_unstable();
    assert_eq!(
        seen,
        (1..=20).collect::<Vec<i64>>(),
        "each increment sees its own new total"
    );
    assert_eq!(stored(&ts, p.id).await.engagement.likes, 20);
}

#[apply(both_backends)]
pub(super) async fn explore_orders_by_engagement_score_with_an_offset_cursor(#[case] b: Backend) {
    let ts = test_store(b).await;
    let author = Id::new();
    let eligible_scores = [0.5, 3.0, 1.5, 2.5, 0.1, 4.0];
    let eligible: Vec<Post> = eligible_scores
        .iter()
        .map(|_| post(author, "eligible"))
        .collect();
    let followers_only = Post {
        visibility: Visibility::Followers,
        ..post(author, "followers")
    };
    let mut flagged = post(author, "flagged");
    flagged.moderation.status = ModerationStatus::PendingReview;
    let private = Post {
        visibility: Visibility::Private,
        ..post(author, "private")
    };
    let mut pending = post(author, "pending");
    pending.moderation.status = ModerationStatus::PendingReview;
    let mut rejected = post(author, "rejected");
    rejected.moderation.status = ModerationStatus::Rejected;
    let mut removed = post(author, "removed");
    removed.moderation.status = ModerationStatus::Removed;
    let mut gone = post(author, "deleted");
    gone.deleted_at = Some(at(1));
    let hidden = [
        followers_only,
        private,
        pending,
        flagged,
        rejected,
        removed,
        gone,
    ];
    ts.posts.insert_many(&eligible).await.unwrap();
    ts.posts.insert_many(&hidden).await.unwrap();
    for (p, score) in eligible.iter().zip(eligible_scores) {
        ts.posts.set_engagement_score(p.id, score).await.unwrap();
    }
    for (p, score) in hidden.iter().zip([10.0, 9.0, 8.0, 7.0, 6.0, 5.0, 4.5]) {
        ts.posts.set_engagement_score(p.id, score).await.unwrap();
    }
    assert_eq!(stored(&ts, eligible[1].id).await.engagement_score, 3.0);

    let pages = walk(4, async |req| ts.posts.explore_posts(&req).await).await;
    assert_eq!(sizes(&pages), vec![4, 2]);
    let mut by_score: Vec<(f64, Id)> = eligible
        .iter()
        .zip(eligible_scores)
        .map(|(p, s)| (s, p.id))
        .collect();
    by_score.sort_by(|a, b| b.0.total_cmp(&a.0));
    let walked: Vec<Id> = pages.iter().flat_map(|p| ids(p, |p| p.id)).collect();
    assert_eq!(walked, by_score.iter().map(|e| e.1).collect::<Vec<_>>());

    let first = ts
        .posts
        .explore_posts(&PageRequest::first(4))
        .await
        .unwrap();
    let cursor = Cursor::decode(first.next_cursor.as_deref().expect("more after 4")).unwrap();
    assert_eq!(
        cursor,
        Cursor::Offset(4),
        "explore continues by offset in score order"
    );
}

#[apply(both_backends)]
pub(super) async fn set_moderation_records_status_reasons_and_reviewer(#[case] b: Backend) {
    let ts = test_store(b).await;
    let p = post(Id::new(), "Buy followers cheap");
    ts.posts.insert(&p).await.unwrap();
    let admin = Id::new();
    let reasons = vec!["spam".to_string(), "links".to_string()];
    ts.posts
        .set_moderation(p.id, ModerationStatus::PendingReview, &reasons, Some(admin))
        .await
        .unwrap();
    let got = stored(&ts, p.id).await;
    assert_eq!(got.moderation.status, ModerationStatus::PendingReview);
    assert_eq!(got.moderation.reasons, reasons);
    assert_eq!(got.moderation.reviewed_by, Some(admin));
    assert_eq!(
        Post {
            moderation: p.moderation.clone(),
            updated_at: p.updated_at,
            ..got
        },
        p,
        "only moderation moves"
    );

    let flagged = PostFilter {
        moderation: Some(ModerationStatus::PendingReview),
        ..Default::default()
    };
    assert_eq!(listed_posts(&ts, &flagged).await, vec![p.id]);
    assert_eq!(
        explored(&ts).await,
        Vec::<Id>::new(),
        "flagged posts leave explore"
    );

    ts.posts
        .set_moderation(p.id, ModerationStatus::Approved, &[], None)
        .await
        .unwrap();
    let got = stored(&ts, p.id).await;
    assert_eq!(got.moderation.status, ModerationStatus::Approved);
    assert!(
        got.moderation.reasons.is_empty(),
        "{:?}",
        got.moderation.reasons
    );
    assert_eq!(explored(&ts).await, vec![p.id]);
}
