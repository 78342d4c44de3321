//! Users: accounts of every role: the collection spec, the repository trait (only its own queries;
//! the generic ones come from [`Collection`]), its filters, and the two implementations,
//! `embedded.rs` and `mongo.rs`.

pub(in crate::store) mod embedded;
pub(in crate::store) mod mongo;

use crate::domain::user::{LoginEvent, Role, User, UserField, UserGuard, UserStatus};
use crate::domain::{Email, GeoPoint, Id, Phone, Timestamp};
use crate::error::Result;
use crate::store::spec::IndexKey::{Asc, Desc, Sphere, Text};
use crate::store::spec::Scope::Live;
use crate::store::spec::{CollectionSpec, IndexSpec, unique};
use crate::store::{Collection, Condition, Page, PageRequest, Update};
use async_trait::async_trait;

/// What the stored account must satisfy for a write under `guard` (see [`UserGuard::admits`]).
fn guard_conditions(guard: UserGuard) -> Vec<Condition> {
    use crate::domain::user::UserStatus;
    let status = |s: UserStatus| serde_json::Value::from(s.as_str());
    let not = |statuses: &[UserStatus]| {
        Condition::NoneOf("status", statuses.iter().map(|s| status(*s)).collect())
    };
    match guard {
        UserGuard::Exists => Vec::new(),
        UserGuard::Live => vec![Condition::Missing("deletedAt"), not(&[UserStatus::Deleted])],
        UserGuard::Writable => vec![
            Condition::Missing("deletedAt"),
            not(&[
                UserStatus::Deleted,
                UserStatus::Suspended,
                UserStatus::Banned,
            ]),
        ],
        UserGuard::StatusIs(s) => vec![Condition::Is("status", status(s))],
    }
}

/// Users: accounts of every role. Email and phone are unique among non-deleted users.
#[async_trait]
pub trait UserRepo: Collection<User> {
    async fn find_user_by_email(&self, email: &Email) -> Result<Option<User>>;
    async fn find_user_by_phone(&self, phone: &Phone) -> Result<Option<User>>;
    /// The live user with this (lower-case) username: how `@mentions` resolve.
    async fn find_user_by_username(&self, username: &str) -> Result<Option<User>>;
    /// Writes `fields` of `user` (their values in `user`; an absent optional value removes the
    /// field) and its `updatedAt`, and nothing else, in one atomic step that also checks
    /// `guard` against the stored account. Returns the account as stored afterwards, `None`
    /// when the guard refused, `NotFound` if absent, `Conflict` on a taken email, phone or
    /// username. Written once, on the generic [`Collection::update`].
    async fn patch_user(
        &self,
        user: &User,
        fields: &[UserField],
        guard: UserGuard,
    ) -> Result<Option<User>> {
        let mut paths: Vec<&str> = fields.iter().map(|f| f.path()).collect();
        paths.push("updatedAt");
        let only_if = guard_conditions(guard);
        let change = Update {
            set_from: Some((user, &paths)),
            only_if: &only_if,
            ..Update::default()
        };
        self.update(user.id, change).await
    }
    /// Stores a new password hash, clears the failure count and the lock, and moves the token
    /// version on (tokens issued before are refused); returns the new version.
    async fn set_password(&self, id: Id, hash: &str, at: Timestamp) -> Result<u64>;
    /// Moves the token version on (log out everywhere); returns the new version.
    async fn bump_token_version(&self, id: Id, at: Timestamp) -> Result<u64>;
    /// Counts one failed login (and appends `event` to the capped history) atomically;
    /// returns the count afterwards, so parallel failures each see their own number.
    async fn record_login_failure(&self, id: Id, event: &LoginEvent) -> Result<u32>;
    /// Locks logins until `until` unless already locked longer, provided at least `failures`
    /// failures are still counted (a success in between cleared them).
    async fn lock_logins(&self, id: Id, failures: u32, until: Timestamp) -> Result<()>;
    /// A successful login: clears the failures and the lock, appends `event`, sets
    /// `lastLoginAt`.
    async fn record_login_success(&self, id: Id, event: &LoginEvent) -> Result<()>;
    /// Adds to a technician's job statistics and recomputes the completion rate; a user
    /// without a technician profile is left alone.
    async fn add_job_counts(&self, id: Id, completed: i64, cancelled: i64) -> Result<()>;
    /// Newest first (id descending), filtered; `filter.text` uses text search.
    async fn list_users(&self, filter: &UserFilter, page: &PageRequest) -> Result<Page<User>>;
    /// Active technicians within `radius_km`, nearest first, at most `limit`.
    async fn nearby_technicians(&self, q: &NearbyQuery) -> Result<Vec<Nearby<User>>>;
    async fn count_users(&self, filter: &UserFilter) -> Result<u64>;
}

/// Accounts of every role: unique contact details among live users, geo and text search.
pub const USERS: CollectionSpec = CollectionSpec {
    name: "users",
    noun: "user",
    uniques: &[
        unique(
            "users_email_unique",
            &["email"],
            Live,
            "email is already registered",
        ),
        unique(
            "users_phone_unique",
            &["phoneNumber"],
            Live,
            "phone number is already registered",
        ),
        unique(
            "users_username_unique",
            &["username"],
            Live,
            "username is already taken",
        ),
    ],
    indexes: &[
        IndexSpec::new(
            "users_role_status_rating",
            &[Asc("role"), Asc("status"), Desc("rating.average")],
        ),
        IndexSpec::new("users_location_2dsphere", &[Sphere("location")]),
        IndexSpec::new("users_text", &[Text]),
    ],
    text: &[
        "firstName",
        "lastName",
        "username",
        "profile.businessName",
        "profile.bio",
        "corporate.companyName",
        "technician.skills.name",
        "technician.serviceCategories",
    ],
};

/// Filters for listing users. Deleted users are left out unless `include_deleted`.
#[derive(Debug, Clone, Default)]
pub struct UserFilter {
    pub role: Option<Role>,
    pub status: Option<UserStatus>,
    /// Technicians having every one of these skills (case-insensitive names).
    pub skills: Vec<String>,
    pub min_rating: Option<f64>,
    /// Text search over names, business name, bio and skills.
    pub text: Option<String>,
    pub city: Option<String>,
    pub include_deleted: bool,
}

/// Nearby technicians: active, not deleted, role technician, within the radius.
#[derive(Debug, Clone)]
pub struct NearbyQuery {
    pub point: GeoPoint,
    pub radius_km: f64,
    /// Every one of these skills (case-insensitive names).
    pub skills: Vec<String>,
    pub min_rating: Option<f64>,
    /// Only technicians whose availability says `availableNow`.
    pub available_now: bool,
    pub limit: u32,
}

/// A result with its distance from the query point.
#[derive(Debug, Clone, PartialEq)]
pub struct Nearby<T> {
    pub item: T,
    pub distance_km: f64,
}
