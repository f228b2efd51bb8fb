// The clients that CMSs and chat apps build on, reading our pages as they are (no browser):
// metascraper for the card (title, description, image, language, date, icon),
// @extractus/oembed-extractor following each page's oEmbed discovery link as given, and a
// self-hosted iframely gateway doing both. Each must get the view the link was shared with.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { freePort, root, startServer } from './harness.mjs';

// metascraper reaches for re2, a native module whose build needs the network; it falls back to
// the JavaScript RegExp when told to. Set before the import, which reads it.
process.env.METASCRAPER_RE2 = 'false';
const { default: metascraper } = await import('metascraper');
const plugins = await Promise.all(
  ['title', 'description', 'image', 'lang', 'date', 'logo-favicon', 'url'].map(async (p) => (await import(`metascraper-${p}`)).default()),
);
const scrape = metascraper(plugins);
const { extract } = await import('@extractus/oembed-extractor');

const updated = JSON.parse(readFileSync(path.join(root, 'data/zones.geojson'), 'utf8')).updated;
let server;
let iframely;

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes) {
  assert.equal(bytes.subarray(1, 4).toString(), 'PNG');
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

async function picture(url) {
  const res = await fetch(url);
  assert.equal(res.status, 200, url);
  assert.equal(res.headers.get('content-type'), 'image/png', url);
  return pngSize(Buffer.from(await res.arrayBuffer()));
}

/** A self-hosted iframely gateway on `port`, configured as an operator would: our host is on
 * its whitelist for rich oEmbed (iframely embeds no unlisted domain's html), and it has no
 * cache and no renders of its own. Its configuration lives in its package folder. */
async function startIframely(port) {
  const dir = path.join(root, 'node_modules/iframely');
  writeFileSync(path.join(dir, 'config.local.js'), `export default ${JSON.stringify({ baseAppUrl: `http://127.0.0.1:${port}`, port, SKIP_IFRAMELY_RENDERS: true, GROUP_LINKS: true, CACHE_ENGINE: 'no-cache' })};\n`);
  writeFileSync(path.join(dir, 'whitelist/iframely-zonemap.json'), JSON.stringify({ domains: { '127.0.0.1': { oembed: { rich: 'allow' } } } }));
  // Its plugin loader scans a node_modules folder of its own, which npm's flat layout leaves out.
  mkdirSync(path.join(dir, 'node_modules'), { recursive: true });
  const child = spawn(process.execPath, ['server.js'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('iframely did not start:\n' + log)), 30000);
    const seen = (d) => {
      log += d;
      if (log.includes('iframely is running')) { clearTimeout(timer); resolve({ origin: `http://127.0.0.1:${port}`, stop: () => child.kill('SIGTERM') }); }
    };
    child.stdout.on('data', seen);
    child.stderr.on('data', seen);
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`iframely exited ${code}:\n${log}`)); });
  });
}

before(async () => {
  server = await startServer(undefined, await freePort());
  iframely = await startIframely(await freePort());
});
after(() => { server?.stop(); iframely?.stop(); });

// Each page type as shared: the card a previewer should build, and the embed its oEmbed gives.
const cases = [
  { path: '/', title: 'China’s cross-border e-commerce pilot zones', image: '/preview.png', embed: '/embed', lang: 'en' },
  { path: '/?batch=8', title: 'Batch 8 (2025): 16 pilot zones', image: '/batches/8/preview.png', embed: '/embed?batch=8', lang: 'en' },
  { path: '/embed?batch=3&lang=zh', title: null, image: '/batches/3/preview.png?lang=zh', embed: '/embed?batch=3&lang=zh', lang: 'zh' },
  { path: '/zones/shenzhen', title: 'Shenzhen cross-border e-commerce pilot zone', image: '/zones/shenzhen/preview.png', embed: '/embed?zone=shenzhen&legend=0&title=0', lang: 'en' },
  { path: '/zones/shenzhen?lang=zh', title: '中国（深圳市）跨境电子商务综合试验区', image: '/zones/shenzhen/preview.png?lang=zh', embed: '/embed?zone=shenzhen&legend=0&title=0&lang=zh', lang: 'zh' },
  { path: '/batches/7?lang=zh', title: '第7批跨境电子商务综合试验区（国函〔2022〕126号）', image: '/batches/7/preview.png?lang=zh', embed: '/embed?batch=7&lang=zh', lang: 'zh' },
];

for (const c of cases) {
  test(`metascraper reads the card of ${c.path}`, async () => {
    const url = server.origin + c.path;
    const html = await (await fetch(url)).text();
    const card = await scrape({ html, url });
    if (c.title) assert.equal(card.title, c.title);
    assert.ok(!card.title.includes('zonemap'), `the site's name is og:site_name's, not the title's: ${card.title}`);
    assert.ok(card.description.length > 20 && [...card.description].length <= 155, card.description);
    assert.equal(card.image, server.origin + c.image, 'the picture of this very view');
    assert.deepEqual(await picture(card.image), [1200, 630]);
    assert.equal(card.lang, c.lang);
    assert.equal(card.date, new Date(updated).toISOString(), 'dated by the data, not by the 2015 <time> in the legend');
    assert.equal(card.logo, `${server.origin}/apple-touch-icon.png`);
    assert.deepEqual(await picture(card.logo), [180, 180]);
  });

  test(`oembed-extractor follows the discovery link of ${c.path} to that view`, async () => {
    const o = await extract(server.origin + c.path, { maxwidth: 640 });
    assert.equal(o.method, 'auto-discovery');
    assert.equal(o.type, 'rich');
    const src = /<iframe[^>]* src="([^"]+)"/.exec(o.html)?.[1]?.replaceAll('&amp;', '&');
    assert.equal(src, server.origin + c.embed);
    assert.ok(o.width <= 640, `maxwidth is honoured: ${o.width}`);
    // Too narrow for the card: the half-size thumbnail of the same view.
    const [file, query] = c.image.split('?');
    assert.equal(o.thumbnail_url, `${server.origin}${file}?size=small${query ? '&' + query : ''}`);
    assert.deepEqual(await picture(o.thumbnail_url), [600, 315]);
    assert.deepEqual([o.thumbnail_width, o.thumbnail_height], [600, 315]);
  });

  test(`a self-hosted iframely gateway embeds the view of ${c.path}`, async () => {
    const res = await fetch(`${iframely.origin}/iframely?url=${encodeURIComponent(server.origin + c.path)}`);
    assert.equal(res.status, 200);
    const r = await res.json();
    // iframely writes typographic apostrophes as ASCII ones.
    if (c.title) assert.equal(r.meta.title, c.title.replaceAll('’', "'"));
    assert.equal(r.meta.site, 'zonemap');
    const app = r.links.app?.[0];
    assert.ok(app, `an embed: ${JSON.stringify(r.links)}`);
    assert.equal(app.href, server.origin + c.embed);
    assert.ok(r.links.thumbnail.some((t) => t.href === server.origin + c.image), JSON.stringify(r.links.thumbnail));
    assert.ok(r.links.icon.some((i) => i.href === `${server.origin}/apple-touch-icon.png`), JSON.stringify(r.links.icon));
  });
}
