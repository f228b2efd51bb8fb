//! [`Site`]: how the site presents itself, validated once from the serve flags: its public URL,
//! and an optional raster tile layer.

use crate::data::HttpUrl;

/// Site-wide settings shared by every page.
#[derive(Debug, Clone, Default)]
pub struct Site {
    /// The public URL without a trailing slash, for absolute links; `None` when not configured.
    pub public_url: Option<String>,
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
        let public_url = public_url
            .map(|u| HttpUrl::try_from(u.trim_end_matches('/').to_owned()).map(String::from))
            .transpose()
            .map_err(|e| format!("--public-url: {e}"))?;
        let tiles = tiles.map(|(t, a)| Tiles::new(t, a)).transpose()?;
        Ok(Site { public_url, tiles })
    }

    /// The absolute URL of `path` (which starts with `/`), when the public URL is known.
    pub fn absolute(&self, path: &str) -> Option<String> {
        self.public_url.as_ref().map(|base| format!("{base}{path}"))
    }
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
        let after_scheme = url.as_str().find("://").map_or(0, |i| i + 3);
        let end = url.as_str()[after_scheme..].find('/').map_or(url.as_str().len(), |i| i + after_scheme);
        Ok(Tiles { template: template.to_owned(), attribution: attribution.to_owned(), origin: url.as_str()[..end].to_owned() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_url_is_normalised() {
        let site = Site::new(Some("https://maps.example.org/zones/"), None).expect("valid");
        assert_eq!(site.absolute("/embed").as_deref(), Some("https://maps.example.org/zones/embed"));
    }

    #[test]
    fn bad_public_url_is_refused() {
        assert!(Site::new(Some("maps.example.org"), None).is_err());
    }

    #[test]
    fn tiles_need_placeholders_and_give_their_origin() {
        assert!(Site::new(None, Some(("https://t.example/{z}/{x}.png", "x"))).is_err());
        assert!(Site::new(None, Some(("https://t.example/{z}/{x}/{y}.png", " "))).is_err());
        let site = Site::new(None, Some(("https://t.example:8443/{z}/{x}/{y}.png", "© T"))).expect("valid");
        assert_eq!(site.tiles.expect("set").origin, "https://t.example:8443");
    }
}
