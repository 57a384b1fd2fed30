import { afterEach, describe, expect, it } from 'vitest';
import '../../src/components/session-list/define.js';
import '../../src/components/signed-out-reason/define.js';
import { recordSignOut, SIGN_OUT_STORAGE_KEY } from '../../src/internal/sign-out-record.js';
import { visibleText } from '../../src/internal/visible-text.js';
import { FakeHub } from './support/fake-hub.js';
import { mount, settle, unmountAll } from './support/fixture.js';
import { INVISIBLE_CHARACTER, PHISHING_STRINGS } from './support/hostile-strings.js';
import { ManualClock } from './support/manual-clock.js';

// Everything a shadow root shows or names: its text and its aria-label/title attributes.
// Template line breaks are the elements' own; every other control or format character would be the server's.
const SHOWN_INVISIBLE = /\p{Cf}|(?!\n)\p{Cc}/u;

function shownText(root: ShadowRoot): string {
  const labels = [...root.querySelectorAll('[aria-label], [title]')].map(
    (node) => `${node.getAttribute('aria-label') ?? ''} ${node.getAttribute('title') ?? ''}`,
  );
  return [root.textContent, ...labels].join('\n');
}

afterEach(() => {
  unmountAll();
  for (const element of document.querySelectorAll('session-list, session-signed-out-reason')) element.remove();
  sessionStorage.clear();
});

describe('visibleText', () => {
  it('removes Cc and Cf characters, turns breaks and tabs into spaces, and keeps ordinary text and spaces', () => {
    expect(visibleText('Invoice\u202Egnp.exe')).toBe('Invoicegnp.exe');
    expect(visibleText('pay\u200Bpal\u200C.\u200Dcom\uFEFF')).toBe('paypal.com');
    expect(visibleText('line\nbreak\ttab')).toBe('line break tab');
    expect(visibleText('Chrome 156 on Linux · Zürich — 東京 🙂')).toBe('Chrome 156 on Linux · Zürich — 東京 🙂');
    for (const text of PHISHING_STRINGS) expect(visibleText(text), JSON.stringify(text)).not.toMatch(INVISIBLE_CHARACTER);
  });
});

describe('no invisible or reordering character reaches the screen', () => {
  it('in notices: message, browser, device and location', async () => {
    const f = await mount({ 'max-notices': '20' });
    PHISHING_STRINGS.forEach((text, i) =>
      f.hub.emit('sessionRegistered', `Signed in ${text}`, `p${i}`, { browser: text, device: text, location: text }),
    );
    await f.settle();
    expect(f.notices()).toHaveLength(PHISHING_STRINGS.length);
    expect(shownText(f.root)).toContain('Invoicegnp.exe');
    expect(shownText(f.root)).not.toMatch(SHOWN_INVISIBLE);
  });

  it('in allow-html messages', async () => {
    const f = await mount({ 'allow-html': '', 'max-notices': '20' });
    PHISHING_STRINGS.forEach((text, i) => f.hub.emit('sessionRegistered', `<b>${text}</b>`, `p${i}`));
    await f.settle();
    expect(f.root.querySelectorAll('b')).toHaveLength(PHISHING_STRINGS.length);
    expect(shownText(f.root)).not.toMatch(SHOWN_INVISIBLE);
  });

  it('in the sessionEnded reason', async () => {
    const f = await mount({ 'ended-action': 'none' });
    f.hub.emit('sessionEnded', PHISHING_STRINGS.join(' '));
    await f.settle();
    expect(f.root.querySelector('[part="ended"]')!.textContent).toContain('Invoicegnp.exe');
    expect(shownText(f.root)).not.toMatch(SHOWN_INVISIBLE);
  });

  it('in <session-list> rows and their labels', async () => {
    const hub = new FakeHub();
    const list = document.createElement('session-list');
    list.hubFactory = hub.factory;
    list.clock = new ManualClock();
    list.setAttribute('hub-url', '/hubs/session');
    document.body.append(list);
    await settle(list as never);
    hub.emit(
      'sessionsList',
      PHISHING_STRINGS.map((text, i) => ({ sessionId: `p${i}`, current: i === 0, browser: text, device: text, os: text, location: text })),
    );
    await settle(list as never);
    expect(list.shadowRoot!.querySelectorAll('[part~="session"]')).toHaveLength(PHISHING_STRINGS.length);
    expect(shownText(list.shadowRoot!)).toContain('Invoicegnp.exe');
    expect(shownText(list.shadowRoot!)).not.toMatch(SHOWN_INVISIBLE);
  });

  it("in the sign-in page's reason (endedBy), whether from the hub's record or written by any script", async () => {
    for (const text of PHISHING_STRINGS) {
      // Written raw, as another script of the origin (or an older version) could.
      sessionStorage.setItem(SIGN_OUT_STORAGE_KEY, JSON.stringify({ code: 'ended', endedBy: text, draftsKept: false, at: Date.now() }));
      const element = document.createElement('session-signed-out-reason');
      document.body.append(element);
      await element.updateComplete;
      const shown = shownText(element.shadowRoot!);
      expect(shown, JSON.stringify(text)).toContain('another device');
      expect(shown, JSON.stringify(text)).not.toMatch(SHOWN_INVISIBLE);
      element.remove();
    }
    expect(recordSignOut(sessionStorage, { code: 'ended', endedBy: '\u202Egnp.exe', draftsKept: false, at: Date.now() })).toBe(true);
    expect(sessionStorage.getItem(SIGN_OUT_STORAGE_KEY)).not.toMatch(/\\u202e|\u202E/i);
  });
});
