//! The lawyer API: claims, claim detail, named queries, briefs, and refusal of bad input.

mod common;
use common::{client, default_server, get_json};
use serde_json::Value;

const CASE: &str = "antbot-binance";

fn status(path: &str) -> (u16, Value) {
    let response = client().get(default_server().url(path)).send().unwrap();
    let code = response.status().as_u16();
    (code, response.json().unwrap_or(Value::Null))
}

#[test]
fn cases_parties_and_claims() {
    let cases = get_json("/api/cases");
    assert_eq!(cases[0]["id"], CASE);
    assert!(!cases[0]["title"]["zh"].as_str().unwrap().is_empty());
    assert!(!cases[0]["title"]["en"].as_str().unwrap().is_empty());
    let parties = get_json(&format!("/api/cases/{CASE}/parties"));
    let ids: Vec<&str> = parties
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    for id in ["antbot", "binance", "hacker", "wang-tianyou"] {
        assert!(ids.contains(&id), "party {id} missing from {ids:?}");
    }
    let antbot = parties
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "antbot")
        .unwrap();
    assert_eq!(antbot["suspected_operators"].as_array().unwrap().len(), 2);
    let claims = get_json(&format!("/api/cases/{CASE}/claims?respondent=binance"));
    let claims = claims.as_array().unwrap();
    assert_eq!(claims.len(), 11);
    for c in claims {
        assert_eq!(c["respondent"], "binance");
        assert!(["accepted", "rejected", "undecided"].contains(&c["status"].as_str().unwrap()));
        assert!(c["reason"]["en"]
            .as_str()
            .unwrap()
            .starts_with(c["status"].as_str().unwrap()));
        assert!(!c["statement"]["zh"].as_str().unwrap().is_empty());
        assert!(!c["source"].as_str().unwrap().is_empty());
    }
}

#[test]
fn claim_detail_has_evidence_law_defenses_and_a_reason() {
    let detail = get_json(&format!("/api/cases/{CASE}/claims/2-6"));
    assert_eq!(detail["id"], "2-6");
    let evidence = detail["evidence"].as_array().unwrap();
    assert!(!evidence.is_empty());
    for e in evidence {
        assert!(e["title"]["en"].as_str().is_some_and(|t| !t.is_empty()));
        assert!(e["kind"]["id"].as_str().is_some());
        assert!(
            e.get("holder").is_some()
                && e.get("obtain_via").is_some()
                && e.get("at_risk").is_some()
        );
    }
    assert!(detail["status"].is_string() && detail["reason"]["zh"].is_string());
    assert!(detail["legal_basis"].is_array() && detail["defenses"].is_array());
}

#[test]
fn unknown_things_are_named_in_the_error() {
    for (path, code, needle) in [
        ("/api/cases/nope/claims", 404, "nope"),
        ("/api/cases/antbot-binance/claims/9-99", 404, "9-99"),
        (
            "/api/cases/antbot-binance/claims?respondent=nobody",
            404,
            "nobody",
        ),
        ("/api/cases/antbot-binance/claims?colour=red", 400, "colour"),
        ("/api/cases/antbot-binance/briefs/nobody", 404, "nobody"),
        (
            "/api/cases/antbot-binance/briefs/binance?lang=fr",
            400,
            "fr",
        ),
        (
            "/api/cases/antbot-binance/briefs/binance?track=tax",
            400,
            "tax",
        ),
        (
            "/api/cases/antbot-binance/briefs/binance?as-of=yesterday",
            400,
            "yesterday",
        ),
        ("/api/queries/no-such-query", 404, "no-such-query"),
        (
            "/api/queries/claims-against?case=antbot-binance&colour=red",
            400,
            "colour",
        ),
        (
            "/api/queries/claims-supported-by?case=antbot-binance&evidence=not%20an%20iri",
            400,
            "evidence",
        ),
        ("/api/queries/claims-against?case=nope", 404, "nope"),
    ] {
        let (got, body) = status(path);
        assert_eq!(got, code, "{path}: {body}");
        assert!(
            body["error"].as_str().unwrap().contains(needle),
            "{path}: {body}"
        );
    }
}

#[test]
fn every_named_query_runs_and_returns_rows() {
    let list = get_json("/api/queries");
    let list = list.as_array().unwrap();
    assert!(list.len() >= 9);
    // Sample parameter values for the default case.
    let sample = |name: &str| -> &str {
        match name {
            "case" => CASE,
            "respondent" => "binance",
            "claim" => "2-6",
            "holder" => "binance",
            _ => "",
        }
    };
    for q in list {
        let name = q["name"].as_str().unwrap();
        assert!(
            !q["title"].as_str().unwrap().is_empty(),
            "{name} has no title"
        );
        let mut params: Vec<(String, String)> = Vec::new();
        for p in q["params"].as_array().unwrap() {
            let pname = p["name"].as_str().unwrap();
            let value = if pname == "evidence" {
                // Take a real evidence IRI from the claim query.
                let rows = get_json(&format!(
                    "/api/queries/evidence-for-claim?case={CASE}&claim=2-6"
                ));
                rows["results"]["bindings"][0]["evidence"]["value"]
                    .as_str()
                    .unwrap()
                    .to_owned()
            } else {
                sample(pname).to_owned()
            };
            params.push((pname.to_owned(), value));
        }
        let response = client()
            .get(default_server().url(&format!("/api/queries/{name}")))
            .query(&params)
            .send()
            .unwrap();
        assert_eq!(response.status(), 200, "{name}");
        let body: Value = response.json().unwrap();
        let rows = body["results"]["bindings"].as_array().unwrap();
        assert!(!rows.is_empty(), "{name} returned no rows with {params:?}");
        let csv = client()
            .get(default_server().url(&format!("/api/queries/{name}")))
            .query(&params)
            .header("Accept", "text/csv")
            .send()
            .unwrap();
        assert!(csv.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv"));
    }
}

fn brief(respondent: &str, lang: &str, format: &str) -> String {
    let response = client()
        .get(default_server().url(&format!(
            "/api/cases/{CASE}/briefs/{respondent}?lang={lang}&format={format}&as-of=2026-11-24"
        )))
        .send()
        .unwrap();
    assert_eq!(response.status(), 200, "{respondent} {lang} {format}");
    response.text().unwrap()
}

#[test]
fn every_brief_names_every_claim_and_its_evidence() {
    for respondent in ["antbot", "binance", "hacker"] {
        let claims = get_json(&format!("/api/cases/{CASE}/claims?respondent={respondent}"));
        let mut expected: Vec<(String, Vec<String>)> = Vec::new();
        for c in claims.as_array().unwrap() {
            let id = c["id"].as_str().unwrap();
            let detail = get_json(&format!("/api/cases/{CASE}/claims/{id}"));
            let evidence = detail["evidence"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["id"].as_str().unwrap().to_owned())
                .collect();
            expected.push((id.to_owned(), evidence));
        }
        assert!(!expected.is_empty());
        for lang in ["zh", "en"] {
            for format in ["md", "html", "json"] {
                let text = brief(respondent, lang, format);
                for (id, evidence) in &expected {
                    assert!(
                        text.contains(id.as_str()),
                        "{respondent}/{lang}/{format} lacks claim {id}"
                    );
                    for e in evidence {
                        assert!(
                            text.contains(e.as_str()),
                            "{respondent}/{lang}/{format} lacks evidence {e} of {id}"
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn briefs_are_negotiated() {
    for (accept, ct) in [
        ("text/markdown", "text/markdown"),
        ("text/html", "text/html"),
        ("application/json", "application/json"),
    ] {
        let response = client()
            .get(default_server().url(&format!("/api/cases/{CASE}/briefs/antbot")))
            .header("Accept", accept)
            .send()
            .unwrap();
        assert_eq!(response.status(), 200);
        assert!(response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with(ct));
    }
    let response = client()
        .get(default_server().url(&format!("/api/cases/{CASE}/briefs/antbot")))
        .header("Accept", "image/png")
        .send()
        .unwrap();
    assert_eq!(response.status(), 406);
    // Chinese is the default language.
    let zh = client()
        .get(default_server().url(&format!("/api/cases/{CASE}/briefs/antbot?format=md")))
        .send()
        .unwrap()
        .text()
        .unwrap();
    assert!(zh.contains("责任分析简报"));
}

#[test]
fn script_in_the_data_is_escaped_in_html() {
    let extra = r#"
@prefix cg: <https://w3id.org/casegraph/ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix c: <https://w3id.org/casegraph/case/antbot-binance/> .
GRAPH <https://w3id.org/casegraph/case/antbot-binance> {
  <https://w3id.org/casegraph/case/antbot-binance/evidence/xss> a cg:Evidence ;
    rdfs:label "<script>alert('zh')</script>"@zh , "<script>alert('en')</script>"@en ;
    cg:evidenceKind cg:VictimStatement ; cg:heldBy <https://w3id.org/casegraph/case/antbot-binance/party/wang-tianyou> ;
    cg:atRisk false ; cg:destroyed false ;
    cg:supports <https://w3id.org/casegraph/case/antbot-binance/claim/2-6> ; cg:source "test" ; prov:wasDerivedFrom <https://w3id.org/casegraph/case/antbot-binance/source/complaint> .
}
"#;
    let dir = common::data_dir("xss", &[], Some(extra));
    let cases = casegraph::store::CaseStore::load(Some(&dir)).unwrap();
    let server = common::start(cases, casegraph::http::Config::default());
    for lang in ["zh", "en"] {
        let html = client()
            .get(server.url(&format!(
                "/api/cases/{CASE}/briefs/binance?lang={lang}&format=html"
            )))
            .send()
            .unwrap()
            .text()
            .unwrap();
        assert!(
            !html.contains("<script>"),
            "unescaped script in the {lang} brief"
        );
        assert!(
            html.contains("&lt;script&gt;"),
            "the value is missing from the {lang} brief"
        );
    }
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn claims_follow_the_complaints_numbering_and_the_timeline_is_in_date_order() {
    let claims = get_json(&format!("/api/cases/{CASE}/claims?respondent=antbot"));
    let ids: Vec<&str> = claims
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    let expected: Vec<String> = (1..=15).map(|n| format!("1-{n}")).collect();
    assert_eq!(ids, expected);

    // The brief lists a category's claims in the same order: 1-2 before 1-13.
    let md = brief("antbot", "en", "md");
    let at = |id: &str| md.find(&format!("#### {id} ")).unwrap();
    assert!(at("1-2") < at("1-13") && at("1-1") < at("1-2"));

    // Dated events never go backwards, and every event has a place: a date of its own or a
    // recorded time:after / time:before relation to one that has.
    let timeline = get_json(&format!("/api/cases/{CASE}/timeline"));
    let events = timeline.as_array().unwrap();
    // (Compared by calendar day: an event dated only by its day may follow one at 01:00 that day.)
    let days: Vec<&str> = events
        .iter()
        .filter_map(|e| e["start"].as_str())
        .map(|s| s.get(..10).unwrap_or(s))
        .collect();
    assert!(days.windows(2).all(|w| w[0] <= w[1]), "{days:?}");
    for e in events {
        let placed = e["start"].is_string()
            || !e["after"].as_array().unwrap().is_empty()
            || !e["before"].as_array().unwrap().is_empty();
        assert!(
            placed,
            "event {} has no date and no order relation",
            e["id"]
        );
    }
    let position = |id: &str| events.iter().position(|e| e["id"] == id).unwrap();
    for e in events {
        for prev in e["after"].as_array().unwrap() {
            assert!(
                position(prev.as_str().unwrap()) < position(e["id"].as_str().unwrap()),
                "{} should come after {prev}",
                e["id"]
            );
        }
    }
}
