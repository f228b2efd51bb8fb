//! The zones as the API serves them: an RFC 7946 FeatureCollection (built with the geojson
//! crate) and CSV, one row per zone.

use geojson::{Feature, FeatureCollection, Geometry, JsonObject};

use super::index::{ZoneFilter, ZoneIndex};
use super::zone::Zone;

impl From<&Zone> for Feature {
    fn from(zone: &Zone) -> Feature {
        let properties = match serde_json::to_value(&zone.props) {
            Ok(serde_json::Value::Object(map)) => Some(map),
            // ZoneProps is a plain struct of strings, numbers and lists: it always serialises to an object.
            _ => None,
        };
        Feature {
            bbox: None,
            geometry: Some(Geometry::new_point([zone.lon, zone.lat])),
            id: Some(geojson::feature::Id::String(zone.slug.to_string())),
            properties,
            foreign_members: None,
        }
    }
}

/// The selected zones as a FeatureCollection, with the batches described once as a foreign
/// member (RFC 7946 §6.1), as in the data file. Each batch also says how complete this answer
/// is: `designated` (as the reply states, from the data), `identified` (its zones in the data,
/// former ones included) and `shown` (its features in this collection).
pub fn feature_collection(index: &ZoneIndex, filter: &ZoneFilter) -> FeatureCollection {
    let features: Vec<Feature> = index.select(filter).map(Feature::from).collect();
    let batches: Vec<serde_json::Value> = index
        .batches()
        .iter()
        .filter(|b| filter.shows_batch(b.batch))
        .map(|b| {
            let mut value = serde_json::to_value(b).unwrap_or_default();
            if let (Some(obj), Some(roster)) = (value.as_object_mut(), index.roster(b.batch)) {
                let shown = index.select(filter).filter(|z| z.props.batch == b.batch).count();
                obj.insert("identified".to_owned(), roster.identified.into());
                obj.insert("shown".to_owned(), shown.into());
            }
            value
        })
        .collect();
    let mut foreign = JsonObject::new();
    foreign.insert("batches".to_owned(), serde_json::Value::Array(batches));
    FeatureCollection { bbox: None, features, foreign_members: Some(foreign) }
}

/// Columns of the CSV, in order.
const CSV_HEADER: [&str; 12] =
    ["slug", "name", "name_zh", "province", "province_zh", "batch", "approved", "status", "lon", "lat", "specialties", "sources"];

/// The selected zones as CSV (RFC 4180, CRLF line ends), one row per zone.
pub fn csv(index: &ZoneIndex, filter: &ZoneFilter) -> String {
    let mut out = String::new();
    push_row(&mut out, CSV_HEADER.iter().map(|s| s.to_string()));
    for z in index.select(filter) {
        let p = &z.props;
        let status = serde_json::to_value(&p.status).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
        push_row(
            &mut out,
            [
                z.slug.to_string(),
                p.name.to_string(),
                p.name_zh.to_string(),
                p.province.to_string(),
                p.province_zh.to_string(),
                p.batch.to_string(),
                p.approved.as_str().to_owned(),
                status,
                z.lon.to_string(),
                z.lat.to_string(),
                p.specialties.iter().map(|s| s.name.as_str()).collect::<Vec<_>>().join("; "),
                p.sources.iter().map(|s| s.url.as_str()).collect::<Vec<_>>().join(" "),
            ]
            .into_iter(),
        );
    }
    out
}

fn push_row(out: &mut String, cells: impl Iterator<Item = String>) {
    for (i, cell) in cells.enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&csv_cell(&cell));
    }
    out.push_str("\r\n");
}

/// Quotes a cell when needed, and defuses formula injection: a spreadsheet would run a cell
/// that starts with `=`, `+`, `-`, `@`, tab or CR, so such cells get a leading apostrophe (OWASP's
/// advice). Numbers such as `-1.5` never reach here in a negative form: coordinates are in China.
fn csv_cell(cell: &str) -> String {
    let defused = if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{cell}") } else { cell.to_owned() };
    if defused.contains([',', '"', '\n', '\r']) { format!("\"{}\"", defused.replace('"', "\"\"")) } else { defused }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_are_quoted_and_defused() {
        assert_eq!(csv_cell("Xi'an"), "Xi'an");
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_cell("=cmd|' /C calc'!A0"), "'=cmd|' /C calc'!A0");
        assert_eq!(csv_cell("@SUM(1)"), "'@SUM(1)");
        assert_eq!(csv_cell("line\nbreak"), "\"line\nbreak\"");
    }
}
