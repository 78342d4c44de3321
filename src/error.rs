//! The library's one error type. The HTTP layer maps it to the JSON error envelope
//! (`api::envelope`), the CLI maps it to exit codes ([`Error::exit_code`]).

use std::time::Duration;

use serde::Serialize;

/// One invalid input field and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        FieldError {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// Every failure a caller can act on, and `Internal` for the rest.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("invalid input: {}", summarize(.0))]
    Validation(Vec<FieldError>),
    #[error("{0}")]
    BadRequest(String),
    /// The request body is larger than the configured limit (`BODY_LIMIT_BYTES`).
    #[error("the request body is larger than this server accepts")]
    PayloadTooLarge,
    #[error("authentication required")]
    Unauthorized(String),
    #[error("forbidden: {0}")]
    Forbidden(String),
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("{0}")]
    Conflict(String),
    #[error("cannot move from {from} to {to}")]
    InvalidTransition {
        from: String,
        to: String,
        allowed: Vec<String>,
    },
    #[error("{0}")]
    Unprocessable(String),
    /// A wallet (or other balance) would go below zero.
    #[error("{0}")]
    InsufficientFunds(String),
    #[error("too many requests")]
    RateLimited { retry_after: Duration },
    #[error("{dependency} unavailable: {reason}")]
    Unavailable {
        dependency: &'static str,
        reason: String,
    },
    #[error("invalid configuration: {}", summarize(.0))]
    Config(Vec<FieldError>),
    #[error("{context}: {source}")]
    Internal {
        context: String,
        #[source]
        source: anyhow::Error,
    },
}

fn summarize(errs: &[FieldError]) -> String {
    errs.iter()
        .map(|e| format!("{} {}", e.field, e.message))
        .collect::<Vec<_>>()
        .join("; ")
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Process exit codes, documented in the README.
pub mod exit {
    pub const OK: i32 = 0;
    pub const FAILURE: i32 = 1;
    pub const USAGE: i32 = 2;
    pub const UNAVAILABLE: i32 = 3;
}

impl Error {
    pub fn validation(field: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Validation(vec![FieldError::new(field, message)])
    }

    pub fn internal(context: impl Into<String>, source: impl Into<anyhow::Error>) -> Self {
        Error::Internal {
            context: context.into(),
            source: source.into(),
        }
    }

    pub fn unavailable(dependency: &'static str, reason: impl ToString) -> Self {
        Error::Unavailable {
            dependency,
            reason: reason.to_string(),
        }
    }

    /// Stable machine-readable code for the error envelope.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Validation(_) => "VALIDATION_ERROR",
            Error::BadRequest(_) => "BAD_REQUEST",
            Error::PayloadTooLarge => "PAYLOAD_TOO_LARGE",
            Error::Unauthorized(_) => "UNAUTHORIZED",
            Error::Forbidden(_) => "FORBIDDEN",
            Error::NotFound(_) => "NOT_FOUND",
            Error::Conflict(_) => "CONFLICT",
            Error::InvalidTransition { .. } => "INVALID_TRANSITION",
            Error::Unprocessable(_) => "UNPROCESSABLE",
            Error::InsufficientFunds(_) => "INSUFFICIENT_FUNDS",
            Error::RateLimited { .. } => "RATE_LIMITED",
            Error::Unavailable { .. } => "SERVICE_UNAVAILABLE",
            Error::Config(_) => "INVALID_CONFIGURATION",
            Error::Internal { .. } => "INTERNAL_ERROR",
        }
    }

    /// The exit code a CLI command ends with when this error stops it.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Unavailable { .. } => exit::UNAVAILABLE,
            Error::Config(_) | Error::Validation(_) | Error::BadRequest(_) => exit::USAGE,
            _ => exit::FAILURE,
        }
    }

    /// Adds context to an internal error; other variants already speak for themselves.
    pub fn context(self, ctx: impl std::fmt::Display) -> Self {
        match self {
            Error::Internal { context, source } => Error::Internal {
                context: format!("{ctx}: {context}"),
                source,
            },
            other => other,
        }
    }
}

impl From<crate::domain::money::CurrencyMismatch> for Error {
    fn from(e: crate::domain::money::CurrencyMismatch) -> Self {
        Error::Unprocessable(e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_message_lists_every_field() {
        let e = Error::Validation(vec![
            FieldError::new("email", "is required"),
            FieldError::new("password", "is too short"),
        ]);
        assert_eq!(
            e.to_string(),
            "invalid input: email is required; password is too short"
        );
        assert_eq!(e.exit_code(), exit::USAGE);
    }

    #[test]
    fn unreachable_dependencies_exit_with_3() {
        assert_eq!(Error::unavailable("mongodb", "timeout").exit_code(), 3);
    }
}
