//! The static assets embedded in the binary by `build.rs`: our own `static/` and Leaflet's
//! `dist/`. Each has a plain path (`app.js`) and a fingerprinted one (`app.0123abcd.js`) that
//! pages link to, so browsers and CDNs may keep it for ever.

/// One embedded file.
#[derive(Debug)]
pub struct Asset {
    /// Path below `/static/`.
    pub path: &'static str,
    /// The same with the content hash in the name.
    pub fingerprinted: &'static str,
    /// The file's bytes.
    pub bytes: &'static [u8],
    /// Gzip and brotli forms made by the build, for the first load's assets (build.rs
    /// `PRECOMPRESSED`); the server compresses the rest itself.
    pub packed: Option<(&'static [u8], &'static [u8])>,
}

include!(concat!(env!("OUT_DIR"), "/assets.rs"));

/// Finds an asset by its plain or fingerprinted path; says which it was.
pub fn find(path: &str) -> Option<(usize, &'static Asset, bool)> {
    ASSETS.iter().enumerate().find_map(|(i, a)| {
        if a.fingerprinted == path {
            Some((i, a, true))
        } else if a.path == path {
            Some((i, a, false))
        } else {
            None
        }
    })
}

/// The URL pages use for an asset: its fingerprinted name. Falls back to the plain path (which
/// still works, with revalidation) for a name that is not embedded, so a typo shows as a 404.
pub fn url(path: &str) -> String {
    let name = ASSETS.iter().find(|a| a.path == path).map_or(path, |a| a.fingerprinted);
    format!("/static/{name}")
}

/// The media type for an asset's file name.
pub fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or_default() {
        "js" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "geojson" => "application/geo+json",
        "json" | "map" => "application/json",
        "png" => "image/png",
        "svg" => "image/svg+xml",
        "md" | "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_link_fingerprinted_names_that_resolve() {
        let u = url("app.js");
        assert!(u.starts_with("/static/app.") && u.ends_with(".js") && u != "/static/app.js", "{u}");
        let (_, asset, fingerprinted) = find(u.trim_start_matches("/static/")).expect("found");
        assert!(fingerprinted);
        assert_eq!(asset.path, "app.js");
        assert_eq!(url("vendor/leaflet/leaflet.css").matches('.').count(), 2);
        assert_eq!(url("nope.js"), "/static/nope.js");
    }

    #[test]
    fn the_builds_compressed_forms_are_the_first_loads_assets_and_decode_to_them() {
        use std::io::Read;
        let packed: Vec<&str> = ASSETS.iter().filter(|a| a.packed.is_some()).map(|a| a.path).collect();
        for path in ["bundle/map.css", "bundle/map.js", "bundle/embed.js", "basemap/basemap.topo.json"] {
            assert!(packed.contains(&path), "{path} is compressed by the build: {packed:?}");
        }
        for asset in ASSETS {
            let Some((gzip, br)) = asset.packed else { continue };
            let (mut from_gzip, mut from_br) = (Vec::new(), Vec::new());
            flate2::read::GzDecoder::new(gzip).read_to_end(&mut from_gzip).expect("gzip");
            brotli::Decompressor::new(br, 4096).read_to_end(&mut from_br).expect("brotli");
            assert!(from_gzip == asset.bytes && from_br == asset.bytes, "{}", asset.path);
            assert!(br.len() < gzip.len() && gzip.len() < asset.bytes.len(), "{}: {} < {} < {}", asset.path, br.len(), gzip.len(), asset.bytes.len());
        }
    }
}
