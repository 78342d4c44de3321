//! Documents the export and deletion tests put straight into the store: a booking, a payment,
//! a post, reviews, a conversation with messages, a notification, a refresh token.

use baitech::domain::booking::{
    Actor, Booking, BookingStatus, Matching, PriceBreakdown, StatusChange, Urgency,
};
use baitech::domain::conversation::{Conversation, ConversationType, Participant, ParticipantRole};
use baitech::domain::message::{Message, MessageType};
use baitech::domain::notification::{Channel, Notification, NotificationType, Priority};
use baitech::domain::post::{Engagement, Moderation, ModerationStatus, Post, PostType, Visibility};
use baitech::domain::review::{CategoryRatings, Review, ReviewStatus};
use baitech::domain::token::{AuthToken, TokenKind, hash_token};
use baitech::domain::transaction::{
    FraudCheck, Gateway, GatewayRef, Transaction, TransactionStatus, TransactionType,
};
use baitech::domain::user::Role;
use baitech::domain::{GeoPoint, Id, Location, Money, Timestamp};

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
    let now = Timestamp::now();
    Post {
        id: Id::new(),
        author,
        kind: PostType::Text,
        content: content.into(),
        media: Vec::new(),
        hashtags: Vec::new(),
        mentions: Vec::new(),
        service_category: None,
        location: None,
        engagement: Engagement::default(),
        engagement_score: 0.0,
        moderation: Moderation {
            status: ModerationStatus::Approved,
            ..Moderation::default()
        },
        visibility: Visibility::Public,
        pinned: false,
        deleted_at: None,
        created_at: now,
        updated_at: now,
    }
}

pub fn review(booking: Id, reviewer: Id, reviewee: Id, comment: &str) -> Review {
    let now = Timestamp::now();
    Review {
        id: Id::new(),
        booking,
        reviewer,
        reviewee,
        rating: 5,
        categories: CategoryRatings::uniform(5),
        title: None,
        comment: comment.into(),
        photos: Vec::new(),
        helpful_count: 0,
        helpful_voters: Vec::new(),
        response: None,
        sentiment: None,
        verified: true,
        featured: false,
        status: ReviewStatus::Published,
        created_at: now,
        updated_at: now,
    }
}

pub fn direct(a: Id, b: Id) -> Conversation {
    let now = Timestamp::now();
    Conversation {
        id: Id::new(),
        kind: ConversationType::Direct,
        name: None,
        participants: [a, b]
            .iter()
            .map(|&m| Participant::new(m, ParticipantRole::Member, now))
            .collect(),
        booking: None,
        created_by: a,
        last_message: None,
        last_activity_at: now,
        created_at: now,
        updated_at: now,
    }
}

pub fn message(conversation: Id, sender: Id, content: &str) -> Message {
    let now = Timestamp::now();
    Message {
        id: Id::new(),
        conversation,
        sender,
        kind: MessageType::Text,
        content: Some(content.into()),
        media: Vec::new(),
        location: None,
        booking_ref: None,
        call: None,
        read_by: Vec::new(),
        reactions: Vec::new(),
        reply_to: None,
        edit_history: Vec::new(),
        edited_at: None,
        deleted_for: Vec::new(),
        deleted_for_everyone: false,
        created_at: now,
        updated_at: now,
    }
}

pub fn notification(recipient: Id) -> Notification {
    let now = Timestamp::now();
    let kind = NotificationType::BookingCreated;
    Notification {
        id: Id::new(),
        recipient,
        actor: None,
        kind,
        title: "Booking created".into(),
        body: "Your booking is waiting for a technician".into(),
        category: kind.category(),
        priority: Priority::Normal,
        channels: vec![Channel::InApp],
        delivery: Vec::new(),
        group_key: None,
        deep_link: None,
        action_data: None,
        read: false,
        read_at: None,
        expires_at: None,
        created_at: now,
        updated_at: now,
    }
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
