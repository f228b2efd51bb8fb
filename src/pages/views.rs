//! Small views shared by the pages: a zone or a batch seen in one language, with the links and
//! labels templates print. Templates stay logic-free by calling these.

use crate::ui::Ui;
use crate::data::{Batch, Roster, Zone, ZoneFilter, ZoneIndex};
use crate::data::clusters;
use crate::links::Links;

use super::Lang;

/// A zone as a page shows it.
#[derive(Debug, Clone, Copy)]
pub struct ZoneView<'a> {
    /// The zone.
    pub zone: &'a Zone,
    /// Its batch.
    pub batch: &'a Batch,
    /// The page's language.
    pub lang: Lang,
    /// How the page links to other pages.
    pub links: Links<'a>,
    /// The index, to name a former zone's successor.
    pub index: &'a ZoneIndex,
}

impl<'a> ZoneView<'a> {
    /// Looks up the zone's batch; `None` only for a zone the index does not hold.
    pub fn new(index: &'a ZoneIndex, zone: &'a Zone, lang: Lang, links: Links<'a>) -> Option<ZoneView<'a>> {
        index.batch(zone.props.batch).map(|batch| ZoneView { zone, batch, lang, links, index })
    }

    /// The slug.
    pub fn slug(&self) -> &str {
        self.zone.slug.as_str()
    }

    /// The name in the page's language.
    pub fn name(&self) -> &str {
        self.zone.name(self.lang)
    }

    /// The name in the other language, shown beside it.
    pub fn other_name(&self) -> &str {
        self.zone.name(self.lang.other())
    }

    /// The province in the page's language.
    pub fn province(&self) -> &str {
        self.zone.province(self.lang)
    }

    /// The page of the zone's province.
    pub fn province_href(&self) -> String {
        self.links.province(&crate::data::Province::slug_of(self.zone.props.province.as_str()), self.lang)
    }

    /// The batch number.
    pub fn batch_no(&self) -> u8 {
        self.batch.batch.get()
    }

    /// The zone's page, in the page's language.
    pub fn href(&self) -> String {
        self.links.zone(self.slug(), self.lang)
    }

    /// The page of the zone's batch.
    pub fn batch_href(&self) -> String {
        self.links.batch(self.batch.batch, self.lang)
    }

    /// Whether the zone has been merged, replaced or revoked.
    pub fn is_former(&self) -> bool {
        self.zone.is_former()
    }

    /// For a former zone, what became of it, e.g. "Replaced on 2025-04-25, into Hainan Island".
    pub fn former_note(&self) -> Option<String> {
        let p = &self.zone.props;
        if !self.zone.is_former() {
            return None;
        }
        let date = p.status_date.as_ref().map_or("", |d| d.as_str());
        // The successor by name in the page's language (the loader checks it exists).
        let into = p.merged_into.as_ref().map(|slug| {
            self.index.get(slug.as_str()).map_or(slug.as_str(), |z| z.name(self.lang))
        });
        Some(Ui(self.lang).former_note(&p.status, date, into))
    }
}

/// One batch in the legend and the list: its zones, and whether the reader's filter shows it.
#[derive(Debug, Clone)]
pub struct BatchGroup<'a> {
    /// The batch.
    pub batch: &'a Batch,
    /// All its zones, former ones included, each with whether the filter admits it.
    pub zones: Vec<(ZoneView<'a>, bool)>,
    /// How complete its record is (active, identified and designated zones).
    pub roster: Roster,
    /// Whether the batch's toggle is on.
    pub shown: bool,
}

pub use crate::query::{LIST_PAGE_SIZE, list_pages};

/// Whether the list holds only the zones the filter admits. With fewer than [`clusters::CLUSTER_FROM`]
/// zones it holds every zone and hides the others, so that the script can filter it in place.
/// From there on the script does not have every zone, its filters reload the page, and a page
/// of the list is a page of what the filter admits (a search finds its zone on page 1, not on
/// whichever page the whole list had it).
pub fn lists_admitted_only(index: &ZoneIndex) -> bool {
    clusters::groups_zones(index)
}

impl<'a> BatchGroup<'a> {
    /// Every batch of `index` with the zones of list page `page` (1-based), marking which
    /// `filter` admits (only those past [`clusters::CLUSTER_FROM`] zones: [`lists_admitted_only`]). Zones
    /// are in index order (batch, then name), so a page is a slice of it.
    pub fn all(index: &'a ZoneIndex, filter: &ZoneFilter, lang: Lang, page: usize, links: Links<'a>) -> Vec<BatchGroup<'a>> {
        let admitted_only = lists_admitted_only(index);
        // One pass over the zones, which stops at the page's end (a search of 100,000 zones
        // folds every name once, not once per batch).
        let listed: Vec<&Zone> = index
            .zones()
            .iter()
            .filter(|z| !admitted_only || filter.admits(z))
            .skip(page.saturating_sub(1) * LIST_PAGE_SIZE)
            .take(LIST_PAGE_SIZE)
            .collect();
        index
            .batches()
            .iter()
            .map(|batch| BatchGroup {
                batch,
                zones: listed
                    .iter()
                    .filter(|z| z.props.batch == batch.batch)
                    .map(|&zone| (ZoneView { zone, batch, lang, links, index }, filter.admits(zone)))
                    .collect(),
                roster: index.roster(batch.batch).unwrap_or(Roster { batch: batch.batch, designated: None, identified: 0, active: 0 }),
                shown: filter.shows_batch(batch.batch),
            })
            .collect()
    }

    /// The batch number.
    pub fn number(&self) -> u8 {
        self.batch.batch.get()
    }

    /// The batch's own page.
    pub fn href(&self, links: &Links<'_>, lang: &Lang) -> String {
        links.batch(self.batch.batch, *lang)
    }
}
