// Measures zonemap embeds in a real WordPress post: for each post URL and width, the height
// WordPress's own resizer (wp-embed.js) gave the iframe against the height of the content in it.
// Each case passes when the two are within 10 %, the frame has no scrollbar of its own, the
// page logs no error and the embed's link opens in the page. Exits non-zero if any fails.
// Usage: node tests/wordpress/measure.mjs POST_URL...   (prints one JSON line per case)
import { launchBrowser } from '../browser/harness.mjs';

const browser = await launchBrowser();
let failed = false;
for (const url of process.argv.slice(2)) {
  for (const width of [375, 1280]) {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    const errors = [];
    // Script errors anywhere, and failed requests for our own files (WordPress's own site,
    // served by PHP's bare server here, has no /favicon.ico: not ours to mend).
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('response', (r) => { if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) errors.push(`${r.status()} ${r.url()}`); });
    page.on('console', (m) => { if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) errors.push(m.text()); });
    await page.goto(url, { waitUntil: 'load' });
    const iframe = page.locator('iframe.wp-embedded-content');
    await iframe.waitFor({ state: 'attached' });
    // wp-embed.js reveals the iframe and sets its height when the first message arrives.
    await page.waitForFunction(() => { const f = document.querySelector('iframe.wp-embedded-content'); return f && !f.style.position; }, null, { timeout: 20000 });
    await page.waitForTimeout(1500);
    const frame = await (await iframe.elementHandle()).contentFrame();
    const content = await frame.evaluate(() => Math.ceil(document.documentElement.getBoundingClientRect().height));
    const inner = await frame.evaluate(() => ({ scroll: document.scrollingElement.scrollHeight, client: document.scrollingElement.clientHeight }));
    const given = await iframe.evaluate((f) => Math.round(f.getBoundingClientRect().height));
    const frameWidth = await iframe.evaluate((f) => Math.round(f.getBoundingClientRect().width));
    const off = Math.abs(given - content) / content;
    // "Open the full map" (a zone card's "full zone page") from inside the sandbox: wp-embed.js
    // takes the page there when the embed sends it as a link message.
    const link = frame.locator('.zone-card .panel-link a, .embed-credit a').first();
    const href = await link.getAttribute('href');
    await Promise.all([page.waitForURL((u) => u.href === href, { timeout: 10000 }).catch(() => {}), link.click()]);
    const opened = page.url() === href;
    const ok = off <= 0.1 && inner.scroll <= inner.client + 1 && errors.length === 0 && opened;
    failed ||= !ok;
    console.log(JSON.stringify({ url, width, frameWidth, given, content, off: Number(off.toFixed(3)), innerScrollbar: inner.scroll > inner.client + 1, opened, errors, ok }));
    await page.close();
  }
}
await browser.close();
process.exit(failed ? 1 : 0);
