//! Benchmark: brief rendering and the claim-detail endpoint on the default case.
//! Run: `cargo bench --bench api` (release build). Prints mean, p50, p99 per operation.

use casegraph::brief::{self, BriefFormat, BriefOptions};
use casegraph::case::Case;
use casegraph::http::{self, Config};
use casegraph::templates::Templates;
use std::time::{Duration, Instant};

fn summary(name: &str, mut samples: Vec<Duration>) {
    samples.sort();
    let n = samples.len();
    let mean = samples.iter().sum::<Duration>() / n as u32;
    let pct = |p: f64| samples[((n as f64 * p).ceil() as usize).clamp(1, n) - 1];
    println!(
        "{name:<44} n={n:<5} mean={:>8.2} ms  p50={:>8.2} ms  p99={:>8.2} ms",
        mean.as_secs_f64() * 1e3,
        pct(0.50).as_secs_f64() * 1e3,
        pct(0.99).as_secs_f64() * 1e3
    );
}

fn time<T>(n: usize, mut f: impl FnMut() -> T) -> Vec<Duration> {
    (0..n)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(f());
            t.elapsed()
        })
        .collect()
}

fn main() {
    let started = Instant::now();
    let (cases, _) = casegraph::validate::open_validated(None).expect("valid default data");
    println!(
        "load + validate the default case: {:.0} ms",
        started.elapsed().as_secs_f64() * 1e3
    );
    let case_id = cases.cases[0].id.clone();
    let templates = Templates::load().unwrap();
    summary(
        "case model (Case::load: queries + statuses)",
        time(50, || Case::load(&cases, &case_id).unwrap()),
    );
    let case = Case::load(&cases, &case_id).unwrap();
    for respondent in ["antbot", "binance", "hacker"] {
        for (format, name) in [
            (BriefFormat::Markdown, "md"),
            (BriefFormat::Html, "html"),
            (BriefFormat::Json, "json"),
        ] {
            let options =
                BriefOptions::parse(Some("zh"), Some("civil"), Some("2026-11-24")).unwrap();
            summary(
                &format!("render brief {respondent} zh {name}"),
                time(100, || {
                    brief::render(&templates, &case, respondent, &options, format).unwrap()
                }),
            );
        }
    }
    let addr = http::spawn_background(cases, Config::default()).unwrap();
    let client = reqwest::blocking::Client::new();
    for claim in ["1-11", "2-6", "H-1"] {
        let url = format!("http://{addr}/api/cases/{case_id}/claims/{claim}");
        assert!(
            client.get(&url).send().unwrap().status().is_success(),
            "{url}"
        );
        summary(
            &format!("GET /api/cases/{{case}}/claims/{claim}"),
            time(200, || client.get(&url).send().unwrap().bytes().unwrap()),
        );
    }
    let url = format!("http://{addr}/api/cases/{case_id}/briefs/antbot?lang=en&format=html");
    summary(
        "GET /api/cases/{case}/briefs/antbot (html, en)",
        time(100, || client.get(&url).send().unwrap().bytes().unwrap()),
    );
}
