import { html, nothing, type TemplateResult } from 'lit';
import type { SnapshotSession } from '../../hub/contract.js';
import { DETAIL_DISPLAY_LIMIT, truncateForDisplay } from '../../internal/text.js';
import { formatRelativeTime } from '../../internal/relative-time.js';
import { deviceName } from '../../i18n/labels.js';
import { countForm } from '../../i18n/language.js';
import type { SessionListStrings } from '../../i18n/session-list.js';

// Buttons at work are aria-disabled, not disabled: a disabled button drops keyboard focus to <body> at once,
// before the row it belongs to goes and focus can be moved somewhere sensible. Their clicks are ignored.

/** What one row is doing. */
export type RowStatus = 'idle' | 'ending' | 'failed';

/** Where Sign out all other sessions stands. */
export type EndOthersStep = 'idle' | 'confirming' | 'ending' | 'failed';

/** Everything the list's template needs; the element owns state and actions. */
export interface SessionListView {
  labels: SessionListStrings;
  /** Sessions in display order; undefined until the first snapshot. */
  sessions: readonly SnapshotSession[] | undefined;
  /** Live sessions the server counted but did not list. */
  unlisted: number;
  rowStatus: (sessionId: string) => RowStatus;
  endOthers: EndOthersStep;
  /** Polite announcement of the last result. */
  announcement: string;
  /** The connection is down and being re-established. */
  reconnecting: boolean;
  /** This page's session is over: nothing to manage. */
  over: boolean;
  canSignOut: boolean;
  now: number;
  lang: string | undefined;
  onEnd: (session: SnapshotSession) => void;
  onSignOut: () => void;
  onAskEndOthers: () => void;
  onConfirmEndOthers: () => void;
  onCancelEndOthers: () => void;
}

/** The name a session goes by in labels and announcements: "Firefox 130 on Windows" (capped). */
export function sessionName(session: SnapshotSession, labels: SessionListStrings): string {
  const { browser, os, device } = session.details;
  return truncateForDisplay(
    deviceName({ browser, device: os ?? device }, labels.unknownDevice, labels.browserOnDevice),
    DETAIL_DISPLAY_LIMIT,
  );
}

const text = (value: string | undefined): string => (value ? truncateForDisplay(value, DETAIL_DISPLAY_LIMIT) : '');

function renderTime(template: string, at: number | undefined, view: SessionListView): TemplateResult | typeof nothing {
  if (at === undefined) return nothing;
  const [before = '', after = ''] = template.split('{time}');
  const relative = formatRelativeTime(at, view.now, view.lang, view.labels.justNow);
  // The exact time for whoever hovers or reads the datetime; the relative one updates every minute.
  return html`<span>${before}<time datetime=${new Date(at).toISOString()} title=${new Date(at).toLocaleString(view.lang || undefined)}>${relative}</time>${after}</span>`;
}

function renderRow(session: SnapshotSession, view: SessionListView): TemplateResult {
  const { labels } = view;
  const { details } = session;
  const status = view.rowStatus(session.sessionId);
  const name = sessionName(session, labels);
  const kind = details.deviceType ? labels[details.deviceType] : '';
  const facts = [kind, text(details.os) || text(details.device), text(details.location)].filter(Boolean);
  const action = session.current
    ? view.canSignOut
      ? html`<button part="signout-button" type="button" aria-label=${labels.signOutThisDevice} @click=${view.onSignOut}>${labels.signOut}</button>`
      : nothing
    : html`<button
        part="end-button"
        type="button"
        data-session-id=${session.sessionId}
        aria-label=${labels.endSessionOn.replace('{device}', name)}
        aria-disabled=${status === 'ending' ? 'true' : 'false'}
        @click=${() => view.onEnd(session)}
      >
        ${labels.endSession}
      </button>`;
  return html`<li part=${session.current ? 'session current' : 'session'} class="row" data-session-id=${session.sessionId}>
    <div class="summary">
      <p part="device" class="device">
        <span class="name">${text(details.browser) || labels.unknownDevice}</span>
        ${session.current ? html`<span part="badge" class="badge">${labels.thisDevice}</span>` : nothing}
      </p>
      ${facts.length > 0 ? html`<p part="facts" class="facts">${facts.join(' · ')}</p>` : nothing}
      <p part="times" class="times">
        ${renderTime(labels.signedIn, details.createdAt, view)}
        ${details.lastActiveAt !== undefined && details.createdAt !== undefined ? html`<span aria-hidden="true"> · </span>` : nothing}
        ${renderTime(labels.lastActive, details.lastActiveAt, view)}
      </p>
      ${status === 'failed' ? html`<p part="error" class="error" role="alert">${labels.endFailed}</p>` : nothing}
    </div>
    <div part="actions" class="actions">${action}</div>
  </li>`;
}

function renderEndOthers(view: SessionListView, others: number): TemplateResult | typeof nothing {
  const { labels } = view;
  if (others === 0 || view.over) return nothing;
  if (view.endOthers === 'confirming' || view.endOthers === 'ending') {
    const question = others === 1 ? labels.confirmEndOther : labels.confirmEndOthers.replace('{count}', String(others));
    return html`<div part="confirm" class="confirm" role="group" aria-labelledby="confirm-question">
      <p id="confirm-question">${question}</p>
      <div part="actions" class="actions">
        <button
          part="confirm-button"
          type="button"
          class="danger"
          aria-disabled=${view.endOthers === 'ending' ? 'true' : 'false'}
          @click=${view.onConfirmEndOthers}
        >
          ${labels.confirm}
        </button>
        <button part="cancel-button" type="button" @click=${view.onCancelEndOthers}>${labels.cancel}</button>
      </div>
    </div>`;
  }
  return html`<div class="end-others">
    <button part="end-others-button" type="button" class="danger" @click=${view.onAskEndOthers}>${labels.endOthers}</button>
    ${view.endOthers === 'failed' ? html`<p part="error" class="error" role="alert">${labels.endOthersFailed}</p>` : nothing}
  </div>`;
}

/** The list: a heading, one list item per live session, and Sign out all other sessions. */
export function renderSessionList(view: SessionListView): TemplateResult {
  const { labels, sessions } = view;
  // Sessions the server did not list are other sessions too: Sign out all other sessions ends them as well.
  const others = (sessions?.filter((session) => !session.current).length ?? 0) + view.unlisted;
  let body: TemplateResult;
  if (view.over) body = html`<p part="empty" class="empty">${labels.sessionOver}</p>`;
  else if (!sessions) body = html`<p part="empty" class="empty">${labels.loading}</p>`;
  else
    body = html`<ul part="list" class="list" aria-labelledby="heading">
        ${sessions.map((session) => renderRow(session, view))}
      </ul>
      ${
        view.unlisted > 0
          ? html`<p part="more" class="empty">${countForm(view.lang || 'en', view.unlisted, labels.moreSessionsOne, labels.moreSessions, 'count')}</p>`
          : nothing
      }
      ${others === 0 ? html`<p part="empty" class="empty">${labels.noOthers}</p>` : nothing}
      ${renderEndOthers(view, others)}`;
  return html`<section part="base" class="base" aria-labelledby="heading" lang=${view.lang || 'en'}>
    <h2 part="heading" id="heading" class="heading" tabindex="-1">${labels.heading}</h2>
    <p part="announcement" class="visually-hidden" role="status">${view.announcement}</p>
    <p part="connection" class="connection" role="status">${view.reconnecting && !view.over ? labels.reconnecting : ''}</p>
    ${body}
  </section>`;
}
