// The browser's half of the search table (tests/fixtures/search_cases.json; the server's half is
// in tests/suite/http.rs): typing each query into the search box leaves exactly the markers the
// table names, so the script's folding cannot drift from the server's.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { root, startServer, launchBrowser, markersReady } from './harness.mjs';

const table = JSON.parse(readFileSync(path.join(root, 'tests/fixtures/search_cases.json'), 'utf8'));
let server, browser;
before(async () => { server = await startServer(path.join(root, 'tests/fixtures/valid.geojson')); browser = await launchBrowser(); });
after(async () => { await browser?.close(); server?.stop(); });

test('the script finds what the shared table says, for every case', async () => {
  const page = await browser.newPage();
  await page.goto(server.origin + '/');
  await markersReady(page);
  for (const { q, finds } of table.cases) {
    await page.fill('#search', q);
    const markers = (await page.$$eval('.leaflet-marker-icon[data-zone]', (els) => els.map((e) => e.dataset.zone))).sort();
    const listed = (await page.$$eval('li[data-slug]:not([hidden])', (els) => els.map((e) => e.dataset.slug))).sort();
    assert.deepEqual(markers, [...finds].sort(), `markers for ${JSON.stringify(q)}`);
    assert.deepEqual(listed, [...finds].sort(), `list for ${JSON.stringify(q)}`);
  }
  await page.close();
});

test('marker names and the map frame come from the page', async () => {
  const page = await browser.newPage();
  await page.goto(server.origin + '/?lang=zh&former=1');
  await markersReady(page);
  const strings = JSON.parse(await page.getAttribute('#map', 'data-strings'));
  const gamma = await page.getAttribute('.leaflet-marker-icon[data-zone="gamma"]', 'aria-label');
  assert.equal(gamma, strings.marker.replace('{name}', '丙').replace('{province}', '广东').replace('{batch}', '2') + strings.former);
  assert.match(gamma, /^丙，广东，第2批（/);
  await page.close();
});
