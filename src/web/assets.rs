//! `/static/...`: the embedded assets, each compressed once (by the build for the first load's,
//! else on first request or by the background warm-up at start) and served with ETag, 304 and
//! content negotiation. Fingerprinted names are `immutable`; plain names revalidate.

use std::sync::OnceLock;

use actix_web::{HttpRequest, HttpResponse, route, web};

use crate::assets::{self, ASSETS};

use super::body::{Body, Effort};
use super::error::Error;

/// A fingerprinted name never changes content: a year, and no revalidation.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// A plain name may change with a new release: an hour, then revalidate by ETag.
const REVALIDATE: &str = "public, max-age=3600";

static BODIES: OnceLock<Vec<OnceLock<Body>>> = OnceLock::new();

fn body(index: usize) -> &'static Body {
    let bodies = BODIES.get_or_init(|| ASSETS.iter().map(|_| OnceLock::new()).collect());
    bodies[index].get_or_init(|| {
        let asset = &ASSETS[index];
        let body = Body::new(asset.bytes, assets::content_type(asset.path), REVALIDATE);
        match asset.packed {
            Some((gzip, br)) => body.with_forms(gzip, br),
            None => body.compressed(Effort::Best),
        }
    })
}

/// Compresses every asset ahead of the first request for it; run on a background thread.
pub fn warm() {
    for i in 0..ASSETS.len() {
        body(i);
    }
}

/// `GET /favicon.ico`: what browsers and link previewers ask for when a page names no icon
/// (ours do name one): a permanent redirect to the icon, so the request is not a 404.
#[route("/favicon.ico", method = "GET", method = "HEAD")]
pub async fn get_favicon(state: web::Data<super::state::AppState>) -> HttpResponse {
    let to = format!("{}{}", state.snapshot().site.base, assets::url("favicon.svg"));
    HttpResponse::PermanentRedirect().insert_header(("Location", to)).finish()
}

/// `GET /static/{path}`: the asset, or 304 when the client's copy is current.
#[route("/static/{path:.*}", method = "GET", method = "HEAD")]
pub async fn get_static(path: web::Path<String>, req: HttpRequest) -> Result<HttpResponse, Error> {
    let (index, _, fingerprinted) = assets::find(&path).ok_or_else(|| Error::NotFound(req.path().to_owned()))?;
    Ok(body(index).respond_as(&req, if fingerprinted { IMMUTABLE } else { REVALIDATE }))
}
