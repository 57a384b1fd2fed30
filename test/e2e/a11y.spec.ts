import { expect, test, type Page } from '@playwright/test';
import { axeViolations as violations, notices, signIn } from './support.js';

const FIREFOX_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:130.0) Gecko/20100101 Firefox/130.0';

// axe (all its rules) on the demo's pages with the widget showing a notice and the sessions list, in each of
// the modes a user may bring: light, dark (the user's preference), forced colors (Windows High Contrast), and
// right-to-left.
const modes: Array<{ name: string; setUp(page: Page): Promise<void> }> = [
  { name: 'light', setUp: (page) => page.emulateMedia({ colorScheme: 'light' }) },
  { name: 'dark', setUp: (page) => page.emulateMedia({ colorScheme: 'dark' }) },
  { name: 'forced colors', setUp: (page) => page.emulateMedia({ forcedColors: 'active' }) },
  {
    name: 'right-to-left',
    setUp: async (page) => {
      await page.evaluate(() => document.documentElement.setAttribute('dir', 'rtl'));
    },
  },
];

for (const mode of modes) {
  test(`axe: 0 violations in ${mode.name} on / with a notice and on Your sessions`, async ({ browser }) => {
    const alice = await signIn(browser, 'alice');
    const other = await signIn(browser, 'alice', { userAgent: FIREFOX_WINDOWS });
    await expect(notices(alice.page)).not.toHaveCount(0);
    await mode.setUp(alice.page);
    expect(await violations(alice.page)).toEqual([]);

    await alice.page.goto('/sessions');
    await mode.setUp(alice.page);
    await expect(alice.page.locator('session-list [part~="session"]').first()).toBeVisible();
    expect(await violations(alice.page)).toEqual([]);
    await alice.context.close();
    await other.context.close();
  });
}

test('the dark theme follows the user unless the page says theme="light"; forced colors keep a border on every notice', async ({
  browser,
}) => {
  const alice = await signIn(browser, 'alice');
  const other = await signIn(browser, 'alice', { userAgent: FIREFOX_WINDOWS });
  const notice = notices(alice.page).first();
  await expect(notice).toBeVisible();
  const background = () => notice.evaluate((element) => getComputedStyle(element).backgroundColor);

  await alice.page.emulateMedia({ colorScheme: 'light' });
  expect(await background()).toBe('rgb(255, 255, 255)');
  await alice.page.emulateMedia({ colorScheme: 'dark' });
  expect(await background()).toBe('rgb(31, 31, 36)');
  await alice.page.locator('session-awareness').evaluate((element) => element.setAttribute('theme', 'light'));
  expect(await background()).toBe('rgb(255, 255, 255)');

  await alice.page.emulateMedia({ colorScheme: 'light', forcedColors: 'active' });
  expect(await notice.evaluate((element) => getComputedStyle(element).borderTopStyle)).toBe('solid');
  await alice.context.close();
  await other.context.close();
});

for (const viewport of [
  { name: '320 px wide', width: 320, height: 640 },
  { name: '400 % zoom of 1280 × 720', width: 320, height: 180 },
]) {
  test(`at ${viewport.name} the notices collapse to one bar that leaves the focused field visible`, async ({ browser }) => {
    const alice = await signIn(browser, 'alice');
    const page = alice.page;
    await page.setViewportSize({ width: viewport.width, height: viewport.height });
    const firefox = await signIn(browser, 'alice', { userAgent: FIREFOX_WINDOWS });
    const iphone = await signIn(browser, 'alice', {
      userAgent:
        'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1',
    });
    const bar = page.locator('session-awareness [part="compact-bar"]');
    await expect(bar).toContainText('2 session notices');
    await expect(notices(page).first()).toBeHidden();

    // The field the user works in stays visible: it is never entirely under the bar.
    const notes = page.getByLabel('Notes');
    await notes.focus();
    await notes.evaluate((element) => element.scrollIntoView({ block: 'end' }));
    const [field, cover] = [await notes.boundingBox(), await bar.boundingBox()];
    const overlap = Math.max(0, Math.min(field!.y + field!.height, cover!.y + cover!.height) - Math.max(field!.y, cover!.y));
    expect(overlap).toBeLessThan(field!.height);

    // Show expands them (and is a real toggle); Hide collapses them again.
    await bar.getByRole('button', { name: 'Show' }).click();
    await expect(notices(page)).toHaveCount(2);
    await expect(notices(page).first()).toBeVisible();
    await bar.getByRole('button', { name: 'Hide' }).click();
    await expect(notices(page).first()).toBeHidden();
    expect(await violations(page)).toEqual([]);
    for (const context of [alice.context, firefox.context, iphone.context]) await context.close();
  });
}
