//! [`AppState`]: everything a handler reads, built once at start-up and shared read-only.

use crate::data::ZoneIndex;
use crate::site::Site;

/// The loaded zones and the site settings.
#[derive(Debug, Clone)]
pub struct AppState {
    /// Validated, indexed zones.
    pub zones: ZoneIndex,
    /// Public URL and tile settings.
    pub site: Site,
}
