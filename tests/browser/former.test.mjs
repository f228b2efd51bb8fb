// Former zones (merged, replaced or revoked) are off by default and one toggle away, never shown as active.
// Uses the small fixture, which has one replaced zone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { root, startServer, launchBrowser, markersReady } from './harness.mjs';

let server, browser;
before(async () => {
  server = await startServer(path.join(root, 'tests/fixtures/valid.geojson'));
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); server?.stop(); });

const zonesOnMap = (page) => page.$$eval('.leaflet-marker-icon[data-zone]', (els) => els.map((e) => e.dataset.zone).sort());

test('former zones are hidden until the toggle shows them, marked as former', async () => {
  const page = await browser.newPage();
  await page.goto(server.origin + '/');
  await markersReady(page);
  assert.deepEqual(await zonesOnMap(page), ['alpha', 'beta']);
  await page.check('#former-toggle');
  assert.deepEqual(await zonesOnMap(page), ['alpha', 'beta', 'gamma']);
  const gamma = page.locator('.leaflet-marker-icon[data-zone="gamma"]');
  assert.match(await gamma.getAttribute('aria-label'), /former/);
  assert.match(await gamma.getAttribute('class'), /is-former/);
  assert.equal(await page.locator('li[data-slug="gamma"]:not([hidden])').count(), 1);
  assert.match(page.url(), /former=1/);
  await gamma.focus();
  await page.keyboard.press('Enter');
  assert.match(await page.textContent('[data-zone-detail="gamma"] .former-note'), /Replaced on 2020-01-01/);
  await page.close();
});
