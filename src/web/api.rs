//! Handlers for the data API: GeoJSON (RFC 7946) and CSV, plus the health check.

use actix_web::{HttpRequest, HttpResponse, route, web};

use super::error::JsonError;
use super::pages::zone_slug;
use super::state::AppState;
use crate::query::{ApiQuery, ClusterQuery};
use crate::resource::Resource;

/// `GET /api/zones.geojson`: the active zones, or with `?former=1` former zones (merged, replaced or revoked) too;
/// `?batch=` narrows to some batches.
#[route("/api/zones.geojson", method = "GET", method = "HEAD")]
pub async fn get_zones_geojson(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, JsonError> {
    let snap = state.snapshot();
    let q = ApiQuery::parse(req.query_string(), &snap.zones)?;
    Ok(snap.serve(&Resource::Collection(q))?.respond(&req))
}

/// `GET /api/zones/{slug}.geojson`: one zone as a Feature, former zones included.
#[route("/api/zones/{slug}.geojson", method = "GET", method = "HEAD")]
pub async fn get_zone_geojson(state: web::Data<AppState>, slug: web::Path<String>, req: HttpRequest) -> Result<HttpResponse, JsonError> {
    Ok(state.snapshot().serve(&Resource::Feature(zone_slug(&slug)?))?.respond(&req))
}

/// `GET /api/points.json`: every zone in short, what the map's script loads.
#[route("/api/points.json", method = "GET", method = "HEAD")]
pub async fn get_points(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, JsonError> {
    Ok(state.snapshot().serve(&Resource::Points)?.respond(&req))
}

/// `GET /api/clusters.json?zoom=Z&bbox=W,S,E,N`: what the map shows of a view when the data
/// has thousands of zones (groups where they crowd); takes the API's filter and `zone`.
#[route("/api/clusters.json", method = "GET", method = "HEAD")]
pub async fn get_clusters(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, JsonError> {
    let snap = state.snapshot();
    let q = ClusterQuery::parse(req.query_string(), &snap.zones)?;
    Ok(snap.serve(&Resource::Clusters(q))?.respond(&req))
}

/// `GET /api/zones.csv`: one row per zone.
#[route("/api/zones.csv", method = "GET", method = "HEAD")]
pub async fn get_zones_csv(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, JsonError> {
    let snap = state.snapshot();
    let q = ApiQuery::parse(req.query_string(), &snap.zones)?;
    let mut response = snap.serve(&Resource::Csv(q))?.respond(&req);
    response.headers_mut().insert(
        actix_web::http::header::CONTENT_DISPOSITION,
        actix_web::http::header::HeaderValue::from_static("inline; filename=\"zones.csv\""),
    );
    Ok(response)
}

/// `GET /healthz`: 200 `ok` while the server runs.
#[route("/healthz", method = "GET", method = "HEAD")]
pub async fn get_health() -> &'static str {
    "ok"
}
