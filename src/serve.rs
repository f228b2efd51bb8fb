//! `zonemap serve`: loads the data (refusing a bad file with the same report as `check`),
//! then runs the HTTP server with request logging and security headers.

use std::net::SocketAddr;

use actix_web::{App, HttpServer, web};
use tracing_actix_web::TracingLogger;

use crate::cli::ServeArgs;
use crate::data::{self, ZoneIndex};
use crate::site::Site;
use crate::web::{AppState, configure, security_headers};

/// Loads the data and builds the state, or says what is wrong.
pub fn state_from_args(args: &ServeArgs) -> anyhow::Result<AppState> {
    let site = Site::new(
        args.public_url.as_deref(),
        args.tiles.as_deref().zip(args.tiles_attribution.as_deref()),
    )
    .map_err(anyhow::Error::msg)?;
    let started = std::time::Instant::now();
    let dataset = data::load_file(&args.data).map_err(|errors| {
        anyhow::anyhow!("{errors}\n{} problem(s) in {}; not serving it", errors.0.len(), args.data.display())
    })?;
    let loaded = started.elapsed();
    let state = AppState::new(ZoneIndex::from(dataset), site);
    tracing::info!(load_ms = loaded.as_millis() as u64, prerender_ms = (started.elapsed() - loaded).as_millis() as u64, "data ready");
    Ok(state)
}

/// Serves until the process is stopped. Prints `listening on http://ADDR` once bound, so that
/// a caller who asked for port 0 learns the port.
pub async fn run(state: AppState, addr: SocketAddr) -> anyhow::Result<()> {
    let headers_site = state.snapshot().site.as_ref().clone();
    let zones = state.snapshot().zones.zones().len();
    let data = web::Data::new(state);
    let server = HttpServer::new(move || {
        App::new()
            .app_data(data.clone())
            .wrap(security_headers(&headers_site))
            .wrap(TracingLogger::default())
            .configure(configure)
    })
    .bind(addr)?;
    for bound in server.addrs() {
        tracing::info!(%bound, zones, "serving");
        println!("listening on http://{bound}");
    }
    server.run().await?;
    Ok(())
}
