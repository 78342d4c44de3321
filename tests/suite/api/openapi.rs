//! The OpenAPI document against the router it describes. Fetched from the running server, it
//! must be OpenAPI 3.1, name every route the router has and no other (both directions), give
//! every operation a success and an error answer, and declare bearer security exactly on the
//! routes that refuse a request without a token.
//!
//! The router's side is read twice, independently of the document: its route table (axum's
//! own list of the paths it matches, from the router `baitech::api::router` builds) and, for
//! each path, the methods the running server answers (the `Allow` header of its 405).

use std::collections::{BTreeMap, BTreeSet};

use reqwest::Method;
use rstest::rstest;
use rstest_reuse::apply;
use serde_json::Value;

use crate::common::{Backend, TestApp, both_backends};

/// The methods an operation of the document can have.
const METHODS: &[&str] = &["get", "put", "post", "delete", "patch"];

/// A stand-in for every path parameter: a well-formed id (or secret) that names nothing.
const PARAM: &str = "65a1f0c2e4b0a1b2c3d4e5f6";

/// `(path, method) → operation` of the document.
fn operations(doc: &Value) -> BTreeMap<(String, String), Value> {
    let mut out = BTreeMap::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for m in METHODS {
            if let Some(op) = item.get(*m) {
                out.insert((path.clone(), m.to_string()), op.clone());
            }
        }
    }
    out
}

/// The paths the router matches, from axum's route table. The table is only reachable through
/// `Debug` (`path_router: ... RouteId(n): "/path"` entries, then the fallback's own router);
/// an empty result means that format changed, and the test says so instead of passing on
/// nothing.
fn route_table(router: &axum::Router) -> BTreeSet<String> {
    let text = format!("{router:?}");
    let (routes, _fallback) = text
        .split_once("fallback_router:")
        .expect("the router's Debug output names its fallback router");
    let mut paths = BTreeSet::new();
    for entry in routes.split("RouteId(").skip(1) {
        let Some((_, rest)) = entry.split_once("): \"") else {
            continue;
        };
        let Some((path, _)) = rest.split_once('"') else {
            continue;
        };
        paths.insert(path.to_string());
    }
    assert!(
        paths.contains("/health") && paths.len() > 10,
        "could not read the router's route table from its Debug output: {paths:?}"
    );
    paths
}

/// The concrete path of a template: every `{param}` replaced by [`PARAM`].
fn concrete(template: &str) -> String {
    let mut out = String::new();
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let end = rest[start..].find('}').expect("closing brace") + start;
        out.push_str(PARAM);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

/// Whether `op` requires a token (`[{bearer: []}]`), accepts one (`[{}, {bearer: []}]`) or
/// takes none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Security {
    Required,
    Optional,
    None,
}

fn security(op: &Value) -> Security {
    let Some(reqs) = op["security"].as_array() else {
        return Security::None;
    };
    let bearer = reqs.iter().any(|r| r.get("bearer").is_some());
    let anonymous = reqs
        .iter()
        .any(|r| r.as_object().is_some_and(|o| o.is_empty()));
    match (bearer, anonymous) {
        (true, false) => Security::Required,
        (true, true) => Security::Optional,
        _ => Security::None,
    }
}

async fn fetch_document(app: &TestApp) -> Value {
    let r = app.get("/api/v1/openapi.json").await;
    assert_eq!(r.status(), 200);
    let ct = r.headers()["content-type"].to_str().unwrap().to_string();
    assert!(ct.starts_with("application/json"), "{ct}");
    r.json().await.expect("the document is JSON")
}

/// Sends `method path` without a body, with `token` as the bearer token when given; returns
/// the status and the JSON body (`Null` when the body is not JSON).
async fn probe(app: &TestApp, method: &str, path: &str, token: Option<&str>) -> (u16, Value) {
    let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
    let mut req = app.request(method, path);
    if let Some(t) = token {
        req = req.bearer(t);
    }
    let r = req.send_raw().await;
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

#[apply(both_backends)]
async fn the_document_is_openapi_3_1_with_shared_schemas(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let doc = fetch_document(&app).await;
    assert!(
        doc["openapi"].as_str().unwrap().starts_with("3.1."),
        "{}",
        doc["openapi"]
    );
    assert_eq!(doc["info"]["version"], env!("CARGO_PKG_VERSION"));
    assert!(doc["info"]["title"].is_string());
    let bearer = &doc["components"]["securitySchemes"]["bearer"];
    assert_eq!(bearer["type"], "http");
    assert_eq!(bearer["scheme"], "bearer");
    assert_eq!(bearer["bearerFormat"], "JWT");
    let schemas = &doc["components"]["schemas"];
    // The value types say what they are on the wire.
    assert_eq!(schemas["Id"]["pattern"], "^[0-9a-fA-F]{24}$");
    assert_eq!(schemas["Timestamp"]["format"], "date-time");
    assert_eq!(schemas["Money"]["properties"]["amount"]["type"], "integer");
    assert!(schemas["Money"]["required"].as_array().unwrap().len() == 2);
    // One error schema, referenced by the shared error answers.
    assert!(schemas["ErrorEnvelope"]["properties"]["error"].is_object());
    for name in ["BadRequest", "Unauthorized", "Internal", "Unavailable"] {
        let r = &doc["components"]["responses"][name];
        assert_eq!(
            r["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/ErrorEnvelope",
            "{name}"
        );
    }
    // Every `$ref` points at something the document defines.
    let text = doc.to_string();
    for r in text.split("\"$ref\":\"").skip(1) {
        let target = r.split('"').next().unwrap();
        let pointer = target.trim_start_matches('#');
        assert!(
            doc.pointer(pointer).is_some(),
            "dangling reference {target}"
        );
    }
    // Operation ids are unique.
    let ops = operations(&doc);
    let ids: BTreeSet<_> = ops
        .values()
        .map(|op| op["operationId"].to_string())
        .collect();
    assert_eq!(ids.len(), ops.len(), "operation ids repeat");
}

#[apply(both_backends)]
async fn every_route_is_documented_and_every_documented_route_exists(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let doc = fetch_document(&app).await;
    let ops = operations(&doc);
    let mut documented: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (path, method) in ops.keys() {
        documented
            .entry(path.clone())
            .or_default()
            .insert(method.clone());
    }

    // Paths: the router's table and the document name the same set.
    let table = route_table(&baitech::api::router(app.app.clone()));
    let paths: BTreeSet<String> = documented.keys().cloned().collect();
    let undocumented: Vec<_> = table.difference(&paths).collect();
    let unrouted: Vec<_> = paths.difference(&table).collect();
    assert!(
        undocumented.is_empty(),
        "routes missing from the document: {undocumented:?}"
    );
    assert!(
        unrouted.is_empty(),
        "documented paths the router lacks: {unrouted:?}"
    );

    for (path, methods) in &documented {
        let url = concrete(path);
        // Methods: a method no route uses makes the server list the ones the path answers.
        let r = app.request(Method::TRACE, &url).send_raw().await;
        assert_eq!(r.status(), 405, "TRACE {url}");
        let allow = r.headers()["allow"].to_str().unwrap().to_lowercase();
        let answered: BTreeSet<String> = allow
            .split(',')
            .map(|m| m.trim().to_string())
            .filter(|m| m != "head" || !methods.contains("get"))
            .collect();
        assert_eq!(&answered, methods, "{path}: the router answers {allow}");

        // Every documented operation reaches its handler, not the router's fallbacks.
        for method in methods {
            let (status, body) = probe(&app, method, &url, None).await;
            assert_ne!(status, 405, "{method} {url} is not routed");
            assert!(
                !(status == 404 && body["error"]["message"] == "route not found"),
                "{method} {url} fell through to the not-found fallback"
            );
        }
    }
}

#[apply(both_backends)]
async fn operations_describe_their_answers_and_their_security(#[case] b: Backend) {
    let app = TestApp::spawn(b).await;
    let doc = fetch_document(&app).await;
    for ((path, method), op) in operations(&doc) {
        let what = format!("{method} {path}");
        let responses = op["responses"].as_object().expect("responses");
        assert!(
            responses.keys().any(|s| s.starts_with('2')),
            "{what} has no success answer"
        );
        let errors: Vec<_> = responses
            .iter()
            .filter(|(s, _)| s.starts_with('4') || s.starts_with('5'))
            .collect();
        assert!(!errors.is_empty(), "{what} has no error answer");
        for (status, r) in errors {
            let points_at_error = r["$ref"].as_str().is_some_and(|t| {
                doc.pointer(t.trim_start_matches('#'))
                    .is_some_and(|shared| {
                        shared["content"]["application/json"]["schema"]["$ref"]
                            == "#/components/schemas/ErrorEnvelope"
                    })
            }) || r["content"]["application/json"]["schema"]["$ref"]
                == "#/components/schemas/ErrorEnvelope";
            assert!(points_at_error, "{what} {status} is not the error envelope");
        }

        // Security, checked against what the server does without a token and with a bad one.
        let url = concrete(&path);
        let declared = security(&op);
        let (anonymous, _) = probe(&app, &method, &url, None).await;
        let (bad_token, _) = probe(&app, &method, &url, Some("not-a-token")).await;
        match declared {
            Security::Required => {
                assert_eq!(
                    anonymous, 401,
                    "{what} declares a token but serves without one"
                );
                assert!(
                    responses.contains_key("401"),
                    "{what} does not list its 401"
                );
            }
            Security::Optional => {
                assert_ne!(
                    anonymous, 401,
                    "{what} needs a token but declares it optional"
                );
                assert_eq!(
                    bad_token, 401,
                    "{what} accepts a token but ignores a bad one"
                );
            }
            Security::None => {
                assert_ne!(anonymous, 401, "{what} needs a token but declares none");
            }
        }
    }
}
