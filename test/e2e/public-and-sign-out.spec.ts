// The widget in pages and flows it does not control: a public page with nobody signed in, the app's own
// sign-out (form POST, GET link, fetch), and a session ended again right after signing in again.
import { expect, test, type ConsoleMessage, type Page, type Request, type Route } from '@playwright/test';
import { notices, signIn, waitConnected } from './support.js';

/** Everything a page did that the tests count: main-frame navigations, requests, failed requests, console. */
function watch(page: Page) {
  const seen = {
    navigations: [] as string[],
    requests: [] as string[],
    failed: [] as string[],
    console: [] as Array<{ type: string; text: string }>,
  };
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) seen.navigations.push(new URL(frame.url()).pathname + new URL(frame.url()).search);
  });
  page.on('request', (request: Request) => seen.requests.push(`${request.method()} ${new URL(request.url()).pathname}`));
  page.on('requestfailed', (request: Request) =>
    seen.failed.push(`${request.method()} ${request.url()} ${request.failure()?.errorText ?? ''}`),
  );
  page.on('console', (message: ConsoleMessage) => seen.console.push({ type: message.type(), text: message.text() }));
  return seen;
}

/**
 * Calls back when the page's widget handles `session-ended` (through a binding, so it survives nothing but the
 * page itself). The sign-out tests hold the app's sign-out response until then: the hub's message arrives while
 * the app's own navigation is still in flight in every run, which is the race the widget must not win.
 */
async function onSessionEnded(page: Page): Promise<() => Promise<void>> {
  let resolve!: () => void;
  const ended = new Promise<void>((r) => (resolve = r));
  await page.exposeBinding('__sessionEndedSeen', () => resolve());
  await page.evaluate(() => {
    document.querySelector('session-awareness')!.addEventListener('session-ended', () => {
      void (window as unknown as { __sessionEndedSeen(): Promise<void> }).__sessionEndedSeen();
    });
  });
  return () => ended;
}

/** Holds the answer to `path` (the request has reached the server) until `until` resolves. */
async function holdAnswer(page: Page, path: string, until: () => Promise<void>): Promise<void> {
  await page.route(
    (url) => url.pathname === path,
    async (route: Route) => {
      // Interception hands over the request before the browser adds its Fetch Metadata; a click on the page's own
      // link or form is same-origin, and the GET sign-out checks that.
      const headers = { ...(await route.request().allHeaders()), 'sec-fetch-site': 'same-origin' };
      const response = await route.fetch({ maxRedirects: 0, headers });
      await until();
      await route.fulfill({ response });
    },
  );
}

const widgetLines = (console: Array<{ type: string; text: string }>) => console.filter((line) => line.text.includes('[session-awareness]'));

test('a public page with the widget and a status URL loads once, asks once, and shows nothing', async ({ browser, baseURL }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const seen = watch(page);
  await page.goto('/about');
  await page.waitForFunction(() => document.querySelector('session-awareness')?.connectionStatus === 'unauthorized');
  // Longer than the widget waits after a sign-out (1 s): a reload would have started by now.
  await page.waitForTimeout(2_000);

  expect(page.url()).toBe(`${baseURL}/about`);
  expect(seen.navigations).toEqual(['/about']);
  expect(seen.requests.filter((request) => request === 'GET /session/status')).toHaveLength(1);
  expect(seen.requests.filter((request) => request.startsWith('POST /hubs/session/negotiate'))).toHaveLength(1);
  expect(seen.requests.filter((request) => request.endsWith(' /session/keepalive'))).toHaveLength(0);
  expect(seen.failed).toEqual([]);
  await expect(page.locator('session-awareness [part="ended"]')).toHaveCount(0);
  await expect(page.getByText('Your session has ended')).toHaveCount(0);
  expect(await page.evaluate(() => sessionStorage.getItem('session-awareness:navigated-at'))).toBeNull();
  // One debug line from the widget, nothing else from it; the only other lines are the browser's own network
  // log of the two 401 answers (status and negotiate), which no script can silence.
  expect(widgetLines(seen.console)).toEqual([
    { type: 'debug', text: '[session-awareness] not signed in on this page (401 before any session): the widget stays idle.' },
  ]);
  const others = seen.console.filter((line) => !line.text.includes('[session-awareness]'));
  expect(others.every((line) => line.type === 'error' && line.text.includes('401'))).toBe(true);
  expect(others.length).toBeLessThanOrEqual(2);

  // A second public page load in the same tab: the same, no message from the first.
  await page.reload();
  await page.waitForFunction(() => document.querySelector('session-awareness')?.connectionStatus === 'unauthorized');
  await expect(page.locator('session-awareness [part="ended"]')).toHaveCount(0);
  expect(seen.navigations).toEqual(['/about', '/about']);
  await context.close();
});

test('ended from another browser within 30 s of signing in again, the page still goes to the sign-in page', async ({
  browser,
  baseURL,
}) => {
  const watcher = await signIn(browser, 'bob');
  const victim = await signIn(browser, 'bob');
  const seen = watch(victim.page);

  // First End session: the widget sends the victim to the sign-in page (its own navigation).
  await notices(watcher.page).getByRole('button', { name: 'End session' }).click();
  await expect(victim.page).toHaveURL(/\/login\?signedOutReason=ended$/, { timeout: 15_000 });
  const signedOutAt = Date.now();

  // The user signs in again at once, and is ended again from the other browser well within 30 s.
  await victim.page.getByLabel('Username').fill('bob');
  await victim.page.getByLabel('Password').fill('demo');
  await victim.page.getByRole('button', { name: 'Sign in' }).click();
  await expect(victim.page).toHaveURL(`${baseURL}/`);
  await waitConnected(victim.page);
  await expect(notices(watcher.page)).toHaveCount(1);
  await notices(watcher.page).getByRole('button', { name: 'End session' }).click();

  await expect(victim.page).toHaveURL(/\/login\?signedOutReason=ended$/, { timeout: 15_000 });
  expect(Date.now() - signedOutAt).toBeLessThan(30_000);
  await expect(victim.page.getByLabel('Username')).toBeVisible();
  expect(seen.navigations.filter((path) => path.startsWith('/login?signedOutReason=ended'))).toHaveLength(2);
  await watcher.context.close();
  await victim.context.close();
});

for (const { how, click, path, lands } of [
  {
    how: 'by form POST',
    click: (page: Page) => page.getByRole('button', { name: 'Sign out', exact: true }).click(),
    path: '/logout',
    lands: '/login',
  },
  {
    how: 'by GET link',
    click: (page: Page) => page.getByRole('link', { name: 'Sign out by link' }).click(),
    path: '/signout',
    lands: '/about',
  },
]) {
  test(`the demo's own sign-out ${how} lands where the demo sends it, and another tab goes to the sign-in page`, async ({
    browser,
    baseURL,
  }) => {
    const { context, page } = await signIn(browser, 'alice');
    const otherTab = await context.newPage();
    await otherTab.goto('/');
    await waitConnected(otherTab);
    const seen = watch(page);
    const seenElsewhere = watch(otherTab);
    await holdAnswer(page, path, await onSessionEnded(page));

    await click(page);

    await expect(page).toHaveURL(`${baseURL}${lands}`);
    await expect(otherTab).toHaveURL(`${baseURL}/login`, { timeout: 15_000 });
    // Nothing of the app's was aborted, and the widget did not navigate on top of it (no reload of /).
    expect(seen.failed).toEqual([]);
    expect(seen.requests.filter((request) => request === 'GET /')).toEqual([]);
    expect(seen.navigations).toEqual([lands]);
    // The other tab shows no reason: a sign-out is not news.
    await expect(otherTab.getByLabel('Username')).toBeVisible();
    await expect(otherTab.locator('session-signed-out-reason')).toHaveText('');
    expect(seenElsewhere.failed).toEqual([]);
    // Where the app sent this tab, the page stays (the public About page: one load, nothing shown).
    await page.waitForTimeout(1_500);
    expect(seen.navigations).toEqual([lands]);
    await expect(page.locator('session-awareness [part="ended"]')).toHaveCount(0);
    await context.close();
  });
}

test('the Sign out link, clicked with nothing in between, signs out where the browser vouches it is same-origin', async ({
  browser,
  baseURL,
}) => {
  const { context, page } = await signIn(browser, 'alice');
  const seen = watch(page);
  await page.getByRole('link', { name: 'Sign out by link' }).click();
  await expect(page).toHaveURL(`${baseURL}/about`);
  await page.waitForFunction(() => document.querySelector('session-awareness')?.connectionStatus === 'unauthorized');
  expect((await context.request.get('/session/status')).status()).toBe(401);
  expect(seen.failed).toEqual([]);
  await context.close();
});

test("a sign-out by fetch that navigates when its answer comes: the app's navigation wins the race", async ({ browser, baseURL }) => {
  const { context, page } = await signIn(browser, 'alice');
  const seen = watch(page);
  await holdAnswer(page, '/logout', await onSessionEnded(page));

  // The hub's session end reaches the widget before the fetch answers (held until then): the widget waits.
  await page.evaluate(() => {
    void fetch('/logout', { method: 'POST', credentials: 'same-origin' })
      .then((response) => response.text())
      .then(() => location.assign('/about'));
  });

  await expect(page).toHaveURL(`${baseURL}/about`);
  expect(seen.failed).toEqual([]);
  expect(seen.navigations).toEqual(['/about']);
  await context.close();
});
