//! `baitech moderate`: the real binary on both adapters over posts, comments, reviews and reports
//! put in the store, every subcommand by its flags (stdin closed, as in CI) and `review` driven
//! through its prompts on a pseudo-terminal; the service's event to the author in-process.

use std::process::Output;
use std::sync::Arc;
use std::time::Duration;

use futures::StreamExt;
use rstest::rstest;
use rstest_reuse::apply;
use serde_json::Value;

use baitech::app::App;
use baitech::cache::MemoryCache;
use baitech::domain::Id;
use baitech::domain::post::{Comment, ModerationStatus, Post};
use baitech::domain::report::{Report, ReportReason, ReportStatus, ReportTarget};
use baitech::domain::review::{
    ModerationState, RatingPrior, RatingStats, Review, ReviewModeration, ReviewStatus, Sentiment,
    SentimentLabel,
};
use baitech::domain::user::{Role, User};
use baitech::realtime::{Event, Topic};
use baitech::services::moderation::actions::{self, Decision};
use baitech::store::{AuditFilter, PageRequest, ReportFilter};

use crate::common::{self, Backend, TestStore, both_backends, test_config, test_store};
use crate::store::builders;

struct Desk {
    store: TestStore,
    home: tempfile::TempDir,
    admin: User,
    author: User,
    reporter: User,
    /// The technician the author's reviews are about.
    tech: User,
}

impl Desk {
    async fn new(backend: Backend) -> Desk {
        let store = test_store(backend).await;
        let tag = builders::unique();
        let admin = builders::user(Role::Admin, &format!("mod-admin-{tag}"));
        let author = builders::customer(&format!("mod-author-{tag}"));
        let reporter = builders::customer(&format!("mod-reporter-{tag}"));
        let mut tech = builders::technician(
            &format!("mod-tech-{tag}"),
            builders::NAIROBI.0,
            builders::NAIROBI.1,
            &["plumbing"],
            0.0,
        );
        tech.rating = RatingStats::default(); // counters from the reviews below only
        for u in [&admin, &author, &reporter, &tech] {
            store.users.insert(u).await.unwrap();
        }
        Desk {
            store,
            home: tempfile::tempdir().unwrap(),
            admin,
            author,
            reporter,
            tech,
        }
    }

    async fn moderate(&self, args: &[&str]) -> Output {
        let mut all = vec!["moderate"];
        all.extend_from_slice(args);
        common::cli::run(&self.store, self.home.path(), &[], &all).await
    }

    async fn json(&self, args: &[&str]) -> Value {
        let mut all = args.to_vec();
        all.push("--json");
        let out = self.moderate(&all).await;
        assert!(
            out.status.success(),
            "moderate {args:?}: {:?}\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("JSON on stdout")
    }

    /// A post held for review for `reason`, created `minute` minutes after the base.
    async fn held_post(&self, content: &str, reason: &str, minute: i64) -> Post {
        let mut p = builders::post(self.author.id, content);
        p.moderation.status = ModerationStatus::PendingReview;
        p.moderation.reasons = vec![reason.to_string()];
        p.moderation.scores.insert(reason.to_string(), 0.8);
        p.created_at = builders::at(minute);
        self.store.posts.insert(&p).await.unwrap();
        p
    }

    async fn held_comment(&self, post: Id) -> Comment {
        let mut c = builders::comment(post, self.author.id, None, ModerationStatus::PendingReview);
        c.moderation.reasons = vec!["profanity".into()];
        self.store.comments.insert(&c).await.unwrap();
        c
    }

    /// The author's review of `about` with `rating` stars, counted on `about`'s statistics;
    /// with `flag`, flagged for the queue for that reason, its text scored negative.
    async fn review(&self, about: &User, rating: u8, comment: &str, flag: Option<&str>) -> Review {
        let mut r = builders::review(Id::new(), self.author.id, about.id, rating, comment);
        if let Some(reason) = flag {
            r.moderation = ReviewModeration {
                status: ModerationState::Flagged,
                reasons: vec![reason.to_string()],
                flagged_at: Some(builders::at(0)),
            };
            r.sentiment = Some(Sentiment {
                label: SentimentLabel::Negative,
                score: -0.8,
            });
        }
        self.store
            .reviews
            .add_review(&r, &RatingPrior::default())
            .await
            .unwrap()
    }

    async fn stored_review(&self, id: Id) -> Review {
        self.store.reviews.get(id).await.unwrap().unwrap()
    }

    /// (count, sum) of `user`'s rating counters.
    async fn counters(&self, user: Id) -> (i64, i64) {
        let u = self.store.users.get(user).await.unwrap().unwrap();
        (u.rating.count, u.rating.sum)
    }

    async fn report(&self, kind: ReportTarget, target: Id) -> Report {
        let r = Report::new(
            kind,
            target,
            self.author.id,
            self.reporter.id,
            ReportReason::Spam,
            Some("selling followers".into()),
            builders::at(0),
        );
        self.store.reports.insert(&r).await.unwrap();
        r
    }

    async fn status_of(&self, post: Id) -> ModerationStatus {
        self.store
            .posts
            .get(post)
            .await
            .unwrap()
            .unwrap()
            .moderation
            .status
    }

    async fn reports_of(&self, target: Id, status: ReportStatus) -> u64 {
        let f = ReportFilter {
            target: Some(target),
            status: Some(status),
            ..Default::default()
        };
        self.store.reports.count_reports(&f).await.unwrap()
    }

    async fn audit_of(&self, target: Id) -> Vec<baitech::domain::audit::AuditEntry> {
        let f = AuditFilter {
            target_id: Some(target),
            ..Default::default()
        };
        self.store
            .audit
            .list_audit(&f, &PageRequest::first(50))
            .await
            .unwrap()
            .items
    }
}

fn ids(v: &Value) -> Vec<String> {
    v.as_array()
        .expect("an array")
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_string())
        .collect()
}

#[apply(both_backends)]
async fn queue_lists_held_posts_and_comments_newest_first_with_its_filters(
    #[case] backend: Backend,
) {
    let d = Desk::new(backend).await;
    let spam = d.held_post("Buy followers now", "spam", 1).await;
    let shouting = d.held_post("WHY IS NOBODY ANSWERING", "shouting", 2).await;
    let fine = builders::post(d.author.id, "Fixed a leaking tap today");
    d.store.posts.insert(&fine).await.unwrap();
    let comment = d.held_comment(fine.id).await;
    d.report(ReportTarget::Post, spam.id).await;

    let all = d.json(&["queue"]).await;
    let listed = ids(&all);
    assert_eq!(
        listed,
        [comment.id, shouting.id, spam.id].map(|i| i.to_hex()),
        "held items only, newest first"
    );
    let spam_row = &all.as_array().unwrap()[2];
    assert_eq!(spam_row["openReports"], 1);
    assert_eq!(spam_row["kind"], "post");

    assert_eq!(
        ids(&d.json(&["queue", "--reason", "spam"]).await),
        [spam.id.to_hex()]
    );
    assert_eq!(
        ids(&d.json(&["queue", "--kind", "comment"]).await),
        [comment.id.to_hex()]
    );
    let email = d.author.email.to_string();
    assert_eq!(
        ids(&d
            .json(&["queue", "--author", &email, "--kind", "post"])
            .await)
        .len(),
        2
    );
    let stranger = Id::new().to_hex();
    assert!(ids(&d.json(&["queue", "--author", &stranger]).await).is_empty());
    let since = builders::at(2).to_rfc3339();
    assert_eq!(
        ids(&d
            .json(&["queue", "--kind", "post", "--since", &since])
            .await),
        [shouting.id.to_hex()]
    );
    assert_eq!(
        ids(&d
            .json(&["queue", "--status", "approved", "--kind", "post"])
            .await),
        [fine.id.to_hex()]
    );

    // The table names the same rows.
    let table = d.moderate(&["queue"]).await;
    let text = String::from_utf8_lossy(&table.stdout);
    assert!(
        text.contains(&spam.id.to_hex()) && text.contains("3 item(s) pending_review"),
        "{text}"
    );
}

#[apply(both_backends)]
async fn queue_limits_beyond_one_store_page_are_honoured(#[case] backend: Backend) {
    let d = Desk::new(backend).await;
    let mut held = Vec::new();
    for minute in 0..130 {
        held.push(
            d.held_post(&format!("held {minute}"), "spam", minute)
                .await
                .id,
        );
    }
    held.reverse(); // newest first
    let want = |n: usize| held[..n].iter().map(|i| i.to_hex()).collect::<Vec<_>>();
    assert_eq!(
        ids(&d.json(&["queue", "--kind", "post", "--limit", "120"]).await),
        want(120),
        "120 of 130, newest first, across store pages"
    );
    assert_eq!(
        ids(&d.json(&["queue", "--limit", "1000"]).await),
        want(130),
        "everything held when the limit is above the count"
    );
    assert_eq!(ids(&d.json(&["queue", "--limit", "7"]).await), want(7));
}

#[apply(both_backends)]
async fn show_gives_the_item_its_reports_and_its_authors_history(#[case] backend: Backend) {
    let d = Desk::new(backend).await;
    let post = d
        .held_post("Call 0712 345 678 for cheap loans", "spam", 0)
        .await;
    let mut old = builders::post(d.author.id, "an earlier removed post");
    old.moderation.status = ModerationStatus::Removed;
    d.store.posts.insert(&old).await.unwrap();
    d.report(ReportTarget::Post, post.id).await;

    let file = d.json(&["show", &post.id.to_hex()]).await;
    assert_eq!(file["item"]["content"], post.content);
    assert_eq!(file["item"]["status"], "pending_review");
    assert_eq!(file["item"]["scores"]["spam"], 0.8);
    assert_eq!(file["reports"].as_array().unwrap().len(), 1);
    assert_eq!(file["reports"][0]["details"], "selling followers");
    assert_eq!(file["author"]["email"], d.author.email.to_string());
    assert_eq!(file["author"]["postsRemoved"], 1);
    assert_eq!(file["author"]["postsPending"], 1);
    assert_eq!(file["author"]["reportsAgainst"], 1);

    let missing = d.moderate(&["show", &Id::new().to_hex()]).await;
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("not found"));
}

#[apply(both_backends)]
async fn approve_and_remove_record_the_decision_close_reports_and_audit_once(
    #[case] backend: Backend,
) {
    let d = Desk::new(backend).await;
    let kept = d
        .held_post("Is this tile adhesive any good?", "profanity", 0)
        .await;
    let gone = d.held_post("Cheap loans, call now", "spam", 1).await;
    d.report(ReportTarget::Post, kept.id).await;
    d.report(ReportTarget::Post, gone.id).await;
    let admin = d.admin.email.to_string();

    let ok = d
        .json(&["approve", &kept.id.to_hex(), "--admin", &admin])
        .await;
    assert_eq!(ok[0]["after"], "approved");
    assert_eq!(ok[0]["reportsClosed"], 1);
    assert_eq!(d.status_of(kept.id).await, ModerationStatus::Approved);
    assert_eq!(d.reports_of(kept.id, ReportStatus::Dismissed).await, 1);

    // A removal needs a reason: missing is a usage error, blank is refused.
    let none = d.moderate(&["remove", &gone.id.to_hex()]).await;
    assert_eq!(none.status.code(), Some(2));
    let blank = d
        .moderate(&["remove", &gone.id.to_hex(), "--reason", "  "])
        .await;
    assert_eq!(blank.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&blank.stderr).contains("--reason"));
    assert_eq!(d.status_of(gone.id).await, ModerationStatus::PendingReview);

    let removed = d
        .json(&[
            "remove",
            &gone.id.to_hex(),
            "--reason",
            "Spam or advertising",
        ])
        .await;
    assert_eq!(removed[0]["after"], "removed");
    assert_eq!(d.status_of(gone.id).await, ModerationStatus::Removed);
    assert_eq!(d.reports_of(gone.id, ReportStatus::Resolved).await, 1);
    let stored = d.store.posts.get(gone.id).await.unwrap().unwrap();
    assert_eq!(stored.moderation.reviewed_by, Some(d.admin.id));
    assert_eq!(stored.moderation.reasons, ["Spam or advertising"]);

    let again = d
        .json(&["remove", &gone.id.to_hex(), "--reason", "again"])
        .await;
    assert_eq!(again[0]["changed"], false, "removing twice changes nothing");
    let trail = d.audit_of(gone.id).await;
    assert_eq!(trail.len(), 1, "one audit entry for one change: {trail:?}");
    assert_eq!(trail[0].action, "post.remove");
    assert_eq!(trail[0].actor, Some(d.admin.id));
    assert_eq!(trail[0].reason.as_deref(), Some("Spam or advertising"));
    assert_eq!(
        trail[0].before.as_ref().unwrap()["status"],
        "pending_review"
    );
    assert_eq!(d.audit_of(kept.id).await[0].action, "post.approve");

    // Comments are decided the same way.
    let c = d.held_comment(kept.id).await;
    let rc = d
        .json(&[
            "remove",
            &c.id.to_hex(),
            "--kind",
            "comment",
            "--reason",
            "Harassment or hate",
        ])
        .await;
    assert_eq!(rc[0]["kind"], "comment");
    let stored = d.store.comments.get(c.id).await.unwrap().unwrap();
    assert_eq!(stored.moderation.status, ModerationStatus::Removed);
}

#[apply(both_backends)]
async fn bulk_removes_by_author_or_ids_and_a_dry_run_changes_nothing(#[case] backend: Backend) {
    let d = Desk::new(backend).await;
    let a = d.held_post("spam one", "spam", 0).await;
    let b = d.held_post("spam two", "spam", 1).await;
    let approved = builders::post(d.author.id, "spam three, slipped through");
    d.store.posts.insert(&approved).await.unwrap();
    let c = d.held_comment(approved.id).await;
    let email = d.author.email.to_string();

    let dry = d
        .json(&[
            "bulk",
            "--author",
            &email,
            "--reason",
            "Spam ring",
            "--dry-run",
        ])
        .await;
    assert_eq!(
        dry.as_array().unwrap().len(),
        4,
        "three posts and a comment: {dry}"
    );
    assert!(dry.as_array().unwrap().iter().all(|o| o["changed"] == true));
    assert_eq!(
        d.status_of(a.id).await,
        ModerationStatus::PendingReview,
        "a dry run changes nothing"
    );
    assert!(d.audit_of(a.id).await.is_empty());

    let unconfirmed = d
        .moderate(&["bulk", "--author", &email, "--reason", "Spam ring"])
        .await;
    assert!(
        !unconfirmed.status.success(),
        "without a terminal, --yes is needed"
    );
    assert!(String::from_utf8_lossy(&unconfirmed.stderr).contains("--yes"));
    assert_eq!(d.status_of(a.id).await, ModerationStatus::PendingReview);

    let done = d
        .json(&["bulk", "--author", &email, "--reason", "Spam ring", "--yes"])
        .await;
    assert_eq!(done.as_array().unwrap().len(), 4);
    for p in [a.id, b.id, approved.id] {
        assert_eq!(d.status_of(p).await, ModerationStatus::Removed);
        assert_eq!(d.audit_of(p).await.len(), 1);
    }
    let comment = d.store.comments.get(c.id).await.unwrap().unwrap();
    assert_eq!(comment.moderation.status, ModerationStatus::Removed);

    // By ids: only those, and an unknown id refuses the whole batch before changing anything.
    let other = d.held_post("another", "spam", 3).await;
    let bad = format!("{},{}", other.id.to_hex(), Id::new().to_hex());
    let refused = d
        .moderate(&["bulk", "--ids", &bad, "--reason", "x", "--yes"])
        .await;
    assert!(!refused.status.success());
    assert_eq!(d.status_of(other.id).await, ModerationStatus::PendingReview);
    let by_id = d
        .json(&[
            "bulk",
            "--ids",
            &other.id.to_hex(),
            "--reason",
            "x",
            "--yes",
        ])
        .await;
    assert_eq!(ids(&by_id), [other.id.to_hex()]);
}

#[apply(both_backends)]
async fn log_lists_decisions_by_actor_target_and_time(#[case] backend: Backend) {
    let d = Desk::new(backend).await;
    let second_admin = builders::user(Role::Admin, &format!("mod-admin2-{}", builders::unique()));
    d.store.users.insert(&second_admin).await.unwrap();
    let p1 = d.held_post("one", "spam", 0).await;
    let p2 = d.held_post("two", "spam", 1).await;
    let first = d.admin.email.to_string();
    let second = second_admin.email.to_string();
    d.json(&[
        "remove",
        &p1.id.to_hex(),
        "--reason",
        "spam",
        "--admin",
        &first,
    ])
    .await;
    d.json(&["approve", &p2.id.to_hex(), "--admin", &second])
        .await;

    let all = d.json(&["log"]).await;
    let actions: Vec<&str> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["post.approve", "post.remove"], "newest first");
    let by_second = d.json(&["log", "--actor", &second]).await;
    assert_eq!(by_second.as_array().unwrap().len(), 1);
    assert_eq!(by_second[0]["targetId"], p2.id.to_hex());
    let on_p1 = d.json(&["log", "--target", &p1.id.to_hex()]).await;
    assert_eq!(on_p1.as_array().unwrap().len(), 1);
    assert_eq!(on_p1[0]["reason"], "spam");
    let future = d.json(&["log", "--since", "2999-01-01"]).await;
    assert!(future.as_array().unwrap().is_empty());
}

#[apply(both_backends)]
async fn a_decision_tells_the_author(#[case] backend: Backend) {
    let d = Desk::new(backend).await;
    let dir = d
        .store
        .data_dir
        .as_ref()
        .map_or_else(|| d.home.path().to_path_buf(), |t| t.path().to_path_buf());
    let config = test_config(backend, dir, d.store.mongo_db.as_deref());
    let app = App::new(
        config,
        d.store.store.clone(),
        Arc::new(MemoryCache::new(100)),
    )
    .unwrap();
    let post = d.held_post("hello", "spam", 0).await;
    let mut events = app
        .realtime
        .subscribe(Topic::User(d.author.id))
        .await
        .unwrap();
    let decision = Decision::remove("Spam or advertising").unwrap();
    actions::decide(&app, &d.admin, None, post.id, &decision)
        .await
        .unwrap();
    let got = tokio::time::timeout(Duration::from_secs(5), events.next())
        .await
        .expect("an event within 5 s")
        .expect("the stream is open");
    match got {
        Event::ContentModerated {
            user,
            kind,
            target,
            status,
            reason,
            ..
        } => {
            assert_eq!(
                (user, kind, target, status),
                (
                    d.author.id,
                    ReportTarget::Post,
                    post.id,
                    ModerationStatus::Removed
                )
            );
            assert_eq!(reason.as_deref(), Some("Spam or advertising"));
        }
        other => panic!("unexpected event {other:?}"),
    }

    // A review's author is told the same way.
    let review = d
        .review(&d.tech, 5, "Awful", Some("stars_contradict_text"))
        .await;
    actions::decide(
        &app,
        &d.admin,
        Some(ReportTarget::Review),
        review.id,
        &decision,
    )
    .await
    .unwrap();
    let got = tokio::time::timeout(Duration::from_secs(5), events.next())
        .await
        .expect("an event within 5 s")
        .expect("the stream is open");
    match got {
        Event::ContentModerated {
            user,
            kind,
            target,
            status,
            ..
        } => assert_eq!(
            (user, kind, target, status),
            (
                d.author.id,
                ReportTarget::Review,
                review.id,
                ModerationStatus::Removed
            )
        ),
        other => panic!("unexpected event {other:?}"),
    }
}

#[apply(both_backends)]
async fn review_needs_a_terminal_and_is_driven_through_its_prompts(#[case] backend: Backend) {
    let d = Desk::new(backend).await;
    let refused = d.moderate(&["review"]).await;
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("terminal"));

    let older = d
        .held_post("Looking for a good electrician in Kisumu", "shouting", 0)
        .await;
    let newer = d.held_post("Cheap followers here", "spam", 1).await;
    let review = d
        .review(
            &d.tech,
            5,
            "Worst plumber in town",
            Some("stars_contradict_text"),
        )
        .await;
    // The queue is newest first: remove the review and the newer post with the first
    // template, approve the older post.
    let mut cmd =
        common::cli::command(&d.store, d.home.path(), &[], &["moderate", "review"]).into_std();
    // The pseudo-terminal is the session's stdin: the runner's closed stdin must not replace it.
    cmd.env("TERM", "xterm")
        .stdin(std::process::Stdio::inherit());
    let session = tokio::task::spawn_blocking(move || {
        let mut p = rexpect::session::spawn_command(cmd, Some(20_000)).expect("start on a pty");
        // Keys go once a menu is drawn in full (its last item), and the terminal is in raw mode.
        let choose = |p: &mut rexpect::session::PtySession, last_item: &str, keys: &str| {
            p.exp_string(last_item).unwrap();
            std::thread::sleep(Duration::from_millis(300));
            p.send(keys).unwrap();
            p.flush().unwrap(); // keys end in a carriage return, which a line writer holds
        };
        // The review, newest first (the terminal's bytes are read one by one: no stars here).
        p.exp_string("5/5 (quality 5").unwrap();
        p.exp_string("Worst plumber in town").unwrap();
        choose(&mut p, "quit", "\x1b[A\r"); // up from "skip" (the default) to "remove"
        choose(&mut p, "Other (type a reason)", "\r"); // the first template
        p.exp_string("Cheap followers here").unwrap();
        choose(&mut p, "quit", "\x1b[A\r");
        choose(&mut p, "Other (type a reason)", "\r");
        p.exp_string("Looking for a good electrician").unwrap();
        choose(&mut p, "quit", "\x1b[A\x1b[A\r"); // up to "approve"
        p.exp_string("1 approved, 2 removed, 0 skipped").unwrap();
        p.exp_eof().unwrap();
    });
    session.await.expect("the review session");
    assert_eq!(d.status_of(newer.id).await, ModerationStatus::Removed);
    assert_eq!(d.status_of(older.id).await, ModerationStatus::Approved);
    let trail = d.audit_of(newer.id).await;
    assert_eq!(trail[0].reason.as_deref(), Some("Spam or advertising"));
    assert_eq!(
        d.stored_review(review.id).await.status,
        ReviewStatus::Hidden
    );
    assert_eq!(d.audit_of(review.id).await[0].action, "review.remove");
}

#[apply(both_backends)]
async fn queue_lists_flagged_and_reported_reviews_beside_posts_and_show_gives_the_review(
    #[case] backend: Backend,
) {
    let d = Desk::new(backend).await;
    let post = d.held_post("Buy followers now", "spam", 0).await;
    let flagged = d
        .review(
            &d.tech,
            5,
            "Terrible work, never again",
            Some("stars_contradict_text"),
        )
        .await;
    let reported = d.review(&d.tech, 2, "Late and rude", None).await;
    d.report(ReportTarget::Review, reported.id).await;
    d.review(&d.tech, 4, "Good job on the sink", None).await;

    let all = d.json(&["queue"]).await;
    assert_eq!(
        ids(&all),
        [reported.id, flagged.id, post.id].map(|i| i.to_hex()),
        "flagged and reported reviews beside the held post, newest first; the clear one not"
    );
    let rows = all.as_array().unwrap();
    assert_eq!(rows[0]["kind"], "review");
    assert_eq!(rows[0]["openReports"], 1);
    assert_eq!(rows[0]["status"], "pending_review");
    assert_eq!(
        rows[1]["reasons"],
        serde_json::json!(["stars_contradict_text"])
    );
    assert_eq!(rows[1]["author"], d.author.id.to_hex());
    assert_eq!(rows[2]["kind"], "post");

    assert_eq!(
        ids(&d.json(&["queue", "--kind", "review"]).await),
        [reported.id, flagged.id].map(|i| i.to_hex())
    );
    assert_eq!(
        ids(&d
            .json(&["queue", "--reason", "stars_contradict_text"])
            .await),
        [flagged.id.to_hex()]
    );
    let stranger = Id::new().to_hex();
    assert!(
        ids(&d
            .json(&["queue", "--kind", "review", "--author", &stranger])
            .await)
        .is_empty()
    );
    let table = d.moderate(&["queue", "--kind", "review"]).await;
    let text = String::from_utf8_lossy(&table.stdout);
    assert!(
        text.contains("review") && text.contains("2 item(s) pending_review"),
        "{text}"
    );

    let file = d.json(&["show", &flagged.id.to_hex()]).await;
    let item = &file["item"];
    assert_eq!(item["kind"], "review");
    assert_eq!(item["content"], "Terrible work, never again");
    assert_eq!(item["status"], "pending_review");
    assert_eq!(item["scores"]["sentiment"], -0.8);
    assert_eq!(item["review"]["rating"], 5);
    assert_eq!(item["review"]["categories"]["quality"], 5);
    assert_eq!(item["review"]["sentiment"]["label"], "negative");
    assert_eq!(item["review"]["reviewee"], d.tech.id.to_hex());
    assert_eq!(item["review"]["reviewStatus"], "published");
    assert_eq!(item["review"]["moderationState"], "flagged");
    assert_eq!(file["reviewee"]["email"], d.tech.email.to_string());
    assert_eq!(file["author"]["email"], d.author.email.to_string());
    let file = d
        .json(&["show", &reported.id.to_hex(), "--kind", "review"])
        .await;
    assert_eq!(file["reports"].as_array().unwrap().len(), 1);
    assert_eq!(file["reports"][0]["details"], "selling followers");
    assert_eq!(file["author"]["reportsAgainst"], 1);

    let shown = d.moderate(&["show", &flagged.id.to_hex()]).await;
    let text = String::from_utf8_lossy(&shown.stdout);
    assert!(
        text.contains("★★★★★ 5/5") && text.contains("sentiment: negative -0.80"),
        "{text}"
    );
    assert!(text.contains(&d.tech.email.to_string()), "{text}");
    let wrong_kind = d
        .moderate(&["show", &flagged.id.to_hex(), "--kind", "post"])
        .await;
    assert!(!wrong_kind.status.success());
    assert!(String::from_utf8_lossy(&wrong_kind.stderr).contains("not found"));
}

#[apply(both_backends)]
async fn approving_a_review_clears_its_flag_and_removing_hides_it_with_the_counters_kept_true(
    #[case] backend: Backend,
) {
    let d = Desk::new(backend).await;
    let flagged = d
        .review(&d.tech, 5, "Terrible work", Some("stars_contradict_text"))
        .await;
    let low = d.review(&d.tech, 1, "Never showed up", None).await;
    d.review(&d.tech, 4, "Good job", None).await;
    d.report(ReportTarget::Review, flagged.id).await;
    d.report(ReportTarget::Review, low.id).await;
    assert_eq!(d.counters(d.tech.id).await, (3, 10));

    // Approve: the review is left as it is, its flag cleared, its reports dismissed.
    let ok = d.json(&["approve", &flagged.id.to_hex()]).await;
    assert_eq!(ok[0]["kind"], "review");
    assert_eq!(
        (&ok[0]["before"], &ok[0]["after"]),
        (&"pending_review".into(), &"approved".into())
    );
    assert_eq!(ok[0]["reportsClosed"], 1);
    let kept = d.stored_review(flagged.id).await;
    assert_eq!(kept.status, ReviewStatus::Published);
    assert_eq!(kept.moderation.status, ModerationState::Cleared);
    assert_eq!((kept.rating, kept.comment.as_str()), (5, "Terrible work"));
    assert_eq!(d.reports_of(flagged.id, ReportStatus::Dismissed).await, 1);
    assert_eq!(
        d.counters(d.tech.id).await,
        (3, 10),
        "approval moves nothing"
    );
    let again = d.json(&["approve", &flagged.id.to_hex()]).await;
    assert_eq!(again[0]["changed"], false);
    assert_eq!(
        ids(&d.json(&["queue", "--kind", "review"]).await),
        [low.id.to_hex()]
    );
    assert_eq!(
        ids(&d
            .json(&["queue", "--kind", "review", "--status", "approved"])
            .await),
        [flagged.id.to_hex()]
    );

    // Remove: a reason is required, then the review is hidden and stops counting.
    let blank = d
        .moderate(&["remove", &low.id.to_hex(), "--reason", " "])
        .await;
    assert_eq!(blank.status.code(), Some(2));
    assert_eq!(
        d.stored_review(low.id).await.status,
        ReviewStatus::Published
    );
    let removed = d
        .json(&[
            "remove",
            &low.id.to_hex(),
            "--reason",
            "Not about a real job",
        ])
        .await;
    assert_eq!(removed[0]["after"], "removed");
    assert_eq!(removed[0]["reportsClosed"], 1);
    let hidden = d.stored_review(low.id).await;
    assert_eq!(hidden.status, ReviewStatus::Hidden);
    assert_eq!(hidden.moderation.status, ModerationState::Cleared);
    assert_eq!(d.reports_of(low.id, ReportStatus::Resolved).await, 1);
    assert_eq!(
        d.counters(d.tech.id).await,
        (2, 9),
        "the hidden review stops counting"
    );
    let trail = d.audit_of(low.id).await;
    assert_eq!(trail.len(), 1, "{trail:?}");
    assert_eq!(trail[0].action, "review.remove");
    assert_eq!(trail[0].actor, Some(d.admin.id));
    assert_eq!(trail[0].reason.as_deref(), Some("Not about a real job"));
    assert_eq!(trail[0].after.as_ref().unwrap()["reviewStatus"], "hidden");
    assert_eq!(d.audit_of(flagged.id).await[0].action, "review.approve");
    assert_eq!(
        ids(&d
            .json(&["queue", "--kind", "review", "--status", "removed"])
            .await),
        [low.id.to_hex()]
    );

    // The counters still add up to the reviews.
    let health = common::cli::run(
        &d.store,
        d.home.path(),
        &[],
        &["health", "--deep", "--no-stats", "--json"],
    )
    .await;
    let report: Value = serde_json::from_slice(&health.stdout).expect("health JSON");
    assert_eq!(
        report["ratingDrift"]["drifted"],
        serde_json::json!([]),
        "{report}"
    );
    assert!(report["ratingDrift"]["checked"].as_u64().unwrap() >= 1);

    // Approving a removed review shows it again, and it counts again.
    let back = d.json(&["approve", &low.id.to_hex()]).await;
    assert_eq!(back[0]["before"], "removed");
    assert_eq!(
        d.stored_review(low.id).await.status,
        ReviewStatus::Published
    );
    assert_eq!(d.counters(d.tech.id).await, (3, 10));
    let log = d.json(&["log", "--target", &low.id.to_hex()]).await;
    let actions: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["review.approve", "review.remove"]);
}

#[apply(both_backends)]
async fn a_low_review_is_never_taken_down_by_the_admin_it_is_about(#[case] backend: Backend) {
    let d = Desk::new(backend).await;
    let reviewed_admin = builders::user(
        Role::Admin,
        &format!("mod-admin-rated-{}", builders::unique()),
    );
    d.store.users.insert(&reviewed_admin).await.unwrap();
    let low = d
        .review(&reviewed_admin, 1, "Overcharged me", Some("reported"))
        .await;
    let email = reviewed_admin.email.to_string();
    let refused = d
        .moderate(&[
            "remove",
            &low.id.to_hex(),
            "--reason",
            "unfair",
            "--admin",
            &email,
        ])
        .await;
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("another admin"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    assert_eq!(
        d.stored_review(low.id).await.status,
        ReviewStatus::Published
    );
    assert!(d.audit_of(low.id).await.is_empty());
    assert_eq!(d.counters(reviewed_admin.id).await, (1, 1));
    // Any other admin may.
    let other = d.admin.email.to_string();
    d.json(&[
        "remove",
        &low.id.to_hex(),
        "--reason",
        "Abusive",
        "--admin",
        &other,
    ])
    .await;
    assert_eq!(d.stored_review(low.id).await.status, ReviewStatus::Hidden);
    assert_eq!(d.counters(reviewed_admin.id).await, (0, 0));
}

#[apply(both_backends)]
async fn bulk_takes_down_an_authors_reviews_with_their_posts(#[case] backend: Backend) {
    let d = Desk::new(backend).await;
    let post = d.held_post("spam one", "spam", 0).await;
    let r1 = d
        .review(&d.tech, 5, "Best fundi, call 0712 000 111", None)
        .await;
    let r2 = d.review(&d.tech, 5, "Best fundi again", None).await;
    let email = d.author.email.to_string();
    let dry = d
        .json(&[
            "bulk",
            "--author",
            &email,
            "--reason",
            "Review ring",
            "--dry-run",
        ])
        .await;
    let kinds: Vec<&str> = dry
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["post", "review", "review"], "{dry}");
    assert_eq!(
        d.counters(d.tech.id).await,
        (2, 10),
        "a dry run changes nothing"
    );

    let done = d
        .json(&[
            "bulk",
            "--author",
            &email,
            "--reason",
            "Review ring",
            "--yes",
        ])
        .await;
    assert_eq!(done.as_array().unwrap().len(), 3);
    for r in [r1.id, r2.id] {
        assert_eq!(d.stored_review(r).await.status, ReviewStatus::Hidden);
        assert_eq!(d.audit_of(r).await[0].action, "review.remove");
    }
    assert_eq!(d.status_of(post.id).await, ModerationStatus::Removed);
    assert_eq!(d.counters(d.tech.id).await, (0, 0));

    // By id, a review is found like a post.
    let r3 = d.review(&d.tech, 3, "ok", None).await;
    let by_id = d
        .json(&["bulk", "--ids", &r3.id.to_hex(), "--reason", "x", "--yes"])
        .await;
    assert_eq!(ids(&by_id), [r3.id.to_hex()]);
    assert_eq!(by_id[0]["kind"], "review");
    assert_eq!(d.counters(d.tech.id).await, (0, 0));
}
