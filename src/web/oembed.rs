//! `GET /oembed`: oEmbed 1.0 for our pages (see `crate::oembed`).

use actix_web::{HttpRequest, HttpResponse, route, web};

use super::error::JsonError;
use super::state::AppState;
use crate::oembed::{self, OembedQuery};

/// Answers JSON; errors are JSON too (400, 404 for a URL that is not ours, 501 for XML).
#[route("/oembed", method = "GET", method = "HEAD")]
pub async fn get_oembed(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, JsonError> {
    let snap = state.snapshot();
    let q = OembedQuery::parse(req.query_string())?;
    let answer = oembed::respond(&snap.site, &snap.zones, &q).map_err(super::Error::from)?;
    Ok(HttpResponse::Ok().insert_header(("Cache-Control", "public, max-age=3600")).json(answer))
}
