import { adoptStyles, supportsAdoptingStyleSheets, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { SessionAwarenessStrings } from '../../../i18n/session-awareness.js';
import type { Clock, TimerHandle } from '../../../internal/clock.js';
import { LeaderElection } from './leader.js';
import {
  announcementMark,
  AUTOSAVE_LEAD_MS,
  CLOCK_JUMP_MS,
  nextWakeUp,
  phaseAt,
  secondsLeft,
  toLocalDeadline,
  warningLeadMs,
} from './schedule.js';
import { renderWarning, warningStyles } from './warning-view.js';
import { readStatus, sendKeepalive, type DeadlineAnswer, type Fetcher } from '../../../internal/session-http.js';
import type { TabMessage } from '../../../internal/tab-channel.js';
import type { PageGlobals } from '../../../internal/page-globals.js';

/** What the expiry controller reads from its element (getters: read when needed) and tells it. */
export interface ExpiryControllerOptions {
  /** URL that slides the session (POST). */
  keepaliveUrl: () => string | null;
  /** URL that reports the deadline without sliding it (GET). */
  statusUrl: () => string | null;
  /** Seconds before the deadline at which the warning shows. */
  warnBefore: () => number;
  /** Least seconds between two keep-alive requests. */
  keepaliveInterval: () => number;
  /** Time source and timers. */
  clock: () => Clock;
  /** HTTP for keep-alive and status. */
  fetcher: () => Fetcher;
  /** Name of the Web Lock that elects the keep-alive tab. */
  leaderLockName: () => string;
  /** Tells the other tabs. */
  postToTabs: (message: TabMessage) => void;
  /** Asks whether to show the warning (the cancelable `session-expiry-warning`). */
  warningWanted: (deadline: number) => boolean;
  /** The warning was not answered: save drafts while the session still lives. */
  autosaveBeforeExpiry: () => void;
  /** The deadline passed and the server agrees. */
  sessionExpired: () => void;
  /** The server says the session is gone (401) before its deadline. */
  sessionGone: () => void;
  /** The warning's `<dialog>` in the element's shadow root, once rendered. */
  warningDialog: () => HTMLDialogElement | null;
}

/** What the element gives the warning to render: its labels, language, and what its buttons do. */
export interface WarningRender {
  labels: SessionAwarenessStrings;
  lang: string;
  /** Offer Sign out (a `logout-url` is set). */
  canSignOut: boolean;
  onStay: () => void;
  onSignOut: () => void;
}

const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'wheel', 'scroll', 'touchstart', 'focusin'] as const;
// Two readings of one deadline differ by the few ms of their skew correction; a real slide moves it by seconds.
// Treating every few-ms difference as a new deadline made the warning ask the server again and again.
const DEADLINE_TOLERANCE_MS = 1000;
// A tab that left the pre-warning check to another tab does its own after this long without news.
const WARNING_CHECK_FALLBACK_MS = 3000;
// Read when the host connects, never at module load: the package must import in Node (server rendering).
const resyncEvents = (): ReadonlyArray<[EventTarget, string]> => [
  [document, 'visibilitychange'],
  [window, 'pageshow'],
  [window, 'online'],
  [window, 'focus'],
  [document, 'resume'],
];

/**
 * Owns the session deadline of one page: learns it from the server (hub push, status,
 * keep-alive), warns before it, keeps the session alive while the user is active (from the
 * leader tab only), and expires it when nobody answered. One timer at a time, for the next
 * moment that matters; none at all without a deadline.
 */
export class ExpiryController implements ReactiveController {
  /** The session's deadline on this page's clock, if known. */
  deadline: number | undefined;
  /** Whether the warning is up. */
  warningShown = false;
  /** Text for screen readers, changed only at announcement marks. */
  announcedSeconds: number | undefined;
  /** Set when Stay signed in could not reach the server. */
  extendFailed = false;

  #timer: TimerHandle | undefined;
  #expectedWakeAt = 0;
  #lastActivityAt = 0;
  #lastKeepaliveAt = 0;
  #lastMark: number | undefined;
  #decidedWarningFor: number | undefined;
  #autosavedFor: number | undefined;
  #keepaliveInFlight = false;
  #lastResyncAt = -Infinity;
  // When another tab last said it was asking the server before the warning (its Web Lock may be free again by the
  // time this tab's timer fires, before its news arrives).
  #peerCheckAt = -Infinity;
  #warningFallback: TimerHandle | undefined;
  #over = false;
  #active = false;
  #stylesAdopted = false;
  readonly #leader: LeaderElection;

  readonly #host: ReactiveControllerHost & EventTarget;
  readonly #options: ExpiryControllerOptions;

  constructor(host: ReactiveControllerHost & EventTarget, options: ExpiryControllerOptions) {
    this.#host = host;
    this.#options = options;
    this.#leader = new LeaderElection(
      () => options.leaderLockName(),
      () => this.#schedule(),
    );
    // Last: a controller added to a connected host is connected at once.
    host.addController(this);
  }

  get #enabled(): boolean {
    return Boolean(this.#options.statusUrl() || this.#options.keepaliveUrl());
  }

  get #leadMs(): number {
    return warningLeadMs(this.#options.warnBefore());
  }

  get #intervalMs(): number {
    const seconds = this.#options.keepaliveInterval();
    return (Number.isFinite(seconds) && seconds > 0 ? seconds : 60) * 1000;
  }

  hostConnected(): void {
    this.#adoptStyles();
    if (!this.#enabled || this.#active || this.#over) return;
    this.#active = true;
    // Loading this page was a request that slid the session: count it as the last keep-alive.
    this.#lastKeepaliveAt = this.#options.clock().now();
    for (const type of ACTIVITY_EVENTS) window.addEventListener(type, this.#handleActivity, { capture: true, passive: true });
    for (const [target, type] of resyncEvents()) target.addEventListener(type, this.#handleResync);
    this.#leader.join();
    void this.#resync();
  }

  hostDisconnected(): void {
    this.#active = false;
    for (const type of ACTIVITY_EVENTS) window.removeEventListener(type, this.#handleActivity, { capture: true });
    for (const [target, type] of resyncEvents()) target.removeEventListener(type, this.#handleResync);
    this.#leader.leave();
    this.#clearTimer();
    this.#clearWarningFallback();
  }

  // The warning's styles join the element's in its shadow root (Lit's way: constructed sheets, else a <style>).
  #adoptStyles(): void {
    const root = (this.#host as { renderRoot?: unknown }).renderRoot;
    if (this.#stylesAdopted || !(root instanceof ShadowRoot)) return;
    this.#stylesAdopted = true;
    adoptStyles(root, supportsAdoptingStyleSheets ? [...root.adoptedStyleSheets, warningStyles] : [warningStyles]);
  }

  // The modal <dialog> follows warningShown after each render: showModal() needs the element rendered first.
  hostUpdated(): void {
    const dialog = this.#options.warningDialog();
    if (!dialog) return;
    if (this.warningShown && !dialog.open) {
      dialog.showModal();
      dialog.querySelector<HTMLButtonElement>('[part="stay-button"]')?.focus();
    } else if (!this.warningShown && dialog.open) {
      dialog.close();
    }
  }

  /** The warning (its `<dialog>` is always rendered, open only while the warning is up). */
  render(view: WarningRender): TemplateResult {
    const deadline = this.deadline;
    return renderWarning({
      ...view,
      shown: this.warningShown,
      secondsLeft: deadline === undefined ? 0 : secondsLeft(deadline, this.#options.clock().now()),
      announcedSeconds: this.announcedSeconds,
      extendFailed: this.extendFailed,
    });
  }

  /** Stops for good: the session is over. */
  stop(): void {
    this.#over = true;
    this.warningShown = false;
    this.hostDisconnected();
    this.#host.requestUpdate();
  }

  /** Whether this tab is the keep-alive leader. */
  get isLeader(): boolean {
    return this.#leader.isLeader;
  }

  /** A deadline from the server (`sessionExpiry`, status, keep-alive), in server time. */
  applyServerDeadline(expiresAt: number, serverNow: number, broadcast: boolean, sentAt?: number): void {
    const receivedAt = this.#options.clock().now();
    // serverNow was read somewhere between sending and receiving: the midpoint halves the error.
    const readAt = sentAt === undefined ? receivedAt : (sentAt + receivedAt) / 2;
    this.#setDeadline(Math.round(toLocalDeadline(expiresAt, serverNow, readAt)), broadcast);
  }

  /** A message from another tab. */
  handleTabMessage(message: TabMessage): void {
    switch (message.type) {
      case 'deadline':
      case 'extended':
        this.#setDeadline(message.deadline, false);
        break;
      case 'activity':
        this.#lastActivityAt = Math.max(this.#lastActivityAt, message.at);
        this.#schedule();
        break;
      case 'keepalive':
        this.#lastKeepaliveAt = Math.max(this.#lastKeepaliveAt, message.at);
        this.#schedule();
        break;
      case 'warning-check':
        this.#peerCheckAt = this.#options.clock().now();
        break;
      case 'warning': {
        // A background tab's timer may be throttled by the browser for up to a minute;
        // the message wakes it. Deadlines of two tabs differ by the few ms of their own
        // skew correction.
        const deadline = this.deadline;
        // The sender asked the server just now: this tab shows the warning without asking again.
        if (deadline !== undefined && Math.abs(message.deadline - deadline) < 2000 && !this.warningShown) {
          void this.#enterWarning(deadline, true);
        }
        break;
      }
    }
  }

  /** Stay signed in: slide the session now. Resolves true when it worked. */
  async extend(): Promise<boolean> {
    const answer = await this.#keepalive();
    this.extendFailed = answer.kind === 'failed';
    this.#host.requestUpdate();
    if (answer.kind === 'deadline' && this.deadline !== undefined) this.#options.postToTabs({ type: 'extended', deadline: this.deadline });
    return answer.kind === 'deadline';
  }

  #setDeadline(deadline: number, broadcast: boolean): void {
    if (this.#over || (this.deadline !== undefined && Math.abs(deadline - this.deadline) < DEADLINE_TOLERANCE_MS)) return;
    this.deadline = deadline;
    const now = this.#options.clock().now();
    if (phaseAt(deadline, now, this.#leadMs) === 'alive') {
      this.warningShown = false;
      this.#decidedWarningFor = undefined;
      this.#autosavedFor = undefined;
      this.extendFailed = false;
    }
    if (broadcast) this.#options.postToTabs({ type: 'deadline', deadline });
    this.#host.requestUpdate();
    this.#schedule();
  }

  readonly #handleActivity = (event: Event): void => {
    // Focus moving into the warning's own button, or clicks in the widget, are not the user
    // working on the page: only Stay signed in answers the warning. While the modal warning is open the
    // page behind it is inert, so no key, pointer or focus event is the user working on it: a Tab that
    // cycles out of the dialog (its target is then <body>) must not slide the session and close the warning.
    if (event.target === this.#host || this.warningShown) return;
    const now = this.#options.clock().now();
    // Throttled: a burst of keys or scroll events is one piece of news a second at most.
    if (now - this.#lastActivityAt < 1000) return;
    this.#lastActivityAt = now;
    this.#options.postToTabs({ type: 'activity', at: now });
    this.#schedule();
  };

  readonly #handleResync = (): void => {
    if (document.visibilityState === 'hidden') return;
    void this.#resync();
  };

  /** Re-reads the deadline from the server (throttled), then reschedules; `broadcast` tells the other tabs. */
  async #resync(force = false, broadcast = false): Promise<void> {
    const now = this.#options.clock().now();
    if (!force && now - this.#lastResyncAt < 2000) return;
    this.#lastResyncAt = now;
    const statusUrl = this.#options.statusUrl();
    if (statusUrl) this.#apply(await readStatus(this.#options.fetcher(), statusUrl), broadcast, now);
    this.#schedule();
  }

  /**
   * Before the warning, one tab asks the server (the one that gets the Web Lock first) and tells the others
   * (a moved deadline, or `warning`); the rest wait for that news, and ask themselves only if none came.
   * Without Web Locks every tab asks. Resolves true when this tab asked.
   */
  async #checkBeforeWarning(): Promise<boolean> {
    const locks = (globalThis as PageGlobals).navigator?.locks;
    if (!locks || !this.#options.statusUrl()) {
      await this.#resync(true, true);
      return true;
    }
    // Another tab asked a moment ago: its lock may already be free, its news (a moved deadline, or `warning`) still
    // on its way. Wait for it, as for a held lock.
    if (this.#options.clock().now() - this.#peerCheckAt < WARNING_CHECK_FALLBACK_MS) return false;
    try {
      return await locks.request(`session-awareness:warning-check:${this.#options.statusUrl()}`, { ifAvailable: true }, async (lock) => {
        if (!lock) return false;
        this.#options.postToTabs({ type: 'warning-check', at: this.#options.clock().now() });
        await this.#resync(true, true);
        return true;
      });
    } catch {
      await this.#resync(true, true); // locks refused (e.g. an opaque origin): ask, as without them
      return true;
    }
  }

  async #keepalive(): Promise<DeadlineAnswer> {
    const keepaliveUrl = this.#options.keepaliveUrl();
    if (!keepaliveUrl || this.#keepaliveInFlight) return { kind: 'failed' };
    this.#keepaliveInFlight = true;
    this.#lastKeepaliveAt = this.#options.clock().now();
    this.#options.postToTabs({ type: 'keepalive', at: this.#lastKeepaliveAt });
    try {
      const answer = await sendKeepalive(this.#options.fetcher(), keepaliveUrl);
      this.#apply(answer, true, this.#lastKeepaliveAt);
      return answer;
    } finally {
      this.#keepaliveInFlight = false;
    }
  }

  #apply(answer: DeadlineAnswer, broadcast: boolean, sentAt: number): void {
    if (!this.#active || this.#over) return;
    if (answer.kind === 'deadline') this.applyServerDeadline(answer.expiresAt, answer.serverNow, broadcast, sentAt);
    else if (answer.kind === 'gone') {
      // Gone at (or after) the deadline is an expiry; gone before it was ended elsewhere.
      const now = this.#options.clock().now();
      if (this.deadline !== undefined && now >= this.deadline - 1000) this.#expire();
      else this.#options.sessionGone();
    }
  }

  #keepaliveDueAt(): number | undefined {
    if (!this.#options.keepaliveUrl() || !this.#leader.isLeader || this.#lastActivityAt <= this.#lastKeepaliveAt) return undefined;
    return Math.max(this.#lastKeepaliveAt + this.#intervalMs, this.#lastActivityAt);
  }

  #schedule(): void {
    this.#clearTimer();
    if (!this.#active || this.#over) return;
    const now = this.#options.clock().now();
    const wakeAt = nextWakeUp({
      now,
      deadline: this.deadline,
      leadMs: this.#leadMs,
      warningShown: this.warningShown,
      warningPending: this.#decidedWarningFor !== this.deadline,
      keepaliveDueAt: this.#keepaliveDueAt(),
    });
    if (wakeAt === undefined) return;
    this.#expectedWakeAt = wakeAt;
    this.#timer = this.#options.clock().setTimeout(() => this.#wake(), wakeAt - now);
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) this.#options.clock().clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #wake(): void {
    this.#timer = undefined;
    const now = this.#options.clock().now();
    // Woken far later than asked: the machine slept or the tab was frozen. Whatever this
    // page believes is stale; ask the server before acting on it.
    if (now - this.#expectedWakeAt > CLOCK_JUMP_MS) {
      void this.#resync(true);
      return;
    }
    const keepaliveDue = this.#keepaliveDueAt();
    if (keepaliveDue !== undefined && keepaliveDue <= now) void this.#keepalive();
    const deadline = this.deadline;
    if (deadline !== undefined) {
      const phase = phaseAt(deadline, now, this.#leadMs);
      if (phase === 'warning' && this.#decidedWarningFor !== deadline) void this.#enterWarning(deadline);
      if (this.warningShown) this.#tick(deadline, now);
      if (phase !== 'alive' && now >= deadline - AUTOSAVE_LEAD_MS && this.#autosavedFor !== deadline) {
        this.#autosavedFor = deadline;
        this.#options.autosaveBeforeExpiry();
      }
      if (phase === 'expired') {
        if (!this.#checkingExpiry) void this.#checkExpired(deadline);
        return;
      }
    }
    this.#schedule();
  }

  async #enterWarning(deadline: number, checkedElsewhere = false): Promise<void> {
    this.#decidedWarningFor = deadline;
    this.#clearWarningFallback();
    // The session may have been slid by another tab or by ordinary requests: ask first (one tab for all).
    if (!checkedElsewhere && !(await this.#checkBeforeWarning())) {
      this.#warningFallback = this.#options.clock().setTimeout(() => {
        this.#warningFallback = undefined;
        if (!this.warningShown && this.deadline === deadline) void this.#resync(true, true).then(() => this.#showWarning(deadline));
      }, WARNING_CHECK_FALLBACK_MS);
      return;
    }
    this.#showWarning(deadline);
  }

  #clearWarningFallback(): void {
    if (this.#warningFallback !== undefined) this.#options.clock().clearTimeout(this.#warningFallback);
    this.#warningFallback = undefined;
  }

  #showWarning(deadline: number): void {
    if (this.#over || this.warningShown || this.deadline !== deadline) return;
    if (!this.#options.warningWanted(deadline)) return;
    this.warningShown = true;
    this.#options.postToTabs({ type: 'warning', deadline });
    this.#lastMark = undefined;
    this.#tick(deadline, this.#options.clock().now());
    this.#schedule();
  }

  #tick(deadline: number, now: number): void {
    const seconds = secondsLeft(deadline, now);
    const mark = announcementMark(seconds, this.#lastMark);
    if (mark !== undefined) {
      this.#lastMark = mark;
      this.announcedSeconds = seconds;
    }
    this.#host.requestUpdate();
  }

  #checkingExpiry = false;

  async #checkExpired(deadline: number): Promise<void> {
    // At zero, ask once more: another tab or request may have slid the session just now.
    const statusUrl = this.#options.statusUrl();
    if (statusUrl) {
      this.#checkingExpiry = true;
      const answer = await readStatus(this.#options.fetcher(), statusUrl).finally(() => (this.#checkingExpiry = false));
      if (answer.kind === 'deadline') {
        const fresh = toLocalDeadline(answer.expiresAt, answer.serverNow, this.#options.clock().now());
        if (fresh > this.#options.clock().now() + 1000) {
          this.#setDeadline(fresh, true);
          return;
        }
      }
    }
    if (this.deadline === deadline) this.#expire();
  }

  #expire(): void {
    if (this.#over) return;
    this.stop();
    this.#options.sessionExpired();
  }
}
