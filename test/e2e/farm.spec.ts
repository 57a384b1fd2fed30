import { expect, test, type Page } from '@playwright/test';
import { RedisServer, freePort, startDemo, type DemoServer } from './servers.js';
import { notices, signIn, waitConnected } from './support.js';

// Two demo instances on two ports over one real redis-server: sessions, key ring, SignalR backplane and
// revocation all in Redis. Cookies on 127.0.0.1 are shared across ports, so one browser context moving
// between the two instances is what a load balancer gives.
test.describe.configure({ mode: 'serial' });

let redis: RedisServer;
let one: DemoServer;
let two: DemoServer;

test.beforeAll(async () => {
  redis = await RedisServer.start();
  const env = { SESSION_STORE: 'redis', REDIS_URL: redis.url };
  one = await startDemo(await freePort(), env);
  two = await startDemo(await freePort(), env);
});

test.afterAll(async () => {
  // Unassigned if beforeAll failed half-way.
  const started: Array<{ stop(): Promise<void> } | undefined> = [one, two, redis];
  for (const server of started) await server?.stop();
});

/** Opens a raw hub WebSocket with the page's cookie and records when the server closes it. */
async function openWatchedSocket(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const negotiate = await fetch('/hubs/session/negotiate?negotiateVersion=1', { method: 'POST' });
    const { connectionToken } = (await negotiate.json()) as { connectionToken: string };
    const socket = new WebSocket(`${location.origin.replace(/^http/, 'ws')}/hubs/session?id=${encodeURIComponent(connectionToken)}`);
    const state = window as unknown as { __socketOpen?: boolean; __socketClosed?: boolean };
    socket.onopen = () => {
      socket.send(JSON.stringify({ protocol: 'json', version: 1 }) + '\u001e');
      state.__socketOpen = true;
    };
    socket.onclose = () => (state.__socketClosed = true);
  });
  await page.waitForFunction(() => (window as unknown as { __socketOpen?: boolean }).__socketOpen === true);
}

test('a page on each instance: notices cross over, and End session on instance 2 cuts the page and socket held by instance 1', async ({
  browser,
}) => {
  const onTwo = await signIn(browser, 'alice', { baseURL: two.url });
  const onOne = await signIn(browser, 'alice', { baseURL: one.url });

  // Instance 1's sign-in reaches the page held by instance 2 …
  await expect(notices(onTwo.page)).toHaveCount(1);
  // … and instance 2's sign-ins reach the page held by instance 1.
  // Another kind of browser, so that its notice is not grouped with the instance-1 session's on instance 2.
  const third = await signIn(browser, 'alice', {
    baseURL: two.url,
    userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:130.0) Gecko/20100101 Firefox/130.0',
  });
  await expect(notices(onOne.page)).toHaveCount(1);

  // A second tab of the instance-1 session holds a raw hub socket on instance 1 (on /login, which never reloads).
  const watcher = await onOne.context.newPage();
  await watcher.goto(`${one.url}/login`);
  await openWatchedSocket(watcher);

  // End session in the page on instance 2, on the notice of the instance-1 session (notices are newest
  // first: the instance-1 session's is the older one).
  await expect(notices(onTwo.page)).toHaveCount(2);
  const started = Date.now();
  await notices(onTwo.page).last().getByRole('button', { name: 'End session' }).click();
  await expect(onOne.page).toHaveURL(/\/login/, { timeout: 10_000 });
  test.info().annotations.push({ type: 'kill-to-login', description: `${Date.now() - started} ms` });
  await watcher.waitForFunction(() => (window as unknown as { __socketClosed?: boolean }).__socketClosed === true);

  // The killed session's cookie is refused by both instances.
  for (const server of [one, two]) {
    const page = await onOne.context.request.get(`${server.url}/`, { maxRedirects: 0 });
    expect(page.status()).toBe(302);
    expect((await onOne.context.request.post(`${server.url}/hubs/session/negotiate?negotiateVersion=1`)).status()).toBe(401);
  }

  for (const signedIn of [onOne, onTwo, third]) await signedIn.context.close();
});

test('Redis stopped for 5 s mid-run: nobody is signed out, and notices resume when it is back', async ({ browser }) => {
  test.setTimeout(120_000);
  const onOne = await signIn(browser, 'alice', { baseURL: one.url });
  const onTwo = await signIn(browser, 'alice', { baseURL: two.url });
  await expect(notices(onOne.page)).toHaveCount(1);
  await notices(onOne.page).getByRole('button', { name: 'Dismiss' }).click();

  await redis.pause();
  // The outage itself is the scenario: five seconds without Redis while both pages stay open.
  await onOne.page.waitForTimeout(5_000);
  expect(new URL(onOne.page.url()).pathname).toBe('/');
  expect(new URL(onTwo.page.url()).pathname).toBe('/');
  await redis.resume();

  // Still signed in on both instances: a reload stays on / and the widget reconnects.
  for (const { page } of [onOne, onTwo]) {
    await expect(async () => {
      await page.reload();
      expect(new URL(page.url()).pathname).toBe('/');
    }).toPass({ timeout: 30_000 });
    await waitConnected(page);
  }

  // Notices flow again, across instances.
  const third = await signIn(browser, 'alice', { baseURL: two.url });
  await expect(notices(onOne.page)).toHaveCount(1, { timeout: 15_000 });
  await expect(notices(onTwo.page)).toHaveCount(1, { timeout: 15_000 });
  for (const signedIn of [onOne, onTwo, third]) await signedIn.context.close();
});
