import { expect, test } from '@playwright/test';
import { notices, signIn, waitConnected } from './support.js';

// State on every (re)connect: the hub sends the user's live sessions (sessionsSnapshot) and the widget
// reconciles its notices with them.

test('a sign-in while a page was offline shows on reconnecting; a session ended meanwhile loses its notice', async ({ browser }) => {
  const first = await signIn(browser, 'alice');
  const doomed = await signIn(browser, 'alice');
  await expect(notices(first.page)).toHaveCount(1);

  // The first page goes offline: its socket drops and the widget waits to reconnect.
  await first.context.setOffline(true);
  await first.page.waitForFunction(() => document.querySelector('session-awareness')?.connectionStatus !== 'connected');

  // Meanwhile another sign-in arrives, and the earlier second session signs out.
  const later = await signIn(browser, 'alice');
  await doomed.page.getByRole('button', { name: 'Sign out' }).first().click();
  await expect(doomed.page).toHaveURL(/\/login/);

  const back = Date.now();
  await first.context.setOffline(false);
  await waitConnected(first.page);
  await expect(notices(first.page)).toHaveCount(1);
  await expect(notices(first.page).locator('[part="message"]')).toHaveText(/signed in on another browser or device/i);
  test.info().annotations.push({ type: 'online-to-notice', description: `${Date.now() - back} ms` });

  // The notice that is left is the later sign-in's: ending it ends that session.
  await notices(first.page).getByRole('button', { name: 'End session' }).click();
  await expect(later.page).toHaveURL(/\/login/, { timeout: 15_000 });
  for (const signedIn of [first, doomed, later]) await signedIn.context.close();
});

test('Dismiss in one tab dismisses in every tab of the session, and a reload does not bring it back', async ({ browser }) => {
  const first = await signIn(browser, 'alice');
  const secondTab = await first.context.newPage();
  await secondTab.goto('/');
  await waitConnected(secondTab);
  const other = await signIn(browser, 'alice');
  await expect(notices(first.page)).toHaveCount(1);
  await expect(notices(secondTab)).toHaveCount(1);

  await notices(first.page).getByRole('button', { name: 'Dismiss' }).click();
  await expect(notices(first.page)).toHaveCount(0);
  await expect(notices(secondTab)).toHaveCount(0);

  await secondTab.reload();
  await waitConnected(secondTab);
  // A third sign-in's push comes after the reconnect's snapshot on the same connection: once it shows,
  // the snapshot has been applied, and the dismissed notice did not come back with it.
  const third = await signIn(browser, 'alice');
  await expect(notices(secondTab)).toHaveCount(1);
  await expect(notices(first.page)).toHaveCount(1);
  for (const signedIn of [first, other, third]) await signedIn.context.close();
});
