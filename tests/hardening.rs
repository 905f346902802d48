//! Bounded work, no outbound requests, and writes behind a token.

mod common;
use casegraph::http::{Config, WritePolicy};
use casegraph::store::CaseStore;
use common::{client, start};
use std::net::TcpListener;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

const PRODUCT: &str = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }";
const CHEAP: &str = "ASK { ?c <https://w3id.org/casegraph/ns#claimId> \"2-6\" }";

fn default_cases() -> CaseStore {
    casegraph::validate::open_validated(None).unwrap().0
}

/// A read-only server over the default case with this deadline and number of evaluation slots.
fn bounded(deadline: Duration, slots: usize) -> common::Server {
    start(
        default_cases(),
        Config {
            query_deadline: deadline,
            max_concurrent_queries: slots,
            ..Config::default()
        },
    )
}

/// `GET url?query=…`.
fn get(url: &str, query: &str) -> reqwest::blocking::Response {
    client().get(url).query(&[("query", query)]).send().unwrap()
}

/// A listener that records whether anyone connected to it.
fn tripwire() -> (String, Arc<AtomicBool>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let url = format!("http://{}/sparql", listener.local_addr().unwrap());
    let hit = Arc::new(AtomicBool::new(false));
    let flag = hit.clone();
    std::thread::spawn(move || {
        let end = Instant::now() + Duration::from_secs(30);
        while Instant::now() < end {
            if listener.accept().is_ok() {
                flag.store(true, Ordering::SeqCst);
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    });
    (url, hit)
}

#[test]
fn service_never_makes_an_outbound_request() {
    let server = common::default_server();
    let (target, hit) = tripwire();
    for query in [
        format!("SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}"),
        format!("SELECT * WHERE {{ SERVICE SILENT <{target}> {{ ?s ?p ?o }} }}"),
        format!("SELECT * WHERE {{ BIND(<{target}> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}"),
        format!("ASK {{ ?x ?y ?z OPTIONAL {{ SERVICE <{target}> {{ ?x ?y ?w }} }} }}"),
    ] {
        let response = client()
            .get(server.url("/sparql"))
            .query(&[("query", &query)])
            .send()
            .unwrap();
        let status = response.status().as_u16();
        let body = response.text().unwrap();
        // SERVICE SILENT may answer with no rows; every other form is refused with a message.
        assert!(status == 400 || status == 200, "{query}: {status} {body}");
        if status == 400 {
            assert!(body.contains("SERVICE"), "{body}");
        }
    }
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        !hit.load(Ordering::SeqCst),
        "the server connected to the listener"
    );
}

#[test]
fn a_pathological_query_gets_503_at_the_deadline_while_cheap_queries_answer() {
    let deadline = Duration::from_secs(3);
    let server = bounded(deadline, 4);
    let url = server.url("/sparql");
    let started = Instant::now();
    let slow = {
        let url = url.clone();
        std::thread::spawn(move || {
            let response = get(&url, PRODUCT);
            (
                response.status().as_u16(),
                response.text().unwrap(),
                started.elapsed(),
            )
        })
    };
    std::thread::sleep(Duration::from_millis(300));
    let barrier = Arc::new(Barrier::new(20));
    let cheap: Vec<_> = (0..20)
        .map(|_| {
            let url = url.clone();
            let barrier = barrier.clone();
            std::thread::spawn(move || {
                barrier.wait();
                let response = client()
                    .get(&url)
                    .query(&[("query", CHEAP)])
                    .header("Accept", "application/sparql-results+json")
                    .send()
                    .unwrap();
                let status = response.status().as_u16();
                let body: serde_json::Value = response.json().unwrap();
                (status, body["boolean"].as_bool(), started.elapsed())
            })
        })
        .collect();
    let cheap: Vec<_> = cheap.into_iter().map(|t| t.join().unwrap()).collect();
    let (status, body, slow_elapsed) = slow.join().unwrap();
    assert_eq!(status, 503, "{body}");
    assert!(
        body.contains("deadline") || body.contains("cancelled"),
        "{body}"
    );
    assert!(
        slow_elapsed >= deadline,
        "answered before the deadline: {slow_elapsed:?}"
    );
    assert!(
        slow_elapsed < deadline + Duration::from_secs(3),
        "{slow_elapsed:?}"
    );
    for (status, answer, at) in cheap {
        assert_eq!(status, 200);
        assert_eq!(answer, Some(true));
        assert!(
            at < slow_elapsed,
            "a cheap query finished after the slow one: {at:?}"
        );
    }
}

#[test]
fn excess_queries_wait_briefly_then_get_503() {
    let server = bounded(Duration::from_secs(4), 1);
    let url = server.url("/sparql");
    let slow = {
        let url = url.clone();
        std::thread::spawn(move || get(&url, PRODUCT).status().as_u16())
    };
    std::thread::sleep(Duration::from_millis(300));
    // The only slot is taken: a second query waits for it (2 s), then is refused with a reason.
    let started = Instant::now();
    let response = get(&url, CHEAP);
    let waited = started.elapsed();
    assert_eq!(response.status(), 503);
    assert!(response.text().unwrap().contains("too many queries"));
    assert!(
        waited >= Duration::from_millis(1900) && waited < Duration::from_millis(3900),
        "{waited:?}"
    );
    assert_eq!(slow.join().unwrap(), 503);
    // Once the slow query has stopped, the slot serves again.
    let response = get(&url, CHEAP);
    assert_eq!(response.status(), 200);
}

#[test]
fn a_client_disconnect_cancels_its_query_and_frees_the_slot() {
    let server = bounded(Duration::from_secs(60), 1);
    let url = server.url("/sparql");
    let impatient = reqwest::blocking::Client::builder()
        .timeout(Duration::from_millis(500))
        .build()
        .unwrap();
    assert!(impatient
        .get(&url)
        .query(&[("query", PRODUCT)])
        .send()
        .is_err());
    // With one slot, this only answers if the abandoned query let go of it.
    let started = Instant::now();
    let response = get(&url, CHEAP);
    assert_eq!(response.status(), 200);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn writes_need_the_token_and_refused_writes_change_nothing() {
    let token = "a-test-token-of-some-length-1234";
    let server = start(
        default_cases(),
        Config {
            writes: WritePolicy::Token(token.into()),
            ..Config::default()
        },
    );
    let url = server.url("/sparql");
    let count = || -> u64 {
        let body: serde_json::Value = client()
            .get(&url)
            .query(&[(
                "query",
                "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
            )])
            .send()
            .unwrap()
            .json()
            .unwrap();
        body["results"]["bindings"][0]["n"]["value"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap()
    };
    let update = "INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/s> <http://example.org/p> 1 } }";
    let before = count();
    let send = |auth: Option<&str>| {
        let mut request = client()
            .post(&url)
            .header("Content-Type", "application/sparql-update")
            .body(update);
        if let Some(a) = auth {
            request = request.header("Authorization", a);
        }
        request.send().unwrap().status().as_u16()
    };
    assert_eq!(send(None), 401);
    assert_eq!(send(Some("Bearer wrong-token")), 403);
    assert_eq!(send(Some("Basic dXNlcjpwYXNz")), 401);
    assert_eq!(count(), before, "a refused write changed the store");
    let gsp = client()
        .put(server.url("/store?graph=http://example.org/g2"))
        .header("Content-Type", "text/turtle")
        .body("<http://example.org/a> <http://example.org/b> <http://example.org/c> .")
        .send()
        .unwrap();
    assert_eq!(gsp.status(), 401);
    assert_eq!(count(), before);
    assert_eq!(send(Some(&format!("Bearer {token}"))), 204);
    assert_eq!(count(), before + 1);

    // The lawyer API caches the case model; an authorised write to the case graph shows at once.
    let claims_url = server.url("/api/cases/antbot-binance/claims/1-1");
    let label = |url: &str| -> String {
        let v: serde_json::Value = client().get(url).send().unwrap().json().unwrap();
        v["statement"]["en"].as_str().unwrap_or_default().to_owned()
    };
    let old = label(&claims_url);
    assert!(!old.is_empty());
    let relabel = r#"PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        WITH <https://w3id.org/casegraph/case/antbot-binance>
        DELETE { ?c rdfs:label ?l } INSERT { ?c rdfs:label "relabelled in a test"@en }
        WHERE { ?c <https://w3id.org/casegraph/ns#claimId> "1-1" ; rdfs:label ?l FILTER(lang(?l) = "en") }"#;
    let status = client()
        .post(&url)
        .header("Content-Type", "application/sparql-update")
        .header("Authorization", format!("Bearer {token}"))
        .body(relabel)
        .send()
        .unwrap()
        .status();
    assert_eq!(status, 204);
    assert_eq!(
        label(&claims_url),
        "relabelled in a test",
        "stale case model after a write"
    );
}

#[test]
fn read_only_by_default_for_the_graph_store_too() {
    let server = common::default_server();
    let response = client()
        .delete(server.url("/store?graph=https://w3id.org/casegraph/case/antbot-binance"))
        .send()
        .unwrap();
    assert_eq!(response.status(), 403);
    let response = client()
        .get(server.url("/store?graph=https://w3id.org/casegraph/case/antbot-binance"))
        .header("Accept", "application/n-triples")
        .send()
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.text().unwrap().lines().count() > 500);
}

#[test]
fn size_limits_head_and_cors() {
    let server = common::default_server();
    let long = format!("{}?query={}", server.url("/sparql"), "a".repeat(10_000));
    assert_eq!(client().get(long).send().unwrap().status(), 414);
    let head = client()
        .head(server.url("/sparql"))
        .query(&[("query", CHEAP)])
        .send()
        .unwrap();
    assert_eq!(head.status(), 200);
    assert!(head.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/sparql-results+json"));
    let preflight = client()
        .request(reqwest::Method::OPTIONS, server.url("/sparql"))
        .header("Origin", "http://example.org")
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "content-type")
        .send()
        .unwrap();
    assert!(preflight.status().is_success());
    assert_eq!(preflight.headers()["access-control-allow-origin"], "*");
    // Unknown parameters are ignored.
    let response = client()
        .get(server.url("/sparql"))
        .query(&[("query", CHEAP), ("format", "json"), ("output", "xml")])
        .send()
        .unwrap();
    assert_eq!(response.status(), 200);
}
