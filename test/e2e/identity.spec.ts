import { expect, test, type Browser } from '@playwright/test';
import { freePort, startIdentitySample, tempFolder, type DemoServer } from './servers.js';
import { notices, waitConnected, type SignedIn } from './support.js';

// The ASP.NET Core Identity sample (EF Core + SQLite, users registered at start) with the widget on its pages.
test.describe.configure({ mode: 'serial' });

let server: DemoServer;
const data = tempFolder('identity');
const email = 'alice@example.com';
let password = 'Demo-pass-1';

test.beforeAll(async () => {
  server = await startIdentitySample(await freePort(), { SAMPLE_DATA_DIR: data.path });
});

test.afterAll(async () => {
  await server.stop();
  data.remove();
});

async function signInIdentity(browser: Browser): Promise<SignedIn> {
  const context = await browser.newContext({ baseURL: server.url });
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(`${server.url}/`);
  await waitConnected(page);
  return { context, page };
}

test('Identity sample: signed in twice, the first is told and its End session sends the second to the sign-in page', async ({
  browser,
}) => {
  const first = await signInIdentity(browser);
  const second = await signInIdentity(browser);

  await expect(notices(first.page)).toHaveCount(1);
  await expect(first.page.getByText(email).first()).toBeVisible();
  await notices(first.page).getByRole('button', { name: 'End session' }).click();
  await expect(second.page).toHaveURL(/\/login/, { timeout: 15_000 });
  await first.page.reload();
  await expect(first.page).toHaveURL(`${server.url}/`);

  await first.context.close();
  await second.context.close();
});

test('Identity sample: a password change sends the other browser to the sign-in page at once; this one stays', async ({ browser }) => {
  const first = await signInIdentity(browser);
  const second = await signInIdentity(browser);
  await expect(notices(first.page)).toHaveCount(1);

  // An intruder holds a copy of the changing browser's own cookie.
  const thief = await browser.newContext({
    baseURL: server.url,
    userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:130.0) Gecko/20100101 Firefox/130.0',
  });
  await thief.addCookies(await first.context.cookies());
  expect((await thief.request.get('/', { maxRedirects: 0 })).status()).toBe(200);

  await first.page.getByRole('link', { name: 'Change password' }).click();
  await first.page.getByLabel('Current password').fill(password);
  password = 'Another-pass-2';
  await first.page.getByLabel('New password').fill(password);
  await first.page.getByRole('button', { name: 'Change password' }).click();

  await expect(second.page).toHaveURL(/\/login/, { timeout: 15_000 });
  await expect(first.page).toHaveURL(/\/\?done=password$/);
  await waitConnected(first.page);
  expect((await first.context.request.get('/', { maxRedirects: 0 })).status()).toBe(200);
  expect((await thief.request.get('/', { maxRedirects: 0 })).status(), 'the copy of the cookie died with the old password').toBe(302);
  await thief.close();

  // The new password signs in, and the page that changed it (reloaded since) is told of that sign-in.
  const third = await signInIdentity(browser);
  await expect(notices(first.page)).toHaveCount(1);
  for (const signedIn of [first, second, third]) await signedIn.context.close();
});
