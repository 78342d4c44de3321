//! Moderation: the write-time screen every post and comment passes ([`screen`]), and the
//! decisions it and admins record. The screen is a [`Moderator`] trait so a hosted classifier
//! can replace the offline default without touching the feed.

pub mod actions;
pub mod screen;

pub use screen::{Moderator, OfflineModerator, ScreenInput, Screening, Thresholds};
