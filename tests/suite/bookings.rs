//! Bookings over HTTP on both storage adapters: the lifecycle with the right roles, every move
//! of the transition table for every role, concurrent moves, visibility, validation, quotes,
//! cancellation fees, disputes, warranty claims, corporate bookings and statistics; a property
//! test of random walks through the service; and realtime delivery (in-process and Redis).

mod access;
mod disputes;
mod lifecycle;
mod matrix;
mod money;
mod realtime;
mod walk;

use baitech::domain::booking::pricing::{self, PriceInput, Rates};
use baitech::domain::booking::{
    Actor, Booking, BookingStatus, Cancellation, Dispute, DisputeStatus, Matching, QaCheckpoint,
    StatusChange, Urgency, Warranty,
};
use baitech::domain::user::{Role, User};
use baitech::domain::{GeoPoint, Id, Location, Money, Phone, Timestamp};
use chrono::Duration;
use reqwest::Method;
use serde_json::{Value, json};

use crate::common::TestApp;
use crate::common::users::{TestUser, user_doc};

/// `PUT /bookings/:id/status`.
pub async fn move_to(app: &TestApp, id: Id, who: &TestUser, to: &str) -> (u16, Value) {
    app.call(
        Method::PUT,
        &format!("/bookings/{id}/status"),
        Some(who),
        Some(json!({"status": to, "reason": "test"})),
    )
    .await
}

/// Like [`move_to`], asserting success; returns the booking.
pub async fn must_move(app: &TestApp, id: Id, who: &TestUser, to: &str) -> Value {
    let (s, b) = move_to(app, id, who, to).await;
    assert_eq!(s, 200, "{to} by {:?}: {b}", who.role);
    assert_eq!(b["data"]["status"], to);
    b["data"].clone()
}

/// The `field`s of a validation error body.
pub fn fields(body: &Value) -> Vec<String> {
    body["error"]["details"]
        .as_array()
        .map(|d| {
            d.iter()
                .map(|e| e["field"].as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// A valid `POST /bookings` body scheduled `ahead` from now.
pub fn new_booking(ahead: Duration, technician: Option<Id>) -> Value {
    let mut b = json!({
        "serviceCategory": "plumbing",
        "description": "Kitchen sink leaks under the cabinet",
        "serviceLocation": {"coordinates": [36.8219, -1.2921], "address": "Kenyatta Avenue, Nairobi"},
        "scheduledAt": Timestamp::now().plus(ahead).to_rfc3339(),
        "urgency": "normal",
    });
    if let Some(t) = technician {
        b["technician"] = json!(t.to_hex());
    }
    b
}

/// Creates a booking over HTTP as `customer`; returns its id and body.
pub async fn book(
    app: &TestApp,
    customer: &TestUser,
    ahead: Duration,
    technician: Option<Id>,
) -> (Id, Value) {
    let (s, b) = app
        .call(
            Method::POST,
            "/bookings",
            Some(customer),
            Some(new_booking(ahead, technician)),
        )
        .await;
    assert_eq!(s, 201, "{b}");
    let id = Id::parse(b["data"]["_id"].as_str().unwrap()).unwrap();
    (id, b["data"].clone())
}

/// A valid account document of `role`. Phones come from one process-wide counter:
/// `common::users::user_doc` derives them from a part of the id that repeats within a burst
/// of accounts, so several accounts made in a row can collide.
pub fn person_doc(role: Role) -> User {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(0);
    static BASE: std::sync::OnceLock<u32> = std::sync::OnceLock::new();
    let base = *BASE.get_or_init(|| rand::random::<u32>() % 50_000_000);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let mut doc = user_doc(role, 50_000 + n);
    doc.phone_number = Phone::parse(&format!("+2547{:08}", (base + n) % 100_000_000)).unwrap();
    doc
}

/// A new active account of `role` with a token.
pub async fn person(app: &TestApp, role: Role) -> TestUser {
    app.add_user(person_doc(role)).await
}

/// Everyone a booking can involve, one account per role.
pub struct Cast {
    pub customer: TestUser,
    pub technician: TestUser,
    pub admin: TestUser,
    pub corporate: TestUser,
    pub support: TestUser,
}

impl Cast {
    pub async fn new(app: &TestApp) -> Cast {
        Cast {
            customer: person(app, Role::Customer).await,
            technician: person(app, Role::Technician).await,
            admin: person(app, Role::Admin).await,
            corporate: person(app, Role::Corporate).await,
            support: person(app, Role::Support).await,
        }
    }

    pub fn by_role(&self, role: Role) -> &TestUser {
        match role {
            Role::Customer => &self.customer,
            Role::Technician => &self.technician,
            Role::Admin => &self.admin,
            Role::Corporate => &self.corporate,
            Role::Support => &self.support,
        }
    }
}

/// A stored-as-is booking of the cast in `status`, with everything the moves out of that state
/// need: the technician assigned, the required checkpoints recorded, the estimate accepted,
/// an open dispute when disputed, the cancellation record when cancelled, verification (with warranty) and payment stamps where the
/// state implies them. History: created, then one move into `status` (version 1).
pub fn fixture(cast: &Cast, status: BookingStatus) -> Booking {
    let now = Timestamp::now();
    let customer = Actor::User {
        id: cast.customer.id,
        role: Role::Customer,
    };
    let pricing = pricing::breakdown(
        &PriceInput {
            travel: Money::kes(20_000),
            ..PriceInput::labour(Money::kes(200_000), Urgency::Normal)
        },
        Rates::default(),
    )
    .unwrap();
    use BookingStatus as S;
    let verified = matches!(
        status,
        S::Verified | S::PaymentPending | S::Paid | S::Refunded
    );
    let mut history = vec![StatusChange::created(customer, now)];
    if status != S::Pending {
        history.push(StatusChange {
            from: Some(S::Pending),
            to: status,
            by: None,
            by_role: None,
            reason: Some("fixture".into()),
            at: now,
        });
    }
    Booking {
        id: Id::new(),
        booking_number: baitech::services::bookings::booking_number(now),
        customer: cast.customer.id,
        technician: Some(cast.technician.id),
        corporate_account: Some(cast.corporate.id),
        site: Some("Westlands HQ".into()),
        service_category: "plumbing".into(),
        description: "Kitchen sink leaks under the cabinet".into(),
        photos: Vec::new(),
        service_location: Location::new(
            GeoPoint::new(36.8219, -1.2921).unwrap(),
            Some("Kenyatta Ave".into()),
            None,
        ),
        scheduled_at: now.plus(Duration::days(3)),
        estimated_duration_minutes: Some(120),
        urgency: Urgency::Normal,
        status,
        version: history.len() as i64 - 1,
        status_history: history,
        budget: None,
        pricing,
        matching: Matching::default(),
        qa_checkpoints: ["before photos", "after photos"]
            .into_iter()
            .map(|n| QaCheckpoint {
                name: n.into(),
                required: true,
                photos: vec!["https://res.cloudinary.com/demo/p.jpg".into()],
                notes: None,
                completed_at: Some(now),
                completed_by: Some(cast.technician.id),
            })
            .collect(),
        dispute: (status == S::Disputed).then(|| Dispute {
            opened_by: cast.customer.id,
            reason: "fixture".into(),
            description: None,
            evidence: Vec::new(),
            status: DisputeStatus::Open,
            resolution: None,
            opened_at: now,
        }),
        warranty: verified.then(|| Warranty::new(30, now)),
        cancellation: (status == S::Cancelled).then(|| Cancellation {
            by: cast.customer.id,
            by_role: Role::Customer,
            reason: Some("fixture".into()),
            fee: Money::kes(0),
            at: now,
        }),
        completed_at: None,
        verified_at: verified.then_some(now),
        paid_at: matches!(status, S::Paid | S::Refunded).then_some(now),
        created_at: now,
        updated_at: now,
    }
}

/// Stores [`fixture`] and returns its id.
pub async fn stored(app: &TestApp, cast: &Cast, status: BookingStatus) -> Id {
    let b = fixture(cast, status);
    app.app
        .store
        .bookings
        .insert(&b)
        .await
        .expect("insert booking fixture");
    b.id
}

/// Checks the invariants every stored booking keeps: the history ends in the current status,
/// each entry starts where the previous ended, and the version counts at least the moves.
pub fn assert_history_consistent(b: &Value) {
    let h = b["statusHistory"].as_array().expect("history");
    assert_eq!(h.last().unwrap()["to"], b["status"], "{b}");
    for pair in h.windows(2) {
        assert_eq!(pair[1]["from"], pair[0]["to"], "{b}");
    }
    assert!(b["version"].as_i64().unwrap() >= h.len() as i64 - 1);
}
