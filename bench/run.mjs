// npm run bench: bundle sizes, and the time from a sign-in to the notice being visible in
// the other browser, over 20 sign-ins against the real demo server and real Chromium.
import { readFileSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { execFileSync, execSync } from 'node:child_process';
import { chromium } from 'playwright';
import { chromiumLaunchOptions } from '../scripts/chromium.mjs';
import { repoRoot, startServer } from '../scripts/server.mjs';
import { openFilledSignIn, signIn, waitConnected } from '../scripts/sign-in.mjs';
import { measurePaintAndIdle } from './paint-and-idle.mjs';
import { formatSizes, measureSizes } from './sizes.mjs';

const SIGN_INS = Number(process.env.BENCH_SIGN_INS ?? 20);

if (!existsSync(`${repoRoot}/dist/session-awareness.min.js`)) execSync('npm run --silent build', { cwd: repoRoot, stdio: 'inherit' });
execSync('npm run --silent build:server', { cwd: repoRoot, stdio: 'inherit' });

const size = (file) => {
  const bytes = readFileSync(`${repoRoot}/${file}`);
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
};
const sizes = {
  dropIn: size('dist/session-awareness.min.js'),
  signedOut: size('dist/session-signed-out-reason.min.js'),
  esm: size('dist/session-awareness.js'),
};
// The budgets are enforced by test/e2e/bundle.spec.ts; here they are only printed beside the figures.
console.log(
  `drop-in dist/session-awareness.min.js: ${sizes.dropIn.raw} B raw, ${sizes.dropIn.gzip} B gzip (budget ${30_491 + 16 * 1024}: the floor + 16 KiB; its chunks in dist/drop-in/ are measured below)`,
);
console.log(
  `sign-in dist/session-signed-out-reason.min.js: ${sizes.signedOut.raw} B raw, ${sizes.signedOut.gzip} B gzip (budget ${8 * 1024})`,
);
console.log(`ESM     dist/session-awareness.js:     ${sizes.esm.raw} B raw, ${sizes.esm.gzip} B gzip (dependencies external)`);
// Against the dependency floor: Lit, SignalR (and DOMPurify) alone, built the same way.
for (const line of formatSizes(await measureSizes())) console.log(line);

const server = await startServer({ port: Number(process.env.BENCH_PORT ?? 5191) });
const browser = await chromium.launch(chromiumLaunchOptions());
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

try {
  const watcherContext = await browser.newContext();
  const watcher = await signIn(watcherContext, server.url);
  // The watching page is "Your sessions": the notice and the list's new row arrive over its one connection.
  await watcher.goto(`${server.url}/sessions`);
  await watcher.locator('session-list [part~="session"]').first().waitFor();
  // Record, in the watching page, the wall-clock moment each notice, and each new row of the list, appears.
  await watcher.evaluate(() => {
    const widget = document.querySelector('session-awareness');
    const list = document.querySelector('session-list');
    window.__noticeTimes = [];
    window.__rowTimes = [];
    new MutationObserver(() => {
      const count = widget.shadowRoot.querySelectorAll('[part~="notice"]').length;
      if (count > 0 && window.__noticeTimes.length < window.__expected)
        window.__noticeTimes.push(performance.timeOrigin + performance.now());
    }).observe(widget.shadowRoot, { childList: true, subtree: true });
    new MutationObserver(() => {
      const rows = list.shadowRoot.querySelectorAll('[part~="session"]').length;
      if (rows - 1 > window.__rowTimes.length && window.__rowTimes.length < window.__expected)
        window.__rowTimes.push(performance.timeOrigin + performance.now());
    }).observe(list.shadowRoot, { childList: true, subtree: true });
  });

  const latencies = [];
  const rowLatencies = [];
  for (let i = 0; i < SIGN_INS; i++) {
    await watcher.evaluate((n) => (window.__expected = n), i + 1);
    const context = await browser.newContext();
    const page = await openFilledSignIn(context, server.url);
    const clickedAt = Date.now();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await watcher.waitForFunction((n) => window.__noticeTimes.length >= n, i + 1);
    const shownAt = await watcher.evaluate((n) => window.__noticeTimes[n], i);
    latencies.push(shownAt - clickedAt);
    await watcher.waitForFunction((n) => window.__rowTimes.length >= n, i + 1);
    rowLatencies.push((await watcher.evaluate((n) => window.__rowTimes[n], i)) - clickedAt);
    // Clear the notice so the next one is a fresh appearance.
    await watcher.locator('session-awareness [part~="notice"]').getByRole('button', { name: 'Dismiss' }).click();
    await watcher.waitForFunction(
      () => document.querySelector('session-awareness').shadowRoot.querySelectorAll('[part~="notice"]').length === 0,
    );
    await context.close();
  }
  const sorted = [...latencies].sort((a, b) => a - b);
  console.log(
    `sign-in → notice visible in the other browser, ${SIGN_INS} sign-ins: median ${median(latencies).toFixed(1)} ms, min ${sorted[0].toFixed(1)} ms, max ${sorted.at(-1).toFixed(1)} ms`,
  );
  const rowsSorted = [...rowLatencies].sort((a, b) => a - b);
  console.log(
    `sign-in → new row in the other browser's session list, same sign-ins: median ${median(rowLatencies).toFixed(1)} ms, min ${rowsSorted[0].toFixed(1)} ms, max ${rowsSorted.at(-1).toFixed(1)} ms`,
  );
  console.log(
    JSON.stringify({
      sizes,
      signInToNoticeMs: { median: median(latencies), min: sorted[0], max: sorted.at(-1), samples: latencies.map((v) => Math.round(v)) },
      signInToListRowMs: { median: median(rowLatencies), min: rowsSorted[0], max: rowsSorted.at(-1) },
    }),
  );

  // Issue 9: push to painted against a bare SignalR client in the same page, and idle CPU with and without.
  const { pushToPaintedMs: paint, idleCpu } = await measurePaintAndIdle(server.url);
  const ms = (value) => `${value.toFixed(1)} ms`;
  console.log(
    `push → bare @microsoft/signalr client received, ${paint.samples} sign-ins: p50 ${ms(paint.bareReceived.p50)}, p95 ${ms(paint.bareReceived.p95)}`,
  );
  console.log(`push → widget notice painted, same sign-ins:        p50 ${ms(paint.widgetPainted.p50)}, p95 ${ms(paint.widgetPainted.p95)}`);
  console.log(
    `painted − bare received, per sign-in:               p50 ${ms(paint.paintedMinusBare.p50)}, p95 ${ms(paint.paintedMinusBare.p95)}, max ${ms(paint.paintedMinusBare.max)}`,
  );
  const percent = (share) => `${(share * 100).toFixed(3)} %`;
  console.log(
    `idle main-thread CPU over ${idleCpu.with.wallSeconds.toFixed(0)} s: without the widget ${percent(idleCpu.without.share)} (${idleCpu.without.busyMs.toFixed(1)} ms), with it ${percent(idleCpu.with.share)} (${idleCpu.with.busyMs.toFixed(1)} ms)`,
  );
  console.log(JSON.stringify({ pushToPaintedMs: paint, idleCpu }));
} finally {
  await browser.close();
  await server.stop();
}

// --- Session expiry (issue 3), against a short-session server: idle 40 s, warn 20 s, keep-alive 5 s.
const shortServer = await startServer({
  port: Number(process.env.BENCH_SHORT_PORT ?? 5193),
  env: { SESSION_IDLE_SECONDS: '40', WARN_BEFORE_SECONDS: '20', KEEPALIVE_INTERVAL_SECONDS: '5' },
});
const expiryBrowser = await chromium.launch(chromiumLaunchOptions());
try {
  const signInContext = async () => {
    const context = await expiryBrowser.newContext();
    return { context, page: await signIn(context, shortServer.url) };
  };

  // Keep-alive requests per minute with 1, 3 and 6 active tabs (every tab typing each second).
  const WINDOW_MS = Number(process.env.BENCH_KEEPALIVE_WINDOW_MS ?? 30_000);
  const perMinute = {};
  for (const tabs of [1, 3, 6]) {
    const { context, page } = await signInContext();
    const pages = [page];
    for (let i = 1; i < tabs; i++) {
      const extra = await context.newPage();
      await extra.goto(`${shortServer.url}/`);
      await waitConnected(extra);
      pages.push(extra);
    }
    let count = 0;
    context.on('request', (request) => {
      if (request.url().endsWith('/session/keepalive')) count++;
    });
    const started = Date.now();
    while (Date.now() - started < WINDOW_MS) {
      for (const tab of pages) await tab.keyboard.press('Shift');
      await pages[0].waitForTimeout(1000);
    }
    perMinute[tabs] = (count * 60_000) / (Date.now() - started);
    await context.close();
  }
  console.log(
    `keep-alive requests per minute (interval 5 s, all tabs active): ${Object.entries(perMinute)
      .map(([tabs, rate]) => `${tabs} tab(s): ${rate.toFixed(1)}`)
      .join(', ')}`,
  );

  // Warning accuracy, 5 real runs in parallel: when the dialog opens vs the server's deadline − 20 s.
  const runs = await Promise.all(
    Array.from({ length: 5 }, async () => {
      const { context, page } = await signInContext();
      await page.evaluate(() => {
        const dialog = document.querySelector('session-awareness').shadowRoot.querySelector('dialog');
        new MutationObserver(() => {
          if (dialog.open && window.__warningAt === undefined) window.__warningAt = performance.timeOrigin + performance.now();
        }).observe(dialog, { attributes: true });
      });
      const status = await (await context.request.get(`${shortServer.url}/session/status`)).json();
      await page.waitForFunction(() => window.__warningAt !== undefined, null, { timeout: 40_000 });
      const shownAt = await page.evaluate(() => window.__warningAt);
      await context.close();
      return shownAt - (Date.parse(status.expiresAt) - 20_000);
    }),
  );
  console.log(
    `warning accuracy, 5 real runs (ms late vs server deadline − warn-before): ${runs.map((ms) => ms.toFixed(0)).join(', ')}; median ${median(runs).toFixed(0)} ms`,
  );
} finally {
  await expiryBrowser.close();
  await shortServer.stop();
}

// 20 runs with the injected clock, in Vitest browser mode.
execSync('npx vitest run --config bench/vitest.config.ts --reporter=dot', { cwd: repoRoot, stdio: 'inherit' });

// --- Server benchmarks (bench/SessionAwareness.Bench, .NET): hub fan-out to 1,000 connections under sign-in
// load (one instance; two over Redis), cross-instance kill latency, the session stores at 1k and 100k
// sessions, and the cost per hub connection against a bare SignalR hub (bench/SessionAwareness.Bench.BareHub,
// built with the bench). It starts and stops its own demo servers (the dll built above), bare hubs and
// redis-servers, prints tables and writes bench/results/server.json. `--quick` (npm run bench -- --quick) or BENCH_QUICK=1: short runs.
{
  const serverBenchArgs = [];
  if (process.argv.includes('--quick')) serverBenchArgs.push('--quick');
  execSync('dotnet build bench/SessionAwareness.Bench -c Release -nologo -v quiet', { cwd: repoRoot, stdio: 'inherit' });
  execFileSync('dotnet', ['bench/SessionAwareness.Bench/bin/Release/net10.0/SessionAwareness.Bench.dll', ...serverBenchArgs], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
}
