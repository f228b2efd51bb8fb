//! Live data reload: when the data file changes (a file watch) or the process gets SIGHUP, the
//! file is validated in full and, only if it is good, swapped in. A bad edit is logged with the
//! same report as `zonemap check` and the last good data keeps being served.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use notify::event::{EventKind, ModifyKind};
use notify::{RecursiveMode, Watcher};

use crate::data::{self, ZoneIndex};
use crate::web::AppState;

/// Editors save in bursts (truncate, write, rename); wait for the burst to end before reading.
const SETTLE: Duration = Duration::from_millis(150);

/// Loads `path` and, if valid, serves it from now on. Returns whether it was swapped in.
pub fn reload(state: &AppState, path: &Path) -> bool {
    match data::load_file(path) {
        Ok(dataset) => {
            let zones = dataset.zones.len();
            state.replace(ZoneIndex::from(dataset));
            tracing::info!(file = %path.display(), zones, "data reloaded");
            true
        }
        Err(errors) => {
            for e in &errors.0 {
                tracing::warn!("{e}");
            }
            tracing::warn!(file = %path.display(), problems = errors.0.len(), "data file refused; still serving the last good data");
            // A refused file's text and parse tree are freed by now: hand the pages back, so
            // a large bad file does not keep the server at its peak until the next good one.
            crate::web::release_freed_memory();
            false
        }
    }
}

/// Watches the folder of `path` (so that a save by rename is seen too) and reloads on every
/// settled change to the file. The watcher stops when the returned value is dropped.
pub fn watch(state: AppState, path: PathBuf) -> notify::Result<notify::RecommendedWatcher> {
    let (tx, rx) = mpsc::channel::<()>();
    let name = path.file_name().map(|n| n.to_owned());
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        // Only content changes: our own reads raise access events, which must not loop. A
        // deletion counts too: the reload it triggers is refused ("cannot read the file"), which
        // says in the log, at once, that the last good data is what is served.
        let ours = event.is_ok_and(|e| {
            let changed = matches!(
                e.kind,
                EventKind::Create(_) | EventKind::Remove(_) | EventKind::Modify(ModifyKind::Data(_) | ModifyKind::Name(_) | ModifyKind::Any)
            );
            changed && e.paths.iter().any(|p| p.file_name() == name.as_deref())
        });
        if ours {
            // The receiver lives as long as the process; a send error only means shutdown.
            let _ = tx.send(());
        }
    })?;
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    watcher.watch(folder, RecursiveMode::NonRecursive)?;
    std::thread::spawn(move || {
        while rx.recv().is_ok() {
            while rx.recv_timeout(SETTLE).is_ok() {}
            reload(&state, &path);
        }
    });
    Ok(watcher)
}
