import { html, nothing, type LitElement, type TemplateResult } from 'lit';
import {
  SessionConnectionEvent,
  SessionEndedEvent,
  SessionExpiredEvent,
  SessionExpiryWarningEvent,
  SessionExtendedEvent,
  type AutosaveReason,
  type SessionEndCause,
} from '../../events.js';
import type { ConnectionState, ConnectionStatus } from '../../hub/connection-controller.js';
import { MessageRouter } from '../../hub/message-router.js';
import { resolveStrings, type SessionAwarenessStrings } from '../../i18n/session-awareness.js';
import { HubElement } from '../../internal/hub-element.js';
import { elementLanguage, languageWait } from '../../internal/element-language.js';
import { leavePage } from '../../internal/leave-page.js';
import { parseEndAction, type EndAction } from '../../internal/navigation.js';
import type { SignOutCode, SignOutRecord } from '../../internal/sign-out-record.js';
import { sessionStorageOrUndefined } from '../../internal/storage.js';
import type { TabMessage } from '../../internal/tab-channel.js';
import { MESSAGE_DISPLAY_LIMIT, truncateForDisplay } from '../../internal/text.js';
import { autosave } from './drafts/autosave.js';
import { Drafts } from './drafts/drafts.js';
import type { DraftStore } from './drafts/draft-store.js';
import { Expiry } from './expiry/expiry.js';
import { NoticesController } from './notices/notices-controller.js';
import { LEAVING_SIGNAL_MS, PageLeaving, SIGN_OUT_GRACE_MS } from './page-leaving.js';
import { styles } from './session-awareness.styles.js';
import { tables } from './strings.js';
import type { PageGlobals } from '../../internal/page-globals.js';

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
export class SessionAwareness extends HubElement {
  static override styles = styles;

  // Lit's default converter is String, so only Number and Boolean attributes name a type. The hub's attributes
  // (hub-url, keepalive-url, logout-url, lang) and injectables are the base class's.
  static override properties = {
    statusUrl: { attribute: 'status-url' },
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
    endedReason: { state: true },
  };

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
  /** Where drafts are kept; unset, IndexedDB. */
  declare draftStore: DraftStore | undefined;
  /** Label overrides, merged over the defaults of the element's language (see `lang`); an override always wins. */
  declare strings: Partial<SessionAwarenessStrings> | undefined;
  /**
   * When this page's navigation began (ms since the epoch; defaults to `performance.timeOrigin`): the loop guard
   * holds back a reload or redirect that would repeat one the widget made just before this page loaded.
   */
  declare pageStartedAt: number | undefined;

  /** @internal undefined: session alive; a string (maybe empty): ended and not navigating away. */
  declare private endedReason: string | undefined;
  /** @internal */
  declare private draftsRestoredShown: boolean;

  readonly #messages: MessageRouter;
  #sessionIsOver = false;
  #signedOut = false;
  // Whether the hub connection ever opened on this page: with a known deadline, what says this page had a session.
  #everConnected = false;
  readonly #leaving = new PageLeaving(() => this.clock);
  // Resolves to whether the autosave kept changes the user made (told on the sign-in page).
  #expiryAutosave: Promise<boolean> | undefined;
  readonly #expiry: Expiry;
  readonly #drafts: Drafts;
  readonly #notices: NoticesController;

  constructor() {
    super({
      onMessage: (method, args) => this.#messages.route(method, args),
      onStatus: (status) => this.#handleStatus(status),
      onSessionGone: () => this.#endSessionHere(undefined, 'unauthorized'),
      onTabMessage: (message) => this.#handleTabMessage(message),
      mayConnect: () => !this.#sessionIsOver,
    });
    this.statusUrl = null;
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
    this.draftStore = undefined;
    this.draftsRestoredShown = false;
    this.strings = undefined;
    this.pageStartedAt = (globalThis as PageGlobals).performance?.timeOrigin;
    this.endedReason = undefined;
    this.#notices = new NoticesController(this, {
      clock: () => this.clock,
      labels: () => this.#labels(),
      maxNotices: () => this.maxNotices,
      allowHtml: () => this.allowHtml,
      hub: () => this.connection.connectedHub,
      postToTabs: (message) => this.postToTabs(message),
    });
    this.#messages = new MessageRouter(this, {
      sessionRegistered: (registered) => this.#notices.registered(registered),
      sessionClosed: ({ sessionId }) => this.#notices.closed(sessionId),
      sessionEnded: ({ reason, code, endedBy }) =>
        this.#endSessionHere(reason, 'server', code && { code, ...(endedBy ? { endedBy } : {}) }),
      sessionExpiry: ({ expiresAt, serverNow }) => this.#expiry.applyServerDeadline(expiresAt, serverNow),
      sessionsSnapshot: ({ sessions }) => this.#notices.snapshot(sessions),
      // The list's business (<session-list>); the notices reconcile with the connect's snapshot alone.
      sessionsList: () => undefined,
      draftKey: (key) => this.#drafts.useKey(key),
    });
    this.#expiry = new Expiry(this, {
      keepaliveUrl: () => this.keepaliveUrl,
      statusUrl: () => this.statusUrl,
      warnBefore: () => this.warnBefore,
      keepaliveInterval: () => this.keepaliveInterval,
      clock: () => this.clock,
      fetcher: () => this.fetcher,
      leaderLockName: () => `session-awareness:keepalive:${this.keepaliveUrl ?? ''}`,
      postToTabs: (message) => this.postToTabs(message),
      warningWanted: (deadline) => this.dispatchEvent(new SessionExpiryWarningEvent(deadline)),
      // The warning went unanswered: save while the session still lives.
      autosaveBeforeExpiry: () => void (this.#expiryAutosave ??= this.#autosave('expiry')),
      sessionExpired: () => this.#sessionExpired(),
      sessionGone: () => this.#sessionGone(),
      warningDialog: () => this.renderRoot.querySelector('dialog'),
    });
    this.#drafts = new Drafts(this, {
      autosaveForms: () => this.autosaveForms,
      userId: () => this.userId,
      logoutUrl: () => this.logoutUrl,
      clock: () => this.clock,
      fetcher: () => this.fetcher,
      store: () => this.draftStore,
      draftsRestored: () => (this.draftsRestoredShown = true),
      signedOutByForm: () => this.#signedOutByForm(),
    });
  }

  /** The session's deadline on this page's clock, as the server last told it (ms since epoch). */
  get expiresAt(): number | undefined {
    return this.#expiry.deadline;
  }

  /** Whether this tab sends the keep-alive requests for all tabs of the session. */
  get isKeepaliveLeader(): boolean {
    return this.#expiry.isLeader;
  }

  override connectedCallback(): void {
    this.#leaving.start();
    super.connectedCallback();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#leaving.stop();
  }

  #handleTabMessage(message: TabMessage): void {
    switch (message.type) {
      case 'dismissed':
        this.#notices.closed(message.sessionId, false);
        return;
      case 'ended':
        this.#endSessionHere(undefined, 'server', message.code && { code: message.code });
        return;
      case 'signed-out':
        this.#signedOut = true;
        void this.#drafts.clearAll();
        return;
      default:
        this.#expiry.handleTabMessage(message);
    }
  }

  // The deadline passed and the server agrees.
  #sessionExpired(): void {
    if (this.#sessionIsOver) return;
    this.#sessionIsOver = true;
    this.connection.stop();
    this.#notices.clear();
    void (async () => {
      const draftsKept = await (this.#expiryAutosave ?? this.#autosave('expiry'));
      const action = parseEndAction(this.expiredAction);
      if (this.dispatchEvent(new SessionExpiredEvent(action)))
        this.#leavePage(action, this.expiredUrl, '', { code: 'expired', draftsKept });
    })();
  }

  // The server says the session is gone (401 from keep-alive or status).
  #sessionGone(): void {
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
    this.connection.stop('unauthorized');
    this.#expiry.stop();
    console.debug('[session-awareness] not signed in on this page (401 before any session): the widget stays idle.');
  }

  // The user signed out through a form of the page: their drafts go.
  #signedOutByForm(): void {
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

  // An update that would render a language whose labels are on their way waits for them (at most 2 s).
  protected override scheduleUpdate(): ReturnType<LitElement['scheduleUpdate']> {
    return languageWait(this, tables, this.clock)?.then(() => super.scheduleUpdate()) ?? super.scheduleUpdate();
  }

  #labels(): SessionAwarenessStrings {
    return resolveStrings(this.strings, elementLanguage(this, tables).table);
  }

  #handleStatus(status: ConnectionStatus): void {
    if (status.state === 'connected') this.#everConnected = true;
    // The hub answered 401 before its first connection: the same quiet stop as a 401 from status.
    if (status.state === 'unauthorized' && !this.#hadSession) this.#notSignedIn();
    this.dispatchEvent(new SessionConnectionEvent(status));
  }

  #endSessionHere(reason: string | undefined, cause: SessionEndCause, why?: { code: SignOutCode; endedBy?: string }): void {
    if (this.#sessionIsOver) return; // handled once, however many signals arrive
    this.#sessionIsOver = true;
    this.connection.stop();
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
    if (!leavePage({ action, url, location: this.pageLocation, clock: this.clock, storage, why, pageStartedAt: this.pageStartedAt }))
      this.endedReason = reason;
  }

  async #staySignedIn(): Promise<void> {
    if (!this.dispatchEvent(new SessionExtendedEvent())) {
      this.#expiry.dismissWarning();
      return;
    }
    await this.#expiry.extend();
  }

  async #signOut(): Promise<void> {
    if (!this.logoutUrl || this.#sessionIsOver) return;
    this.#signedOut = true;
    void this.#drafts.clearAll();
    this.#sessionIsOver = true;
    this.#expiry.stop();
    await this.signOutRequest(this.logoutUrl);
    this.#leavePage('reload', null, '');
  }

  protected override render(): TemplateResult {
    const { locale: lang, table } = elementLanguage(this, tables);
    const labels = resolveStrings(this.strings, table);
    const reconnecting = this.connectionState === 'reconnecting';
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
      ${
        this.endedReason !== undefined
          ? html`<div part="ended" class="notice ended" role="alert">
            <p>${labels.sessionEnded}</p>
            ${this.endedReason ? html`<p class="details">${truncateForDisplay(this.endedReason, MESSAGE_DISPLAY_LIMIT)}</p>` : nothing}
          </div>`
          : nothing
      }
      ${
        this.draftsRestoredShown
          ? html`<div part="notice restored" class="notice" role="status">
            <p class="message">${labels.draftsRestored}</p>
            <div part="actions" class="actions">
              <button part="dismiss-button" type="button" @click=${() => (this.draftsRestoredShown = false)}>${labels.dismiss}</button>
            </div>
          </div>`
          : nothing
      }
      <p part="connection" class="connection" role="status">${reconnecting ? labels.reconnecting : ''}</p>
      ${this.#expiry.render({
        labels,
        lang,
        canSignOut: Boolean(this.logoutUrl),
        onStay: () => void this.#staySignedIn(),
        onSignOut: () => void this.#signOut(),
      })}
    </div>`;
  }
}
