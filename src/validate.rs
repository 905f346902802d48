//! Validation at load: SHACL shapes (`ontology/shapes.ttl`, checked with the `shacl` crate) on every
//! data graph, the arithmetic the source states (`queries/checks/*.rq`), and every quotation
//! against the text of its source document where the data ships that text.
//!
//! `casegraph serve` refuses to start on any failure; `casegraph validate` prints the whole report.

use crate::error::{Error, Result};
use crate::source;
use crate::store::{CaseStore, ONTOLOGY_GRAPH, SHAPES_GRAPH};
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{GraphNameRef, NamedNode, NamedOrBlankNode};
use rudof_rdf::rdf_core::RDFFormat;
use rudof_rdf::rdf_impl::{OxigraphInMemory, ReaderMode};
use serde::Serialize;
use shacl::ir::IRSchema;
use shacl::validator::processor::{GraphValidation, ShaclProcessor};
use shacl::validator::store::{Graph, ShaclDataManager};
use shacl::validator::{ShaclConfig, ShaclValidationMode};

/// One SHACL violation, named by graph, node and rule.
#[derive(Debug, Clone, Serialize)]
pub struct Violation {
    pub graph: String,
    pub focus_node: String,
    pub path: Option<String>,
    pub rule: String,
    pub shape: Option<String>,
    pub value: Option<String>,
    pub message: String,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "node <{}>", self.focus_node)?;
        if let Some(path) = &self.path {
            write!(f, " path {path}")?;
        }
        write!(f, " violates {}", self.rule)?;
        if let Some(shape) = &self.shape {
            write!(f, " (shape {shape})")?;
        }
        if let Some(value) = &self.value {
            write!(f, " value {value}")?;
        }
        if !self.message.is_empty() {
            write!(f, ": {}", self.message)?;
        }
        write!(f, " [graph <{}>]", self.graph)
    }
}

/// One arithmetic statement of the source, recomputed from the stored figures.
#[derive(Debug, Clone, Serialize)]
pub struct Check {
    pub kind: String,
    pub label: String,
    pub source: String,
    pub expression: String,
    pub stated: String,
    pub computed: String,
    pub holds: bool,
}

/// One quotation (`cg:quote`) compared with the text of the source document it is derived from.
#[derive(Debug, Clone, Serialize)]
pub struct QuoteCheck {
    pub graph: String,
    pub resource: String,
    /// The document's `dcterms:identifier`, i.e. the file name of its text in the data directory.
    pub document: String,
    /// `Some(true)` verbatim, `Some(false)` not found in the text, `None` no text shipped to check.
    pub verbatim: Option<bool>,
}

#[derive(Debug, Default, Serialize)]
pub struct Report {
    pub graphs: Vec<(String, usize)>,
    pub violations: Vec<Violation>,
    pub checks: Vec<Check>,
    pub quotes: Vec<QuoteCheck>,
}

impl Report {
    pub fn ok(&self) -> bool {
        self.violations.is_empty()
            && self.checks.iter().all(|c| c.holds)
            && self.quotes.iter().all(|q| q.verbatim != Some(false))
    }

    /// The report as text, one line per graph, violation and check.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for (graph, n) in &self.graphs {
            out.push_str(&format!("graph <{graph}>: {n} triples\n"));
        }
        if self.violations.is_empty() {
            out.push_str("SHACL: every data graph conforms to ontology/shapes.ttl\n");
        } else {
            out.push_str(&format!("SHACL: {} violation(s)\n", self.violations.len()));
            for v in &self.violations {
                out.push_str(&format!("  ✗ {v}\n"));
            }
        }
        out.push_str(&format!(
            "stated arithmetic: {} of {} hold\n",
            self.checks.iter().filter(|c| c.holds).count(),
            self.checks.len()
        ));
        for c in &self.checks {
            out.push_str(&format!(
                "  {} {} = {} (computed {}) — {} [{}]\n",
                if c.holds { "✓" } else { "✗" },
                c.expression,
                c.stated,
                c.computed,
                c.label,
                c.source
            ));
        }
        let checked: Vec<_> = self
            .quotes
            .iter()
            .filter(|q| q.verbatim.is_some())
            .collect();
        out.push_str(&format!(
            "quotations: {} of {} verbatim in their source document's text",
            checked.iter().filter(|q| q.verbatim == Some(true)).count(),
            checked.len()
        ));
        let unchecked = self.quotes.len() - checked.len();
        if unchecked > 0 {
            out.push_str(&format!(
                "; {unchecked} not checked (no text of their source document in the data)"
            ));
        }
        out.push('\n');
        for q in self.quotes.iter().filter(|q| q.verbatim == Some(false)) {
            out.push_str(&format!(
                "  ✗ the cg:quote of <{}> is not in {} [graph <{}>]\n",
                q.resource, q.document, q.graph
            ));
        }
        out
    }
}

/// Folds white space and drops Markdown bold markers, so that a quotation may span the source's
/// line breaks and leave out its `**` emphasis but must otherwise match it character for character.
fn normalise(text: &str) -> String {
    text.replace("**", "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every `cg:quote` of a resource derived from a source document, checked against the document's
/// text where the data ships it (a file named by the document's `dcterms:identifier`).
pub fn quote_checks(cs: &CaseStore) -> Result<Vec<QuoteCheck>> {
    let texts: std::collections::HashMap<&str, String> = cs
        .documents
        .iter()
        .map(|(name, text)| (name.as_str(), normalise(text)))
        .collect();
    let rows = cs.queries.select(&cs.store, "checks/quotations", &[])?;
    Ok(rows
        .iter()
        .map(|row| {
            let document = row.str("identifier");
            let verbatim = texts
                .get(document.as_str())
                .map(|text| text.contains(&normalise(&row.str("quote"))));
            QuoteCheck {
                graph: row.str("graph"),
                resource: row.str("resource"),
                document,
                verbatim,
            }
        })
        .collect())
}

/// The shapes of `ontology/shapes.ttl`, compiled.
fn shapes() -> Result<IRSchema> {
    let file = source::ontology_files()
        .into_iter()
        .find(|f| f.path.ends_with("shapes.ttl"))
        .ok_or_else(|| Error::Internal("ontology/shapes.ttl is missing".into()))?;
    ShaclDataManager::load(
        &mut file.contents.as_slice(),
        "shapes.ttl",
        &RDFFormat::Turtle,
        None,
    )
    .map_err(|e| Error::Internal(format!("ontology/shapes.ttl: {e}")))
}

/// Validates every data graph (all named graphs but the ontology's and the shapes').
pub fn validate(cs: &CaseStore) -> Result<Report> {
    let schema = shapes()?;
    let mut report = Report::default();
    let mut graphs: Vec<NamedOrBlankNode> = cs
        .store
        .named_graphs()
        .collect::<std::result::Result<_, _>>()?;
    graphs.sort_by_key(|g| g.to_string());
    for graph in graphs {
        let NamedOrBlankNode::NamedNode(graph) = graph else {
            continue;
        };
        if graph.as_str() == ONTOLOGY_GRAPH || graph.as_str() == SHAPES_GRAPH {
            continue;
        }
        let (count, violations) = validate_graph(cs, &graph, &schema)?;
        report.graphs.push((graph.as_str().to_owned(), count));
        report.violations.extend(violations);
    }
    report.checks = arithmetic_checks(cs, None)?;
    report.quotes = quote_checks(cs)?;
    Ok(report)
}

/// The source's stated arithmetic, recomputed; for one case graph, or all when `graph` is `None`.
pub fn arithmetic_checks(cs: &CaseStore, graph: Option<&str>) -> Result<Vec<Check>> {
    let mut checks = Vec::new();
    for name in ["checks/stated-differences", "checks/stated-ratios"] {
        for row in cs.queries.select(&cs.store, name, &[])? {
            if graph.is_some_and(|g| row.str("graph") != g) {
                continue;
            }
            checks.push(Check {
                kind: name.trim_start_matches("checks/").to_owned(),
                label: row.str("label"),
                source: row.str("source"),
                expression: row.str("expression"),
                stated: row.str("stated"),
                computed: row.str("computed"),
                holds: row.bool("holds"),
            });
        }
    }
    Ok(checks)
}

fn validate_graph(
    cs: &CaseStore,
    graph: &NamedNode,
    schema: &IRSchema,
) -> Result<(usize, Vec<Violation>)> {
    // Hand the graph to the validator as N-Triples: the two crates pin different oxrdf versions.
    let mut serializer = RdfSerializer::from_format(RdfFormat::NTriples).for_writer(Vec::new());
    let mut count = 0;
    for quad in cs.store.quads_for_pattern(
        None,
        None,
        None,
        Some(GraphNameRef::NamedNode(graph.as_ref())),
    ) {
        let quad = quad?;
        serializer.serialize_triple(quad.as_ref())?;
        count += 1;
    }
    let ntriples = serializer.finish()?;
    let data = OxigraphInMemory::from_reader(
        &mut ntriples.as_slice(),
        graph.as_str(),
        &RDFFormat::NTriples,
        None,
        &ReaderMode::Strict,
    )
    .map_err(|e| Error::Internal(format!("graph <{}>: {e}", graph.as_str())))?;
    let mut validation = GraphValidation::new(Graph::from(data));
    let result = validation
        .validate(
            schema,
            &ShaclValidationMode::Native,
            &ShaclConfig::default(),
        )
        .map_err(|e| Error::Internal(format!("SHACL validation of <{}>: {e}", graph.as_str())))?;
    let violations = result
        .results()
        .iter()
        .map(|r| Violation {
            graph: graph.as_str().to_owned(),
            focus_node: r.focus_node().to_string(),
            path: r.path().map(|p| p.to_string()),
            rule: r
                .constraint_component()
                .to_string()
                .replace("http://www.w3.org/ns/shacl#", "sh:"),
            shape: r.source().map(|s| s.to_string()),
            value: r.value().map(|v| v.to_string()),
            message: r
                .message()
                .iter()
                .map(|(_, m)| m.clone())
                .collect::<Vec<_>>()
                .join(" / "),
        })
        .collect();
    Ok((count, violations))
}

/// Loads and validates; any violation or failed check is an error listing every failure.
pub fn open_validated(data_dir: Option<&std::path::Path>) -> Result<(CaseStore, Report)> {
    let cs = CaseStore::load(data_dir)?;
    let report = validate(&cs)?;
    if !report.ok() {
        return Err(Error::Invalid(format!(
            "the data is invalid; refusing to start.\n{}",
            report.render()
        )));
    }
    Ok((cs, report))
}
