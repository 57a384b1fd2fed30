/**
 * Pure expiry arithmetic: where a deadline stands, when the next moment that matters is,
 * what to announce. No timers and no DOM here, so every rule is testable as a function.
 */

/** WCAG 2.2.1 (Timing Adjustable): the user gets at least 20 s to ask for more time. */
export const MIN_WARNING_MS = 20_000;
/** Built-in drafts are POSTed this long before the deadline, while the session still lives. */
export const AUTOSAVE_LEAD_MS = 5_000;
/** A timer that fires this much later than asked means the clock jumped (sleep, frozen tab). */
export const CLOCK_JUMP_MS = 3_000;

/** Where the session stands at a moment. */
export type ExpiryPhase = 'unknown' | 'alive' | 'warning' | 'expired';

// toLocalDeadline is in local-deadline.ts: the element reads a pushed deadline before this module's chunk is here.
export { toLocalDeadline } from './local-deadline.js';

/** The warning lead in ms from the `warn-before` seconds: default 120, never under 20 s. */
export function warningLeadMs(warnBeforeSeconds: number): number {
  const seconds = Number.isFinite(warnBeforeSeconds) && warnBeforeSeconds > 0 ? warnBeforeSeconds : 120;
  return Math.max(MIN_WARNING_MS, seconds * 1000);
}

/** The phase at `now` for a local deadline. */
export function phaseAt(deadline: number | undefined, now: number, leadMs: number): ExpiryPhase {
  if (deadline === undefined) return 'unknown';
  if (now >= deadline) return 'expired';
  return now >= deadline - leadMs ? 'warning' : 'alive';
}

/** Whole seconds left, rounded up so "0" appears only at the deadline. */
export function secondsLeft(deadline: number, now: number): number {
  return Math.max(0, Math.ceil((deadline - now) / 1000));
}

/** "4:05" for 245 s, "0:09" for 9 s: the visible countdown. */
export function formatCountdown(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  return `${minutes}:${String(seconds % 60).padStart(2, '0')}`;
}

/**
 * Screen-reader announcements are throttled to marks: each whole minute, then 30 s and
 * 10 s. The first call (the warning opens) announces; after that a call announces only
 * when a mark below the last one is reached. Returns the mark to remember, or undefined
 * for silence. A tick skipped by a slow tab announces once, never twice.
 */
export function announcementMark(seconds: number, lastMark: number | undefined): number | undefined {
  if (lastMark === undefined) return seconds;
  const mark = seconds <= 10 ? 10 : seconds <= 30 ? 30 : Math.ceil(seconds / 60) * 60;
  return mark < lastMark ? mark : undefined;
}

/**
 * The next moment the expiry logic must wake up, in local ms, or undefined if none: the
 * warning's start (now, if it is due and not yet decided), each countdown step while it
 * shows, the autosave lead, the deadline, and the keep-alive that activity has made due.
 * One timer for all of them.
 */
export function nextWakeUp(input: {
  now: number;
  deadline: number | undefined;
  leadMs: number;
  warningShown: boolean;
  warningPending: boolean;
  keepaliveDueAt: number | undefined;
}): number | undefined {
  const { now, deadline, leadMs, warningShown, warningPending, keepaliveDueAt } = input;
  const moments: number[] = [];
  if (keepaliveDueAt !== undefined) moments.push(keepaliveDueAt);
  if (deadline !== undefined) {
    // While the warning is up, wake when the countdown's number changes.
    if (warningShown) moments.push(now + ((deadline - now) % 1000 || 1000));
    else if (warningPending) moments.push(deadline - leadMs);
    if (now < deadline - AUTOSAVE_LEAD_MS) moments.push(deadline - AUTOSAVE_LEAD_MS);
    moments.push(deadline);
  }
  return moments.length ? Math.max(now, Math.min(...moments)) : undefined;
}
