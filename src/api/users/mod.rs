//! `/api/v1/users`: profiles, the directory, the follow graph, technicians' portfolio and
//! availability, push devices, KYC, the GDPR rights and admin status changes.
//!
//! Handlers are thin: take the caller, call `services::users` (which checks the role a use
//! case needs first), return a view. Who may call what:
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

use axum::Router;
use axum::routing::{get, post, put};

use crate::app::App;

/// The routes, to be nested at `/users`.
pub fn routes() -> Router<App> {
    Router::new()
        .route("/", get(directory::list))
        .route(
            "/me",
            get(directory::me)
                .put(directory::update_me)
                .delete(account::delete_me),
        )
        .route("/me/export", get(account::export))
        .route("/me/consent", put(account::consent))
        .route("/me/kyc", post(account::submit_kyc))
        .route(
            "/me/portfolio",
            get(technician::my_portfolio).post(technician::add_item),
        )
        .route(
            "/me/portfolio/{item_id}",
            put(technician::update_item).delete(technician::remove_item),
        )
        .route(
            "/me/availability",
            get(technician::my_availability).put(technician::set_availability),
        )
        .route(
            "/fcm-token",
            post(account::register_device).delete(account::unregister_device),
        )
        .route("/technicians/nearby", get(directory::nearby))
        .route("/kyc/pending", get(account::pending_kyc))
        .route("/{id}", get(directory::show))
        .route("/{id}/status", put(account::set_status))
        .route(
            "/{id}/follow",
            post(social::follow).delete(social::unfollow),
        )
        .route("/{id}/followers", get(social::followers))
        .route("/{id}/following", get(social::following))
        .route("/{id}/portfolio", get(technician::portfolio))
        .route("/{id}/availability", get(technician::availability))
        .route("/{id}/kyc/approve", post(account::approve_kyc))
        .route("/{id}/kyc/reject", post(account::reject_kyc))
}
