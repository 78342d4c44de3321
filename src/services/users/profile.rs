//! `PUT /users/me`: the fields an account holder may change about themselves, validated all at
//! once. Everything else on the account (role, status, contact details, KYC, counters, rating,
//! tokens) is owned by another flow and named in the 400 with where it is changed instead.

use chrono::{Datelike, NaiveDate};
use serde::Deserialize;
use serde_json::Value;

use super::{PROFILE_FIELDS, now, save_own, writable_account};
use crate::auth::Caller;
use crate::domain::user::{Gender, Profile, Skill, SkillLevel, TechnicianProfile, User};
use crate::domain::{GeoPoint, Location, Money};
use crate::error::Result;
use crate::services::input::{Obj, Patch, Problems, https_url, person_name, slug, text};
use crate::store::Store;

/// Fields of the account that exist but are changed elsewhere, and where.
const PROTECTED: &[(&str, &str)] = &[
    ("_id", "cannot be changed"),
    ("id", "cannot be changed"),
    ("role", "cannot be changed by the account holder"),
    ("status", "is changed by an admin (PUT /users/:id/status)"),
    (
        "email",
        "is changed through the verified e-mail flow of /auth",
    ),
    (
        "phoneNumber",
        "is changed through the verified phone flow of /auth",
    ),
    ("password", "is changed through /auth"),
    ("passwordHash", "cannot be set"),
    (
        "kyc",
        "is submitted with POST /users/me/kyc and reviewed by an admin",
    ),
    ("rating", "is computed from reviews"),
    ("followersCount", "is counted from follows"),
    ("followingCount", "is counted from follows"),
    ("fcmTokens", "is managed with POST/DELETE /users/fcm-token"),
    ("twoFactor", "is managed through the 2FA routes of /auth"),
    ("consent", "is changed with PUT /users/me/consent"),
    ("loginHistory", "is recorded by the platform"),
    ("corporate", "is managed by the corporate account flow"),
    ("emailVerifiedAt", "is set by e-mail verification"),
    ("phoneVerifiedAt", "is set by phone verification"),
    ("failedLogins", "is recorded by the platform"),
    ("lockedUntil", "is recorded by the platform"),
    ("lastLoginAt", "is recorded by the platform"),
    ("deletedAt", "is set by DELETE /users/me"),
    ("createdAt", "is set by the platform"),
    ("updatedAt", "is set by the platform"),
];

const PROTECTED_TECHNICIAN: &[(&str, &str)] = &[
    ("portfolio", "is managed with /users/me/portfolio"),
    ("availability", "is changed with PUT /users/me/availability"),
    ("verified", "is set when an admin approves KYC"),
    ("stats", "is computed from bookings"),
    ("certifications", "are verified by an admin"),
];

/// Handles nobody may take: they would impersonate the platform or collide with routes.
const RESERVED_USERNAMES: &[&str] = &[
    "admin",
    "administrator",
    "support",
    "baitech",
    "root",
    "system",
    "me",
    "deleted_user",
    "moderator",
];

/// Applies the caller's changes and stores the fields they changed, nothing else (never a
/// security field); a taken username is `Conflict`. Returns the account as stored afterwards.
pub async fn update_me(store: &Store, caller: &Caller, body: Value) -> Result<User> {
    let before = writable_account(store, caller).await?;
    let mut user = before.clone();
    apply(&mut user, body, now().datetime().date_naive())?;
    save_own(store, &before, &mut user, PROFILE_FIELDS).await
}

/// Validates `body` and applies it to `user`; on any problem `user` must be discarded.
pub fn apply(user: &mut User, body: Value, today: NaiveDate) -> Result<()> {
    let mut p = Problems::new();
    let Some(mut o) = Obj::body(body, &mut p) else {
        return p.finish();
    };
    for (key, slot) in [
        ("firstName", &mut user.first_name),
        ("lastName", &mut user.last_name),
    ] {
        if let Some(v) = o
            .take_value::<String>(key, &mut p)
            .and_then(|s| person_name(&mut p, key, &s))
        {
            *slot = v;
        }
    }
    match o.take::<String>("username", &mut p) {
        Patch::Set(s) => {
            if let Some(u) = username(&mut p, &s) {
                user.username = Some(u);
            }
        }
        Patch::Clear => user.username = None,
        Patch::Absent => {}
    }
    if let Patch::Set(obj) = o.object("profile", &mut p) {
        apply_profile(&mut user.profile, obj, today, &mut p);
    }
    match o.object("location", &mut p) {
        Patch::Set(obj) => {
            if let Some(loc) = location(obj, &mut p) {
                user.location = Some(loc);
            }
        }
        Patch::Clear => user.location = None,
        Patch::Absent => {}
    }
    match o.object("technician", &mut p) {
        Patch::Set(obj) if user.is_technician() => {
            apply_technician(
                user.technician
                    .get_or_insert_with(TechnicianProfile::default),
                obj,
                &mut p,
            );
        }
        Patch::Set(_) | Patch::Clear => p.push(
            "technician",
            "only technician accounts have a technician profile",
        ),
        Patch::Absent => {}
    }
    o.finish(&mut p, PROTECTED);
    p.finish()
}

/// Lower-cased; 3-30 of `a-z`, `0-9`, `_`; not reserved.
fn username(p: &mut Problems, raw: &str) -> Option<String> {
    let u = raw.trim().to_lowercase();
    if !(3..=30).contains(&u.len())
        || !u
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    {
        p.push("username", "must be 3-30 characters of a-z, 0-9 and _");
        None
    } else if RESERVED_USERNAMES.contains(&u.as_str()) {
        p.push("username", "is reserved");
        None
    } else {
        Some(u)
    }
}

fn apply_profile(profile: &mut Profile, mut o: Obj, today: NaiveDate, p: &mut Problems) {
    let f = |o: &Obj, k: &str| o.field(k);
    match o.take::<String>("bio", p) {
        Patch::Set(s) => {
            if let Some(v) = text(p, &f(&o, "bio"), &s, 0, 500) {
                profile.bio = Some(v).filter(|v| !v.is_empty());
            }
        }
        Patch::Clear => profile.bio = None,
        Patch::Absent => {}
    }
    match o.take::<String>("avatar", p) {
        Patch::Set(s) => {
            if let Some(v) = https_url(p, &f(&o, "avatar"), &s) {
                profile.avatar = Some(v);
            }
        }
        Patch::Clear => profile.avatar = None,
        Patch::Absent => {}
    }
    match o.take::<String>("businessName", p) {
        Patch::Set(s) => {
            if let Some(v) = text(p, &f(&o, "businessName"), &s, 1, 100) {
                profile.business_name = Some(v);
            }
        }
        Patch::Clear => profile.business_name = None,
        Patch::Absent => {}
    }
    match o.take::<Gender>("gender", p) {
        Patch::Set(g) => profile.gender = Some(g),
        Patch::Clear => profile.gender = None,
        Patch::Absent => {}
    }
    match o.take::<NaiveDate>("dateOfBirth", p) {
        Patch::Set(d) => {
            if let Some(d) = date_of_birth(p, &f(&o, "dateOfBirth"), d, today) {
                profile.date_of_birth = Some(d);
            }
        }
        Patch::Clear => profile.date_of_birth = None,
        Patch::Absent => {}
    }
    match o.take::<String>("language", p) {
        Patch::Set(s) => {
            if let Some(v) = language(p, &f(&o, "language"), &s) {
                profile.language = v;
            }
        }
        Patch::Clear => profile.language = Profile::default().language,
        Patch::Absent => {}
    }
    o.finish(p, &[]);
}

/// Account holders are adults: the platform takes payments and signs service contracts.
fn date_of_birth(
    p: &mut Problems,
    field: &str,
    d: NaiveDate,
    today: NaiveDate,
) -> Option<NaiveDate> {
    let age =
        today.year() - d.year() - i32::from((today.month(), today.day()) < (d.month(), d.day()));
    if d > today || d.year() < 1900 {
        p.push(field, "must be a real date of birth (YYYY-MM-DD)");
        None
    } else if age < 18 {
        p.push(field, "account holders must be at least 18 years old");
        None
    } else {
        Some(d)
    }
}

/// A BCP 47-style tag: a 2-3 letter language, then optional subtags (`en`, `sw`, `en-KE`).
fn language(p: &mut Problems, field: &str, s: &str) -> Option<String> {
    let s = s.trim();
    let mut parts = s.split('-');
    let primary = parts.next().unwrap_or("");
    let ok = s.len() <= 35
        && (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_alphabetic())
        && parts
            .all(|t| (2..=8).contains(&t.len()) && t.chars().all(|c| c.is_ascii_alphanumeric()));
    if ok {
        Some(s.to_string())
    } else {
        p.push(field, "must be a language tag such as en, sw or en-KE");
        None
    }
}

/// `{type?: "Point", coordinates: [lng, lat], address?, city?, county?}`, the point validated.
fn location(mut o: Obj, p: &mut Problems) -> Option<Location> {
    let field = o.field("coordinates");
    if let Some(kind) = o.take_value::<String>("type", p).filter(|k| k != "Point") {
        p.push(o.field("type"), format!("must be \"Point\", not {kind:?}"));
    }
    let point = o
        .require::<[f64; 2]>("coordinates", p)
        .and_then(|[lng, lat]| match GeoPoint::new(lng, lat) {
            Ok(point) => Some(point),
            Err(errs) => {
                p.extend(errs.into_iter().map(|e| {
                    crate::error::FieldError::new(
                        &field,
                        format!("{} {} ([lng, lat] order)", e.field, e.message),
                    )
                }));
                None
            }
        });
    let opt = |o: &mut Obj, key: &str, max: usize, p: &mut Problems| {
        let field = o.field(key);
        o.take_value::<String>(key, p)
            .and_then(|s| text(p, &field, &s, 1, max))
    };
    let address = opt(&mut o, "address", 200, p);
    let city = opt(&mut o, "city", 60, p);
    let county = opt(&mut o, "county", 60, p);
    o.finish(p, &[]);
    let mut loc = Location::new(point?, address, city);
    loc.county = county;
    Some(loc)
}

/// One skill as a client sends it.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SkillInput {
    name: String,
    #[serde(default)]
    level: SkillLevel,
    #[serde(default)]
    years_of_experience: u32,
}

const MAX_SKILLS: usize = 30;
const MAX_CATEGORIES: usize = 20;
/// KES 1,000,000 an hour, in minor units: far above any real rate, low enough to catch typos
/// of a few extra zeros.
const MAX_HOURLY_MINOR: i64 = 100_000_000;

fn apply_technician(t: &mut TechnicianProfile, mut o: Obj, p: &mut Problems) {
    if let Some(items) = o.take_value::<Vec<Value>>("skills", p)
        && let Some(skills) = skills(&o.field("skills"), items, p)
    {
        t.skills = skills;
    }
    if let Some(items) = o.take_value::<Vec<String>>("serviceCategories", p) {
        let field = o.field("serviceCategories");
        let mut cats: Vec<String> = Vec::new();
        let mut ok = items.len() <= MAX_CATEGORIES;
        if !ok {
            p.push(&field, format!("at most {MAX_CATEGORIES} categories"));
        }
        for (i, s) in items.iter().enumerate() {
            match slug(p, &format!("{field}[{i}]"), s) {
                Some(c) if !cats.contains(&c) => cats.push(c),
                Some(_) => {}
                None => ok = false,
            }
        }
        if ok {
            t.service_categories = cats;
        }
    }
    match o.take::<Money>("hourlyRate", p) {
        Patch::Set(m) if m.amount > 0 && m.amount <= MAX_HOURLY_MINOR => t.hourly_rate = Some(m),
        Patch::Set(_) => p.push(
            o.field("hourlyRate"),
            format!("amount must be from 1 to {MAX_HOURLY_MINOR} minor units"),
        ),
        Patch::Clear => t.hourly_rate = None,
        Patch::Absent => {}
    }
    match o.take_value::<f64>("serviceRadiusKm", p) {
        Some(r) if (1.0..=100.0).contains(&r) => t.service_radius_km = r,
        Some(_) => p.push(o.field("serviceRadiusKm"), "must be from 1 to 100 km"),
        None => {}
    }
    o.finish(p, PROTECTED_TECHNICIAN);
}

fn skills(field: &str, items: Vec<Value>, p: &mut Problems) -> Option<Vec<Skill>> {
    if items.len() > MAX_SKILLS {
        p.push(field, format!("at most {MAX_SKILLS} skills"));
        return None;
    }
    let mut out: Vec<Skill> = Vec::new();
    let mut ok = true;
    for (i, v) in items.into_iter().enumerate() {
        let f = format!("{field}[{i}]");
        let s = match serde_json::from_value::<SkillInput>(v) {
            Ok(s) => s,
            Err(e) => {
                p.push(&f, e.to_string());
                ok = false;
                continue;
            }
        };
        let Some(name) = text(p, &format!("{f}.name"), &s.name, 1, 50) else {
            ok = false;
            continue;
        };
        if out.iter().any(|o| o.name.eq_ignore_ascii_case(&name)) {
            p.push(format!("{f}.name"), "is listed twice");
            ok = false;
        } else if s.years_of_experience > 70 {
            p.push(format!("{f}.yearsOfExperience"), "must be at most 70");
            ok = false;
        } else {
            out.push(Skill {
                name,
                level: s.level,
                years_of_experience: s.years_of_experience,
            });
        }
    }
    ok.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::user::Role;
    use crate::error::Error;
    use serde_json::json;

    fn fields(r: Result<()>) -> Vec<String> {
        match r {
            Err(Error::Validation(errs)) => errs.into_iter().map(|e| e.field).collect(),
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 6, 1).unwrap()
    }

    fn user(role: Role) -> User {
        let mut u = crate::domain::user::tests::sample();
        u.role = role;
        if role != Role::Technician {
            u.technician = None;
        }
        u
    }

    #[test]
    fn bad_bio_bad_coordinates_and_role_are_three_errors() {
        let mut u = user(Role::Customer);
        let body = json!({
            "profile": {"bio": "x".repeat(501)},
            "location": {"coordinates": [200.0, -1.29]},
            "role": "admin",
        });
        assert_eq!(
            fields(apply(&mut u, body, today())),
            ["profile.bio", "location.coordinates", "role"]
        );
    }

    #[test]
    fn a_valid_change_is_applied() {
        let mut u = user(Role::Technician);
        let body = json!({
            "firstName": " Amina ", "username": "Amina_Fixes",
            "profile": {"bio": "Plumber", "avatar": "https://res.cloudinary.com/x/a.jpg", "language": "sw-KE", "dateOfBirth": "1990-02-03", "gender": "female"},
            "location": {"type": "Point", "coordinates": [36.8, -1.3], "city": "Nairobi"},
            "technician": {"skills": [{"name": "Plumbing", "level": "expert", "yearsOfExperience": 6}], "serviceCategories": ["Plumbing"], "hourlyRate": {"amount": 150000, "currency": "KES"}, "serviceRadiusKm": 25},
        });
        apply(&mut u, body, today()).unwrap();
        assert_eq!(u.first_name, "Amina");
        assert_eq!(u.username.as_deref(), Some("amina_fixes"));
        assert_eq!(u.location.as_ref().unwrap().coordinates, [36.8, -1.3]);
        let t = u.technician.unwrap();
        assert_eq!(t.skills[0].level, SkillLevel::Expert);
        assert_eq!(t.service_categories, ["plumbing"]);
        assert_eq!(t.service_radius_km, 25.0);
    }

    #[test]
    fn customers_have_no_technician_fields_and_nested_protected_fields_are_named() {
        let mut u = user(Role::Customer);
        assert_eq!(
            fields(apply(
                &mut u,
                json!({"technician": {"serviceRadiusKm": 5}}),
                today()
            )),
            ["technician"]
        );
        let mut t = user(Role::Technician);
        let body = json!({"technician": {"verified": true, "serviceRadiusKm": 0, "skills": [{"name": "a"}, {"name": "A"}]}});
        assert_eq!(
            fields(apply(&mut t, body, today())),
            [
                "technician.skills[1].name",
                "technician.serviceRadiusKm",
                "technician.verified"
            ]
        );
    }

    #[test]
    fn usernames_dates_and_languages_are_checked() {
        let mut u = user(Role::Customer);
        let body = json!({"username": "ab", "profile": {"dateOfBirth": "2015-01-01", "language": "english!"}, "email": "x@y.co"});
        assert_eq!(
            fields(apply(&mut u, body, today())),
            [
                "username",
                "profile.dateOfBirth",
                "profile.language",
                "email"
            ]
        );
        assert_eq!(
            fields(apply(&mut u, json!({"username": "admin"}), today())),
            ["username"]
        );
    }
}
