//! Per-respondent briefs: the case model resolved into one language and one respondent's view,
//! rendered by the templates `templates/brief.{md,html}.hbs` (JSON is the same data, serialized).

use crate::api::types::Text;
use crate::api::views::legal_hooks;
use crate::argument::Label;
use crate::case::{Argument, Authority, Case, Evidence, Party, SupportingFact};
use crate::error::{Error, Result};
use crate::limitation::{self, Interruption};
use crate::templates::Templates;
use chrono::NaiveDate;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BriefFormat {
    Markdown,
    Html,
    Json,
}

impl BriefFormat {
    pub const MEDIA: &'static [&'static str] = &["text/markdown", "text/html", "application/json"];

    pub fn parse(s: &str) -> Result<Self> {
        match s {
            "md" | "markdown" => Ok(BriefFormat::Markdown),
            "html" => Ok(BriefFormat::Html),
            "json" => Ok(BriefFormat::Json),
            other => Err(Error::BadRequest(format!(
                "unknown brief format '{other}' (use md, html or json)"
            ))),
        }
    }

    pub fn from_media(media: &str) -> Self {
        match media {
            "text/html" => BriefFormat::Html,
            "application/json" => BriefFormat::Json,
            _ => BriefFormat::Markdown,
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            BriefFormat::Markdown => "text/markdown; charset=utf-8",
            BriefFormat::Html => "text/html; charset=utf-8",
            BriefFormat::Json => "application/json",
        }
    }
}

/// Language, track and reference date of a brief.
#[derive(Debug, Clone)]
pub struct BriefOptions {
    pub lang: String,
    pub track: String,
    pub as_of: NaiveDate,
}

impl BriefOptions {
    pub fn parse(lang: Option<&str>, track: Option<&str>, as_of: Option<&str>) -> Result<Self> {
        let lang = match lang.unwrap_or("zh") {
            l @ ("zh" | "en") => l.to_owned(),
            other => {
                return Err(Error::BadRequest(format!(
                    "unknown language '{other}' (use zh or en)"
                )))
            }
        };
        let track = match track.unwrap_or("civil") {
            t @ ("civil" | "criminal") => t.to_owned(),
            other => {
                return Err(Error::BadRequest(format!(
                    "unknown track '{other}' (use civil or criminal)"
                )))
            }
        };
        let as_of = match as_of {
            Some(d) => d.parse().map_err(|e| {
                Error::BadRequest(format!("as-of must be a date YYYY-MM-DD, got '{d}': {e}"))
            })?,
            None => chrono::Local::now().date_naive(),
        };
        Ok(BriefOptions { lang, track, as_of })
    }
}

#[derive(Debug, Serialize)]
pub struct LegalView {
    pub role: String,
    pub title: String,
    pub paraphrase: String,
    pub verification: String,
    /// The marker printed with the reference, e.g. "[未核实 UNVERIFIED]"; never empty for [U].
    pub marker: String,
    pub unverified: bool,
    pub url: String,
    pub source: String,
}

#[derive(Debug, Serialize)]
pub struct EvidenceView {
    pub id: String,
    pub title: String,
    pub kind: String,
    pub holder: String,
    pub channel: String,
    pub channel_url: String,
    pub at_risk: bool,
    pub destroyed: bool,
    pub preservation: String,
    pub source: String,
}

#[derive(Debug, Serialize)]
pub struct ArgumentView {
    pub id: String,
    pub by: String,
    pub statement: String,
    pub detail: String,
    pub quote: String,
    pub source: String,
    pub status: String,
    pub status_key: Label,
    pub reason: String,
    pub anticipated: bool,
    pub authority: Vec<LegalView>,
    pub rebuttals: Vec<ArgumentView>,
}

#[derive(Debug, Serialize)]
pub struct ClaimView {
    pub id: String,
    pub statement: String,
    pub detail: String,
    pub quote: String,
    pub source: String,
    pub status: String,
    pub status_key: Label,
    pub reason: String,
    pub evidence: Vec<EvidenceView>,
    pub facts: Vec<SupportView>,
    pub legal: Vec<LegalView>,
    pub defenses: Vec<ArgumentView>,
    pub incidents: Vec<LegalView>,
}

/// A fact or note that supports a claim; `marker` is set for facts of the legal graph.
#[derive(Debug, Serialize)]
pub struct SupportView {
    pub id: String,
    pub label: String,
    /// `verified` / `secondary` / `unverified` for a fact of the legal graph, empty otherwise.
    pub verification: String,
    pub marker: String,
    pub unverified: bool,
    pub source: String,
}

#[derive(Debug, Serialize)]
pub struct CategoryView {
    pub label: String,
    pub claims: Vec<ClaimView>,
}

#[derive(Debug, Serialize)]
pub struct PartyView {
    pub id: String,
    pub name: String,
    pub roles: String,
    pub description: String,
    pub code: String,
    pub representative: String,
    pub status: String,
    pub address: String,
    pub founded: String,
    pub dissolved: String,
    pub source: String,
    pub operators: Vec<PartyView>,
}

#[derive(Debug, Serialize)]
pub struct FactView {
    pub date: String,
    pub label: String,
    pub description: String,
    pub source: String,
}

#[derive(Debug, Serialize)]
pub struct FigureView {
    pub label: String,
    pub value: String,
    pub currency: String,
    pub per_unit: String,
    pub approximate: bool,
    pub source: String,
}

#[derive(Debug, Serialize)]
pub struct HolderGroup {
    pub holder: String,
    pub items: Vec<EvidenceView>,
}

#[derive(Debug, Serialize)]
pub struct LimitationView {
    pub start: String,
    pub nominal_end: String,
    pub last_day: String,
    pub rolled: bool,
    pub expired: bool,
    pub days_left: i64,
    /// Days since the last day, once it has passed (0 while the period runs).
    pub days_overdue: i64,
    pub as_of: String,
    pub interruptions: Vec<Interruption>,
}

#[derive(Debug, Serialize)]
pub struct ElementView {
    pub label: String,
    pub source: String,
    pub met_by: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct TierView {
    pub tier: String,
    pub minimum: String,
    pub currency: String,
    pub met: bool,
    pub basis: Option<LegalView>,
    pub source: String,
}

#[derive(Debug, Serialize)]
pub struct OffenceView {
    pub label: String,
    pub statute: Option<LegalView>,
    pub source: String,
    pub elements: Vec<ElementView>,
    pub loss: String,
    pub tiers: Vec<TierView>,
    /// The highest tier the stored loss reaches, if any.
    pub conclusion: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct BriefData {
    pub lang: String,
    pub track: String,
    pub l: serde_json::Value,
    pub case_id: String,
    pub case_title: String,
    pub as_of: String,
    pub respondent: PartyView,
    pub limitation: Option<LimitationView>,
    pub facts: Vec<FactView>,
    pub categories: Vec<CategoryView>,
    pub claim_count: usize,
    pub preserve: Vec<EvidenceView>,
    pub obtain: Vec<HolderGroup>,
    pub demands: Vec<FactView>,
    pub figures: Vec<FigureView>,
    pub offences: Vec<OffenceView>,
}

/// The headings and fixed phrases of the briefs, per language (`templates/brief-labels.json`).
fn labels(lang: &str) -> Result<serde_json::Value> {
    let file = crate::source::template_data("brief-labels.json")
        .ok_or_else(|| Error::Internal("templates/brief-labels.json is missing".into()))?;
    let all: serde_json::Value = serde_json::from_slice(&file.contents)
        .map_err(|e| Error::Internal(format!("templates/brief-labels.json: {e}")))?;
    all.get(lang)
        .cloned()
        .ok_or_else(|| Error::Internal(format!("no brief labels for language {lang}")))
}

struct Builder<'a> {
    case: &'a Case,
    lang: &'a str,
    l: serde_json::Value,
}

impl Builder<'_> {
    fn t(&self, text: &Text) -> String {
        text.pick(self.lang)
    }

    fn label(&self, key: &str) -> String {
        self.l[key].as_str().unwrap_or(key).to_owned()
    }

    fn status(&self, label: Label) -> String {
        self.label(&format!("status_{}", label.as_str()))
    }

    /// The printed verification marker, e.g. "[未核实 UNVERIFIED]".
    fn marker(&self, verification: &str) -> String {
        format!("[{}]", self.label(&format!("tag_{verification}")))
    }

    fn legal(&self, role: &str, a: &Authority) -> LegalView {
        LegalView {
            role: self.label(&format!("role_{role}")),
            title: self.t(&a.title),
            paraphrase: self.t(&a.paraphrase),
            verification: a.verification.clone(),
            marker: self.marker(&a.verification),
            unverified: a.unverified(),
            url: a.url.clone().unwrap_or_default(),
            source: a.source.clone(),
        }
    }

    fn support(&self, f: &SupportingFact) -> SupportView {
        SupportView {
            id: f.id.clone(),
            label: self.t(&f.label),
            verification: f.verification.clone().unwrap_or_default(),
            marker: f
                .verification
                .as_ref()
                .map(|v| self.marker(v))
                .unwrap_or_default(),
            unverified: f.verification.as_deref() == Some("unverified"),
            source: f.source.clone(),
        }
    }

    fn evidence(&self, e: &Evidence) -> EvidenceView {
        EvidenceView {
            id: e.id.clone(),
            title: self.t(&e.title),
            kind: self.t(&e.kind.label),
            holder: if e.holder_name.zh.is_empty() && e.holder_name.en.is_empty() {
                e.holder.clone().unwrap_or_default()
            } else {
                self.t(&e.holder_name)
            },
            channel: e
                .obtain_via
                .as_ref()
                .map(|c| self.t(&c.label))
                .unwrap_or_default(),
            channel_url: e
                .obtain_via
                .as_ref()
                .and_then(|c| c.url.clone())
                .unwrap_or_default(),
            at_risk: e.at_risk,
            destroyed: e.destroyed,
            preservation: self.t(&e.preservation),
            source: e.source.clone(),
        }
    }

    fn argument(&self, a: &Argument, depth: usize) -> ArgumentView {
        let status = self.case.status(&a.iri);
        let by = self
            .case
            .party(&a.by)
            .map(|p| self.t(&p.name))
            .unwrap_or_else(|| a.by.clone());
        ArgumentView {
            id: a.id.clone(),
            by,
            statement: self.t(&a.statement),
            detail: self.t(&a.detail),
            quote: a.quote.clone(),
            source: a.source.clone(),
            status: self.status(status.status),
            status_key: status.status,
            reason: self.t(&status.reason),
            anticipated: a.anticipated,
            authority: legal_hooks(self.case, &a.iri)
                .iter()
                .map(|h| self.legal(&h.role, &h.authority))
                .collect(),
            rebuttals: if depth < 3 {
                self.case
                    .attackers(&a.iri)
                    .into_iter()
                    .map(|r| self.argument(r, depth + 1))
                    .collect()
            } else {
                Vec::new()
            },
        }
    }

    fn party(&self, p: &Party) -> PartyView {
        PartyView {
            id: p.id.clone(),
            name: self.t(&p.name),
            roles: if p.role_labels.zh.is_empty() && p.role_labels.en.is_empty() {
                p.roles.join(", ")
            } else {
                self.t(&p.role_labels)
            },
            description: self.t(&p.description),
            code: p.unified_social_credit_code.clone().unwrap_or_default(),
            representative: p.legal_representative.clone().unwrap_or_default(),
            status: p.registration_status.clone().unwrap_or_default(),
            address: p.registered_address.clone().unwrap_or_default(),
            founded: p.founded.clone().unwrap_or_default(),
            dissolved: p.dissolved.clone().unwrap_or_default(),
            source: p.source.clone(),
            operators: p
                .suspected_operators
                .iter()
                .filter_map(|id| self.case.party(id))
                .map(|o| self.party(o))
                .collect(),
        }
    }
}

/// Builds the brief's data for `respondent`.
pub fn build(case: &Case, respondent: &str, options: &BriefOptions) -> Result<BriefData> {
    let lang = options.lang.as_str();
    let b = Builder {
        case,
        lang,
        l: labels(lang)?,
    };
    let party = case
        .party(respondent)
        .ok_or_else(|| Error::NotFound(format!("unknown respondent '{respondent}'")))?;
    let claims: Vec<_> = case
        .claims
        .iter()
        .filter(|c| c.respondent == respondent)
        .collect();

    // Claims grouped by category, in the order the categories first appear.
    let mut categories: Vec<CategoryView> = Vec::new();
    let mut related_evidence: Vec<&Evidence> = Vec::new();
    for claim in &claims {
        let status = case.status(&claim.iri);
        let evidence = case.supporting_evidence(&claim.iri);
        for e in &evidence {
            if !related_evidence.iter().any(|r| r.iri == e.iri) {
                related_evidence.push(e);
            }
        }
        let view = ClaimView {
            id: claim.id.clone(),
            statement: b.t(&claim.statement),
            detail: b.t(&claim.detail),
            quote: claim.quote.clone(),
            source: claim.source.clone(),
            status: b.status(status.status),
            status_key: status.status,
            reason: b.t(&status.reason),
            evidence: evidence.iter().map(|e| b.evidence(e)).collect(),
            facts: case
                .supporting_facts(&claim.iri)
                .iter()
                .map(|f| b.support(f))
                .collect(),
            legal: legal_hooks(case, &claim.iri)
                .iter()
                .map(|h| b.legal(&h.role, &h.authority))
                .collect(),
            defenses: case
                .attackers(&claim.iri)
                .into_iter()
                .map(|d| b.argument(d, 0))
                .collect(),
            incidents: crate::api::views::incidents_for(case, &claim.iri)
                .iter()
                .map(|a| b.legal("incident", a))
                .collect(),
        };
        let label = b.t(&claim.category.label);
        match categories.iter_mut().find(|c| c.label == label) {
            Some(c) => c.claims.push(view),
            None => categories.push(CategoryView {
                label,
                claims: vec![view],
            }),
        }
    }
    // Evidence this respondent holds counts as related too (what to request from it).
    for e in &case.evidence {
        if e.holder.as_deref() == Some(respondent)
            && !related_evidence.iter().any(|r| r.iri == e.iri)
        {
            related_evidence.push(e);
        }
    }
    let claimant = case
        .parties
        .iter()
        .find(|p| p.roles.iter().any(|r| r == "ClaimantRole"))
        .map(|p| p.id.clone());

    let preserve = related_evidence
        .iter()
        .filter(|e| e.at_risk || e.destroyed)
        .map(|e| b.evidence(e))
        .collect();
    let mut obtain: Vec<HolderGroup> = Vec::new();
    for e in related_evidence
        .iter()
        .filter(|e| e.holder.is_some() && e.holder != claimant)
    {
        let view = b.evidence(e);
        match obtain.iter_mut().find(|g| g.holder == view.holder) {
            Some(g) => g.items.push(view),
            None => obtain.push(HolderGroup {
                holder: view.holder.clone(),
                items: vec![view],
            }),
        }
    }

    // `case.events` is already in date order (`order::chronological`).
    let events: Vec<_> = case
        .events
        .iter()
        .filter(|e| e.involves.is_empty() || e.involves.iter().any(|p| p == respondent))
        .collect();
    let facts = events
        .iter()
        .map(|e| {
            let note = b.t(&e.date_note);
            let mut date = e.start.clone().unwrap_or_default();
            if let Some(end) = &e.end {
                date = format!("{date} – {end}");
            }
            if e.approximate {
                date = format!("{} {date}", b.label("about"));
            }
            if date.is_empty() {
                date = note;
            }
            FactView {
                date,
                label: b.t(&e.label),
                description: b.t(&e.description),
                source: e.source.clone(),
            }
        })
        .collect();

    let limitation = if options.track == "civil" {
        limitation_for(case, respondent, options.as_of)
    } else {
        None
    };

    Ok(BriefData {
        lang: lang.to_owned(),
        track: options.track.clone(),
        case_id: case.info.id.clone(),
        case_title: b.t(&case.info.title),
        as_of: options.as_of.to_string(),
        respondent: b.party(party),
        limitation,
        facts,
        claim_count: claims.len(),
        categories,
        preserve,
        obtain,
        demands: case
            .demands
            .iter()
            .map(|d| FactView {
                date: String::new(),
                label: b.t(&d.label),
                description: b.t(&d.description),
                source: d.source.clone(),
            })
            .collect(),
        figures: case
            .amounts
            .iter()
            .map(|a| FigureView {
                label: b.t(&a.label),
                value: a.value.clone(),
                currency: a.currency.clone(),
                per_unit: a.per_unit.clone().unwrap_or_default(),
                approximate: a.approximate,
                source: a.source.clone(),
            })
            .collect(),
        offences: offences(&b, respondent),
        l: b.l,
    })
}

/// The offences alleged against `respondent`, each element with what meets it, and the seriousness
/// tiers of its statute compared with the stored loss.
fn offences(b: &Builder<'_>, respondent: &str) -> Vec<OffenceView> {
    let case = b.case;
    let describe = |iri: &str| -> String {
        if let Some(c) = case.claims.iter().find(|c| c.iri == iri) {
            return format!("{} {}", c.id, b.t(&c.statement));
        }
        if let Some(e) = case.evidence.iter().find(|e| e.iri == iri) {
            return format!("`{}` {}", e.id, b.t(&e.title));
        }
        if let Some(f) = case.facts.iter().find(|f| f.iri == iri) {
            return format!("`{}` {}", f.id, b.t(&f.label));
        }
        if let Some(a) = case.authorities.get(iri) {
            let l = b.legal("legalBasis", a);
            return format!("{} {}", l.title, l.marker);
        }
        if let Some(a) = case.amounts.iter().find(|a| a.iri == iri) {
            return format!("`{}` {}: {} {}", a.id, b.t(&a.label), a.value, a.currency);
        }
        crate::case::local_id(iri)
    };
    case.offences
        .iter()
        .filter(|o| o.respondent == respondent)
        .map(|o| {
            let tiers: Vec<_> = case
                .tiers
                .iter()
                .filter(|t| Some(&t.applies_to) == o.statute.as_ref())
                .collect();
            let authority = |iri: &str| case.authorities.get(iri).map(|a| b.legal("legalBasis", a));
            OffenceView {
                label: b.t(&o.label),
                statute: o.statute.as_deref().and_then(authority),
                source: o.source.clone(),
                elements: o
                    .elements
                    .iter()
                    .map(|e| ElementView {
                        label: b.t(&e.label),
                        source: e.source.clone(),
                        met_by: e.met_by.iter().map(|m| describe(m)).collect(),
                    })
                    .collect(),
                loss: tiers
                    .first()
                    .map(|t| format!("{} {}", t.loss, t.loss_currency))
                    .unwrap_or_default(),
                // Tiers come ordered by minimum: the last one met is the highest reached.
                conclusion: tiers.iter().rev().find(|t| t.met).map(|t| b.t(&t.tier)),
                tiers: tiers
                    .iter()
                    .map(|t| TierView {
                        tier: b.t(&t.tier),
                        minimum: t.minimum.clone(),
                        currency: t.currency.clone(),
                        met: t.met,
                        basis: t.basis.as_deref().and_then(authority),
                        source: t.source.clone(),
                    })
                    .collect(),
            }
        })
        .collect()
}

/// The limitation view of a respondent: from the case's knowledge event, with its interruptions.
fn limitation_for(case: &Case, respondent: &str, as_of: NaiveDate) -> Option<LimitationView> {
    let knew = case.knowledge_date?;
    let l = limitation::compute(respondent, knew, &case.interruptions, &case.holidays, as_of);
    Some(LimitationView {
        start: l.start.to_string(),
        nominal_end: l.nominal_end.to_string(),
        last_day: l.last_day.to_string(),
        rolled: l.rolled_from.is_some(),
        expired: l.expired,
        days_left: l.days_left,
        days_overdue: (-l.days_left).max(0),
        as_of: l.as_of.to_string(),
        interruptions: l.interruptions_applied,
    })
}

/// Renders the brief of `respondent` in `format`.
pub fn render(
    templates: &Templates,
    case: &Case,
    respondent: &str,
    options: &BriefOptions,
    format: BriefFormat,
) -> Result<String> {
    let data = build(case, respondent, options)?;
    let name = if options.track == "criminal" {
        "criminal"
    } else {
        "brief"
    };
    match format {
        BriefFormat::Json => serde_json::to_string_pretty(&data)
            .map_err(|e| Error::Internal(format!("brief JSON: {e}"))),
        BriefFormat::Markdown => templates.render(&format!("{name}.md"), &data),
        BriefFormat::Html => templates.render(&format!("{name}.html"), &data),
    }
}
