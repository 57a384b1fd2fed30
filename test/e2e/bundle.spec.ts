import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { expect, test } from '@playwright/test';

// Size is a budget, not a timing: bytes are stable from run to run. Issue 2 set 40 KiB when
// the widget only showed notices; with expiry, keep-alive election, cross-tab sync and drafts
// (issue 3) the widget's own code is ~11 KiB gzip beside its dependencies' ~30.3 KiB, so
// the budget was 42 KiB (see the closing note of issue 3 for the measurements). Issue 8 put two
// more elements in the same script (<session-list> and <session-signed-out-reason>, sharing the
// one connection, which a second script could not): 44,034 B when measured, so 45 KiB.
const DROP_IN_GZIP_BUDGET = 45 * 1024;
const read = (file: string) => readFileSync(new URL(`../../dist/${file}`, import.meta.url));

test('the drop-in script is self-contained and within 45 KiB gzip', () => {
  const script = read('session-awareness.min.js');
  const gzipped = gzipSync(script, { level: 9 }).length;
  expect(gzipped).toBeLessThanOrEqual(DROP_IN_GZIP_BUDGET);
  const text = script.toString('utf8');
  // a classic script: no static or dynamic imports left for a bundler
  expect(text).not.toMatch(/(^|[;}\s])import\s*[\w{*"']|\bimport\(|\bexport\s*[{*]|\brequire\(/);
  for (const element of ['session-awareness', 'session-list', 'session-signed-out-reason']) expect(text).toContain(element);
});

test('the npm ES module leaves its three dependencies as imports and ships types', () => {
  const esm = read('session-awareness.js').toString('utf8');
  for (const dependency of ['lit', '@microsoft/signalr', 'dompurify']) {
    expect(esm).toMatch(new RegExp(`from\\s*["']${dependency.replace('/', '\\/')}["']`));
  }
  expect(esm).not.toContain('class LitElement'); // lit itself is not bundled
  const types = read('types/index.d.ts').toString('utf8');
  expect(types).toContain('SessionAwareness');
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  expect(pkg.exports['.'].import).toBe('./dist/session-awareness.js');
  expect(pkg.exports['.'].types).toBe('./dist/types/index.d.ts');
});
