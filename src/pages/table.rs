//! `/table`: the zones of a view as a table — names in both languages, province, batch,
//! approval date, specialties, a link to each zone's page — sorted by any column through plain
//! links (so it sorts with JavaScript off), following every filter of the map, with the CSV of
//! the same rows. The map's accessible alternative.

use askama::Template;

use crate::data::{Tally, ZoneIndex};
use crate::links::Links;
use crate::query::{ApiQuery, TableQuery, TableSort};
use crate::site::Site;

use super::{Lang, PageMeta, Ui, ZoneView};

/// The table page's view model.
#[derive(Template)]
#[template(path = "table.html")]
pub struct TablePage<'a> {
    /// Interface language.
    pub lang: Lang,
    /// Interface strings.
    pub ui: Ui,
    /// The rows, sorted.
    pub rows: Vec<ZoneView<'a>>,
    /// The count sentence for the rows.
    pub count: String,
    /// Title, description, previews.
    pub meta: PageMeta,
    /// How the page links.
    pub links: Links<'a>,
    /// The query the page was built for.
    query: &'a TableQuery,
}

impl<'a> TablePage<'a> {
    /// Builds the page for a parsed query.
    pub fn new(index: &'a ZoneIndex, site: &'a Site, q: &'a TableQuery) -> TablePage<'a> {
        let (filter, lang) = (&q.map.filter, q.map.lang);
        let (ui, links) = (Ui(lang), site.links());
        let mut rows: Vec<ZoneView<'a>> = index.select(filter).filter_map(|z| ZoneView::new(index, z, lang, links)).collect();
        sort(&mut rows, q.sort, q.desc);
        let tally: Tally = index.tally(filter);
        let count = ui.count_line(rows.iter().filter(|r| !r.zone.former_at(filter.asof.as_ref())).count(), &tally);
        let meta = PageMeta::new(site, lang, format!("{} — zonemap", ui.table_title()), ui.table_description().to_owned(), &links.table(lang, ""), None)
            .sharing(site, &links.table(lang, &q.to_query()))
            .alternate(site, lang.other(), &links.table(lang.other(), &q.to_query()));
        TablePage { lang, ui, rows, count, meta, links, query: q }
    }

    /// The columns, in order.
    pub fn columns(&self) -> [TableSort; 5] {
        TableSort::ALL
    }

    /// A column's heading.
    pub fn heading(&self, column: &TableSort) -> &'static str {
        self.ui.table_heading(column.as_str())
    }

    /// The link that sorts by `column`: ascending, or the other way round if it is the column
    /// sorted by already.
    pub fn sort_href(&self, column: &TableSort) -> String {
        let desc = self.query.sort == *column && !self.query.desc;
        self.links.table(self.lang, &TableQuery { sort: *column, desc, ..self.query.clone() }.to_query())
    }

    /// `aria-sort` of a column heading: only the sorted column has one.
    pub fn aria_sort(&self, column: &TableSort) -> Option<&'static str> {
        (self.query.sort == *column).then_some(if self.query.desc { "descending" } else { "ascending" })
    }

    /// This table in the other language.
    pub fn switch_href(&self) -> String {
        self.links.table(self.lang.other(), &self.query.to_query())
    }

    /// The map of the same view.
    pub fn map_href(&self) -> String {
        self.links.map(self.lang, &self.query.map.to_query())
    }

    /// The rows as CSV: the API's spreadsheet with the same filter (former zones only when
    /// the table shows them).
    pub fn csv_href(&self) -> String {
        self.links.csv(&ApiQuery { filter: self.query.map.filter.clone() }.to_query())
    }

    /// A row's specialties in the page's language, or "" when none is recorded.
    pub fn specialties(&self, row: &ZoneView<'_>) -> String {
        let names: Vec<&str> = row.zone.props.specialties.iter().map(|s| if self.lang == Lang::Zh { s.name_zh.as_ref().map_or(s.name.as_str(), |n| n.as_str()) } else { s.name.as_str() }).collect();
        names.join(self.lang.pick(", ", "、"))
    }
}

/// Sorts rows by `column` (ties by name, then slug, so the order is stable across requests).
fn sort(rows: &mut [ZoneView<'_>], column: TableSort, desc: bool) {
    rows.sort_by(|a, b| {
        let (pa, pb) = (&a.zone.props, &b.zone.props);
        let by = match column {
            TableSort::Name => std::cmp::Ordering::Equal,
            TableSort::Province => a.province().cmp(b.province()),
            TableSort::Batch => pa.batch.cmp(&pb.batch),
            TableSort::Approved => pa.approved.cmp(&pb.approved),
            TableSort::Specialties => pa.specialties.len().cmp(&pb.specialties.len()),
        };
        let by = if desc { by.reverse() } else { by };
        let name = if desc && column == TableSort::Name { b.name().cmp(a.name()) } else { a.name().cmp(b.name()) };
        by.then(name).then_with(|| a.slug().cmp(b.slug()))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> ZoneIndex {
        crate::data::parse("valid.geojson", include_str!("../../tests/fixtures/valid.geojson")).expect("valid").into()
    }

    #[test]
    fn every_column_sorts_both_ways_and_links_to_the_other_way() {
        let idx = index();
        let site = Site::default();
        for column in TableSort::ALL {
            for desc in [false, true] {
                let q = TableQuery { sort: column, desc, ..TableQuery::default() };
                let page = TablePage::new(&idx, &site, &q);
                let names: Vec<&str> = page.rows.iter().map(|r| r.name()).collect();
                let mut again = page.rows.iter().map(|r| r.name()).collect::<Vec<_>>();
                if column == TableSort::Name {
                    again.sort();
                    if desc {
                        again.reverse();
                    }
                    assert_eq!(names, again, "{column:?} desc={desc}");
                }
                assert_eq!(page.aria_sort(&column), Some(if desc { "descending" } else { "ascending" }));
                let flip = page.sort_href(&column);
                assert_eq!(flip.contains("order=desc"), !desc, "{flip}");
            }
        }
    }
}
