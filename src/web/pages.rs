//! Handlers for the HTML pages: each parses its query, builds a view model from `pages`, renders.

use actix_web::http::header::ContentType;
use actix_web::{HttpRequest, HttpResponse, get, web};
use askama::Template;

use crate::pages::{EmbedPage, MapPage, PanelFragment, Panel, ZonePage};

use super::error::Error;
use super::query::{EmbedQuery, LangQuery, MapQuery};
use super::state::AppState;

fn html(body: String) -> HttpResponse {
    HttpResponse::Ok().content_type(ContentType::html()).body(body)
}

/// `GET /`: the map.
#[get("/")]
pub async fn get_map(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, Error> {
    let q = MapQuery::parse(req.query_string(), &state.zones)?;
    let page = MapPage::new(&state.zones, &state.site, &q.filter, q.zone.as_deref(), q.lang, q.links);
    Ok(html(page.render()?))
}

/// `GET /embed`: the map without chrome.
#[get("/embed")]
pub async fn get_embed(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, Error> {
    let q = EmbedQuery::parse(req.query_string(), &state.zones)?;
    let m = &q.map;
    let page = EmbedPage::new(&state.zones, &state.site, &m.filter, m.zone.as_deref(), m.lang, (q.legend, q.title));
    Ok(html(page.render()?))
}

/// `GET /zones/{slug}`: one zone's page.
#[get("/zones/{slug}")]
pub async fn get_zone_page(state: web::Data<AppState>, slug: web::Path<String>, req: HttpRequest) -> Result<HttpResponse, Error> {
    let q = LangQuery::parse(req.query_string())?;
    let page = ZonePage::new(&state.zones, &state.site, &slug, q.lang).ok_or_else(|| Error::ZoneNotFound(slug.into_inner()))?;
    Ok(html(page.render()?))
}

/// `GET /zones/{slug}/panel`: the zone's detail panel as an HTML fragment, for the map's script.
#[get("/zones/{slug}/panel")]
pub async fn get_zone_panel(state: web::Data<AppState>, slug: web::Path<String>, req: HttpRequest) -> Result<HttpResponse, Error> {
    let q = LangQuery::parse(req.query_string())?;
    let panel = Panel::new(&state.zones, &slug, q.lang).ok_or_else(|| Error::ZoneNotFound(slug.into_inner()))?;
    Ok(html(PanelFragment { panel, ui: q.lang.ui() }.render()?))
}

/// Any other path: a 404 page, or JSON under `/api`.
pub async fn not_found(req: HttpRequest) -> Result<HttpResponse, actix_web::Error> {
    let e = Error::NotFound(req.path().to_owned());
    Err(if req.path().starts_with("/api/") { super::error::JsonError(e).into() } else { e.into() })
}
