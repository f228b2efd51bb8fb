//! [`EmbedCode`]: the HTML a journalist pastes into an article. One builder for the oEmbed
//! answer and the "Embed this map" dialog (the dialog's script rebuilds the same shape for the
//! reader's current view).

/// An iframe of `/embed`, optionally with our resizing script.
#[derive(Debug, Clone, Copy)]
pub struct EmbedCode<'a> {
    /// The embed's absolute URL.
    pub src: &'a str,
    /// The iframe's accessible name.
    pub title: &'a str,
    /// Height in pixels (the starting height when the script resizes it).
    pub height: u32,
    /// The absolute URL of `static/embed.js`, for the responsive form.
    pub script: Option<&'a str>,
}

impl EmbedCode<'_> {
    /// The code. No `style` attribute: host pages with a strict Content-Security-Policy drop
    /// inline styles, and `width="100%"` works everywhere.
    pub fn to_html(&self) -> String {
        let iframe = format!(
            r#"<iframe src="{}" title="{}" width="100%" height="{}" frameborder="0" loading="lazy"{}></iframe>"#,
            attr(self.src),
            attr(self.title),
            self.height,
            if self.script.is_some() { " data-zonemap" } else { "" }
        );
        match self.script {
            Some(script) => format!(r#"{iframe}<script src="{}" async></script>"#, attr(script)),
            None => iframe,
        }
    }
}

/// What WordPress (and CMSs built like it) needs around the iframe: a fallback link to the page in
/// a `<blockquote>`. WordPress keeps only that and the iframe from an oEmbed answer, and loads its
/// resizer (`wp-embed.js`, which speaks to `static/frame.js` inside the embed) only when the
/// answer starts with a blockquote; elsewhere the link is a plain citation before the map.
pub fn with_fallback(page: &str, title: &str, iframe: &str) -> String {
    format!(r#"<blockquote class="zonemap-embed"><a href="{}">{}</a></blockquote>{iframe}"#, attr(page), text(title))
}

/// Escapes text content.
fn text(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// Escapes an attribute value.
fn attr(s: &str) -> String {
    s.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;").replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_and_responsive_forms() {
        let fixed = EmbedCode { src: "https://m.example/embed?a=1&b=2", title: "A \"map\"", height: 600, script: None }.to_html();
        assert_eq!(
            fixed,
            r#"<iframe src="https://m.example/embed?a=1&amp;b=2" title="A &quot;map&quot;" width="100%" height="600" frameborder="0" loading="lazy"></iframe>"#
        );
        let responsive = EmbedCode { script: Some("https://m.example/static/embed.js"), ..EmbedCode { src: "s", title: "t", height: 1, script: None } }.to_html();
        assert!(responsive.contains(" data-zonemap></iframe><script src=\"https://m.example/static/embed.js\" async></script>"));
    }
}
