//! The account's own records and the admin side of accounts: push devices, KYC submission
//! and review, the GDPR export/consent/deletion, and status changes.

use axum::extract::State;
use axum::response::Response;
use serde_json::{Value, json};

use crate::api::envelope::{created, list, ok};
use crate::api::extract::{Json, Paging, PathId};
use crate::api::openapi::{Envelope, ErrorEnvelope, IdPath, ListEnvelope};
use crate::api::views::PrivateUser;
use crate::api::views::meta::{Deleted, DeviceList, DeviceRemoved};
use crate::api::views::user::DataExportView;
use crate::app::App;
use crate::auth::Caller;
use crate::error::Result;
use crate::services::users::admin::{self as accounts, StatusChangeInput};
use crate::services::users::devices::{self, DeviceInput, DeviceRemovalInput};
use crate::services::users::kyc::{self, Decision, KycRejectionInput};
use crate::services::users::privacy::{self, AccountDeletionInput, ConsentInput};

/// `POST /users/fcm-token` — any signed-in account: registers this device for push.
#[utoipa::path(
    post,
    path = "/fcm-token",
    tag = "users",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The devices registered for push", body = Envelope<DeviceList>),
    )
)]
pub async fn register_device(
    State(app): State<App>,
    me: Caller,
    Json(body): Json<DeviceInput>,
) -> Result<Response> {
    let tokens = devices::register(&app.store, app.cache.as_ref(), &me, body).await?;
    Ok(ok(json!({ "fcmTokens": tokens })))
}

/// `DELETE /users/fcm-token` — any signed-in account: forgets one of its devices.
#[utoipa::path(
    delete,
    path = "/fcm-token",
    tag = "users",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Whether the device was registered", body = Envelope<DeviceRemoved>),
    )
)]
pub async fn unregister_device(
    State(app): State<App>,
    me: Caller,
    Json(body): Json<DeviceRemovalInput>,
) -> Result<Response> {
    let removed = devices::unregister(&app.store, app.cache.as_ref(), &me, body).await?;
    Ok(ok(json!({ "removed": removed })))
}

/// `POST /users/me/kyc` — the signed-in account holder: submits identity documents (201).
#[utoipa::path(
    post,
    path = "/me/kyc",
    tag = "users",
    security(("bearer" = [])),
    request_body(content = Value, description = "{documents: [{type, url}]}"),
    responses(
        (status = 201, description = "The KYC record, `pending`", body = Envelope<crate::domain::user::Kyc>),
        (status = 409, description = "Already approved, or a submission is pending", body = ErrorEnvelope),
    )
)]
pub async fn submit_kyc(
    State(app): State<App>,
    me: Caller,
    Json(body): Json<Value>,
) -> Result<Response> {
    Ok(created(kyc::submit(&app.store, &me, body).await?))
}

/// `GET /users/kyc/pending` — admins: accounts waiting for a decision.
#[utoipa::path(
    get,
    path = "/kyc/pending",
    tag = "users",
    security(("bearer" = [])),
    params(Paging),
    responses(
        (status = 200, description = "Accounts waiting for a KYC decision", body = ListEnvelope<PrivateUser>),
        (status = 403, description = "Admins only", body = ErrorEnvelope),
    )
)]
pub async fn pending_kyc(
    State(app): State<App>,
    me: Caller,
    Paging(req): Paging,
) -> Result<Response> {
    let found = kyc::pending(&app.store, &me, &req).await?;
    Ok(list(found.map(|u| PrivateUser::from(&u))))
}

/// `POST /users/:id/kyc/approve` — admins.
#[utoipa::path(
    post,
    path = "/{id}/kyc/approve",
    tag = "users",
    security(("bearer" = [])),
    params(IdPath),
    responses(
        (status = 200, description = "The account, KYC approved", body = Envelope<PrivateUser>),
        (status = 403, description = "Admins only", body = ErrorEnvelope),
        (status = 404, description = "No such user", body = ErrorEnvelope),
        (status = 409, description = "No KYC submission is pending", body = ErrorEnvelope),
    )
)]
pub async fn approve_kyc(
    State(app): State<App>,
    me: Caller,
    PathId(id): PathId,
) -> Result<Response> {
    let user = kyc::decide(&app, &me, id, Decision::Approve).await?;
    Ok(ok(PrivateUser::from(&user)))
}

/// `POST /users/:id/kyc/reject {reason}` — admins.
#[utoipa::path(
    post,
    path = "/{id}/kyc/reject",
    tag = "users",
    security(("bearer" = [])),
    params(IdPath),
    responses(
        (status = 200, description = "The account, KYC rejected", body = Envelope<PrivateUser>),
        (status = 403, description = "Admins only", body = ErrorEnvelope),
        (status = 404, description = "No such user", body = ErrorEnvelope),
        (status = 409, description = "No KYC submission is pending", body = ErrorEnvelope),
    )
)]
pub async fn reject_kyc(
    State(app): State<App>,
    me: Caller,
    PathId(id): PathId,
    Json(body): Json<KycRejectionInput>,
) -> Result<Response> {
    let decision = Decision::try_from(body)?;
    let user = kyc::decide(&app, &me, id, decision).await?;
    Ok(ok(PrivateUser::from(&user)))
}

/// `PUT /users/:id/status {status, reason}` — admins.
#[utoipa::path(
    put,
    path = "/{id}/status",
    tag = "users",
    security(("bearer" = [])),
    params(IdPath),
    responses(
        (status = 200, description = "The account in its new status; its sessions end unless active", body = Envelope<PrivateUser>),
        (status = 403, description = "Admins only", body = ErrorEnvelope),
        (status = 404, description = "No such user", body = ErrorEnvelope),
        (status = 409, description = "Not a status change this account can make", body = ErrorEnvelope),
    )
)]
pub async fn set_status(
    State(app): State<App>,
    me: Caller,
    PathId(id): PathId,
    Json(body): Json<StatusChangeInput>,
) -> Result<Response> {
    let user = accounts::set_status(&app.store, &me, id, body).await?;
    crate::services::auth::forget_access(&app, id).await;
    Ok(ok(PrivateUser::from(&user)))
}

/// `GET /users/me/export` — the signed-in account holder: everything held about them.
#[utoipa::path(
    get,
    path = "/me/export",
    tag = "users",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Everything held about the caller", body = Envelope<DataExportView>),
    )
)]
pub async fn export(State(app): State<App>, me: Caller) -> Result<Response> {
    let data = privacy::export(&app.store, &me).await?;
    Ok(ok(DataExportView::from(data)))
}

/// `PUT /users/me/consent {marketing, termsVersion?}` — the signed-in account holder.
#[utoipa::path(
    put,
    path = "/me/consent",
    tag = "users",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The consent record", body = Envelope<crate::domain::user::Consent>),
    )
)]
pub async fn consent(
    State(app): State<App>,
    me: Caller,
    Json(body): Json<ConsentInput>,
) -> Result<Response> {
    Ok(ok(privacy::set_consent(&app.store, &me, body).await?))
}

/// `DELETE /users/me {password}` — the signed-in account holder: erases the account.
#[utoipa::path(
    delete,
    path = "/me",
    tag = "users",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The account is erased (personal data anonymized)", body = Envelope<Deleted>),
        (status = 401, description = "The password is wrong", body = ErrorEnvelope),
        (status = 409, description = "Open bookings or money still held", body = ErrorEnvelope),
    )
)]
pub async fn delete_me(
    State(app): State<App>,
    me: Caller,
    Json(body): Json<AccountDeletionInput>,
) -> Result<Response> {
    privacy::delete_account(&app.store, app.cache.as_ref(), &me, body).await?;
    Ok(ok(json!({ "deleted": true })))
}
