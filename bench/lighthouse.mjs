// Lighthouse against a running zonemap: for each page and each form factor, RUNS runs, and the
// medians of the four category scores, LCP, CLS and TBT. Driven by bench/lighthouse, which
// builds and starts the server; this file only talks to it.
//
//   node bench/lighthouse.mjs ORIGIN RUNS PATH...
//
// Chromium is Debian's (/usr/bin/chromium), started by chrome-launcher (Lighthouse's own
// launcher) with a fresh profile for every run and the background-networking switches off, so
// the only requests are the page's own.
import { mkdirSync, writeFileSync } from 'node:fs';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import * as chromeLauncher from 'chrome-launcher';

const [origin, runsArg, ...paths] = process.argv.slice(2);
const runs = Number(runsArg);
if (!origin || !(runs > 0) || paths.length === 0) {
  console.error('usage: node bench/lighthouse.mjs ORIGIN RUNS PATH...');
  process.exit(2);
}

const CHROME_FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];

function median(values) {
  const v = [...values].sort((a, b) => a - b);
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

async function once(url, formFactor) {
  const chrome = await chromeLauncher.launch({ chromePath: '/usr/bin/chromium', chromeFlags: CHROME_FLAGS });
  try {
    const flags = { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: CATEGORIES };
    const result = await lighthouse(url, flags, formFactor === 'desktop' ? desktopConfig : undefined);
    const lhr = result.lhr;
    // LH_SAVE=DIR keeps every report, to read what an audit found.
    if (process.env.LH_SAVE) {
      mkdirSync(process.env.LH_SAVE, { recursive: true });
      const page = new URL(url).pathname.replace(/[^a-z0-9]+/gi, '_');
      writeFileSync(`${process.env.LH_SAVE}/${formFactor}${page}${Date.now()}.json`, result.report);
    }
    if (lhr.runtimeError) throw new Error(`${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
    // The audits that cost points: weighted in one of the four categories and short of 1.
    const weighted = new Set(CATEGORIES.flatMap((c) => lhr.categories[c].auditRefs.filter((r) => r.weight > 0).map((r) => r.id)));
    const failing = Object.values(lhr.audits).filter((a) => weighted.has(a.id) && a.score !== null && a.score < 1).map((a) => a.id);
    return {
      scores: Object.fromEntries(CATEGORIES.map((c) => [c, Math.round(lhr.categories[c].score * 100)])),
      lcp: lhr.audits['largest-contentful-paint'].numericValue,
      cls: lhr.audits['cumulative-layout-shift'].numericValue,
      tbt: lhr.audits['total-blocking-time'].numericValue,
      failing,
    };
  } finally {
    await chrome.kill();
  }
}

const header = ['page', 'form', 'perf', 'a11y', 'best-pr', 'seo', 'LCP ms', 'CLS', 'TBT ms', 'short of 1 in any run'];
const rows = [];
for (const path of paths) {
  for (const formFactor of ['mobile', 'desktop']) {
    const results = [];
    for (let i = 0; i < runs; i++) results.push(await once(origin + path, formFactor));
    const failing = [...new Set(results.flatMap((r) => r.failing))].sort();
    rows.push([
      path, formFactor,
      ...CATEGORIES.map((c) => String(median(results.map((r) => r.scores[c])))),
      String(Math.round(median(results.map((r) => r.lcp)))),
      median(results.map((r) => r.cls)).toFixed(3),
      String(Math.round(median(results.map((r) => r.tbt)))),
      failing.join(' ') || '-',
    ]);
    console.error(`${path} ${formFactor}: done`);
  }
}
console.log(`| ${header.join(' | ')} |`);
console.log(`| ${header.map(() => '---').join(' | ')} |`);
for (const row of rows) console.log(`| ${row.join(' | ')} |`);
console.log(`\nmedians of ${runs} run(s) each; Lighthouse ${(await import('lighthouse/package.json', { with: { type: 'json' } })).default.version}`);
