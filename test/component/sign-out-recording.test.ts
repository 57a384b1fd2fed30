import { afterEach, describe, expect, it } from 'vitest';
import { SIGN_OUT_STORAGE_KEY } from '../../src/internal/sign-out-record.js';
import { MemoryDraftStore, TEST_DRAFT_KEY } from './support/fake-server.js';
import { mount, pastSignOutGrace, unmountAll } from './support/fixture.js';

// What <session-awareness> leaves for the sign-in page when it leaves a page because the session was ended,
// revoked or expired; <session-signed-out-reason> (its own tests) reads it there.
const stored = () => JSON.parse(sessionStorage.getItem(SIGN_OUT_STORAGE_KEY) ?? 'null') as Record<string, unknown> | null;

afterEach(() => {
  unmountAll();
  document.querySelector('#page')?.remove();
  sessionStorage.clear();
});

function notesPage(): HTMLTextAreaElement {
  document.body.insertAdjacentHTML(
    'beforeend',
    '<div id="page"><form id="notes" action="/notes" method="post"><textarea name="notes"></textarea></form></div>',
  );
  return document.querySelector('textarea')!;
}

describe('recording why this page was signed out', () => {
  it('a kill from another device: the code and the device that ended it; the typed notes were not kept (issue 13)', async () => {
    const notes = notesPage();
    const store = new MemoryDraftStore();
    const f = await mount({ 'autosave-forms': '#notes', 'user-id': 'alice' }, undefined, (element) => (element.draftStore = store));
    f.hub.emit('draftKey', TEST_DRAFT_KEY);
    await f.settle();
    notes.value = 'half a thought';
    notes.dispatchEvent(new Event('input', { bubbles: true }));
    await f.settle();
    expect(store.drafts.size).toBe(1);

    f.hub.emit('sessionEnded', 'This session was ended from another device.', {
      code: 'ended',
      endedBy: { browser: 'Chrome 156', device: 'Linux' },
    });
    await f.settle();

    expect(f.location.reloads).toBe(1);
    expect(stored()).toEqual({ code: 'ended', endedBy: 'Chrome 156 on Linux', draftsKept: false, at: f.clock.now() });
    expect(store.drafts.size).toBe(0);
  });

  it('expired: the typed notes were kept', async () => {
    const notes = notesPage();
    const store = new MemoryDraftStore();
    const f = await mount({ 'autosave-forms': '#notes', 'user-id': 'alice' }, undefined, (element) => (element.draftStore = store));
    f.hub.emit('draftKey', TEST_DRAFT_KEY);
    await f.settle();
    notes.value = 'half a thought';

    f.hub.emit('sessionEnded', 'Your session expired.', { code: 'expired' });
    await f.settle();

    expect(stored()).toMatchObject({ code: 'expired', draftsKept: true });
    expect(store.drafts.size).toBe(1);
  });

  it('revoked by the server with nothing typed: no device, drafts not claimed', async () => {
    notesPage();
    const f = await mount(
      { 'autosave-forms': '#notes', 'user-id': 'alice' },
      undefined,
      (element) => (element.draftStore = new MemoryDraftStore()),
    );

    f.hub.emit('sessionEnded', 'Signed out for security.', { code: 'revoked' });
    await f.settle();

    expect(stored()).toMatchObject({ code: 'revoked', draftsKept: false });
    expect(stored()).not.toHaveProperty('endedBy');
  });

  it('an older server without a code: nothing is recorded (the server redirect still tells why)', async () => {
    const f = await mount();

    f.hub.emit('sessionEnded', 'bye');
    await pastSignOutGrace(f);

    expect(f.location.reloads).toBe(1);
    expect(stored()).toBeNull();
  });

  it('ended-action="none" stays on the page and records nothing', async () => {
    const f = await mount({ 'ended-action': 'none' });

    f.hub.emit('sessionEnded', 'bye', { code: 'ended' });
    await f.settle();

    expect(f.location.reloads).toBe(0);
    expect(stored()).toBeNull();
  });
});
