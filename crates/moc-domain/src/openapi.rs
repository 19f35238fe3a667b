//! OpenAPI schemas for the domain's hand-written types (feature `openapi`).
//!
//! The derived schemas describe structs and enums from their serde
//! attributes; the validated strings (`code_id!`, [`Date`]) deserialise
//! through `TryFrom<String>`, so their schema is written here from the same
//! rules their constructors check: a client that follows the schema never
//! meets an "invalid code" refusal.
//!
//! [`Date`]: crate::Date

use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};

/// A validated code: 1 to `max` characters matching `pattern`.
pub(crate) fn code(what: &str, max: usize, pattern: &str) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some(format!("A {what}: 1 to {max} characters.")))
        .min_length(Some(1))
        .max_length(Some(max))
        .pattern(Some(pattern))
        .into()
}

/// A calendar date, `YYYY-MM-DD`, with month 1–12 and day 1–31.
pub(crate) fn date() -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some("A calendar date, YYYY-MM-DD."))
        .pattern(Some("^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"))
        .into()
}
