//! Request extractors: JSON bodies and query strings whose failures become the 400 envelope,
//! with operator-looking keys refused outright; the caller, path ids and paging — the shared
//! extractors every route uses.

use axum::extract::{
    FromRequest, FromRequestParts, OptionalFromRequestParts, RawPathParams, Request,
};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::app::App;
use crate::auth::{Caller, TokenUse};
use crate::domain::Id;
use crate::error::{Error, FieldError};
use crate::services::input::page_params;
use crate::store::PageRequest;

/// A JSON body. Malformed JSON, wrong types and any object key starting with `$` (a MongoDB
/// operator smuggled into a field) are 400s that name the field.
pub struct Json<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Json<T> {
    type Rejection = Error;

    async fn from_request(req: Request, state: &S) -> Result<Self, Error> {
        let is_json = req
            .headers()
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|ct| ct.starts_with("application/json") || ct.contains("+json"));
        if !is_json {
            return Err(Error::BadRequest(
                "expected a JSON body (Content-Type: application/json)".into(),
            ));
        }
        let bytes = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(|e| {
                // A chunked body only turns out too large while it is read.
                if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                    Error::PayloadTooLarge
                } else {
                    Error::BadRequest(format!("cannot read the body: {e}"))
                }
            })?;
        from_json_bytes(&bytes).map(Json)
    }
}

/// Parses a JSON document into `T` with the same checks as the [`Json`] extractor.
pub fn from_json_bytes<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Error> {
    let value: serde_json::Value = serde_json::from_slice(bytes)
        .map_err(|e| Error::BadRequest(format!("malformed JSON: {e}")))?;
    let mut bad = Vec::new();
    operator_keys(&value, "", &mut bad);
    if !bad.is_empty() {
        return Err(Error::Validation(bad));
    }
    deserialize_naming_field(value)
}

fn deserialize_naming_field<T: DeserializeOwned>(value: serde_json::Value) -> Result<T, Error> {
    let is_object = value.is_object();
    serde_json::from_value(value).map_err(|e| {
        // A typed body whose fields are `Field`s only fails as a whole: when it is not an
        // object at all.
        if !is_object && e.to_string().contains("expected struct") {
            return Error::Validation(vec![FieldError::new("body", "must be a JSON object")]);
        }
        // serde_json reports "invalid type: map, expected a string" without the path for
        // from_value; name the field when the message carries it.
        let msg = e.to_string();
        let field = msg
            .split("field `")
            .nth(1)
            .and_then(|r| r.split('`').next())
            .unwrap_or("body")
            .to_string();
        Error::Validation(vec![FieldError::new(field, msg)])
    })
}

fn operator_keys(v: &serde_json::Value, path: &str, out: &mut Vec<FieldError>) {
    match v {
        serde_json::Value::Object(map) => {
            for (k, child) in map {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                if k.starts_with('$') || k.contains('\0') {
                    out.push(FieldError::new(
                        p.clone(),
                        "field names may not start with $",
                    ));
                }
                operator_keys(child, &p, out);
            }
        }
        serde_json::Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                operator_keys(child, &format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

/// A query string; bad values are 400s. A parameter in operator form (`status[$ne]=x`,
/// `limit[$gt]=0`, `$where=1`, `role[]=admin`) is refused by name on every route, whatever
/// `T` would make of it: clients of the original API used such keys to reach MongoDB
/// operators, and a silently ignored one hides that the filter did not apply. Other unknown
/// plain parameters (a cache-buster) are left to `T`.
pub struct Query<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Query<T> {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Error> {
        let pairs = axum::extract::Query::<Vec<(String, String)>>::try_from_uri(&parts.uri)
            .map_err(|e| Error::Validation(vec![FieldError::new("query", e.body_text())]))?;
        let bad = operator_params(&pairs.0);
        if !bad.is_empty() {
            return Err(Error::Validation(bad));
        }
        axum::extract::Query::<T>::try_from_uri(&parts.uri)
            .map(|axum::extract::Query(v)| Query(v))
            .map_err(|e| Error::Validation(vec![FieldError::new("query", e.body_text())]))
    }
}

/// Parameter names that look like operators or structured keys, each named once.
fn operator_params(pairs: &[(String, String)]) -> Vec<FieldError> {
    let mut out: Vec<FieldError> = Vec::new();
    for (k, _) in pairs {
        let operator = k.contains(['$', '[', ']', '\0']);
        if operator && !out.iter().any(|e| &e.field == k) {
            out.push(FieldError::new(
                k.clone(),
                "parameter names may not contain $, [ or ] (no query operators)",
            ));
        }
    }
    out
}

/// Reads the caller from a valid `Authorization: Bearer <access token>` of an account that is
/// still allowed (see `services::auth::check_access`); without one, a 401.
impl FromRequestParts<App> for Caller {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, Error> {
        let header = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .ok_or_else(|| Error::Unauthorized("missing Authorization header".into()))?;
        let token = header
            .to_str()
            .ok()
            .and_then(|h| {
                h.strip_prefix("Bearer ")
                    .or_else(|| h.strip_prefix("bearer "))
            })
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| Error::Unauthorized("expected Authorization: Bearer <token>".into()))?;
        let claims = app.jwt.verify(token, TokenUse::Access)?;
        // A valid signature is not enough: the account must still be allowed, and the token
        // must not predate a password change or "log out everywhere".
        crate::services::auth::check_access(app, &claims).await?;
        Ok(Caller::new(claims.user_id()?, claims.role))
    }
}

/// `Option<Caller>` on public routes: `None` without an `Authorization` header, the caller
/// with one. A header that is present but invalid is still a 401 — silently treating a broken
/// token as anonymous would hide client bugs.
impl OptionalFromRequestParts<App> for Caller {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Option<Self>, Error> {
        if parts
            .headers
            .contains_key(axum::http::header::AUTHORIZATION)
        {
            <Caller as FromRequestParts<App>>::from_request_parts(parts, app)
                .await
                .map(Some)
        } else {
            Ok(None)
        }
    }
}

/// The id in the route's path (`/{id}`, `/{item_id}`: the last parameter); anything but 24
/// hex digits is a 400 naming the parameter in its wire spelling (`id`, `itemId`).
#[derive(Debug, Clone, Copy)]
pub struct PathId(pub Id);

impl<S: Send + Sync> FromRequestParts<S> for PathId {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Error> {
        let params = RawPathParams::from_request_parts(parts, state)
            .await
            .map_err(|e| Error::BadRequest(e.body_text()))?;
        let Some((name, raw)) = params.iter().last() else {
            return Err(Error::internal(
                "path id",
                anyhow::anyhow!("PathId on a route without a path parameter"),
            ));
        };
        Id::parse(raw).map(PathId).ok_or_else(|| {
            Error::validation(camel_case(name), "must be a 24-character hexadecimal id")
        })
    }
}

/// `item_id` → `itemId`.
fn camel_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// `limit`, `cursor` and `page` (and no other parameter) as a page request; every bad one is
/// named in one 400.
#[derive(Debug, Clone)]
pub struct Paging(pub PageRequest);

impl<S: Send + Sync> FromRequestParts<S> for Paging {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Error> {
        let Query(pairs) = Query::<Vec<(String, String)>>::from_request_parts(parts, state).await?;
        page_params(pairs).map(Paging)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Login {
        email: Option<String>,
        password: String,
    }

    #[test]
    fn operator_keys_are_refused_wherever_they_hide() {
        let Err(Error::Validation(errs)) =
            from_json_bytes::<serde_json::Value>(br#"{"email":{"$gt":""},"a":[{"$where":"1"}]}"#)
        else {
            panic!("expected validation error");
        };
        let fields: Vec<_> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["a[0].$where", "email.$gt"]);
    }

    #[test]
    fn operator_parameters_are_named_once() {
        let pairs: Vec<(String, String)> = [
            ("status[$ne]", "x"),
            ("limit", "5"),
            ("status[$ne]", "y"),
            ("$where", "1"),
            ("role[]", "admin"),
            ("_", "123"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let fields: Vec<_> = operator_params(&pairs)
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["status[$ne]", "$where", "role[]"]);
    }

    #[test]
    fn path_parameters_are_named_in_camel_case() {
        assert_eq!(camel_case("item_id"), "itemId");
        assert_eq!(camel_case("id"), "id");
    }

    #[test]
    fn wrong_types_name_the_field() {
        let Err(Error::Validation(errs)) = from_json_bytes::<Login>(br#"{"email":"a@b.co"}"#)
        else {
            panic!("expected validation error");
        };
        assert_eq!(errs[0].field, "password");
        assert!(matches!(
            from_json_bytes::<Login>(b"{not json"),
            Err(Error::BadRequest(_))
        ));
    }
}
