import { afterEach, describe, expect, it, vi } from 'vitest';
import { button, mount, pastSignOutGrace, record, unmountAll } from './support/fixture.js';

const MINUTE = 60_000;

afterEach(() => {
  unmountAll();
  vi.restoreAllMocks();
});

describe('notices', () => {
  it('shows a notice with message, details, relative time and two real buttons in a polite live region', async () => {
    const f = await mount();
    f.hub.emit('sessionRegistered', 'You signed in on another browser.', 'h1', {
      createdAt: new Date(f.clock.now() - 5 * MINUTE).toISOString(),
      browser: 'Firefox 130',
      device: 'Windows NT 10.0',
      location: 'Berlin',
    });
    await f.settle();
    const [notice] = f.notices();
    expect(notice.querySelector('[part="message"]')!.textContent).toBe('You signed in on another browser.');
    const facts = [...notice.querySelectorAll('.fact')].map((fact) => fact.textContent.replace(/\s+/g, ' ').trim());
    expect(facts).toEqual(['Firefox 130', 'Windows NT 10.0', 'Berlin', 'Signed in 5 minutes ago']);
    expect(notice.querySelector('time')!.getAttribute('datetime')).toBe(new Date(f.clock.now() - 5 * MINUTE).toISOString());
    expect(button(notice, 'End session').type).toBe('button');
    expect(button(notice, 'Dismiss').type).toBe('button');
    expect(notice.closest('[aria-live]')!.getAttribute('aria-live')).toBe('polite');
  });

  it('keeps relative times true as minutes pass, with one timer and none without notices', async () => {
    const f = await mount();
    expect(f.clock.pendingTimers).toBe(0);
    f.hub.emit('sessionRegistered', 'm', 'h1');
    await f.settle();
    expect(f.root.querySelector('time')!.textContent).toBe('just now');
    expect(f.clock.pendingTimers).toBe(1);
    f.clock.advance(3 * MINUTE);
    await f.settle();
    expect(f.root.querySelector('time')!.textContent).toBe('3 minutes ago');
    expect(f.clock.pendingTimers).toBe(1);
    button(f.notices()[0], 'Dismiss').click();
    await f.settle();
    expect(f.clock.pendingTimers).toBe(0);
  });

  it('does not duplicate notices of the same session', async () => {
    const f = await mount();
    f.hub.emit('sessionRegistered', 'first', 'same');
    f.hub.emit('sessionRegistered', 'second', 'same');
    await f.settle();
    expect(f.notices()).toHaveLength(1);
    expect(f.notices()[0].querySelector('[part="message"]')!.textContent).toBe('second');
  });

  it('shows at most max-notices, newest first, and sums up the rest', async () => {
    const f = await mount({ 'max-notices': '2' });
    for (const id of ['a', 'b', 'c', 'd']) f.hub.emit('sessionRegistered', `from ${id}`, id);
    await f.settle();
    expect(f.notices().map((n) => n.querySelector('[part="message"]')!.textContent)).toEqual(['from d', 'from c']);
    expect(f.root.querySelector('[part="more"]')!.textContent).toBe('+2 more');
    button(f.notices()[0], 'Dismiss').click();
    await f.settle();
    expect(f.notices().map((n) => n.querySelector('[part="message"]')!.textContent)).toEqual(['from c', 'from b']);
    expect(f.root.querySelector('[part="more"]')!.textContent).toBe('+1 more');
  });

  it('defaults to three notices', async () => {
    const f = await mount();
    for (const id of ['a', 'b', 'c', 'd', 'e']) f.hub.emit('sessionRegistered', id, id);
    await f.settle();
    expect(f.notices()).toHaveLength(3);
    expect(f.root.querySelector('[part="more"]')!.textContent).toBe('+2 more');
  });

  it('fires a cancelable session-notice; cancelling shows nothing', async () => {
    const f = await mount();
    const seen = record(f.element, 'session-notice', (event) => event.preventDefault());
    f.hub.emit('sessionRegistered', 'hello', 'h1', { browser: 'B' });
    await f.settle();
    expect(seen.map((e) => [e.sessionId, e.message, e.details.browser, e.bubbles, e.composed])).toEqual([['h1', 'hello', 'B', true, true]]);
    expect(f.notices()).toHaveLength(0);
  });

  it('removes the notice on sessionClosed and fires session-closed', async () => {
    const f = await mount();
    const closed = record(f.element, 'session-closed');
    f.hub.emit('sessionRegistered', 'one', 'h1');
    f.hub.emit('sessionRegistered', 'two', 'h2');
    f.hub.emit('sessionClosed', 'h1');
    f.hub.emit('sessionClosed', 'unknown');
    await f.settle();
    expect(f.notices().map((n) => n.querySelector('[part="message"]')!.textContent)).toEqual(['two']);
    expect(closed.map((e) => e.sessionId)).toEqual(['h1']);
  });

  it('uses label overrides from the strings property', async () => {
    const f = await mount();
    f.element.strings = { endSession: 'Sitzung beenden', dismiss: 'Schließen' };
    f.hub.emit('sessionRegistered', 'm', 'h1');
    await f.settle();
    expect(button(f.notices()[0], 'Sitzung beenden')).toBeTruthy();
    expect(button(f.notices()[0], 'Schließen')).toBeTruthy();
  });
});

describe('Dismiss', () => {
  it('removes the notice locally without calling the server', async () => {
    const f = await mount();
    const dismissed = record(f.element, 'session-dismiss');
    f.hub.emit('sessionRegistered', 'm', 'h1');
    await f.settle();
    button(f.notices()[0], 'Dismiss').click();
    await f.settle();
    expect(f.notices()).toHaveLength(0);
    expect(dismissed.map((e) => e.sessionId)).toEqual(['h1']);
    expect(f.hub.killCalls).toEqual([]);
  });

  it('keeps the notice when session-dismiss is cancelled', async () => {
    const f = await mount();
    record(f.element, 'session-dismiss', (event) => event.preventDefault());
    f.hub.emit('sessionRegistered', 'm', 'h1');
    await f.settle();
    button(f.notices()[0], 'Dismiss').click();
    await f.settle();
    expect(f.notices()).toHaveLength(1);
  });
});

describe('End session', () => {
  it('calls KillSession, is busy while pending, and removes the notice on success', async () => {
    const f = await mount();
    let finish!: () => void;
    f.hub.killBehaviour = () => new Promise<void>((resolve) => (finish = resolve));
    const results = record(f.element, 'session-kill-result');
    f.hub.emit('sessionRegistered', 'm', 'h1');
    await f.settle();
    const end = button(f.notices()[0], 'End session');
    end.click();
    end.click(); // a double click sends one request
    await f.settle();
    expect(f.hub.killCalls).toEqual(['h1']);
    expect(end.disabled).toBe(true);
    expect(end.getAttribute('aria-busy')).toBe('true');
    finish();
    await f.settle();
    expect(f.notices()).toHaveLength(0);
    expect(results.map((e) => [e.sessionId, e.ok])).toEqual([['h1', true]]);
  });

  it('keeps the notice with a generic error when the server refuses, never the server text', async () => {
    const f = await mount();
    f.hub.killBehaviour = () => Promise.reject(new Error('<b>SECRET connection id abc123</b>'));
    const results = record(f.element, 'session-kill-result');
    f.hub.emit('sessionRegistered', 'm', 'h1');
    await f.settle();
    button(f.notices()[0], 'End session').click();
    await f.settle();
    const [notice] = f.notices();
    expect(notice.querySelector('[part="error"]')!.textContent).toBe('That session could not be ended. Please try again.');
    expect(f.root.textContent).not.toContain('SECRET');
    expect(button(notice, 'End session').disabled).toBe(false);
    expect(results.map((e) => e.ok)).toEqual([false]);
    // and it can be tried again
    f.hub.killBehaviour = () => Promise.resolve();
    button(notice, 'End session').click();
    await f.settle();
    expect(f.notices()).toHaveLength(0);
  });

  it('fails quickly, with the same error, while disconnected', async () => {
    const f = await mount();
    f.hub.emit('sessionRegistered', 'm', 'h1');
    f.hub.startOutcomes.push('fail');
    f.hub.drop();
    await f.settle();
    button(f.notices()[0], 'End session').click();
    await f.settle();
    expect(f.hub.killCalls).toEqual([]);
    expect(f.notices()[0].querySelector('[part="error"]')).not.toBeNull();
  });

  it('sends nothing when session-kill is cancelled', async () => {
    const f = await mount();
    const kills = record(f.element, 'session-kill', (event) => event.preventDefault());
    f.hub.emit('sessionRegistered', 'm', 'h1');
    await f.settle();
    button(f.notices()[0], 'End session').click();
    await f.settle();
    expect(kills.map((e) => e.sessionId)).toEqual(['h1']);
    expect(f.hub.killCalls).toEqual([]);
    expect(f.notices()).toHaveLength(1);
  });
});

describe('this session ended', () => {
  it('fires a cancelable session-ended with the reason, then reloads (default)', async () => {
    const f = await mount();
    const ended = record(f.element, 'session-ended');
    f.hub.emit('sessionRegistered', 'm', 'h1');
    f.hub.emit('sessionEnded', 'Ended from another device.');
    await f.settle();
    expect(ended.map((e) => [e.reason, e.cause, e.action, e.cancelable])).toEqual([
      ['Ended from another device.', 'server', 'reload', true],
    ]);
    expect(f.location.reloads).toBe(0); // no reason code: a sign-out, which waits a moment for the page's own navigation
    await pastSignOutGrace(f);
    expect(f.location.reloads).toBe(1);
    expect(f.hub.stops).toBeGreaterThan(0);
    expect(f.notices()).toHaveLength(0);
  });

  it('does nothing built-in when session-ended is cancelled', async () => {
    const f = await mount();
    record(f.element, 'session-ended', (event) => event.preventDefault());
    f.hub.emit('sessionEnded');
    await f.settle();
    expect(f.location.reloads).toBe(0);
    expect(f.location.assigned).toEqual([]);
    expect(f.root.querySelector('[part="ended"]')).toBeNull();
  });

  it('handles sessionEnded once however often it arrives', async () => {
    const f = await mount();
    const ended = record(f.element, 'session-ended');
    f.hub.emit('sessionEnded', 'a');
    f.hub.emit('sessionEnded', 'b');
    await pastSignOutGrace(f);
    expect(ended).toHaveLength(1);
    expect(f.location.reloads).toBe(1);
  });

  it('redirects to ended-url with ended-action="redirect"', async () => {
    const f = await mount({ 'ended-action': 'redirect', 'ended-url': '/signed-out?x=1' });
    f.hub.emit('sessionEnded');
    await pastSignOutGrace(f);
    expect(f.location.assigned).toEqual(['https://app.example/signed-out?x=1']);
    expect(f.location.reloads).toBe(0);
  });

  it('reloads instead of following a javascript: ended-url', async () => {
    const f = await mount({ 'ended-action': 'redirect', 'ended-url': 'javascript:alert(1)' });
    f.hub.emit('sessionEnded');
    await pastSignOutGrace(f);
    expect(f.location.assigned).toEqual([]);
    expect(f.location.reloads).toBe(1);
  });

  it('shows a message, with the reason as text, for ended-action="none"', async () => {
    const f = await mount({ 'ended-action': 'none' });
    f.hub.emit('sessionEnded', '<img src=x onerror=alert(1)>');
    await f.settle();
    const ended = f.root.querySelector('[part="ended"]')!;
    expect(ended.textContent).toContain('Your session has ended. Sign in again to continue.');
    expect(ended.textContent).toContain('<img src=x onerror=alert(1)>');
    expect(ended.querySelector('img')).toBeNull();
    expect(f.location.reloads).toBe(0);
  });

  it('does not reload again within 30 s from the page its own reload loaded (reload-loop guard)', async () => {
    const first = await mount();
    first.hub.emit('sessionEnded', undefined, { code: 'expired' });
    await first.settle();
    expect(first.location.reloads).toBe(1);
    unmountAll();
    // The "reloaded" page: same tab (sessionStorage kept), its navigation begun as the widget called reload().
    const stored = sessionStorage.getItem('session-awareness:navigated-at')!;
    const second = await mount();
    sessionStorage.setItem('session-awareness:navigated-at', stored);
    second.element.pageStartedAt = (JSON.parse(stored) as { at: number }).at + 3;
    second.clock.advance(5_000);
    second.hub.emit('sessionEnded', undefined, { code: 'expired' });
    await second.settle();
    expect(second.location.reloads).toBe(0);
    expect(second.root.querySelector('[part="ended"]')!.textContent).toContain('Your session has ended. Sign in again to continue.');
  });

  it("still navigates from a page the user loaded after the widget's reload (signed in again within 30 s)", async () => {
    const first = await mount();
    first.hub.emit('sessionEnded', undefined, { code: 'expired' });
    await first.settle();
    expect(first.location.reloads).toBe(1);
    window.dispatchEvent(new PageTransitionEvent('pagehide')); // the page the widget reloaded goes away
    unmountAll();
    const stored = sessionStorage.getItem('session-awareness:navigated-at')!;
    expect(JSON.parse(stored) as unknown).toEqual({ at: expect.any(Number) as unknown, leftAt: expect.any(Number) as unknown });
    // The user signs in again on the sign-in page 2 s later: a page load of their own, not the widget's.
    const second = await mount();
    sessionStorage.setItem('session-awareness:navigated-at', stored);
    second.element.pageStartedAt = (JSON.parse(stored) as { leftAt: number }).leftAt + 2_000;
    second.clock.advance(10_000);
    second.hub.emit('sessionEnded', undefined, { code: 'expired' });
    await second.settle();
    expect(second.location.reloads).toBe(1);
    expect(second.root.querySelector('[part="ended"]')).toBeNull();
  });
});

describe('hostile and malformed messages', () => {
  it('drops each malformed message, logs each problem once, fires session-protocol-error, and keeps working', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const f = await mount();
    const errors = record(f.element, 'session-protocol-error');
    const malformed: Array<[string, unknown[]]> = [
      ['sessionRegistered', []],
      ['sessionRegistered', [1, 2]],
      ['sessionRegistered', ['m', 'id', {}, 'extra']],
      ['sessionRegistered', ['m'.repeat(100_000), 'id']],
      ['sessionRegistered', ['m', 'id', { browser: { nested: true } }]],
      ['sessionClosed', [42]],
      ['sessionEnded', [{ reason: 'x' }]],
      ['sessionExpiry', ['tomorrow', 'today']],
    ];
    for (const [method, args] of malformed) f.hub.emit(method, ...args);
    for (const [method, args] of malformed) f.hub.emit(method, ...args); // again: no second log
    await f.settle();
    expect(f.notices()).toHaveLength(0);
    expect(f.location.reloads).toBe(0);
    expect(errors).toHaveLength(malformed.length * 2);
    // once per distinct problem (two of the messages above share one)
    const problems = new Set(errors.map((e) => `${e.method}: ${e.problem}`));
    expect(problems.size).toBe(malformed.length - 1);
    expect(warn).toHaveBeenCalledTimes(problems.size);
    f.hub.emit('sessionRegistered', 'still works', 'h1');
    await f.settle();
    expect(f.notices()).toHaveLength(1);
  });

  it('caps what is rendered of long but legal text', async () => {
    const f = await mount();
    f.hub.emit('sessionRegistered', 'x'.repeat(4000), 'h1', { browser: 'b'.repeat(1000) });
    await f.settle();
    const [notice] = f.notices();
    expect(notice.querySelector('[part="message"]')!.textContent).toBe('x'.repeat(279) + '…');
    expect(notice.querySelector('.fact')!.textContent).toBe('b'.repeat(119) + '…');
  });

  it('reads the sessionExpiry deadline onto the page clock', async () => {
    const f = await mount();
    const serverNow = f.clock.now() - 30_000; // server clock 30 s behind
    f.hub.emit('sessionExpiry', new Date(serverNow + 15 * MINUTE).toISOString(), new Date(serverNow).toISOString());
    await f.settle();
    expect(f.element.expiresAt).toBe(f.clock.now() + 15 * MINUTE);
  });
});

describe('the notices landmark', () => {
  it('is a named region only while it holds something', async () => {
    const f = await mount();
    const region = () => f.root.querySelector('[part="region"]')!;
    expect(region().getAttribute('role')).toBeNull();
    expect(region().hasAttribute('aria-label')).toBe(false);

    f.hub.emit('sessionRegistered', 'Signed in elsewhere', 'other');
    await f.settle();
    expect(region().getAttribute('role')).toBe('region');
    expect(region().getAttribute('aria-label')).toBe('Session notices');

    button(f.notices()[0], 'Dismiss').click();
    await f.settle();
    expect(region().getAttribute('role')).toBeNull();
  });
});
