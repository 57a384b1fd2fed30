import { afterEach, describe, expect, it, vi } from 'vitest';
import { LEAVING_SIGNAL_MS, PageLeaving, SIGN_OUT_GRACE_MS } from '../../src/components/session-awareness/page-leaving.js';
import { FakeHub, type StartOutcome } from './support/fake-hub.js';
import { FakeSessionServer, MemoryDraftStore } from './support/fake-server.js';
import { advance, mount, pastSignOutGrace, record, unmountAll, type Fixture } from './support/fixture.js';
import { ManualClock } from './support/manual-clock.js';

const GUARD_KEY = 'session-awareness:navigated-at';

afterEach(() => {
  unmountAll();
  vi.restoreAllMocks();
  document.querySelectorAll('form[data-test], a[data-test]').forEach((node) => node.remove());
});

/** Counts what the widget writes to the console, by level. */
function watchConsole(): Record<'debug' | 'log' | 'info' | 'warn' | 'error', string[]> {
  const seen = { debug: [] as string[], log: [] as string[], info: [] as string[], warn: [] as string[], error: [] as string[] };
  for (const level of Object.keys(seen) as Array<keyof typeof seen>) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void seen[level].push(args.map(String).join(' ')));
  }
  return seen;
}

/** A page with the widget, status and keep-alive, and a session server answering 401 (nobody signed in). */
async function mountPublic(hubOutcomes: StartOutcome[], attributes: Record<string, string> = { 'status-url': '/session/status' }) {
  const hub = new FakeHub();
  hub.startOutcomes.push(...hubOutcomes);
  let server!: FakeSessionServer;
  const f = await mount({ 'keepalive-url': '/session/keepalive', 'keepalive-interval': '10', ...attributes }, hub, (element, clock) => {
    server = new FakeSessionServer(clock);
    server.gone = true;
    element.fetcher = server.fetch;
    element.draftStore = new MemoryDraftStore();
  });
  return { ...f, server };
}

function expectQuiet(f: Fixture & { server: FakeSessionServer }, ended: Event[]): void {
  expect(f.location.reloads).toBe(0);
  expect(f.location.assigned).toEqual([]);
  expect(ended).toHaveLength(0);
  expect(f.root.querySelector('[part="ended"]')).toBeNull();
  expect(f.root.querySelector('[role="region"]')).toBeNull();
  expect(sessionStorage.getItem(GUARD_KEY)).toBeNull();
  expect(f.element.connectionStatus).toBe('unauthorized');
  expect(f.clock.pendingTimers).toBe(0);
}

describe('a page without a session stays quiet', () => {
  it('a 401 from status while the hub has not connected yet: stops, no reload, no message, no guard, one debug line', async () => {
    const seen = watchConsole();
    // The hub's first attempt fails (server busy): it would retry, but status says nobody is signed in here.
    const f = await mountPublic(['fail']);
    const ended = record(f.element, 'session-ended');
    await f.settle();
    expect(f.server.count('/session/status')).toBe(1);
    expectQuiet(f, ended);
    // Stopped for good: no retry of the hub, no further status on focus, no keep-alive on activity.
    const starts = f.hub.starts;
    await advance(f, 60_000);
    window.dispatchEvent(new Event('focus'));
    window.dispatchEvent(new KeyboardEvent('keydown'));
    await advance(f, 60_000);
    expect(f.hub.starts).toBe(starts);
    expect(f.server.requests).toHaveLength(1);
    expect(seen.debug).toEqual(['[session-awareness] not signed in on this page (401 before any session): the widget stays idle.']);
    expect([...seen.warn, ...seen.error, ...seen.log, ...seen.info]).toEqual([]);
  });

  it('a 401 from negotiate first: the status answer changes nothing, still one debug line', async () => {
    const seen = watchConsole();
    const f = await mountPublic(['unauthorized']);
    const ended = record(f.element, 'session-ended');
    await f.settle();
    expectQuiet(f, ended);
    expect(seen.debug).toHaveLength(1);
    expect([...seen.warn, ...seen.error]).toEqual([]);
  });

  it("a 401 from keep-alive (no status URL) after the user's activity: quiet too", async () => {
    const seen = watchConsole();
    // The hub keeps failing (its server is elsewhere and down): the keep-alive's 401 is the first answer.
    const f = await mountPublic(Array<StartOutcome>(20).fill('fail'), {});
    const ended = record(f.element, 'session-ended');
    await advance(f, 1_000); // activity after the page's own load
    window.dispatchEvent(new KeyboardEvent('keydown'));
    await advance(f, 11_000);
    expect(f.server.count('/session/keepalive')).toBe(1);
    expectQuiet(f, ended);
    expect(seen.debug).toHaveLength(1);
  });

  it('tells no other tab: a quiet stop is not an ended session', async () => {
    const heard: unknown[] = [];
    const channel = new BroadcastChannel('session-awareness:/hubs/session');
    channel.onmessage = (event) => heard.push(event.data);
    watchConsole();
    const f = await mountPublic(['unauthorized']);
    await f.settle();
    channel.close();
    expect(heard.filter((message) => (message as { type: string }).type === 'ended')).toEqual([]);
  });

  it('a page that had a session (connected) and gets a 401 from status ends as before', async () => {
    const f = await mountPublic(['ok'], {});
    const ended = record(f.element, 'session-ended');
    expect(f.element.connectionStatus).toBe('connected');
    f.element.statusUrl = '/session/status';
    await f.settle();
    window.dispatchEvent(new Event('focus'));
    await advance(f, 3_000);
    window.dispatchEvent(new Event('focus'));
    await f.settle();
    expect(ended.map((event) => event.cause)).toEqual(['unauthorized']);
    await pastSignOutGrace(f);
    expect(f.location.reloads).toBe(1);
  });

  it('a page that knew a deadline (from another tab) and gets a 401 from keep-alive ends as before', async () => {
    const f = await mountPublic(['fail'], {});
    const channel = new BroadcastChannel('session-awareness:/hubs/session');
    channel.postMessage({ type: 'deadline', deadline: f.clock.now() + 10 * 60_000 });
    channel.close();
    const ended = record(f.element, 'session-ended');
    await f.settle();
    expect(f.element.expiresAt).toBeDefined();
    await advance(f, 1_000);
    window.dispatchEvent(new KeyboardEvent('keydown'));
    await advance(f, 11_000);
    expect(f.server.count('/session/keepalive')).toBe(1);
    await pastSignOutGrace(f);
    expect(ended.map((event) => event.cause)).toContain('unauthorized');
    expect(f.location.reloads).toBe(1);
  });
});

/** A same-origin form of the page, submitted as the browser would report it (a synthetic event submits nothing). */
function submitForm(action: string, prevent = false): SubmitEvent {
  const form = document.createElement('form');
  form.dataset.test = '';
  form.method = 'post';
  form.action = action;
  document.body.append(form);
  if (prevent) form.addEventListener('submit', (event) => event.preventDefault());
  const event = new SubmitEvent('submit', { bubbles: true, cancelable: true });
  form.dispatchEvent(event);
  return event;
}

describe("the app's own sign-out wins", () => {
  it('a plain sign-out while this tab submits a form: no navigation, and the other tabs are told', async () => {
    const heard: unknown[] = [];
    const channel = new BroadcastChannel('session-awareness:/hubs/session');
    channel.onmessage = (event) => heard.push(event.data);
    const f = await mount();
    const ended = record(f.element, 'session-ended');
    submitForm('/logout');
    f.hub.emit('sessionEnded', 'You signed out.', null);
    await f.settle();
    await advance(f, LEAVING_SIGNAL_MS - 1); // its own navigation takes the page away long before this
    channel.close();
    expect(ended).toHaveLength(1);
    expect(f.location.reloads).toBe(0);
    expect(f.location.assigned).toEqual([]);
    expect(f.root.querySelector('[part="ended"]')).toBeNull();
    expect(heard).toContainEqual({ type: 'ended' });
    expect(sessionStorage.getItem(GUARD_KEY)).toBeNull();
  });

  it("the hub's message first, the page's navigation a moment later (its sign-out request still in flight): no navigation", async () => {
    const f = await mount();
    f.hub.emit('sessionEnded', 'You signed out.', null);
    await f.settle();
    f.clock.advance(SIGN_OUT_GRACE_MS - 100);
    await f.settle();
    // The app navigates when its fetch answers: the Navigation API reports it (where present), as does pagehide.
    window.dispatchEvent(new PageTransitionEvent('pagehide'));
    await advance(f, 20_000);
    expect(f.location.reloads).toBe(0);
  });

  it("a navigation the Navigation API reports, started after the hub's message: no navigation", async () => {
    const navigation = (globalThis as { navigation?: EventTarget }).navigation;
    expect(navigation).toBeDefined(); // Chromium has it
    const f = await mount();
    f.hub.emit('sessionEnded', undefined, null);
    await f.settle();
    const navigate = new Event('navigate', { cancelable: true });
    Object.defineProperties(navigate, { destination: { value: { sameDocument: false } }, downloadRequest: { value: null } });
    navigation!.dispatchEvent(navigate);
    await advance(f, SIGN_OUT_GRACE_MS + LEAVING_SIGNAL_MS - 1);
    expect(f.location.reloads).toBe(0);
  });

  it('a submission the page cancelled (it signs out with fetch) is not leaving: the widget reloads after the grace', async () => {
    const f = await mount();
    submitForm('/logout', true);
    f.hub.emit('sessionEnded', undefined, null);
    await f.settle();
    expect(f.location.reloads).toBe(0);
    await pastSignOutGrace(f);
    expect(f.location.reloads).toBe(1);
  });

  it('a page that began leaving but is still here 10 s later (a 204, a download) navigates after all', async () => {
    const f = await mount();
    submitForm('/logout');
    f.hub.emit('sessionEnded', undefined, null);
    await f.settle();
    await advance(f, LEAVING_SIGNAL_MS - 1);
    expect(f.location.reloads).toBe(0);
    await advance(f, 1);
    expect(f.location.reloads).toBe(1);
  });

  it('another tab of the session (not leaving) goes to the sign-in page, with no reason recorded', async () => {
    const f = await mount();
    const channel = new BroadcastChannel('session-awareness:/hubs/session');
    channel.postMessage({ type: 'ended' }); // what the signing-out tab posts
    channel.close();
    await f.settle();
    expect(f.location.reloads).toBe(0);
    await pastSignOutGrace(f);
    expect(f.location.reloads).toBe(1);
    expect(sessionStorage.getItem('session-awareness:signed-out')).toBeNull();
  });

  it('an end with a reason code (ended from another device) navigates at once, leaving or not', async () => {
    const f = await mount({}, new FakeHub(), (element) => (element.draftStore = new MemoryDraftStore()));
    submitForm('/notes');
    f.hub.emit('sessionEnded', 'This session was ended from another device.', { code: 'ended' });
    await f.settle();
    expect(f.location.reloads).toBe(1);
  });

  it('a submission older than 10 s no longer counts as leaving', async () => {
    const f = await mount();
    submitForm('/search');
    f.clock.advance(LEAVING_SIGNAL_MS);
    f.hub.emit('sessionEnded', undefined, null);
    await pastSignOutGrace(f);
    expect(f.location.reloads).toBe(1);
  });
});

describe('PageLeaving', () => {
  it('without the Navigation API, a followed link is leaving; a cancelled one, a fragment link or a new tab is not', () => {
    const clock = new ManualClock();
    const leaving = new PageLeaving(() => clock, window, null);
    leaving.start();
    const readings: boolean[] = [];
    const click = (href: string, target = ''): void => {
      const link = document.createElement('a');
      link.dataset.test = '';
      link.href = href;
      link.target = target;
      link.textContent = 'go';
      document.body.append(link);
      // Read after the tracker's listener, then cancel so that the test page stays.
      window.addEventListener(
        'click',
        (event) => {
          readings.push(leaving.isLeaving);
          event.preventDefault();
        },
        { once: true },
      );
      link.click();
    };
    click('/elsewhere');
    click('#section');
    click('/elsewhere', '_blank');
    leaving.stop();
    expect(readings).toEqual([true, false, false]);
    expect(leaving.isLeaving).toBe(false); // the first was cancelled after all
  });

  it('a form opening in another window or closing a dialog is not leaving; pagehide is, until the page is back', () => {
    const clock = new ManualClock();
    const leaving = new PageLeaving(() => clock, window, null);
    leaving.start();
    const form = document.createElement('form');
    form.dataset.test = '';
    form.target = '_blank';
    document.body.append(form);
    form.dispatchEvent(new SubmitEvent('submit', { bubbles: true, cancelable: true }));
    form.target = '';
    form.method = 'dialog';
    form.dispatchEvent(new SubmitEvent('submit', { bubbles: true, cancelable: true }));
    expect(leaving.isLeaving).toBe(false);
    window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true }));
    expect([leaving.isLeaving, leaving.hasLeft]).toEqual([true, true]);
    window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
    expect([leaving.isLeaving, leaving.hasLeft]).toEqual([false, false]);
    leaving.stop();
  });
});
