//! Test users: accounts written straight to the store with a known password, and an access
//! token for them, so route tests need not go through registration.

use std::sync::OnceLock;

use baitech::auth::{TokenUse, jwt::ACCESS_TTL};
use baitech::domain::user::{Role, TechnicianProfile, User, UserStatus};
use baitech::domain::{Email, GeoPoint, Id, Location, Phone, Timestamp};

use super::TestApp;

/// The password every [`TestUser`] has.
pub const PASSWORD: &str = "Str0ng-Pass-Word";

fn password_hash() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| baitech::auth::password::hash(PASSWORD).expect("hash"))
}

/// An account in the test store and a bearer token for it.
#[derive(Debug, Clone)]
pub struct TestUser {
    pub id: Id,
    pub role: Role,
    pub email: String,
    pub phone: String,
    pub token: String,
}

impl TestUser {
    pub fn bearer(&self) -> String {
        format!("Bearer {}", self.token)
    }
}

/// A valid user document of `role` with a unique email and phone derived from `n`.
pub fn user_doc(role: Role, n: u32) -> User {
    let now = Timestamp::now();
    let id = Id::new();
    let tag = &id.to_hex()[16..];
    User {
        id,
        first_name: format!("Test{n}"),
        last_name: "Mwangi".into(),
        username: None,
        email: Email::parse(&format!("user{n}.{tag}@example.co.ke")).unwrap(),
        // the last three id bytes are the ObjectId counter: unique per process
        phone_number: Phone::parse(&format!(
            "+2547{:08}",
            u32::from_str_radix(&tag[2..8], 16).unwrap()
        ))
        .unwrap(),
        password_hash: Some(password_hash().to_string()),
        role,
        status: UserStatus::Active,
        profile: Default::default(),
        location: (role == Role::Technician).then(|| {
            Location::new(
                GeoPoint::new(36.8219, -1.2921).unwrap(),
                None,
                Some("Nairobi".into()),
            )
        }),
        kyc: Default::default(),
        technician: (role == Role::Technician).then(TechnicianProfile::default),
        corporate: None,
        fcm_tokens: Vec::new(),
        followers_count: 0,
        following_count: 0,
        rating: Default::default(),
        two_factor: Default::default(),
        consent: Default::default(),
        login_history: Vec::new(),
        email_verified_at: Some(now),
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

impl TestApp {
    /// Stores `user` and returns it with a fresh access token.
    pub async fn add_user(&self, user: User) -> TestUser {
        self.app
            .store
            .users
            .insert(&user)
            .await
            .expect("insert test user");
        TestUser {
            id: user.id,
            role: user.role,
            email: user.email.to_string(),
            phone: user.phone_number.to_string(),
            token: self.access_token(user.id, user.role, 0),
        }
    }

    /// An access token for `id` as `role`, issued `offset` seconds from now (negative: ago).
    pub fn access_token(&self, id: Id, role: Role, offset: i64) -> String {
        let (token, _) = self
            .app
            .jwt
            .issue(
                id,
                role,
                TokenUse::Access,
                chrono::Utc::now().timestamp() + offset,
                ACCESS_TTL,
                0,
            )
            .expect("issue token");
        token
    }

    /// A new active user of `role` with a token.
    pub async fn user(&self, role: Role) -> TestUser {
        static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(1);
        let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.add_user(user_doc(role, n)).await
    }
}
