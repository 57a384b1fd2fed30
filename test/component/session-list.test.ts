import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import '../../src/components/session-list/define.js';
import type { SessionList } from '../../src/components/session-list/session-list.js';
import { FakeHub } from './support/fake-hub.js';
import { FakeLocation, button, mount, record, settle, unmountAll } from './support/fixture.js';
import { HOSTILE_STRINGS } from './support/hostile-strings.js';
import { ManualClock } from './support/manual-clock.js';
import { FakeSessionServer } from './support/fake-server.js';

const MINUTE = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

interface ListFixture {
  list: SessionList;
  hub: FakeHub;
  clock: ManualClock;
  location: FakeLocation;
  root: ShadowRoot;
  settle: () => Promise<void>;
  rows: () => HTMLElement[];
  announced: () => string;
}

async function mountList(hub = new FakeHub(), configure?: (list: SessionList) => void): Promise<ListFixture> {
  const clock = new ManualClock();
  const location = new FakeLocation();
  const list = document.createElement('session-list');
  list.hubFactory = hub.factory;
  list.clock = clock;
  list.pageLocation = location;
  list.setAttribute('hub-url', '/hubs/session');
  configure?.(list);
  document.body.append(list);
  await settle(list as never);
  const root = list.shadowRoot!;
  return {
    list,
    hub,
    clock,
    location,
    root,
    settle: () => settle(list as never),
    rows: () => [...root.querySelectorAll<HTMLElement>('[part~="session"]')],
    announced: () => root.querySelector('[part="announcement"]')!.textContent,
  };
}

function session(
  id: string,
  minutesAgo: number,
  extra: Record<string, unknown> = {},
  now = Date.UTC(2026, 10, 21, 12),
): Record<string, unknown> {
  return {
    sessionId: id,
    createdAt: iso(now - minutesAgo * MINUTE),
    lastActiveAt: iso(now - Math.floor(minutesAgo / 2) * MINUTE),
    browser: 'Firefox 130',
    device: 'Windows',
    os: 'Windows',
    deviceType: 'desktop',
    current: false,
    ...extra,
  };
}

const threeSessions = () => [
  session('own', 30, { browser: 'Chrome 156', device: 'Linux', os: 'Linux', current: true }),
  session('phone', 10, { browser: 'Safari 17', device: 'iPhone', os: 'iOS 17', deviceType: 'mobile', location: 'Berlin, Germany' }),
  session('laptop', 60),
];

beforeEach(() => localStorage.clear());
afterEach(() => {
  unmountAll();
  for (const element of document.querySelectorAll('session-list')) element.remove();
});

describe('<session-list>', () => {
  it('says it is loading until the first snapshot, then lists every session, this device first, with real list semantics', async () => {
    const f = await mountList();
    expect(f.root.textContent).toContain('Loading your sessions…');

    f.hub.emit('sessionsList', threeSessions());
    await f.settle();

    const list = f.root.querySelector('ul')!;
    expect(list.getAttribute('aria-labelledby')).toBe('heading');
    expect(f.root.getElementById('heading')!.textContent).toBe('Your sessions');
    expect(f.rows().map((row) => row.dataset.sessionId)).toEqual(['own', 'phone', 'laptop']);
    expect(f.rows().every((row) => row.tagName === 'LI')).toBe(true);
    const own = f.rows()[0];
    expect(own.querySelector('[part="badge"]')!.textContent).toBe('This device');
    expect(own.querySelector('[part="end-button"]')).toBeNull();
    const phone = f.rows()[1];
    expect(phone.querySelector('[part="device"]')!.textContent).toContain('Safari 17');
    expect(phone.querySelector('[part="facts"]')!.textContent).toBe('Phone · iOS 17 · Berlin, Germany');
    expect(phone.querySelector('[part="times"]')!.textContent.replace(/\s+/g, ' ').trim()).toBe(
      'Signed in 10 minutes ago · Last active 5 minutes ago',
    );
    expect(phone.querySelector('time')!.getAttribute('datetime')).toBe(iso(Date.UTC(2026, 10, 21, 12) - 10 * MINUTE));
  });

  it('names every End button with its device and offers Sign out on this device only with a logout URL', async () => {
    const f = await mountList(new FakeHub(), (list) => list.setAttribute('logout-url', '/logout'));
    f.hub.emit('sessionsList', threeSessions());
    await f.settle();

    const names = [...f.root.querySelectorAll('[part="end-button"]')].map((b) => [b.textContent.trim(), b.getAttribute('aria-label')]);
    expect(names).toEqual([
      ['End session', 'End session on Safari 17 on iOS 17'],
      ['End session', 'End session on Firefox 130 on Windows'],
    ]);
    const signOut = f.rows()[0].querySelector('[part="signout-button"]')!;
    expect(signOut.getAttribute('aria-label')).toBe('Sign out on this device');
  });

  it('updates live: a sign-in elsewhere adds a row, a session ended elsewhere removes it', async () => {
    const f = await mountList();
    f.hub.emit('sessionsList', threeSessions());
    await f.settle();

    f.hub.emit('sessionRegistered', 'Signed in elsewhere', 'tablet', {
      browser: 'Chrome 156',
      device: 'Android tablet',
      os: 'Android 14',
      deviceType: 'tablet',
      createdAt: iso(f.clock.now()),
    });
    f.hub.emit('sessionClosed', 'laptop');
    await f.settle();

    expect(f.rows().map((row) => row.dataset.sessionId)).toEqual(['own', 'tablet', 'phone']);
    expect(f.rows()[1].querySelector('[part="facts"]')!.textContent).toBe('Tablet · Android 14');
  });

  it('keeps relative times true as minutes pass', async () => {
    const f = await mountList();
    f.hub.emit('sessionsList', [session('own', 0, { current: true })]);
    await f.settle();
    expect(f.rows()[0].querySelector('[part="times"]')!.textContent).toContain('Signed in just now');

    f.clock.advance(3 * MINUTE);
    await f.settle();

    expect(f.rows()[0].querySelector('[part="times"]')!.textContent).toContain('Signed in 3 minutes ago');
  });

  it('End session ends that session, removes its row, announces it and focuses the next row', async () => {
    const f = await mountList();
    const results = record(f.list, 'session-kill-result');
    f.hub.emit('sessionsList', threeSessions());
    await f.settle();
    const phoneEnd = f.rows()[1].querySelector<HTMLButtonElement>('[part="end-button"]')!;
    phoneEnd.focus();

    phoneEnd.click();
    await f.settle();

    expect(f.hub.killCalls).toEqual(['phone']);
    expect(f.rows().map((row) => row.dataset.sessionId)).toEqual(['own', 'laptop']);
    expect(f.announced()).toBe('Session on Safari 17 on iOS 17 ended.');
    expect(f.root.activeElement?.getAttribute('aria-label')).toBe('End session on Firefox 130 on Windows');
    expect(results.map((event) => [event.sessionId, event.ok])).toEqual([['phone', true]]);
  });

  it('moves focus to the heading, never to <body>, when the last other row goes', async () => {
    const f = await mountList();
    f.hub.emit('sessionsList', [session('own', 5, { current: true }), session('phone', 1)]);
    await f.settle();
    const end = f.root.querySelector<HTMLButtonElement>('[part="end-button"]')!;
    end.focus();

    end.click();
    await f.settle();

    expect(f.root.activeElement?.id).toBe('heading');
    expect(f.root.textContent).toContain('You are not signed in anywhere else.');
  });

  it('moves focus on when the focused row is removed from elsewhere too', async () => {
    const f = await mountList();
    f.hub.emit('sessionsList', threeSessions());
    await f.settle();
    f.rows()[1].querySelector<HTMLButtonElement>('[part="end-button"]')!.focus();

    f.hub.emit('sessionClosed', 'phone');
    await f.settle();

    expect(f.root.activeElement?.getAttribute('aria-label')).toBe('End session on Firefox 130 on Windows');
  });

  it('a refused End session keeps the row with a generic error, announced, and never the server text', async () => {
    const f = await mountList();
    f.hub.killBehaviour = () => Promise.reject(new Error('<b>server</b> secret detail'));
    f.hub.emit('sessionsList', threeSessions());
    await f.settle();

    f.rows()[1].querySelector<HTMLButtonElement>('[part="end-button"]')!.click();
    await f.settle();

    expect(f.rows()).toHaveLength(3);
    expect(f.rows()[1].querySelector('[part="error"]')!.textContent).toBe('That session could not be ended. Please try again.');
    expect(f.root.textContent).not.toContain('secret detail');
    expect(f.announced()).toBe('That session could not be ended. Please try again.');
  });

  it('Sign out all other sessions asks once, focusing Cancel, and Cancel goes back without a request', async () => {
    const f = await mountList();
    f.hub.emit('sessionsList', threeSessions());
    await f.settle();

    button(f.root, 'Sign out all other sessions').click();
    await f.settle();

    const confirm = f.root.querySelector('[part="confirm"]')!;
    expect(confirm.getAttribute('role')).toBe('group');
    expect(confirm.textContent).toContain('Sign out all 2 other sessions?');
    expect(f.root.activeElement?.textContent.trim()).toBe('Cancel');

    button(f.root, 'Cancel').click();
    await f.settle();

    expect(f.hub.endOthersCalls).toBe(0);
    expect(f.root.activeElement?.textContent.trim()).toBe('Sign out all other sessions');
  });

  it('confirmed, it calls EndOtherSessions once, keeps only this device, announces the count and focuses the heading', async () => {
    const f = await mountList();
    f.hub.endOthersBehaviour = () => Promise.resolve(2);
    const results = record(f.list, 'session-end-others-result');
    f.hub.emit('sessionsList', threeSessions());
    await f.settle();
    button(f.root, 'Sign out all other sessions').click();
    await f.settle();

    button(f.root, 'Sign out all').click();
    await f.settle();

    expect(f.hub.endOthersCalls).toBe(1);
    expect(f.rows().map((row) => row.dataset.sessionId)).toEqual(['own']);
    expect(f.announced()).toBe('Signed out of 2 other sessions.');
    expect(f.root.activeElement?.id).toBe('heading');
    expect(results.map((event) => [event.ok, event.count])).toEqual([[true, 2]]);
  });

  it('after Sign out all other sessions, POSTs keep-alive with X-Session-Renew-Key (same-origin), so this browser gets a new cookie key', async () => {
    const server = new FakeSessionServer(new ManualClock());
    const f = await mountList(new FakeHub(), (list) => {
      list.setAttribute('keepalive-url', '/session/keepalive');
      list.fetcher = server.fetch;
    });
    f.hub.endOthersBehaviour = () => Promise.resolve(2);
    f.hub.emit('sessionsList', threeSessions());
    await f.settle();
    button(f.root, 'Sign out all other sessions').click();
    await f.settle();
    expect(server.requests).toHaveLength(0); // not before the others ended

    button(f.root, 'Sign out all').click();
    await f.settle();

    expect(server.requests.map((r) => [r.url, r.method, r.headers['x-session-keepalive'], r.headers['x-session-renew-key']])).toEqual([
      ['/session/keepalive', 'POST', '1', '1'],
    ]);
    expect(f.announced()).toBe('Signed out of 2 other sessions.');
  });

  it('a failed renewal is a debug line and one retry a second later, never a failure of the sign-out of others', async () => {
    const clock = new ManualClock();
    const server = new FakeSessionServer(clock);
    server.offline = true;
    const debug: unknown[][] = [];
    const original = console.debug;
    console.debug = (...args: unknown[]) => debug.push(args);
    try {
      const f = await mountList(new FakeHub(), (list) => {
        list.setAttribute('keepalive-url', '/session/keepalive');
        list.fetcher = server.fetch;
        list.clock = clock;
      });
      const results = record(f.list, 'session-end-others-result');
      f.hub.endOthersBehaviour = () => Promise.resolve(2);
      f.hub.emit('sessionsList', threeSessions());
      await f.settle();
      button(f.root, 'Sign out all other sessions').click();
      await f.settle();
      button(f.root, 'Sign out all').click();
      await f.settle();

      expect(server.count('/session/keepalive')).toBe(1);
      expect(results.map((event) => event.ok)).toEqual([true]);
      expect(f.announced()).toBe('Signed out of 2 other sessions.');
      expect(f.root.querySelector('[part="error"]')).toBeNull();
      expect(String(debug[0]?.[0])).toContain('not renewed');
      clock.advance(999);
      await f.settle();
      expect(server.count('/session/keepalive')).toBe(1);
      clock.advance(1);
      await f.settle();
      expect(server.count('/session/keepalive')).toBe(2);
      clock.advance(60_000); // one retry only
      await f.settle();
      expect(server.count('/session/keepalive')).toBe(2);
      expect(debug).toHaveLength(2);
    } finally {
      console.debug = original;
    }
  });

  it("without keepalive-url of its own, renews through the URL of the page's <session-awareness> with the same hub", async () => {
    const server = new FakeSessionServer(new ManualClock());
    const widget = await mount({ 'keepalive-url': '/session/keepalive' });
    const f = await mountList(widget.hub, (list) => (list.fetcher = server.fetch));
    f.hub.endOthersBehaviour = () => Promise.resolve(1);
    f.hub.emit('sessionsList', threeSessions().slice(0, 2));
    await f.settle();
    button(f.root, 'Sign out all other sessions').click();
    await f.settle();
    button(f.root, 'Sign out all').click();
    await f.settle();
    expect(server.requests.map((r) => [r.url, r.headers['x-session-renew-key']])).toEqual([['/session/keepalive', '1']]);
  });

  it('shows "and N more sessions" when the snapshot total is more than it lists, in each language', async () => {
    const f = await mountList();
    f.hub.emit('sessionsList', threeSessions(), 5);
    await f.settle();
    const more = () => f.root.querySelector('[part="more"]')?.textContent.trim();
    expect(f.rows()).toHaveLength(3);
    expect(more()).toBe('and 2 more sessions');
    // Sign out all other sessions counts the unlisted ones too.
    button(f.root, 'Sign out all other sessions').click();
    await f.settle();
    expect(f.root.querySelector('#confirm-question')!.textContent).toContain('Sign out all 4 other sessions?');
    button(f.root, 'Cancel').click();
    f.hub.emit('sessionsList', threeSessions(), 4);
    await f.settle();
    expect(more()).toBe('and 1 more session');
    for (const [lang, one, other] of [
      ['de', 'und 1 weitere Sitzung', 'und 7 weitere Sitzungen'],
      ['fr', 'et 1 autre session', 'et 7 autres sessions'],
      ['es', 'y 1 sesión más', 'y 7 sesiones más'],
    ]) {
      f.list.setAttribute('lang', lang);
      f.hub.emit('sessionsList', threeSessions(), 4);
      await f.settle();
      expect(more()).toBe(one);
      f.hub.emit('sessionsList', threeSessions(), 10);
      await f.settle();
      expect(more()).toBe(other);
    }
    f.list.removeAttribute('lang');
    // An older server sends no total: nothing more to say.
    f.hub.emit('sessionsList', threeSessions());
    await f.settle();
    expect(more()).toBeUndefined();
  });

  it('drops a snapshot with an invalid total and keeps what it had', async () => {
    const f = await mountList();
    f.hub.emit('sessionsList', threeSessions(), 4);
    await f.settle();
    for (const total of [0, -1, 3.5, '9', Number.NaN, {}]) f.hub.emit('sessionsList', threeSessions().slice(0, 1), total);
    await f.settle();
    expect(f.rows()).toHaveLength(3);
    expect(f.root.querySelector('[part="more"]')!.textContent.trim()).toBe('and 1 more session');
  });

  it('an over-long or invalid field of one entry drops that field only: the entry shows it as unknown', async () => {
    const f = await mountList();
    f.hub.emit('sessionsList', [
      session('own', 30, { current: true }),
      session('long', 10, { browser: 'x'.repeat(5000), os: 42, location: 'Berlin', createdAt: 'yesterday' }),
    ]);
    await f.settle();
    expect(f.rows().map((row) => row.dataset.sessionId)).toEqual(['own', 'long']);
    const row = f.rows()[1];
    expect(row.querySelector('[part="device"]')!.textContent.trim()).toBe('Unknown device');
    expect(row.querySelector('[part="facts"]')!.textContent).toContain('Windows · Berlin');
    expect(row.querySelector('[part="times"]')!.textContent).not.toContain('Signed in');
    expect(row.querySelector('[part="times"]')!.textContent).toContain('Last active');
  });

  it('a failed Sign out all other sessions keeps every row and says so', async () => {
    const f = await mountList();
    f.hub.endOthersBehaviour = () => Promise.reject(new Error('rate limited'));
    f.hub.emit('sessionsList', threeSessions());
    await f.settle();
    button(f.root, 'Sign out all other sessions').click();
    await f.settle();

    button(f.root, 'Sign out all').click();
    await f.settle();

    expect(f.rows()).toHaveLength(3);
    expect(f.root.querySelector('[part="error"]')!.textContent).toBe('The other sessions could not be signed out. Please try again.');
    expect(f.root.activeElement?.textContent.trim()).toBe('Sign out all other sessions');
  });

  it('Sign out posts to the logout URL and reloads', async () => {
    const calls: Array<[string, RequestInit | undefined]> = [];
    const f = await mountList(new FakeHub(), (list) => {
      list.setAttribute('logout-url', '/logout');
      list.fetcher = (input, init) => {
        calls.push([input, init]);
        return Promise.resolve(new Response(null, { status: 204 }));
      };
    });
    f.hub.emit('sessionsList', threeSessions());
    await f.settle();

    f.root.querySelector<HTMLButtonElement>('[part="signout-button"]')!.click();
    await f.settle();

    expect(calls.map(([url, init]) => [url, init?.method])).toEqual([['/logout', 'POST']]);
    expect(f.location.reloads).toBe(1);
  });

  it('shows every hostile field as text, capped, and runs nothing', async () => {
    const f = await mountList();
    const hostile = HOSTILE_STRINGS.slice(0, 20);
    f.hub.emit(
      'sessionsList',
      hostile.map((text, i) => session(`s${i}`, i + 1, { browser: text, device: text, os: text, location: text })),
    );
    await f.settle();

    expect(f.rows()).toHaveLength(hostile.length);
    expect(f.root.querySelectorAll('img, script, iframe, svg, a, style')).toHaveLength(0);
    expect((window as unknown as Record<string, unknown>).__pwned).toBeUndefined();
    for (const row of f.rows())
      expect(row.querySelector('[part="device"]')!.textContent.trim().length).toBeLessThanOrEqual(120 + 'This device'.length + 10);
  });

  it('drops a malformed snapshot and keeps what it had', async () => {
    const f = await mountList();
    f.hub.emit('sessionsList', threeSessions());
    await f.settle();

    f.hub.emit('sessionsList', [{ sessionId: 'bad id with spaces' }]);
    f.hub.emit('sessionsList', 'not a list');
    await f.settle();

    expect(f.rows()).toHaveLength(3);
  });

  it('once this session ends, the list says so and offers nothing', async () => {
    const f = await mountList();
    f.hub.emit('sessionsList', threeSessions());
    await f.settle();

    f.hub.emit('sessionEnded', 'bye');
    await f.settle();

    expect(f.rows()).toHaveLength(0);
    expect(f.root.textContent).toContain('Your session has ended.');
    expect(f.root.querySelectorAll('button')).toHaveLength(0);
  });
});

describe('one connection for both elements', () => {
  it('<session-awareness> and <session-list> with the same hub share one connection and one snapshot', async () => {
    const hub = new FakeHub();
    const awareness = await mount({}, hub);
    const f = await mountList(hub);

    expect(hub.starts).toBe(1);
    hub.emit('sessionsList', threeSessions());
    await f.settle();
    expect(f.rows()).toHaveLength(3);

    // A list added later gets the snapshot already known, without a second connection.
    const late = await mountList(hub);
    expect(late.rows()).toHaveLength(3);
    expect(hub.starts).toBe(1);

    // End session in the list is the same hub call as in a notice.
    f.rows()[1].querySelector<HTMLButtonElement>('[part="end-button"]')!.click();
    await f.settle();
    expect(hub.killCalls).toEqual(['phone']);

    awareness.element.remove();
    f.list.remove();
    expect(hub.stops).toBe(0);
    late.list.remove();
    expect(hub.stops).toBe(1);
  });

  it('a drop is one reconnect for both, and the snapshot after it refreshes the list', async () => {
    const hub = new FakeHub();
    const awareness = await mount({}, hub);
    const f = await mountList(hub);
    f.list.clock = awareness.clock;
    hub.emit('sessionsList', threeSessions());
    await f.settle();

    hub.drop();
    await f.settle();
    expect(f.root.textContent).toContain('Reconnecting…');
    awareness.clock.advance(60_000);
    await f.settle();
    hub.emit('sessionsList', threeSessions().slice(0, 2));
    await f.settle();

    expect(hub.starts).toBe(2);
    expect(f.rows()).toHaveLength(2);
    expect(f.root.textContent).not.toContain('Reconnecting…');
  });

  it('the list asks for the sessions once per connection; the connect snapshot (this session and those since) does not replace them', async () => {
    const hub = new FakeHub();
    const awareness = await mount({}, hub);
    expect(hub.listCalls).toBe(0);

    const f = await mountList(hub);
    f.list.clock = awareness.clock;
    expect(hub.listCalls).toBe(1);
    hub.emit('sessionsList', threeSessions());
    await mountList(hub);
    expect(hub.listCalls).toBe(1);

    hub.emit('sessionsSnapshot', [session('own', 30, { current: true }), session('phone', 10)]);
    await f.settle();
    expect(f.rows()).toHaveLength(3);

    hub.drop();
    awareness.clock.advance(60_000);
    await f.settle();
    expect(hub.starts).toBe(2);
    expect(hub.listCalls).toBe(2);
  });

  it('a failed ask leaves the list loading, and the next connection asks again', async () => {
    const hub = new FakeHub();
    hub.listBehaviour = () => Promise.reject(new Error('The sessions could not be listed.'));
    const f = await mountList(hub);
    await f.settle();
    expect(hub.listCalls).toBe(1);
    expect(f.root.textContent).toContain('Loading your sessions…');

    hub.listBehaviour = () => {
      hub.emit('sessionsList', threeSessions());
      return Promise.resolve();
    };
    hub.drop();
    f.clock.advance(60_000);
    await f.settle();
    expect(hub.listCalls).toBe(2);
    expect(f.rows()).toHaveLength(3);
  });

  it('a page with notices only never asks for the list', async () => {
    const hub = new FakeHub();
    const awareness = await mount({}, hub);
    hub.drop();
    awareness.clock.advance(60_000);
    await awareness.settle();
    expect(hub.starts).toBe(2);
    expect(hub.listCalls).toBe(0);
  });

  it('elements with different hub URLs do not share', async () => {
    const hub = new FakeHub();
    await mount({}, hub);
    await mountList(hub, (list) => list.setAttribute('hub-url', '/other/hub'));

    expect(hub.starts).toBe(2);
  });
});
