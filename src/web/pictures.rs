//! Handlers for the server-drawn map: `/map.svg` and the link-preview PNGs.

use actix_web::{HttpRequest, HttpResponse, route, web};

use super::error::Error;
use super::pages::zone_slug;
use super::state::AppState;
use crate::query::{EmbedQuery, PreviewQuery};
use crate::resource::Resource;

/// `GET /map.svg`: the map as SVG, with the embed's query options.
#[route("/map.svg", method = "GET", method = "HEAD")]
pub async fn get_map_svg(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, Error> {
    let snap = state.snapshot();
    let q = EmbedQuery::parse(req.query_string(), &snap.zones)?;
    Ok(snap.serve(&Resource::MapSvg(q))?.respond(&req))
}

/// `GET /preview.png[?lang=zh][&size=small]`: the whole map's link preview.
#[route("/preview.png", method = "GET", method = "HEAD")]
pub async fn get_preview(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, Error> {
    let q = PreviewQuery::parse(req.query_string())?;
    preview(state, Resource::Preview(None, q.lang, q.size), &req).await
}

/// `GET /zones/{slug}/preview.png[?lang=zh]`: one zone's link preview.
#[route("/zones/{slug}/preview.png", method = "GET", method = "HEAD")]
pub async fn get_zone_preview(state: web::Data<AppState>, slug: web::Path<String>, req: HttpRequest) -> Result<HttpResponse, Error> {
    let (slug, q) = (zone_slug(&slug)?, PreviewQuery::parse(req.query_string())?);
    preview(state, Resource::Preview(Some(slug), q.lang, q.size), &req).await
}

/// `GET /batches/{n}/preview.png[?lang=zh]`: the link preview of a view of one batch.
#[route("/batches/{n}/preview.png", method = "GET", method = "HEAD")]
pub async fn get_batch_preview(state: web::Data<AppState>, n: web::Path<String>, req: HttpRequest) -> Result<HttpResponse, Error> {
    let (batch, q) = (super::pages::batch_no(&n)?, PreviewQuery::parse(req.query_string())?);
    preview(state, Resource::BatchPreview(batch, q.lang, q.size), &req).await
}

/// `GET /chart.svg[?lang=zh]`: zones in force over time.
#[route("/chart.svg", method = "GET", method = "HEAD")]
pub async fn get_chart(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, Error> {
    let lang = PreviewQuery::parse(req.query_string())?.lang;
    Ok(state.snapshot().serve(&Resource::Chart(lang))?.respond(&req))
}

/// `GET /apple-touch-icon.png`: the home-screen icon.
#[route("/apple-touch-icon.png", method = "GET", method = "HEAD")]
pub async fn get_touch_icon(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, Error> {
    preview(state, Resource::TouchIcon, &req).await
}

/// Rasterising takes tens of milliseconds: off the request threads, once per data version.
async fn preview(state: web::Data<AppState>, resource: Resource, req: &HttpRequest) -> Result<HttpResponse, Error> {
    let snap = state.snapshot();
    let body = web::block(move || snap.serve(&resource)).await.map_err(|e| Error::Drawing(e.to_string()))??;
    Ok(body.respond(req))
}
