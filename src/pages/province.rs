//! `/provinces/{slug}`: one province's zones, by batch, with its map, its count and links to
//! the map, the table and the CSV of the province.

use askama::Template;

use crate::data::{Batch, Province, ZoneFilter, ZoneIndex};
use crate::links::{Links, Routing};
use crate::query::{ApiQuery, MapQuery};
use crate::site::Site;

use super::{Lang, PageMeta, Ui, ZoneView};

/// The province page's view model.
#[derive(Template)]
#[template(path = "province.html")]
pub struct ProvincePage<'a> {
    /// Interface language.
    pub lang: Lang,
    /// Interface strings.
    pub ui: Ui,
    /// The province.
    pub province: &'a Province,
    /// Its zones by batch (former ones included, marked), batches in order.
    pub groups: Vec<(&'a Batch, Vec<ZoneView<'a>>)>,
    /// The count sentence.
    pub count: String,
    /// Title, description, previews.
    pub meta: PageMeta,
    /// How the page links.
    pub links: Links<'a>,
    /// The map of the province's view.
    query: MapQuery,
}

impl<'a> ProvincePage<'a> {
    /// The page for the province `slug`, or `None` when no zone is in it.
    pub fn new(index: &'a ZoneIndex, site: &'a Site, slug: &str, lang: Lang) -> Option<ProvincePage<'a>> {
        let province = index.province(slug)?;
        let (ui, links) = (Ui(lang), site.links());
        let filter = ZoneFilter { province: Some(province.slug.clone()), ..ZoneFilter::default() };
        let all = ZoneFilter { former: true, ..filter.clone() };
        let groups = index
            .batches()
            .iter()
            .map(|b| (b, index.zones().iter().filter(|z| z.props.batch == b.batch && all.admits(z)).filter_map(|z| ZoneView::new(index, z, lang, links)).collect::<Vec<_>>()))
            .filter(|(_, zones)| !zones.is_empty())
            .collect();
        let count = ui.count_line(index.select(&filter).count(), &index.tally(&filter));
        let title = format!("{} — zonemap", ui.province_title(province.name(lang)));
        let meta = PageMeta::new(site, lang, title, count.clone(), &links.province(&province.slug, lang), None)
            .alternate(site, lang.other(), &links.province(&province.slug, lang.other()));
        let query = MapQuery { filter, lang, ..MapQuery::default() };
        Some(ProvincePage { lang, ui, province, groups, count, meta, links, query })
    }

    /// The province's name in the other language.
    pub fn other_name(&self) -> &str {
        self.province.name(self.lang.other())
    }

    /// The map of the province.
    pub fn map_href(&self) -> String {
        self.links.map(self.lang, &self.query.to_query())
    }

    /// The table of the province.
    pub fn table_href(&self) -> String {
        self.links.table(self.lang, &self.query.to_query())
    }

    /// The CSV of the province's zones.
    pub fn csv_href(&self) -> String {
        self.links.csv(&ApiQuery { filter: self.query.filter.clone() }.to_query())
    }

    /// The server-drawn map of the province; a static export has no per-province picture.
    pub fn svg_href(&self) -> Option<String> {
        (self.links.routing() == Routing::Server).then(|| self.links.svg(self.lang, &format!("{}&legend=0&title=0", self.query.to_query())))
    }

    /// This page in the other language.
    pub fn switch_href(&self) -> String {
        self.links.province(&self.province.slug, self.lang.other())
    }

    /// The map in this language.
    pub fn home(&self) -> String {
        self.links.map(self.lang, "")
    }
}
