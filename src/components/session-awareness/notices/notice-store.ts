import type { SessionDetails } from '../../../hub/contract.js';

/** Where a notice's End session request stands. */
export type NoticeStatus = 'idle' | 'ending' | 'failed';

/** One "you signed in elsewhere" notice. */
export interface Notice {
  /** Opaque public handle of the other session; the notice's identity. */
  sessionId: string;
  /** The server's text. */
  message: string;
  /** What the server told about the other session. */
  details: SessionDetails;
  /** When this page received it, in ms since the epoch (fallback for the time shown). */
  receivedAt: number;
  /** State of its End session request. */
  status: NoticeStatus;
}

/**
 * Most notices kept in memory. A server (or attacker) that floods `sessionRegistered`
 * must not grow the page's memory without bound; the oldest go first.
 */
export const MAX_STORED_NOTICES = 50;

/**
 * Adds a notice, newest first. A second notice for the same session replaces the text of
 * the first in place (keeping its End session status) instead of showing twice.
 */
export function addNotice(notices: readonly Notice[], notice: Notice): Notice[] {
  const index = notices.findIndex((existing) => existing.sessionId === notice.sessionId);
  if (index >= 0) {
    const updated = notices.slice();
    updated[index] = { ...notice, receivedAt: notices[index].receivedAt, status: notices[index].status };
    return updated;
  }
  return [notice, ...notices].slice(0, MAX_STORED_NOTICES);
}

/** Removes the notice of a session, if any. */
export function removeNotice(notices: readonly Notice[], sessionId: string): Notice[] {
  return notices.filter((notice) => notice.sessionId !== sessionId);
}

/** Sets the End session status of one notice. */
export function setNoticeStatus(notices: readonly Notice[], sessionId: string, status: NoticeStatus): Notice[] {
  return notices.map((notice) => (notice.sessionId === sessionId ? { ...notice, status } : notice));
}

/** Splits notices (or groups) into those shown (at most `maxShown`) and the count summed up as "+N more". */
export function visibleNotices<T>(notices: readonly T[], maxShown: number): { shown: T[]; hiddenCount: number } {
  const limit = Number.isFinite(maxShown) ? Math.max(1, Math.floor(maxShown)) : 3;
  return { shown: notices.slice(0, limit), hiddenCount: Math.max(0, notices.length - limit) };
}
