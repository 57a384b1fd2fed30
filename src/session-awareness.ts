import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { systemClock, type Clock } from './clock.js';
import {
  SessionConnectionEvent,
  SessionEndedEvent,
  SessionExpiredEvent,
  SessionExpiryWarningEvent,
  SessionExtendedEvent,
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
import { MessageRouter } from './hub/message-router.js';
import { JitteredBackoff } from './hub/retry-policy.js';
import type { HubFactory } from './hub/session-hub.js';
import type { ConnectionConfig } from './hub/shared-connection.js';
import { createSignalRHub } from './hub/signalr-hub.js';
import { parseEndAction, type EndAction, type PageLocation } from './navigation.js';
import { leavePage, sessionStorageOrUndefined } from './session-end/leave-page.js';
import { LEAVING_SIGNAL_MS, PageLeaving, SIGN_OUT_GRACE_MS } from './session-end/page-leaving.js';
import { autosave } from './drafts/autosave.js';
import { NoticesController } from './notices/notices-controller.js';
import { MESSAGE_DISPLAY_LIMIT, truncateForDisplay } from './notices/text.js';
import { styles } from './session-awareness.styles.js';
import type { SignOutCode, SignOutRecord } from './signed-out/sign-out-record.js';
import { resolveStrings, type SessionAwarenessStrings } from './strings.js';
import { elementLocale } from './i18n/language.js';


/**
 * `<session-awareness>`: shows "you signed in elsewhere" notices pushed by a SignalR hub,
 * lets the user end those other sessions, and leaves the page when this session ends.
 *
 * @fires {SessionNoticeEvent} session-notice - another session began (cancelable: no notice)
 * @fires {SessionClosedEvent} session-closed - another session ended and its notice was removed
 * @fires {SessionDismissEvent} session-dismiss - Dismiss pressed (cancelable: notice stays)
 * @fires {SessionKillEvent} session-kill - End session pressed (cancelable: no request)
 * @fires {SessionKillResultEvent} session-kill-result - the End session request finished
 * @fires {SessionEndedEvent} session-ended - this session ended (cancelable: no reload/redirect)
 * @fires {SessionConnectionEvent} session-connection - the hub connection changed state
 * @fires {SessionProtocolErrorEvent} session-protocol-error - the server sent a malformed message; it was dropped
 * @fires {SessionExpiryWarningEvent} session-expiry-warning - the expiry warning is about to show (cancelable)
 * @fires {SessionExtendedEvent} session-extended - Stay signed in was chosen (cancelable: no keep-alive request)
 * @fires {SessionExpiredEvent} session-expired - the session expired (cancelable: no reload/redirect)
 * @fires {SessionAutosaveEvent} session-autosave - save unsaved work now: `detail.reason`, `detail.waitUntil(promise)`
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
    connectionState: { state: true },
    endedReason: { state: true },
    // Observes the native `lang` attribute (the `lang` property stays native): a change re-renders in that language.
    langAttribute: { attribute: 'lang' },
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
  /** Label overrides, merged over the defaults of the element's language (see `lang`); an override always wins. */
  declare strings: Partial<SessionAwarenessStrings> | undefined;
  /** Builds the hub connection; inject a fake in tests. Defaults to SignalR. */
  declare hubFactory: HubFactory;
  /** Time source and timers; inject a manual clock in tests. */
  declare clock: Clock;
  /** Where reloads and redirects go; defaults to `window.location`. */
  declare pageLocation: PageLocation;
  /** @internal When this page's navigation began (ms since the epoch, `performance.timeOrigin`), for the loop guard. */
  declare pageStartedAt: number | undefined;

  declare private connectionState: ConnectionState;
  // undefined: session alive; a string (maybe empty): ended and not navigating away.
  declare private endedReason: string | undefined;
  declare private draftsRestoredShown: boolean;
  // Mirrors the `lang` attribute only so that changing it re-renders; the language is read by elementLocale().
  declare private langAttribute: string | null;

  readonly #connection: ConnectionController;
  readonly #messages: MessageRouter;
  #hubConfig: readonly unknown[] = [];
  #sessionIsOver = false;
  #signedOut = false;
  // Whether the hub connection ever opened on this page: with a known deadline, what says this page had a session.
  #everConnected = false;
  readonly #leaving = new PageLeaving(() => this.clock);
  #tabChannel: TabChannel | undefined;
  // Resolves to whether the autosave kept changes the user made (told on the sign-in page).
  #expiryAutosave: Promise<boolean> | undefined;
  readonly #expiry: ExpiryController;
  readonly #drafts: DraftController;
  readonly #notices: NoticesController;

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
    // globalThis, not window: constructing the element during server rendering must not throw.
    this.pageLocation = globalThis.location;
    this.pageStartedAt = globalThis.performance?.timeOrigin;
    this.connectionState = 'idle';
    this.endedReason = undefined;
    this.#connection = new ConnectionController(this, {
      config: () => this.#hubConfigNow(),
      // Late-bound so a clock injected after construction is the one used.
      clock: () => this.clock,
      policy: new JitteredBackoff(),
      onMessage: (method, args) => this.#messages.route(method, args),
      onStatus: (status) => this.#handleStatus(status),
      onSessionGone: () => this.#endSessionHere(undefined, 'unauthorized'),
      eventTarget: globalThis.window ?? null,
    });
    this.#notices = new NoticesController(this, () => this.#connection.connectedHub);
    this.#messages = new MessageRouter(this, {
      sessionRegistered: (registered) => this.#notices.registered(registered),
      sessionClosed: ({ sessionId }) => this.#notices.closed(sessionId),
      sessionEnded: ({ reason, code, endedBy }) => this.#endSessionHere(reason, 'server', code && { code, ...(endedBy ? { endedBy } : {}) }),
      sessionExpiry: ({ expiresAt, serverNow }) => this.#expiry.applyServerDeadline(expiresAt, serverNow, false),
      sessionsSnapshot: ({ sessions }) => this.#notices.snapshot(sessions),
      // The list's business (<session-list>); the notices reconcile with the connect's snapshot alone.
      sessionsList: () => undefined,
      draftKey: (key) => void this.#drafts.useKey(key),
    });
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
    this.#leaving.start();
    super.connectedCallback();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#leaving.stop();
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
        return this.#notices.closed(message.sessionId, false);
      case 'ended':
        return this.#endSessionHere(undefined, 'server', message.code && { code: message.code });
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
    this.#notices.clear();
    void (async () => {
      const draftsKept = await (this.#expiryAutosave ?? this.#autosave('expiry'));
      const action = parseEndAction(this.expiredAction);
      if (this.dispatchEvent(new SessionExpiredEvent(action))) this.#leavePage(action, this.expiredUrl, '', { code: 'expired', draftsKept });
    })();
  }

  /** @internal The server says the session is gone (401 from keep-alive or status). */
  sessionGone(): void {
    if (this.#hadSession) this.#endSessionHere(undefined, 'unauthorized');
    else this.#notSignedIn();
  }

  // A page had a session once it knew a deadline (from the server or another tab) or its hub connection opened.
  get #hadSession(): boolean {
    return this.#everConnected || this.#expiry.deadline !== undefined;
  }

  /**
   * A 401 before this page ever had a session: nobody is signed in here (a public page, a sign-in page), so
   * nothing ended. The widget stops without navigating, showing or telling other tabs anything: a reload
   * would only load the same public page again, and the loop guard it armed would later hold back a real
   * sign-out. One debug line says why it went quiet.
   */
  #notSignedIn(): void {
    if (this.#sessionIsOver) return;
    this.#sessionIsOver = true;
    this.#connection.stop('unauthorized');
    this.#expiry.stop();
    console.debug('[session-awareness] not signed in on this page (401 before any session): the widget stays idle.');
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

  // Autosave before the page leaves (or at expiry); resolves to whether typed changes were kept.
  #autosave(reason: AutosaveReason): Promise<boolean> {
    if (this.#signedOut) return Promise.resolve(false);
    return autosave({
      reason,
      saveDrafts: () => this.#drafts.saveAll(),
      postDrafts: reason === 'expiry' && !this.#sessionIsOver ? () => this.#drafts.postAll() : undefined,
      target: this,
      timeoutSeconds: this.autosaveTimeout,
      clock: this.clock,
    });
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
    if (status.state === 'connected') this.#everConnected = true;
    // The hub answered 401 before its first connection: the same quiet stop as a 401 from status.
    if (status.state === 'unauthorized' && !this.#hadSession) this.#notSignedIn();
    this.connectionState = status.state;
    this.dispatchEvent(new SessionConnectionEvent(status));
  }

  #endSessionHere(reason: string | undefined, cause: SessionEndCause, why?: { code: SignOutCode; endedBy?: string }): void {
    if (this.#sessionIsOver) return; // handled once, however many signals arrive
    this.#sessionIsOver = true;
    this.#connection.stop();
    this.#expiry.stop();
    this.#notices.clear();
    this.postToTabs({ type: 'ended', ...(why && { code: why.code }) });
    // Ended from another device or revoked: this device may be the one that is not the user's any more, so
    // nothing of theirs stays on it. The wipe starts now (capture stops at once) and ends before the page leaves;
    // autosave then keeps nothing (draftsKept: false). An expiry or a plain 401 keeps today's save-and-restore.
    const wipe = why?.code === 'ended' || why?.code === 'revoked' ? this.#drafts.clearAll() : undefined;
    const action = parseEndAction(this.endedAction);
    if (!this.dispatchEvent(new SessionEndedEvent(reason, cause, action))) return;
    void (async () => {
      await wipe;
      const draftsKept = await this.#autosave('ended');
      // No code: a sign-out (or a 401), maybe the app's own in this very tab. Its navigation must win.
      if (!why && action !== 'none' && !(await this.#stillHereAfterSignOut())) return;
      this.#leavePage(action, this.endedUrl, reason ?? '', why && { ...why, draftsKept });
    })();
  }

  /**
   * Whether the widget should still navigate after a sign-out: false when this page is leaving by itself (a form
   * submission, a link, a navigation, pagehide), whose navigation a reload would abort; the app sends the user
   * where it wants. It waits {@link SIGN_OUT_GRACE_MS} first, for an app whose navigation starts only when its
   * sign-out request answers. A page that began leaving but is still here 10 s later (the answer was a 204, a
   * download) navigates after all. The other tabs of the session are not leaving, so they go as before.
   */
  async #stillHereAfterSignOut(): Promise<boolean> {
    const wait = (ms: number): Promise<void> => new Promise((resolve) => this.clock.setTimeout(resolve, ms));
    if (!this.#leaving.isLeaving) await wait(SIGN_OUT_GRACE_MS);
    if (!this.#leaving.isLeaving) return true;
    await wait(LEAVING_SIGNAL_MS);
    return !this.#leaving.hasLeft;
  }

  /** Reloads or redirects (recording why, for the sign-in page), else shows that the session ended. */
  #leavePage(action: EndAction, url: string | null, reason: string, why?: Omit<SignOutRecord, 'at'>): void {
    const storage = sessionStorageOrUndefined();
    if (!leavePage({ action, url, location: this.pageLocation, clock: this.clock, storage, why, pageStartedAt: this.pageStartedAt })) this.endedReason = reason;
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

  protected override render(): TemplateResult {
    const lang = elementLocale(this);
    const labels = resolveStrings(this.strings, lang);
    const reconnecting = this.connectionState === 'reconnecting';
    const now = this.clock.now();
    const { deadline, warningShown, announcedSeconds, extendFailed } = this.#expiry;
    // A landmark only while it holds something: an empty "Session notices" region in every page's landmark list
    // is noise. The element itself stays, so its live regions exist before their first announcement.
    const hasContent = this.#notices.notices.length > 0 || this.endedReason !== undefined || this.draftsRestoredShown;
    return html`<div
      part="region"
      class="region"
      lang=${lang}
      role=${hasContent ? 'region' : nothing}
      aria-label=${hasContent ? labels.noticesLabel : nothing}
      @focusin=${this.#notices.rememberFocusOrigin}
    >
      ${this.#notices.render(labels, lang)}
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
    </div>`;
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
