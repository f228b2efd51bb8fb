//! [`Body`]: a response body rendered once, compressed once (gzip and brotli) and tagged once,
//! then served to every request with content negotiation and `304 Not Modified`.

use std::io::Write;

use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse};
use bytes::Bytes;

/// Brotli quality 6, with a window just big enough for the body. Bodies are compressed when
/// the data (re)loads, on two warm-up threads while requests are served, so an encoder's memory
/// is paid up to three times at once. In the brotli crate quality 9 (and any quality from 5 up
/// with a window under 2^17, whose small hashers it lacks) allocates a 32 MiB match table per
/// encoder, which took the server from 29 MB to 97 MB during warm-up (bench/run samples RSS);
/// quality 6 with a window of 2^17 or more uses a 2 MiB table. On the bundled data the pages
/// come out 0.5–5 % and the full collection 3 % larger than at quality 9, still smaller than gzip
/// (figures in the README). Bodies over `LARGE_BODY` (the API with thousands of zones) get
/// quality 5 (1 MiB), so that start-up and reload stay short as the data grows.
const BROTLI_QUALITY: u32 = 6;
const BROTLI_QUALITY_LARGE: u32 = 5;
const LARGE_BODY: usize = 1 << 20;
/// log2 of the window: at least 2^17 (see above), at most 4 MiB.
const BROTLI_MIN_WINDOW: u32 = 17;
const BROTLI_MAX_WINDOW: u32 = 22;
/// Smaller bodies gain nothing from compression.
const MIN_COMPRESS: usize = 512;

/// How hard to compress a body: `Best` for one that is kept and served many times, `Fast` for
/// one rendered for a single response (a free-text search), where compression time is the
/// request's latency and a cheap way for anyone to load the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effort {
    /// gzip at its best level and brotli at quality 6 (5 for large bodies).
    Best,
    /// gzip at level 1 only.
    Fast,
}

/// A body with its precompressed forms.
#[derive(Debug, Clone)]
pub struct Body {
    /// The bytes as they are, kept only when they are not compressed. A compressed body's
    /// identity form is rebuilt from the gzip form for the rare client that accepts neither
    /// encoding: that keeps a stored page at about a third of its size, which is most of the
    /// server's memory (every zone's page and panel in two languages).
    plain: Option<Bytes>,
    gzip: Option<Bytes>,
    br: Option<Bytes>,
    /// Hash of the identity bytes; each encoding's ETag derives from it.
    hash: String,
    content_type: &'static str,
    cache_control: &'static str,
    /// Whether compressing it pays (not for PNG).
    compressible: bool,
}

/// The encodings we can serve, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Br,
    Gzip,
    Identity,
}

impl Body {
    /// Tags `bytes`; [`Body::compressed`] then compresses them, as hard as their use deserves.
    pub fn new(bytes: impl Into<Bytes>, content_type: &'static str, cache_control: &'static str) -> Body {
        let identity: Bytes = bytes.into();
        let hash = format!("{:016x}", fnv1a(&identity));
        Body { plain: Some(identity), gzip: None, br: None, hash, content_type, cache_control, compressible: true }
    }

    /// A body that compression would not shrink (PNG): stored and served as it is.
    pub fn uncompressed(bytes: impl Into<Bytes>, content_type: &'static str, cache_control: &'static str) -> Body {
        Body { compressible: false, ..Body::new(bytes, content_type, cache_control) }
    }

    /// The body with its compressed forms (and without its identity form, rebuilt from gzip
    /// when asked for), unless it is too small or not compressible.
    pub fn compressed(self, effort: Effort) -> Body {
        let Some(identity) = self.plain.as_ref().filter(|b| self.compressible && self.gzip.is_none() && b.len() >= MIN_COMPRESS) else {
            return self;
        };
        let (gzip, br) = match effort {
            Effort::Best => (gzip(identity, best_gzip(identity.len())), Some(brotli(identity))),
            Effort::Fast => (gzip(identity, flate2::Compression::fast()), None),
        };
        Body { gzip: Some(gzip), br, plain: None, ..self }
    }

    /// The body with compressed forms made ahead (the build's, for embedded assets), kept
    /// beside its identity: all three are static bytes, so none costs memory.
    pub fn with_forms(self, gzip: &'static [u8], br: &'static [u8]) -> Body {
        Body { gzip: Some(Bytes::from_static(gzip)), br: Some(Bytes::from_static(br)), ..self }
    }

    /// Bytes of all stored forms, for memory accounting.
    pub fn stored_len(&self) -> usize {
        [&self.plain, &self.gzip, &self.br].iter().map(|b| b.as_ref().map_or(0, Bytes::len)).sum()
    }

    /// The uncompressed bytes.
    fn identity(&self) -> Bytes {
        match (&self.plain, &self.gzip) {
            (Some(plain), _) => plain.clone(),
            (None, Some(gz)) => gunzip(gz),
            (None, None) => Bytes::new(),
        }
    }

    fn etag(&self, encoding: Encoding) -> String {
        match encoding {
            Encoding::Br => format!("\"{}-br\"", self.hash),
            Encoding::Gzip => format!("\"{}-gz\"", self.hash),
            Encoding::Identity => format!("\"{}\"", self.hash),
        }
    }

    /// The response for `req`: the best encoding it accepts, or 304 when its copy is current.
    pub fn respond(&self, req: &HttpRequest) -> HttpResponse {
        self.respond_as(req, self.cache_control)
    }

    /// The same with another `Cache-Control`.
    pub fn respond_as(&self, req: &HttpRequest, cache_control: &'static str) -> HttpResponse {
        let encoding = negotiate(req, self.br.is_some(), self.gzip.is_some());
        let etag = self.etag(encoding);
        let fresh = if_none_match(req, &etag);
        let mut response = if fresh { HttpResponse::NotModified() } else { HttpResponse::Ok() };
        response
            .insert_header((header::ETAG, etag.as_str()))
            .insert_header((header::CACHE_CONTROL, cache_control))
            .insert_header((header::VARY, "Accept-Encoding"));
        if fresh {
            return response.finish();
        }
        response.insert_header((header::CONTENT_TYPE, self.content_type));
        let bytes = match encoding {
            Encoding::Br => self.br.clone(),
            Encoding::Gzip => self.gzip.clone(),
            Encoding::Identity => None,
        };
        match bytes {
            Some(b) => {
                let name = if encoding == Encoding::Br { "br" } else { "gzip" };
                // Identity tells actix's own compression layer, if any, to leave this alone.
                response.insert_header((header::CONTENT_ENCODING, HeaderValue::from_static(name))).body(b)
            }
            None => response.body(self.identity()),
        }
    }
}

/// Picks br, then gzip, then identity, among the forms the body has (a body served once has
/// gzip only), honouring `q=0` refusals (RFC 9110 §12.5.3).
fn negotiate(req: &HttpRequest, has_br: bool, has_gzip: bool) -> Encoding {
    let accepts = |name: &str| {
        req.headers().get_all(header::ACCEPT_ENCODING).filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(',')).any(|item| {
            let mut parts = item.trim().split(';');
            let coding = parts.next().unwrap_or_default().trim();
            let refused = parts.any(|p| matches!(p.trim().replace(' ', "").as_str(), "q=0" | "q=0.0" | "q=0.00" | "q=0.000"));
            coding.eq_ignore_ascii_case(name) && !refused
        })
    };
    if has_br && accepts("br") {
        Encoding::Br
    } else if has_gzip && accepts("gzip") {
        Encoding::Gzip
    } else {
        Encoding::Identity
    }
}

/// Whether the request's `If-None-Match` names `etag` (weak comparison, RFC 9110 §13.1.2).
fn if_none_match(req: &HttpRequest, etag: &str) -> bool {
    let bare = etag.trim_start_matches("W/");
    req.headers().get_all(header::IF_NONE_MATCH).filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(',')).any(|t| {
        let t = t.trim();
        t == "*" || t.trim_start_matches("W/") == bare
    })
}

fn gunzip(bytes: &[u8]) -> Bytes {
    let mut out = Vec::new();
    // Our own gzip output: it cannot fail to decode short of a bug, which is then logged.
    if let Err(e) = std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(bytes), &mut out) {
        tracing::error!(error = %e, "a stored gzip body does not decode");
    }
    out.into()
}

fn best_gzip(len: usize) -> flate2::Compression {
    if len > LARGE_BODY { flate2::Compression::default() } else { flate2::Compression::best() }
}

fn gzip(bytes: &[u8], level: flate2::Compression) -> Bytes {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), level);
    encoder.write_all(bytes).expect("writing to a Vec cannot fail");
    encoder.finish().expect("writing to a Vec cannot fail").into()
}

fn brotli(bytes: &[u8]) -> Bytes {
    let mut out = Vec::new();
    {
        let quality = if bytes.len() > LARGE_BODY { BROTLI_QUALITY_LARGE } else { BROTLI_QUALITY };
        let mut writer = brotli::CompressorWriter::new(&mut out, 4096, quality, brotli_window(bytes.len()));
        writer.write_all(bytes).expect("writing to a Vec cannot fail");
    }
    out.into()
}

/// The window for a body of `len` bytes: the smallest that holds it, within the bounds above (a
/// bigger one costs ring-buffer memory and gains nothing).
fn brotli_window(len: usize) -> u32 {
    (usize::BITS - len.saturating_sub(1).leading_zeros()).clamp(BROTLI_MIN_WINDOW, BROTLI_MAX_WINDOW)
}

/// FNV-1a, 64 bits: a content hash for ETags (the same one `build.rs` uses for assets).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3))
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use actix_web::test::TestRequest;

    use super::*;

    fn body() -> Body {
        Body::new("<p>hello</p>".repeat(100), "text/html; charset=utf-8", "public, max-age=60").compressed(Effort::Best)
    }

    #[test]
    fn a_body_served_once_gets_fast_gzip_only() {
        let once = Body::new("<p>hello</p>".repeat(100), "text/html", "no-store").compressed(Effort::Fast);
        assert!(once.br.is_none() && once.gzip.is_some());
        assert_eq!(&once.identity()[..], "<p>hello</p>".repeat(100).as_bytes());
        let png = Body::uncompressed(vec![0u8; 4096], "image/png", "x").compressed(Effort::Best);
        assert!(png.gzip.is_none() && png.plain.is_some(), "pictures are stored as they are");
    }

    #[test]
    fn the_brotli_window_fits_the_body_within_its_bounds() {
        assert_eq!([0, 100, 1 << 17, (1 << 17) + 1, 1 << 19, (1 << 19) + 1, 5 << 20].map(brotli_window), [17, 17, 17, 18, 19, 20, 22]);
        // A large body round-trips.
        let big: Vec<u8> = (0..200_000u32).flat_map(|i| (i % 997).to_le_bytes()).collect();
        let mut out = Vec::new();
        brotli::Decompressor::new(&brotli(&big)[..], 4096).read_to_end(&mut out).expect("unbrotli");
        assert_eq!(out, big);
    }

    #[test]
    fn negotiation_prefers_brotli_then_gzip_and_honours_q0() {
        let b = body();
        let enc = |ae: &str| {
            let req = TestRequest::default().insert_header(("accept-encoding", ae)).to_http_request();
            negotiate(&req, b.br.is_some(), b.gzip.is_some())
        };
        assert_eq!(enc("gzip, deflate, br"), Encoding::Br);
        assert_eq!(enc("gzip"), Encoding::Gzip);
        assert_eq!(enc("br;q=0, gzip"), Encoding::Gzip);
        assert_eq!(enc("identity"), Encoding::Identity);
        assert_eq!(enc(""), Encoding::Identity);
    }

    #[test]
    fn compressed_forms_decode_to_the_same_bytes() {
        let b = body();
        let original = "<p>hello</p>".repeat(100);
        assert!(b.plain.is_none(), "a compressed body does not keep its identity form");
        assert_eq!(&b.identity()[..], original.as_bytes(), "rebuilt from gzip");
        let mut out = Vec::new();
        brotli::Decompressor::new(&b.br.as_ref().expect("br")[..], 4096).read_to_end(&mut out).expect("unbrotli");
        assert_eq!(out, original.as_bytes());
        let small = Body::new("tiny", "text/plain", "no-store").compressed(Effort::Best);
        assert_eq!((&small.identity()[..], small.gzip.is_none()), (&b"tiny"[..], true));
    }

    #[test]
    fn if_none_match_gives_304_per_encoding() {
        let b = body();
        let req = TestRequest::default().insert_header(("accept-encoding", "gzip")).insert_header(("if-none-match", b.etag(Encoding::Gzip))).to_http_request();
        assert_eq!(b.respond(&req).status(), 304);
        let req = TestRequest::default().insert_header(("if-none-match", b.etag(Encoding::Gzip))).to_http_request();
        assert_eq!(b.respond(&req).status(), 200, "identity has its own tag");
        let req = TestRequest::default().insert_header(("if-none-match", "W/\"other\", *")).to_http_request();
        assert_eq!(b.respond(&req).status(), 304);
    }
}
