import { afterEach, describe, expect, it } from 'vitest';
// The element fetches its drafting code on demand (drafts.ts; test/component/lazy-chunks.test.ts covers that): here
// it is loaded up front, as a page that drafts has it long before the user types, so these tests are about drafting.
import '../../src/components/session-awareness/drafts/draft-controller.js';
import { captureFields, isDraftable, restoreFields } from '../../src/components/session-awareness/drafts/form-fields.js';
import { IndexedDbDraftStore } from '../../src/components/session-awareness/drafts/draft-store.js';
import { FakeHub } from './support/fake-hub.js';
import { importDraftKey, isSealed, sealDraft, type SealedDraft } from '../../src/components/session-awareness/drafts/draft-crypto.js';
import { MemoryDraftStore, OTHER_DRAFT_KEY, readDraft, TEST_DRAFT_KEY } from './support/fake-server.js';
import { mount, pastSignOutGrace, record, settle, unmountAll } from './support/fixture.js';

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
    form.querySelector<HTMLOptionElement>('option[value="b"]')!.selected = true;
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
    expect(form.querySelector<HTMLInputElement>('input[value="l"]')!.checked).toBe(true);
  });
});

describe('drafts in the element', () => {
  async function mountDrafts(store: MemoryDraftStore, userId = 'alice', key: string | null = TEST_DRAFT_KEY) {
    const f = await mount({ 'autosave-forms': '#notes-form', 'user-id': userId, 'logout-url': '/logout' }, new FakeHub(), (element) => {
      element.draftStore = store;
    });
    // The hub sends the key right after sessionExpiry, on every connect.
    if (key) {
      f.hub.emit('draftKey', key);
      await f.settle();
    }
    return f;
  }
  const keyId = async (key = TEST_DRAFT_KEY) => (await importDraftKey(key)).id;
  const notesKey = async (user = 'alice', key = TEST_DRAFT_KEY) => `${await keyId(key)}|${user}|${location.pathname}|notes-form`;
  const nextVisit = (): HTMLFormElement => {
    unmountAll();
    document.querySelector('#page')!.remove();
    return page();
  };
  // Every byte the store holds, as text: what someone reading this browser's IndexedDB could see.
  const rawBytes = (store: MemoryDraftStore): string =>
    [...store.drafts]
      .map(([key, value]) => {
        const { iv, data, ...rest } = value as SealedDraft;
        return key + JSON.stringify(rest) + new TextDecoder('latin1').decode(data) + new TextDecoder('latin1').decode(iv);
      })
      .join('');

  it('keeps what the user types encrypted, restores it once the key arrives on the next visit, and clears it on submit', async () => {
    const store = new MemoryDraftStore();
    let form = page();
    let f = await mountDrafts(store);
    type(form, 'notes', 'my unsaved text');
    type(form, 'password', 'hunter2');
    await f.settle();
    const [[key, sealed]] = await store.entries();
    expect(key).toBe(await notesKey());
    expect(isSealed(sealed)).toBe(true);
    expect((sealed as SealedDraft).keyId).toBe(await keyId());
    expect(rawBytes(store)).not.toContain('my unsaved text');
    expect(rawBytes(store)).not.toContain(TEST_DRAFT_KEY);
    const draft = await readDraft(store, key);
    expect(draft?.fields.notes).toBe('my unsaved text');
    expect(JSON.stringify(draft)).not.toContain('hunter2');
    expect(JSON.stringify(draft)).not.toContain('token-of-old-session');

    // Next visit (after signing in again): nothing is restored until the hub sends the key.
    form = nextVisit();
    f = await mountDrafts(store, 'alice', null);
    expect((form.elements.namedItem('notes') as HTMLTextAreaElement).value).toBe('');
    f.hub.emit('draftKey', TEST_DRAFT_KEY);
    await f.settle();
    expect((form.elements.namedItem('notes') as HTMLTextAreaElement).value).toBe('my unsaved text');
    expect(f.root.querySelector('[part~="restored"]')!.textContent).toContain('Your unsaved changes were restored.');

    form.requestSubmit();
    await f.settle();
    expect(await store.entries()).toEqual([]);
  });

  it('a fresh IV for every record: the same text twice is two different ciphertexts', async () => {
    const store = new MemoryDraftStore();
    const form = page();
    const f = await mountDrafts(store);
    type(form, 'notes', 'same');
    await f.settle();
    const first = structuredClone(store.drafts.get(await notesKey())) as SealedDraft;
    type(form, 'notes', 'same');
    await f.settle();
    const second = store.drafts.get(await notesKey()) as SealedDraft;
    expect(first.iv).toHaveLength(12);
    expect([...second.iv]).not.toEqual([...first.iv]);
    expect([...new Uint8Array(second.data)]).not.toEqual([...new Uint8Array(first.data)]);
  });

  it('saves nothing without the key', async () => {
    const store = new MemoryDraftStore();
    const form = page();
    const f = await mountDrafts(store, 'alice', null);
    type(form, 'notes', 'typed before any key');
    await f.settle();
    expect(await store.entries()).toEqual([]);
  });

  it('a record under another key (another user of this browser) is never decrypted or shown, nor deleted', async () => {
    const store = new MemoryDraftStore();
    let form = page();
    await mountDrafts(store, 'alice');
    type(form, 'notes', 'alice wrote this');
    await settle();
    // The same user-id with another key, and another user with theirs: neither sees it.
    for (const [user, key] of [
      ['alice', OTHER_DRAFT_KEY],
      ['bob', OTHER_DRAFT_KEY],
    ]) {
      form = nextVisit();
      const f = await mountDrafts(store, user, key);
      expect((form.elements.namedItem('notes') as HTMLTextAreaElement).value).toBe('');
      expect(f.root.querySelector('[part~="restored"]')).toBeNull();
    }
    // Even copied to where the other key's record would be, it is not decrypted: its key id is not that key's.
    store.drafts.set(await notesKey('alice', OTHER_DRAFT_KEY), store.drafts.get(await notesKey()));
    form = nextVisit();
    await mountDrafts(store, 'alice', OTHER_DRAFT_KEY);
    expect((form.elements.namedItem('notes') as HTMLTextAreaElement).value).toBe('');
    expect((await readDraft(store, await notesKey()))?.fields.notes).toBe('alice wrote this');
  });

  it('a record moved to another form’s place does not decrypt (bound to its storage key)', async () => {
    const store = new MemoryDraftStore();
    let form = page();
    await mountDrafts(store);
    type(form, 'notes', 'for notes-form only');
    await settle();
    const sealed = store.drafts.get(await notesKey())!;
    store.drafts.clear();
    const elsewhere = `${await keyId()}|alice|/elsewhere|notes-form`;
    store.drafts.set(elsewhere, sealed);
    expect(await readDraft(store, elsewhere)).toBeUndefined();
    form = nextVisit();
    await mountDrafts(store);
    expect((form.elements.namedItem('notes') as HTMLTextAreaElement).value).toBe('');
  });

  it('drops drafts older than 7 days, and any record that is not a sealed draft (plaintext of an older version)', async () => {
    const store = new MemoryDraftStore();
    const form = page();
    const f0 = await mountDrafts(store);
    const old = await sealDraft(await importDraftKey(TEST_DRAFT_KEY), await notesKey(), {
      savedAt: f0.clock.now() - 8 * 24 * 3_600_000,
      fields: { notes: 'old' },
    });
    await store.put(await notesKey(), old);
    store.drafts.set(`alice|${location.pathname}|notes-form`, { savedAt: f0.clock.now(), fields: { notes: 'plaintext' } });
    unmountAll();
    const f = await mountDrafts(store);
    expect((form.elements.namedItem('notes') as HTMLTextAreaElement).value).toBe('');
    expect(await store.entries()).toEqual([]);
    expect(f.root.querySelector('[part~="restored"]')).toBeNull();
  });

  it("removes the user's drafts on explicit sign out, and saves nothing after it", async () => {
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

  it('on sessionEnded without a code (older server), fires session-autosave (reason ended) and saves before reloading', async () => {
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
    expect((await readDraft(store, await notesKey()))?.fields.notes).toBe('typed but no input event yet');
    expect(f.location.reloads).toBe(0); // waiting for the host's save
    finishHostSave();
    await pastSignOutGrace(f);
    expect(f.location.reloads).toBe(1);
  });

  for (const code of ['ended', 'revoked'] as const) {
    it(`on sessionEnded "${code}": deletes the user's drafts on this device before leaving, and saves nothing`, async () => {
      const store = new MemoryDraftStore();
      const form = page();
      const f = await mountDrafts(store);
      type(form, 'notes', 'typed on a device that is no longer trusted');
      await f.settle();
      // Another user's draft on this browser is theirs: it stays.
      const bobs = await sealDraft(await importDraftKey(OTHER_DRAFT_KEY), 'bob-record', {
        savedAt: f.clock.now(),
        fields: { notes: 'bob' },
      });
      await store.put(`${await keyId(OTHER_DRAFT_KEY)}|bob|/|notes-form`, bobs);
      (form.elements.namedItem('notes') as HTMLTextAreaElement).value = 'typed, no input event yet';
      let entriesWhenLeaving: unknown[] | undefined;
      f.location.reload = () => void (entriesWhenLeaving = [...store.drafts.keys()]);

      f.hub.emit('sessionEnded', 'Ended elsewhere', { code });
      type(form, 'notes', 'typed while ending');
      await f.settle();

      expect(entriesWhenLeaving).toEqual([`${await keyId(OTHER_DRAFT_KEY)}|bob|/|notes-form`]);
      expect([...store.drafts.keys()]).toEqual([`${await keyId(OTHER_DRAFT_KEY)}|bob|/|notes-form`]);
    });
  }

  it("ended before any key arrived: deletes every draft of the origin's store (whose they are cannot be told)", async () => {
    const store = new MemoryDraftStore();
    page();
    const f = await mountDrafts(store, 'alice', null);
    const sealed = await sealDraft(await importDraftKey(OTHER_DRAFT_KEY), 'x', { savedAt: f.clock.now(), fields: { notes: 'x' } });
    await store.put('someone|/|notes-form', sealed);
    f.hub.emit('sessionEnded', 'Ended elsewhere', { code: 'ended' });
    await f.settle();
    expect(f.location.reloads).toBe(1);
    expect(await store.entries()).toEqual([]);
  });

  it('another tab that heard "ended" first tells this one the code: it deletes too, it does not save', async () => {
    const store = new MemoryDraftStore();
    const form = page();
    const f = await mountDrafts(store);
    type(form, 'notes', 'typed');
    await f.settle();
    const otherTab = new BroadcastChannel('session-awareness:/hubs/session');
    otherTab.postMessage({ type: 'ended', code: 'ended' });
    await f.settle();
    otherTab.close();
    expect(f.location.reloads).toBe(1);
    expect(await store.entries()).toEqual([]);
  });

  it('drops a malformed draftKey with a protocol error, and keeps drafts off', async () => {
    const store = new MemoryDraftStore();
    const form = page();
    const f = await mountDrafts(store, 'alice', null);
    const errors = record(f.element, 'session-protocol-error');
    for (const bad of [42, 'short', TEST_DRAFT_KEY + 'A', TEST_DRAFT_KEY.slice(0, 42) + 'B', TEST_DRAFT_KEY.slice(0, 42) + '=', null])
      f.hub.emit('draftKey', bad);
    f.hub.emit('draftKey', TEST_DRAFT_KEY, 'extra');
    await f.settle();
    expect(errors.map((event) => event.method)).toEqual(Array(7).fill('draftKey'));
    type(form, 'notes', 'x');
    await f.settle();
    expect(await store.entries()).toEqual([]);
  });

  it('is off without user-id', async () => {
    const store = new MemoryDraftStore();
    const form = page();
    const f = await mount({ 'autosave-forms': '#notes-form' }, new FakeHub(), (element) => (element.draftStore = store));
    f.hub.emit('draftKey', TEST_DRAFT_KEY);
    type(form, 'notes', 'x');
    await f.settle();
    expect(await store.entries()).toEqual([]);
  });
});

describe('IndexedDbDraftStore', () => {
  it('stores, reads, lists and deletes by prefix in real IndexedDB; sealed records survive the round trip', async () => {
    const store = new IndexedDbDraftStore(`test-${Math.random()}`);
    const key = await importDraftKey(TEST_DRAFT_KEY);
    await store.put('alice|/|a', await sealDraft(key, 'alice|/|a', { savedAt: 1, fields: { notes: 'one' } }));
    await store.put('alice|/|b', await sealDraft(key, 'alice|/|b', { savedAt: 2, fields: { notes: 'two' } }));
    await store.put('alicia|/|a', await sealDraft(key, 'alicia|/|a', { savedAt: 3, fields: { notes: 'three' } }));
    expect((await readDraft(store, 'alice|/|a'))?.fields.notes).toBe('one');
    await store.deletePrefix('alice|');
    expect((await store.entries()).map(([storageKey]) => storageKey)).toEqual(['alicia|/|a']);
    await store.deletePrefix('');
    expect(await store.entries()).toEqual([]);
  });
});
