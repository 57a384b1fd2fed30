import type { SnapshotSession } from '../../../hub/contract.js';
import { addNotice, type Notice } from './notice-store.js';

/** What a snapshot changes in the notices. */
export interface Reconciled {
  /** The notices after the snapshot. */
  notices: Notice[];
  /** Notices the snapshot added (sessions that began while this page was not connected). */
  added: Notice[];
  /** Session ids whose notices went because their sessions ended meanwhile. */
  removed: string[];
}

/**
 * Reconciles notices with a snapshot of the user's live sessions. A notice of a session that is no longer live
 * goes. A live session that began *after this page's own session* (the pushes this page would have had, had it
 * been connected) gets a notice, unless it has one or was dismissed; older sessions never do: this session
 * was the one that signed in elsewhere to them. Without its own entry the snapshot only removes.
 */
export function reconcile(
  notices: readonly Notice[],
  snapshot: readonly SnapshotSession[],
  context: { message: string; now: number; isDismissed: (sessionId: string) => boolean },
): Reconciled {
  const live = new Set(snapshot.map((session) => session.sessionId));
  const removed = notices.filter((notice) => !live.has(notice.sessionId)).map((notice) => notice.sessionId);
  let next = notices.filter((notice) => live.has(notice.sessionId));
  const ownCreatedAt = snapshot.find((session) => session.current)?.details.createdAt;
  const added: Notice[] = [];
  if (ownCreatedAt !== undefined) {
    const missed = snapshot
      .filter(
        ({ sessionId, current, details }) =>
          !current &&
          details.createdAt !== undefined &&
          details.createdAt > ownCreatedAt &&
          !context.isDismissed(sessionId) &&
          !next.some((notice) => notice.sessionId === sessionId),
      )
      // Oldest first, so that the newest ends up on top as it would have with pushes.
      .sort((a, b) => (a.details.createdAt ?? 0) - (b.details.createdAt ?? 0));
    for (const { sessionId, details } of missed) {
      const notice: Notice = { sessionId, message: context.message, details, receivedAt: context.now, status: 'idle' };
      added.push(notice);
      next = addNotice(next, notice);
    }
  }
  return { notices: next, added, removed };
}
