import { expect, test } from '@playwright/test';
import { invokeRaw, notices, signIn, waitConnected } from './support.js';

test('two browsers: the first is told, ends the second, and the second drops to the sign-in page', async ({ browser, baseURL }) => {
  const first = await signIn(browser, 'alice');
  const second = await signIn(browser, 'alice');

  const notice = notices(first.page);
  await expect(notice).toHaveCount(1);
  await expect(notice.locator('[part="message"]')).toHaveText(/signed in on another browser or device/i);
  await expect(notice.locator('[part="details"]')).toContainText(/Chrom/);
  await expect(notices(second.page)).toHaveCount(0); // the new session is not told about itself

  await notice.getByRole('button', { name: 'End session' }).click();
  await expect(notice).toHaveCount(0);
  // The second browser goes to the sign-in page by itself.
  await expect(second.page).toHaveURL(/\/login/, { timeout: 15_000 });
  await expect(second.page.getByLabel('Username')).toBeVisible();
  // The first is still signed in.
  await first.page.reload();
  await expect(first.page).toHaveURL(`${baseURL}/`);
  await first.context.close();
  await second.context.close();
});

test("a killed session's cookie is refused: / redirects to /login and negotiate answers 401", async ({ browser }) => {
  const first = await signIn(browser, 'alice');
  const second = await signIn(browser, 'alice');
  // Before: the second browser's cookie works.
  expect((await second.context.request.get('/', { maxRedirects: 0 })).status()).toBe(200);
  expect((await second.context.request.post('/hubs/session/negotiate?negotiateVersion=1')).status()).toBe(200);

  await notices(first.page).getByRole('button', { name: 'End session' }).click();
  await expect(notices(first.page)).toHaveCount(0);
  await expect(second.page).toHaveURL(/\/login/, { timeout: 15_000 });

  // The cookie the second browser held before the kill, replayed.
  const stale = await browser.newContext({ storageState: await second.context.storageState() });
  const page = await stale.request.get('/', { maxRedirects: 0 });
  expect(page.status()).toBe(302);
  expect(page.headers().location).toMatch(/\/login/);
  expect((await stale.request.post('/hubs/session/negotiate?negotiateVersion=1')).status()).toBe(401);
  await stale.close();
  await first.context.close();
  await second.context.close();
});

test('Dismiss removes the notice in that page only; the other session lives on', async ({ browser }) => {
  const first = await signIn(browser, 'alice');
  const second = await signIn(browser, 'alice');
  await expect(notices(first.page)).toHaveCount(1);
  await notices(first.page).getByRole('button', { name: 'Dismiss' }).click();
  await expect(notices(first.page)).toHaveCount(0);
  // Dismiss ended nothing: the second browser still reaches the app.
  await second.page.reload();
  await expect(second.page).not.toHaveURL(/\/login/);
  await waitConnected(second.page);
  await first.context.close();
  await second.context.close();
});

const firefoxOnWindows = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:130.0) Gecko/20100101 Firefox/130.0';

test('sessionClosed reaches a third browser: its notice of the killed session goes away', async ({ browser }) => {
  const third = await signIn(browser, 'alice');
  const first = await signIn(browser, 'alice');
  // Another kind of browser: notices of the same browser and device would be one group.
  const second = await signIn(browser, 'alice', { userAgent: firefoxOnWindows });
  // third was told of first and second; first was told of second.
  await expect(notices(third.page)).toHaveCount(2);
  await expect(notices(first.page)).toHaveCount(1);

  await notices(first.page).getByRole('button', { name: 'End session' }).click();
  await expect(second.page).toHaveURL(/\/login/, { timeout: 15_000 });
  // The third browser keeps only its notice about the first session.
  await expect(notices(third.page)).toHaveCount(1);
  await expect(notices(first.page)).toHaveCount(0);
  for (const browserSession of [first, second, third]) await browserSession.context.close();
});

test('sign-ins from the same kind of browser are one notice; its End session ends all of them', async ({ browser }) => {
  const watcher = await signIn(browser, 'alice', { userAgent: firefoxOnWindows });
  const twins = [await signIn(browser, 'alice'), await signIn(browser, 'alice')];

  const notice = notices(watcher.page);
  await expect(notice).toHaveCount(1);
  await expect(notice.locator('[part="message"]')).toHaveText('Your account was signed in 2 times on another browser or device.');
  await notice.getByRole('button', { name: 'End session' }).click();
  for (const twin of twins) await expect(twin.page).toHaveURL(/\/login/, { timeout: 15_000 });
  await expect(notice).toHaveCount(0);
  for (const signedIn of [watcher, ...twins]) await signedIn.context.close();
});

test("another user is never told of alice's sessions", async ({ browser }) => {
  const bob = await signIn(browser, 'bob');
  const alice = await signIn(browser, 'alice');
  const aliceAgain = await signIn(browser, 'alice');
  // alice's first browser was told: the message went out ...
  await expect(notices(alice.page)).toHaveCount(1);
  // ... and bob, connected the whole time, got nothing.
  await expect(notices(bob.page)).toHaveCount(0);
  const bobText = await bob.page.locator('session-awareness').evaluate((element) => element.shadowRoot!.textContent);
  expect(bobText).not.toMatch(/signed in/i);
  for (const s of [bob, alice, aliceAgain]) await s.context.close();
});

test('a hostile User-Agent reaches the other browser only as known names: no markup, no sentence, nothing run', async ({ browser }) => {
  const markup = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
  const phishing = 'Your account is locked, call 555-0100';
  const first = await signIn(browser, 'alice');
  // A known browser on a known system, with markup and a sentence around its tokens: only the browser's name and
  // version ("Chrome 120", or the Chromium brand hint Chromium sends even with an overridden User-Agent) and "Windows" are kept.
  const disguised = await signIn(browser, 'alice', {
    userAgent: `Mozilla/5.0 (Windows NT 10.0; ${markup}) Chrome/120 ${phishing} <svg onload="window.__pwned=3">`,
  });
  await expect(notices(first.page)).toHaveCount(1);
  // Nothing recognisable: "Unknown browser", and none of the User-Agent's own text.
  const unknown = await signIn(browser, 'alice', { userAgent: `${phishing} (${markup}) HostileBrowser/1.0` });
  const details = notices(first.page).locator('[part="details"]');
  await expect(details).toHaveCount(2);
  await expect(details.filter({ hasText: /Chrom(e|ium) \d+/ })).toContainText('Windows');
  await expect(details.filter({ hasText: 'Unknown browser' })).toHaveCount(1);
  const shown = await first.page.locator('session-awareness').evaluate((element) => element.shadowRoot!.textContent);
  for (const copied of ['locked', '555', 'HostileBrowser', 'img', 'onerror', 'svg', '__pwned']) expect(shown).not.toContain(copied);
  expect(await notices(first.page).locator('img, script, svg').count()).toBe(0);
  expect(await first.page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
  for (const s of [first, disguised, unknown]) await s.context.close();
});

test('the npm import (bundled by Vite) works like the drop-in script', async ({ browser }) => {
  const esm = await signIn(browser, 'alice', { path: '/esm/' });
  // This page has no drop-in script: the element came from the ES module bundle.
  expect(await esm.page.locator('script[src*="session-awareness.min.js"]').count()).toBe(0);
  // It has a keep-alive URL: the expiry code, a chunk of the app, came as the element connected, and runs: the
  // deadline read from status-url, this tab elected to send the keep-alives.
  await expect
    .poll(() =>
      esm.page.locator('session-awareness').evaluate((element) => {
        const awareness = element as HTMLElement & { expiresAt?: number; isKeepaliveLeader?: boolean };
        return [typeof awareness.expiresAt, awareness.isKeepaliveLeader];
      }),
    )
    .toEqual(['number', true]);
  const scripts = await esm.page.evaluate(() => performance.getEntriesByType('resource').map((entry) => entry.name));
  expect(scripts.filter((name) => /\/assets\/expiry-controller-[\w-]+\.js$/.test(name))).toHaveLength(1);
  const second = await signIn(browser, 'alice');
  await expect(notices(esm.page)).toHaveCount(1);
  await notices(esm.page).getByRole('button', { name: 'End session' }).click();
  await expect(second.page).toHaveURL(/\/login/, { timeout: 15_000 });
  await esm.context.close();
  await second.context.close();
});

test('the drop-in page mounts exactly one widget from its script tag', async ({ browser }) => {
  const signedIn = await signIn(browser, 'alice');
  const page = signedIn.page;
  await expect(page.locator('script[src*="session-awareness.min.js"][data-hub-url]')).toHaveCount(1);
  await expect(page.locator('session-awareness')).toHaveCount(1);
  expect(await page.locator('session-awareness').getAttribute('hub-url')).toBe('/hubs/session');
  await signedIn.context.close();
});

test("KillSession refuses, with one generic message, anything but the caller's own other sessions", async ({ browser }) => {
  const alice = await signIn(browser, 'alice');
  const aliceAgain = await signIn(browser, 'alice');
  const bob = await signIn(browser, 'bob');
  await expect(notices(alice.page)).toHaveCount(1);
  // The public handle of aliceAgain's session, as alice's widget received it.
  const handle = await notices(alice.page).first().getAttribute('data-session-id');
  const generic = 'That session could not be ended.';

  // bob, with alice's handle, over a raw SignalR connection: refused.
  expect(await invokeRaw(bob.page, 'KillSession', [handle])).toEqual({ error: expect.stringContaining(generic) });
  // an unknown handle and a malformed argument: the same words, nothing more.
  expect(await invokeRaw(bob.page, 'KillSession', ['no-such-session'])).toEqual({ error: expect.stringContaining(generic) });
  const malformed = await invokeRaw(bob.page, 'KillSession', [{ sessionId: handle }]);
  expect(malformed.error).toBeDefined();
  expect(malformed.error).not.toMatch(/Exception|at |System\./);
  // aliceAgain, ending itself through KillSession: refused (that is what Sign out is for).
  expect(await invokeRaw(aliceAgain.page, 'KillSession', [handle])).toEqual({ error: expect.stringContaining(generic) });

  // aliceAgain is alive and well after all that.
  await aliceAgain.page.reload();
  await expect(aliceAgain.page).not.toHaveURL(/\/login/);
  for (const s of [alice, aliceAgain, bob]) await s.context.close();
});

test('a cross-site WebSocket or negotiate is refused by the origin check', async ({ browser }) => {
  const alice = await signIn(browser, 'alice');
  const response = await alice.context.request.post('/hubs/session/negotiate?negotiateVersion=1', {
    headers: { Origin: 'http://evil.example' },
  });
  expect(response.status()).toBe(403);
  await alice.context.close();
});
