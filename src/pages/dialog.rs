//! [`EmbedDialog`]: the "Embed this map" disclosure on the map and zone pages. The server renders
//! working code for the page's view (so it works without JavaScript); `static/dialog.js` rebuilds
//! it as the reader changes the view or the options, and shows a live preview.

use crate::site::Site;

use super::{EmbedCode, Lang};

/// Starting height of an embedded iframe, before the resizing script fits it.
pub const EMBED_HEIGHT: u32 = 640;

/// What the dialog shows and what its script needs.
#[derive(Debug, Clone)]
pub struct EmbedDialog {
    /// Responsive code: iframe plus `static/embed.js`.
    pub responsive: String,
    /// Fixed-height iframe, for CMSs that strip scripts.
    pub fixed: String,
    /// The embed URL without view parameters (absolute when the public URL is known).
    pub embed_base: String,
    /// The resizing script's URL.
    pub script: String,
    /// The print-ready SVG of this view.
    pub svg: String,
    /// The iframe's accessible name.
    pub title: String,
    /// The view embedded (`batch`, `zone`), as a query.
    pub view: String,
    /// Whether the view follows the page's URL (the map page, where the reader filters) rather
    /// than being fixed (a zone page).
    pub follow_url: bool,
}

impl EmbedDialog {
    /// The dialog for a page in `lang` showing `view` (the map's query without `lang`).
    pub fn new(site: &Site, lang: Lang, view: &str, title: String, follow_url: bool) -> EmbedDialog {
        let links = site.links();
        let absolute = |link: String| site.absolute(&link).unwrap_or(link);
        let src = absolute(links.embed(lang, view));
        let script = absolute(links.embed_script());
        let responsive = EmbedCode { src: &src, title: &title, height: EMBED_HEIGHT, script: Some(&script) }.to_html();
        let fixed = EmbedCode { src: &src, title: &title, height: EMBED_HEIGHT, script: None }.to_html();
        EmbedDialog { responsive, fixed, embed_base: absolute(links.embed(lang, "")), script, svg: links.svg(lang, view), title, view: view.to_owned(), follow_url }
    }
}
