//! [`Site`]: how the site presents itself, validated once from the flags: its public URL
//! (origin and base path), how its links are routed, and an optional raster tile layer.

use crate::data::HttpUrl;
use crate::links::{Links, Routing};

/// Site-wide settings shared by every page.
#[derive(Debug, Clone, Default)]
pub struct Site {
    /// `scheme://host[:port]` of the public URL, for absolute links; `None` when not configured.
    pub origin: Option<String>,
    /// The public URL's path without a trailing slash ("" at the root): every link starts with it.
    pub base: String,
    /// Server or static-export links.
    pub routing: Routing,
    /// Raster tiles to draw instead of the bundled basemap.
    pub tiles: Option<Tiles>,
}

/// A raster tile layer chosen with `--tiles`.
#[derive(Debug, Clone)]
pub struct Tiles {
    /// URL template with `{z}`, `{x}`, `{y}`.
    pub template: String,
    /// Attribution the provider requires.
    pub attribution: String,
    /// `scheme://host[:port]` of the template, for the Content-Security-Policy.
    pub origin: String,
}

impl Site {
    /// Validates the flags; the message says what is wrong.
    pub fn new(public_url: Option<&str>, tiles: Option<(&str, &str)>) -> Result<Site, String> {
        let (origin, base) = match public_url {
            None => (None, String::new()),
            Some(u) => {
                let url = HttpUrl::try_from(u.to_owned()).map_err(|e| format!("--public-url: {e}"))?;
                if url.as_str().contains(['?', '#']) {
                    return Err(format!("--public-url: {u:?} must not have a query or fragment"));
                }
                let (origin, path) = split_origin(url.as_str());
                (Some(origin.to_owned()), path.trim_end_matches('/').to_owned())
            }
        };
        let tiles = tiles.map(|(t, a)| Tiles::new(t, a)).transpose()?;
        Ok(Site { origin, base, routing: Routing::Server, tiles })
    }

    /// The same site with static-export links.
    pub fn for_export(self) -> Site {
        Site { routing: Routing::Static, ..self }
    }

    /// The link builder for this site.
    pub fn links(&self) -> Links<'_> {
        Links::new(&self.base, self.routing)
    }

    /// The absolute URL of a link from [`Site::links`], when the public URL is known.
    pub fn absolute(&self, link: &str) -> Option<String> {
        self.origin.as_ref().map(|origin| format!("{origin}{link}"))
    }
}

/// `("https://host:8443", "/path")` from a URL with a scheme.
fn split_origin(url: &str) -> (&str, &str) {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    let end = url[after_scheme..].find('/').map_or(url.len(), |i| i + after_scheme);
    url.split_at(end)
}

impl Tiles {
    fn new(template: &str, attribution: &str) -> Result<Tiles, String> {
        let url = HttpUrl::try_from(template.to_owned()).map_err(|e| format!("--tiles: {e}"))?;
        if !["{z}", "{x}", "{y}"].iter().all(|p| template.contains(p)) {
            return Err(format!("--tiles: {template:?} needs {{z}}, {{x}} and {{y}}"));
        }
        if attribution.trim().is_empty() {
            return Err("--tiles-attribution must not be empty".to_owned());
        }
        let origin = split_origin(url.as_str()).0.to_owned();
        Ok(Tiles { template: template.to_owned(), attribution: attribution.to_owned(), origin })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_url_is_normalised() {
        let site = Site::new(Some("https://maps.example.org/zones/"), None).expect("valid");
        assert_eq!(site.base, "/zones");
        let embed = site.links().embed(crate::pages::Lang::En, "");
        assert_eq!(site.absolute(&embed).as_deref(), Some("https://maps.example.org/zones/embed"));
        let root = Site::new(Some("http://127.0.0.1:8080"), None).expect("valid");
        assert_eq!((root.origin.as_deref(), root.base.as_str()), (Some("http://127.0.0.1:8080"), ""));
    }

    #[test]
    fn bad_public_url_is_refused() {
        assert!(Site::new(Some("maps.example.org"), None).is_err());
        assert!(Site::new(Some("https://maps.example.org/?x=1"), None).is_err());
    }

    #[test]
    fn tiles_need_placeholders_and_give_their_origin() {
        assert!(Site::new(None, Some(("https://t.example/{z}/{x}.png", "x"))).is_err());
        assert!(Site::new(None, Some(("https://t.example/{z}/{x}/{y}.png", " "))).is_err());
        let site = Site::new(None, Some(("https://t.example:8443/{z}/{x}/{y}.png", "© T"))).expect("valid");
        assert_eq!(site.tiles.expect("set").origin, "https://t.example:8443");
    }
}
