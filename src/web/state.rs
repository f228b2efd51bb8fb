//! [`AppState`]: what handlers read. The zones and everything rendered from them form one
//! immutable [`Snapshot`]; a reload builds and validates a whole new snapshot, then swaps it in
//! atomically, so every request sees either the old data or the new, never a mix, and a bad
//! file leaves the old snapshot serving.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use arc_swap::ArcSwap;

use crate::data::ZoneIndex;
use crate::resource::{self, Form, Resource};
use crate::site::Site;

use super::body::{Body, BodyWriter, Effort};
use super::error::Error;

/// Cached bodies beyond this total size are rendered per request instead of kept: room for
/// every zone's page and panel in both languages with the real data (about 2 MB), and a bound
/// on memory with very large data or URL-crafted variety.
const CACHE_BUDGET_BYTES: usize = 24 * 1024 * 1024;

/// Pages and data change when the data file does: short enough for an edit to show within a
/// minute, long enough for a CDN in front to absorb a spike.
const SHORT_CACHE: &str = "public, max-age=60";

/// A reloaded snapshot waits this long before warming up: edits come in bursts, and a warm-up
/// started for a version that is replaced a moment later only takes CPU from the requests.
/// Until then (and for what the warm-up has not reached) bodies are rendered on demand.
const RELOAD_WARM_DELAY: std::time::Duration = std::time::Duration::from_secs(2);

/// One version of the data with the responses rendered from it.
#[derive(Debug)]
pub struct Snapshot {
    /// Validated, indexed zones.
    pub zones: ZoneIndex,
    /// Public URL and tile settings.
    pub site: Arc<Site>,
    /// How far rendering the catalog ahead of requests has got.
    pub warmup: Warmup,
    cache: Mutex<Cache>,
}

#[derive(Debug, Default)]
struct Cache {
    bodies: HashMap<String, Arc<Body>>,
    bytes: usize,
}

/// Progress of a snapshot's warm-up, readable while it runs; cancelled when the snapshot is
/// replaced, so that old data stops costing CPU the moment new data is served.
#[derive(Debug, Default)]
pub struct Warmup {
    total: AtomicUsize,
    done: AtomicUsize,
    cancelled: AtomicBool,
    finished: AtomicBool,
}

impl Warmup {
    /// Resources rendered so far, and how many the warm-up set out to render.
    pub fn progress(&self) -> (usize, usize) {
        (self.done.load(Ordering::Relaxed), self.total.load(Ordering::Relaxed))
    }

    /// Whether it has stopped, having rendered everything or been cancelled.
    pub fn is_finished(&self) -> bool {
        self.finished.load(Ordering::Acquire)
    }

    /// Whether it was cancelled.
    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed)
    }

    /// Stops it after the resource in hand.
    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::Relaxed);
    }
}

impl Snapshot {
    /// A snapshot that renders on demand; [`Snapshot::start_warmup`] renders ahead.
    pub fn new(zones: ZoneIndex, site: Arc<Site>) -> Arc<Snapshot> {
        Arc::new(Snapshot { zones, site, warmup: Warmup::default(), cache: Mutex::new(Cache::default()) })
    }

    /// Renders and compresses [`resource::warm_list`] on two background threads, front pages
    /// first, stopping early when cancelled. Serving goes on meanwhile: a request that comes
    /// before its body is ready renders (and caches) it.
    pub fn start_warmup(self: &Arc<Self>) {
        self.start_warmup_after(std::time::Duration::ZERO);
    }

    /// The same after `delay`, unless cancelled meanwhile.
    fn start_warmup_after(self: &Arc<Self>, delay: std::time::Duration) {
        let snapshot = Arc::clone(self);
        std::thread::spawn(move || {
            let waiting = std::time::Instant::now();
            while waiting.elapsed() < delay {
                if snapshot.warmup.is_cancelled() {
                    snapshot.warmup.finished.store(true, Ordering::Release);
                    return;
                }
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            let started = std::time::Instant::now();
            let list = resource::warm_list(&snapshot.zones);
            snapshot.warmup.total.store(list.len(), Ordering::Relaxed);
            // Compression dominates and the bodies are independent: two threads, interleaved so
            // that both start with the front pages.
            std::thread::scope(|scope| {
                for part in 0..2 {
                    let (snapshot, list) = (&snapshot, &list);
                    scope.spawn(move || {
                        for r in list.iter().skip(part).step_by(2) {
                            if snapshot.warmup.is_cancelled() {
                                return;
                            }
                            if let Err(e) = snapshot.serve(r) {
                                tracing::error!(error = ?e, resource = ?r, "prerendering failed");
                            }
                            snapshot.warmup.done.fetch_add(1, Ordering::Relaxed);
                        }
                    });
                }
            });
            snapshot.warmup.finished.store(true, Ordering::Release);
            let (bodies, bytes) = {
                let cache = snapshot.lock();
                (cache.bodies.len(), cache.bytes)
            };
            release_freed_memory();
            let cancelled = snapshot.warmup.is_cancelled();
            // bench/run waits for this line before it measures.
            tracing::info!(ms = started.elapsed().as_millis() as u64, bodies, kb = bytes / 1024, cancelled, "prerendered");
        });
    }

    /// The body of `resource`, rendered (and cached, unless its key says not to) the first time.
    /// `None` as key means the response is not worth keeping (free-text searches): it is
    /// rendered each time and compressed fast, since that time is the request's own.
    pub fn serve(&self, resource: &Resource) -> Result<Arc<Body>, Error> {
        let key = resource.key();
        let effort = if key.is_some() { Effort::Best } else { Effort::Fast };
        self.cached(key, || {
            // Compressed as it is written: a large API body is never held whole.
            let mut out = BodyWriter::new(effort);
            let Form { media_type, compressible } = resource.write_to(&self.zones, &self.site, &mut out)?;
            let cache_control = if compressible { SHORT_CACHE } else { PICTURE_CACHE };
            Ok(out.finish(media_type, cache_control, compressible))
        })
    }

    /// The body cached under `key`, rendering (and caching) it the first time; rendered each
    /// time when `key` is `None`.
    fn cached(&self, key: Option<String>, render: impl FnOnce() -> Result<Body, Error>) -> Result<Arc<Body>, Error> {
        let Some(key) = key else { return render().map(Arc::new) };
        if let Some(hit) = self.lock().bodies.get(&key) {
            return Ok(Arc::clone(hit));
        }
        let body = Arc::new(render()?);
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

/// Link previews (the bodies not worth compressing: PNG) are fetched by every previewer that
/// unfurls a link and change only with the data: an hour's freshness spares the server most of
/// them (an edit shows within the hour).
const PICTURE_CACHE: &str = "public, max-age=3600";

/// Shared by every worker: the current snapshot, replaceable while requests run.
#[derive(Debug, Clone)]
pub struct AppState {
    live: Arc<ArcSwap<Snapshot>>,
    /// Whether each new snapshot warms up (what `serve` wants; tests mostly do not).
    warming: Arc<AtomicBool>,
}

impl AppState {
    /// State serving `zones`, rendering on demand.
    pub fn new(zones: ZoneIndex, site: Site) -> AppState {
        AppState { live: Arc::new(ArcSwap::new(Snapshot::new(zones, Arc::new(site)))), warming: Arc::new(AtomicBool::new(false)) }
    }

    /// Warms the current snapshot up, and every one that replaces it.
    pub fn start_warming(&self) {
        self.warming.store(true, Ordering::Relaxed);
        self.snapshot().start_warmup();
    }

    /// The snapshot a request should use from start to end.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        self.live.load_full()
    }

    /// Serves `zones` from now on (same site settings); requests under way finish on the old,
    /// whose warm-up stops. The new one warms up once it has served for `RELOAD_WARM_DELAY`.
    pub fn replace(&self, zones: ZoneIndex) {
        let site = Arc::clone(&self.live.load().site);
        let next = Snapshot::new(zones, site);
        let old = self.live.swap(Arc::clone(&next));
        old.warmup.cancel();
        if self.warming.load(Ordering::Relaxed) {
            next.start_warmup_after(RELOAD_WARM_DELAY);
        }
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
