//! casegraph: a liability dispute as a knowledge graph.
//!
//! The path through the code is the path of the data (see ARCHITECTURE.md):
//! [`source`] files → [`store`] (Oxigraph) → [`validate`] → [`queries`] (`queries/*.rq`) →
//! [`api`] structs → [`templates`] → [`http`].

pub mod api;
pub mod argument;
pub mod brief;
pub mod case;
pub mod error;
pub mod http;
pub mod limitation;
pub mod models;
pub mod order;
pub mod queries;
pub mod source;
pub mod sparql;
pub mod store;
pub mod templates;
pub mod validate;

pub use error::{Error, Result};
