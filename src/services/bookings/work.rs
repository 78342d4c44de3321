//! Doing the job: assigning the technician and recording QA checkpoints.

use serde::Deserialize;

use super::access;
use super::effects::MoveData;
use super::engine::{Moved, transition_with, update_with};
use crate::app::App;
use crate::domain::Id;
use crate::domain::booking::{Actor, Booking, BookingStatus, QaCheckpoint};
use crate::domain::user::{Role, UserStatus};
use crate::error::{Error, Result};
use crate::realtime::BookingChange;
use crate::services::input::{Field, Problems};

pub const MAX_CHECKPOINT_NAME: usize = 80;
pub const MAX_NOTES: usize = 1_000;
pub const MAX_CHECKPOINT_PHOTOS: usize = 10;

/// Assigns `technician` to booking `id` (`pending`/`matching` → `assigned`): an admin may pick
/// any active technician, the customer one of the candidates matching found, a background job
/// (matching) whoever it chose.
pub async fn assign_technician(app: &App, id: Id, actor: Actor, technician: Id) -> Result<Moved> {
    let allowed = match actor {
        Actor::System => true,
        Actor::User { role, .. } => matches!(role, Role::Admin | Role::Customer | Role::Corporate),
    };
    if !allowed {
        return Err(Error::Forbidden(
            "only the customer or an admin assigns a technician".into(),
        ));
    }
    let tech = app
        .store
        .users
        .get_user(technician)
        .await?
        .filter(|u| u.role == Role::Technician && u.status == UserStatus::Active && !u.is_deleted())
        .ok_or_else(|| Error::validation("technician", "is not an active technician"))?;
    let data = MoveData {
        technician: Some(tech),
        ..Default::default()
    };
    transition_with(app, id, BookingStatus::Assigned, actor, None, data).await
}

/// `POST /bookings/:id/qa-checkpoint` as sent.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default, rename_all = "camelCase")]
pub struct CheckpointRequest {
    #[schema(value_type = String)]
    pub name: Field<String>,
    /// https:// URLs, at least one.
    #[schema(value_type = Vec<String>)]
    pub photos: Field<Vec<String>>,
    #[schema(value_type = Option<String>)]
    pub notes: Field<String>,
}

/// The assigned technician records a QA checkpoint while working (`in_progress` or `on_hold`).
/// A checkpoint the category requires is completed by name; any other name is added as an
/// extra one. Recording the same name again replaces its photos and notes.
pub async fn record_checkpoint(
    app: &App,
    id: Id,
    actor: Actor,
    req: CheckpointRequest,
) -> Result<Booking> {
    let mut p = Problems::default();
    let name = req.name.text(&mut p, "name", 1, MAX_CHECKPOINT_NAME);
    let photos = match req.photos.read(&mut p, "photos") {
        Some(photos) => {
            let photos = photos.unwrap_or_default();
            if photos.is_empty() {
                p.push("photos", "at least one photo is required");
            }
            p.urls("photos", &photos, MAX_CHECKPOINT_PHOTOS)
        }
        None => Vec::new(),
    };
    let notes = req.notes.optional(&mut p, "notes");
    let notes = match notes.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        Some(n) => p.text("notes", Some(n), 1, MAX_NOTES),
        None => None,
    };
    let (Some(name), true) = (name, p.is_empty()) else {
        return Err(Error::Validation(p.0));
    };
    let by = actor.id();
    update_with(app, id, actor, BookingChange::QaCheckpoint, |b, now| {
        if !access::is_assigned_technician(b, actor) {
            return Err(Error::Forbidden(
                "only the assigned technician records checkpoints".into(),
            ));
        }
        if !matches!(b.status, BookingStatus::InProgress | BookingStatus::OnHold) {
            return Err(Error::Unprocessable(format!(
                "checkpoints are recorded while the work is in progress (the booking is {})",
                b.status
            )));
        }
        let existing = b
            .qa_checkpoints
            .iter_mut()
            .find(|c| c.name.eq_ignore_ascii_case(&name));
        let checkpoint = match existing {
            Some(c) => c,
            None => {
                b.qa_checkpoints.push(QaCheckpoint {
                    name: name.clone(),
                    required: false,
                    photos: Vec::new(),
                    notes: None,
                    completed_at: None,
                    completed_by: None,
                });
                b.qa_checkpoints.last_mut().expect("just pushed")
            }
        };
        checkpoint.photos = photos.clone();
        checkpoint.notes = notes.clone();
        checkpoint.completed_at = Some(now);
        checkpoint.completed_by = by;
        Ok(())
    })
    .await
}
