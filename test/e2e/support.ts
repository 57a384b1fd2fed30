import AxeBuilder from '@axe-core/playwright';
import { expect, type Browser, type BrowserContext, type Locator, type Page } from '@playwright/test';

/** A signed-in browser: its own context (cookie jar) and page. */
export interface SignedIn {
  context: BrowserContext;
  page: Page;
}

/** Signs in through the real /login form in a fresh context and waits for the widget's hub connection. */
export async function signIn(
  browser: Browser,
  user: 'alice' | 'bob',
  options: { userAgent?: string; path?: string; baseURL?: string } = {},
): Promise<SignedIn> {
  const context = await browser.newContext({
    ...(options.userAgent ? { userAgent: options.userAgent } : {}),
    ...(options.baseURL ? { baseURL: options.baseURL } : {}),
  });
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByLabel('Username').fill(user);
  await page.getByLabel('Password').fill('demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/$/);
  if (options.path) await page.goto(options.path);
  await waitConnected(page);
  return { context, page };
}

/** Waits until the page's widget reports a live hub connection. */
export async function waitConnected(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelector('session-awareness')?.connectionStatus === 'connected');
}

/** The widget's notices (Playwright locators pierce the open shadow root). */
export function notices(page: Page): Locator {
  return page.locator('session-awareness [part~="notice"]');
}

/** Outcome of a raw hub invocation: the server's error text, or its result. */
export interface RawInvocationResult {
  error?: string;
  result?: unknown;
}

/**
 * Calls a hub method from inside a page over a hand-made SignalR JSON connection, with the
 * page's own cookie: what an attacker's script in that page could do, bypassing the widget.
 */
export async function invokeRaw(page: Page, target: string, args: unknown[]): Promise<RawInvocationResult> {
  return page.evaluate(
    async ({ target, args }) => {
      const separator = '\u001e';
      const negotiate = await fetch('/hubs/session/negotiate?negotiateVersion=1', { method: 'POST' });
      const { connectionToken } = (await negotiate.json()) as { connectionToken: string };
      const socket = new WebSocket(`${location.origin.replace(/^http/, 'ws')}/hubs/session?id=${encodeURIComponent(connectionToken)}`);
      return new Promise<{ error?: string; result?: unknown }>((resolve, reject) => {
        let handshakeDone = false;
        socket.onopen = () => socket.send(JSON.stringify({ protocol: 'json', version: 1 }) + separator);
        socket.onerror = () => reject(new Error('WebSocket failed'));
        socket.onmessage = (event) => {
          for (const frame of String(event.data).split(separator).filter(Boolean)) {
            const message = JSON.parse(frame) as { type?: number; invocationId?: string; error?: string; result?: unknown };
            if (!handshakeDone) {
              handshakeDone = true;
              socket.send(JSON.stringify({ type: 1, invocationId: '1', target, arguments: args }) + separator);
            } else if (message.type === 3 && message.invocationId === '1') {
              socket.close();
              resolve(message.error === undefined ? { result: message.result } : { error: message.error });
            }
          }
        };
      });
    },
    { target, args },
  );
}

/** The accessible-ish name of the focused element, through open shadow roots: aria-label, else its text; 'BODY' for none. */
export function focusedName(page: Page): Promise<string> {
  return page.evaluate(() => {
    let active: Element | null = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    if (!active || active === document.body) return 'BODY';
    return active.getAttribute('aria-label') ?? active.textContent.trim();
  });
}

/** axe (all its rules) on the page as it is: one line per violation, naming the elements it found. */
export async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}
