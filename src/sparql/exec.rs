//! Running one SPARQL operation with bounded work: a concurrency limit, a deadline enforced with
//! oxigraph's cancellation token, cancellation when the client goes away, and evaluation on the
//! blocking pool so the async runtime never stalls.

use crate::error::{Error, Result};
use oxigraph::sparql::CancellationToken;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;

/// Limits shared by every query of the server.
#[derive(Clone)]
pub struct Limits {
    pub deadline: Duration,
    pub permits: Arc<Semaphore>,
    /// How long a request may wait for a free evaluation slot before a 503.
    pub queue_wait: Duration,
}

impl Limits {
    pub fn new(deadline: Duration, max_concurrent: usize) -> Self {
        Limits {
            deadline,
            permits: Arc::new(Semaphore::new(max_concurrent)),
            queue_wait: Duration::from_secs(2),
        }
    }
}

/// Cancels the token when dropped: if the client disconnects, axum drops the handler's future and
/// with it this guard, so the evaluation stops at its next check.
struct CancelOnDrop(CancellationToken);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.cancel();
    }
}

/// Runs `work` (given a fresh cancellation token) on the blocking pool within the limits.
pub async fn run<T, F>(limits: &Limits, work: F) -> Result<T>
where
    T: Send + 'static,
    F: FnOnce(CancellationToken) -> Result<T> + Send + 'static,
{
    let permit = tokio::time::timeout(limits.queue_wait, limits.permits.clone().acquire_owned())
        .await
        .map_err(|_| {
            Error::Unavailable(format!(
                "too many queries are running; none finished within {} ms — retry later",
                limits.queue_wait.as_millis()
            ))
        })?
        .map_err(|_| Error::Internal("query semaphore closed".into()))?;
    let token = CancellationToken::new();
    let _guard = CancelOnDrop(token.clone());
    // The permit moves into the task: a slot is free again only when the evaluation has really
    // stopped, not merely when we stopped waiting for it.
    let task = tokio::task::spawn_blocking({
        let token = token.clone();
        move || {
            let _permit = permit;
            work(token)
        }
    });
    match tokio::time::timeout(limits.deadline, task).await {
        Ok(joined) => joined.map_err(|e| Error::Internal(format!("query task failed: {e}")))?,
        Err(_) => {
            // Cancellation is cooperative: we stop waiting now and the task stops at its next check.
            token.cancel();
            Err(Error::Unavailable(format!(
                "the query ran past the {} ms deadline and was cancelled",
                limits.deadline.as_millis()
            )))
        }
    }
}

/// Maps an evaluation error: a cancelled run is a 503, a refused SERVICE a 400, the rest a 500.
pub fn evaluation_error(e: oxigraph::sparql::QueryEvaluationError) -> Error {
    use oxigraph::sparql::QueryEvaluationError as E;
    match e {
        E::Cancelled => {
            Error::Unavailable("the query was cancelled (deadline or disconnect)".into())
        }
        E::Service(e) => Error::BadRequest(e.to_string()),
        E::UnsupportedService(_) | E::InvalidServiceName(_) | E::UnboundService => {
            Error::BadRequest(format!("SERVICE is disabled on this endpoint: {e}"))
        }
        other => Error::Internal(format!("query evaluation failed: {other}")),
    }
}
