//! The bundled Natural Earth basemap (`static/basemap/countries.geojson` and the province
//! borders in `provinces.geojson`, the same files Leaflet draws), read once and turned into SVG
//! path data for a [`Frame`].

use std::fmt::Write;
use std::sync::OnceLock;

use super::Frame;

/// One country: whether it is China (drawn lighter), and its rings as `[lon, lat]` lists.
struct Country {
    china: bool,
    rings: Vec<Vec<(f64, f64)>>,
}

fn countries() -> &'static [Country] {
    static COUNTRIES: OnceLock<Vec<Country>> = OnceLock::new();
    COUNTRIES.get_or_init(|| {
        let bytes = crate::assets::find("basemap/countries.geojson").map(|(_, a, _)| a.bytes).unwrap_or_default();
        // The file is ours, embedded at build time and checked by scripts/basemap.mjs: a
        // failure here is a build defect, and the map is then drawn without a basemap.
        let Ok(geojson::GeoJson::FeatureCollection(fc)) = std::str::from_utf8(bytes).unwrap_or_default().parse() else {
            tracing::error!("the embedded basemap is not a FeatureCollection");
            return Vec::new();
        };
        fc.features.into_iter().filter_map(country).collect()
    })
}

/// China's provinces as the basemap file draws them: the borders between them, and where and
/// how each one's name is written.
struct Provinces {
    borders: Vec<Vec<(f64, f64)>>,
    names: Vec<ProvinceName>,
}

/// Where a province's name goes (Natural Earth's label point), in both languages, and how far
/// (degrees) it may move off that point.
#[derive(Debug, Clone)]
pub struct ProvinceName {
    /// Longitude of the label point.
    pub lon: f64,
    /// Latitude of the label point.
    pub lat: f64,
    /// English name.
    pub name: String,
    /// Short Chinese name (广西).
    pub label_zh: String,
    /// How far the name may move off its point, in degrees of longitude.
    pub reach: f64,
}

fn provinces() -> &'static Provinces {
    static PROVINCES: OnceLock<Provinces> = OnceLock::new();
    PROVINCES.get_or_init(|| {
        let mut out = Provinces { borders: Vec::new(), names: Vec::new() };
        let bytes = crate::assets::find("basemap/provinces.geojson").map(|(_, a, _)| a.bytes).unwrap_or_default();
        // Checked by scripts/basemap.mjs like the countries: a failure is a build defect.
        let Ok(geojson::GeoJson::FeatureCollection(fc)) = std::str::from_utf8(bytes).unwrap_or_default().parse() else {
            tracing::error!("the embedded provinces are not a FeatureCollection");
            return out;
        };
        let text = |f: &geojson::Feature, key: &str| f.property(key).and_then(|v| v.as_str()).unwrap_or_default().to_owned();
        for f in &fc.features {
            match f.geometry.as_ref().map(|g| &g.value) {
                Some(geojson::GeometryValue::MultiLineString { coordinates }) => out.borders.extend(
                    coordinates.iter().map(|line| line.iter().filter_map(|p| Some((*p.as_slice().first()?, *p.as_slice().get(1)?))).collect()),
                ),
                Some(geojson::GeometryValue::Point { coordinates }) if coordinates.len() >= 2 => out.names.push(ProvinceName {
                    lon: coordinates[0],
                    lat: coordinates[1],
                    name: text(f, "name"),
                    label_zh: text(f, "label_zh"),
                    reach: f.property("reach").and_then(|v| v.as_f64()).unwrap_or(0.0),
                }),
                _ => {}
            }
        }
        out
    })
}

/// Where the provinces' names go.
pub fn province_names() -> &'static [ProvinceName] {
    &provinces().names
}

/// Path data for the borders between China's provinces, projected into `frame`.
pub fn province_path(frame: &Frame, size: (f64, f64)) -> String {
    let mut d = String::new();
    for line in &provinces().borders {
        let points: Vec<(f64, f64)> = line.iter().map(|&(lon, lat)| frame.project(lon, lat)).collect();
        trace(&mut d, &points, size, false, 2);
    }
    d
}

fn country(f: geojson::Feature) -> Option<Country> {
    let china = f.property("china").and_then(|v| v.as_bool()).unwrap_or(false);
    let ring = |r: &Vec<geojson::Position>| r.iter().filter_map(|p| Some((*p.as_slice().first()?, *p.as_slice().get(1)?))).collect::<Vec<_>>();
    let rings = match f.geometry?.value {
        geojson::GeometryValue::Polygon { coordinates } => coordinates.iter().map(ring).collect(),
        geojson::GeometryValue::MultiPolygon { coordinates } => coordinates.iter().flatten().map(ring).collect(),
        _ => return None,
    };
    Some(Country { china, rings })
}

/// Path data for the countries (`china == false`) or for China, projected into `frame`,
/// leaving out rings wholly outside the `width` × `height` picture.
pub fn path(frame: &Frame, (width, height): (f64, f64), china: bool) -> String {
    let mut d = String::new();
    for c in countries().iter().filter(|c| c.china == china) {
        for ring in &c.rings {
            let points: Vec<(f64, f64)> = ring.iter().map(|&(lon, lat)| frame.project(lon, lat)).collect();
            // The neighbours are context: drawn coarser than China, which the map is about.
            trace(&mut d, &points, (width, height), true, if china { 2 } else { 4 });
        }
    }
    d
}

/// Appends one projected ring (`closed`) or line to path data `d`, unless it lies wholly off
/// the `width` × `height` picture or is too small to see, keeping no point within `step`
/// pixels (city-block distance) of the last one kept.
fn trace(d: &mut String, points: &[(f64, f64)], (width, height): (f64, f64), closed: bool, step: i64) {
    let (mut x_min, mut y_min, mut x_max, mut y_max) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for &(x, y) in points {
        (x_min, y_min, x_max, y_max) = (x_min.min(x), y_min.min(y), x_max.max(x), y_max.max(y));
    }
    if x_max < 0.0 || y_max < 0.0 || x_min > width || y_min > height || (x_max - x_min).max(y_max - y_min) < 2.0 {
        return;
    }
    // Whole pixels, relative moves, and no point too near the last one kept: at these sizes
    // that is invisible (2 pixels) or nearly (4, for the neighbours) and keeps the file small.
    let mut last: Option<(i64, i64)> = None;
    for &(x, y) in points {
        let p = (x.round() as i64, y.round() as i64);
        match last {
            None => {
                let _ = write!(d, "M{} {}", p.0, p.1);
            }
            Some(l) if (p.0 - l.0).abs() + (p.1 - l.1).abs() < step => continue,
            Some(l) => {
                let _ = write!(d, "l{} {}", p.0 - l.0, p.1 - l.1);
            }
        }
        last = Some(p);
    }
    if closed {
        d.push('Z');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::drawing::Bounds;

    #[test]
    fn china_and_neighbours_are_drawn_and_far_countries_are_not() {
        let frame = Frame::fit(Bounds::CHINA, (0.0, 0.0, 960.0, 600.0));
        let china = path(&frame, (960.0, 600.0), true);
        let others = path(&frame, (960.0, 600.0), false);
        assert!(china.starts_with('M') && china.ends_with('Z') && china.len() > 1000, "{}", china.len());
        assert!(!others.is_empty());
        // A frame far from every country draws nothing.
        let nowhere = Frame::fit(Bounds { west: -40.0, south: -50.0, east: -30.0, north: -40.0 }, (0.0, 0.0, 960.0, 600.0));
        assert_eq!(path(&nowhere, (960.0, 600.0), false), "");
    }

    #[test]
    fn every_province_has_a_name_point() {
        let names = province_names();
        assert_eq!(names.len(), 31);
        let guangdong = names.iter().find(|p| p.name == "Guangdong").expect("Guangdong");
        assert_eq!(guangdong.label_zh, "广东");
        assert!(guangdong.reach > 0.0 && guangdong.lon > 111.0 && guangdong.lon < 117.0);
    }

    #[test]
    fn province_borders_are_open_lines_inside_china() {
        let frame = Frame::fit(Bounds::CHINA, (0.0, 0.0, 960.0, 600.0));
        let d = province_path(&frame, (960.0, 600.0));
        assert!(d.starts_with('M') && !d.contains('Z') && d.matches('M').count() >= 20, "{}", &d[..d.len().min(200)]);
        // Every line starts inside the picture of China.
        for start in d.split('M').skip(1) {
            let mut xy = start.split([' ', 'l']).take(2).map(|v| v.parse::<i64>().expect("a number"));
            let (x, y) = (xy.next().expect("x"), xy.next().expect("y"));
            assert!((0..=960).contains(&x) && (0..=600).contains(&y), "{x} {y}");
        }
    }
}
