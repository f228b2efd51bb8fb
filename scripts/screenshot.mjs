// scripts/screenshot.mjs — redraws the README's picture, docs/screenshot.png: the map at 1280 px
// as a reader first sees it (names, province borders, legend, time control), from the real
// binary and Debian's Chromium (the test harness starts both). Run after `cargo build`:
//   node scripts/screenshot.mjs
import path from 'node:path';
import { startServer, launchBrowser, markersReady, root } from '../tests/browser/harness.mjs';

const server = await startServer();
const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  await page.goto(server.origin + '/');
  await markersReady(page);
  await page.waitForSelector('path.province-border');
  await page.waitForFunction(() => Number(document.getElementById('map').dataset.labels || 0) > 0);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const out = path.join(root, 'docs/screenshot.png');
  await page.screenshot({ path: out });
  console.log(`wrote ${path.relative(root, out)}`);
} finally {
  await browser.close();
  server.stop();
}
