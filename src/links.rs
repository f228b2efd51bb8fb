//! [`Links`]: every URL a page prints to another page, asset or API file of ours, built in one
//! place so that two things hold everywhere:
//!
//! - a public URL with a path (`--public-url https://news.example/maps`) puts every link under
//!   that path, for a reverse proxy or a CDN that serves the map from a sub-path;
//! - a static export (`zonemap export`) links to paths a plain file server can answer: a file
//!   server ignores query strings, so the Chinese pages live under `/zh/` and each page is a
//!   directory with an `index.html`, while the server keeps the contract's `?lang=zh` URLs.

use crate::lang::Lang;
use crate::drawing::PreviewSize;

/// Who answers the links: the zonemap server, or a plain static file server.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Routing {
    /// `zonemap serve`: query strings choose language and view.
    #[default]
    Server,
    /// `zonemap export`: one file per page; language in the path.
    Static,
}

/// Builds our URLs (site-relative, starting with the base path).
#[derive(Debug, Clone, Copy)]
pub struct Links<'a> {
    base: &'a str,
    routing: Routing,
}

impl<'a> Links<'a> {
    /// Links under `base` (a path without a trailing slash, or "").
    pub fn new(base: &'a str, routing: Routing) -> Links<'a> {
        Links { base, routing }
    }

    /// The base path ("" at the root).
    pub fn base(self) -> &'a str {
        self.base
    }

    /// Which kind of server answers.
    pub fn routing(self) -> Routing {
        self.routing
    }

    /// The map, `query` being the view's encoded parameters other than `lang` ("" for none).
    pub fn map(self, lang: Lang, query: &str) -> String {
        self.page("/", lang, query)
    }

    /// The embed for a view.
    pub fn embed(self, lang: Lang, query: &str) -> String {
        self.page("/embed", lang, query)
    }

    /// The step chart of zones in force over time.
    pub fn chart(self, lang: Lang) -> String {
        match self.routing {
            Routing::Server => self.with_query("/chart.svg", lang, ""),
            Routing::Static => format!("{}{}/chart.svg", self.base, zh_prefix(lang)),
        }
    }

    /// One province's page.
    pub fn province(self, slug: &str, lang: Lang) -> String {
        self.page(&format!("/provinces/{slug}"), lang, "")
    }

    /// The table of the zones for a view.
    pub fn table(self, lang: Lang, query: &str) -> String {
        self.page("/table", lang, query)
    }

    /// One zone's page.
    pub fn zone(self, slug: &str, lang: Lang) -> String {
        self.page(&format!("/zones/{slug}"), lang, "")
    }

    /// One batch's page.
    pub fn batch(self, n: crate::data::BatchNo, lang: Lang) -> String {
        self.page(&format!("/batches/{n}"), lang, "")
    }

    /// One zone's panel fragment, with `{slug}` left for the browser script to fill in.
    pub fn panel_pattern(self, lang: Lang) -> String {
        match self.routing {
            Routing::Server => self.page("/zones/{slug}/panel", lang, ""),
            Routing::Static => format!("{}{}/zones/{{slug}}/panel.html", self.base, zh_prefix(lang)),
        }
    }

    /// The SVG map of a view (`query` as for [`Links::map`]). A static export has one SVG per
    /// language: a file server cannot choose by query.
    pub fn svg(self, lang: Lang, query: &str) -> String {
        match self.routing {
            Routing::Server => self.with_query("/map.svg", lang, query),
            Routing::Static => format!("{}{}/map.svg", self.base, zh_prefix(lang)),
        }
    }

    /// The SVG map of one batch, without title band or legend (the batch page's picture). An
    /// export writes one per batch and language, beside the batch's page.
    pub fn batch_svg(self, n: crate::data::BatchNo, lang: Lang) -> String {
        match self.routing {
            Routing::Server => {
                let only = crate::data::ZoneFilter { batches: [n].into(), ..Default::default() };
                let bare = crate::query::EmbedQuery::bare(crate::query::MapQuery { filter: only, ..Default::default() });
                self.with_query("/map.svg", lang, &bare.to_query())
            }
            Routing::Static => format!("{}{}/batches/{n}/map.svg", self.base, zh_prefix(lang)),
        }
    }

    /// The link-preview image of one batch's map, its text in `lang`.
    pub fn batch_preview(self, n: crate::data::BatchNo, lang: Lang, size: PreviewSize) -> String {
        self.picture(&format!("/batches/{n}/preview.png"), lang, size)
    }

    /// A link-preview image, its text in `lang`: the whole map's, or one zone's.
    pub fn preview(self, slug: Option<&str>, lang: Lang, size: PreviewSize) -> String {
        let path = match slug {
            Some(slug) => format!("/zones/{slug}/preview.png"),
            None => "/preview.png".to_owned(),
        };
        self.picture(&path, lang, size)
    }

    /// A preview picture at `path`. A static export has only the card size (its files cannot
    /// take a query, and only a server answers oEmbed, which offers the small one).
    fn picture(self, path: &str, lang: Lang, size: PreviewSize) -> String {
        match self.routing {
            Routing::Server => self.with_query(path, lang, if size == PreviewSize::Small { "size=small" } else { "" }),
            Routing::Static => format!("{}{}{path}", self.base, zh_prefix(lang)),
        }
    }

    /// The home-screen icon, at the site's root where clients that find no link look for it.
    pub fn touch_icon(self) -> String {
        format!("{}/apple-touch-icon.png", self.base)
    }

    /// A file under `/api/`, e.g. `zones.geojson`.
    pub fn api(self, file: &str) -> String {
        format!("{}/api/{file}", self.base)
    }

    /// The spreadsheet download of the zones a query selects.
    pub fn csv(self, query: &str) -> String {
        let file = self.api("zones.csv");
        if query.is_empty() { file } else { format!("{file}?{query}") }
    }

    /// An embedded asset by its plain name, linked by its fingerprinted one.
    pub fn asset(self, name: &str) -> String {
        format!("{}{}", self.base, crate::assets::url(name))
    }

    /// The script a host page loads to resize our iframes. Deliberately not fingerprinted: the
    /// embed code pasted into articles must keep working across releases.
    pub fn embed_script(self) -> String {
        format!("{}/static/embed.js", self.base)
    }

    /// `path` (starting with `/`, no query) in `lang`, with the view's `query`.
    fn page(self, path: &str, lang: Lang, query: &str) -> String {
        match self.routing {
            Routing::Server => self.with_query(path, lang, query),
            Routing::Static => {
                // Directories end in `/` so the file server answers with their index.html.
                let dir = if path.ends_with('/') { path.to_owned() } else { format!("{path}/") };
                let q = if query.is_empty() { String::new() } else { format!("?{query}") };
                format!("{}{}{dir}{q}", self.base, zh_prefix(lang))
            }
        }
    }

    fn with_query(self, path: &str, lang: Lang, query: &str) -> String {
        let lang = match lang {
            Lang::En => "",
            Lang::Zh => "lang=zh",
        };
        let q: Vec<&str> = [query, lang].into_iter().filter(|s| !s.is_empty()).collect();
        if q.is_empty() { format!("{}{path}", self.base) } else { format!("{}{path}?{}", self.base, q.join("&")) }
    }
}

fn zh_prefix(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "",
        Lang::Zh => "/zh",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_links_use_the_contract_query() {
        let l = Links::new("", Routing::Server);
        assert_eq!(l.map(Lang::En, ""), "/");
        assert_eq!(l.map(Lang::Zh, "batch=1"), "/?batch=1&lang=zh");
        assert_eq!(l.zone("xian", Lang::Zh), "/zones/xian?lang=zh");
        assert_eq!(l.panel_pattern(Lang::En), "/zones/{slug}/panel");
        assert_eq!(l.embed(Lang::En, "zone=xian&legend=0"), "/embed?zone=xian&legend=0");
        assert_eq!(l.svg(Lang::Zh, ""), "/map.svg?lang=zh");
    }

    #[test]
    fn a_base_path_prefixes_everything() {
        let l = Links::new("/maps", Routing::Server);
        assert_eq!(l.map(Lang::En, ""), "/maps/");
        assert_eq!(l.api("zones.geojson"), "/maps/api/zones.geojson");
        assert!(l.asset("app.js").starts_with("/maps/static/app."));
        assert_eq!(l.embed_script(), "/maps/static/embed.js");
        assert_eq!(l.preview(Some("xian"), Lang::En, PreviewSize::Card), "/maps/zones/xian/preview.png");
        assert_eq!(l.preview(None, Lang::Zh, PreviewSize::Small), "/maps/preview.png?size=small&lang=zh");
        assert_eq!(Links::new("", Routing::Static).preview(Some("xian"), Lang::Zh, PreviewSize::Card), "/zh/zones/xian/preview.png");
    }

    #[test]
    fn static_links_are_directories_with_the_language_in_the_path() {
        let l = Links::new("/maps", Routing::Static);
        assert_eq!(l.map(Lang::En, ""), "/maps/");
        assert_eq!(l.map(Lang::Zh, "batch=2"), "/maps/zh/?batch=2");
        assert_eq!(l.zone("xian", Lang::Zh), "/maps/zh/zones/xian/");
        assert_eq!(l.embed(Lang::En, ""), "/maps/embed/");
        assert_eq!(l.panel_pattern(Lang::Zh), "/maps/zh/zones/{slug}/panel.html");
        assert_eq!(l.svg(Lang::Zh, "batch=1"), "/maps/zh/map.svg");
    }
}
