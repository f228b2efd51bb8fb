//! [`ZoneIndex`]: the loaded zones, ordered and indexed for the pages and the API, plus the
//! filters readers apply (batches, search text, former zones).

use std::collections::{BTreeSet, HashMap};

use super::load::Dataset;
use super::zone::{Batch, BatchNo, IsoDate, Zone};

/// Zones ordered by batch then English name, with lookups by slug and by batch.
#[derive(Debug, Clone)]
pub struct ZoneIndex {
    batches: Vec<Batch>,
    zones: Vec<Zone>,
    by_slug: HashMap<String, usize>,
    rosters: Vec<Roster>,
    updated: Option<IsoDate>,
}

/// How complete the record of one batch is: what its reply designates against what the data
/// identifies. Every count the site shows is built from these, so none can claim a batch is
/// complete when it is not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Roster {
    /// The batch.
    pub batch: BatchNo,
    /// Zones the reply designates, where the data says; `None` is taken as "all identified".
    pub designated: Option<usize>,
    /// Zones of the batch in the data, former ones included.
    pub identified: usize,
    /// Identified zones still active.
    pub active: usize,
}

impl Roster {
    /// Zones the reply designates that the data does not name yet.
    pub fn unidentified(&self) -> usize {
        self.designated.map_or(0, |d| d.saturating_sub(self.identified))
    }

    /// Zones of the batch still active, identified or not: the designated ones less those revoked
    /// or merged since.
    pub fn designated_active(&self) -> usize {
        self.active + self.unidentified()
    }
}

/// The rosters of a set of batches added up: what a count line on a page says.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Tally {
    /// Active zones designated in these batches, identified or not.
    pub designated_active: usize,
    /// Active zones identified.
    pub active: usize,
    /// Batches with zones not yet identified, and how many, in batch order.
    pub open: Vec<(BatchNo, usize)>,
}

impl Tally {
    /// Zones designated but not yet identified, in all.
    pub fn unidentified(&self) -> usize {
        self.open.iter().map(|(_, n)| n).sum()
    }
}

impl From<Dataset> for ZoneIndex {
    fn from(data: Dataset) -> Self {
        let mut batches = data.batches;
        batches.sort_by_key(|b| b.batch);
        let mut zones = data.zones;
        zones.sort_by(|a, b| (a.props.batch, a.props.name.as_str()).cmp(&(b.props.batch, b.props.name.as_str())));
        let by_slug = zones.iter().enumerate().map(|(i, z)| (z.slug.to_string(), i)).collect();
        let rosters = batches
            .iter()
            .map(|b| {
                let of_batch = || zones.iter().filter(|z| z.props.batch == b.batch);
                Roster {
                    batch: b.batch,
                    designated: b.designated.map(usize::from),
                    identified: of_batch().count(),
                    active: of_batch().filter(|z| !z.is_former()).count(),
                }
            })
            .collect();
        ZoneIndex { batches, zones, by_slug, rosters, updated: data.updated }
    }
}

impl ZoneIndex {
    /// Every batch, in order.
    pub fn batches(&self) -> &[Batch] {
        &self.batches
    }

    /// One batch by number.
    pub fn batch(&self, n: BatchNo) -> Option<&Batch> {
        self.batches.iter().find(|b| b.batch == n)
    }

    /// The day the data's facts were last revised, where the file says.
    pub fn updated(&self) -> Option<&IsoDate> {
        self.updated.as_ref()
    }

    /// Every zone, former ones included, by batch then name.
    pub fn zones(&self) -> &[Zone] {
        &self.zones
    }

    /// A zone by slug.
    pub fn get(&self, slug: &str) -> Option<&Zone> {
        self.by_slug.get(slug).map(|&i| &self.zones[i])
    }

    /// How complete batch `n`'s record is.
    pub fn roster(&self, n: BatchNo) -> Option<Roster> {
        self.rosters.iter().copied().find(|r| r.batch == n)
    }

    /// The rosters of the batches `filter` shows, added up (search text and former zones aside:
    /// a count line says how many zones exist against how many are on the map).
    pub fn tally(&self, filter: &ZoneFilter) -> Tally {
        let shown = self.rosters.iter().filter(|r| filter.shows_batch(r.batch));
        shown.fold(Tally::default(), |mut t, r| {
            t.designated_active += r.designated_active();
            t.active += r.active;
            if r.unidentified() > 0 {
                t.open.push((r.batch, r.unidentified()));
            }
            t
        })
    }

    /// Zones that batch `n`'s reply revoked, in the order the data lists them.
    pub fn revoked_by(&self, n: BatchNo) -> impl Iterator<Item = &Zone> {
        self.batch(n).into_iter().flat_map(|b| &b.revokes).filter_map(|slug| self.get(slug.as_str()))
    }

    /// Active zones of a batch.
    pub fn active_in(&self, n: BatchNo) -> impl Iterator<Item = &Zone> {
        self.zones.iter().filter(move |z| z.props.batch == n && !z.is_former())
    }

    /// Zones that pass `filter`, in index order.
    pub fn select<'a>(&'a self, filter: &'a ZoneFilter) -> impl Iterator<Item = &'a Zone> {
        self.zones.iter().filter(move |z| filter.admits(z))
    }
}

/// What a reader chose to see: some batches (all when empty), a search text, former zones or not.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ZoneFilter {
    /// Batches to show; empty means all.
    pub batches: BTreeSet<BatchNo>,
    /// Text to find in English or Chinese names or provinces, already trimmed.
    pub query: String,
    /// Whether former zones (merged, replaced or revoked) are shown.
    pub former: bool,
}

impl ZoneFilter {
    /// Whether `zone` passes.
    pub fn admits(&self, zone: &Zone) -> bool {
        let p = &zone.props;
        (self.batches.is_empty() || self.batches.contains(&p.batch))
            && (self.former || !zone.is_former())
            && (self.query.is_empty() || matches_query(zone, &self.query))
    }

    /// Whether batch `n` is shown.
    pub fn shows_batch(&self, n: BatchNo) -> bool {
        self.batches.is_empty() || self.batches.contains(&n)
    }
}

/// Case-insensitive match on names, provinces and slug; apostrophes, hyphens and any white space
/// are ignored so that "xian", "Xi'an" and "xi an" all find Xi'an. `static/app.js` folds the
/// same way; `tests/fixtures/search_cases.json` holds both to one table.
fn matches_query(zone: &Zone, query: &str) -> bool {
    let fold = |s: &str| s.chars().filter(|&c| !(matches!(c, '\'' | '’' | '-') || c.is_whitespace())).flat_map(char::to_lowercase).collect::<String>();
    let q = fold(query);
    let p = &zone.props;
    [p.name.as_str(), p.name_zh.as_str(), p.province.as_str(), p.province_zh.as_str(), zone.slug.as_str()]
        .iter()
        .any(|field| fold(field).contains(&q))
}
