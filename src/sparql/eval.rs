//! Query evaluation shared by every caller: the one place that builds a `SparqlEvaluator`.
//!
//! Every evaluator gets a deny-all `SERVICE` handler. Oxigraph's HTTP client is compiled in (the
//! `shacl` crate switches it on through feature unification), so without this handler a user's
//! `SERVICE <http://…>` would make an outbound request.

use oxigraph::model::NamedNode;
use oxigraph::sparql::{
    CancellationToken, DefaultServiceHandler, QuerySolutionIter, SparqlEvaluator,
};
use spargebra::algebra::GraphPattern;

/// The error a refused `SERVICE` call produces.
#[derive(Debug, thiserror::Error)]
#[error("SERVICE is disabled on this endpoint (no outbound requests); refused: <{0}>")]
pub struct ServiceRefused(String);

struct DenyAllServices;

impl DefaultServiceHandler for DenyAllServices {
    type Error = ServiceRefused;

    fn handle(
        &self,
        service_name: &NamedNode,
        _pattern: &GraphPattern,
        _base_iri: Option<&oxiri::Iri<String>>,
    ) -> Result<QuerySolutionIter<'static>, ServiceRefused> {
        Err(ServiceRefused(service_name.as_str().to_owned()))
    }
}

/// A fresh evaluator: no `SERVICE`, cancellable through `token`.
pub fn evaluator(token: Option<CancellationToken>) -> SparqlEvaluator {
    let evaluator = SparqlEvaluator::new().with_default_service_handler(DenyAllServices);
    match token {
        Some(token) => evaluator.with_cancellation_token(token),
        None => evaluator,
    }
}
