//! `/embed`: the map without site chrome, for iframes in articles: optional title and legend, a
//! colour theme, and a one-line source and credit footer linking back to the full map.

use askama::Template;

use crate::data::{Tally, ZoneIndex};
use crate::links::Links;
use crate::query::{EmbedQuery, Theme};
use crate::site::Site;

use super::{BatchGroup, Lang, MapConfig, PageMeta, Panel, Ui, view_query};

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
    /// Colour scheme.
    pub theme: Theme,
    /// Title, description, previews.
    pub meta: PageMeta,
    /// How the page links.
    pub links: Links<'a>,
    /// The full map showing the same view, for the credit line.
    pub full_map: String,
    /// The count line of the footer: zones shown against those designated in the batches shown.
    pub count: String,
}

impl<'a> EmbedPage<'a> {
    /// Builds the embed for a parsed query.
    pub fn new(index: &'a ZoneIndex, site: &'a Site, q: &'a EmbedQuery) -> EmbedPage<'a> {
        let (filter, zone, lang) = (&q.map.filter, q.map.zone.as_deref(), q.map.lang);
        let links = site.links();
        let ui = Ui(lang);
        let view = view_query(filter, zone);
        let full_link = links.map(lang, &view);
        let meta = PageMeta::new(site, lang, format!("{} — zonemap", ui.site_title()), ui.map_description().to_owned(), &links.embed(lang, &view), zone);
        let tally: Tally = index.tally(filter);
        let count = ui.count_line(index.select(filter).count(), &tally);
        EmbedPage {
            count,
            lang,
            ui,
            groups: BatchGroup::all(index, filter, lang, 1, links),
            panel: q.map.zone.as_ref().and_then(|slug| Panel::new(index, slug, lang, links)),
            map: MapConfig::new(site, lang, zone, view),
            legend: q.legend,
            title: q.title,
            theme: q.theme,
            meta,
            links,
            full_map: site.absolute(&full_link).unwrap_or(full_link),
        }
    }
}
