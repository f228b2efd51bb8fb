//! `/zones/{slug}`: one zone's own page, readable without JavaScript.

use askama::Template;

use crate::data::ZoneIndex;
use crate::site::Site;

use super::{Lang, MapConfig, Panel, Ui};

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
    /// The page's absolute URL, when the public URL is configured.
    pub canonical: Option<String>,
}

impl<'a> ZonePage<'a> {
    /// The page for `slug`, or `None` when there is no such zone.
    pub fn new(index: &'a ZoneIndex, site: &'a Site, slug: &str, lang: Lang) -> Option<ZonePage<'a>> {
        let panel = Panel::new(index, slug, lang)?;
        let canonical = site.absolute(&panel.view.href());
        Some(ZonePage { lang, ui: lang.ui(), panel, map: MapConfig::new(site, lang, Some(slug)), canonical })
    }

    /// This page in the other language.
    pub fn switch_href(&self) -> String {
        match self.lang {
            Lang::En => format!("/zones/{}?lang=zh", self.panel.view.slug()),
            Lang::Zh => format!("/zones/{}", self.panel.view.slug()),
        }
    }

    /// A one-line description for search engines.
    pub fn description(&self) -> String {
        let v = &self.panel.view;
        let p = &v.zone.props;
        let specialties: Vec<&str> = self.panel.specialties().iter().take(3).map(|s| self.panel.specialty_name(s)).collect();
        match self.lang {
            Lang::En => format!(
                "{} ({}), {}: cross-border e-commerce comprehensive pilot zone, batch {}, approved {}.{}",
                p.name, p.name_zh, p.province, v.batch_no(), self.panel.approved(),
                if specialties.is_empty() { String::new() } else { format!(" Known for {}.", specialties.join(", ")) }
            ),
            Lang::Zh => format!(
                "中国（{}）跨境电子商务综合试验区，位于{}，第{}批，{}批复。{}",
                p.name_zh, p.province_zh, v.batch_no(), self.panel.approved(),
                if specialties.is_empty() { String::new() } else { format!("特色产业：{}。", specialties.join("、")) }
            ),
        }
    }
}
