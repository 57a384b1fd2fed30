// The framework example apps (examples/<name>/), each built from the packed package by scripts/examples.mjs and
// served by the demo at /examples/<name>/, driven against the real hub. Every app follows one contract
// (examples/README.md): it sets the element's `strings` property through the framework's own property binding,
// and lists the events it received through the framework's own event binding.
import { expect, test, type Page } from '@playwright/test';
import { notices, signIn } from './support';

const frameworks = [
  { name: 'react', title: 'React' },
  { name: 'vue', title: 'Vue' },
  { name: 'svelte', title: 'Svelte' },
  { name: 'angular', title: 'Angular' },
] as const;

/** The example's own rendering of what it learned from the element's events. */
const eventLog = (page: Page) => page.getByTestId('events').locator('li');

for (const { name, title } of frameworks) {
  test(`${title} example: property and event bindings, End session and Dismiss against the real hub`, async ({ browser }) => {
    const app = await signIn(browser, 'alice', { path: `/examples/${name}/` });
    await expect(app.page.getByRole('heading', { level: 1 })).toContainText(title);
    // session-connection reached the framework's state.
    await expect(app.page.getByTestId('connection')).toHaveText('connected');
    // The packed package, not the drop-in script, defines the element.
    expect(await app.page.locator('script[src*="session-awareness.min.js"]').count()).toBe(0);

    // A sign-in elsewhere: the notice uses the label set through the `strings` property binding, and the
    // app's own session-notice handler saw it.
    const second = await signIn(browser, 'alice');
    await expect(notices(app.page)).toHaveCount(1);
    await expect(notices(app.page).getByRole('button', { name: /End it/ })).toHaveText(`End it (${title})`);
    await expect(eventLog(app.page)).toContainText([/notice: Chrom/]);

    // Dismiss: the notice goes, and the app saw session-dismiss.
    await notices(app.page).getByRole('button', { name: 'Dismiss' }).click();
    await expect(notices(app.page)).toHaveCount(0);
    await expect(eventLog(app.page)).toContainText([/notice: Chrom/, 'dismiss']);

    // End session on a third sign-in: that browser is signed out, and the app saw the result.
    const third = await signIn(browser, 'alice');
    await expect(notices(app.page)).toHaveCount(1);
    await notices(app.page)
      .getByRole('button', { name: /End it/ })
      .click();
    await expect(third.page).toHaveURL(/\/login/);
    await expect(eventLog(app.page)).toContainText([/notice: Chrom/, 'dismiss', /notice: Chrom/, 'kill-result: ok']);
    await expect(notices(app.page)).toHaveCount(0);

    // The dismissed second browser is still signed in: Dismiss ended nothing.
    await second.page.reload();
    await expect(second.page).not.toHaveURL(/\/login/);

    for (const context of [app.context, second.context, third.context]) await context.close();
  });
}
