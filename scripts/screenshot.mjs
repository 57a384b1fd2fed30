// npm run screenshot: docs/screenshot.png (the demo page showing a "signed in elsewhere" notice),
// docs/sessions.png ("Your sessions" with three browsers) and docs/signed-out.png (the sign-in page after
// End session from elsewhere), taken by Playwright from the real demo server.
import { execSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright';
import { chromiumLaunchOptions } from './chromium.mjs';
import { repoRoot, startServer } from './server.mjs';
import { signIn as signInAt } from './sign-in.mjs';

execSync('npm run --silent build && npm run --silent build:server', { cwd: repoRoot, stdio: 'inherit' });
// A fresh data folder: the pictures show only the sessions signed in here.
const server = await startServer({ port: 5192, env: { SESSION_DATA_DIR: mkdtempSync(join(tmpdir(), 'session-awareness-screenshot-')) } });
const browser = await chromium.launch(chromiumLaunchOptions());
try {
  const signIn = async (userAgent) => {
    const context = await browser.newContext({ viewport: { width: 1000, height: 560 }, ...(userAgent ? { userAgent } : {}) });
    return signInAt(context, server.url);
  };
  const first = await signIn();
  await first.getByLabel('Notes').fill('Quarterly report: draft the summary before Friday.');
  await signIn('Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:130.0) Gecko/20100101 Firefox/130.0');
  await first.locator('session-awareness [part~="notice"]').waitFor();
  await first.screenshot({ path: `${repoRoot}/docs/screenshot.png` });
  console.log('wrote docs/screenshot.png');
  // The same notice in the dark theme (the user's preference) and in forced colors.
  await first.emulateMedia({ colorScheme: 'dark' });
  await first.locator('session-awareness [part~="notice"]').screenshot({ path: `${repoRoot}/docs/theme-dark.png` });
  await first.emulateMedia({ colorScheme: 'light', forcedColors: 'active' });
  await first.locator('session-awareness [part~="notice"]').screenshot({ path: `${repoRoot}/docs/theme-forced-colors.png` });
  await first.emulateMedia({ colorScheme: 'light', forcedColors: 'none' });
  await first.locator('session-awareness [part~="notice"]').screenshot({ path: `${repoRoot}/docs/theme-light.png` });
  console.log('wrote docs/theme-*.png');

  // Your sessions: this browser, Firefox on Windows and Safari on an iPhone.
  const iphone = await signIn(
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1',
  );
  await first.goto(`${server.url}/sessions`);
  await first.locator('session-list [part~="session"]').nth(2).waitFor();
  const dismiss = first.locator('session-awareness [part="dismiss-button"]');
  while ((await dismiss.count()) > 0) await dismiss.first().click();
  await first.setViewportSize({ width: 1000, height: 520 });
  await first.screenshot({ path: `${repoRoot}/docs/sessions.png` });
  console.log('wrote docs/sessions.png');

  // The iPhone's session ended from the list: its sign-in page says why.
  await iphone.getByLabel('Notes').fill('Call the printer about the proofs');
  await first
    .locator('session-list [part~="session"]')
    .filter({ hasText: 'Safari 17' })
    .getByRole('button', { name: /^End session/ })
    .click();
  await iphone.waitForURL(/\/login/);
  await iphone.getByRole('status').filter({ hasText: 'You were signed out' }).waitFor();
  await iphone.setViewportSize({ width: 1000, height: 460 });
  await iphone.screenshot({ path: `${repoRoot}/docs/signed-out.png` });
  console.log('wrote docs/signed-out.png');
} finally {
  await browser.close();
  await server.stop();
}
