//! `/zones/{slug}`: one zone's own page, readable without JavaScript.

use askama::Template;

use crate::data::{Slug, ZoneIndex};
use crate::links::Links;
use crate::site::Site;

use super::{EmbedDialog, Lang, MapConfig, PageMeta, Panel, Ui};

/// The zone page's view model.
#[derive(Template)]
#[template(path = "zone.html")]
pub struct ZonePage<'a> {
    /// Interface language.
    pub lang: Lang,
    /// Interface strings.
    pub ui: Ui,
    /// The zone's panel.
    pub panel: Panel<'a>,
    /// The small map focused on it.
    pub map: MapConfig<'a>,
    /// Title, description, previews.
    pub meta: PageMeta,
    /// How the page links.
    pub links: Links<'a>,
    /// "Embed this map", for this zone.
    pub dialog: EmbedDialog,
}

impl<'a> ZonePage<'a> {
    /// The page for `slug`, or `None` when there is no such zone.
    pub fn new(index: &'a ZoneIndex, site: &'a Site, slug: &Slug, lang: Lang) -> Option<ZonePage<'a>> {
        let links = site.links();
        let panel = Panel::new(index, slug, lang, links)?;
        let title = Ui(lang).zone_title(panel.view.name());
        let meta = PageMeta::new(site, lang, title, description(&panel, lang), &panel.view.href(), Some(slug));
        let view = super::view_query(&Default::default(), Some(slug));
        let dialog = EmbedDialog::new(site, lang, &view, meta.title.clone(), false);
        let map = MapConfig::new(site, lang, Some(slug), view);
        Some(ZonePage { lang, ui: Ui(lang), panel, map, meta, links, dialog })
    }

    /// The map in this language.
    pub fn home(&self) -> String {
        self.links.map(self.lang, "")
    }

    /// This page in the other language.
    pub fn switch_href(&self) -> String {
        self.links.zone(self.panel.view.slug(), self.lang.other())
    }
}

/// A one-line description of a zone for search engines and link previews.
fn description(panel: &Panel<'_>, lang: Lang) -> String {
    let v = &panel.view;
    let p = &v.zone.props;
    let specialties: Vec<&str> = panel.specialties().iter().take(3).map(|s| panel.specialty_name(s)).collect();
    match lang {
        Lang::En => format!(
            "{} ({}), {}: cross-border e-commerce comprehensive pilot zone, batch {}, approved {}.{}",
            p.name, p.name_zh, p.province, v.batch_no(), panel.approved(),
            if specialties.is_empty() { String::new() } else { format!(" Known for {}.", specialties.join(", ")) }
        ),
        Lang::Zh => format!(
            "中国（{}）跨境电子商务综合试验区，位于{}，第{}批，{}批复。{}",
            p.name_zh, p.province_zh, v.batch_no(), panel.approved(),
            if specialties.is_empty() { String::new() } else { format!("特色产业：{}。", specialties.join("、")) }
        ),
    }
}
