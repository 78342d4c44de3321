//! Creating a booking: every field is checked at once, then the booking starts either assigned
//! to the technician the customer chose or searching for one (`pending → matching` by the
//! system; the matching engine takes it from there, listening for that event).

use chrono::Duration;
use serde::Deserialize;
use serde_json::Value;

use super::catalog;
use super::effects;
use super::estimate;
use crate::app::App;
use crate::domain::booking::{
    Actor, Booking, BookingStatus, Matching, PriceBreakdown, QaCheckpoint, StatusChange, Urgency,
};
use crate::domain::geo::{GeoPoint, Location};
use crate::domain::money::{Currency, Money};
use crate::domain::user::{Role, User, UserStatus};
use crate::domain::{Id, Timestamp};
use crate::error::{Error, Result};
use crate::realtime::Event;
use crate::services::input::Problems;

/// How far ahead a booking may be scheduled.
pub const MAX_AHEAD: Duration = Duration::days(90);
pub const DESCRIPTION_CHARS: (usize, usize) = (10, 2_000);
pub const MAX_ADDRESS: usize = 200;
pub const MAX_SITE: usize = 100;
pub const MAX_PHOTOS: usize = 10;
/// Shortest and longest duration a customer may estimate, in minutes.
pub const DURATION_MINUTES: (u64, u64) = (15, 4_800);

/// `POST /bookings` as sent: every field raw, so each problem can be reported, not only the
/// first one a typed decoder would stop at.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewBooking {
    pub service_category: Option<Value>,
    pub description: Option<Value>,
    pub service_location: Option<Value>,
    pub scheduled_at: Option<Value>,
    pub urgency: Option<Value>,
    pub budget: Option<Value>,
    pub technician: Option<Value>,
    pub photos: Option<Value>,
    pub estimated_duration_minutes: Option<Value>,
    pub corporate_account: Option<Value>,
    pub site: Option<Value>,
}

/// Creates a booking for `actor` (a customer or corporate account).
pub async fn create(app: &App, actor: Actor, raw: NewBooking) -> Result<Booking> {
    let Actor::User { id: me, role } = actor else {
        return Err(Error::Forbidden("bookings are made by customers".into()));
    };
    if !matches!(role, Role::Customer | Role::Corporate) {
        return Err(Error::Forbidden(
            "only customers and corporate accounts book services".into(),
        ));
    }
    let now = Timestamp::now();
    let mut p = Problems::default();
    let fields = check_fields(&raw, now, &mut p);
    // A budget is a money input: bounded like every other (`MONEY_MAX_*`).
    let limits = &app.config.bookings.money_limits;
    if let Some(why) = (fields.valid.as_ref())
        .and_then(|f| f.budget)
        .and_then(|m| limits.problem(m))
    {
        p.push("budget", why);
    }
    let technician = match fields.technician {
        Some(t) => active_technician(app, t, &mut p).await?,
        None => None,
    };
    let corporate = corporate_billing(app, me, role, &raw, &mut p).await?;
    let (Some(f), true) = (fields.valid, p.is_empty()) else {
        return Err(Error::Validation(p.0));
    };
    let category = catalog::rules(&f.category);
    let mut b = Booking {
        id: Id::new(),
        booking_number: booking_number(now),
        customer: me,
        technician: None,
        corporate_account: corporate.as_ref().map(|c| c.0),
        site: corporate.map(|c| c.1),
        service_category: f.category.clone(),
        description: f.description,
        photos: f.photos,
        service_location: f.location,
        scheduled_at: f.scheduled_at,
        estimated_duration_minutes: Some(f.duration.unwrap_or(category.duration_minutes)),
        urgency: f.urgency,
        status: BookingStatus::Pending,
        version: 0,
        status_history: vec![StatusChange::created(actor, now)],
        budget: f.budget,
        pricing: PriceBreakdown::default(),
        matching: Matching::default(),
        qa_checkpoints: category
            .checkpoints
            .iter()
            .map(|name| QaCheckpoint {
                name: (*name).to_string(),
                required: true,
                photos: Vec::new(),
                notes: None,
                completed_at: None,
                completed_by: None,
            })
            .collect(),
        dispute: None,
        warranty: None,
        cancellation: None,
        completed_at: None,
        verified_at: None,
        paid_at: None,
        created_at: now,
        updated_at: now,
    };
    b.pricing = estimate::estimate(&b, None, estimate::rates(&app.config))?;
    let first = b.clone();
    let data = effects::MoveData {
        technician: technician.clone(),
        ..Default::default()
    };
    let (to, mover) = match technician {
        Some(_) => (BookingStatus::Assigned, actor),
        None => (BookingStatus::Matching, Actor::System),
    };
    b.apply_transition(to, mover, None, now)?;
    let ctx = effects::Context::from_config(&app.config).at(now);
    effects::prepare(&first, &mut b, mover, &data, &ctx)?;
    insert(app, &mut b, now).await?;
    if b.technician.is_some()
        && let Err(e) = crate::services::chat::conversations::ensure_for_booking(app, &b).await
    {
        tracing::error!(error = %e, booking.id = %b.id, "the booking's conversation was not opened");
    }
    app.publish(Event::status_changed(&b, BookingStatus::Pending))
        .await;
    Ok(b)
}

/// Inserts `b`, drawing a new booking number if the unlikely duplicate is refused.
async fn insert(app: &App, b: &mut Booking, now: Timestamp) -> Result<()> {
    let mut attempts = 0;
    loop {
        match app.store.bookings.insert(b).await {
            Err(Error::Conflict(_)) if attempts < 3 => {
                attempts += 1;
                b.booking_number = booking_number(now);
            }
            other => return other,
        }
    }
}

/// `BT-YYMMDD-XXXXXX`: the creation date and six characters without look-alikes (0/O, 1/I), so
/// a customer can read it out on the phone.
pub fn booking_number(now: Timestamp) -> String {
    crate::domain::id::reference("BT", now)
}

/// The fields that need no lookup, valid or not.
struct Checked {
    valid: Option<Valid>,
    technician: Option<Id>,
}

struct Valid {
    category: String,
    description: String,
    location: Location,
    scheduled_at: Timestamp,
    urgency: Urgency,
    budget: Option<Money>,
    photos: Vec<String>,
    duration: Option<u32>,
}

fn check_fields(raw: &NewBooking, now: Timestamp, p: &mut Problems) -> Checked {
    let category = p
        .string("serviceCategory", raw.service_category.as_ref(), true)
        .and_then(|c| {
            if c.is_empty() {
                p.push("serviceCategory", "is required");
                None
            } else if catalog::known(&c).is_none() && c.chars().count() > catalog::MAX_FREE_TEXT {
                p.push(
                    "serviceCategory",
                    format!(
                        "must be a known category or at most {} characters",
                        catalog::MAX_FREE_TEXT
                    ),
                );
                None
            } else {
                Some(catalog::normalize(&c))
            }
        });
    let description = p
        .string("description", raw.description.as_ref(), true)
        .and_then(|d| {
            p.text(
                "description",
                Some(&d),
                DESCRIPTION_CHARS.0,
                DESCRIPTION_CHARS.1,
            )
        });
    let location = location(raw.service_location.as_ref(), p);
    let scheduled_at = p
        .string("scheduledAt", raw.scheduled_at.as_ref(), true)
        .and_then(|s| {
            match Timestamp::parse(&s) {
                None => p.push(
                    "scheduledAt",
                    "must be an RFC 3339 date-time, e.g. 2030-01-31T09:00:00Z",
                ),
                Some(t) if t <= now => p.push("scheduledAt", "must be in the future"),
                Some(t) if t > now.plus(MAX_AHEAD) => {
                    p.push("scheduledAt", "must be within 90 days")
                }
                Some(t) => return Some(t),
            }
            None
        });
    let urgency = match p.string("urgency", raw.urgency.as_ref(), false) {
        None => Some(Urgency::Normal),
        Some(u) => Urgency::parse(&u).or_else(|| {
            p.push("urgency", "must be one of low, normal, high, emergency");
            None
        }),
    };
    let budget = budget(raw.budget.as_ref(), p);
    let photos = match raw.photos.as_ref() {
        None | Some(Value::Null) => Some(Vec::new()),
        Some(Value::Array(items)) => {
            let urls: Vec<String> = items
                .iter()
                .map(|v| v.as_str().unwrap_or("").to_string())
                .collect();
            let before = p.0.len();
            let ok = p.urls("photos", &urls, MAX_PHOTOS);
            (p.0.len() == before).then_some(ok)
        }
        Some(_) => {
            p.push("photos", "must be a list of https:// URLs");
            None
        }
    };
    let duration = match raw.estimated_duration_minutes.as_ref() {
        None | Some(Value::Null) => Some(None),
        Some(v) => match v.as_u64() {
            Some(m) if (DURATION_MINUTES.0..=DURATION_MINUTES.1).contains(&m) => {
                Some(Some(m as u32))
            }
            _ => {
                p.push(
                    "estimatedDurationMinutes",
                    format!(
                        "must be a whole number from {} to {}",
                        DURATION_MINUTES.0, DURATION_MINUTES.1
                    ),
                );
                None
            }
        },
    };
    let technician = p
        .string("technician", raw.technician.as_ref(), false)
        .and_then(|t| p.id("technician", &t));
    let valid = (|| {
        Some(Valid {
            category: category?,
            description: description?,
            location: location?,
            scheduled_at: scheduled_at?,
            urgency: urgency?,
            budget: budget?,
            photos: photos?,
            duration: duration?,
        })
    })();
    Checked { valid, technician }
}

fn location(v: Option<&Value>, p: &mut Problems) -> Option<Location> {
    let Some(Value::Object(obj)) = v else {
        p.push(
            "serviceLocation",
            "is required: {coordinates: [lng, lat], address}",
        );
        return None;
    };
    let point = match obj
        .get("coordinates")
        .and_then(Value::as_array)
        .map(|a| a.as_slice())
    {
        Some([lng, lat]) => match (lng.as_f64(), lat.as_f64()) {
            (Some(lng), Some(lat)) => match GeoPoint::new(lng, lat) {
                Ok(pt) => Some(pt),
                Err(errs) => {
                    for e in errs {
                        p.push(
                            format!("serviceLocation.coordinates.{}", e.field),
                            e.message,
                        );
                    }
                    None
                }
            },
            _ => {
                p.push(
                    "serviceLocation.coordinates",
                    "must be two numbers: [lng, lat]",
                );
                None
            }
        },
        _ => {
            p.push(
                "serviceLocation.coordinates",
                "must be two numbers: [lng, lat]",
            );
            None
        }
    };
    let address = p
        .string("serviceLocation.address", obj.get("address"), true)
        .and_then(|a| p.text("serviceLocation.address", Some(&a), 1, MAX_ADDRESS));
    let city = p
        .string("serviceLocation.city", obj.get("city"), false)
        .filter(|c| !c.is_empty())
        .and_then(|c| p.text("serviceLocation.city", Some(&c), 1, 100));
    Some(Location::new(point?, Some(address?), city))
}

fn budget(v: Option<&Value>, p: &mut Problems) -> Option<Option<Money>> {
    let bad = |p: &mut Problems| {
        p.push(
            "budget",
            "must be {amount: <minor units, >= 0>, currency: \"KES\"}",
        )
    };
    match v {
        None | Some(Value::Null) => Some(None),
        Some(Value::Object(obj)) => {
            let amount = obj
                .get("amount")
                .and_then(Value::as_i64)
                .filter(|a| *a >= 0);
            let currency = obj.get("currency").and_then(Value::as_str).unwrap_or("KES");
            match amount {
                Some(a) if currency == Currency::Kes.code() => Some(Some(Money::kes(a))),
                _ => {
                    bad(p);
                    None
                }
            }
        }
        Some(_) => {
            bad(p);
            None
        }
    }
}

/// The technician the customer chose, if it is an active technician account.
async fn active_technician(app: &App, id: Id, p: &mut Problems) -> Result<Option<User>> {
    let user = app.store.users.get(id).await?;
    match user {
        Some(u)
            if u.role == Role::Technician && u.status == UserStatus::Active && !u.is_deleted() =>
        {
            Ok(Some(u))
        }
        _ => {
            p.push("technician", "is not an active technician");
            Ok(None)
        }
    }
}

/// The corporate account and site a booking is billed to: a corporate account books for
/// itself; a customer may book for a company that lists them as a member. The site must be one
/// of the company's sites when it lists any.
async fn corporate_billing(
    app: &App,
    me: Id,
    role: Role,
    raw: &NewBooking,
    p: &mut Problems,
) -> Result<Option<(Id, String)>> {
    let account = p
        .string("corporateAccount", raw.corporate_account.as_ref(), false)
        .and_then(|a| p.id("corporateAccount", &a));
    let site = p
        .string("site", raw.site.as_ref(), false)
        .filter(|s| !s.is_empty());
    let account = match (role, account) {
        (Role::Corporate, Some(a)) if a != me => {
            p.push("corporateAccount", "must be your own account");
            return Ok(None);
        }
        (Role::Corporate, _) => me,
        (_, Some(a)) => a,
        (_, None) => {
            if site.is_some() {
                p.push("site", "is only for bookings billed to a corporate account");
            }
            return Ok(None);
        }
    };
    let company =
        app.store.users.get(account).await?.filter(|u| {
            u.role == Role::Corporate && u.status == UserStatus::Active && !u.is_deleted()
        });
    let Some(company) = company else {
        p.push("corporateAccount", "is not an active corporate account");
        return Ok(None);
    };
    let profile = company.corporate.clone().unwrap_or_default();
    if account != me && !profile.members.contains(&me) {
        p.push("corporateAccount", "does not list you as a member");
        return Ok(None);
    }
    let Some(site) = site.and_then(|s| p.text("site", Some(&s), 1, MAX_SITE)) else {
        if !p.0.iter().any(|e| e.field == "site") {
            p.push("site", "is required for a corporate booking");
        }
        return Ok(None);
    };
    if profile.sites.is_empty() {
        return Ok(Some((account, site)));
    }
    match profile.sites.iter().find(|s| s.eq_ignore_ascii_case(&site)) {
        Some(known) => Ok(Some((account, known.clone()))),
        None => {
            p.push(
                "site",
                format!("must be one of: {}", profile.sites.join(", ")),
            );
            Ok(None)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn booking_numbers_carry_the_date_and_six_readable_characters() {
        let n = booking_number(Timestamp::from_millis(1_700_000_000_000));
        assert!(n.starts_with("BT-231114-"), "{n}");
        let tail = &n["BT-231114-".len()..];
        assert_eq!(tail.len(), 6);
        assert!(
            tail.chars()
                .all(|c| c.is_ascii_uppercase() || ('2'..='9').contains(&c))
        );
        assert!(!tail.contains(['O', 'I', '0', '1']));
    }

    #[test]
    fn every_bad_field_is_listed() {
        let raw: NewBooking = serde_json::from_value(serde_json::json!({
            "serviceCategory": "",
            "description": "short",
            "serviceLocation": {"coordinates": [200, -91]},
            "scheduledAt": "2001-01-01T00:00:00Z",
            "urgency": "whenever",
            "budget": {"amount": -5, "currency": "KES"},
            "technician": "nope",
            "photos": ["http://x"],
            "estimatedDurationMinutes": 3,
        }))
        .unwrap();
        let mut p = Problems::default();
        let c = check_fields(&raw, Timestamp::now(), &mut p);
        assert!(c.valid.is_none());
        let fields: Vec<_> = p.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "serviceCategory",
                "description",
                "serviceLocation.coordinates.lat",
                "serviceLocation.coordinates.lng",
                "serviceLocation.address",
                "scheduledAt",
                "urgency",
                "budget",
                "photos[0]",
                "estimatedDurationMinutes",
                "technician",
            ]
        );
    }

    #[test]
    fn a_good_request_passes_with_defaults() {
        let at = Timestamp::now().plus(Duration::days(2));
        let raw: NewBooking = serde_json::from_value(serde_json::json!({
            "serviceCategory": "Plumbing",
            "description": "Kitchen sink leaks under the cabinet",
            "serviceLocation": {"coordinates": [36.82, -1.29], "address": "Kenyatta Ave"},
            "scheduledAt": at.to_rfc3339(),
        }))
        .unwrap();
        let mut p = Problems::default();
        let v = check_fields(&raw, Timestamp::now(), &mut p).valid.unwrap();
        assert!(p.is_empty());
        assert_eq!(v.category, "plumbing");
        assert_eq!(v.urgency, Urgency::Normal);
        assert_eq!(v.location.coordinates, [36.82, -1.29]);
    }
}
