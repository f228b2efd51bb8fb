//! `zonemap export DIR`: the whole site as static files, for any CDN or object store. Pages,
//! embeds, panels, batch pages, SVG maps, previews, API files and assets: every resource of the
//! catalog ([`crate::resource`]) with a file path, rendered by the same code the
//! server uses, with static-export links (see [`crate::links`]): the Chinese pages live under
//! `zh/`, every page is a directory with an `index.html`, and everything sits under the public
//! URL's path, so the export works from a sub-path.
//!
//! What a file server cannot do, the export leaves to the browser script: `?batch=`, `?zone=`,
//! `legend`, `title` and `theme` are applied client-side; the no-JavaScript fallbacks (the GET
//! filter form, a server-rendered panel for `?zone=`) only show the unfiltered view; there is no
//! oEmbed endpoint; `/api/zones.geojson` has only the contract's default collection, and
//! `api/zones-all.geojson` every zone with the former ones (what the map's script loads).

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::data::ZoneIndex;
use crate::resource::{self, Resource};
use crate::site::Site;

/// What was written.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    /// Files written.
    pub files: usize,
    /// Bytes written.
    pub bytes: u64,
}

/// Writes the site for `index` into `dir` (created if missing): every resource of the catalog
/// that a file server can serve, then the assets. `site` must be an export site
/// (`Site::for_export`).
pub fn export(index: &ZoneIndex, site: &Site, dir: &Path) -> anyhow::Result<Summary> {
    let mut out = Writer { dir: dir.to_owned(), summary: Summary::default() };
    for (path, bytes) in render_all(index, site)? {
        out.write(&path, bytes)?;
    }
    for asset in crate::assets::ASSETS {
        // Both names: pages link the fingerprinted one; embed code pasted into articles uses
        // the plain `static/embed.js`.
        out.write(&format!("static/{}", asset.fingerprinted), asset.bytes)?;
        out.write(&format!("static/{}", asset.path), asset.bytes)?;
    }
    Ok(out.summary)
}

/// Every exported resource rendered, with its path. Rasterising the previews dominates, so the
/// work is spread over all cores, each thread taking every n-th resource.
fn render_all(index: &ZoneIndex, site: &Site) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
    let jobs: Vec<(String, Resource)> = resource::catalog(index).into_iter().filter_map(|r| r.export_path().map(|p| (p, r))).collect();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|part| {
                let jobs = &jobs;
                scope.spawn(move || {
                    jobs.iter()
                        .skip(part)
                        .step_by(threads)
                        .map(|(path, r)| r.render(index, site).map(|done| (path.clone(), done.bytes)).with_context(|| format!("rendering {path}")))
                        .collect::<anyhow::Result<Vec<_>>>()
                })
            })
            .collect();
        let mut all = Vec::with_capacity(jobs.len());
        for h in handles {
            all.extend(h.join().map_err(|_| anyhow::anyhow!("an export thread panicked"))??);
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
            "api/zones.geojson", "api/zones-all.geojson", "api/zones.csv", "api/zones/alpha.geojson", "batches/1/index.html", "zh/batches/1/index.html", "static/embed.js", "static/app.js", "404.html"] {
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
