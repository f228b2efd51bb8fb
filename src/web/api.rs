//! Handlers for the data API: GeoJSON (RFC 7946) and CSV, plus the health check.

use actix_web::{HttpRequest, HttpResponse, get, web};

use crate::data;

use super::error::{Error, JsonError};
use super::query::ApiQuery;
use super::state::AppState;

/// The media type RFC 7946 registers.
const GEOJSON: &str = "application/geo+json";

/// `GET /api/zones.geojson`: the active zones, or with `?former=1` merged and replaced ones too;
/// `?batch=` narrows to some batches.
#[get("/api/zones.geojson")]
pub async fn get_zones_geojson(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, JsonError> {
    let q = ApiQuery::parse(req.query_string(), &state.zones)?;
    let body = data::feature_collection(&state.zones, &q.filter).to_string();
    Ok(HttpResponse::Ok().content_type(GEOJSON).body(body))
}

/// `GET /api/zones/{slug}.geojson`: one zone as a Feature, former zones included.
#[get("/api/zones/{slug}.geojson")]
pub async fn get_zone_geojson(state: web::Data<AppState>, slug: web::Path<String>) -> Result<HttpResponse, JsonError> {
    let zone = state.zones.get(&slug).ok_or_else(|| Error::ZoneNotFound(slug.into_inner()))?;
    Ok(HttpResponse::Ok().content_type(GEOJSON).body(geojson::Feature::from(zone).to_string()))
}

/// `GET /api/zones.csv`: one row per zone.
#[get("/api/zones.csv")]
pub async fn get_zones_csv(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, JsonError> {
    let q = ApiQuery::parse(req.query_string(), &state.zones)?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header(("Content-Disposition", "inline; filename=\"zones.csv\""))
        .body(data::csv(&state.zones, &q.filter)))
}

/// `GET /healthz`: 200 `ok` while the server runs.
#[get("/healthz")]
pub async fn get_health() -> &'static str {
    "ok"
}
