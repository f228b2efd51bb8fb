// Pasted into WordPress (issue #11): a host page that treats our oEmbed answer as WordPress treats
// an untrusted provider's — it keeps the blockquote and the iframe, marks both with a secret,
// adds the secret to the iframe's URL and sandboxes it (`allow-scripts`, no popups) — and runs a
// parent script that follows WordPress's documented resizing protocol (wp-embed.js): height
// messages clamped to 200–1000 px, the blockquote hidden once the embed speaks, links opened by
// the host for the sandbox, and a 'ready' sent on load. The script is written here from the
// protocol, not copied. At 375 and 1280 px, for a map, a batch and a zone, the iframe must end up
// fitting its content, the first height (oEmbed's, before any message) must be near it, and
// "Open the full map" must navigate the host page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startServer, launchBrowser, freePort, markersReady } from './harness.mjs';

let server, browser, host;

const RESIZER = `
(function () {
  function frames(secret) { return document.querySelectorAll('iframe[data-secret="' + secret + '"]'); }
  window.addEventListener('message', function (e) {
    var d = e.data;
    if (!d || !d.secret || /[^a-zA-Z0-9]/.test(d.secret)) return;
    document.querySelectorAll('blockquote[data-secret="' + d.secret + '"]').forEach(function (b) { b.hidden = true; });
    frames(d.secret).forEach(function (f) {
      if (f.contentWindow !== e.source) return;
      if (d.message === 'height') f.height = Math.min(1000, Math.max(200, parseInt(d.value, 10)));
      if (d.message === 'link') {
        var target = new URL(d.value), own = new URL(f.getAttribute('src'));
        if (target.host === own.host && document.activeElement === f) window.top.location.href = d.value;
      }
    });
  });
  window.addEventListener('load', function () {
    document.querySelectorAll('iframe.wp-embedded-content').forEach(function (f) {
      f.contentWindow.postMessage({ message: 'ready', secret: f.dataset.secret }, '*');
    });
  });
})();`;

// The article: our oEmbed html, sanitised as WordPress does for an untrusted provider.
function article(html, secret) {
  const quote = /<blockquote[^>]*>[\s\S]*?<\/blockquote>/.exec(html)[0].replace('<blockquote', `<blockquote class="wp-embedded-content" data-secret="${secret}"`);
  const iframe = /<iframe[\s\S]*?<\/iframe>/.exec(html)[0]
    .replace(/ src="([^"]*)"/, (m, src) => ` src="${src}#?secret=${secret}"`)
    .replace('<iframe', `<iframe class="wp-embedded-content" sandbox="allow-scripts" security="restricted" data-secret="${secret}"`);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Post</title><link rel="stylesheet" href="/post.css"><script src="/wp-resizer.js"></script></head><body><main><h1>A post</h1><p>Before the map.</p>${quote}${iframe}<p>After the map.</p></main></body></html>`;
}

function startHost() {
  const pages = new Map();
  const srv = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    if (url.pathname === '/wp-resizer.js') { res.writeHead(200, { 'content-type': 'text/javascript' }); return res.end(RESIZER); }
    if (url.pathname === '/favicon.ico') { res.writeHead(204); return res.end(); }
    if (url.pathname === '/post.css') { res.writeHead(200, { 'content-type': 'text/css' }); return res.end('main { max-width: 650px; margin: 0 auto; padding: 0 8px; } iframe { display: block; width: 100%; border: 0; }'); }
    const body = pages.get(url.pathname);
    if (!body) { res.writeHead(404); return res.end(); }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(body);
  });
  return new Promise((resolve) => srv.listen(0, '127.0.0.1', () => resolve({ origin: `http://127.0.0.1:${srv.address().port}`, pages, close: () => srv.close() })));
}

before(async () => {
  // A fixed port, so that the server knows its public URL and answers oEmbed.
  server = await startServer(undefined, await freePort());
  browser = await launchBrowser();
  host = await startHost();
});
after(async () => { await browser?.close(); server?.stop(); host?.close(); });

for (const [kind, shared] of [['map', '/'], ['batch', '/?batch=8'], ['zone', '/zones/shenzhen']]) {
  for (const width of [375, 1280]) {
    test(`WordPress fits the ${kind} embed at ${width} px and opens the full map`, async () => {
      const column = Math.min(width - 16, 650);
      const q = new URLSearchParams({ url: server.origin + shared, format: 'json', maxwidth: String(column) });
      const oembed = await (await fetch(`${server.origin}/oembed?${q}`)).json();
      assert.ok(oembed.html.startsWith('<blockquote'), 'WordPress loads its resizer only for a blockquote');
      const secret = `s${kind}${width}abc`.slice(0, 10);
      host.pages.set(`/${kind}-${width}`, article(oembed.html, secret));

      const page = await browser.newPage({ viewport: { width, height: 900 } });
      const errors = [];
      page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(`${host.origin}/${kind}-${width}`);
      const first = Number(await page.getAttribute('iframe', 'height'));
      // The iframe loads lazily: wait until it has navigated to us.
      let frame;
      for (let i = 0; i < 150 && !frame; i++) {
        frame = page.frames().find((f) => f.url().startsWith(server.origin));
        if (!frame) await page.waitForTimeout(100);
      }
      assert.ok(frame, 'the embed loaded');
      await markersReady(frame);
      // Measured as frame.js measures it: the body and its margins.
      const content = () => frame.evaluate(() => { const cs = getComputedStyle(document.body); return Math.ceil(document.body.getBoundingClientRect().height + parseFloat(cs.marginTop) + parseFloat(cs.marginBottom)); });
      // The host settles on the embed's own height.
      await page.waitForFunction((h) => Math.abs(Number(document.querySelector('iframe').height) - h) <= 2, await content(), { timeout: 10000 });
      const final = Number(await page.getAttribute('iframe', 'height'));
      const inner = await content();
      assert.ok(Math.abs(final - inner) <= Math.max(2, inner * 0.1), `${kind} ${width}: iframe ${final} vs content ${inner}`);
      assert.ok(inner <= 1000, `${kind} ${width}: ${inner} px fits WordPress's 1000 px`);
      assert.ok(Math.abs(first - inner) <= inner * 0.15, `${kind} ${width}: the first height ${first} is within 15% of ${inner}`);
      assert.equal(await page.isHidden('blockquote'), true, 'the fallback link is hidden once the embed speaks');
      assert.equal(await frame.evaluate(() => document.scrollingElement.scrollHeight <= window.innerHeight + 1), true, 'no inner scrollbar');
      // "Open the full map" (or the zone's page) opens in the host window, as popups cannot.
      const link = kind === 'zone' ? frame.locator('.zone-card .panel-link a') : frame.locator('.embed-credit a');
      const href = await link.getAttribute('href');
      await Promise.all([page.waitForURL((u) => u.href.startsWith(server.origin)), link.click()]);
      assert.equal(new URL(page.url()).pathname, new URL(href).pathname);
      assert.deepEqual(errors, []);
      await page.close();
    });
  }
}
