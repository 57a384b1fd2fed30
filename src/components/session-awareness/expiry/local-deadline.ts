/**
 * Converts the server's deadline to this page's clock, cancelling clock skew. A module of its own: the element's
 * expiry loader (expiry.ts) uses it before the expiry chunk is here, and must not pull the rest of schedule.ts
 * into the entry.
 */
export function toLocalDeadline(expiresAt: number, serverNow: number, receivedAt: number): number {
  return receivedAt + (expiresAt - serverNow);
}
