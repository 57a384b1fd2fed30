import { expect, test, type Page } from '@playwright/test';
import { notices, signIn } from './support.js';

// The sign-in page tells a signed-out user why: from what the widget recorded before it left the page, or, with
// the widget's script blocked, from the allow-listed reason code the library put on the redirect to /login.
const why = (page: Page) => page.getByRole('status').filter({ hasText: 'You were signed out' });

test('ended from another browser: the sign-in page names the device that ended it and does not say the typing was kept', async ({
  browser,
}) => {
  const first = await signIn(browser, 'alice');
  const second = await signIn(browser, 'alice', {
    userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:130.0) Gecko/20100101 Firefox/130.0',
  });
  await second.page.getByLabel('Notes').fill('draft typed in the second browser');
  const notice = notices(first.page).filter({ hasText: 'Firefox 130' });

  await notice.getByRole('button', { name: 'End session' }).click();

  await expect(second.page).toHaveURL(/\/login\?signedOutReason=ended/, { timeout: 15_000 });
  await expect(why(second.page)).toContainText(/You were signed out from another device \(.+ on Linux\)\./);
  await expect(why(second.page)).not.toContainText('Your unsaved changes were kept'); // deleted on an ended device (issue 13)
  // Shown once: a reload of the sign-in page keeps the URL's reason but no longer the recorded details.
  await second.page.reload();
  await expect(why(second.page)).toHaveText('You were signed out from another device.');
  await first.context.close();
  await second.context.close();
});

test('with the widget script blocked, the server-rendered sign-in page still says why', async ({ browser }) => {
  const first = await signIn(browser, 'alice');
  const blocked = await browser.newContext({ javaScriptEnabled: false });
  const page = await blocked.newPage();
  await page.goto('/login');
  await page.getByLabel('Username').fill('alice');
  await page.getByLabel('Password').fill('demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/$/);
  // The first browser's list ends the script-less session.
  await first.page.goto('/sessions');
  const row = first.page.locator('session-list [part~="session"]:not([part~="current"])').first();
  await expect(row).toBeVisible();
  const rowsBefore = await first.page.locator('session-list [part~="session"]').count();
  await row.getByRole('button', { name: /^End session on/ }).click();
  await expect(first.page.locator('session-list [part~="session"]')).toHaveCount(rowsBefore - 1);

  // Nothing runs in that page, so it only learns at its next request: to /login, with the reason.
  await page.reload();
  await expect(page).toHaveURL(/\/login\?signedOutReason=ended/);
  await expect(why(page)).toHaveText('You were signed out from another device.');
  await first.context.close();
  await blocked.close();
});

test('a made-up or repeated reason in the URL shows nothing, and nothing from the URL is ever shown', async ({ page }) => {
  for (const query of [
    'signedOutReason=%3Cimg%20src%3Dx%3E',
    'signedOutReason=hacked',
    'signedOutReason=ended&signedOutReason=expired',
    'signedOutReason=Ended',
  ]) {
    await page.goto(`/login?${query}`);
    await expect(page.getByLabel('Username')).toBeVisible();
    await expect(why(page)).toHaveCount(0);
    await expect(page.locator('img')).toHaveCount(0);
  }
  await page.goto('/login?signedOutReason=revoked');
  await expect(why(page)).toHaveText("You were signed out for your account's security. Please sign in again.");
});
