import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './scripts/chromium.mjs';
import { serverDll } from './scripts/server.mjs';

const port = Number(process.env.E2E_PORT ?? 5181);
/** A second server with short timeouts for the expiry tests (idle 40 s, warn 20 s, keep-alive 5 s). */
export const shortSessionPort = Number(process.env.E2E_SHORT_PORT ?? 5182);

// Each server keeps its SQLite sessions in a fresh folder of its own, so runs never see each other's sessions.
const dataDir = (name: string) => mkdtempSync(join(tmpdir(), `session-awareness-${name}-`));

// End-to-end tests: real Chromium against the real ASP.NET Core hub in demo/server,
// started here and stopped by Playwright when the run ends. One worker: the demo has two
// users, and tests that sign in as alice must not see each other's sign-ins.
export default defineConfig({
  testDir: 'test/e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: true,
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: 'chromium',
    launchOptions: chromiumLaunchOptions(),
    trace: 'off',
  },
  webServer: [
    {
      command: `dotnet "${serverDll}"`,
      url: `http://127.0.0.1:${port}/login`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'ignore',
      stderr: 'pipe',
      env: { PORT: String(port), ASPNETCORE_ENVIRONMENT: 'Production', SESSION_DATA_DIR: dataDir('e2e') },
    },
    {
      command: `dotnet "${serverDll}"`,
      url: `http://127.0.0.1:${shortSessionPort}/login`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'ignore',
      stderr: 'pipe',
      env: {
        PORT: String(shortSessionPort),
        ASPNETCORE_ENVIRONMENT: 'Production',
        SESSION_IDLE_SECONDS: '40',
        WARN_BEFORE_SECONDS: '20',
        KEEPALIVE_INTERVAL_SECONDS: '5',
        SESSION_DATA_DIR: dataDir('short'),
      },
    },
  ],
});
