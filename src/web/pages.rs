//! Handlers for the HTML pages: each parses its query and answers with a cached, precompressed
//! body from the current snapshot (see `render` for what each renders).

use actix_web::{HttpRequest, HttpResponse, route, web};

use super::error::Error;
use crate::data::BatchNo;
use crate::query::{EmbedQuery, LangQuery, MapQuery};
use super::render;
use super::state::AppState;

/// `GET /`: the map.
#[route("/", method = "GET", method = "HEAD")]
pub async fn get_map(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, Error> {
    let snap = state.snapshot();
    let q = MapQuery::parse(req.query_string(), &snap.zones)?;
    Ok(snap.cached(render::map_key(&q), |s| render::map_page(s, &q))?.respond(&req))
}

/// `GET /embed`: the map without chrome.
#[route("/embed", method = "GET", method = "HEAD")]
pub async fn get_embed(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, Error> {
    let snap = state.snapshot();
    let q = EmbedQuery::parse(req.query_string(), &snap.zones)?;
    Ok(snap.cached(render::embed_key(&q), |s| render::embed_page(s, &q))?.respond(&req))
}

/// `GET /zones/{slug}`: one zone's page.
#[route("/zones/{slug}", method = "GET", method = "HEAD")]
pub async fn get_zone_page(state: web::Data<AppState>, slug: web::Path<String>, req: HttpRequest) -> Result<HttpResponse, Error> {
    let snap = state.snapshot();
    let q = LangQuery::parse(req.query_string())?;
    // Only real zones get a cache entry: unknown slugs are answered without growing the cache.
    snap.zones.get(&slug).ok_or_else(|| Error::ZoneNotFound(slug.to_string()))?;
    Ok(snap.cached(Some(render::zone_key(&slug, q.lang)), |s| render::zone_page(s, &slug, q.lang))?.respond(&req))
}

/// `GET /zones/{slug}/panel`: the zone's detail panel as an HTML fragment, for the map's script.
#[route("/zones/{slug}/panel", method = "GET", method = "HEAD")]
pub async fn get_zone_panel(state: web::Data<AppState>, slug: web::Path<String>, req: HttpRequest) -> Result<HttpResponse, Error> {
    let snap = state.snapshot();
    let q = LangQuery::parse(req.query_string())?;
    snap.zones.get(&slug).ok_or_else(|| Error::ZoneNotFound(slug.to_string()))?;
    Ok(snap.cached(Some(render::panel_key(&slug, q.lang)), |s| render::panel(s, &slug, q.lang))?.respond(&req))
}

/// `GET /batches/{n}`: one batch, its reply and its zones.
#[route("/batches/{n}", method = "GET", method = "HEAD")]
pub async fn get_batch_page(state: web::Data<AppState>, n: web::Path<String>, req: HttpRequest) -> Result<HttpResponse, Error> {
    let snap = state.snapshot();
    let q = LangQuery::parse(req.query_string())?;
    // Only declared batches get a cache entry; "09", "x" or "300" are simply not found.
    let batch = n.parse::<u64>().ok().filter(|_| !n.starts_with('0')).and_then(|v| BatchNo::try_from(v).ok());
    let batch = batch.filter(|b| snap.zones.batch(*b).is_some()).ok_or_else(|| Error::BatchNotFound(n.to_string()))?;
    Ok(snap.cached(Some(render::batch_key(batch, q.lang)), |s| render::batch_page(s, batch, q.lang))?.respond(&req))
}

/// Any other path: a 404 page, or JSON under `/api`.
pub async fn not_found(req: HttpRequest) -> Result<HttpResponse, actix_web::Error> {
    let e = Error::NotFound(req.path().to_owned());
    Err(if req.path().starts_with("/api/") { super::error::JsonError(e).into() } else { e.into() })
}
