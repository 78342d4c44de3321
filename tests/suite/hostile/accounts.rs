//! Account decisions under concurrency, on both adapters: a password change, an admin
//! suspension and the failed-login count must survive the account holder's own parallel
//! profile writes; parallel writes of different fields all land; parallel follows count
//! exactly; and an access token stops working the moment its account is deleted, suspended,
//! signed out everywhere or given a new password (also through the Redis cache), or when it
//! claims to be issued in the future. The decisions race clients that keep writing the
//! profile for as long as the decision takes, the way a busy phone does.

use rstest::rstest;
use rstest_reuse::apply;

use crate::common::both_backends;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use baitech::cache::{Cache, RedisCache};
use baitech::domain::Timestamp;
use baitech::domain::user::{Role, UserStatus};
use futures::future::join_all;
use reqwest::Method;
use serde_json::{Value, json};

use crate::bookings::{new_booking, person};
use crate::common::users::{PASSWORD, TestUser};
use crate::common::{self, Backend, TestApp};
use crate::users::http::{assert_refused_as_suspended, get, post, put, set_status, stored};

/// `user` with another access token (the one a login or password change handed out).
fn with_token(user: &TestUser, token: &str) -> TestUser {
    TestUser {
        token: token.to_string(),
        ..user.clone()
    }
}

async fn login(app: &TestApp, email: &str, password: &str) -> (u16, Value) {
    crate::auth::post(
        app,
        "/login",
        None,
        json!({ "email": email, "password": password }),
    )
    .await
}

/// Runs `decision` while six clients of `user` keep writing the bio with `user`'s token (each
/// at least once, and on until the decision has answered, as a busy phone would); returns the
/// decision's answer.
async fn during_bio_writes<F>(app: &TestApp, user: &TestUser, decision: F) -> (u16, Value)
where
    F: std::future::Future<Output = (u16, Value)>,
{
    let done = AtomicBool::new(false);
    let writer = |i: usize| {
        let done = &done;
        async move {
            let mut n = 0;
            loop {
                let body = json!({ "profile": { "bio": format!("writer {i} write {n}") } });
                put(app, "/users/me", user, body).await;
                n += 1;
                if done.load(Ordering::SeqCst) || n >= 200 {
                    break;
                }
            }
        }
    };
    let decide = async {
        let answer = decision.await;
        done.store(true, Ordering::SeqCst);
        answer
    };
    let (answer, _) = tokio::join!(decide, join_all((0..6).map(writer)));
    answer
}

#[apply(both_backends)]
async fn a_password_change_survives_parallel_profile_writes(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let mut user = person(&app, Role::Customer).await;
    let mut current = PASSWORD.to_string();
    let mut undone = 0;
    for round in 0..3 {
        let new = format!("Mango-Tree-42x-{round}");
        let change = crate::auth::post(
            &app,
            "/change-password",
            Some(&user.token),
            json!({ "currentPassword": current, "newPassword": new }),
        );
        let changed = during_bio_writes(&app, &user, change).await;
        assert_eq!(changed.0, 200, "round {round}: {}", changed.1);
        let old_works = login(&app, &user.email, &current).await.0 == 200;
        let new_works = login(&app, &user.email, &new).await.0 == 200;
        undone += usize::from(old_works || !new_works);
        let token = changed.1["data"]["accessToken"].as_str().unwrap();
        user = with_token(&user, token);
        if new_works {
            current = new;
        }
    }
    println!("{b:?}: password undone in {undone} of 3 rounds");
    assert_eq!(undone, 0, "the new password works and the old one does not");
}

#[apply(both_backends)]
async fn an_admin_suspension_survives_concurrent_profile_writes(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let admin = person(&app, Role::Admin).await;
    let user = person(&app, Role::Customer).await;
    let mut undone = 0;
    for round in 0..3 {
        let suspend = set_status(
            &app,
            &admin,
            user.id,
            "suspended",
            "chargeback investigation",
        );
        let suspended = during_bio_writes(&app, &user, suspend).await;
        assert_eq!(suspended.0, 200, "round {round}: {}", suspended.1);
        let status = stored(&app, user.id).await.status;
        undone += usize::from(status != UserStatus::Suspended);
        let (s, v) = set_status(&app, &admin, user.id, "active", "cleared").await;
        assert_eq!(s, 200, "{v}");
    }
    println!("{b:?}: suspension undone in {undone} of 3 rounds");
    assert_eq!(undone, 0, "the suspension stays");
    // A write after the decision is refused, not stored.
    let again = set_status(&app, &admin, user.id, "suspended", "again").await;
    assert_eq!(again.0, 200, "{}", again.1);
    let (s, v) = put(&app, "/users/me", &user, json!({ "firstName": "Later" })).await;
    assert_eq!(s, 403, "{v}");
    assert_ne!(stored(&app, user.id).await.first_name, "Later");
}

#[apply(both_backends)]
async fn parallel_wrong_passwords_each_count_and_lock(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let user = person(&app, Role::Customer).await;
    let answers = join_all((0..10).map(|_| login(&app, &user.email, "Wrong-Password-99"))).await;
    let refused = answers.iter().filter(|(s, _)| *s == 401).count();
    assert!(
        answers.iter().all(|(s, _)| *s == 401 || *s == 429),
        "{answers:?}"
    );
    let stored = stored(&app, user.id).await;
    println!(
        "{b:?}: 10 parallel wrong logins, {refused} answered 401, {} failures recorded",
        stored.failed_logins
    );
    assert_eq!(
        stored.failed_logins as usize, refused,
        "every 401 is counted"
    );
    assert!(refused >= 5, "{answers:?}");
    assert!(
        stored.locked_until.is_some_and(|t| t > Timestamp::now()),
        "five failures lock the account"
    );
}

const FIRST: [&str; 3] = ["Amina", "Baraka", "Chebet"];
const LAST: [&str; 3] = ["Wekesa", "Otieno", "Kiprono"];
const GENDERS: [&str; 3] = ["female", "male", "other"];
const LANGUAGES: [&str; 3] = ["sw", "en-KE", "fr"];
const ZONES: [&str; 3] = ["Africa/Kampala", "UTC", "Africa/Dar_es_Salaam"];

/// Twenty writes, each of a different field, through every route that edits the account.
fn twenty_writes(round: usize) -> Vec<(Method, &'static str, Value)> {
    let r = round;
    let profile = |field: &str, v: Value| json!({ "profile": { field: v } });
    let tech = |field: &str, v: Value| json!({ "technician": { field: v } });
    let me = |body: Value| (Method::PUT, "/users/me", body);
    let availability = |body: Value| (Method::PUT, "/users/me/availability", body);
    vec![
        me(json!({ "firstName": FIRST[r % 3] })),
        me(json!({ "lastName": LAST[r % 3] })),
        me(json!({ "username": format!("amina_{r}") })),
        me(profile("bio", json!(format!("bio {r}")))),
        me(profile(
            "avatar",
            json!(format!("https://res.cloudinary.com/x/{r}.jpg")),
        )),
        me(profile("businessName", json!(format!("Fixit {r}")))),
        me(profile("gender", json!(GENDERS[r % 3]))),
        me(profile("dateOfBirth", json!(format!("199{r}-02-03")))),
        me(profile("language", json!(LANGUAGES[r % 3]))),
        me(
            json!({ "location": { "coordinates": [36.8 + r as f64 / 100.0, -1.3], "city": format!("City{r}") } }),
        ),
        me(tech("skills", json!([{ "name": format!("skill{r}") }]))),
        me(tech("serviceCategories", json!([format!("category-{r}")]))),
        me(tech(
            "hourlyRate",
            json!({ "amount": 1000 + r, "currency": "KES" }),
        )),
        me(tech("serviceRadiusKm", json!(20 + r))),
        availability(
            json!({ "weekly": [{ "day": "monday", "slots": [{ "start": format!("0{r}:00"), "end": "17:00" }] }] }),
        ),
        availability(
            json!({ "timeOff": [{ "from": format!("2031-0{}-01T00:00:00Z", r + 1), "to": format!("2031-0{}-02T00:00:00Z", r + 1) }] }),
        ),
        availability(json!({ "availableNow": r.is_multiple_of(2) })),
        availability(json!({ "timezone": ZONES[r % 3] })),
        (
            Method::PUT,
            "/users/me/consent",
            json!({ "marketing": r.is_multiple_of(2), "termsVersion": format!("2031-{r}") }),
        ),
        (
            Method::POST,
            "/users/fcm-token",
            json!({ "token": format!("device-token-{r}"), "platform": "android" }),
        ),
    ]
}

/// Which of the twenty writes of `round` the stored account no longer shows.
fn lost_writes(u: &baitech::domain::user::User, r: usize) -> Vec<&'static str> {
    let t = u.technician.clone().unwrap_or_default();
    let a = &t.availability;
    let p = &u.profile;
    let checks = [
        ("firstName", u.first_name == FIRST[r % 3]),
        ("lastName", u.last_name == LAST[r % 3]),
        (
            "username",
            u.username.as_deref() == Some(format!("amina_{r}").as_str()),
        ),
        ("bio", p.bio.as_deref() == Some(format!("bio {r}").as_str())),
        (
            "avatar",
            p.avatar.as_deref() == Some(format!("https://res.cloudinary.com/x/{r}.jpg").as_str()),
        ),
        (
            "businessName",
            p.business_name.as_deref() == Some(format!("Fixit {r}").as_str()),
        ),
        (
            "gender",
            p.gender.map(|g| g.as_str()) == Some(GENDERS[r % 3]),
        ),
        (
            "dateOfBirth",
            p.date_of_birth.map(|d| d.to_string()) == Some(format!("199{r}-02-03")),
        ),
        ("language", p.language == LANGUAGES[r % 3]),
        (
            "location",
            u.location.as_ref().and_then(|l| l.city.clone()) == Some(format!("City{r}")),
        ),
        (
            "skills",
            t.skills.first().map(|s| s.name.clone()) == Some(format!("skill{r}")),
        ),
        (
            "serviceCategories",
            t.service_categories == [format!("category-{r}")],
        ),
        (
            "hourlyRate",
            t.hourly_rate.map(|m| m.amount) == Some(1000 + r as i64),
        ),
        ("serviceRadiusKm", t.service_radius_km == 20.0 + r as f64),
        (
            "weekly",
            a.weekly
                .first()
                .and_then(|d| d.slots.first())
                .map(|s| s.start.clone())
                == Some(format!("0{r}:00")),
        ),
        ("timeOff", a.time_off.len() == 1),
        ("availableNow", a.available_now == (r.is_multiple_of(2))),
        ("timezone", a.timezone == ZONES[r % 3]),
        (
            "consent",
            u.consent.terms_version.as_deref() == Some(format!("2031-{r}").as_str()),
        ),
        (
            "fcmToken",
            u.fcm_tokens
                .iter()
                .any(|d| d.token == format!("device-token-{r}")),
        ),
    ];
    checks
        .into_iter()
        .filter(|(_, ok)| !ok)
        .map(|(name, _)| name)
        .collect()
}

#[apply(both_backends)]
async fn parallel_writes_of_different_fields_all_survive(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let tech = person(&app, Role::Technician).await;
    let mut lost = 0;
    for round in 0..3 {
        let answers = join_all(
            twenty_writes(round)
                .into_iter()
                .map(|(m, path, body)| app.call(m, path, Some(&tech), Some(body))),
        )
        .await;
        for (s, v) in &answers {
            assert!(*s == 200 || *s == 201, "round {round}: {s} {v}");
        }
        let missing = lost_writes(&stored(&app, tech.id).await, round);
        if !missing.is_empty() {
            println!("{b:?}: round {round} lost {missing:?}");
        }
        lost += missing.len();
    }
    println!("{b:?}: {lost} of 60 acknowledged writes lost");
    assert_eq!(lost, 0);
}

#[apply(both_backends)]
async fn parallel_follows_count_exactly(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let target = person(&app, Role::Technician).await;
    let mut fans = Vec::new();
    for _ in 0..6 {
        fans.push(person(&app, Role::Customer).await);
    }
    let path = format!("/users/{}/follow", target.id.to_hex());
    // The followed account edits its profile meanwhile: no write may carry its counter back.
    let follows = async {
        let answers = join_all(fans.iter().map(|f| post(&app, &path, f, json!({})))).await;
        (200, json!(answers))
    };
    let (_, answers) = during_bio_writes(&app, &target, follows).await;
    let answers: Vec<(u16, Value)> = serde_json::from_value(answers).unwrap();
    for (s, v) in &answers {
        assert!(*s == 200 || *s == 201, "{s} {v}");
    }
    let count = stored(&app, target.id).await.followers_count;
    println!("{b:?}: followersCount {count} after 6 parallel follows");
    assert_eq!(count, 6);
    for f in &fans {
        assert_eq!(stored(&app, f.id).await.following_count, 1);
    }
}

/// `POST /bookings` and `GET /users/me` with `user`'s token.
async fn booking_and_me(app: &TestApp, user: &TestUser) -> (u16, u16) {
    let (booked, _) = app
        .call(
            Method::POST,
            "/bookings",
            Some(user),
            Some(new_booking(chrono::Duration::days(1), None)),
        )
        .await;
    let (me, _) = get(app, "/users/me", Some(user)).await;
    (booked, me)
}

#[apply(both_backends)]
async fn tokens_of_deleted_and_suspended_accounts_are_refused(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let gone = person(&app, Role::Customer).await;
    // the token works, and its account state is now cached
    assert_eq!(booking_and_me(&app, &gone).await, (201, 200));
    let (s, v) = app
        .call(
            Method::DELETE,
            "/users/me",
            Some(&gone),
            Some(json!({ "password": PASSWORD })),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(booking_and_me(&app, &gone).await, (401, 401));

    let admin = person(&app, Role::Admin).await;
    let user = person(&app, Role::Customer).await;
    assert_eq!(booking_and_me(&app, &user).await, (201, 200));
    let (s, v) = set_status(&app, &admin, user.id, "suspended", "fraud review").await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(booking_and_me(&app, &user).await, (403, 403));
    assert_refused_as_suspended(&app, &user).await;
}

#[apply(both_backends)]
async fn logout_all_and_password_change_refuse_old_tokens(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let user = person(&app, Role::Customer).await;
    assert_eq!(get(&app, "/users/me", Some(&user)).await.0, 200);
    let (s, v) = crate::auth::post(&app, "/logout-all", Some(&user.token), json!({})).await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(get(&app, "/users/me", Some(&user)).await.0, 401);
    assert_eq!(booking_and_me(&app, &user).await, (401, 401));

    // a new login works under the new version, until the password changes
    let (s, v) = login(&app, &user.email, PASSWORD).await;
    assert_eq!(s, 200, "{v}");
    let signed_in = with_token(&user, v["data"]["accessToken"].as_str().unwrap());
    assert_eq!(get(&app, "/users/me", Some(&signed_in)).await.0, 200);
    let (s, v) = crate::auth::post(
        &app,
        "/change-password",
        Some(&signed_in.token),
        json!({ "currentPassword": PASSWORD, "newPassword": "Mango-Tree-42x" }),
    )
    .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(get(&app, "/users/me", Some(&signed_in)).await.0, 401);
    let fresh = with_token(&user, v["data"]["accessToken"].as_str().unwrap());
    assert_eq!(get(&app, "/users/me", Some(&fresh)).await.0, 200);
}

#[apply(both_backends)]
async fn tokens_issued_in_the_future_are_refused(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let user = person(&app, Role::Customer).await;
    let token_at = |offset: i64| with_token(&user, &app.access_token(user.id, user.role, offset));
    let (s, v) = get(&app, "/users/me", Some(&token_at(24 * 3600))).await;
    assert_eq!(s, 401, "{v}");
    assert!(
        v["error"]["message"].as_str().unwrap().contains("future"),
        "{v}"
    );
    assert_eq!(get(&app, "/users/me", Some(&token_at(3600))).await.0, 401);
    // a few seconds of clock skew between instances is fine
    assert_eq!(get(&app, "/users/me", Some(&token_at(5))).await.0, 200);
}

async fn redis_cache() -> Arc<dyn Cache> {
    let prefix = format!("baitech-test-{}:", uuid::Uuid::new_v4().simple());
    Arc::new(
        RedisCache::connect_with_prefix(&common::redis_url(), Duration::from_secs(5), &prefix)
            .await
            .expect("connect to the test Redis"),
    )
}

/// With the account state cached in Redis, a suspension and a logout-all are seen by the very
/// next request, well inside the cache's lifetime: the change drops the cached state.
#[apply(both_backends)]
async fn the_redis_cache_is_invalidated_on_change(#[case] b: Backend) {
    let app = TestApp::spawn_with_cache(b, redis_cache().await).await;
    assert_eq!(app.app.cache.backend(), "redis");
    let admin = person(&app, Role::Admin).await;
    let user = person(&app, Role::Customer).await;
    assert_eq!(get(&app, "/users/me", Some(&user)).await.0, 200);
    let key = format!("auth:account:{}", user.id.to_hex());
    assert_eq!(
        app.app.cache.get(&key).await.unwrap().as_deref(),
        Some("active:0"),
        "the account state is cached in Redis"
    );
    let (s, v) = set_status(&app, &admin, user.id, "suspended", "fraud review").await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(get(&app, "/users/me", Some(&user)).await.0, 403);
    let (s, v) = set_status(&app, &admin, user.id, "active", "cleared").await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(get(&app, "/users/me", Some(&user)).await.0, 200);
    let (s, _) = crate::auth::post(&app, "/logout-all", Some(&user.token), json!({})).await;
    assert_eq!(s, 200);
    assert_eq!(get(&app, "/users/me", Some(&user)).await.0, 401);
}
