// Signing in to the demo through its real /login form, for the bench and the screenshot
// script (the Playwright tests have their own, with assertions, in test/e2e/support.ts).

/** Opens /login in a new page of `context` and fills it in; the caller clicks Sign in. */
export async function openFilledSignIn(context, baseUrl, user = 'alice') {
  const page = await context.newPage();
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Username').fill(user);
  await page.getByLabel('Password').fill('demo');
  return page;
}

/** Clicks Sign in and waits until the page's widget has a live hub connection. */
export async function submitSignIn(page) {
  await page.getByRole('button', { name: 'Sign in' }).click();
  await waitConnected(page);
}

/** Waits until the page's widget reports a live hub connection. */
export async function waitConnected(page) {
  await page.waitForFunction(() => document.querySelector('session-awareness')?.connectionStatus === 'connected');
}

/** Signs in in a new page of `context`; returns the page, connected. */
export async function signIn(context, baseUrl, user = 'alice') {
  const page = await openFilledSignIn(context, baseUrl, user);
  await submitSignIn(page);
  return page;
}
