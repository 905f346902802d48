//! The SPARQL 1.1 Graph Store HTTP Protocol at `/store` (indirect: `?graph=IRI`, `?default`) and
//! `/store/…` (direct: the request URL is the graph IRI). Reads are always allowed; every write
//! passes the server's write policy (token, scratch, or refused).

use super::negotiate;
use super::protocol::{body_response, parse_pairs, rdf_format, request_base, GRAPH_TYPES};
use crate::error::{Error, Result};
use crate::http::App;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use oxigraph::io::{RdfFormat, RdfParser, RdfSerializer};
use oxigraph::model::{GraphName, GraphNameRef, NamedNode, Quad};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// Which graph a request addresses.
enum Target {
    Default,
    Named(NamedNode),
    /// `POST /store` without a graph: create a new graph.
    New,
}

fn target(uri: &Uri, headers: &HeaderMap, method: &Method) -> Result<Target> {
    let pairs = parse_pairs(uri.query().unwrap_or("").as_bytes());
    let graph = pairs
        .iter()
        .find(|(k, _)| k == "graph")
        .map(|(_, v)| v.clone());
    let default = pairs.iter().any(|(k, _)| k == "default");
    let direct = uri.path().trim_start_matches("/store");
    match (graph, default, direct.is_empty() || direct == "/") {
        (Some(_), true, _) => Err(Error::BadRequest(
            "use either ?graph=IRI or ?default, not both".into(),
        )),
        (Some(g), false, true) => Ok(Target::Named(NamedNode::new(&g).map_err(|e| {
            Error::BadRequest(format!("graph must be an absolute IRI, got '{g}': {e}"))
        })?)),
        (None, true, true) => Ok(Target::Default),
        (None, false, true) if *method == Method::POST => Ok(Target::New),
        (None, false, true) => Err(Error::BadRequest(
            "name a graph: ?graph=IRI or ?default (or use a direct graph URL /store/…)".into(),
        )),
        (_, _, false) => {
            let iri = format!("{}{}", request_base(headers), uri.path());
            Ok(Target::Named(NamedNode::new(&iri).map_err(|e| {
                Error::BadRequest(format!("bad graph URL {iri}: {e}"))
            })?))
        }
    }
}

fn graph_name(t: &Target) -> GraphNameRef<'_> {
    match t {
        Target::Named(n) => n.as_ref().into(),
        _ => GraphNameRef::DefaultGraph,
    }
}

fn exists(app: &App, t: &Target) -> Result<bool> {
    Ok(match t {
        Target::Named(n) => app.cases.store.contains_named_graph(n)?,
        _ => true,
    })
}

/// Parses a request body of the given media type into quads of `graph`.
fn parse_body(body: &[u8], content_type: &str, graph: &GraphName, base: &str) -> Result<Vec<Quad>> {
    let media = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let format = RdfFormat::from_media_type(&media).ok_or_else(|| {
        Error::UnsupportedMediaType(format!("unsupported RDF media type '{media}'"))
    })?;
    let mut parser = RdfParser::from_format(format);
    if let GraphName::NamedNode(g) = graph {
        parser = parser.with_default_graph(g.clone());
    }
    if let Ok(p) = parser.clone().with_base_iri(base) {
        parser = p;
    }
    parser
        .for_slice(body)
        .map(|q| q.map_err(|e| Error::BadRequest(format!("cannot parse the {media} body: {e}"))))
        .collect()
}

/// The quads of a multipart/form-data body: each part is an RDF document with its own type.
async fn parse_multipart(
    body: Bytes,
    content_type: &str,
    graph: &GraphName,
    base: &str,
) -> Result<Vec<Quad>> {
    let boundary = multer::parse_boundary(content_type)
        .map_err(|e| Error::BadRequest(format!("bad multipart Content-Type: {e}")))?;
    let stream = futures_util::stream::once(async move { Ok::<_, std::io::Error>(body) });
    let mut multipart = multer::Multipart::new(stream, boundary);
    let mut quads = Vec::new();
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| Error::BadRequest(format!("bad multipart body: {e}")))?
    {
        let media = field
            .content_type()
            .map(|m| m.essence_str().to_owned())
            .or_else(|| {
                field
                    .file_name()
                    .and_then(|f| RdfFormat::from_extension(f.rsplit('.').next()?))
                    .map(|f| f.media_type().to_owned())
            })
            .unwrap_or_else(|| "text/turtle".to_owned());
        let bytes = field
            .bytes()
            .await
            .map_err(|e| Error::BadRequest(format!("bad multipart part: {e}")))?;
        quads.extend(parse_body(&bytes, &media, graph, base)?);
    }
    Ok(quads)
}

static NEXT_GRAPH: AtomicU64 = AtomicU64::new(1);

/// `ANY /store` and `ANY /store/…`.
pub async fn handle(
    State(app): State<Arc<App>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response> {
    let target = target(&uri, &headers, &method)?;
    match method {
        Method::GET | Method::HEAD => {
            if !exists(&app, &target)? {
                return Err(Error::NotFound("no such graph in the store".into()));
            }
            let accept = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok());
            let media = negotiate::require(accept, GRAPH_TYPES)?;
            let mut writer = RdfSerializer::from_format(rdf_format(media)).for_writer(Vec::new());
            for quad in
                app.cases
                    .store
                    .quads_for_pattern(None, None, None, Some(graph_name(&target)))
            {
                let quad = quad?;
                writer
                    .serialize_triple(quad.as_ref())
                    .map_err(|e| Error::Internal(e.to_string()))?;
            }
            let bytes = writer
                .finish()
                .map_err(|e| Error::Internal(e.to_string()))?;
            Ok(body_response(media, bytes))
        }
        Method::PUT | Method::POST => {
            app.writes.authorize(&headers)?;
            let content_type = headers
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .ok_or_else(|| Error::BadRequest("a graph write needs a Content-Type".into()))?
                .to_owned();
            let (graph, created_iri) = match &target {
                Target::New => {
                    let iri = format!(
                        "{}/store/graph-{}",
                        request_base(&headers),
                        NEXT_GRAPH.fetch_add(1, Ordering::Relaxed)
                    );
                    let node = NamedNode::new(&iri).map_err(|e| Error::Internal(e.to_string()))?;
                    (GraphName::NamedNode(node), Some(iri))
                }
                Target::Named(n) => (GraphName::NamedNode(n.clone()), None),
                Target::Default => (GraphName::DefaultGraph, None),
            };
            let base = match &graph {
                GraphName::NamedNode(n) => n.as_str().to_owned(),
                _ => format!("{}/store", request_base(&headers)),
            };
            // Parse everything before touching the store: a bad body changes nothing.
            let quads = if content_type
                .to_ascii_lowercase()
                .starts_with("multipart/form-data")
            {
                parse_multipart(body, &content_type, &graph, &base).await?
            } else {
                parse_body(&body, &content_type, &graph, &base)?
            };
            let existed = exists(&app, &target)? && created_iri.is_none();
            let replace = method == Method::PUT;
            // One transaction: the graph is replaced or merged atomically.
            let mut tx = app.cases.store.start_transaction()?;
            if replace {
                match &graph {
                    GraphName::NamedNode(n) => tx.remove_named_graph(n)?,
                    _ => tx.clear_graph(GraphNameRef::DefaultGraph)?,
                }
            }
            if let GraphName::NamedNode(n) = &graph {
                tx.insert_named_graph(n);
            }
            for q in &quads {
                tx.insert(q);
            }
            tx.commit()?;
            if let Some(iri) = created_iri {
                let mut response = StatusCode::CREATED.into_response();
                response.headers_mut().insert(
                    header::LOCATION,
                    HeaderValue::from_str(&iri).map_err(|e| Error::Internal(e.to_string()))?,
                );
                return Ok(response);
            }
            Ok(if existed {
                StatusCode::NO_CONTENT
            } else {
                StatusCode::CREATED
            }
            .into_response())
        }
        Method::DELETE => {
            app.writes.authorize(&headers)?;
            if !exists(&app, &target)? {
                return Err(Error::NotFound("no such graph in the store".into()));
            }
            match &target {
                Target::Named(n) => app.cases.store.remove_named_graph(n)?,
                _ => app.cases.store.clear_graph(GraphNameRef::DefaultGraph)?,
            }
            Ok(StatusCode::NO_CONTENT.into_response())
        }
        Method::OPTIONS => Ok(StatusCode::NO_CONTENT.into_response()),
        other => Err(Error::MethodNotAllowed(format!(
            "method {other} is not allowed on the graph store"
        ))),
    }
}
