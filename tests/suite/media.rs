//! Media uploads: Cloudinary tickets signed as Cloudinary documents and answers verified before
//! they are attached (against a local server that answers as Cloudinary does), and the local
//! file store used without Cloudinary (limits, magic bytes, names, serving).

use std::collections::BTreeMap;

use baitech::domain::user::Role;
use baitech::services::input::Problems;
use baitech::services::media::{self, MediaInput};
use base64::Engine;
use reqwest::Method;
use rstest::rstest;
use rstest_reuse::apply;
use serde_json::{Value, json};

use crate::common::gateways::{CLOUDINARY_CLOUD, CLOUDINARY_SECRET, FakeCloudinary, upload_answer};
use crate::common::users::TestUser;
use crate::common::{Answer, Backend, TestApp, both_backends};

/// The smallest PNG: its signature and an IHDR chunk are all magic-byte detection needs.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89,
];

fn input(answer: &Value) -> MediaInput {
    serde_json::from_value(json!({
        "url": answer["secure_url"],
        "type": "image",
        "publicId": answer["public_id"],
        "version": answer["version"],
        "signature": answer["signature"],
    }))
    .unwrap()
}

/// Posts `bytes` to a local upload path as `who`.
async fn post_file(app: &TestApp, who: &TestUser, path: &str, bytes: Vec<u8>) -> Answer {
    app.request(Method::POST, path)
        .user(Some(who))
        .body(bytes)
        .send()
        .await
}

/// The problems `check` finds in one item (empty: accepted).
fn problems(app: &TestApp, owner: baitech::domain::Id, item: MediaInput) -> Vec<String> {
    let mut p = Problems::default();
    let accepted = media::check(&app.app, owner, &[item], &mut p, "media");
    let errors: Vec<String> = p
        .into_errors()
        .into_iter()
        .map(|e| format!("{}: {}", e.field, e.message))
        .collect();
    assert_eq!(accepted.len(), usize::from(errors.is_empty()), "{errors:?}");
    errors
}

#[apply(both_backends)]
async fn a_cloudinary_ticket_uploads_and_its_answer_is_verified(#[case] b: Backend) {
    let cloud = FakeCloudinary::start().await;
    let app = TestApp::spawn_with_env(b, cloud.env()).await;
    let me = app.user(Role::Technician).await;
    let other = app.user(Role::Technician).await;

    let (status, t) = app
        .call(
            Method::POST,
            "/media/uploads",
            Some(&me),
            Some(json!({"purpose": "posts"})),
        )
        .await;
    assert_eq!(status, 201, "{t}");
    let t = &t["data"];
    assert_eq!(t["storage"], "cloudinary");
    assert_eq!(
        t["uploadUrl"],
        format!("{}/v1_1/{CLOUDINARY_CLOUD}/image/upload", cloud.url)
    );
    assert_eq!(
        t["fields"]["folder"],
        format!("baitech/posts/{}", me.id.to_hex())
    );
    assert_eq!(t["fields"]["allowed_formats"], "jpg,png,gif,webp");

    // The client posts the file with the signed fields straight to Cloudinary.
    let mut form: BTreeMap<String, String> = serde_json::from_value(t["fields"].clone()).unwrap();
    let data = base64::engine::general_purpose::STANDARD.encode(PNG);
    form.insert("file".into(), format!("data:image/png;base64,{data}"));
    let http = reqwest::Client::new();
    let up = http
        .post(t["uploadUrl"].as_str().unwrap())
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(up.status(), 200);
    let answer: Value = up.json().await.unwrap();

    // Good: accepted as it came.
    assert_eq!(problems(&app, me.id, input(&answer)), Vec::<String>::new());

    // Over HTTP: a post attaches the verified upload; the same with a forged signature is
    // refused with the item's field named.
    let media = |signature: &Value| {
        json!({"type": "image", "content": "Bathroom tiling, done today", "media": [{
            "url": answer["secure_url"], "type": "image", "publicId": answer["public_id"],
            "version": answer["version"], "signature": signature,
        }]})
    };
    let (status, post) = app
        .call(
            Method::POST,
            "/posts",
            Some(&me),
            Some(media(&answer["signature"])),
        )
        .await;
    assert_eq!(status, 201, "{post}");
    assert_eq!(post["data"]["media"][0]["publicId"], answer["public_id"]);
    assert_eq!(post["data"]["media"][0]["url"], answer["secure_url"]);
    let (status, refused) = app
        .call(
            Method::POST,
            "/posts",
            Some(&me),
            Some(media(&json!("0".repeat(40)))),
        )
        .await;
    assert_eq!(status, 400, "{refused}");
    assert_eq!(
        refused["error"]["details"][0]["field"], "media.0.signature",
        "{refused}"
    );

    // A changed field breaks Cloudinary's signature.
    let mut forged = form.clone();
    forged.insert(
        "folder".into(),
        format!("baitech/posts/{}", other.id.to_hex()),
    );
    let refused = http
        .post(t["uploadUrl"].as_str().unwrap())
        .form(&forged)
        .send()
        .await
        .unwrap();
    assert_eq!(
        refused.status(),
        401,
        "the fake refuses a forged ticket as Cloudinary does"
    );

    // Tampered answer: another public id under the same signature.
    let mut tampered = input(&answer);
    tampered.public_id = Some(format!("{}x", tampered.public_id.unwrap()));
    assert!(problems(&app, me.id, tampered)[0].contains("media.0.signature"));
    let mut tampered = input(&answer);
    tampered.signature = Some("0".repeat(40));
    assert!(problems(&app, me.id, tampered)[0].contains("media.0.signature"));
    // The URL must show the signed upload.
    let mut swapped = input(&answer);
    swapped.url = Some(format!(
        "https://res.cloudinary.com/{CLOUDINARY_CLOUD}/image/upload/v1/someone-else.png"
    ));
    assert!(problems(&app, me.id, swapped)[0].contains("does not show the signed upload"));

    // Someone else's upload cannot be attached.
    assert!(problems(&app, other.id, input(&answer))[0].contains("not an upload of yours"));

    // Expired: a genuine answer from two days ago.
    let old = chrono::Utc::now().timestamp() - 2 * 24 * 3600;
    let public_id = answer["public_id"].as_str().unwrap();
    let stale = upload_answer(
        CLOUDINARY_CLOUD,
        "image",
        public_id,
        old,
        "png",
        CLOUDINARY_SECRET,
    );
    assert!(problems(&app, me.id, input(&stale))[0].contains("expired"));

    // Foreign cloud: signed by another account, or delivered from another cloud.
    let now = chrono::Utc::now().timestamp();
    let foreign = upload_answer(
        CLOUDINARY_CLOUD,
        "image",
        public_id,
        now,
        "png",
        "another-secret",
    );
    assert!(problems(&app, me.id, input(&foreign))[0].contains("signature"));
    let elsewhere = upload_answer(
        "other-cloud",
        "image",
        public_id,
        now,
        "png",
        CLOUDINARY_SECRET,
    );
    assert!(problems(&app, me.id, input(&elsewhere))[0].contains("Cloudinary account"));

    // A bare URL without Cloudinary's answer is refused.
    let bare: MediaInput =
        serde_json::from_value(json!({"url": answer["secure_url"], "type": "image"})).unwrap();
    assert!(problems(&app, me.id, bare)[0].contains("upload answer"));

    // With Cloudinary configured, local uploads are refused.
    let (status, _) = app
        .client
        .call(Method::POST, "/media/uploads", None, Some(json!({})))
        .await;
    assert_eq!(status, 401);
    let r = post_file(&app, &me, "/api/v1/media/files?kind=image", PNG.to_vec()).await;
    assert_eq!(r.status, 400, "{}", r.body);
}

#[apply(both_backends)]
async fn local_uploads_are_checked_stored_and_served(#[case] b: Backend) {
    let env = vec![("MEDIA_MAX_IMAGE_BYTES".to_string(), "4096".to_string())];
    let app = TestApp::spawn_with_env(b, env).await;
    let me = app.user(Role::Customer).await;
    let other = app.user(Role::Customer).await;

    let (status, t) = app
        .call(
            Method::POST,
            "/media/uploads",
            Some(&me),
            Some(json!({"kind": "image"})),
        )
        .await;
    assert_eq!(status, 201, "{t}");
    assert_eq!(t["data"]["storage"], "local");
    assert_eq!(t["data"]["maxBytes"], 4096);
    let upload_url = t["data"]["uploadUrl"].as_str().unwrap().to_string();
    assert_eq!(upload_url, "/api/v1/media/files?kind=image");

    let up = post_file(&app, &me, &upload_url, PNG.to_vec()).await;
    assert_eq!(up.status, 201, "{}", up.body);
    let url = up.body["data"]["url"].as_str().unwrap().to_string();
    assert!(url.starts_with("/api/v1/media/files/"), "{url}");

    let got = app.get(&url).await;
    assert_eq!(got.status(), 200);
    assert_eq!(got.headers()["content-type"], "image/png");
    assert_eq!(got.bytes().await.unwrap().as_ref(), PNG);

    // Attaching: one's own file, yes; someone else's, a made-up one or a foreign URL, no.
    let own: MediaInput = serde_json::from_value(json!({"url": url, "type": "image"})).unwrap();
    assert_eq!(problems(&app, me.id, own.clone()), Vec::<String>::new());
    assert!(problems(&app, other.id, own)[0].contains("not an upload of yours"));
    let missing = format!(
        "/api/v1/media/files/{}_{}.png",
        me.id.to_hex(),
        "0".repeat(32)
    );
    let missing: MediaInput = serde_json::from_value(json!({"url": missing})).unwrap();
    assert!(problems(&app, me.id, missing)[0].contains("no such upload"));
    let foreign: MediaInput =
        serde_json::from_value(json!({"url": "https://evil.example/a.png"})).unwrap();
    assert!(problems(&app, me.id, foreign)[0].contains("/media/files"));

    // The content decides, not the name or the header: text is refused as an image...
    let text = app
        .request(Method::POST, "/api/v1/media/files?kind=image")
        .user(Some(&me))
        .header("content-type", "image/png")
        .body(b"GIF89a? no: just text pretending".to_vec()[7..].to_vec())
        .send()
        .await;
    assert_eq!(text.status, 400, "{}", text.body);
    assert_eq!(
        text.body["error"]["details"][0]["field"], "file",
        "{}",
        text.body
    );
    // ...and an image as a video.
    let as_video = post_file(&app, &me, "/api/v1/media/files?kind=video", PNG.to_vec()).await;
    assert_eq!(as_video.status, 400, "{}", as_video.body);
    let bad_kind = post_file(&app, &me, "/api/v1/media/files?kind=pdf", PNG.to_vec()).await;
    assert_eq!(bad_kind.status, 400, "{}", bad_kind.body);

    // Over the image limit (but under the server's body limit): 413.
    let mut big = PNG.to_vec();
    big.resize(5000, 0);
    let too_big = post_file(&app, &me, "/api/v1/media/files?kind=image", big).await;
    assert_eq!(too_big.status, 413, "{}", too_big.body);

    // Signed in only.
    let anonymous = app
        .request(Method::POST, "/api/v1/media/files?kind=image")
        .body(PNG.to_vec())
        .send()
        .await;
    assert_eq!(anonymous.status, 401);

    // No path ever leaves the media folder.
    for path in [
        "/api/v1/media/files/..%2F..%2Fjwt-secret",
        "/api/v1/media/files/%2e%2e%2fjwt-secret",
        "/api/v1/media/files/jwt-secret",
        "/api/v1/media/files/.hidden.png",
    ] {
        let r = app.get(path).await;
        assert_eq!(r.status(), 404, "{path}");
    }

    // A bad ticket request names its fields.
    let (status, body) = app
        .call(
            Method::POST,
            "/media/uploads",
            Some(&me),
            Some(json!({"kind": "pdf", "purpose": "nowhere"})),
        )
        .await;
    assert_eq!(status, 400);
    let fields: Vec<&str> = body["error"]["details"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["kind", "purpose"], "{body}");
}
