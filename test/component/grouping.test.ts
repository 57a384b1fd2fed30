import { afterEach, describe, expect, it, vi } from 'vitest';
import { groupNotices } from '../../src/components/session-awareness/notices/grouping.js';
import type { Notice } from '../../src/components/session-awareness/notices/notice-store.js';
import { button, mount, record, unmountAll } from './support/fixture.js';

afterEach(() => unmountAll());

const chromeOnLinux = { browser: 'Chrome 156', device: 'Linux' };

describe('notices of one browser and device are one group', () => {
  it('shows three sign-ins from the same browser as one notice that counts them', async () => {
    const f = await mount();
    for (const id of ['a', 'b', 'c']) f.hub.emit('sessionRegistered', 'Your account was signed in elsewhere.', id, chromeOnLinux);
    f.hub.emit('sessionRegistered', 'Your account was signed in elsewhere.', 'd', { browser: 'Firefox 130', device: 'Linux' });
    await f.settle();

    expect(f.notices()).toHaveLength(2);
    const messages = f.notices().map((notice) => notice.querySelector('[part="message"]')!.textContent);
    expect(messages).toEqual(['Your account was signed in elsewhere.', 'Your account was signed in 3 times on another browser or device.']);
    expect(f.notices()[1].textContent).toContain('Chrome 156');
  });

  it('End session on a group ends every session of it, one request each', async () => {
    const f = await mount();
    const results = record(f.element, 'session-kill-result');
    for (const id of ['a', 'b', 'c']) f.hub.emit('sessionRegistered', 'm', id, chromeOnLinux);
    await f.settle();

    button(f.notices()[0], 'End session').click();
    await f.settle();

    expect(f.hub.killCalls).toEqual(['c', 'b', 'a']);
    expect(results.map((event) => [event.sessionId, event.ok])).toEqual([
      ['c', true],
      ['b', true],
      ['a', true],
    ]);
    expect(f.notices()).toHaveLength(0);
  });

  it('a failure in a group keeps the group with the generic error; the ended ones go', async () => {
    const f = await mount();
    f.hub.killBehaviour = (id) => (id === 'b' ? Promise.reject(new Error('<b>server text</b>')) : Promise.resolve());
    for (const id of ['a', 'b', 'c']) f.hub.emit('sessionRegistered', 'm', id, chromeOnLinux);
    await f.settle();

    button(f.notices()[0], 'End session').click();
    await f.settle();

    expect(f.notices()).toHaveLength(1);
    expect(f.notices()[0].querySelector('[part="message"]')!.textContent).toBe('m');
    expect(f.notices()[0].querySelector('[part="error"]')!.textContent).toBe('That session could not be ended. Please try again.');
  });

  it('Dismiss on a group dismisses every session of it', async () => {
    const f = await mount();
    const dismissed = record(f.element, 'session-dismiss');
    for (const id of ['a', 'b']) f.hub.emit('sessionRegistered', 'm', id, chromeOnLinux);
    await f.settle();

    button(f.notices()[0], 'Dismiss').click();
    await f.settle();

    expect(dismissed.map((event) => event.sessionId)).toEqual(['b', 'a']);
    expect(f.notices()).toHaveLength(0);
  });

  it('max-notices counts groups', async () => {
    const f = await mount({ 'max-notices': '1' });
    for (const id of ['a', 'b']) f.hub.emit('sessionRegistered', 'm', id, chromeOnLinux);
    f.hub.emit('sessionRegistered', 'm', 'c', { browser: 'Firefox 130' });
    await f.settle();

    expect(f.notices()).toHaveLength(1);
    expect(f.root.querySelector('[part="more"]')!.textContent).toBe('+1 more');
  });
});

describe('groupNotices', () => {
  const notice = (sessionId: string, details: Notice['details'], status: Notice['status'] = 'idle'): Notice => ({
    sessionId,
    message: 'm',
    details,
    receivedAt: 0,
    status,
  });

  it('never groups notices without browser or device', () => {
    expect(groupNotices([notice('a', {}), notice('b', {})]).map((group) => group.sessionIds)).toEqual([['a'], ['b']]);
  });

  it('keeps the newest first and sums up the status', () => {
    const groups = groupNotices([notice('new', chromeOnLinux), notice('old', chromeOnLinux, 'failed'), notice('x', { device: 'Mac' })]);
    expect(groups.map((group) => [group.notice.sessionId, group.sessionIds, group.status])).toEqual([
      ['new', ['new', 'old'], 'failed'],
      ['x', ['x'], 'idle'],
    ]);
    expect(groupNotices([notice('a', chromeOnLinux, 'failed'), notice('b', chromeOnLinux, 'ending')])[0].status).toBe('ending');
  });
});

describe('narrow or zoomed-in viewports', () => {
  it('collapse the notices to one bar with a count; Show expands them (focus on the first), Hide collapses again', async () => {
    // The media query the controller asks, answered as a 320 px wide viewport would.
    const matchMedia = vi.spyOn(window, 'matchMedia').mockImplementation(
      (query: string) =>
        ({
          matches: true,
          media: query,
          addEventListener: () => undefined,
          removeEventListener: () => undefined,
        }) as unknown as MediaQueryList,
    );
    try {
      const f = await mount();
      f.hub.emit('sessionRegistered', 'Signed in elsewhere', 'a', { browser: 'Firefox 130', device: 'Windows' });
      f.hub.emit('sessionRegistered', 'Signed in elsewhere', 'b', { browser: 'Safari 17', device: 'iPhone' });
      await f.settle();

      const bar = f.root.querySelector('[part="compact-bar"]')!;
      expect(bar.textContent).toContain('2 session notices');
      const toggle = bar.querySelector('button')!;
      expect(toggle.getAttribute('aria-expanded')).toBe('false');
      expect(f.root.querySelector<HTMLElement>('.live')!.hidden).toBe(true);
      expect(f.notices().filter((notice) => notice.getClientRects().length > 0)).toHaveLength(0);

      toggle.click();
      await f.settle();
      expect(toggle.getAttribute('aria-expanded')).toBe('true');
      expect(toggle.textContent.trim()).toBe('Hide');
      expect(f.notices().filter((notice) => notice.getClientRects().length > 0)).toHaveLength(2);
      expect(f.root.activeElement?.textContent.trim()).toBe('End session');

      toggle.click();
      await f.settle();
      expect(f.root.querySelector<HTMLElement>('.live')!.hidden).toBe(true);
      expect(f.root.activeElement).toBe(toggle);
    } finally {
      matchMedia.mockRestore();
    }
  });
});
