//! Reads a data file into validated [`Zone`]s and [`Batch`]es, reporting every problem with its
//! line and column.
//!
//! serde_json's `RawValue` keeps each feature and each property as a slice of the original text,
//! so a problem found anywhere (a bad type deep in a property, a duplicate id, a batch that is not
//! declared) can be reported at its exact place. Properties are read one by one so that one bad
//! field does not hide the next.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

use super::error::{DataError, DataErrors, Part, Pos};
use super::zone::{Batch, BatchNo, IsoDate, Slug, Source, Status, Text, Zone, ZoneProps};

/// How far (great-circle km) a logistics link may reach from its zone's point and still be
/// that zone's: a LineString must start or end within it, a Point must lie within it. Wide enough
/// for a depot across a metropolitan area or an airport serving a prefecture (Hong Kong's airport
/// is 60 km from Guangzhou's Nansha), narrow enough to catch a link filed under the wrong zone.
const NEAR_ZONE_KM: f64 = 150.0;

/// China's extent in WGS84, generous at the edges (the South China Sea reaches about 3.8°N).
/// A city seat outside it is a typo, or `[lat, lon]` written the wrong way round.
const CHINA_LON: std::ops::RangeInclusive<f64> = 73.0..=136.0;
const CHINA_LAT: std::ops::RangeInclusive<f64> = 3.0..=54.0;

/// The validated contents of a data file.
#[derive(Debug, Clone)]
pub struct Dataset {
    /// Batches in file order.
    pub batches: Vec<Batch>,
    /// Zones in file order.
    pub zones: Vec<Zone>,
    /// The day the file's facts were last revised (top-level `"updated"`): what pages give as
    /// the data's modification date. A fact about the file, written by whoever edits it; the
    /// file's mtime would only say when it was copied.
    pub updated: Option<IsoDate>,
    /// Things `check` points out without refusing the file (a zone with no specialties...).
    pub warnings: Vec<DataError>,
}

/// The largest data file read: about 250 times today's, room for the 100,000-zone scale test,
/// and a bound on what a stray or hostile file can cost (parsing takes about three times the
/// file's size in memory).
pub const MAX_FILE_BYTES: u64 = 160 * 1024 * 1024;

/// Reads and validates the file at `path`; `path` as given names the file in every error.
pub fn load_file(path: &Path) -> Result<Dataset, DataErrors> {
    let label = path.display().to_string();
    let refuse = |message: String| Err(DataErrors(vec![DataError { file: label.clone(), pos: Pos { line: 1, col: 1 }, part: Part::File, message }]));
    match std::fs::metadata(path) {
        Ok(m) if m.len() > MAX_FILE_BYTES => {
            return refuse(format!("the file is {} MB; the limit is {} MB", m.len() / (1024 * 1024), MAX_FILE_BYTES / (1024 * 1024)));
        }
        Ok(_) => {}
        Err(e) => return refuse(format!("cannot read the file: {e}")),
    }
    match std::fs::read_to_string(path) {
        Ok(text) => parse(&label, &text),
        Err(e) => refuse(format!("cannot read the file: {e}")),
    }
}

/// Validates `text`, naming it `file` in errors. A leading byte-order mark (which some Windows
/// editors write) is skipped: it is not part of the JSON, and refusing it would only puzzle.
pub fn parse(file: &str, text: &str) -> Result<Dataset, DataErrors> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut cx = Cx { file, text, line_starts: line_starts(text), errors: Vec::new(), warnings: Vec::new(), last_col: std::cell::Cell::new((0, 1)) };
    let mut dataset = cx.dataset();
    if cx.errors.is_empty() {
        cx.warnings.sort_by_key(|e| (e.pos.line, e.pos.col));
        dataset.warnings = cx.warnings;
        Ok(dataset)
    } else {
        cx.errors.sort_by_key(|e| (e.pos.line, e.pos.col));
        Err(DataErrors(cx.errors))
    }
}

fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect()
}

#[derive(Deserialize)]
struct RawTop<'a> {
    #[serde(rename = "type", borrow)]
    kind: Option<&'a RawValue>,
    #[serde(borrow)]
    batches: Option<&'a RawValue>,
    #[serde(borrow)]
    updated: Option<&'a RawValue>,
    #[serde(borrow)]
    features: Option<&'a RawValue>,
}

#[derive(Deserialize)]
struct RawFeature<'a> {
    #[serde(rename = "type", borrow)]
    kind: Option<&'a RawValue>,
    #[serde(borrow)]
    id: Option<&'a RawValue>,
    #[serde(borrow)]
    geometry: Option<&'a RawValue>,
    #[serde(borrow)]
    properties: Option<&'a RawValue>,
}

/// Byte offsets into the text are kept until a problem is reported: turning one into a line and
/// column counts characters, which on a minified one-line file is linear in its size.
///
/// What cross-feature checks need to know of a feature, even one that failed its own checks,
/// so that one bad field does not hide a duplicate id or an undeclared batch elsewhere.
#[derive(Default)]
struct Seen {
    slug: Option<(Slug, usize)>,
    batch: Option<(BatchNo, usize)>,
    approved: Option<(IsoDate, usize)>,
    merged_into: Option<(Slug, usize)>,
    former: bool,
}

/// The parsing context: the text, its line index and the problems found so far.
struct Cx<'t> {
    file: &'t str,
    text: &'t str,
    line_starts: Vec<usize>,
    errors: Vec<DataError>,
    warnings: Vec<DataError>,
    /// The last (offset, column) computed, to count columns on from (see `pos_at`); starts at
    /// the first character, column 1.
    last_col: std::cell::Cell<(usize, usize)>,
}

impl<'t> Cx<'t> {
    /// Line and column of a byte offset. Problems come mostly in file order, so the column is
    /// counted on from the last position asked for when it is earlier on the same line.
    fn pos_at(&self, offset: usize) -> Pos {
        let line = self.line_starts.partition_point(|&s| s <= offset);
        let start = self.line_starts[line - 1];
        let (last_offset, last_col) = self.last_col.get();
        let (from, base) = if (start..=offset).contains(&last_offset) { (last_offset, last_col) } else { (start, 1) };
        let col = base + self.text.get(from..offset).map_or(0, |s| s.chars().count());
        self.last_col.set((offset, col));
        Pos { line, col }
    }

    /// Byte offset of a raw value, which is always a slice of `self.text`.
    fn offset_of(&self, raw: &RawValue) -> usize {
        (raw.get().as_ptr() as usize).saturating_sub(self.text.as_ptr() as usize)
    }

    /// Position of a raw value.
    fn pos_of(&self, raw: &RawValue) -> Pos {
        self.pos_at(self.offset_of(raw))
    }

    /// Position of a serde_json error raised while parsing `raw` on its own.
    fn pos_in(&self, raw: &RawValue, e: &serde_json::Error) -> Pos {
        let start = self.pos_of(raw);
        match e.line() {
            0 => start,
            1 => Pos { line: start.line, col: start.col + e.column().saturating_sub(1) },
            n => Pos { line: start.line + n - 1, col: e.column().max(1) },
        }
    }

    fn err_at(&mut self, offset: usize, part: &Part, message: impl Into<String>) {
        let pos = self.pos_at(offset);
        self.err(pos, part, message);
    }

    fn err(&mut self, pos: Pos, part: &Part, message: impl Into<String>) {
        self.errors.push(DataError { file: self.file.to_owned(), pos, part: part.clone(), message: message.into() });
    }

    /// Parses `raw` as `T`, reporting a failure at its exact position.
    fn value<T: Deserialize<'t>>(&mut self, raw: &'t RawValue, part: &Part, what: &str) -> Option<T> {
        match serde_json::from_str(raw.get()) {
            Ok(v) => Some(v),
            Err(e) => {
                let pos = self.pos_in(raw, &e);
                self.err(pos, part, format!("{what}: {}", strip_position(&e)));
                None
            }
        }
    }

    fn dataset(&mut self) -> Dataset {
        let empty = Dataset { batches: Vec::new(), zones: Vec::new(), updated: None, warnings: Vec::new() };
        let text = self.text;
        let top: RawTop<'t> = match serde_json::from_str(text) {
            Ok(top) => top,
            Err(e) => {
                let pos = Pos { line: e.line().max(1), col: e.column().max(1) };
                self.err(pos, &Part::File, format!("not a JSON object: {}", strip_position(&e)));
                return empty;
            }
        };
        let start = Pos { line: 1, col: 1 };
        match top.kind {
            None => self.err(start, &Part::File, "missing \"type\": a GeoJSON FeatureCollection is expected"),
            Some(raw) => {
                if self.value::<String>(raw, &Part::File, "type").is_some_and(|t| t != "FeatureCollection") {
                    let pos = self.pos_of(raw);
                    self.err(pos, &Part::File, "\"type\" must be \"FeatureCollection\"");
                }
            }
        }
        let batches = match top.batches {
            None => {
                self.err(start, &Part::File, "missing \"batches\": each batch is described once, at the top of the file");
                Vec::new()
            }
            Some(raw) => self.batches(raw),
        };
        let (batches, batch_at): (Vec<Batch>, Vec<usize>) = batches.into_iter().unzip();
        let updated = match top.updated {
            None => {
                let message = "warning: no \"updated\" date at the top of the file: pages cannot say when the data last changed";
                self.warnings.push(DataError { file: self.file.to_owned(), pos: start, part: Part::File, message: message.into() });
                None
            }
            Some(raw) => self.value::<IsoDate>(raw, &Part::File, "\"updated\""),
        };
        let Some(features) = top.features else {
            self.err(start, &Part::File, "missing \"features\"");
            return Dataset { batches, zones: Vec::new(), updated, warnings: Vec::new() };
        };
        let Some(features) = self.value::<Vec<&RawValue>>(features, &Part::File, "\"features\" must be an array") else {
            return Dataset { batches, zones: Vec::new(), updated, warnings: Vec::new() };
        };
        let mut zones = Vec::new();
        let mut seen = Vec::new();
        for (i, raw) in features.into_iter().enumerate() {
            let mut s = Seen::default();
            zones.extend(self.feature(i, raw, &mut s));
            seen.push(s);
        }
        self.cross_check(&batches, &seen);
        self.check_rosters(&batches, &batch_at, &seen);
        Dataset { batches, zones, updated, warnings: Vec::new() }
    }

    /// The declared batches, each with the offset of its entry (where roster problems are
    /// reported).
    fn batches(&mut self, raw: &'t RawValue) -> Vec<(Batch, usize)> {
        let Some(entries) = self.value::<Vec<&RawValue>>(raw, &Part::File, "\"batches\" must be an array") else {
            return Vec::new();
        };
        let mut batches: Vec<(Batch, usize)> = Vec::new();
        for (i, raw) in entries.into_iter().enumerate() {
            let part = Part::Batch(i);
            let Some(batch) = self.value::<Batch>(raw, &part, "invalid batch") else { continue };
            let pos = self.pos_of(raw);
            if batches.iter().any(|(b, _)| b.batch == batch.batch) {
                self.err(pos, &part, format!("batch {} is declared twice", batch.batch));
            } else if batch.sources.is_empty() {
                self.err(pos, &part, format!("batch {} has no source: a batch list needs its notice", batch.batch));
            } else {
                batches.push((batch, self.offset_of(raw)));
            }
        }
        batches
    }

    fn feature(&mut self, index: usize, raw: &'t RawValue, seen: &mut Seen) -> Option<Zone> {
        let feature_at = self.offset_of(raw);
        let raw_feature: RawFeature<'t> = self.value(raw, &Part::Feature(index, None), "not a GeoJSON Feature object")?;
        // The id names the feature in every later message, so read it first.
        let slug = match raw_feature.id {
            None => {
                self.err_at(feature_at, &Part::Feature(index, None), "missing \"id\": the zone's slug, e.g. \"xian\"");
                None
            }
            Some(id) => {
                let id_text = serde_json::from_str::<String>(id.get()).ok();
                let part = Part::Feature(index, id_text);
                let slug = self.value::<Slug>(id, &part, "invalid \"id\"");
                seen.slug = slug.clone().map(|s| (s, self.offset_of(id)));
                slug
            }
        };
        let part = Part::Feature(index, slug.as_ref().map(|s| s.to_string()));
        match raw_feature.kind {
            Some(kind) if self.value::<String>(kind, &part, "type").is_some_and(|t| t != "Feature") => {
                let pos = self.pos_of(kind);
                self.err(pos, &part, "\"type\" must be \"Feature\"");
            }
            Some(_) => {}
            None => self.err_at(feature_at, &part, "missing \"type\": \"Feature\""),
        }
        let point = match raw_feature.geometry {
            None => {
                self.err_at(feature_at, &part, "missing \"geometry\": a Point at the city seat");
                None
            }
            Some(raw) => self.point(raw, &part),
        };
        let props = match raw_feature.properties {
            None => {
                self.err_at(feature_at, &part, "missing \"properties\"");
                None
            }
            Some(raw) => self.properties(raw, &part, seen),
        };
        let ((lon, lat), props, slug) = (point?, props?, slug?);
        let zone = Zone { slug, lon, lat, props };
        let links_ok = self.links_are_near(&zone, &part, raw_feature.properties.map_or(feature_at, |p| self.offset_of(p)));
        self.warn_if_thin(&zone, &part, feature_at);
        links_ok.then_some(zone)
    }

    /// Each drawn logistics link is a Point or LineString that touches its zone, and names the
    /// gazetteer entries its points come from.
    fn links_are_near(&mut self, zone: &Zone, part: &Part, at: usize) -> bool {
        let before = self.errors.len();
        for link in &zone.props.logistics {
            let Some(geometry) = &link.geometry else { continue };
            let name = link.name.as_str();
            let positions: Vec<(f64, f64)> = match &geometry.value {
                geojson::GeometryValue::Point { coordinates } => vec![(coordinates[0], coordinates[1])],
                geojson::GeometryValue::LineString { coordinates } if coordinates.len() >= 2 => {
                    coordinates.iter().map(|c| (c[0], c[1])).collect()
                }
                _ => {
                    self.err_at(at, part, format!("logistics {name:?}: geometry must be a Point or a LineString of two or more positions"));
                    continue;
                }
            };
            // A route may end abroad (a freighter to Liège, a train to Duisburg); the end at the
            // zone is held to NEAR_ZONE_KM below, which also catches a [lat, lon] slip there.
            if positions.iter().any(|(lon, lat)| !(-180.0..=180.0).contains(lon) || !(-85.0..=85.0).contains(lat)) {
                self.err_at(at, part, format!("logistics {name:?}: a position is not a [lon, lat] on the map"));
                continue;
            }
            let near = |&(lon, lat): &(f64, f64)| km_between((lon, lat), (zone.lon, zone.lat)) <= NEAR_ZONE_KM;
            let touches = match positions.as_slice() {
                [only] => near(only),
                [first, .., last] => near(first) || near(last),
                [] => false,
            };
            if !touches {
                self.err_at(at, part, format!("logistics {name:?}: neither end is within {NEAR_ZONE_KM} km of the zone"));
            }
            if link.ends.len() != positions.len() {
                self.err_at(at, part, format!("logistics {name:?}: \"ends\" must name the gazetteer entry of each of its {} positions", positions.len()));
            }
        }
        self.errors.len() == before
    }

    /// A zone the reader would learn little from is allowed, but `check` says so.
    fn warn_if_thin(&mut self, zone: &Zone, part: &Part, at: usize) {
        let p = &zone.props;
        for (empty, what) in [(p.specialties.is_empty(), "specialties"), (p.logistics.is_empty(), "logistics links")] {
            if empty {
                let pos = self.pos_at(at);
                self.warnings.push(DataError { file: self.file.to_owned(), pos, part: part.clone(), message: format!("warning: no {what} recorded") });
            }
        }
        // Names a reader sees: a zero-width or bidirectional character there hides or reorders
        // text on screen (a "Shenzhen" that is not Shenzhen), so it is pointed out.
        let names = [("name", p.name.as_str()), ("name_zh", p.name_zh.as_str()), ("province", p.province.as_str()), ("province_zh", p.province_zh.as_str())]
            .into_iter()
            .chain(p.specialties.iter().map(|s| ("a specialty's name", s.name.as_str())))
            .chain(p.logistics.iter().map(|l| ("a logistics link's name", l.name.as_str())));
        for (field, text) in names {
            if let Some(c) = text.chars().find(|&c| super::zone::invisible_or_bidi(c)) {
                let pos = self.pos_at(at);
                let message = format!("warning: {field} {text:?} contains the invisible or bidirectional character U+{:04X}", c as u32);
                self.warnings.push(DataError { file: self.file.to_owned(), pos, part: part.clone(), message });
            }
        }
    }

    /// Reads the geometry with the geojson crate and checks it is a Point inside China.
    fn point(&mut self, raw: &'t RawValue, part: &Part) -> Option<(f64, f64)> {
        let geometry: geojson::Geometry = self.value(raw, part, "invalid GeoJSON geometry")?;
        let at = self.offset_of(raw);
        let geojson::GeometryValue::Point { coordinates } = geometry.value else {
            self.err_at(at, part, "geometry must be a Point at the city seat");
            return None;
        };
        let &[lon, lat] = coordinates.as_slice() else {
            self.err_at(at, part, "a Point needs exactly two numbers, [lon, lat]");
            return None;
        };
        if CHINA_LON.contains(&lon) && CHINA_LAT.contains(&lat) {
            return Some((lon, lat));
        }
        let hint = if CHINA_LON.contains(&lat) && CHINA_LAT.contains(&lon) {
            ": it looks like [lat, lon]; GeoJSON wants [lon, lat]"
        } else {
            ""
        };
        self.err_at(at, part, format!("coordinates [{lon}, {lat}] are outside China{hint}"));
        None
    }

    fn properties(&mut self, raw: &'t RawValue, part: &Part, seen: &mut Seen) -> Option<ZoneProps> {
        let map = self.value::<BTreeMap<String, &'t RawValue>>(raw, part, "\"properties\" must be an object")?;
        let props_at = self.offset_of(raw);
        let mut fields = Fields { cx: self, map: &map, part, at: props_at };
        let name = fields.req::<Text>("name");
        let name_zh = fields.req::<Text>("name_zh");
        let province = fields.req::<Text>("province");
        let province_zh = fields.req::<Text>("province_zh");
        let batch = fields.req::<BatchNo>("batch");
        let approved = fields.req::<IsoDate>("approved");
        let status = fields.opt::<Status>("status").unwrap_or(Some(Status::Active));
        let status_date = fields.opt::<IsoDate>("status_date");
        let merged_into = fields.opt::<Slug>("merged_into");
        let specialties = fields.opt("specialties").unwrap_or(Some(Vec::new()));
        let logistics = fields.opt("logistics").unwrap_or(Some(Vec::new()));
        let figures = fields.opt("figures").unwrap_or(Some(Vec::new()));
        let sources = fields.req::<Vec<Source>>("sources");
        let seat = fields.opt("seat");
        seen.batch = batch.map(|b| (b, fields.at("batch")));
        seen.approved = approved.clone().map(|d| (d, fields.at("approved")));
        seen.merged_into = merged_into.clone().flatten().map(|s| (s, fields.at("merged_into")));
        seen.former = !matches!(status, Some(Status::Active));
        let props = (|| {
            Some(ZoneProps {
                name: name?,
                name_zh: name_zh?,
                province: province?,
                province_zh: province_zh?,
                batch: batch?,
                approved: approved?,
                status: status?,
                status_date: status_date.flatten(),
                merged_into: merged_into.flatten(),
                specialties: specialties?,
                logistics: logistics?,
                figures: figures?,
                sources: sources?,
                seat: seat.flatten(),
            })
        })();
        props.filter(|p| self.props_are_consistent(p, part, props_at))
    }

    /// Rules within one zone: a source to back each claim, a date for a former zone.
    fn props_are_consistent(&mut self, p: &ZoneProps, part: &Part, at: usize) -> bool {
        let before = self.errors.len();
        if p.sources.is_empty() {
            self.err_at(at, part, "\"sources\" is empty: a zone needs at least one source");
        }
        let cited = p.specialties.iter().map(|s| &s.source)
            .chain(p.logistics.iter().map(|l| &l.source))
            .chain(p.figures.iter().map(|f| &f.source));
        for url in cited {
            if !p.sources.iter().any(|s| &s.url == url) {
                self.err_at(at, part, format!("{:?} is cited but not listed in \"sources\"", url.as_str()));
            }
        }
        if p.status == Status::Active && (p.status_date.is_some() || p.merged_into.is_some()) {
            self.err_at(at, part, "an active zone has no \"status_date\" or \"merged_into\"");
        }
        if p.status != Status::Active && p.status_date.is_none() {
            self.err_at(at, part, "a merged, replaced or revoked zone needs \"status_date\"");
        }
        if p.status == Status::Revoked && p.merged_into.is_some() {
            self.err_at(at, part, "a revoked zone has no successor: use \"replaced\" with \"merged_into\"");
        }
        self.errors.len() == before
    }

    /// Each batch's roster against its reply: a zone it revokes must be a former zone of this
    /// file (an error), and a batch with fewer zones than its reply designates is pointed out
    /// (a warning: the site counts the rest as not yet identified, which is the truth).
    fn check_rosters(&mut self, batches: &[Batch], batch_at: &[usize], seen: &[Seen]) {
        for (i, (b, &at)) in batches.iter().zip(batch_at).enumerate() {
            let part = Part::Batch(i);
            for slug in &b.revokes {
                match seen.iter().find(|s| s.slug.as_ref().is_some_and(|(s, _)| s == slug)) {
                    None => self.err_at(at, &part, format!("batch {} revokes {:?}, which is not a zone in this file", b.batch, slug.as_str())),
                    Some(s) if !s.former => {
                        self.err_at(at, &part, format!("batch {} revokes {:?}, but that zone's status is \"active\"", b.batch, slug.as_str()))
                    }
                    Some(_) => {}
                }
            }
            let identified = seen.iter().filter(|s| s.batch.is_some_and(|(n, _)| n == b.batch)).count();
            let message = match b.designated.map(usize::from) {
                None => format!("warning: batch {} does not say how many zones its reply designates (\"designated\")", b.batch),
                Some(d) if identified < d => format!("warning: batch {}'s reply designates {d} zones and {identified} are in this file: {} not yet identified", b.batch, d - identified),
                Some(d) if identified > d => format!("warning: batch {}'s reply designates {d} zones but {identified} are in this file", b.batch),
                Some(_) => continue,
            };
            let pos = self.pos_at(at);
            self.warnings.push(DataError { file: self.file.to_owned(), pos, part, message });
        }
    }

    /// Rules across features and batches.
    fn cross_check(&mut self, batches: &[Batch], seen: &[Seen]) {
        let mut first_at: HashMap<&Slug, usize> = HashMap::new();
        let active: HashSet<&Slug> = seen.iter().filter(|s| !s.former).filter_map(|s| s.slug.as_ref().map(|(slug, _)| slug)).collect();
        for (i, s) in seen.iter().enumerate() {
            let part = Part::Feature(i, s.slug.as_ref().map(|(slug, _)| slug.to_string()));
            if let Some((slug, pos)) = &s.slug {
                if let Some(first) = first_at.get(slug) {
                    self.err_at(*pos, &part, format!("duplicate id {:?}: feature #{first} has it too", slug.as_str()));
                } else {
                    first_at.insert(slug, i);
                }
            }
            if let Some((batch, pos)) = s.batch {
                match batches.iter().find(|b| b.batch == batch) {
                    None => self.err_at(pos, &part, format!("batch {batch} is not declared in \"batches\"")),
                    Some(b) => {
                        if let Some((approved, pos)) = s.approved.as_ref().filter(|(d, _)| *d != b.approved) {
                            let msg = format!("approved {} differs from batch {batch}'s date {}", approved.as_str(), b.approved.as_str());
                            self.err_at(*pos, &part, msg);
                        }
                    }
                }
            }
            if let Some((into, pos)) = s.merged_into.as_ref().filter(|(into, _)| !active.contains(into)) {
                self.err_at(*pos, &part, format!("merged_into {:?} is not an active zone in this file", into.as_str()));
            }
        }
    }
}

/// Reads the properties of one feature by name, reporting each problem at its place.
struct Fields<'c, 't, 'm> {
    cx: &'c mut Cx<'t>,
    map: &'m BTreeMap<String, &'t RawValue>,
    part: &'m Part,
    /// Offset of the properties object, where a missing field is reported.
    at: usize,
}

impl Fields<'_, '_, '_> {
    /// A required field; `None` after reporting it missing or invalid.
    fn req<T: DeserializeOwned>(&mut self, key: &str) -> Option<T> {
        match self.opt(key) {
            Some(v) => v,
            None => {
                let pos = self.cx.pos_at(self.at);
                self.cx.err(pos, self.part, format!("missing required property \"{key}\""));
                None
            }
        }
    }

    /// An optional field: `None` when absent, `Some(None)` when present but invalid.
    fn opt<T: DeserializeOwned>(&mut self, key: &str) -> Option<Option<T>> {
        let raw = self.map.get(key)?;
        Some(self.cx.value(raw, self.part, &format!("invalid \"{key}\"")))
    }

    /// Where a field's value is written, or the properties object when it is absent.
    fn at(&self, key: &str) -> usize {
        self.map.get(key).map_or(self.at, |raw| self.cx.offset_of(raw))
    }
}

/// Great-circle distance in km (haversine; the Earth as a 6371 km sphere is plenty here).
fn km_between((lon1, lat1): (f64, f64), (lon2, lat2): (f64, f64)) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let (dp, dl) = ((lat2 - lat1).to_radians(), (lon2 - lon1).to_radians());
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0 * a.sqrt().asin()
}

/// serde_json appends " at line L column C" relative to the slice it parsed; we print the
/// absolute position in front instead.
fn strip_position(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_owned(),
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_are_great_circle_km() {
        // Hong Kong International Airport to Nansha, about 60 km; Beijing to Shanghai, about 1070 km.
        assert!((km_between((113.915, 22.309), (113.568, 22.804)) - 65.0).abs() < 5.0);
        assert!((km_between((116.40, 39.90), (121.47, 31.23)) - 1068.0).abs() < 10.0);
    }

    #[test]
    fn positions_count_lines_and_characters() {
        let text = "ab\n中文x\n";
        let cx = Cx { file: "f", text, line_starts: line_starts(text), errors: Vec::new(), warnings: Vec::new(), last_col: std::cell::Cell::new((0, 1)) };
        assert_eq!(cx.pos_at(0), Pos { line: 1, col: 1 });
        assert_eq!(cx.pos_at(3), Pos { line: 2, col: 1 });
        assert_eq!(cx.pos_at(9), Pos { line: 2, col: 3 }, "columns count characters, not bytes");
    }

    #[test]
    fn columns_are_the_same_in_any_order_of_asking() {
        let text = "{\"a\": \"中文\", \"b\": [1, 2, 3], \"c\": \"x\"}";
        let fresh = || Cx { file: "f", text, line_starts: line_starts(text), errors: Vec::new(), warnings: Vec::new(), last_col: std::cell::Cell::new((0, 1)) };
        let offsets: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        let forward: Vec<Pos> = { let cx = fresh(); offsets.iter().map(|&o| cx.pos_at(o)).collect() };
        let backward: Vec<Pos> = { let cx = fresh(); offsets.iter().rev().map(|&o| cx.pos_at(o)).collect() };
        assert_eq!(forward, backward.into_iter().rev().collect::<Vec<_>>());
        assert_eq!(forward.last().map(|p| p.col), Some(text.chars().count()));
    }
}
