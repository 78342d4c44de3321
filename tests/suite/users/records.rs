//! Documents the export and deletion tests put straight into the store: a booking, a payment,
//! a post, reviews, a conversation with messages, a notification, a refresh token. The plain
//! documents come from the store suite's builders.

use baitech::domain::booking::{
    Actor, Booking, BookingStatus, Matching, PriceBreakdown, StatusChange, Urgency,
};
use baitech::domain::conversation::Conversation;
use baitech::domain::message::Message;
use baitech::domain::notification::{Notification, NotificationType};
use baitech::domain::post::Post;
use baitech::domain::review::Review;
use baitech::domain::token::{AuthToken, TokenKind, hash_token};
use baitech::domain::transaction::{
    FraudCheck, Gateway, GatewayRef, Transaction, TransactionStatus, TransactionType,
};
use baitech::domain::user::Role;
use baitech::domain::{GeoPoint, Id, Location, Money, Timestamp};

use crate::store::builders;

pub fn booking(customer: Id, technician: Id) -> Booking {
    let now = Timestamp::now();
    Booking {
        id: Id::new(),
        booking_number: format!("BT-{}", &Id::new().to_hex()[16..]),
        customer,
        technician: Some(technician),
        corporate_account: None,
        site: None,
        service_category: "plumbing".into(),
        description: "Kitchen sink is leaking".into(),
        photos: Vec::new(),
        service_location: Location::new(
            GeoPoint::new(36.8219, -1.2921).unwrap(),
            Some("Ngong Road".into()),
            None,
        ),
        scheduled_at: now,
        estimated_duration_minutes: None,
        urgency: Urgency::Normal,
        status: BookingStatus::Pending,
        version: 0,
        status_history: vec![StatusChange::created(
            Actor::User {
                id: customer,
                role: Role::Customer,
            },
            now,
        )],
        budget: None,
        pricing: PriceBreakdown::default(),
        matching: Matching::default(),
        qa_checkpoints: Vec::new(),
        dispute: None,
        warranty: None,
        cancellation: None,
        completed_at: None,
        verified_at: None,
        paid_at: None,
        created_at: now,
        updated_at: now,
    }
}

pub fn payment(payer: Id, payee: Id, booking: Id) -> Transaction {
    let now = Timestamp::now();
    Transaction {
        id: Id::new(),
        receipt_number: format!("RCP-{}", &Id::new().to_hex()[16..]),
        booking: Some(booking),
        payer,
        payee: Some(payee),
        gateway: Gateway::Mpesa,
        kind: TransactionType::Payment,
        status: TransactionStatus::Completed,
        amount: Money::kes(250_000),
        refunded_amount: Money::kes(0),
        split: None,
        gateway_ref: GatewayRef::default(),
        webhooks: Vec::new(),
        fraud: FraudCheck::default(),
        settlement: None,
        parent: None,
        failure_reason: None,
        escrow_release_at: None,
        status_history: Vec::new(),
        description: None,
        metadata: serde_json::Map::new(),
        created_at: now,
        updated_at: now,
    }
}

pub fn post(author: Id, content: &str) -> Post {
    builders::post(author, content)
}

/// A five-star review.
pub fn review(booking: Id, reviewer: Id, reviewee: Id, comment: &str) -> Review {
    builders::review(booking, reviewer, reviewee, 5, comment)
}

pub fn direct(a: Id, b: Id) -> Conversation {
    builders::direct(a, b, Timestamp::now())
}

pub fn message(conversation: Id, sender: Id, content: &str) -> Message {
    builders::message(conversation, sender, content, Timestamp::now())
}

pub fn notification(recipient: Id) -> Notification {
    builders::notification(
        recipient,
        NotificationType::BookingCreated,
        Timestamp::now(),
    )
}

/// A live refresh token of `user` (stored as the hash of `raw`).
pub fn refresh_token(user: Id, raw: &str) -> AuthToken {
    let now = Timestamp::now();
    AuthToken {
        id: Id::new(),
        user,
        kind: TokenKind::Refresh,
        token_hash: hash_token(raw),
        family: Some(Id::new()),
        expires_at: now.plus(chrono::Duration::days(30)),
        used_at: None,
        revoked_at: None,
        created_at: now,
        user_agent: None,
        ip: None,
    }
}
