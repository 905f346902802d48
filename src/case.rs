//! The case model: the rows of `queries/api/*.rq` assembled into Rust structs, with the argument
//! statuses computed from the support/attack graph. The JSON API and the briefs read only this.

use crate::api::types::Text;
use crate::argument::{Framework, Label};
use crate::error::Result;
use crate::limitation::Interruption;
use crate::queries::Row;
use crate::store::{CaseInfo, CaseStore};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// The last path segment of an IRI: the id we show for evidence, arguments and the like.
pub fn local_id(iri: &str) -> String {
    iri.rsplit(['/', '#']).next().unwrap_or(iri).to_owned()
}

/// `"true"` / `"1"` as a boolean.
fn flag(row: &Row, var: &str) -> bool {
    row.bool(var)
}

#[derive(Debug, Clone, Serialize)]
pub struct Party {
    pub id: String,
    #[serde(skip)]
    pub iri: String,
    pub name: Text,
    pub roles: Vec<String>,
    /// The roles' labels from the ontology, joined for display.
    pub role_labels: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unified_social_credit_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub legal_representative: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub registration_status: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub registered_address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub founded: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dissolved: Option<String>,
    pub description: Text,
    pub suspected_operators: Vec<String>,
    pub source: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Category {
    pub id: String,
    pub label: Text,
}

#[derive(Debug, Clone, Serialize)]
pub struct Status {
    pub status: Label,
    pub reason: Text,
}

#[derive(Debug, Clone, Serialize)]
pub struct Claim {
    pub id: String,
    #[serde(skip)]
    pub iri: String,
    pub respondent: String,
    pub category: Category,
    pub statement: Text,
    pub detail: Text,
    pub quote: String,
    pub source: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Channel {
    pub id: String,
    pub label: Text,
    pub url: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Evidence {
    pub id: String,
    #[serde(skip)]
    pub iri: String,
    pub title: Text,
    pub kind: Category,
    pub holder: Option<String>,
    pub holder_name: Text,
    pub obtain_via: Option<Channel>,
    pub at_risk: bool,
    pub destroyed: bool,
    pub preservation: Text,
    pub source: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Argument {
    pub id: String,
    #[serde(skip)]
    pub iri: String,
    /// `defense` or `rebuttal`.
    pub kind: String,
    pub by: String,
    pub statement: Text,
    pub detail: Text,
    pub quote: String,
    pub source: String,
    pub anticipated: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Event {
    pub id: String,
    pub start: Option<String>,
    pub end: Option<String>,
    pub approximate: bool,
    pub date_note: Text,
    pub label: Text,
    pub description: Text,
    pub involves: Vec<String>,
    /// Ids of the events this one is recorded as coming after (`time:after`) and before
    /// (`time:before`); they place undated events in the chronology.
    pub after: Vec<String>,
    pub before: Vec<String>,
    pub source: String,
}

impl crate::order::Dated for Event {
    fn id(&self) -> &str {
        &self.id
    }
    fn start(&self) -> Option<&str> {
        self.start.as_deref()
    }
    fn after(&self) -> &[String] {
        &self.after
    }
    fn before(&self) -> &[String] {
        &self.before
    }
}

/// A fact or definition the complaint states (its notes 注…, and statements of its sections); `id`
/// is the note's own number (`cg:noteId`, e.g. "注1-8") where it has one.
#[derive(Debug, Clone, Serialize)]
pub struct Fact {
    #[serde(skip)]
    pub iri: String,
    pub id: String,
    pub label: Text,
    pub source: String,
}

/// What supports a claim or argument besides evidence items: a fact of the case, or a documented
/// fact of the legal graph, which carries its verification tag.
#[derive(Debug, Clone, Serialize)]
pub struct SupportingFact {
    pub id: String,
    pub label: Text,
    /// `verified`, `secondary` or `unverified` for a fact of the legal graph; none for the case's own.
    pub verification: Option<String>,
    pub source: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Amount {
    pub iri: String,
    pub id: String,
    /// The exact decimal as stored (`xsd:decimal` lexical form).
    pub value: String,
    pub currency: String,
    pub per_unit: Option<String>,
    pub approximate: bool,
    pub label: Text,
    pub source: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Demand {
    pub id: String,
    pub label: Text,
    pub description: Text,
    pub quote: String,
    pub source: String,
}

/// A legal reference, court decision, incident or documented fact of the legal graph.
#[derive(Debug, Clone, Serialize)]
pub struct Authority {
    pub iri: String,
    pub kind: String,
    pub title: Text,
    pub paraphrase: Text,
    /// `verified`, `secondary` or `unverified`.
    pub verification: String,
    pub verification_note: Option<String>,
    pub url: Option<String>,
    pub number: Option<String>,
    pub act: Text,
    pub version: Option<String>,
    pub date: Option<String>,
    pub source: String,
}

impl Authority {
    pub fn unverified(&self) -> bool {
        self.verification == "unverified"
    }
}

/// An offence alleged against a respondent (criminal track).
#[derive(Debug, Clone, Serialize)]
pub struct Offence {
    pub iri: String,
    pub respondent: String,
    pub label: Text,
    pub statute: Option<String>,
    pub source: String,
    pub elements: Vec<Element>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Element {
    pub label: Text,
    pub source: String,
    /// IRIs of the claims, facts or evidence that meet the element.
    pub met_by: Vec<String>,
}

/// A seriousness tier compared with the case's stored loss (exact decimal comparison in SPARQL).
#[derive(Debug, Clone, Serialize)]
pub struct Tier {
    pub loss: String,
    pub loss_currency: String,
    pub tier: Text,
    pub minimum: String,
    pub currency: String,
    pub applies_to: String,
    pub basis: Option<String>,
    pub source: String,
    pub met: bool,
}

/// One edge of the case graph between arguments, evidence and authorities.
#[derive(Debug, Clone)]
pub struct Link {
    pub from: String,
    pub relation: String,
    pub to: String,
}

/// A whole case, read from the store.
#[derive(Debug, Clone)]
pub struct Case {
    pub info: CaseInfo,
    pub parties: Vec<Party>,
    pub claims: Vec<Claim>,
    pub evidence: Vec<Evidence>,
    pub arguments: Vec<Argument>,
    pub events: Vec<Event>,
    pub facts: Vec<Fact>,
    pub amounts: Vec<Amount>,
    pub demands: Vec<Demand>,
    pub authorities: BTreeMap<String, Authority>,
    pub links: Vec<Link>,
    /// Status of every claim and argument, by IRI.
    pub statuses: HashMap<String, Status>,
    /// When the claimant knew of the damage and the obligor (start of limitation), if recorded.
    pub knowledge_date: Option<NaiveDate>,
    pub interruptions: Vec<Interruption>,
    /// Public holidays from a sourced table in the data (weekends are always rest days).
    pub holidays: Vec<NaiveDate>,
    pub offences: Vec<Offence>,
    /// Seriousness tiers, ordered by minimum amount.
    pub tiers: Vec<Tier>,
}

fn opt(row: &Row, var: &str) -> Option<String> {
    row.opt(var).filter(|s| !s.is_empty())
}

fn words(row: &Row, var: &str) -> Vec<String> {
    row.str(var).split_whitespace().map(str::to_owned).collect()
}

fn verification(iri: Option<String>) -> String {
    match iri.as_deref().map(local_id).as_deref() {
        Some("Verified") => "verified".into(),
        Some("Secondary") => "secondary".into(),
        Some("Unverified") => "unverified".into(),
        Some(other) => other.to_lowercase(),
        None => "unverified".into(),
    }
}

impl Case {
    /// Reads case `id` from the store (a 404 if there is no such case).
    pub fn load(cs: &CaseStore, id: &str) -> Result<Case> {
        let info = cs.case(id)?.clone();
        let p = [("case", id)];
        let q = |name: &str| cs.queries.select(&cs.store, name, &p);
        let parties = q("api/parties")?
            .iter()
            .map(|r| Party {
                id: r.str("slug"),
                iri: r.str("party"),
                name: r.text("name"),
                roles: words(r, "roles"),
                role_labels: r.text("roleLabels"),
                unified_social_credit_code: opt(r, "code"),
                legal_representative: opt(r, "representative"),
                registration_status: opt(r, "status"),
                registered_address: opt(r, "address"),
                founded: opt(r, "founded"),
                dissolved: opt(r, "dissolved"),
                description: r.text("description"),
                suspected_operators: words(r, "operators"),
                source: r.str("source"),
            })
            .collect();
        let mut claims: Vec<Claim> = q("api/claims")?
            .iter()
            .map(|r| Claim {
                id: r.str("id"),
                iri: r.str("claim"),
                respondent: r.str("respondent"),
                category: Category {
                    id: local_id(&r.str("category")),
                    label: r.text("category"),
                },
                statement: r.text("statement"),
                detail: r.text("detail"),
                quote: r.str("quote"),
                source: r.str("source"),
            })
            .collect();
        claims.sort_by(|a, b| crate::order::natural_cmp(&a.id, &b.id));
        let evidence = q("api/evidence")?
            .iter()
            .map(|r| Evidence {
                id: local_id(&r.str("evidence")),
                iri: r.str("evidence"),
                title: r.text("title"),
                kind: Category {
                    id: local_id(&r.str("kind")),
                    label: r.text("kind"),
                },
                holder: opt(r, "holderId"),
                holder_name: Text::default(),
                obtain_via: opt(r, "channel").map(|c| Channel {
                    id: local_id(&c),
                    label: r.text("channel"),
                    url: opt(r, "channelUrl"),
                }),
                at_risk: flag(r, "atRisk"),
                destroyed: flag(r, "destroyed"),
                preservation: r.text("preservation"),
                source: r.str("source"),
            })
            .collect();
        let arguments = q("api/arguments")?
            .iter()
            .map(|r| Argument {
                id: local_id(&r.str("argument")),
                iri: r.str("argument"),
                kind: r.str("type"),
                by: r.str("by"),
                statement: r.text("statement"),
                detail: r.text("detail"),
                quote: r.str("quote"),
                source: r.str("source"),
                anticipated: flag(r, "anticipated"),
            })
            .collect();
        let events = q("api/events")?
            .iter()
            .map(|r| Event {
                id: local_id(&r.str("event")),
                start: opt(r, "start"),
                end: opt(r, "end"),
                approximate: flag(r, "approximate"),
                date_note: r.text("dateNote"),
                label: r.text("label"),
                description: r.text("description"),
                involves: words(r, "involves"),
                after: words(r, "after").iter().map(|a| local_id(a)).collect(),
                before: words(r, "before").iter().map(|a| local_id(a)).collect(),
                source: r.str("source"),
            })
            .collect();
        let events = crate::order::chronological(events);
        let facts = q("api/facts")?
            .iter()
            .map(|r| Fact {
                iri: r.str("fact"),
                id: opt(r, "noteId").unwrap_or_else(|| local_id(&r.str("fact"))),
                label: r.text("label"),
                source: r.str("source"),
            })
            .collect();
        let amounts = q("api/amounts")?
            .iter()
            .map(|r| Amount {
                iri: r.str("amount"),
                id: local_id(&r.str("amount")),
                value: r.str("value"),
                currency: r.str("currency"),
                per_unit: opt(r, "perUnit"),
                approximate: flag(r, "approximate"),
                label: r.text("label"),
                source: r.str("source"),
            })
            .collect();
        let demands = q("api/demands")?
            .iter()
            .map(|r| Demand {
                id: local_id(&r.str("demand")),
                label: r.text("label"),
                description: r.text("description"),
                quote: r.str("quote"),
                source: r.str("source"),
            })
            .collect();
        let authorities = cs
            .queries
            .select(&cs.store, "api/authorities", &[])?
            .iter()
            .map(|r| {
                let a = Authority {
                    iri: r.str("item"),
                    kind: r.str("type"),
                    title: r.text("title"),
                    paraphrase: r.text("paraphrase"),
                    verification: verification(opt(r, "verification")),
                    verification_note: opt(r, "verificationNote"),
                    url: opt(r, "url"),
                    number: opt(r, "number"),
                    act: r.text("actTitle"),
                    version: opt(r, "version"),
                    date: opt(r, "date"),
                    source: r.str("source"),
                };
                (a.iri.clone(), a)
            })
            .collect();
        let links = q("api/links")?
            .iter()
            .map(|r| Link {
                from: r.str("from"),
                relation: r.str("relation"),
                to: r.str("to"),
            })
            .collect();
        let mut case = Case {
            info,
            parties,
            claims,
            evidence,
            arguments,
            events,
            facts,
            amounts,
            demands,
            authorities,
            links,
            statuses: HashMap::new(),
            knowledge_date: None,
            interruptions: Vec::new(),
            holidays: Vec::new(),
            offences: Vec::new(),
            tiers: Vec::new(),
        };
        for r in q("api/offences")? {
            let iri = r.str("offence");
            if case.offences.last().is_none_or(|o: &Offence| o.iri != iri) {
                case.offences.push(Offence {
                    iri: iri.clone(),
                    respondent: r.str("respondent"),
                    label: r.text("offence"),
                    statute: opt(&r, "statute"),
                    source: r.str("offenceSource"),
                    elements: Vec::new(),
                });
            }
            if opt(&r, "element").is_some() {
                if let Some(o) = case.offences.last_mut() {
                    o.elements.push(Element {
                        label: r.text("element"),
                        source: r.str("elementSource"),
                        met_by: words(&r, "metBy"),
                    });
                }
            }
        }
        case.tiers = q("api/seriousness")?
            .iter()
            .map(|r| Tier {
                loss: r.str("loss"),
                loss_currency: r.str("lossCurrency"),
                tier: r.text("tier"),
                minimum: r.str("minimum"),
                currency: r.str("currency"),
                applies_to: r.str("appliesTo"),
                basis: opt(r, "basis"),
                source: r.str("source"),
                met: flag(r, "met"),
            })
            .collect();
        for r in q("api/limitation")? {
            let Some(date) = r
                .str("date")
                .get(..10)
                .and_then(|d| d.parse::<NaiveDate>().ok())
            else {
                continue;
            };
            match r.str("kind").as_str() {
                "knowledge" => case.knowledge_date = Some(date),
                "holiday" => case.holidays.push(date),
                kind => case.interruptions.push(Interruption {
                    date,
                    kind: local_id(kind),
                    reached: opt(&r, "reached"),
                    label: r.str("label"),
                    source: r.str("source"),
                }),
            }
        }
        for e in &mut case.evidence {
            if let Some(holder) = &e.holder {
                if let Some(p) = case.parties.iter().find(|p| &p.id == holder) {
                    e.holder_name = p.name.clone();
                }
            }
        }
        case.statuses = case.compute_statuses();
        Ok(case)
    }

    pub fn party(&self, id: &str) -> Option<&Party> {
        self.parties.iter().find(|p| p.id == id)
    }

    pub fn claim(&self, id: &str) -> Option<&Claim> {
        self.claims.iter().find(|c| c.id == id)
    }

    /// The IRIs linked from `from` by `relation`.
    pub fn targets<'a>(
        &'a self,
        from: &'a str,
        relation: &'a str,
    ) -> impl Iterator<Item = &'a str> {
        self.links
            .iter()
            .filter(move |l| l.from == from && l.relation == relation)
            .map(|l| l.to.as_str())
    }

    /// The IRIs linking to `to` by `relation`.
    pub fn sources<'a>(&'a self, to: &'a str, relation: &'a str) -> impl Iterator<Item = &'a str> {
        self.links
            .iter()
            .filter(move |l| l.to == to && l.relation == relation)
            .map(|l| l.from.as_str())
    }

    /// Evidence items supporting `iri`.
    pub fn supporting_evidence(&self, iri: &str) -> Vec<&Evidence> {
        let supporters: Vec<&str> = self.sources(iri, "supports").collect();
        self.evidence
            .iter()
            .filter(|e| supporters.contains(&e.iri.as_str()))
            .collect()
    }

    /// The facts, notes and documented facts (not evidence items) that support `iri`.
    pub fn supporting_facts(&self, iri: &str) -> Vec<SupportingFact> {
        self.sources(iri, "supports")
            .filter(|s| !self.evidence.iter().any(|e| e.iri == *s))
            .map(|s| {
                if let Some(f) = self.facts.iter().find(|f| f.iri == s) {
                    SupportingFact {
                        id: f.id.clone(),
                        label: f.label.clone(),
                        verification: None,
                        source: f.source.clone(),
                    }
                } else if let Some(a) = self.authorities.get(s) {
                    SupportingFact {
                        id: local_id(s),
                        label: a.title.clone(),
                        verification: Some(a.verification.clone()),
                        source: a.source.clone(),
                    }
                } else {
                    SupportingFact {
                        id: local_id(s),
                        label: Text::default(),
                        verification: None,
                        source: String::new(),
                    }
                }
            })
            .collect()
    }

    /// Everything (evidence, facts, notes) that supports `iri`.
    pub fn support_count(&self, iri: &str) -> usize {
        self.sources(iri, "supports").count()
    }

    pub fn argument(&self, iri: &str) -> Option<&Argument> {
        self.arguments.iter().find(|a| a.iri == iri)
    }

    /// Defenses and rebuttals attacking `iri`.
    pub fn attackers(&self, iri: &str) -> Vec<&Argument> {
        self.sources(iri, "attacks")
            .filter_map(|a| self.argument(a))
            .collect()
    }

    /// The display id of any claim, fact or argument IRI: a claim's number ("2-6"), a note's
    /// number ("注1-8"), otherwise the IRI's last segment.
    pub fn display_id(&self, iri: &str) -> String {
        if let Some(c) = self.claims.iter().find(|c| c.iri == iri) {
            return c.id.clone();
        }
        if let Some(f) = self.facts.iter().find(|f| f.iri == iri) {
            return f.id.clone();
        }
        local_id(iri)
    }

    pub fn status(&self, iri: &str) -> Status {
        self.statuses.get(iri).cloned().unwrap_or(Status {
            status: Label::Undecided,
            reason: Text {
                zh: "未知".into(),
                en: "unknown".into(),
            },
        })
    }

    /// Grounded labelling of the claims, defenses and rebuttals (see the README, "Argument status").
    ///
    /// Arguments are the claims, defenses and rebuttals; `cg:attacks` edges between them are the
    /// attacks. A claim also needs support: one with no `cg:supports` at all cannot be accepted and
    /// is labelled undecided ("no supporting evidence"). Defenses and rebuttals are positions put
    /// forward and count as presumptively applicable, as in Carneades.
    fn compute_statuses(&self) -> HashMap<String, Status> {
        let nodes: Vec<&str> = self
            .claims
            .iter()
            .map(|c| c.iri.as_str())
            .chain(self.arguments.iter().map(|a| a.iri.as_str()))
            .collect();
        let index: HashMap<&str, usize> = nodes.iter().enumerate().map(|(i, n)| (*n, i)).collect();
        let mut framework = Framework::new(nodes.len());
        for link in self.links.iter().filter(|l| l.relation == "attacks") {
            if let (Some(&a), Some(&b)) =
                (index.get(link.from.as_str()), index.get(link.to.as_str()))
            {
                framework.attack(a, b);
            }
        }
        let labels = framework.grounded();
        let mut out = HashMap::new();
        for (i, iri) in nodes.iter().enumerate() {
            let is_claim = i < self.claims.len();
            let supporters: Vec<String> = self
                .sources(iri, "supports")
                .map(|s| self.display_id(s))
                .collect();
            let mut label = labels[i];
            let attackers = framework.attackers(i);
            let mut en = Vec::new();
            let mut zh = Vec::new();
            if is_claim && supporters.is_empty() {
                label = Label::Undecided;
                en.push("no supporting evidence recorded".to_owned());
                zh.push("未记录支持证据".to_owned());
            } else if !supporters.is_empty() {
                en.push(format!("supported by {}", supporters.join(", ")));
                zh.push(format!("支持证据：{}", supporters.join("、")));
            }
            for &a in attackers {
                let attacker = self.display_id(nodes[a]);
                let rebutters: Vec<String> = framework
                    .attackers(a)
                    .iter()
                    .filter(|&&r| labels[r] == Label::Accepted)
                    .map(|&r| self.display_id(nodes[r]))
                    .collect();
                match labels[a] {
                    Label::Rejected if !rebutters.is_empty() => {
                        en.push(format!("{attacker} rebutted by {}", rebutters.join(", ")));
                        zh.push(format!("{attacker} 已被 {} 反驳", rebutters.join("、")));
                    }
                    Label::Rejected => {
                        en.push(format!("{attacker} defeated"));
                        zh.push(format!("{attacker} 不成立"));
                    }
                    Label::Accepted => {
                        en.push(format!("attacked by {attacker}, which stands unrebutted"));
                        zh.push(format!("受到 {attacker} 的攻击，且该主张未被反驳"));
                    }
                    Label::Undecided => {
                        en.push(format!("attacked by {attacker}, which is undecided"));
                        zh.push(format!("受到 {attacker} 的攻击，其状态未定"));
                    }
                }
            }
            if attackers.is_empty() {
                en.push("no attack recorded".to_owned());
                zh.push("未记录抗辩".to_owned());
            }
            let zh_status = match label {
                Label::Accepted => "成立",
                Label::Rejected => "不成立",
                Label::Undecided => "未定",
            };
            out.insert(
                iri.to_string(),
                Status {
                    status: label,
                    reason: Text {
                        en: format!("{}: {}", label.as_str(), en.join("; ")),
                        zh: format!("{zh_status}：{}", zh.join("；")),
                    },
                },
            );
        }
        out
    }
}
