//! The lawyer API under `/api`: cases, parties, claims, timeline, losses, briefs and named queries.

pub mod types;
pub mod views;

use crate::brief::{self, BriefFormat, BriefOptions};
use crate::case::Case;
use crate::error::{Error, Result};
use crate::http::App;
use crate::sparql::{exec, negotiate, protocol};
use axum::extract::{Path, Query, RawQuery, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::Arc;
use views::{ClaimDetail, ClaimSummary};

pub fn routes() -> Router<Arc<App>> {
    Router::new()
        .route("/api/cases", get(cases))
        .route("/api/cases/{case}/parties", get(parties))
        .route("/api/cases/{case}/claims", get(claims))
        .route("/api/cases/{case}/claims/{id}", get(claim))
        .route("/api/cases/{case}/timeline", get(timeline))
        .route("/api/cases/{case}/losses", get(losses))
        .route("/api/cases/{case}/briefs/{respondent}", get(brief))
        .route("/api/queries", get(list_queries))
        .route("/api/queries/{name}", get(run_query))
}

/// The model of a case: the cached one, or read off the blocking pool (it runs a dozen queries).
async fn load_case(app: &Arc<App>, id: String) -> Result<Arc<Case>> {
    if let Some(case) = app.models.get(&id) {
        return Ok(case);
    }
    let generation = app.models.generation();
    let reader = app.clone();
    let key = id.clone();
    let case = exec::run(&app.limits, move |_| Case::load(&reader.cases, &key)).await?;
    let case = Arc::new(case);
    app.models.put(id, generation, case.clone());
    Ok(case)
}

/// Refuses query-string parameters an endpoint does not take.
fn only_params(params: &HashMap<String, String>, allowed: &[&str]) -> Result<()> {
    for key in params.keys() {
        if !allowed.contains(&key.as_str()) {
            return Err(Error::BadRequest(format!(
                "unknown parameter '{key}' (this endpoint takes: {})",
                if allowed.is_empty() {
                    "none".to_owned()
                } else {
                    allowed.join(", ")
                }
            )));
        }
    }
    Ok(())
}

async fn cases(State(app): State<Arc<App>>) -> Json<Vec<crate::store::CaseInfo>> {
    Json(app.cases.cases.clone())
}

async fn parties(
    State(app): State<Arc<App>>,
    Path(case): Path<String>,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Json<Vec<crate::case::Party>>> {
    only_params(&params, &[])?;
    Ok(Json(load_case(&app, case).await?.parties.clone()))
}

/// The respondent ids of a case (parties with claims against them).
fn check_respondent(case: &Case, id: &str) -> Result<()> {
    if case.claims.iter().any(|c| c.respondent == id) {
        return Ok(());
    }
    let mut known: Vec<&str> = case.claims.iter().map(|c| c.respondent.as_str()).collect();
    known.sort();
    known.dedup();
    Err(Error::NotFound(format!(
        "unknown respondent '{id}' in case '{}' (respondents: {})",
        case.info.id,
        known.join(", ")
    )))
}

async fn claims(
    State(app): State<Arc<App>>,
    Path(case): Path<String>,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Json<Vec<ClaimSummary>>> {
    only_params(&params, &["respondent"])?;
    let case = load_case(&app, case).await?;
    if let Some(r) = params.get("respondent") {
        check_respondent(&case, r)?;
    }
    Ok(Json(
        case.claims
            .iter()
            .filter(|c| params.get("respondent").is_none_or(|r| &c.respondent == r))
            .map(|c| ClaimSummary::new(&case, c))
            .collect(),
    ))
}

async fn claim(
    State(app): State<Arc<App>>,
    Path((case, id)): Path<(String, String)>,
) -> Result<Json<ClaimDetail>> {
    let case = load_case(&app, case).await?;
    let claim = case.claim(&id).ok_or_else(|| {
        Error::NotFound(format!("unknown claim '{id}' in case '{}'", case.info.id))
    })?;
    Ok(Json(ClaimDetail::new(&case, claim)))
}

async fn timeline(
    State(app): State<Arc<App>>,
    Path(case): Path<String>,
) -> Result<Json<Vec<crate::case::Event>>> {
    Ok(Json(load_case(&app, case).await?.events.clone()))
}

#[derive(serde::Serialize)]
struct Losses {
    figures: Vec<crate::case::Amount>,
    checks: Vec<crate::validate::Check>,
}

async fn losses(State(app): State<Arc<App>>, Path(case): Path<String>) -> Result<Json<Losses>> {
    let case = load_case(&app, case).await?;
    let (reader, graph) = (app.clone(), case.info.iri.clone());
    let checks = exec::run(&app.limits, move |_| {
        crate::validate::arithmetic_checks(&reader.cases, Some(&graph))
    })
    .await?;
    Ok(Json(Losses {
        figures: case.amounts.clone(),
        checks,
    }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BriefParams {
    lang: Option<String>,
    track: Option<String>,
    format: Option<String>,
    #[serde(rename = "as-of")]
    as_of: Option<String>,
}

async fn brief(
    State(app): State<Arc<App>>,
    Path((case, respondent)): Path<(String, String)>,
    params: Result<Query<BriefParams>, axum::extract::rejection::QueryRejection>,
    headers: HeaderMap,
) -> Result<Response> {
    let Query(params) = params.map_err(|e| Error::BadRequest(format!("bad parameters: {e}")))?;
    let format = match params.format.as_deref() {
        Some(f) => BriefFormat::parse(f)?,
        None => {
            let accept = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok());
            BriefFormat::from_media(negotiate::require(accept, BriefFormat::MEDIA)?)
        }
    };
    let options = BriefOptions::parse(
        params.lang.as_deref(),
        params.track.as_deref(),
        params.as_of.as_deref(),
    )?;
    let case = load_case(&app, case).await?;
    check_respondent(&case, &respondent)?;
    let text = brief::render(&app.templates, &case, &respondent, &options, format)?;
    let mut response = text.into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static(format.content_type()),
    );
    Ok(response)
}

async fn list_queries(State(app): State<Arc<App>>) -> Json<Vec<crate::queries::NamedQuery>> {
    Json(app.cases.queries.public().cloned().collect())
}

/// `GET /api/queries/{name}?param=value`: a named query with its parameters bound as terms.
async fn run_query(
    State(app): State<Arc<App>>,
    Path(name): Path<String>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Result<Response> {
    let query = app.cases.queries.get(&name)?;
    if !query.is_public() {
        return Err(Error::NotFound(format!("unknown query '{name}'")));
    }
    let pairs = protocol::parse_pairs(raw.unwrap_or_default().as_bytes());
    let accept = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok());
    let media = negotiate::require(
        accept,
        &[
            "application/sparql-results+json",
            "text/csv",
            "application/json",
        ],
    )?;
    if let Some(case) = pairs.iter().find(|(k, _)| k == "case") {
        app.cases.case(&case.1)?;
    }
    // Bind once now so that a bad parameter is a 400 before any evaluation.
    app.cases
        .queries
        .prepare(
            &name,
            &pairs
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect::<Vec<_>>(),
            None,
        )
        .map(drop)?;
    let media_owned = media.to_owned();
    let app2 = app.clone();
    let bytes = exec::run(&app.limits, move |token| {
        let params: Vec<(&str, &str)> = pairs
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let mut prepared = app2
            .cases
            .queries
            .prepare(&name, &params, Some(token.clone()))?;
        prepared.dataset_mut().set_default_graph_as_union();
        let results = prepared
            .on_store(&app2.cases.store)
            .execute()
            .map_err(exec::evaluation_error)?;
        protocol::serialize(results, &media_owned, Some(&token))
    })
    .await?;
    Ok(protocol::body_response(media, bytes))
}
