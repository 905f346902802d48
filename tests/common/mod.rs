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

/// A fresh copy of the shipped `data/` (minus files named in `skip`), plus an optional extra file
/// `zz-extra.trig`, in a temporary directory. The caller removes it.
pub fn data_dir(tag: &str, skip: &[&str], extra: Option<&str>) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("casegraph-test-{}-{tag}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data"),
        &dir,
        skip,
    );
    if let Some(extra) = extra {
        std::fs::write(dir.join("zz-extra.trig"), extra).unwrap();
    }
    dir
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path, skip: &[&str]) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        if skip.contains(&name.as_str()) {
            continue;
        }
        let target = to.join(&name);
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target, skip);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}
