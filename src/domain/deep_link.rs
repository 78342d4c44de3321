//! The app's link table: every `baitech://` link a notification may carry, so a link the app
//! cannot open is never sent. A link is made by one of the constructors, or read back with
//! [`DeepLink::parse`], which accepts only the table's shapes.

use std::fmt;

use crate::domain::id::Id;

/// Scheme of every app link.
pub const SCHEME: &str = "baitech://";

/// The routes the app opens: `(route, takes an id)`.
pub const ROUTES: &[(&str, bool)] = &[
    ("booking", true),
    ("post", true),
    ("conversation", true),
    ("review", true),
    ("user", true),
    ("transaction", true),
    ("wallet", false),
    ("notifications", false),
    ("settings/security", false),
    ("settings/kyc", false),
];

/// A link the app can open.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DeepLink(String);

impl DeepLink {
    fn with_id(route: &str, id: Id) -> DeepLink {
        DeepLink(format!("{SCHEME}{route}/{id}"))
    }

    fn plain(route: &str) -> DeepLink {
        DeepLink(format!("{SCHEME}{route}"))
    }

    pub fn booking(id: Id) -> DeepLink {
        Self::with_id("booking", id)
    }
    pub fn post(id: Id) -> DeepLink {
        Self::with_id("post", id)
    }
    pub fn conversation(id: Id) -> DeepLink {
        Self::with_id("conversation", id)
    }
    pub fn review(id: Id) -> DeepLink {
        Self::with_id("review", id)
    }
    pub fn user(id: Id) -> DeepLink {
        Self::with_id("user", id)
    }
    pub fn transaction(id: Id) -> DeepLink {
        Self::with_id("transaction", id)
    }
    pub fn wallet() -> DeepLink {
        Self::plain("wallet")
    }
    pub fn notifications() -> DeepLink {
        Self::plain("notifications")
    }
    pub fn security() -> DeepLink {
        Self::plain("settings/security")
    }
    pub fn kyc() -> DeepLink {
        Self::plain("settings/kyc")
    }

    /// Reads a link; `None` unless it is one of the table's routes (with a 24-hex id where the
    /// route takes one).
    pub fn parse(s: &str) -> Option<DeepLink> {
        let rest = s.strip_prefix(SCHEME)?;
        let ok = ROUTES.iter().any(|(route, takes_id)| {
            if *takes_id {
                rest.strip_prefix(route)
                    .and_then(|r| r.strip_prefix('/'))
                    .and_then(Id::parse)
                    .is_some_and(|id| id.to_hex() == rest[route.len() + 1..])
            } else {
                rest == *route
            }
        });
        ok.then(|| DeepLink(s.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for DeepLink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constructed_links_parse_and_others_do_not() {
        let id = Id::from_parts(1_700_000_000, 7);
        for link in [
            DeepLink::booking(id),
            DeepLink::post(id),
            DeepLink::conversation(id),
            DeepLink::review(id),
            DeepLink::user(id),
            DeepLink::transaction(id),
            DeepLink::wallet(),
            DeepLink::notifications(),
            DeepLink::security(),
            DeepLink::kyc(),
        ] {
            assert_eq!(DeepLink::parse(link.as_str()), Some(link.clone()), "{link}");
        }
        for bad in [
            "https://baitech.co.ke/booking/1",
            "baitech://booking/",
            "baitech://booking/xyz",
            "baitech://booking/65a00000000000000000000Z",
            &format!("baitech://booking/{id}/extra"),
            "baitech://wallet/1",
            "baitech://admin",
            &format!("baitech://bookings/{id}"),
        ] {
            assert_eq!(DeepLink::parse(bad), None, "{bad}");
        }
        assert_eq!(
            DeepLink::booking(id).to_string(),
            format!("baitech://booking/{id}")
        );
    }
}
