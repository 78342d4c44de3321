//! The work: bookings, the transactions that pay for them and the reviews after them.

use std::collections::BTreeMap;

use baitech::domain::booking::{
    Actor, Booking, BookingStatus, Cancellation, Dispute, DisputeStatus, Evidence, EvidenceKind,
    MatchCandidate, MatchResponse, Matching, PriceBreakdown, QaCheckpoint, StatusChange, Urgency,
    Warranty,
};
use baitech::domain::geo::Location;
use baitech::domain::post::{Media, MediaKind};
use baitech::domain::review::{
    BusinessResponse, CategoryRatings, ModerationState, ResponseEdit, Review, ReviewEdit,
    ReviewModeration, ReviewSide, Sentiment, SentimentLabel, Vote,
};
use baitech::domain::transaction::{
    FraudCheck, FraudFlag, Gateway, GatewayRef, Split, Transaction, TransactionStatus,
    TransactionStatusChange, TransactionType, WebhookRecord,
};
use baitech::domain::user::Role;
use baitech::domain::{Id, Money};

use super::{NAIROBI, at, next_id, point, unique};

/// A pending booking by `customer` in Nairobi, scheduled a day after the base instant.
pub fn booking(customer: Id) -> Booking {
    let n = unique();
    Booking {
        id: next_id(),
        booking_number: format!("BT-{n:08}"),
        customer,
        technician: None,
        corporate_account: None,
        site: None,
        service_category: "plumbing".into(),
        description: "Kitchen sink is leaking".into(),
        photos: Vec::new(),
        service_location: Location::new(
            point(NAIROBI.0, NAIROBI.1),
            Some("Ngong Road".into()),
            None,
        ),
        scheduled_at: at(1440),
        estimated_duration_minutes: None,
        urgency: Urgency::Normal,
        status: BookingStatus::Pending,
        version: 0,
        status_history: vec![StatusChange::created(
            Actor::User {
                id: customer,
                role: Role::Customer,
            },
            at(0),
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
        created_at: at(0),
        updated_at: at(0),
    }
}

/// A booking with every optional group filled in.
pub fn full_booking(customer: Id, technician: Id) -> Booking {
    let mut b = booking(customer);
    b.technician = Some(technician);
    b.corporate_account = Some(Id::new());
    b.site = Some("Westlands HQ".into());
    b.photos = vec!["https://res.cloudinary.com/demo/sink.jpg".into()];
    b.estimated_duration_minutes = Some(90);
    b.urgency = Urgency::High;
    b.status = BookingStatus::Disputed;
    b.version = 7;
    b.budget = Some(Money::kes(500_000));
    b.pricing = PriceBreakdown {
        labour: Money::kes(300_000),
        materials: Money::kes(50_000),
        travel: Money::kes(20_000),
        urgency_surcharge: Money::kes(30_000),
        discount: Money::kes(10_000),
        platform_fee: Money::kes(39_000),
        tax: Money::kes(6_240),
        total: Money::kes(435_240),
        technician_earnings: Money::kes(351_000),
        platform_fee_bp: 1000,
        tax_bp: 1600,
        quoted_by: Some(technician),
        accepted_by_customer_at: Some(at(5)),
    };
    b.matching = Matching {
        candidates: vec![MatchCandidate {
            technician,
            score: 0.87,
            distance_km: 2.4,
            breakdown: BTreeMap::from([("distance".to_string(), 0.9), ("rating".to_string(), 0.8)]),
            notified_at: Some(at(1)),
            responded_at: Some(at(2)),
            response: Some(MatchResponse::Accepted),
        }],
        attempts: 1,
        started_at: Some(at(1)),
        expires_at: Some(at(16)),
        blocked_technicians: vec![Id::new()],
    };
    b.qa_checkpoints = vec![QaCheckpoint {
        name: "before photos".into(),
        required: true,
        photos: vec!["https://res.cloudinary.com/demo/before.jpg".into()],
        notes: Some("pipe corroded".into()),
        completed_at: Some(at(30)),
        completed_by: Some(technician),
    }];
    b.dispute = Some(Dispute {
        opened_by: customer,
        reason: "leak came back".into(),
        description: Some("Water under the sink again".into()),
        evidence: vec![Evidence {
            url: "https://res.cloudinary.com/demo/leak.mp4".into(),
            kind: EvidenceKind::Video,
            note: Some("next morning".into()),
            added_by: customer,
            added_at: at(200),
        }],
        status: DisputeStatus::UnderReview,
        resolution: None,
        opened_at: at(200),
    });
    b.warranty = Some(Warranty::new(30, at(120)));
    b.cancellation = Some(Cancellation {
        by: customer,
        by_role: Role::Customer,
        reason: Some("changed plans".into()),
        fee: Money::kes(0),
        at: at(3),
    });
    b.completed_at = Some(at(100));
    b.verified_at = Some(at(110));
    b.paid_at = Some(at(120));
    b.updated_at = at(200);
    b
}

/// A KES 1,000 M-Pesa payment by `payer` in `status`.
pub fn transaction(payer: Id, status: TransactionStatus) -> Transaction {
    Transaction {
        id: next_id(),
        receipt_number: format!("RCP-{:08}", unique()),
        booking: None,
        payer,
        payee: None,
        gateway: Gateway::Mpesa,
        kind: TransactionType::Payment,
        status,
        amount: Money::kes(100_000),
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
        created_at: at(0),
        updated_at: at(0),
    }
}

/// Every gateway reference set, each value ending in `suffix`.
pub fn gateway_refs(suffix: &str) -> GatewayRef {
    GatewayRef {
        checkout_request_id: Some(format!("ws_CO_{suffix}")),
        merchant_request_id: Some(format!("29115-{suffix}")),
        mpesa_receipt_number: Some(format!("NLJ7RT{suffix}")),
        payment_intent_id: Some(format!("pi_{suffix}")),
        charge_id: Some(format!("ch_{suffix}")),
        refund_id: Some(format!("re_{suffix}")),
        payout_id: Some(format!("po_{suffix}")),
        phone_number: Some("254712345678".into()),
        idempotency_key: Some(format!("idem-{suffix}")),
    }
}

/// A transaction with every optional group filled in.
pub fn full_transaction(payer: Id, payee: Id) -> Transaction {
    let mut t = transaction(payer, TransactionStatus::Escrow);
    t.booking = Some(Id::new());
    t.payee = Some(payee);
    t.refunded_amount = Money::kes(10_000);
    t.split = Some(Split {
        platform_fee: Money::kes(10_000),
        tax: Money::kes(1_600),
        technician_earnings: Money::kes(88_400),
    });
    t.gateway_ref = gateway_refs(&unique().to_string());
    t.webhooks = vec![WebhookRecord {
        source: Gateway::Mpesa,
        event_id: Some("evt_1".into()),
        received_at: at(2),
        payload: serde_json::json!({"Body": {"stkCallback": {"ResultCode": 0, "Amount": 1000.5}}}),
    }];
    t.fraud = FraudCheck {
        score: 12,
        flags: vec![FraudFlag::NewAccount, FraudFlag::HighAmount],
        held: false,
        reviewed_by: Some(Id::new()),
        reviewed_at: Some(at(3)),
    };
    t.settlement = Some(Id::new());
    t.parent = Some(Id::new());
    t.failure_reason = Some("none".into());
    t.escrow_release_at = Some(at(4320));
    t.status_history = vec![TransactionStatusChange {
        from: Some(TransactionStatus::Pending),
        to: TransactionStatus::Escrow,
        reason: Some("callback".into()),
        at: at(2),
    }];
    t.description = Some("Payment for BT-1".into());
    t.metadata = serde_json::Map::from_iter([("channel".to_string(), serde_json::json!("app"))]);
    t.updated_at = at(2);
    t
}

/// A published review of `booking`.
pub fn review(booking: Id, reviewer: Id, reviewee: Id, rating: u8, comment: &str) -> Review {
    let mut r = Review::new(
        booking,
        reviewer,
        reviewee,
        ReviewSide::CustomerToTechnician,
        rating,
        CategoryRatings::uniform(rating),
        comment.into(),
        at(0),
    );
    r.id = next_id();
    r.verified = true;
    r
}

pub fn full_review(booking: Id, reviewer: Id, reviewee: Id) -> Review {
    let mut r = review(
        booking,
        reviewer,
        reviewee,
        4,
        "Fixed the sink quickly and cleaned up",
    );
    r.categories = CategoryRatings {
        quality: 5,
        professionalism: 4,
        communication: 3,
        punctuality: 2,
        value_for_money: 4,
    };
    r.title = Some("Quick and tidy".into());
    r.photos = vec![Media {
        url: "https://res.cloudinary.com/demo/after.jpg".into(),
        kind: MediaKind::Image,
        public_id: Some("baitech/after".into()),
        width: Some(800),
        height: Some(600),
        duration_seconds: None,
        thumbnail_url: None,
    }];
    r.set_vote(Id::new(), Some(Vote::Helpful));
    r.set_vote(Id::new(), Some(Vote::NotHelpful));
    r.response = Some(BusinessResponse {
        text: "Thank you!".into(),
        responded_at: at(5),
        responded_by: reviewee,
        edited_at: Some(at(6)),
        history: vec![ResponseEdit {
            text: "Thanks".into(),
            replaced_at: at(6),
        }],
    });
    r.moderation = ReviewModeration {
        status: ModerationState::Flagged,
        reasons: vec!["stars_contradict_text".into()],
        flagged_at: Some(at(1)),
    };
    r.edits = vec![ReviewEdit {
        rating: 2,
        categories: CategoryRatings::uniform(2),
        title: None,
        comment: "First words".into(),
        replaced_at: at(1),
    }];
    r.revision = 1;
    r.reveal_at = at(3);
    r.sentiment = Some(Sentiment {
        label: SentimentLabel::Positive,
        score: 0.93,
    });
    r.featured = true;
    r.updated_at = at(5);
    r
}
