import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ENDED_BY_LIMIT,
  SIGN_OUT_CODES,
  SIGN_OUT_MAX_AGE_MS,
  SIGN_OUT_STORAGE_KEY,
  normalizeEndedBy,
  parseSignOutCode,
  recordSignOut,
  signOutCodeFromUrl,
  takeSignOut,
  type SignOutRecord,
} from '../../src/internal/sign-out-record.js';
import { DEFAULT_SIGNED_OUT_STRINGS, describeSignOut } from '../../src/i18n/signed-out-reason.js';
import { SessionSignedOutReason } from '../../src/components/signed-out-reason/signed-out-reason.js';
import { defineSessionSignedOutReason } from '../../src/components/signed-out-reason/define.js';
import { HOSTILE_STRINGS } from './support/hostile-strings.js';

declare global {
  interface Window {
    __pwned?: unknown;
  }
}

const NOW = Date.UTC(2026, 10, 21, 12, 0, 0);
const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** An in-memory Storage, so tests do not share the page's sessionStorage. */
class MemoryStorage implements Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> {
  readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.has(key) ? this.items.get(key)! : null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
}

/** A Storage as a sandboxed frame or strict privacy settings give it: every method throws. */
const blockedStorage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> = {
  getItem: () => {
    throw new DOMException('blocked', 'SecurityError');
  },
  setItem: () => {
    throw new DOMException('blocked', 'SecurityError');
  },
  removeItem: () => {
    throw new DOMException('blocked', 'SecurityError');
  },
};

const record = (overrides: Partial<SignOutRecord> = {}): SignOutRecord => ({
  code: 'ended',
  endedBy: 'Firefox 130 on Windows',
  draftsKept: false,
  at: NOW,
  ...overrides,
});

const mounted: HTMLElement[] = [];

/** Mounts `<session-signed-out-reason>` with injected storage, clock and query string. */
async function mountReason(
  options: {
    storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null;
    search?: string;
    attributes?: Record<string, string>;
    light?: string;
    configure?: (element: SessionSignedOutReason) => void;
  } = {},
): Promise<SessionSignedOutReason> {
  const element = document.createElement('session-signed-out-reason');
  element.storage = options.storage === undefined ? new MemoryStorage() : options.storage;
  element.now = () => NOW;
  element.search = options.search ?? '';
  for (const [name, value] of Object.entries(options.attributes ?? {})) element.setAttribute(name, value);
  if (options.light !== undefined) element.innerHTML = options.light;
  options.configure?.(element);
  document.body.append(element);
  mounted.push(element);
  await element.updateComplete;
  return element;
}

const message = (element: SessionSignedOutReason) => element.shadowRoot!.querySelector<HTMLElement>('[part="message"]');
const sentences = (element: SessionSignedOutReason) =>
  Array.from(element.shadowRoot!.querySelectorAll('[part="message"] > p'), (p) => p.textContent);

beforeEach(() => {
  delete window.__pwned;
});
afterEach(async () => {
  await tick(); // give any injected onerror/onload its chance before checking
  expect(window.__pwned).toBeUndefined();
  for (const element of mounted.splice(0)) element.remove();
});

describe('sign-out record', () => {
  it('round-trips through storage and is consumed once', () => {
    const storage = new MemoryStorage();
    expect(recordSignOut(storage, record({ draftsKept: true }))).toBe(true);
    expect(JSON.parse(storage.getItem(SIGN_OUT_STORAGE_KEY)!)).toEqual(record({ draftsKept: true }));
    expect(takeSignOut(storage, NOW + 5_000)).toEqual(record({ draftsKept: true }));
    expect(storage.getItem(SIGN_OUT_STORAGE_KEY)).toBeNull();
    expect(takeSignOut(storage, NOW + 6_000)).toBeUndefined();
  });

  it('keeps a record without endedBy, and drops empty or whitespace device text', () => {
    const storage = new MemoryStorage();
    recordSignOut(storage, { code: 'expired', draftsKept: false, at: NOW });
    expect(takeSignOut(storage, NOW)).toEqual({ code: 'expired', draftsKept: false, at: NOW });
    recordSignOut(storage, record({ endedBy: '   ' }));
    expect(takeSignOut(storage, NOW)).toEqual({ code: 'ended', draftsKept: false, at: NOW });
  });

  it('caps endedBy on write and on read', () => {
    const storage = new MemoryStorage();
    recordSignOut(storage, record({ endedBy: '😀'.repeat(500) }));
    const taken = takeSignOut(storage, NOW)!;
    expect(Array.from(taken.endedBy!)).toHaveLength(ENDED_BY_LIMIT);
    expect(taken.endedBy!.endsWith('…')).toBe(true);
    // Written by something else (an older version, another script of the origin): capped too.
    storage.setItem(SIGN_OUT_STORAGE_KEY, JSON.stringify(record({ endedBy: 'x'.repeat(10_000) })));
    expect(Array.from(takeSignOut(storage, NOW)!.endedBy!)).toHaveLength(ENDED_BY_LIMIT);
  });

  it('writes nothing for an invalid record', () => {
    const storage = new MemoryStorage();
    const invalid = [
      { ...record(), code: 'hacked' },
      { ...record(), draftsKept: 'yes' },
      { ...record(), at: Number.NaN },
      { ...record(), at: '2026-11-21' },
    ] as unknown as SignOutRecord[];
    for (const value of invalid) expect(recordSignOut(storage, value)).toBe(false);
    expect(recordSignOut(storage, null as unknown as SignOutRecord)).toBe(false);
    expect(storage.items.size).toBe(0);
    expect(recordSignOut(undefined, record())).toBe(false);
  });

  const malformed: Array<[string, string]> = [
    ['not JSON', '{"code":"ended",'],
    ['JSON null', 'null'],
    ['a string', '"ended"'],
    ['an array', '["ended", false, 0]'],
    ['a number', '42'],
    ['no code', JSON.stringify({ draftsKept: false, at: NOW })],
    ['an unknown code', JSON.stringify({ code: 'pwned', draftsKept: false, at: NOW })],
    ['a code of another case', JSON.stringify({ code: 'Ended', draftsKept: false, at: NOW })],
    ['a code that is not a string', JSON.stringify({ code: ['ended'], draftsKept: false, at: NOW })],
    ['draftsKept not a boolean', JSON.stringify({ code: 'ended', draftsKept: 'true', at: NOW })],
    ['no draftsKept', JSON.stringify({ code: 'ended', at: NOW })],
    ['at not a number', JSON.stringify({ code: 'ended', draftsKept: false, at: String(NOW) })],
    ['no at', JSON.stringify({ code: 'ended', draftsKept: false })],
    ['endedBy not a string', JSON.stringify({ code: 'ended', endedBy: { toString: 1 }, draftsKept: false, at: NOW })],
    ['stale (over 10 minutes)', JSON.stringify(record({ at: NOW - SIGN_OUT_MAX_AGE_MS - 1 }))],
    ['in the future by over a minute', JSON.stringify(record({ at: NOW + 60_001 }))],
  ];
  for (const [name, raw] of malformed) {
    it(`gives undefined, and removes it, for ${name}`, () => {
      const storage = new MemoryStorage();
      storage.setItem(SIGN_OUT_STORAGE_KEY, raw);
      expect(() => takeSignOut(storage, NOW)).not.toThrow();
      expect(storage.getItem(SIGN_OUT_STORAGE_KEY)).toBeNull();
      storage.setItem(SIGN_OUT_STORAGE_KEY, raw);
      expect(takeSignOut(storage, NOW)).toBeUndefined();
    });
  }

  it('accepts a record just inside the age and skew limits', () => {
    const storage = new MemoryStorage();
    recordSignOut(storage, record({ at: NOW - SIGN_OUT_MAX_AGE_MS }));
    expect(takeSignOut(storage, NOW)?.code).toBe('ended');
    recordSignOut(storage, record({ at: NOW + 60_000 }));
    expect(takeSignOut(storage, NOW)?.code).toBe('ended');
  });

  it('drops unknown keys of a stored record', () => {
    const storage = new MemoryStorage();
    const raw = JSON.stringify({ ...record(), html: '<b>x</b>' }).replace('{', '{"__proto__":{"polluted":1},');
    storage.setItem(SIGN_OUT_STORAGE_KEY, raw);
    const taken = takeSignOut(storage, NOW)!;
    expect(taken).toEqual(record());
    expect(Object.keys(taken).sort()).toEqual(['at', 'code', 'draftsKept', 'endedBy']);
    expect((taken as unknown as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('never throws with missing or blocked storage, or a bad clock', () => {
    expect(recordSignOut(undefined, record())).toBe(false);
    expect(recordSignOut(blockedStorage, record())).toBe(false);
    expect(takeSignOut(undefined, NOW)).toBeUndefined();
    expect(takeSignOut(null, NOW)).toBeUndefined();
    expect(takeSignOut(blockedStorage, NOW)).toBeUndefined();
    const storage = new MemoryStorage();
    recordSignOut(storage, record());
    expect(takeSignOut(storage, Number.NaN)).toBeUndefined();
  });

  it('still shows a record once when only removeItem is blocked', () => {
    const storage = new MemoryStorage();
    recordSignOut(storage, record());
    storage.removeItem = () => {
      throw new DOMException('blocked', 'SecurityError');
    };
    expect(takeSignOut(storage, NOW)).toEqual(record());
  });

  it('works with the real sessionStorage', () => {
    sessionStorage.removeItem(SIGN_OUT_STORAGE_KEY);
    recordSignOut(sessionStorage, record({ code: 'revoked', endedBy: undefined }));
    expect(takeSignOut(sessionStorage, NOW)).toEqual({ code: 'revoked', draftsKept: false, at: NOW });
    expect(sessionStorage.getItem(SIGN_OUT_STORAGE_KEY)).toBeNull();
  });

  it('parses only the allow-listed codes', () => {
    expect(SIGN_OUT_CODES).toEqual(['ended', 'revoked', 'expired']);
    for (const code of SIGN_OUT_CODES) expect(parseSignOutCode(code)).toBe(code);
    for (const value of ['', 'END', 'ended ', 'toString', '__proto__', null, undefined, 1, {}, ['ended']]) {
      expect(parseSignOutCode(value)).toBeUndefined();
    }
  });

  it('normalizes device text', () => {
    expect(normalizeEndedBy('  Edge on Mac  ')).toBe('Edge on Mac');
    expect(normalizeEndedBy('')).toBeUndefined();
    expect(normalizeEndedBy(42)).toBeUndefined();
  });
});

describe('signOutCodeFromUrl', () => {
  const cases: Array<[string, string | undefined]> = [
    ['?signedOutReason=ended', 'ended'],
    ['signedOutReason=revoked', 'revoked'],
    ['?returnUrl=%2F&signedOutReason=expired', 'expired'],
    ['?signedOutReason=expired#top', undefined], // a search string has no fragment: "expired#top" is not a code
    ['?signedOutReason=%3Cscript%3Ealert(1)%3C%2Fscript%3E', undefined],
    ['?signedOutReason=<script>alert(1)</script>', undefined],
    ['?signedOutReason=ended%20x', undefined],
    ['?signedOutReason=ended+', undefined],
    ['?signedOutReason=ENDED', undefined],
    ['?signedOutReason=', undefined],
    ['?signedOutReason', undefined],
    ['?signedOutReason=ended&signedOutReason=revoked', undefined],
    ['?signedOutReason=ended&signedOutReason=ended', undefined],
    ['?reason=ended', undefined],
    ['?signedoutreason=ended', undefined],
    ['?x=1&signedOutReasonX=ended', undefined],
    ['', undefined],
    ['?%E0%A4%A', undefined],
  ];
  for (const [search, expected] of cases) {
    it(`reads ${JSON.stringify(search)} as ${String(expected)}`, () => {
      expect(signOutCodeFromUrl(search)).toBe(expected);
    });
  }

  it('reads a custom parameter name, and only that', () => {
    expect(signOutCodeFromUrl('?why=revoked', 'why')).toBe('revoked');
    expect(signOutCodeFromUrl('?signedOutReason=revoked', 'why')).toBeUndefined();
    expect(signOutCodeFromUrl('?=ended', '')).toBeUndefined();
  });
});

describe('describeSignOut', () => {
  it('says who ended the session, with the device as plain text', () => {
    expect(describeSignOut('ended', {})).toEqual(['You were signed out from another device.']);
    expect(describeSignOut('ended', { endedBy: 'Firefox 130 on Windows' })).toEqual([
      'You were signed out from another device (Firefox 130 on Windows).',
    ]);
    expect(describeSignOut('ended', { endedBy: "$& $' $1 {device}" })).toEqual([
      "You were signed out from another device ($& $' $1 {device}).",
    ]);
  });

  it('uses the singular and plural forms of the idle minutes', () => {
    expect(describeSignOut('expired', { idleMinutes: 1 })).toEqual(['You were signed out after 1 minute without activity.']);
    expect(describeSignOut('expired', { idleMinutes: 15 })).toEqual(['You were signed out after 15 minutes without activity.']);
    expect(describeSignOut('expired', { idleMinutes: 1.4 })).toEqual(['You were signed out after 1 minute without activity.']);
    for (const idleMinutes of [undefined, 0, 0.4, -5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(describeSignOut('expired', { idleMinutes })).toEqual(['You were signed out because your session expired.']);
    }
  });

  it('adds the drafts sentence only when drafts were kept', () => {
    expect(describeSignOut('revoked', { draftsKept: true })).toEqual([
      "You were signed out for your account's security. Please sign in again.",
      'Your unsaved changes were kept and will be restored after you sign in.',
    ]);
    expect(describeSignOut('revoked', { draftsKept: false })).toHaveLength(1);
  });

  it('takes overrides, ignoring non-strings, and says nothing for an unknown code', () => {
    const strings = { endedBy: 'Abgemeldet von {device}.', ended: 42 as unknown as string };
    expect(describeSignOut('ended', { endedBy: 'iPhone' }, strings)).toEqual(['Abgemeldet von iPhone.']);
    expect(describeSignOut('ended', {}, strings)).toEqual([DEFAULT_SIGNED_OUT_STRINGS.ended]);
    expect(describeSignOut('pwned' as never, {})).toEqual([]);
  });
});

describe('<session-signed-out-reason>', () => {
  it('is defined once, however often the definition runs', () => {
    defineSessionSignedOutReason();
    defineSessionSignedOutReason();
    expect(customElements.get('session-signed-out-reason')).toBe(SessionSignedOutReason);
  });

  it("shows the record's full message, consumes it, and hides the light DOM", async () => {
    const storage = new MemoryStorage();
    recordSignOut(storage, record({ draftsKept: true }));
    const element = await mountReason({ storage, light: '<p id="fallback">You were signed out.</p>' });
    const box = message(element)!;
    expect(box.getAttribute('role')).toBe('status');
    expect(sentences(element)).toEqual([
      'You were signed out from another device (Firefox 130 on Windows).',
      'Your unsaved changes were kept and will be restored after you sign in.',
    ]);
    expect(element.code).toBe('ended');
    expect(storage.getItem(SIGN_OUT_STORAGE_KEY)).toBeNull();
    // No double message: no slot, so the fallback is not rendered (nor in the accessibility tree).
    expect(element.shadowRoot!.querySelector('slot')).toBeNull();
    expect(element.querySelector('#fallback')!.getClientRects()).toHaveLength(0);
  });

  it('shows a hostile device text as its literal text, adding no element', async () => {
    for (const hostile of HOSTILE_STRINGS) {
      const storage = new MemoryStorage();
      recordSignOut(storage, record({ endedBy: hostile }));
      const element = await mountReason({ storage });
      const expected = normalizeEndedBy(hostile)!;
      expect(element.shadowRoot!.querySelectorAll('img, script, svg, iframe, a, object, embed, style')).toHaveLength(0);
      expect(message(element)!.querySelectorAll('*')).toHaveLength(1);
      expect(message(element)!.textContent).toContain(expected);
      expect(sentences(element)).toEqual([`You were signed out from another device (${expected}).`]);
    }
    const storage = new MemoryStorage();
    recordSignOut(storage, record({ endedBy: '<img src=x onerror="window.__pwned=1">' }));
    const element = await mountReason({ storage });
    expect(element.shadowRoot!.querySelector('img')).toBeNull();
    expect(element.querySelector('img')).toBeNull();
    expect(message(element)!.textContent).toContain('<img src=x onerror="window.__pwned=1">');
  });

  it('says the idle minutes, singular and plural, from the idle-minutes attribute', async () => {
    const one = new MemoryStorage();
    recordSignOut(one, record({ code: 'expired', endedBy: undefined }));
    const singular = await mountReason({ storage: one, attributes: { 'idle-minutes': '1' } });
    expect(sentences(singular)).toEqual(['You were signed out after 1 minute without activity.']);

    const many = new MemoryStorage();
    recordSignOut(many, record({ code: 'expired', endedBy: undefined }));
    const plural = await mountReason({ storage: many, attributes: { 'idle-minutes': '15' } });
    expect(sentences(plural)).toEqual(['You were signed out after 15 minutes without activity.']);

    plural.idleMinutes = 20;
    await plural.updateComplete;
    expect(sentences(plural)).toEqual(['You were signed out after 20 minutes without activity.']);

    const unknown = await mountReason({ search: '?signedOutReason=expired', attributes: { 'idle-minutes': 'abc' } });
    expect(sentences(unknown)).toEqual(['You were signed out because your session expired.']);
  });

  it("shows the URL code's message when there is no record", async () => {
    const element = await mountReason({ search: '?signedOutReason=revoked', light: '<p>fallback</p>' });
    expect(sentences(element)).toEqual(["You were signed out for your account's security. Please sign in again."]);
    expect(element.shadowRoot!.querySelector('slot')).toBeNull();
    expect(element.code).toBe('revoked');
  });

  it('reads a custom parameter name from the param attribute', async () => {
    const element = await mountReason({ search: '?why=ended&signedOutReason=revoked', attributes: { param: 'why' } });
    expect(sentences(element)).toEqual(['You were signed out from another device.']);
  });

  it('prefers the URL code when the record says something else, and still consumes the record', async () => {
    const storage = new MemoryStorage();
    recordSignOut(storage, record({ code: 'ended', draftsKept: true }));
    const element = await mountReason({ storage, search: '?signedOutReason=expired', attributes: { 'idle-minutes': '15' } });
    expect(sentences(element)).toEqual(['You were signed out after 15 minutes without activity.']);
    expect(storage.getItem(SIGN_OUT_STORAGE_KEY)).toBeNull();
  });

  it('uses the record when the URL names the same code', async () => {
    const storage = new MemoryStorage();
    recordSignOut(storage, record({ draftsKept: true }));
    const element = await mountReason({ storage, search: '?signedOutReason=ended' });
    expect(sentences(element)).toHaveLength(2);
    expect(sentences(element)[0]).toContain('Firefox 130 on Windows');
  });

  it('shows the light DOM unchanged through a slot when there is nothing to say', async () => {
    const light = '<p id="fallback">Server text <b>kept</b></p>';
    const element = await mountReason({ search: '?signedOutReason=<script>', light });
    expect(message(element)).toBeNull();
    const slot = element.shadowRoot!.querySelector('slot')!;
    expect(slot).not.toBeNull();
    expect(slot.assignedElements()).toEqual([element.querySelector('#fallback')]);
    expect(element.innerHTML).toBe(light);
    expect(element.querySelector('#fallback')!.getClientRects().length).toBeGreaterThan(0);
    expect(element.code).toBeUndefined();
  });

  it('falls back to the light DOM for a stale or malformed record', async () => {
    const stale = new MemoryStorage();
    recordSignOut(stale, record({ at: NOW - SIGN_OUT_MAX_AGE_MS - 1 }));
    expect(message(await mountReason({ storage: stale, light: 'x' }))).toBeNull();
    const bad = new MemoryStorage();
    bad.setItem(SIGN_OUT_STORAGE_KEY, '{"code":"<img src=x onerror=window.__pwned=1>","draftsKept":false,"at":0}');
    const element = await mountReason({ storage: bad, light: 'x' });
    expect(message(element)).toBeNull();
    expect(bad.items.size).toBe(0);
  });

  it('never throws with blocked storage, no storage, or a throwing clock', async () => {
    const blocked = await mountReason({ storage: blockedStorage, search: '?signedOutReason=ended' });
    expect(sentences(blocked)).toEqual(['You were signed out from another device.']);
    const none = await mountReason({ storage: null, light: 'fallback' });
    expect(none.shadowRoot!.querySelector('slot')).not.toBeNull();
    const storage = new MemoryStorage();
    recordSignOut(storage, record());
    const brokenClock = await mountReason({
      storage,
      configure: (element) => {
        element.now = () => {
          throw new Error('no clock');
        };
      },
    });
    expect(message(brokenClock)).toBeNull();
  });

  it('reads sessionStorage by default', async () => {
    sessionStorage.removeItem(SIGN_OUT_STORAGE_KEY);
    recordSignOut(sessionStorage, record({ code: 'revoked', endedBy: undefined }));
    const element = await mountReason({ configure: (e) => (e.storage = undefined) });
    expect(element.code).toBe('revoked');
    expect(sessionStorage.getItem(SIGN_OUT_STORAGE_KEY)).toBeNull();
  });

  it('takes overrides of its sentences', async () => {
    const storage = new MemoryStorage();
    recordSignOut(storage, record({ draftsKept: true }));
    const element = await mountReason({
      storage,
      configure: (e) => (e.strings = { endedBy: 'Abgemeldet von {device}.', draftsKept: '' }),
    });
    expect(sentences(element)).toEqual(['Abgemeldet von Firefox 130 on Windows.']);
    element.strings = { endedBy: 'Signed out by {device}' };
    await element.updateComplete;
    expect(sentences(element)).toEqual(['Signed out by Firefox 130 on Windows', DEFAULT_SIGNED_OUT_STRINGS.draftsKept]);
  });

  it('keeps its message when moved: the record is taken only once', async () => {
    const storage = new MemoryStorage();
    recordSignOut(storage, record());
    const element = await mountReason({ storage });
    const other = document.createElement('div');
    document.body.append(other);
    mounted.push(other);
    other.append(element);
    await element.updateComplete;
    expect(sentences(element)).toEqual(['You were signed out from another device (Firefox 130 on Windows).']);
  });
});
