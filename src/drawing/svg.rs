//! The SVG map: basemap, one dot per zone in its batch colour, and optionally a title band and
//! a legend, so the file stands on its own when printed or placed in a layout.

use crate::ui::Ui;
use std::borrow::Cow;
use std::fmt::Write;

use crate::data::{ZoneFilter, ZoneIndex};
use crate::links::Links;
use crate::lang::Lang;

use super::{Bounds, Frame, basemap};

/// What to draw besides the zones.
#[derive(Debug, Clone)]
pub struct SvgOptions {
    /// Picture size in pixels.
    pub size: (u32, u32),
    /// Labels' language.
    pub lang: Lang,
    /// A title band on top: title and subtitle.
    pub title: Option<(String, String)>,
    /// A legend of the batches drawn.
    pub legend: bool,
}

/// Fonts a browser has, then fonts the PNG renderer may find (Debian's DejaVu and a CJK font).
const FONTS: &str = "system-ui, 'Segoe UI', 'DejaVu Sans', 'Noto Sans CJK SC', 'WenQuanYi Micro Hei', sans-serif";
const SEA: &str = "#dfe9f2";
const LAND: &str = "#e4e7ea";
const CHINA: &str = "#fbfbf8";
const INK: &str = "#1a1a1a";

/// Draws the zones `filter` admits, `selected` ringed, linking each dot to its zone page.
pub fn map_svg(index: &ZoneIndex, filter: &ZoneFilter, selected: Option<&str>, links: Links<'_>, o: &SvgOptions) -> String {
    let (w, h) = (f64::from(o.size.0), f64::from(o.size.1));
    let unit = w / 960.0; // sizes below are for a 960-pixel-wide picture
    let band = if o.title.is_some() { (66.0 * unit).round() } else { 0.0 };
    let frame = Frame::fit(Bounds::CHINA, (0.0, band, w, h - band));
    let zones: Vec<_> = index.zones().iter().filter(|z| filter.admits(z)).collect();
    let ui = Ui(o.lang);

    let mut s = String::with_capacity(64 * 1024);
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-labelledby="map-title" font-family="{FONTS}"><title id="map-title">{}</title>"#,
        esc(&ui.svg_title(zones.len()))
    );
    let _ = write!(s, r#"<rect width="{w}" height="{h}" fill="{SEA}"/>"#);
    let _ = write!(
        s,
        r##"<path d="{}" fill="{LAND}" stroke="#9aa0a8" stroke-width="{:.2}" stroke-linejoin="round"/><path d="{}" fill="{CHINA}" stroke="#6b7078" stroke-width="{:.2}" stroke-linejoin="round"/>"##,
        basemap::path(&frame, (w, h), false),
        0.6 * unit,
        basemap::path(&frame, (w, h), true),
        0.8 * unit
    );

    let r = 5.0 * unit;
    let mut ring = None;
    s.push_str(&format!(r#"<g stroke="{INK}" stroke-width="{:.2}">"#, 1.4 * unit));
    for z in &zones {
        let Some(batch) = index.batch(z.props.batch) else { continue };
        let (x, y) = frame.project(z.lon, z.lat);
        let name = z.name(o.lang);
        let _ = write!(
            s,
            r#"<a href="{}"><circle cx="{x:.1}" cy="{y:.1}" r="{r:.1}" fill="{}"><title>{}</title></circle></a>"#,
            esc(&links.zone(z.slug.as_str(), o.lang)),
            batch.colour.as_str(),
            esc(name)
        );
        if selected == Some(z.slug.as_str()) {
            ring = Some((x, y, name));
        }
    }
    s.push_str("</g>");
    if let Some((x, y, name)) = ring {
        let _ = write!(
            s,
            r##"<circle cx="{x:.1}" cy="{y:.1}" r="{:.1}" fill="none" stroke="#fff" stroke-width="{:.1}"/><circle cx="{x:.1}" cy="{y:.1}" r="{:.1}" fill="none" stroke="{INK}" stroke-width="{:.1}"/>"##,
            r + 3.0 * unit,
            3.0 * unit,
            r + 5.0 * unit,
            2.0 * unit
        );
        label(&mut s, x + r + 7.0 * unit, y + 5.0 * unit, 15.0 * unit, name);
    }

    if let Some((title, subtitle)) = &o.title {
        let _ = write!(
            s,
            r##"<rect width="{w}" height="{band}" fill="#fff"/><text x="{:.1}" y="{:.1}" font-size="{:.1}" font-weight="700" fill="{INK}">{}</text><text x="{:.1}" y="{:.1}" font-size="{:.1}" fill="#3d3d3d">{}</text>"##,
            16.0 * unit, 30.0 * unit, 22.0 * unit, esc(title),
            16.0 * unit, 54.0 * unit, 14.0 * unit, esc(subtitle)
        );
    }
    if o.legend {
        legend(&mut s, index, filter, o.lang, unit, h);
    }
    let _ = write!(
        s,
        r##"<text x="{:.1}" y="{:.1}" font-size="{:.1}" text-anchor="end" fill="#3d3d3d">zonemap · Natural Earth</text></svg>"##,
        w - 8.0 * unit,
        h - 8.0 * unit,
        11.0 * unit
    );
    s
}

/// The title band's two lines: the site, or one zone.
pub fn titles(index: &ZoneIndex, zone: Option<&str>, lang: Lang) -> (String, String) {
    let ui = Ui(lang);
    match zone.and_then(|slug| index.get(slug)).and_then(|z| index.batch(z.props.batch).map(|b| (z, b))) {
        Some((z, b)) => {
            let (name, province) = (z.name(lang), z.province(lang));
            (ui.zone_heading(name), format!("{province} · {}", ui.approved_line(b.batch.get(), b.approved.as_str(), b.document.as_str())))
        }
        None => {
            (ui.site_title().to_owned(), ui.svg_subtitle(&index.tally(&ZoneFilter::default()), index.batches().len()))
        }
    }
}

/// A label with a white halo, readable over land, sea and dots.
fn label(s: &mut String, x: f64, y: f64, size: f64, text: &str) {
    let _ = write!(
        s,
        r##"<text x="{x:.1}" y="{y:.1}" font-size="{size:.1}" font-weight="700" fill="{INK}" stroke="#fff" stroke-width="{:.1}" paint-order="stroke">{}</text>"##,
        size / 4.0,
        esc(text)
    );
}

/// The legend box at the bottom left: one row per batch the filter shows.
fn legend(s: &mut String, index: &ZoneIndex, filter: &ZoneFilter, lang: Lang, unit: f64, h: f64) {
    const FONT: f64 = 12.5;
    let ui = Ui(lang);
    let rows: Vec<_> = index
        .batches()
        .iter()
        .filter(|b| filter.shows_batch(b.batch))
        .map(|b| {
            let count = index.roster(b.batch).map(|r| ui.batch_count(r)).unwrap_or_default();
            (b, format!("{} · {} · {count}", ui.batch(b.batch.get()), b.approved.year()))
        })
        .collect();
    let row = 19.0 * unit;
    let (x, top) = (10.0 * unit, h - 10.0 * unit - row * rows.len() as f64 - 8.0 * unit);
    // Wide enough for the longest row ("Batch 7 · 2022 · 27 of 33 identified"), by an estimate
    // of its width: the box is drawn before the text, and SVG has no layout to ask.
    let longest = rows.iter().map(|(_, text)| text_em(text)).fold(0.0, f64::max);
    let _ = write!(
        s,
        r##"<rect x="{x:.1}" y="{top:.1}" width="{:.1}" height="{:.1}" rx="{:.1}" fill="#fff" fill-opacity="0.92" stroke="#c7ccd1"/>"##,
        (34.0 + longest * FONT) * unit,
        row * rows.len() as f64 + 8.0 * unit,
        4.0 * unit
    );
    for (i, (b, text)) in rows.iter().enumerate() {
        let y = top + 4.0 * unit + row * (i as f64 + 0.5);
        let _ = write!(
            s,
            r##"<circle cx="{:.1}" cy="{y:.1}" r="{:.1}" fill="{}" stroke="{INK}" stroke-width="{:.1}"/><text x="{:.1}" y="{:.1}" font-size="{:.1}" fill="{INK}">{}</text>"##,
            x + 12.0 * unit,
            5.0 * unit,
            b.colour.as_str(),
            1.2 * unit,
            x + 24.0 * unit,
            y + 4.5 * unit,
            FONT * unit,
            esc(text)
        );
    }
}

/// A generous estimate of a line's width in ems in a sans-serif font: CJK characters are a
/// full em, Latin letters, digits and punctuation a little over half.
fn text_em(text: &str) -> f64 {
    text.chars().map(|c| if c >= '\u{2e80}' { 1.0 } else { 0.58 }).sum()
}

/// Escapes text for SVG (XML) content and attribute values.
/// A character XML cannot carry at all (the loader refuses them in data; this keeps any that
/// reach here some other way from making the file ill-formed) becomes U+FFFD.
fn esc(text: &str) -> Cow<'_, str> {
    if !text.contains(['&', '<', '>', '"', '\'']) && !text.chars().any(crate::data::forbidden_in_xml) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if crate::data::forbidden_in_xml(c) => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_leaves_nothing_xml_forbids() {
        assert_eq!(esc("a<b & 'c'"), "a&lt;b &amp; &#39;c&#39;");
        assert_eq!(esc("Ctl\u{1}X\u{ffff}"), "Ctl\u{fffd}X\u{fffd}");
        assert!(matches!(esc("plain 中文"), Cow::Borrowed(_)));
    }
    use crate::data::parse;

    fn index() -> ZoneIndex {
        ZoneIndex::from(parse("valid.geojson", include_str!("../../tests/fixtures/valid.geojson")).expect("valid"))
    }

    fn options(legend: bool) -> SvgOptions {
        SvgOptions { size: (960, 600), lang: Lang::En, title: Some(("T <&>".into(), "S".into())), legend }
    }

    #[test]
    fn one_dot_per_admitted_zone_in_its_batch_colour() {
        let idx = index();
        let svg = map_svg(&idx, &ZoneFilter::default(), None, Links::new("", Default::default()), &options(true));
        let active = idx.zones().iter().filter(|z| !z.is_former()).count();
        assert_eq!(svg.matches("<a href=\"/zones/").count(), active);
        for z in idx.zones().iter().filter(|z| !z.is_former()) {
            let colour = idx.batch(z.props.batch).expect("batch").colour.as_str();
            assert!(svg.contains(&format!("fill=\"{colour}\"><title>")), "{colour}");
        }
        assert!(svg.contains("T &lt;&amp;&gt;"));
        assert!(svg.starts_with("<svg ") && svg.ends_with("</svg>"));
    }

    #[test]
    fn the_filter_and_the_selection_show() {
        let idx = index();
        let first = idx.zones()[0].props.batch;
        let filter = ZoneFilter { batches: [first].into_iter().collect(), ..ZoneFilter::default() };
        let slug = idx.zones()[0].slug.as_str();
        let svg = map_svg(&idx, &filter, Some(slug), Links::new("", Default::default()), &options(false));
        let admitted = idx.zones().iter().filter(|z| filter.admits(z)).count();
        assert_eq!(svg.matches("<circle").count(), admitted + 2, "two rings mark the selection");
        assert!(!svg.contains("fill-opacity=\"0.92\""), "no legend");
    }
}
