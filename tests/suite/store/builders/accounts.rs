//! Accounts: users of every role, their auth tokens and audit entries about them.

use baitech::domain::audit::AuditEntry;
use baitech::domain::geo::Location;
use baitech::domain::review::CategoryRatings;
use baitech::domain::token::{AuthToken, TokenKind, hash_token};
use baitech::domain::user::{
    Availability, Certification, Consent, CorporateProfile, DaySchedule, FcmToken, Gender, Kyc,
    KycDocument, KycDocumentKind, KycDocumentStatus, KycStatus, LoginEvent, Platform,
    PortfolioItem, Profile, RatingStats, Role, Skill, SkillLevel, TechnicianProfile,
    TechnicianStats, TimeOff, TimeSlot, TwoFactor, User, UserStatus, Weekday,
};
use baitech::domain::{Id, Money, Timestamp};

use super::{at, email, fresh_phone, next_id, point, unique};

/// An active user of `role` with only the required fields; `tag` makes the email.
pub fn user(role: Role, tag: &str) -> User {
    User {
        id: next_id(),
        first_name: "Amani".into(),
        last_name: "Mwangi".into(),
        username: None,
        email: email(tag),
        phone_number: fresh_phone(),
        password_hash: None,
        role,
        status: UserStatus::Active,
        profile: Profile::default(),
        location: None,
        kyc: Kyc::default(),
        technician: None,
        corporate: None,
        fcm_tokens: Vec::new(),
        followers_count: 0,
        following_count: 0,
        rating: RatingStats::default(),
        two_factor: TwoFactor::default(),
        consent: Consent::default(),
        login_history: Vec::new(),
        email_verified_at: None,
        phone_verified_at: None,
        failed_logins: 0,
        token_version: 0,
        locked_until: None,
        last_login_at: None,
        deleted_at: None,
        created_at: at(0),
        updated_at: at(0),
    }
}

pub fn customer(tag: &str) -> User {
    user(Role::Customer, tag)
}

/// An active technician in Nairobi at `(lng, lat)` with these skills and average rating.
pub fn technician(tag: &str, lng: f64, lat: f64, skills: &[&str], rating: f64) -> User {
    let mut u = user(Role::Technician, tag);
    u.location = Some(Location::new(point(lng, lat), None, Some("Nairobi".into())));
    u.technician = Some(TechnicianProfile {
        skills: skills
            .iter()
            .map(|s| Skill {
                name: s.to_string(),
                level: SkillLevel::Intermediate,
                years_of_experience: 2,
            })
            .collect(),
        ..TechnicianProfile::default()
    });
    u.rating = RatingStats {
        average: rating,
        count: 1,
        ..RatingStats::default()
    };
    u
}

/// Marks a user deleted the way account deletion does.
pub fn deleted(mut u: User) -> User {
    u.status = UserStatus::Deleted;
    u.deleted_at = Some(at(1));
    u
}

/// A technician with every field group of the user document filled in.
pub fn full_user(tag: &str) -> User {
    let mut u = user(Role::Technician, tag);
    u.first_name = "Wanjiru".into();
    u.last_name = "Kamau".into();
    u.username = Some(format!("wanjiru_{}", unique()));
    u.password_hash = Some("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into());
    u.profile = Profile {
        avatar: Some("https://res.cloudinary.com/demo/avatar.jpg".into()),
        bio: Some("Licensed electrician, 8 years".into()),
        business_name: Some("Kamau Electrical".into()),
        gender: Some(Gender::Female),
        date_of_birth: chrono::NaiveDate::from_ymd_opt(1990, 5, 17),
        language: "sw".into(),
    };
    u.location = Some(Location {
        county: Some("Nairobi County".into()),
        ..Location::new(
            point(36.8219, -1.2921),
            Some("Moi Avenue".into()),
            Some("Nairobi".into()),
        )
    });
    u.kyc = Kyc {
        status: KycStatus::Approved,
        documents: vec![KycDocument {
            kind: KycDocumentKind::NationalId,
            url: "https://res.cloudinary.com/demo/id.jpg".into(),
            uploaded_at: at(-60),
            status: KycDocumentStatus::Approved,
        }],
        submitted_at: Some(at(-60)),
        reviewed_by: Some(Id::new()),
        reviewed_at: Some(at(-30)),
        rejection_reason: None,
    };
    u.technician = Some(TechnicianProfile {
        skills: vec![Skill {
            name: "wiring".into(),
            level: SkillLevel::Expert,
            years_of_experience: 8,
        }],
        service_categories: vec!["electrical".into()],
        hourly_rate: Some(Money::kes(150_000)),
        service_radius_km: 15.5,
        portfolio: vec![PortfolioItem {
            id: next_id(),
            title: "Office rewiring".into(),
            description: Some("Three floors".into()),
            images: vec!["https://res.cloudinary.com/demo/p1.jpg".into()],
            category: Some("electrical".into()),
            completed_at: Some(at(-6000)),
            booking: Some(Id::new()),
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
                from: at(2880),
                to: at(4320),
                reason: Some("family".into()),
            }],
            available_now: true,
            timezone: "Africa/Nairobi".into(),
        },
        stats: TechnicianStats {
            jobs_completed: 40,
            jobs_cancelled: 2,
            completion_rate: 40.0 / 42.0,
            avg_response_minutes: 12.5,
            total_earnings: Money::kes(12_000_000),
        },
        verified: true,
        certifications: vec![Certification {
            name: "EPRA Class A1".into(),
            issuer: Some("EPRA".into()),
            issued_at: Some(at(-600_000)),
            expires_at: Some(at(600_000)),
            url: Some("https://res.cloudinary.com/demo/cert.pdf".into()),
            verified: true,
        }],
    });
    u.corporate = Some(CorporateProfile {
        company_name: "Acme Kenya Ltd".into(),
        registration_number: Some("PVT-123".into()),
        tax_pin: Some("P051234567X".into()),
        billing_email: Some(email(&format!("billing{}", unique()))),
        sites: vec!["Westlands HQ".into()],
        members: vec![Id::new()],
    });
    u.fcm_tokens = vec![FcmToken {
        token: "fcm_device_token".into(),
        device: Some("iPhone 14 Pro".into()),
        platform: Platform::Ios,
        added_at: at(-60),
        last_used_at: Some(at(-5)),
    }];
    u.followers_count = 12;
    u.following_count = 3;
    u.rating = RatingStats::default();
    u.rating.add(
        5,
        &CategoryRatings {
            quality: 5,
            professionalism: 5,
            communication: 4,
            punctuality: 3,
            value_for_money: 5,
        },
    );
    u.rating.add(
        4,
        &CategoryRatings {
            quality: 4,
            professionalism: 5,
            communication: 4,
            punctuality: 4,
            value_for_money: 4,
        },
    );
    u.two_factor = TwoFactor {
        enabled: true,
        secret: Some("JBSWY3DPEHPK3PXP".into()),
        recovery_code_hashes: vec!["ab12".into(), "cd34".into()],
        last_used_step: Some(56_666_666),
    };
    u.consent = Consent {
        terms_accepted_at: Some(at(-60)),
        terms_version: Some("2024-01".into()),
        marketing: true,
        marketing_updated_at: Some(at(-60)),
        privacy_accepted_at: Some(at(-60)),
    };
    u.login_history = vec![LoginEvent {
        at: at(-5),
        ip: Some("197.248.1.1".into()),
        user_agent: Some("BaiTech/1.0 (iOS)".into()),
        success: true,
    }];
    u.email_verified_at = Some(at(-59));
    u.phone_verified_at = Some(at(-58));
    u.failed_logins = 1;
    u.locked_until = Some(at(10));
    u.last_login_at = Some(at(-5));
    u.created_at = at(-60);
    u.updated_at = at(-5);
    u
}

/// A live token of `kind` for `user`, stored as the hash of `raw`, expiring at `expires_at`.
pub fn token(user: Id, kind: TokenKind, raw: &str, expires_at: Timestamp) -> AuthToken {
    AuthToken {
        id: next_id(),
        user,
        kind,
        token_hash: hash_token(raw),
        family: None,
        expires_at,
        used_at: None,
        revoked_at: None,
        created_at: at(0),
        user_agent: Some("BaiTech/1.0 (Android)".into()),
        ip: Some("197.248.1.1".into()),
    }
}

pub fn audit(
    actor: Option<Id>,
    action: &str,
    target_kind: &str,
    target_id: Option<Id>,
    minute: i64,
) -> AuditEntry {
    AuditEntry {
        id: next_id(),
        ..AuditEntry::new(
            actor,
            "cli:admin@baitech.co.ke",
            action,
            target_kind,
            target_id,
            at(minute),
        )
    }
}
