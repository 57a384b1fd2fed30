import type { Clock } from '../clock.js';
import { NavigationLoopGuard, safeRedirectUrl, type EndAction, type PageLocation } from '../navigation.js';
import { recordSignOut, type SignOutRecord } from '../signed-out/sign-out-record.js';

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
}

/**
 * Reloads or redirects, at most once per 30 s per tab (a server that keeps ending every session must not make
 * the page loop), recording why just before. Returns false when the page stays (action `none`, or the guard).
 */
export function leavePage({ action, url, location, clock, storage, why }: LeavePageOptions): boolean {
  const guard = new NavigationLoopGuard(storage, clock);
  if (action === 'none' || !guard.mayNavigate()) return false;
  guard.record();
  if (why) recordSignOut(storage, { ...why, at: clock.now() });
  const target = action === 'redirect' ? safeRedirectUrl(url, location.href) : undefined;
  if (target) location.assign(target);
  else location.reload();
  return true;
}

/** The tab's sessionStorage, or undefined where the browser blocks it. */
export function sessionStorageOrUndefined(): Storage | undefined {
  try {
    return globalThis.sessionStorage;
  } catch {
    return undefined; // blocked by the browser's storage settings
  }
}
