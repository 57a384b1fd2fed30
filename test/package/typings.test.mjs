// The published typings hold the public API only: `stripInternal` drops every declaration marked `@internal` (an
// element's reactive state, the hub elements' protected plumbing), and nothing else private is declared. TypeScript
// writes `#private;` into a class that has private fields: it names nothing and is allowed.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const typesRoot = join(repo, 'dist', 'types');
const declarations = readdirSync(typesRoot, { recursive: true })
  .filter((name) => String(name).endsWith('.d.ts'))
  .map((name) => join(typesRoot, String(name)));

test('the typings exist for every entry of the package', () => {
  const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
  for (const [entry, target] of Object.entries(pkg.exports)) {
    if (typeof target === 'object' && target.types) assert.ok(existsSync(join(repo, target.types)), `${entry}: ${target.types}`);
  }
  assert.ok(declarations.length > 20, `only ${declarations.length} .d.ts files: did tsc run?`);
});

// Protected members are Lit's lifecycle, overridden as Lit documents it; anything else protected is plumbing.
const LIFECYCLE = new Set(['render', 'update', 'updated', 'firstUpdated', 'willUpdate', 'scheduleUpdate', 'createRenderRoot']);

test('no published .d.ts declares an @internal or private member, nor a protected one beyond Lit\'s lifecycle', () => {
  const offences = [];
  for (const file of declarations) {
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, index) => {
        const protectedMember = /^\s*protected\s+(?:(?:static|readonly|abstract|async)\s+)*(\w+)/.exec(line);
        if (/@internal\b/.test(line) || /^\s*(?:(?:static|readonly|abstract)\s+)*private\s/.test(line) || (protectedMember && !LIFECYCLE.has(protectedMember[1]))) {
          offences.push(`${relative(typesRoot, file)}:${index + 1}: ${line.trim()}`);
        }
      });
  }
  assert.deepEqual(offences, []);
});

test('the elements\' published classes name none of their former @internal members', () => {
  const elements = ['components/session-awareness/session-awareness.d.ts', 'components/session-list/session-list.d.ts', 'internal/hub-element.d.ts'];
  const text = elements.map((file) => readFileSync(join(typesRoot, file), 'utf8')).join('\n');
  for (const name of ['leaderLockName', 'postToTabs', 'warningWanted', 'autosaveBeforeExpiry', 'sessionExpired', 'sessionGone', 'draftsRestored', 'signedOutByForm', 'connectionState', 'langAttribute']) {
    assert.doesNotMatch(text, new RegExp(`\\b${name}\\b`), name);
  }
});
