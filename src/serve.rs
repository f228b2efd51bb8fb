//! `zonemap serve`: loads the data (refusing a bad file with the same report as `check`),
//! then runs the HTTP server with request logging, limits and security headers, live reload and
//! graceful shutdown.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use actix_web::HttpServer;

use crate::cli::ServeArgs;
use crate::data::{self, ZoneIndex};
use crate::reload;
use crate::site::Site;
use crate::web::AppState;

/// How long requests in flight may take to finish after SIGTERM.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// Loads the data and builds the state, or says what is wrong.
pub fn state_from_args(args: &ServeArgs) -> anyhow::Result<AppState> {
    // Without --public-url, the listening address is the best guess for absolute links (embed
    // code, Open Graph, oEmbed discovery); behind a proxy the operator sets the real one.
    let guessed = (args.public_url.is_none() && args.addr.port() != 0 && !args.addr.ip().is_unspecified()).then(|| format!("http://{}", args.addr));
    let site = Site::new(
        args.public_url.as_deref().or(guessed.as_deref()),
        args.tiles.as_deref().zip(args.tiles_attribution.as_deref()),
    )
    .map_err(anyhow::Error::msg)?;
    let started = std::time::Instant::now();
    let dataset = data::load_file(&args.data).map_err(|errors| {
        anyhow::anyhow!("{errors}\n{} problem(s) in {}; not serving it", errors.0.len(), args.data.display())
    })?;
    let loaded = started.elapsed();
    let state = AppState::new(ZoneIndex::from(dataset), site);
    tracing::info!(load_ms = loaded.as_millis() as u64, "data ready");
    Ok(state)
}

/// Serves until the process is stopped, reloading `data` when it changes or on SIGHUP. Prints
/// `listening on http://ADDR` once bound, so that a caller who asked for port 0 learns the port.
/// SIGTERM and SIGINT stop accepting connections and let requests in flight finish (actix-web's
/// graceful shutdown, up to `SHUTDOWN_GRACE`).
pub async fn run(state: AppState, addr: SocketAddr, data: &Path) -> anyhow::Result<()> {
    let _watcher = match reload::watch(state.clone(), data.to_owned()) {
        Ok(w) => Some(w),
        Err(e) => {
            tracing::warn!(error = %e, "cannot watch the data file; reload with SIGHUP instead");
            None
        }
    };
    reload_on_sighup(state.clone(), data.to_owned())?;
    // The catalog is rendered ahead of requests, and again for every reloaded version.
    state.start_warming();
    std::thread::spawn(crate::web::warm_assets);
    let zones = state.snapshot().zones.zones().len();
    let server = HttpServer::new(move || crate::web::app(state.clone()))
    // A response written in more than one piece must not wait for the client's delayed ACK
    // (Nagle's algorithm): without this a large body's last piece waited 40 ms. nginx sets the
    // same on keep-alive connections.
    .tcp_nodelay(true)
    .shutdown_timeout(SHUTDOWN_GRACE.as_secs())
    .bind(addr)?;
    for bound in server.addrs() {
        tracing::info!(%bound, zones, "serving");
        println!("listening on http://{bound}");
    }
    server.run().await?;
    Ok(())
}

/// Reloads the data on every SIGHUP, as daemons conventionally do.
fn reload_on_sighup(state: AppState, data: PathBuf) -> anyhow::Result<()> {
    let mut hangups = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup())?;
    actix_web::rt::spawn(async move {
        while hangups.recv().await.is_some() {
            let (state, data) = (state.clone(), data.clone());
            // Validation and prerendering are CPU work: keep them off the request threads.
            let _ = actix_web::rt::task::spawn_blocking(move || reload::reload(&state, &data)).await;
        }
    });
    Ok(())
}
