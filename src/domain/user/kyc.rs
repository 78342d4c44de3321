//! Identity verification (KYC): where a user's check stands and the documents they uploaded.

use serde::{Deserialize, Serialize};

use crate::domain::enums::string_enum;
use crate::domain::id::Id;
use crate::domain::time::Timestamp;

/// Identity verification (KYC) of a user.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Kyc {
    #[serde(default)]
    pub status: KycStatus,
    #[serde(default)]
    pub documents: Vec<KycDocument>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submitted_at: Option<Timestamp>,
    /// The admin who approved or rejected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviewed_by: Option<Id>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviewed_at: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rejection_reason: Option<String>,
}

string_enum! {
    /// Where a user's identity verification stands.
    #[derive(Default)]
    pub enum KycStatus {
        #[default]
        NotSubmitted = "not_submitted",
        Pending = "pending",
        Approved = "approved",
        Rejected = "rejected",
    }
}

/// One uploaded identity document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct KycDocument {
    #[serde(rename = "type")]
    pub kind: KycDocumentKind,
    pub url: String,
    pub uploaded_at: Timestamp,
    #[serde(default)]
    pub status: KycDocumentStatus,
}

string_enum! {
    /// Kinds of identity documents a user can upload.
    pub enum KycDocumentKind {
        NationalId = "national_id",
        Passport = "passport",
        DriversLicense = "drivers_license",
        BusinessPermit = "business_permit",
        TaxPin = "tax_pin",
        Certificate = "certificate",
        Selfie = "selfie",
        Other = "other",
    }
}

string_enum! {
    /// Review state of one uploaded KYC document.
    #[derive(Default)]
    pub enum KycDocumentStatus {
        #[default]
        Pending = "pending",
        Approved = "approved",
        Rejected = "rejected",
    }
}
