import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mount, unmountAll, type Fixture } from './support/fixture.js';
import { HOSTILE_STRINGS } from './support/hostile-strings.js';
import { visibleText } from '../../src/internal/visible-text.js';

declare global {
  interface Window {
    __pwned?: unknown;
  }
}

const elementCount = (f: Fixture): number => f.root.querySelectorAll('*').length;
const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

beforeEach(() => {
  delete window.__pwned;
});
afterEach(async () => {
  // Give any injected handler (onerror, onload) its chance to run before checking.
  await tick();
  expect(window.__pwned).toBeUndefined();
  unmountAll();
});

describe('hostile strings are shown as their literal text', () => {
  it('has a corpus of at least 50 strings', () => {
    expect(HOSTILE_STRINGS.length).toBeGreaterThanOrEqual(50);
  });

  const fields = ['message', 'browser', 'device', 'location'] as const;
  for (const field of fields) {
    it(`in details field "${field}": every string renders as text and adds no element`, async () => {
      const f = await mount();
      const send = (value: string, id: string) => {
        const details = { browser: 'B', device: 'D', location: 'L' };
        if (field === 'message') f.hub.emit('sessionRegistered', value, id, details);
        else f.hub.emit('sessionRegistered', 'M', id, { ...details, [field]: value });
      };
      send('benign', 'baseline');
      await f.settle();
      const baseline = elementCount(f);
      const read = (notice: HTMLElement) =>
        field === 'message'
          ? notice.querySelector('[part="message"]')!.textContent
          : [...notice.querySelectorAll('.fact')][fields.indexOf(field) - 1].textContent;
      for (const [index, hostile] of HOSTILE_STRINGS.entries()) {
        f.hub.emit('sessionClosed', index === 0 ? 'baseline' : `h${index - 1}`);
        send(hostile, `h${index}`);
        await f.settle();
        expect(f.notices(), hostile).toHaveLength(1);
        expect(read(f.notices()[0]), hostile).toBe(visibleText(hostile));
        expect(elementCount(f), hostile).toBe(baseline);
      }
    });
  }

  it('in the sessionEnded reason', async () => {
    for (const hostile of HOSTILE_STRINGS) {
      const f = await mount({ 'ended-action': 'none' });
      const before = elementCount(f);
      f.hub.emit('sessionEnded', hostile);
      await f.settle();
      const ended = f.root.querySelector('[part="ended"]')!;
      expect(ended.lastElementChild!.textContent, hostile).toBe(visibleText(hostile));
      // the ended box is a div with two paragraphs; nothing else may appear
      expect(elementCount(f), hostile).toBe(before + 3);
      unmountAll();
    }
  });

  it('in label overrides set by the host page', async () => {
    const f = await mount();
    f.element.strings = { endSession: HOSTILE_STRINGS[2], dismiss: HOSTILE_STRINGS[0] };
    f.hub.emit('sessionRegistered', 'm', 'h1');
    await f.settle();
    const buttons = [...f.notices()[0].querySelectorAll('button')].map((b) => b.textContent);
    expect(buttons).toEqual([HOSTILE_STRINGS[2], HOSTILE_STRINGS[0]]);
    expect(f.notices()[0].querySelectorAll('img, script')).toHaveLength(0);
  });
});

describe('allow-html keeps only b, strong, i, em, br and time[datetime]', () => {
  const allowed = new Set(['B', 'STRONG', 'I', 'EM', 'BR', 'TIME']);

  it('renders the allowed subset as markup', async () => {
    const f = await mount({ 'allow-html': '' });
    f.hub.emit(
      'sessionRegistered',
      'Signed in at <time datetime="2026-11-21T12:00Z">noon</time> from <b>Chrome</b><br><em>Linux</em>',
      'h1',
    );
    await f.settle();
    const message = f.notices()[0].querySelector('[part="message"]')!;
    expect([...message.querySelectorAll('*')].map((e) => e.tagName)).toEqual(['TIME', 'B', 'BR', 'EM']);
    expect(message.querySelector('time')!.getAttribute('datetime')).toBe('2026-11-21T12:00Z');
    expect(message.textContent).toBe('Signed in at noon from ChromeLinux');
  });

  it('strips everything else from every hostile string', async () => {
    const f = await mount({ 'allow-html': '' });
    for (const [index, hostile] of HOSTILE_STRINGS.entries()) {
      f.hub.emit('sessionRegistered', hostile, `h${index}`);
      await f.settle();
      const message = f.notices()[0].querySelector('[part="message"]')!;
      for (const element of message.querySelectorAll('*')) {
        expect(allowed.has(element.tagName), `${hostile} → <${element.tagName}>`).toBe(true);
        for (const attribute of element.attributes) expect(attribute.name, hostile).toBe('datetime');
      }
      f.hub.emit('sessionClosed', `h${index}`);
    }
  });

  it('never applies to details, which stay text even with allow-html', async () => {
    const f = await mount({ 'allow-html': '' });
    f.hub.emit('sessionRegistered', 'm', 'h1', { browser: '<b>bold</b>' });
    await f.settle();
    const fact = f.notices()[0].querySelector('.fact')!;
    expect(fact.textContent).toBe('<b>bold</b>');
    expect(fact.querySelector('b')).toBeNull();
  });
});
