//! [`MapConfig`]: what the browser script needs to draw a map, printed as `data-*` attributes
//! on the map element (no inline script, so a strict Content-Security-Policy holds). URLs come
//! from [`Links`], so the script works under a base path and in a static export.

use crate::data::ZoneIndex;
use crate::data::clusters;
use crate::links::{Links, Routing};
use crate::site::Site;

use super::{Lang, Ui};

/// Settings for `static/app.js`.
#[derive(Debug, Clone)]
pub struct MapConfig<'a> {
    /// Interface language.
    pub lang: Lang,
    /// The zone to focus and open.
    pub selected: Option<String>,
    /// Raster tiles instead of the bundled basemap.
    pub tiles: Option<&'a crate::site::Tiles>,
    /// The site's links.
    pub links: Links<'a>,
    /// The view's query (other than `lang`), for the static SVG map shown before the script runs.
    pub view_query: String,
    /// The province shown (its slug), or "".
    pub province: String,
    /// The day the map is shown as of (`YYYY-MM-DD`), or "" for today.
    pub asof: String,
    /// The area the map opens on.
    pub frame: crate::drawing::Bounds,
    /// `/api/clusters.json`, when the server groups the zones for the script: past
    /// [`clusters::CLUSTER_FROM`] zones, and only where a server answers (a static export's script loads
    /// every zone and groups them itself).
    pub clusters: Option<String>,
    /// Where the selected zone is (latitude, longitude): the map opens on it.
    pub focus: Option<(f64, f64)>,
}

impl<'a> MapConfig<'a> {
    /// The configuration for a page in `lang`, focused on `selected`, showing the view `query`.
    pub fn new(site: &'a Site, index: &ZoneIndex, lang: Lang, selected: Option<&str>, view_query: String) -> MapConfig<'a> {
        let links = site.links();
        let clusters = (clusters::groups_zones(index) && links.routing() == Routing::Server).then(|| links.api("clusters.json"));
        MapConfig {
            lang,
            selected: selected.map(str::to_owned),
            tiles: site.tiles.as_ref(),
            links,
            view_query,
            province: String::new(),
            asof: String::new(),
            frame: crate::drawing::Bounds::CHINA,
            clusters,
            focus: selected.and_then(|slug| index.get(slug)).map(|z| (z.lat, z.lon)),
        }
    }

    /// The same, showing one province (opening on it) and the map as of a day where `filter`
    /// says.
    pub fn showing(mut self, index: &ZoneIndex, filter: &crate::data::ZoneFilter) -> MapConfig<'a> {
        self.frame = crate::drawing::Bounds::of_view(index, filter);
        self.province = filter.province.clone().unwrap_or_default();
        self.asof = filter.asof.as_ref().map(|d| d.as_str().to_owned()).unwrap_or_default();
        self
    }

    /// The selected slug, or "" for none.
    pub fn selected_slug(&self) -> &str {
        self.selected.as_deref().unwrap_or_default()
    }

    /// Every zone in short (`/api/points.json`): what the script draws and filters.
    pub fn points(&self) -> String {
        self.links.api("points.json")
    }

    /// One zone's Feature, `{slug}` to fill in: its logistics lines, when it is selected.
    pub fn feature(&self) -> String {
        self.links.api("zones/{slug}.geojson")
    }

    /// Every zone as GeoJSON, former ones included: every zone's logistics lines, loaded only
    /// when a reader asks for them all.
    pub fn api(&self) -> String {
        match self.links.routing() {
            Routing::Server => format!("{}?former=1", self.links.api("zones.geojson")),
            Routing::Static => self.links.api(crate::resource::ALL_ZONES_FILE),
        }
    }

    /// The panel fragment's URL with `{slug}` to fill in.
    pub fn panel(&self) -> String {
        self.links.panel_pattern(self.lang)
    }

    /// A zone page's URL with `{slug}` to fill in.
    pub fn zone_page(&self) -> String {
        self.links.zone("{slug}", self.lang)
    }

    /// The bundled basemap: the countries, China's province borders and the points where
    /// their names go, in one TopoJSON file.
    pub fn basemap(&self) -> String {
        self.links.asset("basemap/basemap.topo.json")
    }

    /// Leaflet.markercluster's script and styles, which the map loads only past
    /// `CLUSTER_FROM` zones (see `static/app.js`).
    pub fn cluster_assets(&self) -> String {
        ["vendor/markercluster/leaflet.markercluster.js", "vendor/markercluster/MarkerCluster.css", "vendor/markercluster/MarkerCluster.Default.css"]
            .map(|a| self.links.asset(a))
            .join(" ")
    }

    /// The interface words the script prints, as JSON for a `data-` attribute: marker names,
    /// the former-zone suffix, the panel's failure message. One source with the server's pages.
    pub fn strings(&self) -> String {
        let ui = Ui(self.lang);
        serde_json::json!({ "marker": ui.marker_label(), "group": ui.group_label(), "former": ui.former_suffix(), "panelFailed": ui.panel_failed() }).to_string()
    }

    /// The area the map opens on, `[[south, west], [north, east]]` as Leaflet takes it: the same
    /// frame the server-drawn map uses.
    pub fn bounds(&self) -> String {
        let b = self.frame;
        format!("[[{},{}],[{},{}]]", b.south, b.west, b.north, b.east)
    }

    /// The selected zone's position as Leaflet takes it, `[lat, lon]`, or "" for none.
    pub fn focus_point(&self) -> String {
        self.focus.map(|(lat, lon)| format!("[{lat},{lon}]")).unwrap_or_default()
    }

    /// The server-drawn SVG of this view: the first paint, and the map without JavaScript.
    pub fn svg(&self) -> String {
        // The page prints its own title and legend around the map.
        let bare = "legend=0&title=0";
        let query = if self.view_query.is_empty() { bare.to_owned() } else { format!("{}&{bare}", self.view_query) };
        self.links.svg(self.lang, &query)
    }
}
