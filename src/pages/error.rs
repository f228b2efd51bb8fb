//! The HTML error page (404, 400) shown for pages; the API answers JSON instead.

use askama::Template;

use crate::links::Links;

use super::{Lang, Ui};

/// The error page's view model.
#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage<'a> {
    /// Interface language.
    pub lang: Lang,
    /// Interface strings.
    pub ui: Ui,
    /// HTTP status code.
    pub status: u16,
    /// Short title, e.g. "Not found".
    pub title: String,
    /// What went wrong, for the reader.
    pub message: String,
    /// How the page links (the server's error responses link from the root: they do not know
    /// the site's base path).
    pub links: Links<'a>,
}

impl ErrorPage<'_> {
    /// The map in this language.
    pub fn home(&self) -> String {
        self.links.map(self.lang, "")
    }
}
