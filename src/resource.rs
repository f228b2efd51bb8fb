//! [`Resource`]: everything the site can serve, as one enum. A resource knows its address (under
//! either routing, so the same value is the server's cache key and the export's file path) and
//! how to render itself; [`catalog`] lists every resource worth having before anyone asks, the
//! one list that the server's warm-up and `zonemap export` both walk. Framework-free: the HTTP
//! layer only parses requests into resources and sends what they render.
//!
//! Adding a page type is a variant here (its address, its rendering, whether it belongs in the
//! catalog) plus its view model in `pages`; the warm-up and the export pick it up.

use std::io::Write;

use askama::Template;

use crate::data::{self, BatchNo, Slug, ZoneFilter, ZoneIndex};
use crate::drawing::{self, PreviewSize, SvgOptions};
use crate::lang::Lang;
use crate::links::{Links, Routing};
use crate::pages::{BatchPage, EmbedPage, ErrorPage, MapPage, Panel, PanelFragment, ProvincePage, TablePage, ZonePage};
use crate::query::{ApiQuery, ClusterQuery, EmbedQuery, MapQuery, TableQuery};
use crate::site::Site;
use crate::ui::Ui;

/// Media types of what we render.
pub mod media {
    /// Pages and fragments.
    pub const HTML: &str = "text/html; charset=utf-8";
    /// The media type RFC 7946 registers.
    pub const GEOJSON: &str = "application/geo+json";
    /// JSON that is not GeoJSON.
    pub const JSON: &str = "application/json";
    /// The spreadsheet download.
    pub const CSV: &str = "text/csv; charset=utf-8";
    /// The server-drawn map.
    pub const SVG: &str = "image/svg+xml";
    /// Link previews.
    pub const PNG: &str = "image/png";
}

/// The server-drawn map's size: the first paint fills a map box of about this shape.
pub const SVG_SIZE: (u32, u32) = (960, 600);

/// A static export's name for `/api/zones.geojson?former=1`.
pub const ALL_ZONES_FILE: &str = "zones-all.geojson";

/// Past this many zones the warm-up leaves zone pages and panels to be rendered on demand:
/// warming tens of thousands of pages would cost more memory and CPU than the traffic to any
/// one of them saves.
pub const WARM_ZONES_LIMIT: usize = 500;

/// One thing the site serves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resource {
    /// `/`: the map page.
    Map(MapQuery),
    /// `/embed`.
    Embed(EmbedQuery),
    /// `/zones/{slug}`.
    Zone(Slug, Lang),
    /// `/zones/{slug}/panel`: the panel fragment the map's script loads.
    Panel(Slug, Lang),
    /// `/batches/{n}`.
    Batch(BatchNo, Lang),
    /// `/table`.
    Table(TableQuery),
    /// `/provinces/{slug}`.
    Province(String, Lang),
    /// `/chart.svg`: zones in force over time.
    Chart(Lang),
    /// `/map.svg`, with an embed's options.
    MapSvg(EmbedQuery),
    /// `/preview.png` (`None`) and `/zones/{slug}/preview.png`.
    Preview(Option<Slug>, Lang, PreviewSize),
    /// `/batches/{n}/preview.png`: the card picture of a view of one batch.
    BatchPreview(BatchNo, Lang, PreviewSize),
    /// `/apple-touch-icon.png`: the icon home screens and link previewers look for.
    TouchIcon,
    /// `/api/zones.geojson`.
    Collection(ApiQuery),
    /// `/api/zones/{slug}.geojson`.
    Feature(Slug),
    /// `/api/points.json`: every zone, in short, for the map's script.
    Points,
    /// `/api/clusters.json`: what the map's script shows of a view of thousands of zones.
    Clusters(ClusterQuery),
    /// `/api/zones.csv`.
    Csv(ApiQuery),
    /// The page a static host shows for a missing path (`404.html`); the server answers
    /// unknown paths itself.
    NotFound,
}

/// What a resource renders to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// The body.
    pub bytes: Vec<u8>,
    /// Its media type.
    pub media_type: &'static str,
    /// Whether compressing it pays (not for PNG).
    pub compressible: bool,
}

/// What a body written by [`Resource::write_to`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Form {
    /// Its media type.
    pub media_type: &'static str,
    /// Whether compressing it pays (not for PNG).
    pub compressible: bool,
}

/// Why a resource could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// The zone or batch it names is not in the data: a 404.
    #[error("{0}")]
    Missing(String),
    /// A template failed; a bug.
    #[error("the page could not be rendered: {0}")]
    Template(#[from] askama::Error),
    /// A picture failed to draw; a bug.
    #[error("the picture could not be drawn: {0}")]
    Drawing(String),
    /// The body could not be written out; a bug (bodies are written to memory).
    #[error("the body could not be written: {0}")]
    Write(#[from] std::io::Error),
}

impl Resource {
    /// Where it lives under `links`' routing and base path: the URL the server answers, or the
    /// file an export writes (a directory's `index.html` implied by a trailing `/`). `None`
    /// when that routing cannot serve it: a file server has no query strings, and the server
    /// answers missing paths itself.
    pub fn link(&self, links: Links<'_>) -> Option<String> {
        let server = links.routing() == Routing::Server;
        let page_query = |query: String| (server || query.is_empty()).then_some(query);
        Some(match self {
            Resource::Map(q) => links.map(q.lang, &page_query(q.to_query())?),
            Resource::Embed(q) => links.embed(q.map.lang, &page_query(q.to_query())?),
            Resource::Zone(slug, lang) => links.zone(slug.as_str(), *lang),
            Resource::Panel(slug, lang) => links.panel_pattern(*lang).replace("{slug}", slug.as_str()),
            Resource::Batch(n, lang) => links.batch(*n, *lang),
            Resource::Table(q) => links.table(q.map.lang, &page_query(q.to_query())?),
            Resource::Province(slug, lang) => links.province(slug, *lang),
            Resource::Chart(lang) => links.chart(*lang),
            Resource::MapSvg(q) if server => links.svg(q.map.lang, &q.to_query()),
            // An export has the bare first-paint SVG of the whole map and of each batch.
            Resource::MapSvg(q) => {
                let bare = EmbedQuery::bare(MapQuery { filter: q.map.filter.clone(), lang: q.map.lang, ..MapQuery::default() });
                let batches = &q.map.filter.batches;
                match (batches.len(), q == &bare) {
                    (0, true) => links.svg(q.map.lang, ""),
                    (1, true) => links.batch_svg(*batches.first()?, q.map.lang),
                    _ => return None,
                }
            }
            // Only a server offers the small thumbnails (to oEmbed clients).
            Resource::Preview(.., PreviewSize::Small) | Resource::BatchPreview(.., PreviewSize::Small) if !server => return None,
            Resource::Preview(slug, lang, size) => links.preview(slug.as_ref().map(Slug::as_str), *lang, *size),
            Resource::BatchPreview(n, lang, size) => links.batch_preview(*n, *lang, *size),
            Resource::TouchIcon => links.touch_icon(),
            // An export also has every zone with the former ones, for its map's script (and
            // its "show former zones" switch): a file of its own, since files take no query.
            Resource::Collection(q) if !server && q.filter == ZoneFilter::with_former() => links.api(ALL_ZONES_FILE),
            Resource::Collection(q) => with_query(links.api("zones.geojson"), page_query(q.to_query())?),
            Resource::Feature(slug) => links.api(&format!("zones/{slug}.geojson")),
            Resource::Points => links.api("points.json"),
            // A file server cannot answer for every view: an export's map groups its zones itself.
            Resource::Clusters(_) if !server => return None,
            Resource::Clusters(q) => with_query(links.api("clusters.json"), q.to_query()),
            Resource::Csv(q) => links.csv(&page_query(q.to_query())?),
            Resource::NotFound if server => return None,
            Resource::NotFound => format!("{}/404.html", links.base()),
        })
    }

    /// The server's cache key: its server address, which names it exactly. `None` for what is
    /// not worth keeping: free-text searches and the map's views of clusters, whose variety is
    /// unbounded.
    pub fn key(&self) -> Option<String> {
        let searched = match self {
            Resource::Map(q) | Resource::Embed(EmbedQuery { map: q, .. }) | Resource::MapSvg(EmbedQuery { map: q, .. }) | Resource::Table(TableQuery { map: q, .. }) => {
                !q.filter.query.is_empty()
            }
            Resource::Collection(q) | Resource::Csv(q) => !q.filter.query.is_empty(),
            // Every move of the map is another view.
            Resource::Clusters(_) => true,
            _ => false,
        };
        if searched { None } else { self.link(Links::new("", Routing::Server)) }
    }

    /// The file an export writes it to, relative to the export's folder, if it has one.
    pub fn export_path(&self) -> Option<String> {
        let link = self.link(Links::new("", Routing::Static))?;
        let path = link.trim_start_matches('/');
        Some(if path.is_empty() || path.ends_with('/') { format!("{path}index.html") } else { path.to_owned() })
    }

    /// Whether the warm-up renders it before anyone asks (pictures are rasterised on demand,
    /// once per data version; the 404 page is the export's).
    pub fn is_warmed(&self) -> bool {
        !matches!(self, Resource::Preview(..) | Resource::BatchPreview(..) | Resource::TouchIcon | Resource::NotFound | Resource::Feature(_))
    }

    /// Renders it from the data and the site's settings.
    pub fn render(&self, index: &ZoneIndex, site: &Site) -> Result<Rendered, RenderError> {
        let mut bytes = Vec::new();
        let Form { media_type, compressible } = self.write_to(index, site, &mut bytes)?;
        Ok(Rendered { bytes, media_type, compressible })
    }

    /// The same, written to `out` as it is made. The API's bodies are serialised zone by zone,
    /// so the server can compress them as they come rather than hold them whole (a collection of
    /// 20,000 rich zones is 147 MB); pages and pictures are made whole, then written.
    pub fn write_to(&self, index: &ZoneIndex, site: &Site, out: &mut impl Write) -> Result<Form, RenderError> {
        let whole = |out: &mut _, bytes: &[u8], media_type, compressible| write_whole(out, bytes, Form { media_type, compressible });
        let html = |out: &mut _, page: String| write_whole(out, page.as_bytes(), Form { media_type: media::HTML, compressible: true });
        match self {
            Resource::Map(q) => html(out, MapPage::new(index, site, q).render()?),
            Resource::Embed(q) => html(out, EmbedPage::new(index, site, q).render()?),
            Resource::Zone(slug, lang) => html(out, ZonePage::new(index, site, slug, *lang).ok_or_else(|| no_zone(slug))?.render()?),
            Resource::Panel(slug, lang) => {
                let panel = Panel::new(index, slug, *lang, site.links()).ok_or_else(|| no_zone(slug))?;
                html(out, PanelFragment { panel, ui: Ui(*lang) }.render()?)
            }
            Resource::Table(q) => html(out, TablePage::new(index, site, q).render()?),
            Resource::Chart(lang) => whole(out, drawing::step_chart_svg(index, *lang).as_bytes(), media::SVG, true),
            Resource::Province(slug, lang) => {
                html(out, ProvincePage::new(index, site, slug, *lang).ok_or_else(|| RenderError::Missing(format!("no zone is in a province {slug:?}")))?.render()?)
            }
            Resource::Batch(n, lang) => {
                html(out, BatchPage::new(index, site, *n, *lang).ok_or_else(|| RenderError::Missing(format!("there is no batch {n}")))?.render()?)
            }
            Resource::MapSvg(q) => {
                let (title, subtitle) = drawing::titles(index, q.map.zone.as_deref(), q.map.lang);
                let options = SvgOptions { size: SVG_SIZE, lang: q.map.lang, title: q.title.then_some((title, subtitle)), legend: q.legend };
                let svg = drawing::map_svg(index, &q.map.filter, q.map.zone.as_deref(), site.links(), &options);
                whole(out, svg.as_bytes(), media::SVG, true)
            }
            Resource::Preview(slug, lang, size) => {
                if let Some(slug) = slug {
                    index.get(slug.as_str()).ok_or_else(|| no_zone(slug))?;
                }
                let png = drawing::preview_png(index, site.links(), slug.as_ref().map(Slug::as_str), *lang, *size).map_err(RenderError::Drawing)?;
                whole(out, &png, media::PNG, false)
            }
            Resource::BatchPreview(n, lang, size) => {
                let png = drawing::batch_preview_png(index, site.links(), *n, *lang, *size).map_err(|e| if index.batch(*n).is_none() { RenderError::Missing(e) } else { RenderError::Drawing(e) })?;
                whole(out, &png, media::PNG, false)
            }
            Resource::TouchIcon => whole(out, &drawing::touch_icon_png().map_err(RenderError::Drawing)?, media::PNG, false),
            Resource::Collection(q) => {
                data::write_feature_collection_json(index, &q.filter, out)?;
                Ok(Form { media_type: media::GEOJSON, compressible: true })
            }
            Resource::Points => {
                data::write_points_json(index, out)?;
                Ok(Form { media_type: media::JSON, compressible: true })
            }
            Resource::Clusters(q) => {
                data::write_clusters_json(index, &q.filter, &q.view(), out)?;
                Ok(Form { media_type: media::JSON, compressible: true })
            }
            Resource::Feature(slug) => whole(out, geojson::Feature::from(index.get(slug.as_str()).ok_or_else(|| no_zone(slug))?).to_string().as_bytes(), media::GEOJSON, true),
            Resource::Csv(q) => {
                data::write_csv(index, &q.filter, out)?;
                Ok(Form { media_type: media::CSV, compressible: true })
            }
            Resource::NotFound => {
                let page = ErrorPage::not_found(Lang::En, site.links());
                html(out, page.render()?)
            }
        }
    }
}

/// Everything worth having before anyone asks, most wanted first: the front pages and their
/// first-paint maps in both languages, the API's default bodies, the batch pages, then every
/// zone's page, panel and Feature, the previews, and the export's 404 page. The warm-up renders
/// those [`Resource::is_warmed`] says (zone pages only up to [`WARM_ZONES_LIMIT`] zones); the
/// export writes every one that has an [`Resource::export_path`].
pub fn catalog(index: &ZoneIndex) -> Vec<Resource> {
    let langs = [Lang::En, Lang::Zh];
    let mut all = Vec::new();
    for lang in langs {
        let map = MapQuery { lang, ..MapQuery::default() };
        all.push(Resource::Map(map.clone()));
        all.push(Resource::Embed(EmbedQuery::new(map.clone())));
        all.push(Resource::MapSvg(EmbedQuery::bare(map)));
        all.push(Resource::Chart(lang));
    }
    for former in [false, true] {
        let q = ApiQuery { filter: ZoneFilter { former, ..ZoneFilter::default() } };
        all.push(Resource::Collection(q.clone()));
        all.push(Resource::Csv(q));
    }
    for lang in langs {
        for b in index.batches() {
            all.push(Resource::Batch(b.batch, lang));
            if b.batch == index.batches()[0].batch {
                all.push(Resource::Table(TableQuery { map: MapQuery { lang, ..MapQuery::default() }, ..TableQuery::default() }));
            }
            let only = ZoneFilter { batches: [b.batch].into(), ..ZoneFilter::default() };
            all.push(Resource::MapSvg(EmbedQuery::bare(MapQuery { filter: only, lang, ..MapQuery::default() })));
        }
    }
    for lang in langs {
        all.extend(index.provinces().iter().map(|p| Resource::Province(p.slug.clone(), lang)));
    }
    for lang in langs {
        for z in index.zones() {
            all.push(Resource::Zone(z.slug.clone(), lang));
            all.push(Resource::Panel(z.slug.clone(), lang));
        }
    }
    all.extend(index.zones().iter().map(|z| Resource::Feature(z.slug.clone())));
    all.push(Resource::Points);
    for lang in langs {
        let card = PreviewSize::Card;
        all.push(Resource::Preview(None, lang, card));
        all.extend(index.batches().iter().map(|b| Resource::BatchPreview(b.batch, lang, card)));
        all.extend(index.zones().iter().map(|z| Resource::Preview(Some(z.slug.clone()), lang, card)));
    }
    all.push(Resource::TouchIcon);
    all.push(Resource::NotFound);
    all
}

/// The catalog's resources the warm-up renders, in order.
pub fn warm_list(index: &ZoneIndex) -> Vec<Resource> {
    let many = index.zones().len() > WARM_ZONES_LIMIT;
    catalog(index).into_iter().filter(|r| r.is_warmed() && !(many && matches!(r, Resource::Zone(..) | Resource::Panel(..)))).collect()
}

fn with_query(path: String, query: String) -> String {
    if query.is_empty() { path } else { format!("{path}?{query}") }
}

fn write_whole(out: &mut impl Write, bytes: &[u8], form: Form) -> Result<Form, RenderError> {
    out.write_all(bytes)?;
    Ok(form)
}

fn no_zone(slug: &Slug) -> RenderError {
    RenderError::Missing(format!("there is no zone {:?}", slug.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::parse;

    fn index() -> ZoneIndex {
        ZoneIndex::from(parse("valid.geojson", include_str!("../tests/fixtures/valid.geojson")).expect("valid"))
    }

    #[test]
    fn addresses_are_the_contract_urls_and_the_export_files() {
        let slug = Slug::try_from("alpha".to_owned()).expect("slug");
        let cases: [(Resource, Option<&str>, Option<&str>); 8] = [
            (Resource::Map(MapQuery::default()), Some("/"), Some("index.html")),
            (Resource::Map(MapQuery { lang: Lang::Zh, links: true, ..MapQuery::default() }), Some("/?links=1&lang=zh"), None),
            (Resource::Embed(EmbedQuery::new(MapQuery { lang: Lang::Zh, ..MapQuery::default() })), Some("/embed?lang=zh"), Some("zh/embed/index.html")),
            (Resource::Panel(slug.clone(), Lang::Zh), Some("/zones/alpha/panel?lang=zh"), Some("zh/zones/alpha/panel.html")),
            (Resource::MapSvg(EmbedQuery::bare(MapQuery::default())), Some("/map.svg?legend=0&title=0"), Some("map.svg")),
            (Resource::Collection(ApiQuery { filter: ZoneFilter::with_former() }), Some("/api/zones.geojson?former=1"), Some("api/zones-all.geojson")),
            (Resource::Preview(Some(slug), Lang::En, PreviewSize::Card), Some("/zones/alpha/preview.png"), Some("zones/alpha/preview.png")),
            (Resource::NotFound, None, Some("404.html")),
        ];
        for (r, key, path) in cases {
            assert_eq!(r.key().as_deref(), key, "{r:?}");
            assert_eq!(r.export_path().as_deref(), path, "{r:?}");
        }
        let search = MapQuery { filter: ZoneFilter { query: "xi".into(), ..ZoneFilter::default() }, ..MapQuery::default() };
        assert_eq!(Resource::Map(search).key(), None, "free text is not cached");
    }

    #[test]
    fn the_catalog_has_distinct_keys_and_paths() {
        let all = catalog(&index());
        let keys: std::collections::HashSet<_> = all.iter().filter_map(Resource::key).collect();
        assert_eq!(keys.len(), all.iter().filter(|r| r.key().is_some()).count(), "two resources share a cache key");
        let paths: std::collections::HashSet<_> = all.iter().filter_map(Resource::export_path).collect();
        assert_eq!(paths.len(), all.iter().filter(|r| r.export_path().is_some()).count(), "two resources share a file");
        assert!(paths.contains("batches/2/map.svg") && paths.contains("zh/batches/1/index.html"));
    }
}
