//! User reports of content (posts, comments, reviews): one per reporter per target, with a
//! reason category; open reports put their target in the moderation queue.

use serde::{Deserialize, Serialize};

use crate::domain::enums::string_enum;
use crate::domain::id::Id;
use crate::domain::time::Timestamp;

/// One user's report of one piece of content (storage document of `reports`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    #[serde(rename = "_id")]
    pub id: Id,
    pub target_kind: ReportTarget,
    pub target: Id,
    /// The author of the reported content, so the queue can filter by author.
    pub target_author: Id,
    pub reporter: Id,
    pub reason: ReportReason,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<String>,
    #[serde(default)]
    pub status: ReportStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved_by: Option<Id>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved_at: Option<Timestamp>,
    pub created_at: Timestamp,
}

string_enum! {
    /// What kind of content a report is about.
    pub enum ReportTarget {
        Post = "post",
        Comment = "comment",
        Review = "review",
    }
}

string_enum! {
    /// Why a user reported content (Mastodon's categories, with the marketplace's own).
    pub enum ReportReason {
        Spam = "spam",
        Scam = "scam",
        Harassment = "harassment",
        Hate = "hate",
        Sexual = "sexual",
        Violence = "violence",
        Misinformation = "misinformation",
        Other = "other",
    }
}

string_enum! {
    /// Where a report stands.
    #[derive(Default)]
    pub enum ReportStatus {
        /// Waiting for an admin.
        #[default]
        Open = "open",
        /// An admin acted on the content (removed it).
        Resolved = "resolved",
        /// An admin looked and kept the content.
        Dismissed = "dismissed",
    }
}

impl Report {
    /// A new open report.
    pub fn new(
        target_kind: ReportTarget,
        target: Id,
        target_author: Id,
        reporter: Id,
        reason: ReportReason,
        details: Option<String>,
        at: Timestamp,
    ) -> Report {
        Report {
            id: Id::new(),
            target_kind,
            target,
            target_author,
            reporter,
            reason,
            details,
            status: ReportStatus::Open,
            resolved_by: None,
            resolved_at: None,
            created_at: at,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::testing::{assert_enum_strings, assert_round_trips};

    #[test]
    fn a_report_round_trips_and_its_enums_match_serde() {
        let mut r = Report::new(
            ReportTarget::Review,
            Id::new(),
            Id::new(),
            Id::new(),
            ReportReason::Scam,
            Some("asked me to pay outside the app".into()),
            Timestamp::from_millis(1_700_000_000_000),
        );
        r.status = ReportStatus::Resolved;
        r.resolved_by = Some(Id::new());
        r.resolved_at = Some(Timestamp::from_millis(1_700_000_100_000));
        assert_round_trips(&r);
        assert_enum_strings(ReportTarget::ALL, ReportTarget::as_str);
        assert_enum_strings(ReportReason::ALL, ReportReason::as_str);
        assert_enum_strings(ReportStatus::ALL, ReportStatus::as_str);
    }
}
