//! [`AppState`]: what handlers read. The zones and everything rendered from them form one
//! immutable [`Snapshot`]; a reload builds and validates a whole new snapshot, then swaps it in
//! atomically, so every request sees either the old data or the new, never a mix, and a bad
//! file leaves the old snapshot serving.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use arc_swap::ArcSwap;

use crate::data::ZoneIndex;
use crate::site::Site;

use super::body::{Body, Effort};
use super::error::Error;
use super::render;

/// Cached bodies beyond this total size are rendered per request instead of kept: room for
/// every zone's page and panel in both languages with the real data (about 2 MB), and a bound
/// on memory with very large data or URL-crafted variety.
const CACHE_BUDGET_BYTES: usize = 24 * 1024 * 1024;

/// One version of the data with the responses rendered from it.
#[derive(Debug)]
pub struct Snapshot {
    /// Validated, indexed zones.
    pub zones: ZoneIndex,
    /// Public URL and tile settings.
    pub site: Arc<Site>,
    cache: Mutex<Cache>,
}

#[derive(Debug, Default)]
struct Cache {
    bodies: HashMap<String, Arc<Body>>,
    bytes: usize,
}

impl Snapshot {
    /// A snapshot whose responses are rendered and compressed on a background thread as soon as
    /// it exists: the front pages and API bodies first, then every zone's page and panel. Serving
    /// starts at once; a request that comes before its body is ready renders (and caches) it.
    pub fn new(zones: ZoneIndex, site: Arc<Site>) -> Arc<Snapshot> {
        let snapshot = Arc::new(Snapshot { zones, site, cache: Mutex::new(Cache::default()) });
        let background = Arc::clone(&snapshot);
        std::thread::spawn(move || {
            let started = std::time::Instant::now();
            render::warm_front(&background);
            render::warm_zones(&background);
            let (bodies, bytes) = {
                let cache = background.lock();
                (cache.bodies.len(), cache.bytes)
            };
            release_freed_memory();
            // bench/run waits for this line before it measures.
            tracing::info!(ms = started.elapsed().as_millis() as u64, bodies, kb = bytes / 1024, "prerendered");
        });
        snapshot
    }

    /// The body cached under `key`, rendering (and caching) it the first time. `None` as key
    /// means the response is not worth keeping (free-text searches): it is rendered each time
    /// and compressed fast, since that time is the request's own.
    pub fn cached(&self, key: Option<String>, render: impl FnOnce(&Snapshot) -> Result<Body, Error>) -> Result<Arc<Body>, Error> {
        let Some(key) = key else { return render(self).map(|b| Arc::new(b.compressed(Effort::Fast))) };
        if let Some(hit) = self.lock().bodies.get(&key) {
            return Ok(Arc::clone(hit));
        }
        let body = Arc::new(render(self)?.compressed(Effort::Best));
        let mut cache = self.lock();
        if cache.bytes + body.stored_len() <= CACHE_BUDGET_BYTES {
            cache.bytes += body.stored_len();
            cache.bodies.insert(key, Arc::clone(&body));
        }
        Ok(body)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Cache> {
        // A panic while holding the lock leaves the map consistent (inserts are single calls).
        self.cache.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// Shared by every worker: the current snapshot, replaceable while requests run.
#[derive(Debug, Clone)]
pub struct AppState {
    live: Arc<ArcSwap<Snapshot>>,
}

impl AppState {
    /// State serving `zones`.
    pub fn new(zones: ZoneIndex, site: Site) -> AppState {
        AppState { live: Arc::new(ArcSwap::new(Snapshot::new(zones, Arc::new(site)))) }
    }

    /// The snapshot a request should use from start to end.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        self.live.load_full()
    }

    /// Serves `zones` from now on (same site settings); requests under way finish on the old.
    pub fn replace(&self, zones: ZoneIndex) {
        let site = Arc::clone(&self.live.load().site);
        self.live.store(Snapshot::new(zones, site));
    }
}

/// Hands the memory freed by prerendering (templates' scratch strings, compressors' windows)
/// back to the system. glibc keeps freed memory in per-thread arenas, so without this the
/// server's resident size stays at its warm-up peak, about half again what it keeps.
pub fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns unused heap pages to the kernel; it has no preconditions.
    unsafe {
        libc::malloc_trim(0);
    }
}
