import { afterEach, describe, expect, it } from 'vitest';
import { mount, unmountAll } from './support/fixture.js';

// This file runs in a page of its own, so the sanitizer chunk starts out not loaded here.
const sanitizerRequested = () =>
  performance.getEntriesByType('resource').some((entry) => /\/src\/notices\/sanitize|dompurify/i.test(entry.name));

afterEach(() => unmountAll());

describe('DOMPurify is loaded only for allow-html', () => {
  it('a page without allow-html never requests it, whatever the messages hold', async () => {
    const f = await mount();
    f.hub.emit('sessionRegistered', '<b>bold</b> <img src=x onerror=alert(1)>', 's1');
    await f.settle();

    expect(f.notices()[0].querySelector('[part="message"]')!.textContent).toBe('<b>bold</b> <img src=x onerror=alert(1)>');
    expect(sanitizerRequested()).toBe(false);
  });

  it('with allow-html it is requested, and a message never shows its markup as text or unsanitized meanwhile', async () => {
    const element = document.createElement('session-awareness');
    const { FakeHub } = await import('./support/fake-hub.js');
    const hub = new FakeHub();
    element.hubFactory = hub.factory;
    element.setAttribute('hub-url', '/hubs/session');
    element.setAttribute('allow-html', '');
    document.body.append(element);
    await element.updateComplete;
    await Promise.resolve();
    hub.emit('sessionRegistered', 'from <b>Chrome</b><img src=x onerror="window.__pwned=1">', 's2');
    const seen: string[] = [];
    const message = () => element.shadowRoot!.querySelector('[part="message"]');
    for (let i = 0; i < 200 && !message()?.querySelector('b'); i++) {
      seen.push(message()?.innerHTML.replace(/<!--[^>]*-->/g, '') ?? '');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }

    expect(sanitizerRequested()).toBe(true);
    expect(message()!.querySelector('b')!.textContent).toBe('Chrome');
    expect(message()!.querySelector('img')).toBeNull();
    // Before the sanitizer arrived the message was empty: never "<b>", never an <img>.
    for (const html of seen) expect(html).toBe('');
    element.remove();
  });
});
