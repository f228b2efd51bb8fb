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
        format!(
            "{} ({}), {}: cross-border e-commerce comprehensive pilot zone, batch {}, approved {}.",
            v.zone.props.name, v.zone.props.name_zh, v.zone.props.province, v.batch_no(), self.panel.approved()
        )
    }
}
