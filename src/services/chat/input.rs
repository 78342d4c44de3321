//! Chat request bodies as sent, and their checks: each kind of message needs its own parts
//! (text, media, a location, a booking, a call record), and every problem is named at once.

use serde::Deserialize;

use crate::app::App;
use crate::domain::Id;
use crate::domain::conversation::NotificationLevel;
use crate::domain::geo::{GeoPoint, Location};
use crate::domain::message::{
    Attachment, AttachmentKind, CallInfo, CallKind, CallStatus, MessageType,
};
use crate::domain::post::MediaKind;
use crate::services::input::{Field, Problems, UnknownKeys};
use crate::services::media::{self, MediaInput};

/// Longest message text.
pub const MAX_TEXT: usize = 4_000;
/// Most attachments on one message.
pub const MAX_MEDIA: usize = 10;
/// Longest client-generated id.
pub const MAX_CLIENT_ID: usize = 64;

/// `POST /conversations/:id/messages` (and the socket's `message:send`) as sent.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct NewMessage {
    /// `text` (default), `image`, `video`, `file`, `location`, `booking`, `call`.
    #[serde(rename = "type")]
    pub kind: Field<String>,
    pub content: Field<String>,
    /// An id the app made, so a retried send is stored once.
    pub client_id: Field<String>,
    /// The message this one answers.
    pub reply_to: Field<String>,
    pub media: Field<Vec<MediaInput>>,
    pub location: Field<LocationInput>,
    /// The booking a `booking` message shares (one the sender may see).
    pub booking: Field<String>,
    pub call: Field<CallInput>,
    #[serde(flatten)]
    pub unknown: UnknownKeys,
}

/// A GeoJSON point with an optional address.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct LocationInput {
    /// `[lng, lat]`.
    pub coordinates: Vec<f64>,
    pub address: Option<String>,
}

/// A call record.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct CallInput {
    /// `voice` or `video`.
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// `started`, `ended`, `missed`, `declined`, `completed`, `cancelled`.
    pub status: Option<String>,
    pub duration_seconds: Option<u32>,
}

/// The checked parts of a message to send.
#[derive(Debug, Clone)]
pub(super) struct Draft {
    pub kind: MessageType,
    pub content: Option<String>,
    pub client_id: Option<String>,
    pub reply_to: Option<Id>,
    pub media: Vec<Attachment>,
    pub location: Option<Location>,
    pub booking: Option<Id>,
    pub call: Option<CallInfo>,
}

fn one_of<T: Copy>(
    p: &mut Problems,
    field: &str,
    raw: &str,
    all: &[T],
    name: fn(T) -> &'static str,
) -> Option<T> {
    let found = all.iter().copied().find(|v| name(*v) == raw);
    if found.is_none() {
        let names: Vec<&str> = all.iter().map(|v| name(*v)).collect();
        p.push(field, format!("must be one of {}", names.join(", ")));
    }
    found
}

impl NewMessage {
    /// The parts of the message, or every problem found; media are checked as uploads of
    /// `sender`.
    pub(super) fn check(self, app: &App, sender: Id, p: &mut Problems) -> Option<Draft> {
        self.unknown.report(p, &[]);
        let kind = match self.kind.read(p, "type")? {
            None => Some(MessageType::Text),
            Some(k) => one_of(p, "type", &k, MessageType::ALL, MessageType::as_str),
        };
        if kind == Some(MessageType::System) {
            p.push("type", "system messages are written by the platform");
        }
        let content = self
            .content
            .optional(p, "content")
            .map(|s| s.trim().to_string());
        let content = content.filter(|s| !s.is_empty());
        if content
            .as_ref()
            .is_some_and(|c| c.chars().count() > MAX_TEXT)
        {
            p.push("content", format!("must be at most {MAX_TEXT} characters"));
        }
        let client_id = self
            .client_id
            .optional(p, "clientId")
            .map(|s| s.trim().to_string());
        if let Some(c) = &client_id
            && (c.is_empty() || c.chars().count() > MAX_CLIENT_ID)
        {
            p.push(
                "clientId",
                format!("must be 1 to {MAX_CLIENT_ID} characters"),
            );
        }
        let reply_to = self
            .reply_to
            .optional(p, "replyTo")
            .and_then(|s| p.id("replyTo", &s));
        let media_in = self.media.optional(p, "media").unwrap_or_default();
        if media_in.len() > MAX_MEDIA {
            p.push("media", format!("at most {MAX_MEDIA} attachments"));
        }
        let media = media::check(app, sender, &media_in, p, "media")
            .into_iter()
            .map(|m| Attachment {
                url: m.url,
                kind: match m.kind {
                    MediaKind::Image => AttachmentKind::Image,
                    _ => AttachmentKind::Video,
                },
                name: None,
                mime_type: None,
                size_bytes: None,
                public_id: m.public_id,
                thumbnail_url: m.thumbnail_url,
                duration_seconds: m.duration_seconds,
            })
            .collect::<Vec<_>>();
        let (location_sent, call_sent) = (self.location.is_set(), self.call.is_set());
        let location = self
            .location
            .optional(p, "location")
            .and_then(|l| location(p, l));
        let booking = self
            .booking
            .optional(p, "booking")
            .and_then(|s| p.id("booking", &s));
        let call = self.call.optional(p, "call").and_then(|c| call(p, c));
        let kind = kind?;
        let needs = |p: &mut Problems, ok: bool, field: &str| {
            if !ok {
                p.push(
                    field,
                    format!("is required for a {} message", kind.as_str()),
                );
            }
        };
        match kind {
            MessageType::Text => needs(p, content.is_some(), "content"),
            MessageType::Image | MessageType::Video | MessageType::File | MessageType::Audio => {
                needs(p, !media_in.is_empty(), "media")
            }
            MessageType::Location => needs(p, location_sent, "location"),
            MessageType::Booking => needs(p, booking.is_some(), "booking"),
            MessageType::Call => needs(p, call_sent, "call"),
            MessageType::System => {}
        }
        let media = match kind {
            MessageType::File => media
                .into_iter()
                .map(|a| Attachment {
                    kind: AttachmentKind::File,
                    ..a
                })
                .collect(),
            _ => media,
        };
        Some(Draft {
            kind,
            content,
            client_id,
            reply_to,
            media,
            location,
            booking,
            call,
        })
    }
}

fn location(p: &mut Problems, l: LocationInput) -> Option<Location> {
    let [lng, lat] = l.coordinates[..] else {
        p.push("location.coordinates", "must be [lng, lat]");
        return None;
    };
    match GeoPoint::new(lng, lat) {
        Ok(point) => Some(Location::new(point, l.address, None)),
        Err(errs) => {
            for e in errs {
                p.push(format!("location.coordinates.{}", e.field), e.message);
            }
            None
        }
    }
}

fn call(p: &mut Problems, c: CallInput) -> Option<CallInfo> {
    let kind = match c.kind.as_deref() {
        None => Some(CallKind::Voice),
        Some(k) => one_of(p, "call.type", k, CallKind::ALL, CallKind::as_str),
    };
    let status = match c.status.as_deref() {
        None => {
            p.push("call.status", "is required");
            None
        }
        Some(s) => one_of(p, "call.status", s, CallStatus::ALL, CallStatus::as_str),
    };
    Some(CallInfo {
        kind: kind?,
        status: status?,
        duration_seconds: c.duration_seconds,
    })
}

/// `POST /conversations` as sent.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct NewConversation {
    /// `direct` (default), `group` or `support`; booking conversations are made with the
    /// booking.
    #[serde(rename = "type")]
    pub kind: Field<String>,
    /// The other users (one for `direct`).
    pub participants: Field<Vec<String>>,
    /// The other user of a direct conversation (instead of `participants`).
    pub participant_id: Field<String>,
    /// A group's name.
    pub name: Field<String>,
    #[serde(flatten)]
    pub unknown: UnknownKeys,
}

/// `PUT /conversations/:id/settings` as sent: only what is sent changes.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct SettingsInput {
    pub pinned: Field<bool>,
    /// `true` mutes until unmuted (or until `mutedUntil`); `false` unmutes.
    pub muted: Field<bool>,
    /// RFC 3339; `null` clears it.
    pub muted_until: Field<String>,
    pub archived: Field<bool>,
    /// `all`, `mentions` or `none`.
    pub notification_level: Field<String>,
    #[serde(flatten)]
    pub unknown: UnknownKeys,
}

/// The notification level named `raw`.
pub(super) fn level(p: &mut Problems, raw: &str) -> Option<NotificationLevel> {
    one_of(
        p,
        "notificationLevel",
        raw,
        NotificationLevel::ALL,
        NotificationLevel::as_str,
    )
}
