//! The request log: one line per request (method, path with query, status, body bytes where
//! known, microseconds to the response head), as one tracing event under the target
//! `zonemap::access`. No span per request, since nothing reads one; and `main` writes the lines
//! from a thread of their own (a non-blocking writer), so a slow or blocked stderr never holds a
//! response up. When the log is filtered out (`RUST_LOG=warn`, say) the middleware costs one
//! check.

use std::time::Instant;

use actix_web::body::{BodySize, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;

/// The middleware.
pub async fn record(req: ServiceRequest, next: Next<impl MessageBody + 'static>) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    if !tracing::enabled!(target: "zonemap::access", tracing::Level::INFO) {
        return next.call(req).await;
    }
    let start = Instant::now();
    let (method, uri) = (req.method().clone(), req.uri().clone());
    let res = next.call(req).await?;
    let status = res.status().as_u16();
    let bytes = match res.response().body().size() {
        BodySize::Sized(n) => Some(n),
        BodySize::None | BodySize::Stream => None,
    };
    let micros = u64::try_from(start.elapsed().as_micros()).unwrap_or(u64::MAX);
    tracing::info!(target: "zonemap::access", method = %method, uri = %uri, status, bytes, micros);
    Ok(res)
}
