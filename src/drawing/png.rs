//! PNG from SVG, in Rust (resvg), for link previews: no browser, no external process.

use std::sync::{Arc, OnceLock};
use std::io::Write;

use resvg::{tiny_skia, usvg};

/// The system's fonts, listed once (their files are memory-mapped when a glyph is looked up,
/// see Cargo.toml's resvg features): text in previews needs a font with Latin and CJK glyphs
/// (Debian's fonts-dejavu-core and fonts-wqy-microhei; `scripts/test` installs them). Without
/// any, the picture is still drawn, only without its text.
fn fonts() -> Arc<usvg::fontdb::Database> {
    static FONTS: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut db = usvg::fontdb::Database::new();
            db.load_system_fonts();
            db.set_sans_serif_family("DejaVu Sans");
            Arc::new(db)
        })
        .clone()
}

/// Preview images are this size: what Open Graph and Twitter's large card expect.
pub const PREVIEW_SIZE: (u32, u32) = (1200, 630);

/// Which picture of a view: the card that Open Graph and Twitter show, or a half-size thumbnail
/// for oEmbed clients that ask for one no wider than `maxwidth` (a chat app's or CMS's small
/// card), so that they need not fetch and shrink the large one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum PreviewSize {
    /// [`PREVIEW_SIZE`].
    #[default]
    Card,
    /// Half of it each way: the same drawing, scaled.
    Small,
}

impl PreviewSize {
    /// Width and height in pixels.
    pub const fn dims(self) -> (u32, u32) {
        match self {
            PreviewSize::Card => PREVIEW_SIZE,
            PreviewSize::Small => (PREVIEW_SIZE.0 / 2, PREVIEW_SIZE.1 / 2),
        }
    }

    /// The largest picture within the limits a client gave, if any fits.
    pub fn fitting(max_width: Option<u32>, max_height: Option<u32>) -> Option<PreviewSize> {
        [PreviewSize::Card, PreviewSize::Small].into_iter().find(|s| {
            let (w, h) = s.dims();
            max_width.is_none_or(|m| m >= w) && max_height.is_none_or(|m| m >= h)
        })
    }

    fn scale(self) -> f32 {
        self.dims().0 as f32 / PREVIEW_SIZE.0 as f32
    }
}

/// A link-preview image (Open Graph, Twitter cards): the whole map with title band and legend,
/// `zone` ringed and named in the title, its text in `lang`.
pub fn preview_png(index: &crate::data::ZoneIndex, links: crate::links::Links<'_>, zone: Option<&str>, lang: crate::lang::Lang, size: PreviewSize) -> Result<Vec<u8>, String> {
    let options = super::SvgOptions { size: PREVIEW_SIZE, lang, title: Some(super::titles(index, zone, lang)), legend: true };
    render_png_scaled(&super::map_svg(index, &crate::data::ZoneFilter::default(), zone, links, &options), size.scale())
}

/// The link preview of one batch: only its zones, its card title and its reply in the band.
pub fn batch_preview_png(index: &crate::data::ZoneIndex, links: crate::links::Links<'_>, n: crate::data::BatchNo, lang: crate::lang::Lang, size: PreviewSize) -> Result<Vec<u8>, String> {
    let (batch, roster) = index.batch(n).zip(index.roster(n)).ok_or_else(|| format!("there is no batch {n}"))?;
    let ui = crate::ui::Ui(lang);
    let title = ui.batch_card_title(n.get(), batch.approved.year(), &roster);
    let subtitle = ui.approved_line(n.get(), batch.approved.as_str(), batch.document.as_str());
    let only = crate::data::ZoneFilter { batches: [n].into(), ..Default::default() };
    let options = super::SvgOptions { size: PREVIEW_SIZE, lang, title: Some((title, subtitle)), legend: true };
    render_png_scaled(&super::map_svg(index, &only, None, links, &options), size.scale())
}

/// The side of the home-screen icon iOS and link previewers ask for.
pub const TOUCH_ICON_SIDE: u32 = 180;

/// The home-screen icon (`/apple-touch-icon.png`): the favicon drawn edge to edge on its own
/// background colour, opaque, because iOS rounds the corners itself and fills transparent
/// pixels with black. The favicon is nested whole, so the two cannot drift apart.
pub fn touch_icon_png() -> Result<Vec<u8>, String> {
    let favicon = crate::assets::find("favicon.svg").and_then(|(_, a, _)| std::str::from_utf8(a.bytes).ok()).ok_or("no favicon")?;
    let side = TOUCH_ICON_SIDE;
    render_png(&format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{side}" height="{side}" viewBox="0 0 32 32"><rect width="32" height="32" fill="#15191e"/>{favicon}</svg>"##
    ))
}

/// Renders `svg` at its own size.
pub fn render_png(svg: &str) -> Result<Vec<u8>, String> {
    render_png_scaled(svg, 1.0)
}

/// Renders `svg` at `scale` times its own size.
fn render_png_scaled(svg: &str, scale: f32) -> Result<Vec<u8>, String> {
    let pixmap = {
        let options = usvg::Options { fontdb: fonts(), ..usvg::Options::default() };
        let tree = usvg::Tree::from_str(svg, &options).map_err(|e| format!("svg: {e}"))?;
        let size = tree.size().to_int_size().scale_by(scale).ok_or("empty picture")?;
        let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height()).ok_or("empty picture")?;
        resvg::render(&tree, tiny_skia::Transform::from_scale(scale, scale), &mut pixmap.as_mut());
        pixmap
        // The tree (every glyph as a path) is freed here, before the PNG is made beside the
        // pixels: drawing a preview is the server's highest moment of memory.
    };
    encode(&pixmap)
}

/// A PNG as small as the png crate makes it: link previews are fetched by every previewer
/// that unfurls a link, and ours are opaque pictures, so an opaque one is written as RGB (a
/// quarter less to compress) with the best compression and adaptive filters.
fn encode(pixmap: &tiny_skia::Pixmap) -> Result<Vec<u8>, String> {
    let rgba = pixmap.data();
    if !rgba.chunks_exact(4).all(|p| p[3] == 255) {
        // Transparent pixels need the straight (not premultiplied) colours PNG stores.
        return pixmap.encode_png().map_err(|e| format!("png: {e}"));
    }
    let err = |e: png::EncodingError| format!("png: {e}");
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Default);
    encoder.set_filter(png::FilterType::Paeth);
    encoder.set_adaptive_filter(png::AdaptiveFilterType::Adaptive);
    let mut writer = encoder.write_header().map_err(err)?;
    // Row by row, so that no RGB copy of the whole picture (2.3 MB for a card) is made.
    let mut stream = writer.stream_writer().map_err(err)?;
    let mut row = Vec::with_capacity(pixmap.width() as usize * 3);
    for line in rgba.chunks_exact(pixmap.width() as usize * 4) {
        row.clear();
        row.extend(line.chunks_exact(4).flat_map(|p| [p[0], p[1], p[2]]));
        stream.write_all(&row).map_err(|e| format!("png: {e}"))?;
    }
    stream.finish().map_err(err)?;
    drop(writer);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_a_picture_of_the_svg_size() {
        let png = render_png(r##"<svg xmlns="http://www.w3.org/2000/svg" width="120" height="63"><rect width="120" height="63" fill="#dfe9f2"/><text x="4" y="20">zonemap 地图</text></svg>"##).expect("renders");
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        // IHDR: width and height, big-endian, right after the signature and chunk header.
        assert_eq!(u32::from_be_bytes(png[16..20].try_into().expect("4 bytes")), 120);
        assert_eq!(u32::from_be_bytes(png[20..24].try_into().expect("4 bytes")), 63);
    }

    #[test]
    fn the_touch_icon_is_an_opaque_square_of_its_side() {
        let png = touch_icon_png().expect("renders");
        assert_eq!(u32::from_be_bytes(png[16..20].try_into().expect("4 bytes")), TOUCH_ICON_SIDE);
        assert_eq!(u32::from_be_bytes(png[20..24].try_into().expect("4 bytes")), TOUCH_ICON_SIDE);
        // IHDR colour type 2 is RGB: no alpha channel, so no corner a home screen fills black.
        assert_eq!(png[25], 2);
    }

    #[test]
    fn bad_svg_is_an_error() {
        assert!(render_png("<svg").is_err());
    }
}
