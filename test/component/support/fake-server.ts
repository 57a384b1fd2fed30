import type { Fetcher } from '../../../src/expiry/session-http.js';
import type { ManualClock } from './manual-clock.js';

/** One request the widget made. */
export interface RecordedRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: BodyInit | null;
}

/**
 * The session's HTTP side (keep-alive, status, autosave, sign-out), as the demo server
 * behaves, on a server clock `skewMs` away from the page's clock.
 */
export class FakeSessionServer {
  readonly requests: RecordedRequest[] = [];
  /** Server-clock deadline. */
  expiresAt: number;
  /** When true, the session is gone: 401 everywhere. */
  gone = false;
  /** When true, requests fail like a network error. */
  offline = false;

  constructor(
    private readonly clock: ManualClock,
    readonly idleMs = 15 * 60_000,
    readonly skewMs = 0,
  ) {
    this.expiresAt = this.serverNow() + idleMs;
  }

  serverNow(): number {
    return this.clock.now() + this.skewMs;
  }

  /** Slides the session, as any real request would. */
  slide(): void {
    this.expiresAt = this.serverNow() + this.idleMs;
  }

  /** The deadline as the page should see it (skew removed). */
  localDeadline(): number {
    return this.expiresAt - this.skewMs;
  }

  count(path: string): number {
    return this.requests.filter((request) => request.url === path).length;
  }

  readonly fetch: Fetcher = async (url, init = {}) => {
    const headers = Object.fromEntries(new Headers(init.headers).entries());
    this.requests.push({ url, method: init.method ?? 'GET', headers, body: init.body });
    if (this.offline) throw new TypeError('Failed to fetch');
    if (this.gone || this.serverNow() >= this.expiresAt) return new Response('', { status: 401 });
    if (url === '/session/keepalive') {
      if (headers['x-session-keepalive'] !== '1') return new Response('', { status: 400 });
      this.slide();
    }
    if (url === '/session/keepalive' || url === '/session/status') {
      return Response.json({ expiresAt: new Date(this.expiresAt).toISOString(), serverNow: new Date(this.serverNow()).toISOString() });
    }
    return new Response(null, { status: 204 });
  };
}

/** An in-memory DraftStore. */
export class MemoryDraftStore {
  readonly drafts = new Map<string, import('../../../src/drafts/draft-store.js').Draft>();
  async get(key: string) {
    return this.drafts.get(key);
  }
  async put(key: string, draft: import('../../../src/drafts/draft-store.js').Draft) {
    this.drafts.set(key, structuredClone(draft));
  }
  async deletePrefix(prefix: string) {
    for (const key of [...this.drafts.keys()]) if (key.startsWith(prefix)) this.drafts.delete(key);
  }
  async entries() {
    return [...this.drafts.entries()];
  }
}
