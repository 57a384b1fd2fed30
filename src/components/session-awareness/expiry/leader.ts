import type { PageGlobals } from '../../../internal/page-globals.js';

/**
 * Elects one tab of the origin as the keep-alive leader with the Web Locks API: the tab
 * holding the lock is leader until it closes (the browser releases the lock), then the next
 * waiting tab takes over. Without Web Locks every tab counts as leader and the keep-alive
 * logic dedupes through the shared "keepalive sent" timestamp instead.
 */
export class LeaderElection {
  #abort: AbortController | undefined;
  #releaseLock: (() => void) | undefined;
  /** True while this tab holds the lock. */
  isLeader = false;

  readonly #lockName: () => string;
  readonly #onChange: (isLeader: boolean) => void;
  readonly #locks: LockManager | undefined;

  constructor(
    lockName: () => string,
    onChange: (isLeader: boolean) => void,
    locks: LockManager | undefined = (globalThis as PageGlobals).navigator?.locks,
  ) {
    this.#lockName = lockName;
    this.#onChange = onChange;
    this.#locks = locks;
  }

  /** Joins the election. */
  join(): void {
    if (this.#abort) return;
    if (!this.#locks) {
      this.#setLeader(true);
      return;
    }
    const abort = (this.#abort = new AbortController());
    this.#locks
      .request(this.#lockName(), { signal: abort.signal }, () => {
        if (abort.signal.aborted) return undefined;
        this.#setLeader(true);
        // Hold the lock until leave() resolves this promise.
        return new Promise<void>((resolve) => (this.#releaseLock = resolve));
      })
      .catch(() => undefined); // AbortError when leaving while still waiting
  }

  /** Leaves: releases the lock (or stops waiting for it). */
  leave(): void {
    this.#abort?.abort();
    this.#abort = undefined;
    this.#releaseLock?.();
    this.#releaseLock = undefined;
    this.#setLeader(false);
  }

  #setLeader(isLeader: boolean): void {
    if (this.isLeader === isLeader) return;
    this.isLeader = isLeader;
    this.#onChange(isLeader);
  }
}
