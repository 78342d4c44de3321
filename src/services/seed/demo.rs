//! The fixture set (`fixtures/demo.json`): the admin account plus named people of every role,
//! bookings in every state with their payments, posts, reviews, conversations and
//! notifications. Records refer to each other by key; this module resolves the keys, builds the
//! domain documents and writes them through the repositories.

use std::collections::HashMap;

use rand::Rng;
use serde::Deserialize;

use super::bookings::{Draft, build_booking};
use super::catalog::{Catalog, DEMO};
use super::people::{kyc, ratings, technician_profile};
use super::posts::fill;
use super::synth::{Gen, Tag, after, price, yymmdd};
use crate::domain::booking::{Booking, BookingStatus, Urgency};
use crate::domain::review::{BusinessResponse, CategoryRatings, Review, ReviewSide};
use crate::domain::user::{CorporateProfile, Gender, Profile, Role, User, UserStatus};
use crate::domain::{Email, GeoPoint, Id, Location, Money, Phone, Timestamp};
use crate::error::{Error, Result};

/// The admin account every seeded store gets; its presence marks the fixture set as loaded.
pub const ADMIN_EMAIL: &str = "admin@baitech.co.ke";
const ADMIN_PHONE: &str = "+254711000100";

/// Times in the file are relative to the moment of seeding.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Ago {
    days_ago: Option<i64>,
    hours_ago: Option<i64>,
    minutes_ago: Option<i64>,
}

impl Ago {
    pub(super) fn minutes(&self) -> i64 {
        self.days_ago.unwrap_or(0) * 1440
            + self.hours_ago.unwrap_or(0) * 60
            + self.minutes_ago.unwrap_or(0)
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct DemoFile {
    pub users: Vec<DUser>,
    pub follows: Vec<[String; 2]>,
    pub bookings: Vec<DBooking>,
    pub reviews: Vec<DReview>,
    pub posts: Vec<DPost>,
    pub conversations: Vec<DConversation>,
    pub notifications: Vec<DNotification>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct DUser {
    pub key: String,
    role: String,
    first_name: String,
    last_name: String,
    email: String,
    phone: String,
    city: String,
    area: String,
    gender: String,
    trade: Option<String>,
    years: Option<u32>,
    verified: Option<bool>,
    available_now: Option<bool>,
    business: Option<String>,
    bio: Option<String>,
    status: Option<String>,
    company: Option<DCompany>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct DCompany {
    name: String,
    registration: String,
    tax_pin: String,
    sites: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct DBooking {
    pub key: String,
    pub customer: String,
    pub technician: Option<String>,
    trade: String,
    status: String,
    #[serde(flatten)]
    ago: Ago,
    labour_kes: i64,
    materials_kes: i64,
    urgency: Option<String>,
    site: Option<String>,
    description: String,
    dispute: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct DReview {
    booking: String,
    rating: u8,
    comment: String,
    response: Option<String>,
    featured: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct DPost {
    pub author: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub text: String,
    #[serde(flatten)]
    pub ago: Ago,
    pub likes: i64,
    pub comments: i64,
    pub shares: i64,
    pub images: Option<u32>,
    pub moderation: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct DConversation {
    pub booking: Option<String>,
    pub participants: [String; 2],
    pub start_days_ago: Option<i64>,
    pub start_hours_ago: Option<i64>,
    pub deleted_by_all: Option<bool>,
    pub messages: Vec<DMessage>,
}

#[derive(Debug, Deserialize)]
pub(super) struct DMessage {
    pub from: String,
    pub text: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct DNotification {
    pub to: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub body: String,
    pub booking: Option<String>,
    #[serde(flatten)]
    pub ago: Ago,
    pub read: bool,
    pub priority: Option<String>,
    pub expires_days_ago: Option<i64>,
    pub expires_in_days: Option<i64>,
}

pub(super) fn bad(what: impl std::fmt::Display) -> Error {
    Error::internal("fixtures/demo.json", anyhow::anyhow!("{what}"))
}

pub(super) fn parse_demo() -> Result<DemoFile> {
    serde_json::from_str(DEMO).map_err(|e| Error::internal("parsing fixtures/demo.json", e))
}

/// Id of fixture record `k` of collection slot `slot` (so fixture ids never collide).
pub(super) fn fid(g: &Gen, slot: u64, k: usize, at: Timestamp) -> Id {
    g.id(Tag::Fixtures, at, slot * 100_000 + k as u64)
}

/// Users by key, built from the file; `admin` is added under the key `admin`.
pub(super) struct People {
    pub users: Vec<User>,
    pub by_key: HashMap<String, usize>,
}

impl People {
    pub fn id(&self, key: &str) -> Result<Id> {
        self.get(key).map(|u| u.id)
    }

    pub fn get(&self, key: &str) -> Result<&User> {
        self.by_key
            .get(key)
            .map(|&i| &self.users[i])
            .ok_or_else(|| bad(format!("refers to unknown user `{key}`")))
    }
}

/// Builds the admin and the file's users. Technicians get a synthetic rating history plus
/// the reviews the file gives them.
pub(super) fn people(
    g: &Gen,
    c: &Catalog,
    file: &DemoFile,
    admin_hash: String,
    demo_hash: String,
) -> Result<People> {
    let mut users = Vec::with_capacity(file.users.len() + 1);
    let created = after(g.anchor, -400 * 1440);
    let nairobi = c
        .city("Nairobi")
        .ok_or_else(|| bad("cities.json lacks Nairobi"))?;
    let mut admin = base_user(
        fid(g, 1, 0, created),
        ("BaiTech", "Admin"),
        (ADMIN_EMAIL, ADMIN_PHONE),
        Role::Admin,
        Location::new(
            GeoPoint::new(nairobi.lng, nairobi.lat).map_err(|_| bad("Nairobi's coordinates"))?,
            Some("Upper Hill, Nairobi".into()),
            Some("Nairobi".into()),
        ),
        created,
    )?;
    admin.password_hash = Some(admin_hash);
    admin.username = Some("admin".into());
    users.push(admin);
    let mut by_key = HashMap::from([("admin".to_string(), 0usize)]);
    for (k, u) in file.users.iter().enumerate() {
        let created = after(g.anchor, -(360 - 9 * k as i64) * 1440);
        let city = c
            .city(&u.city)
            .ok_or_else(|| bad(format!("user {} lives in unknown city {}", u.key, u.city)))?;
        let mut rng = g.rng(Tag::Fixtures, k as u64);
        let point = super::catalog::near(
            city.lng,
            city.lat,
            rng.random_range(-2.0..2.0),
            rng.random_range(-2.0..2.0),
        );
        let mut location = Location::new(
            point,
            Some(format!("{}, {}", u.area, city.name)),
            Some(city.name.clone()),
        );
        location.county = Some(city.county.clone());
        let role = Role::parse(&u.role)
            .ok_or_else(|| bad(format!("user {} has unknown role {}", u.key, u.role)))?;
        let mut user = base_user(
            fid(g, 1, k + 1, created),
            (&u.first_name, &u.last_name),
            (&u.email, &u.phone),
            role,
            location,
            created,
        )?;
        user.password_hash = Some(demo_hash.clone());
        user.profile.gender = Gender::parse(&u.gender);
        if let Some(s) = &u.status {
            user.status = UserStatus::parse(s)
                .ok_or_else(|| bad(format!("user {} has unknown status {s}", u.key)))?;
        }
        if let Some(co) = &u.company {
            user.corporate = Some(CorporateProfile {
                company_name: co.name.clone(),
                registration_number: Some(co.registration.clone()),
                tax_pin: Some(co.tax_pin.clone()),
                billing_email: Some(user.email.clone()),
                sites: co.sites.clone(),
                members: Vec::new(),
            });
        }
        if role == Role::Technician {
            let slug = u.trade.as_deref().unwrap_or_default();
            let trade = c
                .trades
                .iter()
                .position(|t| t.slug == slug)
                .ok_or_else(|| bad(format!("user {} has unknown trade {slug}", u.key)))?;
            technician_profile(&mut user, c, trade, created, &mut rng);
            let verified = u.verified.unwrap_or(true);
            user.profile.bio = u.bio.clone();
            user.profile.business_name = u.business.clone();
            user.kyc = kyc(verified, created);
            user.rating = ratings(&mut rng, 12);
            if let Some(t) = user.technician.as_mut() {
                t.verified = verified;
                t.availability.available_now = u.available_now.unwrap_or(false);
                for s in &mut t.skills {
                    s.years_of_experience = s.years_of_experience.min(u.years.unwrap_or(1)).max(1);
                }
            }
        }
        by_key.insert(u.key.clone(), users.len());
        users.push(user);
    }
    let mut people = People { users, by_key };
    add_review_ratings(&mut people, file)?;
    Ok(people)
}

fn add_review_ratings(people: &mut People, file: &DemoFile) -> Result<()> {
    for r in &file.reviews {
        let b = file
            .bookings
            .iter()
            .find(|b| b.key == r.booking)
            .ok_or_else(|| bad(format!("review of unknown booking {}", r.booking)))?;
        let tech = b
            .technician
            .as_deref()
            .ok_or_else(|| bad(format!("review of booking {} without technician", b.key)))?;
        let i = *people
            .by_key
            .get(tech)
            .ok_or_else(|| bad(format!("unknown technician {tech}")))?;
        people.users[i].rating.add(r.rating, &categories(r.rating));
    }
    Ok(())
}

/// Category ratings around the overall one (punctuality is everyone's weak spot).
pub(super) fn categories(overall: u8) -> CategoryRatings {
    CategoryRatings {
        punctuality: overall.saturating_sub(1).max(1),
        ..CategoryRatings::uniform(overall)
    }
}

fn base_user(
    id: Id,
    name: (&str, &str),
    contact: (&str, &str),
    role: Role,
    location: Location,
    created: Timestamp,
) -> Result<User> {
    let email = Email::parse(contact.0).map_err(|e| bad(format!("e-mail {}: {e}", contact.0)))?;
    let phone = Phone::parse(contact.1).map_err(|e| bad(format!("phone {}: {e}", contact.1)))?;
    Ok(User {
        id,
        first_name: name.0.to_string(),
        last_name: name.1.to_string(),
        username: None,
        email,
        phone_number: phone,
        password_hash: None,
        role,
        status: UserStatus::Active,
        profile: Profile::default(),
        location: Some(location),
        kyc: Default::default(),
        technician: None,
        corporate: None,
        fcm_tokens: Vec::new(),
        followers_count: 0,
        following_count: 0,
        rating: Default::default(),
        two_factor: Default::default(),
        consent: crate::domain::user::Consent {
            terms_accepted_at: Some(created),
            terms_version: Some("2024-01".into()),
            privacy_accepted_at: Some(created),
            ..Default::default()
        },
        login_history: Vec::new(),
        email_verified_at: Some(after(created, 10)),
        phone_verified_at: Some(after(created, 2)),
        failed_logins: 0,
        token_version: 0,
        locked_until: None,
        last_login_at: None,
        deleted_at: None,
        created_at: created,
        updated_at: created,
    })
}

/// The file's bookings, walked through the state machine.
pub(super) fn bookings(g: &Gen, file: &DemoFile, people: &People) -> Result<Vec<Booking>> {
    let admin = people.id("admin")?;
    let mut out = Vec::with_capacity(file.bookings.len());
    for (k, d) in file.bookings.iter().enumerate() {
        let customer = people.get(&d.customer)?;
        let technician = d.technician.as_deref().map(|t| people.id(t)).transpose()?;
        let status = BookingStatus::parse(&d.status)
            .ok_or_else(|| bad(format!("booking {} has unknown status {}", d.key, d.status)))?;
        let urgency = d
            .urgency
            .as_deref()
            .map_or(Some(Urgency::Normal), Urgency::parse)
            .ok_or_else(|| bad(format!("booking {} has an unknown urgency", d.key)))?;
        let created = after(g.anchor, -d.ago.minutes());
        let location = customer
            .location
            .clone()
            .ok_or_else(|| bad(format!("customer {} has no location", d.customer)))?;
        let draft = Draft {
            id: fid(g, 2, k, created),
            number: format!("BT-{}-D{:05}", yymmdd(created), k + 1),
            customer: customer.id,
            technician,
            trade: d.trade.clone(),
            description: d.description.clone(),
            location,
            created,
            urgency,
            pricing: price(
                d.labour_kes,
                d.materials_kes,
                Money::kes(30_000),
                urgency,
                0,
            )?,
        };
        let mut rng = g.rng(Tag::Fixtures, 1_000 + k as u64);
        let mut b = build_booking(draft, status, admin, g.anchor, &mut rng)?;
        if customer.role == Role::Corporate {
            b.corporate_account = Some(customer.id);
            b.site = d.site.clone();
        }
        if let (Some(reason), Some(dispute)) = (&d.dispute, b.dispute.as_mut()) {
            dispute.reason = reason.clone();
        }
        out.push(b);
    }
    Ok(out)
}

/// Reviews of the file's bookings, by their customers.
pub(super) fn reviews(g: &Gen, file: &DemoFile, bookings: &[Booking]) -> Result<Vec<Review>> {
    let mut out = Vec::new();
    for (k, r) in file.reviews.iter().enumerate() {
        let i = file
            .bookings
            .iter()
            .position(|b| b.key == r.booking)
            .ok_or_else(|| bad(format!("review of unknown booking {}", r.booking)))?;
        let b = &bookings[i];
        let reviewee = b.technician.ok_or_else(|| {
            bad(format!(
                "review of booking {} without technician",
                r.booking
            ))
        })?;
        let at = after(b.updated_at, 120);
        let mut review = Review::new(
            b.id,
            b.customer,
            reviewee,
            ReviewSide::CustomerToTechnician,
            r.rating,
            categories(r.rating),
            r.comment.clone(),
            at,
        );
        review.id = fid(g, 3, k, at);
        review.response = r.response.as_ref().map(|text| BusinessResponse {
            text: text.clone(),
            responded_at: after(at, 600),
            responded_by: reviewee,
            edited_at: None,
            history: Vec::new(),
        });
        review.verified = true;
        review.featured = r.featured.unwrap_or(false);
        out.push(review);
    }
    Ok(out)
}

/// Fills `{city}`/`{area}` in a fixture text with the author's town (kept for symmetry with
/// the generated posts, whose templates use the same placeholders).
pub(super) fn localize(text: &str, user: &User) -> String {
    let loc = user.location.as_ref();
    let city = loc.and_then(|l| l.city.as_deref()).unwrap_or("Nairobi");
    let area = loc
        .and_then(|l| l.address.as_deref())
        .and_then(|a| a.split(',').next())
        .unwrap_or(city);
    fill(text, city, area)
}
