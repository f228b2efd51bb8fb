//! The HTTP layer: routes, handlers, errors and headers. Logic lives in `data` and `pages`.

mod api;
mod assets;
mod body;
mod error;
pub mod limits;
mod oembed;
mod pages;
mod pictures;
mod render;
mod state;

use actix_web::middleware::DefaultHeaders;
use actix_web::web;

pub use assets::warm as warm_assets;
pub use error::{Error, JsonError};
pub use state::AppState;

/// Registers every route, for `serve` and for the tests. No pattern shadows another (each has a
/// fixed prefix or a different number of segments), so order does not matter; the default
/// service answers every other path with a 404.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(pages::get_map)
        .service(pages::get_embed)
        .service(pages::get_zone_page)
        .service(pages::get_zone_panel)
        .service(pictures::get_map_svg)
        .service(pictures::get_preview)
        .service(pictures::get_zone_preview)
        .service(oembed::get_oembed)
        .service(api::get_zones_geojson)
        .service(api::get_zone_geojson)
        .service(api::get_zones_csv)
        .service(api::get_health)
        .service(assets::get_static)
        .default_service(web::to(pages::not_found));
}

/// Security headers for every response. The Content-Security-Policy allows only our own origin
/// (plus the tile server when `--tiles` is set): no inline script, no third-party request.
/// `frame-ancestors *` because newsrooms frame `/embed` from any site. Everything is public and
/// cookie-free, so any origin may read it (`Access-Control-Allow-Origin: *`): an embed in a
/// sandboxed iframe without `allow-same-origin` has an opaque origin and loads the API by CORS.
pub fn security_headers(site: &crate::site::Site) -> DefaultHeaders {
    let img = match &site.tiles {
        Some(t) => format!("img-src 'self' data: {}", t.origin),
        None => "img-src 'self' data:".to_owned(),
    };
    let csp = format!(
        "default-src 'self'; script-src 'self'; style-src 'self'; {img}; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors *"
    );
    DefaultHeaders::new()
        .add(("Content-Security-Policy", csp))
        .add(("X-Content-Type-Options", "nosniff"))
        .add(("Referrer-Policy", "strict-origin-when-cross-origin"))
        .add(("Access-Control-Allow-Origin", "*"))
}
