//! Random bytes and mutated queries thrown at the HTTP layer (in process, through the router):
//! the server never panics and always answers 2xx/4xx/5xx with a body.

use axum::body::{to_bytes, Body};
use axum::http::{Method, Request};
use casegraph::http::{self, App, Config};
use proptest::prelude::*;
use std::sync::OnceLock;
use tower::ServiceExt;

fn router() -> &'static axum::Router {
    static ROUTER: OnceLock<axum::Router> = OnceLock::new();
    ROUTER.get_or_init(|| {
        let (cases, _) = casegraph::validate::open_validated(None).unwrap();
        let config = Config {
            query_deadline: std::time::Duration::from_secs(2),
            ..Config::default()
        };
        http::router(App::new(cases, &config).unwrap(), &config)
    })
}

fn runtime() -> &'static tokio::runtime::Runtime {
    static RT: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RT.get_or_init(|| tokio::runtime::Runtime::new().unwrap())
}

/// Sends one request and checks the invariants.
fn check(request: Request<Body>) -> Result<(), TestCaseError> {
    let response = runtime()
        .block_on(router().clone().oneshot(request))
        .expect("the router is infallible");
    let status = response.status();
    prop_assert!(
        status.is_success() || status.is_client_error() || status.is_server_error(),
        "status {status}"
    );
    let body = runtime()
        .block_on(to_bytes(response.into_body(), 64 << 20))
        .unwrap();
    if status.is_client_error() || status.is_server_error() {
        prop_assert!(!body.is_empty(), "an error without a body ({status})");
    }
    Ok(())
}

const SEEDS: &[&str] = &[
    "SELECT * WHERE { ?s ?p ?o } LIMIT 3",
    "PREFIX cg: <https://w3id.org/casegraph/ns#> SELECT ?id WHERE { ?c cg:claimId ?id } ORDER BY ?id",
    "ASK { ?s a <https://w3id.org/casegraph/ns#Claim> }",
    "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 5",
    "DESCRIBE <https://w3id.org/casegraph/case/antbot-binance/claim/2-6>",
    "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
    "INSERT DATA { <http://e/s> <http://e/p> 1 }",
];

/// A seed query with a few random byte-level edits.
fn mutated() -> impl Strategy<Value = String> {
    (
        prop::sample::select(SEEDS),
        prop::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 0..6),
    )
        .prop_map(|(seed, edits)| {
            let mut bytes = seed.as_bytes().to_vec();
            for (at, byte, op) in edits {
                let i = at.index(bytes.len().max(1));
                match op {
                    0 if !bytes.is_empty() => {
                        bytes.remove(i.min(bytes.len() - 1));
                    }
                    1 => bytes.insert(i.min(bytes.len()), byte),
                    _ if !bytes.is_empty() => {
                        let j = i.min(bytes.len() - 1);
                        bytes[j] = byte;
                    }
                    _ => {}
                }
            }
            String::from_utf8_lossy(&bytes).into_owned()
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_bodies_with_any_content_type(
        body in prop::collection::vec(any::<u8>(), 0..512),
        ct in prop::sample::select(&["application/sparql-query", "application/sparql-update",
            "application/x-www-form-urlencoded", "text/turtle", "multipart/form-data; boundary=x",
            "application/sparql-query; charset=utf-16", "", "garbage/\u{0}"][..]),
        path in prop::sample::select(&["/sparql", "/store", "/store?default", "/store?graph=http://e/g",
            "/api/queries/claims-against", "/api/cases/antbot-binance/claims"][..]),
        method in prop::sample::select(&["POST", "PUT", "GET", "DELETE", "PATCH"][..]),
    ) {
        let mut request = Request::builder().method(Method::from_bytes(method.as_bytes()).unwrap()).uri(path);
        if !ct.is_empty() {
            if let Ok(v) = axum::http::HeaderValue::from_bytes(ct.as_bytes()) {
                request = request.header("content-type", v);
            }
        }
        check(request.body(Body::from(body)).unwrap())?;
    }

    #[test]
    fn mutated_queries_by_get_and_post(query in mutated(), accept in prop::sample::select(&[
        "*/*", "application/sparql-results+xml", "text/csv", "text/turtle", "application/ld+json",
        "image/png", "text/*;q=0.5, application/*;q=0.1", ""][..])) {
        let encoded: String = form_urlencoded::Serializer::new(String::new()).append_pair("query", &query).finish();
        let mut get = Request::builder().uri(format!("/sparql?{encoded}"));
        let mut post = Request::builder().method("POST").uri("/sparql").header("content-type", "application/sparql-query");
        if !accept.is_empty() {
            get = get.header("accept", accept);
            post = post.header("accept", accept);
        }
        check(get.body(Body::empty()).unwrap())?;
        check(post.body(Body::from(query)).unwrap())?;
    }

    #[test]
    fn random_api_paths_and_parameters(
        segment in "[a-z0-9%\\-]{0,12}",
        param in "[a-z\\-]{1,10}",
        value in ".{0,40}",
    ) {
        let value: String = form_urlencoded::byte_serialize(value.as_bytes()).collect();
        for path in [
            format!("/api/cases/{segment}/claims?{param}={value}"),
            format!("/api/cases/antbot-binance/claims/{segment}"),
            format!("/api/cases/antbot-binance/briefs/{segment}?lang={value}"),
            format!("/api/cases/antbot-binance/briefs/binance?{param}={value}"),
            format!("/api/queries/{segment}?{param}={value}"),
            format!("/api/queries/claims-against?case=antbot-binance&respondent={value}"),
        ] {
            if let Ok(request) = Request::builder().uri(path).body(Body::empty()) {
                check(request)?;
            }
        }
    }
}
