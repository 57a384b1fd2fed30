// Issue 15: the expiry code (deadline, keep-alive, warning) is a chunk of its own, fetched when the element has a
// keepalive-url or status-url, as it connects (or when a framework sets either later). A page without them (notices
// only) never fetches it, yet still knows the deadline the hub pushes. A deadline learnt before the code came is
// handed over; a failed load is said once and tried again every minute, since without this code nothing slides the
// session on activity.
//
// The first test must stay first: it checks that nothing of this file fetched the expiry module before it.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Expiry, EXPIRY_RETRY_MS, type ExpiryImporter } from '../../src/components/session-awareness/expiry/expiry.js';
import type { ExpiryController, ExpiryControllerOptions } from '../../src/components/session-awareness/expiry/expiry-controller.js';
import type { TabMessage } from '../../src/internal/tab-channel.js';
import { FakeSessionServer, MemoryDraftStore } from './support/fake-server.js';
import { advance, mount, unmountAll } from './support/fixture.js';
import { ManualClock } from './support/manual-clock.js';

const MINUTE = 60_000;

const expiryFetched = (): boolean =>
  performance.getEntriesByType('resource').some((entry) => entry.name.includes('/expiry/expiry-controller.ts'));

afterEach(() => {
  unmountAll();
  vi.restoreAllMocks();
});

describe('the expiry code, loaded on demand', () => {
  it('is not fetched by a page without keepalive-url or status-url, which still knows the deadline the hub pushes', async () => {
    const f = await mount({}, undefined, undefined, { preloadExpiry: false });
    const serverNow = f.clock.now() + 30_000; // the server's clock is 30 s ahead
    f.hub.emit('sessionExpiry', new Date(serverNow + 20 * MINUTE).toISOString(), new Date(serverNow).toISOString());
    await f.settle();
    expect(f.element.expiresAt).toBe(f.clock.now() + 20 * MINUTE);
    expect(f.element.isKeepaliveLeader).toBe(false);
    expect(f.root.querySelector('dialog')).toBeNull();
    expect(expiryFetched()).toBe(false);
  });

  it('is fetched once keepalive-url is set after connecting, takes the deadline learnt before, and warns on time', async () => {
    let server!: FakeSessionServer;
    const f = await mount(
      { 'warn-before': '60' },
      undefined,
      (element, clock) => {
        server = new FakeSessionServer(clock, 5 * MINUTE);
        element.fetcher = server.fetch;
        element.draftStore = new MemoryDraftStore();
      },
      { preloadExpiry: false },
    );
    const deadline = server.localDeadline();
    f.hub.emit('sessionExpiry', new Date(deadline).toISOString(), new Date(f.clock.now()).toISOString());
    await f.settle();
    expect(f.element.expiresAt).toBe(deadline);
    expect(f.clock.pendingTimers).toBe(0); // no expiry code, no timer

    f.element.setAttribute('keepalive-url', '/session/keepalive'); // as a framework binding sets it after insertion
    await vi.waitUntil(() => f.root.querySelector('dialog') !== null, { timeout: 10_000 });
    await f.settle();
    expect(expiryFetched()).toBe(true);
    expect(f.element.expiresAt).toBe(deadline);
    expect(f.clock.pendingDelays()).toEqual([deadline - MINUTE - f.clock.now()]);

    await advance(f, deadline - MINUTE - f.clock.now());
    const dialog = f.root.querySelector('dialog')!;
    expect(dialog.open).toBe(true);
    // The warning's styles came with its code.
    expect(getComputedStyle(dialog).paddingInlineStart).toBe('24px'); // 1.5rem, not the browser's 1em
    expect(getComputedStyle(f.root.querySelector('[part="stay-button"]')!).backgroundColor).toBe('rgb(26, 86, 219)'); // --_default-primary
  });
});

/** A host with what a ReactiveController uses of it, connected. */
class FakeHost extends EventTarget implements ReactiveControllerHost {
  readonly controllers: ReactiveController[] = [];
  updates = 0;
  readonly updateComplete = Promise.resolve(true);
  addController(controller: ReactiveController): void {
    this.controllers.push(controller);
    controller.hostConnected?.();
  }
  removeController(): void {
    // not used
  }
  requestUpdate(): void {
    this.updates++;
  }
}

function expiryOptions(
  clock: ManualClock,
  urls: { keepaliveUrl?: string } = { keepaliveUrl: '/session/keepalive' },
): ExpiryControllerOptions {
  const unused = (): never => {
    throw new Error('not used by the facade');
  };
  return {
    keepaliveUrl: () => urls.keepaliveUrl ?? null,
    statusUrl: () => null,
    warnBefore: () => 60,
    keepaliveInterval: () => 60,
    clock: () => clock,
    fetcher: unused,
    leaderLockName: () => 'test',
    postToTabs: () => undefined,
    warningWanted: () => true,
    autosaveBeforeExpiry: () => undefined,
    sessionExpired: () => undefined,
    sessionGone: () => undefined,
    warningDialog: () => null,
  };
}

/** An importer whose answers the test decides, and a stand-in controller that records what it was told. */
function scriptedImporter() {
  const answers: Array<'fail' | 'load'> = [];
  const told: TabMessage[] = [];
  let constructed = 0;
  const importer = vi.fn<ExpiryImporter>(() => {
    const answer = answers.shift();
    if (answer !== 'load') return Promise.reject(new TypeError('Failed to fetch dynamically imported module'));
    class RecordingController {
      deadline: number | undefined;
      constructor(host: ReactiveControllerHost) {
        constructed++;
        host.addController(this as never);
      }
      handleTabMessage(message: TabMessage): void {
        told.push(message);
        if (message.type === 'deadline') this.deadline = message.deadline;
      }
    }
    return Promise.resolve({ ExpiryController: RecordingController as unknown as typeof ExpiryController });
  });
  return { importer, answers, told, constructed: () => constructed };
}

describe('the expiry facade', () => {
  it('says a failed load once, asks again every minute (not on every update), and hands over the deadline it kept', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const clock = new ManualClock();
    const host = new FakeHost();
    const script = scriptedImporter();
    script.answers.push('fail', 'fail', 'load');
    const expiry = new Expiry(host, expiryOptions(clock), script.importer);
    await vi.waitFor(() => expect(warn).toHaveBeenCalledTimes(1));
    expect(String(warn.mock.calls[0][0])).toContain('the expiry code could not be loaded');
    expect(script.importer).toHaveBeenCalledTimes(1);

    // Updates while it waits do not ask again.
    for (let i = 0; i < 5; i++) expiry.hostUpdate();
    expect(script.importer).toHaveBeenCalledTimes(1);

    // A deadline pushed meanwhile (server clock 10 s ahead) is kept on this page's clock.
    expiry.applyServerDeadline(clock.now() + 10_000 + 30 * MINUTE, clock.now() + 10_000);
    expect(expiry.deadline).toBe(clock.now() + 30 * MINUTE);

    clock.advance(EXPIRY_RETRY_MS - 1);
    expect(script.importer).toHaveBeenCalledTimes(1);
    clock.advance(1);
    expect(script.importer).toHaveBeenCalledTimes(2);
    await vi.waitFor(() => expect(clock.pendingTimers).toBe(1)); // failed again: the next try is set
    expect(warn).toHaveBeenCalledTimes(1); // said once

    const deadline = expiry.deadline;
    clock.advance(EXPIRY_RETRY_MS);
    await vi.waitFor(() => expect(script.constructed()).toBe(1));
    expect(script.told).toEqual([{ type: 'deadline', deadline }]);
    expect(expiry.deadline).toBe(deadline);
    expect(clock.pendingTimers).toBe(0);
  });

  it('loads nothing without a URL, and nothing once the session is over', async () => {
    const clock = new ManualClock();
    const script = scriptedImporter();
    script.answers.push('load');
    const urls: { keepaliveUrl?: string } = {};
    const host = new FakeHost();
    const expiry = new Expiry(host, expiryOptions(clock, urls), script.importer);
    expiry.hostUpdate();
    expect(script.importer).not.toHaveBeenCalled();

    expiry.stop(); // the session ended before a URL was set
    urls.keepaliveUrl = '/session/keepalive';
    expiry.hostUpdate();
    expect(script.importer).not.toHaveBeenCalled();
    expiry.handleTabMessage({ type: 'deadline', deadline: clock.now() + MINUTE });
    expect(expiry.deadline).toBeUndefined();
  });

  it('a load that ends after the session did starts nothing', async () => {
    const clock = new ManualClock();
    const script = scriptedImporter();
    script.answers.push('load');
    const expiry = new Expiry(new FakeHost(), expiryOptions(clock), script.importer);
    expect(script.importer).toHaveBeenCalledTimes(1);
    expiry.stop();
    await new Promise<void>((resolve) => setTimeout(resolve, 0)); // the import has answered by now
    expect(script.constructed()).toBe(0);
  });
});
