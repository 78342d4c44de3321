//! Generated users: technicians (~40%) and customers spread over Kenyan towns by weight with
//! gaussian jitter, unique e-mails and phones derived from the serial, technician profiles from
//! the trade catalogue, and the compact [`Person`] pool the other generators draw from.

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::catalog::{Catalog, jitter, pick};
use super::synth::{Gen, Tag, after, kes_in, slug};
use crate::domain::review::CategoryRatings;
use crate::domain::user::{
    Availability, Consent, DaySchedule, Gender, Kyc, KycDocument, KycDocumentKind,
    KycDocumentStatus, KycStatus, Profile, RatingStats, Role, Skill, SkillLevel, TechnicianProfile,
    TechnicianStats, TimeSlot, User, UserStatus, Weekday,
};
use crate::domain::{Email, GeoPoint, Id, Location, Money, Phone, Timestamp};
use crate::error::{Error, Result};

/// Share of generated users who are technicians.
pub const TECHNICIAN_SHARE: f64 = 0.4;
/// Generated phone numbers are `+2547` + 8 digits of the serial, so at most this many.
pub const MAX_SERIAL: u64 = 10_000_000;
/// Users are created over the last two years.
const WINDOW_DAYS: i64 = 730;

/// What posts, bookings and chats need to know about a user.
#[derive(Debug, Clone, Copy)]
pub struct Person {
    pub id: Id,
    pub city: u16,
    pub trade: u16,
    pub point: GeoPoint,
}

/// Technicians and customers to draw from, with technicians indexed by town.
#[derive(Debug, Default)]
pub struct Pool {
    pub technicians: Vec<Person>,
    pub customers: Vec<Person>,
    by_city: Vec<Vec<u32>>,
}

impl Pool {
    pub fn new(technicians: Vec<Person>, customers: Vec<Person>, cities: usize) -> Pool {
        let mut by_city = vec![Vec::new(); cities];
        for (i, t) in technicians.iter().enumerate() {
            if let Some(v) = by_city.get_mut(usize::from(t.city)) {
                v.push(i as u32);
            }
        }
        Pool {
            technicians,
            customers,
            by_city,
        }
    }

    /// A technician in the customer's town when there is one (people hire locally), else any.
    pub fn technician_near(&self, customer: &Person, rng: &mut impl Rng) -> &Person {
        match self.by_city.get(usize::from(customer.city)) {
            Some(local) if !local.is_empty() && rng.random_bool(0.9) => {
                &self.technicians[*pick(local, rng) as usize]
            }
            _ => pick(&self.technicians, rng),
        }
    }
}

/// The first draws of user `i`'s stream: role, gender, town, point, trade. [`user`] continues
/// the same stream, so the pool and the documents always agree.
fn draw_person(g: &Gen, c: &Catalog, i: u64, n: u64) -> (Person, bool, bool, ChaCha8Rng) {
    let mut rng = g.rng(Tag::Users, i);
    let technician = rng.random_bool(TECHNICIAN_SHARE);
    let female = rng.random_bool(0.45);
    let city = c.pick_city(&mut rng);
    let point = jitter(&c.cities[city], &mut rng);
    let trade = rng.random_range(0..c.trades.len());
    let at = g.spread(i, n, WINDOW_DAYS);
    let id = g.id(Tag::Users, at, i);
    let person = Person {
        id,
        city: city as u16,
        trade: trade as u16,
        point,
    };
    (person, technician, female, rng)
}

/// The pool of users `0..n` without building their documents.
pub fn pool(g: &Gen, c: &Catalog, n: u64) -> Pool {
    let (mut techs, mut customers) = (Vec::new(), Vec::new());
    for i in 0..n {
        let (p, technician, _, _) = draw_person(g, c, i, n);
        if technician {
            techs.push(p)
        } else {
            customers.push(p)
        }
    }
    Pool::new(techs, customers, c.cities.len())
}

/// Generated user `i` of `n`.
pub fn user(g: &Gen, c: &Catalog, i: u64, n: u64) -> Result<User> {
    let (p, technician, female, mut rng) = draw_person(g, c, i, n);
    let created = g.spread(i, n, WINDOW_DAYS);
    let first = if female {
        pick(&c.names.female, &mut rng)
    } else {
        pick(&c.names.male, &mut rng)
    };
    let last = pick(&c.names.last, &mut rng);
    let serial = g.serial(i);
    let city = &c.cities[usize::from(p.city)];
    let area = pick(&city.areas, &mut rng);
    let email = Email::parse(&format!(
        "{}.{}.{serial}@example.com",
        slug(first),
        slug(last)
    ))
    .map_err(|e| Error::internal("generating an e-mail address", anyhow::anyhow!(e)))?;
    let phone = Phone::parse(&format!("+2547{serial:08}"))
        .map_err(|e| Error::internal("generating a phone number", anyhow::anyhow!(e)))?;
    let status = match rng.random_range(0..100) {
        0..=94 => UserStatus::Active,
        95..=97 => UserStatus::PendingVerification,
        98 => UserStatus::Suspended,
        _ => UserStatus::Deactivated,
    };
    let active = status == UserStatus::Active;
    let mut location = Location::new(
        p.point,
        Some(format!("{area}, {}", city.name)),
        Some(city.name.clone()),
    );
    location.county = Some(city.county.clone());
    let mut u = User {
        id: p.id,
        first_name: first.clone(),
        last_name: last.clone(),
        username: Some(format!("{}{serial}", slug(first))),
        email,
        phone_number: phone,
        password_hash: None,
        role: if technician {
            Role::Technician
        } else {
            Role::Customer
        },
        status,
        profile: Profile {
            gender: Some(if female { Gender::Female } else { Gender::Male }),
            language: if rng.random_bool(0.2) {
                "sw".into()
            } else {
                "en".into()
            },
            ..Profile::default()
        },
        location: Some(location),
        kyc: Kyc::default(),
        technician: None,
        corporate: None,
        fcm_tokens: Vec::new(),
        followers_count: 0,
        following_count: 0,
        rating: RatingStats::default(),
        two_factor: Default::default(),
        consent: Consent {
            terms_accepted_at: Some(created),
            terms_version: Some("2024-01".into()),
            marketing: rng.random_bool(0.3),
            marketing_updated_at: None,
            privacy_accepted_at: Some(created),
        },
        login_history: Vec::new(),
        email_verified_at: active.then_some(after(created, 10)),
        phone_verified_at: active.then_some(after(created, 2)),
        failed_logins: 0,
        token_version: 0,
        locked_until: None,
        last_login_at: active
            .then(|| after(created, rng.random_range(60..60 * 24 * 30)))
            .filter(|t| *t <= g.anchor),
        deleted_at: None,
        created_at: created,
        updated_at: created,
    };
    if technician {
        technician_profile(&mut u, c, usize::from(p.trade), created, &mut rng);
    }
    Ok(u)
}

/// Skills, rates, availability, KYC and a rating history for a technician.
pub fn technician_profile(
    u: &mut User,
    c: &Catalog,
    trade: usize,
    created: Timestamp,
    rng: &mut impl Rng,
) {
    let t = &c.trades[trade];
    let years = rng.random_range(1..=20u32);
    let mut skills: Vec<Skill> = Vec::new();
    let wanted = rng.random_range(2..=4usize).min(t.skills.len());
    while skills.len() < wanted {
        let name = pick(&t.skills, rng);
        if !skills.iter().any(|s| &s.name == name) {
            let level = match years {
                0..=2 => SkillLevel::Beginner,
                3..=6 => SkillLevel::Intermediate,
                7..=14 => SkillLevel::Expert,
                _ => SkillLevel::Master,
            };
            skills.push(Skill {
                name: name.clone(),
                level,
                years_of_experience: rng.random_range(1..=years),
            });
        }
    }
    let mut categories = vec![t.slug.clone()];
    if rng.random_bool(0.2) {
        let other = &pick(&c.trades, rng).slug;
        if other != &t.slug {
            categories.push(other.clone());
        }
    }
    let verified = rng.random_bool(0.75);
    let (completed, cancelled) = (rng.random_range(0..400i64), rng.random_range(0..20i64));
    let city = u
        .location
        .as_ref()
        .and_then(|l| l.city.clone())
        .unwrap_or_default();
    u.profile.bio = Some(format!(
        "{} specialist in {city}, {years} years of experience.",
        t.name
    ));
    if rng.random_bool(0.6) {
        u.profile.business_name = Some(format!("{} {}", u.last_name, t.business_suffix));
    }
    u.kyc = kyc(verified, created);
    u.rating = ratings(rng, completed.min(60) as u32);
    u.technician = Some(TechnicianProfile {
        skills,
        service_categories: categories,
        hourly_rate: Some(Money::kes(kes_in(rng, 300, 2_500) * 100)),
        service_radius_km: f64::from(rng.random_range(5..=30u32)),
        portfolio: Vec::new(),
        availability: Availability {
            weekly: working_week(),
            available_now: rng.random_bool(0.5),
            ..Availability::default()
        },
        stats: TechnicianStats {
            jobs_completed: completed,
            jobs_cancelled: cancelled,
            completion_rate: TechnicianStats::completion_rate_of(completed, cancelled),
            avg_response_minutes: f64::from(rng.random_range(2..120u32)),
            total_earnings: Money::kes(completed * kes_in(rng, t.min_kes, t.max_kes) * 90),
        },
        verified,
        certifications: Vec::new(),
    });
}

/// Approved KYC with a national ID for verified technicians, pending otherwise.
pub fn kyc(verified: bool, created: Timestamp) -> Kyc {
    let doc = KycDocument {
        kind: KycDocumentKind::NationalId,
        url: "https://res.cloudinary.com/baitech/image/upload/v1/kyc/national-id.jpg".into(),
        uploaded_at: after(created, 30),
        status: if verified {
            KycDocumentStatus::Approved
        } else {
            KycDocumentStatus::Pending
        },
    };
    Kyc {
        status: if verified {
            KycStatus::Approved
        } else {
            KycStatus::Pending
        },
        documents: vec![doc],
        submitted_at: Some(after(created, 30)),
        reviewed_at: verified.then_some(after(created, 60 * 24)),
        ..Kyc::default()
    }
}

/// Monday to Friday 08:00–17:00 and Saturday morning.
pub fn working_week() -> Vec<DaySchedule> {
    let slot = |s: &str, e: &str| {
        vec![TimeSlot {
            start: s.into(),
            end: e.into(),
        }]
    };
    let mut week: Vec<DaySchedule> = Weekday::ALL[..5]
        .iter()
        .map(|&day| DaySchedule {
            day,
            slots: slot("08:00", "17:00"),
        })
        .collect();
    week.push(DaySchedule {
        day: Weekday::Saturday,
        slots: slot("09:00", "13:00"),
    });
    week
}

/// A rating summary of `count` reviews, mostly good (as on real marketplaces).
pub fn ratings(rng: &mut impl Rng, count: u32) -> RatingStats {
    const STARS: [u8; 10] = [5, 5, 5, 5, 4, 4, 4, 3, 2, 1];
    let mut r = RatingStats::default();
    for _ in 0..count {
        let overall = STARS[rng.random_range(0..STARS.len())];
        let mut near = || (i16::from(overall) + rng.random_range(-1..=1i16)).clamp(1, 5) as u8;
        let cats = CategoryRatings {
            quality: near(),
            professionalism: near(),
            communication: near(),
            punctuality: near(),
            value_for_money: near(),
        };
        r.add(overall, &cats);
    }
    r
}
