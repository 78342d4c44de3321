//! Cloudinary signed uploads: the server never touches the bytes. It signs the parameters of
//! one upload so the client can post the file straight to Cloudinary, and it checks the
//! signature Cloudinary puts on the upload's answer before the media is attached to anything.
//!
//! Both signatures follow Cloudinary's documented scheme: the parameters (all but `file`,
//! `cloud_name`, `resource_type` and `api_key`) sorted by name, joined as `k=v` with `&`, the API
//! secret appended, and the SHA-1 digest of that string in lower-case hex. An upload answer is
//! signed over `public_id` and `version` the same way.

use std::collections::BTreeMap;

use sha1::{Digest, Sha1};
use subtle::ConstantTimeEq;

use crate::config::CloudinaryConfig;

/// Parameters the signature never covers, as Cloudinary documents.
const UNSIGNED: &[&str] = &[
    "file",
    "cloud_name",
    "resource_type",
    "api_key",
    "signature",
];

/// How long Cloudinary accepts a signed upload after its `timestamp`.
pub const SIGNATURE_LIFETIME_SECS: i64 = 3600;

/// The signature of a parameter set: SHA-1 over the sorted `k=v&...` string plus the secret.
pub fn sign(params: &BTreeMap<String, String>, api_secret: &str) -> String {
    let joined = params
        .iter()
        .filter(|(k, v)| !UNSIGNED.contains(&k.as_str()) && !v.is_empty())
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&");
    let mut h = Sha1::new();
    h.update(joined.as_bytes());
    h.update(api_secret.as_bytes());
    hex::encode(h.finalize())
}

/// The signature Cloudinary puts on an upload answer.
pub fn sign_upload_result(public_id: &str, version: i64, api_secret: &str) -> String {
    let params = BTreeMap::from([
        ("public_id".to_string(), public_id.to_string()),
        ("version".to_string(), version.to_string()),
    ]);
    sign(&params, api_secret)
}

/// Signs and checks uploads for one Cloudinary account.
#[derive(Debug, Clone)]
pub struct Cloudinary {
    config: CloudinaryConfig,
}

impl Cloudinary {
    pub fn new(config: CloudinaryConfig) -> Self {
        Cloudinary { config }
    }

    pub fn cloud_name(&self) -> &str {
        &self.config.cloud_name
    }

    pub fn api_key(&self) -> &str {
        &self.config.api_key
    }

    /// Where the client posts the file: `{base}/v1_1/{cloud}/{image|video}/upload`.
    pub fn upload_url(&self, resource_type: &str) -> String {
        format!(
            "{}/v1_1/{}/{resource_type}/upload",
            self.config.base_url.trim_end_matches('/'),
            self.config.cloud_name
        )
    }

    /// The signature of `params` with this account's secret.
    pub fn sign(&self, params: &BTreeMap<String, String>) -> String {
        sign(params, &self.config.api_secret)
    }

    /// Whether `signature` is Cloudinary's signature of an upload answer for this account.
    pub fn verify_upload_result(&self, public_id: &str, version: i64, signature: &str) -> bool {
        let expected = sign_upload_result(public_id, version, &self.config.api_secret);
        expected
            .as_bytes()
            .ct_eq(signature.to_ascii_lowercase().as_bytes())
            .into()
    }

    /// Whether `url` is delivered from this account (`https://res.cloudinary.com/{cloud}/...`).
    pub fn delivers(&self, url: &str) -> bool {
        url.strip_prefix("https://res.cloudinary.com/")
            .and_then(|rest| rest.strip_prefix(self.config.cloud_name.as_str()))
            .is_some_and(|rest| rest.starts_with('/'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account() -> Cloudinary {
        Cloudinary::new(CloudinaryConfig {
            cloud_name: "baitech".into(),
            api_key: "1234".into(),
            api_secret: "abcd".into(),
            base_url: "https://api.cloudinary.com/".into(),
        })
    }

    #[test]
    fn signs_the_sorted_parameters_and_leaves_out_the_unsigned_ones() {
        let params = BTreeMap::from([
            ("timestamp".to_string(), "1315060510".to_string()),
            ("public_id".to_string(), "sample_image".to_string()),
            (
                "eager".to_string(),
                "w_400,h_300,c_pad|w_260,h_200,c_crop".to_string(),
            ),
            ("api_key".to_string(), "1234".to_string()),
            ("file".to_string(), "data:...".to_string()),
        ]);
        // SHA-1 of the string Cloudinary's documentation builds for these parameters.
        let mut h = Sha1::new();
        h.update(
            b"eager=w_400,h_300,c_pad|w_260,h_200,c_crop&public_id=sample_image&timestamp=1315060510abcd",
        );
        assert_eq!(sign(&params, "abcd"), hex::encode(h.finalize()));
    }

    #[test]
    fn an_upload_answer_verifies_only_with_its_own_id_and_version() {
        let c = account();
        let good = sign_upload_result("posts/u1/a", 1700000000, "abcd");
        assert!(c.verify_upload_result("posts/u1/a", 1700000000, &good));
        assert!(c.verify_upload_result("posts/u1/a", 1700000000, &good.to_uppercase()));
        assert!(!c.verify_upload_result("posts/u1/b", 1700000000, &good));
        assert!(!c.verify_upload_result("posts/u1/a", 1700000001, &good));
        let foreign = sign_upload_result("posts/u1/a", 1700000000, "other-secret");
        assert!(!c.verify_upload_result("posts/u1/a", 1700000000, &foreign));
    }

    #[test]
    fn delivery_urls_belong_to_the_account_by_cloud_name() {
        let c = account();
        assert!(c.delivers("https://res.cloudinary.com/baitech/image/upload/v1/a.jpg"));
        assert!(!c.delivers("https://res.cloudinary.com/baitech2/image/upload/v1/a.jpg"));
        assert!(!c.delivers("http://res.cloudinary.com/baitech/image/upload/v1/a.jpg"));
        assert!(!c.delivers("https://evil.example/baitech/a.jpg"));
        assert_eq!(
            c.upload_url("image"),
            "https://api.cloudinary.com/v1_1/baitech/image/upload"
        );
    }
}
