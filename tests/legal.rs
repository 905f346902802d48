//! The legal layer: legal hooks, verification markers, limitation, the criminal track and the
//! effect of counter-arguments on statuses.

mod common;
use casegraph::brief::{self, BriefFormat, BriefOptions};
use casegraph::case::Case;
use casegraph::store::CaseStore;
use casegraph::templates::Templates;
use common::data_dir;
use std::path::{Path, PathBuf};

const CASE: &str = "antbot-binance";
const RESPONDENTS: &[&str] = &["antbot", "binance", "hacker"];

fn render(case: &Case, respondent: &str, lang: &str, track: &str, format: BriefFormat) -> String {
    let options = BriefOptions::parse(Some(lang), Some(track), Some("2026-11-24")).unwrap();
    brief::render(
        &Templates::load().unwrap(),
        case,
        respondent,
        &options,
        format,
    )
    .unwrap()
}

#[test]
fn every_claim_has_a_legal_basis_and_every_reference_is_complete() {
    let cases = CaseStore::load(None).unwrap();
    let case = Case::load(&cases, CASE).unwrap();
    for claim in &case.claims {
        let bases: Vec<_> = case.targets(&claim.iri, "legalBasis").collect();
        assert!(!bases.is_empty(), "claim {} has no legal basis", claim.id);
        for b in bases {
            assert!(
                case.authorities.contains_key(b),
                "claim {} cites {b}, not in the legal graph",
                claim.id
            );
        }
    }
    let references: Vec<_> = case
        .authorities
        .values()
        .filter(|a| a.kind == "reference")
        .collect();
    assert!(references.len() >= 50, "{} references", references.len());
    for r in references {
        assert!(
            ["verified", "secondary", "unverified"].contains(&r.verification.as_str()),
            "{}",
            r.iri
        );
        assert!(
            !r.title.zh.is_empty() && !r.title.en.is_empty(),
            "{} lacks a title",
            r.iri
        );
        assert!(r.number.is_some(), "{} lacks an article number", r.iri);
        assert!(
            r.version.is_some() || r.act.zh.is_empty(),
            "{} lacks a version",
            r.iri
        );
        assert!(!r.act.zh.is_empty(), "{} is not part of an act", r.iri);
        assert!(
            !r.paraphrase.zh.is_empty() && !r.paraphrase.en.is_empty(),
            "{} lacks a paraphrase",
            r.iri
        );
    }
}

/// Every place an unverified authority's title is printed, its UNVERIFIED marker follows.
#[test]
fn no_unverified_item_is_rendered_without_its_marker() {
    let cases = CaseStore::load(None).unwrap();
    let case = Case::load(&cases, CASE).unwrap();
    let unverified: Vec<_> = case
        .authorities
        .values()
        .filter(|a| a.unverified())
        .collect();
    assert!(!unverified.is_empty(), "the reference file has [U] items");
    let mut checked = 0;
    for respondent in RESPONDENTS {
        for track in ["civil", "criminal"] {
            for lang in ["zh", "en"] {
                for format in [BriefFormat::Markdown, BriefFormat::Html] {
                    let text = render(&case, respondent, lang, track, format);
                    for a in &unverified {
                        let title = a.title.pick(lang);
                        for (at, _) in text.match_indices(title.as_str()) {
                            let after = &text[at + title.len()..];
                            if after.starts_with(|c: char| c.is_ascii_digit()) {
                                continue; // a longer title that merely starts the same
                            }
                            let window: String = after.chars().take(60).collect();
                            assert!(
                                window.contains("UNVERIFIED"),
                                "{respondent}/{track}/{lang}: '{title}' printed without its marker: {window}"
                            );
                            checked += 1;
                        }
                    }
                    if format == BriefFormat::Markdown {
                        let json = render(&case, respondent, lang, track, BriefFormat::Json);
                        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
                        check_json_markers(&value);
                    }
                }
            }
        }
    }
    assert!(checked > 0, "no unverified item was rendered at all");
}

fn check_json_markers(v: &serde_json::Value) {
    match v {
        serde_json::Value::Object(map) => {
            if map.get("verification").and_then(|x| x.as_str()) == Some("unverified") {
                assert!(
                    map["marker"].as_str().unwrap().contains("UNVERIFIED"),
                    "{v}"
                );
            }
            map.values().for_each(check_json_markers);
        }
        serde_json::Value::Array(items) => items.iter().for_each(check_json_markers),
        _ => {}
    }
}

#[test]
fn limitation_warns_by_default_and_a_demand_to_antbot_restarts_only_its_period() {
    let cases = CaseStore::load(None).unwrap();
    let case = Case::load(&cases, CASE).unwrap();
    for respondent in ["antbot", "binance"] {
        let md = render(&case, respondent, "en", "civil", BriefFormat::Markdown);
        let warning = md
            .find("Limitation warning")
            .expect("the warning leads the brief");
        assert!(
            warning < md.find("## 1.").unwrap(),
            "the warning comes first"
        );
        assert!(
            md.contains("The limitation period may have run"),
            "{respondent}"
        );
        assert!(
            md.contains("2026-03-23") && md.contains("2026-03-21"),
            "{respondent}"
        );
    }
    let demand = r#"
@prefix cg: <https://w3id.org/casegraph/ns#> .
@prefix schema: <http://schema.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix c: <https://w3id.org/casegraph/case/antbot-binance/> .
GRAPH <https://w3id.org/casegraph/case/antbot-binance> {
  <https://w3id.org/casegraph/case/antbot-binance/event/test-demand> a cg:Event , cg:Interruption ;
    schema:startDate "2025-01-10"^^xsd:date ; cg:interruptionKind cg:Demand ;
    cg:reachedParty <https://w3id.org/casegraph/case/antbot-binance/party/antbot> ;
    rdfs:label "测试：送达 AntBot 的书面请求"@zh , "test: written demand that reached AntBot"@en ;
    cg:source "test" ; prov:wasDerivedFrom <https://w3id.org/casegraph/case/antbot-binance/source/complaint> .
}
"#;
    let dir = data_dir("demand", &[], Some(demand));
    let cases = CaseStore::load(Some(&dir)).unwrap();
    let case = Case::load(&cases, CASE).unwrap();
    let antbot = render(&case, "antbot", "en", "civil", BriefFormat::Markdown);
    assert!(antbot.contains("**2028-01-10**"), "AntBot's new last day");
    assert!(antbot.contains("The limitation period is still running"));
    let binance = render(&case, "binance", "en", "civil", BriefFormat::Markdown);
    assert!(binance.contains("**2026-03-23**") && binance.contains("may have run"));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn the_criminal_brief_computes_seriousness_from_the_stored_loss() {
    let cases = CaseStore::load(None).unwrap();
    let case = Case::load(&cases, CASE).unwrap();
    let zh = render(&case, "hacker", "zh", "criminal", BriefFormat::Markdown);
    let en = render(&case, "hacker", "en", "criminal", BriefFormat::Markdown);
    assert!(en.contains("286417.56"), "the stored loss is shown");
    let tier_en = case
        .tiers
        .iter()
        .rev()
        .find(|t| t.met)
        .expect("the stored loss reaches a tier")
        .tier
        .en
        .clone();
    assert!(
        tier_en.to_lowercase().contains("especially serious"),
        "{tier_en}"
    );
    assert!(
        en.contains(&format!("the tier reached is: {tier_en}")),
        "{en}"
    );
    assert!(zh.contains("情节特别严重"), "zh brief names the tier");
    // Lower the stored loss: the conclusion follows the data, not a literal.
    let cases2 = {
        let dir = data_dir("loss", &[], None);
        let mut text = String::new();
        for entry in walk(&dir) {
            let t = std::fs::read_to_string(&entry).unwrap();
            if t.contains("\"286417.56\"^^xsd:decimal") {
                std::fs::write(
                    &entry,
                    t.replace("\"286417.56\"^^xsd:decimal", "\"20000.00\"^^xsd:decimal"),
                )
                .unwrap();
                text = entry.display().to_string();
            }
        }
        assert!(!text.is_empty(), "the loss figure is stored");
        let cases = CaseStore::load(Some(&dir)).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        cases
    };
    let case2 = Case::load(&cases2, CASE).unwrap();
    let en2 = render(&case2, "hacker", "en", "criminal", BriefFormat::Markdown);
    assert!(
        !en2.contains(&format!("the tier reached is: {tier_en}")),
        "{en2}"
    );
    assert!(en2.contains("20000"), "{en2}");
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn counter_arguments_change_the_statuses() {
    let with = Case::load(&CaseStore::load(None).unwrap(), CASE).unwrap();
    let dir = data_dir("nolegal", &["legal.trig"], None);
    let without = Case::load(&CaseStore::load(Some(&dir)).unwrap(), CASE).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    let changed: Vec<_> = with
        .claims
        .iter()
        .filter(|c| with.status(&c.iri).status != without.status(&c.iri).status)
        .map(|c| c.id.clone())
        .collect();
    assert!(
        !changed.is_empty(),
        "the counter-arguments changed no status"
    );
    let anticipated = with.arguments.iter().filter(|a| a.anticipated).count();
    assert!(anticipated >= 3, "{anticipated} anticipated arguments");
}
