//! [`Site`]: how the site presents itself, validated once from the flags: its public URL
//! (origin and base path), how its links are routed, and an optional raster tile layer.

use crate::data::HttpUrl;
use crate::links::{Links, Routing};

/// Site-wide settings shared by every page.
#[derive(Debug, Clone, Default)]
pub struct Site {
    /// `scheme://host[:port]` of the public URL, for absolute links; `None` when not configured.
    /// Every absolute URL we print starts with it and with nothing else: never with a host or
    /// scheme a request claims (`Host`, `X-Forwarded-*`, `Forwarded`), which anyone can forge.
    pub origin: Option<Origin>,
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
                (Some(Origin::parse(origin).map_err(|e| format!("--public-url: {e}"))?), path.trim_end_matches('/').to_owned())
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

/// The `scheme://host[:port]` of an absolute URL we print: the scheme is `http` or `https`, the
/// host a DNS name or an IP address, the port digits. Checked where it is built, so that no
/// absolute link of ours can become `javascript:` or carry a crafted host, whatever else goes
/// wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin(String);

impl Origin {
    /// Parses `scheme://host[:port]`; the message says what is wrong.
    pub fn parse(s: &str) -> Result<Origin, String> {
        let bad = |why: &str| format!("{s:?} is not an origin to print in links: {why}");
        let lower = s.to_ascii_lowercase();
        let rest = lower.strip_prefix("https://").or_else(|| lower.strip_prefix("http://")).ok_or_else(|| bad("the scheme must be http or https"))?;
        let (host, port) = match rest.rsplit_once(':') {
            Some((host, port)) if !host.ends_with(':') && !port.contains(']') => (host, Some(port)),
            _ => (rest, None),
        };
        let ip6 = host.strip_prefix('[').and_then(|h| h.strip_suffix(']'));
        let host_ok = match ip6 {
            Some(addr) => addr.parse::<std::net::Ipv6Addr>().is_ok(),
            None => !host.is_empty() && host.len() <= 253 && host.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.'),
        };
        if !host_ok {
            return Err(bad("the host must be a domain name or an IP address"));
        }
        if port.is_some_and(|p| p.is_empty() || p.len() > 5 || !p.bytes().all(|b| b.is_ascii_digit())) {
            return Err(bad("the port must be a number"));
        }
        Ok(Origin(lower))
    }

    /// The origin as printed, e.g. `https://maps.example.org`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
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
        let embed = site.links().embed(crate::lang::Lang::En, "");
        assert_eq!(site.absolute(&embed).as_deref(), Some("https://maps.example.org/zones/embed"));
        let root = Site::new(Some("http://127.0.0.1:8080"), None).expect("valid");
        assert_eq!((root.origin.as_ref().map(Origin::as_str), root.base.as_str()), (Some("http://127.0.0.1:8080"), ""));
    }

    #[test]
    fn origins_are_http_or_https_with_a_plain_host() {
        for ok in ["http://127.0.0.1:8080", "https://maps.example.org", "https://[::1]:8443", "HTTPS://Maps.Example.ORG"] {
            assert!(Origin::parse(ok).is_ok(), "{ok}");
        }
        for bad in ["javascript://x", "javascript:alert(1)", "https://x/%0aalert(document.domain)//", "https://a b", "https://", "https://x:port", "https://x:", "ftp://x", "https://[zz]"] {
            assert!(Origin::parse(bad).is_err(), "{bad}");
        }
        assert!(Site::new(Some("https://x%0a.example/"), None).is_err());
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
