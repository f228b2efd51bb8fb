// /table: the zones of a view as a table, sorted by each column through links, with and
// without JavaScript, following the map's filters, with the CSV of the same rows.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser } from './harness.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); server?.stop(); });

const column = (page, i) => page.$$eval(`tbody tr`, (rows, i) => rows.map((r) => r.children[i].textContent.trim()), i);

for (const javaScriptEnabled of [true, false]) {
  test(`every column sorts both ways (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async () => {
    const context = await browser.newContext({ javaScriptEnabled });
    const page = await context.newPage();
    await page.goto(server.origin + '/table');
    assert.equal(await page.locator('tbody tr').count(), 175, 'every active zone');
    const cols = ['name', 'province', 'batch', 'approved', 'specialties'];
    for (const [i, name] of cols.entries()) {
      for (const dir of ['ascending', 'descending']) {
        // The first click sorts ascending (batch is sorted already: its link goes descending).
        if ((await page.getAttribute(`th[data-column="${name}"]`, 'aria-sort')) !== dir) {
          await Promise.all([page.waitForURL(/sort=|table$/), page.click(`th[data-column="${name}"] a`)]);
        }
        if ((await page.getAttribute(`th[data-column="${name}"]`, 'aria-sort')) !== dir) {
          await Promise.all([page.waitForURL(/sort=/), page.click(`th[data-column="${name}"] a`)]);
        }
        assert.equal(await page.getAttribute(`th[data-column="${name}"]`, 'aria-sort'), dir, name);
        let values = await column(page, i);
        if (name === 'name') values = values.map((v) => v.split(' ')[0]);
        const key = name === 'batch' ? values.map(Number) : name === 'specialties' ? null : values;
        if (key) {
          const sorted = [...key].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
          if (dir === 'descending') sorted.reverse();
          assert.deepEqual(key, sorted, `${name} ${dir}`);
        }
      }
    }
    await context.close();
  });
}

test('the table follows the map\'s filters and offers the same rows as CSV', async () => {
  const page = await browser.newPage();
  await page.goto(server.origin + '/table?asof=2019-12-31');
  assert.equal(await page.locator('tbody tr').count(), 59, 'the first four batches');
  await page.goto(server.origin + '/table?province=guangdong&batch=2');
  const slugs = await page.$$eval('tbody tr', (rows) => rows.map((r) => r.dataset.slug).sort());
  assert.deepEqual(slugs, ['guangzhou', 'shenzhen'], 'batch 2 in Guangdong');
  const csv = await (await fetch(server.origin + await page.getAttribute('.csv-link', 'href'))).text();
  assert.equal(csv.trim().split('\n').length, 1 + slugs.length, 'a header and the same rows');
  // The map links to the table of its view.
  await page.goto(server.origin + '/?province=guangdong');
  assert.match(await page.getAttribute('.table-link a', 'href'), /^\/table\?province=guangdong$/);
  await page.close();
});
