//! Reads a data file into validated [`Zone`]s and [`Batch`]es, reporting every problem with its
//! line and column.
//!
//! The file is read as a stream and never held whole: serde_json reads it through [`Tracked`],
//! which keeps count of lines and characters, and the top-level members and each feature are
//! taken one at a time as raw text (`RawValue`) and placed in the file by that count. Within one
//! such piece, every property is read one by one as a slice of the piece, so a problem found
//! anywhere (a bad type deep in a property, a duplicate id, a batch that is not declared) is
//! reported at its exact place, and one bad field does not hide the next. Holding the file's
//! text beside the zones built from it had cost its size again at the peak (379 MB for a 149 MB
//! file, `bench/scale`).

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::io::Read;
use std::path::Path;
use std::rc::Rc;

use serde::Deserialize;
use serde::de::{self, DeserializeOwned, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
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
/// and a bound on what a stray or hostile file can cost (the zones built from a file take about
/// one and a half times its size).
pub const MAX_FILE_BYTES: u64 = 160 * 1024 * 1024;

/// Reads and validates the file at `path`; `path` as given names the file in every error.
pub fn load_file(path: &Path) -> Result<Dataset, DataErrors> {
    let label = path.display().to_string();
    let refuse = |message: String| Err(DataErrors(vec![DataError { file: label.clone(), pos: Pos { line: 1, col: 1 }, part: Part::File, message }]));
    let file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(e) => return refuse(format!("cannot read the file: {e}")),
    };
    let len = match file.metadata() {
        Ok(m) if m.len() > MAX_FILE_BYTES => {
            return refuse(format!("the file is {} MB; the limit is {} MB", m.len() / (1024 * 1024), MAX_FILE_BYTES / (1024 * 1024)));
        }
        Ok(m) => m.len(),
        Err(e) => return refuse(format!("cannot read the file: {e}")),
    };
    // The limit again as the bytes come: the file may grow after its size was read.
    let mut file = file.take(MAX_FILE_BYTES + 1);
    if len > READ_WHOLE_BYTES {
        return parse_reader(&label, file);
    }
    let mut bytes = Vec::new();
    match file.read_to_end(&mut bytes) {
        Ok(_) => parse_reader(&label, bytes.as_slice()),
        Err(e) => refuse(format!("cannot read the file: {e}")),
    }
}

/// Files up to this size are read at once, then parsed; larger ones are parsed as they are read.
/// Reading at once takes a millisecond, a parse longer (a tenth of a second for today's file in
/// a debug build): an editor that rewrites the file in place is then far less likely to cut
/// the read short (which is refused, and the watcher's next event reads the new version). The
/// reload test rewrites the file every quarter second and saw every stream-read version cut.
/// A stream is what keeps a large file's text from costing its size beside its zones.
const READ_WHOLE_BYTES: u64 = 16 * 1024 * 1024;

/// Validates `text`, naming it `file` in errors.
pub fn parse(file: &str, text: &str) -> Result<Dataset, DataErrors> {
    parse_reader(file, text.as_bytes())
}

/// Validates what `reader` gives, naming it `file` in errors. A leading byte-order mark (which
/// some Windows editors write) is skipped: it is not part of the JSON, and refusing it would
/// only puzzle.
pub fn parse_reader(file: &str, reader: impl Read) -> Result<Dataset, DataErrors> {
    let reader = Tracked::new(reader);
    let taken = Rc::clone(&reader.taken);
    let mut report = Report { file: file.to_owned(), errors: Vec::new(), warnings: Vec::new() };
    let mut top = Top::default();
    let mut de = serde_json::Deserializer::from_reader(reader);
    let read = de::Deserializer::deserialize_map(&mut de, TopVisitor { report: &mut report, taken: &taken, top: &mut top }).and_then(|()| de.end());
    if let Err(e) = read {
        // A file that is not JSON throughout is reported as that alone: what was found in
        // its pieces before the break may be the break's doing.
        let (pos, message) = if e.is_io() {
            (Pos { line: 1, col: 1 }, format!("cannot read the file: {}", strip_position(&e)))
        } else {
            (syntax_error_pos(&e, taken.borrow_mut().sync()), format!("not a JSON object: {}", strip_position(&e)))
        };
        return Err(DataErrors(vec![DataError { file: file.to_owned(), pos, part: Part::File, message }]));
    }
    let dataset = report.finish_top(top);
    if report.errors.is_empty() {
        report.warnings.sort_by_key(|e| (e.pos.line, e.pos.col));
        Ok(Dataset { warnings: report.warnings, ..dataset })
    } else {
        report.errors.sort_by_key(|e| (e.pos.line, e.pos.col));
        Err(DataErrors(report.errors))
    }
}

/// A reader that counts the lines and characters serde_json takes, so that each value it hands
/// over whole can be placed in the file ([`Track::start_of`], through [`Taken::place`]). It
/// buffers the file itself, and counts what was taken in bulk (when the buffer is refilled or
/// a value is placed): serde_json reads a byte at a time.
struct Tracked<R> {
    inner: R,
    taken: Rc<RefCell<Taken>>,
}

/// The buffer, shared between the reader and whoever places values.
struct Taken {
    buf: Box<[u8]>,
    at: usize,
    end: usize,
    /// How much of the buffer the track has counted.
    counted: usize,
    started: bool,
    track: Track,
}

const READ_BUFFER: usize = 64 * 1024;

impl<R: Read> Tracked<R> {
    fn new(inner: R) -> Tracked<R> {
        let taken = Taken { buf: vec![0; READ_BUFFER].into_boxed_slice(), at: 0, end: 0, counted: 0, started: false, track: Track::new() };
        Tracked { inner, taken: Rc::new(RefCell::new(taken)) }
    }
}

impl Taken {
    /// Counts what has been taken since the last count.
    fn sync(&mut self) -> &mut Track {
        self.track.take(&self.buf[self.counted..self.at]);
        self.counted = self.at;
        &mut self.track
    }

    /// Where `raw`, the value just read, starts in the file.
    fn place(&mut self, raw: &str) -> Pos {
        self.sync().start_of(raw)
    }

    fn fill(&mut self, inner: &mut impl Read) -> std::io::Result<()> {
        self.sync();
        (self.at, self.end, self.counted) = (0, 0, 0);
        self.end = inner.read(&mut self.buf)?;
        if !self.started {
            self.started = true;
            // The byte-order mark, if any, needs its three bytes in hand.
            while self.end < 3 {
                let n = inner.read(&mut self.buf[self.end..])?;
                if n == 0 {
                    break;
                }
                self.end += n;
            }
            if self.buf[..self.end].starts_with("\u{feff}".as_bytes()) {
                (self.at, self.counted) = (3, 3);
            }
        }
        Ok(())
    }
}

impl<R: Read> Read for Tracked<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let taken = &mut *self.taken.borrow_mut();
        if taken.at == taken.end {
            taken.fill(&mut self.inner)?;
        }
        let n = out.len().min(taken.end - taken.at);
        if n == 1 {
            // What serde_json asks for, byte by byte: no call to copy one.
            out[0] = taken.buf[taken.at];
        } else {
            out[..n].copy_from_slice(&taken.buf[taken.at..taken.at + n]);
        }
        taken.at += n;
        Ok(n)
    }
}

/// How far into the file serde_json has read.
#[derive(Debug)]
struct Track {
    /// Characters taken so far.
    chars: u64,
    /// The line being read, from 1.
    line: usize,
    /// For the line being read and each line begun since the last value was placed: its number
    /// and the characters taken before it.
    line_starts: Vec<(usize, u64)>,
    /// The last byte taken.
    last: u8,
    /// Characters in the line the last line break ended, the break not counted.
    last_line_chars: u64,
}

impl Track {
    fn new() -> Track {
        Track { chars: 0, line: 1, line_starts: vec![(1, 0)], last: 0, last_line_chars: 0 }
    }

    fn take(&mut self, bytes: &[u8]) {
        for &b in bytes {
            // Characters are counted by their first bytes (UTF-8 continuation bytes are 10xxxxxx).
            if b & 0xC0 != 0x80 {
                self.chars += 1;
            }
            if b == b'\n' {
                let line_start = self.line_starts.last().map_or(0, |&(_, c)| c);
                self.last_line_chars = self.chars - 1 - line_start;
                self.line += 1;
                self.line_starts.push((self.line, self.chars));
            }
            self.last = b;
        }
    }

    /// Where `raw`, the value just read, starts: what has been taken, less the value itself.
    /// serde_json reads one byte past a number to see it has ended (every other value ends on
    /// its own last byte), so that byte is set aside too. Forgets the lines before, which no
    /// later value can start on.
    fn start_of(&mut self, raw: &str) -> Pos {
        let (mut chars, mut line) = (self.chars, self.line);
        if raw.ends_with(|c: char| c.is_ascii_digit()) {
            chars -= u64::from(self.last & 0xC0 != 0x80);
            line -= usize::from(self.last == b'\n');
        }
        chars = chars.saturating_sub(raw.chars().count() as u64);
        line = line.saturating_sub(raw.bytes().filter(|&b| b == b'\n').count()).max(1);
        let line_start = self.line_starts.iter().rev().find(|(l, _)| *l == line).map_or(0, |&(_, c)| c);
        self.line_starts.drain(..self.line_starts.len() - 1);
        Pos { line, col: usize::try_from(chars.saturating_sub(line_start)).unwrap_or(usize::MAX - 1) + 1 }
    }
}

/// Where serde_json's syntax error `e` is. It places a line break that breaks a string (an
/// unclosed quote, the likeliest slip) at column 0 of the next line; the line with the string,
/// at its last character, is the helpful place (and the one serde_json gave when this loader
/// parsed the whole text from memory).
fn syntax_error_pos(e: &serde_json::Error, track: &Track) -> Pos {
    if !e.is_eof() && e.column() == 0 && e.line() > 1 && e.line() == track.line {
        let col = usize::try_from(track.last_line_chars).unwrap_or(usize::MAX).max(1);
        return Pos { line: e.line() - 1, col };
    }
    Pos { line: e.line().max(1), col: e.column().max(1) }
}

/// The problems found so far, in every piece of the file.
struct Report {
    file: String,
    errors: Vec<DataError>,
    warnings: Vec<DataError>,
}

/// What the top-level members gave, as they came.
#[derive(Default)]
struct Top {
    kind: bool,
    /// The declared batches, each with where its entry starts (where roster problems are
    /// reported).
    batches: Option<Vec<(Batch, Pos)>>,
    updated: Option<Option<IsoDate>>,
    /// Whether `features` was there, and an array.
    features: Option<bool>,
    zones: Vec<Zone>,
    seen: Vec<Seen>,
}

/// Reads the top-level object member by member, each feature as it comes.
struct TopVisitor<'a> {
    report: &'a mut Report,
    taken: &'a RefCell<Taken>,
    top: &'a mut Top,
}

impl<'de> Visitor<'de> for TopVisitor<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a GeoJSON FeatureCollection")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let TopVisitor { report, taken, top } = self;
        let place = |raw: &RawValue| taken.borrow_mut().place(raw.get());
        while let Some(key) = map.next_key::<String>()? {
            let repeated = match key.as_str() {
                "type" => top.kind,
                "batches" => top.batches.is_some(),
                "updated" => top.updated.is_some(),
                "features" => top.features.is_some(),
                _ => false,
            };
            if repeated {
                return Err(de::Error::custom(format_args!("duplicate field `{key}`")));
            }
            match key.as_str() {
                "type" => {
                    top.kind = true;
                    let raw: Box<RawValue> = map.next_value()?;
                    Cx::new(report, raw.get(), place(&raw)).kind(&raw);
                }
                "batches" => {
                    let raw: Box<RawValue> = map.next_value()?;
                    top.batches = Some(Cx::new(report, raw.get(), place(&raw)).batches(&raw));
                }
                "updated" => {
                    let raw: Box<RawValue> = map.next_value()?;
                    top.updated = Some(Cx::new(report, raw.get(), place(&raw)).value::<IsoDate>(&raw, &Part::File, "\"updated\""));
                }
                "features" => {
                    // Placed now, while the key is the last thing read, for a value that is not an array.
                    let key_at = taken.borrow_mut().place("\"features\"");
                    let not_an_array = map.next_value_seed(Features { report, taken, zones: &mut top.zones, seen: &mut top.seen })?;
                    top.features = Some(not_an_array.is_none());
                    if let Some(found) = not_an_array {
                        let message = format!("\"features\" must be an array: invalid type: {found}, expected a sequence");
                        report.errors.push(DataError { file: report.file.clone(), pos: key_at, part: Part::File, message });
                    }
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

/// The `features` array, each feature checked and built as it is read. Yields what was found
/// instead when it is not an array.
struct Features<'a> {
    report: &'a mut Report,
    taken: &'a RefCell<Taken>,
    zones: &'a mut Vec<Zone>,
    seen: &'a mut Vec<Seen>,
}

impl<'de> DeserializeSeed<'de> for Features<'_> {
    type Value = Option<&'static str>;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Features<'_> {
    type Value = Option<&'static str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of GeoJSON Features")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut index = 0;
        while let Some(raw) = seq.next_element::<Box<RawValue>>()? {
            let base = self.taken.borrow_mut().place(raw.get());
            let mut seen = Seen::default();
            self.zones.extend(Cx::new(self.report, raw.get(), base).feature(index, &raw, &mut seen));
            self.seen.push(seen);
            index += 1;
        }
        Ok(None)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Some("map"))
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
        Ok(Some("string"))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(Some("boolean"))
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(Some("integer"))
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(Some("integer"))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(Some("floating point"))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Some("null"))
    }
}

impl Report {
    /// The checks that need the whole file, once it has been read.
    fn finish_top(&mut self, top: Top) -> Dataset {
        let start = Pos { line: 1, col: 1 };
        let file_err = |report: &mut Report, message: &str| report.errors.push(DataError { file: report.file.clone(), pos: start, part: Part::File, message: message.to_owned() });
        if !top.kind {
            file_err(self, "missing \"type\": a GeoJSON FeatureCollection is expected");
        }
        let batches = top.batches.unwrap_or_else(|| {
            file_err(self, "missing \"batches\": each batch is described once, at the top of the file");
            Vec::new()
        });
        let (batches, batch_at): (Vec<Batch>, Vec<Pos>) = batches.into_iter().unzip();
        let updated = top.updated.unwrap_or_else(|| {
            let message = "warning: no \"updated\" date at the top of the file: pages cannot say when the data last changed";
            self.warnings.push(DataError { file: self.file.clone(), pos: start, part: Part::File, message: message.into() });
            None
        });
        match top.features {
            None => file_err(self, "missing \"features\""),
            // Zones are checked against each other and against their batches only when there
            // is a list of them.
            Some(false) => {}
            Some(true) => {
                self.cross_check(&batches, &top.seen);
                self.check_rosters(&batches, &batch_at, &top.seen);
            }
        }
        Dataset { batches, zones: top.zones, updated, warnings: Vec::new() }
    }

    /// Each batch's roster against its reply: a zone it revokes must be a former zone of this
    /// file (an error), and a batch with fewer zones than its reply designates is pointed out
    /// (a warning: the site counts the rest as not yet identified, which is the truth).
    fn check_rosters(&mut self, batches: &[Batch], batch_at: &[Pos], seen: &[Seen]) {
        for (i, (b, &at)) in batches.iter().zip(batch_at).enumerate() {
            let part = Part::Batch(i);
            for slug in &b.revokes {
                match seen.iter().find(|s| s.slug.as_ref().is_some_and(|(s, _)| s == slug)) {
                    None => self.err(at, &part, format!("batch {} revokes {:?}, which is not a zone in this file", b.batch, slug.as_str())),
                    Some(s) if !s.former => {
                        self.err(at, &part, format!("batch {} revokes {:?}, but that zone's status is \"active\"", b.batch, slug.as_str()))
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
            self.warnings.push(DataError { file: self.file.clone(), pos: at, part, message });
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
                    self.err(*pos, &part, format!("duplicate id {:?}: feature #{first} has it too", slug.as_str()));
                } else {
                    first_at.insert(slug, i);
                }
            }
            if let Some((batch, pos)) = s.batch {
                match batches.iter().find(|b| b.batch == batch) {
                    None => self.err(pos, &part, format!("batch {batch} is not declared in \"batches\"")),
                    Some(b) => {
                        if let Some((approved, pos)) = s.approved.as_ref().filter(|(d, _)| *d != b.approved) {
                            let msg = format!("approved {} differs from batch {batch}'s date {}", approved.as_str(), b.approved.as_str());
                            self.err(*pos, &part, msg);
                        }
                    }
                }
            }
            if let Some((into, pos)) = s.merged_into.as_ref().filter(|(into, _)| !active.contains(into)) {
                self.err(*pos, &part, format!("merged_into {:?} is not an active zone in this file", into.as_str()));
            }
        }
    }

    fn err(&mut self, pos: Pos, part: &Part, message: impl Into<String>) {
        self.errors.push(DataError { file: self.file.clone(), pos, part: part.clone(), message: message.into() });
    }
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

/// What cross-feature checks need to know of a feature, even one that failed its own checks,
/// so that one bad field does not hide a duplicate id or an undeclared batch elsewhere.
#[derive(Default)]
struct Seen {
    slug: Option<(Slug, Pos)>,
    batch: Option<(BatchNo, Pos)>,
    approved: Option<(IsoDate, Pos)>,
    merged_into: Option<(Slug, Pos)>,
    former: bool,
}

fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect()
}

/// The context for one piece of the file (a top-level member, a feature): its text, where it
/// starts in the file, and the report its problems go to. Byte offsets into the piece are kept
/// until a problem is reported: turning one into a line and column counts characters.
struct Cx<'r, 't> {
    report: &'r mut Report,
    text: &'t str,
    /// Where the piece starts in the file.
    base: Pos,
    line_starts: Vec<usize>,
    /// The last (offset, column) computed, to count columns on from (see `pos_at`); starts at
    /// the first character, column 1.
    last_col: std::cell::Cell<(usize, usize)>,
}

impl<'r, 't> Cx<'r, 't> {
    fn new(report: &'r mut Report, text: &'t str, base: Pos) -> Cx<'r, 't> {
        Cx { report, text, base, line_starts: line_starts(text), last_col: std::cell::Cell::new((0, 1)) }
    }

    /// Line and column in the file of a byte offset into the piece. Problems come mostly in
    /// order, so the column is counted on from the last position asked for when it is earlier
    /// on the same line.
    fn pos_at(&self, offset: usize) -> Pos {
        let line = self.line_starts.partition_point(|&s| s <= offset);
        let start = self.line_starts[line - 1];
        let (last_offset, last_col) = self.last_col.get();
        let (from, base) = if (start..=offset).contains(&last_offset) { (last_offset, last_col) } else { (start, 1) };
        let col = base + self.text.get(from..offset).map_or(0, |s| s.chars().count());
        self.last_col.set((offset, col));
        // The piece's first line goes on from where the piece starts in the file.
        if line == 1 { Pos { line: self.base.line, col: self.base.col + col - 1 } } else { Pos { line: self.base.line + line - 1, col } }
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
        self.report.errors.push(DataError { file: self.report.file.clone(), pos, part: part.clone(), message: message.into() });
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

    /// The top-level `type`, which must say what the file is.
    fn kind(&mut self, raw: &'t RawValue) {
        if self.value::<String>(raw, &Part::File, "type").is_some_and(|t| t != "FeatureCollection") {
            let pos = self.pos_of(raw);
            self.err(pos, &Part::File, "\"type\" must be \"FeatureCollection\"");
        }
    }

    /// The declared batches, each with where its entry starts (where roster problems are
    /// reported).
    fn batches(&mut self, raw: &'t RawValue) -> Vec<(Batch, Pos)> {
        let Some(entries) = self.value::<Vec<&RawValue>>(raw, &Part::File, "\"batches\" must be an array") else {
            return Vec::new();
        };
        let mut batches: Vec<(Batch, Pos)> = Vec::new();
        for (i, raw) in entries.into_iter().enumerate() {
            let part = Part::Batch(i);
            let Some(batch) = self.value::<Batch>(raw, &part, "invalid batch") else { continue };
            let pos = self.pos_of(raw);
            if batches.iter().any(|(b, _)| b.batch == batch.batch) {
                self.err(pos, &part, format!("batch {} is declared twice", batch.batch));
            } else if batch.sources.is_empty() {
                self.err(pos, &part, format!("batch {} has no source: a batch list needs its notice", batch.batch));
            } else {
                batches.push((batch, pos));
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
                seen.slug = slug.clone().map(|s| (s, self.pos_of(id)));
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
        let before = self.report.errors.len();
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
        self.report.errors.len() == before
    }

    /// A zone the reader would learn little from is allowed, but `check` says so.
    fn warn_if_thin(&mut self, zone: &Zone, part: &Part, at: usize) {
        let p = &zone.props;
        for (empty, what) in [(p.specialties.is_empty(), "specialties"), (p.logistics.is_empty(), "logistics links")] {
            if empty {
                let pos = self.pos_at(at);
                self.report.warnings.push(DataError { file: self.report.file.clone(), pos, part: part.clone(), message: format!("warning: no {what} recorded") });
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
                self.report.warnings.push(DataError { file: self.report.file.clone(), pos, part: part.clone(), message });
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
        let before = self.report.errors.len();
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
        self.report.errors.len() == before
    }

}

/// Reads the properties of one feature by name, reporting each problem at its place.
struct Fields<'c, 'r, 't, 'm> {
    cx: &'c mut Cx<'r, 't>,
    map: &'m BTreeMap<String, &'t RawValue>,
    part: &'m Part,
    /// Offset of the properties object, where a missing field is reported.
    at: usize,
}

impl Fields<'_, '_, '_, '_> {
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
    fn at(&self, key: &str) -> Pos {
        self.cx.pos_at(self.map.get(key).map_or(self.at, |raw| self.cx.offset_of(raw)))
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
        let mut r = report();
        let cx = Cx::new(&mut r, text, Pos { line: 1, col: 1 });
        assert_eq!(cx.pos_at(0), Pos { line: 1, col: 1 });
        assert_eq!(cx.pos_at(3), Pos { line: 2, col: 1 });
        assert_eq!(cx.pos_at(9), Pos { line: 2, col: 3 }, "columns count characters, not bytes");
        let mut r = report();
        let cx = Cx::new(&mut r, text, Pos { line: 7, col: 5 });
        assert_eq!([cx.pos_at(1), cx.pos_at(9)], [Pos { line: 7, col: 6 }, Pos { line: 8, col: 3 }], "a piece's first line goes on from where it starts");
    }

    fn report() -> Report {
        Report { file: "f".into(), errors: Vec::new(), warnings: Vec::new() }
    }

    #[test]
    fn each_value_read_whole_is_placed_where_it_starts() {
        // Every kind of value, after Chinese characters and across lines. The tracker has taken
        // the text up to the value's end, and one byte more after a number (as serde_json reads).
        let text = "{\"名\": \"中文\",\n  \"a\": [1, {\"b\":\n 2}],\n\"n\": 12.5\n, \"t\": true}";
        for raw in ["\"中文\"", "[1, {\"b\":\n 2}]", "12.5", "true"] {
            let at = text.find(raw).expect("in the text");
            let line = text[..at].matches('\n').count() + 1;
            let col = text[..at].rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            let mut track = Track::new();
            track.take(text[..at + raw.len() + usize::from(raw == "12.5")].as_bytes());
            assert_eq!(track.start_of(raw), Pos { line, col }, "{raw}");
        }
    }

    #[test]
    fn the_reader_skips_a_byte_order_mark_and_counts_what_it_gives() {
        let mut reader = Tracked::new("\u{feff}{\"中\":\n1}".as_bytes());
        let mut out = String::new();
        reader.read_to_string(&mut out).expect("read");
        assert_eq!(out, "{\"中\":\n1}");
        let mut taken = reader.taken.borrow_mut();
        let track = taken.sync();
        assert_eq!((track.chars, track.line), (8, 2));
    }

    #[test]
    fn columns_are_the_same_in_any_order_of_asking() {
        let text = "{\"a\": \"中文\", \"b\": [1, 2, 3], \"c\": \"x\"}";
        let (mut r1, mut r2) = (report(), report());
        let offsets: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        let forward: Vec<Pos> = { let cx = Cx::new(&mut r1, text, Pos { line: 1, col: 1 }); offsets.iter().map(|&o| cx.pos_at(o)).collect() };
        let backward: Vec<Pos> = { let cx = Cx::new(&mut r2, text, Pos { line: 1, col: 1 }); offsets.iter().rev().map(|&o| cx.pos_at(o)).collect() };
        assert_eq!(forward, backward.into_iter().rev().collect::<Vec<_>>());
        assert_eq!(forward.last().map(|p| p.col), Some(text.chars().count()));
    }
}
