//! `/embed`: the map without site chrome, for iframes in articles.

use askama::Template;

use crate::data::{ZoneFilter, ZoneIndex};
use crate::site::Site;

use super::{BatchGroup, Lang, MapConfig, Panel, Ui};

/// The embed's view model.
#[derive(Template)]
#[template(path = "embed.html")]
pub struct EmbedPage<'a> {
    /// Interface language.
    pub lang: Lang,
    /// Interface strings.
    pub ui: Ui,
    /// Legend and the no-JavaScript list.
    pub groups: Vec<BatchGroup<'a>>,
    /// The open panel.
    pub panel: Option<Panel<'a>>,
    /// What the script needs.
    pub map: MapConfig<'a>,
    /// Whether the legend is shown.
    pub legend: bool,
    /// Whether the title is shown.
    pub title: bool,
}

impl<'a> EmbedPage<'a> {
    /// Builds the embed for a parsed query.
    pub fn new(
        index: &'a ZoneIndex,
        site: &'a Site,
        filter: &'a ZoneFilter,
        zone: Option<&str>,
        lang: Lang,
        (legend, title): (bool, bool),
    ) -> EmbedPage<'a> {
        EmbedPage {
            lang,
            ui: lang.ui(),
            groups: BatchGroup::all(index, filter, lang, 1),
            panel: zone.and_then(|slug| Panel::new(index, slug, lang)),
            map: MapConfig::new(site, lang, zone),
            legend,
            title,
        }
    }
}
