import { afterEach, describe, expect, it } from 'vitest';
import { button, mount, unmountAll } from './support/fixture.js';

afterEach(() => {
  unmountAll();
  document.querySelector('#outside')?.remove();
});

const active = (root: ShadowRoot) => root.activeElement as HTMLElement | null;

describe('focus and announcements after End session and Dismiss', () => {
  it('after Dismiss, focus moves to the next notice', async () => {
    const f = await mount();
    f.hub.emit('sessionRegistered', 'older', 'a', { browser: 'Firefox 130' });
    f.hub.emit('sessionRegistered', 'newer', 'b', { browser: 'Edge 120' });
    await f.settle();
    const dismiss = button(f.notices()[0], 'Dismiss');
    dismiss.focus();

    dismiss.click();
    await f.settle();

    expect(f.notices()).toHaveLength(1);
    expect(active(f.root)?.textContent).toBe('End session');
    expect(f.notices()[0].contains(active(f.root))).toBe(true);
  });

  it('after the last notice goes, focus returns to where it was before it entered the notices, never to body', async () => {
    const outside = document.createElement('button');
    outside.id = 'outside';
    outside.textContent = 'page button';
    document.body.prepend(outside);
    const f = await mount();
    f.hub.emit('sessionRegistered', 'm', 'a', { browser: 'Firefox 130' });
    await f.settle();
    outside.focus();
    const end = button(f.notices()[0], 'End session');
    end.focus();

    end.click();
    await f.settle();

    expect(f.notices()).toHaveLength(0);
    expect(document.activeElement).toBe(outside);
  });

  it('End session is announced with the device it ended; Dismiss announces nothing', async () => {
    const f = await mount();
    f.hub.emit('sessionRegistered', 'm', 'a', { browser: 'Firefox 130', device: 'Windows' });
    f.hub.emit('sessionRegistered', 'm', 'b', { browser: 'Edge 120' });
    await f.settle();
    const status = () => f.root.querySelector('[part="announcement"]')!;
    expect(status().getAttribute('role')).toBe('status');

    button(f.notices()[0], 'Dismiss').click();
    await f.settle();
    expect(status().textContent).toBe('');

    button(f.notices()[0], 'End session').click();
    await f.settle();
    expect(status().textContent).toBe('Session on Firefox 130 on Windows ended.');
  });

  it('a failed End session announces nothing and keeps focus on the notice', async () => {
    const f = await mount();
    f.hub.killBehaviour = () => Promise.reject(new Error('no'));
    f.hub.emit('sessionRegistered', 'm', 'a', { browser: 'Firefox 130' });
    await f.settle();
    const end = button(f.notices()[0], 'End session');
    end.focus();

    end.click();
    await f.settle();

    expect(f.root.querySelector('[part="announcement"]')!.textContent).toBe('');
    expect(f.notices()).toHaveLength(1);
    expect(f.notices()[0].contains(active(f.root))).toBe(true);
  });
});
