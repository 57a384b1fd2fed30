import { parseIsoDateTime } from '../hub/contract.js';

/** A `fetch`-compatible function; injected so tests need no network. */
export type Fetcher = (input: string, init?: RequestInit) => Promise<Response>;

/** What a keep-alive or status request learned. */
export type DeadlineAnswer =
  | { kind: 'deadline'; expiresAt: number; serverNow: number }
  | { kind: 'gone' } // 401: the session no longer exists
  | { kind: 'failed' }; // network error, 5xx, or an answer of the wrong shape

async function request(fetcher: Fetcher, url: string, init: RequestInit): Promise<DeadlineAnswer> {
  try {
    const response = await fetcher(url, { credentials: 'include', cache: 'no-store', ...init });
    if (!response.ok) {
      // Read to the end, not left hanging: an unread body is cancelled later, and the browser then lists the
      // request as aborted, as if the widget had cut something off.
      await response.arrayBuffer().catch(() => undefined);
      return response.status === 401 ? { kind: 'gone' } : { kind: 'failed' };
    }
    const body: unknown = await response.json();
    if (typeof body !== 'object' || body === null) return { kind: 'failed' };
    const { expiresAt, serverNow } = body as Record<string, unknown>;
    const expires = parseIsoDateTime(expiresAt);
    const now = parseIsoDateTime(serverNow);
    return expires === undefined || now === undefined ? { kind: 'failed' } : { kind: 'deadline', expiresAt: expires, serverNow: now };
  } catch {
    return { kind: 'failed' };
  }
}

/**
 * Slides the session. The custom header makes the request non-simple, so another origin
 * cannot send it without a CORS preflight the server refuses (docs/contract.md, HTTP).
 */
export function sendKeepalive(fetcher: Fetcher, url: string): Promise<DeadlineAnswer> {
  return request(fetcher, url, { method: 'POST', headers: { 'X-Session-Keepalive': '1' } });
}

/** Reads the session's deadline without sliding it. */
export function readStatus(fetcher: Fetcher, url: string): Promise<DeadlineAnswer> {
  return request(fetcher, url, { method: 'GET' });
}
