//! JSON views of the case model: what `/api/cases/{case}/…` returns (documented in the README).

use super::types::Text;
use crate::argument::Label;
use crate::case::{Argument, Authority, Case, Category, Claim, Evidence, SupportingFact};
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct ClaimSummary {
    pub id: String,
    pub respondent: String,
    pub category: Category,
    pub statement: Text,
    pub source: String,
    pub status: Label,
    pub reason: Text,
    pub supporting_evidence: usize,
    pub attacks: usize,
}

impl ClaimSummary {
    pub fn new(case: &Case, claim: &Claim) -> Self {
        let status = case.status(&claim.iri);
        ClaimSummary {
            id: claim.id.clone(),
            respondent: claim.respondent.clone(),
            category: claim.category.clone(),
            statement: claim.statement.clone(),
            source: claim.source.clone(),
            status: status.status,
            reason: status.reason,
            supporting_evidence: case.support_count(&claim.iri),
            attacks: case.attackers(&claim.iri).len(),
        }
    }
}

/// A link from an argument to an authority, with its role.
#[derive(Debug, Serialize, Clone)]
pub struct LegalHook {
    pub role: String,
    #[serde(flatten)]
    pub authority: Authority,
}

/// Authorities linked from `iri` by any of the legal relations.
pub fn legal_hooks(case: &Case, iri: &str) -> Vec<LegalHook> {
    let mut hooks = Vec::new();
    for role in [
        "legalBasis",
        "procedureRule",
        "counterAuthority",
        "authority",
    ] {
        for target in case.targets(iri, role) {
            if let Some(a) = case.authorities.get(target) {
                hooks.push(LegalHook {
                    role: role.to_owned(),
                    authority: a.clone(),
                });
            }
        }
    }
    hooks
}

#[derive(Debug, Serialize)]
pub struct ArgumentView {
    #[serde(flatten)]
    pub argument: Argument,
    pub status: Label,
    pub reason: Text,
    pub authority: Vec<LegalHook>,
    pub supporting_evidence: Vec<String>,
    pub rebuttals: Vec<ArgumentView>,
}

impl ArgumentView {
    pub fn new(case: &Case, argument: &Argument, depth: usize) -> Self {
        let status = case.status(&argument.iri);
        let rebuttals = if depth < 3 {
            case.attackers(&argument.iri)
                .into_iter()
                .map(|r| ArgumentView::new(case, r, depth + 1))
                .collect()
        } else {
            Vec::new()
        };
        ArgumentView {
            argument: argument.clone(),
            status: status.status,
            reason: status.reason,
            authority: legal_hooks(case, &argument.iri),
            supporting_evidence: case
                .sources(&argument.iri, "supports")
                .map(crate::case::local_id)
                .collect(),
            rebuttals,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct ClaimDetail {
    #[serde(flatten)]
    pub summary: ClaimSummary,
    pub detail: Text,
    pub quote: String,
    pub evidence: Vec<Evidence>,
    /// Supports that are facts or notes rather than evidence items.
    pub supporting_facts: Vec<SupportingFact>,
    pub legal_basis: Vec<LegalHook>,
    pub defenses: Vec<ArgumentView>,
    pub comparable_incidents: Vec<Authority>,
}

impl ClaimDetail {
    pub fn new(case: &Case, claim: &Claim) -> Self {
        let evidence: Vec<Evidence> = case
            .supporting_evidence(&claim.iri)
            .into_iter()
            .cloned()
            .collect();
        let supporting_facts = case.supporting_facts(&claim.iri);
        ClaimDetail {
            summary: ClaimSummary::new(case, claim),
            detail: claim.detail.clone(),
            quote: claim.quote.clone(),
            evidence,
            supporting_facts,
            legal_basis: legal_hooks(case, &claim.iri),
            defenses: case
                .attackers(&claim.iri)
                .into_iter()
                .map(|d| ArgumentView::new(case, d, 0))
                .collect(),
            comparable_incidents: incidents_for(case, &claim.iri),
        }
    }
}

/// Comparable incidents that bear on `iri`.
pub fn incidents_for(case: &Case, iri: &str) -> Vec<Authority> {
    case.sources(iri, "bearsOn")
        .filter_map(|i| case.authorities.get(i).cloned())
        .collect()
}
