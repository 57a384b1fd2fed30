// Each per-element entry imports alone in plain Node (a framework's server imports only the one it uses), defines
// only its own element, and server-renders it; an element in another language renders English on the server (its
// table is loaded in the browser), or the strings it is given. Each entry runs in a process of its own: the custom
// element registry is per process.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';

const repo = new URL('../../', import.meta.url);
const run = (source) => {
  const { status, stdout, stderr } = spawnSync(process.execPath, ['--input-type=module', '-e', source], { cwd: repo, encoding: 'utf8' });
  assert.equal(status, 0, stderr);
  return JSON.parse(stdout);
};
const tags = ['session-awareness', 'session-list', 'session-signed-out-reason'];
const defined = `${JSON.stringify(tags)}.filter((tag) => customElements.get(tag))`;

for (const [entry, tag, className] of [
  ['notices', 'session-awareness', 'SessionAwareness'],
  ['list', 'session-list', 'SessionList'],
  ['signed-out-reason', 'session-signed-out-reason', 'SessionSignedOutReason'],
]) {
  test(`session-awareness/${entry} imports alone in plain Node and defines <${tag}> only`, () => {
    const result = run(`const entry = await import('./dist/${entry}.js'); console.log(JSON.stringify({ exported: typeof entry.${className}, defined: ${defined} }));`);
    assert.deepEqual(result, { exported: 'function', defined: [tag] });
  });
}

test('server rendering shows English for a German element, or the strings it is given', () => {
  const page = run(`
    const { render } = await import('@lit-labs/ssr');
    const { collectResult } = await import('@lit-labs/ssr/lib/render-result.js');
    const { html } = await import('lit');
    await import('./dist/list.js');
    const german = await collectResult(render(html\`<session-list hub-url="/hubs/session" lang="de"></session-list>\`));
    const given = await collectResult(render(html\`<session-list hub-url="/hubs/session" lang="de" .strings=\${{ loading: 'Ihre Sitzungen werden geladen …' }}></session-list>\`));
    console.log(JSON.stringify({ german, given }));
  `);
  assert.match(page.german, /Loading your sessions…/);
  assert.match(page.given, /Ihre Sitzungen werden geladen …/);
});
