//! The OpenAPI 3.1 document of the HTTP API, served at `/api/v1/openapi.json`.
//!
//! Every route is registered through utoipa-axum's `routes!`, which takes the method and path
//! from the handler's `#[utoipa::path]` description, so the router and the document come out
//! of the same registrations and cannot drift (`tests/suite/api/openapi.rs` proves it from the
//! outside). This module owns what the descriptions share: the envelope and error schemas,
//! the bearer security scheme, the paging parameters, and [`finish`], which gives every
//! operation the error answers its kind can produce (400 with parameters or a body, 401 when
//! a token is accepted, 413 with a body, 500 and 503 everywhere) and a unique operation id.

use std::sync::OnceLock;

use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::{Value, json};
use utoipa::openapi::path::{Parameter, ParameterIn};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouter};

/// Name of the security scheme: `Authorization: Bearer <access JWT>`.
pub const BEARER: &str = "bearer";

/// `{success: true, data}`: every successful answer that is not a list.
#[derive(Serialize, ToSchema)]
pub struct Envelope<T> {
    /// Always `true`.
    #[schema(example = true)]
    pub success: bool,
    pub data: T,
}

/// `{success: true, data: [...], pagination}`: a page of a list.
#[derive(Serialize, ToSchema)]
pub struct ListEnvelope<T> {
    /// Always `true`.
    #[schema(example = true)]
    pub success: bool,
    pub data: Vec<T>,
    pub pagination: Pagination,
}

/// Where a page stands: cursor paging for infinite scroll, or `page`/`total` when the
/// request asked for a page number.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Pagination {
    /// The page size used.
    pub limit: u32,
    /// Pass as `cursor` for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
    pub has_more: bool,
    /// Only with `page=`: the page number answered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u64>,
    /// Only with `page=`: how many items match in all.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<u64>,
}

/// `{success: false, error}`: every error answer, whatever its status.
#[derive(Serialize, ToSchema)]
pub struct ErrorEnvelope {
    /// Always `false`.
    #[schema(example = false)]
    pub success: bool,
    pub error: ErrorBody,
}

/// What went wrong, in a stable code a client can switch on.
#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    /// `SNAKE_CASE`: VALIDATION_ERROR, BAD_REQUEST, UNAUTHORIZED, FORBIDDEN, NOT_FOUND,
    /// CONFLICT, INVALID_TRANSITION, UNPROCESSABLE, INSUFFICIENT_FUNDS, PAYLOAD_TOO_LARGE,
    /// RATE_LIMITED, SERVICE_UNAVAILABLE, INTERNAL_ERROR, ...
    #[schema(example = "VALIDATION_ERROR")]
    pub code: String,
    /// A sentence for people; never a stack trace.
    pub message: String,
    /// `[{field, message}]` for VALIDATION_ERROR, `{allowed: [...]}` for INVALID_TRANSITION,
    /// `{retryAfterSeconds}` for RATE_LIMITED, otherwise `[]`.
    #[schema(value_type = Value)]
    pub details: Value,
}

/// One invalid field of a VALIDATION_ERROR (an element of `error.details`).
#[derive(Serialize, ToSchema)]
pub struct FieldProblem {
    /// The field's JSON path (`serviceLocation.coordinates`, `items[0].title`) or parameter.
    pub field: String,
    pub message: String,
}

/// `cursor`/`page` paging of a list: what the [`Paging`](super::extract::Paging) extractor
/// reads.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// Page size, 1 to 100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u32>,
    /// `pagination.nextCursor` of the previous page.
    pub cursor: Option<String>,
    /// A page number (1-based) instead of a cursor; the answer then carries `page` and `total`.
    #[param(minimum = 1)]
    pub page: Option<u64>,
}

impl IntoParams for super::extract::Paging {
    fn into_params(at: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        PageParams::into_params(at)
    }
}

/// The `{id}` of the document a path names.
#[derive(IntoParams)]
#[into_params(parameter_in = Path)]
pub struct IdPath {
    /// The document's id: 24 hexadecimal digits (anything else is a 400).
    #[param(value_type = crate::domain::Id)]
    pub id: String,
}

/// A mount of `routes` at `path` under its own operation id: the same handler answering a
/// second path (an alias the original API's clients use). `routes` must hold one path.
pub fn at<S>(path: &str, operation_id: &str, routes: UtoipaMethodRouter<S>) -> UtoipaMethodRouter<S>
where
    S: Send + Sync + Clone + 'static,
{
    let (schemas, mut paths, method_router) = routes;
    let (_, mut item) = paths
        .paths
        .pop_first()
        .expect("routes! registered one path");
    assert!(
        paths.paths.is_empty(),
        "an alias takes the routes of one path"
    );
    for op in [
        &mut item.get,
        &mut item.put,
        &mut item.post,
        &mut item.delete,
        &mut item.patch,
    ]
    .into_iter()
    .flatten()
    {
        op.operation_id = Some(operation_id.to_string());
    }
    paths.paths.insert(path.to_string(), item);
    (schemas, paths, method_router)
}

/// Every operation id of `router` gets `prefix`, for a router mounted twice (the second
/// mount's operations must have ids of their own).
pub fn prefix_operation_ids<S>(mut router: OpenApiRouter<S>, prefix: &str) -> OpenApiRouter<S>
where
    S: Send + Sync + Clone + 'static,
{
    for item in router.get_openapi_mut().paths.paths.values_mut() {
        for op in [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
        ]
        .into_iter()
        .flatten()
        {
            let id = op.operation_id.take().unwrap_or_default();
            op.operation_id = Some(format!("{prefix}{id}"));
        }
    }
    router
}

/// The document of `routes`, finished: title and servers, the security scheme, the shared
/// error answers, and the error statuses each operation can give by its kind.
pub fn finish(doc: utoipa::openapi::OpenApi) -> Value {
    let mut doc = serde_json::to_value(&doc).unwrap_or_else(|_| json!({}));
    // The routers' own `info` is utoipa-axum's (its package name and version).
    doc["info"] = json!({
        "title": "BaiTech API",
        "version": env!("CARGO_PKG_VERSION"),
        "license": { "name": env!("CARGO_PKG_LICENSE"), "identifier": env!("CARGO_PKG_LICENSE") },
    });
    doc["info"]["description"] = json!(
        "The BaiTech technician marketplace. JSON bodies in camelCase; ids are 24-hex \
         strings in `_id`; timestamps RFC 3339 UTC; money `{amount: <minor units>, \
         currency}`. Every answer is an envelope: `{success: true, data}` (lists add \
         `pagination`) or `{success: false, error: {code, message, details}}`."
    );
    let components = &mut doc["components"];
    components["securitySchemes"][BEARER] = json!({
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
        "description": "A 15-minute access token from /api/v1/auth/login, /register or /refresh.",
    });
    components["schemas"]["ErrorEnvelope"] = schema_of::<ErrorEnvelope>();
    components["schemas"]["ErrorBody"] = schema_of::<ErrorBody>();
    components["schemas"]["FieldProblem"] = schema_of::<FieldProblem>();
    for (name, description) in SHARED_ERRORS {
        let mut response = json!({
            "description": description,
            "content": { "application/json": { "schema": {
                "$ref": "#/components/schemas/ErrorEnvelope"
            } } },
        });
        if *name == "RateLimited" {
            response["headers"] = json!({ "Retry-After": {
                "description": "Seconds to wait before trying again.",
                "schema": { "type": "integer", "minimum": 1 },
            } });
        }
        components["responses"][*name] = response;
    }
    let mut ids = std::collections::BTreeSet::new();
    if let Some(paths) = doc["paths"].as_object_mut() {
        for item in paths.values_mut() {
            let Some(item) = item.as_object_mut() else {
                continue;
            };
            for (method, op) in item
                .iter_mut()
                .filter(|(_, op)| op.get("responses").is_some())
            {
                dedup_parameters(op);
                add_kind_errors(op);
                name_operation(op, method, &mut ids);
            }
        }
    }
    doc
}

/// The error answers every operation can share, by component name.
const SHARED_ERRORS: &[(&str, &str)] = &[
    (
        "BadRequest",
        "The request is malformed or invalid (VALIDATION_ERROR lists every bad field; a path \
         id that is not 24 hex digits, a query operator such as `status[$ne]`, malformed JSON).",
    ),
    (
        "Unauthorized",
        "No valid access token: missing, malformed, expired, or of an account that is no \
         longer allowed (UNAUTHORIZED).",
    ),
    (
        "PayloadTooLarge",
        "The body is larger than the server accepts (PAYLOAD_TOO_LARGE).",
    ),
    (
        "RateLimited",
        "Too many attempts; try again after `Retry-After` seconds (RATE_LIMITED).",
    ),
    (
        "Internal",
        "Something went wrong on the server; the answer carries no details (INTERNAL_ERROR).",
    ),
    (
        "Unavailable",
        "A dependency (the store, the cache, a gateway) is down; try again shortly \
         (SERVICE_UNAVAILABLE).",
    ),
];

/// The first description of each parameter: a path parameter a handler extracts is also
/// inferred from its signature (as a bare string) after the one its attribute describes.
fn dedup_parameters(op: &mut Value) {
    let Some(params) = op["parameters"].as_array_mut() else {
        return;
    };
    let mut seen = std::collections::BTreeSet::new();
    params.retain(|p| seen.insert((p["in"].to_string(), p["name"].to_string())));
}

fn schema_of<T: ToSchema>() -> Value {
    serde_json::to_value(T::schema()).unwrap_or(Value::Null)
}

/// Adds the error answers `op` can give by its kind, unless it describes them itself.
fn add_kind_errors(op: &mut Value) {
    let has_params = op["parameters"].as_array().is_some_and(|p| !p.is_empty());
    let has_body = op.get("requestBody").is_some();
    let token = op["security"]
        .as_array()
        .is_some_and(|s| s.iter().any(|r| r.get(BEARER).is_some()));
    let mut add = |status: &str, name: &str| {
        let responses = &mut op["responses"];
        if responses.get(status).is_none() {
            responses[status] = json!({ "$ref": format!("#/components/responses/{name}") });
        }
    };
    if has_params || has_body {
        add("400", "BadRequest");
    }
    if token {
        add("401", "Unauthorized");
    }
    if has_body {
        add("413", "PayloadTooLarge");
    }
    add("500", "Internal");
    add("503", "Unavailable");
}

/// `{tag}.{operationId}`: handler names repeat across modules (`list`, `show`), operation ids
/// must not; a handler answering several methods gets the method appended after the first.
fn name_operation(op: &mut Value, method: &str, taken: &mut std::collections::BTreeSet<String>) {
    let tag = op["tags"][0].as_str().unwrap_or("api");
    let id = op["operationId"].as_str().unwrap_or("operation");
    let mut name = format!("{tag}.{id}");
    if taken.contains(&name) {
        name = format!("{name}.{method}");
    }
    taken.insert(name.clone());
    op["operationId"] = json!(name);
}

/// The finished document of the application's routes (built once).
pub fn document() -> &'static Value {
    static DOC: OnceLock<Value> = OnceLock::new();
    DOC.get_or_init(|| finish(super::routes().into_openapi()))
}

/// The OpenAPI 3.1 document of this API.
#[utoipa::path(
    get,
    path = "/openapi.json",
    tag = "meta",
    operation_id = "openapi",
    responses(
        (status = 200, description = "The OpenAPI 3.1 document (not wrapped in the envelope)",
         content_type = "application/json", body = Value),
    )
)]
pub async fn openapi_json() -> Response {
    (
        [(header::CACHE_CONTROL, "public, max-age=300")],
        axum::Json(document()),
    )
        .into_response()
}

/// The filters of `GET /bookings` (with [`PageParams`]).
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BookingFilters {
    /// Comma-separated booking statuses, e.g. `pending,matching`.
    pub status: Option<String>,
    /// Scheduled at or after.
    #[param(value_type = Option<crate::domain::Timestamp>)]
    pub from: Option<String>,
    /// Scheduled at or before.
    #[param(value_type = Option<crate::domain::Timestamp>)]
    pub to: Option<String>,
}

impl IntoParams for crate::services::bookings::ListQuery {
    fn into_params(at: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        let mut params = BookingFilters::into_params(&at);
        params.extend(PageParams::into_params(&at));
        params
    }
}

/// The filters of `GET /transactions` (with [`PageParams`]).
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TransactionFilters {
    /// Comma-separated transaction statuses.
    pub status: Option<String>,
    /// Transaction type (payment, refund, payout, top_up, ...).
    #[param(rename = "type")]
    pub kind: Option<String>,
    /// mpesa, stripe, cash or wallet.
    pub gateway: Option<String>,
    /// Staff only: another user's transactions (as payer).
    #[param(value_type = Option<crate::domain::Id>)]
    pub user: Option<String>,
    /// `payer` (what I paid; the default for customers) or `payee` (what I was paid; the
    /// default for technicians).
    #[param(rename = "as")]
    pub side: Option<String>,
    /// Only this booking's transactions.
    #[param(value_type = Option<crate::domain::Id>)]
    pub booking: Option<String>,
    /// Created at or after.
    #[param(value_type = Option<crate::domain::Timestamp>)]
    pub from: Option<String>,
    /// Created at or before.
    #[param(value_type = Option<crate::domain::Timestamp>)]
    pub to: Option<String>,
}

impl IntoParams for crate::services::payments::queries::ListQuery {
    fn into_params(at: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        let mut params = TransactionFilters::into_params(&at);
        params.extend(PageParams::into_params(&at));
        params
    }
}

/// The filters of `GET /users` (with [`PageParams`]).
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[into_params(rename_all = "camelCase")]
pub struct UserFilters {
    pub role: Option<crate::domain::user::Role>,
    pub status: Option<crate::domain::user::UserStatus>,
    /// Comma-separated skill names (technicians having any).
    pub skills: Option<String>,
    /// Lowest average rating, 0 to 5.
    #[param(minimum = 0, maximum = 5)]
    pub min_rating: Option<f64>,
    /// Free text over names, username and business name.
    pub q: Option<String>,
    pub city: Option<String>,
}

/// The search of `GET /users/technicians/nearby`.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[into_params(rename_all = "camelCase")]
pub struct NearbySearch {
    /// Latitude, −90 to 90.
    #[param(minimum = -90, maximum = 90)]
    pub lat: f64,
    /// Longitude, −180 to 180.
    #[param(minimum = -180, maximum = 180)]
    pub lng: f64,
    /// Search radius in km, above 0 and at most 100.
    #[param(maximum = 100)]
    pub radius: Option<f64>,
    /// Comma-separated skill names (technicians having any).
    pub skills: Option<String>,
    /// Lowest average rating, 0 to 5.
    #[param(minimum = 0, maximum = 5)]
    pub min_rating: Option<f64>,
    /// Only technicians who switched "available now" on.
    pub available_now: Option<bool>,
    /// `distance` (default, nearest first) or `rating` (best Bayesian rating average first).
    pub sort: Option<String>,
    /// How many, 1 to 50 (default 20).
    #[param(minimum = 1, maximum = 50)]
    pub limit: Option<u32>,
    /// `pagination.nextCursor` of the previous page ("load more", at most 500 deep).
    pub cursor: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_document_is_openapi_3_1_with_unique_operation_ids() {
        let doc = document();
        assert_eq!(doc["openapi"], "3.1.0");
        let mut ids = std::collections::BTreeSet::new();
        for (path, item) in doc["paths"].as_object().expect("paths") {
            for (method, op) in item.as_object().expect("path item") {
                let id = op["operationId"].as_str().expect("operation id");
                assert!(ids.insert(id.to_string()), "{method} {path}: {id} repeats");
            }
        }
        if let Ok(out) = std::env::var("BAITECH_OPENAPI_OUT") {
            std::fs::write(out, serde_json::to_string_pretty(doc).unwrap()).unwrap();
        }
    }
}
