import { afterEach, describe, expect, it } from 'vitest';
import '../../src/components/session-awareness/define.js';
import { SessionAwareness } from '../../src/components/session-awareness/session-awareness.js';
import { claimDropIn, findDropInScript, mountFromScript, runningScriptUrl } from '../../src/drop-in/mount.js';
import { FakeHub } from './support/fake-hub.js';

afterEach(() => {
  for (const element of document.querySelectorAll('session-awareness, script[data-test]')) element.remove();
});

function scriptTag(attributes: Record<string, string>): HTMLScriptElement {
  const script = document.createElement('script');
  script.dataset.test = '';
  for (const [name, value] of Object.entries(attributes)) script.setAttribute(name, value);
  return script;
}

describe('drop-in mounting', () => {
  it('mounts one element configured from the data-* twins of its attributes', () => {
    const element = mountFromScript(
      scriptTag({
        'data-hub-url': '/hubs/session',
        'data-max-notices': '5',
        'data-ended-action': 'none',
        'data-allow-html': '',
        'data-onclick': 'alert(1)',
        'data-style': 'display:none',
      }),
    )!;
    expect(element.parentElement).toBe(document.body);
    expect(element.tagName).toBe('SESSION-AWARENESS');
    expect([...element.attributes].map((a) => [a.name, a.value])).toEqual([
      ['hub-url', '/hubs/session'],
      ['ended-action', 'none'],
      ['allow-html', ''],
      ['max-notices', '5'],
    ]);
    if (!(element instanceof SessionAwareness)) throw new Error('mountFromScript gives a <session-awareness>');
    expect(element.maxNotices).toBe(5);
    expect(element.allowHtml).toBe(true);
  });

  it('mounts nothing without data-hub-url, or without a script', () => {
    expect(mountFromScript(scriptTag({ 'data-max-notices': '5' }))).toBeNull();
    expect(mountFromScript(null)).toBeNull();
    expect(document.querySelector('session-awareness')).toBeNull();
  });

  it('waits for <body> when the script runs in <head>', () => {
    const doc = document.implementation.createHTMLDocument('');
    doc.body.remove();
    const element = mountFromScript(scriptTag({ 'data-hub-url': '/h' }), doc)!;
    expect(element.isConnected).toBe(false);
    doc.documentElement.append(doc.createElement('body'));
    doc.dispatchEvent(new Event('DOMContentLoaded'));
    expect(element.parentElement).toBe(doc.body);
  });

  it('the mounted element connects through an injected hub like any other', async () => {
    const hub = new FakeHub();
    const element = document.createElement('session-awareness');
    element.hubFactory = hub.factory;
    element.setAttribute('hub-url', '/hubs/session');
    document.body.append(element);
    await element.updateComplete;
    expect(hub.starts).toBe(1);
  });
});

describe('drop-in copies and module scripts', () => {
  it('the first copy claims the page; a second gets false and warns once, however many follow', () => {
    const scope = {} as typeof globalThis;
    const warnings: unknown[][] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args);
    try {
      expect(claimDropIn(scope)).toBe(true);
      expect(claimDropIn(scope)).toBe(false);
      expect(claimDropIn(scope)).toBe(false);
    } finally {
      console.warn = original;
    }
    expect(warnings).toHaveLength(1);
    expect(String(warnings[0][0])).toContain('loaded more than once');
  });

  it('finds a type="module" drop-in tag only by its own URL, never a decoy tag before it', () => {
    const other = scriptTag({ 'data-hub-url': '/x', src: '/js/analytics.js' });
    // A decoy with the drop-in's file name and a hub of its own, before the real tag.
    const decoy = scriptTag({ type: 'module', 'data-hub-url': 'https://evil.example/hub', src: '/cdn/session-awareness.min.js' });
    const module = scriptTag({ type: 'module', 'data-hub-url': '/hubs/session', src: '/widget/session-awareness.min.js?v=3' });
    document.head.append(other, decoy, module);

    const ownUrl = new URL('/widget/session-awareness.min.js?v=3', location.href).href;
    expect(findDropInScript(document, ownUrl)).toBe(module);
    expect(findDropInScript(document, new URL('/widget/session-awareness.min.js', location.href).href)).toBeNull();
    expect(findDropInScript(document, undefined)).toBeNull();
    module.remove();
    expect(findDropInScript(document, ownUrl)).toBeNull();
    expect(findDropInScript(undefined, ownUrl)).toBeNull();
    decoy.remove();
    other.remove();
  });

  it('knows the URL of the file it runs in from the stack', () => {
    const url = runningScriptUrl();
    expect(url).toMatch(/^http:\/\/[^/]+\/.*mount\.ts/);
  });
});
