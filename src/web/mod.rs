//! The HTTP layer: routes, handlers, errors and headers. Logic lives in `data` and `pages`.

pub mod access_log;
mod api;
mod assets;
mod body;
mod error;
pub mod limits;
mod oembed;
mod pages;
mod pictures;
mod state;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::middleware::DefaultHeaders;
use actix_web::{App, web};

pub use assets::warm as warm_assets;
pub use error::{Error, JsonError};
pub use state::{AppState, release_freed_memory};

/// The whole application as `serve` runs it: state, routes, security headers, request limits and
/// request logging. The tests drive this same value, so they see what visitors see.
pub fn app(
    state: AppState,
) -> App<impl ServiceFactory<ServiceRequest, Config = (), Response = ServiceResponse<impl MessageBody>, Error = actix_web::Error, InitError = ()>> {
    let site = state.snapshot().site.as_ref().clone();
    App::new()
        .app_data(web::Data::new(state))
        // The last `wrap` is the outermost: the security headers go round the request limits,
        // so a 414 or 431 carries them too.
        .wrap(actix_web::middleware::from_fn(error::with_site_links))
        .wrap(actix_web::middleware::from_fn(limits::enforce))
        .wrap(security_headers(&site))
        .wrap(actix_web::middleware::from_fn(access_log::record))
        .configure(configure)
}

/// Registers every route (see [`app`]). No pattern shadows another (each has a
/// fixed prefix or a different number of segments), so order does not matter; the default
/// service answers every other path with a 404.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(pages::get_map)
        .service(pages::get_embed)
        .service(pages::get_zone_page)
        .service(pages::get_zone_panel)
        .service(pages::get_batch_page)
        .service(pages::get_table)
        .service(pages::get_province_page)
        .service(pictures::get_map_svg)
        .service(pictures::get_preview)
        .service(pictures::get_zone_preview)
        .service(pictures::get_batch_preview)
        .service(pictures::get_touch_icon)
        .service(pictures::get_chart)
        .service(oembed::get_oembed)
        .service(api::get_zones_geojson)
        .service(api::get_zone_geojson)
        .service(api::get_points)
        .service(api::get_clusters)
        .service(api::get_zones_csv)
        .service(api::get_health)
        .service(assets::get_static)
        .service(assets::get_favicon)
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
