//! BaiTech: the technician marketplace backend — domain, storage adapters, services and the
//! HTTP API, shared by the `baitech` binary's subcommands.

pub mod domain;
pub mod config;
pub mod error;

pub use error::{Error, Result};
