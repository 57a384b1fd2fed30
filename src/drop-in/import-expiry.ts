// The drop-in's importExpiry (vite.config.ts puts it in place of the element's own): the expiry code stays inside
// the first script. A signed-in page has a keep-alive URL, so nearly every drop-in page runs it at once, and a chunk
// would only add a request (and one more thing that can fail) before the first keep-alive.
import * as expiry from '../components/session-awareness/expiry/expiry-controller.js';

/** The expiry code, already here. */
export function importExpiry(): Promise<typeof expiry> {
  return Promise.resolve(expiry);
}
