//! The zones as the API serves them: an RFC 7946 FeatureCollection (built with the geojson
//! crate) and CSV, one row per zone.

use std::io::Write;

use geojson::{Feature, Geometry};
use serde::ser::{Serialize, SerializeMap, Serializer};

use super::clusters;
use super::index::{ZoneFilter, ZoneIndex};
use super::zone::Zone;
use crate::lang::Lang;

impl From<&Zone> for Feature {
    fn from(zone: &Zone) -> Feature {
        let properties = match serde_json::to_value(&zone.props) {
            Ok(serde_json::Value::Object(mut map)) => {
                // Derived, not in the data file: the short names the map writes beside the
                // dots (`Zone::map_label`), so the browser need not repeat the rule.
                map.insert("label".to_owned(), zone.map_label(Lang::En).into());
                map.insert("label_zh".to_owned(), zone.map_label(Lang::Zh).into());
                Some(map)
            }
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
/// former ones included) and `shown` (its features in this collection). `updated` is the day
/// the data was last revised, where the file says.
///
/// Written as JSON straight from the zones, one Feature built at a time: building the whole
/// `geojson::FeatureCollection` first held every zone's properties as a `serde_json::Value`
/// tree, about five times the file's size at once (1.2 GB for a 149 MB file, `bench/scale`).
/// The bytes are the ones `FeatureCollection`'s own serialisation writes (a unit test checks).
/// Written to `out` as they are made, so the server can compress them as they come
/// (`Resource::write_to`).
pub fn write_feature_collection_json(index: &ZoneIndex, filter: &ZoneFilter, out: &mut impl Write) -> std::io::Result<()> {
    write_json(&Collection { index, filter }, out)
}

/// The selected zones, streamed as a FeatureCollection (see [`write_feature_collection_json`]).
struct Collection<'a> {
    index: &'a ZoneIndex,
    filter: &'a ZoneFilter,
}

impl Serialize for Collection<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (index, filter) = (self.index, self.filter);
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
        // The order `FeatureCollection` writes: its tag, its features, then the foreign
        // members as a sorted map (serde_json without `preserve_order`).
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("type", "FeatureCollection")?;
        map.serialize_entry("features", &Lazy(|| index.select(filter).map(Feature::from)))?;
        map.serialize_entry("batches", &batches)?;
        if let Some(updated) = index.updated() {
            map.serialize_entry("updated", updated.as_str())?;
        }
        map.end()
    }
}

/// A sequence serialised from an iterator made on demand, so its items exist one at a time.
struct Lazy<F>(F);

impl<F, I> Serialize for Lazy<F>
where
    F: Fn() -> I,
    I: Iterator,
    I::Item: Serialize,
{
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq((self.0)())
    }
}

/// Serialises to `out`, buffered: serde_json writes a token at a time. Only `out` can fail.
fn write_json(value: &impl Serialize, out: &mut impl Write) -> std::io::Result<()> {
    let mut buffered = std::io::BufWriter::with_capacity(WRITE_BUFFER, out);
    serde_json::to_writer(&mut buffered, value).map_err(std::io::Error::other)?;
    buffered.flush()
}

/// What a streamed body is handed on in.
const WRITE_BUFFER: usize = 64 * 1024;

/// The names of a points row's fields, in order (see [`write_points_json`]).
pub const POINT_FIELDS: [&str; 13] =
    ["id", "lon", "lat", "batch", "approved", "status", "status_date", "name", "name_zh", "label", "label_zh", "province", "province_zh"];

/// Every zone, former ones included, with only what the map's script draws, filters and
/// searches by: position, batch, dates, status and names (`/api/points.json`). One row per
/// zone, its fields named once in `fields`; the batches' colours once in `batches`. A tenth
/// of the full collection, which keeps every description, figure, link and source: the panel
/// is fetched as HTML, and logistics lines from the full API when a reader asks for them.
/// Streamed row by row, like the collection.
pub fn write_points_json(index: &ZoneIndex, out: &mut impl Write) -> std::io::Result<()> {
    write_json(&Points(index), out)
}

struct Points<'a>(&'a ZoneIndex);

impl Serialize for Points<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let index = self.0;
        let batches = batch_colours(index);
        // Keys in sorted order, as the `json!` object this replaced wrote them.
        let mut map = s.serialize_map(Some(3))?;
        map.serialize_entry("batches", &batches)?;
        map.serialize_entry("fields", &POINT_FIELDS)?;
        map.serialize_entry("zones", &Lazy(|| index.zones().iter().map(point_row)))?;
        map.end()
    }
}

/// The names of a group's row in `/api/clusters.json`, in order.
pub const GROUP_FIELDS: [&str; 8] = ["lon", "lat", "count", "batch", "west", "south", "east", "north"];

/// What the map shows of the zones `filter` admits in `view` (`/api/clusters.json`): the zones
/// standing alone as rows of [`POINT_FIELDS`] under `zones`, as in `/api/points.json`, and the
/// groups as rows of [`GROUP_FIELDS`] under `groups`: a mark's position (the mean of its
/// zones', to 4 decimals, about 10 m), how many zones, the batch most of them are in (its
/// colour), and the box around them (what a click zooms to).
pub fn write_clusters_json(index: &ZoneIndex, filter: &ZoneFilter, view: &clusters::View, out: &mut impl Write) -> std::io::Result<()> {
    let shown = clusters::shown(index.select(filter), view);
    let round = |v: f64| (v * 1e4).round() / 1e4;
    let groups = shown.groups.iter().map(|g| {
        let (lon, lat) = g.centre();
        let e = g.extent();
        serde_json::json!([round(lon), round(lat), g.zones.len(), g.main_batch().get(), e.west, e.south, e.east, e.north])
    });
    let batches = batch_colours(index);
    let mut body = serde_json::Map::new();
    body.insert("batches".into(), batches.into());
    body.insert("fields".into(), serde_json::json!(POINT_FIELDS));
    body.insert("group_fields".into(), serde_json::json!(GROUP_FIELDS));
    body.insert("groups".into(), groups.collect());
    body.insert("zoom".into(), view.zoom.into());
    body.insert("zones".into(), shown.singles.iter().map(|z| point_row(z)).collect());
    write_json(&body, out)
}

/// Each batch's number and colour, for `batches` in `/api/points.json` and `/api/clusters.json`.
fn batch_colours(index: &ZoneIndex) -> Vec<serde_json::Value> {
    index.batches().iter().map(|b| serde_json::json!({ "batch": b.batch.get(), "colour": b.colour.as_str() })).collect()
}

/// One zone's row of [`POINT_FIELDS`].
fn point_row(z: &Zone) -> serde_json::Value {
    let p = &z.props;
    serde_json::json!([
        z.slug.as_str(),
        z.lon,
        z.lat,
        p.batch.get(),
        p.approved.as_str(),
        serde_json::to_value(&p.status).unwrap_or_default(),
        p.status_date.as_ref().map(|d| d.as_str()),
        p.name.as_str(),
        p.name_zh.as_str(),
        z.map_label(Lang::En),
        z.map_label(Lang::Zh),
        p.province.as_str(),
        p.province_zh.as_str(),
    ])
}

/// Columns of the CSV, in order.
const CSV_HEADER: [&str; 12] =
    ["slug", "name", "name_zh", "province", "province_zh", "batch", "approved", "status", "lon", "lat", "specialties", "sources"];

/// The selected zones as CSV (RFC 4180, CRLF line ends), one row per zone, written by the `csv`
/// crate. Every text cell is quoted, so a spreadsheet splitting on `;` or tab (Excel in much of
/// Europe) sees the same cells as one splitting on `,`; and every cell is defused (see
/// [`defuse`]).
pub fn write_csv(index: &ZoneIndex, filter: &ZoneFilter, out: &mut impl Write) -> std::io::Result<()> {
    let mut w = ::csv::WriterBuilder::new().quote_style(::csv::QuoteStyle::NonNumeric).terminator(::csv::Terminator::CRLF).from_writer(out);
    w.write_record(CSV_HEADER)?;
    for z in index.select(filter) {
        let p = &z.props;
        let status = serde_json::to_value(&p.status).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
        let row = [
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
        ];
        w.write_record(row.iter().map(|cell| defuse(cell)))?;
    }
    w.flush()
}

/// Defuses formula injection (OWASP's advice): a spreadsheet runs a cell that starts with `=`,
/// `+`, `-`, `@`, tab or CR, and which text counts as a cell's start depends on the reader's list
/// separator — after `;` with a European Excel, after a tab when pasted, after a line break
/// inside a quoted cell. So a leading apostrophe goes before every such character that follows the
/// start of the text, any of those separators or a line break (spaces between them skipped).
/// Coordinates never reach here in a negative form: they are in China.
fn defuse(cell: &str) -> String {
    const LEADS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];
    const SEPARATORS: [char; 5] = [',', ';', '\t', '\n', '\r'];
    let mut out = String::with_capacity(cell.len() + 2);
    let mut at_start = true;
    for c in cell.chars() {
        if at_start && LEADS.contains(&c) {
            out.push('\'');
        }
        out.push(c);
        at_start = SEPARATORS.contains(&c) || (at_start && c == ' ');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(write: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>) -> Vec<u8> {
        let mut out = Vec::new();
        write(&mut out).expect("writing to a Vec cannot fail");
        out
    }

    #[test]
    fn points_carry_every_zone_with_its_fields_in_order() {
        let index = ZoneIndex::from(crate::data::parse("valid.geojson", include_str!("../../tests/fixtures/valid.geojson")).expect("valid"));
        let v: serde_json::Value = serde_json::from_slice(&written(|out| write_points_json(&index, out))).expect("JSON");
        let rows = v["zones"].as_array().expect("rows");
        assert_eq!(rows.len(), index.zones().len(), "former zones too");
        for (row, z) in rows.iter().zip(index.zones()) {
            let row = row.as_array().expect("a row");
            assert_eq!(row.len(), POINT_FIELDS.len());
            assert_eq!(row[0], z.slug.as_str());
            assert_eq!((row[1].as_f64(), row[2].as_f64()), (Some(z.lon), Some(z.lat)));
            assert_eq!(row[3], z.props.batch.get());
            assert_eq!(row[7], z.props.name.as_str());
            assert_eq!(row[9], z.map_label(Lang::En));
        }
        assert_eq!(v["batches"].as_array().map(Vec::len), Some(index.batches().len()));
    }

    #[test]
    fn the_streamed_collection_is_what_the_geojson_crate_writes() {
        let index = ZoneIndex::from(crate::data::parse("valid.geojson", include_str!("../../tests/fixtures/valid.geojson")).expect("valid"));
        let first = index.batches()[0].batch;
        for filter in [ZoneFilter::default(), ZoneFilter { former: true, ..ZoneFilter::default() }, ZoneFilter { batches: [first].into(), ..ZoneFilter::default() }] {
            let bytes = written(|out| write_feature_collection_json(&index, &filter, out));
            let fc: geojson::FeatureCollection = serde_json::from_slice(&bytes).expect("a FeatureCollection");
            assert_eq!(serde_json::to_vec(&fc).expect("serialises"), bytes, "the crate writes the same bytes, in the same order");
            let expected: Vec<Feature> = index.select(&filter).map(Feature::from).collect();
            assert!(!expected.is_empty());
            assert_eq!(fc.features, expected);
            let foreign = fc.foreign_members.expect("foreign members");
            let batches = foreign["batches"].as_array().expect("batches");
            assert_eq!(batches.len(), index.batches().iter().filter(|b| filter.shows_batch(b.batch)).count());
            let shown: u64 = batches.iter().map(|b| b["shown"].as_u64().expect("shown")).sum();
            assert_eq!(shown, expected.len() as u64);
            assert_eq!(foreign.get("updated").and_then(|u| u.as_str()), index.updated().map(|u| u.as_str()));
        }
    }

    #[test]
    fn cells_are_defused_after_every_separator() {
        assert_eq!(defuse("Xi'an"), "Xi'an");
        assert_eq!(defuse("=cmd|' /C calc'!A0"), "'=cmd|' /C calc'!A0");
        assert_eq!(defuse("@SUM(1)"), "'@SUM(1)");
        assert_eq!(defuse("Silk;=cmd|' /C calc'!A0"), "Silk;'=cmd|' /C calc'!A0");
        assert_eq!(defuse("Silk; =1+1"), "Silk; '=1+1");
        assert_eq!(defuse("a\tb\t+1"), "a\tb\t'+1");
        assert_eq!(defuse("first line\n-2"), "first line\n'-2");
        assert_eq!(defuse("well-known e-commerce"), "well-known e-commerce", "a hyphen inside a word is not a lead");
    }
}
