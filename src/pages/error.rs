//! The HTML error page (404, 400) shown for pages; the API answers JSON instead.

use askama::Template;

use crate::links::Links;

use super::{Lang, Ui};

/// The error page's view model.
#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
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
    /// Links at the root: an error response does not know the site's base path.
    pub links: Links<'static>,
}

impl ErrorPage {
    /// The map in this language.
    pub fn home(&self) -> String {
        self.links.map(self.lang, "")
    }
}
