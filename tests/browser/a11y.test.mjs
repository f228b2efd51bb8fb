// WCAG 2.1 A and AA rules checked by axe-core (pinned npm package) in real Chromium, on the map
// (with a panel open), a zone page and the embed, at desktop and phone widths.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { startServer, launchBrowser, markersReady } from './harness.mjs';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
let server, browser;

before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); server?.stop(); });

async function violations(path, viewport) {
  // bypassCSP only so that the test can inject axe; the page itself runs under its strict CSP.
  const context = await browser.newContext({ viewport, bypassCSP: true });
  const page = await context.newPage();
  await page.goto(server.origin + path);
  if (await page.locator('#map').count()) {
    await markersReady(page);
    await page.waitForSelector('.leaflet-overlay-pane path', { state: 'attached' }); // the basemap has drawn
  } else {
    await page.waitForLoadState('load'); // a page without the interactive map (a batch page)
  }
  await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(() => window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }));
  await context.close();
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')})`);
}

for (const [path, viewport] of [
  ['/?zone=guangzhou', { width: 1280, height: 800 }],
  ['/?zone=zhuhai', { width: 375, height: 740 }],
  ['/zones/shenzhen', { width: 1280, height: 800 }],
  ['/embed?zone=hangzhou', { width: 600, height: 700 }],
  ['/batches/8', { width: 1280, height: 800 }],
  ['/batches/7?lang=zh', { width: 375, height: 740 }],
  ['/table', { width: 1280, height: 800 }],
  ['/table?lang=zh&asof=2019-12-31', { width: 375, height: 740 }],
  ['/provinces/guangdong', { width: 375, height: 740 }],
]) {
  test(`no WCAG 2.1 AA violations on ${path} at ${viewport.width} px`, async () => {
    assert.deepEqual(await violations(path, viewport), []);
  });
}
