/**
 * Opaque handle of a timer started through a {@link Clock}: a number in browsers, an object in Node, a number, string
 * or object of an injected clock's choosing. Never `undefined`, so that `TimerHandle | undefined` can mean "no timer".
 */
export type TimerHandle = number | string | object;

/**
 * A source of time and timers. The element takes one as a property so that tests drive
 * time by hand instead of sleeping, and so no code reaches for globals it cannot fake.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch, like `Date.now()`. */
  now: () => number;
  /** Runs `callback` once after `delayMs` milliseconds. */
  setTimeout: (callback: () => void, delayMs: number) => TimerHandle;
  /** Cancels a timer; unknown or fired handles are ignored. */
  clearTimeout: (handle: TimerHandle) => void;
}

/** The real clock of the page. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, delayMs) => globalThis.setTimeout(callback, delayMs),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};
