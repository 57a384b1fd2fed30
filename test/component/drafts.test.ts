import { afterEach, describe, expect, it } from 'vitest';
import { captureFields, isDraftable, restoreFields } from '../../src/drafts/form-fields.js';
import { IndexedDbDraftStore } from '../../src/drafts/draft-store.js';
import { FakeHub } from './support/fake-hub.js';
import { MemoryDraftStore } from './support/fake-server.js';
import { mount, record, unmountAll } from './support/fixture.js';

const FORM = `<form id="notes-form" action="/notes" method="post">
  <input type="hidden" name="__RequestVerificationToken" value="token-of-old-session">
  <input name="title" value="">
  <textarea name="notes"></textarea>
  <input type="password" name="password">
  <input type="file" name="attachment">
  <input name="otp" autocomplete="one-time-code">
  <input name="card" autocomplete="cc-number">
  <input name="secret" data-no-draft>
  <fieldset data-no-draft><input name="private-note"></fieldset>
  <input type="checkbox" name="urgent">
  <input type="radio" name="size" value="s"><input type="radio" name="size" value="l">
  <select name="tags" multiple><option value="a">a</option><option value="b">b</option></select>
  <button type="submit">Save</button>
</form>
<form id="logout" action="/logout" method="post"><button>Sign out</button></form>`;

function page(): HTMLFormElement {
  document.body.insertAdjacentHTML('beforeend', `<div id="page">${FORM}</div>`);
  document.querySelectorAll('form').forEach((form) => form.addEventListener('submit', (event) => event.preventDefault()));
  return document.querySelector<HTMLFormElement>('#notes-form')!;
}

function type(form: HTMLFormElement, name: string, value: string): void {
  const field = form.elements.namedItem(name) as HTMLInputElement;
  field.value = value;
  field.dispatchEvent(new Event('input', { bubbles: true }));
}

afterEach(() => {
  unmountAll();
  document.querySelector('#page')?.remove();
});

describe('form fields', () => {
  it('captures only what may be kept: never passwords, files, hidden tokens, one-time codes, cards or data-no-draft', () => {
    const form = page();
    for (const name of ['title', 'notes', 'password', 'otp', 'card', 'secret', 'private-note']) {
      (form.elements.namedItem(name) as HTMLInputElement).value = 'x';
    }
    (form.elements.namedItem('urgent') as HTMLInputElement).checked = true;
    (form.querySelector('option[value="b"]') as HTMLOptionElement).selected = true;
    expect(captureFields(form)).toEqual({
      title: 'x',
      notes: 'x',
      urgent: true,
      'size=s': false,
      'size=l': false,
      tags: ['b'],
    });
    expect(isDraftable(form.elements.namedItem('password') as Element)).toBe(false);
  });

  it('restores values as values, never as markup, into the same fields only', () => {
    const form = page();
    const changed = restoreFields(form, {
      notes: '<img src=x onerror="window.__pwned=1">',
      password: 'must not be restored',
      __RequestVerificationToken: 'stale',
      'size=l': true,
      tags: ['a', 'b'],
    });
    expect(changed).toBe(true);
    expect((form.elements.namedItem('notes') as HTMLTextAreaElement).value).toBe('<img src=x onerror="window.__pwned=1">');
    expect(form.querySelector('img')).toBeNull();
    expect((form.elements.namedItem('password') as HTMLInputElement).value).toBe('');
    expect((form.elements.namedItem('__RequestVerificationToken') as HTMLInputElement).value).toBe('token-of-old-session');
    expect((form.querySelector('input[value="l"]') as HTMLInputElement).checked).toBe(true);
  });
});

describe('drafts in the element', () => {
  async function mountDrafts(store: MemoryDraftStore, userId = 'alice') {
    return mount({ 'autosave-forms': '#notes-form', 'user-id': userId, 'logout-url': '/logout' }, new FakeHub(), (element) => {
      element.draftStore = store;
    });
  }

  it('keeps what the user types, restores it on the next visit with a notice, and clears it on submit', async () => {
    const store = new MemoryDraftStore();
    let form = page();
    let f = await mountDrafts(store);
    type(form, 'notes', 'my unsaved text');
    type(form, 'password', 'hunter2');
    await f.settle();
    const [[key, draft]] = await store.entries();
    expect(key).toBe(`alice|${location.pathname}|notes-form`);
    expect(draft.fields.notes).toBe('my unsaved text');
    expect(JSON.stringify(draft)).not.toContain('hunter2');
    expect(JSON.stringify(draft)).not.toContain('token-of-old-session');

    // Next visit (after signing in again): a fresh page and widget.
    unmountAll();
    document.querySelector('#page')!.remove();
    form = page();
    f = await mountDrafts(store);
    expect((form.elements.namedItem('notes') as HTMLTextAreaElement).value).toBe('my unsaved text');
    expect(f.root.querySelector('[part~="restored"]')!.textContent).toContain('Your unsaved changes were restored.');

    form.requestSubmit();
    await f.settle();
    expect(await store.entries()).toEqual([]);
  });

  it('keeps drafts per user: bob never gets alice\'s', async () => {
    const store = new MemoryDraftStore();
    let form = page();
    await mountDrafts(store, 'alice');
    type(form, 'notes', 'alice wrote this');
    unmountAll();
    document.querySelector('#page')!.remove();
    form = page();
    const f = await mountDrafts(store, 'bob');
    expect((form.elements.namedItem('notes') as HTMLTextAreaElement).value).toBe('');
    expect(f.root.querySelector('[part~="restored"]')).toBeNull();
  });

  it('drops drafts older than 7 days', async () => {
    const store = new MemoryDraftStore();
    const form = page();
    const f0 = await mountDrafts(store);
    await store.put(`alice|${location.pathname}|notes-form`, { savedAt: f0.clock.now() - 8 * 24 * 3_600_000, fields: { notes: 'old' } });
    unmountAll();
    const f = await mountDrafts(store);
    expect((form.elements.namedItem('notes') as HTMLTextAreaElement).value).toBe('');
    expect(await store.entries()).toEqual([]);
    expect(f.root.querySelector('[part~="restored"]')).toBeNull();
  });

  it('removes the user\'s drafts on explicit sign out, and saves nothing after it', async () => {
    const store = new MemoryDraftStore();
    const form = page();
    const f = await mountDrafts(store);
    type(form, 'notes', 'typed');
    await f.settle();
    expect((await store.entries()).length).toBe(1);
    document.querySelector<HTMLFormElement>('#logout')!.requestSubmit();
    await f.settle();
    expect(await store.entries()).toEqual([]);
    type(form, 'notes', 'typed after sign out');
    f.hub.emit('sessionEnded', 'You signed out.');
    await f.settle();
    expect(await store.entries()).toEqual([]);
  });

  it('on sessionEnded, fires session-autosave (reason ended) and saves before reloading', async () => {
    const store = new MemoryDraftStore();
    const form = page();
    const f = await mountDrafts(store);
    (form.elements.namedItem('notes') as HTMLTextAreaElement).value = 'typed but no input event yet';
    const reasons: string[] = [];
    let finishHostSave!: () => void;
    record(f.element, 'session-autosave', (event) => {
      reasons.push(event.detail.reason);
      event.detail.waitUntil(new Promise<void>((resolve) => (finishHostSave = resolve)));
    });
    f.hub.emit('sessionEnded', 'Ended elsewhere');
    await f.settle();
    expect(reasons).toEqual(['ended']);
    expect((await store.get(`alice|${location.pathname}|notes-form`))?.fields.notes).toBe('typed but no input event yet');
    expect(f.location.reloads).toBe(0); // waiting for the host's save
    finishHostSave();
    await f.settle();
    expect(f.location.reloads).toBe(1);
  });

  it('is off without user-id (no user may see another\'s drafts)', async () => {
    const store = new MemoryDraftStore();
    const form = page();
    const f = await mount({ 'autosave-forms': '#notes-form' }, new FakeHub(), (element) => (element.draftStore = store));
    type(form, 'notes', 'x');
    await f.settle();
    expect(await store.entries()).toEqual([]);
  });
});

describe('IndexedDbDraftStore', () => {
  it('stores, reads, lists and deletes by prefix in real IndexedDB', async () => {
    const store = new IndexedDbDraftStore(`test-${Math.random()}`);
    await store.put('alice|/|a', { savedAt: 1, fields: { notes: 'one' } });
    await store.put('alice|/|b', { savedAt: 2, fields: { notes: 'two' } });
    await store.put('alicia|/|a', { savedAt: 3, fields: { notes: 'three' } });
    expect((await store.get('alice|/|a'))?.fields.notes).toBe('one');
    await store.deletePrefix('alice|');
    expect((await store.entries()).map(([key]) => key)).toEqual(['alicia|/|a']);
  });
});
