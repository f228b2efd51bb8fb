// The first load's budget (issue 12): every page type, as a phone loads it, transfers at most
// 120 KiB in at most 8 requests with the bundled data. Bytes on the wire and request counts are
// deterministic for one build and one data file, so they are asserted; timings are not (see
// bench/). Measured from Chromium's own network events (encodedDataLength: headers and the
// compressed body), until the network is idle, so that what the scripts fetch after the
// first paint (points, basemap) counts too. Chromium asks localhost, a secure context, for
// brotli, as it asks any HTTPS site; the test checks that brotli is what it got, so the
// figures are those of a deployment over HTTPS. (Over plain HTTP to another host Chromium takes
// gzip, which is heavier: the README gives both.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, firstLoad, assertWithinBudget, BUDGET_REQUESTS } from './harness.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); server?.stop(); });

const pages = ['/', '/?lang=zh', '/embed', '/embed?batch=8', '/zones/shenzhen', '/zones/shenzhen?lang=zh', '/batches/8', '/table',
  '/provinces/guangdong', '/?province=guangdong', '/?asof=2019-12-31'];

for (const path of pages) {
  test(`${path}: the first load is at most ${BUDGET_REQUESTS} requests and 120 KiB`, async () => {
    const rows = await firstLoad(browser, server.origin + path);
    assertWithinBudget(rows, server.origin);
    // Nothing is fetched that the first view does not use: not the full collection, and not
    // the embed dialog's script before the dialog opens.
    assert.ok(!rows.some((r) => r.url.includes('/api/zones.geojson') || r.url.includes('/bundle/dialog.')), rows.map((r) => r.url).join('\n'));
  });
}
