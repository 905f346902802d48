//! The default case data: completeness, stated arithmetic, and refusal of invalid data.

mod common;
use casegraph::store::CaseStore;
use casegraph::validate;
use common::data_dir;
use std::process::Command;

const CLAIMS: &str = r#"
PREFIX cg: <https://w3id.org/casegraph/ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?id ?respondent ?zh ?en WHERE {
  ?c a cg:Claim ; cg:claimId ?id ; cg:respondent/cg:slug ?respondent .
  OPTIONAL { ?c rdfs:label ?zh FILTER(langMatches(lang(?zh), "zh")) }
  OPTIONAL { ?c rdfs:label ?en FILTER(langMatches(lang(?en), "en")) }
}"#;

fn query(cases: &CaseStore, q: &str) -> Vec<Vec<String>> {
    let mut prepared = casegraph::sparql::eval::evaluator(None)
        .parse_query(q)
        .unwrap();
    prepared.dataset_mut().set_default_graph_as_union();
    let oxigraph::sparql::QueryResults::Solutions(solutions) =
        prepared.on_store(&cases.store).execute().unwrap()
    else {
        panic!("not a select")
    };
    let vars: Vec<_> = solutions.variables().to_vec();
    solutions
        .map(|s| {
            let s = s.unwrap();
            vars.iter()
                .map(|v| {
                    s.get(v)
                        .map(casegraph::store::term_value)
                        .unwrap_or_default()
                })
                .collect()
        })
        .collect()
}

#[test]
fn every_numbered_claim_has_zh_and_en_text_and_a_respondent() {
    let cases = CaseStore::load(None).unwrap();
    let rows = query(&cases, CLAIMS);
    let expected: Vec<(String, &str)> = (1..=15)
        .map(|i| (format!("1-{i}"), "antbot"))
        .chain((1..=11).map(|i| (format!("2-{i}"), "binance")))
        .collect();
    for (id, respondent) in &expected {
        let row = rows
            .iter()
            .find(|r| &r[0] == id)
            .unwrap_or_else(|| panic!("claim {id} is missing"));
        assert_eq!(&row[1], respondent, "respondent of {id}");
        assert!(!row[2].is_empty(), "claim {id} has no zh label");
        assert!(!row[3].is_empty(), "claim {id} has no en label");
    }
    let hacker: Vec<_> = rows.iter().filter(|r| r[1] == "hacker").collect();
    assert!(
        hacker.len() >= 3,
        "the hacker's acts of 五.3 are claims: {hacker:?}"
    );
}

#[test]
fn the_default_data_is_valid_and_every_stated_sum_holds() {
    let cases = CaseStore::load(None).unwrap();
    let report = validate::validate(&cases).unwrap();
    assert!(report.violations.is_empty(), "{}", report.render());
    for (stated, expression) in [
        ("286417.56", "349776.83 CNY − 63359.27 CNY"),
        ("650255.76", "1036485.2 CNY − 386229.44 CNY"),
        ("649726.44", "650255.76 CNY − 529.32 CNY"),
        ("99543.83", "157917.71 USDT − 58373.88 USDT"),
    ] {
        let check = report
            .checks
            .iter()
            .find(|c| c.stated == stated && c.kind == "stated-differences")
            .unwrap_or_else(|| panic!("no check of {expression} = {stated}:\n{}", report.render()));
        assert!(
            check.holds,
            "{expression} = {stated} does not hold: {check:?}"
        );
        assert_eq!(check.computed, stated);
    }
    let ratios: Vec<_> = report
        .checks
        .iter()
        .filter(|c| c.kind == "stated-ratios")
        .collect();
    assert!(ratios.len() >= 4, "{}", report.render());
    assert!(report.ok(), "{}", report.render());
}

#[test]
fn figures_are_exact_decimals_with_a_currency() {
    let cases = CaseStore::load(None).unwrap();
    let rows = query(
        &cases,
        "PREFIX cg: <https://w3id.org/casegraph/ns#> PREFIX schema: <http://schema.org/>
         SELECT ?a ?v (DATATYPE(?v) AS ?dt) ?c WHERE { ?a a cg:Amount ; schema:value ?v . OPTIONAL { ?a schema:currency ?c } }",
    );
    assert!(rows.len() >= 16, "{} amounts", rows.len());
    for row in &rows {
        assert_eq!(
            row[2], "http://www.w3.org/2001/XMLSchema#decimal",
            "{row:?}"
        );
        assert!(!row[3].is_empty(), "{row:?} has no currency");
    }
}

const BAD_CLAIM: &str = r#"
@prefix cg: <https://w3id.org/casegraph/ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
GRAPH <https://w3id.org/casegraph/case/antbot-binance> {
  <https://w3id.org/casegraph/case/antbot-binance/claim/planted-bad> a cg:Claim ;
    cg:claimId "X-1" ;
    rdfs:label "缺少被申请人"@zh , "missing respondent"@en ;
    cg:source "test" ;
    prov:wasDerivedFrom <https://w3id.org/casegraph/case/antbot-binance/source/complaint> .
}
"#;

#[test]
fn a_shape_violation_is_refused_naming_the_node() {
    let dir = data_dir("bad", &[], Some(BAD_CLAIM));
    let err = validate::open_validated(Some(&dir))
        .err()
        .expect("invalid data is refused");
    let message = err.to_string();
    assert!(message.contains("claim/planted-bad"), "{message}");
    // The command line refuses too, with the node named and a failing exit code.
    let out = Command::new(env!("CARGO_BIN_EXE_casegraph"))
        .args(["validate", "--data"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("claim/planted-bad") && stdout.contains("INVALID"),
        "{stdout}"
    );
    let out = Command::new(env!("CARGO_BIN_EXE_casegraph"))
        .args(["serve", "--bind", "127.0.0.1:0", "--data"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("claim/planted-bad"));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_wrong_stated_sum_is_reported() {
    let bad = r#"
@prefix cg: <https://w3id.org/casegraph/ns#> .
@prefix schema: <http://schema.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix t: <https://w3id.org/casegraph/case/antbot-binance/test/> .
GRAPH <https://w3id.org/casegraph/case/antbot-binance> {
  t:a a cg:Amount ; schema:value "10.00"^^xsd:decimal ; schema:currency "CNY" ; cg:source "test" ; prov:wasDerivedFrom t:x .
  t:b a cg:Amount ; schema:value "3.50"^^xsd:decimal ; schema:currency "CNY" ; cg:source "test" ; prov:wasDerivedFrom t:x .
  t:c a cg:Amount ; schema:value "6.40"^^xsd:decimal ; schema:currency "CNY" ; cg:source "test" ; prov:wasDerivedFrom t:x .
  t:sum a cg:StatedDifference ; cg:minuend t:a ; cg:subtrahend t:b ; cg:result t:c ;
    rdfs:label "planted wrong sum"@en , "错误的算式"@zh ; cg:source "test" ; prov:wasDerivedFrom t:x .
}
"#;
    let dir = data_dir("sum", &[], Some(bad));
    let cases = CaseStore::load(Some(&dir)).unwrap();
    let report = validate::validate(&cases).unwrap();
    let check = report
        .checks
        .iter()
        .find(|c| c.label == "planted wrong sum")
        .unwrap();
    assert!(!check.holds);
    assert_eq!(check.computed, "6.5");
    assert!(!report.ok());
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn triples_outside_a_named_graph_are_refused() {
    let dir = data_dir(
        "default",
        &[],
        Some("<http://example.org/s> <http://example.org/p> \"o\" ."),
    );
    let err = CaseStore::load(Some(&dir)).err().expect("refused");
    assert!(err.to_string().contains("zz-extra.trig"), "{err}");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn every_quotation_is_verbatim_and_a_misquotation_is_refused() {
    // The shipped case carries its complaint's text, and every claim's quote is checked against it.
    let cases = CaseStore::load(None).unwrap();
    let report = validate::validate(&cases).unwrap();
    let claims = query(
        &cases,
        "PREFIX cg: <https://w3id.org/casegraph/ns#> SELECT ?c WHERE { ?c a cg:Claim ; cg:quote ?q }",
    );
    assert!(claims.len() >= 26, "{claims:?}");
    for row in &claims {
        let check = report
            .quotes
            .iter()
            .find(|q| q.resource == row[0])
            .unwrap_or_else(|| panic!("the quote of {} was not checked", row[0]));
        assert_eq!(check.verbatim, Some(true), "{}", report.render());
    }
    assert!(report.quotes.iter().all(|q| q.verbatim == Some(true)));

    // One word changed in a quotation: validation names the resource and refuses to start.
    let bad = r#"
@prefix cg: <https://w3id.org/casegraph/ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
GRAPH <https://w3id.org/casegraph/case/antbot-binance> {
  <https://w3id.org/casegraph/case/antbot-binance/fact/planted-misquote> a cg:Fact ;
    cg:quote "受害人已经确定的有关 AntBot 的事实是：AntBot 是一家位于中国广东广州的企业"@zh ;
    rdfs:label "错误引文"@zh , "planted misquotation"@en ;
    cg:source "二.4" ;
    prov:wasDerivedFrom <https://w3id.org/casegraph/case/antbot-binance/source/complaint> .
}
"#;
    let dir = data_dir("misquote", &[], Some(bad));
    let err = validate::open_validated(Some(&dir))
        .err()
        .expect("a misquotation is refused");
    let message = err.to_string();
    assert!(
        message.contains("fact/planted-misquote") && message.contains("is not in"),
        "{message}"
    );
    std::fs::remove_dir_all(dir).unwrap();
}
