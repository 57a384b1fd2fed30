import { expect, it } from 'vitest';
import { FakeHub } from '../test/component/support/fake-hub.js';
import { FakeSessionServer, MemoryDraftStore } from '../test/component/support/fake-server.js';
import { mount, unmountAll } from '../test/component/support/fixture.js';

// 20 runs with the injected clock: random clock skew, idle timeout and warn-before; how far
// from (server deadline − warn-before) does the warning open, and how many timers run before it?
it('warning accuracy with the injected clock over 20 runs', async () => {
  const errors: number[] = [];
  const timers: number[] = [];
  let seed = 42;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let run = 0; run < 20; run++) {
    const skewMs = Math.round((random() - 0.5) * 20 * 60_000);
    const idleMs = Math.round(5 * 60_000 + random() * 25 * 60_000);
    const warnBefore = Math.round(20 + random() * 200);
    let server!: FakeSessionServer;
    const f = await mount(
      { 'keepalive-url': '/session/keepalive', 'status-url': '/session/status', 'warn-before': String(warnBefore) },
      new FakeHub(),
      (element, clock) => {
        server = new FakeSessionServer(clock, idleMs, skewMs);
        element.fetcher = server.fetch;
        element.draftStore = new MemoryDraftStore();
      },
    );
    await f.settle();
    timers.push(f.clock.pendingTimers);
    const dialog = f.root.querySelector('dialog')!;
    while (!dialog.open) {
      const [next] = f.clock.pendingDelays();
      f.clock.advance(next);
      await f.settle();
    }
    errors.push(f.clock.now() - (server.localDeadline() - warnBefore * 1000));
    unmountAll();
  }
  console.log(
    `BENCH ${JSON.stringify({ warningErrorMs: errors, maxAbsErrorMs: Math.max(...errors.map(Math.abs)), timersWhileNoWarning: Math.max(...timers) })}`,
  );
  expect(Math.max(...errors.map(Math.abs))).toBeLessThan(1000);
});
