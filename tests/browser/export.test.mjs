// `zonemap export` served by a plain static file server (Python's http.server) from a sub-path,
// with no zonemap process running: the same smoke test as the live map.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { launchBrowser, watch, markersReady, root } from './harness.mjs';

let dir, files, browser, origin, features;

function freePort() {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => resolve(port)); });
  });
}

before(async () => {
  const port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  dir = mkdtempSync(path.join(os.tmpdir(), 'zonemap-export-'));
  const bin = process.env.ZONEMAP_BIN || path.join(root, 'target/debug/zonemap');
  execFileSync(bin, ['export', path.join(dir, 'news/maps'), '--data', path.join(root, 'data/zones.geojson'), '--public-url', `${origin}/news/maps`]);
  features = JSON.parse(readFileSync(path.join(dir, 'news/maps/api/zones.geojson'), 'utf8')).features;
  files = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', dir], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    try { if ((await fetch(origin + '/news/maps/')).ok) break; } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  files?.kill();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('the exported map draws every zone and opens panels from static files', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const requests = await watch(page);
  await page.goto(origin + '/news/maps/');
  await markersReady(page);
  assert.equal(await page.$$eval('.leaflet-marker-icon[data-zone]', (els) => els.length), features.length);
  const slug = features[0].id;
  // Markers overlap in the Yangtze delta: activate by keyboard, as the contract allows.
  await page.focus(`.leaflet-marker-icon[data-zone="${slug}"]`);
  await page.keyboard.press('Enter');
  await page.waitForSelector(`#detail:not([hidden]) [data-zone-detail="${slug}"]`);
  assert.deepEqual(requests.filter((u) => !u.startsWith(origin + '/news/maps/')), [], 'every request stays under the sub-path');
  assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
  await context.close();
});

test('the exported map takes province= and asof= from its URL, in the map, the list and the controls', async () => {
  const page = await browser.newPage();
  const onMap = () => page.$$eval('.leaflet-marker-icon[data-zone]', (els) => els.map((e) => e.dataset.zone));
  const guangdong = features.filter((f) => f.properties.province === 'Guangdong' && f.properties.status === 'active').map((f) => f.id).sort();
  assert.equal(guangdong.length, 21);
  for (const value of ['guangdong', '广东', '广东省']) {
    await page.goto(`${origin}/news/maps/?province=${encodeURIComponent(value)}`);
    await markersReady(page);
    assert.deepEqual((await onMap()).sort(), guangdong, value);
    assert.equal(await page.inputValue('#province'), 'guangdong', value);
    const listed = await page.$$eval('.zone-list [data-slug]:not([hidden])', (els) => els.map((e) => e.dataset.slug).sort());
    assert.deepEqual(listed, guangdong, `${value}: the list follows`);
  }
  await page.goto(`${origin}/news/maps/?asof=2019-12-15`);
  await markersReady(page);
  assert.equal((await onMap()).length, 59, 'the first four batches');
  assert.equal(await page.inputValue('#asof'), '2019-12-15');
  assert.match(await page.textContent('#lede-tail'), /of 59 designated zones shown/);
  assert.equal(await page.textContent('#admitted-count'), '59');
  assert.equal(await page.$$eval('.legend-row.is-later', (rows) => rows.length), 4);
  await page.close();
});

test('the exported Chinese map and zone pages work through the file server', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(origin + '/news/maps/');
  await page.click('.lang-switch a');
  await markersReady(page);
  assert.equal(new URL(page.url()).pathname, '/news/maps/zh/');
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  const label = await page.getAttribute(`.leaflet-marker-icon[data-zone="${features[0].id}"]`, 'aria-label');
  assert.ok(label.startsWith(features[0].properties.name_zh), label);
  // A zone page without its trailing slash: the file server redirects to the directory.
  const slug = features.find((f) => f.id === 'shenzhen')?.id ?? features[0].id;
  const response = await page.goto(`${origin}/news/maps/zones/${slug}`);
  assert.equal(response.status(), 200);
  await page.waitForSelector(`[data-zone-detail="${slug}"]`);
  await context.close();
});

test('an exported embed applies its options in the browser', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const slug = features[0].id;
  await page.goto(`${origin}/news/maps/embed/?zone=${slug}&legend=0&theme=dark`);
  await markersReady(page);
  await page.waitForSelector(`#detail:not([hidden]) [data-zone-detail="${slug}"]`);
  assert.ok(await page.$eval('.embed-legend', (el) => el.hidden), 'legend=0');
  assert.ok(await page.$eval('html', (el) => el.classList.contains('theme-dark')), 'theme=dark');
  await context.close();
});

test('with JavaScript off the exported pages show the SVG map', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  for (const p of ['/news/maps/', '/news/maps/embed/']) {
    await page.goto(origin + p);
    await page.waitForFunction(() => document.querySelector('img.map-static').complete);
    assert.ok(await page.$eval('img.map-static', (el) => el.naturalWidth > 0), p);
  }
  await context.close();
});
