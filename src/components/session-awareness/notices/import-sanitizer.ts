/**
 * Imports the `allow-html` sanitizer: a lazy chunk in an app's bundle, so a page without `allow-html` never
 * downloads DOMPurify. The drop-in script builds with its own version of this module (vite.config.ts), which
 * loads the sanitizer as a script chunk beside it.
 */
export function importSanitizer(): Promise<typeof import('./sanitize.js')> {
  return import('./sanitize.js');
}
