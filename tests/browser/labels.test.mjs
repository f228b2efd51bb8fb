// Names on the map, as a reader sees them: at 375 and 1280 px and at three zoom levels no two
// names overlap each other or any marker, and zooming in on the Pearl River Delta and the
// Yangtze Delta shows their big cities' names, in English and in Chinese. Zooming is done as a
// reader does it (double clicks on the map), and boxes are the drawn text's own (a Range over
// each name's text), not the boxes the script meant to fill.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, markersReady } from './harness.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); server?.stop(); });

const PRD = ['guangzhou', 'shenzhen', 'zhuhai', 'foshan', 'dongguan', 'zhongshan', 'jiangmen', 'huizhou', 'zhaoqing'];
const YRD = ['hangzhou', 'shanghai', 'suzhou', 'wuxi', 'jiaxing', 'huzhou', 'shaoxing', 'ningbo'];

/** What is on screen: each drawn name's text box (zones' and provinces'), each marker's box,
 * the map's box. */
function scene(page) {
  return page.evaluate(() => {
    const box = (r) => ({ x0: r.left, y0: r.top, x1: r.right, y1: r.bottom });
    const map = box(document.getElementById('map').getBoundingClientRect());
    const labels = [...document.querySelectorAll('.zone-label, .province-label')].map((el) => {
      const range = document.createRange();
      range.selectNodeContents(el);
      return { zone: el.dataset.labelFor, province: el.dataset.province, text: el.textContent, ...box(range.getBoundingClientRect()), hidden: getComputedStyle(el).visibility === 'hidden' };
    });
    const markers = [...document.querySelectorAll('.leaflet-marker-icon[data-zone]')].map((el) => ({ zone: el.dataset.zone, ...box(el.getBoundingClientRect()) }));
    return { map, labels, markers };
  });
}

const overlaps = (a, b) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
const inside = (a, b) => a.x0 >= b.x0 - 0.5 && a.y0 >= b.y0 - 0.5 && a.x1 <= b.x1 + 0.5 && a.y1 <= b.y1 + 0.5;

function assertClear({ map, labels, markers }, where) {
  assert.ok(labels.length > 0, `${where}: no names drawn`);
  for (const [i, a] of labels.entries()) {
    assert.ok(inside(a, map), `${where}: ${a.text} leaves the map`);
    for (const b of labels.slice(i + 1)) assert.ok(!overlaps(a, b), `${where}: ${a.text} overlaps ${b.text}`);
    for (const m of markers) assert.ok(!overlaps(a, m), `${where}: ${a.text} covers the marker of ${m.zone}`);
  }
}

/** Waits for the script's next labelling pass after a zoom has finished animating, and then
 * for the map to be still: the markers where they were and no further pass, over two frames
 * and 100 ms. Leaflet marks an animating zoom on its map pane, not on the map's element, and a
 * pass can land while the markers are still in their zoom transition: reading the boxes then
 * was a flaky "covers the marker" on a loaded machine. */
async function settled(page, passesBefore) {
  await page.waitForFunction((n) => {
    const el = document.getElementById('map');
    return Number(el.dataset.labelPasses || 0) > n && !el.querySelector('.leaflet-zoom-anim');
  }, passesBefore, { timeout: 10000 });
  const still = () => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => {
    const el = document.getElementById('map');
    const boxes = [...el.querySelectorAll('.leaflet-marker-icon, .zone-label, .province-label')].map((m) => {
      const b = m.getBoundingClientRect();
      return `${Math.round(b.left)},${Math.round(b.top)}`;
    });
    r(`${el.dataset.labelPasses}|${el.querySelector('.leaflet-zoom-anim') ? 'anim' : ''}|${boxes.join(';')}`);
  }, 100)))));
  let last = await still();
  for (let i = 0; i < 50; i++) {
    const now = await still();
    if (now === last && !now.includes('|anim|')) return;
    last = now;
  }
  throw new Error('the map did not come to rest');
}

const passes = (page) => page.evaluate(() => Number(document.getElementById('map').dataset.labelPasses || 0));

async function open(page, url) {
  await page.goto(server.origin + url);
  await markersReady(page);
  await page.waitForFunction(() => Number(document.getElementById('map').dataset.labelPasses || 0) > 0);
  await settled(page, 0);
}

/** Double-clicks the map (one zoom level in) at the centre of `zones`' markers, on bare map:
 * a double click on a marker would open its panel instead. */
async function zoomTowards(page, zones) {
  const target = await page.evaluate((slugs) => {
    const rects = slugs.map((s) => document.querySelector(`.leaflet-marker-icon[data-zone="${s}"]`)?.getBoundingClientRect()).filter(Boolean);
    const cx = rects.reduce((a, r) => a + (r.left + r.right) / 2, 0) / rects.length;
    const cy = rects.reduce((a, r) => a + (r.top + r.bottom) / 2, 0) / rects.length;
    const map = document.getElementById('map');
    for (let d = 0; d < 200; d += 6) {
      for (const [dx, dy] of [[0, 0], [d, 0], [-d, 0], [0, d], [0, -d], [d, d], [-d, -d], [d, -d], [-d, d]]) {
        const el = document.elementFromPoint(cx + dx, cy + dy);
        if (el && map.contains(el) && !el.closest('.leaflet-marker-icon, .leaflet-control')) return [cx + dx, cy + dy];
      }
    }
    return null;
  }, zones);
  assert.ok(target, 'a bare spot of map near ' + zones.join(', '));
  const before = await passes(page);
  await page.mouse.dblclick(target[0], target[1]);
  await settled(page, before);
}

for (const width of [375, 1280]) {
  test(`at ${width} px no two names overlap, nor any name a marker, at three zoom levels`, async () => {
    for (const lang of ['en', 'zh']) {
      const page = await browser.newPage({ viewport: { width, height: 800 } });
      await open(page, lang === 'zh' ? '/?lang=zh' : '/');
      assertClear(await scene(page), `${lang} ${width}px national view`);
      for (const step of [1, 2]) {
        await zoomTowards(page, YRD);
        await zoomTowards(page, YRD);
        assertClear(await scene(page), `${lang} ${width}px after ${2 * step} zooms`);
      }
      await page.close();
    }
  });

  for (const [region, zones, named] of [['Pearl River Delta', PRD, { en: ['Shenzhen', 'Guangzhou', 'Zhuhai'], zh: ['深圳', '广州', '珠海'] }],
    ['Yangtze Delta', YRD, { en: ['Hangzhou'], zh: ['杭州'] }]]) {
    test(`at ${width} px the ${region} shows ${named.en.join(', ')} by name, in both languages`, async () => {
      for (const lang of ['en', 'zh']) {
        const page = await browser.newPage({ viewport: { width, height: 800 } });
        await open(page, lang === 'zh' ? '/?lang=zh' : '/');
        // Zoom in while the whole region stays in view; at one of those zooms its big cities
        // must be named.
        let seen = null;
        for (let i = 0; i < 8 && !seen; i++) {
          await zoomTowards(page, zones);
          const s = await scene(page);
          const inView = zones.every((z) => s.markers.some((m) => m.zone === z && inside(m, s.map)));
          if (!inView) break;
          assertClear(s, `${lang} ${width}px ${region}`);
          const texts = s.labels.filter((l) => !l.hidden).map((l) => l.text);
          if (named[lang].every((n) => texts.includes(n))) seen = texts;
        }
        assert.ok(seen, `${lang} ${width}px: ${named[lang]} not all named while the ${region} was in view`);
        await page.close();
      }
    });
  }
}

test('names follow the filters and the time control, and are hidden from screen readers', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await open(page, '/?batch=1');
  const zoneNames = (s) => s.labels.filter((l) => l.zone).map((l) => l.text);
  let s = await scene(page);
  assert.deepEqual(zoneNames(s), ['Hangzhou']);
  assert.equal(await page.getAttribute('.leaflet-labels-pane', 'aria-hidden'), 'true');
  // Tick batch 8 as well: its zones are named, none hidden under a marker.
  let before = await passes(page);
  await page.check('[data-batch-toggle][value="8"]');
  await settled(page, before);
  s = await scene(page);
  assert.ok(zoneNames(s).length > 5 && zoneNames(s).includes('Hangzhou'), zoneNames(s).join());
  assertClear(s, 'batches 1 and 8');
  // Back to the first day: only Hangzhou.
  await open(page, '/');
  before = await passes(page);
  await page.selectOption('#asof', '2015-03-07');
  await settled(page, before);
  assert.deepEqual(zoneNames(await scene(page)), ['Hangzhou']);
  await page.close();
});

test('provinces: borders under the markers, and their names at low zoom only, in the page language', async () => {
  for (const [lang, some] of [['en', ['Xinjiang', 'Tibet', 'Qinghai']], ['zh', ['新疆', '西藏', '青海']]]) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await open(page, `/?lang=${lang}`);
    await page.waitForSelector('path.province-border');
    await page.waitForSelector('.province-label');
    let s = await scene(page);
    const provinces = (sc) => sc.labels.filter((l) => l.province).map((l) => l.text);
    // Where they fit: the west has room; the crowded east often has none at this zoom. (The map
    // is as wide as a desktop reader's beside the page's scroll bar: 837 px, room for four.)
    assert.ok(provinces(s).length >= 4 && some.every((n) => provinces(s).includes(n)), `${lang}: ${provinces(s)}`);
    assertClear(s, `${lang} provinces`);
    assert.ok(await page.$('.leaflet-overlay-pane path.province-border'), 'borders in the overlay pane, under markers and names');
    // Closer in, no province is named.
    let gone = false;
    for (let i = 0; i < 6 && !gone; i++) {
      await zoomTowards(page, PRD);
      s = await scene(page);
      assertClear(s, `${lang} provinces, zoom step ${i + 1}`);
      gone = provinces(s).length === 0;
    }
    assert.ok(gone, `${lang}: province names still drawn close in`);
    await page.close();
  }
});

test('names stay readable in the dark theme: the page ink with a halo of its background', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme: 'dark' });
  await open(page, '/embed?theme=auto');
  const style = await page.$eval('.zone-label', (el) => {
    const cs = getComputedStyle(el);
    return { color: cs.color, shadow: cs.textShadow, bg: getComputedStyle(document.body).backgroundColor };
  });
  assert.equal(style.color, 'rgb(232, 234, 237)');
  assert.ok(style.shadow.includes('rgb(21, 25, 30)'), style.shadow);
  await page.close();
});
