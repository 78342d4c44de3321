//! User accounts: identity and role, status, profile, push devices, 2FA, consent and login
//! history. The technician profile ([`technician`]), working hours ([`availability`]) and
//! identity verification ([`kyc`]) live in their own modules; the rating summary lives beside
//! reviews. Everything is re-exported here, so `crate::domain::user::*` names every part.

pub mod availability;
pub mod kyc;
pub mod technician;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::contact::{Email, Phone};
use crate::domain::enums::string_enum;
use crate::domain::geo::Location;
use crate::domain::id::Id;
use crate::domain::time::Timestamp;

pub use self::availability::{Availability, DaySchedule, TimeOff, TimeSlot, Weekday, parse_hhmm};
pub use self::kyc::{Kyc, KycDocument, KycDocumentKind, KycDocumentStatus, KycStatus};
pub use self::technician::{
    Certification, PortfolioItem, Skill, SkillLevel, TechnicianProfile, TechnicianStats,
};
pub use crate::domain::review::{CategoryAverages, RatingStats, RatingSummary};

/// How many login events a user document keeps (oldest dropped first).
pub const LOGIN_HISTORY_LIMIT: usize = 20;

/// A registered account of any role (storage document of `users`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct User {
    #[serde(rename = "_id")]
    pub id: Id,
    pub first_name: String,
    pub last_name: String,
    /// Unique lower-case handle that `@mentions` resolve to; optional until chosen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    pub email: Email,
    pub phone_number: Phone,
    /// Password hash (PHC string); `None` until a password is set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_hash: Option<String>,
    pub role: Role,
    pub status: UserStatus,
    #[serde(default)]
    pub profile: Profile,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    #[serde(default)]
    pub kyc: Kyc,
    /// Present for technicians.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub technician: Option<TechnicianProfile>,
    /// Present for corporate accounts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub corporate: Option<CorporateProfile>,
    #[serde(default)]
    pub fcm_tokens: Vec<FcmToken>,
    #[serde(default)]
    pub followers_count: i64,
    #[serde(default)]
    pub following_count: i64,
    #[serde(default)]
    pub rating: RatingStats,
    #[serde(default)]
    pub two_factor: TwoFactor,
    #[serde(default)]
    pub consent: Consent,
    /// Most recent last, at most [`LOGIN_HISTORY_LIMIT`] entries.
    #[serde(default)]
    pub login_history: Vec<LoginEvent>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email_verified_at: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_verified_at: Option<Timestamp>,
    /// Consecutive failed logins since the last success.
    #[serde(default)]
    pub failed_logins: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locked_until: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_login_at: Option<Timestamp>,
    /// Access tokens carry the version they were issued under; a password change, a reset or
    /// "log out everywhere" moves it on, and tokens of an older version are refused.
    #[serde(default)]
    pub token_version: u64,
    /// Set when the account was deleted (right to deletion); personal data is anonymized.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted_at: Option<Timestamp>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl User {
    /// First and last name separated by a space.
    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name.trim(), self.last_name.trim())
            .trim()
            .to_string()
    }

    /// Whether the account is a technician.
    pub fn is_technician(&self) -> bool {
        self.role == Role::Technician
    }

    /// Whether the account is an administrator.
    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }

    /// Whether the account was deleted.
    pub fn is_deleted(&self) -> bool {
        self.deleted_at.is_some() || self.status == UserStatus::Deleted
    }

    /// Whether logins are locked out at `now` after too many failures.
    pub fn is_locked(&self, now: Timestamp) -> bool {
        self.locked_until.is_some_and(|until| until > now)
    }

    /// Appends a login event, dropping the oldest beyond [`LOGIN_HISTORY_LIMIT`].
    pub fn record_login(&mut self, event: LoginEvent) {
        self.login_history.push(event);
        let excess = self.login_history.len().saturating_sub(LOGIN_HISTORY_LIMIT);
        self.login_history.drain(..excess);
    }
}

/// One field (or sub-document) of a stored user that a partial update writes, by its storage
/// path. A write names the fields it means to change and the store writes those alone, so
/// concurrent writes of different fields never undo each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum UserField {
    FirstName,
    LastName,
    Username,
    Location,
    Avatar,
    Bio,
    BusinessName,
    Gender,
    DateOfBirth,
    Language,
    Skills,
    ServiceCategories,
    HourlyRate,
    ServiceRadiusKm,
    Portfolio,
    WeeklyHours,
    TimeOff,
    AvailableNow,
    Timezone,
    TechnicianVerified,
    Certifications,
    Corporate,
    FcmTokens,
    Consent,
    EmailVerifiedAt,
    PhoneVerifiedAt,
    // Security fields: never part of a profile write.
    Email,
    PhoneNumber,
    PasswordHash,
    Role,
    Status,
    Kyc,
    TwoFactor,
    FailedLogins,
    LockedUntil,
    LastLoginAt,
    LoginHistory,
    DeletedAt,
}

impl UserField {
    /// The camelCase storage path (dots into sub-documents), the same on both adapters.
    pub fn path(self) -> &'static str {
        use UserField::*;
        match self {
            FirstName => "firstName",
            LastName => "lastName",
            Username => "username",
            Location => "location",
            Avatar => "profile.avatar",
            Bio => "profile.bio",
            BusinessName => "profile.businessName",
            Gender => "profile.gender",
            DateOfBirth => "profile.dateOfBirth",
            Language => "profile.language",
            Skills => "technician.skills",
            ServiceCategories => "technician.serviceCategories",
            HourlyRate => "technician.hourlyRate",
            ServiceRadiusKm => "technician.serviceRadiusKm",
            Portfolio => "technician.portfolio",
            WeeklyHours => "technician.availability.weekly",
            TimeOff => "technician.availability.timeOff",
            AvailableNow => "technician.availability.availableNow",
            Timezone => "technician.availability.timezone",
            TechnicianVerified => "technician.verified",
            Certifications => "technician.certifications",
            Corporate => "corporate",
            FcmTokens => "fcmTokens",
            Consent => "consent",
            EmailVerifiedAt => "emailVerifiedAt",
            PhoneVerifiedAt => "phoneVerifiedAt",
            Email => "email",
            PhoneNumber => "phoneNumber",
            PasswordHash => "passwordHash",
            Role => "role",
            Status => "status",
            Kyc => "kyc",
            TwoFactor => "twoFactor",
            FailedLogins => "failedLogins",
            LockedUntil => "lockedUntil",
            LastLoginAt => "lastLoginAt",
            LoginHistory => "loginHistory",
            DeletedAt => "deletedAt",
        }
    }

    /// The fields among `candidates` whose stored values differ between `before` and `after`
    /// (what a write that turned `before` into `after` has to store).
    pub fn changed(before: &User, after: &User, candidates: &[UserField]) -> Vec<UserField> {
        let (Ok(a), Ok(b)) = (serde_json::to_value(before), serde_json::to_value(after)) else {
            return candidates.to_vec();
        };
        let at = |v: &serde_json::Value, path: &str| {
            path.split('.')
                .try_fold(v, |v, key| v.get(key))
                .filter(|v| !v.is_null())
                .cloned()
        };
        candidates
            .iter()
            .copied()
            .filter(|f| at(&a, f.path()) != at(&b, f.path()))
            .collect()
    }

    /// Whether the field decides who may sign in or what they may do: written only by the
    /// flows that own those decisions, never by a profile write.
    pub fn is_security(self) -> bool {
        use UserField::*;
        matches!(
            self,
            Email
                | PhoneNumber
                | PasswordHash
                | Role
                | Status
                | Kyc
                | TechnicianVerified
                | TwoFactor
                | FailedLogins
                | LockedUntil
                | LastLoginAt
                | LoginHistory
                | DeletedAt
        )
    }
}

/// What must still hold of the stored account for a partial update to apply; checked in the
/// same atomic step as the write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserGuard {
    /// Any stored account.
    Exists,
    /// Not deleted.
    Live,
    /// Not deleted, suspended or banned: what the account holder's own changes need.
    Writable,
    /// Still in this status (a transition that must not overwrite a decision made meanwhile).
    StatusIs(UserStatus),
}

impl UserGuard {
    /// Whether `user` (as stored now) passes.
    pub fn admits(self, user: &User) -> bool {
        match self {
            UserGuard::Exists => true,
            UserGuard::Live => !user.is_deleted(),
            UserGuard::Writable => {
                !user.is_deleted()
                    && !matches!(user.status, UserStatus::Suspended | UserStatus::Banned)
            }
            UserGuard::StatusIs(status) => user.status == status,
        }
    }
}

string_enum! {
    /// What an account may do on the platform.
    pub enum Role {
        Customer = "customer",
        Technician = "technician",
        Admin = "admin",
        Corporate = "corporate",
        Support = "support",
    }
}

string_enum! {
    /// Lifecycle of an account.
    #[derive(Default)]
    pub enum UserStatus {
        #[default]
        PendingVerification = "pending_verification",
        Active = "active",
        Suspended = "suspended",
        Banned = "banned",
        Deactivated = "deactivated",
        Deleted = "deleted",
    }
}

/// Public profile details.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Profile {
    /// Image URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bio: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub business_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<Gender>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<NaiveDate>,
    /// Preferred language (BCP 47 tag, e.g. `en`, `sw`).
    #[serde(default = "default_language")]
    pub language: String,
}

fn default_language() -> String {
    "en".to_string()
}

impl Default for Profile {
    fn default() -> Self {
        Profile {
            avatar: None,
            bio: None,
            business_name: None,
            gender: None,
            date_of_birth: None,
            language: default_language(),
        }
    }
}

string_enum! {
    /// Self-described gender (optional profile field).
    pub enum Gender {
        Male = "male",
        Female = "female",
        Other = "other",
        PreferNotToSay = "prefer_not_to_say",
    }
}

/// A device registered for push notifications (FCM).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FcmToken {
    pub token: String,
    /// Device name, e.g. "iPhone 14 Pro".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device: Option<String>,
    pub platform: Platform,
    pub added_at: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_used_at: Option<Timestamp>,
}

string_enum! {
    /// Device platform of a push token.
    pub enum Platform {
        Ios = "ios",
        Android = "android",
        Web = "web",
    }
}

/// Company details of a corporate account (bookings carry it as `corporateAccount`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CorporateProfile {
    pub company_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registration_number: Option<String>,
    /// KRA PIN or other tax number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tax_pin: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub billing_email: Option<Email>,
    /// Named sites (offices, branches) bookings can be made for.
    #[serde(default)]
    pub sites: Vec<String>,
    /// Users who may book on the company's behalf.
    #[serde(default)]
    pub members: Vec<Id>,
}

/// Two-factor authentication (TOTP) settings.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TwoFactor {
    #[serde(default)]
    pub enabled: bool,
    /// Base32 TOTP secret; set during enrolment, kept while enabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
    /// Hashes of the unused one-time recovery codes.
    #[serde(default)]
    pub recovery_code_hashes: Vec<String>,
    /// Last TOTP time step accepted, so a code cannot be replayed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_used_step: Option<i64>,
}

/// GDPR-style consent record.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Consent {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terms_accepted_at: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terms_version: Option<String>,
    /// Opted in to marketing messages.
    #[serde(default)]
    pub marketing: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub marketing_updated_at: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub privacy_accepted_at: Option<Timestamp>,
}

/// One login attempt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LoginEvent {
    pub at: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<String>,
    pub success: bool,
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::domain::geo::GeoPoint;
    use crate::domain::money::Money;
    use crate::domain::review::CategoryRatings;
    use crate::domain::testing::{assert_enum_strings, assert_round_trips};

    fn at(h: i64) -> Timestamp {
        Timestamp::from_millis(1_700_000_000_000 + h * 3_600_000)
    }

    pub(crate) fn sample() -> User {
        let id = Id::from_parts(1_700_000_000, 1);
        let mut rating = RatingStats::default();
        rating.add(5, &CategoryRatings::uniform(5));
        rating.add(4, &CategoryRatings::uniform(4));
        User {
            id,
            first_name: "Wanjiru".into(),
            last_name: "Kamau".into(),
            username: Some("wanjiru_fixes".into()),
            email: Email::parse("wanjiru@example.co.ke").unwrap(),
            phone_number: Phone::parse("0712345678").unwrap(),
            password_hash: Some("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into()),
            role: Role::Technician,
            status: UserStatus::Active,
            profile: Profile {
                avatar: Some("https://res.cloudinary.com/demo/avatar.jpg".into()),
                bio: Some("Licensed electrician, 8 years".into()),
                business_name: Some("Kamau Electrical".into()),
                gender: Some(Gender::Female),
                date_of_birth: NaiveDate::from_ymd_opt(1990, 5, 17),
                language: "sw".into(),
            },
            location: Some(Location::new(
                GeoPoint::new(36.8219, -1.2921).unwrap(),
                Some("Moi Avenue".into()),
                Some("Nairobi".into()),
            )),
            kyc: Kyc {
                status: KycStatus::Approved,
                documents: vec![KycDocument {
                    kind: KycDocumentKind::NationalId,
                    url: "https://res.cloudinary.com/demo/id.jpg".into(),
                    uploaded_at: at(0),
                    status: KycDocumentStatus::Approved,
                }],
                submitted_at: Some(at(0)),
                reviewed_by: Some(Id::from_parts(1_700_000_000, 2)),
                reviewed_at: Some(at(1)),
                rejection_reason: None,
            },
            technician: Some(TechnicianProfile {
                skills: vec![Skill {
                    name: "wiring".into(),
                    level: SkillLevel::Expert,
                    years_of_experience: 8,
                }],
                service_categories: vec!["electrical".into()],
                hourly_rate: Some(Money::kes(150_000)),
                service_radius_km: 15.5,
                portfolio: vec![PortfolioItem {
                    id: Id::from_parts(1_700_000_000, 3),
                    title: "Office rewiring".into(),
                    description: Some("Three floors".into()),
                    images: vec!["https://res.cloudinary.com/demo/p1.jpg".into()],
                    category: Some("electrical".into()),
                    completed_at: Some(at(-100)),
                    booking: Some(Id::from_parts(1_700_000_000, 4)),
                }],
                availability: Availability {
                    weekly: vec![DaySchedule {
                        day: Weekday::Monday,
                        slots: vec![TimeSlot {
                            start: "08:00".into(),
                            end: "17:30".into(),
                        }],
                    }],
                    time_off: vec![TimeOff {
                        from: at(48),
                        to: at(72),
                        reason: Some("family".into()),
                    }],
                    available_now: true,
                    timezone: "Africa/Nairobi".into(),
                },
                stats: TechnicianStats {
                    jobs_completed: 40,
                    jobs_cancelled: 2,
                    completion_rate: 0.95,
                    avg_response_minutes: 12.5,
                    total_earnings: Money::kes(12_000_000),
                },
                verified: true,
                certifications: vec![Certification {
                    name: "EPRA Class A1".into(),
                    issuer: Some("EPRA".into()),
                    issued_at: Some(at(-10_000)),
                    expires_at: Some(at(10_000)),
                    url: Some("https://res.cloudinary.com/demo/cert.pdf".into()),
                    verified: true,
                }],
            }),
            corporate: Some(CorporateProfile {
                company_name: "Acme Kenya Ltd".into(),
                registration_number: Some("PVT-123".into()),
                tax_pin: Some("P051234567X".into()),
                billing_email: Some(Email::parse("billing@acme.co.ke").unwrap()),
                sites: vec!["Westlands HQ".into()],
                members: vec![Id::from_parts(1_700_000_000, 5)],
            }),
            fcm_tokens: vec![FcmToken {
                token: "fcm_device_token".into(),
                device: Some("iPhone 14 Pro".into()),
                platform: Platform::Ios,
                added_at: at(0),
                last_used_at: Some(at(2)),
            }],
            followers_count: 12,
            following_count: 3,
            rating,
            two_factor: TwoFactor {
                enabled: true,
                secret: Some("JBSWY3DPEHPK3PXP".into()),
                recovery_code_hashes: vec!["ab12".into(), "cd34".into()],
                last_used_step: Some(56_666_666),
            },
            consent: Consent {
                terms_accepted_at: Some(at(0)),
                terms_version: Some("2024-01".into()),
                marketing: true,
                marketing_updated_at: Some(at(0)),
                privacy_accepted_at: Some(at(0)),
            },
            login_history: vec![LoginEvent {
                at: at(2),
                ip: Some("197.248.1.1".into()),
                user_agent: Some("BaiTech/1.0 (iOS)".into()),
                success: true,
            }],
            email_verified_at: Some(at(0)),
            phone_verified_at: Some(at(0)),
            failed_logins: 1,
            locked_until: Some(at(3)),
            last_login_at: Some(at(2)),
            token_version: 3,
            deleted_at: None,
            created_at: at(0),
            updated_at: at(2),
        }
    }

    #[test]
    fn changed_fields_are_the_ones_that_differ() {
        let before = sample();
        let mut after = before.clone();
        after.profile.bio = None;
        after.first_name = "Amina".into();
        after.status = UserStatus::Suspended;
        let all = [
            UserField::Bio,
            UserField::FirstName,
            UserField::Avatar,
            UserField::Status,
        ];
        assert_eq!(
            UserField::changed(&before, &after, &all),
            [UserField::Bio, UserField::FirstName, UserField::Status]
        );
        assert!(UserField::Status.is_security() && !UserField::Bio.is_security());
        let mut gone = after.clone();
        gone.deleted_at = Some(at(9));
        assert!(UserGuard::Exists.admits(&gone) && !UserGuard::Live.admits(&gone));
        assert!(UserGuard::Live.admits(&after) && !UserGuard::Writable.admits(&after));
    }

    #[test]
    fn a_full_user_round_trips_through_json_and_bson() {
        assert_round_trips(&sample());
    }

    #[test]
    fn a_minimal_document_fills_in_defaults() {
        let json = serde_json::json!({
            "_id": Id::from_parts(1, 1).to_hex(),
            "firstName": "A", "lastName": "B",
            "email": "a@b.co", "phoneNumber": "0712345678",
            "role": "customer", "status": "active",
            "createdAt": "2024-01-01T00:00:00.000Z", "updatedAt": "2024-01-01T00:00:00.000Z",
        });
        let user: User = serde_json::from_value(json).unwrap();
        assert_eq!(user.profile.language, "en");
        assert_eq!(user.kyc.status, KycStatus::NotSubmitted);
        assert_eq!(user.rating, RatingStats::default());
        assert!(user.technician.is_none() && user.fcm_tokens.is_empty());
    }

    #[test]
    fn enum_spellings_match_serde() {
        assert_enum_strings(Role::ALL, Role::as_str);
        assert_enum_strings(UserStatus::ALL, UserStatus::as_str);
        assert_enum_strings(KycStatus::ALL, KycStatus::as_str);
        assert_enum_strings(KycDocumentKind::ALL, KycDocumentKind::as_str);
        assert_enum_strings(KycDocumentStatus::ALL, KycDocumentStatus::as_str);
        assert_enum_strings(Gender::ALL, Gender::as_str);
        assert_enum_strings(Platform::ALL, Platform::as_str);
        assert_enum_strings(SkillLevel::ALL, SkillLevel::as_str);
        assert_enum_strings(Weekday::ALL, Weekday::as_str);
        assert_eq!(
            UserStatus::parse("pending_verification"),
            Some(UserStatus::PendingVerification)
        );
        assert_eq!(Role::parse("root"), None);
    }

    #[test]
    fn names_roles_and_deletion() {
        let mut u = sample();
        assert_eq!(u.full_name(), "Wanjiru Kamau");
        assert!(u.is_technician() && !u.is_admin() && !u.is_deleted());
        u.deleted_at = Some(at(5));
        assert!(u.is_deleted());
        assert!(u.is_locked(at(2)) && !u.is_locked(at(3)));
    }

    #[test]
    fn login_history_keeps_only_the_newest_entries() {
        let mut u = sample();
        for h in 0..30 {
            u.record_login(LoginEvent {
                at: at(10 + h),
                ip: None,
                user_agent: None,
                success: h % 2 == 0,
            });
        }
        assert_eq!(u.login_history.len(), LOGIN_HISTORY_LIMIT);
        assert_eq!(u.login_history.last().unwrap().at, at(39));
    }
}
