//! Where the zones' names go: beside their dots, wherever a name fits without touching another
//! name, a dot or a reserved box (the legend, the credit line), tried in priority order so that
//! at a crowded scale the most important names win and the rest wait for a closer view.
//!
//! The browser places its labels with the same rules (`static/labels.js`, measured text instead
//! of estimated); this one labels `/map.svg` and the PNG previews.

/// A box in picture pixels, `x0 < x1`, `y0 < y1`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    /// Left.
    pub x0: f64,
    /// Top.
    pub y0: f64,
    /// Right.
    pub x1: f64,
    /// Bottom.
    pub y1: f64,
}

impl Rect {
    /// The box of a dot of radius `r` at `(x, y)`.
    pub fn around(x: f64, y: f64, r: f64) -> Rect {
        Rect { x0: x - r, y0: y - r, x1: x + r, y1: y + r }
    }

    /// Whether the two boxes share any area (touching edges do not count).
    pub fn overlaps(&self, o: &Rect) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }

    fn inside(&self, o: &Rect) -> bool {
        self.x0 >= o.x0 && self.y0 >= o.y0 && self.x1 <= o.x1 && self.y1 <= o.y1
    }
}

/// Which side of its dot a label sits on, and so how its text is anchored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// Right of the dot, text starting at the box's left edge.
    Right,
    /// Left of the dot, text ending at the box's right edge.
    Left,
    /// Above or below the dot, text centred.
    Centre,
}

/// A placed label: its box (text plus halo) and how its text is anchored in it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placed {
    /// The box the label covers.
    pub rect: Rect,
    /// Where it sits.
    pub side: Side,
}

/// One dot to label: where it is, its radius, and its label's size.
#[derive(Debug, Clone, Copy)]
pub struct Dot {
    /// Picture x.
    pub x: f64,
    /// Picture y.
    pub y: f64,
    /// Radius: the dot's box is an obstacle for every other label.
    pub r: f64,
    /// Label box width (text plus halo).
    pub w: f64,
    /// Label box height.
    pub h: f64,
    /// A name that goes on or next to its point, or nowhere (a province's name, on its label
    /// point, with `r` 0 so that the point is no obstacle).
    pub anchored: bool,
    /// How far an anchored name may move off its point, in pixels.
    pub reach: f64,
}

/// Past this many names tried, the rest go unlabelled: a picture has room for far fewer, and at
/// 100,000 zones trying every one would cost seconds for nothing.
pub const MAX_TRIED: usize = 2000;

/// Places labels for `dots`, given most important first, inside `area` and clear of
/// `reserved`. Returns one entry per dot: its label, or `None` where none fits. Every dot is an
/// obstacle (a name never covers another zone's dot, labelled or not), and no two labels touch.
///
/// The positions tried, in order: right, left, above, below, then the four corners; `gap` is
/// the space between a dot's edge and its label.
pub fn place(dots: &[Dot], area: Rect, reserved: &[Rect], gap: f64) -> Vec<Option<Placed>> {
    let mut grid = Grid::new(area);
    for d in dots.iter().filter(|d| !d.anchored) {
        grid.insert(Rect::around(d.x, d.y, d.r));
    }
    for r in reserved {
        grid.insert(*r);
    }
    let mut out = vec![None; dots.len()];
    for (i, d) in dots.iter().enumerate().take(MAX_TRIED) {
        // A label never covers its own dot either: every position tried lies off it.
        let tried = if d.anchored { anchored_candidates(d) } else { candidates(d, gap).to_vec() };
        let found = tried.into_iter().find(|c| c.rect.inside(&area) && !grid.hits(&c.rect));
        if let Some(c) = found {
            grid.insert(c.rect);
            out[i] = Some(c);
        }
    }
    out
}

/// The eight positions around a dot, in the order they are tried.
fn candidates(d: &Dot, gap: f64) -> [Placed; 8] {
    let (x, y, r, w, h) = (d.x, d.y, d.r, d.w, d.h);
    let off = r + gap;
    // Corners sit diagonally off the dot, a little closer than straight out.
    let diag = r * std::f64::consts::FRAC_1_SQRT_2 + gap;
    let right = |x0: f64, y0: f64| Placed { rect: Rect { x0, y0, x1: x0 + w, y1: y0 + h }, side: Side::Right };
    let left = |x1: f64, y0: f64| Placed { rect: Rect { x0: x1 - w, y0, x1, y1: y0 + h }, side: Side::Left };
    let centre = |y0: f64| Placed { rect: Rect { x0: x - w / 2.0, y0, x1: x + w / 2.0, y1: y0 + h }, side: Side::Centre };
    [
        right(x + off, y - h / 2.0),
        left(x - off, y - h / 2.0),
        centre(y - off - h),
        centre(y + off),
        right(x + diag, y - diag - h),
        right(x + diag, y + diag),
        left(x - diag, y - diag - h),
        left(x - diag, y + diag),
    ]
}

/// An anchored name on its point, else shifted off it by half widths and whole lines, nearest
/// first, no farther than its reach (a small province keeps its name close).
fn anchored_candidates(d: &Dot) -> Vec<Placed> {
    let mut out: Vec<(f64, Placed)> = Vec::new();
    for j in -4..=4 {
        for i in -4..=4 {
            let (dx, dy) = (f64::from(i) * d.w / 2.0, f64::from(j) * d.h);
            let dist = dx * dx + dy * dy;
            if (i, j) != (0, 0) && dist > d.reach * d.reach {
                continue;
            }
            let (x, y) = (d.x + dx, d.y + dy);
            out.push((dist, Placed { rect: Rect { x0: x - d.w / 2.0, y0: y - d.h / 2.0, x1: x + d.w / 2.0, y1: y + d.h / 2.0 }, side: Side::Centre }));
        }
    }
    out.sort_by(|a, b| a.0.total_cmp(&b.0));
    out.into_iter().map(|(_, p)| p).collect()
}

/// Obstacles bucketed by a coarse grid, so a test looks only at its neighbourhood.
struct Grid {
    area: Rect,
    cell: f64,
    cols: usize,
    rows: usize,
    cells: Vec<Vec<Rect>>,
}

impl Grid {
    fn new(area: Rect) -> Grid {
        let cell = 32.0;
        let cols = (((area.x1 - area.x0) / cell).ceil() as usize).max(1);
        let rows = (((area.y1 - area.y0) / cell).ceil() as usize).max(1);
        Grid { area, cell, cols, rows, cells: vec![Vec::new(); cols * rows] }
    }

    /// The cells a box covers (clamped to the grid: boxes past the edge land in edge cells).
    fn span(&self, r: &Rect) -> impl Iterator<Item = usize> + '_ {
        let col = |x: f64| (((x - self.area.x0) / self.cell).floor().max(0.0) as usize).min(self.cols - 1);
        let row = |y: f64| (((y - self.area.y0) / self.cell).floor().max(0.0) as usize).min(self.rows - 1);
        let (c0, c1, r0, r1) = (col(r.x0), col(r.x1), row(r.y0), row(r.y1));
        (r0..=r1).flat_map(move |row| (c0..=c1).map(move |c| row * self.cols + c))
    }

    fn insert(&mut self, r: Rect) {
        let cells: Vec<usize> = self.span(&r).collect();
        for c in cells {
            self.cells[c].push(r);
        }
    }

    /// Whether `r` overlaps any obstacle.
    fn hits(&self, r: &Rect) -> bool {
        self.span(r).any(|c| self.cells[c].iter().any(|o| o.overlaps(r)))
    }
}

/// A generous estimate of a bold label's width in ems (the picture has no layout to ask):
/// CJK characters are a full em, capitals and wide letters most of one, the rest a little over
/// half. The SVG pins each text to this width (`textLength`), so the placement holds whatever
/// font draws it.
pub fn label_em(text: &str) -> f64 {
    text.chars()
        .map(|c| match c {
            c if c >= '\u{2e80}' => 1.0,
            'm' | 'w' | 'M' | 'W' => 0.92,
            c if c.is_ascii_uppercase() => 0.74,
            ' ' => 0.34,
            'i' | 'j' | 'l' | 'I' | '\'' | '’' | '-' | '.' | ',' => 0.34,
            _ => 0.64,
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    const AREA: Rect = Rect { x0: 0.0, y0: 0.0, x1: 400.0, y1: 300.0 };

    fn dot(x: f64, y: f64) -> Dot {
        Dot { x, y, r: 5.0, w: 60.0, h: 14.0, anchored: false, reach: 0.0 }
    }

    #[test]
    fn an_anchored_name_goes_on_or_beside_its_point_or_nowhere() {
        let province = Dot { x: 200.0, y: 100.0, r: 0.0, w: 80.0, h: 14.0, anchored: true, reach: 30.0 };
        let placed = place(&[province], AREA, &[], 3.0);
        assert_eq!(placed[0].expect("placed").rect, Rect { x0: 160.0, y0: 93.0, x1: 240.0, y1: 107.0 });
        // A zone's dot on the point, placed first, moves it a line up.
        let placed = place(&[dot(210.0, 100.0), province], AREA, &[], 3.0);
        assert_eq!(placed[1].expect("moved").rect, Rect { x0: 160.0, y0: 79.0, x1: 240.0, y1: 93.0 });
        // Dots all around leave it nowhere.
        let mut crowd: Vec<Dot> = [-60.0, -30.0, 0.0, 30.0, 60.0].iter().flat_map(|&dx| [-28.0, -14.0, 0.0, 14.0, 28.0].map(|dy| dot(200.0 + dx, 100.0 + dy))).collect();
        crowd.push(province);
        assert!(place(&crowd, AREA, &[], 3.0).last().expect("one").is_none());
    }

    /// The invariant every caller relies on: no label overlaps another label, any dot or a
    /// reserved box, and each stays inside the area.
    fn assert_clear(dots: &[Dot], placed: &[Option<Placed>], reserved: &[Rect]) {
        let labels: Vec<Rect> = placed.iter().flatten().map(|p| p.rect).collect();
        for (i, a) in labels.iter().enumerate() {
            assert!(a.inside(&AREA), "{a:?} leaves the area");
            for b in &labels[i + 1..] {
                assert!(!a.overlaps(b), "{a:?} overlaps {b:?}");
            }
            for d in dots {
                assert!(!a.overlaps(&Rect::around(d.x, d.y, d.r)), "{a:?} covers the dot at {},{}", d.x, d.y);
            }
            for r in reserved {
                assert!(!a.overlaps(r), "{a:?} covers reserved {r:?}");
            }
        }
    }

    #[test]
    fn a_lone_dot_is_labelled_on_its_right() {
        let placed = place(&[dot(100.0, 100.0)], AREA, &[], 3.0);
        let p = placed[0].expect("placed");
        assert_eq!(p.side, Side::Right);
        assert_eq!(p.rect, Rect { x0: 108.0, y0: 93.0, x1: 168.0, y1: 107.0 });
    }

    #[test]
    fn a_dot_at_the_right_edge_is_labelled_on_its_left() {
        let placed = place(&[dot(390.0, 100.0)], AREA, &[], 3.0);
        assert_eq!(placed[0].expect("placed").side, Side::Left);
    }

    #[test]
    fn neighbours_share_the_room_and_the_first_wins_when_there_is_none() {
        // Two dots side by side: the second cannot go right (dot) or left (first label)... it
        // finds a place above or below.
        let dots = [dot(100.0, 100.0), dot(120.0, 100.0)];
        let placed = place(&dots, AREA, &[], 3.0);
        assert_clear(&dots, &placed, &[]);
        assert!(placed.iter().all(Option::is_some), "{placed:?}");
        // A tight ring of dots around the first leaves it no room at all, the others some.
        let mut crowd = vec![dot(200.0, 150.0)];
        for (dx, dy) in [(-12.0, 0.0), (12.0, 0.0), (0.0, -12.0), (0.0, 12.0), (-12.0, -12.0), (12.0, -12.0), (-12.0, 12.0), (12.0, 12.0)] {
            crowd.push(dot(200.0 + dx, 150.0 + dy));
        }
        let placed = place(&crowd, AREA, &[], 3.0);
        assert_clear(&crowd, &placed, &[]);
        assert!(placed[0].is_none());
        assert!(placed.iter().any(Option::is_some));
    }

    #[test]
    fn reserved_boxes_and_the_edges_are_kept_clear() {
        let legend = Rect { x0: 0.0, y0: 200.0, x1: 150.0, y1: 300.0 };
        let dots = [dot(20.0, 190.0), dot(10.0, 10.0), dot(395.0, 295.0)];
        let placed = place(&dots, AREA, &[legend], 3.0);
        assert_clear(&dots, &placed, &[legend]);
        assert!(placed.iter().all(Option::is_some), "{placed:?}");
    }

    #[test]
    fn many_random_dots_never_collide() {
        // A deterministic scatter (a linear congruential generator), dense enough to crowd.
        let mut seed: u64 = 42;
        let mut next = || {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 33) as f64 / (1u64 << 31) as f64
        };
        let dots: Vec<Dot> = (0..400).map(|_| Dot { x: next() * 400.0, y: next() * 300.0, r: 4.0, w: 20.0 + next() * 60.0, h: 13.0, anchored: false, reach: 0.0 }).collect();
        let legend = Rect { x0: 0.0, y0: 250.0, x1: 100.0, y1: 300.0 };
        let placed = place(&dots, AREA, &[legend], 2.0);
        assert_clear(&dots, &placed, &[legend]);
        let n = placed.iter().flatten().count();
        assert!(n > 10 && n < 400, "{n} placed");
        // Priority: the earlier dots are labelled more often than the later ones.
        let early = placed[..100].iter().flatten().count();
        let late = placed[300..].iter().flatten().count();
        assert!(early > late, "{early} early, {late} late");
    }

    #[test]
    fn widths_are_estimated_per_script() {
        assert_eq!(label_em("杭州"), 2.0);
        assert!(label_em("Hangzhou") > 4.5 && label_em("Hangzhou") < 6.0, "{}", label_em("Hangzhou"));
        assert!(label_em("WM") > label_em("il"));
    }
}
