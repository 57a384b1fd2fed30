import { describe, expect, it } from 'vitest';
import { JitteredBackoff } from '../../src/hub/retry-policy.js';
import { NavigationLoopGuard, parseEndAction, safeRedirectUrl } from '../../src/internal/navigation.js';
import {
  addNotice,
  MAX_STORED_NOTICES,
  removeNotice,
  setNoticeStatus,
  visibleNotices,
  type Notice,
} from '../../src/components/session-awareness/notices/notice-store.js';
import { formatRelativeTime } from '../../src/internal/relative-time.js';
import { truncateForDisplay } from '../../src/internal/text.js';
import { resolveStrings, DEFAULT_STRINGS } from '../../src/i18n/session-awareness.js';
import { ManualClock } from './support/manual-clock.js';

const notice = (sessionId: string, message = `from ${sessionId}`): Notice => ({
  sessionId,
  message,
  details: {},
  receivedAt: 0,
  status: 'idle',
});

describe('JitteredBackoff', () => {
  it('doubles from 1 s up to a 30 s cap, with delays in [base/2, base]', () => {
    const low = new JitteredBackoff({ random: () => 0 });
    const high = new JitteredBackoff({ random: () => 0.999999 });
    const bases = [1000, 2000, 4000, 8000, 16000, 30000, 30000];
    bases.forEach((base, previousRetryCount) => {
      expect(low.nextRetryDelayInMilliseconds({ previousRetryCount })).toBe(base / 2);
      expect(high.nextRetryDelayInMilliseconds({ previousRetryCount })).toBe(Math.round(base * 0.9999995));
    });
  });

  it('never gives up, even after thousands of attempts', () => {
    const policy = new JitteredBackoff({ random: () => 0.5 });
    expect(policy.nextRetryDelayInMilliseconds({ previousRetryCount: 5000 })).toBe(22500);
  });

  it('spreads delays: many random draws give many distinct delays', () => {
    const policy = new JitteredBackoff();
    const delays = new Set(Array.from({ length: 50 }, () => policy.nextRetryDelayInMilliseconds({ previousRetryCount: 3 })));
    expect(delays.size).toBeGreaterThan(10);
    for (const delay of delays) {
      expect(delay).toBeGreaterThanOrEqual(4000);
      expect(delay).toBeLessThanOrEqual(8000);
    }
  });
});

describe('notice store', () => {
  it('puts the newest first and does not duplicate a session', () => {
    let list = addNotice([], notice('a'));
    list = addNotice(list, notice('b'));
    list = addNotice(list, { ...notice('a', 'updated'), receivedAt: 99 });
    expect(list.map((n) => [n.sessionId, n.message, n.receivedAt])).toEqual([
      ['b', 'from b', 0],
      ['a', 'updated', 0],
    ]);
  });

  it('keeps the End session status when a duplicate arrives', () => {
    let list = setNoticeStatus(addNotice([], notice('a')), 'a', 'ending');
    list = addNotice(list, notice('a'));
    expect(list[0].status).toBe('ending');
  });

  it('bounds memory under a flood', () => {
    let list: Notice[] = [];
    for (let i = 0; i < 500; i++) list = addNotice(list, notice(`s${i}`));
    expect(list).toHaveLength(MAX_STORED_NOTICES);
    expect(list[0].sessionId).toBe('s499');
  });

  it('removes and caps what is shown', () => {
    const list = ['a', 'b', 'c', 'd', 'e'].reduce<Notice[]>((acc, id) => addNotice(acc, notice(id)), []);
    expect(removeNotice(list, 'c').map((n) => n.sessionId)).toEqual(['e', 'd', 'b', 'a']);
    const { shown, hiddenCount } = visibleNotices(list, 3);
    expect(shown.map((n) => n.sessionId)).toEqual(['e', 'd', 'c']);
    expect(hiddenCount).toBe(2);
    expect(visibleNotices(list, Number.NaN).shown).toHaveLength(3);
    expect(visibleNotices(list, 0).shown).toHaveLength(1);
  });
});

describe('relative time', () => {
  const now = Date.UTC(2026, 10, 21, 12);
  it('reads like a person would say it', () => {
    expect(formatRelativeTime(now - 5_000, now, 'en', 'just now')).toBe('just now');
    expect(formatRelativeTime(now - 5 * 60_000, now, 'en', 'just now')).toBe('5 minutes ago');
    expect(formatRelativeTime(now - 60_000, now, 'en', 'just now')).toBe('1 minute ago');
    expect(formatRelativeTime(now - 3 * 3_600_000, now, 'en', 'just now')).toBe('3 hours ago');
    expect(formatRelativeTime(now - 26 * 3_600_000, now, 'en', 'just now')).toBe('yesterday');
    expect(formatRelativeTime(now - 5 * 60_000, now, 'de', 'just now')).toBe('vor 5 Minuten');
  });
  it('treats a future time (skewed clocks) as now, and survives a bad language tag', () => {
    expect(formatRelativeTime(now + 10 * 60_000, now, 'en', 'just now')).toBe('just now');
    expect(formatRelativeTime(now - 5 * 60_000, now, '%%not a tag%%', 'just now')).toMatch(/5/);
  });
});

describe('display text', () => {
  it('truncates by code point with an ellipsis', () => {
    expect(truncateForDisplay('short', 10)).toBe('short');
    expect(truncateForDisplay('abcdefghijk', 5)).toBe('abcd…');
    expect(truncateForDisplay('😀😀😀😀😀😀', 3)).toBe('😀😀…');
  });
});

describe('navigation', () => {
  it('parses actions, defaulting to reload', () => {
    expect(parseEndAction('redirect')).toBe('redirect');
    expect(parseEndAction('none')).toBe('none');
    expect(parseEndAction('REDIRECT')).toBe('reload');
    expect(parseEndAction(null)).toBe('reload');
  });
  it('only redirects to http(s)', () => {
    const base = 'https://app.example/x/page';
    expect(safeRedirectUrl('/login', base)).toBe('https://app.example/login');
    expect(safeRedirectUrl('https://idp.example/a', base)).toBe('https://idp.example/a');
    expect(safeRedirectUrl('javascript:alert(1)', base)).toBeUndefined();
    expect(safeRedirectUrl(' JaVaScRiPt:alert(1)', base)).toBeUndefined();
    expect(safeRedirectUrl('data:text/html,<script>', base)).toBeUndefined();
    expect(safeRedirectUrl('', base)).toBeUndefined();
  });
  const memoryStorage = () => {
    const store = new Map<string, string>();
    return { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
  };
  it("holds back, for 30 s, the page the widget's own navigation loaded", () => {
    const storage = memoryStorage();
    const clock = new ManualClock();
    const leaving = new NavigationLoopGuard(storage, clock, clock.now() - 60_000);
    expect(leaving.mayNavigate()).toBe(true);
    const at = leaving.record();
    clock.advance(40);
    leaving.recordLeft(at); // pagehide of the page the widget navigated from
    // The next page's navigation began just after the widget's call (its timeOrigin).
    const loaded = new NavigationLoopGuard(storage, clock, at + 3);
    clock.advance(29_000);
    expect(loaded.mayNavigate()).toBe(false);
    clock.advance(1_000);
    expect(loaded.mayNavigate()).toBe(true);
  });
  it("never holds back a page the user loaded after the widget's navigation (signing in again)", () => {
    const storage = memoryStorage();
    const clock = new ManualClock();
    const at = new NavigationLoopGuard(storage, clock, undefined).record();
    clock.advance(40);
    new NavigationLoopGuard(storage, clock, undefined).recordLeft(at);
    clock.advance(400); // the sign-in page loaded, the user signed in: a navigation of their own
    const signedInAgain = new NavigationLoopGuard(storage, clock, clock.now());
    clock.advance(5_000);
    expect(signedInAgain.mayNavigate()).toBe(true);
    // Nor a page whose navigation began before the widget's (the widget's aborted it, then another came).
    expect(new NavigationLoopGuard(storage, clock, at - 1_000).mayNavigate()).toBe(true);
  });
  it("without the moment the page left, takes 1 s; without the page's start, holds back every page (as before)", () => {
    const storage = memoryStorage();
    const clock = new ManualClock();
    const at = new NavigationLoopGuard(storage, clock, undefined).record();
    clock.advance(2_000);
    expect(new NavigationLoopGuard(storage, clock, at + 900).mayNavigate()).toBe(false);
    expect(new NavigationLoopGuard(storage, clock, at + 1_500).mayNavigate()).toBe(true);
    expect(new NavigationLoopGuard(storage, clock, undefined).mayNavigate()).toBe(false);
  });
  it('reads a record of an older version (a bare number) and ignores one that is not a time', () => {
    const storage = memoryStorage();
    const clock = new ManualClock();
    storage.setItem('session-awareness:navigated-at', String(clock.now() - 5_000));
    expect(new NavigationLoopGuard(storage, clock, undefined).mayNavigate()).toBe(false);
    for (const junk of ['{"at":"soon"}', 'null', '{', '{"at":1e400}', '[]']) {
      storage.setItem('session-awareness:navigated-at', junk);
      expect(new NavigationLoopGuard(storage, clock, undefined).mayNavigate()).toBe(true);
    }
  });
  it('survives blocked storage', () => {
    const throwing = {
      getItem: () => {
        throw new Error('blocked');
      },
      setItem: () => {
        throw new Error('blocked');
      },
    };
    const guard = new NavigationLoopGuard(throwing, new ManualClock(), undefined);
    expect(() => guard.record()).not.toThrow();
    expect(guard.mayNavigate()).toBe(true);
  });
});

describe('strings', () => {
  it('merges only string overrides of known keys', () => {
    const merged = resolveStrings({ dismiss: 'Ignorer', endSession: 42 as unknown as string, nope: 'x' } as never);
    expect(merged.dismiss).toBe('Ignorer');
    expect(merged.endSession).toBe(DEFAULT_STRINGS.endSession);
    expect('nope' in merged).toBe(false);
  });
});
