import { createServer, type Server } from 'node:http';
import { expect, test, type APIRequestContext, type Browser, type BrowserContext } from '@playwright/test';
import { freePort, startDemo, tempFolder, type DemoServer } from './servers.js';
import { signIn, waitConnected } from './support.js';

// The attack the product exists for, in real Chromium against the real server: an intruder holds a copy of the
// victim's session cookie (malware, a shared computer, a proxy log) and uses it from another browser.

const thiefAgent = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:130.0) Gecko/20100101 Firefox/130.0';

/** A browser elsewhere holding a copy of every cookie of `victim`. */
async function copyCookies(browser: Browser, victim: BrowserContext, baseURL?: string): Promise<BrowserContext> {
  const thief = await browser.newContext({ userAgent: thiefAgent, ...(baseURL ? { baseURL } : {}) });
  await thief.addCookies(await victim.cookies());
  return thief;
}

/** 200 when the cookie opens the home page, 302 (to the sign-in page) when it does not. */
async function homeStatus(request: APIRequestContext): Promise<number> {
  return (await request.get('/', { maxRedirects: 0 })).status();
}

test('a copy of the cookie dies when the victim signs in again in the same browser', async ({ browser }) => {
  const victim = await signIn(browser, 'alice');
  const thief = await copyCookies(browser, victim.context);
  expect(await homeStatus(thief.request), 'the copy works before').toBe(200);

  await victim.page.goto('/login');
  await victim.page.getByLabel('Username').fill('alice');
  await victim.page.getByLabel('Password').fill('demo');
  await victim.page.getByRole('button', { name: 'Sign in' }).click();
  await expect(victim.page).toHaveURL(/\/$/);

  expect(await homeStatus(thief.request)).toBe(302);
  expect(await homeStatus(victim.context.request)).toBe(200);
  await waitConnected(victim.page);
  await thief.close();
  await victim.context.close();
});

test("Sign out all other sessions kills a copy of this browser's own cookie too", async ({ browser }) => {
  const victim = await signIn(browser, 'alice', { path: '/sessions' });
  const phone = await signIn(browser, 'alice', {
    userAgent:
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
  });
  const thief = await copyCookies(browser, victim.context);
  expect(await homeStatus(thief.request)).toBe(200);
  // Another tab of the victim's own browser: the renewal must not sign it out.
  const otherTab = await victim.context.newPage();
  await otherTab.goto('/');
  await waitConnected(otherTab);
  await otherTab.evaluate(() => {
    const states: string[] = [];
    (window as unknown as { states: string[] }).states = states;
    document
      .querySelector('session-awareness')!
      .addEventListener('session-connection', (event) => states.push((event as Event & { status: { state: string } }).status.state));
  });

  await victim.page.getByRole('button', { name: 'Sign out all other sessions' }).click();
  await victim.page.getByRole('button', { name: 'Sign out all', exact: true }).click();
  await expect(phone.page).toHaveURL(/\/login/, { timeout: 15_000 });

  await expect.poll(() => homeStatus(thief.request), { timeout: 10_000 }).toBe(302);
  expect(await homeStatus(victim.context.request)).toBe(200);
  // Its socket, opened with the old key, was cut; it reconnected with the new cookie and stayed on the page.
  await expect
    .poll(() => otherTab.evaluate(() => (window as unknown as { states: string[] }).states.join(' ')))
    .toMatch(/reconnecting.*connected$/);
  await expect(otherTab).toHaveURL(/\/$/);
  await victim.page.reload();
  await waitConnected(victim.page);
  for (const context of [thief, phone.context, victim.context]) await context.close();
});

test.describe('sliding', () => {
  let demo: DemoServer;
  let otherSite: Server;
  let otherSiteUrl: string;
  const data = tempFolder('slide');

  test.beforeAll(async () => {
    // Short timeouts: slides are written at most every 4 s (a tenth of the idle timeout).
    demo = await startDemo(await freePort(), {
      SESSION_DATA_DIR: data.path,
      SESSION_IDLE_SECONDS: '40',
      WARN_BEFORE_SECONDS: '20',
      KEEPALIVE_INTERVAL_SECONDS: '5',
    });
    // Another site on the same host name (same site, another origin), with an image and a link to the app.
    const port = await freePort();
    otherSite = createServer((request, response) => {
      response.setHeader('Content-Type', 'text/html');
      response.end(`<!doctype html><title>other</title><img src="${demo.url}/" alt=""><a href="${demo.url}/">app</a>`);
    });
    await new Promise<void>((resolve) => otherSite.listen(port, '127.0.0.1', resolve));
    otherSiteUrl = `http://127.0.0.1:${port}/`;
  });

  test.afterAll(async () => {
    otherSite.close();
    await demo.stop();
    data.remove();
  });

  test("a same-site <img> does not move expiresAt; the user's own click does", async ({ browser }) => {
    const victim = await signIn(browser, 'alice', { baseURL: demo.url });
    const deadline = async () => ((await (await victim.context.request.get('/session/status')).json()) as { expiresAt: string }).expiresAt;
    const before = await deadline();

    // Past the 4 s write interval, so a slide would be written and show in the deadline.
    await victim.page.waitForTimeout(4_500);
    const attack = await victim.context.newPage();
    // What Chromium really sent (cookies and Fetch Metadata are added below the page, so read them from DevTools).
    const sent: Array<Record<string, string>> = [];
    const devtools = await victim.context.newCDPSession(attack);
    devtools.on('Network.requestWillBeSentExtraInfo', (event) =>
      sent.push(
        Object.fromEntries(Object.entries(event.headers as Record<string, string>).map(([name, value]) => [name.toLowerCase(), value])),
      ),
    );
    await devtools.send('Network.enable');
    await attack.goto(otherSiteUrl);
    // The image request is same-site and carries the session cookie: the attack reaches the app as the victim.
    await expect.poll(() => sent.find((headers) => headers['sec-fetch-dest'] === 'image')).toBeTruthy();
    const image = sent.find((headers) => headers['sec-fetch-dest'] === 'image')!;
    expect(image['sec-fetch-site']).toBe('same-site');
    expect(image.cookie).toContain('=');
    await attack.waitForLoadState('networkidle');
    expect(await deadline(), "another site's image must not keep the session alive").toBe(before);

    await attack.getByRole('link', { name: 'app' }).click();
    await expect(attack).toHaveURL(`${demo.url}/`);
    await expect.poll(deadline).not.toBe(before);
    await victim.context.close();
  });
});
