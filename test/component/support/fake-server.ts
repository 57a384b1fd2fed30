import { importDraftKey, openDraft, type SealedDraft } from '../../../src/components/session-awareness/drafts/draft-crypto.js';
import type { Draft, DraftStore } from '../../../src/components/session-awareness/drafts/draft-store.js';
import type { Fetcher } from '../../../src/internal/session-http.js';
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
export class MemoryDraftStore implements DraftStore {
  readonly drafts = new Map<string, unknown>();
  async get(key: string) {
    return this.drafts.get(key);
  }
  async put(key: string, draft: SealedDraft) {
    this.drafts.set(key, structuredClone(draft));
  }
  async deletePrefix(prefix: string) {
    for (const key of [...this.drafts.keys()]) if (key.startsWith(prefix)) this.drafts.delete(key);
  }
  async entries(): Promise<Array<[string, unknown]>> {
    return [...this.drafts.entries()];
  }
}

/** A draft key as the hub sends it (32 bytes, base64url), and a second user's. */
export const TEST_DRAFT_KEY = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8';
export const OTHER_DRAFT_KEY = 'IB8eHRwbGhkYFxYVFBMSERAPDg0MCwoJCAcGBQQDAgE';

/** Decrypts a store's record with a key, as the widget would (undefined for another key's or a broken record). */
export async function readDraft(store: DraftStore, storageKey: string, encodedKey = TEST_DRAFT_KEY): Promise<Draft | undefined> {
  return openDraft(await importDraftKey(encodedKey), storageKey, await store.get(storageKey));
}
