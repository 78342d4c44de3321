//! `baitech export reviews|posts|moderation` on both adapters: every format read back and
//! compared with the stored documents, the datasets' filters, the free text people wrote left
//! out unless `--include-pii`, and the moderation dataset holding only moderation decisions
//! from the audit log.

use rstest::rstest;
use rstest_reuse::apply;
use serde_json::Value;

use baitech::domain::geo::Location;
use baitech::domain::post::ModerationStatus;
use baitech::domain::review::ReviewStatus;
use baitech::domain::user::Role;

use super::export::{Books, hex, ids, rows};
use crate::common::{Backend, both_backends};
use crate::store::builders;

#[apply(both_backends)]
async fn reviews_posts_and_moderation_read_back_in_every_format(#[case] backend: Backend) {
    let b = Books::new(backend).await;
    let s = &b.store;
    let admin = b
        .user(builders::user(
            Role::Admin,
            &format!("admin-{}", builders::unique()),
        ))
        .await;
    let customer = b
        .user(builders::customer(&format!("c-{}", builders::unique())))
        .await;
    let tech = b
        .user(builders::technician(
            &format!("t-{}", builders::unique()),
            36.82,
            -1.29,
            &["plumbing"],
            4.5,
        ))
        .await;
    let other = b
        .user(builders::technician(
            &format!("o-{}", builders::unique()),
            36.82,
            -1.29,
            &["masonry"],
            4.0,
        ))
        .await;

    let good = builders::review(
        builders::next_id(),
        customer.id,
        tech.id,
        5,
        "Fixed the leak fast, thanks Otieno",
    );
    let mut hidden = builders::review(builders::next_id(), customer.id, other.id, 2, "Came late");
    hidden.status = ReviewStatus::Hidden;
    for r in [&good, &hidden] {
        s.reviews.insert(r).await.unwrap();
    }
    let mut nairobi = builders::post(tech.id, "New sink installed #plumbing");
    nairobi.service_category = Some("plumbing".into());
    nairobi.location = Some(Location::new(
        builders::point(36.82, -1.29),
        Some("Ngong Road".into()),
        Some("Nairobi".into()),
    ));
    let mut flagged = builders::post(other.id, "Call me on 0712 345 678 #masonry");
    flagged.moderation.status = ModerationStatus::Removed;
    for p in [&nairobi, &flagged] {
        s.posts.insert(p).await.unwrap();
    }
    let removal = builders::audit(Some(admin.id), "post.remove", "post", Some(flagged.id), 5)
        .with_change(
            serde_json::json!({"status": "approved"}),
            serde_json::json!({"status": "removed"}),
        )
        .with_reason("phone number in a post");
    let approval = builders::audit(
        Some(admin.id),
        "comment.approve",
        "comment",
        Some(builders::next_id()),
        6,
    );
    let unrelated = builders::audit(Some(admin.id), "kyc.approve", "user", Some(tech.id), 7);
    for a in [&removal, &approval, &unrelated] {
        s.audit.insert(a).await.unwrap();
    }

    let admin_email = admin.email.to_string();
    for format in ["csv", "json", "ndjson"] {
        let got = |text: String| rows(format, &text);
        let reviews = got(b.ok(&["reviews", "--format", format]).await);
        assert_eq!(ids(&reviews, "id"), hex([good.id, hidden.id]), "{format}");
        let g = reviews
            .iter()
            .find(|r| r["id"] == good.id.to_hex())
            .unwrap();
        assert_eq!(g["reviewee_id"], tech.id.to_hex());
        let rating = if format == "csv" {
            Value::from("5")
        } else {
            Value::from(5)
        };
        assert_eq!(g["rating"], rating, "{format}");
        assert!(
            !g.contains_key("comment"),
            "{format}: free text is left out by default"
        );
        let published = got(b
            .ok(&["reviews", "--status", "published", "--format", format])
            .await);
        assert_eq!(ids(&published, "id"), hex([good.id]));
        let about = got(b
            .ok(&[
                "reviews",
                "--technician",
                &other.id.to_hex(),
                "--format",
                format,
            ])
            .await);
        assert_eq!(ids(&about, "id"), hex([hidden.id]));
        let with_text = got(b
            .ok(&[
                "reviews",
                "--include-pii",
                "--admin",
                &admin_email,
                "--format",
                format,
            ])
            .await);
        let g = with_text
            .iter()
            .find(|r| r["id"] == good.id.to_hex())
            .unwrap();
        assert_eq!(g["comment"], good.comment.as_str());

        let posts = got(b.ok(&["posts", "--format", format]).await);
        assert_eq!(ids(&posts, "id"), hex([nairobi.id, flagged.id]));
        assert!(posts.iter().all(|p| !p.contains_key("content")), "{format}");
        let n = posts
            .iter()
            .find(|p| p["id"] == nairobi.id.to_hex())
            .unwrap();
        assert_eq!(
            (n["city"].as_str(), n["hashtags"].as_str()),
            (Some("Nairobi"), Some("plumbing"))
        );
        let removed = got(b
            .ok(&["posts", "--status", "removed", "--format", format])
            .await);
        assert_eq!(ids(&removed, "id"), hex([flagged.id]));
        let local = got(b
            .ok(&[
                "posts",
                "--city",
                "nairobi",
                "--category",
                "plumbing",
                "--format",
                format,
            ])
            .await);
        assert_eq!(ids(&local, "id"), hex([nairobi.id]));

        let decisions = got(b.ok(&["moderation", "--format", format]).await);
        assert_eq!(
            ids(&decisions, "id"),
            hex([removal.id, approval.id]),
            "{format}: decisions only"
        );
        let r = decisions
            .iter()
            .find(|d| d["id"] == removal.id.to_hex())
            .unwrap();
        assert_eq!(
            (
                r["decision"].as_str(),
                r["before"].as_str(),
                r["after"].as_str(),
                r["reason"].as_str()
            ),
            (
                Some("remove"),
                Some("approved"),
                Some("removed"),
                Some("phone number in a post")
            )
        );
        assert!(!r.contains_key("moderator_label"));
        let removals = got(b
            .ok(&["moderation", "--status", "remove", "--format", format])
            .await);
        assert_eq!(ids(&removals, "id"), hex([removal.id]));
    }
    // The time range of moderation is the decision's time: minute 5 is in, minute 6 is not.
    let from = builders::at(5).to_rfc3339();
    let to = builders::at(6).to_rfc3339();
    let window = rows(
        "csv",
        &b.ok(&["moderation", "--from", &from, "--to", &to]).await,
    );
    assert_eq!(ids(&window, "id"), hex([removal.id]));
    let wrong = b.export(&["moderation", "--city", "Nairobi"]).await;
    assert_eq!(wrong.status.code(), Some(2), "moderation has no --city");
}
