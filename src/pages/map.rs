//! `/`: the full map page, with legend, filters, search, the list of every zone grouped by
//! batch, and the detail panel of the zone in `?zone=` (so that it works without JavaScript).

use askama::Template;

use crate::data::{ZoneFilter, ZoneIndex};
use crate::site::Site;

use super::{BatchGroup, Lang, MapConfig, Panel};

/// The map page's view model.
#[derive(Template)]
#[template(path = "map.html")]
pub struct MapPage<'a> {
    /// Interface language.
    pub lang: Lang,
    /// Legend, filters and list.
    pub groups: Vec<BatchGroup<'a>>,
    /// The reader's filter.
    pub filter: &'a ZoneFilter,
    /// The open panel.
    pub panel: Option<Panel<'a>>,
    /// What the script needs to draw the map.
    pub map: MapConfig<'a>,
    /// Number of active zones.
    pub active_total: usize,
    /// The map's absolute URL, when the public URL is configured.
    pub canonical: Option<String>,
}

impl<'a> MapPage<'a> {
    /// Builds the page for a parsed query.
    pub fn new(index: &'a ZoneIndex, site: &'a Site, filter: &'a ZoneFilter, zone: Option<&str>, lang: Lang) -> MapPage<'a> {
        MapPage {
            lang,
            groups: BatchGroup::all(index, filter, lang),
            filter,
            panel: zone.and_then(|slug| Panel::new(index, slug, lang)),
            map: MapConfig::new(site, lang, zone),
            active_total: index.zones().iter().filter(|z| !z.is_former()).count(),
            canonical: site.absolute(lang.pick("/", "/?lang=zh")),
        }
    }

    /// How many zones the filter admits.
    pub fn admitted(&self) -> usize {
        self.groups.iter().flat_map(|g| &g.zones).filter(|(_, a)| *a).count()
    }
}
