//! What a technician offers: skills, categories, rate and radius, portfolio, certifications,
//! and the running job statistics matching reads. Working hours are in [`super::availability`].

use serde::{Deserialize, Serialize};

use super::availability::Availability;
use crate::domain::enums::string_enum;
use crate::domain::id::Id;
use crate::domain::money::{Currency, Money};
use crate::domain::time::Timestamp;

/// What a technician offers, where and when, and how they have done so far.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TechnicianProfile {
    #[serde(default)]
    pub skills: Vec<Skill>,
    /// Category slugs, e.g. `plumbing`, `electrical`.
    #[serde(default)]
    pub service_categories: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hourly_rate: Option<Money>,
    /// How far from their location the technician takes jobs.
    #[serde(default = "default_service_radius_km")]
    pub service_radius_km: f64,
    #[serde(default)]
    pub portfolio: Vec<PortfolioItem>,
    #[serde(default)]
    pub availability: Availability,
    #[serde(default)]
    pub stats: TechnicianStats,
    /// KYC approved and skills checked by an admin.
    #[serde(default)]
    pub verified: bool,
    #[serde(default)]
    pub certifications: Vec<Certification>,
}

fn default_service_radius_km() -> f64 {
    10.0
}

impl Default for TechnicianProfile {
    fn default() -> Self {
        TechnicianProfile {
            skills: Vec::new(),
            service_categories: Vec::new(),
            hourly_rate: None,
            service_radius_km: default_service_radius_km(),
            portfolio: Vec::new(),
            availability: Availability::default(),
            stats: TechnicianStats::default(),
            verified: false,
            certifications: Vec::new(),
        }
    }
}

/// One skill and how well the technician masters it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Skill {
    pub name: String,
    #[serde(default)]
    pub level: SkillLevel,
    #[serde(default)]
    pub years_of_experience: u32,
}

string_enum! {
    /// How experienced a technician is in one skill.
    #[derive(Default)]
    pub enum SkillLevel {
        Beginner = "beginner",
        #[default]
        Intermediate = "intermediate",
        Expert = "expert",
        Master = "master",
    }
}

/// A finished job shown on the technician's profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PortfolioItem {
    #[serde(rename = "_id")]
    pub id: Id,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default)]
    pub images: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completed_at: Option<Timestamp>,
    /// The platform booking the work was done for, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booking: Option<Id>,
}

/// Running job statistics of a technician (used by matching).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TechnicianStats {
    #[serde(default)]
    pub jobs_completed: i64,
    #[serde(default)]
    pub jobs_cancelled: i64,
    /// Completed ÷ (completed + cancelled), 0.0..=1.0.
    #[serde(default)]
    pub completion_rate: f64,
    #[serde(default)]
    pub avg_response_minutes: f64,
    pub total_earnings: Money,
}

impl TechnicianStats {
    /// Completed ÷ (completed + cancelled); 0 before the first job.
    pub fn completion_rate_of(completed: i64, cancelled: i64) -> f64 {
        let ended = completed + cancelled;
        if ended > 0 {
            completed as f64 / ended as f64
        } else {
            0.0
        }
    }
}

impl Default for TechnicianStats {
    fn default() -> Self {
        TechnicianStats {
            jobs_completed: 0,
            jobs_cancelled: 0,
            completion_rate: 0.0,
            avg_response_minutes: 0.0,
            total_earnings: Money::zero(Currency::default()),
        }
    }
}

/// A trade certificate or licence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Certification {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued_at: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<Timestamp>,
    /// Scan of the certificate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default)]
    pub verified: bool,
}
