//! Handlers for the HTML pages: each parses its request into a [`Resource`] and answers with its
//! cached, precompressed body from the current snapshot.

use actix_web::{HttpRequest, HttpResponse, route, web};

use super::error::Error;
use super::state::AppState;
use crate::data::{BatchNo, Slug};
use crate::query::{EmbedQuery, LangQuery, MapQuery, TableQuery};
use crate::resource::Resource;

/// `GET /`: the map.
#[route("/", method = "GET", method = "HEAD")]
pub async fn get_map(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, Error> {
    let snap = state.snapshot();
    let q = MapQuery::parse(req.query_string(), &snap.zones)?;
    Ok(snap.serve(&Resource::Map(q))?.respond(&req))
}

/// `GET /embed`: the map without chrome.
#[route("/embed", method = "GET", method = "HEAD")]
pub async fn get_embed(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, Error> {
    let snap = state.snapshot();
    let q = EmbedQuery::parse(req.query_string(), &snap.zones)?;
    Ok(snap.serve(&Resource::Embed(q))?.respond(&req))
}

/// `GET /zones/{slug}`: one zone's page.
#[route("/zones/{slug}", method = "GET", method = "HEAD")]
pub async fn get_zone_page(state: web::Data<AppState>, slug: web::Path<String>, req: HttpRequest) -> Result<HttpResponse, Error> {
    let (slug, lang) = (zone_slug(&slug)?, LangQuery::parse(req.query_string())?.lang);
    Ok(state.snapshot().serve(&Resource::Zone(slug, lang))?.respond(&req))
}

/// `GET /zones/{slug}/panel`: the zone's detail panel as an HTML fragment, for the map's script.
#[route("/zones/{slug}/panel", method = "GET", method = "HEAD")]
pub async fn get_zone_panel(state: web::Data<AppState>, slug: web::Path<String>, req: HttpRequest) -> Result<HttpResponse, Error> {
    let (slug, lang) = (zone_slug(&slug)?, LangQuery::parse(req.query_string())?.lang);
    Ok(state.snapshot().serve(&Resource::Panel(slug, lang))?.respond(&req))
}

/// `GET /table`: the zones as a sortable table, with the map's query.
#[route("/table", method = "GET", method = "HEAD")]
pub async fn get_table(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, Error> {
    let snap = state.snapshot();
    let q = TableQuery::parse(req.query_string(), &snap.zones)?;
    Ok(snap.serve(&Resource::Table(q))?.respond(&req))
}

/// `GET /provinces/{slug}`: one province's zones by batch.
#[route("/provinces/{slug}", method = "GET", method = "HEAD")]
pub async fn get_province_page(state: web::Data<AppState>, slug: web::Path<String>, req: HttpRequest) -> Result<HttpResponse, Error> {
    let lang = LangQuery::parse(req.query_string())?.lang;
    Ok(state.snapshot().serve(&Resource::Province(slug.into_inner(), lang))?.respond(&req))
}

/// `GET /batches/{n}`: one batch, its reply and its zones.
#[route("/batches/{n}", method = "GET", method = "HEAD")]
pub async fn get_batch_page(state: web::Data<AppState>, n: web::Path<String>, req: HttpRequest) -> Result<HttpResponse, Error> {
    let (batch, lang) = (batch_no(&n)?, LangQuery::parse(req.query_string())?.lang);
    Ok(state.snapshot().serve(&Resource::Batch(batch, lang))?.respond(&req))
}

/// A batch number from the path, written as the site writes it: "8", not "08" or "+8".
pub fn batch_no(n: &str) -> Result<BatchNo, Error> {
    let batch = n.parse::<u64>().ok().filter(|v| v.to_string() == n).and_then(|v| BatchNo::try_from(v).ok());
    batch.ok_or_else(|| Error::BatchNotFound(n.to_owned()))
}

/// A slug from the path; one that cannot be a slug names no zone.
pub fn zone_slug(s: &str) -> Result<Slug, Error> {
    Slug::try_from(s.to_owned()).map_err(|_| Error::ZoneNotFound(s.to_owned()))
}

/// Any other path: a 404 page, or JSON under `/api`.
pub async fn not_found(req: HttpRequest) -> Result<HttpResponse, actix_web::Error> {
    let e = Error::NotFound(req.path().to_owned());
    Err(if req.path().starts_with("/api/") { super::error::JsonError(e).into() } else { e.into() })
}
