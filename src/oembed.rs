//! oEmbed 1.0 (<https://oembed.com>): turns the URL of one of our pages into embed code, so that
//! pasting a zonemap link into a CMS embeds the map. Framework-free: the handler only passes the
//! query and the origin the request came to.

use crate::ui::Ui;
use serde::Serialize;

use crate::data::ZoneIndex;
use crate::drawing::PreviewSize;
use crate::pages::{EmbedCode, EmbedPage, with_fallback};
use crate::query::{EmbedQuery, MapQuery, QueryError};
use crate::site::Site;

/// The iframe's size when the consumer sets no limit.
pub const DEFAULT_SIZE: (u32, u32) = (800, 640);

/// A parsed `/oembed` query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OembedQuery {
    /// The page to embed.
    pub url: String,
    /// The consumer's limits.
    pub max_width: Option<u32>,
    /// The consumer's limits.
    pub max_height: Option<u32>,
    /// Whether XML was asked for (which we do not serve).
    pub xml: bool,
}

/// Why there is no embed for a request.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OembedError {
    /// A malformed request: 400.
    #[error("{0}")]
    BadQuery(#[from] QueryError),
    /// Not one of our pages, or no such zone: 404, as the spec asks.
    #[error("the url {0:?} is not a page of this map")]
    NotOurs(String),
    /// The server was started without a public URL, so it cannot print absolute embed code.
    #[error("this server has no public URL (start it with --public-url), so it gives no embed code")]
    NoPublicUrl,
    /// `format=xml`: 501, as the spec asks.
    #[error("only format=json is served")]
    XmlNotImplemented,
}

/// The response, type `rich`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Oembed {
    version: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    provider_name: &'static str,
    provider_url: String,
    title: String,
    /// The embed code: an iframe of `/embed`.
    pub html: String,
    /// The iframe's width.
    pub width: u32,
    /// The iframe's height.
    pub height: u32,
    cache_age: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    thumbnail_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    thumbnail_width: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    thumbnail_height: Option<u32>,
}

impl OembedQuery {
    /// Parses `url`, `format`, `maxwidth`, `maxheight`.
    pub fn parse(qs: &str) -> Result<OembedQuery, QueryError> {
        let (mut url, mut max_width, mut max_height, mut xml) = (None, None, None, false);
        for (key, value) in form_urlencoded::parse(qs.as_bytes()) {
            match &*key {
                "url" => url = Some(value.into_owned()),
                "format" => match &*value {
                    "json" | "" => xml = false,
                    "xml" => xml = true,
                    _ => return Err(QueryError(format!("format: {value:?} is not json or xml"))),
                },
                "maxwidth" => max_width = Some(dimension("maxwidth", &value)?),
                "maxheight" => max_height = Some(dimension("maxheight", &value)?),
                _ => {}
            }
        }
        let url = url.filter(|u| !u.is_empty()).ok_or_else(|| QueryError("url: the page to embed is missing".into()))?;
        Ok(OembedQuery { url, max_width, max_height, xml })
    }
}

fn dimension(name: &str, value: &str) -> Result<u32, QueryError> {
    value.parse::<u32>().ok().filter(|n| (1..=100_000).contains(n)).ok_or_else(|| QueryError(format!("{name}: {value:?} is not a size in pixels")))
}

/// The embed for `q`. Only the configured public URL counts as ours, and every URL in the
/// answer is built from it: never from the host or scheme the request names, which a client or
/// a misconfigured proxy can forge (and the answer is cached for an hour).
pub fn respond(site: &Site, index: &ZoneIndex, q: &OembedQuery) -> Result<Oembed, OembedError> {
    if q.xml {
        return Err(OembedError::XmlNotImplemented);
    }
    let not_ours = || OembedError::NotOurs(q.url.clone());
    let origin = site.origin.as_ref().ok_or(OembedError::NoPublicUrl)?.as_str();
    // Scheme and host are case-insensitive; the origin is stored in lowercase.
    let lowered = q.url.get(..origin.len()).map(str::to_ascii_lowercase);
    let rest = match lowered {
        Some(start) if start == origin => &q.url[origin.len()..],
        _ => return Err(not_ours()),
    };
    if !(rest.is_empty() || rest.starts_with(['/', '?'])) {
        return Err(not_ours());
    }
    let rest = rest.split('#').next().unwrap_or_default();
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    let path = path.strip_prefix(site.base.as_str()).ok_or_else(not_ours)?;
    let embed = match path {
        "" | "/" => {
            let map = MapQuery::parse(query, index).map_err(|_| not_ours())?;
            EmbedQuery::new(map)
        }
        "/embed" => EmbedQuery::parse(query, index).map_err(|_| not_ours())?,
        // The table embeds as the map of the same view.
        "/table" | "/table/" => EmbedQuery::new(crate::query::TableQuery::parse(query, index).map_err(|_| not_ours())?.map),
        // A province's page embeds as the map of that province.
        _ if path.starts_with("/provinces/") => {
            let slug = path.trim_start_matches("/provinces/").trim_end_matches('/');
            let province = index.province(slug).ok_or_else(not_ours)?;
            let lang = crate::query::LangQuery::parse(query).map_err(|_| not_ours())?.lang;
            let filter = crate::data::ZoneFilter { province: Some(province.slug.clone()), ..Default::default() };
            EmbedQuery::new(MapQuery { filter, lang, ..MapQuery::default() })
        }
        // A batch page embeds as the map of that batch.
        _ if path.starts_with("/batches/") => {
            let n = path.trim_start_matches("/batches/").trim_end_matches('/');
            let batch = n.parse::<u64>().ok().filter(|v| v.to_string() == n).and_then(|v| crate::data::BatchNo::try_from(v).ok());
            let batch = batch.filter(|b| index.batch(*b).is_some()).ok_or_else(not_ours)?;
            let lang = crate::query::LangQuery::parse(query).map_err(|_| not_ours())?.lang;
            let filter = crate::data::ZoneFilter { batches: [batch].into(), ..Default::default() };
            EmbedQuery::new(MapQuery { filter, lang, ..MapQuery::default() })
        }
        _ => {
            let slug = path.strip_prefix("/zones/").map(|s| s.trim_end_matches('/')).filter(|s| index.get(s).is_some()).ok_or_else(not_ours)?;
            let lang = crate::query::LangQuery::parse(query).map_err(|_| not_ours())?.lang;
            let map = MapQuery { zone: index.get(slug).map(|z| z.slug.clone()), lang, ..MapQuery::default() };
            EmbedQuery::bare(map)
        }
    };
    let width = q.max_width.map_or(DEFAULT_SIZE.0, |m| m.min(DEFAULT_SIZE.0));
    // The height follows the width (the embed's map does), so that a host that never resizes,
    // and every host before the first resize message, reserves the right space.
    let estimated = EmbedPage::new(index, site, &embed).height_at(width);
    let height = q.max_height.map_or(estimated, |m| m.min(estimated));
    let lang = embed.map.lang;
    let ui = Ui(lang);
    let title = match embed.map.zone.as_deref().and_then(|s| index.get(s)) {
        Some(z) => ui.zone_title(z.name(lang)),
        None => {
            let filter = &embed.map.filter;
            format!("{} — {}", ui.site_title(), ui.count_line(index.select(filter).count(), &index.tally(filter)))
        }
    };
    let src = format!("{origin}{}", site.links().embed(lang, &embed.view_query()));
    let iframe = EmbedCode { src: &src, title: &title, height, script: None }.to_html();
    // The page the link was shared from, for the fallback citation WordPress needs.
    let page = format!("{origin}{rest}");
    let html = with_fallback(&page, &title, &iframe);
    // The picture of this very view (a zone's, one batch's, or the whole map's), at the
    // largest size within the client's limits.
    let size = PreviewSize::fitting(q.max_width, q.max_height);
    let one_batch = embed.map.filter.only_batch().filter(|_| embed.map.zone.is_none());
    let thumbnail = size.map(|size| {
        let link = match one_batch {
            Some(n) => site.links().batch_preview(n, lang, size),
            None => site.links().preview(embed.map.zone.as_deref(), lang, size),
        };
        (format!("{origin}{link}"), size.dims())
    });
    Ok(Oembed {
        version: "1.0",
        kind: "rich",
        provider_name: "zonemap",
        provider_url: format!("{origin}{}/", site.base),
        title,
        html,
        width,
        height,
        cache_age: 3600,
        thumbnail_width: thumbnail.as_ref().map(|(_, (w, _))| *w),
        thumbnail_height: thumbnail.as_ref().map(|(_, (_, h))| *h),
        thumbnail_url: thumbnail.map(|(url, _)| url),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::parse;

    fn index() -> ZoneIndex {
        ZoneIndex::from(parse("valid.geojson", include_str!("../tests/fixtures/valid.geojson")).expect("valid"))
    }

    fn ask(site: &Site, qs: &str) -> Result<Oembed, OembedError> {
        let q = OembedQuery::parse(qs)?;
        respond(site, &index(), &q)
    }

    #[test]
    fn a_zone_page_becomes_its_embed() {
        let site = Site::new(Some("https://maps.example.org/z"), None).expect("valid");
        let slug = index().zones()[0].slug.to_string();
        let url = format!("https://maps.example.org/z/zones/{slug}/?lang=zh");
        let qs = form_urlencoded::Serializer::new(String::new()).append_pair("url", &url).finish();
        let o = ask(&site, &qs).expect("ours");
        assert!(o.html.contains(&format!("src=\"https://maps.example.org/z/embed?zone={slug}&amp;legend=0&amp;title=0&amp;lang=zh\"")), "{}", o.html);
        let embed = EmbedQuery::bare(MapQuery { zone: index().zones().first().map(|z| z.slug.clone()), lang: crate::lang::Lang::Zh, ..MapQuery::default() });
        let idx = index();
        assert_eq!((o.width, o.height), (DEFAULT_SIZE.0, EmbedPage::new(&idx, &site, &embed).height_at(DEFAULT_SIZE.0)), "the height the embed takes at that width");
        assert!(o.html.starts_with(&format!("<blockquote class=\"zonemap-embed\"><a href=\"{url}\">")), "WordPress's fallback first: {}", o.html);
        assert_eq!(o.thumbnail_url, Some(format!("https://maps.example.org/z/zones/{slug}/preview.png?lang=zh")), "the thumbnail in the page's language");
    }

    #[test]
    fn limits_are_honoured_and_a_thumbnail_that_does_not_fit_is_left_out() {
        let site = Site::new(Some("http://127.0.0.1:8080"), None).expect("valid");
        let o = ask(&site, "url=http%3A%2F%2F127.0.0.1%3A8080%2F%3Fbatch%3D1&maxwidth=375&maxheight=300").expect("ours");
        assert_eq!((o.width, o.height), (375, 300), "maxheight caps the estimate");
        let narrow = ask(&site, "url=http%3A%2F%2F127.0.0.1%3A8080%2F&maxwidth=320").expect("ours");
        let wide = ask(&site, "url=http%3A%2F%2F127.0.0.1%3A8080%2F&maxwidth=800").expect("ours");
        assert!(narrow.height != wide.height && narrow.height > 300, "the height follows the width: {} {}", narrow.height, wide.height);
        assert!(o.thumbnail_url.is_none(), "not even the small thumbnail fits 375×300");
        assert!(o.html.contains("/embed?batch=1\""), "{}", o.html);
        // Too narrow for the card, wide enough for the half-size thumbnail of that very view.
        let small = ask(&site, "url=http%3A%2F%2F127.0.0.1%3A8080%2F%3Fbatch%3D1%26lang%3Dzh&maxwidth=800").expect("ours");
        assert_eq!(small.thumbnail_url.as_deref(), Some("http://127.0.0.1:8080/batches/1/preview.png?size=small&lang=zh"));
        assert_eq!((small.thumbnail_width, small.thumbnail_height), (Some(600), Some(315)));
        assert_eq!(wide.thumbnail_width, Some(600), "800 px is narrower than the card");
    }

    #[test]
    fn other_urls_formats_and_sizes_are_refused() {
        let site = Site::new(Some("http://127.0.0.1:8080"), None).expect("valid");
        for url in ["https://evil.example/", "http://127.0.0.1:80801/", "http://127.0.0.1:8080/zones/nowhere", "http://127.0.0.1:8080/api/zones.csv"] {
            let qs = form_urlencoded::Serializer::new(String::new()).append_pair("url", url).finish();
            assert!(matches!(ask(&site, &qs), Err(OembedError::NotOurs(_))), "{url}");
        }
        assert_eq!(ask(&site, "url=http%3A%2F%2F127.0.0.1%3A8080%2F&format=xml"), Err(OembedError::XmlNotImplemented));
        assert_eq!(ask(&Site::default(), "url=http%3A%2F%2F127.0.0.1%3A8080%2F"), Err(OembedError::NoPublicUrl), "no public URL, no absolute embed code");
        let upper = ask(&site, "url=HTTP%3A%2F%2F127.0.0.1%3A8080%2F%3Fbatch%3D1").expect("scheme and host are case-insensitive");
        assert!(upper.html.contains("src=\"http://127.0.0.1:8080/embed?batch=1\""), "{}", upper.html);
        for qs in ["", "url=", "url=x&maxwidth=-1", "url=x&maxheight=abc", "url=x&format=yaml"] {
            assert!(matches!(ask(&site, qs), Err(OembedError::BadQuery(_))), "{qs}");
        }
    }
}
