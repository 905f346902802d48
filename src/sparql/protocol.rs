//! The SPARQL 1.1 Protocol at `/sparql`: query by GET, form POST and direct POST; update by POST
//! when writes are enabled; dataset parameters; content negotiation; service description.

use super::exec::{self, evaluation_error};
use super::negotiate;
use crate::error::{Error, Result};
use crate::http::App;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use oxigraph::io::{JsonLdProfileSet, RdfFormat, RdfSerializer};
use oxigraph::model::{GraphName, NamedNode};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{CancellationToken, QueryResults};
use spargebra::{Query, SparqlParser, Update};
use std::sync::Arc;

/// Media types offered for SELECT/ASK results, in order of preference.
pub const SOLUTION_TYPES: &[&str] = &[
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
    "application/json",
    "application/xml",
    "text/xml",
];

/// Media types offered for graphs (CONSTRUCT/DESCRIBE, service description, graph store).
pub const GRAPH_TYPES: &[&str] = &[
    "text/turtle",
    "application/n-triples",
    "application/rdf+xml",
    "application/ld+json",
    "application/n-quads",
    "application/trig",
    "text/plain",
];

pub fn results_format(media: &str) -> QueryResultsFormat {
    match media {
        "application/sparql-results+xml" | "application/xml" | "text/xml" => {
            QueryResultsFormat::Xml
        }
        "text/csv" => QueryResultsFormat::Csv,
        "text/tab-separated-values" => QueryResultsFormat::Tsv,
        _ => QueryResultsFormat::Json,
    }
}

pub fn rdf_format(media: &str) -> RdfFormat {
    match media {
        "application/n-triples" | "text/plain" => RdfFormat::NTriples,
        "application/rdf+xml" => RdfFormat::RdfXml,
        "application/ld+json" => RdfFormat::JsonLd {
            profile: JsonLdProfileSet::empty(),
        },
        "application/n-quads" => RdfFormat::NQuads,
        "application/trig" => RdfFormat::TriG,
        _ => RdfFormat::Turtle,
    }
}

/// The operation a request carries, with its dataset parameters.
#[derive(Debug, Default)]
struct Operation {
    query: Option<String>,
    update: Option<String>,
    default_graphs: Vec<String>,
    named_graphs: Vec<String>,
}

impl Operation {
    /// Collects protocol parameters; unknown ones (`format`, `output`, …) are ignored.
    fn add_params(&mut self, pairs: &[(String, String)]) -> Result<()> {
        for (key, value) in pairs {
            match key.as_str() {
                "query" if self.query.replace(value.clone()).is_some() => {
                    return Err(Error::BadRequest(
                        "exactly one 'query' parameter is allowed".into(),
                    ));
                }
                "update" if self.update.replace(value.clone()).is_some() => {
                    return Err(Error::BadRequest(
                        "exactly one 'update' parameter is allowed".into(),
                    ));
                }
                "default-graph-uri" | "using-graph-uri" => self.default_graphs.push(value.clone()),
                "named-graph-uri" | "using-named-graph-uri" => {
                    self.named_graphs.push(value.clone())
                }
                _ => {}
            }
        }
        Ok(())
    }
}

fn utf8(body: &[u8]) -> Result<String> {
    String::from_utf8(body.to_vec())
        .map_err(|_| Error::BadRequest("the request body is not valid UTF-8".into()))
}

pub fn parse_pairs(input: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(input).into_owned().collect()
}

/// The media type of the body, without parameters, lower case; refuses a charset other than UTF-8.
fn content_type(headers: &HeaderMap) -> Result<Option<String>> {
    let Some(value) = headers.get(header::CONTENT_TYPE) else {
        return Ok(None);
    };
    let value = value
        .to_str()
        .map_err(|_| Error::BadRequest("the Content-Type header is not ASCII".into()))?;
    let mut parts = value.split(';');
    let media = parts.next().unwrap_or("").trim().to_ascii_lowercase();
    for param in parts {
        if let Some((k, v)) = param.split_once('=') {
            let charset = v.trim().trim_matches('"').to_ascii_lowercase();
            if k.trim().eq_ignore_ascii_case("charset") && charset != "utf-8" && charset != "utf8" {
                return Err(Error::UnsupportedMediaType(format!(
                    "charset '{charset}' is not supported: send the body as UTF-8"
                )));
            }
        }
    }
    Ok(Some(media))
}

/// `http://{Host}`: the origin the client addressed.
pub fn request_base(headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("localhost");
    format!("http://{host}")
}

/// The endpoint's own URL, the base IRI of queries and updates ("which MAY be the service endpoint").
fn endpoint_url(headers: &HeaderMap, uri: &Uri) -> String {
    format!("{}{}", request_base(headers), uri.path())
}

/// The dataset parameters as graph names (default graphs) and named graphs.
fn dataset_params(
    op: &Operation,
    default_param: &str,
    named_param: &str,
) -> Result<(Vec<GraphName>, Vec<oxigraph::model::NamedOrBlankNode>)> {
    let default_graphs = op
        .default_graphs
        .iter()
        .map(|g| iri(g, default_param).map(GraphName::from))
        .collect::<Result<Vec<_>>>()?;
    let named_graphs = op
        .named_graphs
        .iter()
        .map(|g| iri(g, named_param).map(Into::into))
        .collect::<Result<Vec<_>>>()?;
    Ok((default_graphs, named_graphs))
}

fn parser(base: &str) -> SparqlParser {
    let parser = SparqlParser::new();
    match parser.clone().with_base_iri(base) {
        Ok(p) => p,
        Err(_) => parser,
    }
}

/// `ANY /sparql`.
pub async fn handle(
    State(app): State<Arc<App>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response> {
    let query_pairs = parse_pairs(uri.query().unwrap_or("").as_bytes());
    let mut op = Operation::default();
    match method {
        Method::GET | Method::HEAD => {
            op.add_params(&query_pairs)?;
            if op.update.is_some() {
                return Err(Error::BadRequest(
                    "SPARQL updates must be sent with POST, not GET".into(),
                ));
            }
            if op.query.is_none() {
                return service_description(&app, &headers, &uri);
            }
        }
        Method::POST => {
            let ct = content_type(&headers)?.ok_or_else(|| {
                Error::BadRequest(
                    "a POST to /sparql needs a Content-Type: application/x-www-form-urlencoded, \
                     application/sparql-query or application/sparql-update"
                        .into(),
                )
            })?;
            match ct.as_str() {
                "application/x-www-form-urlencoded" => {
                    let body = utf8(&body)?;
                    op.add_params(&parse_pairs(body.as_bytes()))?;
                    op.add_params(&query_pairs)?;
                }
                "application/sparql-query" => {
                    op.add_params(&query_pairs)?;
                    if op.query.is_some() || op.update.is_some() {
                        return Err(Error::BadRequest(
                            "a direct POST carries the query in the body only".into(),
                        ));
                    }
                    op.query = Some(utf8(&body)?);
                }
                "application/sparql-update" => {
                    op.add_params(&query_pairs)?;
                    if op.query.is_some() || op.update.is_some() {
                        return Err(Error::BadRequest(
                            "a direct POST carries the update in the body only".into(),
                        ));
                    }
                    op.update = Some(utf8(&body)?);
                }
                other => {
                    return Err(Error::UnsupportedMediaType(format!(
                        "unsupported Content-Type '{other}' for /sparql; use \
                         application/x-www-form-urlencoded, application/sparql-query or \
                         application/sparql-update"
                    )))
                }
            }
        }
        Method::OPTIONS => return Ok(StatusCode::NO_CONTENT.into_response()),
        other => {
            return Err(Error::MethodNotAllowed(format!(
                "method {other} is not allowed on /sparql (use GET, HEAD or POST)"
            )))
        }
    }
    match (op.query.take(), op.update.take()) {
        (Some(_), Some(_)) => Err(Error::BadRequest(
            "a request carries either a query or an update, not both".into(),
        )),
        (Some(query), None) => {
            run_query(&app, &headers, &endpoint_url(&headers, &uri), query, op).await
        }
        (None, Some(update)) => {
            run_update(&app, &headers, &endpoint_url(&headers, &uri), update, op).await
        }
        (None, None) => Err(Error::BadRequest(
            "the request carries no 'query' or 'update'".into(),
        )),
    }
}

fn iri(value: &str, param: &str) -> Result<NamedNode> {
    NamedNode::new(value).map_err(|e| {
        Error::BadRequest(format!(
            "{param} must be an absolute IRI, got '{value}': {e}"
        ))
    })
}

async fn run_query(
    app: &Arc<App>,
    headers: &HeaderMap,
    base: &str,
    text: String,
    op: Operation,
) -> Result<Response> {
    let query = parser(base)
        .parse_query(&text)
        .map_err(|e| Error::BadRequest(format!("SPARQL syntax error: {e}")))?;
    let accept = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok());
    let is_graph = matches!(query, Query::Construct { .. } | Query::Describe { .. });
    let media = negotiate::require(
        accept,
        if is_graph {
            GRAPH_TYPES
        } else {
            SOLUTION_TYPES
        },
    )?;
    let has_from = query.dataset().is_some();
    let (default_graphs, named_graphs) =
        dataset_params(&op, "default-graph-uri", "named-graph-uri")?;
    let store = app.cases.store.clone();
    let union = app.cases.union_default_graph;
    let media_owned = media.to_owned();
    let bytes = exec::run(&app.limits, move |token| {
        let mut prepared = crate::sparql::eval::evaluator(Some(token.clone())).for_query(query);
        let dataset = prepared.dataset_mut();
        if !default_graphs.is_empty() || !named_graphs.is_empty() {
            // Protocol parameters override FROM / FROM NAMED; the dataset is exactly what they name.
            dataset.set_default_graph(default_graphs);
            dataset.set_available_named_graphs(named_graphs);
        } else if !has_from && union {
            dataset.set_default_graph_as_union();
        }
        let results = prepared
            .on_store(&store)
            .execute()
            .map_err(evaluation_error)?;
        serialize(results, &media_owned, Some(&token))
    })
    .await?;
    Ok(body_response(media, bytes))
}

/// Serializes results fully (the deadline covers serialization too): the token is checked on every
/// solution, because a product over rows already in memory may not reach oxigraph's own checks.
pub fn serialize(
    results: QueryResults<'_>,
    media: &str,
    token: Option<&CancellationToken>,
) -> Result<Vec<u8>> {
    let io = |e: std::io::Error| Error::Internal(format!("serialization failed: {e}"));
    let alive = || match token {
        Some(t) if t.is_cancelled() => Err(evaluation_error(
            oxigraph::sparql::QueryEvaluationError::Cancelled,
        )),
        _ => Ok(()),
    };
    match results {
        QueryResults::Boolean(value) => QueryResultsSerializer::from_format(results_format(media))
            .serialize_boolean_to_writer(Vec::new(), value)
            .map_err(io),
        QueryResults::Solutions(solutions) => {
            let mut writer = QueryResultsSerializer::from_format(results_format(media))
                .serialize_solutions_to_writer(Vec::new(), solutions.variables().to_vec())
                .map_err(io)?;
            for solution in solutions {
                alive()?;
                writer
                    .serialize(&solution.map_err(evaluation_error)?)
                    .map_err(io)?;
            }
            writer.finish().map_err(io)
        }
        QueryResults::Graph(triples) => {
            let mut writer = RdfSerializer::from_format(rdf_format(media)).for_writer(Vec::new());
            for triple in triples {
                alive()?;
                writer
                    .serialize_triple(&triple.map_err(evaluation_error)?)
                    .map_err(io)?;
            }
            writer.finish().map_err(io)
        }
    }
}

pub fn body_response(media: &str, bytes: Vec<u8>) -> Response {
    let content_type = if media.starts_with("text/") || media.ends_with("json") {
        format!("{media}; charset=utf-8")
    } else {
        media.to_owned()
    };
    let mut response = bytes.into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(&content_type).unwrap_or(HeaderValue::from_static("text/plain")),
    );
    response
        .headers_mut()
        .insert(header::VARY, HeaderValue::from_static("Accept"));
    response
}

async fn run_update(
    app: &Arc<App>,
    headers: &HeaderMap,
    base: &str,
    text: String,
    op: Operation,
) -> Result<Response> {
    app.writes.authorize(headers)?;
    let mut update = parser(base)
        .parse_update(&text)
        .map_err(|e| Error::BadRequest(format!("SPARQL Update syntax error: {e}")))?;
    if !op.default_graphs.is_empty() || !op.named_graphs.is_empty() {
        let (default_graphs, named_graphs) =
            dataset_params(&op, "using-graph-uri", "using-named-graph-uri")?;
        apply_using(&mut update, default_graphs, named_graphs)?;
    }
    let store = app.cases.store.clone();
    exec::run(&app.limits, move |token| {
        crate::sparql::eval::evaluator(Some(token))
            .for_update(update)
            .on_store(&store)
            .execute()
            .map_err(|e| Error::BadRequest(format!("update failed: {e}")))
    })
    .await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `using-graph-uri` / `using-named-graph-uri` apply to every operation and conflict with USING.
fn apply_using(
    update: &mut Update,
    default_graphs: Vec<GraphName>,
    named_graphs: Vec<oxigraph::model::NamedOrBlankNode>,
) -> Result<()> {
    for op in &mut update.operations {
        if let spargebra::GraphUpdateOperation::DeleteInsert { using, .. } = op {
            if using.is_some() {
                return Err(Error::BadRequest(
                    "using-graph-uri/using-named-graph-uri conflict with a USING clause in the update"
                        .into(),
                ));
            }
            *using = Some(spargebra::algebra::QueryDataset {
                default: default_graphs
                    .iter()
                    .filter_map(|g| match g {
                        GraphName::NamedNode(n) => Some(n.clone()),
                        _ => None,
                    })
                    .collect(),
                named: Some(
                    named_graphs
                        .iter()
                        .filter_map(|g| match g {
                            oxigraph::model::NamedOrBlankNode::NamedNode(n) => Some(n.clone()),
                            _ => None,
                        })
                        .collect(),
                ),
            });
        }
    }
    Ok(())
}

/// A GET without a query: the SPARQL 1.1 Service Description of this endpoint.
fn service_description(app: &App, headers: &HeaderMap, uri: &Uri) -> Result<Response> {
    let accept = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok());
    let media = negotiate::require(accept, GRAPH_TYPES)?;
    let endpoint = endpoint_url(headers, uri);
    let turtle = app
        .templates
        .render_service_description(&endpoint, app.writes.enabled())?;
    // Parse our Turtle and re-serialize in the negotiated syntax.
    let mut writer = RdfSerializer::from_format(rdf_format(media)).for_writer(Vec::new());
    for triple in
        oxigraph::io::RdfParser::from_format(RdfFormat::Turtle).for_slice(turtle.as_bytes())
    {
        let quad = triple.map_err(|e| Error::Internal(format!("service description: {e}")))?;
        writer
            .serialize_triple(oxigraph::model::TripleRef::new(
                &quad.subject,
                &quad.predicate,
                &quad.object,
            ))
            .map_err(|e| Error::Internal(e.to_string()))?;
    }
    let bytes = writer
        .finish()
        .map_err(|e| Error::Internal(e.to_string()))?;
    Ok(body_response(media, bytes))
}
