import type { Clock, TimerHandle } from '../../../internal/clock.js';
import { SessionAutosaveEvent, type AutosaveReason } from '../../../events.js';

/** What one autosave needs. */
export interface AutosaveOptions {
  reason: AutosaveReason;
  /** Saves the built-in drafts; resolves to whether they kept changes the user made. */
  saveDrafts: () => Promise<boolean>;
  /** POSTs the drafted forms, when the session still lives to accept them (expiry only). */
  postDrafts?: (() => Promise<void>) | undefined;
  /** Fires `session-autosave` for the page's own saving. */
  target: EventTarget;
  /** Most seconds to wait for all of it (`autosave-timeout`; 5 when not a sane number). */
  timeoutSeconds: number;
  clock: Clock;
}

/**
 * Fires `session-autosave`, saves the built-in drafts (and POSTs them while the session lives), and waits for
 * all of it, at most `timeoutSeconds`: a page's slow or hung save must not keep a dead session's page open.
 * Resolves to whether the built-in drafts kept changes the user made (told on the sign-in page).
 */
export async function autosave({ reason, saveDrafts, postDrafts, target, timeoutSeconds, clock }: AutosaveOptions): Promise<boolean> {
  let draftsKept = false;
  const work: Array<PromiseLike<unknown>> = [saveDrafts().then((kept) => (draftsKept = kept))];
  if (postDrafts) work.push(postDrafts());
  target.dispatchEvent(new SessionAutosaveEvent(reason, (promise) => work.push(promise)));
  const seconds = Number.isFinite(timeoutSeconds) && timeoutSeconds >= 0 ? timeoutSeconds : 5;
  let timer: TimerHandle | undefined;
  await Promise.race([Promise.allSettled(work), new Promise<void>((resolve) => (timer = clock.setTimeout(resolve, seconds * 1000)))]);
  if (timer !== undefined) clock.clearTimeout(timer);
  return draftsKept;
}
