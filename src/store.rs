//! The store: ontology + data files → one embedded Oxigraph store, and the list of cases in it.
//!
//! Every data file is TriG and every triple must sit in a named graph (one graph per case, plus the
//! shared legal graph). The ontology and the shapes get graphs of their own.

use crate::error::{Error, Result};
use crate::queries::Queries;
use crate::source::{self, File};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{GraphName, NamedNode, Quad, Term};
use oxigraph::store::Store;
use serde::Serialize;
use std::path::Path;

pub const NS: &str = "https://w3id.org/casegraph/ns#";
pub const ONTOLOGY_GRAPH: &str = "https://w3id.org/casegraph/graph/ontology";
pub const SHAPES_GRAPH: &str = "https://w3id.org/casegraph/graph/shapes";
pub const LEGAL_GRAPH: &str = "https://w3id.org/casegraph/graph/legal";

/// A case found in the store (a `cg:Case` in its own named graph).
#[derive(Debug, Clone, Serialize)]
pub struct CaseInfo {
    pub id: String,
    pub iri: String,
    pub title: crate::api::types::Text,
}

/// The loaded store, the cases it holds and the queries that read it.
pub struct CaseStore {
    pub store: Store,
    pub cases: Vec<CaseInfo>,
    pub queries: Queries,
    /// Whether the SPARQL default graph is the union of the named graphs (true unless `--scratch`).
    pub union_default_graph: bool,
    /// Texts of the source documents shipped with the data, by file name (`dcterms:identifier`).
    pub documents: std::collections::BTreeMap<String, String>,
}

impl CaseStore {
    /// Loads the built-in ontology and the data of `data_dir` (the built-in `data/` when `None`).
    pub fn load(data_dir: Option<&Path>) -> Result<Self> {
        let store = Store::new()?;
        for file in source::ontology_files() {
            let graph = if file.path.contains("shapes") {
                SHAPES_GRAPH
            } else {
                ONTOLOGY_GRAPH
            };
            load_turtle(&store, &file, graph)?;
        }
        for file in source::data_files(data_dir)? {
            load_trig(&store, &file)?;
        }
        let mut this = Self::from_store(store, true)?;
        for file in source::document_files(data_dir)? {
            let name = file
                .path
                .rsplit('/')
                .next()
                .unwrap_or(&file.path)
                .to_owned();
            this.documents.insert(name, file.text()?.to_owned());
        }
        Ok(this)
    }

    /// An empty, writable store for conformance runs (`--scratch`).
    pub fn scratch() -> Result<Self> {
        Self::from_store(Store::new()?, false)
    }

    fn from_store(store: Store, union_default_graph: bool) -> Result<Self> {
        let queries = Queries::load()?;
        let mut this = CaseStore {
            store,
            cases: Vec::new(),
            queries,
            union_default_graph,
            documents: Default::default(),
        };
        this.cases = this.find_cases()?;
        Ok(this)
    }

    fn find_cases(&self) -> Result<Vec<CaseInfo>> {
        let rows = self.queries.select(&self.store, "system/cases", &[])?;
        Ok(rows
            .iter()
            .map(|row| CaseInfo {
                id: row.str("slug"),
                iri: row.str("case"),
                title: row.text("title"),
            })
            .collect())
    }

    /// The case with this id (slug), or a 404 naming it.
    pub fn case(&self, id: &str) -> Result<&CaseInfo> {
        self.cases.iter().find(|c| c.id == id).ok_or_else(|| {
            let known: Vec<&str> = self.cases.iter().map(|c| c.id.as_str()).collect();
            Error::NotFound(format!("unknown case '{id}' (known: {})", known.join(", ")))
        })
    }

    pub fn triple_count(&self) -> usize {
        self.store.len().unwrap_or(0)
    }
}

fn load_turtle(store: &Store, file: &File, graph: &str) -> Result<()> {
    let graph = NamedNode::new(graph).map_err(|e| Error::Internal(e.to_string()))?;
    let parser = RdfParser::from_format(RdfFormat::Turtle).with_default_graph(graph);
    store
        .load_from_slice(parser, &file.contents)
        .map_err(|e| Error::Invalid(format!("{}: {e}", file.path)))
}

/// Parses one TriG file and inserts its quads; refuses triples outside a named graph.
fn load_trig(store: &Store, file: &File) -> Result<()> {
    let mut quads = Vec::new();
    for quad in RdfParser::from_format(RdfFormat::TriG).for_slice(&file.contents) {
        let quad: Quad = quad.map_err(|e| Error::Invalid(format!("{}: {e}", file.path)))?;
        if quad.graph_name == GraphName::DefaultGraph {
            return Err(Error::Invalid(format!(
                "{}: the triple {} {} {} is outside any GRAPH block; every triple of a data file \
                 belongs to a named graph (the case IRI, or {LEGAL_GRAPH})",
                file.path, quad.subject, quad.predicate, quad.object
            )));
        }
        quads.push(quad);
    }
    store.extend(quads)?;
    Ok(())
}

/// A short helper for the many places that need `cg:` IRIs.
pub fn cg(local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{NS}{local}"))
}

/// Renders a term the way a lawyer reads it: an IRI as is, a literal as its value.
pub fn term_value(term: &Term) -> String {
    match term {
        Term::NamedNode(n) => n.as_str().to_owned(),
        Term::BlankNode(b) => format!("_:{}", b.as_str()),
        Term::Literal(l) => l.value().to_owned(),
        #[allow(unreachable_patterns)]
        _ => term.to_string(),
    }
}
