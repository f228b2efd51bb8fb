// Batch pages and the counts a reader sees (issue #9): the header counts against every
// designated zone and says what is not yet identified, also after the reader filters; the legend
// leads to each batch's page, which reads without JavaScript.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { root, startServer, launchBrowser, markersReady } from './harness.mjs';

const data = JSON.parse(readFileSync(path.join(root, 'data/zones.geojson'), 'utf8'));
const batch = (n) => data.batches.find((b) => b.batch === n);
const ofBatch = (n) => data.features.filter((f) => f.properties.batch === n);
const active = data.features.filter((f) => (f.properties.status || 'active') === 'active');
// What the replies designate, less the zones revoked since: the number the header must give.
const revoked = data.features.length - active.length;
const designated = data.batches.reduce((sum, b) => sum + b.designated, 0) - revoked;
const open = data.batches.filter((b) => ofBatch(b.batch).length < b.designated);

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); server?.stop(); });

test('the header counts shown zones against every designated one, and names the open batches', async () => {
  const page = await browser.newPage();
  await page.goto(server.origin + '/');
  await markersReady(page);
  const lede = () => page.textContent('.lede');
  assert.match(await lede(), new RegExp(`^${active.length} of ${designated} designated zones shown`));
  for (const b of open) {
    assert.ok((await lede()).includes(`${b.designated - ofBatch(b.batch).length} in batch ${b.batch}`), await lede());
  }
  // Filtering changes what is shown, never what exists.
  await page.uncheck('[data-batch-toggle="1"]');
  assert.match(await lede(), new RegExp(`^${active.length - 1} of ${designated} designated zones shown`));
  await page.close();
});

test('the legend links each batch to its page, which lists its zones and revocations without JavaScript', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(server.origin + '/');
  await page.click('.legend-more[data-batch-page="8"]');
  await page.waitForLoadState('load');
  assert.equal(new URL(page.url()).pathname, '/batches/8');
  const zones = await page.$$eval('.batch-zones li', (els) => els.map((e) => e.dataset.slug));
  assert.deepEqual(zones.sort(), ofBatch(8).map((f) => f.id).sort());
  assert.equal(zones.length, 16, 'the reply names the whole of Hainan Island and 15 cities');
  const revokedHere = await page.$$eval('.batch-revoked li', (els) => els.map((e) => e.dataset.slug));
  assert.deepEqual(revokedHere, batch(8).revokes);
  assert.equal(revokedHere.length, 3);
  assert.equal(await page.locator('.sources li').count(), batch(8).sources.length);
  // The server-drawn map of the batch loads as an image.
  const img = page.locator('img.batch-map');
  assert.ok(await img.evaluate((el) => el.complete && el.naturalWidth > 0), 'the batch map is drawn');
  // A batch with zones still unknown says how many, in Chinese too.
  for (const b of open) {
    await page.goto(`${server.origin}/batches/${b.batch}?lang=zh`);
    const missing = b.designated - ofBatch(b.batch).length;
    assert.equal(await page.getAttribute('[data-unidentified]', 'data-unidentified'), String(missing));
    assert.match(await page.textContent('.batch-count'), new RegExp(`批复设立 ${b.designated} 个，已确认 ${ofBatch(b.batch).length} 个`));
  }
  await context.close();
});

test('a zone page links to its batch page', async () => {
  const page = await browser.newPage();
  await page.goto(server.origin + '/zones/shaoyang');
  await page.click('.panel-meta a[href$="/batches/8"]');
  assert.equal(new URL(page.url()).pathname, '/batches/8');
  await page.close();
});
