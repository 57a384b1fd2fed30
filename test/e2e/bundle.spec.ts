import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { expect, test } from '@playwright/test';

// Size is a budget, not a timing: bytes are stable from run to run. Issue 2 set 40 KiB when
// the widget only showed notices; with expiry, keep-alive election, cross-tab sync and drafts
// (issue 3) the widget's own code is ~11 KiB gzip beside its dependencies' ~30.3 KiB, so
// the budget was 42 KiB (see the closing note of issue 3 for the measurements). Issue 8 put
// <session-list> in the same script, because it must share the page's one hub connection, which a
// second script could not: 46,917 B when measured (+4,153 B), so 47 KiB. The sign-in page's
// <session-signed-out-reason> is a script of its own (no SignalR): 7,184 B, budget 8 KiB. Issue 9 added
// German, French and Spanish tables for every label of the three elements: the drop-in went from 48,517 B
// (already over 47 KiB before them) to 51,069 B (+2,552 B), so the next whole KiB plus 1 KiB: 51 KiB; the
// sign-in page's script from 7,184 B to 8,139 B (+955 B), still within 8 KiB. Issue 13 (drafts encrypted under
// the hub's key and wiped on an ended device, "and N more sessions", key renewal, Cc/Cf stripping, the drop-in's own
// tag only): 51,565 B to 52,827 B (+1,262 B), so the next whole KiB: 52 KiB; the sign-in page's script 8,181 B.
// Issue 14 (quiet on public pages, the app's own sign-out wins: watching the page leave, the loop guard that tells
// the widget's own page loads from the user's) took it to 54,072 B, so the next whole KiB: 53 KiB.
// Issue 15 split the drop-in (55,538 B then): the first script keeps <session-awareness> with Lit and SignalR;
// <session-list>, each language table and the allow-html sanitizer (DOMPurify) are classic script chunks beside it
// (dist/drop-in/…), fetched on first need. Its budget is the issue's: the Lit + SignalR + DOMPurify floor of
// bench/sizes.mjs (30,491 B when measured) plus 16 KiB of the widget's own code. Measured: 38,864 B.
const DROP_IN_GZIP_BUDGET = 30_491 + 16 * 1024;
const SIGNED_OUT_GZIP_BUDGET = 8 * 1024;
const read = (file: string) => readFileSync(new URL(`../../dist/${file}`, import.meta.url));

// A classic script: no static or dynamic imports left for a bundler.
const MODULE_SYNTAX = /(^|[;}\s])import\s*[\w{*"']|\bimport\(|\bexport\s*[{*]|\brequire\(/;

test("the drop-in's first script is a classic script within the Lit + SignalR + DOMPurify floor + 16 KiB gzip", () => {
  const script = read('session-awareness.min.js');
  const gzipped = gzipSync(script, { level: 9 }).length;
  expect(gzipped).toBeLessThanOrEqual(DROP_IN_GZIP_BUDGET);
  const text = script.toString('utf8');
  expect(text).not.toMatch(MODULE_SYNTAX);
  // <session-awareness>'s define() survived tree-shaking (the package's sideEffects list must name its module);
  // <session-list> and DOMPurify are in chunks.
  expect(text).toMatch(/define\(["'`]session-awareness["'`]/);
  expect(text).not.toMatch(/define\(["'`]session-list["'`]/);
  expect(text).not.toMatch(/DOMPurify/);
});

test("the drop-in's chunks are classic scripts whose SRI hashes the first script carries", () => {
  const first = read('session-awareness.min.js').toString('utf8');
  const files = readdirSync(new URL('../../dist/drop-in/', import.meta.url), { recursive: true, encoding: 'utf8' }).filter((name) =>
    name.endsWith('.js'),
  );
  expect(files.map((name) => name.replace(/\.[0-9a-f]{8}\.js$/, '')).sort()).toEqual([
    'de/session-awareness',
    'de/session-list',
    'drafting',
    'es/session-awareness',
    'es/session-list',
    'fr/session-awareness',
    'fr/session-list',
    'sanitize',
    'session-list',
  ]);
  for (const name of files) {
    const chunk = read(`drop-in/${name}`);
    const text = chunk.toString('utf8');
    expect(text).not.toMatch(MODULE_SYNTAX);
    expect(first).toContain(`sha384-${createHash('sha384').update(chunk).digest('base64')}`);
    expect(first).toContain(`drop-in/${name}`);
  }
  const list = files.find((name) => name.startsWith('session-list.'))!;
  expect(read(`drop-in/${list}`).toString('utf8')).toMatch(/define\(["'`]session-list["'`]/);
});

test('the sign-in page script defines only <session-signed-out-reason>, within 8 KiB gzip, without the hub client', () => {
  const script = read('session-signed-out-reason.min.js');
  expect(gzipSync(script, { level: 9 }).length).toBeLessThanOrEqual(SIGNED_OUT_GZIP_BUDGET);
  const text = script.toString('utf8');
  expect(text).toMatch(/define\(["'`]session-signed-out-reason["'`]/);
  expect(text).not.toMatch(/define\(["'`]session-awareness["'`]/);
  expect(text).not.toMatch(/HubConnection|DOMPurify/);
});

test('the npm ES modules leave their three dependencies as imports and ship types; DOMPurify only in the lazy sanitizer', () => {
  const chunk = (name: string) => read(`chunks/${name}`).toString('utf8');
  const chunks = readdirSync(new URL('../../dist/chunks/', import.meta.url)).filter((name) => name.endsWith('.js'));
  const code = ['session-awareness.js', 'notices.js', 'list.js', 'signed-out-reason.js']
    .map((file) => read(file).toString('utf8'))
    .join('\n');
  const shared = chunks.map(chunk).join('\n');
  for (const dependency of ['lit', '@microsoft/signalr']) {
    expect(shared).toMatch(new RegExp(`from\\s*["']${dependency.replace('/', '\\/')}["']`));
  }
  expect(code + shared).not.toContain('class LitElement'); // lit itself is not bundled
  // DOMPurify only in the allow-html chunk, loaded by a dynamic import: a page without allow-html never gets it.
  const sanitizer = chunks.find((name) => /^sanitize-.*\.js$/.test(name));
  expect(sanitizer).toBeDefined();
  expect(chunk(sanitizer!)).toMatch(/from\s*["']dompurify["']/);
  for (const name of chunks.filter((file) => file !== sanitizer)) expect(chunk(name)).not.toMatch(/from\s*["']dompurify["']/);
  expect(shared).toContain(`import("./${sanitizer}")`);
  expect(read('types/index.d.ts').toString('utf8')).toContain("export * from './notices.js'");
  expect(read('types/notices.d.ts').toString('utf8')).toContain('SessionAwareness');
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    exports: Record<string, { types?: string; import?: string; default?: string }>;
  };
  expect(pkg.exports['.'].import).toBe('./dist/session-awareness.js');
  expect(pkg.exports['.'].types).toBe('./dist/types/index.d.ts');
  for (const entry of ['notices', 'list', 'signed-out-reason']) {
    expect(pkg.exports[`./${entry}`]).toEqual({ types: `./dist/types/${entry}.d.ts`, default: `./dist/${entry}.js` });
  }
});

// An app that imports one entry (built by Vite through the package's exports, text only), its own code beside Lit and
// SignalR's: bench/sizes.mjs measures it the same way. Issue 15's goal for `session-awareness/notices` is 14 KiB: it
// measured 16,864 B once the entries were split and drafting loaded on demand, 14,297 B once the expiry code (with
// the warning's styles) and the IndexedDB store became chunks of their own. The list and the sign-in element hold
// their figures then (9,645 B and 3,002 B) rounded up to a KiB: a ratchet.
const ESM_OWN_CODE_BUDGET = { notices: 14 * 1024, list: 10 * 1024, 'signed-out-reason': 3 * 1024 } as const;

test('an app importing one entry carries only so much of its own code beside its dependencies', async () => {
  const { measureSizes } = (await import('../../bench/sizes.mjs')) as {
    measureSizes: () => Promise<{ esm: Record<string, { bytes: number; floor: number }> }>;
  };
  const { esm } = await measureSizes();
  for (const [entry, budget] of Object.entries(ESM_OWN_CODE_BUDGET)) {
    const own = esm[entry].bytes - esm[entry].floor;
    expect(own, `session-awareness/${entry}: ${own} B of its own`).toBeLessThanOrEqual(budget);
  }
});
