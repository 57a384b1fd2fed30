import type { Clock } from './clock.js';
import { NavigationLoopGuard, safeRedirectUrl, type EndAction, type PageLocation } from './navigation.js';
import { recordSignOut, type SignOutRecord } from './sign-out-record.js';
import type { PageGlobals } from './page-globals.js';

/** Everything leaving the page needs. */
export interface LeavePageOptions {
  /** `reload`, `redirect` or `none`. */
  action: EndAction;
  /** Where `redirect` goes (checked: http/https only, else a reload). */
  url: string | null;
  location: PageLocation;
  clock: Clock;
  /** The tab's sessionStorage (undefined when blocked): the loop guard and the sign-out record live there. */
  storage: Storage | undefined;
  /** Why, for the sign-in page this tab lands on (`<session-signed-out-reason>`), when known. */
  why?: Omit<SignOutRecord, 'at'> | undefined;
  /** When this page's navigation began (`performance.timeOrigin`): tells the loop guard whether the widget loaded it. */
  pageStartedAt: number | undefined;
  /** Where `pagehide` is heard (the window); undefined outside a browser. */
  events?: EventTarget | undefined;
}

/**
 * Reloads or redirects, recording why just before, unless this page is itself the result of such a navigation
 * less than 30 s ago (a server that keeps ending every session must not make the page loop). Returns false when
 * the page stays (action `none`, or the guard).
 */
export function leavePage({
  action,
  url,
  location,
  clock,
  storage,
  why,
  pageStartedAt,
  events = (globalThis as PageGlobals).window,
}: LeavePageOptions): boolean {
  const guard = new NavigationLoopGuard(storage, clock, pageStartedAt);
  if (action === 'none' || !guard.mayNavigate()) return false;
  const at = guard.record();
  // The moment this page goes away bounds which later page load was this navigation's (see NavigationLoopGuard).
  events?.addEventListener('pagehide', () => guard.recordLeft(at), { once: true });
  if (why) recordSignOut(storage, { ...why, at: clock.now() });
  const target = action === 'redirect' ? safeRedirectUrl(url, location.href) : undefined;
  if (target) location.assign(target);
  else location.reload();
  return true;
}
