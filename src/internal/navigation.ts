import type { Clock } from './clock.js';

/** What the widget does when the session has ended or expired. */
export type EndAction = 'reload' | 'redirect' | 'none';

/** The part of `window.location` the widget uses; injectable for tests and frameworks. */
export interface PageLocation {
  /** The page's URL, to resolve relative redirect targets. */
  readonly href: string;
  /** Reloads the page. */
  reload: () => void;
  /** Navigates to a URL. */
  assign: (url: string) => void;
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
// Clock readings of two documents of one tab (Date.now() here, performance.timeOrigin there) differ by a few ms.
const CLOCK_SLACK_MS = 50;
// Without the moment the page went away (pagehide not recorded), the navigation is taken to have lasted this long.
const UNKNOWN_LEAVE_MS = 1000;

interface GuardRecord {
  /** When the widget started its navigation (this tab's clock). */
  at: number;
  /** When the page it navigated from went away (pagehide), once known. */
  leftAt?: number;
}

/**
 * Stops reload loops: if the widget navigated away for an ended session a moment ago, and the page that
 * navigation loaded ends again at once (a misconfigured server), it shows a message instead of navigating
 * again. Only that page is held back: a page the user loaded themselves afterwards (signing in again on the
 * sign-in page the widget sent them to) navigates as usual. A page counts as the widget's when its own
 * navigation began between the widget's call and the moment the widget's page went away; a later page load
 * began after it. Uses sessionStorage, so it is per tab.
 */
export class NavigationLoopGuard {
  /**
   * @param pageStartedAt when this page's navigation began, on the clock's scale (`performance.timeOrigin`);
   * undefined when unknown, and then every page within the window is held back, as the widget's.
   */
  readonly #storage: Pick<Storage, 'getItem' | 'setItem'> | undefined;
  readonly #clock: Clock;
  readonly #pageStartedAt: number | undefined;
  readonly #windowMs: number;

  constructor(
    storage: Pick<Storage, 'getItem' | 'setItem'> | undefined,
    clock: Clock,
    pageStartedAt: number | undefined,
    windowMs = 30_000,
  ) {
    this.#storage = storage;
    this.#clock = clock;
    this.#pageStartedAt = pageStartedAt;
    this.#windowMs = windowMs;
  }

  /** True unless this page was loaded by a widget navigation within the window. */
  mayNavigate(): boolean {
    const record = this.#read();
    if (!record || this.#clock.now() - record.at >= this.#windowMs) return true;
    if (this.#pageStartedAt === undefined) return false;
    const leftAt = record.leftAt ?? record.at + UNKNOWN_LEAVE_MS;
    return this.#pageStartedAt < record.at - CLOCK_SLACK_MS || this.#pageStartedAt > leftAt + CLOCK_SLACK_MS;
  }

  /** Notes that the widget is about to navigate; returns the time noted, for {@link recordLeft}. */
  record(): number {
    const at = this.#clock.now();
    this.#write({ at });
    return at;
  }

  /** Notes that the page the widget navigated from (at `at`) is going away now (its `pagehide`). */
  recordLeft(at: number): void {
    if (this.#read()?.at === at) this.#write({ at, leftAt: this.#clock.now() });
  }

  #read(): GuardRecord | undefined {
    try {
      const raw = this.#storage?.getItem(GUARD_KEY);
      if (!raw) return undefined;
      const parsed: unknown = JSON.parse(raw);
      // Any script of the origin may write the key: only finite numbers count.
      if (typeof parsed === 'number') return Number.isFinite(parsed) && parsed > 0 ? { at: parsed } : undefined;
      if (typeof parsed !== 'object' || parsed === null) return undefined;
      const { at, leftAt } = parsed as Record<string, unknown>;
      if (typeof at !== 'number' || !Number.isFinite(at) || at <= 0) return undefined;
      return typeof leftAt === 'number' && Number.isFinite(leftAt) && leftAt >= at ? { at, leftAt } : { at };
    } catch {
      return undefined; // storage blocked (sandboxed frame) or not JSON: allow, as without a guard
    }
  }

  #write(record: GuardRecord): void {
    try {
      this.#storage?.setItem(GUARD_KEY, JSON.stringify(record));
    } catch {
      // storage blocked or full: nothing to remember with
    }
  }
}
