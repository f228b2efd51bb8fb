//! [`PageMeta`]: what a page tells search engines, link previews and CMSs about itself: title,
//! description, canonical URL, Open Graph and Twitter Card tags with the preview image, and
//! the oEmbed discovery link.

use crate::ui::Ui;
use crate::site::Site;

use super::Lang;
use super::structured::JsonLd;

pub use crate::drawing::PREVIEW_SIZE;
use crate::drawing::PreviewSize;

/// The head metadata of one page.
#[derive(Debug, Clone)]
pub struct PageMeta {
    /// The page's title.
    pub title: String,
    /// One or two sentences for search results and previews.
    pub description: String,
    /// The page's absolute URL, when the public URL is known.
    pub canonical: Option<String>,
    /// The URL of the view being shown (filters, open zone, language): what `og:url` and the
    /// oEmbed discovery link carry, so that a shared link embeds and previews what the reader
    /// saw. The canonical stays the unfiltered page.
    pub shared: Option<String>,
    /// The preview image: absolute when the public URL is known.
    pub image: String,
    /// What the preview image shows.
    pub image_alt: String,
    /// The oEmbed endpoint for this page (only a running server has one).
    pub oembed: Option<String>,
    /// `og:locale`.
    pub locale: &'static str,
    /// What a card calls the view, when it is not the page's title (a filtered view).
    pub card: Option<String>,
    /// The same page in the other language: its absolute URL (none without a public URL:
    /// search engines take only fully qualified `hreflang` links, so a relative one would be an
    /// error, and the page's language switch links it anyway), `hreflang` and `og:locale`.
    pub alternate: Option<(Option<String>, &'static str, &'static str)>,
    /// schema.org structured data for the page (see `structured`).
    pub json_ld: Option<JsonLd>,
}

impl PageMeta {
    /// Metadata for the page at `link` (from `site.links()`), previewed by `preview`'s image.
    pub fn new(site: &Site, lang: Lang, title: String, description: String, link: &str, preview: Option<&str>) -> PageMeta {
        let canonical = site.absolute(link);
        let image_link = site.links().preview(preview, lang, PreviewSize::Card);
        PageMeta {
            oembed: oembed_for(site, canonical.as_deref()),
            shared: canonical.clone(),
            image: site.absolute(&image_link).unwrap_or(image_link),
            image_alt: Ui(lang).preview_alt(&title),
            title,
            description,
            canonical,
            locale: lang.pick("en_US", "zh_CN"),
            alternate: None,
            card: None,
            json_ld: None,
        }
    }

    /// The same page showing the view at `link` (from `site.links()`): `og:url` and the oEmbed
    /// discovery link follow it.
    pub fn sharing(mut self, site: &Site, link: &str) -> PageMeta {
        self.shared = site.absolute(link);
        self.oembed = oembed_for(site, self.shared.as_deref());
        self
    }

    /// Names the same page in `other` language, at `link` (from `site.links()`).
    pub fn alternate(mut self, site: &Site, other: Lang, link: &str) -> PageMeta {
        self.alternate = Some((site.absolute(link), other.html_code(), other.pick("en_US", "zh_CN")));
        self
    }

    /// The title for cards and link previews: the view's own when it has one, else the page's
    /// (the site's name is in `og:site_name`).
    pub fn card_title(&self) -> &str {
        self.card.as_deref().unwrap_or_else(|| self.title.strip_suffix("— zonemap").map_or(self.title.as_str(), str::trim_end))
    }

    /// Adds the page's structured data.
    pub fn with_json_ld(mut self, json_ld: JsonLd) -> PageMeta {
        self.json_ld = Some(json_ld);
        self
    }

    /// The card of a view that shows one batch says so ("Batch 8 (2025): 16 pilot zones").
    pub fn for_view(mut self, site: &Site, index: &crate::data::ZoneIndex, filter: &crate::data::ZoneFilter, zone: Option<&str>, lang: Lang) -> PageMeta {
        let one = filter.only_batch().filter(|_| zone.is_none());
        if let Some((batch, roster)) = one.and_then(|n| index.batch(n).zip(index.roster(n))) {
            self.card = Some(Ui(lang).batch_card_title(batch.batch.get(), batch.approved.year(), &roster));
            self = self.picturing_batch(site, batch.batch, lang);
        }
        self
    }

    /// The preview image of one batch's map, for a page or view of that batch.
    pub fn picturing_batch(mut self, site: &Site, n: crate::data::BatchNo, lang: Lang) -> PageMeta {
        let link = site.links().batch_preview(n, lang, PreviewSize::Card);
        self.image = site.absolute(&link).unwrap_or(link);
        self.image_alt = Ui(lang).preview_alt(self.card_title());
        self
    }

    /// Width of the preview image.
    pub fn image_width(&self) -> u32 {
        PREVIEW_SIZE.0
    }

    /// Height of the preview image.
    pub fn image_height(&self) -> u32 {
        PREVIEW_SIZE.1
    }
}

/// The oEmbed endpoint for the page at `url` (only a running server has one).
fn oembed_for(site: &Site, url: Option<&str>) -> Option<String> {
    match (site.routing, url) {
        (crate::links::Routing::Server, Some(url)) => {
            let query = form_urlencoded::Serializer::new(String::new()).append_pair("url", url).append_pair("format", "json").finish();
            site.absolute(&format!("{}/oembed?{query}", site.base))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absolute_urls_and_oembed_need_a_public_url() {
        let site = Site::new(Some("https://maps.example.org/z"), None).expect("valid");
        let link = site.links().zone("xian", Lang::En);
        let meta = PageMeta::new(&site, Lang::En, "Xi'an".into(), "d".into(), &link, Some("xian"));
        assert_eq!(meta.canonical.as_deref(), Some("https://maps.example.org/z/zones/xian"));
        assert_eq!(meta.image, "https://maps.example.org/z/zones/xian/preview.png");
        assert_eq!(
            meta.oembed.as_deref(),
            Some("https://maps.example.org/z/oembed?url=https%3A%2F%2Fmaps.example.org%2Fz%2Fzones%2Fxian&format=json")
        );
        let bare = PageMeta::new(&Site::default(), Lang::Zh, "t".into(), "d".into(), "/", None);
        assert_eq!((bare.canonical, bare.oembed, bare.image.as_str(), bare.locale), (None, None, "/preview.png?lang=zh", "zh_CN"));
        let exported = PageMeta::new(&site.clone().for_export(), Lang::En, "t".into(), "d".into(), "/z/", None);
        assert!(exported.oembed.is_none() && exported.canonical.is_some());
    }

    #[test]
    fn the_other_language_is_linked_only_by_an_absolute_url() {
        let site = Site::new(Some("https://maps.example.org/z"), None).expect("valid");
        let meta = PageMeta::new(&site, Lang::En, "t".into(), "d".into(), "/z/", None).alternate(&site, Lang::Zh, "/z/?lang=zh");
        assert_eq!(meta.alternate, Some((Some("https://maps.example.org/z/?lang=zh".to_owned()), "zh-CN", "zh_CN")));
        let bare = PageMeta::new(&Site::default(), Lang::En, "t".into(), "d".into(), "/", None).alternate(&Site::default(), Lang::Zh, "/?lang=zh");
        assert_eq!(bare.alternate, Some((None, "zh-CN", "zh_CN")), "no relative hreflang link; og:locale:alternate stays");
    }
}
