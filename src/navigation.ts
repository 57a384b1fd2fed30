import type { Clock } from './clock.js';

/** What the widget does when the session has ended or expired. */
export type EndAction = 'reload' | 'redirect' | 'none';

/** The part of `window.location` the widget uses; injectable for tests and frameworks. */
export interface PageLocation {
  /** The page's URL, to resolve relative redirect targets. */
  readonly href: string;
  /** Reloads the page. */
  reload(): void;
  /** Navigates to a URL. */
  assign(url: string): void;
}

/** Reads an action attribute; anything unknown falls back to `reload`. */
export function parseEndAction(value: string | null | undefined): EndAction {
  return value === 'redirect' || value === 'none' ? value : 'reload';
}

/**
 * Resolves a redirect target against the page and accepts only http(s): an attribute set
 * from a server template must not turn into a `javascript:` navigation.
 */
export function safeRedirectUrl(url: string | null | undefined, base: string): string | undefined {
  if (!url) return undefined;
  try {
    const resolved = new URL(url, base);
    return resolved.protocol === 'http:' || resolved.protocol === 'https:' ? resolved.href : undefined;
  } catch {
    return undefined;
  }
}

const GUARD_KEY = 'session-awareness:navigated-at';

/**
 * Stops reload loops: if the widget navigated away for an ended session a moment ago and
 * the new page ends again at once (a public page, a misconfigured server), it shows a
 * message instead of navigating again. Uses sessionStorage, so it is per tab.
 */
export class NavigationLoopGuard {
  constructor(
    private readonly storage: Pick<Storage, 'getItem' | 'setItem'> | undefined,
    private readonly clock: Clock,
    private readonly windowMs = 30_000,
  ) {}

  /** True when no widget-driven navigation happened in this tab within the window. */
  mayNavigate(): boolean {
    try {
      const last = Number(this.storage?.getItem(GUARD_KEY));
      return !(Number.isFinite(last) && last > 0 && this.clock.now() - last < this.windowMs);
    } catch {
      return true; // storage blocked (sandboxed frame): allow, as without a guard
    }
  }

  /** Notes that the widget is about to navigate. */
  record(): void {
    try {
      this.storage?.setItem(GUARD_KEY, String(this.clock.now()));
    } catch {
      // storage blocked or full: nothing to remember with
    }
  }
}
