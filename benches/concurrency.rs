//! Benchmark: latency of cheap queries while a pathological query runs to its deadline.
//! Run: `cargo bench --bench concurrency` (release). Issues a four-way cartesian product over all
//! triples (cancelled at the 10 s deadline) and, during it, 10 rounds of 20 concurrent cheap
//! queries; prints their latency distribution (goal: p99 < 100 ms).

use casegraph::http::{self, Config};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

const PRODUCT: &str = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }";
const CHEAP: &str = "PREFIX cg: <https://w3id.org/casegraph/ns#> SELECT ?id WHERE { ?c cg:claimId ?id ; cg:respondent/cg:slug \"binance\" }";

fn main() {
    let (cases, _) = casegraph::validate::open_validated(None).expect("valid default data");
    let triples = cases.triple_count();
    let addr = http::spawn_background(cases, Config::default()).unwrap();
    let url = format!("http://{addr}/sparql");
    let client = reqwest::blocking::Client::new();
    // Warm up.
    for _ in 0..20 {
        client
            .get(&url)
            .query(&[("query", CHEAP)])
            .send()
            .unwrap()
            .bytes()
            .unwrap();
    }
    let started = Instant::now();
    let slow = {
        let url = url.clone();
        std::thread::spawn(move || {
            let r = reqwest::blocking::Client::builder()
                .timeout(Duration::from_secs(60))
                .build()
                .unwrap()
                .get(&url)
                .query(&[("query", PRODUCT)])
                .send()
                .unwrap();
            (r.status().as_u16(), started.elapsed())
        })
    };
    std::thread::sleep(Duration::from_millis(200));
    let mut latencies = Vec::new();
    for _round in 0..10 {
        let barrier = Arc::new(Barrier::new(20));
        let threads: Vec<_> = (0..20)
            .map(|_| {
                let url = url.clone();
                let barrier = barrier.clone();
                std::thread::spawn(move || {
                    let client = reqwest::blocking::Client::new();
                    barrier.wait();
                    let t = Instant::now();
                    let r = client.get(&url).query(&[("query", CHEAP)]).send().unwrap();
                    assert!(r.status().is_success());
                    r.bytes().unwrap();
                    t.elapsed()
                })
            })
            .collect();
        latencies.extend(threads.into_iter().map(|t| t.join().unwrap()));
        std::thread::sleep(Duration::from_millis(100));
    }
    let during = started.elapsed();
    let (status, slow_elapsed) = slow.join().unwrap();
    latencies.sort();
    let n = latencies.len();
    let pct =
        |p: f64| latencies[((n as f64 * p).ceil() as usize).clamp(1, n) - 1].as_secs_f64() * 1e3;
    println!(
        "store: {triples} triples; pathological query: HTTP {status} after {:.2} s",
        slow_elapsed.as_secs_f64()
    );
    println!(
        "{n} cheap queries (10 rounds x 20 concurrent) issued within the first {:.2} s",
        during.as_secs_f64()
    );
    println!(
        "latency ms: min={:.2} p50={:.2} p90={:.2} p99={:.2} max={:.2}",
        latencies[0].as_secs_f64() * 1e3,
        pct(0.50),
        pct(0.90),
        pct(0.99),
        latencies[n - 1].as_secs_f64() * 1e3
    );
}
