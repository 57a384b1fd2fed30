// Part of npm run bench (issue 9): what the widget costs a page.
//
// 1. Push to painted: in one page, a bare @microsoft/signalr client (the floor: no widget code at all) and the
//    widget both receive the same sessionRegistered push. From the click on Sign in in another browser, the
//    bare client's receipt, and the widget's notice painted (the requestAnimationFrame callback of the frame
//    after the notice entered its shadow DOM, i.e. just before that frame paints). p50/p95 of each and of the
//    per-sign-in difference, over BENCH_PAINT_SIGN_INS (default 50) sign-ins from fresh contexts.
// 2. Idle CPU: the same signed-in page with and without the widget's script, 60 s each (BENCH_IDLE_SECONDS),
//    nobody touching it; main-thread task time from the DevTools protocol (Performance.getMetrics,
//    TaskDuration), as a share of wall time.
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright';
import { chromiumLaunchOptions } from '../scripts/chromium.mjs';
import { repoRoot } from '../scripts/server.mjs';
import { openFilledSignIn, signIn } from '../scripts/sign-in.mjs';

const SIGN_INS = Number(process.env.BENCH_PAINT_SIGN_INS ?? 50);
const IDLE_SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 60);
const signalrBrowserBundle = readFileSync(`${repoRoot}/node_modules/@microsoft/signalr/dist/browser/signalr.min.js`, 'utf8');

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
};

/** Runs both measurements against a started demo server; returns the figures. */
export async function measurePaintAndIdle(serverUrl) {
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    return { pushToPaintedMs: await pushToPainted(browser, serverUrl), idleCpu: await idleCpu(browser, serverUrl) };
  } finally {
    await browser.close();
  }
}

async function pushToPainted(browser, serverUrl) {
  const context = await browser.newContext();
  // The bare client comes from the page's own origin, like the widget (the pages' CSP allows only 'self').
  await context.route('**/bench/signalr.min.js', (route) => route.fulfill({ contentType: 'text/javascript', body: signalrBrowserBundle }));
  const watcher = await signIn(context, serverUrl);
  await watcher.addScriptTag({ url: '/bench/signalr.min.js' });
  await watcher.evaluate(async () => {
    window.__bare = [];
    window.__painted = [];
    const bare = new window.signalR.HubConnectionBuilder().withUrl('/hubs/session').build();
    const wallNow = () => performance.timeOrigin + performance.now();
    bare.on('sessionRegistered', () => window.__bare.push(wallNow()));
    await bare.start();
    const widget = document.querySelector('session-awareness');
    let shown = 0;
    new MutationObserver(() => {
      const count = widget.shadowRoot.querySelectorAll('[part~="notice"]').length;
      if (count > shown) {
        // The frame after the DOM change is the one that paints it.
        requestAnimationFrame(() => window.__painted.push(wallNow()));
      }
      shown = count;
    }).observe(widget.shadowRoot, { childList: true, subtree: true });
  });

  const bareMs = [];
  const paintedMs = [];
  const costs = [];
  for (let i = 0; i < SIGN_INS; i++) {
    const other = await browser.newContext({ userAgent: `Mozilla/5.0 (X11; Linux x86_64) Bench/${i}` });
    const page = await openFilledSignIn(other, serverUrl);
    const clickedAt = Date.now();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await watcher.waitForFunction((n) => window.__bare.length > n && window.__painted.length > n, i, { timeout: 15_000 });
    const [bareAt, paintedAt] = await watcher.evaluate((n) => [window.__bare[n], window.__painted[n]], i);
    bareMs.push(bareAt - clickedAt);
    paintedMs.push(paintedAt - clickedAt);
    costs.push(paintedAt - bareAt);
    // Dismiss, so that the next notice is a fresh one in the DOM.
    await watcher.locator('session-awareness [part="dismiss-button"]').first().click();
    await watcher.waitForFunction(
      () => document.querySelector('session-awareness').shadowRoot.querySelectorAll('[part~="notice"]').length === 0,
    );
    await other.close();
  }
  await context.close();
  const summary = (values) => ({ p50: percentile(values, 50), p95: percentile(values, 95), max: Math.max(...values) });
  return { samples: costs.length, bareReceived: summary(bareMs), widgetPainted: summary(paintedMs), paintedMinusBare: summary(costs) };
}

async function idleCpu(browser, serverUrl) {
  const share = async (withWidget) => {
    const context = await browser.newContext();
    const page = await signIn(context, serverUrl);
    if (!withWidget) {
      // The same page, without the widget's script tag.
      await page.route(`${serverUrl}/`, async (route) => {
        const response = await route.fetch();
        const body = (await response.text()).replace(/<script src="\/widget\/session-awareness\.min\.js"[^>]*><\/script>/, '');
        await route.fulfill({ response, body });
      });
      await page.goto(`${serverUrl}/`);
    }
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const taskSeconds = async () =>
      (await cdp.send('Performance.getMetrics')).metrics.find((metric) => metric.name === 'TaskDuration').value;
    await page.waitForTimeout(2_000); // let loading settle
    const before = await taskSeconds();
    const startedAt = Date.now();
    await page.waitForTimeout(IDLE_SECONDS * 1000);
    const wall = (Date.now() - startedAt) / 1000;
    const busy = (await taskSeconds()) - before;
    const widgets = await page.locator('session-awareness').count();
    await context.close();
    return { widgets, busyMs: busy * 1000, wallSeconds: wall, share: busy / wall };
  };
  return { without: await share(false), with: await share(true) };
}
