//! Real SPARQL clients we did not write (installed by `tests/run`), against a live server.

mod common;
use std::process::Command;

#[test]
fn python_sparqlwrapper_and_rdflib_sparqlstore() {
    let endpoint = common::default_server().url("/sparql");
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/clients/python_clients.py"
    );
    let out = Command::new("python3")
        .arg(script)
        .arg(&endpoint)
        .output()
        .expect("python3 is needed (tests/run installs the clients)");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    println!("{stdout}");
    assert!(
        out.status.success(),
        "python clients failed (run tests/run to install SPARQLWrapper and rdflib):\n{stdout}\n{stderr}"
    );
    assert!(
        stdout.contains("PASS rdflib SPARQLStore SELECT XML"),
        "{stdout}"
    );
}

#[test]
fn node_comunica_and_fetch_sparql_endpoint() {
    let endpoint = common::default_server().url("/sparql");
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/node");
    let out = Command::new("node")
        .current_dir(dir)
        .arg("clients.mjs")
        .arg(&endpoint)
        .output()
        .expect("node is needed (tests/run installs the clients with npm ci)");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    println!("{stdout}");
    assert!(
        out.status.success(),
        "node clients failed (run tests/run to install them):\n{stdout}\n{stderr}"
    );
    assert!(stdout.contains("PASS comunica SELECT"), "{stdout}");
}
