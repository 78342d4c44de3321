//! OpenAPI schemas of the value types that serialize by hand (ids, timestamps, contact
//! details): the wire form a client sees, declared beside each type through [`string`].

use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, SchemaFormat, Type};
use utoipa::openapi::{RefOr, Schema};

/// A string schema: what it is, its pattern or format, and one example.
pub(crate) fn string(
    description: &str,
    pattern: Option<&str>,
    format: Option<KnownFormat>,
    example: &str,
) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some(description))
        .pattern(pattern)
        .format(format.map(SchemaFormat::KnownFormat))
        .examples([serde_json::Value::from(example)])
        .into()
}
