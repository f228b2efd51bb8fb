//! The typed zone model: what a zone, a batch and their parts are once the data file has been
//! validated. Every value with rules is a newtype that checks them in `TryFrom<String>`, so serde
//! rejects a bad value at the place it occurs and the rest of the program can trust the types.

use std::fmt;
use std::num::NonZeroU8;

use serde::{Deserialize, Serialize};

use crate::lang::Lang;

/// A zone's identifier in URLs and in the data file: lowercase ASCII words joined by `-`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Slug(String);

impl Slug {
    /// The slug as it appears in URLs.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Slug {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        let well_formed = !s.is_empty()
            && s.len() <= 64
            && s.split('-').all(|word| {
                !word.is_empty() && word.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            });
        if well_formed {
            Ok(Slug(s))
        } else {
            Err(format!("{s:?} is not a slug (lowercase ascii letters and digits, words joined by '-')"))
        }
    }
}

impl From<Slug> for String {
    fn from(s: Slug) -> String {
        s.0
    }
}

/// A slug reads as the string it is (it is one, checked).
impl std::ops::Deref for Slug {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A designation batch number: 1 for Hangzhou's 2015 batch, counting up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u64", into = "u8")]
pub struct BatchNo(NonZeroU8);

impl BatchNo {
    /// The number as printed in legends and URLs.
    pub fn get(self) -> u8 {
        self.0.get()
    }
}

impl TryFrom<u64> for BatchNo {
    type Error = String;
    fn try_from(n: u64) -> Result<Self, String> {
        u8::try_from(n)
            .ok()
            .and_then(NonZeroU8::new)
            .map(BatchNo)
            .ok_or_else(|| format!("batch must be a whole number from 1 to 255, not {n}"))
    }
}

impl From<BatchNo> for u8 {
    fn from(b: BatchNo) -> u8 {
        b.get()
    }
}

impl fmt::Display for BatchNo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A calendar date written `YYYY-MM-DD` (ISO 8601), e.g. the day the State Council signed a reply.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct IsoDate(String);

impl IsoDate {
    /// The date as written in the data.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The year, for legends.
    pub fn year(&self) -> &str {
        &self.0[..4]
    }
}

impl TryFrom<String> for IsoDate {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        let bad = || format!("{s:?} is not a date written YYYY-MM-DD");
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(bad());
        }
        let num = |r: std::ops::Range<usize>| s.get(r).and_then(|p| p.parse::<u32>().ok());
        let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
            return Err(bad());
        };
        let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
        let days = match m {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return Err(bad()),
        };
        if !(1900..=2100).contains(&y) || d == 0 || d > days {
            return Err(bad());
        }
        Ok(IsoDate(s))
    }
}

impl From<IsoDate> for String {
    fn from(d: IsoDate) -> String {
        d.0
    }
}

/// An absolute `http` or `https` URL. Anything else (`javascript:`, relative paths, spaces) is
/// refused, because these URLs become links that readers click.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct HttpUrl(String);

impl HttpUrl {
    /// The URL as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for HttpUrl {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        let rest = s
            .strip_prefix("https://")
            .or_else(|| s.strip_prefix("http://"))
            .ok_or_else(|| format!("{s:?} is not an http(s) URL"))?;
        let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
        if host.is_empty() || s.chars().any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>') {
            return Err(format!("{s:?} is not a well-formed http(s) URL"));
        }
        Ok(HttpUrl(s))
    }
}

impl From<HttpUrl> for String {
    fn from(u: HttpUrl) -> String {
        u.0
    }
}

/// A colour written `#rrggbb`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Colour(String);

impl Colour {
    /// The colour as written, safe to put in an attribute.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Colour {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        let ok = s.len() == 7 && s.starts_with('#') && s[1..].bytes().all(|b| b.is_ascii_hexdigit());
        if ok { Ok(Colour(s.to_ascii_lowercase())) } else { Err(format!("{s:?} is not a colour written #rrggbb")) }
    }
}

impl From<Colour> for String {
    fn from(c: Colour) -> String {
        c.0
    }
}

/// Text that must not be blank once trimmed (names, titles).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Text(String);

impl Text {
    /// The text as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Text {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        if s.trim().is_empty() {
            return Err("must not be empty".to_owned());
        }
        // Text lands in HTML, SVG (XML) and CSV: a character XML 1.0 forbids would make the
        // server-drawn map ill-formed and its PNG undrawable, so it is refused here, once.
        if let Some(c) = s.chars().find(|&c| forbidden_in_xml(c)) {
            return Err(format!("contains the control character U+{:04X}, which no page, map or CSV can carry", c as u32));
        }
        Ok(Text(s))
    }
}

/// Characters XML 1.0 does not allow (C0 controls other than tab, line feed and carriage
/// return; U+FFFE and U+FFFF). Also used by the SVG writer, as a second line of defence.
pub fn forbidden_in_xml(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
}

/// Invisible and bidirectional formatting characters (zero-width spaces and joiners, bidi
/// embeddings, overrides and isolates, the BOM): legal, but in a name they hide text or reorder
/// it on screen, so `check` points them out.
pub fn invisible_or_bidi(c: char) -> bool {
    matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

impl From<Text> for String {
    fn from(t: Text) -> String {
        t.0
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Where a fact comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// What the source is called, in its own language.
    pub title: Text,
    /// Where to read it.
    pub url: HttpUrl,
}

/// One designation batch, described once in the data file's `batches` member.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Batch {
    /// The batch's number, 1 for the first.
    pub batch: BatchNo,
    /// The day the State Council signed its reply.
    pub approved: IsoDate,
    /// The reply's document number, e.g. 国函〔2015〕44号.
    pub document: Text,
    /// The reply's title in English.
    pub title: Text,
    /// The reply's title in Chinese.
    pub title_zh: Text,
    /// Marker and legend colour.
    pub colour: Colour,
    /// Where the list and the date come from.
    pub sources: Vec<Source>,
    /// Caveats about the sources, e.g. a date that is the publication date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<Text>,
    /// How many zones the reply designates, as its text states. Fewer zones of the batch in the
    /// file means some are not yet identified; every count the site shows says so.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub designated: Option<u16>,
    /// The day the reply was signed, where a source gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signed: Option<IsoDate>,
    /// The day the reply was made public, where a source gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub released: Option<IsoDate>,
    /// Zones of earlier batches that this reply revoked (each a former zone in the file).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub revokes: Vec<Slug>,
}

/// How goods move along a logistics link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Airports and air cargo.
    Air,
    /// Seaports and shipping.
    Sea,
    /// Rail freight, e.g. China–Europe trains.
    Rail,
    /// Trucking, e.g. road feeder services.
    Road,
    /// Comprehensive bonded zones, bonded logistics centres.
    Bonded,
    /// Land border crossings.
    Border,
}

impl Mode {
    /// Every mode, in legend order.
    pub const ALL: [Mode; 6] = [Mode::Air, Mode::Sea, Mode::Rail, Mode::Road, Mode::Bonded, Mode::Border];

    /// The lowercase name used in data and CSS classes.
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Air => "air",
            Mode::Sea => "sea",
            Mode::Rail => "rail",
            Mode::Road => "road",
            Mode::Bonded => "bonded",
            Mode::Border => "border",
        }
    }
}

/// Something a zone trades or makes.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Specialty {
    /// In English.
    pub name: Text,
    /// In Chinese, where written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_zh: Option<Text>,
    /// URL of one of the zone's `sources` that says so.
    pub source: HttpUrl,
}

/// A port, airport, rail terminal, road service, bonded zone or border crossing serving a zone.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Logistics {
    /// In English.
    pub name: Text,
    /// In Chinese, where written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_zh: Option<Text>,
    /// How goods move.
    pub mode: Mode,
    /// Endpoints or what the link does, in English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
    /// The same in Chinese.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description_zh: Option<Text>,
    /// URL of one of the zone's `sources` that says so.
    pub source: HttpUrl,
    /// Where the link runs: a LineString from end to end, or a Point for a node (an airport, a
    /// bonded zone). Drawn on the map; filled in by `scripts/link_ends.py` from `ends`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geometry: Option<geojson::Geometry>,
    /// The places the geometry joins, in order, each with the gazetteer entry its point comes from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ends: Vec<LinkEnd>,
}

/// One end of a logistics link on the map.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LinkEnd {
    /// The place, in English.
    pub name: Text,
    /// The place, in Chinese.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_zh: Option<Text>,
    /// Gazetteer reference of its point, e.g. `geonames:8540821` or `airportsdata:HKG`.
    pub gazetteer: Text,
}

/// A figure a source gives for a zone, with its year.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Figure {
    /// What is measured, in English.
    pub label: Text,
    /// The same in Chinese.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label_zh: Option<Text>,
    /// The value as the source states it, with its unit.
    pub value: Text,
    /// The same in Chinese.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_zh: Option<Text>,
    /// The year the figure is for.
    pub year: u16,
    /// URL of one of the zone's `sources` that says so.
    pub source: HttpUrl,
}

/// Whether a zone is still a zone of its own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Designated and not since merged, replaced or revoked.
    Active,
    /// Folded into another zone.
    Merged,
    /// Replaced by another, usually larger, zone.
    Replaced,
    /// Withdrawn by the State Council, with no successor named.
    Revoked,
}

/// The place the zone's point stands for, and the gazetteer entry its coordinates come from.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Seat {
    /// The gazetteer's name for the place.
    pub name: Text,
    /// Its GeoNames id; absent when the place is not in GeoNames and another gazetteer is used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geonameid: Option<u64>,
    /// Which gazetteer, at which version.
    pub source: Text,
    /// Why this place stands for the zone, where that needs saying.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Text>,
}

/// A validated zone.
#[derive(Debug, Clone)]
pub struct Zone {
    /// Identifier in URLs.
    pub slug: Slug,
    /// Position of the city seat, WGS84.
    pub lon: f64,
    /// Position of the city seat, WGS84.
    pub lat: f64,
    /// Everything else the file says of it.
    pub props: ZoneProps,
}

/// The `properties` of a zone feature, as the data file writes them. `load` reads them field by
/// field (so that every bad field is reported, not only the first), hence no `Deserialize`.
#[derive(Debug, Clone, Serialize)]
pub struct ZoneProps {
    /// English name.
    pub name: Text,
    /// Chinese name.
    pub name_zh: Text,
    /// Province (or municipality or autonomous region) in English.
    pub province: Text,
    /// The same in Chinese.
    pub province_zh: Text,
    /// Designation batch.
    pub batch: BatchNo,
    /// Day the State Council approved the batch; must equal the batch's date.
    pub approved: IsoDate,
    /// Active unless merged, replaced or revoked.
    pub status: Status,
    /// When a former zone was merged, replaced or revoked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_date: Option<IsoDate>,
    /// The zone a former zone went into.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merged_into: Option<Slug>,
    /// What the zone trades and makes.
    pub specialties: Vec<Specialty>,
    /// How its goods move.
    pub logistics: Vec<Logistics>,
    /// Figures with their years.
    pub figures: Vec<Figure>,
    /// Where the facts come from; at least one.
    pub sources: Vec<Source>,
    /// Where the coordinates come from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seat: Option<Seat>,
}

impl Zone {
    /// The zone's name in `lang`.
    pub fn name(&self, lang: Lang) -> &str {
        lang.pick(self.props.name.as_str(), self.props.name_zh.as_str())
    }

    /// The short name the map writes beside its dot, in `lang`: the name without what a map
    /// does not need, since its place on the map says it. In English a parenthesis goes
    /// ("Taizhou (Zhejiang)"), an autonomous prefecture keeps its first word, the place ("Ili
    /// Kazakh Autonomous Prefecture"), and a trailing "Prefecture" goes; in Chinese a trailing
    /// 市 or 地区 goes ("杭州市", "喀什地区"). Always a prefix of the full name, which the
    /// marker's title, its accessible name and the panel keep.
    pub fn map_label(&self, lang: Lang) -> &str {
        short_name(self.name(lang), lang)
    }

    /// Its province in `lang`.
    pub fn province(&self, lang: Lang) -> &str {
        lang.pick(self.props.province.as_str(), self.props.province_zh.as_str())
    }

    /// True for a zone that has been merged into another, replaced or revoked.
    pub fn is_former(&self) -> bool {
        self.props.status != Status::Active
    }

    /// Whether it was a former zone on `day` (today when `None`): a zone merged, replaced or
    /// revoked later was still active then. A former zone with no `status_date` is taken as
    /// former on every day, since when it changed is not known.
    pub fn former_at(&self, day: Option<&IsoDate>) -> bool {
        self.is_former() && day.is_none_or(|d| self.props.status_date.as_ref().is_none_or(|changed| changed <= d))
    }
}

/// See [`Zone::map_label`].
fn short_name(name: &str, lang: Lang) -> &str {
    match lang {
        Lang::En => {
            let name = name.split_once(" (").map_or(name, |(head, _)| head);
            if name.ends_with(" Autonomous Prefecture") {
                return name.split(' ').next().unwrap_or(name);
            }
            name.strip_suffix(" Prefecture").unwrap_or(name)
        }
        Lang::Zh => {
            let short = name.strip_suffix('市').or_else(|| name.strip_suffix("地区")).unwrap_or(name);
            // A one-character remainder would be no name at all.
            if short.chars().count() >= 2 { short } else { name }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn map_labels_are_short_prefixes_of_the_names() {
        for (name, lang, want) in [
            ("Hangzhou", Lang::En, "Hangzhou"),
            ("Taizhou (Zhejiang)", Lang::En, "Taizhou"),
            ("Hainan Island (whole island)", Lang::En, "Hainan Island"),
            ("Ili Kazakh Autonomous Prefecture", Lang::En, "Ili"),
            ("Dehong Dai and Jingpo Autonomous Prefecture", Lang::En, "Dehong"),
            ("Kashgar Prefecture", Lang::En, "Kashgar"),
            ("Xiong'an New Area", Lang::En, "Xiong'an New Area"),
            ("杭州市", Lang::Zh, "杭州"),
            ("喀什地区", Lang::Zh, "喀什"),
            ("海南全岛", Lang::Zh, "海南全岛"),
            ("伊犁哈萨克自治州", Lang::Zh, "伊犁哈萨克自治州"),
            ("沙市", Lang::Zh, "沙市"),
        ] {
            assert_eq!(short_name(name, lang), want, "{name}");
            assert!(name.starts_with(want));
        }
    }

    #[test]
    fn slugs() {
        for ok in ["xian", "taizhou-zhejiang", "a1"] {
            assert!(Slug::try_from(ok.to_owned()).is_ok(), "{ok}");
        }
        for bad in ["", "Xian", "xi'an", "-x", "x-", "x--y", "xi an", "../etc", "é"] {
            assert!(Slug::try_from(bad.to_owned()).is_err(), "{bad}");
        }
    }

    #[test]
    fn dates() {
        for ok in ["2015-03-07", "2020-02-29", "2019-12-31"] {
            assert!(IsoDate::try_from(ok.to_owned()).is_ok(), "{ok}");
        }
        for bad in ["2015-3-7", "2019-02-29", "2015-13-01", "2015-00-10", "20150307xx", "2015/03/07", "２０１５-03-07"] {
            assert!(IsoDate::try_from(bad.to_owned()).is_err(), "{bad}");
        }
    }

    #[test]
    fn urls() {
        for ok in ["https://www.gov.cn/zhengce/x.htm", "http://example.org"] {
            assert!(HttpUrl::try_from(ok.to_owned()).is_ok(), "{ok}");
        }
        for bad in ["javascript:alert(1)", "ftp://x", "https://", "//example.org", "https://a b", "data:text/html,x", "https://x\"onmouseover=\""] {
            assert!(HttpUrl::try_from(bad.to_owned()).is_err(), "{bad}");
        }
    }

    #[test]
    fn text_refuses_what_xml_cannot_carry() {
        for bad in ["Ctl\u{1}X", "a\u{0}", "\u{b}x", "x\u{c}", "x\u{1f}", "x\u{fffe}", "x\u{ffff}"] {
            let err = Text::try_from(bad.to_owned()).expect_err(bad);
            assert!(err.contains("control character U+"), "{err}");
        }
        for ok in ["Xi'an", "tab\tand\nnewline", "中文", "e\u{301}", "x\u{200b}y"] {
            assert!(Text::try_from(ok.to_owned()).is_ok(), "{ok:?}");
        }
        assert!(invisible_or_bidi('\u{202e}') && invisible_or_bidi('\u{200b}') && !invisible_or_bidi('a'));
    }

    #[test]
    fn batches_and_colours() {
        assert!(BatchNo::try_from(0).is_err());
        assert!(BatchNo::try_from(256).is_err());
        assert_eq!(BatchNo::try_from(7).map(BatchNo::get), Ok(7));
        assert!(Colour::try_from("#A1b2c3".to_owned()).is_ok());
        for bad in ["red", "#abc", "#ggg000", "#a1b2c3;x"] {
            assert!(Colour::try_from(bad.to_owned()).is_err(), "{bad}");
        }
    }
}
