import type { SnapshotSession } from '../../hub/contract.js';

/**
 * The order the list shows: this device first, then the most recently active, then the newest. Sessions the
 * server gave no times for go last, in the server's order.
 */
export function sortForList(sessions: readonly SnapshotSession[]): SnapshotSession[] {
  const latest = (session: SnapshotSession): number => session.details.lastActiveAt ?? session.details.createdAt ?? -Infinity;
  return sessions
    .map((session, index) => ({ session, index }))
    .sort((a, b) => Number(b.session.current) - Number(a.session.current) || latest(b.session) - latest(a.session) || a.index - b.index)
    .map(({ session }) => session);
}
