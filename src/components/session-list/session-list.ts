import type { LitElement, PropertyValues, TemplateResult } from 'lit';
import { SessionEndOthersEvent, SessionEndOthersResultEvent, SessionKillEvent, SessionKillResultEvent } from '../../events.js';
import type { SnapshotSession } from '../../hub/contract.js';
import { resolveListStrings, type SessionListStrings } from '../../i18n/session-list.js';
import { HubElement } from '../../internal/hub-element.js';
import { elementLanguage, languageWait } from '../../internal/element-language.js';
import { MinuteTicker } from '../../internal/minute-ticker.js';
import { sortForList } from './live-sessions.js';
import { renderSessionList, sessionName, type EndOthersStep, type RowStatus } from './session-list-view.js';
import { listStyles } from './session-list.styles.js';
import { tables } from './strings.js';

/**
 * `<session-list>`: every live session of the signed-in user, updated live, with End session per row, Sign out
 * on this device's row and Sign out all other sessions. It shares the page's hub connection with
 * `<session-awareness>` when both name the same `hub-url`.
 *
 * @fires {SessionKillEvent} session-kill - End session pressed on a row (cancelable: no request)
 * @fires {SessionKillResultEvent} session-kill-result - the End session request finished
 * @fires {SessionEndOthersEvent} session-end-others - Sign out all other sessions confirmed (cancelable: no request)
 * @fires {SessionEndOthersResultEvent} session-end-others-result - the request finished, with how many sessions ended
 * @csspart base - the whole block
 * @csspart heading - the "Your sessions" heading
 * @csspart list - the list of sessions
 * @csspart session - one row; the page's own also has the part `current`
 * @csspart device - browser and badge
 * @csspart badge - the "This device" badge
 * @csspart facts - kind of device, operating system, location
 * @csspart times - signed in and last active
 * @csspart actions - a row's (or the confirm step's) buttons
 * @csspart end-button - End session on a row
 * @csspart signout-button - Sign out on this device's row
 * @csspart end-others-button - Sign out all other sessions
 * @csspart confirm - the confirm step
 * @csspart confirm-button - its Sign out all button
 * @csspart cancel-button - its Cancel button
 * @csspart error - a generic failure message
 * @csspart empty - loading, no other sessions, or session over
 * @csspart more - "and N more sessions", when the server listed only some
 * @csspart announcement - the polite, visually hidden announcement of results
 * @csspart connection - the reconnecting status
 */
export class SessionList extends HubElement {
  static override styles = listStyles;

  static override properties = {
    sessions: { state: true },
    unlisted: { state: true },
    announcement: { state: true },
    endOthersStep: { state: true },
    rowStatuses: { state: true },
    over: { state: true },
  };

  /**
   * URL that slides the session (POST); after Sign out all other sessions it renews this browser's cookie key, so
   * that copies of the cookie die with the other sessions. Unset: the `keepalive-url` of the page's
   * `<session-awareness>` with the same `hub-url` (the drop-in's `data-keepalive-url`).
   */
  declare keepaliveUrl: string | null;
  /** Label overrides, merged over the defaults of the element's language (see `lang`); an override always wins. */
  declare strings: Partial<SessionListStrings> | undefined;

  /** @internal */
  declare private sessions: readonly SnapshotSession[] | undefined;
  /** @internal */
  declare private unlisted: number;
  /** @internal */
  declare private announcement: string;
  /** @internal */
  declare private endOthersStep: EndOthersStep;
  /** @internal */
  declare private rowStatuses: ReadonlyMap<string, RowStatus>;
  /** @internal */
  declare private over: boolean;

  // Sessions this list ended, hidden at once rather than when the server's sessionClosed arrives.
  readonly #endedHere = new Set<string>();
  // The row (by index and id) that held focus before an update, to move focus on if that row goes.
  #focusedRow: { index: number; sessionId: string } | undefined;

  constructor() {
    super({
      onMessage: (method) => {
        if (method === 'sessionEnded') this.#sessionOver();
      },
      onStatus: (status) => {
        if (status.state === 'stopped' || status.state === 'unauthorized') this.#sessionOver();
      },
      onSessionGone: () => this.#sessionOver(),
      onSessions: (sessions, unlisted) => {
        this.sessions = sessions;
        this.unlisted = unlisted;
      },
      mayConnect: () => !this.over,
    });
    this.strings = undefined;
    this.sessions = undefined;
    this.unlisted = 0;
    this.announcement = '';
    this.endOthersStep = 'idle';
    this.rowStatuses = new Map();
    this.over = false;
    new MinuteTicker(
      this,
      () => this.clock,
      () => (this.sessions?.length ?? 0) > 0,
    );
  }

  /** The live sessions shown, this device first (empty until the first snapshot). */
  get shownSessions(): readonly SnapshotSession[] {
    return this.#visibleSessions() ?? [];
  }

  #visibleSessions(): SnapshotSession[] | undefined {
    return this.sessions && sortForList(this.sessions.filter((session) => !this.#endedHere.has(session.sessionId)));
  }

  #sessionOver(): void {
    this.over = true;
    this.endOthersStep = 'idle';
  }

  #setRowStatus(sessionId: string, status: RowStatus): void {
    const next = new Map(this.rowStatuses);
    if (status === 'idle') next.delete(sessionId);
    else next.set(sessionId, status);
    this.rowStatuses = next;
  }

  async #endSession(session: SnapshotSession): Promise<void> {
    const { sessionId } = session;
    if (this.rowStatuses.get(sessionId) === 'ending' || this.over) return;
    if (!this.dispatchEvent(new SessionKillEvent(sessionId))) return;
    this.#setRowStatus(sessionId, 'ending');
    const labels = this.#labels();
    let ok = false;
    try {
      const hub = this.connection.connectedHub;
      if (hub) {
        await hub.killSession(sessionId);
        ok = true;
      }
    } catch {
      // The server's error text is not shown: generic at best, attacker-influenced at worst.
    }
    if (ok) {
      this.#endedHere.add(sessionId);
      this.#setRowStatus(sessionId, 'idle');
      this.announcement = labels.sessionEndedOn.replace('{device}', sessionName(session, labels));
    } else {
      this.#setRowStatus(sessionId, 'failed');
      this.announcement = labels.endFailed;
    }
    this.dispatchEvent(new SessionKillResultEvent(sessionId, ok));
  }

  async #askEndOthers(): Promise<void> {
    this.endOthersStep = 'confirming';
    await this.updateComplete;
    // The question is read with the group; focus goes to the safe choice.
    this.renderRoot.querySelector<HTMLButtonElement>('[part~="cancel-button"]')?.focus();
  }

  async #cancelEndOthers(): Promise<void> {
    this.endOthersStep = 'idle';
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLButtonElement>('[part~="end-others-button"]')?.focus();
  }

  async #confirmEndOthers(): Promise<void> {
    if (this.endOthersStep === 'ending' || this.over) return;
    if (!this.dispatchEvent(new SessionEndOthersEvent())) {
      this.endOthersStep = 'idle';
      return;
    }
    this.endOthersStep = 'ending';
    const labels = this.#labels();
    const others = (this.sessions ?? []).filter((session) => !session.current).map((session) => session.sessionId);
    let count: number | undefined;
    try {
      count = await this.connection.connectedHub?.endOtherSessions();
    } catch {
      // generic message below
    }
    if (count === undefined) {
      this.endOthersStep = 'failed';
      this.announcement = labels.endOthersFailed;
      this.dispatchEvent(new SessionEndOthersResultEvent(false, 0));
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLButtonElement>('[part~="end-others-button"]')?.focus();
      return;
    }
    for (const sessionId of others) this.#endedHere.add(sessionId);
    this.unlisted = 0;
    void this.#renewKey();
    this.endOthersStep = 'idle';
    this.announcement = count === 1 ? labels.endedOther : labels.endedOthers.replace('{count}', String(count));
    this.dispatchEvent(new SessionEndOthersResultEvent(true, count));
    await this.updateComplete;
    this.#focusHeading();
  }

  #keepaliveUrlNow(): string | null {
    if (this.keepaliveUrl) return this.keepaliveUrl;
    const peer = [...document.querySelectorAll('session-awareness')].find((element) => element.getAttribute('hub-url') === this.hubUrl);
    const url: unknown = peer?.keepaliveUrl ?? peer?.getAttribute('keepalive-url');
    return typeof url === 'string' && url ? url : null;
  }

  /**
   * Asks the server for a new cookie key for this browser (the other sessions just ended: a copy of this one's
   * cookie must end too). The sign-out of the others succeeded whatever happens here: a failure is a debug line
   * and one retry a second later, never an error shown.
   */
  async #renewKey(retry = true): Promise<void> {
    const url = this.#keepaliveUrlNow();
    let ok = false;
    try {
      ok =
        url !== null &&
        (
          await this.fetcher(url, {
            method: 'POST',
            credentials: 'same-origin',
            cache: 'no-store',
            headers: { 'X-Session-Keepalive': '1', 'X-Session-Renew-Key': '1' },
          })
        ).ok;
    } catch {
      // below
    }
    if (ok) return;
    console.debug(`[session-awareness] this browser's session key was not renewed (${url ? 'request failed' : 'no keepalive-url'})`);
    if (retry && url) this.clock.setTimeout(() => void this.#renewKey(false), 1000);
  }

  async #signOut(): Promise<void> {
    if (!this.logoutUrl) return;
    // Every tab's <session-awareness> (this one's too) hears it: the user chose to leave, drafts go.
    await this.signOutRequest(this.logoutUrl);
    this.pageLocation.reload();
  }

  #labels(): SessionListStrings {
    return resolveListStrings(this.strings, elementLanguage(this, tables).table);
  }

  // An update that would render a language whose labels are on their way waits for them (at most 2 s).
  protected override scheduleUpdate(): ReturnType<LitElement['scheduleUpdate']> {
    return languageWait(this, tables, this.clock)?.then(() => super.scheduleUpdate()) ?? super.scheduleUpdate();
  }

  #focusHeading(): void {
    this.renderRoot.querySelector<HTMLElement>('[part~="heading"]')?.focus();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    // shadowRoot, not renderRoot: during server rendering willUpdate runs with no root at all.
    const root = this.shadowRoot;
    const row = root?.activeElement?.closest<HTMLElement>('[part~="session"]');
    const rows = root && row ? [...root.querySelectorAll<HTMLElement>('[part~="session"]')] : [];
    this.#focusedRow = row ? { index: rows.indexOf(row), sessionId: row.dataset.sessionId ?? '' } : undefined;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    // A row that held focus went (ended here or elsewhere): focus the next row's End session, or the one
    // before, or the heading. Never <body>, and never this device's Sign out: a second press of Enter, meant for
    // the row that went, must not sign the user out.
    const focused = this.#focusedRow;
    if (!focused || this.shownSessions.some((session) => session.sessionId === focused.sessionId)) return;
    const rows = [...this.renderRoot.querySelectorAll<HTMLElement>('[part~="session"]')];
    const candidate = rows[Math.min(focused.index, rows.length - 1)] as HTMLElement | undefined; // none left
    const next = candidate?.matches('[part~="current"]') ? undefined : candidate?.querySelector<HTMLElement>('[part~="end-button"]');
    if (next) next.focus();
    else this.#focusHeading();
  }

  protected override render(): TemplateResult {
    const { locale: lang, table } = elementLanguage(this, tables);
    return renderSessionList({
      labels: resolveListStrings(this.strings, table),
      sessions: this.#visibleSessions(),
      unlisted: this.unlisted,
      rowStatus: (sessionId) => this.rowStatuses.get(sessionId) ?? 'idle',
      endOthers: this.endOthersStep,
      announcement: this.announcement,
      reconnecting: this.connectionState === 'reconnecting' || (this.connectionState === 'connecting' && this.sessions !== undefined),
      over: this.over,
      canSignOut: Boolean(this.logoutUrl),
      now: this.clock.now(),
      lang,
      onEnd: (session) => void this.#endSession(session),
      onSignOut: () => void this.#signOut(),
      onAskEndOthers: () => void this.#askEndOthers(),
      onConfirmEndOthers: () => void this.#confirmEndOthers(),
      onCancelEndOthers: () => void this.#cancelEndOthers(),
    });
  }
}
