//! The events and the topics subscribers choose from.

use serde::{Deserialize, Serialize};

use crate::domain::booking::{Booking, BookingStatus};
use crate::domain::enums::string_enum;
use crate::domain::money::Money;
use crate::domain::post::ModerationStatus;
use crate::domain::report::ReportTarget;
use crate::domain::review::Review;
use crate::domain::transaction::Transaction;
use crate::domain::{Id, Timestamp};

/// What a subscriber listens to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Topic {
    /// Everything (background workers such as matching).
    All,
    /// Events concerning one user (their sockets).
    User(Id),
    /// Events about one booking (a booking's screen).
    Booking(Id),
}

string_enum! {
    /// Which part of a booking changed without a status change.
    pub enum BookingChange {
        Created = "created",
        TechnicianAssigned = "technician_assigned",
        PricingQuoted = "pricing_quoted",
        PricingAccepted = "pricing_accepted",
        QaCheckpoint = "qa_checkpoint",
        DisputeResolved = "dispute_resolved",
        WarrantyClaim = "warranty_claim",
    }
}

string_enum! {
    /// What happened to money, as the people it concerns are told.
    pub enum PaymentChange {
        /// A payment or top-up arrived (a booking payment goes into escrow).
        Received = "received",
        /// A payment held for fraud review was approved: it is now held for the job.
        Held = "held",
        /// Escrow was released to the technician's payable.
        Released = "released",
        /// (Part of) a payment went back to the customer.
        Refunded = "refunded",
        /// The gateway reported that a payment will not be made.
        Failed = "failed",
        /// A payout reached the technician's M-Pesa.
        PayoutSent = "payout_sent",
    }
}

string_enum! {
    /// A change to an account its owner must hear of.
    pub enum AccountChange {
        PasswordChanged = "password_changed",
        NewDeviceLogin = "new_device_login",
        TwoFactorEnabled = "two_factor_enabled",
        TwoFactorDisabled = "two_factor_disabled",
        KycApproved = "kyc_approved",
        KycRejected = "kyc_rejected",
    }
}

string_enum! {
    /// What happened in a conversation: the Socket.IO event clients receive.
    pub enum ChatEventKind {
        MessageNew = "message:new",
        MessageUpdated = "message:updated",
        MessageDeleted = "message:deleted",
        MessageRead = "message:read",
        MessageReaction = "message:reaction",
        Typing = "typing",
        ConversationUpdated = "conversation:updated",
    }
}

/// Something that happened, as subscribers receive it (`{"type": "booking_status_changed", ...}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    tag = "type",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
pub enum Event {
    /// A booking moved from one state to another.
    BookingStatusChanged {
        booking: Id,
        booking_number: String,
        from: BookingStatus,
        to: BookingStatus,
        /// `None` when a background job made the move.
        by: Option<Id>,
        at: Timestamp,
        customer: Id,
        technician: Option<Id>,
        corporate_account: Option<Id>,
    },
    /// A booking changed without moving (a quote, a checkpoint, ...).
    BookingUpdated {
        booking: Id,
        change: BookingChange,
        at: Timestamp,
        customer: Id,
        technician: Option<Id>,
        corporate_account: Option<Id>,
    },
    /// A party of a booking reviewed the other (sent to the reviewee; the review itself stays
    /// hidden until it is revealed).
    ReviewSubmitted {
        review: Id,
        booking: Id,
        reviewer: Id,
        reviewee: Id,
        at: Timestamp,
    },
    /// The reviewee answered a review, or edited the answer (sent to the reviewer).
    ReviewResponded {
        review: Id,
        booking: Id,
        reviewer: Id,
        reviewee: Id,
        at: Timestamp,
    },
    /// A post (or a comment on it) mentions `user`; the notifications issue turns this into
    /// a notification. Published once per mentioned user, only for approved content.
    Mentioned {
        user: Id,
        by: Id,
        post: Id,
        comment: Option<Id>,
        at: Timestamp,
    },
    /// An admin decided on `user`'s post, comment or review (approved it, or removed it with
    /// a reason); the notifications issue tells the author.
    ContentModerated {
        user: Id,
        kind: ReportTarget,
        target: Id,
        status: ModerationStatus,
        reason: Option<String>,
        at: Timestamp,
    },
    /// Something happened in a conversation: sent to its members (`to`, as they are after the
    /// change) and to whoever was removed by it (`removed`), with the payload clients receive.
    Chat {
        conversation: Id,
        kind: ChatEventKind,
        to: Vec<Id>,
        #[serde(default)]
        removed: Vec<Id>,
        data: serde_json::Value,
    },
    /// A user's presence changed (their first socket connected, their last one left).
    Presence {
        user: Id,
        online: bool,
        /// Who shares a conversation with the user.
        to: Vec<Id>,
        at: Timestamp,
    },
    /// A new in-app notification for `user` (the notifications issue publishes these).
    Notification { user: Id, data: serde_json::Value },
    /// Money moved for `payer` (a payment's customer; for a payout, the technician paid) and,
    /// where the change concerns them, `technician`.
    Payment {
        transaction: Id,
        change: PaymentChange,
        booking: Option<Id>,
        payer: Id,
        /// The technician whose job the money is held or released for (for a payout, the one
        /// paid); `None` when the change is not theirs to hear of.
        technician: Option<Id>,
        amount: Money,
        receipt_number: String,
        /// Why, for a failure or a refund.
        #[serde(default)]
        reason: Option<String>,
        at: Timestamp,
    },
    /// `by` started following `user`.
    Followed { user: Id, by: Id, at: Timestamp },
    /// `by` liked `author`'s post.
    PostLiked {
        post: Id,
        author: Id,
        by: Id,
        at: Timestamp,
    },
    /// `by` commented on `post_author`'s post, or replied to `parent_author`'s comment on it.
    /// Published only for approved comments.
    Commented {
        post: Id,
        comment: Id,
        by: Id,
        post_author: Id,
        #[serde(default)]
        parent: Option<Id>,
        #[serde(default)]
        parent_author: Option<Id>,
        /// Users the comment mentions: they hear of it as a mention instead.
        #[serde(default)]
        mentions: Vec<Id>,
        at: Timestamp,
    },
    /// `by` shared `author`'s post.
    PostShared {
        post: Id,
        author: Id,
        by: Id,
        at: Timestamp,
    },
    /// Something changed on `user`'s account (security settings, a KYC decision).
    Account {
        user: Id,
        change: AccountChange,
        /// What to tell beside the change: the device of a new login, a KYC rejection's
        /// reason.
        #[serde(default)]
        detail: Option<String>,
        at: Timestamp,
    },
}

impl Event {
    /// The event's `type` tag, for logs.
    pub fn kind(&self) -> &'static str {
        match self {
            Event::BookingStatusChanged { .. } => "booking_status_changed",
            Event::BookingUpdated { .. } => "booking_updated",
            Event::ReviewSubmitted { .. } => "review_submitted",
            Event::ReviewResponded { .. } => "review_responded",
            Event::Mentioned { .. } => "mentioned",
            Event::ContentModerated { .. } => "content_moderated",
            Event::Chat { .. } => "chat",
            Event::Presence { .. } => "presence",
            Event::Notification { .. } => "notification",
            Event::Payment { .. } => "payment",
            Event::Followed { .. } => "followed",
            Event::PostLiked { .. } => "post_liked",
            Event::Commented { .. } => "commented",
            Event::PostShared { .. } => "post_shared",
            Event::Account { .. } => "account",
        }
    }

    /// The status change of `booking` just stored (its last history entry).
    pub fn status_changed(booking: &Booking, from: BookingStatus) -> Event {
        let last = booking.status_history.last();
        Event::BookingStatusChanged {
            booking: booking.id,
            booking_number: booking.booking_number.clone(),
            from,
            to: booking.status,
            by: last.and_then(|h| h.by),
            at: last.map_or(booking.updated_at, |h| h.at),
            customer: booking.customer,
            technician: booking.technician,
            corporate_account: booking.corporate_account,
        }
    }

    /// A change to `booking` that did not move it.
    pub fn updated(booking: &Booking, change: BookingChange) -> Event {
        Event::BookingUpdated {
            booking: booking.id,
            change,
            at: booking.updated_at,
            customer: booking.customer,
            technician: booking.technician,
            corporate_account: booking.corporate_account,
        }
    }

    /// A review was just stored.
    pub fn review_submitted(r: &Review) -> Event {
        Event::ReviewSubmitted {
            review: r.id,
            booking: r.booking,
            reviewer: r.reviewer,
            reviewee: r.reviewee,
            at: r.created_at,
        }
    }

    /// A response to `r` was just stored.
    pub fn review_responded(r: &Review, at: Timestamp) -> Event {
        Event::ReviewResponded {
            review: r.id,
            booking: r.booking,
            reviewer: r.reviewer,
            reviewee: r.reviewee,
            at,
        }
    }

    /// The change `change` of transaction `tx` (about `amount` of it), told to its payer and
    /// `technician`.
    pub fn payment(
        tx: &Transaction,
        change: PaymentChange,
        amount: Money,
        technician: Option<Id>,
        reason: Option<String>,
        at: Timestamp,
    ) -> Event {
        Event::Payment {
            transaction: tx.id,
            change,
            booking: tx.booking,
            payer: tx.payer,
            technician,
            amount,
            receipt_number: tx.receipt_number.clone(),
            reason,
            at,
        }
    }

    /// `change` of `user`'s account, just stored.
    pub fn account(user: Id, change: AccountChange, detail: Option<String>) -> Event {
        Event::Account {
            user,
            change,
            detail,
            at: Timestamp::now(),
        }
    }

    /// The booking the event is about, if it is about one.
    pub fn booking(&self) -> Option<Id> {
        match self {
            Event::BookingStatusChanged { booking, .. }
            | Event::BookingUpdated { booking, .. }
            | Event::ReviewSubmitted { booking, .. }
            | Event::ReviewResponded { booking, .. } => Some(*booking),
            _ => None,
        }
    }

    /// The one user an event is addressed to, for events that concern a single person.
    pub fn addressee(&self) -> Option<Id> {
        match self {
            Event::Mentioned { user, .. }
            | Event::ContentModerated { user, .. }
            | Event::Notification { user, .. }
            | Event::Followed { user, .. }
            | Event::Account { user, .. } => Some(*user),
            Event::PostLiked { author, .. } | Event::PostShared { author, .. } => Some(*author),
            Event::ReviewSubmitted { reviewee, .. } => Some(*reviewee),
            Event::ReviewResponded { reviewer, .. } => Some(*reviewer),
            _ => None,
        }
    }

    /// The users the event is for (its addressee, a booking's parties, a conversation's
    /// members).
    pub fn recipients(&self) -> Vec<Id> {
        if let Some(user) = self.addressee() {
            return vec![user];
        }
        match self {
            Event::Chat { to, removed, .. } => to.iter().chain(removed).copied().collect(),
            Event::Presence { to, .. } => to.clone(),
            Event::Payment {
                payer, technician, ..
            } => {
                let mut to: Vec<Id> = std::iter::once(*payer).chain(*technician).collect();
                to.dedup();
                to
            }
            Event::Commented {
                post_author,
                parent_author,
                ..
            } => {
                let mut to: Vec<Id> = std::iter::once(*post_author)
                    .chain(*parent_author)
                    .collect();
                to.dedup();
                to
            }
            Event::BookingStatusChanged {
                customer,
                technician,
                corporate_account,
                ..
            }
            | Event::BookingUpdated {
                customer,
                technician,
                corporate_account,
                ..
            } => std::iter::once(*customer)
                .chain(*technician)
                .chain(*corporate_account)
                .collect(),
            _ => Vec::new(),
        }
    }

    /// Whether a subscriber of `topic` should receive this event.
    pub fn concerns(&self, topic: &Topic) -> bool {
        match topic {
            Topic::All => true,
            // Addressed events (a review, a mention) are personal, not the booking screen's.
            Topic::Booking(id) => self.addressee().is_none() && Some(*id) == self.booking(),
            Topic::User(u) => self.recipients().contains(u),
        }
    }

    #[cfg(test)]
    fn parties(&self) -> (Id, Option<Id>, Option<Id>) {
        match self {
            Event::BookingStatusChanged {
                customer,
                technician,
                corporate_account,
                ..
            }
            | Event::BookingUpdated {
                customer,
                technician,
                corporate_account,
                ..
            } => (*customer, *technician, *corporate_account),
            _ => unreachable!("a booking event"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event() -> Event {
        Event::BookingStatusChanged {
            booking: Id::from_parts(1_700_000_000, 1),
            booking_number: "BT-231114-ABC234".into(),
            from: BookingStatus::Assigned,
            to: BookingStatus::Accepted,
            by: Some(Id::from_parts(1_700_000_000, 3)),
            at: Timestamp::from_millis(1_700_000_000_000),
            customer: Id::from_parts(1_700_000_000, 2),
            technician: Some(Id::from_parts(1_700_000_000, 3)),
            corporate_account: None,
        }
    }

    #[test]
    fn json_is_tagged_with_snake_case_type_and_camel_case_fields() {
        let j = serde_json::to_value(event()).unwrap();
        assert_eq!(j["type"], "booking_status_changed");
        assert_eq!(j["bookingNumber"], "BT-231114-ABC234");
        assert_eq!(j["to"], "accepted");
        let back: Event = serde_json::from_value(j).unwrap();
        assert_eq!(back, event());
    }

    #[test]
    fn parties_and_the_booking_topic_are_concerned_and_strangers_are_not() {
        let e = event();
        assert!(e.concerns(&Topic::All));
        assert!(e.concerns(&Topic::User(Id::from_parts(1_700_000_000, 2))));
        assert!(e.concerns(&Topic::User(Id::from_parts(1_700_000_000, 3))));
        assert!(e.concerns(&Topic::Booking(Id::from_parts(1_700_000_000, 1))));
        assert!(!e.concerns(&Topic::User(Id::from_parts(1_700_000_000, 9))));
        assert!(!e.concerns(&Topic::Booking(Id::from_parts(1_700_000_000, 9))));
        let (customer, technician, _) = e.parties();
        assert_eq!(e.recipients(), vec![customer, technician.unwrap()]);
    }

    #[test]
    fn chat_events_concern_members_and_the_removed_but_no_booking() {
        let (a, b, c) = (
            Id::from_parts(1_700_000_000, 1),
            Id::from_parts(1_700_000_000, 2),
            Id::from_parts(1_700_000_000, 3),
        );
        let e = Event::Chat {
            conversation: Id::from_parts(1_700_000_000, 9),
            kind: ChatEventKind::ConversationUpdated,
            to: vec![a],
            removed: vec![b],
            data: serde_json::json!({}),
        };
        assert!(e.concerns(&Topic::User(a)) && e.concerns(&Topic::User(b)));
        assert!(!e.concerns(&Topic::User(c)));
        assert!(!e.concerns(&Topic::Booking(Id::from_parts(1_700_000_000, 9))));
        let j = serde_json::to_value(&e).unwrap();
        assert_eq!(
            (j["type"].as_str(), j["kind"].as_str()),
            (Some("chat"), Some("conversation:updated"))
        );
        assert_eq!(serde_json::from_value::<Event>(j).unwrap(), e);
    }
}
