//! Media uploads for posts, reviews and chat.
//!
//! With Cloudinary configured the server only signs: `POST /media/uploads` answers the complete
//! signed parameter set of one upload (folder, public id, timestamp, allowed formats), the client
//! posts the file straight to Cloudinary, and whatever later attaches the result passes
//! [`check`], which verifies the signature of Cloudinary's answer (public id + version), that the
//! URL is delivered from our cloud and shows that public id, that the upload lies in the
//! caller's own folder, and that it is recent.
//!
//! Without Cloudinary (the embedded default) the same ticket points at `POST /media/files`: the
//! server stores the bytes under `<data dir>/media/` itself, after the size limit and a content
//! check by magic bytes (never the client's content type), under a name it makes up — the
//! owner's id and random hex — so no client text ever reaches a path. `GET /media/files/{name}`
//! serves them back.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use rand::RngCore;
use serde::{Deserialize, Serialize};

use crate::app::App;
use crate::domain::post::{Media, MediaKind};
use crate::domain::{Id, Timestamp};
use crate::error::{Error, Result};
use crate::gateways::cloudinary::{Cloudinary, SIGNATURE_LIFETIME_SECS};
use crate::services::input::{Field, Problems, https_url};

/// Root folder of every upload in the Cloudinary account.
const ROOT_FOLDER: &str = "baitech";
/// Where clients post local uploads.
pub const LOCAL_UPLOAD_PATH: &str = "/api/v1/media/files";
/// Where local files are served from.
pub const LOCAL_FILES_PATH: &str = "/api/v1/media/files/";
/// How long after its upload an asset may still be attached.
const ATTACH_WINDOW: Duration = Duration::from_secs(24 * 3600);
/// Clocks differ: an upload version this far in the future is still believed.
const CLOCK_SKEW_SECS: i64 = 300;

/// What an upload is for; it names the folder.
const PURPOSES: &[&str] = &["posts", "reviews", "chat", "profile", "portfolio"];

/// Formats accepted per kind: (file extension, MIME type found by magic bytes).
const IMAGE_FORMATS: &[(&str, &str)] = &[
    ("jpg", "image/jpeg"),
    ("png", "image/png"),
    ("gif", "image/gif"),
    ("webp", "image/webp"),
];
const VIDEO_FORMATS: &[(&str, &str)] = &[
    ("mp4", "video/mp4"),
    ("webm", "video/webm"),
    ("mov", "video/quicktime"),
];

fn formats(kind: MediaKind) -> &'static [(&'static str, &'static str)] {
    match kind {
        MediaKind::Image => IMAGE_FORMATS,
        MediaKind::Video => VIDEO_FORMATS,
    }
}

fn max_bytes(app: &App, kind: MediaKind) -> u64 {
    match kind {
        MediaKind::Image => app.config.media.max_image_bytes,
        MediaKind::Video => app.config.media.max_video_bytes,
    }
}

fn cloudinary(app: &App) -> Option<Cloudinary> {
    app.config.gateways.cloudinary.clone().map(Cloudinary::new)
}

/// `POST /media/uploads` as sent.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default, rename_all = "camelCase")]
pub struct UploadRequest {
    /// `image` (default) or `video`.
    #[schema(value_type = Option<String>)]
    pub kind: Field<String>,
    /// `posts` (default), `reviews`, `chat`, `profile` or `portfolio`.
    #[schema(value_type = Option<String>)]
    pub purpose: Field<String>,
}

/// How the client uploads one file.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UploadTicket {
    /// `cloudinary` (post `fields` and the file as form data to `uploadUrl`) or `local` (post
    /// the raw bytes to `uploadUrl` with the bearer token).
    pub storage: &'static str,
    pub upload_url: String,
    /// The signed form fields, exactly as Cloudinary wants them (empty for local storage).
    pub fields: BTreeMap<String, String>,
    pub kind: MediaKind,
    pub allowed_formats: Vec<&'static str>,
    pub max_bytes: u64,
    /// When Cloudinary stops accepting the signature.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<Timestamp>,
}

fn read_kind(p: &mut Problems, field: &str, given: Option<Option<String>>) -> Option<MediaKind> {
    match given? {
        None => Some(MediaKind::Image),
        Some(s) => match MediaKind::parse(&s) {
            Some(k) => Some(k),
            None => {
                p.push(field, "must be image or video");
                None
            }
        },
    }
}

/// Signs one upload to Cloudinary, or points at local storage when Cloudinary is not set up.
pub fn ticket(app: &App, owner: Id, req: UploadRequest) -> Result<UploadTicket> {
    let mut p = Problems::default();
    let given = req.kind.read(&mut p, "kind");
    let kind = read_kind(&mut p, "kind", given);
    let purpose = match req.purpose.read(&mut p, "purpose") {
        None => None,
        Some(None) => Some("posts".to_string()),
        Some(Some(s)) if PURPOSES.contains(&s.as_str()) => Some(s),
        Some(Some(_)) => {
            p.push("purpose", format!("must be one of {}", PURPOSES.join(", ")));
            None
        }
    };
    let (kind, purpose) = p.finish_with(kind.zip(purpose))?;
    let allowed: Vec<&'static str> = formats(kind).iter().map(|(ext, _)| *ext).collect();
    let max = max_bytes(app, kind);
    let Some(c) = cloudinary(app) else {
        return Ok(UploadTicket {
            storage: "local",
            upload_url: format!("{LOCAL_UPLOAD_PATH}?kind={kind}"),
            fields: BTreeMap::new(),
            kind,
            allowed_formats: allowed,
            max_bytes: max,
            expires_at: None,
        });
    };
    let now = Timestamp::now();
    let mut fields = BTreeMap::from([
        ("folder".into(), format!("{ROOT_FOLDER}/{purpose}/{owner}")),
        ("public_id".into(), random_hex(16)),
        ("timestamp".into(), (now.millis() / 1000).to_string()),
        ("allowed_formats".into(), allowed.join(",")),
    ]);
    let signature = c.sign(&fields);
    fields.insert("signature".into(), signature);
    fields.insert("api_key".into(), c.api_key().to_string());
    Ok(UploadTicket {
        storage: "cloudinary",
        upload_url: c.upload_url(kind.as_str()),
        fields,
        kind,
        allowed_formats: allowed,
        max_bytes: max,
        expires_at: Some(now.plus(chrono::Duration::seconds(SIGNATURE_LIFETIME_SECS))),
    })
}

/// One media item as a client attaches it: Cloudinary's upload answer (`secure_url` as `url`,
/// `public_id`, `version`, `signature`) or a local file's URL.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize, utoipa::ToSchema)]
#[serde(default, rename_all = "camelCase")]
pub struct MediaInput {
    pub url: Option<String>,
    /// `image` (default) or `video`.
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub public_id: Option<String>,
    pub version: Option<i64>,
    pub signature: Option<String>,
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub duration_seconds: Option<f64>,
    pub thumbnail_url: Option<String>,
}

/// Checks media `owner` attaches under `field` (`media.0`, `media.1`, ...), pushing a problem
/// for each one that is not a genuine upload of theirs; the accepted items, in order.
pub fn check(
    app: &App,
    owner: Id,
    items: &[MediaInput],
    p: &mut Problems,
    field: &str,
) -> Vec<Media> {
    let c = cloudinary(app);
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let f = format!("{field}.{i}");
        let kind = read_kind(p, &format!("{f}.type"), Some(item.kind.clone()));
        let Some(url) = item.url.as_deref() else {
            p.push(format!("{f}.url"), "is required");
            continue;
        };
        let public_id = match &c {
            Some(c) => check_cloudinary(c, owner, item, url, p, &f),
            None => check_local(app, owner, url, p, &f),
        };
        let thumbnail_url = item
            .thumbnail_url
            .as_deref()
            .and_then(|t| https_url(p, &format!("{f}.thumbnailUrl"), t));
        if let (Some(kind), Some(public_id)) = (kind, public_id) {
            out.push(Media {
                url: url.to_string(),
                kind,
                public_id: Some(public_id),
                width: item.width,
                height: item.height,
                duration_seconds: item.duration_seconds.filter(|d| d.is_finite() && *d >= 0.0),
                thumbnail_url,
            });
        }
    }
    out
}

/// The public id of a genuine, recent Cloudinary upload in `owner`'s folder.
fn check_cloudinary(
    c: &Cloudinary,
    owner: Id,
    item: &MediaInput,
    url: &str,
    p: &mut Problems,
    f: &str,
) -> Option<String> {
    let (Some(public_id), Some(version), Some(signature)) =
        (&item.public_id, item.version, &item.signature)
    else {
        p.push(
            f.to_string(),
            "needs Cloudinary's upload answer: url, publicId, version and signature",
        );
        return None;
    };
    if !c.verify_upload_result(public_id, version, signature) {
        p.push(
            format!("{f}.signature"),
            "is not Cloudinary's signature of this upload",
        );
        return None;
    }
    if !c.delivers(url) {
        p.push(
            format!("{f}.url"),
            "is not delivered from this platform's Cloudinary account",
        );
        return None;
    }
    if !url.contains(&format!("/v{version}/{public_id}")) {
        p.push(format!("{f}.url"), "does not show the signed upload");
        return None;
    }
    let mut segments = public_id.split('/');
    let in_own_folder = segments.next() == Some(ROOT_FOLDER)
        && segments.next().is_some_and(|s| PURPOSES.contains(&s))
        && segments.next() == Some(owner.to_hex().as_str());
    if !in_own_folder {
        p.push(format!("{f}.publicId"), "is not an upload of yours");
        return None;
    }
    let now = Timestamp::now().millis() / 1000;
    if version > now + CLOCK_SKEW_SECS || now - version > ATTACH_WINDOW.as_secs() as i64 {
        p.push(
            format!("{f}.version"),
            "the upload has expired; upload the file again",
        );
        return None;
    }
    Some(public_id.clone())
}

/// The name of an existing local file of `owner`'s at `url`.
fn check_local(app: &App, owner: Id, url: &str, p: &mut Problems, f: &str) -> Option<String> {
    let name = url.strip_prefix(LOCAL_FILES_PATH).filter(|n| valid_name(n));
    let Some(name) = name else {
        p.push(
            format!("{f}.url"),
            "must be a file uploaded through /media/files",
        );
        return None;
    };
    if !name.starts_with(&format!("{}_", owner.to_hex())) {
        p.push(format!("{f}.url"), "is not an upload of yours");
        return None;
    }
    if !media_dir(app).join(name).is_file() {
        p.push(format!("{f}.url"), "no such upload");
        return None;
    }
    Some(format!("local/{name}"))
}

fn media_dir(app: &App) -> PathBuf {
    app.config.data_dir.join("media")
}

fn random_hex(bytes: usize) -> String {
    let mut b = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut b);
    hex::encode(b)
}

/// Whether `name` is one this server made: `<24 hex>_<32 hex>.<known extension>`.
fn valid_name(name: &str) -> bool {
    let Some((stem, ext)) = name.split_once('.') else {
        return false;
    };
    let Some((owner, random)) = stem.split_once('_') else {
        return false;
    };
    let hex = |s: &str, n: usize| {
        s.len() == n
            && s.bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
    };
    hex(owner, 24)
        && hex(random, 32)
        && IMAGE_FORMATS
            .iter()
            .chain(VIDEO_FORMATS)
            .any(|(e, _)| *e == ext)
}

/// The largest body the local upload route reads, whatever its kind.
pub fn max_upload_bytes(app: &App) -> u64 {
    app.config
        .media
        .max_image_bytes
        .max(app.config.media.max_video_bytes)
}

/// Stores an upload to local storage after its checks; the media to attach.
pub async fn store_local(app: &App, owner: Id, kind: Option<&str>, bytes: &[u8]) -> Result<Media> {
    let mut p = Problems::default();
    let Some(kind) = read_kind(&mut p, "kind", Some(kind.map(str::to_string))) else {
        return Err(p.finish().expect_err("a problem was pushed"));
    };
    if cloudinary(app).is_some() {
        return Err(Error::BadRequest(
            "uploads go to Cloudinary: ask POST /media/uploads for a signed ticket".into(),
        ));
    }
    if bytes.len() as u64 > max_bytes(app, kind) {
        return Err(Error::PayloadTooLarge);
    }
    let found = infer::get(bytes).map(|t| t.mime_type());
    let Some((ext, _)) = formats(kind).iter().find(|(_, mime)| Some(*mime) == found) else {
        let allowed: Vec<&str> = formats(kind).iter().map(|(e, _)| *e).collect();
        p.push(
            "file",
            format!(
                "is not a {kind} this server accepts ({})",
                allowed.join(", ")
            ),
        );
        return Err(p.finish().expect_err("a problem was pushed"));
    };
    let name = format!("{}_{}.{ext}", owner.to_hex(), random_hex(16));
    let dir = media_dir(app);
    let path = dir.join(&name);
    let tmp = dir.join(format!(".{name}.part"));
    let data = bytes.to_vec();
    tokio::task::spawn_blocking(move || -> std::io::Result<()> {
        std::fs::create_dir_all(&dir)?;
        std::fs::write(&tmp, &data)?;
        std::fs::rename(&tmp, &path)
    })
    .await
    .map_err(|e| Error::internal("media: store an upload", anyhow::anyhow!(e)))?
    .map_err(|e| Error::internal("media: store an upload", anyhow::Error::from(e)))?;
    Ok(Media {
        url: format!("{LOCAL_FILES_PATH}{name}"),
        kind,
        public_id: Some(format!("local/{name}")),
        width: None,
        height: None,
        duration_seconds: None,
        thumbnail_url: None,
    })
}

/// A stored local file: its MIME type and bytes; `NotFound` for any name this server did not
/// make.
pub async fn read_local(app: &App, name: &str) -> Result<(&'static str, Vec<u8>)> {
    if !valid_name(name) {
        return Err(Error::NotFound("file"));
    }
    let ext = name.rsplit('.').next().unwrap_or_default();
    let mime = IMAGE_FORMATS
        .iter()
        .chain(VIDEO_FORMATS)
        .find(|(e, _)| *e == ext)
        .map(|(_, m)| *m)
        .ok_or(Error::NotFound("file"))?;
    match tokio::fs::read(media_dir(app).join(name)).await {
        Ok(bytes) => Ok((mime, bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(Error::NotFound("file")),
        Err(e) => Err(Error::internal(
            "media: read an upload",
            anyhow::Error::from(e),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_names_this_server_makes_are_valid() {
        let owner = "0123456789abcdef01234567";
        let random = "0123456789abcdef0123456789abcdef";
        assert!(valid_name(&format!("{owner}_{random}.jpg")));
        assert!(valid_name(&format!("{owner}_{random}.mp4")));
        assert!(!valid_name(&format!("{owner}_{random}.exe")));
        assert!(!valid_name(&format!("../{owner}_{random}.jpg")));
        assert!(!valid_name(&format!("{owner}_{random}.jpg/../../etc")));
        assert!(!valid_name(&format!("{owner}_{random}")));
        assert!(!valid_name(&format!(
            "{}_{random}.jpg",
            owner.to_uppercase()
        )));
        assert!(!valid_name("..%2f..%2fetc%2fpasswd"));
    }
}
