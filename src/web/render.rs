//! Turns a snapshot and a parsed query into a [`Body`], and knows which responses are worth
//! rendering before anyone asks ([`warm`]). Handlers call these through `Snapshot::cached`.

use crate::ui::Ui;
use askama::Template;

use crate::data::{self, ZoneFilter};
use crate::drawing::{self, SvgOptions};
use crate::data::BatchNo;
use crate::pages::{BatchPage, EmbedPage, Lang, MapPage, Panel, PanelFragment, ZonePage};

use super::body::Body;
use super::error::Error;
use crate::query::{ApiQuery, EmbedQuery, MapQuery};
use super::state::Snapshot;

const HTML: &str = "text/html; charset=utf-8";
/// The media type RFC 7946 registers.
pub const GEOJSON: &str = "application/geo+json";
const CSV: &str = "text/csv; charset=utf-8";
const SVG: &str = "image/svg+xml";
const PNG: &str = "image/png";
/// The SVG map's size: the first paint fills a map box of about this shape.
const SVG_SIZE: (u32, u32) = (960, 600);
/// Pages and data change when the data file does: short enough for an edit to show within a
/// minute, long enough for a CDN in front to absorb a spike.
const SHORT_CACHE: &str = "public, max-age=60";

/// Renders what the first readers ask for: the map, the embed and its first-paint SVG in both
/// languages, and the API's default bodies.
pub fn warm_front(snapshot: &Snapshot) {
    // Compression dominates, and the bodies are independent: render them on all cores.
    std::thread::scope(|scope| {
        for lang in [Lang::En, Lang::Zh] {
            let map = MapQuery { lang, ..MapQuery::default() };
            let embed = EmbedQuery { map: map.clone(), legend: true, title: true, theme: Default::default() };
            scope.spawn(move || report(snapshot.cached(map_key(&map), |s| map_page(s, &map))));
            scope.spawn(move || report(snapshot.cached(embed_key(&embed), |s| embed_page(s, &embed))));
            // The first paint every page loads: the bare SVG map (no title band, no legend).
            let svg = EmbedQuery { map: MapQuery { lang, ..MapQuery::default() }, legend: false, title: false, theme: Default::default() };
            scope.spawn(move || report(snapshot.cached(svg_key(&svg), |s| map_svg(s, &svg))));
        }
        // A handful of small pages, linked from every legend.
        scope.spawn(move || {
            for lang in [Lang::En, Lang::Zh] {
                for b in snapshot.zones.batches() {
                    let n = b.batch;
                    report(snapshot.cached(Some(batch_key(n, lang)), |s| batch_page(s, n, lang)));
                }
            }
        });
        for former in [false, true] {
            let q = ApiQuery { filter: ZoneFilter { former, ..ZoneFilter::default() } };
            let q2 = q.clone();
            scope.spawn(move || report(snapshot.cached(Some(geojson_key(&q)), |s| geojson(s, &q))));
            scope.spawn(move || report(snapshot.cached(Some(csv_key(&q2)), |s| csv(s, &q2))));
        }
    });
}

/// Renders every zone's page and panel in both languages, after the front pages. Past
/// `WARM_ZONES_LIMIT` zones it leaves them to be rendered on demand: warming tens of thousands
/// of pages would cost more memory and CPU than the traffic to any one of them saves.
pub fn warm_zones(snapshot: &Snapshot) {
    const WARM_ZONES_LIMIT: usize = 500;
    if snapshot.zones.zones().len() > WARM_ZONES_LIMIT {
        return;
    }
    // One thread per language: compression dominates, and the machine has cores to spare at load.
    std::thread::scope(|scope| {
        for lang in [Lang::En, Lang::Zh] {
            scope.spawn(move || {
                for zone in snapshot.zones.zones() {
                    let slug = zone.slug.as_str();
                    report(snapshot.cached(Some(zone_key(slug, lang)), |s| zone_page(s, slug, lang)));
                    report(snapshot.cached(Some(panel_key(slug, lang)), |s| panel(s, slug, lang)));
                }
            });
        }
    });
}

fn report<T>(result: Result<T, Error>) {
    if let Err(e) = result {
        tracing::error!(error = ?e, "prerendering failed");
    }
}

fn filter_key(f: &ZoneFilter) -> Option<String> {
    // Free text is unbounded: such responses are rendered each time instead of cached.
    f.query.is_empty().then(|| format!("b={:?}&f={}", f.batches.iter().map(|b| b.get()).collect::<Vec<_>>(), f.former))
}

/// Cache key of a map page.
pub fn map_key(q: &MapQuery) -> Option<String> {
    Some(format!("/?{}&z={:?}&l={}&links={}&p={}", filter_key(&q.filter)?, q.zone, q.lang.param(), q.links, q.page))
}

/// Cache key of an embed.
pub fn embed_key(q: &EmbedQuery) -> Option<String> {
    Some(format!("/embed?{}&legend={}&title={}&theme={}", map_key(&q.map)?, q.legend, q.title, q.theme.as_str()))
}

/// Cache key of a zone page.
pub fn zone_key(slug: &str, lang: Lang) -> String {
    format!("/zones/{slug}?l={}", lang.param())
}

/// Cache key of a batch page.
pub fn batch_key(n: BatchNo, lang: Lang) -> String {
    format!("/batches/{n}?l={}", lang.param())
}

/// `/batches/{n}`.
pub fn batch_page(s: &Snapshot, n: BatchNo, lang: Lang) -> Result<Body, Error> {
    let page = BatchPage::new(&s.zones, &s.site, n, lang).ok_or_else(|| Error::BatchNotFound(n.to_string()))?;
    Ok(Body::new(page.render()?, HTML, SHORT_CACHE))
}

/// Cache key of a zone panel.
pub fn panel_key(slug: &str, lang: Lang) -> String {
    format!("/zones/{slug}/panel?l={}", lang.param())
}

/// Cache key of the GeoJSON collection.
pub fn geojson_key(q: &ApiQuery) -> String {
    format!("/api/zones.geojson?{}", filter_key(&q.filter).unwrap_or_default())
}

/// Cache key of the CSV.
pub fn csv_key(q: &ApiQuery) -> String {
    format!("/api/zones.csv?{}", filter_key(&q.filter).unwrap_or_default())
}

/// `/`.
pub fn map_page(s: &Snapshot, q: &MapQuery) -> Result<Body, Error> {
    let page = MapPage::new(&s.zones, &s.site, q);
    Ok(Body::new(page.render()?, HTML, SHORT_CACHE))
}

/// `/embed`.
pub fn embed_page(s: &Snapshot, q: &EmbedQuery) -> Result<Body, Error> {
    let page = EmbedPage::new(&s.zones, &s.site, q);
    Ok(Body::new(page.render()?, HTML, SHORT_CACHE))
}

/// Cache key of an SVG map.
pub fn svg_key(q: &EmbedQuery) -> Option<String> {
    Some(format!("/map.svg?{}&legend={}&title={}", map_key(&q.map)?, q.legend, q.title))
}

/// `/map.svg`: the view of an embed query, with title band and legend unless turned off.
pub fn map_svg(s: &Snapshot, q: &EmbedQuery) -> Result<Body, Error> {
    let (title, subtitle) = drawing::titles(&s.zones, q.map.zone.as_deref(), q.map.lang);
    let options = SvgOptions { size: SVG_SIZE, lang: q.map.lang, title: q.title.then_some((title, subtitle)), legend: q.legend };
    let svg = drawing::map_svg(&s.zones, &q.map.filter, q.map.zone.as_deref(), s.site.links(), &options);
    Ok(Body::new(svg, SVG, SHORT_CACHE))
}

/// Cache key of a preview image.
pub fn preview_key(slug: Option<&str>, lang: Lang) -> String {
    format!("/preview.png?z={slug:?}&l={}", lang.param())
}

/// `/preview.png` and `/zones/{slug}/preview.png`: 1200×630 for Open Graph and Twitter cards.
pub fn preview(s: &Snapshot, slug: Option<&str>, lang: Lang) -> Result<Body, Error> {
    if let Some(slug) = slug {
        s.zones.get(slug).ok_or_else(|| Error::ZoneNotFound(slug.to_owned()))?;
    }
    let png = drawing::preview_png(&s.zones, s.site.links(), slug, lang).map_err(Error::Drawing)?;
    Ok(Body::uncompressed(png, PNG, SHORT_CACHE))
}

/// `/zones/{slug}`.
pub fn zone_page(s: &Snapshot, slug: &str, lang: Lang) -> Result<Body, Error> {
    let page = ZonePage::new(&s.zones, &s.site, slug, lang).ok_or_else(|| Error::ZoneNotFound(slug.to_owned()))?;
    Ok(Body::new(page.render()?, HTML, SHORT_CACHE))
}

/// `/zones/{slug}/panel`.
pub fn panel(s: &Snapshot, slug: &str, lang: Lang) -> Result<Body, Error> {
    let panel = Panel::new(&s.zones, slug, lang, s.site.links()).ok_or_else(|| Error::ZoneNotFound(slug.to_owned()))?;
    Ok(Body::new(PanelFragment { panel, ui: Ui(lang) }.render()?, HTML, SHORT_CACHE))
}

/// `/api/zones.geojson`.
pub fn geojson(s: &Snapshot, q: &ApiQuery) -> Result<Body, Error> {
    Ok(Body::new(data::feature_collection(&s.zones, &q.filter).to_string(), GEOJSON, SHORT_CACHE))
}

/// Cache key of one zone's Feature.
pub fn feature_key(slug: &str) -> String {
    format!("/api/zones/{slug}.geojson")
}

/// `/api/zones/{slug}.geojson`.
pub fn feature(s: &Snapshot, slug: &str) -> Result<Body, Error> {
    let zone = s.zones.get(slug).ok_or_else(|| Error::ZoneNotFound(slug.to_owned()))?;
    Ok(Body::new(geojson::Feature::from(zone).to_string(), GEOJSON, SHORT_CACHE))
}

/// `/api/zones.csv`.
pub fn csv(s: &Snapshot, q: &ApiQuery) -> Result<Body, Error> {
    Ok(Body::new(data::csv(&s.zones, &q.filter), CSV, SHORT_CACHE))
}
