//! Request limits below actix-web's own (128 KiB of head, 96 headers): no page or API URL of
//! ours comes near 2 KiB, and no browser sends 16 KiB of headers to a map, so anything larger is
//! refused before routing, with the status RFC 9110 / RFC 6585 name for it.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::middleware::Next;
use actix_web::HttpResponse;

/// Longest request target (path and query) accepted.
pub const MAX_URI_BYTES: usize = 2048;
/// Most header bytes (names and values) accepted.
pub const MAX_HEADER_BYTES: usize = 16 * 1024;

/// The status that refuses a request of these sizes, if any.
pub fn refusal(uri_bytes: usize, header_bytes: usize) -> Option<StatusCode> {
    if uri_bytes > MAX_URI_BYTES {
        Some(StatusCode::URI_TOO_LONG)
    } else if header_bytes > MAX_HEADER_BYTES {
        Some(StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE)
    } else {
        None
    }
}

/// The middleware: refuses oversized requests, passes the rest on.
pub async fn enforce(req: ServiceRequest, next: Next<impl MessageBody + 'static>) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let uri_bytes = req.uri().path_and_query().map_or(0, |pq| pq.as_str().len());
    let header_bytes = req.headers().iter().map(|(k, v)| k.as_str().len() + v.len()).sum();
    if let Some(status) = refusal(uri_bytes, header_bytes) {
        let message = format!("{}: the limits are {MAX_URI_BYTES} bytes of URL and {MAX_HEADER_BYTES} bytes of headers", status.canonical_reason().unwrap_or("refused"));
        let response = HttpResponse::build(status).content_type("text/plain; charset=utf-8").body(message);
        return Ok(req.into_response(response));
    }
    Ok(next.call(req).await?.map_into_boxed_body())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits() {
        assert_eq!(refusal(100, 1000), None);
        assert_eq!(refusal(MAX_URI_BYTES, MAX_HEADER_BYTES), None);
        assert_eq!(refusal(MAX_URI_BYTES + 1, 0), Some(StatusCode::URI_TOO_LONG));
        assert_eq!(refusal(10, MAX_HEADER_BYTES + 1), Some(StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE));
    }
}
