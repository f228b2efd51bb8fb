//! `/static/...`: our own assets and Leaflet's, embedded in the binary by `build.rs` (so the
//! program runs from any folder), each with an ETag computed at build time.

use actix_web::http::header::{self, EntityTag, IfNoneMatch};
use actix_web::{FromRequest, HttpRequest, HttpResponse, route, web};

use super::error::Error;

/// One embedded file.
pub struct Asset {
    /// Path below `/static/`.
    pub path: &'static str,
    /// The file's bytes.
    pub bytes: &'static [u8],
    /// Hash of the bytes, the ETag's value.
    pub hash: &'static str,
}

include!(concat!(env!("OUT_DIR"), "/assets.rs"));

/// How long browsers and CDNs may keep an asset before revalidating it.
const CACHE_CONTROL: &str = "public, max-age=86400";

/// Finds an embedded asset by its path below `/static/`.
pub fn find(path: &str) -> Option<&'static Asset> {
    ASSETS.iter().find(|a| a.path == path)
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or_default() {
        "js" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "geojson" => "application/geo+json",
        "json" | "map" => "application/json",
        "png" => "image/png",
        "svg" => "image/svg+xml",
        "md" | "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// `GET /static/{path}`: the asset, or 304 when the client's copy is current.
#[route("/static/{path:.*}", method = "GET", method = "HEAD")]
pub async fn get_static(path: web::Path<String>, req: HttpRequest) -> Result<HttpResponse, Error> {
    let asset = find(&path).ok_or_else(|| Error::NotFound(req.path().to_owned()))?;
    let etag = EntityTag::new_strong(asset.hash.to_owned());
    let fresh = match web::Header::<IfNoneMatch>::extract(&req).await {
        Ok(web::Header(IfNoneMatch::Any)) => true,
        Ok(web::Header(IfNoneMatch::Items(tags))) => tags.iter().any(|t| t.weak_eq(&etag)),
        Err(_) => false,
    };
    let mut response = if fresh { HttpResponse::NotModified() } else { HttpResponse::Ok() };
    response.insert_header(header::ETag(etag)).insert_header((header::CACHE_CONTROL, CACHE_CONTROL));
    if fresh {
        return Ok(response.finish());
    }
    Ok(response.content_type(content_type(&path)).body(asset.bytes))
}
