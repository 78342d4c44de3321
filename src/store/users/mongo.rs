//! `users`: accounts, the admin list with text search, and nearby technicians.
//!
//! Nearby search prefers the `$geoNear` aggregation stage (index-backed, server-sorted). A
//! server without it gets `$geoWithin`/`$centerSphere` (works with or without an index) and the
//! distance sort in Rust. Either way the reported `distance_km` is the domain's haversine
//! distance, and the server's radius is scaled so its cut-off angle is the domain's — so both
//! adapters agree to the metre on who is inside the radius.

use std::sync::atomic::Ordering;

use async_trait::async_trait;
use bson::{Bson, Document, doc};
use futures::TryStreamExt;

use crate::domain::review::{RatingDelta, RatingPrior, RatingStats};
use crate::domain::user::{
    LOGIN_HISTORY_LIMIT, LoginEvent, Role, TechnicianStats, User, UserStatus,
};
use crate::domain::{Email, GeoPoint, Id, Phone, Timestamp};
use crate::error::{Error, Result};
use crate::store::mongo::Mongo;
use crate::store::mongo::codec::{
    Stored, and, count_field, date, exact_ci, from_doc, oid, to_bson, to_doc,
};
use crate::store::mongo::documents::Order;
use crate::store::mongo::errors;
use crate::store::mongo::text::text_filter;
use crate::store::spec;
use crate::store::{Nearby, NearbyQuery, Page, PageRequest, UserFilter, UserRepo};

/// The domain's mean Earth radius (`domain::geo`), which its haversine distances use.
const DOMAIN_EARTH_RADIUS_KM: f64 = 6371.0088;
/// The radius MongoDB converts spherical `$geoNear` distances to metres with.
const MONGO_EARTH_RADIUS_M: f64 = 6_378_100.0;
/// The field `$geoNear` writes its distance to; removed before decoding.
const DISTANCE_FIELD: &str = "_distanceMeters";

/// Encodes a user; a live user gets an explicit `deletedAt: null`, which is what the partial
/// unique indexes on email, phone and username select (see `indexes`).
pub(in crate::store) fn user_doc(user: &User) -> Result<Document> {
    let mut doc = to_doc(user)?;
    if !user.is_deleted() {
        doc.insert("deletedAt", Bson::Null);
    }
    Ok(doc)
}

/// Not deleted: no deletion date and not in the `deleted` status.
pub(in crate::store) fn live() -> Document {
    doc! { "deletedAt": null, "status": { "$ne": UserStatus::Deleted.as_str() } }
}

/// `technician.skills.name` holds each skill, compared whole and case-insensitively.
fn has_skills(skills: &[String]) -> Vec<Document> {
    skills
        .iter()
        .filter(|s| !s.trim().is_empty())
        .map(|s| doc! { "technician.skills.name": exact_ci(s) })
        .collect()
}

/// The conditions of a user list (also what `count_users` counts).
fn user_filter(f: &UserFilter) -> Document {
    let mut conditions = Vec::new();
    if let Some(role) = f.role {
        conditions.push(doc! { "role": role.as_str() });
    }
    if let Some(status) = f.status {
        conditions.push(doc! { "status": status.as_str() });
    }
    conditions.extend(has_skills(&f.skills));
    if let Some(min) = f.min_rating {
        conditions.push(doc! { "rating.average": { "$gte": min } });
    }
    if let Some(city) = f.city.as_deref().filter(|c| !c.trim().is_empty()) {
        conditions.push(doc! { "location.city": exact_ci(city) });
    }
    if !f.include_deleted {
        conditions.push(live());
    }
    if let Some(text) = &f.text {
        conditions.push(text_filter(spec::USERS.text, text));
    }
    and(conditions)
}

/// The users the nearby query may return, wherever they are.
fn nearby_filter(q: &NearbyQuery) -> Document {
    let mut conditions = vec![
        doc! { "role": Role::Technician.as_str() },
        doc! { "status": UserStatus::Active.as_str() },
        live(),
    ];
    conditions.extend(has_skills(&q.skills));
    if let Some(min) = q.min_rating {
        conditions.push(doc! { "rating.average": { "$gte": min } });
    }
    if q.available_now {
        conditions.push(doc! { "technician.availability.availableNow": true });
    }
    and(conditions)
}

impl Mongo {
    /// Applies `update` to user `id` atomically and returns the document afterwards;
    /// `NotFound` when there is no such user.
    async fn update_user_doc(&self, id: Id, update: Document, context: &str) -> Result<Document> {
        self.update_returning::<User>(doc! { "_id": oid(id) }, update, context)
            .await?
            .ok_or(Error::NotFound(User::SPEC.noun))
    }

    async fn nearby_geo_near(
        &self,
        q: &NearbyQuery,
    ) -> std::result::Result<Vec<Document>, mongodb::error::Error> {
        let max_meters = q.radius_km / DOMAIN_EARTH_RADIUS_KM * MONGO_EARTH_RADIUS_M;
        let pipeline = vec![
            doc! { "$geoNear": {
                "near": { "type": "Point", "coordinates": [q.point.lng(), q.point.lat()] },
                "key": "location",
                "distanceField": DISTANCE_FIELD,
                "spherical": true,
                "maxDistance": max_meters,
                "query": nearby_filter(q),
            } },
            doc! { "$limit": i64::from(q.limit) },
        ];
        self.coll(User::SPEC.name)
            .aggregate(pipeline)
            .await?
            .try_collect()
            .await
    }

    async fn nearby_geo_within(&self, q: &NearbyQuery) -> Result<Vec<Document>> {
        let radians = q.radius_km / DOMAIN_EARTH_RADIUS_KM;
        let within = doc! { "location": { "$geoWithin": {
            "$centerSphere": [[q.point.lng(), q.point.lat()], radians]
        } } };
        let filter = and(vec![within, nearby_filter(q)]);
        self.find_docs(User::SPEC.name, filter, None, 0, None).await
    }
}

/// Decodes candidates, measures them with the domain's distance, keeps those inside the radius,
/// nearest first (ties by id), at most `limit`.
fn rank(docs: Vec<Document>, q: &NearbyQuery) -> Result<Vec<Nearby<User>>> {
    let mut out = Vec::with_capacity(docs.len());
    for mut doc in docs {
        let server_km = doc
            .remove(DISTANCE_FIELD)
            .and_then(|d| d.as_f64())
            .map(|m| m / MONGO_EARTH_RADIUS_M * DOMAIN_EARTH_RADIUS_KM);
        let user: User = from_doc(doc, User::SPEC.name)?;
        let distance_km = user
            .location
            .as_ref()
            .and_then(|l| GeoPoint::new(l.coordinates[0], l.coordinates[1]).ok())
            .map(|p| q.point.distance_km(&p))
            .or(server_km);
        if let Some(distance_km) = distance_km.filter(|d| *d <= q.radius_km) {
            out.push(Nearby {
                item: user,
                distance_km,
            });
        }
    }
    out.sort_by(|a, b| {
        a.distance_km
            .total_cmp(&b.distance_km)
            .then_with(|| a.item.id.cmp(&b.item.id))
    });
    out.truncate(q.limit as usize);
    Ok(out)
}

#[async_trait]
impl UserRepo for Mongo {
    async fn find_user_by_email(&self, email: &Email) -> Result<Option<User>> {
        self.find_one(and(vec![doc! { "email": email.as_str() }, live()]))
            .await
    }

    async fn find_user_by_phone(&self, phone: &Phone) -> Result<Option<User>> {
        self.find_one(and(vec![doc! { "phoneNumber": phone.as_str() }, live()]))
            .await
    }

    async fn find_user_by_username(&self, username: &str) -> Result<Option<User>> {
        let name = username.to_lowercase();
        self.find_one(and(vec![doc! { "username": name }, live()]))
            .await
    }

    async fn set_password(&self, id: Id, hash: &str, at: Timestamp) -> Result<u64> {
        let update = doc! {
            "$set": { "passwordHash": hash, "failedLogins": 0, "updatedAt": date(at) },
            "$unset": { "lockedUntil": "" },
            "$inc": { "tokenVersion": 1_i64 },
        };
        let doc = self
            .update_user_doc(id, update, "setting a password")
            .await?;
        Ok(count_field(&doc, "tokenVersion"))
    }

    async fn bump_token_version(&self, id: Id, at: Timestamp) -> Result<u64> {
        let update = doc! {
            "$set": { "updatedAt": date(at) },
            "$inc": { "tokenVersion": 1_i64 },
        };
        let doc = self
            .update_user_doc(id, update, "moving the token version on")
            .await?;
        Ok(count_field(&doc, "tokenVersion"))
    }

    async fn record_login_failure(&self, id: Id, event: &LoginEvent) -> Result<u32> {
        let update = doc! {
            "$inc": { "failedLogins": 1_i64 },
            "$push": { "loginHistory": {
                "$each": [to_bson(event)?],
                "$slice": -(LOGIN_HISTORY_LIMIT as i64),
            } },
        };
        let doc = self
            .update_user_doc(id, update, "counting a failed login")
            .await?;
        Ok(u32::try_from(count_field(&doc, "failedLogins")).unwrap_or(u32::MAX))
    }

    async fn lock_logins(&self, id: Id, failures: u32, until: Timestamp) -> Result<()> {
        let filter = doc! {
            "_id": oid(id),
            "failedLogins": { "$gte": i64::from(failures) },
            "$or": [ { "lockedUntil": null }, { "lockedUntil": { "$lt": date(until) } } ],
        };
        self.coll(User::SPEC.name)
            .update_one(filter, doc! { "$set": { "lockedUntil": date(until) } })
            .await
            .map_err(errors::ctx(User::SPEC.name, "locking logins"))?;
        Ok(())
    }

    async fn record_login_success(&self, id: Id, event: &LoginEvent) -> Result<()> {
        let update = doc! {
            "$set": { "failedLogins": 0, "lastLoginAt": date(event.at), "updatedAt": date(event.at) },
            "$unset": { "lockedUntil": "" },
            "$push": { "loginHistory": {
                "$each": [to_bson(event)?],
                "$slice": -(LOGIN_HISTORY_LIMIT as i64),
            } },
        };
        self.update_user_doc(id, update, "recording a login")
            .await?;
        Ok(())
    }

    async fn add_job_counts(&self, id: Id, completed: i64, cancelled: i64) -> Result<()> {
        let filter = doc! { "_id": oid(id), "technician": { "$type": "object" } };
        let update = doc! { "$inc": {
            "technician.stats.jobsCompleted": completed,
            "technician.stats.jobsCancelled": cancelled,
        } };
        let after = self
            .update_returning::<User>(filter, update, "counting a job")
            .await?;
        let Some(doc) = after else {
            return Ok(());
        };
        let user: User = from_doc(doc, User::SPEC.name)?;
        let Some(stats) = user.technician.map(|t| t.stats) else {
            return Ok(());
        };
        // The rate follows the counts it was computed from: a concurrent job that moved them
        // first writes its own, newer rate.
        let rate = TechnicianStats::completion_rate_of(stats.jobs_completed, stats.jobs_cancelled);
        self.coll(User::SPEC.name)
            .update_one(
                doc! {
                    "_id": oid(id),
                    "technician.stats.jobsCompleted": stats.jobs_completed,
                    "technician.stats.jobsCancelled": stats.jobs_cancelled,
                },
                doc! { "$set": {
                    "technician.stats.completionRate": rate,
                    "updatedAt": date(Timestamp::now()),
                } },
            )
            .await
            .map_err(errors::ctx(User::SPEC.name, "counting a job"))?;
        Ok(())
    }

    async fn list_users(&self, filter: &UserFilter, page: &PageRequest) -> Result<Page<User>> {
        self.page(user_filter(filter), page, Order::IdDesc).await
    }

    async fn nearby_technicians(&self, q: &NearbyQuery) -> Result<Vec<Nearby<User>>> {
        // NaN and non-positive radii find nobody.
        if q.limit == 0 || q.radius_km.is_nan() || q.radius_km <= 0.0 {
            return Ok(Vec::new());
        }
        if self.geo_near.load(Ordering::Relaxed) {
            match self.nearby_geo_near(q).await {
                Ok(docs) => return rank(docs, q),
                Err(e) if errors::is_unreachable(&e) => {
                    return Err(errors::db_error(
                        e,
                        User::SPEC.name,
                        "finding nearby technicians",
                    ));
                }
                Err(e) => {
                    // 40324 unrecognized stage, 168 invalid operator, 115 not supported: the
                    // server has no $geoNear at all. Anything else (e.g. no 2dsphere index yet)
                    // falls back for this call only.
                    if errors::has_code(&e, &[40324, 168, 115]) {
                        self.geo_near.store(false, Ordering::Relaxed);
                        tracing::warn!(error = %e, "mongodb: no $geoNear stage; nearby search uses $geoWithin");
                    } else {
                        tracing::warn!(error = %e, "mongodb: $geoNear failed; retrying with $geoWithin");
                    }
                }
            }
        }
        let docs = self.nearby_geo_within(q).await?;
        rank(docs, q)
    }

    async fn count_users(&self, filter: &UserFilter) -> Result<u64> {
        self.count(User::SPEC.name, user_filter(filter)).await
    }
}

impl Mongo {
    /// Moves the rating counters of `id` by `delta` with one atomic `$inc` (concurrent reviews
    /// each land), then sets the average and the Bayesian average derived from the counters
    /// that `$inc` returned — only while the count and sum are still those, so a slower writer
    /// never overwrites what a later one derived. A missing user is skipped.
    pub(in crate::store) async fn move_rating(
        &self,
        id: Id,
        delta: &RatingDelta,
        prior: &RatingPrior,
    ) -> Result<()> {
        if delta.is_zero() {
            return Ok(());
        }
        let mut inc = Document::new();
        for (path, n) in delta.increments().into_iter().filter(|(_, n)| *n != 0) {
            inc.insert(path, n);
        }
        let after = self
            .update_returning::<User>(
                doc! { "_id": oid(id) },
                doc! { "$inc": inc },
                "moving rating counters",
            )
            .await?;
        let Some(rating) = after.and_then(|d| d.get_document("rating").ok().cloned()) else {
            return Ok(());
        };
        let mut stats: RatingStats = from_doc(rating, User::SPEC.name)?;
        stats.derive(prior);
        self.coll(User::SPEC.name)
            .update_one(
                doc! { "_id": oid(id), "rating.count": stats.count, "rating.sum": stats.sum },
                doc! { "$set": {
                    "rating.average": stats.average,
                    "rating.bayesian": stats.bayesian,
                } },
            )
            .await
            .map_err(errors::ctx(User::SPEC.name, "deriving rating averages"))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_server_radius_cuts_at_the_domain_angle() {
        // 10 km by the domain's radius is a little more in MongoDB's metres.
        let m = 10.0 / DOMAIN_EARTH_RADIUS_KM * MONGO_EARTH_RADIUS_M;
        assert!((m - 10_011.1).abs() < 1.0, "{m}");
    }

    #[test]
    fn nearby_only_asks_for_active_live_technicians() {
        let q = NearbyQuery {
            point: GeoPoint::new(36.8, -1.3).unwrap(),
            radius_km: 5.0,
            skills: vec!["Wiring".into(), " ".into()],
            min_rating: Some(4.0),
            available_now: true,
            limit: 10,
        };
        let f = nearby_filter(&q);
        let conds = f.get_array("$and").unwrap();
        assert_eq!(conds.len(), 6, "{f}");
        assert!(conds.contains(&Bson::Document(doc! { "role": "technician" })));
        assert!(conds.contains(&Bson::Document(
            doc! { "technician.availability.availableNow": true }
        )));
    }
}
