//! Users: the row shape (unique email/phone/username among non-deleted users, role, status,
//! rating, city and skill keys), their FTS entry and R*Tree entry, and [`UserRepo`].

use async_trait::async_trait;
use rusqlite::Connection;
use rusqlite::types::Value;

use crate::domain::review::{RatingDelta, RatingPrior};
use crate::domain::user::{LoginEvent, Role, TechnicianStats, User, UserStatus};
use crate::domain::{Email, Id, Phone, Timestamp};
use crate::error::Result;
use crate::store::embedded::docs::{
    self, Filter, Plan, Table, flag, key_needle, key_set, opt_text, text, ts_val,
};
use crate::store::embedded::{Embedded, fts, geo};
use crate::store::{
    Nearby, NearbyQuery, Page, PageRequest, UserFilter, UserRepo, collections, spec,
};

impl Table for User {
    const COLUMNS: &'static [&'static str] = &[
        "email",
        "phone",
        "username",
        "role",
        "status",
        "deleted",
        "rating",
        "city",
        "skills",
        "created_at",
    ];

    fn columns(&self) -> Vec<Value> {
        vec![
            text(self.email.as_str()),
            text(self.phone_number.as_str()),
            opt_text(self.username.as_deref().map(str::to_lowercase).as_deref()),
            text(self.role.as_str()),
            text(self.status.as_str()),
            flag(self.is_deleted()),
            Value::Real(self.rating.average),
            opt_text(
                self.location
                    .as_ref()
                    .and_then(|l| l.city.as_deref())
                    .map(str::to_lowercase)
                    .as_deref(),
            ),
            text(skill_keys(self)),
            ts_val(self.created_at),
        ]
    }

    fn sync(c: &Connection, rid: i64, u: &User, fresh: bool) -> rusqlite::Result<()> {
        fts::put(c, &spec::USERS, rid, fresh, u)?;
        let keys = skill_keys(u);
        // Every technician with a location is in the R*Tree (one without a technician profile
        // yet has no skills and is not available now); `active` says whether it may be listed.
        let entry = match &u.location {
            Some(loc) if u.role == Role::Technician => {
                loc.point().ok().map(|point| geo::GeoEntry {
                    point,
                    active: is_listed(u),
                    rating: u.rating.average,
                    available_now: u
                        .technician
                        .as_ref()
                        .is_some_and(|t| t.availability.available_now),
                    skills: &keys,
                })
            }
            _ => None,
        };
        geo::put(c, rid, entry, fresh)
    }

    fn unsync(c: &Connection, rid: i64) -> rusqlite::Result<()> {
        fts::remove(c, &spec::USERS, rid)?;
        geo::remove(c, rid)
    }
}

/// Whether nearby search may list this technician.
fn is_listed(u: &User) -> bool {
    u.status == UserStatus::Active && !u.is_deleted()
}

/// Lower-case skill names as a key set (`|wiring|plumbing|`).
fn skill_keys(u: &User) -> String {
    match &u.technician {
        Some(t) => key_set(t.skills.iter().map(|s| s.name.trim().to_lowercase())),
        None => String::new(),
    }
}

fn user_filter(f: &UserFilter) -> Filter {
    let mut w = Filter::new();
    w.eq_opt("role", f.role.map(|r| text(r.as_str())));
    w.eq_opt("status", f.status.map(|s| text(s.as_str())));
    if !f.include_deleted {
        w.cond("deleted = 0", []);
    }
    if let Some(min) = f.min_rating {
        w.cond("rating >= ?", [Value::Real(min)]);
    }
    if let Some(city) = f.city.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        w.eq("city", text(city.to_lowercase()));
    }
    for s in f.skills.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        w.cond("instr(skills, ?) > 0", [key_needle(&s.to_lowercase())]);
    }
    if let Some(t) = &f.text {
        fts::restrict(&mut w, &spec::USERS, t);
    }
    w
}

/// The non-deleted user whose unique `col` is `value`.
fn find_by(
    c: &Connection,
    col: &str,
    value: &str,
) -> Result<Option<User>, crate::store::embedded::Fail> {
    let sql = format!("SELECT doc FROM users WHERE {col} = ? AND deleted = 0 LIMIT 1");
    Ok(docs::query_docs::<User>(c, &sql, &[text(value)])?.pop())
}

#[async_trait]
impl UserRepo for Embedded {
    async fn find_user_by_email(&self, email: &Email) -> Result<Option<User>> {
        let email = email.as_str().to_string();
        self.read("find user by email", move |c| find_by(c, "email", &email))
            .await
    }

    async fn find_user_by_phone(&self, phone: &Phone) -> Result<Option<User>> {
        let phone = phone.as_str().to_string();
        self.read("find user by phone", move |c| find_by(c, "phone", &phone))
            .await
    }

    async fn find_user_by_username(&self, username: &str) -> Result<Option<User>> {
        let name = username.to_lowercase();
        self.read("find user by username", move |c| {
            find_by(c, "username", &name)
        })
        .await
    }

    async fn set_password(&self, id: Id, hash: &str, at: Timestamp) -> Result<u64> {
        let hash = hash.to_string();
        self.write("set password", move |c| {
            docs::update::<User, _>(c, id, |u| {
                u.password_hash = Some(hash);
                u.failed_logins = 0;
                u.locked_until = None;
                u.token_version += 1;
                u.updated_at = at;
                u.token_version
            })
        })
        .await
    }

    async fn bump_token_version(&self, id: Id, at: Timestamp) -> Result<u64> {
        self.write("bump token version", move |c| {
            docs::update::<User, _>(c, id, |u| {
                u.token_version += 1;
                u.updated_at = at;
                u.token_version
            })
        })
        .await
    }

    async fn record_login_failure(&self, id: Id, event: &LoginEvent) -> Result<u32> {
        let event = event.clone();
        self.write("record login failure", move |c| {
            docs::update::<User, _>(c, id, |u| {
                u.failed_logins = u.failed_logins.saturating_add(1);
                u.record_login(event);
                u.failed_logins
            })
        })
        .await
    }

    async fn lock_logins(&self, id: Id, failures: u32, until: Timestamp) -> Result<()> {
        self.write("lock logins", move |c| {
            docs::update::<User, _>(c, id, |u| {
                if u.failed_logins >= failures && u.locked_until.is_none_or(|l| l < until) {
                    u.locked_until = Some(until);
                }
            })
        })
        .await
    }

    async fn record_login_success(&self, id: Id, event: &LoginEvent) -> Result<()> {
        let event = event.clone();
        self.write("record login success", move |c| {
            docs::update::<User, _>(c, id, |u| {
                u.failed_logins = 0;
                u.locked_until = None;
                u.last_login_at = Some(event.at);
                u.record_login(event);
            })
        })
        .await
    }

    async fn add_job_counts(&self, id: Id, completed: i64, cancelled: i64) -> Result<()> {
        self.write("add job counts", move |c| {
            if let Some((rid, mut u)) = docs::get_row::<User>(c, id)?
                && let Some(t) = u.technician.as_mut()
            {
                let s = &mut t.stats;
                s.jobs_completed += completed;
                s.jobs_cancelled += cancelled;
                s.completion_rate =
                    TechnicianStats::completion_rate_of(s.jobs_completed, s.jobs_cancelled);
                u.updated_at = Timestamp::now();
                docs::rewrite_row(c, rid, &u)?;
            }
            Ok(())
        })
        .await
    }

    async fn list_users(&self, filter: &UserFilter, page: &PageRequest) -> Result<Page<User>> {
        let (w, page) = (user_filter(filter), page.clone());
        // Role, status and skills match large shares of all users: newest first, then filter.
        self.read("list users", move |c| {
            docs::page_by_id(c, w, &page, Plan::Broad)
        })
        .await
    }

    async fn nearby_technicians(&self, q: &NearbyQuery) -> Result<Vec<Nearby<User>>> {
        let q = q.clone();
        self.read("nearby technicians", move |c| {
            let hits = geo::nearest(c, &q)?;
            let mut out = Vec::with_capacity(hits.len());
            let mut stmt = c.prepare_cached("SELECT doc FROM users WHERE rid = ?")?;
            for (rid, distance_km) in hits {
                let json: String = stmt.query_row([rid], |r| r.get(0))?;
                let user: User = docs::decode(collections::USERS, &json)?;
                // The R*Tree already filtered; the document has the last word.
                if user.role == Role::Technician && is_listed(&user) {
                    out.push(Nearby {
                        item: user,
                        distance_km,
                    });
                }
            }
            Ok(out)
        })
        .await
    }

    async fn count_users(&self, filter: &UserFilter) -> Result<u64> {
        let w = user_filter(filter);
        self.read("count users", move |c| {
            docs::count(c, collections::USERS, &w)
        })
        .await
    }
}

/// Moves follower/following counters of `id` by the deltas (never below zero); a missing user
/// is skipped (the edge is what matters).
pub(in crate::store) fn bump_follow_counts(
    c: &Connection,
    id: Id,
    followers: i64,
    following: i64,
) -> Result<(), crate::store::embedded::Fail> {
    if let Some((rid, mut u)) = docs::get_row::<User>(c, id)? {
        u.followers_count = (u.followers_count + followers).max(0);
        u.following_count = (u.following_count + following).max(0);
        docs::rewrite_row(c, rid, &u)?;
    }
    Ok(())
}

/// Moves the rating counters of `id` by `delta` and derives the averages with `prior`, inside
/// the caller's transaction; a missing user is skipped (the review is what matters). Through
/// `replace`: the nearby index keeps the average too.
pub(in crate::store) fn move_rating(
    c: &Connection,
    id: Id,
    delta: &RatingDelta,
    prior: &RatingPrior,
) -> Result<(), crate::store::embedded::Fail> {
    if delta.is_zero() {
        return Ok(());
    }
    if let Some((_, mut u)) = docs::get_row::<User>(c, id)? {
        u.rating.apply(delta);
        u.rating.derive(prior);
        docs::replace(c, &u, None)?;
    }
    Ok(())
}
