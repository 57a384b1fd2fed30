// Issue 15: what a page may not need loads on demand. Language tables, per element and language, the first time an
// element renders in it: an English page fetches none, a German one only the German table of the element it shows,
// and a table that cannot load leaves the element in English (one console line), never blank. The drafting code,
// only on a page that drafts forms (or when drafts must be wiped).
import { afterEach, describe, expect, it, vi } from 'vitest';
import '../../src/components/signed-out-reason/define.js';
import { loadTable, tableFailed } from '../../src/i18n/tables.js';
import { TABLE_WAIT_MS } from '../../src/internal/element-language.js';
import { mount, unmountAll } from './support/fixture.js';

// The language modules this page has requested so far (Vite serves each table as its own module here, as a bundler
// makes each a chunk of its own).
const tablesFetched = (): string[] =>
  performance
    .getEntriesByType('resource')
    .map((entry) => /\/i18n\/(de|fr|es)\/([a-z-]+)\.ts/.exec(entry.name))
    .filter((match) => match !== null)
    .map((match) => `${match[1]}/${match[2]}`);

afterEach(() => unmountAll());

describe('lazy language tables', () => {
  it('an English page fetches no table; a German element fetches only its own German table, before it first renders', async () => {
    const english = await mount({ 'hub-url': '/hubs/session' }, undefined, undefined, { preloadDrafting: false });
    english.hub.emit('sessionRegistered', 'Signed in on Firefox', 'other-1');
    await english.settle();
    expect(english.root.textContent).toContain('End session');
    expect(tablesFetched()).toEqual([]);

    const german = await mount({ 'hub-url': '/hubs/session', lang: 'de' }, undefined, undefined, { preloadDrafting: false });
    german.hub.emit('sessionRegistered', 'Angemeldet mit Firefox', 'other-2');
    await german.settle();
    expect(german.root.textContent).toContain('Sitzung beenden');
    expect(german.root.textContent).not.toContain('End session');
    expect(tablesFetched()).toEqual(['de/session-awareness']);
  });

  it('the first render waits for the table: a French reason is never shown in English first', async () => {
    const element = document.createElement('session-signed-out-reason');
    element.search = '?signedOutReason=revoked';
    element.setAttribute('lang', 'fr');
    const seen: string[] = [];
    const observer = new MutationObserver(() => seen.push(element.shadowRoot?.textContent ?? ''));
    document.body.append(element);
    observer.observe(element.shadowRoot!, { childList: true, subtree: true, characterData: true });
    await element.updateComplete;
    observer.disconnect();
    expect(element.shadowRoot!.textContent).toContain('Votre session a été fermée pour protéger votre compte.');
    expect([...seen, element.shadowRoot!.textContent].join('\n')).not.toContain('You were signed out');
    expect(TABLE_WAIT_MS).toBeLessThanOrEqual(2000);
    element.remove();
  });
});

describe('the drafting code', () => {
  it('is not fetched by a page that drafts no form, connected, given a draft key and showing notices', async () => {
    const page = await mount({ 'hub-url': '/hubs/session', 'user-id': 'alice' }, undefined, undefined, { preloadDrafting: false });
    page.hub.emit('draftKey', 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    page.hub.emit('sessionRegistered', 'Signed in on Firefox', 'other-1');
    await page.settle();
    expect(page.root.textContent).toContain('End session');
    const fetched = performance.getEntriesByType('resource').map((entry) => entry.name);
    expect(fetched.filter((name) => /\/drafts\/(draft-controller|form-fields|draft-crypto)\.ts/.test(name))).toEqual([]);
    expect(fetched.some((name) => name.includes('/drafts/drafts.ts'))).toBe(true); // the small loader itself is there
  });
});

describe('a table that cannot load', () => {
  it('leaves the element in English with one console warning, and is asked for only once', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const refused = vi.fn(() => Promise.reject(new TypeError('Failed to fetch dynamically imported module')));
      expect(await loadTable({ name: 'signed-out-reason', load: refused }, 'es')).toBeUndefined();
      expect(await loadTable({ name: 'signed-out-reason', load: refused }, 'es')).toBeUndefined();
      expect(refused).toHaveBeenCalledTimes(1);
      expect(tableFailed('signed-out-reason', 'es')).toBe(true);
      const element = document.createElement('session-signed-out-reason');
      element.search = '?signedOutReason=revoked';
      element.setAttribute('lang', 'es');
      document.body.append(element);
      await element.updateComplete;
      expect(element.shadowRoot!.textContent).toContain("You were signed out for your account's security.");
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0][0])).toContain('the es labels of <signed-out-reason> could not be loaded; showing English');
      element.remove();
    } finally {
      warn.mockRestore();
    }
  });
});
