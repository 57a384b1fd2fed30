// Tree-shaking as an app meets it: a Vite app that imports one entry of the package (through its `exports`, as
// npm installs it) ships that element's code only. Every chunk of the built app is searched, lazy ones included.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildApp } from '../../scripts/app-bundle.mjs';

// What only each element's code contains: its tag's define() and one of its English labels.
const marks = {
  'session-awareness': [/define\(\s*["'`]session-awareness["'`]/, /Stay signed in/],
  'session-list': [/define\(\s*["'`]session-list["'`]/, /Sign out all other sessions/],
  'session-signed-out-reason': [/define\(\s*["'`]session-signed-out-reason["'`]/, /You were signed out from another device/],
};
const hubClient = /HubConnectionBuilder|WebSocketTransport|new HubConnection|"Cannot start a HubConnection/;

async function appCode(entry) {
  const chunks = await buildApp(`import 'session-awareness/${entry}';\n`);
  return { entry: chunks[0].code, all: chunks.map((chunk) => chunk.code).join('\n') };
}

for (const [entry, tag] of [
  ['notices', 'session-awareness'],
  ['list', 'session-list'],
  ['signed-out-reason', 'session-signed-out-reason'],
]) {
  test(`an app importing only session-awareness/${entry} ships <${tag}> and no other element's code`, async () => {
    const code = await appCode(entry);
    for (const mark of marks[tag]) assert.match(code.entry, mark, `${tag}: ${mark}`);
    for (const [other, otherMarks] of Object.entries(marks)) {
      if (other === tag) continue;
      for (const mark of otherMarks) assert.doesNotMatch(code.all, mark, `${other} code in the ${entry} app: ${mark}`);
    }
    if (entry === 'signed-out-reason') assert.doesNotMatch(code.all, hubClient, 'the sign-in page app carries the hub client');
    else assert.match(code.entry, hubClient);
  });
}

// What a page of notices only does not run: the expiry code (its warning's dialog and the cross-tab check before it)
// and the IndexedDB draft store are lazy chunks of the notices app, fetched by a page with keepalive-url or status-url,
// or one that drafts forms (or wipes drafts).
const expiryMarks = [/aria-labelledby="expiry-heading"/, /session-awareness:warning-check:/];
const draftStoreMark = /indexedDB\.open/;

test('the notices app keeps the expiry code and the IndexedDB store out of its entry chunk, in chunks of their own', async () => {
  const chunks = await buildApp(`import 'session-awareness/notices';\n`);
  const [entry, ...lazy] = chunks;
  for (const mark of [...expiryMarks, draftStoreMark]) assert.doesNotMatch(entry.code, mark, `in the entry chunk: ${mark}`);
  const expiryChunks = lazy.filter((chunk) => expiryMarks.every((mark) => mark.test(chunk.code)));
  assert.equal(expiryChunks.length, 1, 'one chunk holds the expiry code');
  assert.equal(lazy.filter((chunk) => draftStoreMark.test(chunk.code)).length, 1, 'one chunk holds the IndexedDB store');
  assert.match(entry.code, /Stay signed in/, "the warning's labels stay in the English table of the entry");
});
