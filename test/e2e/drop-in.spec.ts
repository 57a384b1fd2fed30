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

// The drop-in's chunks (dist/drop-in/…): what a page does not need at first is fetched beside the first script, on first need.
const chunkRequests = (page: Page): string[] => {
  const urls: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/widget/drop-in/')) urls.push(new URL(request.url()).pathname);
  });
  return urls;
};
const dropInErrors = (page: Page): string[] => {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && message.text().startsWith('[session-awareness]')) errors.push(message.text());
  });
  return errors;
};
const DROP_IN_TAG = '<script src="/widget/session-awareness.min.js" data-hub-url="/hubs/session"></script>';
const LIST_FALLBACK = '<session-list hub-url="/hubs/session"><p>Your sessions are listed on your account page.</p></session-list>';

test('a page with only the notices fetches no chunk: no list, no table, no sanitizer', async ({ browser }) => {
  const alice = await signIn(browser, 'alice');
  const page = await alice.context.newPage();
  const chunks = chunkRequests(page);
  await servePage(page, '/notices-only', DROP_IN_TAG);
  await waitConnected(page);
  const second = await signIn(browser, 'alice');
  await expect(notices(page).first()).toBeVisible();
  expect(chunks).toEqual([]);
  expect(await page.evaluate(() => customElements.get('session-list'))).toBeUndefined();
  await alice.context.close();
  await second.context.close();
});

test('with allow-html the sanitizer chunk is fetched once, and the messages show through it', async ({ browser }) => {
  const alice = await signIn(browser, 'alice');
  const page = await alice.context.newPage();
  const chunks = chunkRequests(page);
  await servePage(page, '/allow-html', DROP_IN_TAG.replace('data-hub-url', 'data-allow-html data-hub-url'));
  await waitConnected(page);
  // A browser no other test uses: its notice stands alone (grouped notices show a count, not the server's message).
  const second = await signIn(browser, 'alice', { userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:131.0) Gecko/20100101 Firefox/131.0' });
  const message = notices(page).filter({ hasText: 'Linux' }).locator('[part~="message"]');
  await expect(message).not.toBeEmpty();
  expect(chunks.map((path) => path.replace(/\.[0-9a-f]{8}\.js$/, ''))).toEqual(['/widget/drop-in/sanitize']);
  await alice.context.close();
  await second.context.close();
});

test('a <session-list> added later fetches the list chunk once, and the list shares the one hub connection', async ({ browser }) => {
  const alice = await signIn(browser, 'alice');
  const page = await alice.context.newPage();
  const chunks = chunkRequests(page);
  const sockets: string[] = [];
  page.on('websocket', (socket) => sockets.push(socket.url()));
  await servePage(page, '/list-later', DROP_IN_TAG);
  await waitConnected(page);
  expect(chunks).toEqual([]);

  await page.evaluate(() =>
    document.querySelector('main')!.insertAdjacentHTML('beforeend', '<session-list hub-url="/hubs/session"></session-list>'),
  );
  await expect(page.locator('session-list [part~="session"]').first()).toBeVisible();
  await page.evaluate(() =>
    document.querySelector('main')!.insertAdjacentHTML('beforeend', '<session-list hub-url="/hubs/session"></session-list>'),
  );
  await expect(page.locator('session-list').nth(1).locator('[part~="session"]').first()).toBeVisible();
  expect(chunks).toHaveLength(1);
  expect(chunks[0]).toMatch(/^\/widget\/drop-in\/session-list\.[0-9a-f]{8}\.js$/);
  expect(sockets.filter((url) => url.includes('/hubs/session'))).toHaveLength(1);
  await alice.context.close();
});

test('a German page fetches the German tables of its elements only, and shows German', async ({ browser }) => {
  const alice = await signIn(browser, 'alice');
  const page = await alice.context.newPage();
  const chunks = chunkRequests(page);
  await page.route('**/german', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><html lang="de"><body><main>${LIST_FALLBACK}</main>${DROP_IN_TAG}</body></html>`,
    }),
  );
  await page.goto('/german');
  await expect(page.getByRole('heading', { name: 'Ihre Sitzungen' })).toBeVisible();
  const second = await signIn(browser, 'alice');
  await expect(notices(page).first().getByRole('button', { name: 'Sitzung beenden' })).toBeVisible();
  expect(chunks.map((path) => path.replace(/\.[0-9a-f]{8}\.js$/, '')).sort()).toEqual([
    '/widget/drop-in/de/session-awareness',
    '/widget/drop-in/de/session-list',
    '/widget/drop-in/session-list',
  ]);
  await alice.context.close();
  await second.context.close();
});

test("chunks served with other bytes are refused by SRI: English labels, the list's fallback, one console error each", async ({
  browser,
}) => {
  const alice = await signIn(browser, 'alice');
  const page = await alice.context.newPage();
  const errors = dropInErrors(page);
  // Valid script, wrong bytes: without SRI it would run (and define an element that says so).
  await page.route('**/widget/drop-in/**', (route) =>
    route.fulfill({
      contentType: 'text/javascript',
      body: 'customElements.define("session-list", class extends HTMLElement { connectedCallback() { this.textContent = "tampered"; } });',
    }),
  );
  await page.route('**/tampered', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><html lang="de"><body><main>${LIST_FALLBACK}</main>${DROP_IN_TAG}</body></html>`,
    }),
  );
  await page.goto('/tampered');
  await waitConnected(page);
  const second = await signIn(browser, 'alice');
  // The notices in English (the German table was refused), the list undefined, showing its light DOM.
  await expect(notices(page).first().getByRole('button', { name: 'End session' })).toBeVisible();
  await expect(page.getByText('Your sessions are listed on your account page.')).toBeVisible();
  expect(await page.evaluate(() => customElements.get('session-list'))).toBeUndefined();
  await expect.poll(() => errors.length).toBe(2);
  expect(errors.filter((text) => text.includes('/drop-in/session-list.'))).toHaveLength(1);
  expect(errors.filter((text) => text.includes('/drop-in/de/session-awareness.'))).toHaveLength(1);
  await alice.context.close();
  await second.context.close();
});

test("under a CSP with a nonce and Trusted Types required, the chunks load with the first script's nonce", async ({ browser }) => {
  const alice = await signIn(browser, 'alice');
  const page = await alice.context.newPage();
  const errors = dropInErrors(page);
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Trusted Type/i.test(message.text())) violations.push(message.text());
  });
  const nonce = 'n0nce-for-the-drop-in';
  await page.route('**/csp-nonce', (route) =>
    route.fulfill({
      contentType: 'text/html',
      headers: {
        // lit-html is Lit's own policy; session-awareness-drop-in passes the chunk URLs and nothing else.
        'Content-Security-Policy': `script-src 'nonce-${nonce}'; require-trusted-types-for 'script'; trusted-types lit-html session-awareness-drop-in`,
      },
      body: `<!doctype html><html lang="de"><body><main>${LIST_FALLBACK}</main>${DROP_IN_TAG.replace('<script ', `<script nonce="${nonce}" `)}</body></html>`,
    }),
  );
  await page.goto('/csp-nonce');
  await expect(page.getByRole('heading', { name: 'Ihre Sitzungen' })).toBeVisible();
  await waitConnected(page);
  expect(errors).toEqual([]);
  expect(violations).toEqual([]);
  await alice.context.close();
});
