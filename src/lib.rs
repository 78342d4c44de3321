//! BaiTech: the technician marketplace backend — domain, storage adapters, services and the
//! HTTP API, shared by the `baitech` binary's subcommands.

pub mod api;
pub mod app;
pub mod auth;
pub mod cache;
pub mod config;
pub mod domain;
pub mod error;
pub mod gateways;
pub mod ratelimit;
pub mod realtime;
pub mod services;
pub mod store;

pub use error::{Error, Result};
