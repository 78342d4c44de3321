//! User views: the owner's (or an admin's) full view, and the public profile everyone else sees.

use serde::Serialize;

use crate::domain::user::{
    Consent, CorporateProfile, FcmToken, Kyc, KycStatus, LoginEvent, Profile, RatingSummary, Role,
    TechnicianProfile, User, UserStatus,
};
use crate::domain::{Email, Id, Location, Phone, Timestamp};

/// Two-factor state without the secret or recovery-code hashes.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TwoFactorView {
    pub enabled: bool,
    pub recovery_codes_left: usize,
}

/// The account as its owner (or an admin) sees it: everything but secrets.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PrivateUser {
    #[serde(rename = "_id")]
    pub id: Id,
    pub first_name: String,
    pub last_name: String,
    pub username: Option<String>,
    pub email: Email,
    pub phone_number: Phone,
    pub role: Role,
    pub status: UserStatus,
    pub profile: Profile,
    pub location: Option<Location>,
    pub kyc: Kyc,
    pub technician: Option<TechnicianProfile>,
    pub corporate: Option<CorporateProfile>,
    pub fcm_tokens: Vec<FcmToken>,
    pub followers_count: i64,
    pub following_count: i64,
    pub rating: RatingSummary,
    pub two_factor: TwoFactorView,
    pub consent: Consent,
    pub login_history: Vec<LoginEvent>,
    pub email_verified: bool,
    pub phone_verified: bool,
    pub last_login_at: Option<Timestamp>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl From<&User> for PrivateUser {
    fn from(u: &User) -> Self {
        PrivateUser {
            id: u.id,
            first_name: u.first_name.clone(),
            last_name: u.last_name.clone(),
            username: u.username.clone(),
            email: u.email.clone(),
            phone_number: u.phone_number.clone(),
            role: u.role,
            status: u.status,
            profile: u.profile.clone(),
            location: u.location.clone(),
            kyc: u.kyc.clone(),
            technician: u.technician.clone(),
            corporate: u.corporate.clone(),
            fcm_tokens: u.fcm_tokens.clone(),
            followers_count: u.followers_count,
            following_count: u.following_count,
            rating: RatingSummary::from(&u.rating),
            two_factor: TwoFactorView {
                enabled: u.two_factor.enabled,
                recovery_codes_left: u.two_factor.recovery_code_hashes.len(),
            },
            consent: u.consent.clone(),
            login_history: u.login_history.clone(),
            email_verified: u.email_verified_at.is_some(),
            phone_verified: u.phone_verified_at.is_some(),
            last_login_at: u.last_login_at,
            created_at: u.created_at,
            updated_at: u.updated_at,
        }
    }
}

/// Where a public profile says someone works: the city and, for technicians, the point they
/// publish as their base (customers' locations are never public).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PublicLocation {
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coordinates: Option<[f64; 2]>,
    pub city: Option<String>,
}

/// The public profile: no e-mail, phone, KYC documents, tokens, 2FA or login data.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PublicUser {
    #[serde(rename = "_id")]
    pub id: Id,
    pub first_name: String,
    pub last_name: String,
    pub username: Option<String>,
    pub role: Role,
    pub avatar: Option<String>,
    pub bio: Option<String>,
    pub business_name: Option<String>,
    pub location: Option<PublicLocation>,
    /// KYC approved.
    pub verified: bool,
    pub technician: Option<PublicTechnician>,
    pub followers_count: i64,
    pub following_count: i64,
    pub rating: RatingSummary,
    pub member_since: Timestamp,
}

/// The technician part of a public profile.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PublicTechnician {
    pub skills: Vec<crate::domain::user::Skill>,
    pub service_categories: Vec<String>,
    pub hourly_rate: Option<crate::domain::Money>,
    pub service_radius_km: f64,
    pub portfolio: Vec<crate::domain::user::PortfolioItem>,
    pub available_now: bool,
    pub jobs_completed: i64,
    pub completion_rate: f64,
    pub avg_response_minutes: f64,
    pub verified: bool,
}

impl From<&User> for PublicUser {
    fn from(u: &User) -> Self {
        let location = u.location.as_ref().map(|l| PublicLocation {
            kind: u.is_technician().then_some("Point"),
            coordinates: u.is_technician().then_some(l.coordinates),
            city: l.city.clone(),
        });
        PublicUser {
            id: u.id,
            first_name: u.first_name.clone(),
            last_name: u.last_name.clone(),
            username: u.username.clone(),
            role: u.role,
            avatar: u.profile.avatar.clone(),
            bio: u.profile.bio.clone(),
            business_name: u.profile.business_name.clone(),
            location,
            verified: u.kyc.status == KycStatus::Approved,
            technician: u.technician.as_ref().map(|t| PublicTechnician {
                skills: t.skills.clone(),
                service_categories: t.service_categories.clone(),
                hourly_rate: t.hourly_rate,
                service_radius_km: t.service_radius_km,
                portfolio: t.portfolio.clone(),
                available_now: t.availability.available_now,
                jobs_completed: t.stats.jobs_completed,
                completion_rate: t.stats.completion_rate,
                avg_response_minutes: t.stats.avg_response_minutes,
                verified: t.verified,
            }),
            followers_count: u.followers_count,
            following_count: u.following_count,
            rating: RatingSummary::from(&u.rating),
            member_since: u.created_at,
        }
    }
}

/// A nearby-search result: the public profile plus its distance.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct NearbyTechnician {
    #[serde(flatten)]
    pub user: PublicUser,
    pub distance_km: f64,
}

impl NearbyTechnician {
    /// The public profile with its distance rounded to 10 m (2 decimals of a km): enough for
    /// "1.25 km away", and no finer fix on where the technician is based.
    pub fn from_nearby(n: &crate::store::Nearby<User>) -> Self {
        NearbyTechnician {
            user: PublicUser::from(&n.item),
            distance_km: (n.distance_km * 100.0).round() / 100.0,
        }
    }
}

/// An account in the view its viewer may see: the private one for its owner and admins, the
/// public profile for everyone else.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[serde(untagged)]
pub enum UserView {
    Private(Box<PrivateUser>),
    Public(Box<PublicUser>),
}

impl UserView {
    pub fn new(u: &User, audience: crate::services::users::Audience) -> Self {
        match audience {
            crate::services::users::Audience::Private => {
                UserView::Private(Box::new(PrivateUser::from(u)))
            }
            crate::services::users::Audience::Public => {
                UserView::Public(Box::new(PublicUser::from(u)))
            }
        }
    }
}

/// Where a follow stands after `POST`/`DELETE /users/:id/follow`.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FollowStatus {
    pub user: Id,
    pub following: bool,
    /// `false` when the request repeated the current state.
    pub changed: bool,
    pub followers_count: i64,
}

/// Where a block stands after `POST`/`DELETE /users/:id/block`.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BlockStatus {
    pub user: Id,
    pub blocked: bool,
    /// `false` when the request repeated the current state.
    pub changed: bool,
}

/// The caller's copy of their data (`GET /users/me/export`). Documents other than the account
/// are included as stored: they are the caller's own records, and a data export that
/// reshaped them would not be a faithful copy. The account uses the private view, which
/// leaves out only secrets (password hash, 2FA secret, recovery-code hashes).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DataExportView {
    pub exported_at: Timestamp,
    pub account: PrivateUser,
    pub followers: Vec<crate::domain::follow::Follow>,
    pub following: Vec<crate::domain::follow::Follow>,
    pub bookings: Vec<crate::domain::booking::Booking>,
    pub transactions: Vec<crate::domain::transaction::Transaction>,
    pub posts: Vec<crate::domain::post::Post>,
    pub reviews_written: Vec<crate::domain::review::Review>,
    pub reviews_received: Vec<crate::domain::review::Review>,
    pub conversations: Vec<crate::domain::conversation::Conversation>,
    pub messages_sent: Vec<crate::domain::message::Message>,
    pub notifications: Vec<crate::domain::notification::Notification>,
    pub audit_entries: Vec<crate::domain::audit::AuditEntry>,
}

impl From<crate::services::users::privacy::DataExport> for DataExportView {
    fn from(e: crate::services::users::privacy::DataExport) -> Self {
        DataExportView {
            exported_at: e.exported_at,
            account: PrivateUser::from(&e.account),
            followers: e.followers,
            following: e.following,
            bookings: e.bookings,
            transactions: e.transactions,
            posts: e.posts,
            reviews_written: e.reviews_written,
            reviews_received: e.reviews_received,
            conversations: e.conversations,
            messages_sent: e.messages_sent,
            notifications: e.notifications,
            audit_entries: e.audit_entries,
        }
    }
}
