import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { Clock } from '../../../internal/clock.js';
import { SessionClosedEvent, SessionDismissEvent, SessionKillEvent, SessionKillResultEvent, SessionNoticeEvent } from '../../../events.js';
import type { SessionRegistered, SnapshotSession } from '../../../hub/contract.js';
import type { SessionHub } from '../../../hub/session-hub.js';
import type { SessionAwarenessStrings } from '../../../i18n/session-awareness.js';
import { deviceName } from '../../../i18n/labels.js';
import { countForm } from '../../../i18n/language.js';
import { localStorageOrUndefined } from '../../../internal/storage.js';
import { DismissedSessions } from './dismissed-sessions.js';
import { groupNotices, type NoticeGroup } from './grouping.js';
import { MinuteTicker } from '../../../internal/minute-ticker.js';
import { addNotice, removeNotice, setNoticeStatus, visibleNotices, type Notice } from './notice-store.js';
import { loadSanitizer, MessageRenderer, renderNotice, type NoticeViewContext } from './notice-view.js';
import { reconcile } from './reconcile.js';
import { truncateForDisplay } from '../../../internal/text.js';
import type { PageGlobals } from '../../../internal/page-globals.js';

// Narrow, or zoomed in so far that the viewport is (e.g. 400 % of 1280 × 720 is 320 × 180 CSS px).
const COMPACT_MEDIA = '(max-width: 30rem), (max-height: 20rem)';

/** What the notices read from the element that shows them (getters: read when needed) and tell it. */
export interface NoticesControllerOptions {
  /** Time source and timers. */
  clock: () => Clock;
  /** The labels in the element's language, overrides applied. */
  labels: () => SessionAwarenessStrings;
  /** Most notices shown at once. */
  maxNotices: () => number;
  /** Whether server text may carry the sanitized HTML subset. */
  allowHtml: () => boolean;
  /** The live hub while connected, for End session. */
  hub: () => SessionHub | undefined;
  /** Tells the other tabs of this session (a Dismiss is for all of them). */
  postToTabs: (message: { type: 'dismissed'; sessionId: string }) => void;
}

/**
 * The "signed in elsewhere" notices: added by pushes, reconciled with every snapshot, grouped by browser and
 * device, ended through the hub, dismissed in every tab and across reloads. Owns the notices' state, their
 * announcements and where focus goes after End session or Dismiss; the element only forwards messages.
 */
export class NoticesController implements ReactiveController {
  /** Live notices, newest first. */
  notices: Notice[] = [];
  /** Polite announcement of the last End session result. */
  announcement = '';

  readonly #host: ReactiveControllerHost & HTMLElement & { readonly renderRoot: HTMLElement | DocumentFragment };
  readonly #options: NoticesControllerOptions;
  readonly #messages = new MessageRenderer(() => this.#host.requestUpdate());
  readonly #dismissed = new DismissedSessions(localStorageOrUndefined);
  // This page's own session handle, once a snapshot named it: the key of its dismissals.
  #ownSessionId: string | undefined;
  // Where focus was before it entered the notices: where it goes back when the last notice goes.
  #focusBeforeNotices: HTMLElement | undefined;
  // Narrow or zoomed in (320 CSS px wide is 1280 px at 400 %): the stack would cover most of the page and the
  // element the user is working in, so it collapses to one bar until they open it.
  #narrowQuery: MediaQueryList | undefined;
  #expanded = false;

  constructor(
    host: ReactiveControllerHost & HTMLElement & { readonly renderRoot: HTMLElement | DocumentFragment },
    options: NoticesControllerOptions,
  ) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
    new MinuteTicker(
      host,
      () => options.clock(),
      () => this.notices.length > 0,
    );
  }

  hostConnected(): void {
    this.#narrowQuery ??= (globalThis as PageGlobals).matchMedia?.(COMPACT_MEDIA);
    this.#narrowQuery?.addEventListener('change', this.#onNarrowChange);
  }

  hostDisconnected(): void {
    this.#narrowQuery?.removeEventListener('change', this.#onNarrowChange);
    // Do not keep a detached element of the page alive.
    this.#focusBeforeNotices = undefined;
  }

  /** Whether the notices are collapsed to one bar: a narrow or zoomed-in viewport, until the user expands them. */
  get collapsed(): boolean {
    return this.notices.length > 0 && this.#narrowQuery?.matches === true && !this.#expanded;
  }

  readonly #onNarrowChange = (): void => this.#host.requestUpdate();

  async #setExpanded(expanded: boolean): Promise<void> {
    this.#expanded = expanded;
    this.#host.requestUpdate();
    await this.#host.updateComplete;
    // Show: to the first notice's first button. Hide: back to Show.
    const target = expanded
      ? this.#host.renderRoot.querySelector<HTMLElement>('.live [part~="notice"] button')
      : this.#host.renderRoot.querySelector<HTMLElement>('[part~="expand-button"]');
    target?.focus();
  }

  /** A `sessionRegistered` push: a notice, unless the page cancels it. */
  registered({ message, sessionId, details }: SessionRegistered): void {
    if (!this.#host.dispatchEvent(new SessionNoticeEvent(sessionId, message, details))) return;
    this.#set(addNotice(this.notices, { sessionId, message, details, receivedAt: this.#options.clock().now(), status: 'idle' }));
  }

  /** A `sessionClosed` push, or a Dismiss in another tab: the session's notice goes. */
  closed(sessionId: string, announce = true): void {
    if (!this.notices.some((notice) => notice.sessionId === sessionId)) return;
    this.#set(removeNotice(this.notices, sessionId));
    if (announce) this.#host.dispatchEvent(new SessionClosedEvent(sessionId));
  }

  /** Removes every notice (this session is over). */
  clear(): void {
    this.#set([]);
  }

  /**
   * On every (re)connect: notices missed while disconnected appear, notices of sessions that ended meanwhile
   * go, and what this session dismissed (in any tab, before any reload) stays dismissed.
   */
  snapshot(snapshot: readonly SnapshotSession[]): void {
    const own = snapshot.find((session) => session.current)?.sessionId;
    this.#ownSessionId = own;
    const { added, removed } = reconcile(this.notices, snapshot, {
      message: this.#options.labels().signedInElsewhere,
      now: this.#options.clock().now(),
      isDismissed: (sessionId) => own !== undefined && this.#dismissed.has(own, sessionId),
    });
    if (own) this.#dismissed.prune(own, new Set(snapshot.map((session) => session.sessionId)));
    let notices = this.notices;
    for (const sessionId of removed) {
      notices = removeNotice(notices, sessionId);
      this.#host.dispatchEvent(new SessionClosedEvent(sessionId));
    }
    for (const notice of added) {
      if (this.#host.dispatchEvent(new SessionNoticeEvent(notice.sessionId, notice.message, notice.details)))
        notices = addNotice(notices, notice);
    }
    this.#set(notices);
  }

  /** The notices, the "+N more" summary and the announcement, for the element's region. */
  render(labels: SessionAwarenessStrings, lang: string): TemplateResult {
    // With allow-html, fetch the sanitizer at the first render, before any message needs it.
    if (this.#options.allowHtml()) void loadSanitizer().catch(() => undefined);
    const groups = groupNotices(this.notices);
    const { shown, hiddenCount } = visibleNotices(groups, this.#options.maxNotices());
    const view: NoticeViewContext = {
      labels,
      now: this.#options.clock().now(),
      lang,
      message: (text) => this.#messages.render(text, this.#options.allowHtml()),
      // A group's buttons act on each of its sessions (End session one request each, in turn).
      onEnd: (sessionId) => void this.#inGroupOf(groups, sessionId, 'end'),
      onDismiss: (sessionId) => void this.#inGroupOf(groups, sessionId, 'dismiss'),
    };
    const narrow = this.#narrowQuery?.matches === true && groups.length > 0;
    const collapsed = narrow && !this.#expanded;
    const bar = narrow
      ? html`<div part="compact-bar" class="notice compact">
          <p class="message">${countForm(lang, groups.length, labels.compactSummaryOne, labels.compactSummary, 'count')}</p>
          <button part="expand-button" type="button" aria-expanded=${collapsed ? 'false' : 'true'} @click=${() => void this.#setExpanded(collapsed)}>
            ${collapsed ? labels.showNotices : labels.hideNotices}
          </button>
        </div>`
      : nothing;
    return html`<p part="announcement" class="visually-hidden" role="status">${this.announcement}</p>
      <div class="compact-live" aria-live="polite">${bar}</div>
      <div class="live" aria-live="polite" ?hidden=${collapsed}>
        ${shown.map((group, index) => renderNotice(group, index, view))}
        ${hiddenCount > 0 ? html`<p part="more" class="more">${countForm(lang, hiddenCount, labels.moreNoticesOne, labels.moreNotices, 'count')}</p>` : nothing}
      </div>`;
  }

  /** Remembers where focus came from when it enters the notices (bind to the region's `focusin`). */
  readonly rememberFocusOrigin = (event: FocusEvent): void => {
    const from = event.relatedTarget;
    if (from instanceof HTMLElement && from !== (this.#host as EventTarget) && from.getRootNode() !== this.#host.shadowRoot)
      this.#focusBeforeNotices = from;
  };

  #set(notices: Notice[]): void {
    this.notices = notices;
    if (notices.length === 0) this.#expanded = false; // the next notice on a narrow screen starts collapsed
    this.#host.requestUpdate();
  }

  async #end(sessionId: string): Promise<void> {
    const notice = this.notices.find((candidate) => candidate.sessionId === sessionId);
    if (!notice || notice.status === 'ending') return;
    if (!this.#host.dispatchEvent(new SessionKillEvent(sessionId))) return;
    this.#set(setNoticeStatus(this.notices, sessionId, 'ending'));
    let ok = false;
    try {
      const hub = this.#options.hub();
      if (hub) {
        await hub.killSession(sessionId);
        ok = true;
      }
    } catch {
      // The server's error text is deliberately not shown: it is generic at best and
      // attacker-influenced at worst. The notice shows our own generic message.
    }
    this.#set(ok ? removeNotice(this.notices, sessionId) : setNoticeStatus(this.notices, sessionId, 'failed'));
    this.#host.dispatchEvent(new SessionKillResultEvent(sessionId, ok));
  }

  #dismiss(sessionId: string): void {
    if (!this.#host.dispatchEvent(new SessionDismissEvent(sessionId))) return;
    this.#set(removeNotice(this.notices, sessionId));
    if (this.#ownSessionId) this.#dismissed.add(this.#ownSessionId, sessionId);
    this.#options.postToTabs({ type: 'dismissed', sessionId });
  }

  // Acts on every session of the group, then, if the notice holding focus went, moves focus to the next
  // notice (or the one before), else back to where it was before it entered the notices: never to <body>.
  async #inGroupOf(groups: NoticeGroup[], sessionId: string, action: 'end' | 'dismiss'): Promise<void> {
    const index = groups.findIndex((group) => group.sessionIds.includes(sessionId));
    const group = groups[index] as NoticeGroup | undefined; // none at index -1
    const ids = group?.sessionIds ?? [sessionId];
    const hadFocus = this.#host.shadowRoot?.activeElement != null;
    for (const id of ids) {
      if (action === 'end') await this.#end(id);
      else this.#dismiss(id);
    }
    const ended = ids.filter((id) => !this.notices.some((notice) => notice.sessionId === id));
    if (group && action === 'end' && ended.length === ids.length) {
      const labels = this.#options.labels();
      this.announcement = labels.sessionEndedOn.replace(
        '{device}',
        truncateForDisplay(deviceName(group.notice.details, labels.anotherDevice, labels.browserOnDevice), 120),
      );
      this.#host.requestUpdate();
    }
    await this.#host.updateComplete;
    if (!hadFocus || this.notices.some((notice) => ids.includes(notice.sessionId))) return;
    const remaining = [...this.#host.renderRoot.querySelectorAll<HTMLElement>('.live [part~="notice"]')];
    const next = remaining[Math.min(index, remaining.length - 1)] as HTMLElement | undefined; // none left, or index -1
    const target = next?.querySelector<HTMLElement>('button') ?? this.#focusBeforeNotices;
    if (target?.isConnected) target.focus();
  }
}
