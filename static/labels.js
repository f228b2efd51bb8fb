// zonemap's label placement for the browser: the same rules as the server's (src/drawing/labels.rs,
// which labels /map.svg and the previews), with the text measured instead of estimated. Given dots
// most important first, it puts each name beside its dot wherever the name fits inside the map
// without touching another name, any dot or a reserved box (the map's controls); the names that
// do not fit wait for a closer view. Pure: no DOM, so a test can call it directly.
(function () {
  'use strict';

  // Past this many names tried, the rest go unlabelled (as on the server): a screen has room
  // for far fewer, and at 100,000 zones trying every one would cost seconds for nothing.
  var MAX_TRIED = 2000;
  var CELL = 32;

  function overlaps(a, b) { return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1; }
  function inside(a, area) { return a.x0 >= area.x0 && a.y0 >= area.y0 && a.x1 <= area.x1 && a.y1 <= area.y1; }
  function around(d) { return { x0: d.x - d.r, y0: d.y - d.r, x1: d.x + d.r, y1: d.y + d.r }; }

  // Obstacles bucketed by a coarse grid, so a test looks only at its neighbourhood.
  function Grid(area) {
    this.area = area;
    this.cols = Math.max(1, Math.ceil((area.x1 - area.x0) / CELL));
    this.rows = Math.max(1, Math.ceil((area.y1 - area.y0) / CELL));
    this.cells = [];
  }
  Grid.prototype.span = function (r, fn) {
    var a = this.area, cols = this.cols, rows = this.rows;
    var col = function (x) { return Math.min(cols - 1, Math.max(0, Math.floor((x - a.x0) / CELL))); };
    var row = function (y) { return Math.min(rows - 1, Math.max(0, Math.floor((y - a.y0) / CELL))); };
    for (var j = row(r.y0); j <= row(r.y1); j++) {
      for (var i = col(r.x0); i <= col(r.x1); i++) { if (fn(j * cols + i)) return true; }
    }
    return false;
  };
  Grid.prototype.insert = function (r) {
    var cells = this.cells;
    this.span(r, function (c) { (cells[c] = cells[c] || []).push(r); return false; });
  };
  Grid.prototype.hits = function (r) {
    var cells = this.cells;
    return this.span(r, function (c) { return (cells[c] || []).some(function (o) { return overlaps(o, r); }); });
  };

  // The eight positions around a dot, in the order they are tried: right, left, above, below,
  // then the four corners (diagonally off the dot, a little closer than straight out).
  function candidates(d, gap) {
    var off = d.r + gap, diag = d.r * Math.SQRT1_2 + gap, w = d.w, h = d.h;
    var right = function (x0, y0) { return { rect: { x0: x0, y0: y0, x1: x0 + w, y1: y0 + h }, side: 'right' }; };
    var left = function (x1, y0) { return { rect: { x0: x1 - w, y0: y0, x1: x1, y1: y0 + h }, side: 'left' }; };
    var centre = function (y0) { return { rect: { x0: d.x - w / 2, y0: y0, x1: d.x + w / 2, y1: y0 + h }, side: 'centre' }; };
    return [
      right(d.x + off, d.y - h / 2), left(d.x - off, d.y - h / 2), centre(d.y - off - h), centre(d.y + off),
      right(d.x + diag, d.y - diag - h), right(d.x + diag, d.y + diag), left(d.x - diag, d.y - diag - h), left(d.x - diag, d.y + diag)
    ];
  }

  // An anchored name (a province's) on its point, else shifted off it by half widths and whole
  // lines, nearest first, no farther than its reach (in pixels: a small province keeps its name
  // close).
  function anchoredCandidates(d) {
    var out = [];
    var reach = d.reach || 0;
    for (var j = -4; j <= 4; j++) {
      for (var i = -4; i <= 4; i++) {
        var dx = i * d.w / 2, dy = j * d.h;
        if (dx * dx + dy * dy > reach * reach && (i || j)) continue;
        out.push({ dist: dx * dx + dy * dy, rect: { x0: d.x + dx - d.w / 2, y0: d.y + dy - d.h / 2, x1: d.x + dx + d.w / 2, y1: d.y + dy + d.h / 2 }, side: 'centre' });
      }
    }
    return out.sort(function (a, b) { return a.dist - b.dist; });
  }

  // dots: [{x, y, r, w, h, anchored, reach}] most important first; area and reserved: {x0, y0, x1, y1}.
  // An anchored name (a province's) goes on or next to its point (anchoredCandidates), or nowhere.
  // Returns one entry per dot: {rect, side} or null.
  function place(dots, area, reserved, gap) {
    var grid = new Grid(area);
    dots.forEach(function (d) { if (!d.anchored) grid.insert(around(d)); });
    (reserved || []).forEach(function (r) { grid.insert(r); });
    return dots.map(function (d, i) {
      if (i >= MAX_TRIED) return null;
      var found = null;
      var tried = d.anchored ? anchoredCandidates(d) : candidates(d, gap);
      tried.some(function (c) {
        if (inside(c.rect, area) && !grid.hits(c.rect)) { found = c; return true; }
        return false;
      });
      if (found) grid.insert(found.rect);
      return found;
    });
  }

  window.zonemapLabels = { place: place, overlaps: overlaps };
})();
