//! The HTTP server: shared state, the router, and the limits every request passes through.

use crate::error::{Error, Result};
use crate::sparql::exec::Limits;
use crate::store::CaseStore;
use crate::templates::Templates;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{header, HeaderMap};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use axum::{Json, Router};
use std::sync::Arc;
use std::time::Duration;
use tower_http::cors::{Any, CorsLayer};

/// Who may write (SPARQL Update, Graph Store Protocol).
#[derive(Debug, Clone)]
pub enum WritePolicy {
    /// Every write is refused (the default).
    ReadOnly,
    /// Writes need `Authorization: Bearer <token>`.
    Token(String),
    /// Writes are open (`--scratch`, loopback only).
    Open,
}

impl WritePolicy {
    pub fn enabled(&self) -> bool {
        !matches!(self, WritePolicy::ReadOnly)
    }

    /// 403 when read-only, 401 without credentials, 403 with wrong ones.
    pub fn authorize(&self, headers: &HeaderMap) -> Result<()> {
        match self {
            WritePolicy::Open => Ok(()),
            WritePolicy::ReadOnly => Err(Error::Forbidden(
                "this endpoint is read-only: writes are refused (start the server with \
                 --update-token-file FILE or --scratch to enable them)"
                    .into(),
            )),
            WritePolicy::Token(expected) => {
                let given = headers
                    .get(header::AUTHORIZATION)
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.strip_prefix("Bearer "))
                    .ok_or_else(|| {
                        Error::Unauthorized(
                            "writes need an 'Authorization: Bearer <token>' header".into(),
                        )
                    })?;
                if constant_time_eq(given.trim().as_bytes(), expected.as_bytes()) {
                    Ok(())
                } else {
                    Err(Error::Forbidden(
                        "the bearer token is not valid for writes".into(),
                    ))
                }
            }
        }
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Server settings (from the command line).
#[derive(Debug, Clone)]
pub struct Config {
    pub query_deadline: Duration,
    pub max_concurrent_queries: usize,
    pub max_body_bytes: usize,
    pub max_url_bytes: usize,
    pub writes: WritePolicy,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            query_deadline: Duration::from_secs(10),
            max_concurrent_queries: 4,
            max_body_bytes: 1 << 20,
            max_url_bytes: 8 << 10,
            writes: WritePolicy::ReadOnly,
        }
    }
}

/// Everything a handler may need.
pub struct App {
    pub cases: CaseStore,
    /// Case models built from the store, reused until a write (see `models.rs`).
    pub models: crate::models::Models,
    pub limits: Limits,
    pub writes: WritePolicy,
    pub templates: Templates,
    pub max_url_bytes: usize,
}

impl App {
    pub fn new(cases: CaseStore, config: &Config) -> Result<Arc<Self>> {
        Ok(Arc::new(App {
            cases,
            models: Default::default(),
            limits: Limits::new(config.query_deadline, config.max_concurrent_queries),
            writes: config.writes.clone(),
            templates: Templates::load()?,
            max_url_bytes: config.max_url_bytes,
        }))
    }
}

/// The whole router.
pub fn router(app: Arc<App>, config: &Config) -> Router {
    Router::new()
        .route("/health", get(health))
        .route("/sparql", any(crate::sparql::protocol::handle))
        .route("/store", any(crate::sparql::graph_store::handle))
        .route("/store/{*graph}", any(crate::sparql::graph_store::handle))
        .merge(crate::api::routes())
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(middleware::from_fn_with_state(app.clone(), limit_url))
        .layer(middleware::from_fn_with_state(app.clone(), note_writes))
        .layer(DefaultBodyLimit::max(config.max_body_bytes))
        .layer(
            CorsLayer::new()
                .allow_origin(Any)
                .allow_methods(Any)
                .allow_headers(Any)
                .expose_headers([header::CONTENT_TYPE, header::LOCATION]),
        )
        .with_state(app)
}

async fn health(State(app): State<Arc<App>>) -> Json<serde_json::Value> {
    Json(serde_json::json!({
        "status": "ok",
        "triples": app.cases.triple_count(),
        "cases": app.cases.cases.iter().map(|c| &c.id).collect::<Vec<_>>(),
        "writes": app.writes.enabled(),
    }))
}

async fn not_found(uri: axum::http::Uri) -> Error {
    Error::NotFound(format!("no resource at {}", uri.path()))
}

async fn method_not_allowed(method: axum::http::Method, uri: axum::http::Uri) -> Error {
    Error::MethodNotAllowed(format!("method {method} is not allowed on {}", uri.path()))
}

async fn limit_url(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    let len = request.uri().to_string().len();
    if len > app.max_url_bytes {
        return Error::UriTooLong(format!(
            "the request URL is {len} bytes; the limit is {} (send long queries with POST)",
            app.max_url_bytes
        ))
        .into_response();
    }
    next.run(request).await
}

/// Where writes are enabled, any request that may write (not GET, HEAD or OPTIONS) makes the cached
/// case models stale once it has been answered.
async fn note_writes(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    let may_write = app.writes.enabled()
        && !matches!(
            *request.method(),
            axum::http::Method::GET | axum::http::Method::HEAD | axum::http::Method::OPTIONS
        );
    let response = next.run(request).await;
    if may_write {
        app.models.invalidate();
    }
    response
}

/// Binds and serves until Ctrl-C.
pub async fn serve(app: Arc<App>, config: &Config, bind: &str) -> Result<()> {
    let listener = tokio::net::TcpListener::bind(bind)
        .await
        .map_err(|e| Error::Internal(format!("cannot bind {bind}: {e}")))?;
    let addr = listener.local_addr()?;
    tracing::info!("casegraph listening on http://{addr} (SPARQL at /sparql)");
    println!("casegraph listening on http://{addr}  (SPARQL endpoint: http://{addr}/sparql)");
    axum::serve(listener, router(app, config))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(|e| Error::Internal(format!("server error: {e}")))
}

/// Serves `cases` on an ephemeral loopback port from a background thread with its own runtime and
/// returns the address (for tests and benchmarks).
pub fn spawn_background(cases: CaseStore, config: Config) -> Result<std::net::SocketAddr> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let run = || -> Result<()> {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()?;
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
                let _ = tx.send(listener.local_addr());
                let app = App::new(cases, &config)?;
                axum::serve(listener, router(app, &config))
                    .await
                    .map_err(|e| Error::Internal(format!("server error: {e}")))
            })
        };
        if let Err(e) = run() {
            eprintln!("background server failed: {e}");
        }
    });
    rx.recv()
        .map_err(|_| Error::Internal("the background server did not start".into()))?
        .map_err(Error::from)
}
