// The map page at scale, as a browser sees it: for the real data and for generated data of each
// size (bench/gen_zones.py), the first load's requests and bytes (until the network is idle),
// the time from navigation to the markers (or their groups) being on the map, and the time a
// search then takes to show one zone. Medians of RUNS loads, each in a fresh context, in Debian's Chromium with the
// release build (ZONEMAP_BIN, set by bench/interactive). Timings are this machine's; read them
// beside the real data's in the same run.
//
//   node bench/interactive.mjs RUNS N...
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, launchBrowser, root } from '../tests/browser/harness.mjs';

const [runsArg, ...sizes] = process.argv.slice(2);
const runs = Number(runsArg) || 3;
const median = (v) => { const s = [...v].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };

async function once(browser, origin, searchFor) {
  const context = await browser.newContext({ viewport: { width: 412, height: 823 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  const bytes = new Map();
  cdp.on('Network.requestWillBeSent', (e) => bytes.set(e.requestId, 0));
  cdp.on('Network.loadingFinished', (e) => bytes.set(e.requestId, e.encodedDataLength));
  await page.goto(origin + '/', { waitUntil: 'commit' });
  // On the map: every marker (the script adds them in slices, then says so), the first cluster
  // of them (a static export's map of thousands), or the server's groups for the view (a
  // server's): drawn by the script, not the SVG first paint.
  const ready = await page.waitForFunction(() => document.querySelector('#map[data-markers="ready"] .leaflet-marker-icon[data-zone], #map[data-markers="ready"] .zone-group, #map .marker-cluster') && performance.now(), null, { polling: 'raf', timeout: 60000 });
  const readyMs = await ready.jsonValue();
  // The first load: everything until the network is idle.
  await page.waitForLoadState('networkidle');
  const firstLoad = { requests: bytes.size, kib: [...bytes.values()].reduce((a, b) => a + b, 0) / 1024 };
  // Then a search, as a reader types it, until its one zone stands alone on the map. With the
  // server's groups the search is sent with Enter and the page comes back for it: timed from
  // the key to the zone's marker.
  let searchMs;
  if (await page.$('#map[data-clusters]')) {
    const t0 = Date.now();
    await page.fill('#search', searchFor.q);
    await page.press('#search', 'Enter');
    await page.waitForSelector(`.leaflet-marker-icon[data-zone="${searchFor.slug}"]`, { timeout: 60000 });
    searchMs = Date.now() - t0;
  } else {
    searchMs = await page.evaluate(async ({ q, slug }) => {
      const t0 = performance.now();
      const input = document.getElementById('search');
      input.value = q;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      while (!document.querySelector(`.leaflet-marker-icon[data-zone="${slug}"]`)) await new Promise(requestAnimationFrame);
      return performance.now() - t0;
    }, searchFor);
  }
  await context.close();
  return { readyMs, searchMs, ...firstLoad };
}

const browser = await launchBrowser();
console.log('| zones | first load: requests | first load: bytes | markers on the map | a search shows its zone |');
console.log('| --- | --- | --- | --- | --- |');
for (const size of ['real', ...sizes]) {
  let dir = null;
  let data = path.join(root, 'data/zones.geojson');
  let searchFor = { q: 'Hangzhou', slug: 'hangzhou' };
  if (size !== 'real') {
    dir = mkdtempSync(path.join(os.tmpdir(), 'zonemap-interactive-'));
    data = path.join(dir, 'zones.geojson');
    execFileSync('python3', [path.join(root, 'bench/gen_zones.py'), size, data], { cwd: root });
    const i = Math.floor(Number(size) / 2);
    searchFor = { q: `Zone ${String(i).padStart(6, '0')}`, slug: `z${String(i).padStart(6, '0')}` };
  }
  const server = await startServer(data);
  try {
    const results = [];
    for (let r = 0; r < runs; r++) results.push(await once(browser, server.origin, searchFor));
    const m = (k) => median(results.map((x) => x[k]));
    console.log(`| ${size === 'real' ? 'the bundled data' : Number(size).toLocaleString('en')} | ${m('requests')} | ${m('kib').toFixed(1)} KiB | ${Math.round(m('readyMs'))} ms | ${Math.round(m('searchMs'))} ms |`);
  } finally {
    server.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}
await browser.close();
console.log(`\nmedians of ${runs} load(s) each, 412×823 viewport, no throttling`);
