//! `/api/v1/users`: profiles, the directory, the follow graph, technicians' portfolio and
//! availability, push devices, KYC, the GDPR rights and admin status changes.
//!
//! Handlers are thin: authenticate, check the role the route requires, call
//! `services::users`, return a view. Who may call what:
//!
//! | route | who |
//! |---|---|
//! | `GET /technicians/nearby`, `GET /:id`, `GET /:id/portfolio`, `GET /:id/availability` | anyone (a token, if sent, must be valid; owner/admin get the private view of `/:id`) |
//! | `GET/PUT/DELETE /me`, `GET /me/export`, `PUT /me/consent`, `POST /me/kyc` | the signed-in account holder |
//! | `GET /`, `GET /:id/followers`, `GET /:id/following`, `POST/DELETE /:id/follow` | any signed-in account |
//! | `POST/DELETE /fcm-token` | any signed-in account (its own devices) |
//! | `GET/POST /me/portfolio`, `PUT/DELETE /me/portfolio/:itemId`, `GET/PUT /me/availability` | technicians (their own) |
//! | `GET /kyc/pending`, `POST /:id/kyc/approve`, `POST /:id/kyc/reject`, `PUT /:id/status` | admins |

mod account;
mod directory;
mod social;
mod technician;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::api::extract::AuthUser;
use crate::app::App;
use crate::domain::Id;
use crate::domain::user::Role;
use crate::error::{Error, Result};
use crate::services::users::Caller;

/// The routes, to be nested at `/users`.
pub fn routes() -> OpenApiRouter<App> {
    OpenApiRouter::new()
        .routes(routes!(directory::list))
        .routes(routes!(
            directory::me,
            directory::update_me,
            account::delete_me
        ))
        .routes(routes!(account::export))
        .routes(routes!(account::consent))
        .routes(routes!(account::submit_kyc))
        .routes(routes!(technician::my_portfolio, technician::add_item))
        .routes(routes!(technician::update_item, technician::remove_item))
        .routes(routes!(
            technician::my_availability,
            technician::set_availability
        ))
        .routes(routes!(
            account::register_device,
            account::unregister_device
        ))
        .routes(routes!(directory::nearby))
        .routes(routes!(account::pending_kyc))
        .routes(routes!(directory::show))
        .routes(routes!(account::set_status))
        .routes(routes!(social::follow, social::unfollow))
        .routes(routes!(social::followers))
        .routes(routes!(social::following))
        .routes(routes!(technician::portfolio))
        .routes(routes!(technician::availability))
        .routes(routes!(account::approve_kyc))
        .routes(routes!(account::reject_kyc))
}

/// The service-layer caller of an authenticated request.
fn caller(auth: &AuthUser) -> Caller {
    Caller {
        id: auth.id,
        role: auth.role,
    }
}

/// `auth` must be an admin; returns the caller.
fn admin(auth: &AuthUser) -> Result<Caller> {
    auth.require(&[Role::Admin])?;
    Ok(caller(auth))
}

/// `auth` must be a technician; returns the caller.
fn technician(auth: &AuthUser) -> Result<Caller> {
    auth.require(&[Role::Technician])?;
    Ok(caller(auth))
}

/// A path id; anything but 24 hex digits is a 400 naming `field`.
fn path_id(field: &str, raw: &str) -> Result<Id> {
    Id::parse(raw).ok_or_else(|| Error::validation(field, "must be a 24-character hexadecimal id"))
}

/// The caller on public routes: nobody without an `Authorization` header, the authenticated
/// user with one. A header that is present but invalid is still a 401 — silently treating a
/// broken token as anonymous would hide client bugs.
pub struct Viewer(pub Option<AuthUser>);

impl Viewer {
    fn caller(&self) -> Option<Caller> {
        self.0.as_ref().map(caller)
    }
}

impl FromRequestParts<App> for Viewer {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, Error> {
        if parts
            .headers
            .contains_key(axum::http::header::AUTHORIZATION)
        {
            AuthUser::from_request_parts(parts, app)
                .await
                .map(|u| Viewer(Some(u)))
        } else {
            Ok(Viewer(None))
        }
    }
}
