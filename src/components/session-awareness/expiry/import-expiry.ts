/**
 * Imports the expiry code (deadline, keep-alive, warning): a lazy chunk in an app's bundle, fetched when the element
 * has a `keepalive-url` or `status-url`. The drop-in script builds with its own version of this module
 * (vite.config.ts), which keeps the code inside the first script.
 */
export function importExpiry(): Promise<typeof import('./expiry-controller.js')> {
  return import('./expiry-controller.js');
}
