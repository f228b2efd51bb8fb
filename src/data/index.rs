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
    provinces: Vec<Province>,
    updated: Option<IsoDate>,
}

/// A province-level division (province, autonomous region or municipality) that has zones, as
/// the data names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Province {
    /// In URLs: the English name in lower case, words joined by hyphens (`inner-mongolia`).
    pub slug: String,
    /// English name.
    pub name: String,
    /// Chinese name, in full (`广西壮族自治区`).
    pub name_zh: String,
}

impl Province {
    /// The slug for an English province name.
    pub fn slug_of(name: &str) -> String {
        slug_chars(name).collect()
    }

    /// Whether `name`'s slug is `slug`, without building it: the province filter asks this of
    /// every zone it looks at.
    pub fn has_slug(name: &str, slug: &str) -> bool {
        slug_chars(name).eq(slug.chars())
    }

    /// Its name in `lang`.
    pub fn name(&self, lang: crate::lang::Lang) -> &str {
        lang.pick(&self.name, &self.name_zh)
    }

    /// Whether a reader's `province=` value names it: the slug, or the Chinese name in full or
    /// without its suffix (`广东` for `广东省`, `新疆` for `新疆维吾尔自治区`).
    fn is_named(&self, value: &str) -> bool {
        value == self.slug || value == self.name_zh || (value.chars().count() >= 2 && self.name_zh.starts_with(value))
    }
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
    /// Whether the count is of one province's zones (whose unidentified zones, if any, are
    /// not known: `open` lists the batches, `designated_active` leaves them out).
    pub within_province: bool,
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
        let mut provinces: Vec<Province> = Vec::new();
        for z in &zones {
            let slug = Province::slug_of(z.props.province.as_str());
            if !provinces.iter().any(|p| p.slug == slug) {
                provinces.push(Province { slug, name: z.props.province.to_string(), name_zh: z.props.province_zh.to_string() });
            }
        }
        provinces.sort_by(|a, b| a.name.cmp(&b.name));
        ZoneIndex { batches, zones, by_slug, rosters, provinces, updated: data.updated }
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

    /// The provinces with zones, by English name.
    pub fn provinces(&self) -> &[Province] {
        &self.provinces
    }

    /// The province a reader's `province=` value names (see [`Province`]), if any.
    pub fn find_province(&self, value: &str) -> Option<&Province> {
        let value = value.trim();
        self.provinces.iter().find(|p| p.is_named(value) || p.is_named(&value.to_ascii_lowercase()))
    }

    /// A province by slug.
    pub fn province(&self, slug: &str) -> Option<&Province> {
        self.provinces.iter().find(|p| p.slug == slug)
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
    ///
    /// As of a date, only batches approved by then count, and zones revoked since count as
    /// active. Within one province only its identified zones count: where a batch's unidentified
    /// zones are is not known, so they are listed as open but not added to its total.
    pub fn tally(&self, filter: &ZoneFilter) -> Tally {
        let asof = filter.asof.as_ref();
        // Today's whole-country counts are the rosters'; a day or a province needs one pass
        // over the zones (not one per batch: this runs for every page rendered).
        let counted = (asof.is_some() || filter.province.is_some()).then(|| {
            let mut active = vec![0usize; self.rosters.len()];
            for z in self.zones.iter().filter(|z| !z.former_at(asof) && filter.in_province(z)) {
                if let Some(i) = self.rosters.iter().position(|r| r.batch == z.props.batch) {
                    active[i] += 1;
                }
            }
            active
        });
        let by_then = |(_, r): &(usize, &Roster)| self.batch(r.batch).is_some_and(|b| asof.is_none_or(|d| &b.approved <= d));
        let shown = self.rosters.iter().enumerate().filter(|(_, r)| filter.shows_batch(r.batch)).filter(by_then);
        shown.fold(Tally { within_province: filter.province.is_some(), ..Tally::default() }, |mut t, (i, r)| {
            let active = counted.as_ref().map_or(r.active, |c| c[i]);
            t.active += active;
            t.designated_active += if filter.province.is_some() { active } else { active + r.unidentified() };
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

/// What a reader chose to see: some batches (all when empty), one province, the map as of a
/// day, a search text, former zones or not.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ZoneFilter {
    /// Batches to show; empty means all.
    pub batches: BTreeSet<BatchNo>,
    /// Text to find in English or Chinese names or provinces, already trimmed.
    pub query: String,
    /// Whether former zones (merged, replaced or revoked) are shown.
    pub former: bool,
    /// One province's zones only: its slug.
    pub province: Option<String>,
    /// The map as it stood on this day: zones approved by then, each with the status it had.
    pub asof: Option<IsoDate>,
}

impl ZoneFilter {
    /// Every zone, former ones included.
    pub fn with_former() -> ZoneFilter {
        ZoneFilter { former: true, ..ZoneFilter::default() }
    }

    /// Whether `zone` passes.
    pub fn admits(&self, zone: &Zone) -> bool {
        let p = &zone.props;
        (self.batches.is_empty() || self.batches.contains(&p.batch))
            && self.asof.as_ref().is_none_or(|d| &p.approved <= d)
            && (self.former || !zone.former_at(self.asof.as_ref()))
            && self.in_province(zone)
            && (self.query.is_empty() || matches_query(zone, &self.query))
    }

    /// The one batch the filter shows when nothing else narrows it (no search, province or
    /// day): the views whose card and picture are that batch's.
    pub fn only_batch(&self) -> Option<BatchNo> {
        let narrowed = !self.query.is_empty() || self.province.is_some() || self.asof.is_some();
        (self.batches.len() == 1 && !narrowed).then(|| self.batches.first().copied()).flatten()
    }

    /// Whether `zone` is in the province the filter names, if it names one.
    pub fn in_province(&self, zone: &Zone) -> bool {
        self.province.as_deref().is_none_or(|slug| Province::has_slug(zone.props.province.as_str(), slug))
    }

    /// Whether batch `n` is shown.
    pub fn shows_batch(&self, n: BatchNo) -> bool {
        self.batches.is_empty() || self.batches.contains(&n)
    }
}

/// A name's words (ASCII letters and digits) in lower case, joined by hyphens.
fn slug_chars(name: &str) -> impl Iterator<Item = char> + '_ {
    let words = name.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty());
    words.enumerate().flat_map(|(i, w)| (i > 0).then_some('-').into_iter().chain(w.chars().map(|c| c.to_ascii_lowercase())))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn province_slugs_are_built_and_compared_alike() {
        for (name, slug) in [("Guangdong", "guangdong"), ("Inner Mongolia", "inner-mongolia"), ("  Hong-Kong  SAR ", "hong-kong-sar")] {
            assert_eq!(Province::slug_of(name), slug);
            assert!(Province::has_slug(name, slug), "{name}");
        }
        assert!(!Province::has_slug("Inner Mongolia", "inner"), "a prefix is not the slug");
        assert!(!Province::has_slug("Shanxi", "shaanxi"));
    }

    #[test]
    fn counts_by_day_and_province_agree_with_the_rosters_today() {
        let text = include_str!("../../tests/fixtures/roster.geojson");
        let index: ZoneIndex = crate::data::parse("roster.geojson", text).expect("valid").into();
        let today = index.tally(&ZoneFilter::default());
        // A day after every change takes the one-pass path and must give the rosters' answer.
        let later = index.tally(&ZoneFilter { asof: Some(IsoDate::try_from("2099-01-01".to_owned()).expect("date")), ..ZoneFilter::default() });
        assert_eq!((today.active, today.designated_active, &today.open), (later.active, later.designated_active, &later.open));
    }
}
