//! Test modules by area, and the helpers they share.

/// `zonemap check` and `serve` run as the real binary: exit codes and `FILE:LINE:COL` reports.
mod cli;
/// The data rules: each fixture triggers its problem, at the right place.
mod data_rules;
/// Hostile text in the data does nothing in any context it lands in.
mod escaping;
/// Every route and every error through the real router.
mod http;
/// The bundled data file: complete batches, sources, coordinates.
mod real_data;

use std::path::PathBuf;

use zonemap::data::{self, ZoneIndex};
use zonemap::site::Site;
use zonemap::web::AppState;

/// Path of a fixture in tests/fixtures.
pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// The app state for a valid fixture.
pub fn state(name: &str) -> AppState {
    state_with_site(name, Site::default())
}

/// The app state for a valid fixture, with site settings.
pub fn state_with_site(name: &str, site: Site) -> AppState {
    let dataset = data::load_file(&fixture(name)).unwrap_or_else(|e| panic!("{name} should be valid:\n{e}"));
    AppState::new(ZoneIndex::from(dataset), site)
}
