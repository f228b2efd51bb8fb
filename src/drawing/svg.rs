//! The SVG map: basemap, one dot per zone in its batch colour, and optionally a title band and
//! a legend, so the file stands on its own when printed or placed in a layout.

use crate::ui::Ui;
use std::borrow::Cow;
use std::fmt::Write;

use crate::data::clusters;
use crate::data::{Batch, Zone, ZoneFilter, ZoneIndex};
use crate::links::Links;
use crate::lang::Lang;

use super::labels::{self, Dot, Rect, Side, label_em};
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
    let frame = Frame::fit(Bounds::of_view(index, filter), (0.0, band, w, h - band));
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
    let _ = write!(
        s,
        r##"<path d="{}" fill="none" stroke="#9aa0a8" stroke-width="{:.2}" stroke-dasharray="{:.1} {:.1}" stroke-linejoin="round"/>"##,
        basemap::province_path(&frame, (w, h)),
        0.6 * unit,
        3.0 * unit,
        2.0 * unit
    );

    let r = 5.0 * unit;
    let mut ring = None;
    // Past CLUSTER_FROM zones, dots for every one would be a file of megabytes and a blur: the
    // map then shows how many zones each small cell holds (the selected one still ringed).
    let dense = clusters::groups_zones(index);
    if dense {
        density(&mut s, index, &zones, &frame, unit);
        ring = selected.and_then(|slug| zones.iter().find(|z| z.slug.as_str() == slug)).map(|z| frame.project(z.lon, z.lat));
    }
    s.push_str(&format!(r#"<g stroke="{INK}" stroke-width="{:.2}">"#, 1.4 * unit));
    for z in zones.iter().filter(|_| !dense) {
        let Some(batch) = index.batch(z.props.batch) else { continue };
        let (x, y) = frame.project(z.lon, z.lat);
        let _ = write!(
            s,
            r#"<a href="{}"><circle cx="{x:.1}" cy="{y:.1}" r="{r:.1}" fill="{}"><title>{}</title></circle></a>"#,
            esc(&links.zone(z.slug.as_str(), o.lang)),
            batch.colour.as_str(),
            esc(z.name(o.lang))
        );
        if selected == Some(z.slug.as_str()) {
            ring = Some((x, y));
        }
    }
    s.push_str("</g>");
    if let Some((x, y)) = ring {
        let _ = write!(
            s,
            r##"<circle cx="{x:.1}" cy="{y:.1}" r="{:.1}" fill="none" stroke="#fff" stroke-width="{:.1}"/><circle cx="{x:.1}" cy="{y:.1}" r="{:.1}" fill="none" stroke="{INK}" stroke-width="{:.1}"/>"##,
            r + 3.0 * unit,
            3.0 * unit,
            r + 5.0 * unit,
            2.0 * unit
        );
    }

    let legend_rows = if o.legend { legend_rows(index, filter, o.lang) } else { Vec::new() };
    let legend_box = (!legend_rows.is_empty()).then(|| legend_box(&legend_rows, unit, h));
    let credit_box = Rect { x0: w - (8.0 + CREDIT_EM * CREDIT_FONT) * unit, y0: h - (8.0 + CREDIT_FONT) * unit, x1: w, y1: h };
    let area = Rect { x0: 0.0, y0: band, x1: w, y1: h };
    names(&mut s, if dense { &[] } else { &zones }, filter, selected, &frame, o.lang, unit, area, &[legend_box, Some(credit_box)].into_iter().flatten().collect::<Vec<_>>());

    if let Some((title, subtitle)) = &o.title {
        let _ = write!(
            s,
            r##"<rect width="{w}" height="{band}" fill="#fff"/><text x="{:.1}" y="{:.1}" font-size="{:.1}" font-weight="700" fill="{INK}">{}</text><text x="{:.1}" y="{:.1}" font-size="{:.1}" fill="#3d3d3d">{}</text>"##,
            16.0 * unit, 30.0 * unit, 22.0 * unit, esc(title),
            16.0 * unit, 54.0 * unit, 14.0 * unit, esc(subtitle)
        );
    }
    if let Some(b) = legend_box {
        legend(&mut s, &legend_rows, b, unit);
    }
    let _ = write!(
        s,
        r##"<text x="{:.1}" y="{:.1}" font-size="{:.1}" text-anchor="end" fill="#3d3d3d">{CREDIT}</text></svg>"##,
        w - 8.0 * unit,
        h - 8.0 * unit,
        CREDIT_FONT * unit
    );
    s
}

/// Side of a density cell, for a 960-pixel-wide picture.
const DENSITY_CELL: f64 = 16.0;

/// One disc per cell of [`DENSITY_CELL`] pixels that has zones, at the mean of their positions:
/// its radius grows with the square root of their number, up to one that fills the cell for the
/// fullest cell, and its colour is the batch most of them are in. Discs are grouped by
/// colour and their positions rounded to the pixel: at 10,000 zones the picture is some tens of
/// kilobytes, not one.
fn density(s: &mut String, index: &ZoneIndex, zones: &[&Zone], frame: &Frame, unit: f64) {
    let groups = clusters::group(zones.iter().copied(), DENSITY_CELL * unit, |z| frame.project(z.lon, z.lat));
    let most = groups.iter().map(|g| g.zones.len()).max().unwrap_or(1) as f64;
    let (r_min, r_max) = (3.0 * unit, DENSITY_CELL / 2.0 * unit);
    let _ = write!(s, r#"<g stroke="{INK}" stroke-width="{:.2}" fill-opacity="0.85">"#, 0.8 * unit);
    for batch in index.batches() {
        let mine: Vec<_> = groups.iter().filter(|g| g.main_batch() == batch.batch).collect();
        if mine.is_empty() {
            continue;
        }
        let _ = write!(s, r#"<g fill="{}">"#, batch.colour.as_str());
        for g in mine {
            let (lon, lat) = g.centre();
            let (x, y) = frame.project(lon, lat);
            let share = (g.zones.len() as f64 / most).sqrt();
            let _ = write!(s, r#"<circle cx="{x:.0}" cy="{y:.0}" r="{:.1}"/>"#, r_min + (r_max - r_min) * share);
        }
        s.push_str("</g>");
    }
    s.push_str("</g>");
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

/// The credit line at the bottom right, its font size, and a generous width in ems.
const CREDIT: &str = "zonemap · Natural Earth";
const CREDIT_FONT: f64 = 11.0;
const CREDIT_EM: f64 = 13.5;
/// Zone names: font size, and the white halo that keeps them readable over land, sea and dots.
const NAME_FONT: f64 = 12.0;
const NAME_HALO: f64 = 3.0;
/// Province names: smaller, lighter and muted, so the zones' names stand out.
const PROVINCE_FONT: f64 = 11.0;
const MUTED: &str = "#4a4f57";

/// Draws the names that fit (src/drawing/labels.rs), most important first: the selected zone,
/// then active zones by batch (the oldest first) in the data's order, then former ones; and the
/// provinces' names, on or near their points: before the zones' (after the selected one's) on
/// the national view, as the browser does at low zoom, after them on a province's view. Hidden
/// from screen readers: each dot's link already carries its zone's name.
#[allow(clippy::too_many_arguments)] // one drawing step, called once, with its picture's parts
fn names(s: &mut String, zones: &[&Zone], filter: &ZoneFilter, selected: Option<&str>, frame: &Frame, lang: Lang, unit: f64, area: Rect, reserved: &[Rect]) {
    let mut order: Vec<&Zone> = zones.to_vec();
    order.sort_by_key(|z| (selected != Some(z.slug.as_str()), z.former_at(filter.asof.as_ref()), z.props.batch));
    let (font, pad) = (NAME_FONT * unit, NAME_HALO * unit / 2.0);
    let province_font = PROVINCE_FONT * unit;
    // What each name is: a zone's (its text) or a province's.
    let mut texts: Vec<(&str, bool)> = Vec::new();
    let mut dots: Vec<Dot> = Vec::new();
    for z in &order {
        let (x, y) = frame.project(z.lon, z.lat);
        // The dot with its outline, or the selection's outer ring.
        let r = if selected == Some(z.slug.as_str()) { 11.0 } else { 5.7 } * unit;
        let text = z.map_label(lang);
        texts.push((text, false));
        dots.push(Dot { x, y, r, w: label_em(text) * font + 2.0 * pad, h: 1.2 * font + 2.0 * pad, anchored: false, reach: 0.0 });
    }
    let first = match (filter.province.is_none(), order.first()) {
        (false, _) => dots.len(),
        (true, Some(z)) if selected == Some(z.slug.as_str()) => 1,
        (true, _) => 0,
    };
    let mut provinces = Vec::new();
    for p in basemap::province_names() {
        let text = lang.pick(p.name.as_str(), p.label_zh.as_str());
        let (x, y) = frame.project(p.lon, p.lat);
        let reach = frame.project(p.lon + p.reach, p.lat).0 - x;
        provinces.push(((text, true), Dot { x, y, r: 0.0, w: label_em(text) * province_font + 2.0 * pad, h: 1.2 * province_font + 2.0 * pad, anchored: true, reach }));
    }
    let (province_texts, province_dots): (Vec<_>, Vec<_>) = provinces.into_iter().unzip();
    texts.splice(first..first, province_texts);
    dots.splice(first..first, province_dots);
    let placed = labels::place(&dots, area, reserved, 2.0 * unit);
    let _ = write!(
        s,
        r##"<g aria-hidden="true" font-size="{font:.1}" font-weight="700" fill="{INK}" stroke="#fff" stroke-width="{:.1}" stroke-linejoin="round" paint-order="stroke">"##,
        2.0 * pad
    );
    for ((name, province), p) in texts.iter().zip(&placed) {
        let Some(p) = p else { continue };
        let size = if *province { province_font } else { font };
        let (x, anchor) = match p.side {
            Side::Right => (p.rect.x0 + pad, "start"),
            Side::Left => (p.rect.x1 - pad, "end"),
            Side::Centre => ((p.rect.x0 + p.rect.x1) / 2.0, "middle"),
        };
        // The em box centred in the label's box; the baseline 0.8 em below its top.
        let baseline = (p.rect.y0 + p.rect.y1) / 2.0 + 0.3 * size;
        let style = if *province { format!(r#" font-size="{size:.1}" font-weight="400" fill="{MUTED}""#) } else { String::new() };
        let _ = write!(
            s,
            r#"<text x="{x:.1}" y="{baseline:.1}" text-anchor="{anchor}" textLength="{:.1}"{style}>{}</text>"#,
            label_em(name) * size,
            esc(name)
        );
    }
    s.push_str("</g>");
}

/// The legend's rows: one per batch the filter shows.
fn legend_rows<'a>(index: &'a ZoneIndex, filter: &ZoneFilter, lang: Lang) -> Vec<(&'a Batch, String)> {
    let ui = Ui(lang);
    index
        .batches()
        .iter()
        .filter(|b| filter.shows_batch(b.batch))
        .map(|b| {
            let count = index.roster(b.batch).map(|r| ui.batch_count(r)).unwrap_or_default();
            (b, format!("{} · {} · {count}", ui.batch(b.batch.get()), b.approved.year()))
        })
        .collect()
}

const LEGEND_FONT: f64 = 12.5;

/// Where the legend box goes: the bottom left, wide enough for its longest row ("Batch 7 ·
/// 2022 · 27 of 33 identified") by an estimate of its width, since SVG has no layout to ask.
fn legend_box(rows: &[(&Batch, String)], unit: f64, h: f64) -> Rect {
    let row = 19.0 * unit;
    let longest = rows.iter().map(|(_, text)| text_em(text)).fold(0.0, f64::max);
    let (x, top) = (10.0 * unit, h - 10.0 * unit - row * rows.len() as f64 - 8.0 * unit);
    Rect { x0: x, y0: top, x1: x + (34.0 + longest * LEGEND_FONT) * unit, y1: top + row * rows.len() as f64 + 8.0 * unit }
}

/// The legend in its box.
fn legend(s: &mut String, rows: &[(&Batch, String)], b: Rect, unit: f64) {
    let row = 19.0 * unit;
    let _ = write!(
        s,
        r##"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" rx="{:.1}" fill="#fff" fill-opacity="0.92" stroke="#c7ccd1"/>"##,
        b.x0,
        b.y0,
        b.x1 - b.x0,
        b.y1 - b.y0,
        4.0 * unit
    );
    for (i, (batch, text)) in rows.iter().enumerate() {
        let y = b.y0 + 4.0 * unit + row * (i as f64 + 0.5);
        let _ = write!(
            s,
            r##"<circle cx="{:.1}" cy="{y:.1}" r="{:.1}" fill="{}" stroke="{INK}" stroke-width="{:.1}"/><text x="{:.1}" y="{:.1}" font-size="{:.1}" fill="{INK}">{}</text>"##,
            b.x0 + 12.0 * unit,
            5.0 * unit,
            batch.colour.as_str(),
            1.2 * unit,
            b.x0 + 24.0 * unit,
            y + 4.5 * unit,
            LEGEND_FONT * unit,
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

    /// An attribute's value in one tag.
    fn attr(tag: &str, name: &str) -> &'static str {
        let tag = format!(" {tag}");
        let start = tag.find(&format!(" {name}=\"")).map(|i| i + name.len() + 3).unwrap_or_else(|| panic!("{name} in {tag}"));
        let value = &tag[start..start + tag[start..].find('"').expect("closing quote")];
        // Leaks a few bytes per call, in a test: simpler than threading lifetimes through.
        String::leak(value.to_owned())
    }

    fn num(tag: &str, name: &str) -> f64 {
        attr(tag, name).parse().unwrap_or_else(|_| panic!("{name} in {tag}"))
    }

    thread_local! {
        /// The province names the last `assert_names_clear` read (zones' names it returns).
        static PROVINCES: std::cell::RefCell<Vec<String>> = const { std::cell::RefCell::new(Vec::new()) };
    }

    /// Reads the drawn names back from the SVG as boxes (from x, y, anchor and the pinned
    /// width), and the dots and the legend as boxes, and checks that no name touches another
    /// name, a dot or the legend. Returns the names drawn.
    fn assert_names_clear(svg: &str, font: f64) -> Vec<String> {
        let names_at = svg.find("<g aria-hidden=\"true\"").expect("a names group");
        let group = &svg[names_at..names_at + svg[names_at..].find("</g>").expect("end of group")];
        let mut boxes = Vec::new();
        let mut names = Vec::new();
        let mut all = Vec::new();
        PROVINCES.with(|p| p.borrow_mut().clear());
        for piece in group.split("<text ").skip(1) {
            let (tag, rest) = piece.split_once('>').expect("tag");
            let (x, y, w) = (num(tag, "x"), num(tag, "y"), num(tag, "textLength"));
            let font = if tag.contains(" font-size=") { num(tag, "font-size") } else { font };
            let x0 = match attr(tag, "text-anchor") {
                "start" => x,
                "end" => x - w,
                _ => x - w / 2.0,
            };
            // The em box: 0.8 em above the baseline, 0.2 below.
            boxes.push(Rect { x0, y0: y - 0.8 * font, x1: x0 + w, y1: y + 0.2 * font });
            // Province names are told apart by their own (smaller) size.
            let text = rest.split('<').next().unwrap_or_default().to_owned();
            if tag.contains(" font-size=") { PROVINCES.with(|p| p.borrow_mut().push(text.clone())) } else { names.push(text.clone()) }
            all.push(text);
        }
        for (i, a) in boxes.iter().enumerate() {
            for (j, b) in boxes.iter().enumerate().skip(i + 1) {
                assert!(!a.overlaps(b), "{} overlaps {}", all[i], all[j]);
            }
        }
        for dot in svg.split("<circle ").skip(1).map(|c| c.split_once('>').expect("tag").0).filter(|t| !t.contains("fill=\"none\"")) {
            let d = Rect::around(num(dot, "cx"), num(dot, "cy"), num(dot, "r"));
            for (a, name) in boxes.iter().zip(&all) {
                assert!(!a.overlaps(&d), "{name} covers a dot at {d:?}");
            }
        }
        if let Some(at) = svg.find("fill-opacity=\"0.92\"") {
            let tag = &svg[svg[..at].rfind("<rect").expect("legend rect")..at];
            let (x, y) = (num(tag, "x"), num(tag, "y"));
            let legend = Rect { x0: x, y0: y, x1: x + num(tag, "width"), y1: y + num(tag, "height") };
            for (a, name) in boxes.iter().zip(&all) {
                assert!(!a.overlaps(&legend), "{name} covers the legend");
            }
        }
        names
    }

    fn real() -> ZoneIndex {
        ZoneIndex::from(parse("zones.geojson", include_str!("../../data/zones.geojson")).expect("the bundled data"))
    }

    #[test]
    fn the_real_maps_names_do_not_overlap_in_either_language_or_size() {
        let idx = real();
        for lang in [Lang::En, Lang::Zh] {
            for (size, title, legend) in [((960, 600), false, false), ((960, 600), true, true), (crate::drawing::PREVIEW_SIZE, true, true)] {
                let o = SvgOptions { size, lang, title: title.then(|| titles(&idx, None, lang)), legend };
                let svg = map_svg(&idx, &ZoneFilter::default(), Some("lhasa"), Links::new("", Default::default()), &o);
                let names = assert_names_clear(&svg, NAME_FONT * f64::from(size.0) / 960.0);
                assert!(names.len() > 30, "{lang:?} {size:?}: only {} names", names.len());
                // The selection is named first (where it has room: a name never covers a dot).
                assert_eq!(names[0], idx.get("lhasa").expect("lhasa").map_label(lang), "{names:?}");
                // Provinces are named where there is room: the west has it.
                let provinces = PROVINCES.with(|p| p.borrow().clone());
                assert!(provinces.contains(&lang.pick("Xinjiang", "新疆").to_owned()), "{lang:?} {size:?}: {provinces:?}");
            }
        }
    }

    #[test]
    fn names_follow_the_filter() {
        let idx = real();
        let batch1 = ZoneFilter { batches: [crate::data::BatchNo::try_from(1).expect("1")].into(), ..ZoneFilter::default() };
        let o = SvgOptions { size: (960, 600), lang: Lang::Zh, title: None, legend: true };
        let svg = map_svg(&idx, &batch1, None, Links::new("", Default::default()), &o);
        assert_eq!(assert_names_clear(&svg, NAME_FONT), ["杭州"]);
    }
}
