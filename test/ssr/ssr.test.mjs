// Server rendering: the built npm package imports in plain Node without touching a DOM global, and
// @lit-labs/ssr renders its elements to HTML. Frameworks with SSR (Next, Nuxt, Astro, SvelteKit, Angular)
// import the package on the server; this is what they need.
import assert from 'node:assert/strict';
import { test } from 'node:test';

// Any read of these at import time would throw here: Node has none of them (Lit's Node build shims only
// HTMLElement and customElements, which the elements need to be defined).
for (const name of ['window', 'document', 'navigator', 'location', 'localStorage', 'sessionStorage', 'indexedDB']) {
  assert.equal(typeof globalThis[name], 'undefined', `${name} exists in this Node: the test would prove nothing`);
}

test('the package entry imports in plain Node and defines its three elements', async () => {
  const entry = await import('../../dist/session-awareness.js');
  assert.equal(typeof entry.SessionAwareness, 'function');
  assert.equal(typeof entry.SessionList, 'function');
  assert.equal(typeof entry.SessionSignedOutReason, 'function');
  for (const tag of ['session-awareness', 'session-list', 'session-signed-out-reason']) {
    assert.ok(globalThis.customElements.get(tag), `${tag} is defined`);
  }
});

test('@lit-labs/ssr server-renders each element with its declarative shadow root', async () => {
  const { render } = await import('@lit-labs/ssr');
  const { collectResult } = await import('@lit-labs/ssr/lib/render-result.js');
  const { html } = await import('lit');
  await import('../../dist/session-awareness.js');

  const page = await collectResult(
    render(html`
      <session-awareness hub-url="/hubs/session" lang="en"></session-awareness>
      <session-list hub-url="/hubs/session"></session-list>
      <session-signed-out-reason idle-minutes="15"><p>fallback</p></session-signed-out-reason>
    `),
  );

  assert.match(page, /<session-awareness[^>]*hub-url="\/hubs\/session"[^>]*>\s*<template shadowroot(mode)?="open"/);
  assert.match(page, /<session-list[^>]*>\s*<template shadowroot(mode)?="open"[\s\S]*Loading your sessions…/);
  assert.match(page, /<session-signed-out-reason[^>]*>\s*<template shadowroot(mode)?="open"[\s\S]*<slot/);
  assert.match(page, /<p>fallback<\/p>/);
});
