// Apps made from Microsoft's own templates with the packed NuGet package and only the README's lines
// (scripts/templates.mjs builds them; npm test does it before the end-to-end tests), driven as a user would: the
// README's promise, checked where a new user meets it (issue 14). Each app runs from its own folder on a free port.
import { existsSync, readFileSync } from 'node:fs';
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { startServer } from '../../scripts/server.mjs';
import { builtVersionFile, templateAppDll, templateApps } from '../../scripts/templates.mjs';
import { freePort } from './servers.js';
import { waitConnected } from './support.js';

/** How a user goes through one kind of app's own pages. */
interface AppPages {
  /** Pages anyone may open. */
  publicPages: string[];
  /** The path the app's sign-in page starts with. */
  signInPath: string;
  /** Makes a user (if the app has registration) and signs in as it, in a fresh context; ends on a signed-in page. */
  signIn(browser: Browser, baseURL: string, user: string, register: boolean): Promise<{ context: BrowserContext; page: Page }>;
  /** Presses the app's own sign-out; returns where the app says it sends the user. */
  signOut(page: Page): Promise<RegExp>;
  /** The template's own change-password page, if it has one. */
  changePassword?(page: Page, from: string, to: string): Promise<void>;
}

const PASSWORD = 'Passw0rd!';
const NEW_PASSWORD = 'N3w-Passw0rd!';

/** The Identity templates' pages, under `/Identity/Account` (Razor Pages UI) or `/Account` (Blazor). */
function identityPages(root: string): AppPages {
  return {
    publicPages: ['/', `${root}/Login`, `${root}/Register`],
    signInPath: `${root}/Login`,
    async signIn(browser, baseURL, email, register) {
      const context = await browser.newContext({ baseURL });
      const page = await context.newPage();
      if (register) {
        await page.goto(`${root}/Register`);
        await page.getByLabel('Email').fill(email);
        await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
        await page.getByLabel(/Confirm password/i).fill(PASSWORD);
        await page.getByRole('button', { name: 'Register' }).click();
        // No email sender in a fresh template: its confirmation page shows the link itself.
        await page.getByRole('link', { name: /confirm your account/i }).click();
        await expect(page.getByText(/Thank you for confirming your email/i)).toBeVisible();
      }
      await page.goto(`${root}/Login`);
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
      await page.getByRole('button', { name: 'Log in', exact: true }).click();
      await expect(page.getByRole('button', { name: 'Logout' })).toBeVisible();
      return { context, page };
    },
    async signOut(page) {
      await page.goto('/');
      await page.getByRole('button', { name: 'Logout' }).click();
      return /\/$/;
    },
    async changePassword(page, from, to) {
      await page.goto(`${root}/Manage/ChangePassword`);
      await page.getByLabel(/(Current|Old) password/i).fill(from);
      await page.getByLabel('New password', { exact: true }).fill(to);
      await page.getByLabel(/Confirm (new )?password/i).fill(to);
      await page.getByRole('button', { name: 'Update password' }).click();
      await expect(page.getByText(/Your password has been changed/i)).toBeVisible();
    },
  };
}

const PAGES: Record<string, AppPages> = {
  web: {
    publicPages: ['/', '/login', '/signed-out'],
    signInPath: '/login',
    async signIn(browser, baseURL, user) {
      const context = await browser.newContext({ baseURL });
      const page = await context.newPage();
      await page.goto('/login');
      await page.getByLabel('User name').fill(user);
      await page.getByLabel('Password').fill('secret');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page).toHaveURL(/\/notes$/);
      return { context, page };
    },
    async signOut(page) {
      await page.getByRole('button', { name: 'Sign out' }).click();
      return /\/signed-out$/;
    },
  },
  webapp: identityPages('/Identity/Account'),
  mvc: identityPages('/Identity/Account'),
  blazor: identityPages('/Account'),
};

// The widget's own requests and the page's navigations, and what its script logs. The templates' pages also load
// scripts from a CDN, which this machine cannot reach, and Blazor's passkey script refuses an IP address as a
// WebAuthn domain: those are the template's, not ours.
const OURS = /\/(hubs\/session|session\/(keepalive|status)|_content\/SessionAwareness\.AspNetCore\/)/;

/** Collects what a page does that a quiet page must not: navigations after the first, failed requests, console errors. */
function watch(page: Page): { navigations: string[]; failed: string[]; errors: string[] } {
  const seen = { navigations: [] as string[], failed: [] as string[], errors: [] as string[] };
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) seen.navigations.push(frame.url());
  });
  page.on('requestfailed', (request) => {
    if (request.isNavigationRequest() || OURS.test(request.url()))
      seen.failed.push(`${request.method()} ${request.url()} ${request.failure()?.errorText ?? ''}`);
  });
  page.on('console', (message) => {
    // Chromium logs every 401 response as a console error of its own: on a plain HTML page with no session, the
    // status check's and negotiate's 401 is the server's expected answer. Anything the widget itself logs counts.
    const browsers401 = message.text().startsWith('Failed to load resource') && message.text().includes('401');
    if (message.type() === 'error' && OURS.test(message.location().url) && !browsers401) seen.errors.push(message.text());
  });
  return seen;
}

const built = existsSync(builtVersionFile) ? (readFileSync(builtVersionFile, 'utf8').split('\n')[1]?.split(',').filter(Boolean) ?? []) : [];

test('every template app was made and built from the README (npm test runs scripts/templates.mjs first)', () => {
  expect(built.sort()).toEqual(templateApps.map((app) => app.name).sort());
});

for (const app of templateApps) {
  test.describe(`dotnet new ${app.template}${app.auth ? ' --auth Individual' : ''}`, () => {
    const pages = PAGES[app.name];
    const atSignIn = new RegExp(pages.signInPath.replace(/\//g, '\\/'), 'i');
    let server: Awaited<ReturnType<typeof startServer>> | undefined;
    let port = 0;
    const start = async () => {
      const { folder, dll } = templateAppDll(app.name);
      server = await startServer({
        port,
        dll,
        cwd: folder,
        readyPath: '/',
        env: { ASPNETCORE_URLS: `http://127.0.0.1:${port}` },
      });
    };

    test.beforeAll(async () => {
      if (!built.includes(app.name)) throw new Error(`${app.name} was not built: run node scripts/templates.mjs`);
      port = await freePort();
      await start();
    });
    test.afterAll(async () => server?.stop());

    test('public pages load once and say nothing', async ({ browser }) => {
      const context = await browser.newContext({ baseURL: server!.url });
      const page = await context.newPage();
      const seen = watch(page);
      for (const path of pages.publicPages) {
        seen.navigations.length = 0;
        await page.goto(path);
        // Long enough for a status check, a negotiate and a reload to have happened.
        await page.waitForTimeout(1500);
        expect(seen.navigations, path).toHaveLength(1);
        await expect(page.getByText(/session has ended/i)).toHaveCount(0);
      }
      expect(seen.failed).toEqual([]);
      expect(seen.errors).toEqual([]);
      await context.close();
    });

    test('signed in twice: the first is told, and its End session sends the second to the sign-in page', async ({ browser }) => {
      const user = `u${Date.now()}@example.com`;
      const first = await pages.signIn(browser, server!.url, user, true);
      await waitConnected(first.page);
      // Within 30 s of signing in on a public sign-in page: the loop guard must not swallow the end.
      const second = await pages.signIn(browser, server!.url, user, false);
      await waitConnected(second.page);
      const end = first.page.getByRole('button', { name: /End session/ }).first();
      await expect(end).toBeVisible();
      await end.click();
      await expect(second.page).toHaveURL(atSignIn);
      await first.context.close();
      await second.context.close();
    });

    test("the app's own sign-out completes where the app sends the user, with no aborted request", async ({ browser }) => {
      const user = `o${Date.now()}@example.com`;
      const { context, page } = await pages.signIn(browser, server!.url, user, true);
      await waitConnected(page);
      const seen = watch(page);
      const landing = await pages.signOut(page);
      await expect(page).toHaveURL(landing);
      await page.waitForTimeout(1000);
      await expect(page).toHaveURL(landing);
      expect(seen.failed).toEqual([]);
      await context.close();
    });

    if (app.auth) {
      test("a password change on the template's own page sends the other browser to the sign-in page within 1 s; this one stays", async ({
        browser,
      }) => {
        const user = `p${Date.now()}@example.com`;
        const here = await pages.signIn(browser, server!.url, user, true);
        const other = await pages.signIn(browser, server!.url, user, false);
        await waitConnected(other.page);
        await pages.changePassword!(here.page, PASSWORD, NEW_PASSWORD);
        const changedAt = Date.now();
        await expect(other.page).toHaveURL(atSignIn, { timeout: 1000 });
        expect(Date.now() - changedAt).toBeLessThanOrEqual(1000);
        await here.page.goto('/');
        await expect(here.page.getByRole('button', { name: 'Logout' })).toBeVisible();
        await here.context.close();
        await other.context.close();
      });
    }

    test('a restart keeps both sessions', async ({ browser }) => {
      const user = `r${Date.now()}@example.com`;
      const first = await pages.signIn(browser, server!.url, user, true);
      const second = await pages.signIn(browser, server!.url, user, false);
      await server!.stop();
      await start();
      for (const { page } of [first, second]) {
        await page.reload();
        await expect(page).not.toHaveURL(atSignIn);
        await waitConnected(page);
      }
      await first.context.close();
      await second.context.close();
    });
  });
}
