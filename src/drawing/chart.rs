//! The programme through time as a step chart: zones in force (designated, less those revoked
//! since; unidentified ones included, as every count on the site) from the first batch to the
//! data's last revision. Drawn by the server, so it needs no script; the map's time control and
//! the batch pages show it.

use std::fmt::Write;

use crate::data::{IsoDate, ZoneFilter, ZoneIndex};
use crate::lang::Lang;

/// The chart's size in pixels.
pub const CHART_SIZE: (u32, u32) = (320, 120);

/// One step: from this day, this many zones in force.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// The day the count changed (a batch's approval).
    pub day: IsoDate,
    /// Zones in force from that day.
    pub zones: usize,
}

/// The steps: one per batch day, with the count in force from then on.
pub fn steps(index: &ZoneIndex) -> Vec<Step> {
    index
        .batches()
        .iter()
        .map(|b| Step { day: b.approved.clone(), zones: index.tally(&ZoneFilter { asof: Some(b.approved.clone()), ..ZoneFilter::default() }).designated_active })
        .collect()
}

/// Days since 1970 of a date, for the x axis (proleptic Gregorian; exact enough for pixels).
fn day_number(d: &IsoDate) -> f64 {
    let s = d.as_str();
    let (y, m, day) = (s[0..4].parse::<f64>().unwrap_or(1970.0), s[5..7].parse::<f64>().unwrap_or(1.0), s[8..10].parse::<f64>().unwrap_or(1.0));
    y * 365.2425 + (m - 1.0) * 30.44 + day
}

/// What the chart shows, in words: its alternative text.
pub fn describe(index: &ZoneIndex, lang: Lang) -> String {
    let s = steps(index);
    match (s.first(), s.last()) {
        (Some(first), Some(last)) => match lang {
            Lang::En => format!("Step chart: zones in force rose from {} in {} to {} in {}, in {} batches.", first.zones, first.day.year(), last.zones, last.day.year(), s.len()),
            Lang::Zh => format!("阶梯图：试验区数量从 {} 年的 {} 个增至 {} 年的 {} 个，共 {} 批。", first.day.year(), first.zones, last.day.year(), last.zones, s.len()),
        },
        _ => String::new(),
    }
}

/// The chart as SVG, its labels in `lang`.
pub fn step_chart_svg(index: &ZoneIndex, lang: Lang) -> String {
    let (w, h) = (CHART_SIZE.0 as f64, CHART_SIZE.1 as f64);
    let (left, right, top, bottom) = (30.0, 10.0, 12.0, 22.0);
    let s = steps(index);
    let mut out = String::new();
    let _ = write!(out, r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="system-ui, 'DejaVu Sans', sans-serif" font-size="10">"#);
    // Its own light background, so that it reads the same on a dark page.
    let _ = write!(out, r##"<rect width="{w}" height="{h}" rx="4" fill="#fff"/>"##);
    let (Some(first), Some(last)) = (s.first(), s.last()) else {
        out.push_str("</svg>");
        return out;
    };
    // The right edge is the data's last revision (a fixed day, so the picture is the same on
    // every request), or the last batch's day.
    let end = index.updated().filter(|u| *u > &last.day).unwrap_or(&last.day);
    let (x0, x1) = (day_number(&first.day), day_number(end).max(day_number(&first.day) + 1.0));
    let top_count = s.iter().map(|st| st.zones).max().unwrap_or(1).max(1) as f64;
    let x = |d: &IsoDate| left + (day_number(d) - x0) / (x1 - x0) * (w - left - right);
    let y = |n: usize| top + (1.0 - n as f64 / top_count) * (h - top - bottom);
    let mut path = format!("M{:.1},{:.1}", x(&first.day), y(0));
    for (i, st) in s.iter().enumerate() {
        let next = s.get(i + 1).map_or(end, |n| &n.day);
        let _ = write!(path, " V{:.1} H{:.1}", y(st.zones), x(next));
    }
    let _ = write!(out, r##"<line x1="{left}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="#8a8f98" stroke-width="1"/>"##, y(0), w - right, y(0));
    let _ = write!(out, r##"<path d="{path}" fill="none" stroke="#1f6fb2" stroke-width="2"/>"##);
    for st in [first, last] {
        let _ = write!(out, r##"<text x="{:.1}" y="{:.1}" text-anchor="end" fill="#333">{}</text>"##, left - 4.0, y(st.zones) + 3.5, st.zones);
    }
    for (d, anchor) in [(&first.day, "start"), (end, "end")] {
        let _ = write!(out, r##"<text x="{:.1}" y="{:.1}" text-anchor="{anchor}" fill="#333">{}</text>"##, x(d), h - 6.0, d.year());
    }
    let label = match lang {
        Lang::En => "Zones in force",
        Lang::Zh => "试验区数量",
    };
    let _ = write!(out, r##"<text x="{left}" y="9" fill="#333">{label}</text></svg>"##);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_steps_rise_with_each_batch_and_count_revocations() {
        let text = include_str!("../../tests/fixtures/valid.geojson");
        let index: ZoneIndex = crate::data::parse("valid.geojson", text).expect("valid").into();
        let s = steps(&index);
        assert_eq!(s.len(), index.batches().len());
        assert!(s.windows(2).all(|w| w[0].day < w[1].day), "one step per batch, in order");
        let svg = step_chart_svg(&index, Lang::Zh);
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>") && svg.contains("试验区数量"));
        assert!(describe(&index, Lang::En).starts_with("Step chart: zones in force rose from"));
    }
}
