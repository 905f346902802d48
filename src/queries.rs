//! The SPARQL of the program: every `.rq` file of `queries/`, parsed once at start.
//!
//! A query's header comment says what it answers and which parameters it takes:
//!
//! ```text
//! # title: Claims against a respondent
//! # title@zh: 针对某一被申请人的请求
//! # param: respondent string  party id (slug), e.g. antbot
//! ```
//!
//! A parameter is bound as an RDF term to the projected variable of the same name (oxigraph's
//! `substitute_variable`), never spliced into the query text. Top-level files are the public named
//! queries (`/api/queries`); files in sub-folders (`system/`, `checks/`, `api/`) serve the program.

use crate::error::{Error, Result};
use crate::source;
use crate::sparql::eval::evaluator;
use oxigraph::model::{Literal, NamedNode, Term};
use oxigraph::sparql::{PreparedSparqlQuery, QueryResults, Variable};
use oxigraph::store::Store;
use serde::Serialize;
use std::collections::BTreeMap;

/// How a parameter's value becomes a term.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum ParamKind {
    /// A plain `xsd:string` literal.
    String,
    /// An IRI (checked to be absolute).
    Iri,
}

#[derive(Debug, Clone, Serialize)]
pub struct Param {
    pub name: String,
    pub kind: ParamKind,
    pub description: String,
}

/// One `.rq` file with its header.
#[derive(Debug, Clone, Serialize)]
pub struct NamedQuery {
    pub name: String,
    pub title: String,
    pub title_zh: String,
    pub description: String,
    pub params: Vec<Param>,
    #[serde(skip)]
    pub text: String,
}

impl NamedQuery {
    fn parse(path: &str, text: &str) -> Result<Self> {
        let name = path.trim_end_matches(".rq").to_owned();
        let mut q = NamedQuery {
            name,
            title: String::new(),
            title_zh: String::new(),
            description: String::new(),
            params: Vec::new(),
            text: text.to_owned(),
        };
        for line in text.lines().take_while(|l| l.starts_with('#')) {
            let line = line.trim_start_matches('#').trim();
            let Some((key, value)) = line.split_once(':') else {
                continue;
            };
            let value = value.trim();
            match key.trim() {
                "title" => q.title = value.to_owned(),
                "title@zh" => q.title_zh = value.to_owned(),
                "answers" => {
                    if !q.description.is_empty() {
                        q.description.push(' ');
                    }
                    q.description.push_str(value);
                }
                "param" => {
                    let mut parts = value.splitn(3, char::is_whitespace);
                    let pname = parts.next().unwrap_or_default().to_owned();
                    let kind = match parts.next().unwrap_or_default() {
                        "string" => ParamKind::String,
                        "iri" => ParamKind::Iri,
                        other => {
                            return Err(Error::Internal(format!(
                                "queries/{path}: parameter {pname} has unknown type '{other}'"
                            )))
                        }
                    };
                    let description = parts.next().unwrap_or_default().trim().to_owned();
                    q.params.push(Param {
                        name: pname,
                        kind,
                        description,
                    });
                }
                _ => {}
            }
        }
        Ok(q)
    }

    /// Is this a public named query (a top-level file)?
    pub fn is_public(&self) -> bool {
        !self.name.contains('/')
    }
}

/// All queries, by name (`claims-by-respondent`, `system/cases`, …).
pub struct Queries {
    by_name: BTreeMap<String, NamedQuery>,
}

/// One solution of a SELECT, by variable name.
#[derive(Debug, Clone, Default)]
pub struct Row(pub BTreeMap<String, Term>);

impl Row {
    pub fn get(&self, var: &str) -> Option<&Term> {
        self.0.get(var)
    }
    /// The value of a variable as a string ("" when unbound).
    pub fn str(&self, var: &str) -> String {
        self.opt(var).unwrap_or_default()
    }
    pub fn opt(&self, var: &str) -> Option<String> {
        self.0.get(var).map(crate::store::term_value)
    }
    pub fn bool(&self, var: &str) -> bool {
        self.opt(var).is_some_and(|v| v == "true" || v == "1")
    }
    /// `{prefix}Zh` and `{prefix}En` as a bilingual text.
    pub fn text(&self, prefix: &str) -> crate::api::types::Text {
        crate::api::types::Text {
            zh: self.str(&format!("{prefix}Zh")),
            en: self.str(&format!("{prefix}En")),
        }
    }
}

impl Queries {
    pub fn load() -> Result<Self> {
        let mut by_name = BTreeMap::new();
        for file in source::query_files() {
            let q = NamedQuery::parse(&file.path, file.text()?)?;
            // Fail at start, not at the first request, if a shipped query does not parse.
            spargebra::SparqlParser::new()
                .parse_query(&q.text)
                .map_err(|e| Error::Internal(format!("queries/{}: {e}", file.path)))?;
            by_name.insert(q.name.clone(), q);
        }
        Ok(Queries { by_name })
    }

    pub fn get(&self, name: &str) -> Result<&NamedQuery> {
        self.by_name
            .get(name)
            .ok_or_else(|| Error::NotFound(format!("unknown query '{name}'")))
    }

    /// The public named queries, sorted by name.
    pub fn public(&self) -> impl Iterator<Item = &NamedQuery> {
        self.by_name.values().filter(|q| q.is_public())
    }

    /// All queries whose name starts with `prefix` (e.g. `checks/`).
    pub fn with_prefix<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = &'a NamedQuery> {
        self.by_name
            .values()
            .filter(move |q| q.name.starts_with(prefix))
    }

    /// Parses `name` and binds `params` (name → value) as terms; unknown parameters are refused.
    pub fn prepare(
        &self,
        name: &str,
        params: &[(&str, &str)],
        token: Option<oxigraph::sparql::CancellationToken>,
    ) -> Result<PreparedSparqlQuery> {
        let q = self.get(name)?;
        let mut prepared = evaluator(token)
            .parse_query(&q.text)
            .map_err(|e| Error::Internal(format!("queries/{name}.rq: {e}")))?;
        for (pname, value) in params {
            let param = q.params.iter().find(|p| p.name == *pname).ok_or_else(|| {
                let known: Vec<&str> = q.params.iter().map(|p| p.name.as_str()).collect();
                Error::BadRequest(format!(
                    "query '{name}' has no parameter '{pname}' (it takes: {})",
                    if known.is_empty() {
                        "none".to_owned()
                    } else {
                        known.join(", ")
                    }
                ))
            })?;
            let term: Term = match param.kind {
                ParamKind::String => Literal::new_simple_literal(*value).into(),
                ParamKind::Iri => NamedNode::new(*value)
                    .map_err(|e| {
                        Error::BadRequest(format!(
                            "parameter '{pname}' must be an absolute IRI: {e}"
                        ))
                    })?
                    .into(),
            };
            let var = Variable::new(*pname)
                .map_err(|e| Error::Internal(format!("bad parameter name {pname}: {e}")))?;
            prepared = prepared.substitute_variable(var, term);
        }
        Ok(prepared)
    }

    /// Runs a SELECT over the union of all graphs and returns its rows.
    pub fn select(&self, store: &Store, name: &str, params: &[(&str, &str)]) -> Result<Vec<Row>> {
        let mut prepared = self.prepare(name, params, None)?;
        prepared.dataset_mut().set_default_graph_as_union();
        let results = prepared
            .on_store(store)
            .execute()
            .map_err(|e| Error::Internal(format!("query {name}: {e}")))?;
        let QueryResults::Solutions(solutions) = results else {
            return Err(Error::Internal(format!("query {name} is not a SELECT")));
        };
        let mut rows = Vec::new();
        for solution in solutions {
            let solution = solution.map_err(|e| Error::Internal(format!("query {name}: {e}")))?;
            let mut row = BTreeMap::new();
            for (var, term) in solution.iter() {
                row.insert(var.as_str().to_owned(), term.clone());
            }
            rows.push(Row(row));
        }
        Ok(rows)
    }
}
