//! [`Error`]: every failure a visitor can see, with one status mapping and two renderings, an
//! HTML page for pages and JSON for `/api`. Because every handler returns this type, bad input
//! is a 400 or 404 by construction; only a template that fails to render is a 500.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::middleware::Next;
use actix_web::http::header::ContentType;
use actix_web::{HttpResponse, ResponseError};
use askama::Template;

use crate::links::{Links, Routing};
use crate::pages::{ErrorPage, Lang, Ui};

use crate::query::QueryError;

use super::state::AppState;

/// What went wrong for the visitor.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No zone has this slug.
    #[error("there is no zone {0:?}")]
    ZoneNotFound(String),
    /// No batch has this number.
    #[error("there is no batch {0:?}")]
    BatchNotFound(String),
    /// oEmbed was asked for a URL it cannot embed (not ours, or no public URL configured).
    #[error("{0}")]
    NotEmbeddable(String),
    /// The zone or batch a resource names is not in the data.
    #[error("{0}")]
    Missing(String),
    /// No route matches the path.
    #[error("there is no page at {0}")]
    NotFound(String),
    /// A query parameter has a bad value.
    #[error("{0}")]
    BadQuery(#[from] QueryError),
    /// The request asks for something we deliberately do not serve (oEmbed XML).
    #[error("{0}")]
    NotImplemented(String),
    /// A template failed to render; a bug, logged.
    #[error("the page could not be rendered")]
    Render(#[from] askama::Error),
    /// A picture failed to render; a bug, logged.
    #[error("the picture could not be drawn")]
    Drawing(String),
    /// A body could not be written to memory; a bug, logged.
    #[error("the response could not be written")]
    Write(String),
}

impl From<crate::resource::RenderError> for Error {
    fn from(e: crate::resource::RenderError) -> Error {
        use crate::resource::RenderError;
        match e {
            RenderError::Missing(m) => Error::Missing(m),
            RenderError::Template(t) => Error::Render(t),
            RenderError::Drawing(d) => Error::Drawing(d),
            RenderError::Write(w) => Error::Write(w.to_string()),
        }
    }
}

impl From<crate::oembed::OembedError> for Error {
    fn from(e: crate::oembed::OembedError) -> Error {
        use crate::oembed::OembedError;
        match e {
            OembedError::BadQuery(q) => Error::BadQuery(q),
            OembedError::NotOurs(_) | OembedError::NoPublicUrl => Error::NotEmbeddable(e.to_string()),
            OembedError::XmlNotImplemented => Error::NotImplemented(e.to_string()),
        }
    }
}

impl Error {
    fn title(&self) -> &'static str {
        match self.status_code() {
            StatusCode::NOT_FOUND => "Not found",
            StatusCode::BAD_REQUEST => "Bad request",
            StatusCode::NOT_IMPLEMENTED => "Not implemented",
            _ => "Server error",
        }
    }
}

impl ResponseError for Error {
    fn status_code(&self) -> StatusCode {
        match self {
            Error::ZoneNotFound(_) | Error::BatchNotFound(_) | Error::NotEmbeddable(_) | Error::Missing(_) | Error::NotFound(_) => StatusCode::NOT_FOUND,
            Error::BadQuery(_) => StatusCode::BAD_REQUEST,
            Error::NotImplemented(_) => StatusCode::NOT_IMPLEMENTED,
            Error::Render(_) | Error::Drawing(_) | Error::Write(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if self.status_code().is_server_error() {
            tracing::error!(error = ?self, "render failed");
        }
        // Linked from the root here; `with_site_links` renders it again under the site's base
        // path, which only the request's app data knows.
        self.page(Links::new("", Routing::Server))
    }
}

impl Error {
    /// The HTML error page, linking with `links`.
    fn page(&self, links: Links<'_>) -> HttpResponse {
        let status = self.status_code();
        let page = ErrorPage { lang: Lang::En, ui: Ui(Lang::En), status: status.as_u16(), title: self.title().to_owned(), message: capitalise(&self.to_string()), links };
        match page.render() {
            Ok(html) => HttpResponse::build(status).content_type(ContentType::html()).body(html),
            Err(_) => HttpResponse::build(status).content_type(ContentType::plaintext()).body(page.message),
        }
    }
}

/// Middleware: an HTML error page is rendered again with the site's links, so that behind a
/// proxy serving the map under a path (`--public-url https://news.example/maps`) its stylesheet
/// and its link home work. (The error itself is built where the handler fails, without the
/// state.) JSON errors are left as they are.
pub async fn with_site_links(req: ServiceRequest, next: Next<impl MessageBody + 'static>) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let state = req.app_data::<actix_web::web::Data<AppState>>().cloned();
    let res = next.call(req).await?;
    let page = match (res.response().error().and_then(|e| e.as_error::<Error>()), state) {
        (Some(error), Some(state)) => Some(error.page(state.snapshot().site.links())),
        _ => None,
    };
    Ok(match page {
        Some(page) => res.into_response(page.map_into_boxed_body()).map_into_boxed_body(),
        None => res.map_into_boxed_body(),
    })
}

/// The same errors as JSON, for `/api`: `{"error": {"status": 404, "message": "..."}}`.
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
pub struct JsonError(#[from] pub Error);

impl From<QueryError> for JsonError {
    fn from(e: QueryError) -> JsonError {
        JsonError(Error::BadQuery(e))
    }
}

impl ResponseError for JsonError {
    fn status_code(&self) -> StatusCode {
        self.0.status_code()
    }

    fn error_response(&self) -> HttpResponse {
        let status = self.status_code();
        let body = serde_json::json!({ "error": { "status": status.as_u16(), "message": capitalise(&self.0.to_string()) } });
        HttpResponse::build(status).json(body)
    }
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}
