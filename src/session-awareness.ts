import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { systemClock, type Clock } from './clock.js';
import {
  SessionAutosaveEvent,
  SessionClosedEvent,
  SessionConnectionEvent,
  SessionDismissEvent,
  SessionEndedEvent,
  SessionExpiredEvent,
  SessionExpiryWarningEvent,
  SessionExtendedEvent,
  SessionKillEvent,
  SessionKillResultEvent,
  SessionNoticeEvent,
  SessionProtocolErrorEvent,
  type AutosaveReason,
  type SessionEndCause,
} from './events.js';
import { DraftController } from './drafts/draft-controller.js';
import { IndexedDbDraftStore, type DraftStore } from './drafts/draft-store.js';
import { ExpiryController } from './expiry/expiry-controller.js';
import { secondsLeft } from './expiry/schedule.js';
import { renderWarning } from './expiry/warning-view.js';
import type { Fetcher } from './expiry/session-http.js';
import { TabChannel, type TabMessage } from './expiry/tab-channel.js';
import { ConnectionController, type ConnectionState, type ConnectionStatus } from './hub/connection-controller.js';
import {
  checkSessionClosed,
  checkSessionEnded,
  checkSessionExpiry,
  checkSessionRegistered,
  checkSessionsSnapshot,
  type Checked,
  type ServerMethod,
  type SnapshotSession,
} from './hub/contract.js';
import { JitteredBackoff } from './hub/retry-policy.js';
import type { HubFactory } from './hub/session-hub.js';
import type { ConnectionConfig } from './hub/shared-connection.js';
import { createSignalRHub } from './hub/signalr-hub.js';
import { NavigationLoopGuard, parseEndAction, safeRedirectUrl, type EndAction, type PageLocation } from './navigation.js';
import { DismissedSessions } from './notices/dismissed-sessions.js';
import { groupNotices } from './notices/grouping.js';
import { MinuteTicker } from './notices/minute-ticker.js';
import { reconcile } from './notices/reconcile.js';
import { addNotice, removeNotice, setNoticeStatus, visibleNotices, type Notice } from './notices/notice-store.js';
import { MESSAGE_DISPLAY_LIMIT, truncateForDisplay } from './notices/text.js';
import { MessageRenderer, renderNotice, type NoticeViewContext } from './notices/notice-view.js';
import { styles } from './session-awareness.styles.js';
import { recordSignOut, type SignOutCode, type SignOutRecord } from './signed-out/sign-out-record.js';
import { resolveStrings, type SessionAwarenessStrings } from './strings.js';

function sessionStorageOrUndefined(): Storage | undefined {
  try {
    return window.sessionStorage;
  } catch {
    return undefined; // blocked by the browser's storage settings
  }
}

function localStorageOrUndefined(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined; // blocked by the browser's storage settings
  }
}

/**
 * `<session-awareness>`: shows "you signed in elsewhere" notices pushed by a SignalR hub,
 * lets the user end those other sessions, and leaves the page when this session ends.
 *
 * @fires session-notice - another session began (cancelable: no notice)
 * @fires session-closed - another session ended and its notice was removed
 * @fires session-dismiss - Dismiss pressed (cancelable: notice stays)
 * @fires session-kill - End session pressed (cancelable: no request)
 * @fires session-kill-result - the End session request finished
 * @fires session-ended - this session ended (cancelable: no reload/redirect)
 * @fires session-connection - the hub connection changed state
 * @fires session-protocol-error - the server sent a malformed message; it was dropped
 * @fires session-expiry-warning - the expiry warning is about to show (cancelable)
 * @fires session-extended - Stay signed in was chosen (cancelable: no keep-alive request)
 * @fires session-expired - the session expired (cancelable: no reload/redirect)
 * @fires session-autosave - save unsaved work now: `detail.reason`, `detail.waitUntil(promise)`
 * @csspart region - the area holding everything the widget shows
 * @csspart notice - one "signed in elsewhere" notice
 * @csspart message - the server's text in a notice
 * @csspart details - browser, device and time of the other session
 * @csspart actions - the row of buttons in a notice
 * @csspart end-button - the End session button
 * @csspart dismiss-button - the Dismiss button
 * @csspart error - the generic error after a failed End session
 * @csspart more - the "+N more" summary
 * @csspart connection - the polite connection status
 * @csspart ended - the message shown when the session ended without navigation
 * @csspart restored - the "Your unsaved changes were restored" notice
 * @csspart dialog - the expiry warning (a modal `<dialog>`)
 * @csspart dialog-heading - its heading
 * @csspart countdown - its visible countdown
 * @csspart stay-button - the Stay signed in button
 * @csspart signout-button - the Sign out button
 * @cssprop --session-awareness-font - font of the widget
 * @cssprop --session-awareness-bg - background of notices
 * @cssprop --session-awareness-fg - text colour
 * @cssprop --session-awareness-muted - colour of secondary text
 * @cssprop --session-awareness-accent - colour of the End session button
 * @cssprop --session-awareness-radius - corner radius
 * @cssprop --session-awareness-shadow - shadow of notices
 * @cssprop --session-awareness-inset - distance from the viewport's corner
 * @cssprop --session-awareness-width - width of the notice stack
 * @cssprop --session-awareness-z-index - stacking order over the page
 */
export class SessionAwareness extends LitElement {
  static override styles = styles;

  // Lit's default converter is String, so only Number and Boolean attributes name a type.
  static override properties = {
    hubUrl: { attribute: 'hub-url' },
    keepaliveUrl: { attribute: 'keepalive-url' },
    statusUrl: { attribute: 'status-url' },
    logoutUrl: { attribute: 'logout-url' },
    warnBefore: { type: Number, attribute: 'warn-before' },
    keepaliveInterval: { type: Number, attribute: 'keepalive-interval' },
    endedAction: { attribute: 'ended-action' },
    endedUrl: { attribute: 'ended-url' },
    expiredAction: { attribute: 'expired-action' },
    expiredUrl: { attribute: 'expired-url' },
    autosaveForms: { attribute: 'autosave-forms' },
    allowHtml: { type: Boolean, attribute: 'allow-html' },
    maxNotices: { type: Number, attribute: 'max-notices' },
    userId: { attribute: 'user-id' },
    autosaveTimeout: { type: Number, attribute: 'autosave-timeout' },
    draftsRestoredShown: { state: true },
    accessTokenFactory: { attribute: false },
    strings: { attribute: false },
    hubFactory: { attribute: false },
    notices: { state: true },
    announcement: { state: true },
    connectionState: { state: true },
    endedReason: { state: true },
  };

  /** URL of the SignalR session hub (required), e.g. `/hubs/session`. */
  declare hubUrl: string | null;
  /** URL that slides the session (POST), used by the expiry warning. */
  declare keepaliveUrl: string | null;
  /** URL that reports the session's deadline without sliding it (GET). */
  declare statusUrl: string | null;
  /** URL of sign-out; enables the Sign out button of the expiry warning. */
  declare logoutUrl: string | null;
  /** Seconds before the deadline at which the expiry warning shows. */
  declare warnBefore: number;
  /** Least seconds between two keep-alive requests. */
  declare keepaliveInterval: number;
  /** What to do when this session is ended: `reload`, `redirect` or `none`. */
  declare endedAction: string;
  /** Where `ended-action="redirect"` goes (http/https only). */
  declare endedUrl: string | null;
  /** What to do when this session expires: `reload`, `redirect` or `none`. */
  declare expiredAction: string;
  /** Where `expired-action="redirect"` goes (http/https only). */
  declare expiredUrl: string | null;
  /** CSS selector of forms whose fields are kept as drafts. */
  declare autosaveForms: string | null;
  /** Lets server text carry a tiny sanitized HTML subset (b, strong, i, em, br, time). */
  declare allowHtml: boolean;
  /** Most notices shown at once; the rest are summed up as "+N more". */
  declare maxNotices: number;
  /** Opaque key of the signed-in user: drafts are kept per user, and are off without it. */
  declare userId: string | null;
  /** Seconds the widget waits for `session-autosave` work before it moves on. */
  declare autosaveTimeout: number;
  /** HTTP for keep-alive, status, autosave and sign-out; defaults to `fetch`. */
  declare fetcher: Fetcher;
  /** Where drafts are kept; defaults to IndexedDB. */
  declare draftStore: DraftStore;
  /** Supplies a bearer token for the hub; without it, cookies are used. */
  declare accessTokenFactory: (() => string | Promise<string>) | undefined;
  /** Label overrides, merged over the English defaults. */
  declare strings: Partial<SessionAwarenessStrings> | undefined;
  /** Builds the hub connection; inject a fake in tests. Defaults to SignalR. */
  declare hubFactory: HubFactory;
  /** Time source and timers; inject a manual clock in tests. */
  declare clock: Clock;
  /** Where reloads and redirects go; defaults to `window.location`. */
  declare pageLocation: PageLocation;

  declare private notices: Notice[];
  // Polite announcement of the last End session result.
  declare private announcement: string;
  declare private connectionState: ConnectionState;
  // undefined: session alive; a string (maybe empty): ended and not navigating away.
  declare private endedReason: string | undefined;
  declare private draftsRestoredShown: boolean;

  readonly #connection: ConnectionController;
  readonly #loggedProblems = new Set<string>();
  readonly #messages = new MessageRenderer();
  #hubConfig: readonly unknown[] = [];
  #sessionIsOver = false;
  #signedOut = false;
  #tabChannel: TabChannel | undefined;
  // Resolves to whether the autosave kept changes the user made (told on the sign-in page).
  #expiryAutosave: Promise<boolean> | undefined;
  readonly #expiry: ExpiryController;
  readonly #drafts: DraftController;
  readonly #dismissed = new DismissedSessions(localStorageOrUndefined);
  // This page's own session handle, once a snapshot named it: the key of its dismissals.
  #ownSessionId: string | undefined;

  constructor() {
    super();
    this.hubUrl = null;
    this.keepaliveUrl = null;
    this.statusUrl = null;
    this.logoutUrl = null;
    this.warnBefore = 120;
    this.keepaliveInterval = 60;
    this.endedAction = 'reload';
    this.endedUrl = null;
    this.expiredAction = 'reload';
    this.expiredUrl = null;
    this.autosaveForms = null;
    this.allowHtml = false;
    this.maxNotices = 3;
    this.userId = null;
    this.autosaveTimeout = 5;
    this.fetcher = (input, init) => fetch(input, init);
    this.draftStore = new IndexedDbDraftStore();
    this.draftsRestoredShown = false;
    this.accessTokenFactory = undefined;
    this.strings = undefined;
    this.hubFactory = createSignalRHub;
    this.clock = systemClock;
    this.pageLocation = window.location;
    this.notices = [];
    this.announcement = '';
    this.connectionState = 'idle';
    this.endedReason = undefined;
    this.#connection = new ConnectionController(this, {
      config: () => this.#hubConfigNow(),
      // Late-bound so a clock injected after construction is the one used.
      clock: () => this.clock,
      policy: new JitteredBackoff(),
      onMessage: (method, args) => this.#handleMessage(method, args),
      onStatus: (status) => this.#handleStatus(status),
      onSessionGone: () => this.#endSessionHere(undefined, 'unauthorized'),
      eventTarget: window,
    });
    new MinuteTicker(this, () => this.clock, () => this.notices.length > 0);
    this.#expiry = new ExpiryController(this);
    this.#drafts = new DraftController(this, () => this.draftStore);
  }

  /** The session's deadline on this page's clock, as the server last told it (ms since epoch). */
  get expiresAt(): number | undefined {
    return this.#expiry.deadline;
  }

  /** Whether this tab sends the keep-alive requests for all tabs of the session. */
  get isKeepaliveLeader(): boolean {
    return this.#expiry.isLeader;
  }

  /** @internal Name of the Web Lock that elects the keep-alive tab. */
  get leaderLockName(): string {
    return `session-awareness:keepalive:${this.keepaliveUrl ?? ''}`;
  }

  override connectedCallback(): void {
    // Before the controllers start: they talk to other tabs from their first moment.
    this.#tabChannel = new TabChannel(`session-awareness:${this.hubUrl ?? ''}`, (message) => this.#handleTabMessage(message));
    super.connectedCallback();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#tabChannel?.close();
    this.#tabChannel = undefined;
  }

  /** @internal Tells the widgets of the other tabs. */
  postToTabs(message: TabMessage): void {
    this.#tabChannel?.post(message);
  }

  #handleTabMessage(message: TabMessage): void {
    switch (message.type) {
      case 'dismissed':
        this.notices = removeNotice(this.notices, message.sessionId);
        return;
      case 'ended':
        return this.#endSessionHere(undefined, 'server');
      case 'signed-out':
        this.#signedOut = true;
        void this.#drafts.clearAll();
        return;
      default:
        this.#expiry.handleTabMessage(message);
    }
  }

  /** @internal Asks the page whether to show the expiry warning. */
  warningWanted(deadline: number): boolean {
    return this.dispatchEvent(new SessionExpiryWarningEvent(deadline));
  }

  /** @internal The warning went unanswered: save while the session still lives. */
  autosaveBeforeExpiry(): void {
    this.#expiryAutosave ??= this.#autosave('expiry');
  }

  /** @internal The deadline passed and the server agrees. */
  sessionExpired(): void {
    if (this.#sessionIsOver) return;
    this.#sessionIsOver = true;
    this.#connection.stop();
    this.notices = [];
    void (async () => {
      const draftsKept = await (this.#expiryAutosave ?? this.#autosave('expiry'));
      const action = parseEndAction(this.expiredAction);
      if (this.dispatchEvent(new SessionExpiredEvent(action))) this.#leavePage(action, this.expiredUrl, '', { code: 'expired', draftsKept });
    })();
  }

  /** @internal The server says the session is gone (401 from keep-alive or status). */
  sessionGone(): void {
    this.#endSessionHere(undefined, 'unauthorized');
  }

  /** @internal Drafts were put back into the page's forms. */
  draftsRestored(): void {
    this.draftsRestoredShown = true;
  }

  /** @internal The user signed out through a form of the page: their drafts go. */
  signedOutByForm(): void {
    this.#signedOut = true;
    this.postToTabs({ type: 'signed-out' });
    void this.#drafts.clearAll();
  }

  /**
   * Fires `session-autosave`, saves the built-in drafts (and POSTs them while the session
   * lives), and waits for all of it, at most `autosave-timeout` seconds.
   */
  async #autosave(reason: AutosaveReason): Promise<boolean> {
    if (this.#signedOut) return false;
    let draftsKept = false;
    const work: Array<PromiseLike<unknown>> = [this.#drafts.saveAll().then((kept) => (draftsKept = kept))];
    if (reason === 'expiry' && !this.#sessionIsOver) work.push(this.#drafts.postAll());
    this.dispatchEvent(new SessionAutosaveEvent(reason, (promise) => work.push(promise)));
    const seconds = Number.isFinite(this.autosaveTimeout) && this.autosaveTimeout >= 0 ? this.autosaveTimeout : 5;
    let timer: unknown;
    await Promise.race([
      Promise.allSettled(work),
      new Promise<void>((resolve) => (timer = this.clock.setTimeout(resolve, seconds * 1000))),
    ]);
    this.clock.clearTimeout(timer);
    return draftsKept;
  }

  /** The hub connection's state. */
  get connectionStatus(): ConnectionState {
    return this.connectionState;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    this.#syncDialog();
    // A new URL, factory or token source means a new connection (unless the session ended).
    const config = [this.hubUrl, this.hubFactory, this.accessTokenFactory];
    if (this.isConnected && !this.#sessionIsOver && config.some((value, i) => value !== this.#hubConfig[i])) {
      this.#connection.restart();
    }
  }

  #hubConfigNow(): ConnectionConfig | undefined {
    this.#hubConfig = [this.hubUrl, this.hubFactory, this.accessTokenFactory];
    if (!this.hubUrl || this.#sessionIsOver) return undefined;
    return { hubUrl: this.hubUrl, hubFactory: this.hubFactory, accessTokenFactory: this.accessTokenFactory };
  }

  #handleStatus(status: ConnectionStatus): void {
    this.connectionState = status.state;
    this.dispatchEvent(new SessionConnectionEvent(status));
  }

  // Nothing the server sends may throw into the host page: every message is checked,
  // and a bad one is logged once, announced as an event, and dropped.
  #handleMessage(method: ServerMethod, args: unknown[]): void {
    try {
      switch (method) {
        case 'sessionRegistered':
          return this.#accept(method, checkSessionRegistered(args), ({ message, sessionId, details }) => {
            if (!this.dispatchEvent(new SessionNoticeEvent(sessionId, message, details))) return;
            const notice: Notice = { sessionId, message, details, receivedAt: this.clock.now(), status: 'idle' };
            this.notices = addNotice(this.notices, notice);
          });
        case 'sessionClosed':
          return this.#accept(method, checkSessionClosed(args), ({ sessionId }) => {
            if (!this.notices.some((notice) => notice.sessionId === sessionId)) return;
            this.notices = removeNotice(this.notices, sessionId);
            this.dispatchEvent(new SessionClosedEvent(sessionId));
          });
        case 'sessionEnded':
          return this.#accept(method, checkSessionEnded(args), ({ reason, code, endedBy }) =>
            this.#endSessionHere(reason, 'server', code && { code, ...(endedBy ? { endedBy } : {}) }),
          );
        case 'sessionExpiry':
          return this.#accept(method, checkSessionExpiry(args), ({ expiresAt, serverNow }) =>
            this.#expiry.applyServerDeadline(expiresAt, serverNow, false),
          );
        case 'sessionsSnapshot':
          return this.#accept(method, checkSessionsSnapshot(args), (snapshot) => this.#applySnapshot(snapshot));
      }
    } catch (error) {
      this.#logOnce(`${method}: handler failed`, error);
    }
  }

  // On every (re)connect: notices missed while disconnected appear, notices of sessions that ended meanwhile
  // go, and what this session dismissed (in any tab, before any reload) stays dismissed.
  #applySnapshot(snapshot: SnapshotSession[]): void {
    const own = snapshot.find((session) => session.current)?.sessionId;
    this.#ownSessionId = own;
    const { added, removed } = reconcile(this.notices, snapshot, {
      message: resolveStrings(this.strings).signedInElsewhere,
      now: this.clock.now(),
      isDismissed: (sessionId) => own !== undefined && this.#dismissed.has(own, sessionId),
    });
    if (own) this.#dismissed.prune(own, new Set(snapshot.map((session) => session.sessionId)));
    let notices = this.notices;
    for (const sessionId of removed) {
      notices = removeNotice(notices, sessionId);
      this.dispatchEvent(new SessionClosedEvent(sessionId));
    }
    for (const notice of added) {
      if (this.dispatchEvent(new SessionNoticeEvent(notice.sessionId, notice.message, notice.details))) notices = addNotice(notices, notice);
    }
    this.notices = notices;
  }

  #accept<T>(method: ServerMethod, checked: Checked<T>, use: (value: T) => void): void {
    if (checked.ok) {
      use(checked.value);
      return;
    }
    this.#logOnce(`${method}: ${checked.problem}`);
    this.dispatchEvent(new SessionProtocolErrorEvent(method, checked.problem));
  }

  #logOnce(problem: string, error?: unknown): void {
    if (this.#loggedProblems.has(problem)) return;
    this.#loggedProblems.add(problem);
    console.warn(`[session-awareness] dropped a message from the hub (${problem})`, ...(error ? [error] : []));
  }

  #endSessionHere(reason: string | undefined, cause: SessionEndCause, why?: { code: SignOutCode; endedBy?: string }): void {
    if (this.#sessionIsOver) return; // handled once, however many signals arrive
    this.#sessionIsOver = true;
    this.#connection.stop();
    this.#expiry.stop();
    this.notices = [];
    this.postToTabs({ type: 'ended' });
    const action = parseEndAction(this.endedAction);
    if (!this.dispatchEvent(new SessionEndedEvent(reason, cause, action))) return;
    void this.#autosave('ended').then((draftsKept) =>
      this.#leavePage(action, this.endedUrl, reason ?? '', why && { ...why, draftsKept }),
    );
  }

  /**
   * Reloads or redirects (at most once per 30 s per tab), else shows that the session ended. Before leaving it
   * records why, for the sign-in page this tab lands on (`<session-signed-out-reason>`).
   */
  #leavePage(action: EndAction, url: string | null, reason: string, why?: Omit<SignOutRecord, 'at'>): void {
    const guard = new NavigationLoopGuard(sessionStorageOrUndefined(), this.clock);
    if (action !== 'none' && guard.mayNavigate()) {
      guard.record();
      if (why) recordSignOut(sessionStorageOrUndefined(), { ...why, at: this.clock.now() });
      const target = action === 'redirect' ? safeRedirectUrl(url, this.pageLocation.href) : undefined;
      if (target) this.pageLocation.assign(target);
      else this.pageLocation.reload();
      return;
    }
    this.endedReason = reason;
  }

  async #staySignedIn(): Promise<void> {
    if (!this.dispatchEvent(new SessionExtendedEvent())) {
      this.#expiry.warningShown = false;
      this.requestUpdate();
      return;
    }
    await this.#expiry.extend();
  }

  async #signOut(): Promise<void> {
    if (!this.logoutUrl || this.#sessionIsOver) return;
    this.signedOutByForm();
    this.#sessionIsOver = true;
    this.#connection.stop();
    this.#expiry.stop();
    try {
      await this.fetcher(this.logoutUrl, { method: 'POST', credentials: 'same-origin' });
    } catch {
      // the reload below lands on the sign-in page or shows the network error
    }
    this.#leavePage('reload', null, '');
  }

  async #endOtherSession(sessionId: string): Promise<void> {
    const notice = this.notices.find((candidate) => candidate.sessionId === sessionId);
    if (!notice || notice.status === 'ending') return;
    if (!this.dispatchEvent(new SessionKillEvent(sessionId))) return;
    this.notices = setNoticeStatus(this.notices, sessionId, 'ending');
    let ok = false;
    try {
      const hub = this.#connection.connectedHub;
      if (hub) {
        await hub.killSession(sessionId);
        ok = true;
      }
    } catch {
      // The server's error text is deliberately not shown: it is generic at best and
      // attacker-influenced at worst. The notice shows our own generic message.
    }
    this.notices = ok ? removeNotice(this.notices, sessionId) : setNoticeStatus(this.notices, sessionId, 'failed');
    this.dispatchEvent(new SessionKillResultEvent(sessionId, ok));
  }

  // Acts on every session of the group, then, if the notice holding focus went, moves focus to the next
  // notice (or the one before), else back to where it was before it entered the notices: never to <body>.
  async #inGroupOf(groups: ReturnType<typeof groupNotices>, sessionId: string, act: (id: string) => unknown): Promise<void> {
    const index = groups.findIndex((group) => group.sessionIds.includes(sessionId));
    const group = groups[index];
    const ids = group?.sessionIds ?? [sessionId];
    const hadFocus = this.shadowRoot?.activeElement != null;
    for (const id of ids) await act(id);
    const ended = ids.filter((id) => !this.notices.some((notice) => notice.sessionId === id));
    if (group && act !== this.#dismissAct && ended.length === ids.length) {
      const { browser, device } = group.notice.details;
      const labels = resolveStrings(this.strings);
      const name = [browser, device].filter(Boolean).join(' on ') || labels.anotherDevice;
      this.announcement = labels.sessionEndedOn.replace('{device}', truncateForDisplay(name, 120));
    }
    await this.updateComplete;
    if (!hadFocus || this.notices.some((notice) => ids.includes(notice.sessionId))) return;
    const remaining = [...this.renderRoot.querySelectorAll<HTMLElement>('.live [part~="notice"]')];
    const next = remaining[Math.min(index, remaining.length - 1)];
    const target = next?.querySelector<HTMLElement>('button') ?? this.#focusBeforeNotices;
    if (target?.isConnected) target.focus();
  }

  readonly #dismissAct = (sessionId: string): void => this.#dismiss(sessionId);
  #focusBeforeNotices: HTMLElement | undefined;

  // Where focus was before it entered the notices: where it goes back when the last notice goes.
  readonly #rememberFocusOrigin = (event: FocusEvent): void => {
    const from = event.relatedTarget;
    if (from instanceof HTMLElement && from !== this && from.getRootNode() !== this.shadowRoot) this.#focusBeforeNotices = from;
  };

  #dismiss(sessionId: string): void {
    if (!this.dispatchEvent(new SessionDismissEvent(sessionId))) return;
    this.notices = removeNotice(this.notices, sessionId);
    if (this.#ownSessionId) this.#dismissed.add(this.#ownSessionId, sessionId);
    this.postToTabs({ type: 'dismissed', sessionId });
  }

  protected override render(): TemplateResult {
    const labels = resolveStrings(this.strings);
    const groups = groupNotices(this.notices);
    const { shown, hiddenCount } = visibleNotices(groups, this.maxNotices);
    const reconnecting = this.connectionState === 'reconnecting';
    const now = this.clock.now();
    const lang = this.lang || document.documentElement.lang;
    const noticeView: NoticeViewContext = {
      labels,
      now,
      lang,
      message: (text) => this.#messages.render(text, this.allowHtml),
      // A group's buttons act on each of its sessions (End session one request each, in turn).
      onEnd: (sessionId) => void this.#inGroupOf(groups, sessionId, (id) => this.#endOtherSession(id)),
      onDismiss: (sessionId) => void this.#inGroupOf(groups, sessionId, this.#dismissAct),
    };
    const { deadline, warningShown, announcedSeconds, extendFailed } = this.#expiry;
    return html`<section part="region" class="region" aria-label=${labels.noticesLabel} @focusin=${this.#rememberFocusOrigin}>
      <p part="announcement" class="visually-hidden" role="status">${this.announcement}</p>
      <div class="live" aria-live="polite">
        ${shown.map((group, index) => renderNotice(group, index, noticeView))}
        ${hiddenCount > 0
          ? html`<p part="more" class="more">${labels.moreNotices.replace('{count}', String(hiddenCount))}</p>`
          : nothing}
      </div>
      ${this.endedReason !== undefined
        ? html`<div part="ended" class="notice ended" role="alert">
            <p>${labels.sessionEnded}</p>
            ${this.endedReason ? html`<p class="details">${truncateForDisplay(this.endedReason, MESSAGE_DISPLAY_LIMIT)}</p>` : nothing}
          </div>`
        : nothing}
      ${this.draftsRestoredShown
        ? html`<div part="notice restored" class="notice" role="status">
            <p class="message">${labels.draftsRestored}</p>
            <div part="actions" class="actions">
              <button part="dismiss-button" type="button" @click=${() => (this.draftsRestoredShown = false)}>${labels.dismiss}</button>
            </div>
          </div>`
        : nothing}
      <p part="connection" class="connection" role="status">${reconnecting ? labels.reconnecting : ''}</p>
      ${renderWarning({
        labels,
        shown: warningShown,
        secondsLeft: deadline === undefined ? 0 : secondsLeft(deadline, now),
        announcedSeconds,
        extendFailed,
        canSignOut: Boolean(this.logoutUrl),
        lang,
        onStay: () => void this.#staySignedIn(),
        onSignOut: () => void this.#signOut(),
      })}
    </section>`;
  }

  protected override firstUpdated(): void {
    this.#warningDialog = this.renderRoot.querySelector('dialog') ?? undefined;
  }

  #warningDialog: HTMLDialogElement | undefined;

  #syncDialog(): void {
    const dialog = this.#warningDialog;
    if (!dialog) return;
    if (this.#expiry.warningShown && !dialog.open) {
      dialog.showModal();
      dialog.querySelector<HTMLButtonElement>('[part="stay-button"]')?.focus();
    } else if (!this.#expiry.warningShown && dialog.open) {
      dialog.close();
    }
  }
}

/** Defines `<session-awareness>` unless something already did (e.g. the script twice). */
export function defineSessionAwareness(): void {
  if (!customElements.get('session-awareness')) customElements.define('session-awareness', SessionAwareness);
}

defineSessionAwareness();

declare global {
  interface HTMLElementTagNameMap {
    'session-awareness': SessionAwareness;
  }
}
