import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MESSAGE_DISPLAY_LIMIT, truncateForDisplay } from '../../src/internal/text.js';
import { mount, unmountAll } from './support/fixture.js';
import { RUN, XSS_VECTORS } from './support/xss-vectors.js';

declare global {
  interface Window {
    __pwned?: unknown;
  }
}

// A strict page: Trusted Types required, and nothing may be loaded by markup. A <meta> CSP
// added at run time is enforced by Chromium from then on (in this test file's frame only),
// and every breach fires `securitypolicyviolation` (what a report-uri would receive).
const STRICT_POLICY =
  "require-trusted-types-for 'script'; img-src 'none'; media-src 'none'; frame-src 'none'; " +
  "object-src 'none'; font-src 'none'; manifest-src 'none'; form-action 'none'; base-uri 'none'";

const violations: string[] = [];
const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
/** Violations reported since the last call (they are dispatched as tasks). */
const takeViolations = async () => {
  await wait(50);
  return violations.splice(0);
};

beforeAll(() => {
  document.addEventListener('securitypolicyviolation', (event) =>
    violations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sample}`),
  );
  const meta = document.createElement('meta');
  meta.httpEquiv = 'Content-Security-Policy';
  meta.content = STRICT_POLICY;
  document.head.append(meta);
});
afterEach(async () => {
  await wait(20);
  expect(window.__pwned).toBeUndefined();
  unmountAll();
});

describe('on a page with Trusted Types required and a strict CSP', () => {
  it('a breach would be seen (positive control)', async () => {
    expect(() => {
      document.createElement('div').innerHTML = '<b>x</b>';
    }).toThrow(TypeError);
    const img = document.createElement('img');
    img.src = `/xss-control-${Date.now()}.png`;
    document.body.append(img);
    await wait(50);
    img.remove();
    const seen = await takeViolations();
    expect(seen.some((v) => v.startsWith('require-trusted-types-for'))).toBe(true);
    expect(seen.some((v) => v.startsWith('img-src'))).toBe(true);
  });

  for (const allowHtml of [true, false]) {
    it(`every vector in ${allowHtml ? 'allow-html' : 'text'} mode renders with no violation at all`, async () => {
      const f = await mount(allowHtml ? { 'allow-html': '' } : {});
      await takeViolations();
      for (const [index, vector] of XSS_VECTORS.entries()) {
        f.hub.emit('sessionRegistered', vector, `v${index}`);
        await f.settle();
        expect(f.notices(), vector).toHaveLength(1);
        if (!allowHtml) {
          expect(f.notices()[0].querySelector('[part="message"]')!.textContent, vector).toBe(
            truncateForDisplay(vector, MESSAGE_DISPLAY_LIMIT),
          );
        }
        f.hub.emit('sessionClosed', `v${index}`);
      }
      await f.settle();
      f.hub.emit('sessionRegistered', 'Still <b>here</b>', 'last');
      await f.settle();
      const message = f.notices()[0].querySelector('[part="message"]')!;
      expect(message.querySelector('b')?.textContent ?? message.textContent).toBe(allowHtml ? 'here' : 'Still <b>here</b>');
      expect(await takeViolations()).toEqual([]);
      expect(window.__pwned).toBeUndefined();
    }, 120_000);
  }

  it('an unfinished <script> (cloned when DOMPurify hoists a root’s children) and a <base href> are no violation', async () => {
    const f = await mount({ 'allow-html': '' });
    await takeViolations();
    const vectors = [
      `x<script>${RUN}//`,
      '<b><script>a',
      '<svg><script>a',
      '<div><script>a',
      '<table><script>a',
      '<base href="https://evil.example/">',
      'x<base href=//evil.example/>',
    ];
    for (const [index, vector] of vectors.entries()) {
      f.hub.emit('sessionRegistered', vector, `s${index}`);
      await f.settle();
      f.hub.emit('sessionClosed', `s${index}`);
    }
    expect(await takeViolations()).toEqual([]);
  });
});
