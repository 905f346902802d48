//! The SPARQL 1.1 Protocol at /sparql, against a server on an ephemeral port.

mod common;
use common::{client, default_server};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::sparql::results::{
    QueryResultsFormat, QueryResultsParser, SliceQueryResultsParserOutput,
};
use sophia::api::source::TripleSource;
use sophia::api::term::SimpleTerm;
use sophia::isomorphism::isomorphic_graphs;

const CLAIMS: &str = "PREFIX cg: <https://w3id.org/casegraph/ns#> SELECT ?claim ?id WHERE { ?claim a cg:Claim ; cg:claimId ?id } ORDER BY ?id";
const CONSTRUCT: &str = "PREFIX cg: <https://w3id.org/casegraph/ns#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> CONSTRUCT { ?c rdfs:label ?l ; cg:claimId ?id } WHERE { ?c a cg:Claim ; cg:claimId ?id ; rdfs:label ?l }";

fn solutions(format: QueryResultsFormat, body: &[u8]) -> usize {
    match QueryResultsParser::from_format(format)
        .for_slice(body)
        .unwrap()
    {
        SliceQueryResultsParserOutput::Solutions(s) => s.inspect(|s| assert!(s.is_ok())).count(),
        SliceQueryResultsParserOutput::Boolean(_) => panic!("expected solutions"),
    }
}

fn claim_count() -> usize {
    let body = client()
        .get(default_server().url("/sparql"))
        .query(&[("query", CLAIMS)])
        .send()
        .unwrap()
        .bytes()
        .unwrap();
    solutions(QueryResultsFormat::Json, &body)
}

#[test]
fn get_form_post_and_direct_post_agree() {
    let url = default_server().url("/sparql");
    let expected = claim_count();
    assert!(
        expected >= 26,
        "at least the 26 numbered claims, got {expected}"
    );
    let form = client()
        .post(&url)
        .form(&[("query", CLAIMS)])
        .send()
        .unwrap();
    assert_eq!(form.status(), 200);
    assert_eq!(
        solutions(QueryResultsFormat::Json, &form.bytes().unwrap()),
        expected
    );
    let direct = client()
        .post(&url)
        .header("Content-Type", "application/sparql-query")
        .body(CLAIMS)
        .send()
        .unwrap();
    assert_eq!(direct.status(), 200);
    assert_eq!(
        solutions(QueryResultsFormat::Json, &direct.bytes().unwrap()),
        expected
    );
}

#[test]
fn every_result_format_parses_back() {
    let url = default_server().url("/sparql");
    let expected = claim_count();
    for (accept, format) in [
        (
            "application/sparql-results+json",
            Some(QueryResultsFormat::Json),
        ),
        (
            "application/sparql-results+xml",
            Some(QueryResultsFormat::Xml),
        ),
        ("text/tab-separated-values", Some(QueryResultsFormat::Tsv)),
        ("text/csv", None),
    ] {
        let response = client()
            .get(&url)
            .query(&[("query", CLAIMS)])
            .header("Accept", accept)
            .send()
            .unwrap();
        assert_eq!(response.status(), 200, "{accept}");
        let ct = response.headers()["content-type"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(ct.starts_with(accept), "{accept} → {ct}");
        let body = response.bytes().unwrap();
        match format {
            Some(f) => assert_eq!(solutions(f, &body), expected, "{accept}"),
            None => {
                // CSV: a header line then one line per solution (no value has a newline).
                let text = String::from_utf8(body.to_vec()).unwrap();
                let lines: Vec<&str> = text.lines().collect();
                assert_eq!(lines[0], "claim,id");
                assert_eq!(lines.len() - 1, expected);
            }
        }
    }
}

#[test]
fn every_graph_format_parses_back_to_the_same_graph() {
    let url = default_server().url("/sparql");
    let mut graphs = Vec::new();
    for (accept, format) in [
        ("text/turtle", RdfFormat::Turtle),
        ("application/n-triples", RdfFormat::NTriples),
        ("application/rdf+xml", RdfFormat::RdfXml),
        (
            "application/ld+json",
            RdfFormat::JsonLd {
                profile: Default::default(),
            },
        ),
    ] {
        let response = client()
            .get(&url)
            .query(&[("query", CONSTRUCT)])
            .header("Accept", accept)
            .send()
            .unwrap();
        assert_eq!(response.status(), 200, "{accept}");
        assert!(response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with(accept));
        let body = response.bytes().unwrap();
        // Re-serialize as N-Triples with oxigraph, then compare with sophia's isomorphism check,
        // which treats blank nodes correctly.
        let mut nt =
            oxigraph::io::RdfSerializer::from_format(RdfFormat::NTriples).for_writer(Vec::new());
        for quad in RdfParser::from_format(format).for_slice(&body) {
            let quad = quad.unwrap();
            nt.serialize_triple(oxigraph::model::TripleRef::new(
                &quad.subject,
                &quad.predicate,
                &quad.object,
            ))
            .unwrap();
        }
        let nt = String::from_utf8(nt.finish().unwrap()).unwrap();
        let graph: Vec<[SimpleTerm<'static>; 3]> = sophia::turtle::parser::nt::parse_str(&nt)
            .collect_triples()
            .unwrap();
        assert!(graph.len() >= 52, "{accept}: {} triples", graph.len());
        graphs.push(graph);
    }
    for g in &graphs[1..] {
        assert!(isomorphic_graphs(g, &graphs[0]).unwrap());
    }
}

#[test]
fn malformed_query_is_400_with_the_parser_message() {
    let response = client()
        .get(default_server().url("/sparql"))
        .query(&[("query", "SELECT ?x WHERE { ?x ")])
        .send()
        .unwrap();
    assert_eq!(response.status(), 400);
    let body: serde_json::Value = response.json().unwrap();
    assert!(
        body["error"]
            .as_str()
            .unwrap()
            .contains("SPARQL syntax error"),
        "{body}"
    );
}

#[test]
fn updates_are_refused_and_change_nothing() {
    let url = default_server().url("/sparql");
    let before = claim_count();
    for request in [
        client()
            .post(&url)
            .form(&[("update", "DELETE WHERE { ?s ?p ?o }")]),
        client()
            .post(&url)
            .header("Content-Type", "application/sparql-update")
            .body("DROP ALL"),
    ] {
        let response = request.send().unwrap();
        assert_eq!(response.status(), 403);
        let body: serde_json::Value = response.json().unwrap();
        assert!(body["error"].as_str().unwrap().contains("read-only"));
    }
    let response = client()
        .get(&url)
        .query(&[("update", "DROP ALL")])
        .send()
        .unwrap();
    assert_eq!(response.status(), 400);
    assert_eq!(claim_count(), before);
}

#[test]
fn dataset_parameters_select_graphs() {
    let url = default_server().url("/sparql");
    let count = |params: &[(&str, &str)]| {
        let mut all = vec![(
            "query",
            "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/casegraph/ns#Claim> }",
        )];
        all.extend_from_slice(params);
        let body: serde_json::Value = client()
            .get(&url)
            .query(&all)
            .send()
            .unwrap()
            .json()
            .unwrap();
        body["results"]["bindings"][0]["n"]["value"]
            .as_str()
            .unwrap()
            .parse::<usize>()
            .unwrap()
    };
    let union = count(&[]);
    assert!(union >= 26);
    assert_eq!(
        count(&[(
            "default-graph-uri",
            "https://w3id.org/casegraph/case/antbot-binance"
        )]),
        union
    );
    assert_eq!(
        count(&[(
            "default-graph-uri",
            "https://w3id.org/casegraph/graph/legal"
        )]),
        0
    );
}

#[test]
fn service_is_refused() {
    let response = client()
        .get(default_server().url("/sparql"))
        .query(&[(
            "query",
            "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        )])
        .send()
        .unwrap();
    assert_eq!(response.status(), 400);
    let body: serde_json::Value = response.json().unwrap();
    assert!(
        body["error"].as_str().unwrap().contains("SERVICE"),
        "{body}"
    );
}

#[test]
fn not_acceptable_is_406_and_bodies_are_bounded() {
    let url = default_server().url("/sparql");
    let response = client()
        .get(&url)
        .query(&[("query", CLAIMS)])
        .header("Accept", "image/png")
        .send()
        .unwrap();
    assert_eq!(response.status(), 406);
    let big = format!("SELECT * WHERE {{ ?s ?p ?o }} # {}", "x".repeat(2 << 20));
    let response = client()
        .post(&url)
        .header("Content-Type", "application/sparql-query")
        .body(big)
        .send()
        .unwrap();
    assert_eq!(response.status(), 413);
}

#[test]
fn health_and_service_description() {
    let health: serde_json::Value = common::get_json("/health");
    assert_eq!(health["status"], "ok");
    assert!(health["triples"].as_u64().unwrap() > 1000);
    let response = client()
        .get(default_server().url("/sparql"))
        .header("Accept", "text/turtle")
        .send()
        .unwrap();
    assert_eq!(response.status(), 200);
    let text = response.text().unwrap();
    assert!(
        text.contains("http://www.w3.org/ns/sparql-service-description#Service"),
        "{text}"
    );
}
