//! SPARQL over HTTP: evaluation, negotiation, bounded execution and the protocol handlers.
pub mod eval;
pub mod exec;
pub mod graph_store;
pub mod negotiate;
pub mod protocol;
