// Issue 3 in the browser: the Chinese interface and its switch, and logistics links drawn as
// lines for the selected zone and as a layer for all zones.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, markersReady } from './harness.mjs';

let server, browser, features;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  features = (await (await fetch(server.origin + '/api/zones.geojson')).json()).features;
});
after(async () => { await browser?.close(); server?.stop(); });

const drawn = (f) => (f.properties.logistics || []).filter((l) => l.geometry).length;
const linkShapes = (page) => page.locator('.leaflet-overlay-pane .link').count();
// A selected zone's lines come from its Feature, fetched beside its panel: either may come first.
const linksDrawn = (page, n) => page.waitForFunction((k) => document.querySelectorAll('.leaflet-overlay-pane .link').length >= k, n);

test('?lang=zh shows the map and panel in Chinese, and the switch keeps the view', async () => {
  const page = await browser.newPage();
  await page.goto(server.origin + '/?lang=zh&zone=shenzhen');
  await markersReady(page);
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  assert.match(await page.textContent('h1'), /^中国跨境电子商务综合试验区/);
  assert.match(await page.textContent('label[for="search"]'), /搜索/);
  assert.match(await page.textContent('[data-zone-detail="shenzhen"] h2'), /^深圳/);
  assert.match(await page.textContent('[data-zone-detail="shenzhen"]'), /特色产业[\s\S]*保健品/);
  const label = await page.getAttribute('.leaflet-marker-icon[data-zone="hangzhou"]', 'aria-label');
  assert.match(label, /杭州/);
  await page.click('.lang-switch a');
  await page.waitForURL(/zone=shenzhen/);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.doesNotMatch(page.url(), /lang=zh/);
  assert.match(await page.textContent('[data-zone-detail="shenzhen"] h2'), /^Shenzhen/);
  await page.close();
});

for (const slug of ['guangzhou', 'zhuhai']) {
  test(`selecting ${slug} draws its logistics links`, async () => {
    const page = await browser.newPage();
    await page.goto(server.origin + '/');
    await markersReady(page);
    assert.equal(await linkShapes(page), 0, 'no links before a zone is selected');
    const f = features.find((x) => x.id === slug);
    await page.fill('#search', f.properties.name);
    await page.click(`.leaflet-marker-icon[data-zone="${slug}"]`);
    await page.waitForSelector(`[data-zone-detail="${slug}"]`);
    assert.ok(drawn(f) > 0);
    await linksDrawn(page, drawn(f));
    assert.equal(await linkShapes(page), drawn(f));
    assert.ok(await page.locator('.leaflet-overlay-pane .link-road').count() >= 1);
    // "Show on map" fits the map to the link: the line grows on screen.
    const size = () => page.evaluate(() => Math.max(...[...document.querySelectorAll('.leaflet-overlay-pane path.link-road')]
      .map((p) => { const r = p.getBoundingClientRect(); return r.width + r.height; })));
    // Measure once the zoom animation of the selection has ended (CSS transforms scale paths mid-way).
    await page.waitForFunction(() => !document.querySelector('.leaflet-zoom-anim'));
    await page.waitForTimeout(400);
    const before = await size();
    await page.click(`[data-zone-detail="${slug}"] button[data-show-link]:last-of-type`);
    await page.waitForFunction((b) => Math.max(...[...document.querySelectorAll('.leaflet-overlay-pane path.link-road')]
      .map((p) => { const r = p.getBoundingClientRect(); return r.width + r.height; })) > b * 1.5, before);
    assert.ok((await size()) > before);
    await page.close();
  });
}

// Shenzhen's and Hangzhou's links are routes to Europe: selecting draws them, and "show on map"
// zooms out until the whole route is on screen.
for (const slug of ['shenzhen', 'hangzhou']) {
  test(`selecting ${slug} draws its routes, and "show on map" fits one on screen`, async () => {
    const page = await browser.newPage();
    await page.goto(server.origin + '/');
    await markersReady(page);
    const f = features.find((x) => x.id === slug);
    await page.fill('#search', f.properties.name);
    await page.click(`.leaflet-marker-icon[data-zone="${slug}"]`);
    await page.waitForSelector(`[data-zone-detail="${slug}"]`);
    assert.ok(drawn(f) >= 2, `${slug} has routes with two ends`);
    await linksDrawn(page, drawn(f));
    assert.equal(await linkShapes(page), drawn(f));
    const button = page.locator(`[data-zone-detail="${slug}"] button[data-show-link]`).last();
    const last = f.properties.logistics[Number(await button.getAttribute('data-show-link'))];
    const onScreen = (mode) => {
      const box = document.getElementById('map').getBoundingClientRect();
      return [...document.querySelectorAll(`.leaflet-overlay-pane path.link-${mode}`)].some((p) => {
        const r = p.getBoundingClientRect();
        return r.width + r.height > 100 && r.left >= box.left - 1 && r.right <= box.right + 1 && r.top >= box.top - 1 && r.bottom <= box.bottom + 1;
      });
    };
    await page.waitForFunction(() => !document.querySelector('.leaflet-zoom-anim'));
    assert.equal(await page.evaluate(onScreen, last.mode), false, 'at the zone\'s zoom the route runs off the map');
    await button.click();
    await page.waitForFunction(onScreen, last.mode);
    await page.close();
  });
}

test('the links toggle draws every zone\'s links, and the URL keeps it', async () => {
  const page = await browser.newPage();
  await page.goto(server.origin + '/');
  await markersReady(page);
  await page.check('#links-toggle');
  const total = features.reduce((n, f) => n + drawn(f), 0);
  // The lines come from the full API, fetched the first time they are asked for.
  await page.waitForFunction((n) => document.querySelectorAll('.leaflet-overlay-pane .link').length >= n, total);
  assert.equal(await linkShapes(page), total);
  assert.match(page.url(), /links=1/);
  assert.equal(await page.locator('.link-legend li').count(), 6, 'a legend entry per mode');
  await page.uncheck('#links-toggle');
  assert.equal(await linkShapes(page), 0);
  await page.close();
});
