//! [`MapConfig`]: what the browser script needs to draw a map, printed as `data-*` attributes
//! on the map element (no inline script, so a strict Content-Security-Policy holds).

use crate::site::Site;

use super::Lang;

/// Settings for `static/app.js`.
#[derive(Debug, Clone)]
pub struct MapConfig<'a> {
    /// Interface language.
    pub lang: Lang,
    /// The zone to focus and open.
    pub selected: Option<String>,
    /// Raster tiles instead of the bundled basemap.
    pub tiles: Option<&'a crate::site::Tiles>,
}

impl<'a> MapConfig<'a> {
    /// The configuration for a page in `lang`, focused on `selected`.
    pub fn new(site: &'a Site, lang: Lang, selected: Option<&str>) -> MapConfig<'a> {
        MapConfig { lang, selected: selected.map(str::to_owned), tiles: site.tiles.as_ref() }
    }

    /// The selected slug, or "" for none.
    pub fn selected_slug(&self) -> &str {
        self.selected.as_deref().unwrap_or_default()
    }
}
