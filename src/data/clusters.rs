//! Zones grouped by the cell of a square grid they fall in on the screen: what a map of
//! thousands of zones shows where they crowd, one mark with a count instead of hundreds of
//! markers. The server does it for the map's script (`/api/clusters.json`, for the view the
//! reader has on screen) and for its own first-paint SVG, so the browser never loads every zone.
//! The real data (under 200 zones) stays far below [`CLUSTER_FROM`] and is never grouped: every
//! zone keeps its own marker, as the contract asks.

use std::collections::HashMap;

use super::index::ZoneIndex;
use super::zone::{BatchNo, Zone};

/// From this many zones in the data, maps show groups: the server's for its pages
/// (`static/app.js` then asks `/api/clusters.json`), the browser's own in a static export.
/// The same number as `CLUSTER_FROM` in `static/app.js`.
pub const CLUSTER_FROM: usize = 1000;

/// Whether maps of `index` show groups: it has at least [`CLUSTER_FROM`] zones. The one test
/// for the pages' script, the list and the first-paint SVG alike.
pub fn groups_zones(index: &ZoneIndex) -> bool {
    index.zones().len() >= CLUSTER_FROM
}

/// Zoom levels up to this one group zones; closer in every zone in view has its own marker
/// (unless there are more than [`MAX_MARKERS`]). At zoom 9 a 64-pixel cell is about 0.09° of
/// longitude, some 9 km: closer than any two real zones' seats but a few.
pub const GROUP_UP_TO_ZOOM: u8 = 8;

/// The most single markers one view gets: past it the view is grouped at any zoom, so that an
/// answer stays small however dense the data.
pub const MAX_MARKERS: usize = 1500;

/// A cell's side in screen pixels: a little more than a group's mark (up to 44 px in
/// `static/app.css`), so marks of neighbouring cells rarely touch.
pub const CELL_PX: f64 = 64.0;

/// The part of the map a reader has on screen, and at what zoom.
#[derive(Debug, Clone, PartialEq)]
pub struct View {
    /// Leaflet's zoom level, whole.
    pub zoom: u8,
    /// What is in view, in degrees.
    pub bbox: Extent,
    /// A zone always given its own marker, wherever it is: the one selected.
    pub keep: Option<String>,
}

/// What a view shows: zones on their own, and groups of two or more.
#[derive(Debug, Clone, Default)]
pub struct Shown<'a> {
    /// Zones with a marker of their own.
    pub singles: Vec<&'a Zone>,
    /// Zones grouped under one mark.
    pub groups: Vec<Group<'a>>,
}

/// What `view` shows of `zones` (those a filter admits): the ones in its box, grouped by
/// [`CELL_PX`] cells of the reader's screen while the zoom is at most [`GROUP_UP_TO_ZOOM`] or
/// the box holds more than [`MAX_MARKERS`]; a group of one is a single. The kept zone is a single
/// even out of view, so that the map can go to it.
pub fn shown<'a>(zones: impl IntoIterator<Item = &'a Zone>, view: &View) -> Shown<'a> {
    let mut out = Shown::default();
    let mut in_view = Vec::new();
    for z in zones {
        if view.keep.as_deref() == Some(z.slug.as_str()) {
            out.singles.push(z);
        } else if view.bbox.contains(z.lon, z.lat) {
            in_view.push(z);
        }
    }
    if view.zoom > GROUP_UP_TO_ZOOM && in_view.len() <= MAX_MARKERS {
        out.singles.extend(in_view);
        return out;
    }
    for g in group(in_view, CELL_PX, |z| web_mercator(z.lon, z.lat, view.zoom)) {
        if g.zones.len() == 1 { out.singles.push(g.zones[0]) } else { out.groups.push(g) }
    }
    out
}

impl Extent {
    /// Whether a position is in it, edges included.
    pub fn contains(&self, lon: f64, lat: f64) -> bool {
        self.west <= lon && lon <= self.east && self.south <= lat && lat <= self.north
    }
}

/// Zones that share a cell, in the order they came.
#[derive(Debug, Clone)]
pub struct Group<'a> {
    /// Its zones (at least one).
    pub zones: Vec<&'a Zone>,
}

/// The area a group covers: the least box around its zones, in degrees.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Extent {
    /// Least longitude.
    pub west: f64,
    /// Least latitude.
    pub south: f64,
    /// Greatest longitude.
    pub east: f64,
    /// Greatest latitude.
    pub north: f64,
}

impl Group<'_> {
    /// Where its mark goes: the mean of its zones' positions (not the cell's centre, which would
    /// put a lone cluster of coastal cities out at sea).
    pub fn centre(&self) -> (f64, f64) {
        let n = self.zones.len() as f64;
        let (lon, lat) = self.zones.iter().fold((0.0, 0.0), |(x, y), z| (x + z.lon, y + z.lat));
        (lon / n, lat / n)
    }

    /// The least box around its zones: what a click on its mark zooms to.
    pub fn extent(&self) -> Extent {
        let first = Extent { west: f64::INFINITY, south: f64::INFINITY, east: f64::NEG_INFINITY, north: f64::NEG_INFINITY };
        self.zones.iter().fold(first, |e, z| Extent { west: e.west.min(z.lon), south: e.south.min(z.lat), east: e.east.max(z.lon), north: e.north.max(z.lat) })
    }

    /// The batch most of its zones belong to (on a tie, the earlier batch): its mark's colour.
    pub fn main_batch(&self) -> BatchNo {
        let mut counts: Vec<(BatchNo, usize)> = Vec::new();
        for z in &self.zones {
            match counts.iter_mut().find(|(b, _)| *b == z.props.batch) {
                Some((_, n)) => *n += 1,
                None => counts.push((z.props.batch, 1)),
            }
        }
        // `zones` is never empty; max_by_key keeps the last of equals, hence the reversed batch.
        counts.into_iter().max_by_key(|&(b, n)| (n, std::cmp::Reverse(b))).map(|(b, _)| b).unwrap_or(self.zones[0].props.batch)
    }
}

/// Groups `zones` by the cell of side `cell` (in the units `project` returns) that their
/// projected positions fall in. Groups come in the order of their first zone, so the answer
/// does not depend on a hash's order.
pub fn group<'a>(zones: impl IntoIterator<Item = &'a Zone>, cell: f64, project: impl Fn(&Zone) -> (f64, f64)) -> Vec<Group<'a>> {
    let mut groups: Vec<Group<'a>> = Vec::new();
    let mut by_cell: HashMap<(i64, i64), usize> = HashMap::new();
    for z in zones {
        let (x, y) = project(z);
        // `as` saturates: a position projected off every chart still gets a cell.
        let key = ((x / cell).floor() as i64, (y / cell).floor() as i64);
        let i = *by_cell.entry(key).or_insert_with(|| {
            groups.push(Group { zones: Vec::new() });
            groups.len() - 1
        });
        groups[i].zones.push(z);
    }
    groups
}

/// A position in the pixels of the Web Mercator chart at `zoom` (256 × 2^zoom pixels square,
/// from 180° W and about 85° N): the projection Leaflet draws its map in, so that a cell here is
/// a cell on the reader's screen.
pub fn web_mercator(lon: f64, lat: f64, zoom: u8) -> (f64, f64) {
    let side = 256.0 * f64::from(1u32 << zoom.min(30));
    // Leaflet's limit of the projection: beyond it a latitude has no finite y.
    let lat = lat.clamp(-85.051_128_78, 85.051_128_78).to_radians();
    let x = (lon + 180.0) / 360.0 * side;
    let y = (1.0 - (lat.tan() + 1.0 / lat.cos()).ln() / std::f64::consts::PI) / 2.0 * side;
    (x, y)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{ZoneIndex, parse};

    fn index() -> ZoneIndex {
        ZoneIndex::from(parse("zones.geojson", include_str!("../../data/zones.geojson")).expect("the bundled data is valid"))
    }

    #[test]
    fn web_mercator_matches_leaflets_projection() {
        // Worked out by hand from Leaflet's SphericalMercator and its 256-pixel tile (python).
        let (x, y) = web_mercator(0.0, 0.0, 0);
        assert!((x - 128.0).abs() < 1e-9 && (y - 128.0).abs() < 1e-9);
        let (x, y) = web_mercator(120.1551, 30.2741, 4); // Hangzhou
        assert!((x - 3415.098).abs() < 1e-3 && (y - 1686.302).abs() < 1e-3, "({x}, {y})");
        let (_, top) = web_mercator(0.0, 89.0, 2);
        assert!(top.abs() < 1e-6, "latitudes past the limit are clamped to the top edge: {top}");
    }

    #[test]
    fn every_zone_is_in_exactly_one_group_and_groups_are_cells() {
        let index = index();
        let zoom = 4;
        let groups = group(index.zones(), 64.0, |z| web_mercator(z.lon, z.lat, zoom));
        assert_eq!(groups.iter().map(|g| g.zones.len()).sum::<usize>(), index.zones().len());
        let cell = |z: &Zone| {
            let (x, y) = web_mercator(z.lon, z.lat, zoom);
            ((x / 64.0).floor(), (y / 64.0).floor())
        };
        let mut seen = std::collections::HashSet::new();
        for g in &groups {
            let c = cell(g.zones[0]);
            assert!(g.zones.iter().all(|z| cell(z) == c), "one group, one cell");
            assert!(seen.insert((c.0 as i64, c.1 as i64)), "one cell, one group");
        }
        assert!(groups.len() < index.zones().len() / 2, "at the national view the deltas share cells: {} groups", groups.len());
        // Closer in, cells are smaller and groups more.
        assert!(group(index.zones(), 64.0, |z| web_mercator(z.lon, z.lat, 8)).len() > groups.len());
    }

    fn view(zoom: u8, keep: Option<&str>) -> View {
        View { zoom, bbox: Extent { west: 73.0, south: 17.0, east: 135.0, north: 53.6 }, keep: keep.map(str::to_owned) }
    }

    #[test]
    fn a_view_groups_crowds_and_leaves_loners_alone() {
        let index = index();
        let all = shown(index.zones(), &view(4, None));
        let count = all.singles.len() + all.groups.iter().map(|g| g.zones.len()).sum::<usize>();
        assert_eq!(count, index.zones().len(), "every zone of the bundled data is in China's box");
        assert!(all.groups.iter().all(|g| g.zones.len() >= 2), "a group of one is a single");
        assert!(!all.groups.is_empty() && !all.singles.is_empty());
        // Closer in than GROUP_UP_TO_ZOOM, every zone in the box stands alone.
        let close = shown(index.zones(), &view(GROUP_UP_TO_ZOOM + 1, None));
        assert_eq!((close.singles.len(), close.groups.len()), (index.zones().len(), 0));
        // A box holds only its zones, but the kept one is always there.
        let east_coast = View { bbox: Extent { west: 118.0, south: 29.0, east: 123.0, north: 32.0 }, ..view(9, Some("xian")) };
        let some = shown(index.zones(), &east_coast);
        assert!(some.singles.iter().any(|z| z.slug.as_str() == "hangzhou"));
        assert!(some.singles.iter().any(|z| z.slug.as_str() == "xian"), "the kept zone, out of view");
        assert!(some.singles.iter().all(|z| z.slug.as_str() == "xian" || east_coast.bbox.contains(z.lon, z.lat)));
        // The kept zone is never in a group.
        let kept = shown(index.zones(), &view(4, Some("shanghai")));
        assert!(kept.singles.iter().any(|z| z.slug.as_str() == "shanghai"));
        assert!(kept.groups.iter().flat_map(|g| &g.zones).all(|z| z.slug.as_str() != "shanghai"));
    }

    #[test]
    fn a_groups_centre_extent_and_colour_come_from_its_zones() {
        let index = index();
        let pick = |slug: &str| index.get(slug).expect("a real zone");
        // One zone of batch 1 and two of batch 2.
        let g = Group { zones: vec![pick("hangzhou"), pick("tianjin"), pick("shanghai")] };
        let (lon, lat) = g.centre();
        let e = g.extent();
        assert!(e.west <= lon && lon <= e.east && e.south <= lat && lat <= e.north);
        assert_eq!(e.west, g.zones.iter().map(|z| z.lon).fold(f64::INFINITY, f64::min));
        assert_eq!(e.north, g.zones.iter().map(|z| z.lat).fold(f64::NEG_INFINITY, f64::max));
        let batch = |slug: &str| pick(slug).props.batch;
        assert_eq!(batch("tianjin"), batch("shanghai"), "the data's assumption: one batch");
        assert!(batch("hangzhou") < batch("tianjin"), "the data's assumption: an earlier batch");
        assert_eq!(g.main_batch(), batch("tianjin"), "the batch most of its zones are in");
        let tie = Group { zones: vec![pick("tianjin"), pick("hangzhou")] };
        assert_eq!(tie.main_batch(), batch("hangzhou").min(batch("tianjin")), "a tie goes to the earlier batch");
    }
}
