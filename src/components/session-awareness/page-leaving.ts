import type { Clock } from '../../internal/clock.js';
import type { PageGlobals } from '../../internal/page-globals.js';

/**
 * After a sign-out (an end without a reason code), how long the widget waits before it navigates: the app's own
 * navigation may not have started yet (a script that signs out with `fetch` and navigates when the answer
 * comes, while the hub's message arrived first). If the page starts leaving meanwhile, the app's wins.
 */
export const SIGN_OUT_GRACE_MS = 1000;

/** A signal older than this (10 s) no longer counts: the page it announced leaving is still here. */
export const LEAVING_SIGNAL_MS = 10_000;

// The Navigation API's `navigate` event, as far as it is read here (not in every TypeScript DOM library yet).
interface NavigateEventLike extends Event {
  readonly destination?: { readonly sameDocument?: boolean };
  readonly downloadRequest?: string | null;
}

interface Signal {
  event: Event;
  at: number;
}

/**
 * Whether this tab has started leaving the page by itself: a form submitted, a link followed, any cross-document
 * navigation the Navigation API reports (where present), or `pagehide`. The app's own sign-out is such a
 * navigation: while it is under way the widget must not start one of its own, which would abort it.
 *
 * Signals are kept as events and read when asked: a handler that runs after these listeners may still cancel
 * the submission or the click (`preventDefault`, e.g. a script that submits with `fetch`), and then the page
 * does not leave.
 */
export class PageLeaving {
  readonly #clock: () => Clock;
  readonly #window: EventTarget | null;
  readonly #navigation: EventTarget | null;
  #signals: Signal[] = [];
  #hidden = false;
  #listening = false;

  constructor(
    clock: () => Clock,
    window: EventTarget | null = (globalThis as PageGlobals).window ?? null,
    navigation: EventTarget | null = (globalThis as { navigation?: EventTarget }).navigation ?? null,
  ) {
    this.#clock = clock;
    this.#window = window;
    this.#navigation = navigation;
  }

  /** True while a signal of the last 10 s still holds, or after `pagehide`. */
  get isLeaving(): boolean {
    if (this.#hidden) return true;
    const now = this.#clock().now();
    return this.#signals.some(({ event, at }) => !event.defaultPrevented && now - at < LEAVING_SIGNAL_MS);
  }

  /** True after `pagehide` (and before a `pageshow` from the back/forward cache). */
  get hasLeft(): boolean {
    return this.#hidden;
  }

  // [target, type, handler]: submit on window in the bubbling phase, so the page's own handlers on the form or
  // link have run (and may have cancelled); links only without the Navigation API, whose `navigate` covers them;
  // an intercepted (same-document) navigation that finished, or one that failed, means the page stays.
  #listeners(): Array<[EventTarget | null, string, (event: Event) => void]> {
    return [
      [this.#window, 'submit', this.#handleSubmit],
      [this.#navigation ? null : this.#window, 'click', this.#handleClick],
      [this.#navigation, 'navigate', this.#handleNavigate],
      [this.#navigation, 'navigatesuccess', this.#forget],
      [this.#navigation, 'navigateerror', this.#forget],
      [this.#window, 'pagehide', this.#handlePageHide],
      [this.#window, 'pageshow', this.#handlePageShow],
    ];
  }

  /** Starts listening. */
  start(): void {
    if (this.#listening) return;
    this.#listening = true;
    for (const [target, type, handler] of this.#listeners()) target?.addEventListener(type, handler);
  }

  /** Stops listening. */
  stop(): void {
    this.#listening = false;
    for (const [target, type, handler] of this.#listeners()) target?.removeEventListener(type, handler);
  }

  #note(event: Event): void {
    const at = this.#clock().now();
    this.#signals = [...this.#signals.filter((signal) => at - signal.at < LEAVING_SIGNAL_MS), { event, at }];
  }

  readonly #handleSubmit = (event: Event): void => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    const submitter = (event as SubmitEvent).submitter;
    const method = (submitter?.getAttribute('formmethod') ?? form.method).toLowerCase();
    if (method === 'dialog' || !sameTab(submitter?.getAttribute('formtarget') ?? form.target)) return;
    this.#note(event);
  };

  // Only without the Navigation API, whose `navigate` event covers links (and everything else).
  readonly #handleClick = (event: Event): void => {
    const click = event as MouseEvent;
    if (click.button !== 0 || click.metaKey || click.ctrlKey || click.shiftKey || click.altKey) return;
    const link = click
      .composedPath()
      .find((node): node is HTMLAnchorElement | HTMLAreaElement => node instanceof HTMLAnchorElement || node instanceof HTMLAreaElement);
    if (!link?.href || link.hasAttribute('download') || !sameTab(link.target)) return;
    const here = new URL(location.href);
    const there = new URL(link.href, here);
    // A link to a fragment of this very page scrolls; it does not leave.
    if (there.hash && there.href.replace(/#.*$/, '') === here.href.replace(/#.*$/, '')) return;
    this.#note(event);
  };

  readonly #handleNavigate = (event: Event): void => {
    const navigate = event as NavigateEventLike;
    if (navigate.destination?.sameDocument !== false || (navigate.downloadRequest ?? null) !== null) return;
    this.#note(event);
  };

  readonly #forget = (): void => {
    this.#signals = [];
  };

  readonly #handlePageHide = (): void => {
    this.#hidden = true;
  };

  readonly #handlePageShow = (event: Event): void => {
    // Back from the back/forward cache: the page is here again, and whatever it was leaving for is over.
    if ((event as PageTransitionEvent).persisted) {
      this.#hidden = false;
      this.#signals = [];
    }
  };
}

// Only a navigation of this tab's own page is leaving; `_blank` or a named window opens elsewhere.
function sameTab(target: string | null | undefined): boolean {
  const name = (target ?? '').toLowerCase();
  return name === '' || name === '_self' || name === '_top' || name === '_parent';
}
