//! `/embed`: the map without site chrome, for iframes in articles: optional title and legend, a
//! colour theme, and a one-line source and credit footer linking back to the full map.

use askama::Template;

use crate::data::{Tally, ZoneIndex};
use crate::links::Links;
use crate::query::{EmbedQuery, Theme};
use crate::site::Site;

use super::structured;
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
    /// The open zone's own page (absolute when the public URL is known), for its card.
    pub zone_page: String,
    /// The count line of the footer: zones shown against those designated in the batches shown.
    pub count: String,
}

impl<'a> EmbedPage<'a> {
    /// The embed's height at `width` px, estimated from its text (see [`super::embed_height`]).
    pub fn height_at(&self, width: u32) -> u32 {
        use super::embed_height::{Block, estimate};
        let ui = self.ui;
        let mut blocks = Vec::new();
        if self.title {
            blocks.push(Block { text: ui.site_title().to_owned(), size: 17.6, margin: 6.4 });
        }
        if self.legend {
            // Legend items wrap as wholes: their spaces do not break.
            let items: Vec<String> = self
                .groups
                .iter()
                .filter(|g| g.shown)
                .map(|g| format!("\u{a0}\u{a0}{} · {} · {}\u{a0}\u{a0}", ui.batch(g.number()), g.batch.approved.year(), ui.batch_count(g.roster)).replace(' ', "\u{a0}"))
                .collect();
            blocks.push(Block { text: items.join(" "), size: 14.4, margin: 12.8 });
        }
        let mut extra = 0.0;
        if let Some(panel) = &self.panel {
            let v = panel.view;
            extra = 44.0; // the card's border, padding and margins
            blocks.push(Block { text: format!("{} {}", v.name(), v.other_name()), size: 19.2, margin: 8.0 });
            blocks.push(Block { text: format!("{} · {}", v.province(), ui.approved_line(v.batch_no(), panel.approved(), panel.document())), size: 16.0, margin: 16.0 });
            if let Some(note) = v.former_note() {
                blocks.push(Block { text: format!("{} {note}", ui.former_zone()), size: 16.0, margin: 16.0 });
            }
            if panel.little_known() {
                blocks.push(Block { text: ui.little_known().to_owned(), size: 16.0, margin: 16.0 });
            }
            for (shown, label, line) in [
                (!panel.specialties().is_empty(), ui.specialties(), panel.specialties_line()),
                (!panel.logistics().is_empty(), ui.logistics(), panel.logistics_line()),
            ] {
                if shown {
                    blocks.push(Block { text: format!("{label}: {line}"), size: 16.0, margin: 16.0 });
                }
            }
            blocks.push(Block { text: format!("{} ↗", ui.zone_page_and_sources(v.name())), size: 16.0, margin: 16.0 });
        }
        blocks.push(Block { text: format!("{} {} {}", self.count, ui.embed_credit(), ui.full_map()), size: 12.8, margin: 4.8 });
        estimate(width, &blocks, extra)
    }

    /// Builds the embed for a parsed query.
    pub fn new(index: &'a ZoneIndex, site: &'a Site, q: &'a EmbedQuery) -> EmbedPage<'a> {
        let (filter, zone, lang) = (&q.map.filter, q.map.zone.as_deref(), q.map.lang);
        let links = site.links();
        let ui = Ui(lang);
        let view = view_query(filter, zone);
        let full_link = links.map(lang, &view);
        let meta = PageMeta::new(site, lang, format!("{} — zonemap", ui.site_title()), ui.map_description().to_owned(), &links.embed(lang, &view), zone)
            .alternate(site, lang.other(), &links.embed(lang.other(), &view))
            .for_view(site, index, filter, zone, lang);
        let ld = structured::dataset(index, site, lang, meta.card_title(), &meta.description, meta.shared.as_deref());
        let meta = meta.with_json_ld(ld);
        let tally: Tally = index.tally(filter);
        let count = ui.count_line(index.select(filter).count(), &tally);
        let zone_page = q.map.zone.as_ref().map(|slug| links.zone(slug, lang)).unwrap_or_default();
        EmbedPage {
            zone_page: site.absolute(&zone_page).unwrap_or(zone_page),
            count,
            lang,
            ui,
            groups: BatchGroup::all(index, filter, lang, 1, links),
            panel: q.map.zone.as_ref().and_then(|slug| Panel::new(index, slug, lang, links)),
            map: MapConfig::new(site, index, lang, zone, view).showing(index, filter),
            legend: q.legend,
            title: q.title,
            theme: q.theme,
            meta,
            links,
            full_map: site.absolute(&full_link).unwrap_or(full_link),
        }
    }
}
