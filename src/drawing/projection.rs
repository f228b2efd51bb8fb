//! Web Mercator (what Leaflet draws), fitted to a box of longitude and latitude.

use std::f64::consts::FRAC_PI_4;

use crate::data::{ZoneFilter, ZoneIndex};

/// A box in degrees: west, south, east, north.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bounds {
    /// Western longitude.
    pub west: f64,
    /// Southern latitude.
    pub south: f64,
    /// Eastern longitude.
    pub east: f64,
    /// Northern latitude.
    pub north: f64,
}

impl Bounds {
    /// China from the Pamirs to the Amur and from Mohe to the south of Hainan: the interactive
    /// map opens on nearly this box (it may cut Hainan's tip; a picture should not).
    pub const CHINA: Bounds = Bounds { west: 73.0, south: 17.0, east: 135.0, north: 53.6 };

    /// The area a view opens on: the whole country, or for one province the box around its
    /// zones (former ones too, whatever the day), padded by a fifth and never under
    /// [`MIN_SPAN`] degrees a side, so a province of one city still shows its neighbours.
    pub fn of_view(index: &ZoneIndex, filter: &ZoneFilter) -> Bounds {
        let Some(province) = &filter.province else { return Bounds::CHINA };
        let all = ZoneFilter { province: Some(province.clone()), former: true, ..ZoneFilter::default() };
        let mut zones = index.zones().iter().filter(|z| all.admits(z));
        let Some(first) = zones.next() else { return Bounds::CHINA };
        let mut b = Bounds { west: first.lon, south: first.lat, east: first.lon, north: first.lat };
        for z in zones {
            (b.west, b.south, b.east, b.north) = (b.west.min(z.lon), b.south.min(z.lat), b.east.max(z.lon), b.north.max(z.lat));
        }
        let widen = |lo: f64, hi: f64| {
            let half = ((hi - lo) * 1.2).max(MIN_SPAN) / 2.0;
            let mid = (lo + hi) / 2.0;
            (mid - half, mid + half)
        };
        let ((west, east), (south, north)) = (widen(b.west, b.east), widen(b.south, b.north));
        Bounds { west, south, east, north }
    }
}

/// The smallest side, in degrees, of the area a province's view opens on.
pub const MIN_SPAN: f64 = 3.0;

/// Where a box lands in a picture: uniform scale, centred, so shapes are not distorted.
#[derive(Debug, Clone, Copy)]
pub struct Frame {
    scale: f64,
    /// Picture x of longitude 0 (in scaled Mercator units).
    x0: f64,
    /// Picture y of Mercator y 0.
    y0: f64,
}

fn merc_y(lat: f64) -> f64 {
    (FRAC_PI_4 + lat.clamp(-85.0, 85.0).to_radians() / 2.0).tan().ln()
}

impl Frame {
    /// Fits `b` inside the rectangle at `(left, top)` of size `width` × `height`.
    pub fn fit(b: Bounds, (left, top, width, height): (f64, f64, f64, f64)) -> Frame {
        let (x_span, y_span) = ((b.east - b.west).to_radians(), merc_y(b.north) - merc_y(b.south));
        let scale = (width / x_span).min(height / y_span);
        let centre_x = (b.east + b.west).to_radians() / 2.0;
        let centre_y = (merc_y(b.north) + merc_y(b.south)) / 2.0;
        Frame { scale, x0: left + width / 2.0 - centre_x * scale, y0: top + height / 2.0 + centre_y * scale }
    }

    /// Picture coordinates of `(lon, lat)`; y grows downwards.
    pub fn project(&self, lon: f64, lat: f64) -> (f64, f64) {
        (self.x0 + lon.to_radians() * self.scale, self.y0 - merc_y(lat) * self.scale)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_box_is_centred_and_fits() {
        let f = Frame::fit(Bounds::CHINA, (0.0, 0.0, 960.0, 600.0));
        let (w, n) = f.project(73.0, 53.6);
        let (e, s) = f.project(135.0, 17.0);
        assert!(w >= -1e-9 && e <= 960.0 + 1e-9 && n >= -1e-9 && s <= 600.0 + 1e-9, "{w} {e} {n} {s}");
        // One dimension touches the edges, the other is centred.
        assert!((n.abs() < 1e-6 && (s - 600.0).abs() < 1e-6) || (w.abs() < 1e-6 && (e - 960.0).abs() < 1e-6));
        assert!(((w + e) / 2.0 - 480.0).abs() < 1e-6 && ((n + s) / 2.0 - 300.0).abs() < 1e-6);
    }

    #[test]
    fn a_province_view_opens_on_its_zones() {
        let index = ZoneIndex::from(crate::data::parse("zones.geojson", include_str!("../../data/zones.geojson")).expect("the bundled data"));
        assert_eq!(Bounds::of_view(&index, &ZoneFilter::default()), Bounds::CHINA);
        let guangdong = Bounds::of_view(&index, &ZoneFilter { province: Some("guangdong".into()), ..ZoneFilter::default() });
        // Zhanjiang in the west, Shantou in the east, Shaoguan in the north.
        for (lon, lat) in [(110.36, 21.27), (116.68, 23.35), (113.6, 24.81)] {
            assert!(guangdong.west < lon && lon < guangdong.east && guangdong.south < lat && lat < guangdong.north, "{guangdong:?}");
        }
        assert!(guangdong.east - guangdong.west < 10.0 && guangdong.north - guangdong.south < 6.0, "{guangdong:?}");
        // One city: the least span.
        let shanghai = Bounds::of_view(&index, &ZoneFilter { province: Some("shanghai".into()), ..ZoneFilter::default() });
        assert!((shanghai.east - shanghai.west - MIN_SPAN).abs() < 1e-9 && (shanghai.north - shanghai.south - MIN_SPAN).abs() < 1e-9);
    }

    #[test]
    fn north_is_up_and_east_is_right() {
        let f = Frame::fit(Bounds::CHINA, (0.0, 0.0, 960.0, 600.0));
        let beijing = f.project(116.4, 39.9);
        let guangzhou = f.project(113.3, 23.1);
        assert!(beijing.1 < guangzhou.1 && beijing.0 > guangzhou.0);
    }
}
