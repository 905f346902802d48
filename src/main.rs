//! The `casegraph` command: serve, query, validate (and brief, see `casegraph --help`).

use casegraph::brief::{self, BriefFormat, BriefOptions};
use casegraph::http::{self, Config, WritePolicy};
use casegraph::sparql::{eval, protocol};
use casegraph::store::CaseStore;
use casegraph::validate;
use casegraph::{Error, Result};
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

#[derive(Parser)]
#[command(
    name = "casegraph",
    version,
    about = "A liability dispute as a knowledge graph"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Load, validate and serve the cases over HTTP (SPARQL at /sparql, lawyer API at /api).
    Serve {
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:7878")]
        bind: String,
        /// A data directory of TriG files (default: the built-in case).
        #[arg(long)]
        data: Option<PathBuf>,
        /// Per-query deadline in seconds.
        #[arg(long, default_value_t = 10)]
        query_timeout: u64,
        /// Queries evaluated at once; more wait briefly, then get 503.
        #[arg(long, default_value_t = 4)]
        max_concurrent_queries: usize,
        /// Enable writes (SPARQL Update, Graph Store Protocol) for holders of the token in FILE.
        #[arg(long, value_name = "FILE")]
        update_token_file: Option<PathBuf>,
        /// Start an EMPTY in-memory store that accepts writes without a token (loopback only).
        #[arg(long)]
        scratch: bool,
    },
    /// Run a SPARQL query against the loaded cases and print the results.
    Query {
        /// The SPARQL query text.
        query: String,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        #[arg(long)]
        data: Option<PathBuf>,
    },
    /// Validate the data (SHACL shapes and the source's stated arithmetic) and print the report.
    Validate {
        #[arg(long)]
        data: Option<PathBuf>,
    },
    /// Write a respondent's brief to stdout.
    Brief {
        /// Respondent id (e.g. antbot, binance, hacker).
        #[arg(long)]
        respondent: String,
        /// Case id (default: the only case, or the first one).
        #[arg(long)]
        case: Option<String>,
        #[arg(long, default_value = "zh")]
        lang: String,
        /// md, html or json.
        #[arg(long, default_value = "md")]
        format: String,
        /// civil or criminal.
        #[arg(long, default_value = "civil")]
        track: String,
        /// The reference date for limitation (default: today).
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<String>,
        #[arg(long)]
        data: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Table,
    Json,
    Xml,
    Csv,
    Tsv,
    Turtle,
    Ntriples,
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "casegraph=info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    match run(Cli::parse()) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Serve {
            bind,
            data,
            query_timeout,
            max_concurrent_queries,
            update_token_file,
            scratch,
        } => {
            let started = Instant::now();
            let writes = match (&update_token_file, scratch) {
                (Some(_), true) => {
                    return Err(Error::BadRequest(
                        "--scratch and --update-token-file exclude each other".into(),
                    ))
                }
                (Some(file), false) => {
                    let token = std::fs::read_to_string(file).map_err(|e| {
                        Error::BadRequest(format!("cannot read {}: {e}", file.display()))
                    })?;
                    let token = token.trim().to_owned();
                    if token.len() < 16 {
                        return Err(Error::BadRequest(format!(
                            "the token in {} is shorter than 16 characters",
                            file.display()
                        )));
                    }
                    WritePolicy::Token(token)
                }
                (None, true) => WritePolicy::Open,
                (None, false) => WritePolicy::ReadOnly,
            };
            let cases = if scratch {
                let ip: std::net::SocketAddr = bind
                    .parse()
                    .map_err(|e| Error::BadRequest(format!("--bind {bind}: {e}")))?;
                if !ip.ip().is_loopback() {
                    return Err(Error::BadRequest(format!(
                        "--scratch accepts writes without a token and binds to loopback only; \
                         {bind} is not a loopback address"
                    )));
                }
                eprintln!(
                    "WARNING: --scratch: an EMPTY in-memory store that ACCEPTS WRITES WITHOUT A \
                     TOKEN, on loopback only. Nothing is kept after exit. Not the case data."
                );
                CaseStore::scratch()?
            } else {
                let (cases, report) = validate::open_validated(data.as_deref())?;
                eprintln!(
                    "loaded {} triples in {} case(s); {} SHACL violations; {}/{} stated sums hold; \
                     {}/{} quotations verbatim",
                    cases.triple_count(),
                    cases.cases.len(),
                    report.violations.len(),
                    report.checks.iter().filter(|c| c.holds).count(),
                    report.checks.len(),
                    report.quotes.iter().filter(|q| q.verbatim == Some(true)).count(),
                    report.quotes.len()
                );
                cases
            };
            if let WritePolicy::Token(_) = writes {
                eprintln!(
                    "writes enabled with a bearer token; they change the in-memory store only and \
                     are lost at restart (the files in data/ are never changed)"
                );
            }
            let config = Config {
                query_deadline: Duration::from_secs(query_timeout),
                max_concurrent_queries,
                writes,
                ..Config::default()
            };
            let app = http::App::new(cases, &config)?;
            eprintln!("ready in {} ms", started.elapsed().as_millis());
            tokio::runtime::Runtime::new()?.block_on(http::serve(app, &config, &bind))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Query {
            query,
            format,
            data,
        } => {
            let cases = CaseStore::load(data.as_deref())?;
            let mut prepared = eval::evaluator(None)
                .parse_query(&query)
                .map_err(|e| Error::BadRequest(format!("SPARQL syntax error: {e}")))?;
            if prepared.dataset().is_default_dataset() {
                prepared.dataset_mut().set_default_graph_as_union();
            }
            let results = prepared
                .on_store(&cases.store)
                .execute()
                .map_err(casegraph::sparql::exec::evaluation_error)?;
            let media = match format {
                Format::Table | Format::Tsv => "text/tab-separated-values",
                Format::Json => "application/sparql-results+json",
                Format::Xml => "application/sparql-results+xml",
                Format::Csv => "text/csv",
                Format::Turtle => "text/turtle",
                Format::Ntriples => "application/n-triples",
            };
            let media = match (&results, format) {
                (oxigraph::sparql::QueryResults::Graph(_), Format::Table) => "text/turtle",
                _ => media,
            };
            let bytes = protocol::serialize(results, media, None)?;
            emit(&String::from_utf8_lossy(&bytes));
            Ok(ExitCode::SUCCESS)
        }
        Command::Brief {
            respondent,
            case,
            lang,
            format,
            track,
            as_of,
            data,
        } => {
            let cases = CaseStore::load(data.as_deref())?;
            let case_id = match case {
                Some(c) => c,
                None => cases
                    .cases
                    .first()
                    .map(|c| c.id.clone())
                    .ok_or_else(|| Error::NotFound("no case is loaded".into()))?,
            };
            let case = casegraph::case::Case::load(&cases, &case_id)?;
            if !case.claims.iter().any(|c| c.respondent == respondent) {
                return Err(Error::NotFound(format!(
                    "unknown respondent '{respondent}' in case '{case_id}'"
                )));
            }
            let options = BriefOptions::parse(Some(&lang), Some(&track), as_of.as_deref())?;
            let templates = casegraph::templates::Templates::load()?;
            let text = brief::render(
                &templates,
                &case,
                &respondent,
                &options,
                BriefFormat::parse(&format)?,
            )?;
            emit(&format!("{text}\n"));
            Ok(ExitCode::SUCCESS)
        }
        Command::Validate { data } => {
            let cases = CaseStore::load(data.as_deref())?;
            let report = validate::validate(&cases)?;
            let mut text = report.render();
            text.push_str(&format!(
                "total: {} triples, {} case(s): {}\n",
                cases.triple_count(),
                cases.cases.len(),
                cases
                    .cases
                    .iter()
                    .map(|c| c.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
            text.push_str(if report.ok() { "valid\n" } else { "INVALID\n" });
            emit(&text);
            Ok(if report.ok() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
    }
}

/// Writes a command's output to stdout; a reader that stops early (`| head`) ends it quietly.
fn emit(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("error: cannot write the output: {e}");
        }
    }
}
