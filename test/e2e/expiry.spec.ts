import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { shortSessionPort } from '../../playwright.config.js';
import { axeViolations, notices, waitConnected } from './support.js';

// Against the short-session server: idle 40 s, warning 20 s before, keep-alive every 5 s.
const base = `http://127.0.0.1:${shortSessionPort}`;
test.use({ baseURL: base });
test.setTimeout(120_000);

async function signInHere(page: Page, user = 'alice'): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Username').fill(user);
  await page.getByLabel('Password').fill('demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(`${base}/`);
  await waitConnected(page);
}

/** Seconds the server says the session has left (GET /session/status does not slide it). */
async function serverSecondsLeft(context: BrowserContext): Promise<number> {
  const response = await context.request.get('/session/status');
  expect(response.status()).toBe(200);
  const { expiresAt, serverNow } = (await response.json()) as { expiresAt: string; serverNow: string };
  return (Date.parse(expiresAt) - Date.parse(serverNow)) / 1000;
}

function keepaliveRequests(context: BrowserContext): Array<{ page: Page | null }> {
  const seen: Array<{ page: Page | null }> = [];
  context.on('request', (request) => {
    if (request.url().endsWith('/session/keepalive')) seen.push({ page: request.frame().page() });
  });
  return seen;
}

/** What this browser's IndexedDB holds as drafts: each record's key, its fields but the bytes, and its bytes as text. */
async function storedDrafts(page: Page): Promise<Array<{ key: string; fields: string; bytes: string; ivLength: number }>> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase | undefined>((resolve) => {
      const request = indexedDB.open('session-awareness');
      // No database yet: do not create one (the widget creates it with its store).
      request.onupgradeneeded = () => request.transaction!.abort();
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => resolve(undefined);
    });
    if (!db) return [];
    const store = db.transaction('drafts').objectStore('drafts');
    const read = <T>(request: IDBRequest<T>) => new Promise<T>((resolve) => (request.onsuccess = () => resolve(request.result)));
    const [keys, values] = await Promise.all([read(store.getAllKeys()), read(store.getAll())]);
    db.close();
    const text = (buffer: unknown) =>
      buffer instanceof ArrayBuffer || ArrayBuffer.isView(buffer) ? new TextDecoder('latin1').decode(buffer) : '';
    return keys.map((key, i) => {
      const { data, iv, ...fields } = values[i] as { data?: unknown; iv?: unknown };
      return {
        key: typeof key === 'string' ? key : JSON.stringify(key),
        fields: JSON.stringify(fields),
        bytes: text(data) + text(iv),
        ivLength: iv instanceof Uint8Array ? iv.length : 0,
      };
    });
  });
}

const dialog = (page: Page) => page.locator('session-awareness').getByRole('dialog', { name: 'Your session is about to expire' });

test('the warning shows in two tabs at the right time; Stay signed in from one closes both and slides the session', async ({ browser }) => {
  const context = await browser.newContext();
  const first = await context.newPage();
  await signInHere(first);
  const second = await context.newPage();
  await second.goto('/');
  await waitConnected(second);

  await expect(dialog(first)).toBeVisible({ timeout: 30_000 });
  const leftWhenShown = await serverSecondsLeft(context);
  await expect(dialog(second)).toBeVisible();
  // Shown warn-before (20 s) ahead of the server's deadline, give or take polling.
  expect(leftWhenShown).toBeGreaterThan(16);
  expect(leftWhenShown).toBeLessThanOrEqual(20.5);
  await expect(dialog(first).getByRole('button', { name: 'Stay signed in' })).toBeFocused();
  await expect(dialog(first).getByRole('button', { name: 'Sign out' })).toBeVisible();

  await dialog(first).getByRole('button', { name: 'Stay signed in' }).click();
  await expect(dialog(first)).toBeHidden();
  await expect(dialog(second)).toBeHidden();
  expect(await serverSecondsLeft(context)).toBeGreaterThan(37); // slid to a fresh 40 s
  await context.close();
});

test('typing, then walking away: no keep-alive while idle, expiry goes to sign-in, and the Notes come back', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInHere(page);
  const keepalives = keepaliveRequests(context);
  await page.getByLabel('Notes').fill('Half-written thought that must survive');
  // The typing is activity: it earns exactly one keep-alive, within the 5 s interval.
  await expect.poll(() => keepalives.length, { timeout: 10_000 }).toBe(1);
  // Walk away: nobody touches anything until the session has expired.
  await expect(dialog(page)).toBeVisible({ timeout: 40_000 });
  expect(keepalives.length).toBe(1); // inactivity is respected: nothing more slid the session
  await expect(page).toHaveURL(/\/login/, { timeout: 40_000 });
  expect((await context.request.get('/session/status')).status()).toBe(401);
  // The sign-in page says why (40 s idle reads as one minute), and that the typing was kept, as a status.
  const why = page.getByRole('status').filter({ hasText: 'You were signed out' });
  await expect(why).toContainText('You were signed out after 1 minute without activity.');
  await expect(why).toContainText('Your unsaved changes were kept and will be restored after you sign in.');

  // At rest on this device: one encrypted record (a 96-bit IV, a key id), and nowhere the typed words.
  const drafts = await storedDrafts(page);
  expect(drafts).toHaveLength(1);
  expect(drafts[0].ivLength).toBe(12);
  expect(drafts[0].fields).toMatch(/"keyId":"[\w-]{12}"/);
  for (const draft of drafts) expect(draft.key + draft.fields + draft.bytes).not.toContain('Half-written');

  // Restored only by decrypting it with the key the hub sends after sign-in.
  await signInHere(page);
  await expect(page.getByLabel('Notes')).toHaveValue('Half-written thought that must survive');
  await expect(page.locator('session-awareness [part~="restored"]')).toContainText('Your unsaved changes were restored');
  await context.close();
});

test('keys inside the open warning are not activity: Tab, Shift+Tab and arrows neither slide the session nor close it', async ({
  browser,
}) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInHere(page);
  await expect(dialog(page)).toBeVisible({ timeout: 30_000 });
  const keepalives = keepaliveRequests(context);
  const statuses: string[] = [];
  context.on('request', (request) => {
    if (request.url().endsWith('/session/status')) statuses.push(request.url());
  });
  const leftBefore = await serverSecondsLeft(context);

  for (const key of ['Tab', 'Tab', 'Shift+Tab', 'Tab', 'ArrowDown', 'Tab']) await page.keyboard.press(key);
  await page.waitForTimeout(6_000); // longer than the 5 s keep-alive interval

  expect(keepalives).toHaveLength(0);
  await expect(dialog(page)).toBeVisible();
  expect(await serverSecondsLeft(context)).toBeLessThan(leftBefore);
  // Only the dialog's own buttons answer it.
  await dialog(page).getByRole('button', { name: 'Stay signed in' }).click();
  await expect(dialog(page)).toBeHidden();
  expect(keepalives).toHaveLength(1);
  await context.close();
});

test('opening the warning asks the server once, whichever tabs are open', async ({ browser }) => {
  const context = await browser.newContext();
  const first = await context.newPage();
  await signInHere(first);
  const second = await context.newPage();
  await second.goto('/');
  await waitConnected(second);
  const statuses: number[] = [];
  context.on('request', (request) => {
    if (request.url().endsWith('/session/status')) statuses.push(Date.now());
  });

  await expect(dialog(first)).toBeVisible({ timeout: 30_000 });
  await expect(dialog(second)).toBeVisible();
  await first.waitForTimeout(2_000);

  expect(statuses).toHaveLength(1);
  await context.close();
});

test('three tabs, activity in one: one keep-alive stream, from one tab, and no tab expires', async ({ browser }) => {
  const context = await browser.newContext();
  const pages = [await context.newPage()];
  await signInHere(pages[0]);
  for (let i = 0; i < 2; i++) {
    const page = await context.newPage();
    await page.goto('/');
    await waitConnected(page);
    pages.push(page);
  }
  const keepalives = keepaliveRequests(context);
  const started = Date.now();
  // 50 s of typing in the last tab: longer than the 40 s idle timeout.
  while (Date.now() - started < 50_000) {
    await pages[2].keyboard.press('Shift');
    await pages[2].waitForTimeout(1000);
  }
  const seconds = (Date.now() - started) / 1000;
  expect(keepalives.length).toBeGreaterThanOrEqual(Math.floor(seconds / 5) - 2);
  expect(keepalives.length).toBeLessThanOrEqual(Math.ceil(seconds / 5) + 1);
  expect(new Set(keepalives.map((request) => request.page)).size).toBe(1); // one leader tab
  for (const page of pages) {
    await expect(page).toHaveURL(`${base}/`);
    await expect(dialog(page)).toBeHidden();
  }
  expect(await serverSecondsLeft(context)).toBeGreaterThan(30);
  await context.close();
});

test('a remote End session while Notes are unsaved: nothing of them is left on the ended browser', async ({ browser }) => {
  const killer = await browser.newContext();
  const victim = await browser.newContext();
  const killerPage = await killer.newPage();
  await signInHere(killerPage);
  const victimPage = await victim.newPage();
  await signInHere(victimPage);
  await victimPage.getByLabel('Notes').fill('Unsaved words, ended remotely');
  // The draft was kept (encrypted) while the session lived.
  await expect.poll(async () => (await storedDrafts(victimPage)).length).toBe(1);

  await notices(killerPage).getByRole('button', { name: 'End session' }).click();
  await expect(victimPage).toHaveURL(/\/login/, { timeout: 15_000 });
  // Deleted before the page left: the ended browser's IndexedDB holds no draft, and the sign-in page promises none.
  expect(await storedDrafts(victimPage)).toEqual([]);
  await expect(victimPage.getByRole('status').filter({ hasText: 'You were signed out' })).not.toContainText('kept');
  await signInHere(victimPage);
  await expect(victimPage.getByLabel('Notes')).not.toHaveValue('Unsaved words, ended remotely');
  await expect(victimPage.locator('session-awareness [part~="restored"]')).toHaveCount(0);
  await killer.close();
  await victim.close();
});

test('axe: 0 violations with the expiry warning open, in light, dark, forced colors and right-to-left', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInHere(page);
  await expect(dialog(page)).toBeVisible({ timeout: 30_000 });
  // The modes switch while the one warning stays open (it is shown for 20 s): each is a fresh look by axe.
  const modes: Array<[string, () => Promise<unknown>]> = [
    ['light', () => page.emulateMedia({ colorScheme: 'light' })],
    ['dark', () => page.emulateMedia({ colorScheme: 'dark' })],
    ['forced colors', () => page.emulateMedia({ colorScheme: 'light', forcedColors: 'active' })],
    [
      'right-to-left',
      async () => {
        await page.emulateMedia({ forcedColors: 'none' });
        await page.evaluate(() => document.documentElement.setAttribute('dir', 'rtl'));
      },
    ],
  ];
  for (const [name, setUp] of modes) {
    await setUp();
    await expect(dialog(page)).toBeVisible();
    expect((await axeViolations(page)).map((violation) => `${name}: ${violation}`)).toEqual([]);
  }
  // Forced colors keep a visible border on the dialog.
  await page.emulateMedia({ forcedColors: 'active' });
  expect(await dialog(page).evaluate((element) => getComputedStyle(element).borderTopStyle)).toBe('solid');
  await context.close();
});
