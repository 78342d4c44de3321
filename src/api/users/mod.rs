//! `/api/v1/users`: profiles, the directory, the follow graph and blocks, technicians'
//! portfolio and availability, push devices, KYC, the GDPR rights and admin status changes.
//!
//! Handlers are thin: take the caller, call `services::users` (which checks the role a use
//! case needs first), return a view. Who may call what:
//!
//! | route | who |
//! |---|---|
//! | `GET /technicians/nearby`, `GET /:id`, `GET /:id/portfolio`, `GET /:id/availability` | anyone (a token, if sent, must be valid; owner/admin get the private view of `/:id`) |
//! | `GET/PUT/DELETE /me`, `GET /me/export`, `PUT /me/consent`, `POST /me/kyc` | the signed-in account holder |
//! | `GET /`, `GET /:id/followers`, `GET /:id/following`, `POST/DELETE /:id/follow`, `POST/DELETE /:id/block`, `GET /me/blocked` | any signed-in account |
//! | `POST/DELETE /fcm-token` | any signed-in account (its own devices) |
//! | `GET/POST /me/portfolio`, `PUT/DELETE /me/portfolio/:itemId`, `GET/PUT /me/availability` | technicians (their own) |
//! | `GET /kyc/pending`, `POST /:id/kyc/approve`, `POST /:id/kyc/reject`, `PUT /:id/status` | admins |

mod account;
mod blocks;
mod directory;
mod social;
mod technician;

use crate::app::App;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

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
        .routes(routes!(blocks::block, blocks::unblock))
        .routes(routes!(blocks::blocked))
        .routes(routes!(social::followers))
        .routes(routes!(social::following))
        .routes(routes!(technician::portfolio))
        .routes(routes!(technician::availability))
        .routes(routes!(account::approve_kyc))
        .routes(routes!(account::reject_kyc))
}
