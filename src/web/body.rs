//! [`Body`]: a response body rendered once, compressed once (gzip and brotli) and tagged once,
//! then served to every request with content negotiation and `304 Not Modified`.

use std::io::{Cursor, Write};
use std::pin::Pin;
use std::task::{Context, Poll};

use actix_web::body::{BodySize, MessageBody};
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
    /// Length of the identity bytes, which a response rebuilt from gzip announces.
    len: u64,
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
        let hash = format!("{:016x}", Fnv1a::default().update(&identity).0);
        let len = identity.len() as u64;
        Body { plain: Some(identity), gzip: None, br: None, hash, len, content_type, cache_control, compressible: true }
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
        let mut encoders = Encoders::new(effort, identity.len());
        encoders.write_all(identity).expect("writing to a Vec cannot fail");
        let (gzip, br) = encoders.finish();
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

    /// The uncompressed bytes, whole (the tests' view; responses stream them, see `respond`).
    #[cfg(test)]
    fn identity(&self) -> Bytes {
        match (&self.plain, &self.gzip) {
            (Some(plain), _) => plain.clone(),
            (None, Some(gz)) => {
                let mut out = Vec::new();
                std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&gz[..]), &mut out).expect("our own gzip decodes");
                out.into()
            }
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
                response.insert_header((header::CONTENT_ENCODING, HeaderValue::from_static(name)));
                if b.len() > SEND_WHOLE { response.body(Pieces(b)) } else { response.body(b) }
            }
            None => match (&self.plain, &self.gzip) {
                (Some(plain), _) => response.body(plain.clone()),
                // Decoded as it is sent, so that a large body is never held whole.
                (None, Some(gz)) => response.body(Gunzipping { decoder: flate2::read::GzDecoder::new(Cursor::new(gz.clone())), left: self.len }),
                (None, None) => response.finish(),
            },
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

/// Bodies up to this size are handed to actix whole; larger ones in pieces of `SEND_PIECE`.
/// actix copies a body into the connection's write buffer before sending it, so a whole 1.4 MB
/// body (the compressed collection of 20,000 rich zones) grew that buffer to its size on every
/// response, a block the allocator maps afresh each time above its threshold (`tune_malloc` in
/// main.rs): 900 responses/s, against 2,950 before the threshold was fixed. In 64 KiB pieces
/// the buffer stays small: 2,250/s (16 KiB: 2,000; 128 KiB: 1,430). Bodies of today's data are
/// all smaller and are sent as before.
const SEND_WHOLE: usize = 256 * 1024;
const SEND_PIECE: usize = 64 * 1024;

/// A stored body handed over in slices of itself (no copies).
struct Pieces(Bytes);

impl MessageBody for Pieces {
    type Error = std::convert::Infallible;

    fn size(&self) -> BodySize {
        BodySize::Sized(self.0.len() as u64)
    }

    fn poll_next(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Result<Bytes, Self::Error>>> {
        let rest = &mut self.get_mut().0;
        if rest.is_empty() {
            return Poll::Ready(None);
        }
        Poll::Ready(Some(Ok(rest.split_to(rest.len().min(SEND_PIECE)))))
    }
}

/// A stored body's identity form, decoded from its gzip form piece by piece as the connection
/// takes it (for the rare client that accepts no compression). Its length is known, so the
/// response still says `Content-Length`.
struct Gunzipping {
    decoder: flate2::read::GzDecoder<Cursor<Bytes>>,
    /// Bytes still to come.
    left: u64,
}

/// Decoded per piece: large enough to keep the per-piece cost small, small enough to be
/// nothing beside the body.
const GUNZIP_PIECE: usize = 64 * 1024;

impl MessageBody for Gunzipping {
    type Error = std::io::Error;

    fn size(&self) -> BodySize {
        BodySize::Sized(self.left)
    }

    fn poll_next(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Result<Bytes, std::io::Error>>> {
        let this = self.get_mut();
        if this.left == 0 {
            return Poll::Ready(None);
        }
        let mut piece = vec![0; GUNZIP_PIECE.min(usize::try_from(this.left).unwrap_or(GUNZIP_PIECE))];
        // Our own gzip output: it cannot fail to decode or end early short of a bug, which is
        // then logged and ends the response (whose length then tells the client it is cut).
        let result = match std::io::Read::read(&mut this.decoder, &mut piece) {
            Ok(0) => Err(std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "a stored gzip body ends early")),
            Ok(n) => {
                piece.truncate(n);
                this.left -= n as u64;
                Ok(Bytes::from(piece))
            }
            Err(e) => Err(e),
        };
        if let Err(e) = &result {
            tracing::error!(error = %e, "a stored gzip body does not decode");
        }
        Poll::Ready(Some(result))
    }
}

/// Writes a body as it is rendered, so that a large one is never held whole. The first
/// `LARGE_BODY` bytes are kept as they are; a body that ends there is tagged and compressed as
/// any other ([`Body::new`], [`Body::compressed`]). Past that, the bytes go straight into the
/// encoders (and the hash) as they come, at the large settings: a 147 MB collection then costs
/// its compressed forms and the encoders' windows, not its own size on top (`bench/scale`).
pub struct BodyWriter {
    effort: Effort,
    head: Vec<u8>,
    /// Set once the body outgrows `head`.
    encoders: Option<Encoders>,
    hash: Fnv1a,
    len: u64,
}

impl BodyWriter {
    /// A writer for a body to be compressed with `effort`.
    pub fn new(effort: Effort) -> BodyWriter {
        BodyWriter { effort, head: Vec::new(), encoders: None, hash: Fnv1a::default(), len: 0 }
    }

    /// The body written, tagged and compressed: as [`Body::new`] then [`Body::compressed`]
    /// would make it (or [`Body::uncompressed`] when it is not `compressible`, unless it grew
    /// too large to keep whole, when it is served compressed all the same).
    pub fn finish(self, content_type: &'static str, cache_control: &'static str, compressible: bool) -> Body {
        let Some(encoders) = self.encoders else {
            return if compressible { Body::new(self.head, content_type, cache_control).compressed(self.effort) } else { Body::uncompressed(self.head, content_type, cache_control) };
        };
        let (gzip, br) = encoders.finish();
        let hash = format!("{:016x}", self.hash.0);
        Body { plain: None, gzip: Some(gzip), br, hash, len: self.len, content_type, cache_control, compressible: true }
    }
}

impl Write for BodyWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.hash.update(buf);
        self.len += buf.len() as u64;
        match &mut self.encoders {
            Some(encoders) => encoders.write_all(buf)?,
            None if self.head.len() + buf.len() <= LARGE_BODY => self.head.extend_from_slice(buf),
            None => {
                let mut encoders = Encoders::new(self.effort, usize::MAX);
                encoders.write_all(&std::mem::take(&mut self.head))?;
                encoders.write_all(buf)?;
                self.encoders = Some(encoders);
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The encoders a body's bytes are fed to: gzip, and brotli unless the effort is `Fast`.
struct Encoders {
    gzip: flate2::write::GzEncoder<Vec<u8>>,
    br: Option<brotli::CompressorWriter<Vec<u8>>>,
}

impl Encoders {
    /// Encoders for a body of `len` bytes (`usize::MAX` when it is not known: a large one).
    fn new(effort: Effort, len: usize) -> Encoders {
        let large = len > LARGE_BODY;
        let (level, br) = match effort {
            Effort::Best => {
                let level = if large { flate2::Compression::default() } else { flate2::Compression::best() };
                let quality = if large { BROTLI_QUALITY_LARGE } else { BROTLI_QUALITY };
                (level, Some(brotli::CompressorWriter::new(Vec::new(), 4096, quality, brotli_window(len))))
            }
            Effort::Fast => (flate2::Compression::fast(), None),
        };
        Encoders { gzip: flate2::write::GzEncoder::new(Vec::new(), level), br }
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.gzip.write_all(buf)?;
        if let Some(br) = &mut self.br {
            br.write_all(buf)?;
        }
        Ok(())
    }

    /// The compressed forms. Both encoders write to a Vec, which cannot fail.
    fn finish(self) -> (Bytes, Option<Bytes>) {
        let gzip = self.gzip.finish().expect("writing to a Vec cannot fail").into();
        let br = self.br.map(|w| w.into_inner().into());
        (gzip, br)
    }
}

/// The window for a body of `len` bytes: the smallest that holds it, within the bounds above (a
/// bigger one costs ring-buffer memory and gains nothing).
fn brotli_window(len: usize) -> u32 {
    (usize::BITS - len.saturating_sub(1).leading_zeros()).clamp(BROTLI_MIN_WINDOW, BROTLI_MAX_WINDOW)
}

/// FNV-1a, 64 bits, fed piece by piece: a content hash for ETags (the same one `build.rs` uses
/// for assets).
struct Fnv1a(u64);

impl Default for Fnv1a {
    fn default() -> Fnv1a {
        Fnv1a(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv1a {
    fn update(&mut self, bytes: &[u8]) -> &mut Fnv1a {
        self.0 = bytes.iter().fold(self.0, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3));
        self
    }
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
    }

    /// Bytes that compress, but not to nothing: a large body's stand-in.
    fn varied(len: usize) -> Vec<u8> {
        (0..len as u32).map(|i| b"{\"zone\": \"hangzhou\", \"lon\": 120.15}, "[(i % 37) as usize] ^ (i / 4093 % 3) as u8).collect()
    }

    fn unbrotli(b: &Body) -> Vec<u8> {
        let mut out = Vec::new();
        brotli::Decompressor::new(&b.br.as_ref().expect("br")[..], 4096).read_to_end(&mut out).expect("unbrotli");
        out
    }

    /// Writes `bytes` to a writer in uneven pieces, as serde_json and the templates do.
    fn written(bytes: &[u8], effort: Effort) -> Body {
        let mut w = BodyWriter::new(effort);
        for piece in bytes.chunks(7919) {
            w.write_all(piece).expect("write");
        }
        w.finish("application/json", "x", true)
    }

    #[test]
    fn a_small_body_written_in_pieces_is_the_body_made_whole() {
        let bytes = varied(300_000);
        let whole = Body::new(bytes.clone(), "application/json", "x").compressed(Effort::Best);
        let streamed = written(&bytes, Effort::Best);
        assert_eq!((&streamed.gzip, &streamed.br, &streamed.hash, streamed.len), (&whole.gzip, &whole.br, &whole.hash, whole.len));
        let fast = written(&bytes, Effort::Fast);
        assert_eq!((fast.gzip, fast.br), (Body::new(bytes, "x", "x").compressed(Effort::Fast).gzip, None));
    }

    #[test]
    fn a_large_body_is_compressed_as_it_is_written_and_tagged_as_a_whole_one() {
        let bytes = varied(3 * LARGE_BODY + 12_345);
        let streamed = written(&bytes, Effort::Best);
        assert!(streamed.plain.is_none(), "nothing kept uncompressed");
        assert_eq!(unbrotli(&streamed), bytes);
        assert_eq!(&streamed.identity()[..], &bytes[..], "gzip decodes to it");
        let whole = Body::new(bytes.clone(), "application/json", "x");
        assert_eq!((&streamed.hash, streamed.len), (&whole.hash, whole.len), "the same ETag as the body made whole");
        let fast = written(&bytes, Effort::Fast);
        assert!(fast.br.is_none());
        assert_eq!(&fast.identity()[..], &bytes[..]);
    }

    #[actix_web::test]
    async fn a_large_body_is_sent_in_pieces_and_arrives_whole() {
        let mut x: u32 = 1;
        let noise: Vec<u8> = (0..3 * SEND_WHOLE).map(|_| { x ^= x << 13; x ^= x >> 17; x ^= x << 5; x as u8 }).collect();
        let body = written(&noise, Effort::Best);
        assert!(body.gzip.as_ref().is_some_and(|g| g.len() > SEND_WHOLE), "noise does not compress");
        let req = TestRequest::default().insert_header(("accept-encoding", "gzip")).to_http_request();
        let response = body.respond(&req);
        assert_eq!(response.body().size(), BodySize::Sized(body.gzip.as_ref().map_or(0, Bytes::len) as u64));
        let sent = actix_web::body::to_bytes(response.into_body()).await.expect("body");
        assert_eq!(Some(&sent), body.gzip.as_ref());
    }

    #[actix_web::test]
    async fn a_client_that_takes_no_compression_gets_the_identity_decoded_as_sent() {
        let bytes = varied(LARGE_BODY + 70_000);
        for (body, expected) in [(written(&bytes, Effort::Best), bytes), (body(), "<p>hello</p>".repeat(100).into_bytes())] {
            let response = body.respond(&TestRequest::default().to_http_request());
            assert_eq!(response.headers().get(header::CONTENT_ENCODING), None);
            assert_eq!(response.body().size(), BodySize::Sized(expected.len() as u64), "Content-Length is known");
            let sent = actix_web::body::to_bytes(response.into_body()).await.expect("body");
            assert_eq!(sent, expected);
        }
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
