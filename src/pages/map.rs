//! `/`: the full map page, with legend, filters, search, the list of every zone grouped by
//! batch, and the detail panel of the zone in `?zone=` (so that it works without JavaScript).

use askama::Template;

use crate::data::{Mode, Province, Tally, ZoneFilter, ZoneIndex};
use crate::links::Links;
use crate::site::Site;

use super::structured;
use super::views::{list_pages, lists_admitted_only};
use super::{BatchGroup, EmbedDialog, Lang, MapConfig, PageMeta, Panel, Ui};
use crate::query::{MapQuery, view_query};

/// The map page's view model.
#[derive(Template)]
#[template(path = "map.html")]
pub struct MapPage<'a> {
    /// Interface language.
    pub lang: Lang,
    /// Interface strings.
    pub ui: Ui,
    /// Legend, filters and list.
    pub groups: Vec<BatchGroup<'a>>,
    /// The reader's filter.
    pub filter: &'a ZoneFilter,
    /// The open panel.
    pub panel: Option<Panel<'a>>,
    /// What the script needs to draw the map.
    pub map: MapConfig<'a>,
    /// Designated and identified zones of every batch: the lede's count (the script filters
    /// in place, so it counts against the whole programme).
    pub tally: Tally,
    /// Title, description, previews.
    pub meta: PageMeta,
    /// How the page links.
    pub links: Links<'a>,
    /// "Embed this map".
    pub dialog: EmbedDialog,
    /// Whether every zone's logistics links are drawn.
    pub show_links: bool,
    /// Modes for the links legend.
    pub modes: [Mode; 6],
    /// The list page shown (1-based).
    pub page: usize,
    /// How many list pages there are.
    pub pages: usize,
    /// How many zones the filter admits, on every page of the list.
    pub admitted: usize,
    /// The provinces with zones, for the province choice.
    pub provinces: &'a [Province],
    /// The lede's count after its number for every day the time control offers (`""` for
    /// today), as JSON: the script steps through time in place and swaps the sentence.
    pub lede_tails: String,
    /// What the step chart under the time control shows, in words.
    pub chart_alt: String,
    /// The query the page was built for.
    query: &'a MapQuery,
}

impl<'a> MapPage<'a> {
    /// Builds the page for a parsed query.
    pub fn new(index: &'a ZoneIndex, site: &'a Site, q: &'a MapQuery) -> MapPage<'a> {
        let (filter, zone, lang, show_links, page) = (&q.filter, q.zone.as_deref(), q.lang, q.links, q.page);
        let ui = Ui(lang);
        let links = site.links();
        let meta = PageMeta::new(
            site,
            lang,
            format!("{} — zonemap", ui.site_title()),
            ui.map_description().to_owned(),
            &links.map(lang, ""),
            None,
        );
        let view = view_query(filter, zone);
        let meta = meta.sharing(site, &links.map(lang, &view)).alternate(site, lang.other(), &links.map(lang.other(), &view)).for_view(site, index, filter, zone, lang);
        let ld = structured::dataset(index, site, lang, meta.card_title(), &meta.description, meta.shared.as_deref());
        let meta = meta.with_json_ld(ld);
        let dialog = EmbedDialog::new(site, lang, &view, meta.title.clone(), true);
        let admitted = index.select(filter).count();
        MapPage {
            dialog,
            lang,
            ui,
            groups: BatchGroup::all(index, filter, lang, page, links),
            page,
            pages: list_pages(if lists_admitted_only(index) { admitted } else { index.zones().len() }),
            admitted,
            filter,
            panel: q.zone.as_ref().and_then(|slug| Panel::new(index, slug, lang, links)),
            map: MapConfig::new(site, index, lang, zone, view).showing(index, filter),
            // The script filters batches and search in place: the lede counts the whole
            // programme, as of the day and within the province the page shows.
            tally: index.tally(&ZoneFilter { province: filter.province.clone(), asof: filter.asof.clone(), ..ZoneFilter::default() }),
            provinces: index.provinces(),
            lede_tails: lede_tails(index, filter, ui),
            chart_alt: crate::drawing::describe_chart(index, lang),
            meta,
            show_links,
            links,
            modes: Mode::ALL,
            query: q,
        }
    }

    /// The link that closes the panel: the map in this language.
    pub fn home(&self) -> String {
        self.links.map(self.lang, "")
    }

    /// This view in the other language: same filters and zone.
    pub fn switch_href(&self) -> String {
        self.href(self.lang.other(), self.page)
    }

    /// This view on list page `page`.
    pub fn page_href(&self, page: &usize) -> String {
        self.href(self.lang, *page)
    }

    /// The map URL for this view in `lang` on list page `page`.
    fn href(&self, lang: Lang, page: usize) -> String {
        self.links.map(lang, &MapQuery { page, ..self.query.clone() }.to_query())
    }

    /// The table of this view (the map's accessible alternative).
    pub fn table_href(&self) -> String {
        self.links.table(self.lang, &self.query.table_view().to_query())
    }

    /// Whether `p` is the province the page shows.
    pub fn is_province(&self, p: &Province) -> bool {
        self.filter.province.as_deref() == Some(p.slug.as_str())
    }

    /// Whether the page shows the map as of `day`.
    pub fn is_asof(&self, day: &str) -> bool {
        self.filter.asof.as_ref().is_some_and(|d| d.as_str() == day)
    }

    /// Whether a batch approved on `day` came after the day the map shows (its legend row is
    /// dimmed: the time control has not reached it).
    pub fn is_later(&self, day: &str) -> bool {
        self.filter.asof.as_ref().is_some_and(|d| d.as_str() < day)
    }

}

/// The lede's sentence after its number as of each batch's day and today, within the page's
/// province, keyed by the `asof` value.
fn lede_tails(index: &ZoneIndex, filter: &ZoneFilter, ui: Ui) -> String {
    let days = index.batches().iter().map(|b| Some(b.approved.clone())).chain([None]);
    let tails: serde_json::Map<String, serde_json::Value> = days
        .map(|asof| {
            let key = asof.as_ref().map(|d| d.as_str().to_owned()).unwrap_or_default();
            let tally = index.tally(&ZoneFilter { province: filter.province.clone(), asof, ..ZoneFilter::default() });
            (key, ui.lede_tail(&tally, index.batches().len()).into())
        })
        .collect();
    serde_json::Value::Object(tails).to_string()
}
