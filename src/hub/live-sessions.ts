// The model of the user's live sessions that the shared connection keeps for <session-list> (and only for it).
import { checkSessionClosed, checkSessionRegistered, checkSessionsList, type ServerMethod, type SnapshotSession } from './contract.js';

/**
 * The user's live sessions after one server message: a `sessionsList` replaces them (the connect's
 * `sessionsSnapshot` does not: it holds only this session and those since), `sessionRegistered` adds one,
 * `sessionClosed` removes one. Returns the same array when the message changes nothing (or is malformed: the
 * elements report malformed messages; the model just ignores them). Before the first snapshot there is no
 * model, and pushes alone do not make one: a list built from pushes would miss every older session.
 */
export function liveSessionsAfter(
  sessions: readonly SnapshotSession[] | undefined,
  method: ServerMethod,
  args: readonly unknown[],
): readonly SnapshotSession[] | undefined {
  switch (method) {
    case 'sessionsList': {
      const checked = checkSessionsList(args);
      return checked.ok ? checked.value.sessions : sessions;
    }
    case 'sessionRegistered': {
      const checked = checkSessionRegistered(args);
      if (!sessions || !checked.ok || sessions.some((session) => session.sessionId === checked.value.sessionId)) return sessions;
      const { sessionId, details } = checked.value;
      return [{ sessionId, current: false, details }, ...sessions];
    }
    case 'sessionClosed': {
      const checked = checkSessionClosed(args);
      if (!sessions || !checked.ok) return sessions;
      return withoutSession(sessions, checked.value.sessionId);
    }
    default:
      return sessions;
  }
}

/** The sessions without `sessionId` (the same array if it was not there). */
export function withoutSession(sessions: readonly SnapshotSession[], sessionId: string): readonly SnapshotSession[] {
  return sessions.some((session) => session.sessionId === sessionId)
    ? sessions.filter((session) => session.sessionId !== sessionId)
    : sessions;
}
