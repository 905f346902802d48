//! The case models, read from the store once and reused until a write may have changed the store.
//!
//! Building a [`Case`] runs a dozen queries (tens of milliseconds); the lawyer API and the briefs
//! need it on every request. The store only changes through writes, which only a server started
//! with `--update-token-file` or `--scratch` accepts; every such write request bumps a generation
//! counter, and a model built under an older generation is built again.

use crate::case::Case;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

#[derive(Default)]
pub struct Models {
    generation: AtomicU64,
    cache: Mutex<HashMap<String, (u64, Arc<Case>)>>,
}

impl Models {
    /// The current generation; read it *before* building a model, and hand it to [`Models::put`].
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    /// The store may have changed: every cached model is stale from now on.
    pub fn invalidate(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
    }

    /// The model of case `id`, if one was built since the last write.
    pub fn get(&self, id: &str) -> Option<Arc<Case>> {
        let generation = self.generation();
        let cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        cache
            .get(id)
            .filter(|(g, _)| *g == generation)
            .map(|(_, case)| case.clone())
    }

    /// Keeps `case`, built when the store was at `generation`.
    pub fn put(&self, id: String, generation: u64, case: Arc<Case>) {
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        cache.insert(id, (generation, case));
    }
}
