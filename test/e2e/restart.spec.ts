import { expect, test } from '@playwright/test';
import { startDemo, freePort, tempFolder, type DemoServer } from './servers.js';
import { notices, signIn, waitConnected } from './support.js';

// A demo server of its own, with its SQLite file in a temporary folder, that the test kills and starts again.
test.describe.configure({ mode: 'serial' });

let server: DemoServer;
let port: number;
const data = tempFolder('restart');
const env = () => ({ SESSION_DATA_DIR: data.path });

test.beforeAll(async () => {
  port = await freePort();
  server = await startDemo(port, env());
});

test.afterAll(async () => {
  await server.stop();
  data.remove();
});

test('the server is killed and started again: both pages reconnect signed in, notices and End session still work', async ({ browser }) => {
  test.setTimeout(120_000);
  const first = await signIn(browser, 'alice', { baseURL: server.url });
  const second = await signIn(browser, 'alice', { baseURL: server.url });
  await expect(notices(first.page)).toHaveCount(1);
  await notices(first.page).getByRole('button', { name: 'Dismiss' }).click();
  await expect(notices(first.page)).toHaveCount(0);

  // A crash, not a clean shutdown; then the same server comes back on the same port and data folder.
  await server.stop('SIGKILL');
  await first.page.waitForFunction(() => document.querySelector('session-awareness')?.connectionStatus !== 'connected');
  server = await startDemo(port, env());

  // Both widgets reconnect by themselves (their backoff retries for ever) and nobody was sent to /login.
  await waitConnected(first.page);
  await waitConnected(second.page);
  expect(new URL(first.page.url()).pathname).toBe('/');
  expect(new URL(second.page.url()).pathname).toBe('/');
  for (const page of [first.page, second.page]) {
    await page.reload();
    await expect(page).toHaveURL(`${server.url}/`);
    await waitConnected(page);
  }

  // The next sign-in is announced to both, and End session still ends it.
  const third = await signIn(browser, 'alice', { baseURL: server.url });
  await expect(notices(first.page)).toHaveCount(1);
  await expect(notices(second.page)).toHaveCount(1);
  await notices(first.page).getByRole('button', { name: 'End session' }).click();
  await expect(third.page).toHaveURL(/\/login/, { timeout: 15_000 });
  await expect(notices(second.page)).toHaveCount(0);

  for (const signedIn of [first, second, third]) await signedIn.context.close();
});
