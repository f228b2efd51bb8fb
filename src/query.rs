//! Query strings of the pages and the API, parsed into named structs. Framework-free, so the
//! page view models and the tests use them too. Unknown parameters are ignored (CMSs and
//! newsletters append `utm_*` and the like); a known parameter with a bad value is a
//! [`QueryError`], which the server answers with 400 and the message.

use std::collections::BTreeSet;

use crate::data::{BatchNo, IsoDate, Slug, ZoneFilter, ZoneIndex, clusters};
use crate::lang::Lang;
use crate::drawing::PreviewSize;

/// Zones per page of the server-rendered list. The real data fits on one page; with thousands
/// of zones the list pages, so the HTML of `/` stays small (the map itself loads the API).
pub const LIST_PAGE_SIZE: usize = 500;

/// Number of list pages for `zones` zones (at least one): what `page=` may be.
pub fn list_pages(zones: usize) -> usize {
    zones.div_ceil(LIST_PAGE_SIZE).max(1)
}

/// Longest search text accepted; longer is surely not a place name.
const MAX_QUERY_CHARS: usize = 100;

/// A query-string problem, worded for the person who typed the URL.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct QueryError(pub String);

/// `/`: `batch`, `q`, `former`, `links`, `zone`, `lang`, `page`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MapQuery {
    /// Which zones the reader asked to see.
    pub filter: ZoneFilter,
    /// The zone whose panel is open (one of the index).
    pub zone: Option<Slug>,
    /// Interface language.
    pub lang: Lang,
    /// Whether every zone's logistics links are drawn.
    pub links: bool,
    /// Page of the server-rendered list, from 1.
    pub page: usize,
}

impl Default for MapQuery {
    fn default() -> MapQuery {
        MapQuery { filter: ZoneFilter::default(), zone: None, lang: Lang::default(), links: false, page: 1 }
    }
}

/// `/embed`: the contract's `batch`, `zone`, `lang`, `legend`, `title`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmbedQuery {
    /// The map part of the query.
    pub map: MapQuery,
    /// Whether the legend is shown.
    pub legend: bool,
    /// Whether the title is shown.
    pub title: bool,
    /// Colour scheme.
    pub theme: Theme,
}

/// The embed's colour scheme: `auto` follows the reader's system setting, as news sites with a
/// dark mode need.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Theme {
    /// Dark text on white, the default.
    #[default]
    Light,
    /// Light text on a dark background.
    Dark,
    /// Whichever the reader's system prefers.
    Auto,
}

impl Theme {
    /// The `theme` parameter's value, also the CSS class suffix.
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
            Theme::Auto => "auto",
        }
    }
}

/// `/zones/{slug}` and `/zones/{slug}/panel`: only `lang`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LangQuery {
    /// Interface language.
    pub lang: Lang,
}

/// The preview pictures: `lang`, and `size=small` for the half-size thumbnail.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PreviewQuery {
    /// The language of the picture's text.
    pub lang: Lang,
    /// Card or thumbnail.
    pub size: PreviewSize,
}

/// `/table`: the map's query plus `sort` (a column) and `order=desc`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TableQuery {
    /// Which zones, in which language.
    pub map: MapQuery,
    /// The column sorted by.
    pub sort: TableSort,
    /// Whether the order is descending.
    pub desc: bool,
}

/// A column of `/table`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum TableSort {
    /// Name in the page's language.
    Name,
    /// Province in the page's language.
    Province,
    /// Batch (then name): the programme's own order, the default.
    #[default]
    Batch,
    /// Approval date (then name).
    Approved,
    /// Number of specialties recorded (then name).
    Specialties,
}

impl TableSort {
    /// Every column, in the table's order.
    pub const ALL: [TableSort; 5] = [TableSort::Name, TableSort::Province, TableSort::Batch, TableSort::Approved, TableSort::Specialties];

    /// The `sort` parameter's value.
    pub fn as_str(self) -> &'static str {
        match self {
            TableSort::Name => "name",
            TableSort::Province => "province",
            TableSort::Batch => "batch",
            TableSort::Approved => "approved",
            TableSort::Specialties => "specialties",
        }
    }
}

impl TableQuery {
    /// Parses a query string: the map's parameters, `sort` and `order`.
    pub fn parse(qs: &str, index: &ZoneIndex) -> Result<TableQuery, QueryError> {
        let mut q = TableQuery { map: MapQuery::parse(qs, index)?.table_view(), ..TableQuery::default() };
        for (key, value) in form_urlencoded::parse(qs.as_bytes()) {
            match &*key {
                "sort" => {
                    q.sort = TableSort::ALL.into_iter().find(|s| s.as_str() == value).ok_or_else(|| {
                        QueryError(format!("sort: {value:?} is not a column (name, province, batch, approved or specialties)"))
                    })?
                }
                "order" => {
                    q.desc = match &*value {
                        "" | "asc" => false,
                        "desc" => true,
                        _ => return Err(QueryError(format!("order: {value:?} is not asc or desc"))),
                    }
                }
                _ => {}
            }
        }
        Ok(q)
    }

    /// Every parameter but `lang`, defaults left out.
    pub fn to_query(&self) -> String {
        let mut q = form_urlencoded::Serializer::new(self.map.to_query());
        if self.sort != TableSort::default() {
            q.append_pair("sort", self.sort.as_str());
        }
        if self.desc {
            q.append_pair("order", "desc");
        }
        q.finish()
    }
}

/// `/api/zones.geojson` and `/api/zones.csv`: `batch`, `former`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApiQuery {
    /// Which zones to include.
    pub filter: ZoneFilter,
}

/// `/api/clusters.json`: the API's filter and the reader's view of the map: `zoom` (whole,
/// 0–18), `bbox` (`west,south,east,north` in degrees; both required) and `zone` (the selected
/// zone, always on its own).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClusterQuery {
    /// Which zones to include.
    pub filter: ZoneFilter,
    /// The map's zoom.
    pub zoom: u8,
    /// West, south, east and north in hundred-thousandths of a degree (about a metre), held as
    /// whole numbers so that the query compares exactly, as every resource does.
    pub bbox: [i32; 4],
    /// The selected zone.
    pub zone: Option<Slug>,
}

/// The closest zoom `/api/clusters.json` takes (Leaflet's map stops at 12).
const MAX_CLUSTER_ZOOM: u8 = 18;

impl ClusterQuery {
    /// Parses a query string: the API's filter, then the view.
    pub fn parse(qs: &str, index: &ZoneIndex) -> Result<ClusterQuery, QueryError> {
        let filter = ApiQuery::parse(qs, index)?.filter;
        let (mut zoom, mut bbox, mut zone) = (None, None, None);
        for (key, value) in form_urlencoded::parse(qs.as_bytes()) {
            match &*key {
                "zoom" => zoom = Some(value.parse::<u8>().ok().filter(|z| *z <= MAX_CLUSTER_ZOOM).ok_or_else(|| QueryError(format!("zoom: {value:?} is not a whole zoom from 0 to {MAX_CLUSTER_ZOOM}")))?),
                "bbox" => bbox = Some(parse_bbox(&value)?),
                "zone" if value.is_empty() => zone = None,
                "zone" if index.get(&value).is_some() => zone = Slug::try_from(value.into_owned()).ok(),
                "zone" => return Err(QueryError(format!("zone: there is no zone {value:?}"))),
                _ => {}
            }
        }
        let zoom = zoom.ok_or_else(|| QueryError("zoom: missing (the map's zoom, e.g. zoom=4)".into()))?;
        let bbox = bbox.ok_or_else(|| QueryError("bbox: missing (west,south,east,north in degrees, e.g. bbox=73,17,135,54)".into()))?;
        Ok(ClusterQuery { filter, zoom, bbox, zone })
    }

    /// The filter's parameters, then `zoom`, `bbox` and `zone`.
    pub fn to_query(&self) -> String {
        let mut q = form_urlencoded::Serializer::new(ApiQuery { filter: self.filter.clone() }.to_query());
        q.append_pair("zoom", &self.zoom.to_string());
        q.append_pair("bbox", &self.bbox.map(|v| (f64::from(v) / BBOX_SCALE).to_string()).join(","));
        if let Some(zone) = &self.zone {
            q.append_pair("zone", zone);
        }
        q.finish()
    }

    /// The view it asks about, in degrees.
    pub fn view(&self) -> clusters::View {
        let [west, south, east, north] = self.bbox.map(|v| f64::from(v) / BBOX_SCALE);
        clusters::View { zoom: self.zoom, bbox: clusters::Extent { west, south, east, north }, keep: self.zone.as_ref().map(|z| z.to_string()) }
    }
}

const BBOX_SCALE: f64 = 1e5;

/// `west,south,east,north`: four numbers, the edges in that order. Longitudes past ±180 and
/// latitudes past ±90 (which Leaflet gives for a map zoomed out past one world) are taken as
/// those limits.
fn parse_bbox(value: &str) -> Result<[i32; 4], QueryError> {
    let bad = || QueryError(format!("bbox: {value:?} is not west,south,east,north in degrees (e.g. 73,17,135,54)"));
    let nums: Vec<f64> = value.split(',').map(|v| v.trim().parse::<f64>().ok().filter(|n| n.is_finite())).collect::<Option<_>>().ok_or_else(bad)?;
    let [west, south, east, north] = <[f64; 4]>::try_from(nums).map_err(|_| bad())?;
    let (west, east) = (west.clamp(-180.0, 180.0), east.clamp(-180.0, 180.0));
    let (south, north) = (south.clamp(-90.0, 90.0), north.clamp(-90.0, 90.0));
    if west > east || south > north {
        return Err(QueryError(format!("bbox: {value:?} has its west past its east or its south past its north")));
    }
    // Within ±180 × 1e5, far inside i32.
    Ok([west, south, east, north].map(|v| (v * BBOX_SCALE).round() as i32))
}

impl MapQuery {
    /// Parses a query string; `index` is needed to refuse batches and zones that do not exist.
    pub fn parse(qs: &str, index: &ZoneIndex) -> Result<MapQuery, QueryError> {
        let mut q = MapQuery::default();
        for (key, value) in form_urlencoded::parse(qs.as_bytes()) {
            match &*key {
                "batch" => q.filter.batches.extend(parse_batches(&value, index)?),
                "province" => q.filter.province = parse_province(&value, index)?,
                "asof" => q.filter.asof = parse_asof(&value)?,
                "q" => q.filter.query = parse_search(&value)?,
                "former" => q.filter.former = parse_flag("former", &value)?,
                "links" => q.links = parse_flag("links", &value)?,
                "page" => q.page = parse_page(&value, index)?,
                "zone" if value.is_empty() => q.zone = None,
                "zone" if index.get(&value).is_some() => q.zone = Slug::try_from(value.into_owned()).ok(),
                "zone" => return Err(QueryError(format!("zone: there is no zone {value:?}"))),
                "lang" => q.lang = parse_lang(&value)?,
                _ => {}
            }
        }
        Ok(q)
    }
}

impl MapQuery {
    /// What of the map's view a table shows: its filter and language (no open panel, drawn
    /// links or list page).
    pub fn table_view(&self) -> MapQuery {
        MapQuery { filter: self.filter.clone(), lang: self.lang, ..MapQuery::default() }
    }
}

impl EmbedQuery {
    /// Parses a query string; legend and title are on unless turned off.
    pub fn parse(qs: &str, index: &ZoneIndex) -> Result<EmbedQuery, QueryError> {
        let mut q = EmbedQuery::new(MapQuery::parse(qs, index)?);
        for (key, value) in form_urlencoded::parse(qs.as_bytes()) {
            match &*key {
                "legend" => q.legend = parse_flag("legend", &value)?,
                "title" => q.title = parse_flag("title", &value)?,
                "theme" => q.theme = parse_theme(&value)?,
                _ => {}
            }
        }
        Ok(q)
    }
}

impl LangQuery {
    /// Parses a query string.
    pub fn parse(qs: &str) -> Result<LangQuery, QueryError> {
        let mut q = LangQuery::default();
        for (key, value) in form_urlencoded::parse(qs.as_bytes()) {
            if key == "lang" {
                q.lang = parse_lang(&value)?;
            }
        }
        Ok(q)
    }
}

impl PreviewQuery {
    /// Parses a query string.
    pub fn parse(qs: &str) -> Result<PreviewQuery, QueryError> {
        let mut q = PreviewQuery { lang: LangQuery::parse(qs)?.lang, size: PreviewSize::Card };
        for (key, value) in form_urlencoded::parse(qs.as_bytes()) {
            if key == "size" {
                q.size = match &*value {
                    "small" => PreviewSize::Small,
                    "" | "card" => PreviewSize::Card,
                    other => return Err(QueryError(format!("size: {other:?} is not a picture size (small or card)"))),
                };
            }
        }
        Ok(q)
    }
}

impl ApiQuery {
    /// Parses a query string.
    pub fn parse(qs: &str, index: &ZoneIndex) -> Result<ApiQuery, QueryError> {
        let mut q = ApiQuery::default();
        for (key, value) in form_urlencoded::parse(qs.as_bytes()) {
            match &*key {
                "batch" => q.filter.batches.extend(parse_batches(&value, index)?),
                "province" => q.filter.province = parse_province(&value, index)?,
                "asof" => q.filter.asof = parse_asof(&value)?,
                "q" => q.filter.query = parse_search(&value)?,
                "former" => q.filter.former = parse_flag("former", &value)?,
                _ => {}
            }
        }
        Ok(q)
    }
}

// Printing a query lives next to parsing it: `parse(q.to_query())` gives back `q` (a test says
// so), and `lang` is left to `Links`, which puts it where each routing wants it.

impl MapQuery {
    /// Every parameter but `lang`, in a fixed order, defaults left out: what the map's own links
    /// (the language switch, the list pager) and cache keys print.
    pub fn to_query(&self) -> String {
        let mut q = form_urlencoded::Serializer::new(String::new());
        push_place_and_time(&mut q, &self.filter);
        if !self.filter.query.is_empty() {
            q.append_pair("q", &self.filter.query);
        }
        if self.filter.former {
            q.append_pair("former", "1");
        }
        if self.links {
            q.append_pair("links", "1");
        }
        if let Some(zone) = &self.zone {
            q.append_pair("zone", zone);
        }
        if self.page > 1 {
            q.append_pair("page", &self.page.to_string());
        }
        q.finish()
    }
}

impl EmbedQuery {
    /// The embed's default options: legend and title shown, light theme.
    pub fn new(map: MapQuery) -> EmbedQuery {
        EmbedQuery { map, legend: true, title: true, theme: Theme::default() }
    }

    /// The same view drawn bare (no title band, no legend): the first paint of the pages, which
    /// print their own title and legend around it.
    pub fn bare(map: MapQuery) -> EmbedQuery {
        EmbedQuery { legend: false, title: false, ..EmbedQuery::new(map) }
    }

    /// The view (batches, zone) and the embed's options, but not `lang`: what embed code,
    /// oEmbed and the embed dialog print. Search text and former zones stay on the full map.
    pub fn view_query(&self) -> String {
        self.with_options(view_query(&self.map.filter, self.map.zone.as_deref()))
    }

    /// Every parameter but `lang`: what a cache key must tell apart.
    pub fn to_query(&self) -> String {
        self.with_options(self.map.to_query())
    }

    fn with_options(&self, view: String) -> String {
        let mut q = form_urlencoded::Serializer::new(view);
        if !self.legend {
            q.append_pair("legend", "0");
        }
        if !self.title {
            q.append_pair("title", "0");
        }
        if self.theme != Theme::default() {
            q.append_pair("theme", self.theme.as_str());
        }
        q.finish()
    }
}

impl ApiQuery {
    /// `batch` and `former`, defaults left out.
    pub fn to_query(&self) -> String {
        let mut q = form_urlencoded::Serializer::new(String::new());
        push_place_and_time(&mut q, &self.filter);
        if !self.filter.query.is_empty() {
            q.append_pair("q", &self.filter.query);
        }
        if self.filter.former {
            q.append_pair("former", "1");
        }
        q.finish()
    }
}

/// The query (batch, zone) of a view: what the server-drawn SVG of a page draws.
pub fn view_query(filter: &ZoneFilter, zone: Option<&str>) -> String {
    let mut q = form_urlencoded::Serializer::new(String::new());
    push_place_and_time(&mut q, filter);
    if let Some(zone) = zone {
        q.append_pair("zone", zone);
    }
    q.finish()
}

/// `batch`, `province` and `asof`, in that order: the part of a filter every view keeps.
fn push_place_and_time(q: &mut form_urlencoded::Serializer<'_, String>, filter: &ZoneFilter) {
    if !filter.batches.is_empty() {
        q.append_pair("batch", &batch_list(&filter.batches));
    }
    if let Some(province) = &filter.province {
        q.append_pair("province", province);
    }
    if let Some(day) = &filter.asof {
        q.append_pair("asof", day.as_str());
    }
}

/// A province by slug or Chinese name (see `Province`); empty means none.
fn parse_province(value: &str, index: &ZoneIndex) -> Result<Option<String>, QueryError> {
    if value.trim().is_empty() {
        return Ok(None);
    }
    match index.find_province(value) {
        Some(p) => Ok(Some(p.slug.clone())),
        None => Err(QueryError(format!("province: no zone is in {value:?} (use a name like guangdong or 广东)"))),
    }
}

/// A day written `YYYY-MM-DD`; empty means today.
fn parse_asof(value: &str) -> Result<Option<IsoDate>, QueryError> {
    if value.is_empty() {
        return Ok(None);
    }
    IsoDate::try_from(value.to_owned()).map(Some).map_err(|e| QueryError(format!("asof: {e}")))
}

fn batch_list(batches: &BTreeSet<BatchNo>) -> String {
    batches.iter().map(|b| b.to_string()).collect::<Vec<_>>().join(",")
}

/// `1,3` (the contract's form) or one number per repeated parameter (what an HTML form sends).
fn parse_batches(value: &str, index: &ZoneIndex) -> Result<BTreeSet<BatchNo>, QueryError> {
    let mut set = BTreeSet::new();
    for part in value.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let n = part
            .parse::<u64>()
            .ok()
            .and_then(|n| BatchNo::try_from(n).ok())
            .ok_or_else(|| QueryError(format!("batch: {part:?} is not a batch number; write e.g. batch=1,3")))?;
        if index.batch(n).is_none() {
            let last = index.batches().last().map_or(0, |b| b.batch.get());
            return Err(QueryError(format!("batch: there is no batch {n}; batches run from 1 to {last}")));
        }
        set.insert(n);
    }
    Ok(set)
}

fn parse_page(value: &str, index: &ZoneIndex) -> Result<usize, QueryError> {
    let pages = list_pages(index.zones().len());
    match value.parse::<usize>() {
        Ok(n) if (1..=pages).contains(&n) => Ok(n),
        _ => Err(QueryError(format!("page: {value:?} is not a page of the list; pages run from 1 to {pages}"))),
    }
}

fn parse_search(value: &str) -> Result<String, QueryError> {
    let value = value.trim();
    if value.chars().count() > MAX_QUERY_CHARS {
        return Err(QueryError(format!("q: a search is at most {MAX_QUERY_CHARS} characters")));
    }
    Ok(value.to_owned())
}

fn parse_flag(name: &str, value: &str) -> Result<bool, QueryError> {
    match value {
        "1" | "true" | "on" => Ok(true),
        "0" | "false" | "off" => Ok(false),
        _ => Err(QueryError(format!("{name}: {value:?} is not 0 or 1"))),
    }
}

fn parse_theme(value: &str) -> Result<Theme, QueryError> {
    match value {
        "" | "light" => Ok(Theme::Light),
        "dark" => Ok(Theme::Dark),
        "auto" => Ok(Theme::Auto),
        _ => Err(QueryError(format!("theme: {value:?} is not light, dark or auto"))),
    }
}

fn parse_lang(value: &str) -> Result<Lang, QueryError> {
    match value {
        "" | "en" => Ok(Lang::En),
        "zh" => Ok(Lang::Zh),
        _ => Err(QueryError(format!("lang: {value:?} is not en or zh"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::parse;

    fn index() -> ZoneIndex {
        let text = include_str!("../tests/fixtures/valid.geojson");
        ZoneIndex::from(parse("valid.geojson", text).expect("fixture is valid"))
    }

    #[test]
    fn printing_a_query_and_parsing_it_give_it_back() {
        let idx = index();
        for qs in ["", "batch=1,2&q=xi%27an&former=1&links=1&zone=alpha", "zone=beta&lang=zh", "q=%E7%94%B2"] {
            let q = MapQuery::parse(qs, &idx).expect("valid");
            let again = MapQuery::parse(&q.to_query(), &idx).expect("printed queries parse");
            assert_eq!(MapQuery { lang: q.lang, ..again }, q, "{qs}");
        }
        for qs in ["", "batch=2&legend=0&title=0&theme=dark", "zone=alpha&theme=auto"] {
            let q = EmbedQuery::parse(qs, &idx).expect("valid");
            assert_eq!(EmbedQuery::parse(&q.to_query(), &idx).expect("parses"), q, "{qs}");
            assert_eq!(EmbedQuery::parse(&q.view_query(), &idx).expect("parses"), q, "{qs}: nothing but the view here");
        }
        let api = ApiQuery::parse("former=1&batch=1", &idx).expect("valid");
        assert_eq!(ApiQuery::parse(&api.to_query(), &idx).expect("parses"), api);
    }

    fn batches(q: &MapQuery) -> Vec<u8> {
        q.filter.batches.iter().map(|b| b.get()).collect()
    }

    #[test]
    fn batch_lists_and_repeats_combine() {
        let idx = index();
        for (qs, want) in [("batch=1,2", vec![1, 2]), ("batch=2&batch=1", vec![1, 2]), ("batch=", vec![]), ("batch=1,,", vec![1]), ("", vec![])] {
            assert_eq!(batches(&MapQuery::parse(qs, &idx).expect(qs)), want, "{qs}");
        }
    }

    #[test]
    fn bad_values_are_errors_with_a_message() {
        let idx = index();
        let long = format!("q={}", "x".repeat(101));
        for qs in ["batch=x", "batch=0", "batch=9", "batch=-1", "batch=99999999999999999999", "lang=fr", "former=2", "zone=nowhere", &long] {
            let err = MapQuery::parse(qs, &idx).expect_err(qs);
            assert!(!err.0.is_empty());
        }
        assert!(EmbedQuery::parse("legend=maybe", &idx).is_err());
        assert!(EmbedQuery::parse("theme=pink", &idx).is_err());
        assert!(LangQuery::parse("lang=EN").is_err());
    }

    #[test]
    fn unknown_parameters_are_ignored() {
        let q = MapQuery::parse("utm_source=x&fbclid=y", &index()).expect("ok");
        assert_eq!(q, MapQuery::default());
    }

    #[test]
    fn embed_defaults_and_flags() {
        let idx = index();
        let q = EmbedQuery::parse("", &idx).expect("ok");
        assert!(q.legend && q.title);
        let q = EmbedQuery::parse("legend=0&title=0&lang=zh&zone=alpha", &idx).expect("ok");
        assert!(!q.legend && !q.title);
        assert_eq!(q.theme, Theme::Light);
        assert_eq!(EmbedQuery::parse("theme=auto", &idx).expect("ok").theme, Theme::Auto);
        assert_eq!(q.map.lang, Lang::Zh);
        assert_eq!(q.map.zone.as_deref(), Some("alpha"));
    }

    #[test]
    fn a_cluster_query_needs_a_view_and_gives_it_back() {
        let idx = index();
        let q = ClusterQuery::parse("batch=1&zoom=5&bbox=73,17.5,135.25,53.6&zone=alpha", &idx).expect("valid");
        assert_eq!((q.zoom, q.bbox, q.zone.as_deref()), (5, [7_300_000, 1_750_000, 13_525_000, 5_360_000], Some("alpha")));
        assert_eq!(ClusterQuery::parse(&q.to_query(), &idx).expect("printed queries parse"), q);
        let v = q.view();
        assert_eq!((v.bbox.west, v.bbox.north, v.keep.as_deref()), (73.0, 53.6, Some("alpha")));
        // Leaflet's bounds of a map zoomed out past one world are taken to the world's edges.
        let wide = ClusterQuery::parse("zoom=0&bbox=-400,-95,400,95", &idx).expect("clamped");
        assert_eq!(wide.bbox, [-18_000_000, -9_000_000, 18_000_000, 9_000_000]);
        for qs in ["", "zoom=4", "bbox=1,2,3,4", "zoom=19&bbox=1,2,3,4", "zoom=-1&bbox=1,2,3,4", "zoom=4.5&bbox=1,2,3,4", "zoom=4&bbox=1,2,3", "zoom=4&bbox=1,2,3,4,5",
            "zoom=4&bbox=a,2,3,4", "zoom=4&bbox=NaN,2,3,4", "zoom=4&bbox=inf,2,3,4", "zoom=4&bbox=3,2,1,4", "zoom=4&bbox=1,4,3,2", "zoom=4&bbox=1,2,3,4&zone=nowhere", "zoom=4&bbox=1,2,3,4&batch=9"] {
            let err = ClusterQuery::parse(qs, &idx).expect_err(qs);
            assert!(err.0.contains(':'), "{qs}: {err}");
        }
    }

    #[test]
    fn search_is_trimmed() {
        let q = MapQuery::parse("q=%20Xi%27an%20", &index()).expect("ok");
        assert_eq!(q.filter.query, "Xi'an");
    }
}
