//! Shared test harness: a real casegraph server on an ephemeral loopback port.
#![allow(dead_code)]

use casegraph::http::{self, Config};
use casegraph::store::CaseStore;
use std::sync::OnceLock;

pub struct Server {
    pub base: String,
}

impl Server {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }
}

/// Starts a server for `cases` with `config` on 127.0.0.1:0, in a background thread.
pub fn start(cases: CaseStore, config: Config) -> Server {
    let addr = http::spawn_background(cases, config).unwrap();
    Server {
        base: format!("http://{addr}"),
    }
}

/// The default case, validated, served read-only (one server per test binary).
pub fn default_server() -> &'static Server {
    static SERVER: OnceLock<Server> = OnceLock::new();
    SERVER.get_or_init(|| {
        let (cases, _) = casegraph::validate::open_validated(None).expect("default data is valid");
        start(cases, Config::default())
    })
}

pub fn client() -> reqwest::blocking::Client {
    reqwest::blocking::Client::builder()
        .timeout(std::time::Duration::from_secs(60))
        .build()
        .unwrap()
}

/// GET `path` and parse JSON, asserting 200.
pub fn get_json(path: &str) -> serde_json::Value {
    let response = client().get(default_server().url(path)).send().unwrap();
    assert_eq!(response.status(), 200, "GET {path}");
    response.json().unwrap()
}
