// Embeds as a newsroom uses them, in real headless Chromium: the code from the "Embed this map"
// dialog pasted into a bare article page on another origin (with a strict Content-Security-
// Policy and no inline script), resized by our script, by a pym.js parent and by AMP's
// embed-size message; every embed option; no third-party request; the SVG map without JavaScript.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startServer, launchBrowser, watch, markersReady, root } from './harness.mjs';

let server, browser, host, features;
const articles = new Map(); // name -> article body HTML

// A plain "article" site on another port. Its CSP forbids inline script and style, and allows
// frames and scripts only from itself and the zonemap origin, as a strict newsroom would.
function startHost(zonemap) {
  const files = {
    '/pym.js': path.join(root, 'node_modules/pym.js/dist/pym.v1.min.js'),
  };
  const scripts = {
    // A pym parent, configured from data attributes (no inline script on the page).
    '/pym-host.js': "var c = document.getElementById('graphic'); window.pymParent = new pym.Parent('graphic', c.dataset.src, {});",
    // What amp-iframe listens for: record the sizes the embed asks for.
    '/amp-host.js': "window.ampSizes = []; window.addEventListener('message', function (e) { if (e.data && e.data.sentinel === 'amp' && e.data.type === 'embed-size') window.ampSizes.push(e.data.height); });",
  };
  const srv = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    const csp = `default-src 'none'; script-src 'self' ${zonemap}; frame-src ${zonemap}; style-src 'self'`;
    if (files[url.pathname]) {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      return res.end(readFileSync(files[url.pathname]));
    }
    if (scripts[url.pathname]) {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      return res.end(scripts[url.pathname]);
    }
    const body = articles.get(url.pathname.slice(1));
    if (!body) { res.writeHead(404); return res.end(); }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': csp });
    res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Article</title></head><body><h1>News</h1><p>Before the map.</p>${body}<p id="after">After the map.</p></body></html>`);
  });
  return new Promise((resolve) => srv.listen(0, '127.0.0.1', () => resolve({ origin: `http://127.0.0.1:${srv.address().port}`, close: () => srv.close() })));
}

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  host = await startHost(server.origin);
  features = (await (await fetch(server.origin + '/api/zones.geojson')).json()).features;
});

after(async () => {
  await browser?.close();
  server?.stop();
  host?.close();
});

/** The code the dialog offers on `path`, after `setup` changes options. */
async function dialogCode(pagePath, id = 'embed-code', setup = async () => {}) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.origin + pagePath);
  await page.click('#embed-dialog summary');
  await page.waitForSelector('#embed-dialog[data-ready]'); // its script loads on first opening
  await setup(page);
  const code = await page.inputValue('#' + id);
  await context.close();
  return code;
}

/** Waits until the iframe is as tall as the embed's content, and says whether it scrolls. */
async function fitted(page, selector = 'iframe') {
  const handle = await page.waitForSelector(selector);
  const frame = await handle.contentFrame();
  await frame.waitForSelector('.leaflet-marker-icon[data-zone]', { timeout: 15000 });
  let last;
  for (let i = 0; i < 100; i++) {
    const outer = await handle.evaluate((el) => el.getBoundingClientRect().height);
    const inner = await frame.evaluate(() => ({
      content: document.body.getBoundingClientRect().height,
      scrolls: document.documentElement.scrollHeight > window.innerHeight + 1,
    }));
    last = { outer, ...inner };
    if (Math.abs(outer - inner.content) <= 2 && !inner.scrolls) return last;
    await page.waitForTimeout(100);
  }
  assert.fail(`iframe never fitted its content: ${JSON.stringify(last)}`);
}

for (const width of [375, 1280]) {
  test(`dialog code pasted into an article on another origin fits its content at ${width}px`, async () => {
    const code = await dialogCode('/');
    assert.match(code, /^<iframe src="http:\/\/127\.0\.0\.1:\d+\/embed" [^>]*data-zonemap><\/iframe><script src="http:\/\/127\.0\.0\.1:\d+\/static\/embed\.js" async><\/script>$/);
    articles.set(`fit${width}`, code);
    const context = await browser.newContext({ viewport: { width, height: 800 } });
    const page = await context.newPage();
    const requests = await watch(page);
    await page.goto(`${host.origin}/fit${width}`);
    const fit = await fitted(page);
    assert.ok(fit.outer > 300, `the map has room: ${fit.outer}`);
    const frameWidth = await page.$eval('iframe', (el) => el.getBoundingClientRect().width);
    assert.ok(frameWidth >= width - 40 && frameWidth <= width, `full width: ${frameWidth}`);
    const third = requests.filter((u) => !u.startsWith(server.origin) && !u.startsWith(host.origin) && !u.startsWith('data:'));
    assert.deepEqual(third, [], 'no request to anyone but the article and zonemap');
    const violations = await page.evaluate(() => window.__cspViolations);
    assert.deepEqual(violations, [], 'the host CSP (no inline script or style) is respected');
    await context.close();
  });
}

test('the fixed-height code has no script and keeps its height', async () => {
  const code = await dialogCode('/', 'embed-code-fixed');
  assert.ok(!code.includes('<script') && !code.includes('data-zonemap'), code);
  articles.set('fixed', code);
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${host.origin}/fixed`);
  const frame = await (await page.waitForSelector('iframe')).contentFrame();
  await frame.waitForSelector('.leaflet-marker-icon[data-zone]');
  assert.equal(await page.$eval('iframe', (el) => el.getBoundingClientRect().height), 640);
  await context.close();
});

test('a sandboxed iframe (allow-scripts allow-popups) still draws the map and is resized', async () => {
  const code = (await dialogCode('/')).replace('<iframe ', '<iframe sandbox="allow-scripts allow-popups" ');
  articles.set('sandbox', code);
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${host.origin}/sandbox`);
  const fit = await fitted(page);
  assert.ok(fit.outer > 300);
  await context.close();
});

test('a pym.js parent resizes the embed (pym child protocol)', async () => {
  articles.set('pym', `<div id="graphic" data-src="${server.origin}/embed?legend=0"></div><script src="/pym.js"></script><script src="/pym-host.js"></script>`);
  const context = await browser.newContext({ viewport: { width: 600, height: 800 } });
  const page = await context.newPage();
  await page.goto(`${host.origin}/pym`);
  const fit = await fitted(page, '#graphic iframe');
  assert.ok(fit.outer > 300);
  const src = await page.$eval('#graphic iframe', (el) => el.src);
  assert.match(src, /childId=graphic/, 'pym told the child its id');
  await context.close();
});

test('an AMP host receives embed-size messages with the content height', async () => {
  articles.set('amp', `<script src="/amp-host.js"></script><iframe src="${server.origin}/embed?title=0" title="Map" width="100%" height="300"></iframe>`);
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${host.origin}/amp`);
  const frame = await (await page.waitForSelector('iframe')).contentFrame();
  await frame.waitForSelector('.leaflet-marker-icon[data-zone]');
  await page.waitForFunction(() => window.ampSizes && window.ampSizes.length > 0);
  const content = await frame.evaluate(() => Math.ceil(document.body.getBoundingClientRect().height));
  await page.waitForFunction((h) => Math.abs(window.ampSizes[window.ampSizes.length - 1] - h) <= 2, content);
  await context.close();
});

test('every embed option works', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const requests = await watch(page);
  const slug = features.find((f) => f.properties.batch === 2).id;

  await page.goto(`${server.origin}/embed?batch=1&legend=0&title=0&theme=dark&lang=zh&zone=${slug}`);
  await markersReady(page);
  assert.equal(await page.$('.embed-legend'), null, 'legend=0');
  assert.equal(await page.$('.embed-title'), null, 'title=0');
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  assert.ok(await page.$eval('html', (el) => el.classList.contains('theme-dark')));
  const bg = await page.$eval('html', (el) => getComputedStyle(el).backgroundColor);
  assert.equal(bg, 'rgb(21, 25, 30)', 'dark background');
  await page.waitForSelector(`[data-zone-detail="${slug}"]`);
  const shown = await page.$$eval('.leaflet-marker-icon[data-zone]', (els) => [...new Set(els.map((e) => e.dataset.batch))]);
  assert.deepEqual(shown, ['1'], 'batch=1 filters the markers');

  await page.goto(`${server.origin}/embed`);
  await markersReady(page);
  assert.ok(await page.$('.embed-legend') && await page.$('.embed-title'), 'legend and title by default');
  const credit = await page.$eval('.embed-credit a', (a) => ({ href: a.href, target: a.target }));
  assert.equal(credit.target, '_blank');
  assert.equal(new URL(credit.href).pathname, '/', 'the credit links to the full map');

  const auto = await browser.newContext({ colorScheme: 'dark' });
  const dark = await auto.newPage();
  await dark.goto(`${server.origin}/embed?theme=auto`);
  assert.equal(await dark.$eval('html', (el) => getComputedStyle(el).backgroundColor), 'rgb(21, 25, 30)', 'auto follows a dark system');
  await auto.close();

  assert.deepEqual(requests.filter((u) => !u.startsWith(server.origin)), [], 'no third-party request');
  assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
  await context.close();
});

test('the dialog follows the view and its options, with a live preview', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${server.origin}/?batch=3&lang=zh`);
  await markersReady(page);
  await page.click('#embed-dialog summary');
  await page.waitForSelector('#embed-dialog[data-ready]'); // its script loads on first opening
  await page.uncheck('#embed-legend');
  await page.selectOption('#embed-theme', 'auto');
  const code = await page.inputValue('#embed-code');
  const src = new URL(/src="([^"]+)"/.exec(code)[1].replaceAll('&amp;', '&'));
  assert.equal(src.pathname, '/embed');
  assert.deepEqual(Object.fromEntries(src.searchParams), { lang: 'zh', batch: '3', legend: '0', theme: 'auto' });
  const preview = await (await page.waitForSelector('#embed-preview')).contentFrame();
  await preview.waitForSelector('.leaflet-marker-icon[data-zone]');
  assert.equal(await preview.$('.embed-legend'), null, 'the preview shows the options');
  assert.match(await page.getAttribute('#embed-svg', 'href'), /^\/map\.svg\?.*batch=3/);
  await context.close();
});

for (const pagePath of ['/', '/embed', '/embed?batch=2']) {
  test(`with JavaScript off ${pagePath} shows the SVG map with markers in batch colours`, async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(server.origin + pagePath);
    const img = await page.waitForSelector('img.map-static');
    await page.waitForFunction(() => document.querySelector('img.map-static').complete);
    const size = await img.evaluate((el) => ({ w: el.naturalWidth, h: el.getBoundingClientRect().height }));
    assert.ok(size.w > 0 && size.h > 200, JSON.stringify(size));
    const svg = await (await fetch(new URL(await img.getAttribute('src'), server.origin))).text();
    const batch = pagePath.includes('batch=2') ? 2 : null;
    const expected = features.filter((f) => batch === null || f.properties.batch === batch);
    assert.equal((svg.match(/<circle /g) || []).length, expected.length, 'one dot per zone shown');
    const fc = await (await fetch(server.origin + '/api/zones.geojson')).json();
    for (const b of fc.batches.filter((b) => batch === null || b.batch === batch)) {
      assert.ok(svg.includes(`fill="${b.colour}"`), `batch ${b.batch} colour`);
    }
    await context.close();
  });
}
