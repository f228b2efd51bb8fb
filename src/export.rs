//! `zonemap export DIR`: the whole site as static files, for any CDN or object store. Pages,
//! embeds, panels, SVG maps, previews, API files and assets are rendered by the same code the
//! server uses, with static-export links (see [`crate::links`]): the Chinese pages live under
//! `zh/`, every page is a directory with an `index.html`, and everything sits under the public
//! URL's path, so the export works from a sub-path.
//!
//! What a file server cannot do, the export leaves to the browser script: `?batch=`, `?zone=`,
//! `legend`, `title` and `theme` are applied client-side; the no-JavaScript fallbacks (the GET
//! filter form, a server-rendered panel for `?zone=`) only show the unfiltered view; there is no
//! oEmbed endpoint; `/api/zones.geojson` has only the contract's default collection.

use crate::ui::Ui;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::Context;
use askama::Template;

use crate::data::{self, ZoneFilter, ZoneIndex};
use crate::drawing::{self, SvgOptions};
use crate::pages::{BatchPage, EmbedPage, ErrorPage, Lang, MapPage, Panel, PanelFragment, ZonePage};
use crate::query::{EmbedQuery, MapQuery};
use crate::site::Site;

/// What was written.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    /// Files written.
    pub files: usize,
    /// Bytes written.
    pub bytes: u64,
}

/// Writes the site for `index` into `dir` (created if missing). `site` must be an export site
/// (`Site::for_export`).
pub fn export(index: &ZoneIndex, site: &Site, dir: &Path) -> anyhow::Result<Summary> {
    let mut out = Writer { dir: dir.to_owned(), summary: Summary::default() };
    for lang in [Lang::En, Lang::Zh] {
        let prefix = match lang {
            Lang::En => "",
            Lang::Zh => "zh/",
        };
        let map = MapQuery { lang, ..MapQuery::default() };
        out.write(&format!("{prefix}index.html"), MapPage::new(index, site, &map).render()?)?;
        let embed = EmbedQuery { map: map.clone(), legend: true, title: true, theme: Default::default() };
        out.write(&format!("{prefix}embed/index.html"), EmbedPage::new(index, site, &embed).render()?)?;
        let first_paint = SvgOptions { size: (960, 600), lang, title: None, legend: false };
        out.write(&format!("{prefix}map.svg"), drawing::map_svg(index, &ZoneFilter::default(), None, site.links(), &first_paint))?;
        for b in index.batches() {
            let page = BatchPage::new(index, site, b.batch, lang).context("a batch of the index has a page")?;
            out.write(&format!("{prefix}batches/{}/index.html", b.batch), page.render()?)?;
            let only = ZoneFilter { batches: [b.batch].into(), ..ZoneFilter::default() };
            out.write(&format!("{prefix}batches/{}/map.svg", b.batch), drawing::map_svg(index, &only, None, site.links(), &first_paint))?;
        }
        for zone in index.zones() {
            let slug = zone.slug.as_str();
            let page = ZonePage::new(index, site, slug, lang).context("a zone of the index has a page")?;
            out.write(&format!("{prefix}zones/{slug}/index.html"), page.render()?)?;
            let panel = Panel::new(index, slug, lang, site.links()).context("a zone of the index has a panel")?;
            out.write(&format!("{prefix}zones/{slug}/panel.html"), PanelFragment { panel, ui: Ui(lang) }.render()?)?;
        }
    }
    for (path, png) in previews(index, site)? {
        out.write(&path, png)?;
    }
    for zone in index.zones() {
        out.write(&format!("api/zones/{}.geojson", zone.slug.as_str()), geojson::Feature::from(zone).to_string())?;
    }
    // What static hosts (GitHub Pages, Netlify, S3 websites) show for a missing path.
    let missing = ErrorPage {
        lang: Lang::En,
        ui: Ui(Lang::En),
        status: 404,
        title: "Not found".to_owned(),
        message: "There is no page at this address.".to_owned(),
        links: site.links(),
    };
    out.write("404.html", missing.render()?)?;
    let all = ZoneFilter::default();
    out.write("api/zones.geojson", data::feature_collection(index, &all).to_string())?;
    out.write("api/zones.csv", data::csv(index, &all))?;
    for asset in crate::assets::ASSETS {
        // Both names: pages link the fingerprinted one; embed code pasted into articles uses
        // the plain `static/embed.js`.
        out.write(&format!("static/{}", asset.fingerprinted), asset.bytes)?;
        out.write(&format!("static/{}", asset.path), asset.bytes)?;
    }
    Ok(out.summary)
}

/// Every preview image, in both languages, with its path: rasterising dominates the export, so
/// on all cores.
fn previews(index: &ZoneIndex, site: &Site) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
    let mut jobs: Vec<(Option<&str>, Lang)> = Vec::new();
    for lang in [Lang::En, Lang::Zh] {
        jobs.push((None, lang));
        jobs.extend(index.zones().iter().map(|z| (Some(z.slug.as_str()), lang)));
    }
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = jobs.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = jobs
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|&(slug, lang)| {
                            // The link's path without the base: where the file goes.
                            let link = site.links().preview(slug, lang);
                            let path = link[site.base.len()..].trim_start_matches('/').to_owned();
                            drawing::preview_png(index, site.links(), slug, lang).map(|png| (path, png)).map_err(anyhow::Error::msg)
                        })
                        .collect::<anyhow::Result<Vec<_>>>()
                })
            })
            .collect();
        let mut all = Vec::with_capacity(jobs.len());
        for h in handles {
            all.extend(h.join().map_err(|_| anyhow::anyhow!("a preview thread panicked"))??);
        }
        Ok(all)
    })
}


struct Writer {
    dir: PathBuf,
    summary: Summary,
}

impl Writer {
    fn write(&mut self, relative: &str, bytes: impl AsRef<[u8]>) -> anyhow::Result<()> {
        let path = self.dir.join(relative);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        }
        let bytes = bytes.as_ref();
        fs::write(&path, bytes).with_context(|| format!("writing {}", path.display()))?;
        self.summary.files += 1;
        self.summary.bytes += bytes.len() as u64;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::parse;

    #[test]
    fn writes_every_page_in_both_languages_under_the_base_path() {
        let index = ZoneIndex::from(parse("valid.geojson", include_str!("../tests/fixtures/valid.geojson")).expect("valid"));
        let site = Site::new(Some("https://cdn.example.org/maps/zones"), None).expect("valid").for_export();
        let dir = std::env::temp_dir().join(format!("zonemap-export-unit-{}", std::process::id()));
        let summary = export(&index, &site, &dir).expect("exports");
        for file in ["index.html", "zh/index.html", "embed/index.html", "zh/embed/index.html", "map.svg", "zh/map.svg", "preview.png",
            "zones/alpha/index.html", "zh/zones/alpha/index.html", "zones/alpha/panel.html", "zones/alpha/preview.png", "zh/zones/alpha/preview.png", "zh/preview.png",
            "api/zones.geojson", "api/zones.csv", "api/zones/alpha.geojson", "batches/1/index.html", "zh/batches/1/index.html", "static/embed.js", "static/app.js", "404.html"] {
            assert!(dir.join(file).is_file(), "{file}");
        }
        let index_html = fs::read_to_string(dir.join("index.html")).expect("read");
        assert!(index_html.contains("href=\"/maps/zones/zones/alpha/\""), "zone links are directories under the base path");
        assert!(index_html.contains("data-panel=\"/maps/zones/zones/{slug}/panel.html\""));
        assert!(index_html.contains("href=\"/maps/zones/zh/\""), "the language switch goes to zh/");
        assert!(!index_html.contains("oembed"), "no oEmbed endpoint in an export");
        assert!(summary.files > 30 && summary.bytes > 100_000, "{summary:?}");
        fs::remove_dir_all(&dir).expect("clean up");
    }
}
