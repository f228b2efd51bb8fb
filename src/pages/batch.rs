//! `/batches/{n}`: one designation batch — the State Council's reply (title, number, signature
//! and release dates), the zones it set up, the zones it revoked, its sources, and how many of
//! its zones are not yet identified. Readable without JavaScript: the map is the server's SVG.

use askama::Template;

use crate::data::{Batch, BatchNo, IsoDate, Roster, ZoneFilter, ZoneIndex};
use crate::query::MapQuery;
use crate::links::Links;
use crate::site::Site;

use super::structured;
use super::{Lang, PageMeta, Ui, ZoneView};

/// The batch page's view model.
#[derive(Template)]
#[template(path = "batch.html")]
pub struct BatchPage<'a> {
    /// Interface language.
    pub lang: Lang,
    /// Interface strings.
    pub ui: Ui,
    /// The batch.
    pub batch: &'a Batch,
    /// How complete its record is.
    pub roster: Roster,
    /// Its zones, former ones included, by name.
    pub zones: Vec<ZoneView<'a>>,
    /// Zones of earlier batches its reply revoked.
    pub revoked: Vec<ZoneView<'a>>,
    /// Title, description, previews.
    pub meta: PageMeta,
    /// How the page links.
    pub links: Links<'a>,
    /// What the step chart of the programme shows, in words.
    pub chart_alt: String,
}

impl<'a> BatchPage<'a> {
    /// The page for batch `n`, or `None` when there is no such batch.
    pub fn new(index: &'a ZoneIndex, site: &'a Site, n: BatchNo, lang: Lang) -> Option<BatchPage<'a>> {
        let batch = index.batch(n)?;
        let roster = index.roster(n)?;
        let links = site.links();
        let ui = Ui(lang);
        let view = |z| ZoneView::new(index, z, lang, links);
        let zones = index.zones().iter().filter(|z| z.props.batch == n).filter_map(view).collect();
        let revoked = index.revoked_by(n).filter_map(view).collect();
        let meta = PageMeta::new(site, lang, ui.batch_page_title(n.get(), batch.document.as_str()), ui.batch_page_description(n.get(), &roster), &links.batch(n, lang), None)
            .alternate(site, lang.other(), &links.batch(n, lang.other()))
            .picturing_batch(site, n, lang);
        let ld = structured::batch_page(index, batch, lang, meta.card_title(), &meta.description, meta.canonical.as_deref());
        let meta = meta.with_json_ld(ld);
        Some(BatchPage { lang, ui, batch, roster, zones, revoked, meta, links, chart_alt: crate::drawing::describe_chart(index, lang) })
    }

    /// The batch number.
    pub fn number(&self) -> u8 {
        self.batch.batch.get()
    }

    /// The reply's title in the page's language.
    pub fn title(&self) -> &str {
        self.lang.pick(self.batch.title.as_str(), self.batch.title_zh.as_str())
    }

    /// The reply's title in the other language.
    pub fn other_title(&self) -> &str {
        self.lang.pick(self.batch.title_zh.as_str(), self.batch.title.as_str())
    }

    /// A date of the reply, or what to say when no source gives it.
    pub fn date_or_unknown(&self, date: &Option<IsoDate>) -> String {
        date.as_ref().map_or_else(|| self.ui.not_found_in_sources().to_owned(), |d| d.as_str().to_owned())
    }

    /// The map in this language, showing only this batch.
    pub fn map_href(&self) -> String {
        self.links.map(self.lang, &self.view_query())
    }

    /// The server-drawn map of this batch.
    pub fn svg_href(&self) -> String {
        self.links.batch_svg(self.batch.batch, self.lang)
    }

    /// The map home.
    pub fn home(&self) -> String {
        self.links.map(self.lang, "")
    }

    /// This page in the other language.
    pub fn switch_href(&self) -> String {
        self.links.batch(self.batch.batch, self.lang.other())
    }

    /// The count line: identified against designated.
    pub fn count(&self) -> String {
        self.ui.batch_roster_line(&self.roster)
    }

    fn view_query(&self) -> String {
        let only = ZoneFilter { batches: [self.batch.batch].into(), ..ZoneFilter::default() };
        MapQuery { filter: only, ..MapQuery::default() }.to_query()
    }
}
