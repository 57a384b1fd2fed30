// Where to find Chromium: CI and this workplace use Debian's /usr/bin/chromium (Playwright
// cannot download its own build here); a developer machine with `npx playwright install`
// falls back to Playwright's bundled Chromium when neither CHROMIUM_PATH nor the Debian
// binary exists.
import { existsSync } from 'node:fs';

/** Launch options for Chromium shared by Vitest browser mode, Playwright tests and benches. */
export function chromiumLaunchOptions() {
  const candidate = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  const executablePath = existsSync(candidate) ? candidate : undefined;
  return {
    executablePath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  };
}
