/** Most dismissals kept per session: a bound on storage, far above any real number of other sessions. */
const MAX_DISMISSED = 100;

/**
 * The notices this session dismissed, kept in `localStorage` under the session's public handle, so that a
 * reload or another tab of the same session does not bring them back. localStorage rather than
 * sessionStorage: tabs of one session share it; per-session keys keep another user or a later sign-in in
 * the same browser from inheriting them. Only public handles are kept, never anything secret. Storage that
 * is blocked, full or holds garbage means "nothing dismissed", never an error.
 */
export class DismissedSessions {
  readonly #storage: () => Storage | undefined;

  constructor(storage: () => Storage | undefined) {
    this.#storage = storage;
  }

  /** Whether `ownSessionId`'s page dismissed the notice of `sessionId`. */
  has(ownSessionId: string, sessionId: string): boolean {
    return this.#read(ownSessionId).includes(sessionId);
  }

  /** Remembers a dismissal. */
  add(ownSessionId: string, sessionId: string): void {
    const ids = this.#read(ownSessionId).filter((id) => id !== sessionId);
    this.#write(ownSessionId, [...ids, sessionId].slice(-MAX_DISMISSED));
  }

  /** Forgets dismissals of sessions that are no longer live. */
  prune(ownSessionId: string, live: ReadonlySet<string>): void {
    const ids = this.#read(ownSessionId);
    const kept = ids.filter((id) => live.has(id));
    if (kept.length !== ids.length) this.#write(ownSessionId, kept);
  }

  #key(ownSessionId: string): string {
    return `session-awareness:dismissed:${ownSessionId}`;
  }

  #read(ownSessionId: string): string[] {
    try {
      const parsed: unknown = JSON.parse(this.#storage()?.getItem(this.#key(ownSessionId)) ?? '[]');
      return Array.isArray(parsed) ? parsed.filter((id): id is string => typeof id === 'string' && id.length <= 128) : [];
    } catch {
      return [];
    }
  }

  #write(ownSessionId: string, ids: string[]): void {
    try {
      const storage = this.#storage();
      if (ids.length === 0) storage?.removeItem(this.#key(ownSessionId));
      else storage?.setItem(this.#key(ownSessionId), JSON.stringify(ids));
    } catch {
      // full or blocked: the dismissal holds for this page only
    }
  }
}
