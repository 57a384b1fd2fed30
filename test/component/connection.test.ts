import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeHub } from './support/fake-hub.js';
import { mount, pastSignOutGrace, record, unmountAll } from './support/fixture.js';

afterEach(() => {
  unmountAll();
  vi.restoreAllMocks();
});

describe('connection', () => {
  it('connects with the hub-url and, given one, the accessTokenFactory', async () => {
    const hub = new FakeHub();
    const f = await mount({}, hub);
    expect(hub.starts).toBe(1);
    expect(hub.options!.url).toBe('/hubs/session');
    expect(hub.options!.accessTokenFactory).toBeUndefined();
    expect(f.element.connectionStatus).toBe('connected');
    const token = () => 'token';
    f.element.accessTokenFactory = token;
    await f.settle();
    expect(hub.stops).toBe(1);
    expect(hub.starts).toBe(2);
    expect(hub.options!.accessTokenFactory).toBe(token);
  });

  it('uses a hubFactory and token source set right after the element was inserted: no other hub is ever built', async () => {
    const unwanted = new FakeHub();
    const wanted = new FakeHub();
    const token = () => 'token';
    const element = document.createElement('session-awareness');
    element.hubFactory = unwanted.factory;
    element.setAttribute('hub-url', '/hubs/session');
    document.body.append(element);
    // As a framework does: properties land after insertion, in the same task.
    element.hubFactory = wanted.factory;
    element.accessTokenFactory = token;
    await element.updateComplete;
    await Promise.resolve();

    expect(unwanted.options).toBeUndefined();
    expect(unwanted.starts).toBe(0);
    expect(wanted.starts).toBe(1);
    expect(wanted.options!.accessTokenFactory).toBe(token);
  });

  it('retries a failed first start with the jittered backoff, forever', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0); // delays at the low edge: base / 2
    const hub = new FakeHub();
    hub.startOutcomes.push(...Array<'fail'>(8).fill('fail'));
    const f = await mount({}, hub);
    const states = record(f.element, 'session-connection');
    const delays: number[] = [];
    for (let i = 0; i < 8; i++) {
      const [delay] = f.clock.pendingDelays();
      delays.push(delay);
      f.clock.advance(delay);
      await f.settle();
    }
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 15000, 15000, 15000]);
    expect(hub.starts).toBe(9);
    expect(f.element.connectionStatus).toBe('connected');
    expect(states.at(-1)!.status).toEqual({ state: 'connected', attempt: 0 });
    expect(f.clock.pendingTimers).toBe(0);
  });

  it('shows a polite "Reconnecting…" after a drop and hides it once back', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const f = await mount();
    const states = record(f.element, 'session-connection');
    const status = () => f.root.querySelector('[part="connection"]')!;
    expect(status().getAttribute('role')).toBe('status');
    expect(status().textContent).toBe('');
    f.hub.startOutcomes.push('fail');
    f.hub.drop();
    await f.settle();
    expect(status().textContent).toBe('Reconnecting…');
    expect(f.clock.pendingDelays()).toEqual([750]);
    f.clock.advance(750);
    await f.settle();
    expect(f.clock.pendingDelays()).toEqual([1500]);
    f.clock.advance(1500);
    await f.settle();
    expect(status().textContent).toBe('');
    expect(states.map((e) => e.status.state)).toEqual(['reconnecting', 'reconnecting', 'connected']);
    expect(states[0].status.retryInMs).toBe(750);
  });

  it('tries again at once when the browser comes back online', async () => {
    const f = await mount();
    f.hub.drop();
    await f.settle();
    expect(f.hub.starts).toBe(1);
    window.dispatchEvent(new Event('online'));
    await f.settle();
    expect(f.hub.starts).toBe(2);
    expect(f.element.connectionStatus).toBe('connected');
    expect(f.clock.pendingTimers).toBe(0);
    window.dispatchEvent(new Event('online')); // while connected: nothing to do
    await f.settle();
    expect(f.hub.starts).toBe(2);
  });

  it('treats a 401 after a live connection as this session ended', async () => {
    const f = await mount();
    const ended = record(f.element, 'session-ended');
    f.hub.startOutcomes.push('unauthorized');
    f.hub.drop();
    f.clock.advance(f.clock.pendingDelays()[0]);
    await f.settle();
    expect(ended.map((e) => [e.cause, e.reason])).toEqual([['unauthorized', undefined]]);
    expect(f.location.reloads).toBe(0); // no reason code: the widget gives the page's own navigation a moment
    await pastSignOutGrace(f);
    expect(f.location.reloads).toBe(1);
    expect(f.clock.pendingTimers).toBe(0);
  });

  it('on a 401 before any connection, stops quietly (no reload loop on public pages)', async () => {
    const hub = new FakeHub();
    hub.startOutcomes.push('unauthorized');
    const f = await mount({}, hub);
    expect(f.element.connectionStatus).toBe('unauthorized');
    expect(f.location.reloads).toBe(0);
    expect(f.clock.pendingTimers).toBe(0);
  });

  it('stops the hub and every timer when removed from the page, and reconnects when put back', async () => {
    const f = await mount();
    f.hub.emit('sessionRegistered', 'm', 'h1');
    f.hub.startOutcomes.push('fail');
    f.hub.drop();
    await f.settle();
    expect(f.clock.pendingTimers).toBe(2); // retry + minute ticker
    f.element.remove();
    await f.settle();
    expect(f.clock.pendingTimers).toBe(0);
    expect(f.hub.stops).toBe(1);
    const starts = f.hub.starts;
    f.hub.startOutcomes.length = 0; // the failure queued above was never used
    document.body.append(f.element);
    await f.settle();
    expect(f.hub.starts).toBe(starts + 1);
    expect(f.element.connectionStatus).toBe('connected');
  });

  it('ignores messages from a connection it has replaced', async () => {
    const first = new FakeHub();
    const f = await mount({}, first);
    const second = new FakeHub();
    f.element.hubFactory = second.factory;
    await f.settle();
    first.emit('sessionRegistered', 'stale', 'h1');
    second.emit('sessionRegistered', 'fresh', 'h2');
    await f.settle();
    expect(f.notices().map((n) => n.querySelector('[part="message"]')!.textContent)).toEqual(['fresh']);
  });

  it('waits for hub-url before connecting', async () => {
    const hub = new FakeHub();
    const element = document.createElement('session-awareness');
    element.hubFactory = hub.factory;
    document.body.append(element);
    await element.updateComplete;
    expect(hub.starts).toBe(0);
    element.hubUrl = '/late';
    await element.updateComplete;
    await Promise.resolve();
    expect(hub.starts).toBe(1);
    expect(hub.options!.url).toBe('/late');
  });
});
