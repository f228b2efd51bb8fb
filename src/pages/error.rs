//! The HTML error page (404, 400) shown for pages; the API answers JSON instead.

use askama::Template;

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
}
