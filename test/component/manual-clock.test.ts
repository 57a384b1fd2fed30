import { describe, expect, it } from 'vitest';
import { MAX_FIRINGS_PER_ADVANCE, ManualClock } from './support/manual-clock.js';

describe('ManualClock', () => {
  it('fails advance() with a clear message when a timer keeps re-arming itself at 0 ms', () => {
    const clock = new ManualClock();
    let firings = 0;
    const rearm = (): void => {
      firings++;
      clock.setTimeout(rearm, 0);
    };
    clock.setTimeout(rearm, 0);
    expect(() => clock.advance(1000)).toThrow(/more than 10000 timers fired; a timer keeps re-arming itself/);
    expect(firings).toBe(MAX_FIRINGS_PER_ADVANCE);
  });

  it('still fires many ordinary timers in one advance, in order', () => {
    const clock = new ManualClock();
    const fired: number[] = [];
    for (let i = 0; i < 500; i++) clock.setTimeout(() => fired.push(i), 500 - i);
    clock.advance(1000);
    expect(fired).toHaveLength(500);
    expect(fired[0]).toBe(499);
    expect(clock.pendingTimers).toBe(0);
  });
});
