import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { notices, signIn, waitConnected } from './support.js';

// Pages of the demo's origin, served by Playwright, with the drop-in tag written in different ways.
async function servePage(page: Page, path: string, body: string): Promise<void> {
  await page.route(`**${path}`, (route) =>
    route.fulfill({ contentType: 'text/html', body: `<!doctype html><html lang="en"><body><main>page</main>${body}</body></html>` }),
  );
  await page.goto(path);
}

test('as type="module" the drop-in mounts its widget from the tag and connects', async ({ browser }) => {
  const alice = await signIn(browser, 'alice');
  const page = await alice.context.newPage();
  await servePage(
    page,
    '/module-tag',
    '<script type="module" src="/widget/session-awareness.min.js" data-hub-url="/hubs/session" data-max-notices="2"></script>',
  );

  await expect(page.locator('session-awareness')).toHaveCount(1);
  expect(await page.locator('session-awareness').getAttribute('max-notices')).toBe('2');
  await waitConnected(page);
  const second = await signIn(browser, 'alice');
  await expect(notices(page)).toHaveCount(1);
  await alice.context.close();
  await second.context.close();
});

test('as type="module" it reads only its own tag: a decoy tag before it, with the same file name, configures nothing', async ({
  browser,
}) => {
  const alice = await signIn(browser, 'alice');
  const page = await alice.context.newPage();
  // The decoy names another copy of the file (a 404 here) and a hub of its own; a first-match lookup would take it.
  await servePage(
    page,
    '/decoy-tag',
    '<script type="module" src="/decoy/session-awareness.min.js" data-hub-url="/evil-hub" data-max-notices="9"></script>' +
      '<script type="module" src="/widget/session-awareness.min.js?v=1" data-hub-url="/hubs/session" data-max-notices="2"></script>',
  );

  await expect(page.locator('session-awareness')).toHaveCount(1);
  expect(await page.locator('session-awareness').getAttribute('hub-url')).toBe('/hubs/session');
  expect(await page.locator('session-awareness').getAttribute('max-notices')).toBe('2');
  await waitConnected(page);
  await alice.context.close();
});

test('loaded twice, the second copy mounts nothing, opens no second connection, and warns once', async ({ browser }) => {
  const alice = await signIn(browser, 'alice');
  const page = await alice.context.newPage();
  const sockets: string[] = [];
  const warnings: string[] = [];
  page.on('websocket', (socket) => sockets.push(socket.url()));
  page.on('console', (message) => {
    if (message.type() === 'warning' && message.text().includes('loaded more than once')) warnings.push(message.text());
  });
  const tag = '<script src="/widget/session-awareness.min.js" data-hub-url="/hubs/session"></script>';
  // The second copy comes from another URL, as a second bundle would: the browser runs both.
  await servePage(page, '/twice', tag + tag.replace('.min.js', '.min.js?copy=2') + tag.replace('.min.js', '.min.js?copy=3'));

  await waitConnected(page);
  await expect(page.locator('session-awareness')).toHaveCount(1);
  expect(sockets.filter((url) => url.includes('/hubs/session'))).toHaveLength(1);
  expect(warnings).toHaveLength(1);
  await alice.context.close();
});

test("the published SRI hash is the drop-in file's, and the browser accepts the tag with it", async ({ browser }) => {
  const script = readFileSync(new URL('../../dist/session-awareness.min.js', import.meta.url));
  const integrity = `sha384-${createHash('sha384').update(script).digest('base64')}`;
  expect(readFileSync(new URL('../../dist/session-awareness.min.js.sri', import.meta.url), 'utf8').trim()).toBe(integrity);

  const alice = await signIn(browser, 'alice');
  const page = await alice.context.newPage();
  await servePage(
    page,
    '/sri',
    `<script src="/widget/session-awareness.min.js" integrity="${integrity}" crossorigin="anonymous" data-hub-url="/hubs/session"></script>`,
  );
  await waitConnected(page);
  // A wrong hash: the browser refuses the script, and nothing mounts.
  const refused = await alice.context.newPage();
  await servePage(
    refused,
    '/sri-wrong',
    `<script src="/widget/session-awareness.min.js" integrity="sha384-${'A'.repeat(64)}" crossorigin="anonymous" data-hub-url="/hubs/session"></script>`,
  );
  await refused.waitForLoadState('load');
  await expect(refused.locator('session-awareness')).toHaveCount(0);
  await alice.context.close();
});
