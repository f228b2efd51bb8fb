//! `/zones/{slug}`: one zone's own page, readable without JavaScript.

use askama::Template;

use crate::data::{Slug, ZoneIndex};
use crate::links::Links;
use crate::site::Site;

use super::structured;
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
        let meta = PageMeta::new(site, lang, title, description(&panel, lang), &panel.view.href(), Some(slug))
            .alternate(site, lang.other(), &links.zone(slug, lang.other()));
        let ld = structured::zone_page(index, panel.view.zone, lang, meta.card_title(), &meta.description, meta.canonical.as_deref());
        let meta = meta.with_json_ld(ld);
        let view = super::view_query(&Default::default(), Some(slug));
        let dialog = EmbedDialog::new(site, lang, &view, meta.title.clone(), false);
        let map = MapConfig::new(site, index, lang, Some(slug), view);
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

/// A description of a zone for search engines and link previews: what differs between zones
/// first (its specialties), then the batch; at most `DESCRIPTION_CHARS`, as previewers cut there.
fn description(panel: &Panel<'_>, lang: Lang) -> String {
    let v = &panel.view;
    let p = &v.zone.props;
    let specialties: Vec<&str> = panel.specialties().iter().take(3).map(|s| panel.specialty_name(s)).collect();
    let year = panel.approved().get(..4).unwrap_or_default();
    let text = match (lang, specialties.is_empty()) {
        (Lang::En, false) => format!("{}, {}: {}. Cross-border e-commerce pilot zone, batch {} ({year}).", p.name, p.province, specialties.join(", "), v.batch_no()),
        (Lang::En, true) => format!("{} ({}), {}: cross-border e-commerce pilot zone, batch {} ({year}).", p.name, p.name_zh, p.province, v.batch_no()),
        (Lang::Zh, false) => format!("{}（{}）：{}。第{}批跨境电子商务综合试验区（{year}年）。", p.name_zh, p.province_zh, specialties.join("、"), v.batch_no()),
        (Lang::Zh, true) => format!("中国（{}）跨境电子商务综合试验区，位于{}，第{}批（{year}年）。", p.name_zh, p.province_zh, v.batch_no()),
    };
    shorten(&text, DESCRIPTION_CHARS)
}

/// Link previewers show about this many characters of a description.
const DESCRIPTION_CHARS: usize = 155;

/// `text` cut to at most `max` characters, at a word (or, in Chinese, any character) with "…".
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max - 1).collect();
    let at_word = cut.rfind(' ').filter(|&i| i > max / 2).map_or(cut.as_str(), |i| &cut[..i]);
    format!("{}…", at_word.trim_end_matches([',', ';', ':', ' ']))
}

#[cfg(test)]
mod tests {
    use super::shorten;

    #[test]
    fn descriptions_are_cut_at_a_word() {
        assert_eq!(shorten("short", 155), "short");
        let long = "word ".repeat(50);
        let cut = shorten(&long, 155);
        assert!(cut.chars().count() <= 155 && cut.ends_with("word…"), "{cut}");
        assert!(shorten(&"中".repeat(200), 155).chars().count() <= 155);
    }
}
