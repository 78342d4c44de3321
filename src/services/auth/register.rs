//! Registration of customer, technician and corporate accounts (admin and support accounts
//! are created by operators through the CLI). Every field is checked before anything is
//! written, and every problem is reported at once.

use serde::Deserialize;

use crate::app::App;
use crate::auth::password;
use crate::domain::token::TokenKind;
use crate::domain::user::{Consent, CorporateProfile, Role, TechnicianProfile, User, UserStatus};
use crate::domain::{Email, Id, Phone, Timestamp};
use crate::error::{Error, Result};
use crate::ratelimit::Rule;
use crate::services::input::{Field, Problems, UnknownKeys, check_person_name, text};

use super::sessions::{self, Session};
use super::{EMAIL_VERIFICATION_TTL, RequestMeta, mail, tokens};

/// The terms of service a registration accepts unless the client names another version.
pub const TERMS_VERSION: &str = "2025-01";
/// Longest terms version a client may name (as `PUT /users/me/consent` allows).
const TERMS_VERSION_MAX: usize = 40;
/// Longest company name (as a technician's business name).
const COMPANY_NAME_MAX: usize = 100;
/// The fields of a registration; anything else is refused by name.
const FIELDS: &[&str] = &[
    "firstName",
    "lastName",
    "email",
    "phoneNumber",
    "password",
    "role",
    "acceptTerms",
    "termsVersion",
    "marketingOptIn",
    "companyName",
];

/// `POST /auth/register` as sent. Every field is a [`Field`] so that all missing, mistyped
/// and invalid ones are reported together; `role` defaults to customer, as in the original API.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(default, rename_all = "camelCase")]
pub struct RegisterInput {
    #[schema(value_type = String)]
    pub first_name: Field<String>,
    #[schema(value_type = String)]
    pub last_name: Field<String>,
    #[schema(value_type = String, format = Email)]
    pub email: Field<String>,
    /// E.164 or a Kenyan format (`0712 345 678`).
    #[schema(value_type = String)]
    pub phone_number: Field<String>,
    #[schema(value_type = String, format = Password)]
    pub password: Field<String>,
    /// `customer` (the default), `technician` or `corporate`.
    #[schema(value_type = Option<String>)]
    pub role: Field<String>,
    /// Registering accepts the terms; a client may send `false` to refuse them explicitly.
    #[schema(value_type = Option<bool>)]
    pub accept_terms: Field<bool>,
    #[schema(value_type = Option<String>)]
    pub terms_version: Field<String>,
    #[schema(value_type = Option<bool>)]
    pub marketing_opt_in: Field<bool>,
    /// Corporate accounts: the company's name (defaults to the contact's full name).
    #[schema(value_type = Option<String>)]
    pub company_name: Field<String>,
    /// Every other key the client sent: refused, each named (`isAdmin`, `status`, `kyc`...).
    #[serde(flatten)]
    #[schema(ignore)]
    pub unknown: UnknownKeys,
}

/// A registration whose every field is valid: made only from a [`RegisterInput`] that passes
/// every check (`NewAccount::try_from`).
#[derive(Debug)]
pub struct NewAccount {
    first_name: String,
    last_name: String,
    email: Email,
    phone: Phone,
    password: String,
    role: Role,
    terms_version: String,
    marketing: bool,
    company_name: Option<String>,
}

/// A first or last name: the rule `PUT /users/me` applies too.
fn name(p: &mut Problems, field: &str, v: Field<String>) -> Option<String> {
    let v = v.required_text(p, field)?;
    check_person_name(&v).map_err(|why| p.push(field, why)).ok()
}

/// An optional free-text field: absent or blank is `None`; otherwise trimmed, at most `max`
/// characters and free of control and bidi-override characters.
fn optional_text(p: &mut Problems, field: &str, v: Field<String>, max: usize) -> Option<String> {
    let v = v.optional(p, field)?;
    if v.trim().is_empty() {
        return None;
    }
    text(p, field, &v, 1, max)
}

fn role(p: &mut Problems, v: Field<String>) -> Option<Role> {
    let given = match v {
        Field::Invalid(why) => {
            p.push("role", why);
            return None;
        }
        other => other.ok(),
    };
    let Some(raw) = given
        .map(|s| s.trim().to_lowercase())
        .filter(|s| !s.is_empty())
    else {
        return Some(Role::Customer);
    };
    match Role::parse(&raw) {
        Some(r @ (Role::Customer | Role::Technician | Role::Corporate)) => Some(r),
        Some(Role::Admin | Role::Support) => {
            p.push(
                "role",
                "admin and support accounts are created by an operator, not by registration",
            );
            None
        }
        None => {
            p.push("role", "must be customer, technician or corporate");
            None
        }
    }
}

impl TryFrom<RegisterInput> for NewAccount {
    type Error = Error;

    /// Every problem of the registration at once, a wrong type among them.
    fn try_from(req: RegisterInput) -> Result<NewAccount> {
        let mut p = Problems::new();
        for key in req.unknown.keys() {
            p.push(
                key,
                format!(
                    "is not a field of a registration (expected {})",
                    FIELDS.join(", ")
                ),
            );
        }
        let first_name = name(&mut p, "firstName", req.first_name);
        let last_name = name(&mut p, "lastName", req.last_name);
        let email = req
            .email
            .required_text(&mut p, "email")
            .and_then(|e| Email::parse(&e).map_err(|m| p.push("email", m)).ok());
        let phone = req
            .phone_number
            .required_text(&mut p, "phoneNumber")
            .and_then(|ph| Phone::parse(&ph).map_err(|m| p.push("phoneNumber", m)).ok());
        let password = required_secret(&mut p, "password", req.password);
        if let Some(pw) = &password {
            let local = email
                .as_ref()
                .map(|e| e.as_str().split('@').next().unwrap_or("").to_string());
            let personal: Vec<&str> = [
                first_name.as_deref(),
                last_name.as_deref(),
                local.as_deref(),
            ]
            .into_iter()
            .flatten()
            .collect();
            p.extend(password::check_policy(pw, &personal));
        }
        let role = role(&mut p, req.role);
        if req.accept_terms.optional(&mut p, "acceptTerms") == Some(false) {
            p.push(
                "acceptTerms",
                "the terms of service must be accepted to register",
            );
        }
        let terms_version =
            optional_text(&mut p, "termsVersion", req.terms_version, TERMS_VERSION_MAX);
        let company_name = optional_text(&mut p, "companyName", req.company_name, COMPANY_NAME_MAX);
        let marketing = req.marketing_opt_in.optional(&mut p, "marketingOptIn");
        let all = first_name
            .zip(last_name)
            .zip(email.zip(phone))
            .zip(password.zip(role));
        let (((first_name, last_name), (email, phone)), (password, role)) = p.finish_with(all)?;
        Ok(NewAccount {
            first_name,
            last_name,
            email,
            phone,
            password,
            role,
            terms_version: terms_version.unwrap_or_else(|| TERMS_VERSION.to_string()),
            marketing: marketing.unwrap_or(false),
            company_name,
        })
    }
}

/// A password as sent (not trimmed: spaces are part of it); missing or empty is required.
fn required_secret(p: &mut Problems, field: &str, v: Field<String>) -> Option<String> {
    match v {
        Field::Set(s) if !s.is_empty() => Some(s),
        Field::Invalid(why) => {
            p.push(field, why);
            None
        }
        _ => {
            p.push(field, "is required");
            None
        }
    }
}

/// 409 naming every identifier that is already registered.
async fn ensure_unused(app: &App, email: &Email, phone: &Phone) -> Result<()> {
    let (by_email, by_phone) = tokio::try_join!(
        app.store.users.find_user_by_email(email),
        app.store.users.find_user_by_phone(phone)
    )?;
    match (by_email.is_some(), by_phone.is_some()) {
        (false, false) => Ok(()),
        (true, false) => Err(Error::Conflict("email is already registered".into())),
        (false, true) => Err(Error::Conflict("phone number is already registered".into())),
        (true, true) => Err(Error::Conflict(
            "email and phone number are already registered".into(),
        )),
    }
}

fn new_user(a: NewAccount, password_hash: String) -> User {
    let now = Timestamp::now();
    let full_name = format!("{} {}", a.first_name, a.last_name);
    User {
        id: Id::new(),
        first_name: a.first_name,
        last_name: a.last_name,
        username: None,
        email: a.email,
        phone_number: a.phone,
        password_hash: Some(password_hash),
        role: a.role,
        status: UserStatus::PendingVerification,
        profile: Default::default(),
        location: None,
        kyc: Default::default(),
        technician: (a.role == Role::Technician).then(TechnicianProfile::default),
        corporate: (a.role == Role::Corporate).then(|| CorporateProfile {
            company_name: a.company_name.unwrap_or(full_name),
            ..Default::default()
        }),
        fcm_tokens: Vec::new(),
        followers_count: 0,
        following_count: 0,
        rating: Default::default(),
        two_factor: Default::default(),
        consent: Consent {
            terms_accepted_at: Some(now),
            terms_version: Some(a.terms_version),
            marketing: a.marketing,
            marketing_updated_at: Some(now),
            privacy_accepted_at: Some(now),
        },
        login_history: Vec::new(),
        email_verified_at: None,
        phone_verified_at: None,
        failed_logins: 0,
        token_version: 0,
        locked_until: None,
        last_login_at: None,
        deleted_at: None,
        created_at: now,
        updated_at: now,
    }
}

/// `POST /auth/register`: creates the account, mails a verification code and signs it in.
pub async fn register(app: &App, account: NewAccount, meta: &RequestMeta) -> Result<Session> {
    app.rate_limits
        .check(app.cache.as_ref(), Rule::RegisterPerIp, &meta.ip_subject())
        .await?;
    ensure_unused(app, &account.email, &account.phone).await?;
    let hash = password::hash_async(account.password.clone()).await?;
    let user = new_user(account, hash);
    // A concurrent registration of the same e-mail or phone still fails here: the store's
    // unique indexes turn it into the same 409.
    app.store.users.insert(&user).await?;
    let token = tokens::issue(
        app,
        user.id,
        TokenKind::EmailVerification,
        EMAIL_VERIFICATION_TTL,
        meta,
    )
    .await?;
    mail::send_in_background(app, mail::verification(&user, &token));
    sessions::start(app, user, meta).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(r: Result<NewAccount>) -> Vec<String> {
        match r {
            Err(Error::Validation(errs)) => errs.into_iter().map(|e| e.field).collect(),
            Err(e) => panic!("expected a validation error, got {e:?}"),
            Ok(_) => panic!("expected a validation error"),
        }
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let f = fields(NewAccount::try_from(RegisterInput {
            first_name: Field::Set("  ".into()),
            last_name: Field::Set("K4m4u".into()),
            email: Field::Set("not-an-email".into()),
            phone_number: Field::Set("12".into()),
            password: Field::Set("short".into()),
            role: Field::Set("admin".into()),
            accept_terms: Field::Set(false),
            ..Default::default()
        }));
        for expected in [
            "firstName",
            "lastName",
            "email",
            "phoneNumber",
            "password",
            "role",
            "acceptTerms",
        ] {
            assert!(
                f.iter().any(|x| x == expected),
                "{expected} missing from {f:?}"
            );
        }
    }

    #[test]
    fn a_valid_registration_normalizes_contacts_and_defaults_the_role() {
        let a = NewAccount::try_from(RegisterInput {
            first_name: Field::Set(" Wanjiru ".into()),
            last_name: Field::Set("O'Neil-Kamau".into()),
            email: Field::Set("Wanjiru@Example.CO.KE".into()),
            phone_number: Field::Set("0712 345 678".into()),
            password: Field::Set("Mango-Tree-42".into()),
            ..Default::default()
        })
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(a.first_name, "Wanjiru");
        assert_eq!(a.email.as_str(), "wanjiru@example.co.ke");
        assert_eq!(a.phone.as_str(), "+254712345678");
        assert_eq!(a.role, Role::Customer);
        let u = new_user(a, "$argon2id$x".into());
        assert!(u.technician.is_none() && u.consent.terms_accepted_at.is_some());
    }

    fn valid() -> RegisterInput {
        RegisterInput {
            first_name: Field::Set("Achieng".into()),
            last_name: Field::Set("Otieno".into()),
            email: Field::Set("achieng@example.com".into()),
            phone_number: Field::Set("0712345678".into()),
            password: Field::Set("Mango-Tree-42".into()),
            ..Default::default()
        }
    }

    #[test]
    fn unknown_fields_are_each_named() {
        let mut req = valid();
        req.unknown = serde_json::from_value(
            serde_json::json!({"status": true, "isAdmin": true, "kyc": true}),
        )
        .unwrap();
        let mut f = fields(NewAccount::try_from(req));
        f.sort();
        assert_eq!(f, ["isAdmin", "kyc", "status"]);
    }

    #[test]
    fn free_text_fields_are_bounded_not_cut() {
        let big = "x".repeat(10 * 1024);
        let f = fields(NewAccount::try_from(RegisterInput {
            terms_version: Field::Set(big.clone()),
            company_name: Field::Set(big),
            ..valid()
        }));
        assert_eq!(f, ["termsVersion", "companyName"]);
        let f = fields(NewAccount::try_from(RegisterInput {
            company_name: Field::Set("Acme\u{202e}Ltd".into()),
            ..valid()
        }));
        assert_eq!(f, ["companyName"]);
        let a = NewAccount::try_from(RegisterInput {
            terms_version: Field::Set(" 2025-06 ".into()),
            company_name: Field::Set("  ".into()),
            ..valid()
        })
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(a.terms_version, "2025-06");
        assert_eq!(a.company_name, None);
    }

    #[test]
    fn passwords_may_not_contain_the_name_or_email() {
        let f = fields(NewAccount::try_from(RegisterInput {
            email: Field::Set("mamba@example.com".into()),
            password: Field::Set("Mamba-2024x".into()),
            ..valid()
        }));
        assert_eq!(f, ["password"]);
    }
}
