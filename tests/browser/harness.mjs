// Shared set-up for the browser tests: starts the real zonemap binary on a free loopback port
// and Debian's Chromium through playwright-core (which never downloads a browser of its own).
import { spawn } from 'node:child_process';
import net from 'node:net';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

/** A free loopback port, for a server that must know its own address before it starts. */
export function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

/** Starts `zonemap serve` on 127.0.0.1:`port` (0: any; then it has no public URL and gives no
 * oEmbed) and resolves with its origin once it listens. */
export function startServer(data = path.join(root, 'data/zones.geojson'), port = 0) {
  const bin = process.env.ZONEMAP_BIN || path.join(root, 'target/debug/zonemap');
  if (!existsSync(bin)) throw new Error(`${bin} is missing: run \`cargo build\` first (scripts/test does)`);
  const child = spawn(bin, ['serve', '--addr', `127.0.0.1:${port}`, '--data', data], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('zonemap did not start:\n' + stderr)), 15000);
    child.stdout.on('data', (d) => {
      const m = /listening on (http:\/\/[\d.:]+)/.exec(String(d));
      if (m) { clearTimeout(timer); resolve({ origin: m[1], stop: () => child.kill('SIGTERM') }); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`zonemap exited ${code}:\n${stderr}`)); });
  });
}

/** Launches headless Chromium with the switches this sandbox needs (no network but loopback). */
export function launchBrowser({ scrollbars = false } = {}) {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium chromium-driver`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // Playwright hides scroll bars; a desktop reader's take room, and can move the layout.
    ignoreDefaultArgs: scrollbars ? ['--hide-scrollbars'] : [],
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

/** Records every request a page makes and every Content-Security-Policy violation it reports. */
export async function watch(page) {
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(e.blockedURI + ' ' + e.violatedDirective));
  });
  return requests;
}

/** Waits until the map has drawn all its markers (the script adds them in slices, then says so). */
export async function markersReady(page) {
  await page.waitForSelector('#map[data-markers="ready"] .leaflet-marker-icon[data-zone]', { timeout: 15000 });
}

/** Issue 12's budget for a page's first load. */
export const BUDGET_BYTES = 120 * 1024;
export const BUDGET_REQUESTS = 8;

/** Every response of a first load of `url` as a phone makes it, in a fresh context, until the
 * network is idle: [{url, bytes, encoding}], bytes as Chromium counts them on the wire
 * (encodedDataLength: headers and the compressed body). */
export async function firstLoad(browser, url) {
  const context = await browser.newContext({ viewport: { width: 412, height: 823 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  const rows = new Map();
  cdp.on('Network.requestWillBeSent', (e) => rows.set(e.requestId, { url: e.request.url, bytes: 0, encoding: null }));
  cdp.on('Network.responseReceived', (e) => {
    const r = rows.get(e.requestId);
    const h = Object.entries(e.response.headers).find(([k]) => k.toLowerCase() === 'content-encoding');
    if (r) r.encoding = h ? h[1] : null;
  });
  cdp.on('Network.loadingFinished', (e) => { const r = rows.get(e.requestId); if (r) r.bytes = e.encodedDataLength; });
  await page.goto(url, { waitUntil: 'networkidle' });
  await context.close();
  return [...rows.values()];
}

/** Asserts that a first load (from `firstLoad`) stayed on `origin`, within the budget, and came
 * as brotli throughout (the encoding the budget's figures are for), except what `fastGzip` says
 * is rendered for its request alone, which the server sends with fast gzip. */
export function assertWithinBudget(rows, origin, fastGzip = () => false) {
  const total = rows.reduce((n, r) => n + r.bytes, 0);
  const list = rows.map((r) => `${r.bytes} ${r.encoding || '-'} ${r.url.replace(origin, '')}`).join('\n');
  assert.ok(rows.every((r) => r.url.startsWith(origin)), `only our origin:\n${list}`);
  assert.ok(rows.length <= BUDGET_REQUESTS, `${rows.length} requests:\n${list}`);
  assert.ok(total <= BUDGET_BYTES, `${total} bytes:\n${list}`);
  assert.ok(rows.every((r) => r.encoding === (fastGzip(r.url) ? 'gzip' : 'br')), `brotli throughout:\n${list}`);
}
