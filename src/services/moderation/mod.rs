//! Moderation: the write-time screen every post and comment passes ([`screen`]), and the
//! decisions it and admins record on posts, comments and reviews ([`actions`], [`reviews`]).
//! The screen is a [`Moderator`] trait so a hosted classifier can replace the offline default
//! without touching the feed.

pub mod actions;
pub mod item;
pub mod reviews;
pub mod screen;

pub use screen::{Moderator, OfflineModerator, ScreenInput, Screening, Thresholds};
