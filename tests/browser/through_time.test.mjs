// The map through time and by province, as a reader uses it: asof= and province= in the URL
// (map and embed), the time control stepping and playing through the batches in place, and
// the province choice, with the bundled data.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, markersReady } from './harness.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); server?.stop(); });

const onMap = (page) => page.$$eval('.leaflet-marker-icon[data-zone]', (els) => els.map((e) => e.dataset.zone));

test('asof=2019-12-31 shows the 59 zones of the first four batches on the map and in the embed', async () => {
  for (const path of ['/?asof=2019-12-31', '/embed?asof=2019-12-31']) {
    const page = await browser.newPage();
    await page.goto(server.origin + path);
    await markersReady(page);
    const zones = await onMap(page);
    assert.equal(zones.length, 59, path);
    assert.ok(!zones.includes('qinhuangdao'), path);
    await page.close();
  }
});

test('at the end of 2024 Haikou and Sanya are on the map; today they are not', async () => {
  const page = await browser.newPage();
  await page.goto(server.origin + '/?asof=2024-12-31');
  await markersReady(page);
  let zones = await onMap(page);
  assert.ok(zones.includes('haikou') && zones.includes('sanya'));
  assert.doesNotMatch(await page.locator('.leaflet-marker-icon[data-zone="haikou"]').getAttribute('class'), /is-former/, 'active then');
  await page.goto(server.origin + '/');
  await markersReady(page);
  zones = await onMap(page);
  assert.ok(!zones.includes('haikou') && !zones.includes('sanya'));
  await page.close();
});

test('the time control steps back and forth in place, and play lands on today', async () => {
  const page = await browser.newPage();
  await page.goto(server.origin + '/');
  await markersReady(page);
  const today = (await onMap(page)).length;
  await page.click('[data-step="-1"]');
  assert.equal(await page.inputValue('#asof'), '2025-04-25', 'one step back from today is batch 8');
  assert.match(page.url(), /asof=2025-04-25/);
  await page.selectOption('#asof', '2015-03-07');
  assert.deepEqual(await onMap(page), ['hangzhou']);
  const later = () => page.$$eval('.legend-row', (rows) => rows.map((r) => r.classList.contains('is-later')));
  assert.deepEqual(await later(), [false, true, true, true, true, true, true, true], 'batches after the day are dimmed');
  assert.match(await page.textContent('#lede-tail'), /of 1 designated zones shown/);
  await page.click('[data-step="1"]');
  assert.equal((await onMap(page)).length, 13, 'batch 2 adds twelve');
  await page.click('#embed-dialog summary');
  await page.waitForSelector('#embed-dialog[data-ready]'); // its script loads on first opening
  assert.match(await page.inputValue('#embed-code'), /asof=2016-01-12/, 'the embed code keeps the day');
  await page.click('[data-play]');
  assert.equal(await page.getAttribute('[data-play]', 'aria-pressed'), 'true');
  await page.waitForFunction(() => document.querySelector('[data-play]').getAttribute('aria-pressed') === 'false', null, { timeout: 20000 });
  assert.equal(await page.inputValue('#asof'), '', 'it ends on today');
  assert.ok((await later()).every((l) => !l), 'today no batch is dimmed');
  assert.equal((await onMap(page)).length, today);
  assert.doesNotMatch(page.url(), /asof=/);
  await page.close();
});

test('a province, by slug or Chinese name, gives exactly its zones; the choice loads it', async () => {
  const page = await browser.newPage();
  await page.goto(server.origin + '/embed?province=' + encodeURIComponent('广东'));
  await markersReady(page);
  const guangdong = (await onMap(page)).sort();
  assert.equal(guangdong.length, 21);
  assert.ok(guangdong.includes('shenzhen') && guangdong.includes('zhuhai'));
  await page.goto(server.origin + '/');
  await markersReady(page);
  await Promise.all([page.waitForURL(/province=guangdong/), page.selectOption('#province', 'guangdong')]);
  await markersReady(page);
  assert.deepEqual((await onMap(page)).sort(), guangdong);
  assert.equal(await page.locator('li[data-slug]:not([hidden])').count(), 21, 'the list follows');
  await page.close();
});
