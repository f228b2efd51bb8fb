// The map in real headless Chromium against the real server: markers, panel by mouse and
// keyboard, filters, search, privacy, the no-JavaScript page and a phone-sized layout.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, watch, markersReady } from './harness.mjs';

let server, browser, features, batches;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const fc = await (await fetch(server.origin + '/api/zones.geojson')).json();
  features = fc.features;
  batches = new Map(fc.batches.map((b) => [b.batch, b]));
});

after(async () => {
  await browser?.close();
  server?.stop();
});

async function openMap(path = '/', options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const requests = await watch(page);
  await page.goto(server.origin + path);
  return { context, page, requests };
}

test('one focusable, named marker per feature of the API, in its batch colour', async () => {
  const { context, page } = await openMap();
  await markersReady(page);
  const markers = await page.$$eval('.leaflet-marker-icon[data-zone]', (els) => els.map((el) => ({
    zone: el.dataset.zone, batch: Number(el.dataset.batch), tabindex: el.getAttribute('tabindex'),
    role: el.getAttribute('role'), label: el.getAttribute('aria-label') || '', colour: getComputedStyle(el).backgroundColor,
  })));
  assert.equal(markers.length, features.length);
  assert.deepEqual(new Set(markers.map((m) => m.zone)), new Set(features.map((f) => f.id)));
  const byId = new Map(features.map((f) => [f.id, f]));
  for (const m of markers) {
    const f = byId.get(m.zone);
    assert.equal(m.batch, f.properties.batch);
    assert.equal(m.tabindex, '0');
    assert.equal(m.role, 'button');
    assert.ok(m.label.includes(f.properties.name), `${m.zone}: ${m.label}`);
    const hex = batches.get(m.batch).colour;
    const rgb = `rgb(${parseInt(hex.slice(1, 3), 16)}, ${parseInt(hex.slice(3, 5), 16)}, ${parseInt(hex.slice(5, 7), 16)})`;
    assert.equal(m.colour, rgb, `${m.zone} colour`);
  }
  await context.close();
});

test('clicking a marker opens its panel and puts the zone in the URL', async () => {
  const { context, page } = await openMap();
  await markersReady(page);
  // Pearl River Delta markers overlap at country scale; a reader narrows first, as here.
  await page.fill('#search', '深圳');
  await page.click('.leaflet-marker-icon[data-zone="shenzhen"]');
  await page.waitForSelector('#detail:not([hidden]) [data-zone-detail="shenzhen"]');
  const text = await page.textContent('[data-zone-detail="shenzhen"]');
  assert.match(text, /49 billion/);
  assert.match(page.url(), /zone=shenzhen/);
  await context.close();
});

test('Enter on a focused marker opens its panel; Tab reaches markers', async () => {
  const { context, page } = await openMap();
  await markersReady(page);
  await page.focus('.leaflet-marker-icon[data-zone="hangzhou"]');
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-zone-detail="hangzhou"]');
  const focused = await page.evaluate(() => document.activeElement.closest('[data-zone-detail]')?.dataset.zoneDetail);
  assert.equal(focused, 'hangzhou', 'focus moves into the panel');
  await page.keyboard.press('Escape');
  await page.waitForSelector('#detail[hidden]', { state: 'attached' });
  assert.equal(await page.evaluate(() => document.activeElement.dataset.zone), 'hangzhou', 'focus returns to the marker');
  // From the top of the page, Tab alone gets to a marker.
  await page.evaluate(() => document.activeElement.blur());
  let reached = false;
  for (let i = 0; i < 40 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => Boolean(document.activeElement?.dataset?.zone));
  }
  assert.ok(reached, 'a marker is reachable by Tab');
  await context.close();
});

test('batch toggles and search filter markers and list, and the URL keeps them', async () => {
  const { context, page } = await openMap();
  await markersReady(page);
  await page.uncheck('input[data-batch-toggle="5"]');
  assert.equal(await page.locator('.leaflet-marker-icon[data-batch="5"]').count(), 0);
  assert.equal(await page.locator('li[data-batch-item="5"]:not([hidden])').count(), 0);
  assert.match(page.url(), /batch=1%2C2%2C3%2C4%2C6%2C7%2C8|batch=1,2,3,4,6,7,8/);
  await page.check('input[data-batch-toggle="5"]');
  await page.fill('#search', '西安');
  assert.deepEqual(await page.$$eval('.leaflet-marker-icon[data-zone]', (els) => els.map((e) => e.dataset.zone)), ['xian']);
  await page.fill('#search', "Xi'an");
  const found = await page.$$eval('.leaflet-marker-icon[data-zone]', (els) => els.map((e) => e.dataset.zone));
  assert.ok(found.includes('xian') && found.every((z) => z.includes('xian')), found.join());
  assert.match(page.url(), /q=Xi/);
  // The shared URL restores the view.
  const { context: c2, page: p2 } = await openMap('/?q=%E8%A5%BF%E5%AE%89&zone=xian');
  await markersReady(p2);
  assert.equal(await p2.locator('.leaflet-marker-icon[data-zone]').count(), 1);
  assert.equal(await p2.locator('[data-zone-detail="xian"]').count(), 1);
  await c2.close();
  await context.close();
});

test('the page makes no request outside its own origin and breaks no CSP rule', async () => {
  const { context, page, requests } = await openMap();
  await markersReady(page);
  await page.fill('#search', 'Guangzhou');
  await page.click('.leaflet-marker-icon[data-zone="guangzhou"]');
  await page.waitForSelector('[data-zone-detail="guangzhou"]');
  await page.waitForLoadState('networkidle');
  const foreign = requests.filter((u) => !u.startsWith(server.origin + '/') && !u.startsWith('data:'));
  assert.deepEqual(foreign, []);
  assert.ok(requests.some((u) => u.startsWith(server.origin + '/static/basemap/basemap.')), 'basemap from our origin');
  assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
  await context.close();
});

test('at 375 px the page does not scroll sideways and the panel is a bottom sheet', async () => {
  const { context, page } = await openMap('/', { viewport: { width: 375, height: 740 } });
  await markersReady(page);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 375), 'no horizontal scroll');
  await page.fill('#search', 'Beijing');
  await page.click('.leaflet-marker-icon[data-zone="beijing"]');
  await page.waitForSelector('[data-zone-detail="beijing"]');
  assert.equal(await page.$eval('#detail', (el) => getComputedStyle(el).position), 'fixed');
  await context.close();
});


test('nothing moves when the script starts, and without one its controls are hidden and Apply shown', async () => {
  // A desktop window, as Lighthouse's, with scroll bars that take room: the side column is
  // beside the map, where the script's controls (time steps, logistics legend) pushed the chart
  // and the list down. (A scroll bar appearing as the page arrived in pieces narrowed it too;
  // that one depends on how the page arrives, and this local server sends it too fast to show.)
  const visible = (page, selector) => page.$eval(selector, (el) => el.getClientRects().length > 0);
  const desktop = await launchBrowser({ scrollbars: true });
  try {
    const context = await desktop.newContext({ viewport: { width: 1350, height: 940 } });
    const page = await context.newPage();
    await page.goto(server.origin + '/');
    await page.evaluate(() => {
      window.shifts = [];
      // Each shift with what moved, from where to where: what to look at when one comes.
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) {
          window.shifts.push({ value: e.value, at: Math.round(e.startTime), moved: e.sources.map((x) => ({ node: x.node ? x.node.nodeName + (x.node.id ? '#' + x.node.id : '') + (x.node.className ? '.' + String(x.node.className).split(' ').join('.') : '') : null, from: x.previousRect.toJSON(), to: x.currentRect.toJSON() })) });
        }
      }).observe({ type: 'layout-shift', buffered: true });
    });
    await markersReady(page);
    await page.waitForLoadState('networkidle');
    const shifts = await page.evaluate(() => window.shifts);
    assert.deepEqual(shifts, [], `no layout shift: ${JSON.stringify(shifts)}`);
    assert.equal(await visible(page, 'fieldset.link-legend'), true);
    assert.equal(await visible(page, 'form.filters button[type=submit]'), false, 'the script filters as the reader types');
  } finally {
    await desktop.close();
  }
  {
    const { context, page, requests } = await openMap('/', { javaScriptEnabled: false });
    await page.waitForLoadState('load');
    assert.equal(await visible(page, 'fieldset.link-legend'), false, 'no control that needs a script');
    assert.equal(await visible(page, '.time-steps'), false);
    assert.equal(await visible(page, 'form.filters button[type=submit]'), true, 'the form is applied by a button');
    assert.ok(requests.some((u) => /\/static\/nojs\.[0-9a-f]+\.css$/.test(new URL(u).pathname)), 'the no-script stylesheet came from <noscript>');
    await context.close();
  }
});
