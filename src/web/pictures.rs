//! Handlers for the server-drawn map: `/map.svg` and the link-preview PNGs.

use actix_web::{HttpRequest, HttpResponse, route, web};

use super::error::Error;
use super::render;
use super::state::AppState;
use crate::query::{EmbedQuery, LangQuery};

/// `GET /map.svg`: the map as SVG, with the embed's query options.
#[route("/map.svg", method = "GET", method = "HEAD")]
pub async fn get_map_svg(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, Error> {
    let snap = state.snapshot();
    let q = EmbedQuery::parse(req.query_string(), &snap.zones)?;
    Ok(snap.cached(render::svg_key(&q), |s| render::map_svg(s, &q))?.respond(&req))
}

/// `GET /preview.png[?lang=zh]`: the whole map's link preview.
#[route("/preview.png", method = "GET", method = "HEAD")]
pub async fn get_preview(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, Error> {
    let snap = state.snapshot();
    let lang = LangQuery::parse(req.query_string())?.lang;
    // Rasterising takes tens of milliseconds: off the request threads, once per data version.
    let body = web::block(move || snap.cached(Some(render::preview_key(None, lang)), |s| render::preview(s, None, lang)))
        .await
        .map_err(|e| Error::Drawing(e.to_string()))??;
    Ok(body.respond(&req))
}

/// `GET /zones/{slug}/preview.png[?lang=zh]`: one zone's link preview.
#[route("/zones/{slug}/preview.png", method = "GET", method = "HEAD")]
pub async fn get_zone_preview(state: web::Data<AppState>, slug: web::Path<String>, req: HttpRequest) -> Result<HttpResponse, Error> {
    let snap = state.snapshot();
    snap.zones.get(&slug).ok_or_else(|| Error::ZoneNotFound(slug.to_string()))?;
    let lang = LangQuery::parse(req.query_string())?.lang;
    let slug = slug.into_inner();
    let body = web::block(move || snap.cached(Some(render::preview_key(Some(&slug), lang)), |s| render::preview(s, Some(&slug), lang)))
        .await
        .map_err(|e| Error::Drawing(e.to_string()))??;
    Ok(body.respond(&req))
}
