import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeHub } from './support/fake-hub.js';
import { FakeSessionServer, MemoryDraftStore, TEST_DRAFT_KEY } from './support/fake-server.js';
import { advance, mount, pastSignOutGrace, record, settle, unmountAll, type Fixture } from './support/fixture.js';
import type { ManualClock } from './support/manual-clock.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

interface ExpiryFixture extends Fixture {
  server: FakeSessionServer;
  dialog: () => HTMLDialogElement;
  countdown: () => string | null | undefined;
  announcement: () => string;
}

async function mountExpiry(
  options: {
    idleMs?: number;
    skewMs?: number;
    attributes?: Record<string, string>;
    server?: (clock: ManualClock) => FakeSessionServer;
  } = {},
): Promise<ExpiryFixture> {
  let server!: FakeSessionServer;
  const f = await mount(
    {
      'keepalive-url': '/session/keepalive',
      'status-url': '/session/status',
      'logout-url': '/logout',
      'warn-before': '60',
      'keepalive-interval': '10',
      ...options.attributes,
    },
    new FakeHub(),
    (element, clock) => {
      server = options.server?.(clock) ?? new FakeSessionServer(clock, options.idleMs ?? 5 * MINUTE, options.skewMs ?? 0);
      element.fetcher = server.fetch;
      element.draftStore = new MemoryDraftStore();
    },
  );
  await f.settle();
  return {
    ...f,
    server,
    dialog: () => f.root.querySelector('dialog')!,
    countdown: () => f.root.querySelector('[part="countdown"]')?.textContent,
    announcement: () => f.root.querySelector('dialog [aria-live]')?.textContent ?? '',
  };
}

afterEach(() => {
  unmountAll();
  vi.restoreAllMocks();
});

describe('deadline from the server', () => {
  for (const skewMs of [-7 * MINUTE, 0, 11 * MINUTE]) {
    it(`corrects a server clock ${skewMs / MINUTE} min off and warns warn-before seconds before the deadline`, async () => {
      const f = await mountExpiry({ skewMs });
      expect(f.server.count('/session/status')).toBe(1); // read on start, without sliding
      expect(f.element.expiresAt).toBe(f.server.localDeadline());
      const warnAt = f.server.localDeadline() - MINUTE;
      await advance(f, warnAt - f.clock.now() - 1);
      expect(f.dialog().open).toBe(false);
      await advance(f, 1);
      expect(f.dialog().open).toBe(true);
      expect(f.clock.now()).toBe(warnAt);
    });
  }

  it('takes the deadline pushed by sessionExpiry', async () => {
    const f = await mountExpiry();
    const serverNow = f.clock.now() + 30 * SECOND; // server 30 s ahead
    f.hub.emit('sessionExpiry', new Date(serverNow + 20 * MINUTE).toISOString(), new Date(serverNow).toISOString());
    await f.settle();
    expect(f.element.expiresAt).toBe(f.clock.now() + 20 * MINUTE);
  });

  it('runs at most one timer while no warning is shown, and it is for the next moment that matters', async () => {
    const f = await mountExpiry();
    expect(f.clock.pendingTimers).toBe(1);
    expect(f.clock.pendingDelays()).toEqual([f.server.localDeadline() - MINUTE - f.clock.now()]);
  });
});

describe('the warning', () => {
  it('is a modal dialog with the heading, a countdown, Stay signed in focused and Sign out', async () => {
    const f = await mountExpiry();
    const warnings = record(f.element, 'session-expiry-warning');
    await advance(f, f.server.localDeadline() - MINUTE - f.clock.now());
    const dialog = f.dialog();
    expect(dialog.open).toBe(true);
    expect(dialog.matches(':modal')).toBe(true);
    expect(dialog.querySelector('h2')!.textContent).toBe('Your session is about to expire');
    expect(f.countdown()).toBe('For your security, you will be signed out in 1:00.');
    expect(f.root.activeElement?.textContent).toBe('Stay signed in');
    expect([...dialog.querySelectorAll('button')].map((b) => b.textContent)).toEqual(['Stay signed in', 'Sign out']);
    expect(warnings).toHaveLength(1);
    await advance(f, 5 * SECOND);
    expect(f.countdown()).toBe('For your security, you will be signed out in 0:55.');
  });

  it('asks the server first, and stays away if another tab or a request slid the session', async () => {
    const f = await mountExpiry();
    const statusBefore = f.server.count('/session/status');
    f.clock.advance(f.server.localDeadline() - MINUTE - f.clock.now() - 1);
    f.server.slide(); // e.g. the user saved a form in another tab
    await advance(f, 1);
    expect(f.server.count('/session/status')).toBe(statusBefore + 1);
    expect(f.dialog().open).toBe(false);
    expect(f.element.expiresAt).toBe(f.server.localDeadline());
  });

  it('never gives less than 20 s to react (WCAG 2.2.1), whatever warn-before says', async () => {
    const f = await mountExpiry({ attributes: { 'warn-before': '5' } });
    await advance(f, f.server.localDeadline() - 20 * SECOND - f.clock.now());
    expect(f.dialog().open).toBe(true);
    expect(f.countdown()).toContain('0:20');
  });

  it('is not shown when session-expiry-warning is cancelled', async () => {
    const f = await mountExpiry();
    record(f.element, 'session-expiry-warning', (event) => event.preventDefault());
    await advance(f, f.server.localDeadline() - MINUTE - f.clock.now());
    expect(f.dialog().open).toBe(false);
  });

  it('announces to screen readers only each minute, then at 30 s and 10 s', async () => {
    const f = await mountExpiry({ attributes: { 'warn-before': '150' } });
    await advance(f, f.server.localDeadline() - 150 * SECOND - f.clock.now());
    const heard: string[] = [f.announcement()];
    for (let i = 0; i < 149; i++) {
      await advance(f, SECOND);
      if (f.announcement() !== heard.at(-1)) heard.push(f.announcement());
    }
    expect(heard).toEqual([
      'Your session will expire in 3 minutes.', // 150 s, rounded to whole minutes
      'Your session will expire in 2 minutes.',
      'Your session will expire in 1 minute.',
      'Your session will expire in 30 seconds.',
      'Your session will expire in 10 seconds.',
    ]);
  });

  it('Stay signed in slides the session, closes the warning and fires session-extended', async () => {
    const f = await mountExpiry();
    const extended = record(f.element, 'session-extended');
    await advance(f, f.server.localDeadline() - MINUTE - f.clock.now() + 10 * SECOND);
    const stay = [...f.dialog().querySelectorAll('button')].find((b) => b.textContent === 'Stay signed in')!;
    stay.click();
    await f.settle();
    const keepalives = f.server.requests.filter((r) => r.url === '/session/keepalive');
    expect(keepalives.map((r) => [r.method, r.headers['x-session-keepalive']])).toEqual([['POST', '1']]);
    expect(f.dialog().open).toBe(false);
    expect(f.element.expiresAt).toBe(f.clock.now() + 5 * MINUTE);
    expect(extended).toHaveLength(1);
  });

  it('Escape does not end the session: it counts as Stay signed in', async () => {
    const f = await mountExpiry();
    await advance(f, f.server.localDeadline() - MINUTE - f.clock.now());
    f.dialog().dispatchEvent(new Event('cancel', { cancelable: true }));
    await f.settle();
    expect(f.server.count('/session/keepalive')).toBe(1);
    expect(f.dialog().open).toBe(false);
  });

  it('keeps the warning up with a generic error when Stay signed in cannot reach the server', async () => {
    const f = await mountExpiry();
    await advance(f, f.server.localDeadline() - MINUTE - f.clock.now());
    f.server.offline = true;
    [...f.dialog().querySelectorAll('button')][0].click();
    await f.settle();
    expect(f.dialog().open).toBe(true);
    expect(f.dialog().querySelector('[part="error"]')!.textContent).toBe('Could not reach the server. Please try again.');
  });
});

describe('expiry', () => {
  it('unanswered: autosaves (POSTing the data-autosave-post forms while alive), then at zero checks, fires session-expired and reloads', async () => {
    document.body.insertAdjacentHTML(
      'beforeend',
      '<form id="f" action="/notes" method="post" data-autosave-post><input type="hidden" name="__token" value="t"><textarea name="notes"></textarea><input type="password" name="pw" value="secret"></form>' +
        '<form id="g" action="/comments" method="post"><textarea name="comment"></textarea></form>',
    );
    const f = await mountExpiry({ attributes: { 'autosave-forms': '#f, #g', 'user-id': 'alice' } });
    const store = f.element.draftStore;
    if (!(store instanceof MemoryDraftStore)) throw new Error('mountExpiry gives the element a MemoryDraftStore');
    f.hub.emit('draftKey', TEST_DRAFT_KEY);
    await f.settle();
    document.querySelector('textarea')!.value = 'typed';
    document.querySelector<HTMLTextAreaElement>('#g textarea')!.value = 'typed too';
    const autosaves = record(f.element, 'session-autosave');
    const expired = record(f.element, 'session-expired');
    await advance(f, f.server.localDeadline() - 5 * SECOND - f.clock.now());
    expect(autosaves.map((e) => e.detail.reason)).toEqual(['expiry']);
    // Only the form that opted in is POSTed; both are kept locally.
    expect(
      f.server.requests.filter((r) => r.method === 'POST' && r.url !== '/session/keepalive').map((r) => new URL(r.url).pathname),
    ).toEqual(['/notes']);
    expect(store.drafts.size).toBe(2);
    const post = f.server.requests.find((r) => r.url.endsWith('/notes'))!;
    expect(post.headers['x-autosave']).toBe('1');
    const body = post.body as FormData;
    expect([...body.keys()].sort()).toEqual(['__token', 'notes']); // never the password
    expect(f.location.reloads).toBe(0);
    await advance(f, 5 * SECOND);
    expect(expired.map((e) => e.action)).toEqual(['reload']);
    expect(f.location.reloads).toBe(1);
    expect(f.dialog().open).toBe(false);
    expect(JSON.parse(sessionStorage.getItem('session-awareness:signed-out')!)).toMatchObject({ code: 'expired', draftsKept: true });
    document.querySelector('#f')!.remove();
    document.querySelector('#g')!.remove();
  });

  it('waits for session-autosave work (up to autosave-timeout) before leaving', async () => {
    const f = await mountExpiry({ attributes: { 'autosave-timeout': '8' } });
    record(f.element, 'session-autosave', (event) => event.detail.waitUntil(new Promise(() => undefined)));
    // Autosave starts 5 s before the deadline and may take 8 s: at zero it is still waiting.
    await advance(f, f.server.localDeadline() - f.clock.now());
    expect(f.location.reloads).toBe(0);
    await advance(f, 3 * SECOND - 1);
    expect(f.location.reloads).toBe(0);
    await advance(f, 1);
    expect(f.location.reloads).toBe(1);
  });

  it('does nothing built-in when session-expired is cancelled, and redirects with expired-action="redirect"', async () => {
    const cancelled = await mountExpiry();
    record(cancelled.element, 'session-expired', (event) => event.preventDefault());
    await advance(cancelled, cancelled.server.localDeadline() - cancelled.clock.now());
    expect(cancelled.location.reloads).toBe(0);
    unmountAll();
    const redirected = await mountExpiry({ attributes: { 'expired-action': 'redirect', 'expired-url': '/login?expired=1' } });
    await advance(redirected, redirected.server.localDeadline() - redirected.clock.now());
    expect(redirected.location.assigned).toEqual(['https://app.example/login?expired=1']);
  });

  it('re-syncs after a 10-minute clock jump instead of acting on stale state', async () => {
    const f = await mountExpiry({ idleMs: 15 * MINUTE });
    const before = f.server.count('/session/status');
    f.clock.jump(10 * MINUTE); // the laptop slept; meanwhile another device... no: another tab slid it
    f.server.slide();
    await advance(f, f.server.localDeadline() - f.clock.now() - 15 * MINUTE + 4 * MINUTE + 1); // the overdue timer fires
    expect(f.server.count('/session/status')).toBe(before + 1);
    expect(f.dialog().open).toBe(false);
    expect(f.element.expiresAt).toBe(f.server.localDeadline());
  });

  it('treats a 401 from status before the deadline as the session ended elsewhere', async () => {
    const f = await mountExpiry();
    const ended = record(f.element, 'session-ended');
    f.server.gone = true;
    await advance(f, 3 * SECOND); // re-syncs are throttled to one per 2 s
    window.dispatchEvent(new Event('focus'));
    await f.settle();
    expect(ended.map((e) => e.cause)).toEqual(['unauthorized']);
    await pastSignOutGrace(f);
    expect(f.location.reloads).toBe(1);
  });
});

describe('keep-alive', () => {
  it('sends nothing without activity, and lets the session expire', async () => {
    const f = await mountExpiry();
    await advance(f, 4 * MINUTE);
    expect(f.server.count('/session/keepalive')).toBe(0);
  });

  it('activity leads to at most one keep-alive per interval, only after activity', async () => {
    const f = await mountExpiry();
    expect(f.element.isKeepaliveLeader).toBe(true);
    for (let second = 0; second < 60; second++) {
      window.dispatchEvent(new KeyboardEvent('keydown'));
      await advance(f, SECOND);
    }
    expect(f.server.count('/session/keepalive')).toBe(6); // 60 s of typing, one per 10 s
    await advance(f, 60 * SECOND); // quiet now
    expect(f.server.count('/session/keepalive')).toBe(6);
    expect(f.element.expiresAt).toBe(f.server.localDeadline());
  });

  it('elects one tab: activity in any tab makes only the leader send; the next takes over when it closes', async () => {
    const first = await mountExpiry();
    const attributes = Object.fromEntries(first.element.getAttributeNames().map((name) => [name, first.element.getAttribute(name)!]));
    const second = await mount(attributes, new FakeHub(), (element) => {
      element.fetcher = first.server.fetch;
      element.draftStore = new MemoryDraftStore();
      element.clock = first.clock;
    });
    await settle(second.element);
    expect([first.element.isKeepaliveLeader, second.element.isKeepaliveLeader]).toEqual([true, false]);
    // A third tab reports activity over the channel, as its widget would.
    const otherTab = new BroadcastChannel('session-awareness:/hubs/session');
    first.clock.advance(SECOND);
    otherTab.postMessage({ type: 'activity', at: first.clock.now() });
    await settle(second.element);
    await advance(first, 10 * SECOND);
    expect(first.server.count('/session/keepalive')).toBe(1);
    // The leader tab closes: the second takes over, and the new deadline reached it.
    first.element.remove();
    await settle(second.element);
    expect(second.element.isKeepaliveLeader).toBe(true);
    expect(second.element.expiresAt).toBe(first.server.localDeadline());
    first.clock.advance(SECOND);
    otherTab.postMessage({ type: 'activity', at: first.clock.now() });
    await settle(second.element);
    await advance(first, 10 * SECOND);
    expect(first.server.count('/session/keepalive')).toBe(2);
    otherTab.close();
  });

  it('a tab whose timers the browser throttles still shows the warning when another tab opens it', async () => {
    const first = await mountExpiry();
    const attributes = Object.fromEntries(first.element.getAttributeNames().map((name) => [name, first.element.getAttribute(name)!]));
    // Same clock, but its timers never fire: a throttled background tab.
    const throttled = { now: () => first.clock.now(), setTimeout: () => -1, clearTimeout: () => undefined };
    const second = await mount(attributes, new FakeHub(), (element) => {
      element.fetcher = first.server.fetch;
      element.draftStore = new MemoryDraftStore();
      element.clock = throttled;
    });
    await settle(second.element);
    await advance(first, first.server.localDeadline() - MINUTE - first.clock.now());
    expect(first.dialog().open).toBe(true);
    await settle(second.element);
    expect(second.root.querySelector('dialog')!.open).toBe(true);
  });

  it('ignores malformed messages from other tabs', async () => {
    const f = await mountExpiry();
    const otherTab = new BroadcastChannel('session-awareness:/hubs/session');
    const deadline = f.element.expiresAt;
    for (const message of [
      null,
      'x',
      { type: 'deadline' },
      { type: 'deadline', deadline: 'soon' },
      { type: 'activity', at: Infinity },
      { type: 'dismissed', sessionId: 5 },
      { type: 'nope' },
    ]) {
      otherTab.postMessage(message);
    }
    await f.settle();
    expect(f.element.expiresAt).toBe(deadline);
    otherTab.close();
  });
});

describe('the open warning', () => {
  it('asks the server once when it opens, even when every answer reads the deadline a few ms differently', async () => {
    const f = await mountExpiry();
    // The skew correction of a real network makes each reading differ by a few ms.
    const jittered = f.server.fetch;
    let jitter = 0;
    f.element.fetcher = async (url, init) => {
      const response = await jittered(url, init);
      if (url !== '/session/status' || response.status !== 200) return response;
      const body = (await response.json()) as { expiresAt: string; serverNow: string };
      jitter = (jitter + 7) % 40;
      return Response.json({ ...body, expiresAt: new Date(Date.parse(body.expiresAt) + jitter).toISOString() });
    };
    const before = f.server.count('/session/status');

    await advance(f, f.server.localDeadline() - MINUTE - f.clock.now());

    expect(f.dialog().open).toBe(true);
    expect(f.server.count('/session/status') - before).toBe(1);
  });

  it("waits for the news of a tab that said it was asking, even once that tab's Web Lock is free again", async () => {
    const f = await mountExpiry();
    const otherTab = new BroadcastChannel('session-awareness:/hubs/session');
    await advance(f, f.server.localDeadline() - MINUTE - f.clock.now() - 100);
    const before = f.server.count('/session/status');
    otherTab.postMessage({ type: 'warning-check', at: f.clock.now() });
    await f.settle();

    await advance(f, 100);
    expect(f.server.count('/session/status') - before).toBe(0);
    expect(f.dialog().open).toBe(false);

    otherTab.postMessage({ type: 'warning', deadline: f.element.expiresAt });
    await f.settle();
    expect(f.dialog().open).toBe(true);
    expect(f.server.count('/session/status') - before).toBe(0);
    otherTab.close();
  });

  it('keys and clicks on the page behind it are not activity: no keep-alive, and it stays open', async () => {
    const f = await mountExpiry();
    await advance(f, f.server.localDeadline() - MINUTE - f.clock.now());
    expect(f.dialog().open).toBe(true);

    // What a Tab out of the dialog leaves: events whose target is the page, not the widget.
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'Tab', bubbles: true }));
    document.body.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true }));
    await advance(f, 20 * SECOND);

    expect(f.server.count('/session/keepalive')).toBe(0);
    expect(f.dialog().open).toBe(true);
  });
});
