//! The social feed's storage beyond posts themselves: ranked lists and trending hashtags,
//! the moderation queue's filters, comments, likes and saves with their counters, view
//! de-duplication and reports.

use std::time::Duration;

use baitech::domain::Id;
use baitech::domain::post::{Engagement, ModerationStatus, Post, PostReactionKind, Visibility};
use baitech::domain::ranking::{Ranking, hot_score};
use baitech::domain::report::{Report, ReportReason, ReportStatus, ReportTarget};
use baitech::store::{CommentFilter, PageRequest, PostFilter, ReportFilter, Toggled};
use rstest::rstest;
use rstest_reuse::apply;

use super::builders::{at, comment, post};
use super::pages::{ids, newest_first, walk};
use super::{assert_conflict, race};
use crate::common::{Backend, TestStore, both_backends, test_store};

async fn ranked(ts: &TestStore, f: &PostFilter, limit: u32) -> Vec<Id> {
    let pages = walk(limit, async |req| ts.posts.ranked_posts(f, &req).await).await;
    pages.iter().flat_map(|p| ids(p, |p| p.id)).collect()
}

fn scored(author: Id, content: &str, score: f64) -> Post {
    Post {
        engagement_score: score,
        ..post(author, content)
    }
}

#[apply(both_backends)]
pub(super) async fn ranked_posts_follow_the_score_within_the_filter(#[case] b: Backend) {
    let ts = test_store(b).await;
    let (a1, a2, a3) = (Id::new(), Id::new(), Id::new());
    let p = [
        scored(a1, "low #solar", 1.0),
        scored(a2, "high #solar", 5.0),
        scored(a1, "mid", 3.0),
        Post {
            visibility: Visibility::Followers,
            ..scored(a2, "followers #solar", 4.0)
        },
        scored(a3, "other author", 9.0),
        Post {
            service_category: Some("plumbing".into()),
            ..scored(a3, "pipes", 2.0)
        },
    ];
    ts.posts.insert_many(&p).await.unwrap();
    let followed = PostFilter {
        authors: vec![a1, a2],
        ..Default::default()
    };
    assert_eq!(
        ranked(&ts, &followed, 2).await,
        vec![p[1].id, p[3].id, p[2].id, p[0].id]
    );
    let explore = PostFilter {
        visibility: vec![Visibility::Public],
        moderation: Some(ModerationStatus::Approved),
        ..Default::default()
    };
    assert_eq!(
        ranked(&ts, &explore, 4).await,
        vec![p[4].id, p[1].id, p[2].id, p[5].id, p[0].id]
    );
    let tag = PostFilter {
        hashtag: Some("solar".into()),
        ..explore.clone()
    };
    assert_eq!(ranked(&ts, &tag, 10).await, vec![p[1].id, p[0].id]);
    let category = PostFilter {
        category: Some("plumbing".into()),
        ..explore
    };
    assert_eq!(ranked(&ts, &category, 10).await, vec![p[5].id]);
}

#[apply(both_backends)]
pub(super) async fn a_score_is_set_only_from_the_current_counters(#[case] b: Backend) {
    let ts = test_store(b).await;
    let p = post(Id::new(), "race");
    ts.posts.insert(&p).await.unwrap();
    let one = Engagement {
        likes: 1,
        ..Default::default()
    };
    let now = ts.posts.add_engagement(p.id, &one).await.unwrap();
    assert!(
        !ts.posts
            .set_score_if_engagement(p.id, &Engagement::default(), 7.0)
            .await
            .unwrap()
    );
    assert!(
        ts.posts
            .set_score_if_engagement(p.id, &now, 2.0)
            .await
            .unwrap()
    );
    let got = ts.posts.get(p.id).await.unwrap().unwrap();
    assert_eq!(got.engagement_score, 2.0);
}

#[apply(both_backends)]
pub(super) async fn trending_hashtags_count_recent_public_approved_posts_by_author(
    #[case] b: Backend,
) {
    let ts = test_store(b).await;
    let (a1, a2, a3) = (Id::new(), Id::new(), Id::new());
    let old = Post {
        created_at: at(-120),
        ..post(a3, "#fundi old")
    };
    let mut pending = post(a3, "#fundi pending");
    pending.moderation.status = ModerationStatus::PendingReview;
    let private = Post {
        visibility: Visibility::Private,
        ..post(a3, "#fundi private")
    };
    let docs = [
        post(a1, "#solar #fundi"),
        post(a1, "#solar again"),
        post(a1, "#solar thrice"),
        post(a2, "#fundi too"),
        old,
        pending,
        private,
    ];
    ts.posts.insert_many(&docs).await.unwrap();
    let got = ts.posts.trending_hashtags(at(-60), 10).await.unwrap();
    let got: Vec<(String, u64, u64)> = got
        .into_iter()
        .map(|h| (h.tag, h.authors, h.posts))
        .collect();
    assert_eq!(
        got,
        vec![("fundi".to_string(), 2, 2), ("solar".to_string(), 1, 3)]
    );
    assert_eq!(
        ts.posts.trending_hashtags(at(-60), 1).await.unwrap().len(),
        1
    );
}

#[apply(both_backends)]
pub(super) async fn the_moderation_queue_filters_by_status_reason_author_and_since(
    #[case] b: Backend,
) {
    let ts = test_store(b).await;
    let (a1, a2) = (Id::new(), Id::new());
    let mut q = Vec::new();
    for (author, reasons, minutes) in [
        (a1, vec!["spam"], 0),
        (a1, vec!["profanity", "spam"], -30),
        (a2, vec!["spam"], -90),
    ] {
        let mut p = post(author, "queued");
        p.created_at = at(minutes);
        p.moderation.status = ModerationStatus::PendingReview;
        p.moderation.reasons = reasons.into_iter().map(String::from).collect();
        q.push(p);
    }
    ts.posts.insert_many(&q).await.unwrap();
    ts.posts.insert(&post(a1, "fine")).await.unwrap();
    let queue = |f: PostFilter| PostFilter {
        moderation: Some(ModerationStatus::PendingReview),
        ..f
    };
    let cases = [
        ("all", queue(PostFilter::default()), vec![0, 1, 2]),
        (
            "reason",
            queue(PostFilter {
                reason: Some("profanity".into()),
                ..Default::default()
            }),
            vec![1],
        ),
        (
            "author",
            queue(PostFilter {
                author: Some(a2),
                ..Default::default()
            }),
            vec![2],
        ),
        (
            "since",
            queue(PostFilter {
                since: Some(at(-60)),
                reason: Some("spam".into()),
                ..Default::default()
            }),
            vec![0, 1],
        ),
    ];
    for (name, f, want) in cases {
        let pages = walk(2, async |req| ts.posts.list_posts(&f, &req).await).await;
        let got: Vec<Id> = pages.iter().flat_map(|p| ids(p, |p| p.id)).collect();
        assert_eq!(
            got,
            newest_first(want.iter().map(|&i| q[i].id).collect()),
            "{name}"
        );
    }
}

#[apply(both_backends)]
pub(super) async fn comments_list_by_post_parent_and_moderation(#[case] b: Backend) {
    let ts = test_store(b).await;
    let (p, u) = (Id::new(), Id::new());
    let top = comment(p, u, None, ModerationStatus::Approved);
    let reply = comment(p, Id::new(), Some(top.id), ModerationStatus::Approved);
    let mut held = comment(p, u, None, ModerationStatus::PendingReview);
    held.moderation.reasons = vec!["spam".into()];
    let elsewhere = comment(Id::new(), u, None, ModerationStatus::Approved);
    for c in [&top, &reply, &held, &elsewhere] {
        ts.comments.insert(c).await.unwrap();
    }
    let list = async |f: CommentFilter| {
        let pages = walk(2, async |req| ts.comments.list_comments(&f, &req).await).await;
        pages
            .iter()
            .flat_map(|p| ids(p, |c| c.id))
            .collect::<Vec<_>>()
    };
    let of_post = CommentFilter {
        post: Some(p),
        ..Default::default()
    };
    assert_eq!(
        list(of_post.clone()).await,
        newest_first(vec![top.id, reply.id, held.id])
    );
    let top_level = CommentFilter {
        parent: Some(None),
        ..of_post.clone()
    };
    assert_eq!(list(top_level).await, newest_first(vec![top.id, held.id]));
    let replies = CommentFilter {
        parent: Some(Some(top.id)),
        ..Default::default()
    };
    assert_eq!(list(replies).await, vec![reply.id]);
    let queue = CommentFilter {
        moderation: Some(ModerationStatus::PendingReview),
        reason: Some("spam".into()),
        ..Default::default()
    };
    assert_eq!(list(queue.clone()).await, vec![held.id]);

    let admin = Id::new();
    ts.comments
        .set_comment_moderation(
            held.id,
            ModerationStatus::Removed,
            &["spam".into()],
            Some(admin),
        )
        .await
        .unwrap();
    let got = ts.comments.get(held.id).await.unwrap().unwrap();
    assert_eq!(got.moderation.status, ModerationStatus::Removed);
    assert_eq!(got.moderation.reviewed_by, Some(admin));
    assert!(list(queue).await.is_empty());
}

#[apply(both_backends)]
pub(super) async fn likes_and_saves_are_idempotent_and_move_their_counters(#[case] b: Backend) {
    let ts = test_store(b).await;
    let p = post(Id::new(), "Solar install");
    ts.posts.insert(&p).await.unwrap();
    let u = Id::new();
    let like = PostReactionKind::Like;
    let t = ts
        .reactions
        .react(p.id, u, like, &Ranking::default())
        .await
        .unwrap();
    assert_eq!((t.changed, t.engagement.likes), (true, 1));
    let t = ts
        .reactions
        .react(p.id, u, like, &Ranking::default())
        .await
        .unwrap();
    assert_eq!((t.changed, t.engagement.likes), (false, 1));
    let s = ts
        .reactions
        .react(p.id, u, PostReactionKind::Save, &Ranking::default())
        .await
        .unwrap();
    assert_eq!(
        (s.changed, s.engagement.saves, s.engagement.likes),
        (true, 1, 1)
    );
    assert_eq!(
        ts.reactions
            .reacted_among(u, like, &[p.id, Id::new()])
            .await
            .unwrap(),
        vec![p.id]
    );
    let saved = ts
        .reactions
        .reactions_of(u, PostReactionKind::Save, &PageRequest::first(10))
        .await
        .unwrap();
    assert_eq!(ids(&saved.items, |r| r.post), vec![p.id]);

    let t = ts
        .reactions
        .unreact(p.id, u, like, &Ranking::default())
        .await
        .unwrap();
    assert_eq!((t.changed, t.engagement.likes), (true, 0));
    let t = ts
        .reactions
        .unreact(p.id, u, like, &Ranking::default())
        .await
        .unwrap();
    assert_eq!((t.changed, t.engagement.likes), (false, 0));
    assert!(
        ts.reactions
            .reacted_among(u, like, &[p.id])
            .await
            .unwrap()
            .is_empty()
    );
    assert!(matches!(
        ts.reactions
            .react(Id::new(), u, like, &Ranking::default())
            .await,
        Err(baitech::Error::NotFound(_))
    ));
}

#[apply(both_backends)]
pub(super) async fn fifty_concurrent_likes_count_fifty_and_repeats_count_once(#[case] b: Backend) {
    let ts = test_store(b).await;
    let p = post(Id::new(), "Popular");
    ts.posts.insert(&p).await.unwrap();
    let users: Vec<Id> = (0..50).map(|_| Id::new()).collect();
    let store = ts.store.clone();
    let results: Vec<Toggled> = race(100, |i| {
        let (store, user) = (store.clone(), users[i % 50]);
        async move {
            store
                .reactions
                .react(p.id, user, PostReactionKind::Like, &Ranking::default())
                .await
                .expect("like")
        }
    })
    .await;
    assert_eq!(results.iter().filter(|t| t.changed).count(), 50);
    let got = ts.posts.get(p.id).await.unwrap().unwrap();
    assert_eq!(got.engagement.likes, 50);
    let want = hot_score(&got.engagement, got.created_at, &Ranking::default());
    assert!(
        (got.engagement_score - want).abs() < 1e-9,
        "the score moved with the last like: {} vs {want}",
        got.engagement_score
    );
}

#[apply(both_backends)]
pub(super) async fn a_like_moves_the_counter_and_the_score_and_nothing_else(#[case] b: Backend) {
    let ts = test_store(b).await;
    let mut p = post(Id::new(), "Borehole pump fixed #maji");
    p.engagement.comments = 3;
    p.engagement.views = 40;
    ts.posts.insert(&p).await.unwrap();
    let r = Ranking {
        like: 5.0,
        ..Ranking::default()
    };
    let (fan, other) = (Id::new(), Id::new());
    ts.reactions
        .react(p.id, fan, PostReactionKind::Like, &r)
        .await
        .unwrap();
    ts.reactions
        .react(p.id, other, PostReactionKind::Save, &r)
        .await
        .unwrap();
    let got = ts.posts.get(p.id).await.unwrap().unwrap();
    let mut want = p.clone();
    want.engagement.likes = 1;
    want.engagement.saves = 1;
    let score = hot_score(&want.engagement, p.created_at, &r);
    want.engagement_score = got.engagement_score;
    assert_eq!(got, want, "only the counters and the score changed");
    assert!(
        (got.engagement_score - score).abs() < 1e-9,
        "{} vs {score}",
        got.engagement_score
    );
    let f = PostFilter {
        hashtag: Some("maji".into()),
        ..Default::default()
    };
    let keys = ts.posts.ranked_keys(&f, 10).await.unwrap();
    assert_eq!(keys.len(), 1, "the hashtag still finds it");
    assert!(
        (keys[0].score - score).abs() < 1e-9,
        "the ranked order reads the new score"
    );
    ts.reactions
        .unreact(p.id, fan, PostReactionKind::Like, &r)
        .await
        .unwrap();
    let back = ts.posts.get(p.id).await.unwrap().unwrap();
    let score = hot_score(&back.engagement, p.created_at, &r);
    assert_eq!(back.engagement.likes, 0);
    assert!((back.engagement_score - score).abs() < 1e-9);
    let missing = Id::new();
    assert!(
        ts.reactions
            .react(missing, fan, PostReactionKind::Like, &r)
            .await
            .is_err()
    );
    let left = ts
        .reactions
        .reacted_among(fan, PostReactionKind::Like, &[missing])
        .await
        .unwrap();
    assert!(left.is_empty(), "no reaction is left to a missing post");
}

#[apply(both_backends)]
pub(super) async fn a_view_counts_once_per_viewer_per_window(#[case] b: Backend) {
    let ts = test_store(b).await;
    let p = post(Id::new(), "Viewed");
    ts.posts.insert(&p).await.unwrap();
    let (v1, v2) = (Id::new(), Id::new());
    let day = Duration::from_secs(86_400);
    let views = |e: Option<Engagement>| e.map(|e| e.views);
    assert_eq!(
        views(
            ts.reactions
                .record_view(p.id, v1, at(0), day)
                .await
                .unwrap()
        ),
        Some(1)
    );
    assert_eq!(
        views(
            ts.reactions
                .record_view(p.id, v1, at(60), day)
                .await
                .unwrap()
        ),
        None
    );
    assert_eq!(
        views(
            ts.reactions
                .record_view(p.id, v2, at(60), day)
                .await
                .unwrap()
        ),
        Some(2)
    );
    let next_day = at(24 * 60 + 1);
    assert_eq!(
        views(
            ts.reactions
                .record_view(p.id, v1, next_day, day)
                .await
                .unwrap()
        ),
        Some(3)
    );
    assert_eq!(
        views(
            ts.reactions
                .record_view(p.id, v1, next_day, day)
                .await
                .unwrap()
        ),
        None
    );
    let store = ts.store.clone();
    let v3 = Id::new();
    let counted = race(10, |_| {
        let store = store.clone();
        async move {
            store
                .reactions
                .record_view(p.id, v3, at(5), day)
                .await
                .expect("view")
        }
    })
    .await;
    assert_eq!(counted.iter().filter(|c| c.is_some()).count(), 1);
    assert_eq!(
        ts.posts.get(p.id).await.unwrap().unwrap().engagement.views,
        4
    );
}

#[apply(both_backends)]
pub(super) async fn one_report_per_reporter_per_target_and_closing_them(#[case] b: Backend) {
    let ts = test_store(b).await;
    let (target, author, r1, r2) = (Id::new(), Id::new(), Id::new(), Id::new());
    let report =
        |reporter, kind, reason| Report::new(kind, target, author, reporter, reason, None, at(0));
    ts.reports
        .insert(&report(r1, ReportTarget::Post, ReportReason::Spam))
        .await
        .unwrap();
    ts.reports
        .insert(&report(r2, ReportTarget::Post, ReportReason::Scam))
        .await
        .unwrap();
    ts.reports
        .insert(&report(r1, ReportTarget::Review, ReportReason::Spam))
        .await
        .unwrap();
    assert_conflict(
        ts.reports
            .insert(&report(r1, ReportTarget::Post, ReportReason::Hate))
            .await,
        "already reported",
    );
    let open_post = ReportFilter {
        target_kind: Some(ReportTarget::Post),
        target: Some(target),
        status: Some(ReportStatus::Open),
        ..Default::default()
    };
    assert_eq!(ts.reports.count_reports(&open_post).await.unwrap(), 2);
    let spam = ReportFilter {
        reason: Some(ReportReason::Spam),
        target_author: Some(author),
        ..Default::default()
    };
    let page = ts
        .reports
        .list_reports(&spam, &PageRequest::first(10))
        .await
        .unwrap();
    assert_eq!(page.items.len(), 2);
    let admin = Id::new();
    let closed = ts
        .reports
        .close_reports(
            ReportTarget::Post,
            target,
            ReportStatus::Resolved,
            admin,
            at(5),
        )
        .await
        .unwrap();
    assert_eq!(closed, 2);
    assert_eq!(ts.reports.count_reports(&open_post).await.unwrap(), 0);
    let resolved = ReportFilter {
        status: Some(ReportStatus::Resolved),
        ..open_post
    };
    let page = ts
        .reports
        .list_reports(&resolved, &PageRequest::first(10))
        .await
        .unwrap();
    assert!(page.items.iter().all(|r| r.resolved_by == Some(admin)));
    let review_open = ReportFilter {
        target_kind: Some(ReportTarget::Review),
        status: Some(ReportStatus::Open),
        ..Default::default()
    };
    assert_eq!(ts.reports.count_reports(&review_open).await.unwrap(), 1);
}
