//! The audit log: entries come back whole, newest first, filtered by actor, action and target.

use baitech::domain::Id;
use baitech::domain::audit::AuditEntry;
use baitech::store::AuditFilter;
use rstest::rstest;
use rstest_reuse::apply;

use crate::common::both_backends;

use super::builders::audit;
use super::pages::{ids, sizes, walk};
use crate::common::{Backend, test_store};

#[apply(both_backends)]
pub(super) async fn audit_entries_round_trip_and_list_newest_first_with_filters(
    #[case] b: Backend,
) {
    let ts = test_store(b).await;
    let (admin, other_admin, post, user) = (Id::new(), Id::new(), Id::new(), Id::new());
    let entries = [
        audit(Some(admin), "post.remove", "post", Some(post), 1)
            .with_change(
                serde_json::json!({"moderation": {"status": "flagged"}}),
                serde_json::json!({"moderation": {"status": "removed", "n": 2}}),
            )
            .with_reason("spam"),
        audit(Some(admin), "kyc.approve", "user", Some(user), 2),
        audit(Some(other_admin), "post.restore", "post", Some(post), 3),
        audit(None, "messages.purge", "message", None, 4),
        audit(Some(other_admin), "post.remove", "post", Some(Id::new()), 5),
    ];
    for e in &entries {
        ts.audit.insert(e).await.unwrap();
    }
    let newest_first: Vec<AuditEntry> = entries.iter().rev().cloned().collect();
    let pages = walk(2, async |req| {
        ts.audit.list_audit(&AuditFilter::default(), &req).await
    })
    .await;
    assert_eq!(sizes(&pages), vec![2, 2, 1]);
    assert_eq!(pages.concat(), newest_first, "whole entries, newest first");

    let e: Vec<Id> = ids(&entries, |e| e.id);
    let cases = [
        (
            "actor",
            AuditFilter {
                actor: Some(admin),
                ..Default::default()
            },
            vec![e[1], e[0]],
        ),
        (
            "action",
            AuditFilter {
                action: Some("post.remove".into()),
                ..Default::default()
            },
            vec![e[4], e[0]],
        ),
        (
            "target kind",
            AuditFilter {
                target_kind: Some("post".into()),
                ..Default::default()
            },
            vec![e[4], e[2], e[0]],
        ),
        (
            "target id",
            AuditFilter {
                target_id: Some(post),
                ..Default::default()
            },
            vec![e[2], e[0]],
        ),
        (
            "actor and action",
            AuditFilter {
                actor: Some(other_admin),
                action: Some("post.remove".into()),
                ..Default::default()
            },
            vec![e[4]],
        ),
        (
            "unknown action",
            AuditFilter {
                action: Some("post".into()),
                ..Default::default()
            },
            vec![],
        ),
    ];
    for (name, filter, expected) in cases {
        let pages = walk(10, async |req| ts.audit.list_audit(&filter, &req).await).await;
        assert_eq!(
            pages
                .iter()
                .flat_map(|p| ids(p, |e| e.id))
                .collect::<Vec<_>>(),
            expected,
            "{name}"
        );
    }
}
