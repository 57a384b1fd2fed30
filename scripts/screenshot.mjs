// npm run screenshot: docs/screenshot.png, the demo page showing a "signed in elsewhere"
// notice, taken by Playwright from the real demo server.
import { execSync } from 'node:child_process';
import { chromium } from 'playwright';
import { chromiumLaunchOptions } from './chromium.mjs';
import { repoRoot, startServer } from './server.mjs';
import { signIn as signInAt } from './sign-in.mjs';

execSync('npm run --silent build && npm run --silent build:server', { cwd: repoRoot, stdio: 'inherit' });
const server = await startServer({ port: 5192 });
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
} finally {
  await browser.close();
  await server.stop();
}
