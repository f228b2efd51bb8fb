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
    /// How the page links, under the site's base path.
    pub links: Links<'a>,
}

impl<'a> ErrorPage<'a> {
    /// The page for a path that does not exist.
    pub fn not_found(lang: Lang, links: Links<'a>) -> ErrorPage<'a> {
        ErrorPage { lang, ui: Ui(lang), status: 404, title: "Not found".to_owned(), message: "There is no page at this address.".to_owned(), links }
    }

    /// The map in this language.
    pub fn home(&self) -> String {
        self.links.map(self.lang, "")
    }
}
