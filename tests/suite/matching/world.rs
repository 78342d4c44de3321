//! The world matching tests run in: technicians placed around Nairobi CBD with chosen trades,
//! ratings and hours, a customer with a pending booking for next Monday morning, and request
//! helpers that return the status and JSON body.

use baitech::domain::booking::{
    Actor, Booking, BookingStatus, Matching, PriceBreakdown, StatusChange, Urgency,
};
use std::sync::atomic::{AtomicU32, Ordering};

use baitech::domain::user::{
    DaySchedule, Role, Skill, SkillLevel, TechnicianStats, TimeSlot, User, Weekday,
};
use baitech::domain::{GeoPoint, Id, Location, Money, Phone, Timestamp};
use chrono::{Datelike, Duration, TimeZone, Utc};
use reqwest::Method;
use serde_json::{Value, json};

use crate::common::TestApp;
use crate::common::users::{TestUser, user_doc};

/// Nairobi CBD, `[lng, lat]`.
pub const NAIROBI: (f64, f64) = (36.8219, -1.2921);

/// A point `east_km` and `north_km` from the CBD.
pub fn near(east_km: f64, north_km: f64) -> GeoPoint {
    let lat = NAIROBI.1 + north_km / 111.32;
    let lng = NAIROBI.0 + east_km / (111.32 * NAIROBI.1.to_radians().cos());
    GeoPoint::new(lng, lat).unwrap()
}

/// Monday of next week (at least two days away) at 10:00 Nairobi time.
pub fn next_monday_10am() -> Timestamp {
    let today = Utc::now().date_naive();
    let mut day = today + Duration::days(2);
    while day.weekday() != chrono::Weekday::Mon {
        day += Duration::days(1);
    }
    let utc = Utc.from_utc_datetime(&day.and_hms_opt(7, 0, 0).unwrap());
    Timestamp::from(utc)
}

/// What a seeded technician is like.
#[derive(Debug, Clone)]
pub struct Tech {
    pub at: (f64, f64),
    pub category: &'static str,
    pub rating: (f64, i64),
    pub radius_km: f64,
    /// Works Monday to Friday 08:00–17:00 when set; no hours at all otherwise.
    pub weekdays: bool,
    pub years: u32,
    pub response_minutes: f64,
}

impl Default for Tech {
    fn default() -> Self {
        Tech {
            at: (1.0, 0.0),
            category: "electrical",
            rating: (4.5, 40),
            radius_km: 20.0,
            weekdays: true,
            years: 6,
            response_minutes: 15.0,
        }
    }
}

/// A user document of `role` with a phone number no other user of this process has.
fn unique_doc(role: Role) -> User {
    static N: AtomicU32 = AtomicU32::new(1);
    let n = N.fetch_add(1, Ordering::Relaxed);
    let mut u = user_doc(role, n);
    u.phone_number = Phone::parse(&format!("+25479{n:07}")).unwrap();
    u
}

/// A new active user of `role` with a token.
pub async fn person(app: &TestApp, role: Role) -> TestUser {
    app.add_user(unique_doc(role)).await
}

/// Stores a technician shaped by `t` and returns them with a token.
pub async fn technician(app: &TestApp, t: Tech) -> TestUser {
    let mut u = unique_doc(Role::Technician);
    u.location = Some(Location::new(
        near(t.at.0, t.at.1),
        None,
        Some("Nairobi".into()),
    ));
    u.rating.average = t.rating.0;
    u.rating.count = t.rating.1;
    let p = u.technician.as_mut().unwrap();
    p.service_categories = vec![t.category.to_string()];
    p.skills = vec![Skill {
        name: "house wiring".into(),
        level: SkillLevel::Expert,
        years_of_experience: t.years,
    }];
    p.hourly_rate = Some(Money::kes(100_000));
    p.service_radius_km = t.radius_km;
    if t.weekdays {
        p.availability.weekly = Weekday::ALL[..5]
            .iter()
            .map(|&day| DaySchedule {
                day,
                slots: vec![TimeSlot {
                    start: "08:00".into(),
                    end: "17:00".into(),
                }],
            })
            .collect();
    }
    p.stats = TechnicianStats {
        jobs_completed: 40,
        jobs_cancelled: 2,
        completion_rate: 40.0 / 42.0,
        avg_response_minutes: t.response_minutes,
        ..TechnicianStats::default()
    };
    app.add_user(u).await
}

/// A pending booking of `customer` at `at` (km from the CBD), stored directly.
pub async fn booking_at(app: &TestApp, customer: &TestUser, at: GeoPoint) -> Booking {
    let now = Timestamp::now();
    let id = Id::new();
    let b = Booking {
        id,
        booking_number: format!("BT-T-{}", &id.to_hex()[16..]),
        customer: customer.id,
        technician: None,
        corporate_account: None,
        site: None,
        service_category: "electrical".into(),
        description: "Sockets in the sitting room have no power".into(),
        photos: Vec::new(),
        service_location: Location::new(at, Some("Kenyatta Avenue".into()), Some("Nairobi".into())),
        scheduled_at: next_monday_10am(),
        estimated_duration_minutes: Some(120),
        urgency: Urgency::Normal,
        status: BookingStatus::Pending,
        version: 0,
        status_history: vec![StatusChange::created(
            Actor::User {
                id: customer.id,
                role: customer.role,
            },
            now,
        )],
        budget: Some(Money::kes(500_000)),
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
    };
    app.app
        .store
        .bookings
        .insert(&b)
        .await
        .expect("insert booking");
    b
}

/// A pending booking at the CBD.
pub async fn booking(app: &TestApp, customer: &TestUser) -> Booking {
    booking_at(app, customer, near(0.0, 0.0)).await
}

/// The stored booking.
pub async fn stored(app: &TestApp, id: Id) -> Booking {
    app.app
        .store
        .bookings
        .get(id)
        .await
        .unwrap()
        .expect("booking exists")
}

pub async fn post(app: &TestApp, path: &str, who: &TestUser, body: Value) -> (u16, Value) {
    app.call(
        Method::POST,
        &format!("/matching{path}"),
        Some(who),
        Some(body),
    )
    .await
}

pub async fn put(app: &TestApp, path: &str, who: &TestUser, body: Value) -> (u16, Value) {
    app.call(
        Method::PUT,
        &format!("/matching{path}"),
        Some(who),
        Some(body),
    )
    .await
}

/// The technician ids of a response's candidates, best first.
pub fn ranked(body: &Value) -> Vec<String> {
    body["data"]["candidates"]
        .as_array()
        .unwrap_or_else(|| panic!("no candidates in {body}"))
        .iter()
        .map(|c| c["technicianId"].as_str().unwrap().to_string())
        .collect()
}

/// Who the status history says made each move after creation: (from, to, by-system?).
pub fn moves(b: &Booking) -> Vec<(BookingStatus, BookingStatus)> {
    b.status_history
        .iter()
        .filter_map(|h| Some((h.from?, h.to)))
        .collect()
}

/// The usual scene: a clear favourite half a kilometre east (4.9 stars over 100 reviews), a
/// plain second choice `other_km` east, and one customer's open booking.
pub struct Scene {
    pub best: TestUser,
    pub other: TestUser,
    pub customer: TestUser,
    pub booking: Booking,
}

pub async fn scene(app: &TestApp, other_km: f64) -> Scene {
    let best = technician(
        app,
        Tech {
            at: (0.5, 0.0),
            rating: (4.9, 100),
            ..Tech::default()
        },
    )
    .await;
    let other = technician(
        app,
        Tech {
            at: (other_km, 0.0),
            ..Tech::default()
        },
    )
    .await;
    let customer = person(app, Role::Customer).await;
    let booking = booking(app, &customer).await;
    Scene {
        best,
        other,
        customer,
        booking,
    }
}

/// `find-technicians` with auto-assign on the scene's booking, as its customer.
pub async fn auto_assign(app: &TestApp, s: &Scene) -> (u16, Value) {
    post(
        app,
        "/find-technicians",
        &s.customer,
        json!({"bookingId": s.booking.id, "autoAssign": true}),
    )
    .await
}
