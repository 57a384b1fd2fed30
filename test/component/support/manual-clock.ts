import type { Clock, TimerHandle } from '../../../src/internal/clock.js';

/** Most timers one advance() fires: beyond it a timer keeps re-arming itself (e.g. at 0 ms) and would loop forever. */
export const MAX_FIRINGS_PER_ADVANCE = 10_000;

/** A clock that moves only when a test says so; timers fire in order during advance(). */
export class ManualClock implements Clock {
  private current: number;
  private nextId = 1;
  private readonly timers = new Map<number, { at: number; callback: () => void }>();

  constructor(startMs = Date.UTC(2026, 10, 21, 12, 0, 0)) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    const id = this.nextId++;
    this.timers.set(id, { at: this.current + Math.max(0, delayMs), callback });
    return id;
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers.delete(handle as number);
  }

  /** How many timers are pending. */
  get pendingTimers(): number {
    return this.timers.size;
  }

  /** Delays of the pending timers from now, soonest first. */
  pendingDelays(): number[] {
    return [...this.timers.values()].map((timer) => timer.at - this.current).sort((a, b) => a - b);
  }

  /** Moves time forward by `ms`, firing every timer that falls due, in order. */
  advance(ms: number): void {
    const target = this.current + ms;
    for (let fired = 0; ; fired++) {
      let dueId: number | undefined;
      let dueAt = Infinity;
      for (const [id, timer] of this.timers) {
        if (timer.at <= target && timer.at < dueAt) {
          dueId = id;
          dueAt = timer.at;
        }
      }
      if (dueId === undefined) break;
      // Fail the test, loudly, rather than hang it: a timer that re-arms itself within the window never lets time pass.
      if (fired >= MAX_FIRINGS_PER_ADVANCE) {
        throw new Error(`ManualClock.advance(${ms}): more than ${MAX_FIRINGS_PER_ADVANCE} timers fired; a timer keeps re-arming itself`);
      }
      const timer = this.timers.get(dueId)!;
      this.timers.delete(dueId);
      // A timer overdue after jump() fires "late", at the jumped time, as in a real browser.
      this.current = Math.max(this.current, dueAt);
      timer.callback();
    }
    this.current = target;
  }

  /** Jumps the wall clock without firing timers, like a machine waking from sleep. */
  jump(ms: number): void {
    this.current += ms;
  }
}
